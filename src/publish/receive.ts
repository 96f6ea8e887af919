// A job without the build stage (the publish job of a matrix) receives the files other jobs built:
// downloaded through the Actions artifact service (this run's artifacts, or another run's with
// 'artifact-run-id'), or found in 'dist-dir' (actions/download-artifact's layouts, cibuildwheel's
// wheelhouse). What arrives is only gathered here, one directory per source; publish/arrival.ts
// verifies it before any preflight.
import { lstat, mkdir, readdir } from 'node:fs/promises'
import { join } from 'node:path'
import picomatch from 'picomatch'
import type { Logger } from '../types.js'
import { prepareArrival, type Arrival } from './arrival.js'
import { excerpt, plain } from '../build/manifest.js'
import { describeError } from '../errors.js'
import type { SourceRun } from './source-run.js'

export type { Arrival }

/** The artifact service as the receiving job needs it; main.ts hands in @actions/artifact's. */
export interface ArtifactSource {
  /** The newest artifact of each name in this run, or in run `runId` of this repository. */
  list(runId?: number): Promise<Array<{ id: number; name: string; size: number; digest?: string }>>
  /**
   * Downloads and unpacks artifact `id` into `directory`. With `expectedDigest` (the service's own
   * `sha256:<hex>` of the upload), true when the downloaded archive does not match it.
   */
  download(id: number, directory: string, options: { runId?: number; expectedDigest?: string }): Promise<{ digestMismatch: boolean }>
  /** How messages name the service (its host), for this run's artifacts or run `runId`'s. */
  describe?(runId?: number): string
  /**
   * Workflow run `runId` of this repository as the REST API describes it (GET …/actions/runs/{run_id}): a
   * promotion is judged by it before anything is downloaded (source-run.ts). A source without it cannot promote.
   */
  workflowRun?(runId: number): Promise<SourceRun>
}

/** A problem receiving the files: nothing is published. The message names the input to change. */
export class ReceiveError extends Error {
  override name = 'ReceiveError'
}

const DISTRIBUTION = /\.(whl|tar\.gz|zip)$/
const MANIFEST = /^release-manifest(\..+)?\.json$/

/** Whether a directory holds distribution files or a release manifest of its own (not in subdirectories). */
async function holdsRelease(dir: string): Promise<boolean> {
  const names = await readdir(dir)
  return names.some(name => DISTRIBUTION.test(name) || MANIFEST.test(name))
}

/**
 * The sources in 'dist-dir': the directory itself when files lie in it (a merged download, a
 * wheelhouse), and each subdirectory that holds files (actions/download-artifact without
 * merge-multiple writes one per artifact). Symbolic links are not followed.
 */
export async function distDirArrivals(distDir: string): Promise<Arrival[]> {
  let info
  try {
    info = await lstat(distDir)
  } catch {
    throw new ReceiveError(`Input 'dist-dir' (${distDir}) does not exist: name the directory the files were downloaded or built into`)
  }
  if (!info.isDirectory()) throw new ReceiveError(`Input 'dist-dir' (${distDir}) is not a directory`)
  const arrivals: Arrival[] = []
  // files in the directory itself: a merged download (merge-multiple) or a wheelhouse, several jobs' files side by side
  if (await holdsRelease(distDir)) arrivals.push({ source: distDir, dir: distDir, merged: true })
  for (const entry of (await readdir(distDir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.isDirectory()) continue
    const dir = join(distDir, entry.name)
    if (await holdsRelease(dir)) arrivals.push({ source: dir, dir })
  }
  if (arrivals.length === 0) {
    throw new ReceiveError(`Input 'dist-dir' (${distDir}) holds no distribution file (.whl, .tar.gz) and no release manifest, in it or one directory down`)
  }
  return arrivals
}

/** A glob per artifact name pattern; a name template's placeholders ({job}, {os}, …) match anything. */
export function artifactMatcher(patterns: string[]): (name: string) => boolean {
  const globs = patterns.map(pattern => pattern.replace(/\{(job|os|arch|name|version)\}/g, '*'))
  const match = picomatch(globs, { dot: true })
  return name => match(name)
}

// Measured (bench:download, 20 artifacts of 20 MiB): 20 at once took 14% less time (7% less CPU) than 4; more streams
// in flight mean fewer, larger reads per turn of the event loop.
const DOWNLOADS_AT_ONCE = 20

/**
 * Downloads every artifact whose name matches `patterns`, each into its own directory under
 * `workDir`, at most twenty at once. An artifact whose download does not match the digest the service
 * recorded at upload is refused, as is a pattern that matches nothing. With `timeoutMs`, the listing, the
 * downloads and every retry end by then (a service that never answers, resets or trickles), naming the
 * service and the artifacts still under way.
 */
export async function downloadArrivals(options: {
  source: ArtifactSource
  patterns: string[]
  runId?: number
  workDir: string
  logger: Logger
  /** The time listing, downloads and the client's retries may take in all ('receive-timeout'). */
  timeoutMs?: number
}): Promise<Arrival[]> {
  const where = options.runId === undefined ? 'this workflow run' : `workflow run ${options.runId} (input 'artifact-run-id')`
  const progress: ReceiveProgress = { listed: false, inFlight: new Set(), arrived: 0, wanted: 0, stop: () => {} }
  const working = receiveArtifacts(options, where, progress)
  if (options.timeoutMs === undefined) return working
  // The artifact client has no way to be cancelled and retries for minutes on its own (five attempts a request,
  // a download retried after 5 s, no bound on a trickling body): the run stops waiting for it at the deadline,
  // takes no more downloads, and what is still under way is dropped when the process ends after the report.
  working.catch(() => {})
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      progress.stop()
      reject(receiveTimedOut(options, where, progress))
    }, options.timeoutMs)
  })
  try {
    return await Promise.race([working, timeout])
  } finally {
    clearTimeout(timer)
  }
}

/** Where receiving stands, for the message when its deadline passes. */
interface ReceiveProgress {
  listed: boolean
  /** The artifacts being downloaded ("artifact NAME (id N)"). */
  inFlight: Set<string>
  arrived: number
  wanted: number
  /** Takes no more downloads. */
  stop: () => void
}

function receiveTimedOut(options: { source: ArtifactSource; runId?: number; timeoutMs?: number }, where: string, progress: ReceiveProgress): ReceiveError {
  const minutes = Number(((options.timeoutMs ?? 0) / 60_000).toFixed(3))
  const service = options.source.describe?.(options.runId) ?? 'the Actions artifact service'
  const what = !progress.listed
    ? `${service} had not answered the listing of the artifacts of ${where}`
    : `${service} was still sending ${[...progress.inFlight].join(', ') || 'the artifacts'} of ${where} (${progress.arrived} of ${progress.wanted} artifacts had arrived)`
  return new ReceiveError(
    `Receiving stopped as input 'receive-timeout' (${minutes} minute${minutes === 1 ? '' : 's'}) ran out: ${what}, its retries included; ` +
      "nothing is published. Re-run the job, or raise 'receive-timeout' if the service is only slow."
  )
}

async function receiveArtifacts(
  options: { source: ArtifactSource; patterns: string[]; runId?: number; workDir: string; logger: Logger },
  where: string,
  progress: ReceiveProgress
): Promise<Arrival[]> {
  const { source, patterns, runId, logger } = options
  let all
  try {
    all = await source.list(runId)
  } catch (error) {
    throw new ReceiveError(
      `Listing the artifacts of ${where} at ${source.describe?.(runId) ?? 'the Actions artifact service'} failed: ${describeError(error)}; nothing is published` +
        (runId === undefined ? '' : ". Another run's artifacts need 'github-token' with `permissions: actions: read` in this job")
    )
  }
  progress.listed = true
  const wanted = all.filter(artifact => artifactMatcher(patterns)(artifact.name)).sort((a, b) => a.name.localeCompare(b.name))
  for (const pattern of patterns) {
    if (!all.some(artifact => artifactMatcher([pattern])(artifact.name))) {
      const present = all.map(a => plain(a.name, 100)).sort()
      throw new ReceiveError(
        `Input 'download-artifacts': no artifact of ${where} matches '${pattern}'` +
          `${present.length > 0 ? ` (it has ${present.slice(0, 10).join(', ')}${present.length > 10 ? `, and ${present.length - 10} more` : ''})` : ' (it has none)'}. ` +
          `Did the build jobs run and upload (upload-artifact: true), and does the pattern match their artifact-name?`
      )
    }
  }
  await mkdir(options.workDir, { recursive: true })
  const arrivals: Arrival[] = wanted.map((artifact, index) => ({
    source: `artifact ${excerpt(artifact.name, 100)} (id ${artifact.id})`,
    dir: join(options.workDir, `${index}`)
  }))
  let next = 0
  let stopped = false
  progress.wanted = wanted.length
  progress.stop = () => (stopped = true)
  const unchecked: string[] = []
  const worker = async (): Promise<void> => {
    while (!stopped && next < wanted.length) {
      const index = next++
      const artifact = wanted[index]!
      const arrival = arrivals[index]!
      await mkdir(arrival.dir)
      let digestMismatch: boolean
      progress.inFlight.add(arrival.source)
      try {
        ;({ digestMismatch } = await source.download(artifact.id, arrival.dir, { runId, expectedDigest: artifact.digest }))
        progress.inFlight.delete(arrival.source)
        progress.arrived++
      } catch (error) {
        stopped = true
        throw new ReceiveError(
          `Downloading ${arrival.source} of ${where} failed: ${describeError(error)}` +
            (runId === undefined ? '' : ". Another run's artifacts need 'github-token' with `permissions: actions: read` in this job")
        )
      }
      if (digestMismatch) {
        stopped = true
        throw new ReceiveError(
          `${arrival.source} of ${where} does not match the digest the artifact service recorded when it was uploaded (${artifact.digest}): ` +
            'it changed after upload, and nothing is published from it'
        )
      }
      if (!artifact.digest) unchecked.push(arrival.source)
      void prepareArrival(arrival.dir) // verification starts while the others download
      logger.info(
        `downloaded ${arrival.source} (${artifact.size} bytes${artifact.digest ? `, ${artifact.digest}, verified` : ', no digest to check it against'})`
      )
    }
  }
  // the first failure stops the others taking more; the downloads under way end before this returns
  const settled = await Promise.allSettled(Array.from({ length: Math.min(DOWNLOADS_AT_ONCE, wanted.length) }, worker))
  const failure = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected')
  if (failure) throw failure.reason
  if (unchecked.length > 0) logger.info(`the artifact service gave no digest for ${unchecked.join(', ')}: their manifests alone vouch for them`)
  return arrivals
}
