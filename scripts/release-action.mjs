// Cuts a release of this action from a pushed vX.Y.Z tag: the release job of .github/workflows/release.yml
// runs it, and __tests__/release-action.test.ts runs it the same way against the local GitHub server.
//
//   GITHUB_REF_NAME=v1.2.0 GITHUB_REPOSITORY=owner/repo GITHUB_SHA=<commit> GITHUB_TOKEN=… node scripts/release-action.mjs
//
// (GITHUB_API_URL defaults to https://api.github.com; package.json and CHANGELOG.md are read from the
// working directory; `--check` does step 1 only, with GITHUB_REF_NAME alone: the workflow's test job runs
// it first.) In order, stopping at the first failure:
// 1. The tag is vX.Y.Z, package.json's version is X.Y.Z, and CHANGELOG.md has one `## [X.Y.Z]` section,
//    whose text (up to the next `## [` heading) is the release's notes. Nothing is asked of GitHub before.
// 2. The tag exists on GitHub and points at GITHUB_SHA: the release is made for the tag that was pushed,
//    never for a tag GitHub would create at another commit.
// 3. The repository's immutable-releases setting is read when the token may (it needs administration:
//    read, which GITHUB_TOKEN never has: then the release's own `immutable` answer is what tells).
// 4. The release: published, named after the tag, marked latest unless a higher vX.Y.Z tag exists. When
//    one exists already (a re-run), it must have the same tag and notes: nothing is created twice.
//    A release that GitHub says is not immutable is a warning, not a failure (it is published by then).
// 5. The major tag (v1 for v1.2.0) is created, or moved with force, to the release's commit, through the
//    REST API. It never moves backwards: when a vX.Y.Z tag at the commit the major tag points at is a
//    higher version than this release (a v1.0.1 hotfix tagged after v1.2.0), it stays where it is; at a
//    commit no vX.Y.Z tag names (moved by hand), it is moved, with a warning.
// Exit status 0 when the release exists as asked, 1 otherwise. The token is never printed; every line
// that is a workflow command (::error:: and the like) is this script's own text, and what GitHub said is
// printed only as a plain line, cut short, without control characters or anything token-like.
import { readFile } from 'node:fs/promises'
// The action's own Redactor (src/report/redact.ts, bundled by `npm run package`): the token in every form a
// server may echo it in (raw, URL-encoded, JSON-escaped, base64 at any offset, a Basic header) and the shapes of
// credentials it was never told about.
import { Redactor } from '../dist/redact/index.js'

const SEMVER_TAG = /^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)$/
const API_VERSION = '2022-11-28'

class Refusal extends Error {}

/** A failed request: what we were doing (our words), the status, and GitHub's message (outside text). */
class GitHubError extends Error {
  constructor(doing, status, said) {
    const hint =
      status === 401
        ? ': the token was refused'
        : status === 403
          ? doing.includes(' the tag ')
            ? ': the token may not move that tag. The release job needs permissions: contents: write; and GitHub refuses a ' +
              'GITHUB_TOKEN a ref update that makes changes to .github/workflows reachable (that needs the workflows permission, ' +
              'which a workflow cannot grant it): move the tag with a GitHub App or fine-grained token that has Workflows: write'
            : ': the token may not do that (the release job needs permissions: contents: write)'
          : status === 422
            ? ': GitHub refused the request (its message follows)'
            : ''
    super(status === undefined ? `No answer from GitHub (GITHUB_API_URL) to ${doing}` : `GitHub answered HTTP ${status} to ${doing}${hint}`)
    this.said = said
  }
}

// ---- printing: our text as workflow commands, outside text never ----------------------------------

const redactor = new Redactor()

/** Outside text fit for a plain log line: no control characters, no token, at most `max` characters. */
function plain(text, max = 300) {
  let out = redactor.redact(String(text ?? ''))
  out = out.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim()
  return out.length > max ? `${out.slice(0, max - 1)}…` : out
}

/** A workflow command's message, escaped as @actions/core escapes data. */
function command(kind, message) {
  const data = plain(message, 1000).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
  console.log(`::${kind}::${data}`)
}

const log = message => console.log(plain(message, 2000))

// ---- what the run is given ----------------------------------------------------------------------

/** The run's settings from the runner's variables; with `checkOnly`, only the tag's. */
function settings(env, checkOnly) {
  const tag = env.GITHUB_REF_NAME ?? ''
  const found = SEMVER_TAG.exec(tag)
  if (!found) throw new Refusal(`The tag '${plain(tag, 80)}' is not vX.Y.Z (GITHUB_REF_NAME): this script releases a pushed version tag only`)
  if (env.GITHUB_REF !== undefined && env.GITHUB_REF !== `refs/tags/${tag}`)
    throw new Refusal(`GITHUB_REF is not refs/tags/${tag}: this script runs on a pushed tag only`)
  const version = [Number(found[1]), Number(found[2]), Number(found[3])]
  const named = { tag, version, text: version.join('.'), major: `v${version[0]}` }
  if (checkOnly) return named
  const repository = env.GITHUB_REPOSITORY ?? ''
  if (!/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/.test(repository)) throw new Refusal('GITHUB_REPOSITORY is not owner/name')
  const sha = env.GITHUB_SHA ?? ''
  if (!/^[0-9a-f]{40}$/.test(sha)) throw new Refusal('GITHUB_SHA is not a 40-character commit SHA')
  const token = env.GITHUB_TOKEN ?? ''
  if (!token.trim()) throw new Refusal('GITHUB_TOKEN is empty: the release job needs its token (permissions: contents: write)')
  let api
  try {
    api = new URL(env.GITHUB_API_URL || 'https://api.github.com')
  } catch {
    throw new Refusal('GITHUB_API_URL is not a URL')
  }
  if (api.protocol !== 'https:' && api.protocol !== 'http:') throw new Refusal('GITHUB_API_URL is not an http(s) URL')
  return { ...named, repository, sha, token, api: api.href.replace(/\/+$/, '') }
}

/** -1, 0 or 1 as a is lower than, the same as, or higher than b (each [major, minor, patch]). */
function compare(a, b) {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1
  return 0
}

const parseTag = name => {
  const found = SEMVER_TAG.exec(name)
  return found ? [Number(found[1]), Number(found[2]), Number(found[3])] : undefined
}

/**
 * The notes of `version` in CHANGELOG.md: the lines after its `## [X.Y.Z]` heading up to the next `## [`
 * heading (the awk the workflow had, in JS), without the blank lines around them and without the link
 * definitions (`[1.0.0]: https://…`) that end the file after the last section.
 */
function changelogNotes(text, version) {
  const heading = `## [${version}]`
  const lines = text.replace(/\r\n?/g, '\n').split('\n')
  const starts = lines.flatMap((line, index) => (line.startsWith(heading) ? [index] : []))
  if (starts.length === 0) throw new Refusal(`CHANGELOG.md has no '${heading}' section: add the version's changes under that heading and tag again`)
  if (starts.length > 1) throw new Refusal(`CHANGELOG.md has ${starts.length} '${heading}' sections: keep one`)
  const notes = []
  for (const line of lines.slice(starts[0] + 1)) {
    if (line.startsWith('## [')) break
    notes.push(line)
  }
  while (notes.length && (notes.at(-1).trim() === '' || /^\[[^\]]+\]:\s*\S+/.test(notes.at(-1)))) notes.pop()
  while (notes.length && notes[0].trim() === '') notes.shift()
  if (notes.length === 0) throw new Refusal(`CHANGELOG.md's '${heading}' section is empty: the release's notes come from it`)
  return { notes: notes.join('\n'), heading: lines[starts[0]] }
}

async function localChecks(run) {
  let pkg
  try {
    pkg = JSON.parse(await readFile('package.json', 'utf8'))
  } catch {
    throw new Refusal('package.json cannot be read as JSON (run from the repository root)')
  }
  if (pkg.version !== run.text)
    throw new Refusal(`package.json's version is '${plain(pkg.version, 40)}', not ${run.text} as the tag ${run.tag} says: set it, commit, and tag again`)
  let changelog
  try {
    changelog = await readFile('CHANGELOG.md', 'utf8')
  } catch {
    throw new Refusal('CHANGELOG.md cannot be read (run from the repository root)')
  }
  const { notes, heading } = changelogNotes(changelog, run.text)
  if (/unreleased/i.test(heading)) command('warning', `CHANGELOG.md's heading for ${run.text} still says 'unreleased': give it the release date`)
  return notes
}

// ---- GitHub's REST API ----------------------------------------------------------------------------

function client(run) {
  const [owner, repo] = run.repository.split('/')
  const base = `${run.api}/repos/${encodeURIComponent(owner)}/${encodeURIComponent(repo)}`
  /** The JSON answer; a status in `allow` is returned as { status }, any other failure thrown. */
  return async (doing, method, path, body, allow = []) => {
    let response
    try {
      response = await fetch(`${base}${path}`, {
        method,
        headers: {
          accept: 'application/vnd.github+json',
          authorization: `Bearer ${run.token}`,
          'x-github-api-version': API_VERSION,
          'user-agent': 'python-release-action-release-script',
          ...(body === undefined ? {} : { 'content-type': 'application/json' })
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        redirect: 'error'
      })
    } catch {
      throw new GitHubError(doing, undefined, undefined)
    }
    const text = await response.text()
    let data
    try {
      data = text ? JSON.parse(text) : undefined
    } catch {
      data = undefined
    }
    if (response.ok) return { status: response.status, data }
    if (allow.includes(response.status)) return { status: response.status, data }
    throw new GitHubError(doing, response.status, data && typeof data.message === 'string' ? data.message : undefined)
  }
}

const refPath = name => `/${name.split('/').map(encodeURIComponent).join('/')}`

/** The commit a tag ref's object names: itself, or the object of the annotated tag (of the tag …) it is. */
async function commitOf(request, object, name) {
  let current = object
  for (let depth = 0; depth < 5; depth++) {
    if (current?.type === 'commit' && /^[0-9a-f]{40}$/.test(current.sha)) return current.sha
    if (current?.type !== 'tag' || !/^[0-9a-f]{40}$/.test(current.sha ?? '')) break
    const { data } = await request(`reading the annotated tag ${name}`, 'GET', `/git/tags/${current.sha}`)
    current = data?.object
  }
  throw new Refusal(`The tag ${name} does not point at a commit`)
}

/** `immutable` when the setting is on, `mutable` when off, `unknown` when the token may not read it. */
async function immutableSetting(request) {
  const { status, data } = await request('reading the immutable-releases setting', 'GET', '/immutable-releases', undefined, [401, 403, 404])
  if (status === 200) return data?.enabled === true ? 'immutable' : 'mutable'
  // Documented: 404 when immutable releases are not enabled (the repository itself answered the tag lookup).
  if (status === 404) return 'mutable'
  return 'unknown'
}

/** Every vX.Y.Z tag: name, version, and the ref's object (a commit, or an annotated tag). */
async function versionTags(request) {
  const { data } = await request('listing the tags', 'GET', '/git/matching-refs/tags/v')
  if (!Array.isArray(data)) throw new Refusal('GitHub did not answer the tag list with a list')
  return data.flatMap(ref => {
    const name = typeof ref?.ref === 'string' ? ref.ref.replace(/^refs\/tags\//, '') : ''
    const version = parseTag(name)
    return version ? [{ name, version, object: ref.object }] : []
  })
}

const sameNotes = (a, b) =>
  String(a ?? '')
    .replace(/\r\n?/g, '\n')
    .trim() === b.trim()

async function release(request, run, notes, tags, setting) {
  const existing = await request(`looking up the release for ${run.tag}`, 'GET', `/releases/tags/${encodeURIComponent(run.tag)}`, undefined, [404])
  let published = existing.status === 200 ? existing.data : undefined
  if (published) {
    log(`A release for ${run.tag} exists already (a re-run): checking it is this one.`)
  } else {
    const highest = tags.reduce((top, t) => (compare(t.version, top) > 0 ? t.version : top), run.version)
    const latest = compare(run.version, highest) >= 0
    const created = await request(
      `creating the release for ${run.tag}`,
      'POST',
      '/releases',
      {
        tag_name: run.tag,
        target_commitish: run.sha,
        name: run.tag,
        body: notes,
        draft: false,
        prerelease: false,
        make_latest: latest ? 'true' : 'false'
      },
      [422]
    )
    if (created.status === 422) {
      // Another run may have created it in between: then it is checked like a re-run's.
      const again = await request(`looking up the release for ${run.tag}`, 'GET', `/releases/tags/${encodeURIComponent(run.tag)}`, undefined, [404])
      if (again.status !== 200) throw new GitHubError(`creating the release for ${run.tag}`, 422, created.data?.message)
      published = again.data
    } else {
      published = created.data
      log(`Created the release ${run.tag}${latest ? ' (latest)' : ` (not latest: ${tags.find(t => compare(t.version, run.version) > 0)?.name} is higher)`}.`)
    }
  }
  if (published?.tag_name !== run.tag || published?.draft !== false)
    throw new Refusal(`GitHub's release for ${run.tag} is not a published release of that tag: nothing else was changed`)
  if (!sameNotes(published.body, notes))
    throw new Refusal(
      `The release ${run.tag} exists with other notes than CHANGELOG.md's section for ${run.text}: it was not changed (an immutable release cannot be); release a new version, or edit or delete the release and run again`
    )
  if (published.immutable === true) log(`The release ${run.tag} is immutable.`)
  else if (setting === 'immutable')
    command('warning', `GitHub says the release ${run.tag} is not immutable, although the repository has immutable releases enabled`)
  else if (setting === 'mutable')
    command('warning', `The release ${run.tag} is not immutable: enable release immutability in the repository's settings (General, Releases) for the next one`)
  else command('warning', `The release ${run.tag} is not immutable (GitHub's answer says so); enable release immutability in the repository's settings`)
  return published
}

async function moveMajor(request, run, tags) {
  const name = run.major
  const current = await request(`reading the tag ${name}`, 'GET', `/git/ref/tags/${encodeURIComponent(name)}`, undefined, [404])
  if (current.status === 404) {
    await request(`creating the tag ${name}`, 'POST', '/git/refs', { ref: `refs/tags/${name}`, sha: run.sha })
    log(`Created ${name} at ${run.sha} (${run.tag}).`)
    return
  }
  const at = await commitOf(request, current.data?.object, name)
  if (at === run.sha) {
    log(`${name} is at ${run.tag}'s commit already.`)
    return
  }
  // The version the major tag stands for now: the highest vX.Y.Z of this major at its commit.
  let standsFor
  for (const tag of tags.filter(t => t.version[0] === run.version[0])) {
    const commit = tag.object?.type === 'commit' ? tag.object.sha : await commitOf(request, tag.object, tag.name)
    if (commit === at && (!standsFor || compare(tag.version, standsFor.version) > 0)) standsFor = tag
  }
  if (standsFor && compare(standsFor.version, run.version) > 0) {
    command('notice', `${name} stays at ${standsFor.name}: ${run.tag} is a lower version, and ${name} never moves backwards`)
    return
  }
  await request(`moving the tag ${name}`, 'PATCH', `/git/refs${refPath(`tags/${name}`)}`, { sha: run.sha, force: true })
  log(`Moved ${name} from ${at} (${standsFor ? standsFor.name : 'no version tag there'}) to ${run.sha} (${run.tag}).`)
  if (!standsFor) command('warning', `${name} pointed at ${at}, which no ${name}.Y.Z tag names: it was moved to ${run.tag} all the same`)
}

async function main(args) {
  redactor.add(process.env.GITHUB_TOKEN)
  const checkOnly = args.includes('--check')
  const run = settings(process.env, checkOnly)
  const notes = await localChecks(run)
  log(`${run.tag}: package.json and CHANGELOG.md agree; the notes are CHANGELOG.md's section for ${run.text} (${notes.split('\n').length} lines).`)
  if (checkOnly) return
  const request = client(run)

  const tagRef = await request(`reading the tag ${run.tag}`, 'GET', `/git/ref/tags/${encodeURIComponent(run.tag)}`, undefined, [404])
  if (tagRef.status === 404) throw new Refusal(`The tag ${run.tag} is not on GitHub: push it first (the release is made for the pushed tag only)`)
  const commit = await commitOf(request, tagRef.data?.object, run.tag)
  if (commit !== run.sha) throw new Refusal(`The tag ${run.tag} points at ${commit} on GitHub, not at GITHUB_SHA ${run.sha}: nothing was released`)

  const setting = await immutableSetting(request)
  if (setting === 'unknown') log("Cannot read the repository's immutable-releases setting (that needs administration: read): the release's own answer tells.")
  else log(`Immutable releases are ${setting === 'immutable' ? 'enabled' : 'not enabled'} for this repository.`)

  const tags = await versionTags(request)
  await release(request, run, notes, tags, setting)
  await moveMajor(request, run, tags)
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  error => {
    if (error instanceof Refusal) command('error', error.message)
    else if (error instanceof GitHubError) {
      command('error', error.message)
      if (error.said !== undefined) log(`GitHub's message: ${plain(error.said)}`)
    } else {
      command('error', 'The release script failed unexpectedly (the line below says where)')
      log(plain(error?.stack ?? error))
    }
    process.exit(1)
  }
)
