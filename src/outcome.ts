// What a run produces and what it is handed: the pipeline's result (read by report/, main.ts and the CLI),
// each stage's report, and the hooks a shell passes in. Apart from pipeline.ts so that the report modules
// and the stages read these types without importing the pipeline that imports them.
import type { Annotation, ArtifactFormat, BuildReport, Logger, PreflightResult, PublishResult, ReleaseCertification } from './types.js'
import type { Stage } from './inputs.js'
import type { ArtifactStore, ArtifactUpload } from './build/handoff.js'
import type { BuildOptions, PackageBuilder } from './build/builder.js'
import type { DistributionManager, DistributionOptions } from './publish/manager.js'
import type { IdTokenSource } from './publish/trusted.js'
import type { Redactor } from './report/redact.js'
import type { ArtifactSource } from './publish/receive.js'
import type { ManifestCertificationStatus } from './build/manifest.js'

export type StageStatus = 'ok' | 'failed' | 'skipped' | 'not-run'

export interface StageOutcome {
  stage: Stage
  status: StageStatus
  message: string
  /** The stage's row in the job summary when the message repeats what a table below it shows (StageReport.summary). */
  summary?: string
}

/** What a stage that ran returns for the pipeline to record: its outcome and its findings. */
export interface StageReport {
  status: Exclude<StageStatus, 'not-run'>
  message: string
  /** Findings of the stage other than certification checks and preflights (a build failure, a notice). */
  annotations: Annotation[]
  /**
   * The stage's row in the job summary, when its message (for the log and the annotation) repeats details a table
   * of the summary shows: the publish stage's row names each target's status, and the Publish table says the rest.
   */
  summary?: string
}

/**
 * The receiving job's view of one artifact (or directory) it published from, for the job summary: the build job's
 * own account from its release manifest (a manifest whose listed bytes arrived, so verified), or, for files no
 * manifest lists, only where they were found.
 */
export interface ReceivedSource {
  /** The artifact the manifest says its files went up as, else the artifact or directory they arrived in. */
  artifact: string
  /** From the release manifest; absent for files no manifest vouches for. */
  manifest?: {
    /** The build job (GITHUB_JOB), when the manifest names it. */
    job: string | undefined
    /** The run that built the files, when it is not this run (a promotion by artifact-run-id). */
    otherRun: string | undefined
    /** RUNNER_OS and RUNNER_ARCH of the build job (`Linux X64`), when the manifest names them. */
    runner: string | undefined
    certification: ManifestCertificationStatus
  }
  /** The files it holds that are published, each wheel with the expect-wheels patterns its platform tags meet. */
  files: Array<{ filename: string; format: ArtifactFormat; expectWheels: string[] }>
}

export interface PipelineResult {
  projectName: string | undefined
  /** The normalized release version, once known. */
  version: string | undefined
  certification: ReleaseCertification | undefined
  build: BuildReport | undefined
  /** The artifact the built files were handed to later jobs in, when uploaded. */
  artifact: ArtifactUpload | undefined
  /**
   * A job without build that receives the files other jobs built: set from the start (its stage is `receive`,
   * not `build`), with each artifact's job, runner and certification once the files are verified.
   */
  receipt?: { sources: ReceivedSource[] }
  preflights: PreflightResult[]
  published: PublishResult[]
  stages: StageOutcome[]
  /** Findings of the stages other than certification checks and preflights (build failure, notices). */
  annotations: Array<Annotation & { stage: Stage }>
  /** The `release certification` check run, when one was created. */
  checkRun?: { id: number; url: string }
  ok: boolean
}

/** What the preflight and publish stages use of a DistributionManager. */
export type Distribution = Pick<DistributionManager, 'preflight' | 'publish' | 'finalize' | 'abandon'> & Partial<Pick<DistributionManager, 'attest'>>

export interface PipelineHooks {
  logger: Logger
  /** Runs one stage inside its log group. */
  group<T>(title: string, fn: () => Promise<T>): Promise<T>
  /** The Actions artifact service (the action hands in @actions/artifact's; the CLI none). */
  artifacts?: ArtifactStore
  /** The same service as a job without build downloads from it (this run's or another run's artifacts). */
  artifactSource?: ArtifactSource
  /** The runner's OIDC tokens for trusted publishing (core.getIDToken); absent outside Actions. */
  idToken?: IdTokenSource
  /** Masks a secret the run obtains (a minted token) in the log. */
  setSecret?: (secret: string) => void
  /** Every secret the run knows, taken out of what the check run shows. */
  redactor?: Redactor
  /** Makes the builder of the sdist and wheel; default a PackageBuilder (a test hands in a double). */
  builder?: (options: BuildOptions) => Pick<PackageBuilder, 'build'>
  /** Makes what preflights and publishes the targets; default a DistributionManager (a test hands in a double). */
  distribution?: (options: DistributionOptions) => Distribution
}

/** The result of a run that stopped before any stage: one error, every stage not run. */
export function failedResult(annotation: Annotation, stages: readonly Stage[] = []): PipelineResult {
  return {
    projectName: undefined,
    version: undefined,
    certification: undefined,
    build: undefined,
    artifact: undefined,
    preflights: [],
    published: [],
    stages: stages.map(stage => ({ stage, status: 'not-run', message: '' })),
    annotations: [{ ...annotation, stage: stages[0] ?? 'certify' }],
    ok: false
  }
}
