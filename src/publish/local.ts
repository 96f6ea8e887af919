// The `local` target: a directory of release files with a SHA256SUMS, safe to re-run.
// A file already there is kept when it is the same release (byte-identical, or an
// equivalent rebuild: the same archive members with the same contents); any other
// file of the same name is a conflict, and nothing is ever overwritten.
import { randomBytes } from 'node:crypto'
import { constants } from 'node:fs'
import { access, chmod, copyFile, link, mkdir, readFile, readdir, rename, stat, unlink, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Annotation, BuildArtifact, PlannedFile, PreflightResult, PublishResult } from '../types.js'
import { DistributionTarget } from '../types.js'
import { listDifferences, memberDifferences, readArchive, type ArchiveMember } from '../build/archive.js'
import { sha256File } from '../build/digest.js'

const TARGET = DistributionTarget.LOCAL
export const SUMS = 'SHA256SUMS'
export const isDistribution = (name: string): boolean => /\.(whl|tar\.gz|zip)$/.test(name)

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException).code
}

async function statOrUndefined(path: string): Promise<Awaited<ReturnType<typeof stat>> | undefined> {
  try {
    return await stat(path)
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined
    throw error
  }
}

/** Why `dir` cannot receive files, or undefined when it can (creating it if need be). */
async function unwritable(dir: string): Promise<string | undefined> {
  let existing = dir
  for (;;) {
    const info = await statOrUndefined(existing)
    if (info) {
      if (!info.isDirectory()) {
        return existing === dir
          ? `Input 'local-dir' (${dir}) is an existing file, not a directory`
          : `Input 'local-dir' (${dir}) cannot be created: ${existing} is a file`
      }
      break
    }
    const parent = dirname(existing)
    if (parent === existing) break
    existing = parent
  }
  try {
    await access(existing, constants.W_OK | constants.X_OK)
    return undefined
  } catch {
    return `Input 'local-dir' (${dir}) is not writable: no write permission on ${existing}`
  }
}

/** What to do with one file; a conflict message when the file in place is another release. */
async function plan(artifact: BuildArtifact, destination: string): Promise<PlannedFile | { conflict: string }> {
  const info = await statOrUndefined(destination)
  if (!info) return { artifact, action: 'upload', destination }
  if (!info.isFile()) return { conflict: `${destination} exists and is not a file` }
  if (info.size === artifact.size && (await sha256File(destination)) === artifact.sha256) {
    return { artifact, action: 'skip-identical', destination }
  }
  let existing: ArchiveMember[]
  try {
    existing = (await readArchive(destination)).members
  } catch (error) {
    return { conflict: `${artifact.filename} already exists in ${dirname(destination)} and is not a readable archive (${(error as Error).message})` }
  }
  const differences = memberDifferences(existing, (await readArchive(artifact.path)).members)
  if (differences.length === 0) return { artifact, action: 'skip-equivalent', destination }
  return {
    conflict:
      `${artifact.filename} already exists in ${dirname(destination)} with different content: ${listDifferences(differences)}. ` +
      'It is another release of the same version and is left as it is; release a new version or remove the file.'
  }
}

export async function preflightLocal(dir: string, artifacts: BuildArtifact[]): Promise<PreflightResult> {
  const notReady = (message: string, annotations: Annotation[]): PreflightResult => ({ target: TARGET, ready: false, message, files: [], annotations })
  const problem = await unwritable(dir)
  if (problem) return notReady(problem, [{ level: 'error', title: "Invalid input 'local-dir'", message: problem }])
  if (artifacts.length === 0) return notReady('there are no built files to publish (the build stage did not run)', [])

  // Every file is examined, so one run shows every conflict.
  const outcomes = await Promise.all(artifacts.map(artifact => plan(artifact, join(dir, artifact.filename))))
  const conflicts = outcomes.flatMap(outcome => ('conflict' in outcome ? [outcome.conflict] : []))
  if (conflicts.length > 0) {
    return notReady(
      conflicts.join('\n'),
      conflicts.map(message => ({ level: 'error', title: 'File already in the local directory differs', message }))
    )
  }
  const files = outcomes as PlannedFile[]
  const uploads = files.filter(file => file.action === 'upload').length
  const message =
    uploads > 0
      ? `ready: ${uploads} of ${files.length} files to publish to ${dir}`
      : `ready: nothing to publish, all ${files.length} files already in place in ${dir}`
  return { target: TARGET, ready: true, message, files, annotations: [] }
}

/** Copies into a temp file beside the destination, then links it into place: never over an existing file. */
async function placeAtomically(source: string, destination: string): Promise<void> {
  const temp = join(dirname(destination), `.${randomBytes(6).toString('hex')}.tmp`)
  await copyFile(source, temp, constants.COPYFILE_EXCL)
  // The build writes private temp files (0600); a published release is readable by all.
  await chmod(temp, 0o644)
  try {
    await link(temp, destination)
  } catch (error) {
    const code = errorCode(error)
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'ENOSYS') {
      await unlink(temp)
      throw error // EEXIST: something appeared since preflight; it is not overwritten
    }
    // A filesystem without hard links: re-check, then rename (atomic, but could race).
    if (await statOrUndefined(destination)) {
      await unlink(temp)
      throw new Error(`${destination} appeared after preflight; it is not overwritten`)
    }
    await rename(temp, destination)
    return
  }
  await unlink(temp)
}

async function writeAtomically(path: string, content: string): Promise<void> {
  const temp = join(dirname(path), `.${randomBytes(6).toString('hex')}.tmp`)
  await writeFile(temp, content)
  await rename(temp, path)
}

/**
 * SHA256SUMS in `sha256sum` format for every distribution file in the directory as it stands,
 * sorted by name; rewritten only when it changes. Digests known from this release are reused.
 */
async function updateSums(dir: string, known: Map<string, string>): Promise<void> {
  const names = (await readdir(dir)).filter(name => isDistribution(name) && !name.startsWith('.')).sort()
  const lines = await Promise.all(names.map(async name => `${known.get(name) ?? (await sha256File(join(dir, name)))}  ${name}\n`))
  const content = lines.join('')
  const current = await readFile(join(dir, SUMS), 'utf8').catch(() => undefined)
  if (current !== content) await writeAtomically(join(dir, SUMS), content)
}

export async function publishLocal(preflight: PreflightResult, dir: string): Promise<PublishResult> {
  const url = pathToFileURL(dir).href
  const files = preflight.files.map(file => file.artifact.filename)
  const known = new Map<string, string>()
  const uploaded: string[] = []
  const skipped = preflight.files.filter(file => file.action !== 'upload').map(file => file.artifact.filename)
  let copied = 0
  try {
    await mkdir(dir, { recursive: true })
    for (const file of preflight.files) {
      if (file.action === 'upload') {
        await placeAtomically(file.artifact.path, file.destination)
        uploaded.push(file.artifact.filename)
        copied++
      }
      // An equivalent file stays as it is, with its own digest (computed from disk).
      if (file.action !== 'skip-equivalent') known.set(file.artifact.filename, file.artifact.sha256)
    }
    await updateSums(dir, known)
  } catch (error) {
    const message = `copying to ${dir} failed after ${copied} of ${files.length} files: ${(error as Error).message}`
    return { target: TARGET, status: 'failed', url, message, files: [], uploaded, skipped }
  }
  const equivalent = preflight.files.filter(file => file.action === 'skip-equivalent').length
  const kept = equivalent > 0 ? ` (${equivalent} kept as an equivalent rebuild)` : ''
  return copied > 0
    ? { target: TARGET, status: 'published', url, message: `${copied} of ${files.length} files published to ${dir}${kept}`, files, uploaded, skipped }
    : { target: TARGET, status: 'skipped', url, message: `all ${files.length} files already in place in ${dir}${kept}`, files, uploaded, skipped }
}
