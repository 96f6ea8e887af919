// A job without the build stage (stages preflight,publish): the files other jobs built are received
// (downloaded or found in dist-dir) and verified against their release manifests before any preflight.
// The pipeline records this in the build stage's row: where the files came from and what vouches for them.
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Annotation, BuildReport, Logger } from '../types.js'
import type { ReleaseInputs } from '../inputs.js'
import type { RunnerEnvironment } from '../env.js'
import type { StageReport } from '../outcome.js'
import { distDirArrivals, downloadArrivals, ReceiveError, type ArtifactSource } from './receive.js'
import type { ArrivedManifest } from './arrival.js'

/** Every input receiving reads. */
export type ReceiveInputs = Pick<ReleaseInputs, 'receive' | 'expectWheels' | 'requireCertification' | 'failOnPartial'>

export interface ReceiveStageResult extends StageReport {
  /** The verified files, as a build would have reported them; undefined when verification failed. */
  build: BuildReport | undefined
  project: string | undefined
  version: string | undefined
  manifests: ArrivedManifest[]
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
    return { status: 'failed', message, annotations, build: undefined, project: undefined, version: undefined, manifests: [] }
  }
  const workDir = await mkdtemp(join(env.runnerTemp ?? tmpdir(), 'python-release-received-'))
  let arrivals
  try {
    if (receive.from === 'directory') arrivals = await distDirArrivals(receive.dir)
    else if (!hooks.source) {
      throw new ReceiveError("The command line does not download from the Actions artifact service: give the files' directory with --dist-dir")
    } else if (env.artifactServiceUnavailable && receive.runId === undefined) {
      throw new ReceiveError(
        `Cannot download this run's artifacts: ${env.artifactServiceUnavailable}. Download them with actions/download-artifact and name the directory in 'dist-dir'.`
      )
    } else arrivals = await downloadArrivals({ source: hooks.source, patterns: receive.patterns, runId: receive.runId, workDir, logger })
  } catch (error) {
    if (!(error instanceof ReceiveError)) throw error
    return failed(error.message, 'Receiving the files failed')
  }
  // arrival.ts loads the archive readers and the build frontend's inspection: only a receiving job needs them
  const { verifyArrivals } = await import('./arrival.js')
  const verified = await verifyArrivals(arrivals, {
    expectWheels: inputs.expectWheels,
    failOnPartial: inputs.failOnPartial,
    requireCertification: inputs.requireCertification,
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
  for (const artifact of verified.artifacts) logger.info(`${artifact.filename}  ${artifact.size} bytes  sha256 ${artifact.sha256}`)
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
      artifacts: verified.artifacts,
      command: [],
      annotations: [],
      received: arrivals.map(a => a.source).join(', ')
    },
    project: verified.project,
    version: verified.version,
    manifests: verified.manifests
  }
}
