// Files that arrive from other jobs (a publish job without `build`): gathered from the downloaded
// artifacts and verified before any preflight, since nothing here built them. Each file is inspected
// and digested exactly as a built file is (describeArtifact), then checked against the release
// manifests that came with it: the bytes each build job vouched for, its certification, one release.
//
// Two layouts arrive. One directory per artifact (@actions/artifact, or download-artifact without
// merge-multiple): each holds one job's files and its manifest, and a file its manifest does not list
// is an error. One merged directory (merge-multiple): several jobs' files and manifests side by side,
// plus files no manifest speaks for (cibuildwheel's cibw-* artifacts, maturin), which are allowed and
// noted; a merge keeps one file of each name, so a name several jobs built with different bytes lost
// one of them. Everything in these directories is hostile: names and manifests come from other jobs'
// artifacts, so symbolic links are refused (never followed) and nothing but a regular file is opened.
import { lstat, readdir } from 'node:fs/promises'
import type { Stats } from 'node:fs'
import { join } from 'node:path'
import { describeArtifact } from '../build/builder.js'
import { listDifferences, memberDifferences, readArchive } from '../build/archive.js'
import { excerpt, isManifestName, ManifestError, parseManifest, readManifestFile, type ManifestFile, type ReleaseManifest } from '../build/manifest.js'
import { normalizeName } from '../names.js'
import { versionsEqual } from '../pep440.js'
import type { Annotation, ArtifactFormat, BuildArtifact, Logger } from '../types.js'
import {
  builtFromCommit,
  certificationAllowed,
  expectedWheels,
  fromSourceRun,
  fromThisRepository,
  gatesListed,
  manifestForRelease,
  oneCommit,
  oneRelease,
  unvouchedFile,
  who,
  type Finding
} from './arrival-rules.js'

export interface Arrival {
  /** The artifact name or directory, for messages. */
  source: string
  dir: string
  /**
   * Several artifacts merged into this directory (merge-multiple): files no manifest lists are allowed
   * (and noted) rather than refused. Default: merged when the directory holds more than one manifest.
   */
  merged?: boolean
}

export interface ArrivalOptions {
  /** Platform tags or globs (`win_amd64`, `*manylinux*x86_64`, `macosx*arm64`) that some wheel must match. */
  expectWheels?: string[]
  /** A manifest whose certification is PARTIAL is an error (else a warning). */
  failOnPartial?: boolean
  /**
   * Every file must come with a manifest whose certification ran (not NOT-RUN) and lists every gate, and
   * that names the repository and the commit it was built from.
   */
  requireCertification?: boolean
  /** The repository releasing (GITHUB_REPOSITORY): every manifest must name it. */
  repository?: string
  /** The commit being released, and what it is for messages (GITHUB_SHA; a promotion: the source run's head commit). */
  commit?: { sha: string; what: string }
  /** A promotion: the run whose artifacts these are; every manifest must name it. */
  run?: { id: number; url: string }
  logger: Logger
}

/** A manifest that arrived, and the files whose arrived bytes match what it lists. */
export interface ArrivedManifest {
  /** The arrival it came in. */
  source: string
  /** Its file name there. */
  file: string
  manifest: ReleaseManifest
  vouches: string[]
}

export interface ArrivalResult {
  /** The verified files, sdist first, then wheels by name; empty whenever `errors` is not. */
  artifacts: BuildArtifact[]
  /** The release, from the files' own metadata. */
  project: string | undefined
  version: string | undefined
  manifests: ArrivedManifest[]
  /** Files no manifest lists (cibuildwheel, maturin): inspected and digested here only. */
  unvouched: Array<{ source: string; filename: string }>
  annotations: Annotation[]
  /** Any error means nothing may be published. */
  errors: string[]
}

interface Arrived {
  source: string
  filename: string
  artifact: BuildArtifact
  vouchedBy: ArrivedManifest[]
}

const TITLE = 'Arrived files'

function formatOf(filename: string): ArtifactFormat | undefined {
  if (filename.endsWith('.whl')) return 'wheel'
  if (filename.endsWith('.tar.gz')) return 'sdist'
  return undefined
}

const count = (n: number, what: string): string => `${n} ${what}${n === 1 ? '' : 's'}`

/**
 * The platform tags of a wheel's filename; a compressed tag set (`a.b`) counts for each. Only what the name
 * claims: expect-wheels goes by the tags inspection verified (arrival-rules.ts expectedWheels).
 */
export function wheelPlatforms(filename: string): string[] {
  const parts = filename.replace(/\.whl$/, '').split('-')
  if (parts.length !== 5 && parts.length !== 6) return []
  return parts[parts.length - 1]!.split('.')
}

/** A file as it was when its early description started: a later write changes its ctime. */
const identity = (stats: Stats): string => `${stats.dev}:${stats.ino}:${stats.size}:${stats.mtimeMs}:${stats.ctimeMs}`
/** Descriptions started by prepareArrival, by path: used by verifyArrivals only if the file is unchanged since. */
const early = new Map<string, { identity: string; described: Promise<BuildArtifact> }>()
/** One early description at a time: they overlap the downloads still running, not each other. */
let earlyQueue: Promise<unknown> = Promise.resolve()

/**
 * Starts describing the distribution files of one arrived directory (the same checks verifyArrivals
 * makes before opening a file: a regular file, not a link, a plain name), so that a publish job digests
 * and inspects each artifact while the others still download. verifyArrivals still decides everything.
 */
export async function prepareArrival(dir: string): Promise<void> {
  const listing = await readdir(dir, { withFileTypes: true }).catch(() => [])
  for (const entry of listing) {
    if (!entry.isFile() || !formatOf(entry.name) || /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(entry.name)) continue
    const path = join(dir, entry.name)
    const stats = await lstat(path).catch(() => undefined)
    if (!stats?.isFile()) continue
    const described = earlyQueue.then(() => describeArtifact(path))
    described.catch(() => {}) // verifyArrivals reports it, if it asks
    earlyQueue = described.catch(() => {})
    early.set(path, { identity: identity(stats), described })
  }
}

/** What differs between an arrived file and a manifest's entry for it; [] when they match. */
function mismatches(artifact: BuildArtifact, entry: ManifestFile): string[] {
  const found: string[] = []
  if (artifact.size !== entry.size) found.push(`it is ${artifact.size} bytes, the manifest says ${entry.size}`)
  for (const digest of ['sha256', 'md5', 'blake2b_256'] as const) {
    if (artifact[digest] !== entry[digest]) found.push(`its ${digest} is ${artifact[digest]}, the manifest says ${entry[digest]}`)
  }
  return found
}

/**
 * Gathers the files of every arrival and verifies them (see the top of this file). Errors are
 * collected, not thrown, so one run reports everything wrong; any error means nothing may be published.
 */
export async function verifyArrivals(arrivals: Arrival[], options: ArrivalOptions): Promise<ArrivalResult> {
  const { logger } = options
  const errors: string[] = []
  const annotations: Annotation[] = []
  const manifests: ArrivedManifest[] = []
  const arrived: Arrived[] = []
  const unvouched: Arrived[] = []

  for (const arrival of arrivals) {
    const source = excerpt(arrival.source, 100)
    const top = await lstat(arrival.dir).catch((error: Error) => error)
    if (top instanceof Error || !top.isDirectory()) {
      errors.push(`The files from ${source} cannot be read: ${arrival.dir} ${top instanceof Error ? `is not there (${top.message})` : 'is not a directory'}`)
      continue
    }
    const listing = await readdir(arrival.dir, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => error)
    if (listing instanceof Error) {
      errors.push(`The files from ${source} cannot be read: ${arrival.dir} cannot be listed (${listing.code ?? listing.message})`)
      continue
    }
    const entries = listing.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    const here: ArrivedManifest[] = []
    const files = new Map<string, string>()
    for (const entry of entries) {
      const name = excerpt(entry.name, 80)
      const path = join(arrival.dir, entry.name)
      if (entry.isSymbolicLink()) {
        errors.push(`${name} in ${source} is a symbolic link; it was refused, not followed (an artifact holds regular files only)`)
      } else if (entry.isDirectory()) {
        annotations.push({ level: 'warning', title: TITLE, message: `${name} in ${source} is a directory; nothing in it was looked at or will be published` })
      } else if (!entry.isFile()) {
        errors.push(`${name} in ${source} is not a regular file (a FIFO, socket or device); it was refused and never opened`)
      } else if (isManifestName(entry.name)) {
        try {
          const manifest = parseManifest(await readManifestFile(path, `${name} in ${source}`), `${name} in ${source}`)
          here.push({ source: arrival.source, file: entry.name, manifest, vouches: [] })
        } catch (error) {
          const code = (error as NodeJS.ErrnoException).code
          errors.push(error instanceof ManifestError ? error.message : `The release manifest ${name} in ${source} cannot be read${code ? ` (${code})` : ''}`)
        }
      } else if (formatOf(entry.name) && /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(entry.name)) {
        // no index accepts such a name, and inspection would repeat it raw in every message about the file
        errors.push(`${name} in ${source} has control characters in its name; it was refused and not opened`)
      } else if (formatOf(entry.name)) {
        files.set(entry.name, path)
      } else {
        logger.debug(`${name} in ${source} is neither a wheel, an sdist nor a release manifest: ignored`)
      }
    }
    manifests.push(...here)
    const merged = arrival.merged ?? here.length > 1

    // every file a manifest lists is here
    const listings = new Map<string, Array<{ manifest: ArrivedManifest; entry: ManifestFile }>>()
    for (const manifest of here) {
      for (const entry of manifest.manifest.files) {
        if (!files.has(entry.filename)) {
          errors.push(`${excerpt(entry.filename, 80)} is listed by ${who(manifest)} but is not in ${source}: it was lost or never uploaded`)
        }
        listings.set(entry.filename, [...(listings.get(entry.filename) ?? []), { manifest, entry }])
      }
    }

    for (const [filename, path] of files) {
      const name = excerpt(filename, 80)
      const listed = listings.get(filename) ?? []
      if (listed.length === 0 && here.length > 0 && !merged) {
        errors.push(
          `${name} in ${source} is not listed in its release manifest (${who(here[0]!)}): a file added after the build job wrote it is refused ` +
            '(if this directory merges several artifacts, pass it as merged)'
        )
        continue
      }
      // a regular file when the directory was read; lstat again so that a swap for a link or FIFO is caught before it is opened
      const stats = await lstat(path).catch(() => undefined)
      if (!stats?.isFile()) {
        errors.push(`${name} in ${source} is no longer a regular file; it was refused and not opened`)
        continue
      }
      let artifact: BuildArtifact
      try {
        const started = early.get(path)
        early.delete(path)
        artifact = await (started?.identity === identity(stats) ? started.described : describeArtifact(path))
      } catch (error) {
        errors.push(`${(error as Error).message} (in ${source})`)
        continue
      }
      const vouchedBy: ArrivedManifest[] = []
      for (const { manifest, entry } of listed) {
        const wrong = mismatches(artifact, entry)
        if (wrong.length === 0) vouchedBy.push(manifest)
        else if (listed.length === 1) errors.push(`${name} in ${source} is not the file ${who(manifest)} built: ${wrong.join('; ')}`)
      }
      if (listed.length > 1) {
        const distinct = new Set(listed.map(({ entry }) => entry.sha256))
        const jobs = listed.map(({ manifest }) => who(manifest)).join(' and ')
        if (distinct.size > 1 && artifact.format === 'wheel') {
          errors.push(
            `${name} was built with different bytes by ${jobs}: the merge into ${source} kept only one; ` +
              'give each job its own platform (or make the builds reproducible)'
          )
        } else if (distinct.size > 1) {
          annotations.push({
            level: 'warning',
            title: TITLE,
            message:
              `${name} was built with different bytes by ${jobs}; the merge into ${source} kept one, ` +
              `${vouchedBy.length > 0 ? `the one ${who(vouchedBy[0]!)} built` : 'and it matches none of them'}`
          })
        }
        if (vouchedBy.length === 0) {
          errors.push(`${name} in ${source} is not the file any of ${jobs} built (${mismatches(artifact, listed[0]!.entry).join('; ')})`)
        }
      }
      for (const { manifest, entry } of listed.filter(({ manifest }) => vouchedBy.includes(manifest))) {
        if (normalizeName(entry.name) !== normalizeName(artifact.metadata.name) || !versionsEqual(entry.version, artifact.metadata.version)) {
          errors.push(
            `${who(manifest)} lists ${name} as ${excerpt(entry.name)} ${excerpt(entry.version)}, ` +
              `but its metadata says ${artifact.metadata.name} ${artifact.metadata.version}`
          )
        }
        if (entry.inspection.verdict === 'errors') errors.push(`${who(manifest)} says its inspection of ${name} found errors; it is not fit to publish`)
        // the build job's render of the description: this job may have no Python, and the bytes are the ones it rendered
        if (entry.description && !artifact.description) artifact = { ...artifact, description: entry.description }
        manifest.vouches.push(filename)
      }
      const one: Arrived = { source: arrival.source, filename, artifact, vouchedBy }
      arrived.push(one)
      if (listed.length === 0) unvouched.push(one)
    }
  }

  // ---- what each manifest vouches for: its certification, this repository, the commit being released (arrival-rules.ts)
  const found = (finding: Finding | undefined): void => {
    if (finding?.level === 'error') errors.push(finding.message)
    else if (finding) annotations.push({ level: finding.level, title: TITLE, message: finding.message })
  }
  const strict = options.requireCertification === true
  for (const manifest of manifests) {
    found(certificationAllowed(manifest, options))
    if (strict) found(gatesListed(manifest))
    found(fromThisRepository(manifest, options.repository, strict))
    found(fromSourceRun(manifest, options.run))
  }
  const split = oneCommit(manifests)
  found(split)
  // one commit that is not the one being released: said once per manifest (a split says which differ already)
  if (!split) for (const manifest of manifests) found(builtFromCommit(manifest, options.commit, strict))
  for (const file of unvouched) found(unvouchedFile(file, strict))

  // ---- one file of each name: identical copies are one, equivalent sdists (same members) are one, others conflict
  const kept: Arrived[] = []
  const byName = new Map<string, Arrived[]>()
  for (const one of arrived) byName.set(one.filename, [...(byName.get(one.filename) ?? []), one])
  for (const [filename, arrivedCopies] of byName) {
    // the copy kept is one a manifest vouches for, when there is one (the sort keeps arrival order otherwise)
    const copies = [...arrivedCopies].sort((a, b) => Number(b.vouchedBy.length > 0) - Number(a.vouchedBy.length > 0))
    const first = copies[0]!
    kept.push(first)
    if (copies.length === 1) continue
    const name = excerpt(filename, 80)
    const from = (one: Arrived): string => (one.vouchedBy.length > 0 ? one.vouchedBy.map(who).join(', ') : excerpt(one.source, 100))
    const others = copies.slice(1).filter(one => one.artifact.sha256 !== first.artifact.sha256)
    if (others.length > 0 && first.artifact.format === 'wheel') {
      const jobs = [first, ...others].map(from).join(' and ')
      errors.push(`${name} arrived with different bytes from ${jobs}: two jobs built the same wheel differently; publish one`)
      continue
    }
    let conflict = false
    if (others.length > 0) {
      const members = (await readArchive(first.artifact.path)).members
      for (const other of others) {
        const differences = memberDifferences(members, (await readArchive(other.artifact.path)).members)
        if (differences.length > 0) {
          conflict = true
          errors.push(`${name} from ${from(first)} and from ${from(other)} differ: ${listDifferences(differences)}; the jobs built different sources`)
        }
      }
    }
    if (conflict) continue
    for (const other of copies.slice(1)) for (const manifest of other.vouchedBy) if (!first.vouchedBy.includes(manifest)) first.vouchedBy.push(manifest)
    const how = others.length > 0 ? 'equivalent (the same members and contents)' : 'identical'
    annotations.push({ level: 'notice', title: TITLE, message: `${copies.length} copies of ${name} arrived, ${how}; the one from ${from(first)} is kept` })
  }

  // ---- one release: the files' own metadata is the truth, and every manifest must agree with it
  const release = oneRelease(kept.map(one => one.artifact))
  found(release.finding)
  if (release.release) for (const manifest of manifests) found(manifestForRelease(manifest, release.release))
  if (kept.length === 0 && errors.length === 0) {
    errors.push(`No wheel or sdist arrived in ${arrivals.map(a => excerpt(a.source, 100)).join(', ') || 'any artifact'}`)
  }

  // ---- every platform the release promises has a wheel, by the tags the wheels' WHEEL files state (verified against their names)
  const wheels = kept.filter(one => one.artifact.format === 'wheel').map(one => one.artifact)
  for (const finding of expectedWheels(wheels, options.expectWheels ?? [])) found(finding)

  const artifacts = kept
    .map(one => one.artifact)
    .sort((a, b) => (a.format !== b.format ? (a.format === 'sdist' ? -1 : 1) : a.filename < b.filename ? -1 : a.filename > b.filename ? 1 : 0))
  logger.info(
    `arrived: ${count(artifacts.length, 'file')} from ${count(arrivals.length, 'source')}, ${count(manifests.length, 'manifest')}` +
      `${unvouched.length > 0 ? `, ${count(unvouched.length, 'file')} without a manifest` : ''}${errors.length > 0 ? `; ${count(errors.length, 'error')}` : ''}`
  )
  return {
    artifacts: errors.length > 0 ? [] : artifacts,
    project: kept[0]?.artifact.metadata.name,
    version: kept[0]?.artifact.metadata.version,
    manifests,
    unvouched: unvouched.map(({ source, filename }) => ({ source, filename })),
    annotations,
    errors
  }
}
