// The action's own release (scripts/release-action.mjs, the release job of .github/workflows/release.yml),
// run as CI runs it: a child process with the runner's GITHUB_* variables, in a checkout holding
// package.json and CHANGELOG.md, against the local GitHub server (every request checked against GitHub's
// OpenAPI description). A release is created for the pushed tag, immutable, with its CHANGELOG section as
// notes; the major tag is created, moved forward and never backwards; a mismatch creates nothing; a re-run
// changes nothing; the token is never printed and no workflow command carries GitHub's text.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { getOctokit } from '@actions/github'
import { execFile } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { GitHubServer, loadDescription, type GitHubServerOptions, type TokenPermissions } from '../test/servers/github.js'

const SCRIPT = join(import.meta.dirname, '..', 'scripts', 'release-action.mjs')
const sha = (): string => randomBytes(20).toString('hex')
// Newest first: each commit's parent is the next one.
const [C0, C1, C2, C3] = [sha(), sha(), sha(), sha()] as [string, string, string, string]

const CHANGELOG = `# Changelog

All notable changes are recorded here.

## [1.1.0] - 2026-12-01

### Added
- Feature B, with \`code\` and a [link](https://example.com).

## [1.0.1] - 2026-12-02

### Fixed
- A hotfix for 1.0.

## [1.0.0] - 2026-11-30

### Added
- Feature A.

[1.1.0]: https://example.com/compare/v1.0.0...v1.1.0
[1.0.0]: https://example.com/releases/tag/v1.0.0
`
const NOTES: Record<string, string> = {
  '1.1.0': '### Added\n- Feature B, with `code` and a [link](https://example.com).',
  '1.0.1': '### Fixed\n- A hotfix for 1.0.',
  '1.0.0': '### Added\n- Feature A.'
}

let server: GitHubServer
const dirs: string[] = []

beforeAll(async () => {
  await loadDescription()
})

afterEach(async () => {
  const violations = server.violations
  await server.stop()
  expect(violations).toEqual([])
})

afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true })
})

async function start(options: GitHubServerOptions = {}): Promise<GitHubServer> {
  server = await new GitHubServer({ commits: [C0, C1, C2, C3], immutableReleases: true, ...options }).start()
  return server
}

/** A checkout of the tagged commit: package.json at `version`, and CHANGELOG.md. */
function checkout(version: string, changelog = CHANGELOG): string {
  const dir = mkdtempSync(join(tmpdir(), 'release-action-'))
  dirs.push(dir)
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'python-release-action', version, private: true }, null, 2)}\n`)
  writeFileSync(join(dir, 'CHANGELOG.md'), changelog)
  return dir
}

interface Run {
  code: number
  stdout: string
  lines: string[]
}

/** The script as the release job runs it (only the runner's variables in its environment); the token never in its output. */
async function release(
  tag: string,
  commit: string,
  options: { version?: string; changelog?: string; permissions?: TokenPermissions; args?: string[] } = {}
): Promise<Run> {
  const token = server.token(options.permissions ?? { contents: 'write' })
  const cwd = checkout(options.version ?? tag.slice(1), options.changelog)
  const env = {
    PATH: process.env.PATH ?? '',
    GITHUB_REF: `refs/tags/${tag}`,
    GITHUB_REF_NAME: tag,
    GITHUB_REPOSITORY: `${server.owner}/${server.repo}`,
    GITHUB_API_URL: server.apiUrl,
    GITHUB_SHA: commit,
    GITHUB_TOKEN: token
  }
  const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>(resolve => {
    execFile(process.execPath, [SCRIPT, ...(options.args ?? [])], { cwd, env, timeout: 60_000 }, (error, out, err) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout: String(out), stderr: String(err) })
    })
  })
  expect(`${stdout}${stderr}`).not.toContain(token)
  expect(`${stdout}${stderr}`).not.toContain(token.slice(4))
  expect(encodedLeaks(`${stdout}${stderr}`, token)).toEqual([])
  expect(stderr).toBe('')
  return { code, stdout, lines: stdout.split('\n').filter(Boolean) }
}

/** Pieces of the token's base64 (at each byte offset, and its URL-safe alphabet) found in `text`. */
function encodedLeaks(text: string, token: string): string[] {
  const pieces = [0, 1, 2].flatMap(shift => {
    const encoded = Buffer.from(`${'x'.repeat(shift)}${token}`).toString('base64')
    const middle = encoded.slice(8, -8)
    return [middle, middle.replace(/\+/g, '-').replace(/\//g, '_')]
  })
  return pieces.filter(piece => text.includes(piece))
}

/** The workflow commands a run printed. */
const commands = (run: Run): string[] => run.lines.filter(line => line.trimStart().startsWith('::'))

/** Pushes a tag, as `git push origin <tag>` would before the workflow starts. */
async function pushTag(tag: string, commit: string): Promise<void> {
  const octokit = getOctokit(server.token({ contents: 'write' }), { baseUrl: server.apiUrl })
  await octokit.rest.git.createRef({ owner: server.owner, repo: server.repo, ref: `refs/tags/${tag}`, sha: commit })
}

/** The requests that changed something (any method but GET), from `from` on. */
const writes = (from = 0): string[] =>
  server.requests
    .slice(from)
    .filter(r => r.method !== 'GET')
    .map(r => `${r.method} ${r.path} ${r.status}`)

describe('a release of the action', () => {
  it('is created immutable with its CHANGELOG section, and v1 follows it forward, never back; a re-run changes nothing', async () => {
    await start({ tags: { 'v1.0.0': { sha: C3, annotated: true } } })
    const first = await release('v1.0.0', C3)
    expect(first).toMatchObject({ code: 0 })
    expect(commands(first)).toEqual([])
    const v100 = server.publishedRelease('v1.0.0')
    expect(v100).toMatchObject({ tagName: 'v1.0.0', name: 'v1.0.0', body: NOTES['1.0.0'], draft: false, prerelease: false, immutable: true })
    expect(server.tags().v1).toBe(C3)
    expect(server.latestRelease()?.tagName).toBe('v1.0.0')
    expect(first.lines).toContain('The release v1.0.0 is immutable.')
    expect(first.lines).toContain(`Created v1 at ${C3} (v1.0.0).`)

    await pushTag('v1.1.0', C1)
    const second = await release('v1.1.0', C1)
    expect(second.code).toBe(0)
    expect(server.publishedRelease('v1.1.0')).toMatchObject({ body: NOTES['1.1.0'], immutable: true })
    expect(server.tags().v1).toBe(C1)
    expect(server.latestRelease()?.tagName).toBe('v1.1.0')
    expect(second.lines).toContain(`Moved v1 from ${C3} (v1.0.0) to ${C1} (v1.1.0).`)

    // A hotfix of 1.0, tagged after 1.1.0: released, but neither latest nor v1.
    await pushTag('v1.0.1', C2)
    const hotfix = await release('v1.0.1', C2)
    expect(hotfix.code).toBe(0)
    expect(server.publishedRelease('v1.0.1')).toMatchObject({ body: NOTES['1.0.1'], immutable: true, makeLatest: 'false' })
    expect(server.tags().v1).toBe(C1)
    expect(server.latestRelease()?.tagName).toBe('v1.1.0')
    expect(commands(hotfix)).toEqual(['::notice::v1 stays at v1.1.0: v1.0.1 is a lower version, and v1 never moves backwards'])

    // Re-runs: each release found and checked, nothing created or moved.
    const before = server.requests.length
    for (const [tag, commit] of [
      ['v1.1.0', C1],
      ['v1.0.1', C2],
      ['v1.0.0', C3]
    ] as const) {
      const again = await release(tag, commit)
      expect(again.code).toBe(0)
      expect(again.lines).toContain(`A release for ${tag} exists already (a re-run): checking it is this one.`)
    }
    expect(writes(before)).toEqual([])
    expect(server.releases.map(r => r.tagName).sort()).toEqual(['v1.0.0', 'v1.0.1', 'v1.1.0'])
    expect(server.tags().v1).toBe(C1)
  })

  it('moves v1 from a commit no version tag names (with force: C0 is not an ancestor of C1), and creates v2 for the first 2.0.0', async () => {
    const changelog = '# Changelog\n\n## [2.0.0] - 2026-12-03\n\n- Breaking: the input `x` is removed.\n\n## [1.1.0] - 2026-12-01\n\n- B.\n'
    await start({ tags: { v1: C0, 'v1.1.0': C1, 'v2.0.0': C0 } })
    const minor = await release('v1.1.0', C1, { changelog })
    expect(minor.code).toBe(0)
    expect(minor.lines).toContain(`Moved v1 from ${C0} (no version tag there) to ${C1} (v1.1.0).`)
    expect(commands(minor)).toEqual([`::warning::v1 pointed at ${C0}, which no v1.Y.Z tag names: it was moved to v1.1.0 all the same`])
    expect(server.tags().v1).toBe(C1)
    const major = await release('v2.0.0', C0, { changelog })
    expect(major.code).toBe(0)
    expect(server.publishedRelease('v2.0.0')?.body).toBe('- Breaking: the input `x` is removed.')
    expect(server.tags()).toMatchObject({ v1: C1, v2: C0 })
  })

  it('says so when the release is not immutable (the setting is off), and reads the setting when the token may', async () => {
    await start({ immutableReleases: false, tags: { 'v1.0.0': C3 } })
    const run = await release('v1.0.0', C3, { permissions: { contents: 'write', administration: 'read' } })
    expect(run.code).toBe(0)
    expect(server.publishedRelease('v1.0.0')?.immutable).toBe(false)
    expect(run.lines).toContain('Immutable releases are not enabled for this repository.')
    expect(commands(run)).toEqual([
      "::warning::The release v1.0.0 is not immutable: enable release immutability in the repository's settings (General, Releases) for the next one"
    ])
    expect(server.tags().v1).toBe(C3)
  })

  it('cannot read the setting with GITHUB_TOKEN, and then relies on the release saying immutable', async () => {
    await start({ tags: { 'v1.0.0': C3 } })
    const run = await release('v1.0.0', C3)
    expect(run.code).toBe(0)
    expect(server.requests.find(r => r.path.endsWith('/immutable-releases'))?.status).toBe(403)
    expect(run.lines).toContain("Cannot read the repository's immutable-releases setting (that needs administration: read): the release's own answer tells.")
    expect(commands(run)).toEqual([])
  })
})

describe('nothing is created', () => {
  it('when package.json names another version (GitHub is not even asked)', async () => {
    await start({ tags: { 'v1.1.0': C1 } })
    const run = await release('v1.1.0', C1, { version: '1.0.0' })
    expect(run.code).toBe(1)
    expect(commands(run)).toEqual(["::error::package.json's version is '1.0.0', not 1.1.0 as the tag v1.1.0 says: set it, commit, and tag again"])
    expect(server.requests).toEqual([])
    expect(server.releases).toEqual([])
    expect(server.tags()).toEqual({ 'v1.1.0': C1 })
  })

  it("by --check, the test job's early step: the tag, package.json and CHANGELOG.md only", async () => {
    await start({ tags: { 'v1.1.0': C1 } })
    const agreed = await release('v1.1.0', C1, { args: ['--check'] })
    expect(agreed.code).toBe(0)
    expect(agreed.lines).toEqual(["v1.1.0: package.json and CHANGELOG.md agree; the notes are CHANGELOG.md's section for 1.1.0 (2 lines)."])
    const bumpForgotten = await release('v1.1.0', C1, { args: ['--check'], version: '1.0.1' })
    expect(bumpForgotten.code).toBe(1)
    expect(commands(bumpForgotten)).toEqual(["::error::package.json's version is '1.0.1', not 1.1.0 as the tag v1.1.0 says: set it, commit, and tag again"])
    const undated = await release('v1.1.0', C1, { args: ['--check'], changelog: CHANGELOG.replace('## [1.1.0] - 2026-12-01', '## [1.1.0] - unreleased') })
    expect(undated.code).toBe(0)
    expect(commands(undated)).toEqual(["::warning::CHANGELOG.md's heading for 1.1.0 still says 'unreleased': give it the release date"])
    expect(server.requests).toEqual([])
  })

  it('when CHANGELOG.md has no section for the version, or an empty one', async () => {
    await start({ tags: { 'v1.2.0': C0 } })
    const missing = await release('v1.2.0', C0)
    expect(commands(missing)).toEqual(["::error::CHANGELOG.md has no '## [1.2.0]' section: add the version's changes under that heading and tag again"])
    const empty = await release('v1.2.0', C0, { changelog: '# Changelog\n\n## [1.2.0] - 2026-12-05\n\n\n## [1.1.0]\n\n- B.\n' })
    expect(commands(empty)).toEqual(["::error::CHANGELOG.md's '## [1.2.0]' section is empty: the release's notes come from it"])
    expect([missing.code, empty.code]).toEqual([1, 1])
    expect(server.requests).toEqual([])
  })

  it('when the tag is not vX.Y.Z', async () => {
    await start({ tags: { 'v1.1': C1 } })
    const run = await release('v1.1', C1, { version: '1.1' })
    expect(run.code).toBe(1)
    expect(commands(run)).toEqual(["::error::The tag 'v1.1' is not vX.Y.Z (GITHUB_REF_NAME): this script releases a pushed version tag only"])
    expect(server.requests).toEqual([])
  })

  it('when the tag is not on GitHub, or points at another commit than GITHUB_SHA', async () => {
    await start({ tags: { 'v1.0.0': C3 } })
    const absent = await release('v1.1.0', C1)
    expect(commands(absent)).toEqual(['::error::The tag v1.1.0 is not on GitHub: push it first (the release is made for the pushed tag only)'])
    const elsewhere = await release('v1.0.0', C2)
    expect(commands(elsewhere)).toEqual([`::error::The tag v1.0.0 points at ${C3} on GitHub, not at GITHUB_SHA ${C2}: nothing was released`])
    expect([absent.code, elsewhere.code]).toEqual([1, 1])
    expect(writes()).toEqual([])
    expect(server.releases).toEqual([])
  })

  it('when the release exists with other notes: it is left as it is, and v1 is not moved', async () => {
    await start({ tags: { 'v1.0.0': C3 } })
    server.seedRelease({ tagName: 'v1.0.0', name: 'v1.0.0', body: 'Something else.' })
    const run = await release('v1.0.0', C3)
    expect(run.code).toBe(1)
    expect(commands(run)).toEqual([
      "::error::The release v1.0.0 exists with other notes than CHANGELOG.md's section for 1.0.0: it was not changed (an immutable release cannot be); release a new version, or edit or delete the release and run again"
    ])
    expect(writes()).toEqual([])
    expect(server.releases.map(r => r.body)).toEqual(['Something else.'])
    expect(server.tags().v1).toBeUndefined()
  })

  it('when the token may not write: the refusal is ours, what GitHub said a plain line', async () => {
    await start({ tags: { 'v1.0.0': C3 } })
    const run = await release('v1.0.0', C3, { permissions: { contents: 'read' } })
    expect(run.code).toBe(1)
    expect(commands(run)).toEqual([
      '::error::GitHub answered HTTP 403 to creating the release for v1.0.0: the token may not do that (the release job needs permissions: contents: write)'
    ])
    expect(run.lines).toContain("GitHub's message: Resource not accessible by integration")
    expect(server.releases).toEqual([])
  })
})

describe('the major tag, when GitHub refuses GITHUB_TOKEN the ref (workflow changes reachable from the commit)', () => {
  it('the release is out, the move fails naming the workflows permission; a token that has it moves v1', async () => {
    await start({ tags: { 'v1.0.0': C3 }, commitsChangeWorkflows: true })
    const run = await release('v1.0.0', C3)
    expect(run.code).toBe(1)
    expect(commands(run)).toEqual([
      expect.stringMatching(
        /^::error::GitHub answered HTTP 403 to creating the tag v1: the token may not move that tag\. .*needs the workflows permission, which a workflow cannot grant it\): move the tag with a GitHub App or fine-grained token that has Workflows: write$/
      )
    ])
    expect(server.releases.map(r => r.tagName)).toEqual(['v1.0.0'])
    expect(server.tags().v1).toBeUndefined()

    const again = await release('v1.0.0', C3, { permissions: { contents: 'write', workflows: 'write' } })
    expect({ code: again.code, commands: commands(again).filter(c => c.startsWith('::error')) }).toEqual({ code: 0, commands: [] })
    expect(server.tags().v1).toBe(C3)
  })
})

describe('outside text', () => {
  it('a server that echoes the token in its message or a redirect: the token is not printed, not sent on', async () => {
    await start({ tags: { 'v1.0.0': C3 } })
    server.inject({ on: 'api', status: 401, echo: 'body' })
    const echoed = await release('v1.0.0', C3)
    expect(echoed.code).toBe(1)
    expect(commands(echoed)).toEqual(['::error::GitHub answered HTTP 401 to reading the tag v1.0.0: the token was refused'])
    expect(echoed.lines).toContain("GitHub's message: Bad credentials: Bearer ***")

    // base64 (at any offset, and in a Basic header), URL-encoded and JSON-escaped: redacted as the action redacts
    server.inject({ on: 'api', status: 401, echo: 'encoded' })
    const encoded = await release('v1.0.0', C3)
    expect(encoded.code).toBe(1)
    expect(encoded.lines.find(line => line.startsWith("GitHub's message:"))).toMatch(/^GitHub's message: Bad credentials: \*\*\* .*Basic \*\*\*$/)

    server.inject({ on: 'api', status: 401, echo: 'redirect' })
    const redirected = await release('v1.0.0', C3)
    expect(redirected.code).toBe(1)
    expect(commands(redirected)).toEqual(['::error::No answer from GitHub (GITHUB_API_URL) to reading the tag v1.0.0'])
    expect(server.requests.filter(r => r.path === '/login')).toEqual([])
    expect(server.releases).toEqual([])
  })
})
