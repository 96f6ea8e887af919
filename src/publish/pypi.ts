// The `pypi` and `testpypi` targets, and any index with the same upload API (`repository-url`).
// Preflight reads what the index already holds and decides per file: upload, or keep the file that
// is there (the same sha256, or a rebuild with the same archive members) when skip-existing; any
// other file under the name fails preflight before anything is uploaded. Publish streams wheels
// first, then the sdist, retries what can be retried (checking the index after an ambiguous failure),
// and verifies through the index's API that every file is listed with the expected sha256.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseProvenance, type Pep740Attestation } from '../attest/pep740.js'
import { describeError } from '../errors.js'
import { plain } from '../build/manifest.js'
import { normalizeName } from '../names.js'
import type { Annotation, BuildArtifact, DistributionTarget, Logger, PlannedFile, PreflightResult, PublishResult } from '../types.js'
import { compareVersions, parseVersion } from '../pep440.js'
import {
  DEFAULT_RETRY,
  DeadlineError,
  NetworkError,
  UPLOAD_IDLE_TIMEOUT_MS,
  backoffMs,
  ensureTime,
  getWithRetries,
  request,
  responseText,
  retryAfterMs,
  retryableStatus,
  sleep,
  uploadAnswerTimeoutMs,
  type Deadline,
  type HttpResponse,
  type RetryPolicy
} from './http.js'
import { compareExisting, DigestMismatch, sameDigest, type Sameness } from './existing.js'
import { IndexError, readProjectStatus, readRelease, type IndexedFile, type IndexedRelease, type PackageIndex } from './index-api.js'
import type { ProvenanceTrust, ThisWorkflow } from './provenance.js'
import { describeOrigin, keptByOrigin, type ReleaseOrigin } from './origin.js'
import type { PublishTarget } from './target.js'
import { judgeGitHubJob } from './github-publisher.js'
import { coreMetadataOf, judgeForIndex, type IndexJudgement } from './index-rules.js'
import { claimsOf, CredentialError, exchangeToken, mintToken, oidcToken, TrustedToken, type IdTokenSource, type MintedToken } from './trusted.js'
import { multipartBody, uploadFields } from './upload.js'

/** PyPI's default per-file limit: a larger file gets a warning in preflight (a project may have a larger limit). */
const DEFAULT_SIZE_LIMIT = 100 * 1024 * 1024
/** Warehouse refuses new files for a release whose first file is older than this. */
const NEW_FILES_WINDOW_MS = 14 * 24 * 3600 * 1000

export interface IndexTargetOptions {
  target: DistributionTarget
  index: PackageIndex
  username: string
  /** An API token or password; empty → trusted publishing. */
  password: string
  skipExisting: boolean
  idToken: IdTokenSource | undefined
  /** Masks a secret in the log (core.setSecret on a runner). */
  setSecret: (secret: string) => void
  logger: Logger
  retry?: RetryPolicy
  /** How long verification waits for the index's API to list new files (PyPI's JSON API is cached). */
  verifyTimeoutMs?: number
  /** False when the run cannot publish (a pull request): credentials are then not asked for. */
  credentialsNeeded?: boolean
  /** The publish deadline ('publish-timeout'): every request, retry and wait of publish() ends by it. */
  deadline?: Deadline
  /** The PEP 740 attestation signed for this file name, sent with a trusted publishing upload; undefined: none. */
  attestation?: (filename: string) => Pep740Attestation | undefined
  /** Whether this run will sign and send PEP 740 attestations with trusted publishing uploads (preflight says whether PyPI will take them). */
  attests?: boolean
  /** The wait for an upload's answer once its body is sent (default: uploadAnswerTimeoutMs of its size). */
  answerTimeoutMs?: number
  /**
   * How the provenance read-back checks signatures (provenance.ts provenanceTrust): asked for once per run by the
   * manager and shared by the index targets. Undefined: not re-verified (no trusted root).
   */
  provenanceTrust?: () => Promise<ProvenanceTrust>
  /**
   * With attestations on: this run's repository and workflow (GITHUB_REPOSITORY, GITHUB_WORKFLOW_REF), what a
   * re-run expects on the files an earlier run uploaded with trusted publishing; their provenance is read back too.
   */
  thisRun?: { serverUrl?: string; repository?: string; workflowRef?: string }
  /** PyPI's upload rules on the files (index-rules.ts), judged once per run for every index target; default: judged here. */
  judge?: (artifacts: BuildArtifact[]) => Promise<IndexJudgement>
  /**
   * This release's repository and commit (origin.ts): a file already there that differs from this build is kept when its
   * verified provenance was signed for them. Undefined: bytes alone decide.
   */
  origin?: ReleaseOrigin
  /** GITHUB_SERVER_URL: the Source Repository URI a certificate names is this server's URL and the repository. */
  serverUrl?: string
}

/** Preflight's decision for one file, with what verification expects the index to list. */
interface IndexPlan extends PlannedFile {
  /** The filename and sha256 the index must list after publishing (an equivalent kept file's own). */
  expect: { filename: string; sha256: string }
}

interface Prepared {
  project: string
  version: string
  plans: IndexPlan[]
  credentials: { username: string; password: string }
}

/** A lookup that failed counts as not knowing, except when the publish deadline passed: then publishing stops. */
const unknownUnlessLate = (error: unknown): 'unknown' => {
  if (error instanceof DeadlineError) throw error
  return 'unknown'
}

/** A publish-time mint that failed, said for the file it was for; anything but a refusal or a network failure is thrown on. */
function mintFailed(artifact: BuildArtifact, why: string, error: unknown): string {
  if (error instanceof CredentialError || error instanceof NetworkError) return `${artifact.filename}: ${why}, and minting a new one failed: ${error.message}`
  throw error
}

/** The index did not hand over its file for the comparison. */
class NotDownloaded extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`)
  }
}

/** A file the index already holds that stops the release, with the annotation's title when it is not 'differs'. */
interface Conflict {
  conflict: string
  title?: string
}

export class IndexTarget implements PublishTarget {
  private prepared: Prepared | undefined
  /** The token trusted publishing minted, minted again before an upload it might not outlast. */
  private minted: TrustedToken | undefined

  constructor(private readonly options: IndexTargetOptions) {}

  private get name(): string {
    return this.options.index.name
  }

  async preflight(artifacts: BuildArtifact[]): Promise<PreflightResult> {
    const { target, index, logger } = this.options
    const annotations: Annotation[] = []
    const notReady = (message: string, title: string): PreflightResult => ({
      target,
      ready: false,
      message,
      files: [],
      annotations: [...annotations, { level: 'error', title, message }]
    })
    const first = artifacts[0]
    if (!first) return { target, ready: false, message: 'there are no built files to publish (the build stage did not run)', files: [], annotations }
    const project = first.metadata.name
    const version = parseVersion(first.metadata.version)?.normalized ?? first.metadata.version

    // PyPI's own upload rules on every file (CPU and disk), judged while the index answers the reads below (network):
    // a breach publishes nothing anywhere, and is reported whatever the index said
    const judging = (this.options.judge ?? ((files: BuildArtifact[]) => judgeForIndex(files, { indexName: this.name })))(artifacts)
    judging.catch(() => {}) // awaited below; a read failing first must not leave it unhandled

    if (this.options.password !== '' && this.options.username === '__token__' && !/^pypi-[A-Za-z0-9_-]{16,}$/.test(this.options.password)) {
      annotations.push({
        level: 'warning',
        title: 'Password does not look like an API token',
        message: `The password for ${this.name} does not look like a PyPI API token (pypi- followed by the token); with username __token__ the index expects one. Check the secret's value.`
      })
    }

    let release: IndexedRelease | undefined
    let status: Awaited<ReturnType<typeof readProjectStatus>>
    let readError: unknown
    try {
      ;[release, status] = await Promise.all([
        readRelease(index, project, version, logger, this.options.retry, this.options.deadline),
        readProjectStatus(index, project, logger, this.options.retry, this.options.deadline),
        this.probeUploadUrl()
      ])
    } catch (error) {
      readError = error
    }
    const judged = await judging
    annotations.push(...judged.warnings)
    if (judged.errors.length > 0) {
      const files = new Set(judged.errors.map(error => error.title))
      return {
        target,
        ready: false,
        message: `${judged.errors.length} of PyPI's upload rules broken (${files.size} file${files.size === 1 ? '' : 's'}): nothing is uploaded while one stands`,
        files: [],
        annotations: [...annotations, ...judged.errors]
      }
    }
    if (readError !== undefined || release === undefined) {
      if (readError instanceof IndexError) return notReady(readError.message, `${this.name} cannot be read`)
      if (readError instanceof NetworkError) return notReady(`${this.name} cannot be reached: ${readError.message}`, `${this.name} unreachable`)
      throw readError
    }
    const standing = this.projectStanding(project, status)
    if (standing?.level === 'error') return notReady(standing.message, standing.title ?? `${project} takes no uploads`)
    if (standing) annotations.push(standing)
    for (const artifact of artifacts.filter(a => a.size > DEFAULT_SIZE_LIMIT)) {
      annotations.push({
        level: 'warning',
        title: `${artifact.filename} is over PyPI's default size limit`,
        message:
          `${artifact.filename} is ${(artifact.size / 2 ** 20).toFixed(1)} MiB; PyPI takes files up to ${DEFAULT_SIZE_LIMIT / 2 ** 20} MiB unless the project has a larger limit ` +
          `("File too large. Limit for project … is 100 MB", warehouse/forklift/legacy.py:1152). Wheels go up largest first and the sdist last; ` +
          'to ask for more: https://docs.pypi.org/project-management/storage-limits/#requesting-a-file-size-limit-increase'
      })
    }
    if (release.latest && release.files.length === 0 && compareVersions(release.latest, version) > 0) {
      annotations.push({
        level: 'notice',
        title: `Not the latest version on ${this.name}`,
        message: `${this.name} already has ${project} ${release.latest}, newer than ${version}; ${version} will not become the latest release there.`
      })
    }

    const scratch = await mkdtemp(join(tmpdir(), 'pra-index-'))
    let outcomes: Array<IndexPlan | Conflict>
    try {
      outcomes = await Promise.all(artifacts.map(artifact => this.plan(artifact, release, scratch, { project, version })))
    } catch (error) {
      if (error instanceof NetworkError || error instanceof IndexError) return notReady(`${this.name}: ${error.message}`, `${this.name} cannot be read`)
      throw error
    } finally {
      await rm(scratch, { recursive: true, force: true })
    }
    const conflicts = outcomes.flatMap(outcome => ('conflict' in outcome ? [outcome] : []))
    if (conflicts.length > 0) {
      return {
        target,
        ready: false,
        message: conflicts.map(c => c.conflict).join('\n'),
        files: [],
        annotations: [
          ...annotations,
          ...conflicts.map(c => ({ level: 'error' as const, title: c.title ?? `File already on ${this.name} differs`, message: c.conflict }))
        ]
      }
    }
    const plans = outcomes as IndexPlan[]
    const uploads = plans.filter(plan => plan.action === 'upload')

    // A new file for a release that is too old is refused: say so now rather than after other files went up.
    const firstUpload = Math.min(...release.files.map(file => file.uploadTime?.getTime() ?? Infinity))
    if (uploads.length > 0 && Number.isFinite(firstUpload) && Date.now() - firstUpload > NEW_FILES_WINDOW_MS) {
      return notReady(
        `${project} ${version} was first uploaded to ${this.name} on ${new Date(firstUpload).toISOString().slice(0, 10)}, more than 14 days ago, ` +
          `and the index takes no new files for it (${uploads.map(plan => plan.artifact.filename).join(', ')}). Release a new version, e.g. ${version}.post1.`,
        `${this.name} release is closed`
      )
    }

    let credentials: Prepared['credentials'] = { username: '', password: '' }
    if (this.options.credentialsNeeded === false) {
      annotations.push({
        level: 'notice',
        title: `${this.name} credentials not checked`,
        message: `Credentials for ${this.name} were not checked: nothing is published from this run (a pull request), and a fork's pull request has no secrets or OIDC token.`
      })
    } else {
      try {
        credentials = await this.credentials(project, annotations)
      } catch (error) {
        if (error instanceof CredentialError) return notReady(error.message, error.title)
        if (error instanceof NetworkError) return notReady(`${this.name} cannot be reached: ${error.message}`, `${this.name} unreachable`)
        throw error
      }
    }
    for (const plan of plans) if (plan.kept) annotations.push({ level: 'notice', title: `Kept on ${this.name}`, message: plan.kept })
    this.prepared = { project, version, plans, credentials }
    const kept = plans.length - uploads.length
    const message =
      uploads.length > 0
        ? `ready: ${uploads.length} of ${plans.length} files to upload to ${this.name}${kept > 0 ? ` (${kept} already there)` : ''}`
        : `ready: nothing to upload, all ${plans.length} files already on ${this.name}`
    return { target, ready: true, message, files: plans.map(({ expect: _expect, ...file }) => file), annotations }
  }

  /** What the project's PEP 792 status means for this upload (warehouse/packaging/models.py:428-502), or undefined: active. */
  private projectStanding(project: string, status: { status: string; reason?: string } | undefined): Annotation | undefined {
    if (!status || status.status === 'active') return undefined
    const why = status.reason ? ` (${this.name} says: ${plain(status.reason, 200)})` : ''
    const settings = this.options.index.projectPages
      ? `${this.options.index.projectPages.replace(/project\/$/, '')}manage/project/${normalizeName(project)}/settings/`
      : "the project's settings"
    const trusted = this.options.password === ''
    if (status.status === 'archived') {
      return {
        level: 'error',
        title: `${project} is archived on ${this.name}`,
        message: `${project} is archived on ${this.name} (PEP 792 status 'archived')${why}: an archived project takes no uploads from anyone. Unarchive it in ${settings}, or release under another project.`
      }
    }
    if (status.status === 'quarantined') {
      // a quarantined project's files are hidden from the JSON and Simple APIs (legacy/api/json.py:316, packaging/utils.py:57-67),
      // so even an owner's token upload could not be verified or installed; its trusted publishers may not upload at all
      return {
        level: 'error',
        title: `${project} is quarantined on ${this.name}`,
        message:
          `${project} is quarantined on ${this.name} (PEP 792 status 'quarantined')${why}: ${trusted ? 'its trusted publishers may not upload, and ' : ''}` +
          "no file is installable or listed until PyPI's administrators release it. Answer the quarantine notice (or write to admin@pypi.org); nothing is uploaded until then."
      }
    }
    return {
      level: 'notice',
      title: `${project} is deprecated on ${this.name}`,
      message: `${project} is marked deprecated on ${this.name} (PEP 792)${why}; this release is uploaded as usual, and installers may warn its users.`
    }
  }

  /** The upload host answers at all (on PyPI it is another host than the JSON API's). */
  private async probeUploadUrl(): Promise<void> {
    const { index } = this.options
    if (new URL(index.uploadUrl).host === new URL(index.jsonApi).host) return
    await request(index.uploadUrl, { method: 'GET', timeoutMs: 30_000 })
  }

  /**
   * The API token, or one minted through trusted publishing. The OIDC token's claims are judged first, as PyPI will
   * (github-publisher.ts): a job in a reusable workflow is told what PyPI accepts from it (a notice in `annotations`),
   * and a certain refusal fails preflight before any exchange.
   */
  private async credentials(project: string, annotations: Annotation[]): Promise<Prepared['credentials']> {
    const { username, password, index, idToken, setSecret, logger, target } = this.options
    if (password !== '') return { username, password }
    const oidc = await oidcToken(index, idToken, logger)
    const judged = judgeGitHubJob(claimsOf(oidc), { indexName: this.name, attestations: this.options.attests === true })
    if (judged.notice) {
      annotations.push(judged.notice)
      logger.info(`${target}: before the token exchange: ${judged.notice.message}`)
    }
    if (judged.refusal) throw new CredentialError(judged.refusal.message, judged.refusal.title)
    const masked = (minted: MintedToken): MintedToken => {
      setSecret(minted.token)
      return minted
    }
    const first = masked(await exchangeToken(index, project, oidc, logger))
    this.minted = new TrustedToken(first, async () => masked(await mintToken(index, project, idToken, logger, undefined, this.options.deadline)))
    return { username: '__token__', password: first.token }
  }

  /** The password for an upload of `bytes`: a minted token is minted again first when it could expire before the index has the file. */
  private async uploadPassword(prepared: Prepared, bytes: number): Promise<string> {
    const minted = this.minted
    if (!minted) return prepared.credentials.password
    if (minted.dueFor(bytes)) {
      const left = minted.secondsLeft()
      this.options.logger.info(
        `${this.name}: the minted token has ${left !== undefined && left > 0 ? `${left} s` : 'no time'} left, too little for an upload of ${bytes} bytes; minting a new one`
      )
      await minted.renew()
    }
    return minted.token
  }

  private async plan(
    artifact: BuildArtifact,
    release: IndexedRelease,
    scratch: string,
    named: { project: string; version: string }
  ): Promise<IndexPlan | Conflict> {
    const { skipExisting } = this.options
    const sameName = release.files.find(file => file.filename === artifact.filename)
    const otherSdist = artifact.format === 'sdist' && !sameName ? release.files.find(file => /\.(tar\.gz|zip)$/.test(file.filename)) : undefined
    const existing = sameName ?? otherSdist
    const upload: IndexPlan = {
      artifact,
      action: 'upload',
      destination: this.options.index.uploadUrl,
      expect: { filename: artifact.filename, sha256: artifact.sha256 }
    }
    if (!existing) return upload
    const kept = (action: 'skip-identical' | 'skip-equivalent' | 'skip-origin', evidence?: string): IndexPlan => ({
      artifact,
      action,
      destination: existing.url,
      expect: { filename: existing.filename, sha256: existing.sha256 },
      ...(evidence && this.options.origin ? { kept: keptByOrigin(existing.filename, this.options.origin, evidence) } : {})
    })
    const what = otherSdist
      ? `the release already has the sdist ${existing.filename} (an index takes one sdist per release), and it`
      : `${artifact.filename} is already on ${this.name} and`
    if (!skipExisting) {
      // Not compared: the same sha256 says it is identical; anything else may or may not be an equivalent rebuild.
      const identical = sameName !== undefined && sameDigest(artifact, existing)
      const where = otherSdist
        ? `${artifact.filename}: the release already has the sdist ${existing.filename} on ${this.name}`
        : `${artifact.filename} is already on ${this.name}`
      return {
        title: `File already on ${this.name}`,
        conflict: identical
          ? `${where}, identical to this build (the same sha256), and skip-existing is false. Set skip-existing: true to keep it, or release a new version.`
          : `${where}, and skip-existing is false. Release a new version, or set skip-existing: true to keep the files that are there when they have the same content.`
      }
    }
    const held = await this.compareWithIndex(artifact, existing, scratch, Boolean(otherSdist))
    if (typeof held === 'string') return { conflict: `${artifact.filename}: ${held}` }
    if (held.verdict === 'identical') return kept('skip-identical')
    if (held.verdict === 'equivalent') return kept('skip-equivalent')
    // Bytes and members differ: an earlier run of this very release (same repository, same commit) may have uploaded it
    const evidence = await this.originEvidence(named, existing)
    if (evidence) return kept('skip-origin', evidence)
    if (held.unreadable !== undefined) return { conflict: `${artifact.filename}: the file on ${this.name} is not a readable archive (${held.unreadable})` }
    return {
      conflict:
        `${artifact.filename}: ${what} differs from this build: ${held.differences}. ` +
        'It is another release of the same version and stays as it is; release a new version.'
    }
  }

  /**
   * The evidence that the index's file is this release's own earlier upload: its verified PEP 740 provenance names this
   * repository and commit (provenance.ts attestedOrigin); undefined when there is none, or it cannot be read or verified
   * (then the file is another release, as without provenance). Only a run with a trusted root can verify it.
   */
  private async originEvidence(named: { project: string; version: string }, existing: IndexedFile): Promise<string | undefined> {
    const { origin, index, logger, retry, deadline } = this.options
    if (!origin?.repository || !existing.sha256) return undefined
    try {
      const { attestedOrigin, provenanceTrust } = await import('./provenance.js')
      const trust = await (this.options.provenanceTrust?.() ?? provenanceTrust({}))
      if (!trust.verifier) {
        logger.info(`${this.options.target}: ${existing.filename}'s provenance was not consulted for its origin: ${trust.reason}, so it cannot be verified`)
        return undefined
      }
      const url = new URL(
        `/integrity/${encodeURIComponent(named.project)}/${encodeURIComponent(named.version)}/${encodeURIComponent(existing.filename)}/provenance`,
        index.simpleApi
      ).href
      const response = await getWithRetries(url, { headers: { Accept: 'application/vnd.pypi.integrity.v1+json' }, deadline }, logger, retry)
      if (response.status !== 200) return undefined
      const provenance = parseProvenance(JSON.parse(response.body))
      return attestedOrigin(
        this.name,
        { filename: existing.filename, sha256: existing.sha256 },
        provenance,
        origin,
        this.options.serverUrl ?? 'https://github.com',
        trust
      )
    } catch (error) {
      if (error instanceof DeadlineError) throw error
      logger.info(`${this.options.target}: ${existing.filename}'s provenance could not be read for its origin: ${plain(describeError(error), 200)}`)
      return undefined
    }
  }

  /** The index's file against the built one (downloaded only when the sha256 does not settle it); a string when it cannot be compared. */
  private async compareWithIndex(artifact: BuildArtifact, existing: IndexedFile, scratch: string, ignoreTop: boolean): Promise<Sameness | string> {
    const path = join(scratch, existing.filename.replace(/[^\w.+-]/g, '_'))
    const download = async (): Promise<string> => {
      const response = await getWithRetries(
        existing.url,
        { saveTo: path, timeoutMs: 120_000, deadline: this.options.deadline },
        this.options.logger,
        this.options.retry
      )
      if (response.status !== 200) throw new NotDownloaded(response.status)
      return path
    }
    try {
      return await compareExisting(artifact, { sha256: existing.sha256 || undefined, download, ignoreTop })
    } catch (error) {
      if (error instanceof NotDownloaded) return `the file on ${this.name} (${existing.url}) could not be downloaded to compare (HTTP ${error.status})`
      if (error instanceof DigestMismatch) return `the file downloaded from ${this.name} has sha256 ${error.fetched}, not the ${error.listed} the index lists`
      throw error
    }
  }

  async publish(_preflight: PreflightResult): Promise<PublishResult> {
    const { target, index, logger } = this.options
    const prepared = this.prepared
    if (!prepared) throw new Error(`publish to ${target} without a passed preflight`)
    const url = index.projectPages
      ? `${index.projectPages}${normalizeName(prepared.project)}/${prepared.version}/`
      : `${index.simpleApi}${normalizeName(prepared.project)}/`
    const files = prepared.plans.map(plan => plan.artifact.filename)
    const skipped = prepared.plans.filter(plan => plan.action !== 'upload').map(plan => plan.artifact.filename)
    // Wheels first, the largest first (a size refusal then comes before the others go up), and the sdist last: an installer
    // never builds from the sdist while the release's wheels are still on their way (preflight warns of a size over PyPI's default).
    const rank = (plan: IndexPlan): number => (plan.artifact.format === 'wheel' ? 0 : 1)
    const queue = prepared.plans.filter(plan => plan.action === 'upload').sort((a, b) => rank(a) - rank(b) || b.artifact.size - a.artifact.size)
    const uploaded: string[] = []
    for (const plan of queue) {
      const problem = await this.uploadOne(plan, prepared)
      if (problem) {
        const done = uploaded.length > 0 ? `${uploaded.length} of ${queue.length} files were uploaded (${uploaded.join(', ')}); ` : 'nothing was uploaded; '
        return {
          target,
          status: 'failed',
          url,
          message: `${problem}\n${done}a re-run keeps what is on the index and uploads the rest.`,
          files: [],
          uploaded,
          skipped
        }
      }
      uploaded.push(plan.artifact.filename)
    }
    let mismatch: string | undefined
    try {
      mismatch = await this.verify(prepared)
    } catch (error) {
      if (!(error instanceof DeadlineError)) throw error
      mismatch =
        `${index.name} accepted the uploads, but ${error.deadline.describe()} ran out while checking that it lists every file with the expected sha256 ` +
        `(${error.what}); a re-run verifies again and uploads nothing twice.`
    }
    if (mismatch) return { target, status: 'failed', url, message: mismatch, files: [], uploaded, skipped }
    logger.info(`${target}: every file is listed on ${index.name} with the expected sha256`)
    const kept = skipped.length > 0 ? `; ${skipped.length} already there (${skipped.join(', ')})` : ''
    const own = prepared.plans.filter(plan => plan.action === 'skip-origin').length
    const byOrigin = own > 0 && this.options.origin ? `; ${own} kept as uploaded by an earlier run of ${describeOrigin(this.options.origin)}` : ''
    const provenance = await this.checkProvenance(prepared, uploaded)
    if (provenance.failures.length > 0) {
      const message =
        `${uploaded.length} of ${files.length} files uploaded to ${index.name}${kept}, but the provenance it shows for ` +
        `${provenance.failures.length === 1 ? 'one of them does' : `${provenance.failures.length} of them do`} not verify: ${provenance.failures.join('; ')}. ` +
        `The files are published (${url}): check each one's provenance there (its Integrity API, or the release page's "Verified details") ` +
        `before announcing the release, and yank the release if it is not yours.`
      return {
        target,
        status: 'failed',
        url,
        message,
        files,
        uploaded,
        skipped,
        ...(provenance.summary ? { provenance: provenance.summary } : {}),
        annotations: provenance.warnings.map(warning => ({ level: 'warning' as const, title: `Provenance on ${target}`, message: warning }))
      }
    }
    const readBack = {
      // the summary's row: what the read-back verified, and each warning
      ...(provenance.summary ? { provenance: provenance.summary } : {}),
      ...(provenance.warnings.length > 0
        ? { annotations: provenance.warnings.map(message => ({ level: 'warning' as const, title: `Provenance on ${target}`, message })) }
        : {})
    }
    return uploaded.length > 0
      ? {
          target,
          status: 'published',
          url,
          message: `${uploaded.length} of ${files.length} files uploaded to ${index.name}${kept}${byOrigin}; verified`,
          files,
          uploaded,
          skipped,
          ...readBack
        }
      : {
          target,
          status: 'skipped',
          url,
          message: `all ${files.length} files already on ${index.name}${byOrigin}; verified`,
          files,
          uploaded,
          skipped,
          ...readBack
        }
  }

  /**
   * After publishing with attestations, what the index shows: each attested file's provenance read back through
   * the Integrity API (PEP 740: /integrity/<project>/<version>/<filename>/provenance), a few at a time, must hold
   * an attestation of the file's sha256, signed for this run's workflow (the signature verified against
   * SIGSTORE_TRUSTED_ROOT's trusted root when one is given), under the publisher for this run's repository and
   * workflow file (src/publish/provenance.ts). Provenance of a file this run uploaded that is read and does not
   * verify is a failure (`failures`; issue 26): the files are out, and the run must not end green while the index
   * shows provenance nobody can check. Provenance the index does not show, could not be read, or of a file an
   * earlier run left there is a warning. The summary says what was verified, names the publisher the index recorded, and adds the warnings:
   * it is the result's provenance, which the log prints after the message and the job summary's Publish table in a
   * cell of its own (in the message too, it was shown twice in that row).
   */
  private async checkProvenance(prepared: Prepared, uploaded: string[]): Promise<{ warnings: string[]; failures: string[]; summary?: string }> {
    const { index, logger, retry, deadline } = this.options
    const trusted = this.options.password === ''
    // a file this run uploaded with its attestation; with attestations on, a re-run also reads back what an earlier run of this workflow left there
    const attested = prepared.plans.flatMap((plan): Array<{ artifact: BuildArtifact; ours: Pep740Attestation | undefined; earlier: boolean }> => {
      const { artifact } = plan
      const ours = trusted && uploaded.includes(artifact.filename) ? this.options.attestation?.(artifact.filename) : undefined
      if (ours) return [{ artifact, ours, earlier: false }]
      return trusted && this.options.thisRun && plan.action === 'skip-identical' ? [{ artifact, ours: undefined, earlier: true }] : []
    })
    if (attested.length === 0) return { warnings: [], failures: [] }
    // Sigstore's verifier is loaded only by a run that signs or reads back attestations
    const { checkFileProvenance, describePublisher, mapConcurrently, PROVENANCE_READS, provenanceTrust, thisWorkflow, workflowOfRun } =
      await import('./provenance.js')
    const trust = await (this.options.provenanceTrust?.() ?? provenanceTrust({}))
    const earlierRun = workflowOfRun(this.options.thisRun ?? {})
    const verdicts = await mapConcurrently(attested, PROVENANCE_READS, async ({ artifact, ours }) => {
      let expected: ThisWorkflow
      try {
        if (ours) expected = thisWorkflow(ours)
        else if (earlierRun) expected = earlierRun
        else throw new Error('the runner names no workflow for it (GITHUB_REPOSITORY and GITHUB_WORKFLOW_REF)')
      } catch (error) {
        return { verified: false as const, warning: `${artifact.filename}'s provenance on ${index.name} was not checked: ${plain(describeError(error), 200)}` }
      }
      const url = new URL(
        `/integrity/${encodeURIComponent(prepared.project)}/${encodeURIComponent(prepared.version)}/${encodeURIComponent(artifact.filename)}/provenance`,
        index.simpleApi
      ).href
      try {
        const response = await getWithRetries(url, { headers: { Accept: 'application/vnd.pypi.integrity.v1+json' }, deadline }, logger, retry)
        if (response.status !== 200) {
          return {
            verified: false as const,
            warning: `${index.name} shows no provenance for ${artifact.filename}: its Integrity API answered HTTP ${response.status} (${url})`
          }
        }
        const provenance = parseProvenance(JSON.parse(response.body))
        const verdict = checkFileProvenance(index.name, artifact, provenance, expected, trust)
        // read, and it does not hold: for a file this run uploaded with its attestation, a failure
        return verdict.verified ? verdict : { ...verdict, fails: ours !== undefined }
      } catch (error) {
        return { verified: false as const, warning: `${index.name}'s provenance for ${artifact.filename} could not be read: ${plain(describeError(error))}` }
      }
    })
    const failures = verdicts.flatMap(verdict => (!verdict.verified && 'fails' in verdict && verdict.fails ? [verdict.warning] : []))
    const warnings = verdicts.flatMap(verdict => (verdict.verified || ('fails' in verdict && verdict.fails) ? [] : [verdict.warning]))
    for (const problem of [...failures, ...warnings]) logger.info(`${this.options.target}: ${problem}`)
    const publishers = [...new Set(verdicts.flatMap(verdict => (verdict.verified ? [describePublisher(verdict.publisher)] : [])))]
    const shown = attested.length - warnings.length - failures.length
    const earlier = verdicts.filter((verdict, i) => verdict.verified && attested[i]?.earlier).length
    const files = `${shown} file${shown === 1 ? '' : 's'}${earlier > 0 ? ` (${earlier} already there, from an earlier run of this workflow)` : ''}`
    const notes: string[] = []
    if (shown > 0 && trust.verifier) {
      notes.push(
        `provenance of ${files} read back from its Integrity API and verified: signature (against ${trust.source}) and workflow (publisher: ${publishers.join('; ')})`
      )
    } else if (shown > 0) notes.push(`provenance of ${files} read back from its Integrity API names this workflow (publisher: ${publishers.join('; ')})`)
    // Honest about what was not checked: the public-good instance's trusted root is not available offline
    if (!trust.verifier) notes.push(`the attestations' signatures were checked by ${index.name} on upload, not re-verified here: ${trust.reason}`)
    const warned = warnings.length > 0 ? [`⚠️ ${warnings.length} provenance warning${warnings.length === 1 ? '' : 's'}: ${warnings.join('; ')}`] : []
    const failed =
      failures.length > 0 ? [`❌ provenance of ${failures.length} file${failures.length === 1 ? '' : 's'} does not verify: ${failures.join('; ')}`] : []
    return { warnings, failures, summary: [...notes, ...failed, ...warned].join('; ') }
  }

  /** An index has no drafts: what publish uploaded is public already. */
  async finalize(result: PublishResult): Promise<PublishResult> {
    return result
  }

  /** Preflight uploads nothing and holds nothing: nothing to undo. */
  async abandon(): Promise<void> {}

  /** Uploads one file, retrying what can be retried; a message when it failed for good or the publish deadline passed. */
  private async uploadOne(plan: IndexPlan, prepared: Prepared): Promise<string | undefined> {
    try {
      return await this.tryUpload(plan, prepared)
    } catch (error) {
      if (!(error instanceof DeadlineError)) throw error
      return (
        `${plan.artifact.filename}: ${error.what} while uploading it to ${this.name}; the index may still have stored it — a re-run checks before sending again. ` +
        `Publishing stopped as ${error.deadline.describe()} ran out, and nothing more was sent; raise 'publish-timeout' if the index is only slow.`
      )
    }
  }

  private async tryUpload(plan: IndexPlan, prepared: Prepared): Promise<string | undefined> {
    const { index, logger, deadline } = this.options
    const policy = this.options.retry ?? DEFAULT_RETRY
    const { artifact } = plan
    const metadata = await coreMetadataOf(artifact)
    // PyPI takes attestations only with a token minted by trusted publishing (an empty password here)
    const attestation = this.options.password === '' ? this.options.attestation?.(artifact.filename) : undefined
    const body = multipartBody(uploadFields(artifact, metadata, attestation ? [attestation] : []), artifact)
    let reminted = false
    for (let attempt = 1; ; attempt++) {
      let auth: string
      try {
        auth = Buffer.from(`${prepared.credentials.username}:${await this.uploadPassword(prepared, body.length)}`).toString('base64')
      } catch (error) {
        return mintFailed(artifact, 'the trusted publishing token was about to expire', error)
      }
      logger.info(`${index.name}: uploading ${artifact.filename} (${artifact.size} bytes)${attempt > 1 ? `, attempt ${attempt}` : ''}`)
      let reason: string
      let asked: number | undefined
      let ambiguous: boolean
      try {
        const response = await request(index.uploadUrl, {
          method: 'POST',
          headers: { Authorization: `Basic ${auth}`, 'Content-Type': body.contentType, 'Content-Length': body.length },
          body: body.write,
          // Sending may take long but must move; the answer, once all is sent, must come soon.
          timeoutMs: UPLOAD_IDLE_TIMEOUT_MS,
          answerTimeoutMs: this.options.answerTimeoutMs ?? uploadAnswerTimeoutMs(body.length),
          deadline
        })
        if (response.status === 200) return undefined
        // warehouse/macaroons/caveats/__init__.py:60-61 via security_policy.py:161 and forklift/legacy.py:813: the token ran out before the index checked it
        if (this.minted && !reminted && response.status === 403 && /token is expired/i.test(`${response.reason} ${responseText(response)}`)) {
          reminted = true
          logger.info(`${index.name}: ${artifact.filename}: the index found the minted token expired; minting a new one and sending the file once more`)
          try {
            await this.minted.renew()
          } catch (error) {
            return mintFailed(artifact, `${index.name} found the trusted publishing token expired`, error)
          }
          continue
        }
        if (!retryableStatus(response.status)) {
          // A retry after a lost answer can meet its own earlier upload (or a parallel job's identical one): the index holds our file.
          if (/already exists/i.test(response.reason) && (await this.onIndex(plan).catch(unknownUnlessLate)) === 'ours') return undefined
          return this.explain(artifact, response, prepared)
        }
        reason = `HTTP ${response.status}${response.reason ? ` ${response.reason}` : ''}`
        asked = retryAfterMs(response.headers)
        ambiguous = response.status !== 429
      } catch (error) {
        if (!(error instanceof NetworkError)) throw error
        reason = error.message
        ambiguous = true
      }
      // The index may have stored the file before the failure: look before sending it again.
      if (ambiguous) {
        const found = await this.onIndex(plan).catch(unknownUnlessLate)
        if (found === 'ours') {
          logger.info(`${index.name}: ${artifact.filename} is on the index after all (${reason}), with the expected sha256`)
          return undefined
        }
        if (found === 'other') return `${artifact.filename}: after ${reason}, ${index.name} lists a file of that name with another sha256 than this build's`
      }
      if (attempt >= policy.attempts) return `${artifact.filename}: ${index.name} failed ${attempt} times; the last: ${reason}`
      const wait = backoffMs(policy, attempt, asked)
      ensureTime(deadline, wait, `the last try failed (${reason})`)
      logger.info(`${index.name}: ${artifact.filename}: ${reason}; retrying in ${(wait / 1000).toFixed(1)} s`)
      await sleep(wait)
    }
  }

  /** Whether the index lists this plan's file now: with our sha256, another, or not at all. */
  private async onIndex(plan: IndexPlan): Promise<'ours' | 'other' | 'absent'> {
    const prepared = this.prepared!
    const release = await readRelease(this.options.index, prepared.project, prepared.version, this.options.logger, this.options.retry, this.options.deadline)
    const file = release.files.find(f => f.filename === plan.expect.filename)
    if (!file) return 'absent'
    return file.sha256 === plan.expect.sha256 ? 'ours' : 'other'
  }

  /** The index's 4xx, said so the maintainer knows what to change. */
  private explain(artifact: BuildArtifact, response: HttpResponse, prepared: Prepared): string {
    const said = response.reason && response.reason !== 'Bad Request' && response.reason !== 'Forbidden' ? response.reason : responseText(response)
    const base = `${this.name} refused ${artifact.filename} (HTTP ${response.status}): ${said}`
    const trusted = this.options.password === ''
    if (response.status >= 300 && response.status < 400) {
      return `${this.name} answered the upload with a redirect (HTTP ${response.status}) to ${String(response.headers.location ?? '?')}; set repository-url to the index's upload URL itself (an upload is never resent to a redirected URL).`
    }
    if (response.status === 403 && /not valid for project/i.test(said)) {
      return `${base}. The API token is scoped to another project: create a token for '${prepared.project}' (or a user-wide one) and put it in the ${this.options.target === 'testpypi' ? "'testpypi-password'" : "'password'"} secret.`
    }
    if (response.status === 403 && trusted && /token is expired/i.test(said)) {
      return `${base}. The token minted through trusted publishing expired before ${this.name} had the whole file, though it was minted again just before: the upload takes longer than the index's tokens last. Give an API token in 'password' for files this large, or upload from a faster network.`
    }
    if (response.status === 403) {
      return trusted
        ? `${base}. The token minted through trusted publishing was refused; check the trusted publisher for '${prepared.project}'.`
        : `${base}. Check the ${this.options.target === 'testpypi' ? "'testpypi-password'" : "'password'"} secret (an API token, with username __token__).`
    }
    if (/too large/i.test(said)) return `${base} Ask the index for a larger limit for '${prepared.project}', or make the file smaller.`
    return base
  }

  /** Every file listed with the expected sha256; waits (with backoff) while a cache hides new ones. A message on failure. */
  private async verify(prepared: Prepared): Promise<string | undefined> {
    const { index, logger } = this.options
    const deadline = Date.now() + (this.options.verifyTimeoutMs ?? 180_000)
    const policy = this.options.retry ?? DEFAULT_RETRY
    for (let attempt = 1; ; attempt++) {
      const release = await readRelease(index, prepared.project, prepared.version, logger, policy, this.options.deadline)
      const missing: string[] = []
      for (const plan of prepared.plans) {
        const listed = release.files.find(file => file.filename === plan.expect.filename)
        if (!listed) missing.push(plan.expect.filename)
        else if (listed.sha256 !== plan.expect.sha256) {
          return `${index.name} lists ${plan.expect.filename} with sha256 ${listed.sha256}, but ${plan.expect.sha256} was expected: the index holds another file than this release's. Do not announce this release; check the index.`
        }
      }
      if (missing.length === 0) return undefined
      const wait = Math.min(backoffMs({ ...policy, maxDelayMs: 15_000 }, attempt), Math.max(0, deadline - Date.now()))
      if (wait <= 0) {
        return `${index.name} accepted the uploads, but its API does not list ${missing.join(', ')} after ${Math.round((this.options.verifyTimeoutMs ?? 180_000) / 1000)} s; check ${index.simpleApi}${normalizeName(prepared.project)}/ (a re-run verifies again and uploads nothing twice).`
      }
      ensureTime(this.options.deadline, wait, `${missing.join(', ')} not listed yet`)
      logger.info(`${index.name}: not listed yet: ${missing.join(', ')}; looking again in ${(wait / 1000).toFixed(1)} s`)
      await sleep(wait)
    }
  }
}
