// The release pipeline: certify → build → preflight → publish. The only place that knows the order;
// the action (main.ts) and the command line (cli.ts) are thin shells around it.
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import type {
  Annotation,
  BuildReport,
  Logger,
  PreflightResult,
  PublishResult,
  ReleaseCertification
} from './types.js'
import { CertificationStatus, DistributionTarget } from './types.js'
import { UsageError, type ReleaseInputs, type Stage } from './inputs.js'
import { PULL_REQUEST_EVENTS, type RunnerEnvironment } from './env.js'
import { readProject, versionLine } from './project.js'
import { relativePosix } from './paths.js'
import { headCommit, readTagHistory } from './git.js'
import { ReleaseValidator, recertifyDocs, recertifyVersion } from './certify/validator.js'
import { reportInputsProblem } from './certify/reports.js'
import { checkVersion, type VersionEvidence } from './certify/version.js'
import { parseVersion, tagFromRef } from './version.js'
import { BuildError, PackageBuilder } from './build/builder.js'
import { startEarly } from './early.js'
import { DistributionManager } from './publish/manager.js'
import type { IdTokenSource } from './publish/trusted.js'
import { CHECK_RUN_NAME, OUTPUT_LIMIT, createCheckRun } from './report/check-run.js'
import { collectAnnotations } from './report/annotations.js'
import { renderSummary } from './report/summary.js'
import { ArtifactError, handOff, type ArtifactStore, type ArtifactUpload } from './report/artifacts.js'
import type { Redactor } from './report/redact.js'
import { describeError } from './errors.js'

export type StageStatus = 'ok' | 'failed' | 'skipped' | 'not-run'

export interface StageOutcome {
  stage: Stage
  status: StageStatus
  message: string
}

export interface PipelineResult {
  projectName: string | undefined
  /** The normalized release version, once known. */
  version: string | undefined
  certification: ReleaseCertification | undefined
  build: BuildReport | undefined
  /** The artifact the built files were handed to later jobs in, when uploaded. */
  artifact: ArtifactUpload | undefined
  preflights: PreflightResult[]
  published: PublishResult[]
  stages: StageOutcome[]
  /** Findings of the stages other than certification checks and preflights (build failure, notices). */
  annotations: Array<Annotation & { stage: Stage }>
  /** The `release certification` check run, when one was created. */
  checkRun?: { id: number; url: string }
  ok: boolean
}

export interface PipelineHooks {
  logger: Logger
  /** Runs one stage inside its log group. */
  group<T>(title: string, fn: () => Promise<T>): Promise<T>
  /** The Actions artifact service (the action hands in @actions/artifact's; the CLI none). */
  artifacts?: ArtifactStore
  /** The runner's OIDC tokens for trusted publishing (core.getIDToken); absent outside Actions. */
  idToken?: IdTokenSource
  /** Masks a secret the run obtains (a minted token) in the log. */
  setSecret?: (secret: string) => void
  /** Every secret the run knows, taken out of what the check run shows. */
  redactor?: Redactor
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

const TITLES: Record<Stage, string> = {
  certify: 'Certify',
  build: 'Build',
  preflight: 'Preflight',
  publish: 'Publish'
}

export async function runPipeline(
  inputs: ReleaseInputs,
  env: RunnerEnvironment,
  hooks: PipelineHooks
): Promise<PipelineResult> {
  const { logger } = hooks
  if (inputs.receive) throw new UsageError(`Input 'stages' runs ${inputs.stages.join(',')} without build: receiving other jobs' files is not wired in yet`, 'stages')
  // A report glob reaching outside the workspace is a usage error too, before any stage runs.
  const outsidePattern = reportInputsProblem(inputs, { workspace: env.workspace })
  if (outsidePattern) throw new UsageError(outsidePattern.message, outsidePattern.input)
  // A missing or invalid pyproject.toml throws ProjectError: a usage error, before any stage runs.
  const project = await readProject(inputs.projectDir)
  const evidence: VersionEvidence = {
    input: inputs.version,
    ref: env.ref,
    tagPrefix: inputs.tagPrefix,
    project,
    projectVersionLine: project.version !== undefined ? await versionLine(project.pyprojectPath) : undefined,
    workspace: env.workspace
  }
  const pyprojectFile = relativePosix(env.workspace, project.pyprojectPath)

  const result: PipelineResult = {
    projectName: project.name,
    version: checkVersion(evidence).releaseVersion,
    certification: undefined,
    build: undefined,
    artifact: undefined,
    preflights: [],
    published: [],
    stages: inputs.stages.map(stage => ({ stage, status: 'not-run', message: '' })),
    annotations: [],
    ok: true
  }
  const outcome = (stage: Stage, status: StageStatus, message: string): void => {
    const entry = result.stages.find(s => s.stage === stage)
    if (entry) Object.assign(entry, { status, message })
    if (status === 'failed') result.ok = false
  }
  const runs = (stage: Stage): boolean => result.ok && inputs.stages.includes(stage)
  /**
   * Runs a stage in its log group. An error no stage code expected (an unreadable file, a defect)
   * fails that stage with a message naming it, so the report is complete and nothing after it runs.
   */
  const stage = async (name: Stage, title: string, fn: () => Promise<void>): Promise<void> => {
    try {
      await hooks.group(title, fn)
    } catch (error) {
      logger.debug(`${name}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
      const message = describeError(error)
      result.annotations.push({ stage: name, level: 'error', title: `${TITLES[name]} failed`, message: `${TITLES[name]} stopped on an unexpected error: ${message}` })
      outcome(name, 'failed', `unexpected error: ${message}`)
    }
  }

  /** The sdist and wheel, built by the build stage (or, with certify, while certify runs). */
  const buildFiles = async (log: Logger): Promise<BuildReport> => {
    const outputDir = join(await mkdtemp(join(env.runnerTemp ?? tmpdir(), 'python-release-')), 'dist')
    const builder = new PackageBuilder({
      projectDir: inputs.projectDir,
      python: inputs.python,
      isolation: inputs.buildIsolation,
      buildRequirements: inputs.buildRequirements,
      builder: inputs.builder,
      checkReproducible: inputs.checkReproducible,
      wheelFromSdist: inputs.wheelFromSdist,
      // published files never become build input, whichever targets this run has
      exclude: [inputs.localDir],
      outputDir,
      env: { ...process.env, SOURCE_DATE_EPOCH: env.sourceDateEpoch },
      logger: log
    })
    return builder.build()
  }
  // Building depends on nothing certify finds, so with both stages it starts now and runs alongside
  // certify; its log lines wait for the build's log group, and only a passed certification opens it.
  // What depends on certification (the version and docs taken again with the built files, the
  // artifact upload, the outcome) still comes after certify, in the build stage below.
  // The build starts while certify runs, unless certify scans the project's tree itself (bandit): a build
  // in place writes into that tree (setuptools' sdist staging, egg-info), which the scan would read.
  const earlyBuild = runs('certify') && inputs.stages.includes('build') && inputs.securityScan === 'none' ? startEarly(buildFiles, logger, { startedWhen: line => line.startsWith('$ '), maxWaitMs: 50 }) : undefined
  // Certify's file walks and subprocesses would hold back the build's own few steps before its
  // command (bench:pipeline): certify starts once the build's command is under way, or after 50 ms
  // at most (the build's requirements check may come first; a long certify must not wait long).
  if (earlyBuild) await earlyBuild.started

  if (runs('certify')) {
    await stage('certify', `${TITLES.certify} ${project.name ?? ''} ${result.version ?? ''}`.trim(), async () => {
      // Earlier release tags matter only to certification (and the version check after the build).
      evidence.history = await readTagHistory(inputs.projectDir, inputs.tagPrefix)
      const validator = new ReleaseValidator({
        junitXml: inputs.junitXml,
        minPassRate: inputs.minPassRate,
        coverageReport: inputs.coverageReport,
        minCoverage: inputs.minCoverage,
        minBranchCoverage: inputs.minBranchCoverage,
        securityReport: inputs.securityReport,
        failOnSeverity: inputs.failOnSeverity,
        ignoreVulns: inputs.ignoreVulns,
        securityScan: inputs.securityScan,
        version: evidence,
        docsRequired: inputs.docsRequired,
        buildFollows: inputs.stages.includes('build'),
        python: inputs.python,
        context: { workspace: env.workspace, projectDir: inputs.projectDir, logger }
      })
      const certification = await validator.certify()
      result.certification = certification
      for (const check of certification.checks) logger.info(`${check.name}: ${check.status} — ${check.message}`)
      const status = certification.status
      const failed = status === CertificationStatus.FAIL || (status === CertificationStatus.PARTIAL && inputs.failOnPartial)
      const why = status === CertificationStatus.PARTIAL && inputs.failOnPartial ? ' (fail-on-partial is true)' : ''
      logger.info(`certification: ${status}${why}`)
      outcome('certify', failed ? 'failed' : 'ok', `certification ${status}${why}`)
    })
  }

  if (runs('build')) {
    await stage('build', `${TITLES.build} ${project.name ?? ''}`.trim(), async () => {
      let report: BuildReport
      try {
        report = earlyBuild ? await earlyBuild.take() : await buildFiles(logger)
      } catch (error) {
        if (!(error instanceof BuildError)) throw error
        result.annotations.push({ stage: 'build', level: 'error', title: 'Build failed', message: error.message, file: pyprojectFile })
        outcome('build', 'failed', `build failed: ${error.message.split('\n')[0]}`)
        return
      }
      result.build = report
      for (const artifact of report.artifacts) logger.info(`${artifact.filename}  ${artifact.size} bytes  sha256 ${artifact.sha256}`)

      // The built files' version must be the release version; with a dynamic version they decide it.
      const built = { ...evidence, built: report.artifacts.map(a => ({ filename: a.filename, version: a.metadata.version })) }
      const version = checkVersion(built)
      if (result.certification) result.certification = recertifyVersion(result.certification, built)
      // Only what ships decides the docs check's readme, license and urls: taken again with the built files.
      if (result.certification) {
        result.certification = await recertifyDocs(result.certification, { project, required: inputs.docsRequired, python: inputs.python, workspace: env.workspace, built: report.artifacts })
        const docs = result.certification.checks.find(check => check.name === 'docs')
        if (docs && (docs.status === 'fail' || (docs.status === 'warn' && inputs.failOnPartial)) && version.check.status !== 'fail') {
          outcome('build', 'failed', `the built files do not ship the documentation certification requires${docs.status === 'warn' ? ' (fail-on-partial is true)' : ''}: ${docs.message}`)
          return
        }
      }
      if (version.check.status === 'fail') {
        if (!result.certification) {
          for (const annotation of version.check.annotations) result.annotations.push({ ...annotation, stage: 'build' })
        }
        outcome('build', 'failed', `the built files' version is not a certified release version: ${version.check.message}`)
        return
      }
      result.version = version.releaseVersion
      const builtFiles = `${report.artifacts.length} files built (${report.artifacts.map(a => a.filename).join(', ')})`

      if (inputs.uploadArtifact) {
        const store = hooks.artifacts
        const unavailable = store ? env.artifactServiceUnavailable : 'the command line does not upload to the Actions artifact service'
        if (unavailable || !store) {
          result.annotations.push({
            stage: 'build',
            level: 'notice',
            title: 'Artifact upload skipped',
            message: `${unavailable?.[0]?.toUpperCase()}${unavailable?.slice(1)}. The built files are in ${report.outputDir}.`
          })
        } else {
          try {
            result.artifact = await handOff({
              store,
              template: inputs.artifactName,
              retentionDays: inputs.retentionDays,
              project: project.name,
              version: result.version,
              certification: result.certification,
              artifacts: report.artifacts,
              workDir: dirname(report.outputDir),
              env,
              logger
            })
          } catch (error) {
            const message = error instanceof Error ? error.message : String(error)
            const title = error instanceof ArtifactError ? error.title : 'Artifact upload failed'
            result.annotations.push({ stage: 'build', level: 'error', title, message })
            outcome('build', 'failed', `${builtFiles}, but the artifact upload failed: ${message.split('\n')[0]}`)
            return
          }
        }
      }
      outcome('build', 'ok', result.artifact ? `${builtFiles}; uploaded as artifact '${result.artifact.name}' (id ${result.artifact.id})` : builtFiles)
    })
  }

  // A failed certification: the build started alongside it ends unseen, as if it never ran.
  if (earlyBuild && !earlyBuild.taken) await earlyBuild.discard()

  const pullRequest = env.eventName !== undefined && PULL_REQUEST_EVENTS.has(env.eventName)
  const version = result.version ?? ''
  const tag = inputs.releaseTag ?? tagFromRef(env.ref) ?? `${inputs.tagPrefix}${version}`
  const manager = new DistributionManager({
    localDir: inputs.localDir,
    pypi: { uploadUrl: inputs.repositoryUrl, indexUrl: inputs.indexUrl, password: inputs.password },
    testpypi: { uploadUrl: inputs.testpypiRepositoryUrl, password: inputs.testpypiPassword },
    username: inputs.username,
    skipExisting: inputs.skipExisting,
    idToken: hooks.idToken,
    setSecret: hooks.setSecret,
    logger,
    credentialsNeeded: !pullRequest,
    publishTimeoutMs: inputs.publishTimeout * 60_000,
    github: inputs.targets.includes(DistributionTarget.GITHUB)
      ? {
          token: inputs.githubToken,
          apiUrl: env.apiUrl,
          repository: env.repository,
          commit: env.sha ?? (await headCommit(inputs.projectDir)),
          tag,
          name: inputs.releaseName ?? tag,
          notes: inputs.releaseNotes ?? result.certification?.releaseNotes,
          keepDraft: inputs.releaseDraft,
          prerelease: inputs.prerelease ?? parseVersion(version)?.isPrerelease ?? false,
          makeLatest: inputs.makeLatest,
          overwriteAssets: inputs.overwriteAssets,
          concurrency: inputs.uploadConcurrency,
          version,
          tagPrefix: inputs.tagPrefix,
          // A pull request or a dry run changes nothing on GitHub.
          mayWrite: !pullRequest && !inputs.dryRun
        }
      : undefined
  })
  const artifacts = result.build?.artifacts ?? []

  if (runs('preflight') || (runs('publish') && result.preflights.length === 0)) {
    // Every target's preflight finishes before any publish starts.
    await stage('preflight', `${TITLES.preflight} ${inputs.targets.join(', ')}`, async () => {
      for (const target of inputs.targets) {
        const preflight = await manager.preflight(target, artifacts)
        result.preflights.push(preflight)
        logger.info(`${target}: ${preflight.ready ? 'ready' : 'not ready'} — ${preflight.message}`)
      }
      const notReady = result.preflights.filter(p => !p.ready).map(p => p.target)
      outcome(
        'preflight',
        notReady.length > 0 ? 'failed' : 'ok',
        notReady.length > 0 ? `not ready: ${notReady.join(', ')}` : `ready: ${inputs.targets.join(', ')}`
      )
    })
  }

  if (runs('publish')) {
    const skipReason = inputs.dryRun
      ? 'dry-run is true: preflight ran, nothing was published'
      : pullRequest
        ? `this run is for a ${env.eventName} event: the release was certified and built, and nothing is published from a pull request`
        : undefined
    if (skipReason) {
      result.annotations.push({ stage: 'publish', level: 'notice', title: 'Publish skipped', message: skipReason })
      outcome('publish', 'skipped', skipReason)
    } else {
      await stage('publish', `${TITLES.publish} ${inputs.targets.join(', ')}`, async () => {
        const failed = (published: PublishResult): void => {
          result.annotations.push({ stage: 'publish', level: 'error', title: `Publish to ${published.target} failed`, message: published.message })
          outcome('publish', 'failed', `${published.target} failed: ${published.message}`)
        }
        // Targets publish in the order given; a failure stops the rest, and a re-run completes them.
        for (const preflight of result.preflights) {
          const published = await manager.publish(preflight)
          result.published.push(published)
          logger.info(`${published.target}: ${published.status} — ${published.message}`)
          if (published.status === 'failed') return failed(published)
        }
        // Every target published: a drafted GitHub Release goes public now, and only now.
        result.published = await manager.finalize(result.published)
        const unfinished = result.published.find(p => p.status === 'failed')
        if (unfinished) return failed(unfinished)
        outcome('publish', 'ok', result.published.map(p => `${p.target}: ${p.status}`).join(', '))
      })
    }
  }
  if (result.published.length === 0) {
    // A draft this run created and did not publish is removed; failing to is worth a warning, not a crash.
    await manager.abandon().catch((error: unknown) => {
      result.annotations.push({ stage: 'publish', level: 'warning', title: 'Cleanup failed', message: `A draft this run created could not be removed: ${describeError(error)}` })
    })
  }
  await reportCheckRun(hooks.redactor ? hooks.redactor.redactDeep(result) : result, inputs, env, logger, result)
  return result
}

/**
 * The certification as a check run on the commit, when there is a token, a repository and a commit.
 * `shown` is the result with every secret redacted (the check run is readable by anyone who can read
 * the repository); what comes of it is recorded in `result`.
 */
async function reportCheckRun(
  shown: PipelineResult,
  inputs: ReleaseInputs,
  env: RunnerEnvironment,
  logger: Logger,
  result: PipelineResult = shown
): Promise<void> {
  const headSha = env.pullRequestHeadSha ?? env.sha
  const certification = result.certification
  if (!certification || !inputs.githubToken || !env.repository || !headSha) return
  try {
    const outcome = await createCheckRun({
      client: async () => (await import('./publish/github-api.js')).githubClient({ token: inputs.githubToken, apiUrl: env.apiUrl, logger }),
      repository: env.repository,
      headSha,
      status: certification.status,
      summary: renderSummary(shown, OUTPUT_LIMIT),
      annotations: collectAnnotations(shown),
      logger
    })
    if ('notice' in outcome) result.annotations.push({ stage: 'certify', level: 'notice', title: 'Check run not created', message: outcome.notice })
    else result.checkRun = { id: outcome.id, url: outcome.url }
  } catch (error) {
    const message = `The check run '${CHECK_RUN_NAME}' could not be created: ${describeError(error)}. The annotations are on the workflow run and in the log.`
    result.annotations.push({ stage: 'certify', level: 'warning', title: 'Check run failed', message })
  }
}

