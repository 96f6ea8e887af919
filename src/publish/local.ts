// The `local` target: a directory of release files with a SHA256SUMS, safe to re-run.
// A file already there is kept when it is the same release (byte-identical, or an
// equivalent rebuild: the same archive members with the same contents) and skip-existing is
// true; any other file of the same name is a conflict, and nothing is ever overwritten. A rebuild that is
// neither (a C extension's binary, another SOURCES.txt) is kept when the release manifest this target keeps
// beside SHA256SUMS, written by an earlier run of this repository and commit, lists its very bytes (origin.ts).
// Preflight checks everything publish will do to the directory (create it, write in it, each
// destination absent or a regular file, SHA256SUMS and every file it will list), so that
// 'ready' means publish cannot fail on anything that could have been checked beforehand.
import { createHash, randomBytes } from 'node:crypto'
import { constants, type Stats } from 'node:fs'
import {
  chmod,
  copyFile,
  type FileHandle,
  link,
  lstat,
  mkdir,
  open,
  readdir,
  readFile,
  readlink,
  rename,
  rmdir,
  stat,
  unlink,
  writeFile
} from 'node:fs/promises'
import { hostname } from 'node:os'
import { dirname, join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { pathToFileURL } from 'node:url'
import type { Annotation, BuildArtifact, PlannedFile, PreflightResult, PublishResult } from '../types.js'
import { DistributionTarget } from '../types.js'
import { sha256File } from '../build/digest.js'
import { manifestFileName, parseManifest, readManifestFile, type ReleaseManifest } from '../build/manifest.js'
import { normalizeName } from '../names.js'
import { compareExisting, DEFAULT_SKIP_EXISTING } from './existing.js'
import { describeOrigin, keptByOrigin, mergedRecord, recordLists, sameOrigin, type OriginRecord, type ReleaseOrigin } from './origin.js'
import type { PublishTarget } from './target.js'

const TARGET = DistributionTarget.LOCAL
export const SUMS = 'SHA256SUMS'
export const isDistribution = (name: string): boolean => /\.(whl|tar\.gz|zip)$/.test(name)

/** This host as a temp file's name records it: 8 hex characters of the sha256 of its host name. */
export const TEMP_HOST = createHash('sha256').update(hostname()).digest('hex').slice(0, 8)
/**
 * The name of every temp file this target writes (and so the only kind it ever cleans up): random, then the
 * writing process's id and its host (`.<12 hex>.p<pid>.h<host>.tmp`); the older form without them is still known.
 */
export const TEMP_NAME = /^\.[0-9a-f]{12}(?:\.p([1-9]\d{0,9})\.h([0-9a-f]{8}))?\.tmp$/
const tempName = (): string => `.${randomBytes(6).toString('hex')}.p${process.pid}.h${TEMP_HOST}.tmp`
/**
 * A temp file untouched for this long was left by a run that died: a live run writes its temp file
 * continuously while copying and links or renames it away within milliseconds of the last byte.
 */
export const STALE_TEMP_MS = 10 * 60 * 1000

/**
 * Whether a temp file's writer is gone: its name says this host and a process id that no process has now.
 * Another host's file (a shared local-dir), our own, a process that lives (or that we may not signal), and
 * the older name without an owner wait for STALE_TEMP_MS. A reused process id only makes a file wait.
 */
export function tempOwnerGone(name: string): boolean {
  const match = TEMP_NAME.exec(name)
  const pid = Number(match?.[1])
  if (!match?.[1] || match[2] !== TEMP_HOST || pid === process.pid || !Number.isSafeInteger(pid)) return false
  try {
    process.kill(pid, 0)
    return false
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH'
  }
}

/** A failure with a message fit for the user: what, where, and what to do. */
class LocalTargetError extends Error {
  constructor(
    message: string,
    readonly code?: string
  ) {
    super(message)
  }
}

function errorCode(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code
}

/** Paths are named in full, unless absurdly long (a path that is itself the problem). */
function shown(path: string): string {
  return path.length > 200 ? `${path.slice(0, 120)}…${path.slice(-60)} (${path.length} characters)` : path
}

/** The errno, in words, without the raw `ECODE: …, syscall 'path'` text. */
function reason(error: unknown): string {
  const code = errorCode(error)
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied'
    case 'EROFS':
      return 'the file system is read-only'
    case 'ENOSPC':
      return 'no space left on the device'
    case 'EDQUOT':
      return 'the disk quota is exceeded'
    case 'ELOOP':
      return 'too many levels of symbolic links (a symbolic link loop)'
    case 'ENAMETOOLONG':
      return 'the path is too long for the file system (a name over 255 bytes, or a path over 4096)'
    case 'ENOTDIR':
      return 'a part of the path is not a directory'
    case 'EISDIR':
      return 'it is a directory'
    case 'EIO':
      return 'an input/output error'
    case undefined:
      return (error as Error).message
    default:
      return `${code}: ${(error as Error).message.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*$/, '')}`
  }
}

async function statOrUndefined(path: string): Promise<Stats | undefined> {
  try {
    return await stat(path)
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined
    throw error
  }
}

async function lstatOrUndefined(path: string): Promise<Stats | undefined> {
  try {
    return await lstat(path)
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return undefined
    throw error
  }
}

/** What an entry that is not a regular file is, for a message; undefined for a regular file. */
async function notRegular(path: string, info: Stats): Promise<string | undefined> {
  if (info.isFile()) return undefined
  if (info.isSymbolicLink()) {
    const target = await readlink(path).catch(() => '?')
    const resolved = await statOrUndefined(path).catch(() => undefined)
    return `a symbolic link (to ${target}${resolved ? '' : ', which does not exist'})`
  }
  if (info.isDirectory()) return 'a directory'
  if (info.isFIFO()) return 'a named pipe (FIFO)'
  if (info.isSocket()) return 'a socket'
  return 'a device file'
}

/**
 * The levels of `dir` to create, outermost first; or why `dir` cannot be a directory. Bounded: each
 * step moves to the parent, so it ends at the root at the latest.
 */
async function missingLevels(dir: string): Promise<string[] | string> {
  const input = `Input 'local-dir' (${shown(dir)})`
  const missing: string[] = []
  for (let level = dir; ; level = dirname(level)) {
    let info: Stats
    try {
      info = await stat(level)
    } catch (error) {
      const code = errorCode(error)
      // ENOTDIR: an ancestor is a file; the walk up finds and names it.
      if (code !== 'ENOENT' && code !== 'ENOTDIR') {
        return `${input} cannot be used: ${reason(error)}${level === dir ? '' : ` (at ${shown(level)})`}. Choose another directory.`
      }
      const link = await lstat(level).catch(() => undefined)
      if (link?.isSymbolicLink()) {
        const target = await readlink(level).catch(() => '?')
        return (
          `${input} cannot be created: ${shown(level)} is a symbolic link to ${target}, which does not exist. ` +
          'Create the directory it points to, or remove the link.'
        )
      }
      if (dirname(level) === level) return `${input} cannot be created: the root ${level} does not exist`
      if (code === 'ENOENT') missing.unshift(level)
      continue
    }
    if (info.isDirectory()) return missing
    return level === dir
      ? `${input} is an existing file, not a directory`
      : `${input} cannot be created: ${shown(level)} is a file, not a directory. Choose a 'local-dir' that is not under a file.`
  }
}

/** Creates the missing levels one by one (never a recursive mkdir, which can retry forever); the levels made. */
async function createLevels(dir: string, missing: string[]): Promise<string[]> {
  const created: string[] = []
  for (const level of missing) {
    try {
      await mkdir(level)
      created.push(level)
    } catch (error) {
      // Another run created it meanwhile: fine, when it is a directory.
      if (errorCode(error) === 'EEXIST' && (await statOrUndefined(level).catch(() => undefined))?.isDirectory()) continue
      const why = errorCode(error) === 'ENOENT' ? `the file system at ${dirname(level)} does not hold new directories` : reason(error)
      throw new LocalTargetError(
        `Input 'local-dir' (${shown(dir)}) cannot be created: mkdir ${shown(level)} failed: ${why}. Choose a 'local-dir' on a writable file system.`,
        errorCode(error)
      )
    }
  }
  return created
}

/** Creates `dir` if need be; a LocalTargetError saying why it cannot be. */
async function ensureDirectory(dir: string): Promise<string[]> {
  const missing = await missingLevels(dir)
  if (typeof missing === 'string') throw new LocalTargetError(missing)
  return createLevels(dir, missing)
}

/** Writes and removes a temp file in `dir`: what publish does, minus the content. */
async function probeWrite(dir: string): Promise<void> {
  const probe = join(dir, tempName())
  try {
    await writeFile(probe, '', { flag: 'wx' })
  } catch (error) {
    throw new LocalTargetError(`Input 'local-dir' (${shown(dir)}) is not writable: creating a file in it failed: ${reason(error)}`, errorCode(error))
  }
  await unlink(probe).catch(() => {})
}

/** Why `dir` cannot receive files, or undefined when it can. Leaves no directory it created behind. */
async function unwritable(dir: string): Promise<string | undefined> {
  // A concurrent preflight may remove a directory it created just as this one checks it: look again.
  for (let attempt = 1; ; attempt++) {
    let created: string[] = []
    try {
      created = await ensureDirectory(dir)
      await probeWrite(dir)
      return undefined
    } catch (error) {
      if (!(error instanceof LocalTargetError)) throw error
      if (attempt >= 3 || error.code !== 'ENOENT') return error.message
    } finally {
      for (const level of created.reverse()) await rmdir(level).catch(() => {})
    }
  }
}

type Conflict = { conflict: string; title: string }
const DIFFERS = 'File already in the local directory differs'

/** The manifest the directory holds for this origin's release, as read by preflight. */
interface Recorded {
  origin: ReleaseOrigin
  /** Its file name in the directory (one per project, version and commit). */
  name: string
  /** What is there: an earlier run's record of this origin; 'absent'; or why it is not (another origin's, unreadable): it is then left as it is. */
  held: ReleaseManifest | 'absent' | { not: string }
}

/** The record's file name: one per project, version and commit (never shared by two commits' runs), not a distribution (SHA256SUMS lists none). */
export function originManifestName(project: string, version: string, origin: ReleaseOrigin): string {
  return manifestFileName(`${normalizeName(project).replace(/-/g, '_')}-${version}.${origin.sha.slice(0, 12)}`)
}

/** Reads the record of this origin's release in `dir`, if any; never throws. */
async function readRecord(dir: string, artifacts: BuildArtifact[], origin: ReleaseOrigin): Promise<Recorded> {
  const first = artifacts[0]!
  const name = originManifestName(first.metadata.name, first.metadata.version, origin)
  const path = join(dir, name)
  try {
    if (!(await lstatOrUndefined(path))) return { origin, name, held: 'absent' }
    const manifest = parseManifest(await readManifestFile(path, name), name)
    if (!sameOrigin(manifest.source, origin)) {
      const other = manifest.source.sha ? describeOrigin({ repository: manifest.source.repository, sha: manifest.source.sha }) : 'no commit'
      return { origin, name, held: { not: `it names ${other}, not ${describeOrigin(origin)}` } }
    }
    return { origin, name, held: manifest }
  } catch (error) {
    return { origin, name, held: { not: error instanceof Error && error.name === 'ManifestError' ? error.message : reason(error) } }
  }
}

/** The evidence that the file at `destination` is this origin's earlier upload, or undefined: the record lists its name, size and sha256. */
async function recordedEvidence(artifact: BuildArtifact, destination: string, size: number, recorded: Recorded | undefined): Promise<string | undefined> {
  if (!recorded || typeof recorded.held !== 'object' || 'not' in recorded.held) return undefined
  if (!recorded.held.files.some(file => file.filename === artifact.filename && file.size === size)) return undefined
  const sha256 = await sha256File(destination).catch(() => undefined)
  if (sha256 === undefined || !recordLists(recorded.held, { filename: artifact.filename, size, sha256 })) return undefined
  return `${recorded.name} beside ${SUMS} lists this file's sha256 ${sha256.slice(0, 12)}…`
}

/** What to do with one file; a conflict message when the file in place is another release or in the way. */
async function plan(artifact: BuildArtifact, destination: string, skipExisting: boolean, recorded?: Recorded): Promise<PlannedFile | Conflict> {
  const dir = dirname(destination)
  let info: Stats | undefined
  try {
    info = await lstatOrUndefined(destination)
  } catch (error) {
    return { conflict: `${shown(destination)} cannot be checked: ${reason(error)}`, title: 'Local directory not ready' }
  }
  if (!info) return { artifact, action: 'upload', destination }
  const what = await notRegular(destination, info)
  if (what) {
    return {
      conflict: `${shown(destination)} is ${what}, where the release file ${artifact.filename} goes. The local target writes only regular files and replaces nothing: remove it.`,
      title: 'Local directory not ready'
    }
  }
  let sha256: string | undefined
  try {
    // A file of another size cannot be identical: only its members are compared.
    sha256 = info.size === artifact.size ? await sha256File(destination) : undefined
  } catch (error) {
    return { conflict: `${artifact.filename} already exists in ${shown(dir)} and cannot be read: ${reason(error)}`, title: 'Local directory not ready' }
  }
  const held = await compareExisting(artifact, { sha256, path: destination })
  if (held.verdict === 'identical') {
    if (skipExisting) return { artifact, action: 'skip-identical', destination }
    return {
      conflict:
        `${artifact.filename} already exists in ${shown(dir)}, identical to this build (the same sha256), and skip-existing is false. ` +
        'Set skip-existing: true to keep it (a re-run then completes the release), or release a new version.',
      title: 'File already in the local directory'
    }
  }
  if (held.verdict === 'equivalent') {
    if (skipExisting) return { artifact, action: 'skip-equivalent', destination }
    return {
      conflict:
        `${artifact.filename} already exists in ${shown(dir)} as an equivalent rebuild (the same archive members, other timestamps), and skip-existing is false. ` +
        'Set skip-existing: true to keep it, or release a new version.',
      title: 'File already in the local directory'
    }
  }
  // Bytes and members differ: an earlier run of this very release (same repository, same commit) may have placed it.
  const evidence = skipExisting ? await recordedEvidence(artifact, destination, info.size, recorded) : undefined
  if (evidence && recorded) return { artifact, action: 'skip-origin', destination, kept: keptByOrigin(artifact.filename, recorded.origin, evidence) }
  if (held.unreadable !== undefined) {
    return { conflict: `${artifact.filename} already exists in ${shown(dir)} and is not a readable archive (${held.unreadable})`, title: DIFFERS }
  }
  return {
    conflict:
      `${artifact.filename} already exists in ${shown(dir)} with different content: ${held.differences}. ` +
      'It is another release of the same version and is left as it is; release a new version or remove the file.',
    title: DIFFERS
  }
}

/**
 * The checks on the directory's other entries that publish relies on: SHA256SUMS absent or a regular
 * file, and every distribution file it will list readable. Entries that are no regular file are not
 * listed (a warning). A conflict per problem.
 */
async function checkListing(dir: string, artifacts: BuildArtifact[], recorded?: Recorded): Promise<{ conflicts: Conflict[]; warnings: Annotation[] }> {
  const conflicts: Conflict[] = []
  const warnings: Annotation[] = []
  let names: string[]
  try {
    names = await readdir(dir)
  } catch (error) {
    if (errorCode(error) === 'ENOENT') return { conflicts, warnings } // created by publish, empty
    return { conflicts: [{ conflict: `Input 'local-dir' (${shown(dir)}) cannot be listed: ${reason(error)}`, title: "Invalid input 'local-dir'" }], warnings }
  }
  const ours = new Set(artifacts.map(artifact => artifact.filename))
  const sumsPath = join(dir, SUMS)
  const sums = await lstatOrUndefined(sumsPath).catch(() => undefined)
  const sumsKind = sums && (await notRegular(sumsPath, sums))
  if (sumsKind) {
    conflicts.push({
      conflict: `${shown(sumsPath)} is ${sumsKind}; the local target writes ${SUMS} as a regular file and replaces nothing else: remove it.`,
      title: 'Local directory not ready'
    })
  }
  if (recorded) {
    const path = join(dir, recorded.name)
    const info = await lstatOrUndefined(path).catch(() => undefined)
    const kind = info && (await notRegular(path, info))
    if (kind) {
      conflicts.push({
        conflict: `${shown(path)} is ${kind}; the local target keeps this release's manifest there as a regular file and replaces nothing else: remove it.`,
        title: 'Local directory not ready'
      })
    }
  }
  for (const name of names) {
    if (!isDistribution(name) || name.startsWith('.') || ours.has(name)) continue
    const path = join(dir, name)
    const listed = await listable(path).catch((error: unknown) => error as Error)
    if (listed instanceof Error) {
      conflicts.push({
        conflict: `${shown(path)} cannot be read (${reason(listed)}); ${SUMS} lists every distribution file in the directory: make it readable or remove it.`,
        title: 'Local directory not ready'
      })
    } else if (listed !== true) {
      warnings.push({ level: 'warning', title: `Not listed in ${SUMS}`, message: `${shown(path)} is ${listed}, not a regular file; ${SUMS} will not list it.` })
    }
  }
  return { conflicts, warnings }
}

/**
 * An open regular file (a symbolic link followed), opened without blocking on a pipe; else what the
 * entry is instead (SHA256SUMS does not list it). Throws when a regular file cannot be read.
 */
async function openRegular(path: string): Promise<FileHandle | string> {
  let handle: FileHandle
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK)
  } catch (error) {
    const code = errorCode(error)
    if (code === 'ELOOP') return 'a symbolic link loop'
    if (code !== 'ENOENT') throw error
    const info = await lstatOrUndefined(path)
    return (info && (await notRegular(path, info))) ?? 'gone'
  }
  const info = await handle.stat()
  if (info.isFile()) return handle
  await handle.close()
  const link = await lstatOrUndefined(path)
  const kind = (await notRegular(path, info)) ?? 'not a regular file'
  return link?.isSymbolicLink() ? `a symbolic link to ${kind}` : kind
}

/** True for a readable regular file, else what it is; throws when it cannot be read. */
async function listable(path: string): Promise<true | string> {
  const opened = await openRegular(path)
  if (typeof opened === 'string') return opened
  await opened.close()
  return true
}

export async function preflightLocal(
  dir: string,
  artifacts: BuildArtifact[],
  skipExisting = DEFAULT_SKIP_EXISTING,
  origin?: ReleaseOrigin
): Promise<PreflightResult> {
  const notReady = (message: string, annotations: Annotation[]): PreflightResult => ({ target: TARGET, ready: false, message, files: [], annotations })
  try {
    const problem = await unwritable(dir)
    if (problem) return notReady(problem, [{ level: 'error', title: "Invalid input 'local-dir'", message: problem }])
    if (artifacts.length === 0) return notReady('there are no built files to publish (the build stage did not run)', [])

    const recorded = origin ? await readRecord(dir, artifacts, origin) : undefined
    // Every file is examined, so one run shows every conflict.
    const outcomes = await Promise.all(artifacts.map(artifact => plan(artifact, join(dir, artifact.filename), skipExisting, recorded)))
    const listing = await checkListing(dir, artifacts, recorded)
    const conflicts = [...outcomes.flatMap(outcome => ('conflict' in outcome ? [outcome] : [])), ...listing.conflicts]
    if (conflicts.length > 0) {
      return notReady(conflicts.map(c => c.conflict).join('\n'), [
        ...conflicts.map(({ conflict, title }) => ({ level: 'error' as const, title, message: conflict })),
        ...listing.warnings
      ])
    }
    const files = outcomes as PlannedFile[]
    const kept: Annotation[] = files.flatMap(file =>
      file.kept ? [{ level: 'notice' as const, title: 'Kept in the local directory', message: file.kept }] : []
    )
    const uploads = files.filter(file => file.action === 'upload').length
    const message =
      uploads > 0
        ? `ready: ${uploads} of ${files.length} files to publish to ${dir}`
        : `ready: nothing to publish, all ${files.length} files already in place in ${dir}`
    return { target: TARGET, ready: true, message, files, annotations: [...kept, ...listing.warnings] }
  } catch (error) {
    const message = `the local directory ${shown(dir)} could not be checked: ${reason(error)}`
    return notReady(message, [{ level: 'error', title: 'Local directory not ready', message }])
  }
}

/**
 * The calls that place files, swappable by tests that inject what another OS or filesystem answers: EXDEV
 * or EPERM from link() (no hard links: FAT, some network shares, Windows without the right), EPERM, EACCES
 * or EBUSY from rename() (Windows: the file being replaced is open in another process, an indexer or a
 * virus scanner, for a moment).
 */
export const placing = { link, rename }

/** Windows refuses a rename over a file another process holds open: it usually lets go within moments. */
const BUSY = new Set(['EPERM', 'EACCES', 'EBUSY'])
const RENAME_ATTEMPTS = 6

async function renameRetrying(from: string, to: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await placing.rename(from, to)
    } catch (error) {
      if (!BUSY.has(errorCode(error) ?? '') || attempt === RENAME_ATTEMPTS) throw error
      await new Promise(resolve => setTimeout(resolve, 25 * 2 ** attempt))
    }
  }
}

async function removeQuietly(path: string): Promise<void> {
  await unlink(path).catch(() => {})
}

/**
 * Copies into a temp file beside the destination, then links it into place: never over an existing
 * file, never a partial file under the final name. 'placed', or 'present' when another run placed the
 * same release file meanwhile; a LocalTargetError when it placed another.
 */
async function placeAtomically(artifact: BuildArtifact, destination: string): Promise<'placed' | 'present'> {
  const temp = join(dirname(destination), tempName())
  try {
    try {
      await copyFile(artifact.path, temp, constants.COPYFILE_EXCL)
      // The build writes private temp files (0600); a published release is readable by all.
      await chmod(temp, 0o644)
    } catch (error) {
      throw new LocalTargetError(`copying ${artifact.filename} into ${shown(dirname(destination))} failed: ${reason(error)}`)
    }
    try {
      await placing.link(temp, destination)
      return 'placed'
    } catch (error) {
      const code = errorCode(error)
      if (code === 'EEXIST') return await arrivedMeanwhile(artifact, destination)
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EXDEV' && code !== 'ENOSYS') {
        throw new LocalTargetError(`placing ${artifact.filename} at ${shown(destination)} failed: ${reason(error)}`)
      }
    }
    // A filesystem without hard links: re-check, then rename (atomic, but could race).
    if (await lstatOrUndefined(destination)) return await arrivedMeanwhile(artifact, destination)
    try {
      await renameRetrying(temp, destination)
    } catch (error) {
      throw new LocalTargetError(`placing ${artifact.filename} at ${shown(destination)} failed: ${reason(error)}`)
    }
    return 'placed'
  } finally {
    await removeQuietly(temp)
  }
}

/** A file appeared at `destination` after preflight (a concurrent run): done when it is this release. */
async function arrivedMeanwhile(artifact: BuildArtifact, destination: string): Promise<'present'> {
  const outcome = await plan(artifact, destination, true)
  if (!('conflict' in outcome)) return 'present'
  if (outcome.title !== DIFFERS) throw new LocalTargetError(`after preflight, ${outcome.conflict}`)
  throw new LocalTargetError(
    `another run published a different ${artifact.filename} in ${shown(dirname(destination))} at the same time; it is left as it is. ${outcome.conflict}`
  )
}

async function writeAtomically(path: string, content: string): Promise<void> {
  const temp = join(dirname(path), tempName())
  try {
    await writeFile(temp, content, { flag: 'wx', mode: 0o644 })
    const info = await lstatOrUndefined(path)
    const what = info && (await notRegular(path, info))
    if (what) throw new LocalTargetError(`${shown(path)} is ${what}; it is not replaced: remove it, and run again to write ${SUMS}.`)
    await renameRetrying(temp, path)
  } catch (error) {
    if (error instanceof LocalTargetError) throw error
    throw new LocalTargetError(`writing ${shown(path)} failed: ${reason(error)}`)
  } finally {
    await removeQuietly(temp)
  }
}

/** sha256 of a regular file (a symbolic link followed), read without blocking on a pipe; undefined for anything else. */
async function sha256Regular(path: string): Promise<string | undefined> {
  const handle = await openRegular(path)
  if (typeof handle === 'string') return undefined
  try {
    const hash = createHash('sha256')
    await pipeline(handle.createReadStream({ autoClose: false }), hash)
    return hash.digest('hex')
  } finally {
    await handle.close()
  }
}

/** SHA256SUMS's content for the directory as it stands: every regular distribution file, sorted by name. */
async function sumsContent(dir: string, known: Map<string, string>): Promise<string> {
  const names = (await readdir(dir)).filter(name => isDistribution(name) && !name.startsWith('.')).sort()
  const lines = await Promise.all(
    names.map(async name => {
      let digest = known.get(name)
      if (!digest) {
        try {
          digest = await sha256Regular(join(dir, name))
        } catch (error) {
          throw new LocalTargetError(`${shown(join(dir, name))} cannot be read for ${SUMS}: ${reason(error)}`)
        }
        if (digest) known.set(name, digest)
      }
      return digest ? `${digest}  ${name}\n` : ''
    })
  )
  return lines.join('')
}

/**
 * SHA256SUMS in `sha256sum` format for every distribution file in the directory as it stands,
 * sorted by name; rewritten only when it changes. Digests known from this release are reused. A run
 * publishing into the same directory at the same time may write it from an older listing, so after
 * each write the directory is listed and the file read back again: the last writer always checks its
 * write against a listing made after it, and a file placed later is listed by its own run's check.
 * Only a conflict waits (a little longer each time) before the next look.
 */
async function updateSums(dir: string, known: Map<string, string>): Promise<void> {
  const path = join(dir, SUMS)
  for (let attempt = 0; attempt <= 5; attempt++) {
    const content = await sumsContent(dir, known)
    const current = await readFile(path, 'utf8').catch(() => undefined)
    if (current === content) return
    // a second write means another run wrote in between: let it finish before looking again
    if (attempt > 0) await new Promise(resolve => setTimeout(resolve, 20 * attempt))
    await writeAtomically(path, content)
  }
}

/**
 * Records this origin's release beside SHA256SUMS: the release manifest, listing what an earlier run of the same
 * origin recorded and, over it, every file this run places or finds byte-identical (the bytes it vouches for). A
 * file kept as an equivalent rebuild is not listed: another commit may have placed it. Written before the files
 * are placed (a run that dies in between leaves a record of bytes not there, which vouches for nothing), atomically,
 * and never over another origin's record. Returns what was not recorded and why, or undefined.
 */
async function writeRecord(dir: string, preflight: PreflightResult, record: OriginRecord): Promise<string | undefined> {
  const artifacts = preflight.files.map(file => file.artifact)
  if (artifacts.length === 0) return undefined
  const recorded = await readRecord(dir, artifacts, record.origin)
  if (typeof recorded.held === 'object' && 'not' in recorded.held) return `${recorded.name} was left as it is: ${recorded.held.not}`
  const vouched = preflight.files.filter(file => file.action === 'upload' || file.action === 'skip-identical').map(file => file.artifact)
  if (vouched.length === 0) return undefined // every file kept as it is: the record (if any) stays as it is
  const text = mergedRecord(recorded.held === 'absent' ? undefined : recorded.held, record.manifest(vouched))
  if (text === undefined) return undefined
  parseManifest(text, recorded.name)
  await writeAtomically(join(dir, recorded.name), text)
  return undefined
}

/**
 * Removes this target's own temp files that a killed run left: at once when the name says its process is gone
 * from this host, else once untouched for STALE_TEMP_MS; a live run's stay. The number removed.
 */
async function removeStaleTemps(dir: string, now = Date.now()): Promise<number> {
  let removed = 0
  for (const name of await readdir(dir)) {
    if (!TEMP_NAME.test(name)) continue
    const info = await lstatOrUndefined(join(dir, name)).catch(() => undefined)
    // a killed run's file at once; one whose writer is unknown (another host, the older name) once it is old
    if (!info?.isFile() || (now - info.mtimeMs < STALE_TEMP_MS && !tempOwnerGone(name))) continue
    if (
      await unlink(join(dir, name)).then(
        () => true,
        () => false
      )
    )
      removed++
  }
  return removed
}

export async function publishLocal(preflight: PreflightResult, dir: string, record?: OriginRecord): Promise<PublishResult> {
  const url = pathToFileURL(dir).href
  const files = preflight.files.map(file => file.artifact.filename)
  const known = new Map<string, string>()
  const uploaded: string[] = []
  const skipped = preflight.files.filter(file => file.action !== 'upload').map(file => file.artifact.filename)
  let copied = 0
  let concurrent = 0
  let cleaned = 0
  let unrecorded: string | undefined
  try {
    await ensureDirectory(dir)
    cleaned = await removeStaleTemps(dir)
    if (record) unrecorded = await writeRecord(dir, preflight, record)
    for (const file of preflight.files) {
      if (file.action === 'upload') {
        if ((await placeAtomically(file.artifact, file.destination)) === 'placed') {
          uploaded.push(file.artifact.filename)
          copied++
        } else {
          skipped.push(file.artifact.filename)
          concurrent++
          continue // the file in place may be an equivalent rebuild: its digest is read from disk
        }
      }
      // A file kept as an equivalent rebuild or by its origin stays as it is, with its own digest (computed from disk).
      if (file.action === 'upload' || file.action === 'skip-identical') known.set(file.artifact.filename, file.artifact.sha256)
    }
    await updateSums(dir, known)
  } catch (error) {
    const why = error instanceof LocalTargetError ? error.message : reason(error)
    const message = `copying to ${shown(dir)} failed after ${copied} of ${files.length} files: ${why}`
    return { target: TARGET, status: 'failed', url, message, files: [], uploaded, skipped }
  }
  const equivalent = preflight.files.filter(file => file.action === 'skip-equivalent').length
  const own = preflight.files.filter(file => file.action === 'skip-origin').length
  const notes = [
    equivalent > 0 ? `${equivalent} kept as an equivalent rebuild` : '',
    own > 0 && record ? `${own} kept as uploaded by an earlier run of ${describeOrigin(record.origin)}` : '',
    unrecorded ? `this release's origin not recorded: ${unrecorded}` : '',
    concurrent > 0 ? `${concurrent} published by another run at the same time` : '',
    cleaned > 0 ? `removed ${cleaned} temp file${cleaned === 1 ? '' : 's'} an interrupted run left` : ''
  ].filter(Boolean)
  const kept = notes.length > 0 ? ` (${notes.join('; ')})` : ''
  return copied > 0
    ? { target: TARGET, status: 'published', url, message: `${copied} of ${files.length} files published to ${dir}${kept}`, files, uploaded, skipped }
    : { target: TARGET, status: 'skipped', url, message: `all ${files.length} files already in place in ${dir}${kept}`, files, uploaded, skipped }
}

/** The local target behind the PublishTarget interface: nothing is drafted, so nothing to finalize or undo. */
export class LocalTarget implements PublishTarget {
  constructor(
    /** Absolute directory ('local-dir'). */
    private readonly dir: string,
    private readonly skipExisting = DEFAULT_SKIP_EXISTING,
    /** This release's origin and its manifest (origin.ts); undefined when no commit can be named: bytes alone decide then. */
    private readonly record?: OriginRecord
  ) {}

  preflight(artifacts: BuildArtifact[]): Promise<PreflightResult> {
    return preflightLocal(this.dir, artifacts, this.skipExisting, this.record?.origin)
  }

  publish(preflight: PreflightResult): Promise<PublishResult> {
    return publishLocal(preflight, this.dir, this.record)
  }

  async finalize(result: PublishResult): Promise<PublishResult> {
    return result
  }

  async abandon(): Promise<void> {}
}
