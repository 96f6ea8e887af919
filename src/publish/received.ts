// A job without the build stage (stages preflight,publish): the files other jobs built are received
// (downloaded or found in dist-dir) and verified against their release manifests before any preflight.
// The pipeline records this in the build stage's row: where the files came from and what vouches for them.
import { createHash } from 'node:crypto'
import { constants } from 'node:fs'
import { open } from 'node:fs/promises'
import { join } from 'node:path'
import type { Annotation, BuildArtifact, BuildReport, Logger } from '../types.js'
import { tagFromRef, versionFromTag, versionsEqual } from '../pep440.js'
import { excerpt } from '../build/manifest.js'
import { describeError } from '../errors.js'
import type { ReleaseInputs } from '../inputs.js'
import { runnerTempDir, type RunnerEnvironment } from '../env.js'
import type { ReceivedSource, StageReport } from '../outcome.js'
import { distDirArrivals, downloadArrivals, ReceiveError, type ArtifactSource } from './receive.js'
import { verifyArrivals, type ArrivalResult, type ArrivedManifest } from './arrival.js'
import { runName, runProblems, type SourceRun } from './source-run.js'

/** Every input receiving reads. */
export type ReceiveInputs = Pick<ReleaseInputs, 'receive' | 'expectWheels' | 'requireCertification' | 'failOnPartial' | 'version' | 'tagPrefix'>

export interface ReceiveStageResult extends StageReport {
  /** The verified files, as a build would have reported them; undefined when verification failed. */
  build: BuildReport | undefined
  project: string | undefined
  version: string | undefined
  manifests: ArrivedManifest[]
  /** Per artifact: the job, runner and certification its manifest names, and the files (empty until verified). */
  sources: ReceivedSource[]
  /** The commit every manifest that names one says the files were built from. */
  commit: string | undefined
  /**
   * Why this run did not build what it publishes: a manifest names another run (a promotion by artifact-run-id,
   * or another run's files in dist-dir). Build provenance signed here would name this run as the builder, so it
   * is not signed then. Files no manifest vouches for (an earlier step of this job, cibuildwheel) count as this
   * run's, as actions/attest-build-provenance counts whatever it is given.
   */
  builtElsewhere?: string
}

const plural = (count: number, one: string, many = `${one}s`): string => `${count} ${count === 1 ? one : many}`

export async function receiveStage(
  inputs: ReceiveInputs,
  env: RunnerEnvironment,
  hooks: { logger: Logger; source?: ArtifactSource }
): Promise<ReceiveStageResult> {
  const { logger } = hooks
  const receive = inputs.receive
  if (!receive) throw new Error('receiveStage runs only in a job that receives files')
  const annotations: Annotation[] = []
  const failed = (message: string, title: string, details: string[] = [message]): ReceiveStageResult => {
    for (const detail of details) annotations.push({ level: 'error', title, message: detail })
    return { status: 'failed', message, annotations, build: undefined, project: undefined, version: undefined, manifests: [], sources: [], commit: undefined }
  }
  const workDir = await runnerTempDir(env.runnerTemp, 'python-release-received-')
  // A promotion: the source run is asked about before anything of it is downloaded (source-run.ts).
  let sourceRun: SourceRun | undefined
  if (receive.from === 'artifacts' && receive.runId !== undefined && hooks.source) {
    const checked = await checkSourceRun(hooks.source, receive.runId, env.repository, logger)
    if (typeof checked === 'string') return failed(checked, 'Receiving the files failed')
    if (checked.problems.length > 0) {
      return failed(
        `input 'artifact-run-id' names ${runName(checked.run)}, which is not a run to promote: ${checked.problems.join('; ')}`,
        'Receiving the files failed',
        checked.problems
      )
    }
    sourceRun = checked.run
  }
  let arrivals
  try {
    if (receive.from === 'directory') arrivals = await distDirArrivals(receive.dir)
    else if (!hooks.source) {
      throw new ReceiveError("The command line does not download from the Actions artifact service: give the files' directory with --dist-dir")
    } else if (env.artifactServiceUnavailable && receive.runId === undefined) {
      throw new ReceiveError(
        `Cannot download this run's artifacts: ${env.artifactServiceUnavailable}. Download them with actions/download-artifact and name the directory in 'dist-dir'.`
      )
    } else {
      const { patterns, runId, timeoutMs } = receive
      arrivals = await downloadArrivals({ source: hooks.source, patterns, runId, workDir, logger, timeoutMs })
    }
  } catch (error) {
    if (!(error instanceof ReceiveError)) throw error
    return failed(error.message, 'Receiving the files failed')
  }
  const verified = await verifyArrivals(arrivals, {
    expectWheels: inputs.expectWheels,
    failOnPartial: inputs.failOnPartial,
    requireCertification: inputs.requireCertification,
    ...(env.repository !== undefined ? { repository: env.repository } : {}),
    ...releasedCommit(env, sourceRun),
    ...(sourceRun ? { run: { id: sourceRun.id, url: sourceRun.html_url } } : {}),
    logger
  })
  annotations.push(...verified.annotations)
  const from = `${plural(arrivals.length, receive.from === 'directory' ? 'directory' : 'artifact', receive.from === 'directory' ? 'directories' : 'artifacts')}`
  if (verified.errors.length > 0) {
    const first = verified.errors[0]!
    return failed(
      `the files received from ${from} failed verification (${plural(verified.errors.length, 'problem')}): ${first}`,
      'Verification failed',
      verified.errors
    )
  }
  // The release this run is for: a version input or a pushed tag must name the version the files carry.
  const release = verified.version ?? ''
  const mismatches: string[] = []
  if (inputs.version !== undefined && !versionsEqual(inputs.version, release)) {
    mismatches.push(`input 'version' is ${inputs.version}, but the files received are version ${release}`)
  }
  const tag = tagFromRef(env.ref)
  const tagged = tag === undefined ? undefined : versionFromTag(tag, inputs.tagPrefix)
  if (tagged?.kind === 'version' && !versionsEqual(tagged.version.normalized, release)) {
    mismatches.push(`this run is for tag ${tag} (version ${tagged.version.normalized}), but the files received are version ${release}`)
  }
  if (mismatches.length > 0) return failed(`${mismatches.join('; ')}: nothing is published`, 'Version mismatch', mismatches)
  // The commit the files were built from (a GitHub Release is tagged there): verification made sure the manifests agree.
  const commits = new Set(verified.manifests.map(arrived => arrived.manifest.source.sha).filter((sha): sha is string => sha !== null))
  // Published from a private copy, hashed as it is made: a received file that changes after verification
  // (in RUNNER_TEMP or in dist-dir) is never what goes out.
  const kept = await runnerTempDir(env.runnerTemp, 'python-release-verified-')
  const artifacts: BuildArtifact[] = []
  for (const artifact of verified.artifacts) {
    const copy = join(kept, artifact.filename)
    let sha256: string
    try {
      sha256 = await copyHashing(artifact.path, copy)
    } catch (error) {
      return failed(`${artifact.filename} could not be read again after it was verified: ${describeError(error)}; nothing is published`, 'Verification failed')
    }
    if (sha256 !== artifact.sha256) {
      return failed(
        `${artifact.filename} changed after it was verified (sha256 ${sha256}, verified ${artifact.sha256}): nothing is published`,
        'Verification failed'
      )
    }
    artifacts.push({ ...artifact, path: copy })
  }
  for (const artifact of artifacts) logger.info(`${artifact.filename}  ${artifact.size} bytes  sha256 ${artifact.sha256}`)
  const vouched = verified.artifacts.length - verified.unvouched.length
  const message =
    `${plural(verified.artifacts.length, 'file')} received from ${from} (${arrivals.map(a => a.source).join(', ')}); ` +
    `${vouched} verified against ${plural(verified.manifests.length, 'release manifest')}` +
    (verified.unvouched.length > 0 ? `, ${verified.unvouched.length} with no build manifest to vouch for them (inspected and digested here)` : '')
  return {
    status: 'ok',
    message,
    annotations,
    build: {
      outputDir: receive.from === 'directory' ? receive.dir : workDir,
      artifacts,
      command: [],
      annotations: [],
      received: arrivals.map(a => a.source).join(', ')
    },
    project: verified.project,
    version: verified.version,
    manifests: verified.manifests,
    sources: receivedSources(verified, artifacts, env.runId),
    commit: [...commits][0],
    builtElsewhere: builtElsewhere(verified.manifests, env.runId)
  }
}

/**
 * The commit this job releases, which every manifest must name: a promotion's is the source run's head
 * commit; otherwise GITHUB_SHA (the commit a tag push tagged; a dist-dir of another run's files is promoted
 * with 'artifact-run-id' instead, which checks that run). None outside Actions (the command line).
 */
function releasedCommit(env: RunnerEnvironment, run: SourceRun | undefined): { commit?: { sha: string; what: string } } {
  if (run) return { commit: { sha: run.head_sha, what: `the head commit of ${runName(run)}, the run being promoted` } }
  if (env.sha !== undefined) return { commit: { sha: env.sha, what: "this run's commit (GITHUB_SHA)" } }
  return {}
}

/** Asks for the source run of a promotion: the run and what is wrong with it, or why it could not be asked. */
async function checkSourceRun(
  source: ArtifactSource,
  runId: number,
  repository: string | undefined,
  logger: Logger
): Promise<{ run: SourceRun; problems: string[] } | string> {
  const asked = `workflow run ${runId} (input 'artifact-run-id')`
  if (!source.workflowRun) return `${asked} cannot be checked here before its artifacts are downloaded, so nothing of it is promoted`
  let run: SourceRun
  try {
    run = await source.workflowRun(runId)
  } catch (error) {
    return (
      `${asked} could not be checked through the GitHub API before its artifacts are downloaded: ${describeError(error)}. ` +
      "Another run's artifacts need 'github-token' with `permissions: actions: read` in this job"
    )
  }
  logger.info(`promoting ${runName(run)}: ${run.event} at ${run.head_sha}, ${run.status ?? '?'}/${run.conclusion ?? '?'}`)
  return { run, problems: runProblems(run, repository) }
}

/**
 * What each verified manifest says of the files it vouches for (the job, runner and certification), then the files no
 * manifest lists, by where they arrived; only files that are published (`artifacts`) are shown.
 */
function receivedSources(verified: ArrivalResult, artifacts: BuildArtifact[], runId: string | undefined): ReceivedSource[] {
  const formats = new Map(artifacts.map(a => [a.filename, a.format]))
  const files = (names: string[]): ReceivedSource['files'] =>
    [...new Set(names)]
      .filter(name => formats.has(name))
      // as the build table lists them: the sdist first, then the wheels by name
      .sort((a, b) => Number(formats.get(a) === 'wheel') - Number(formats.get(b) === 'wheel') || (a < b ? -1 : a > b ? 1 : 0))
      .map(filename => ({
        filename,
        format: formats.get(filename)!,
        expectWheels: verified.met.filter(m => m.wheels.includes(filename)).map(m => m.pattern)
      }))
  const vouched: ReceivedSource[] = verified.manifests.map(({ manifest, source, vouches }) => {
    const { job, run_id: run } = manifest.source
    const runner = [manifest.runner.os, manifest.runner.arch].filter((part): part is string => part !== null).join(' ')
    return {
      artifact: manifest.artifact ?? source,
      manifest: {
        job: job ?? undefined,
        otherRun: run !== null && run !== runId ? run : undefined,
        runner: runner || undefined,
        certification: manifest.certification.status
      },
      files: files(vouches)
    }
  })
  const unvouched = new Map<string, string[]>()
  for (const { source, filename } of verified.unvouched) unvouched.set(source, [...(unvouched.get(source) ?? []), filename])
  return [...vouched, ...[...unvouched].map(([source, names]) => ({ artifact: source, files: files(names) }))]
}

/** Why the files received were not built by run `runId` (see ReceiveStageResult.builtElsewhere). */
function builtElsewhere(manifests: readonly ArrivedManifest[], runId: string | undefined): string | undefined {
  const others = [...new Set(manifests.map(m => m.manifest.source.run_id).filter(id => id !== runId))]
  if (others.length === 0) return undefined
  return `the files were built by ${others.length === 1 ? 'run' : 'runs'} ${others.map(id => (id === null ? 'unknown' : excerpt(id))).join(', ')}, not by this run (${runId ?? 'unknown'})`
}

/** Copies a regular file (never through a link) into a new file, returning the sha256 of the bytes copied. */
async function copyHashing(from: string, to: string): Promise<string> {
  const hash = createHash('sha256')
  const source = await open(from, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK)
  try {
    if (!(await source.stat()).isFile()) throw new ReceiveError(`${from} is no longer a regular file`)
    const target = await open(to, 'wx', 0o600)
    try {
      const buffer = Buffer.allocUnsafe(1024 * 1024)
      for (let read; (read = (await source.read(buffer, 0, buffer.length, null)).bytesRead) > 0;) {
        hash.update(buffer.subarray(0, read))
        await target.write(buffer, 0, read)
      }
    } finally {
      await target.close()
    }
  } finally {
    await source.close()
  }
  return hash.digest('hex')
}
