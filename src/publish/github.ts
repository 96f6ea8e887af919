// The `github` target: the built files (and a SHA256SUMS) as assets of the GitHub Release for the tag.
// Draft first: preflight finds the release for the tag among every release (drafts included: GitHub's
// get-by-tag does not see drafts), or creates a draft, which also proves the token may write. Racing runs
// keep the oldest draft. Publish uploads the assets in parallel, settling every ambiguous failure by
// asking GitHub what it holds; the draft is published last (finalize), after every other target of the
// run succeeded, so nobody sees a release with files missing.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createHash } from 'node:crypto'
import type { SerializedBundle } from '@sigstore/bundle'
import { sha256File } from '../build/digest.js'
import type { Annotation, BuildArtifact, Logger, PlannedFile, PreflightResult, ProvenanceStanding, PublishResult } from '../types.js'
import { DistributionTarget } from '../types.js'
import { MANIFEST_MAX_BYTES, parseManifest, plain, readManifestFile, type ReleaseManifest } from '../build/manifest.js'
import { compareVersions, invalidTagName, versionFromTag } from '../pep440.js'
import {
  backoffMs,
  DEFAULT_RETRY,
  DeadlineError,
  ensureTime,
  getWithRetries,
  githubRetry,
  NetworkError,
  request,
  responseText,
  sendFile,
  sleep,
  UPLOAD_IDLE_TIMEOUT_MS,
  uploadAnswerTimeoutMs,
  type Deadline,
  type HttpResponse,
  type RetryPolicy
} from './http.js'
import { compareExisting, DigestMismatch, type Sameness } from './existing.js'
import type { GitHubClient } from './github-api.js'
import type { PublishTarget } from './target.js'
import { isDistribution, originManifestName, SUMS } from './local.js'
import { describeOrigin, keptByOrigin, mergedRecord, recordLists, sameOrigin, type OriginRecord } from './origin.js'

const TARGET = DistributionTarget.GITHUB
/** GitHub's limit for one release asset. */
export const MAX_ASSET_SIZE = 2 * 1024 * 1024 * 1024
const API_VERSION = '2022-11-28'
const PERMISSION_HELP =
  "The workflow's token needs `permissions: contents: write` (set it on the job: `permissions:` → `contents: write`), " +
  "or pass a token that may write to this repository's releases in 'github-token'."

export type MakeLatest = 'true' | 'false' | 'legacy'

export interface GitHubSettings {
  token: string
  /** GITHUB_API_URL. */
  apiUrl: string
  /** owner/name (GITHUB_REPOSITORY). */
  repository: string | undefined
  /** The commit being released: GITHUB_SHA, else the checkout's HEAD. */
  commit: string | undefined
  tag: string
  name: string
  /** Release notes; undefined → GitHub generates them. */
  notes: string | undefined
  /** Leave the release as a draft (release-draft: true). */
  keepDraft: boolean
  prerelease: boolean
  /** undefined → true unless a published release has a higher version. */
  makeLatest: MakeLatest | undefined
  overwriteAssets: boolean
  concurrency: number
  /** The release's version, and the tag prefix that earlier release tags carry (for make-latest). */
  version: string
  tagPrefix: string
  /** False when the run will not publish (a pull request, dry-run): preflight then changes nothing. */
  mayWrite: boolean
  logger: Logger
  retry?: RetryPolicy
  /** The publish deadline ('publish-timeout'): uploads, API calls, retries and waits of publish() end by it. */
  deadline?: Deadline
  /**
   * The Sigstore bundle of an asset's build provenance, signed before the first upload (DistributionManager.attest);
   * stored with the attestations API once the asset is on the release. Undefined: attestations are off.
   */
  provenance?: (asset: string) => SerializedBundle | undefined
  /** Makes the client (tests hand in their own; the default loads @actions/github). */
  client?: () => Promise<GitHubClient>
  /**
   * This release's repository and commit and its manifest (origin.ts): the release keeps the manifest as an asset, and an
   * asset that differs from this build is kept when that manifest, of this origin, lists its sha256. Undefined: bytes alone decide.
   */
  origin?: OriginRecord
}

/** The release's record of this origin (its manifest asset), as preflight read it. */
interface Recorded {
  name: string
  asset: Asset | undefined
  /** The record of this origin; undefined when absent; `not`: another origin's or unreadable, left as it is. */
  held: ReleaseManifest | undefined | { not: string }
}

interface Release {
  id: number
  tag_name: string
  draft: boolean
  prerelease: boolean
  immutable?: boolean
  html_url: string
  upload_url: string
  name: string | null
}

interface Asset {
  id: number
  name: string
  state: string
  size: number
  digest?: string | null
}

/** One asset preflight decided on: what to send, or why the one there stays. */
interface AssetPlan {
  name: string
  /** The file to send (a built file), or the bytes (SHA256SUMS). */
  source: { path: string } | { content: Buffer }
  size: number
  sha256: string
  contentType: string
  action: 'upload' | 'skip-identical' | 'skip-equivalent' | 'skip-origin'
  /** 'skip-origin': the notice naming the origin and the evidence. */
  kept?: string
  /** An asset under the name to delete first: a leftover of a failed upload, or one overwrite-assets replaces. */
  replaces?: Asset
  artifact?: BuildArtifact
  /** A distribution file already on the release with this sha256, in a run that attests: whether GitHub holds its build provenance. */
  provenance?: ProvenanceStanding
}

interface Prepared {
  octokit: GitHubClient
  owner: string
  repo: string
  release: Release
  /** This run created the draft (abandon() deletes it when nothing is published). */
  created: boolean
  /** The tag does not exist yet: publishing the draft creates it at the commit. */
  tagMissing: boolean
  assets: AssetPlan[]
  makeLatest: MakeLatest
}

const CONTENT_TYPES: Array<[RegExp, string]> = [
  [/\.whl$/, 'application/zip'],
  [/\.zip$/, 'application/zip'],
  [/\.tar\.gz$/, 'application/gzip'],
  [/^SHA256SUMS$/, 'text/plain'],
  [/\.json$/, 'application/json']
]
const contentType = (name: string): string => CONTENT_TYPES.find(([pattern]) => pattern.test(name))?.[1] ?? 'application/octet-stream'

/** The asset's sha256 as GitHub reports it (`sha256:<hex>`); undefined for assets uploaded before GitHub kept digests. */
const assetSha256 = (asset: Asset): string | undefined => (asset.digest?.startsWith('sha256:') ? asset.digest.slice(7) : undefined)

/** Where a downloaded asset goes: its name keeps the extension that says what archive it is. */
const scratchPath = (scratch: string, asset: Asset): string => join(scratch, `${asset.id}-${asset.name.replace(/[^\w.+-]/g, '_')}`)

const status = (error: unknown): number | undefined => (error as { status?: number }).status

/** GitHub's `message` (and validation errors) from an Octokit error, for explanations. */
function messageOf(error: unknown): string {
  const data = (error as { response?: { data?: unknown } }).response?.data
  if (data && typeof data === 'object' && 'message' in data && typeof data.message === 'string') {
    const errors = 'errors' in data && Array.isArray(data.errors) ? (data.errors as Array<Record<string, unknown>>) : []
    const details = errors.map(item => [item['resource'], item['field'], item['code'], item['message']].filter(Boolean).join(' ')).filter(Boolean)
    return details.length > 0 ? `${data.message} (${details.join('; ')})` : data.message
  }
  return error instanceof Error ? error.message : String(error)
}

/** A failure of this target with what the maintainer can do about it. */
class GitHubTargetError extends Error {
  constructor(
    message: string,
    readonly title: string
  ) {
    super(message)
  }
}

/** Explains a refused API call: bad token, missing permission, repository not visible. */
function explain(error: unknown, doing: string, repository: string): GitHubTargetError {
  const code = status(error)
  const said = messageOf(error)
  if (code === 401) {
    return new GitHubTargetError(
      `GitHub refused the token while ${doing}: ${said}. Check 'github-token' (an expired or revoked token?).`,
      'GitHub token refused'
    )
  }
  if (code === 403 || code === 404) {
    const what = code === 404 ? `${repository} was not found, or the token may not see or change it` : `the token may not do this`
    return new GitHubTargetError(`GitHub answered ${code} (${said}) while ${doing}: ${what}. ${PERMISSION_HELP}`, 'GitHub token lacks permission')
  }
  return new GitHubTargetError(`GitHub failed while ${doing}: ${code ? `HTTP ${code} ` : ''}${said}`, 'GitHub request failed')
}

export class GitHubTarget implements PublishTarget {
  private prepared: Prepared | undefined
  /** publish() began (assets may be on the draft), and it completed. */
  private started = false
  private published = false

  constructor(private readonly settings: GitHubSettings) {}

  private async client(): Promise<GitHubClient> {
    if (this.settings.client) return this.settings.client()
    const { githubClient } = await import('./github-api.js')
    return githubClient({
      token: this.settings.token,
      apiUrl: this.settings.apiUrl,
      logger: this.settings.logger,
      retry: this.settings.retry,
      deadline: this.settings.deadline
    })
  }

  async preflight(artifacts: BuildArtifact[]): Promise<PreflightResult> {
    const notReady = (message: string, title = 'GitHub Release not ready'): PreflightResult => {
      const annotations: Annotation[] = message.split('\n').map(line => ({ level: 'error', title, message: line }))
      return { target: TARGET, ready: false, message, files: [], annotations }
    }
    const { repository, tag, token } = this.settings
    if (artifacts.length === 0) return notReady('there are no built files to publish (the build stage did not run)')
    const badTag = invalidTagName(tag)
    if (badTag)
      return notReady(`The release tag '${tag}' is not a valid tag name: ${badTag}. Set 'release-tag' (or 'tag-prefix').`, "Invalid input 'release-tag'")
    if (!token) return notReady("Input 'github-token' is empty: the github target needs a token that may write releases", "Invalid input 'github-token'")
    const [owner, repo, extra] = (repository ?? '').split('/')
    if (!owner || !repo || extra !== undefined) {
      return notReady(`GITHUB_REPOSITORY ('${repository ?? ''}') does not name a repository as owner/name; the github target needs it`)
    }
    const oversize = artifacts.filter(artifact => artifact.size >= MAX_ASSET_SIZE)
    if (oversize.length > 0) {
      return notReady(
        oversize
          .map(
            a =>
              `${a.filename} is ${(a.size / 2 ** 30).toFixed(2)} GiB; GitHub takes release assets under 2 GiB. Publish it elsewhere (pypi, local) and leave the github target out.`
          )
          .join('\n'),
        'Release asset too large'
      )
    }
    try {
      const octokit = await this.client()
      const tagMissing = await this.checkTag(octokit, owner, repo)
      const { release, created, makeLatest } = await this.findOrCreateRelease(octokit, owner, repo, tagMissing)
      const assets = await this.planAssets(octokit, owner, repo, release, artifacts)
      const changes = assets.filter(asset => asset.action === 'upload')
      if (release?.immutable && changes.length > 0) {
        throw new GitHubTargetError(
          `The release ${tag} is immutable (published with immutable releases on), so GitHub refuses new or changed assets: ` +
            `${changes.map(asset => asset.name).join(', ')} would have to change. Release a new version instead.`,
          'Release is immutable'
        )
      }
      const annotations: Annotation[] =
        release && this.settings.provenance && this.settings.mayWrite ? await this.checkProvenance(octokit, owner, repo, assets) : []
      const files: PlannedFile[] = assets
        .filter((asset): asset is AssetPlan & { artifact: BuildArtifact } => asset.artifact !== undefined)
        .map(asset => ({
          artifact: asset.artifact,
          action: asset.action,
          destination: `${release ? release.html_url : `release ${tag}`} (${asset.name})`,
          ...(asset.provenance ? { provenance: asset.provenance } : {}),
          ...(asset.kept ? { kept: asset.kept } : {})
        }))
      for (const asset of assets) if (asset.kept) annotations.push({ level: 'notice', title: 'Kept on the GitHub Release', message: asset.kept })
      if (!release) {
        // A pull request or dry run: nothing is created, so writing is not proven.
        annotations.push({
          level: 'notice',
          title: 'GitHub Release not created',
          message: `No release exists for ${tag} yet; a release run creates a draft (which needs contents: write) and publishes it last.`
        })
        return { target: TARGET, ready: true, message: `ready: a release for ${tag} will be created with ${assets.length} assets`, files, annotations }
      }
      this.prepared = { octokit, owner, repo, release, created, tagMissing, assets, makeLatest }
      const kind = release.draft ? `draft release ${tag}${created ? ' (created by this run)' : ''}` : `release ${tag}`
      const absent = assets.filter(asset => asset.provenance === 'absent').length
      const unknown = assets.filter(asset => asset.provenance === 'unknown').length
      const toAttest = [
        ...(absent > 0 ? [`${absent} already there without build provenance on GitHub`] : []),
        ...(unknown > 0 ? [`${unknown} already there whose build provenance GitHub would not show`] : [])
      ]
      const message =
        (changes.length > 0
          ? `ready: ${changes.length} of ${assets.length} assets to upload to the ${kind}`
          : `ready: all ${assets.length} assets already on the ${kind}`) + (toAttest.length > 0 ? `; this run attests the ${toAttest.join(' and ')}` : '')
      return { target: TARGET, ready: true, message, files, annotations }
    } catch (error) {
      if (error instanceof GitHubTargetError) return notReady(error.message, error.title)
      throw error
    }
  }

  /**
   * Build provenance for the assets already on the release, asked once per distribution file that holds this
   * build's sha256 (GET /repos/{owner}/{repo}/attestations/sha256:<hex>?predicate_type=provenance). A run that
   * uploaded them but could not store their provenance (no attestations: write, GitHub failing) left them without
   * any, and a re-run attests them then. GitHub answers 404 for a digest it holds no attestation of (as
   * `gh attestation verify` shows); this run has just read the repository's releases with the same token, so a
   * 404 here is that answer and not a hidden repository. Any other refusal or failure leaves it unknown, and the
   * asset is attested as if none were there: a second provenance of the same digest does no harm (GitHub keeps
   * both, and a verifier takes any that meets its policy), while a missing one would stay missing. An asset whose
   * bytes differ from this build's (skip-equivalent) is not asked about: this run did not build those bytes.
   */
  private async checkProvenance(octokit: GitHubClient, owner: string, repo: string, assets: AssetPlan[]): Promise<Annotation[]> {
    const { logger } = this.settings
    const said = {
      present: 'has build provenance on GitHub',
      absent: 'has no build provenance on GitHub: this run attests it',
      unknown: 'build provenance unknown: this run attests it'
    }
    const unknown: string[] = []
    let refused = false
    for (const asset of assets) {
      if (asset.action !== 'skip-identical' || !asset.artifact) continue
      try {
        const response = await octokit.request('GET /repos/{owner}/{repo}/attestations/{subject_digest}', {
          owner,
          repo,
          subject_digest: `sha256:${asset.sha256}`,
          predicate_type: 'provenance',
          per_page: 1
        })
        const listed = (response.data as { attestations?: unknown }).attestations
        asset.provenance = Array.isArray(listed) && listed.length > 0 ? 'present' : 'absent'
      } catch (error) {
        if (error instanceof DeadlineError) throw error
        const code = status(error)
        asset.provenance = code === 404 ? 'absent' : 'unknown'
        if (asset.provenance === 'unknown') unknown.push(`${asset.name} (${code ? `HTTP ${code}: ` : ''}${plain(messageOf(error), 200)})`)
        if (code === 401 || code === 403) refused = true
      }
      logger.info(`github: ${asset.name} is on the release with this build's sha256; ${said[asset.provenance]}`)
    }
    if (unknown.length === 0) return []
    return [
      {
        level: 'notice',
        title: 'Build provenance of existing assets unknown',
        message:
          `GitHub did not say whether this repository holds build provenance for assets already on the release with this build's sha256: ${unknown.join('; ')}. ` +
          'This run signs and stores their provenance as for new assets (a second attestation of the same digest does no harm; a missing one would stay missing).' +
          (refused ? ' Reading attestations needs `permissions: attestations: read`, which `attestations: write` (needed to store them) includes.' : '')
      }
    ]
  }

  /** Whether the tag is still to be created; a tag at another commit than the one released is an error. */
  private async checkTag(octokit: GitHubClient, owner: string, repo: string): Promise<boolean> {
    const { tag, commit, repository } = this.settings
    let object: { type: string; sha: string }
    try {
      object = (await octokit.rest.git.getRef({ owner, repo, ref: `tags/${tag}` })).data.object
    } catch (error) {
      if (status(error) !== 404) throw explain(error, `reading the tag ${tag}`, repository ?? '')
      if (!commit) {
        throw new GitHubTargetError(
          `The tag ${tag} does not exist and the commit to create it at is unknown: set GITHUB_SHA (a runner sets it) or run in the repository's checkout.`,
          'Release tag missing'
        )
      }
      return true
    }
    let tagged = object.sha
    // An annotated tag points at a tag object; its target is the commit.
    for (let depth = 0; object.type === 'tag' && depth < 5; depth++) {
      const found = (await octokit.rest.git.getTag({ owner, repo, tag_sha: tagged })).data.object
      object = found
      tagged = found.sha
    }
    if (commit && tagged !== commit) {
      throw new GitHubTargetError(
        `The tag ${tag} points at commit ${tagged}, but this run releases commit ${commit}. ` +
          `The files were built from another commit than the tag names: run the release from the tag's commit, or choose another 'release-tag'.`,
        'Release tag points elsewhere'
      )
    }
    return false
  }

  private async listReleases(octokit: GitHubClient, owner: string, repo: string): Promise<Release[]> {
    return (await octokit.paginate(octokit.rest.repos.listReleases, { owner, repo, per_page: 100 })) as Release[]
  }

  /** The release for the tag (published, else the oldest draft), or a new draft; none on a read-only run. */
  private async findOrCreateRelease(
    octokit: GitHubClient,
    owner: string,
    repo: string,
    tagMissing: boolean
  ): Promise<{ release: Release | undefined; created: boolean; makeLatest: MakeLatest }> {
    const { tag, repository, mayWrite, logger } = this.settings
    let releases: Release[]
    try {
      releases = await this.listReleases(octokit, owner, repo)
    } catch (error) {
      throw explain(error, `listing the releases of ${repository}`, repository ?? '')
    }
    const makeLatest = this.makeLatest(releases)
    const forTag = (list: Release[]): Release | undefined =>
      list.find(release => !release.draft && release.tag_name === tag) ??
      list.filter(release => release.draft && release.tag_name === tag).sort((a, b) => a.id - b.id)[0]
    const existing = forTag(releases)
    if (existing) {
      logger.info(`github: found ${existing.draft ? 'draft ' : ''}release ${tag} (id ${existing.id})`)
      return { release: existing, created: false, makeLatest }
    }
    if (!mayWrite) return { release: undefined, created: false, makeLatest }
    let draft: Release
    try {
      draft = (
        await octokit.rest.repos.createRelease({
          owner,
          repo,
          tag_name: tag,
          ...(tagMissing && this.settings.commit ? { target_commitish: this.settings.commit } : {}),
          name: this.settings.name,
          ...(this.settings.notes !== undefined ? { body: this.settings.notes } : { generate_release_notes: true }),
          draft: true,
          prerelease: this.settings.prerelease
        })
      ).data as Release
    } catch (error) {
      throw explain(error, `creating a draft release for ${tag}`, repository ?? '')
    }
    // Runs racing for the tag each created a draft: every run keeps the oldest (the lowest id: ids
    // grow), and a run that lost deletes its own, so one release remains.
    const winner = forTag(await this.listReleases(octokit, owner, repo)) ?? draft
    if (winner.id !== draft.id) {
      logger.info(`github: another run created release ${tag} first (id ${winner.id}); deleting this run's draft ${draft.id}`)
      await octokit.rest.repos.deleteRelease({ owner, repo, release_id: draft.id }).catch(error => {
        if (status(error) !== 404) throw explain(error, `deleting the duplicate draft ${draft.id}`, repository ?? '')
      })
      return { release: winner, created: false, makeLatest }
    }
    logger.info(`github: created draft release ${tag} (id ${draft.id})`)
    return { release: draft, created: true, makeLatest }
  }

  /** make-latest: as given, else true unless this is a prerelease or a published release has a higher version. */
  private makeLatest(releases: Release[]): MakeLatest {
    if (this.settings.makeLatest) return this.settings.makeLatest
    if (this.settings.prerelease) return 'false'
    const higher = releases.find(release => {
      if (release.draft || release.prerelease) return false
      const parsed = versionFromTag(release.tag_name, this.settings.tagPrefix)
      return parsed.kind === 'version' && compareVersions(parsed.version.normalized, this.settings.version) > 0
    })
    if (higher) this.settings.logger.info(`github: ${higher.tag_name} is a higher version, so this release is not made the latest`)
    return higher ? 'false' : 'true'
  }

  private async listAssets(octokit: GitHubClient, owner: string, repo: string, releaseId: number): Promise<Asset[]> {
    return (await octokit.paginate(octokit.rest.repos.listReleaseAssets, { owner, repo, release_id: releaseId, per_page: 100 })) as Asset[]
  }

  private async planAssets(octokit: GitHubClient, owner: string, repo: string, release: Release | undefined, artifacts: BuildArtifact[]): Promise<AssetPlan[]> {
    const existing = release ? await this.listAssets(octokit, owner, repo, release.id) : []
    const byName = new Map(existing.map(asset => [asset.name, asset]))
    const scratch = await mkdtemp(join(tmpdir(), 'pra-github-'))
    const conflicts: string[] = []
    try {
      // an immutable release takes no new asset: its record cannot be kept there
      const recorded = this.settings.origin && release && !release.immutable ? await this.readRecord(owner, repo, existing, artifacts, scratch) : undefined
      const plans: AssetPlan[] = []
      for (const artifact of artifacts) {
        const plan: AssetPlan = {
          name: artifact.filename,
          source: { path: artifact.path },
          size: artifact.size,
          sha256: artifact.sha256,
          contentType: contentType(artifact.filename),
          action: 'upload',
          artifact
        }
        const asset = byName.get(artifact.filename)
        if (asset && asset.state !== 'uploaded')
          plan.replaces = asset // a leftover of a failed upload
        else if (asset) {
          const decision = await this.compare(owner, repo, asset, artifact, scratch, recorded)
          if (decision.action !== 'upload') Object.assign(plan, decision)
          else if (this.settings.overwriteAssets) plan.replaces = asset
          else
            conflicts.push(
              `${artifact.filename} is already on the release with different content: ${decision.differences}. Set 'overwrite-assets: true' to replace it, or release a new version.`
            )
        }
        plans.push(plan)
      }
      if (conflicts.length > 0) throw new GitHubTargetError(conflicts.join('\n'), 'Release asset differs')
      plans.push(await this.planSums(owner, repo, existing, plans, scratch))
      const record = recorded && this.planRecord(recorded, plans)
      if (record) plans.push(record)
      return plans
    } finally {
      await rm(scratch, { recursive: true, force: true })
    }
  }

  /** An existing asset against the built file: the same sha256, or the same archive members. */
  private async compare(
    owner: string,
    repo: string,
    asset: Asset,
    artifact: BuildArtifact,
    scratch: string,
    recorded?: Recorded
  ): Promise<
    { action: 'skip-identical' | 'skip-equivalent' | 'skip-origin'; sha256: string; size: number; kept?: string } | { action: 'upload'; differences: string }
  > {
    const known = assetSha256(asset)
    const download = async (): Promise<string> => {
      const path = scratchPath(scratch, asset)
      await this.download(owner, repo, asset, path)
      return path
    }
    let held: Sameness
    try {
      held = await compareExisting(artifact, { sha256: known, size: asset.size, download })
    } catch (error) {
      if (!(error instanceof DigestMismatch)) throw error
      throw new GitHubTargetError(
        `The asset ${asset.name} downloaded from GitHub has sha256 ${error.fetched}, not the ${error.listed} GitHub lists`,
        'Release asset unreadable'
      )
    }
    if (held.verdict === 'different') {
      // Bytes and members differ: an earlier run of this very release (same repository, same commit) may have uploaded it
      const record = recorded?.held
      const origin = this.settings.origin?.origin
      if (record && !('not' in record) && origin && recorded) {
        // compared by members, so downloaded: its digest is GitHub's or the download's
        const sha256 = known ?? (await sha256File(scratchPath(scratch, asset)).catch(() => undefined))
        if (sha256 && recordLists(record, { filename: asset.name, size: asset.size, sha256 })) {
          const evidence = `the release's asset ${recorded.name} lists its sha256 ${sha256.slice(0, 12)}…`
          return { action: 'skip-origin', sha256, size: asset.size, kept: keptByOrigin(asset.name, origin, evidence) }
        }
      }
      return { action: 'upload', differences: held.differences }
    }
    // A download always leaves the asset's digest known.
    return { action: held.verdict === 'identical' ? 'skip-identical' : 'skip-equivalent', sha256: held.sha256!, size: asset.size }
  }

  /** Downloads an asset through the API (drafts have no public URL); the redirect target gets no token. */
  private async download(owner: string, repo: string, asset: Asset, path: string): Promise<void> {
    const url = `${this.settings.apiUrl.replace(/\/+$/, '')}/repos/${owner}/${repo}/releases/assets/${asset.id}`
    const headers = { Accept: 'application/octet-stream', Authorization: `Bearer ${this.settings.token}`, 'X-GitHub-Api-Version': API_VERSION }
    const { logger, retry, deadline } = this.settings
    let response = await getWithRetries(url, { headers, saveTo: path, timeoutMs: 120_000, deadline }, logger, retry, githubRetry)
    const location = response.headers.location
    if ((response.status === 302 || response.status === 301 || response.status === 307) && location) {
      const target = new URL(location, url).href
      response = await getWithRetries(target, { saveTo: path, timeoutMs: 120_000, deadline }, logger, retry, githubRetry)
    }
    if (response.status !== 200) {
      throw new GitHubTargetError(
        `The asset ${asset.name} could not be downloaded to compare with this build (HTTP ${response.status} ${responseText(response)})`,
        'Release asset unreadable'
      )
    }
  }

  /** SHA256SUMS for every distribution asset the release will hold: ours, and others already there. */
  /** Reads the release's record of this origin's release (its manifest asset), if any; never throws but for the deadline. */
  private async readRecord(owner: string, repo: string, existing: Asset[], artifacts: BuildArtifact[], scratch: string): Promise<Recorded> {
    const origin = this.settings.origin!.origin
    const first = artifacts[0]!
    const name = originManifestName(first.metadata.name, first.metadata.version, origin)
    const asset = existing.find(item => item.name === name)
    if (!asset) return { name, asset, held: undefined }
    if (asset.state !== 'uploaded') return { name, asset, held: undefined } // a leftover of a failed upload: replaced
    if (asset.size > MANIFEST_MAX_BYTES) return { name, asset, held: { not: `it is ${asset.size} bytes, more than a manifest holds` } }
    try {
      const path = scratchPath(scratch, asset)
      await this.download(owner, repo, asset, path)
      const manifest = parseManifest(await readManifestFile(path, name), name)
      if (!sameOrigin(manifest.source, origin)) {
        const other = manifest.source.sha ? describeOrigin({ repository: manifest.source.repository, sha: manifest.source.sha }) : 'no commit'
        return { name, asset, held: { not: `it names ${other}, not ${describeOrigin(origin)}` } }
      }
      return { name, asset, held: manifest }
    } catch (error) {
      if (error instanceof DeadlineError) throw error
      return { name, asset, held: { not: `it cannot be read: ${plain(error instanceof Error ? error.message : String(error), 200)}` } }
    }
  }

  /**
   * The record asset after this run: the earlier record of this origin with the files this run uploads or finds
   * identical over it (origin.ts mergedRecord). None when another origin's record has the name (it is left as it is).
   */
  private planRecord(recorded: Recorded, plans: AssetPlan[]): AssetPlan | undefined {
    const { origin, logger } = { origin: this.settings.origin!, logger: this.settings.logger }
    if (recorded.held && 'not' in recorded.held) {
      logger.info(`github: this release's origin is not recorded: ${recorded.name} is left as it is (${recorded.held.not})`)
      return undefined
    }
    const vouched = plans.filter(plan => plan.artifact && (plan.action === 'upload' || plan.action === 'skip-identical')).map(plan => plan.artifact!)
    if (vouched.length === 0) return undefined // every file kept as it is: the record (if any) stays as it is
    const text = mergedRecord(recorded.held, origin.manifest(vouched))
    if (text === undefined) return undefined // the record already lists every file: it stays as it is
    const content = Buffer.from(text)
    parseManifest(content.toString('utf8'), recorded.name)
    const sha256 = createHash('sha256').update(content).digest('hex')
    const plan: AssetPlan = {
      name: recorded.name,
      source: { content },
      size: content.length,
      sha256,
      contentType: contentType(recorded.name),
      action: 'upload'
    }
    if (!recorded.asset) return plan
    if (recorded.asset.state === 'uploaded' && recorded.asset.size === content.length && assetSha256(recorded.asset) === sha256)
      return { ...plan, action: 'skip-identical' }
    return { ...plan, replaces: recorded.asset }
  }

  private async planSums(owner: string, repo: string, existing: Asset[], plans: AssetPlan[], scratch: string): Promise<AssetPlan> {
    const digests = new Map(plans.map(plan => [plan.name, plan.sha256]))
    for (const asset of existing) {
      if (digests.has(asset.name) || !isDistribution(asset.name) || asset.state !== 'uploaded') continue
      let sha256 = assetSha256(asset)
      if (!sha256) {
        const path = scratchPath(scratch, asset)
        await this.download(owner, repo, asset, path)
        sha256 = await sha256File(path)
      }
      digests.set(asset.name, sha256)
    }
    const content = Buffer.from(
      [...digests.keys()]
        .sort()
        .map(name => `${digests.get(name)}  ${name}\n`)
        .join('')
    )
    const sha256 = createHash('sha256').update(content).digest('hex')
    const plan: AssetPlan = { name: SUMS, source: { content }, size: content.length, sha256, contentType: contentType(SUMS), action: 'upload' }
    const asset = existing.find(item => item.name === SUMS)
    if (!asset) return plan
    if (asset.state === 'uploaded' && asset.size === content.length && (assetSha256(asset) ?? (await this.sha256Of(owner, repo, asset, scratch))) === sha256) {
      return { ...plan, action: 'skip-identical' }
    }
    // The checksums are derived: a stale list is replaced (a release that gained a file), never a conflict.
    return { ...plan, replaces: asset }
  }

  private async sha256Of(owner: string, repo: string, asset: Asset, scratch: string): Promise<string> {
    const path = scratchPath(scratch, asset)
    await this.download(owner, repo, asset, path)
    return sha256File(path)
  }

  async publish(_preflight: PreflightResult): Promise<PublishResult> {
    const prepared = this.prepared
    const { tag } = this.settings
    if (!prepared) {
      return {
        target: TARGET,
        status: 'failed',
        url: '',
        message: `no release for ${tag} was prepared (preflight did not pass)`,
        files: [],
        uploaded: [],
        skipped: []
      }
    }
    this.started = true
    const names = prepared.assets.map(asset => asset.name)
    const skipped = prepared.assets.filter(asset => asset.action !== 'upload').map(asset => asset.name)
    const queue = prepared.assets.filter(asset => asset.action === 'upload')
    const uploaded: string[] = []
    const failures: string[] = []
    // A pool of upload-concurrency workers, each taking the next asset; a failure stops new uploads.
    let next = 0
    const worker = async (): Promise<void> => {
      while (next < queue.length && failures.length === 0) {
        const asset = queue[next++]!
        const problem = await this.uploadAsset(prepared, asset).catch((error: unknown) => (error instanceof Error ? error.message : String(error)))
        if (problem) failures.push(`${asset.name}: ${problem}`)
        else uploaded.push(asset.name)
      }
    }
    await Promise.all(Array.from({ length: Math.min(this.settings.concurrency, queue.length) }, worker))
    const url = prepared.release.html_url
    const result = { target: TARGET, url, files: names, uploaded, skipped, releaseId: prepared.release.id }
    if (failures.length > 0) {
      const done = uploaded.length > 0 ? `${uploaded.length} of ${queue.length} assets were uploaded (${uploaded.join(', ')})` : 'no asset was uploaded'
      const state = prepared.release.draft ? 'the release stays a draft' : 'the release is published'
      return {
        ...result,
        status: 'failed',
        files: [],
        message: `${failures.join('\n')}\n${done}; ${state}, and a re-run keeps what is there and uploads the rest.`
      }
    }
    let problem: string | undefined
    try {
      problem = await this.verify(prepared)
    } catch (error) {
      if (!(error instanceof DeadlineError)) throw error
      problem = `Every asset was uploaded, but ${error.deadline.describe()} ran out while checking the release's assets (${error.what}); the release stays a draft, and a re-run verifies again and uploads nothing twice.`
    }
    if (problem) return { ...result, status: 'failed', files: [], message: problem }
    this.published = true
    const attested = await this.storeProvenance(prepared, uploaded)
    const own = prepared.assets.filter(asset => asset.action === 'skip-origin').length
    const origin = this.settings.origin?.origin
    const byOrigin = own > 0 && origin ? `; ${own} kept as uploaded by an earlier run of ${describeOrigin(origin)}` : ''
    const kept = skipped.length > 0 ? `; ${skipped.length} already there (${skipped.join(', ')})${byOrigin}` : ''
    const where = prepared.release.draft ? `the draft release ${tag}` : `release ${tag}`
    return {
      ...result,
      status: uploaded.length > 0 ? 'published' : 'skipped',
      message:
        uploaded.length > 0
          ? `${uploaded.length} of ${names.length} assets uploaded to ${where}${kept}; verified`
          : `all ${names.length} assets already on ${where}${byOrigin}; verified`,
      ...attested
    }
  }

  /**
   * Stores the build provenance of each asset this run uploaded, and of each asset already on the release
   * that preflight found without any (POST /repos/{owner}/{repo}/attestations), once the assets are on the
   * release. An asset GitHub already holds provenance for is left alone. A refusal never fails the release:
   * a token without `attestations: write` gets a notice naming it.
   */
  private async storeProvenance(prepared: Prepared, uploaded: string[]): Promise<Pick<PublishResult, 'attestations' | 'provenance' | 'annotations'>> {
    const { provenance, logger } = this.settings
    if (!provenance) return {}
    const existing = prepared.assets.filter(asset => asset.action === 'skip-identical')
    const unattested = existing.filter(asset => asset.provenance === 'absent' || asset.provenance === 'unknown').map(asset => asset.name)
    const present = existing.filter(asset => asset.provenance === 'present').length
    const kept = present > 0 ? `; ${present} already had it` : ''
    const candidates = [...uploaded, ...unattested]
    const bundles = candidates.flatMap(asset => {
      const bundle = provenance(asset)
      return bundle ? [{ asset, bundle }] : []
    })
    if (bundles.length === 0) {
      return {
        provenance:
          candidates.length > 0
            ? `no build provenance: nothing was signed for these assets (see the notice)${kept}`
            : present > 0
              ? `build provenance already on GitHub for ${present} assets; nothing signed or stored again`
              : 'no new build provenance: no asset was uploaded'
      }
    }
    const { octokit, owner, repo, release } = prepared
    const repositoryUrl = release.html_url.replace(/\/releases\/.*$/, '')
    const attestations: Array<{ asset: string; id: number; url: string }> = []
    for (const { asset, bundle } of bundles) {
      try {
        const response = await octokit.request('POST /repos/{owner}/{repo}/attestations', { owner, repo, bundle: bundle as never })
        const id = (response.data as { id?: unknown }).id
        if (typeof id !== 'number') throw new Error('GitHub answered without an attestation id')
        attestations.push({ asset, id, url: `${repositoryUrl}/attestations/${id}` })
        logger.info(`github: stored the build provenance of ${asset} (attestation ${id})`)
      } catch (error) {
        const code = status(error)
        const stored = attestations.length > 0 ? `; ${attestations.length} stored before it (${attestations.map(a => a.asset).join(', ')})` : ''
        if (code === 403 || code === 401 || code === 404) {
          const message =
            `GitHub refused to store the build provenance of the release's assets (HTTP ${code}: ${messageOf(error)})${stored}. ` +
            "The workflow's token needs `permissions: attestations: write` (with `id-token: write`) on the job; the release was published without it."
          return {
            attestations,
            provenance: `build provenance not stored: the token lacks attestations: write`,
            annotations: [{ level: 'notice', title: 'Build provenance not stored (attestations: write)', message }]
          }
        }
        const message = `The build provenance of ${asset} could not be stored: ${code ? `HTTP ${code} ` : ''}${messageOf(error)}${stored}; the release is unaffected.`
        return {
          attestations,
          provenance: `build provenance for ${attestations.length} of ${bundles.length} assets (storing failed)`,
          annotations: [{ level: 'warning', title: 'Build provenance not stored', message }]
        }
      }
    }
    return { attestations, provenance: `build provenance attested for ${attestations.length} assets${kept}` }
  }

  /** Uploads one asset; a message when it failed for good or the publish deadline passed. */
  private async uploadAsset(prepared: Prepared, asset: AssetPlan): Promise<string | undefined> {
    try {
      return await this.tryUpload(prepared, asset)
    } catch (error) {
      if (!(error instanceof DeadlineError)) throw error
      return (
        `${error.what} while uploading it to the release; GitHub may still have stored it — a re-run checks the release's assets before sending again. ` +
        `Publishing stopped as ${error.deadline.describe()} ran out, and nothing more was sent; raise 'publish-timeout' if GitHub is only slow.`
      )
    }
  }

  /** Every ambiguous failure is settled by listing the release's assets. */
  private async tryUpload(prepared: Prepared, asset: AssetPlan): Promise<string | undefined> {
    const { release } = prepared
    const { deadline } = this.settings
    const policy = this.settings.retry ?? DEFAULT_RETRY
    if (asset.replaces) {
      await this.deleteAsset(prepared, asset.replaces.id)
      this.settings.logger.info(
        `github: deleted the ${asset.replaces.state === 'uploaded' ? 'replaced' : `leftover (${asset.replaces.state})`} asset ${asset.name}`
      )
    }
    const target = new URL(release.upload_url.replace(/\{[^}]*\}$/, ''))
    target.searchParams.set('name', asset.name)
    const headers = {
      Authorization: `Bearer ${this.settings.token}`,
      Accept: 'application/vnd.github+json',
      'X-GitHub-Api-Version': API_VERSION,
      'Content-Type': asset.contentType,
      'Content-Length': asset.size
    }
    const body =
      'content' in asset.source
        ? asset.source.content
        : (send: (chunk: Buffer) => Promise<void>) => sendFile({ path: (asset.source as { path: string }).path, filename: asset.name, size: asset.size }, send)
    for (let attempt = 1; ; attempt++) {
      let response: HttpResponse | undefined
      let failure: string
      try {
        response = await request(target.href, {
          method: 'POST',
          headers,
          body,
          timeoutMs: UPLOAD_IDLE_TIMEOUT_MS,
          answerTimeoutMs: uploadAnswerTimeoutMs(asset.size),
          deadline
        })
      } catch (error) {
        if (!(error instanceof NetworkError)) throw error
        failure = error.message
      }
      if (response?.status === 201) {
        const sent = JSON.parse(response.body) as Asset
        const digest = assetSha256(sent)
        if (digest && digest !== asset.sha256) return `GitHub stored sha256 ${digest}, not the ${asset.sha256} sent`
        this.settings.logger.info(`github: uploaded ${asset.name} (${asset.size} bytes)`)
        return undefined
      }
      if (response) failure = `HTTP ${response.status} ${responseText(response)}`
      // Whatever happened, GitHub's asset list says where the upload stands.
      const standing = await this.standing(prepared, asset)
      if (standing === 'done') {
        this.settings.logger.info(`github: ${asset.name} is on the release with this build's sha256 (after ${failure!})`)
        return undefined
      }
      if (standing !== 'absent' && standing !== 'leftover') return standing
      let wait: number | undefined
      if (attempt >= policy.attempts) wait = undefined
      else if (!response) wait = backoffMs(policy, attempt)
      // The name was taken by a leftover (now deleted) or by a racing upload (its content checked above).
      else if (response.status === 422 && /already_exists/.test(response.body)) wait = 0
      else wait = githubRetry(response, policy, attempt)
      if (wait === undefined) {
        if (response?.status === 422 && /immutable/i.test(response.body))
          return `the release is immutable: GitHub refuses new assets (${responseText(response)})`
        if (response && (response.status === 401 || response.status === 403 || response.status === 404)) {
          return `GitHub refused the upload (${failure!}). ${PERMISSION_HELP}`
        }
        return `upload failed after ${attempt} attempt${attempt === 1 ? '' : 's'}: ${failure!}`
      }
      wait = Math.min(wait, policy.maxDelayMs)
      ensureTime(deadline, wait, `the last try failed (${failure!})`)
      this.settings.logger.info(
        `github: ${asset.name}: ${failure!}; retrying${wait ? ` in ${(wait / 1000).toFixed(1)} s` : ''} (attempt ${attempt + 1} of ${policy.attempts})`
      )
      if (wait) await sleep(wait)
    }
  }

  /**
   * Where an asset stands after a failed upload: on the release with our sha256 ('done'); absent; a
   * leftover of a failed upload (deleted here, so the retry can take the name); or, as a message, an
   * asset with other content under the name.
   */
  private async standing(prepared: Prepared, asset: AssetPlan): Promise<'done' | 'absent' | 'leftover' | string> {
    const { octokit, owner, repo, release } = prepared
    const found = (await this.listAssets(octokit, owner, repo, release.id)).find(item => item.name === asset.name)
    if (!found) return 'absent'
    if (found.state !== 'uploaded') {
      await this.deleteAsset(prepared, found.id)
      this.settings.logger.info(`github: deleted the leftover (${found.state}) asset ${asset.name} of a failed upload`)
      return 'leftover'
    }
    const digest = assetSha256(found)
    if (digest === asset.sha256 && found.size === asset.size) return 'done'
    if (!digest && found.size === asset.size) {
      const scratch = await mkdtemp(join(tmpdir(), 'pra-github-'))
      try {
        if ((await this.sha256Of(owner, repo, found, scratch)) === asset.sha256) return 'done'
      } finally {
        await rm(scratch, { recursive: true, force: true })
      }
    }
    return `another upload put different content under ${asset.name} (sha256 ${digest ?? 'unknown'}, ${found.size} bytes) while this run was uploading; it is left as it is`
  }

  private async deleteAsset(prepared: Prepared, assetId: number): Promise<void> {
    const { octokit, owner, repo } = prepared
    try {
      await octokit.rest.repos.deleteReleaseAsset({ owner, repo, asset_id: assetId })
    } catch (error) {
      if (error instanceof DeadlineError) throw error
      if (status(error) !== 404) throw explain(error, `deleting asset ${assetId}`, this.settings.repository ?? '')
    }
  }

  /** Every planned asset is on the release, uploaded, with the expected size and sha256. */
  private async verify(prepared: Prepared): Promise<string | undefined> {
    const listed = new Map((await this.listAssets(prepared.octokit, prepared.owner, prepared.repo, prepared.release.id)).map(asset => [asset.name, asset]))
    const problems: string[] = []
    for (const asset of prepared.assets) {
      const found = listed.get(asset.name)
      if (!found) problems.push(`${asset.name} is missing`)
      else if (found.state !== 'uploaded') problems.push(`${asset.name} is in state ${found.state}`)
      else if (found.size !== asset.size) problems.push(`${asset.name} has ${found.size} bytes, not ${asset.size}`)
      else if (assetSha256(found) && assetSha256(found) !== asset.sha256) problems.push(`${asset.name} has sha256 ${assetSha256(found)}, not ${asset.sha256}`)
    }
    return problems.length > 0 ? `The release's assets do not match after the upload: ${problems.join('; ')}` : undefined
  }

  /**
   * Publishes the draft: called once every target of the run has published. Returns the release's
   * final result (its URL changes from the draft's to the tag's), or a failure.
   */
  async finalize(result: PublishResult): Promise<PublishResult> {
    const prepared = this.prepared
    if (!prepared || !this.published || !prepared.release.draft) return result
    const { octokit, owner, repo, release } = prepared
    const { tag, logger } = this.settings
    if (this.settings.keepDraft) {
      return { ...result, message: `${result.message}; left as a draft (release-draft is true)` }
    }
    try {
      const published = (
        await octokit.rest.repos.updateRelease({
          owner,
          repo,
          release_id: release.id,
          tag_name: tag,
          ...(prepared.tagMissing && this.settings.commit ? { target_commitish: this.settings.commit } : {}),
          name: this.settings.name,
          ...(this.settings.notes !== undefined ? { body: this.settings.notes } : {}),
          prerelease: this.settings.prerelease,
          make_latest: prepared.makeLatest,
          draft: false
        })
      ).data as Release
      logger.info(`github: published release ${tag} (${published.html_url})`)
      return { ...result, url: published.html_url, message: `${result.message}; release published` }
    } catch (error) {
      const existing = status(error) === 422 && /tag_name/.test(JSON.stringify((error as { response?: { data?: unknown } }).response?.data ?? ''))
      const message = existing
        ? `Another release for ${tag} was published while this run uploaded to its draft (id ${release.id}); the draft is left for you to compare and delete.`
        : error instanceof DeadlineError
          ? `Every asset is on the draft release ${tag}, but ${error.deadline.describe()} ran out before it was published (${error.what}); it stays a draft, and a re-run publishes it without uploading anything again.`
          : explain(error, `publishing the draft release ${tag}`, this.settings.repository ?? '').message
      return { ...result, status: 'failed', message }
    }
  }

  /** Deletes the draft this run created when publish never began (a dry run, another target's failed preflight). */
  async abandon(): Promise<void> {
    const prepared = this.prepared
    if (!prepared?.created || this.started) return
    await prepared.octokit.rest.repos.deleteRelease({ owner: prepared.owner, repo: prepared.repo, release_id: prepared.release.id }).catch(error => {
      this.settings.logger.info(`github: the unused draft ${prepared.release.id} could not be deleted: ${messageOf(error)}`)
    })
    this.settings.logger.info(`github: deleted the draft release ${this.settings.tag} this run created, as nothing was published`)
  }
}
