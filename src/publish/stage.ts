// The preflight and publish stages: the release's tag, name and prerelease flag, what a pull request or
// a dry run may change, every target's preflight before any publish, publish in the order given,
// finalize once all published, and the cleanup of a draft nothing was published to.
import type { Annotation, BuildArtifact, PreflightResult, PublishResult, ReleaseCertification } from '../types.js'
import { DistributionTarget } from '../types.js'
import type { ReleaseInputs } from '../inputs.js'
import { PULL_REQUEST_EVENTS, type RunnerEnvironment } from '../env.js'
import type { Distribution, PipelineHooks, StageReport } from '../outcome.js'
import { headCommit } from '../git.js'
import { releaseManifest, type ManifestFrontend } from '../build/manifest.js'
import { parseVersion, tagFromRef } from '../pep440.js'
import { describeError } from '../errors.js'
import type { AttestationOutcome } from './attestations.js'
import { DistributionManager, type DistributionOptions } from './manager.js'
import { releaseOrigin } from './origin.js'

/** Every input the preflight and publish stages read. */
export type PublishInputs = Pick<
  ReleaseInputs,
  | 'projectDir'
  | 'targets'
  | 'localDir'
  | 'repositoryUrl'
  | 'indexUrl'
  | 'password'
  | 'testpypiRepositoryUrl'
  | 'testpypiPassword'
  | 'username'
  | 'skipExisting'
  | 'strictRecord'
  | 'attestations'
  | 'publishTimeout'
  | 'githubToken'
  | 'releaseTag'
  | 'tagPrefix'
  | 'releaseName'
  | 'releaseNotes'
  | 'releaseDraft'
  | 'prerelease'
  | 'makeLatest'
  | 'overwriteAssets'
  | 'uploadConcurrency'
  | 'dryRun'
  | 'python'
>

export type PublishHooks = Pick<PipelineHooks, 'logger' | 'idToken' | 'setSecret' | 'distribution'>

/** What earlier stages decided about the release. */
export interface PublishContext {
  /** The release version, once known. */
  version: string | undefined
  /** Its release notes are the GitHub Release's, unless 'release-notes' is given. */
  certification: ReleaseCertification | undefined
  /** The commit the files were built from, when another job built them (their manifests say); default this run's. */
  commit?: string
  /** Whether the files were received from another job (dist-dir, artifacts) rather than built by this run. */
  received?: boolean
  /** Why this run did not build the files it publishes (ReceiveStageResult.builtElsewhere); undefined when it did. */
  builtElsewhere?: string
  /** The program that built the files (this run's build, or a received manifest's builder), for the local target's release manifest. */
  frontend?: ManifestFrontend
}

/**
 * The order targets publish in, whatever 'targets' says: the local directory (private), TestPyPI before PyPI (a
 * refusal there stops the release before the public index), and the GitHub Release last (its draft goes public
 * only once every index has the files).
 */
export const PUBLISH_ORDER: readonly DistributionTarget[] = [
  DistributionTarget.LOCAL,
  DistributionTarget.TEST_PYPI,
  DistributionTarget.PYPI,
  DistributionTarget.GITHUB
]

/** After a failure: exactly which files are out on which target, and which targets got nothing. */
function whereFilesAre(published: readonly PublishResult[], preflights: readonly PreflightResult[]): string {
  const lines = published.map(result => {
    const out = result.status === 'failed' ? result.uploaded : result.files
    const all = Math.max(preflights.find(p => p.target === result.target)?.files.length ?? 0, out.length)
    if (out.length === 0) return `${result.target}: nothing`
    return `${result.target}: ${out.length} of ${all} file${all === 1 ? '' : 's'} (${out.join(', ')})`
  })
  const untouched = preflights.filter(p => !published.some(r => r.target === p.target)).map(p => `${p.target}: nothing (not started)`)
  return `\nWhere the files are now: ${[...lines, ...untouched].join('; ')}. A re-run keeps what is published and completes the rest.`
}

/** Whether a RECORD mismatch is only a warning for this target: PyPI's targets take such a wheel unless strict-record. */
function lenientOnRecord(target: DistributionTarget, strictRecord: boolean): boolean {
  return !strictRecord && (target === DistributionTarget.PYPI || target === DistributionTarget.TEST_PYPI)
}

/** The preflight, not ready: a wheel whose files do not match its RECORD is not published to this target. */
function refuseOnRecord(preflight: PreflightResult, record: string[], strictRecord: boolean): PreflightResult {
  const why = strictRecord ? 'strict-record is true' : `the ${preflight.target} target publishes only wheels whose files match their RECORD`
  const message = `${record.join('; ')} (${why}; rebuild the wheel, or repair it with 'wheel pack' after unpacking)`
  return {
    ...preflight,
    ready: false,
    message: preflight.ready ? message : `${preflight.message}; ${message}`,
    files: [],
    annotations: [...preflight.annotations, { level: 'error', title: `${preflight.target}: wheel does not match its RECORD`, message }]
  }
}

function isPullRequest(env: RunnerEnvironment): boolean {
  return env.eventName !== undefined && PULL_REQUEST_EVENTS.has(env.eventName)
}

async function distributionOptions(inputs: PublishInputs, env: RunnerEnvironment, hooks: PublishHooks, release: PublishContext): Promise<DistributionOptions> {
  const pullRequest = isPullRequest(env)
  // a pull request or a dry run preflights only: nothing is written, and nothing is signed
  const mayWrite = !pullRequest && !inputs.dryRun
  const version = release.version ?? ''
  const tag = inputs.releaseTag ?? tagFromRef(env.ref) ?? `${inputs.tagPrefix}${version}`
  // This release's repository and commit: a file a target holds whose recorded origin names them is kept (origin.ts)
  const origin = await releaseOrigin(env, { received: release.received === true, commit: release.commit }, inputs.projectDir)
  return {
    localDir: inputs.localDir,
    origin: origin && {
      origin,
      // the local target's record: the release manifest a build job writes, its source set to the origin
      manifest: artifacts =>
        releaseManifest({
          project: artifacts[0]?.metadata.name ?? '',
          version: version || (artifacts[0]?.metadata.version ?? ''),
          certification: release.certification,
          artifacts,
          env: { ...env, repository: origin.repository ?? undefined, sha: origin.sha },
          frontend: release.frontend ?? 'build',
          python: inputs.python,
          artifact: undefined
        })
    },
    serverUrl: env.serverUrl,
    sigstoreEnv: env.sigstore,
    pypi: { uploadUrl: inputs.repositoryUrl, indexUrl: inputs.indexUrl, password: inputs.password },
    testpypi: { uploadUrl: inputs.testpypiRepositoryUrl, password: inputs.testpypiPassword },
    username: inputs.username,
    skipExisting: inputs.skipExisting,
    attestations:
      inputs.attestations && mayWrite
        ? {
            sigstoreEnv: env.sigstore,
            serverUrl: env.serverUrl,
            repositoryVisibility: env.repositoryVisibility,
            builtElsewhere: release.builtElsewhere,
            repository: env.repository,
            workflowRef: env.workflowRef
          }
        : undefined,
    idToken: hooks.idToken,
    setSecret: hooks.setSecret,
    python: inputs.python,
    logger: hooks.logger,
    credentialsNeeded: !pullRequest,
    publishTimeoutMs: inputs.publishTimeout * 60_000,
    github: inputs.targets.includes(DistributionTarget.GITHUB)
      ? {
          token: inputs.githubToken,
          apiUrl: env.apiUrl,
          repository: env.repository,
          commit: release.commit ?? env.sha ?? (await headCommit(inputs.projectDir)),
          tag,
          name: inputs.releaseName ?? tag,
          notes: inputs.releaseNotes ?? release.certification?.releaseNotes,
          keepDraft: inputs.releaseDraft,
          prerelease: inputs.prerelease ?? parseVersion(version)?.isPrerelease ?? false,
          makeLatest: inputs.makeLatest,
          overwriteAssets: inputs.overwriteAssets,
          concurrency: inputs.uploadConcurrency,
          version,
          tagPrefix: inputs.tagPrefix,
          // A pull request or a dry run changes nothing on GitHub.
          mayWrite
        }
      : undefined
  }
}

/**
 * The targets of one release, from preflight to publish. What each target returned is kept here as it
 * comes, so that a stage stopped by an unexpected error still reports the targets it reached (and a
 * target that published is never followed by the cleanup of its draft).
 */
export class PublishStage {
  readonly preflights: PreflightResult[] = []
  published: PublishResult[] = []

  private constructor(
    private readonly inputs: PublishInputs,
    private readonly env: RunnerEnvironment,
    private readonly hooks: PublishHooks,
    private readonly distribution: Distribution
  ) {}

  static async open(inputs: PublishInputs, env: RunnerEnvironment, hooks: PublishHooks, release: PublishContext): Promise<PublishStage> {
    const options = await distributionOptions(inputs, env, hooks, release)
    return new PublishStage(inputs, env, hooks, hooks.distribution ? hooks.distribution(options) : new DistributionManager(options))
  }

  /** Every target's preflight, one after the other; publish starts only after all of them. */
  async preflight(artifacts: BuildArtifact[]): Promise<StageReport> {
    const record = artifacts.flatMap(artifact => artifact.contents?.record ?? [])
    const annotations: Annotation[] =
      record.length > 0 && this.inputs.targets.some(target => lenientOnRecord(target, this.inputs.strictRecord))
        ? record.map(message => ({
            level: 'warning' as const,
            title: 'Wheel does not match its RECORD',
            message: `${message}. PyPI takes it (it e-mails the owners); set strict-record: true to stop such a release.`
          }))
        : []
    for (const target of this.inputs.targets) {
      let preflight = await this.distribution.preflight(target, artifacts)
      if (record.length > 0 && !lenientOnRecord(target, this.inputs.strictRecord)) preflight = refuseOnRecord(preflight, record, this.inputs.strictRecord)
      this.preflights.push(preflight)
      this.hooks.logger.info(`${target}: ${preflight.ready ? 'ready' : 'not ready'} — ${preflight.message}`)
    }
    const notReady = this.preflights.filter(p => !p.ready).map(p => p.target)
    if (notReady.length > 0) return { status: 'failed', message: `not ready: ${notReady.join(', ')}`, annotations }
    return { status: 'ok', message: `ready: ${this.inputs.targets.join(', ')}`, annotations }
  }

  /** Why publish does not run although its stage was asked for (a dry run, a pull request); undefined when it runs. */
  skipped(): StageReport | undefined {
    const reason = this.inputs.dryRun
      ? 'dry-run is true: preflight ran, nothing was published'
      : isPullRequest(this.env)
        ? `this run is for a ${this.env.eventName} event: the release was certified and built, and nothing is published from a pull request`
        : undefined
    return reason ? { status: 'skipped', message: reason, annotations: [{ level: 'notice', title: 'Publish skipped', message: reason }] } : undefined
  }

  /**
   * Publishes every target that passed preflight, in PUBLISH_ORDER whatever order 'targets' gives; a failure stops
   * the rest, says which files are out where, and a re-run completes them.
   */
  async publish(): Promise<StageReport> {
    // The message (log, annotation) carries the target's own; the summary's row names the target and where the files
    // are, as the Publish table below it shows the target's message.
    const failed = (published: PublishResult): StageReport => {
      const where = whereFilesAre(this.published, this.preflights)
      const message = `${published.target} failed: ${published.message}${where}`
      return {
        status: 'failed',
        message,
        summary: `${published.target} failed (the Publish table says why)${where}`,
        annotations: [{ level: 'error', title: `Publish to ${published.target} failed`, message }]
      }
    }
    // Signed once for every index target, before the first upload to any: a signing failure publishes nothing.
    let attested: AttestationOutcome | undefined
    try {
      attested = await this.distribution.attest?.(this.preflights)
    } catch (error) {
      const message = `${describeError(error)}; nothing was published to any target`
      return { status: 'failed', message, annotations: [{ level: 'error', title: 'Signing the attestations failed', message }] }
    }
    const notices = attested?.annotations ?? []
    const withProvenance = (report: StageReport): StageReport => ({
      ...report,
      message: attested?.summary ? `${report.message}; ${attested.summary}` : report.message,
      ...(report.summary !== undefined ? { summary: attested?.summary ? `${report.summary}; ${attested.summary}` : report.summary } : {}),
      annotations: [...notices, ...this.published.flatMap(p => p.annotations ?? []), ...report.annotations]
    })
    const ordered = [...this.preflights].sort((a, b) => PUBLISH_ORDER.indexOf(a.target) - PUBLISH_ORDER.indexOf(b.target))
    for (const preflight of ordered) {
      const published = await this.distribution.publish(preflight)
      this.published.push(published)
      this.hooks.logger.info(`${published.target}: ${published.status} — ${published.message}${published.provenance ? `; ${published.provenance}` : ''}`)
      if (published.status === 'failed') return withProvenance(failed(published))
    }
    // Every target published: a drafted GitHub Release goes public now, and only now.
    this.published = await this.distribution.finalize(this.published)
    const unfinished = this.published.find(p => p.status === 'failed')
    if (unfinished) return withProvenance(failed(unfinished))
    return withProvenance({ status: 'ok', message: this.published.map(p => `${p.target}: ${p.status}`).join(', '), annotations: [] })
  }

  /** When nothing was published, a draft this run created is removed; failing to is worth a warning, not a crash. */
  async abandonUnpublished(): Promise<Annotation[]> {
    if (this.published.length > 0) return []
    try {
      await this.distribution.abandon()
      return []
    } catch (error) {
      return [{ level: 'warning', title: 'Cleanup failed', message: `A draft this run created could not be removed: ${describeError(error)}` }]
    }
  }
}
