// What git knows about earlier releases: the release tags reachable from the commit being
// released. Read with git itself, so annotated and lightweight tags both count. A shallow clone
// (actions/checkout's default fetch-depth: 1) holds almost none of them, so its remote is asked
// for its tags (`git ls-remote --tags`), which needs no history.
import { spawn } from 'node:child_process'
import * as exec from '@actions/exec'
import { versionFromTag } from './pep440.js'

export interface ReleaseTag {
  tag: string
  /** Normalized PEP 440 version of the tag. */
  version: string
  /** The commit it points at (peeled for annotated tags). */
  commit: string
}

export interface RemoteTags {
  /** The remote asked (`origin`, else the clone's only remote). */
  name: string
  /**
   * Release tags the remote has whose commit this shallow clone does not hold among HEAD's
   * ancestors: whether they are reachable from HEAD cannot be told without the history.
   */
  unplaced: ReleaseTag[]
}

export interface TagHistory {
  head: string
  /** Release tags (`<tag-prefix><version>`) reachable from HEAD. */
  tags: ReleaseTag[]
  /** A shallow clone (actions/checkout's default fetch-depth: 1) holds HEAD's commit and little else. */
  shallow: boolean
  /** A shallow clone's remote, when its tags could be read. */
  remote?: RemoteTags
  /** Why a shallow clone's remote tags could not be read. */
  remoteProblem?: string
}

/** How long `git ls-remote` may take before the remote counts as unreachable. */
const LS_REMOTE_TIMEOUT_MS = 30_000

async function git(cwd: string, args: string[]): Promise<string | undefined> {
  try {
    const { exitCode, stdout } = await exec.getExecOutput('git', args, { cwd, silent: true, ignoreReturnCode: true })
    return exitCode === 0 ? stdout : undefined
  } catch {
    return undefined // no git
  }
}

/**
 * Runs git with a deadline and without a credential prompt (a remote asking for a password fails
 * instead of waiting). git runs in a process group of its own, so the deadline ends its transport
 * helper (git-remote-https, ssh) too, not just git.
 */
function gitWithin(cwd: string, args: string[], timeoutMs: number): Promise<{ ok: true; stdout: string } | { ok: false; why: string }> {
  return new Promise(resolve => {
    // no username/password prompt (a runner has no terminal); an ssh prompt ends with the deadline
    const child = spawn('git', args, { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } })
    let stdout = ''
    let stderr = ''
    let settled = false
    const settle = (result: { ok: true; stdout: string } | { ok: false; why: string }): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      resolve(result)
    }
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4096)))
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, 'SIGKILL')
      } catch {
        child.kill('SIGKILL')
      }
      child.stdout.destroy()
      child.stderr.destroy()
      settle({ ok: false, why: `no answer within ${timeoutMs / 1000} s` })
    }, timeoutMs)
    child.on('error', error => settle({ ok: false, why: error.message }))
    child.on('close', code => {
      if (code === 0) return settle({ ok: true, stdout })
      const said = stderr
        .split('\n')
        .map(line => line.trim())
        .find(line => line !== '')
      settle({ ok: false, why: said ?? `git exited with code ${code}` })
    })
  })
}

/** Release tags from `git ls-remote --tags` output; an annotated tag's `^{}` line gives its commit. */
export function parseLsRemote(text: string, tagPrefix: string): ReleaseTag[] {
  const objects = new Map<string, string>()
  for (const line of text.split('\n')) {
    const [object, ref] = line.trim().split('\t')
    if (!object || !ref?.startsWith('refs/tags/')) continue
    const peeled = ref.endsWith('^{}')
    const tag = ref.slice('refs/tags/'.length, peeled ? -3 : undefined)
    if (peeled || !objects.has(tag)) objects.set(tag, object)
  }
  const tags: ReleaseTag[] = []
  for (const [tag, commit] of objects) {
    const parsed = versionFromTag(tag, tagPrefix)
    if (parsed.kind === 'version') tags.push({ tag, version: parsed.version.normalized, commit })
  }
  return tags
}

/** The remote's release tags that the clone cannot place below HEAD; or why they could not be read. */
async function remoteTags(
  dir: string,
  tagPrefix: string,
  local: ReleaseTag[],
  timeoutMs: number
): Promise<Pick<TagHistory, 'remote' | 'remoteProblem' | 'tags'>> {
  const remotes =
    (await git(dir, ['remote']))
      ?.split('\n')
      .map(name => name.trim())
      .filter(Boolean) ?? []
  const name = remotes.includes('origin') ? 'origin' : remotes.length === 1 ? remotes[0] : undefined
  if (name === undefined) {
    return {
      tags: local,
      remoteProblem: remotes.length === 0 ? 'the clone has no remote to ask' : `the clone has several remotes and none is named origin (${remotes.join(', ')})`
    }
  }
  const listed = await gitWithin(dir, ['ls-remote', '--tags', name], timeoutMs)
  if (!listed.ok) return { tags: local, remoteProblem: `git ls-remote --tags ${name} failed: ${listed.why}` }
  // The commits this clone holds below HEAD: a remote tag on one of them is reachable.
  const ancestors = new Set(
    (await git(dir, ['rev-list', 'HEAD']))
      ?.split('\n')
      .map(line => line.trim())
      .filter(Boolean) ?? []
  )
  const tags = [...local]
  const unplaced: ReleaseTag[] = []
  for (const tag of parseLsRemote(listed.stdout, tagPrefix)) {
    if (local.some(known => known.tag === tag.tag)) continue
    if (ancestors.has(tag.commit)) tags.push(tag)
    else unplaced.push(tag)
  }
  return { tags, remote: { name, unplaced } }
}

/** undefined when `dir` is not in a git work tree (or git is missing). */
export async function readTagHistory(dir: string, tagPrefix: string, options: { lsRemoteTimeoutMs?: number } = {}): Promise<TagHistory | undefined> {
  const [head, shallow, refs] = await Promise.all([
    git(dir, ['rev-parse', 'HEAD']),
    git(dir, ['rev-parse', '--is-shallow-repository']),
    git(dir, ['for-each-ref', '--merged', 'HEAD', '--format=%(refname:strip=2)%09%(objectname)%09%(*objectname)', 'refs/tags'])
  ])
  if (head === undefined || refs === undefined) return undefined
  const tags: ReleaseTag[] = []
  for (const line of refs.split('\n')) {
    const [tag, object, peeled] = line.split('\t')
    if (!tag || !object) continue
    const parsed = versionFromTag(tag, tagPrefix)
    if (parsed.kind === 'version') tags.push({ tag, version: parsed.version.normalized, commit: peeled || object })
  }
  const history: TagHistory = { head: head.trim(), tags, shallow: shallow?.trim() === 'true' }
  if (!history.shallow) return history
  return { ...history, ...(await remoteTags(dir, tagPrefix, tags, options.lsRemoteTimeoutMs ?? LS_REMOTE_TIMEOUT_MS)) }
}

/** The checkout's HEAD commit; undefined outside a git work tree. */
export async function headCommit(dir: string): Promise<string | undefined> {
  return (await git(dir, ['rev-parse', 'HEAD']))?.trim() || undefined
}

/**
 * The checkout's HEAD commit when its tracked files are as committed (untracked files, such as a 'local-dir'
 * inside the project, do not count); undefined outside a git work tree or with uncommitted changes.
 */
export async function cleanHeadCommit(dir: string): Promise<string | undefined> {
  const [head, status] = await Promise.all([headCommit(dir), git(dir, ['status', '--porcelain', '--untracked-files=no'])])
  return head && status !== undefined && status.trim() === '' ? head : undefined
}
