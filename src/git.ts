// What git knows about earlier releases: the release tags reachable from the commit being
// released. Read with git itself, so annotated and lightweight tags both count.
import * as exec from '@actions/exec'
import { versionFromTag } from './version.js'

export interface ReleaseTag {
  tag: string
  /** Normalized PEP 440 version of the tag. */
  version: string
  /** The commit it points at (peeled for annotated tags). */
  commit: string
}

export interface TagHistory {
  head: string
  /** Release tags (`<tag-prefix><version>`) reachable from HEAD. */
  tags: ReleaseTag[]
  /** A shallow clone (actions/checkout's default fetch-depth: 1) usually has no tags at all. */
  shallow: boolean
}

async function git(cwd: string, args: string[]): Promise<string | undefined> {
  try {
    const { exitCode, stdout } = await exec.getExecOutput('git', args, { cwd, silent: true, ignoreReturnCode: true })
    return exitCode === 0 ? stdout : undefined
  } catch {
    return undefined // no git
  }
}

/** undefined when `dir` is not in a git work tree (or git is missing). */
export async function readTagHistory(dir: string, tagPrefix: string): Promise<TagHistory | undefined> {
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
  return { head: head.trim(), tags, shallow: shallow?.trim() === 'true' }
}

/** The checkout's HEAD commit; undefined outside a git work tree. */
export async function headCommit(dir: string): Promise<string | undefined> {
  return (await git(dir, ['rev-parse', 'HEAD']))?.trim() || undefined
}
