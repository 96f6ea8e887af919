// The build stage: the sdist and wheel (started alongside certify when it may), the version and docs
// checks taken again with the built files, and the hand-off of the files to later jobs as an artifact.
import { tmpdir } from 'node:os'
import { basename, dirname, join } from 'node:path'
import { DistributionTarget, type Annotation, type BuildReport, type Logger, type ReleaseCertification } from '../types.js'
import type { ReleaseInputs } from '../inputs.js'
import { runnerTempDir, type RunnerEnvironment } from '../env.js'
import type { PythonProject } from '../project.js'
import type { PipelineHooks, StageReport } from '../outcome.js'
import { relativePosix } from '../workspace-paths.js'
import { startEarly, type EarlyWork } from '../early.js'
import { recertifyDocs, recertifyVersion } from '../certify/validator.js'
import { withDescriptionVerdicts } from '../warehouse/description.js'
import { checkVersion, type VersionEvidence } from '../certify/version-check.js'
import { BuildError, PackageBuilder } from './builder.js'
import { ArtifactError, artifactNameFor, uploadRelease, type ArtifactUpload } from './handoff.js'
import { releaseManifest, writeManifest } from './manifest.js'

/** Every input the build stage reads. */
export type BuildInputs = Pick<
  ReleaseInputs,
  | 'projectDir'
  | 'python'
  | 'buildIsolation'
  | 'buildRequirements'
  | 'builder'
  | 'checkReproducible'
  | 'wheelFromSdist'
  | 'localDir'
  | 'targets'
  | 'stages'
  | 'securityScan'
  | 'docsRequired'
  | 'failOnPartial'
  | 'uploadArtifact'
  | 'artifactName'
  | 'retentionDays'
>

export type BuildHooks = Pick<PipelineHooks, 'logger' | 'artifacts' | 'builder'>

/** The sdist and wheel, in a fresh directory under the runner's temp. */
async function buildFiles(inputs: BuildInputs, env: RunnerEnvironment, hooks: BuildHooks, logger: Logger): Promise<BuildReport> {
  const outputDir = join(await runnerTempDir(env.runnerTemp, 'python-release-'), 'dist')
  const options = {
    projectDir: inputs.projectDir,
    python: inputs.python,
    isolation: inputs.buildIsolation,
    buildRequirements: inputs.buildRequirements,
    builder: inputs.builder,
    checkReproducible: inputs.checkReproducible,
    wheelFromSdist: inputs.wheelFromSdist,
    // published files never become build input, whichever targets this run has
    exclude: [inputs.localDir],
    // a run publishing to local-dir builds from the copy even before the directory exists, as its re-run will
    excludeBeforeCreated: inputs.targets.includes(DistributionTarget.LOCAL),
    outputDir,
    // the build's working directory sits at the same path on every run of the project (source.ts)
    workRoot: env.runnerTemp || tmpdir(),
    env: { ...process.env, SOURCE_DATE_EPOCH: env.sourceDateEpoch },
    logger
  }
  return (hooks.builder ? hooks.builder(options) : new PackageBuilder(options)).build()
}

/**
 * The build started now, to run alongside certify (which the caller runs next); undefined when it must
 * wait for its stage. Building depends on nothing certify finds; its log lines wait for the build's log
 * group, and only a passed certification opens it. What depends on certification (the version and docs
 * taken again with the built files, the artifact upload, the outcome) still comes in buildStage.
 */
export function startEarlyBuild(inputs: BuildInputs, env: RunnerEnvironment, hooks: BuildHooks): EarlyWork<BuildReport> | undefined {
  // Not while certify scans the project's tree itself (bandit): a build in place writes into that tree
  // (setuptools' sdist staging, egg-info), which the scan would read.
  if (!inputs.stages.includes('build') || inputs.securityScan !== 'none') return undefined
  // `started` says when the build's command is under way, or 50 ms at most (the build's requirements
  // check may come first; a long certify must not wait long).
  return startEarly(log => buildFiles(inputs, env, hooks, log), hooks.logger, { startedWhen: line => line.startsWith('$ '), maxWaitMs: 50 })
}

export interface BuildContext {
  project: PythonProject
  /** What the version check compares; the built files' versions are added to it. */
  evidence: VersionEvidence
  /** The certification, when certify ran: its version and docs checks are taken again with the built files. */
  certification: ReleaseCertification | undefined
  /** The build startEarlyBuild started, if it did. */
  early?: EarlyWork<BuildReport>
}

export interface BuildStageResult extends StageReport {
  /** The built files, once built (also when a later step of the stage failed). */
  build: BuildReport | undefined
  /** The certification with the version and docs checks taken again, when there was one and the files were built. */
  certification: ReleaseCertification | undefined
  /** The release version the built files carry, once they passed the version check. */
  version: string | undefined
  /** The artifact the files were handed to later jobs in, when uploaded. */
  artifact: ArtifactUpload | undefined
}

export async function buildStage(inputs: BuildInputs, env: RunnerEnvironment, hooks: BuildHooks, context: BuildContext): Promise<BuildStageResult> {
  const { logger } = hooks
  const { project, evidence, early } = context
  const annotations: Annotation[] = []
  const stop = (message: string, found: Partial<BuildStageResult> = {}): BuildStageResult => ({
    status: 'failed',
    message,
    annotations,
    build: undefined,
    certification: context.certification,
    version: undefined,
    artifact: undefined,
    ...found
  })
  let report: BuildReport
  try {
    report = early ? await early.take() : await buildFiles(inputs, env, hooks, logger)
  } catch (error) {
    if (!(error instanceof BuildError)) throw error
    annotations.push({ level: 'error', title: 'Build failed', message: error.message, file: relativePosix(env.workspace, project.configPath) })
    return stop(`build failed: ${error.message.split('\n')[0]}`)
  }
  for (const artifact of report.artifacts) logger.info(`${artifact.filename}  ${artifact.size} bytes  sha256 ${artifact.sha256}`)
  // PyPI refuses a reST description that does not render: judged here, where Python is, and handed on in the manifest
  const judged = await withDescriptionVerdicts(inputs.python, report.artifacts)
  if (judged !== report.artifacts) report = { ...report, artifacts: judged }

  // The built files' version must be the release version; with a dynamic version they decide it.
  const built = { ...evidence, built: report.artifacts.map(a => ({ filename: a.filename, version: a.metadata.version })) }
  const version = checkVersion(built)
  let certification = context.certification ? recertifyVersion(context.certification, built) : undefined
  // Only what ships decides the docs check's readme, license and urls: taken again with the built files.
  if (certification) {
    const shipped = { project, required: inputs.docsRequired, python: inputs.python, workspace: env.workspace, built: report.artifacts }
    certification = await recertifyDocs(certification, shipped)
    const docs = certification.checks.find(check => check.name === 'docs')
    if (docs && (docs.status === 'fail' || (docs.status === 'warn' && inputs.failOnPartial)) && version.check.status !== 'fail') {
      const partial = docs.status === 'warn' ? ' (fail-on-partial is true)' : ''
      return stop(`the built files do not ship the documentation certification requires${partial}: ${docs.message}`, { build: report, certification })
    }
  }
  if (version.check.status === 'fail') {
    // Without certification in this run, the version check's findings are the build's own.
    if (!certification) annotations.push(...version.check.annotations)
    return stop(`the built files' version is not a certified release version: ${version.check.message}`, { build: report, certification })
  }
  const releaseVersion = version.releaseVersion
  const builtFiles = `${report.artifacts.length} files built (${report.artifacts.map(a => a.filename).join(', ')})`
  const ok = (artifact?: ArtifactUpload): BuildStageResult => ({
    status: 'ok',
    message: artifact ? `${builtFiles}; uploaded as artifact '${artifact.name}' (id ${artifact.id})` : builtFiles,
    annotations,
    build: report,
    certification,
    version: releaseVersion,
    artifact
  })
  const store = inputs.uploadArtifact ? hooks.artifacts : undefined
  const unavailable = !inputs.uploadArtifact
    ? undefined
    : store
      ? env.artifactServiceUnavailable
      : 'the command line does not upload to the Actions artifact service'
  const uploads = inputs.uploadArtifact && !unavailable && store !== undefined
  // The files' own name and version, which the version check just found to be the release's.
  const name = report.artifacts[0]?.metadata.name ?? project.name ?? ''
  // The artifact name, also when this step does not upload: the manifest's file is named after it, so
  // that the manifests of jobs whose dist-dirs are uploaded with actions/upload-artifact and downloaded
  // with merge-multiple never overwrite each other.
  let artifactName: string | undefined
  try {
    artifactName = artifactNameFor(inputs.artifactName, env, name, releaseVersion)
  } catch (error) {
    if (!uploads) artifactName = undefined
    else {
      const artifactError = error as ArtifactError
      annotations.push({ level: 'error', title: artifactError.title, message: artifactError.message })
      return stop(`${builtFiles}, but the artifact upload failed: ${artifactError.message}`, { build: report, certification, version: releaseVersion })
    }
  }
  // The release manifest beside the files (output dist-dir): what a publish job verifies them against.
  const manifest = releaseManifest({
    project: name,
    version: releaseVersion ?? '',
    certification,
    artifacts: report.artifacts,
    env,
    frontend: report.frontend ?? inputs.builder,
    python: inputs.python,
    artifact: artifactName
  })
  const manifestPath = await writeManifest(report.outputDir, manifest)
  logger.info(`release manifest: ${manifestPath}`)
  if (!inputs.uploadArtifact) return ok()
  if (!uploads) {
    const message = `${unavailable?.[0]?.toUpperCase()}${unavailable?.slice(1)}. The built files and ${basename(manifestPath)} are in ${report.outputDir}.`
    annotations.push({ level: 'notice', title: 'Artifact upload skipped', message })
    return ok()
  }
  try {
    const artifact = await uploadRelease({
      store: store!,
      name: artifactName!,
      artifacts: report.artifacts,
      manifest,
      manifestPath,
      retentionDays: inputs.retentionDays,
      workDir: dirname(report.outputDir),
      logger
    })
    return ok(artifact)
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    const title = error instanceof ArtifactError ? error.title : 'Artifact upload failed'
    annotations.push({ level: 'error', title, message })
    return stop(`${builtFiles}, but the artifact upload failed: ${message.split('\n')[0]}`, { build: report, certification, version: releaseVersion })
  }
}
