// DistributionManager: preflight every target, then publish; one method per stage, one module per target,
// each behind the PublishTarget interface. A target is made the first time it is named, once per run.
import type { SerializedBundle } from '@sigstore/bundle'
import type { Pep740Attestation } from '../attest/pep740.js'
import type { BuildArtifact, Logger, PreflightResult, PublishResult } from '../types.js'
import { DistributionTarget, silentLogger } from '../types.js'
import type { AttestationOutcome, AttestationSettings } from './attestations.js'
import { DEFAULT_SKIP_EXISTING } from './existing.js'
import { GitHubTarget, type GitHubSettings } from './github.js'
import { Deadline, type RetryPolicy } from './http.js'
import { locateIndex } from './index-api.js'
import { LocalTarget } from './local.js'
import type { OriginRecord } from './origin.js'
import type { ProvenanceTrust } from './provenance.js'
import { judgeForIndex, type IndexJudgement } from './index-rules.js'
import { IndexTarget } from './pypi.js'
import type { PublishTarget } from './target.js'
import type { IdTokenSource } from './trusted.js'

export interface IndexSettings {
  uploadUrl: string
  /** The Simple API's base, when the index has no JSON API at the upload URL's host. */
  indexUrl?: string
  /** API token or password; empty → trusted publishing. */
  password: string
}

export interface DistributionOptions {
  /** Absolute directory of the local target. */
  localDir: string
  /** This release's repository and commit, and its manifest (origin.ts): a file whose recorded origin names them is kept. Undefined: bytes alone decide. */
  origin?: OriginRecord
  /** GITHUB_SERVER_URL: a certificate names the repository under it (origin evidence on an index). */
  serverUrl?: string
  /** SIGSTORE_*: the trusted root that verifies an index's provenance (the read-back, origin evidence), also when this run signs nothing. */
  sigstoreEnv?: Record<string, string | undefined>
  pypi?: IndexSettings
  testpypi?: IndexSettings
  username?: string
  skipExisting?: boolean
  /** The runner's OIDC tokens (core.getIDToken); absent outside Actions. */
  idToken?: IdTokenSource
  setSecret?: (secret: string) => void
  logger?: Logger
  retry?: RetryPolicy
  verifyTimeoutMs?: number
  /** False when the run cannot publish (a pull request): index credentials are not asked for. */
  credentialsNeeded?: boolean
  /** The github target's release settings (logger, retry and deadline come from here). */
  github?: Omit<GitHubSettings, 'logger' | 'retry' | 'deadline'>
  /** The time publishing every target may take in all ('publish-timeout'); default DEFAULT_PUBLISH_TIMEOUT_MS. */
  publishTimeoutMs?: number
  /** PEP 740 attestations for trusted publishing uploads to pypi and testpypi ('attestations'); absent: none. */
  attestations?: AttestationSettings
  /** An interpreter that renders reST descriptions as PyPI does (readme_renderer); undefined: no Python in this job. */
  python?: string
  /** Targets to use instead of the real ones (tests hand in doubles); the others are made from the settings above. */
  targets?: Partial<Record<DistributionTarget, PublishTarget>>
}

/** 'publish-timeout''s default: 10 minutes (action.yml says the same). */
export const DEFAULT_PUBLISH_TIMEOUT_MS = 10 * 60_000

export class DistributionManager {
  /** The targets made so far: preflight makes one, publish, finalize and abandon use the same. */
  private readonly made = new Map<DistributionTarget, PublishTarget>()
  private readonly makers: Record<DistributionTarget, () => PublishTarget>
  /** Starts with the first publish(); every target's requests, retries and waits end by it. */
  private readonly deadline: Deadline
  /** The publish attestation of each file, signed by attest() before any upload; read by every index target. */
  private readonly attestations = new Map<string, Pep740Attestation>()
  /** The build provenance bundle of each GitHub Release asset to upload, signed by attest(); stored by the github target. */
  private readonly provenance = new Map<string, SerializedBundle>()
  private signerModule: Promise<typeof import('./attestations.js')> | undefined
  /** The read-back's trust (a verifier for SIGSTORE_TRUSTED_ROOT), made once per run and shared by the index targets. */
  private readonly provenanceTrust: () => Promise<ProvenanceTrust>
  /** PyPI's upload rules on the files: judged once (pypi and testpypi run the same warehouse), for whichever index target asks first. */
  private judgement: Promise<IndexJudgement> | undefined

  constructor(private readonly options: DistributionOptions) {
    this.deadline = new Deadline(options.publishTimeoutMs ?? DEFAULT_PUBLISH_TIMEOUT_MS)
    const skipExisting = options.skipExisting ?? DEFAULT_SKIP_EXISTING
    const logger = options.logger ?? silentLogger
    // The provenance read-back's verifier: made once per run (its trusted root read once), shared by pypi and testpypi
    let trust: Promise<ProvenanceTrust> | undefined
    const provenanceTrust = (): Promise<ProvenanceTrust> =>
      (trust ??= import('./provenance.js').then(module => module.provenanceTrust(options.attestations?.sigstoreEnv ?? options.sigstoreEnv ?? {})))
    this.provenanceTrust = provenanceTrust
    const index = (target: DistributionTarget.PYPI | DistributionTarget.TEST_PYPI): PublishTarget => {
      const settings = options[target]
      if (!settings) throw new Error(`no index settings for target '${target}'`)
      return new IndexTarget({
        target,
        index: locateIndex(settings.uploadUrl, settings.indexUrl),
        username: options.username ?? '__token__',
        password: settings.password,
        skipExisting,
        idToken: options.idToken,
        setSecret: options.setSecret ?? (() => {}),
        logger,
        retry: options.retry,
        verifyTimeoutMs: options.verifyTimeoutMs,
        credentialsNeeded: options.credentialsNeeded,
        deadline: this.deadline,
        attestation: filename => this.attestations.get(filename),
        attests: options.attestations !== undefined,
        provenanceTrust,
        judge: artifacts => this.judgeOnce(artifacts, target),
        origin: options.origin?.origin,
        serverUrl: options.serverUrl,
        thisRun: options.attestations
          ? { serverUrl: options.attestations.serverUrl, repository: options.attestations.repository, workflowRef: options.attestations.workflowRef }
          : undefined
      })
    }
    this.makers = {
      [DistributionTarget.LOCAL]: () => new LocalTarget(options.localDir, skipExisting, options.origin),
      [DistributionTarget.PYPI]: () => index(DistributionTarget.PYPI),
      [DistributionTarget.TEST_PYPI]: () => index(DistributionTarget.TEST_PYPI),
      [DistributionTarget.GITHUB]: () => {
        if (!options.github) throw new Error("no settings for target 'github'")
        return new GitHubTarget({
          ...options.github,
          origin: options.origin,
          logger,
          retry: options.retry,
          deadline: this.deadline,
          // files another run built get no build provenance (attestations.ts says why): nothing to ask GitHub about either
          provenance: options.attestations && !options.attestations.builtElsewhere ? name => this.provenance.get(name) : undefined
        })
      }
    }
  }

  /**
   * PyPI's rules judged once per run: the first index target reports every breach; the second says only that the
   * same files break the same rules, so each breach is one annotation.
   */
  private async judgeOnce(artifacts: BuildArtifact[], target: DistributionTarget): Promise<IndexJudgement> {
    const first = this.judgement === undefined
    this.judgement ??= judgeForIndex(artifacts, { indexName: 'PyPI', python: this.options.python })
    const judged = await this.judgement
    if (first) return judged
    if (judged.errors.length === 0) return { errors: [], warnings: [] }
    return {
      errors: [
        {
          level: 'error',
          title: `${target}: not ready`,
          message: `${target} runs PyPI's upload code too: the same ${judged.errors.length} breaches of its rules (the errors above) stop it.`
        }
      ],
      warnings: []
    }
  }

  /** The target's one instance: a double handed in, else made from the options the first time it is asked for. */
  private target(target: DistributionTarget): PublishTarget {
    let found = this.made.get(target)
    if (!found) {
      found = this.options.targets?.[target] ?? this.makers[target]()
      this.made.set(target, found)
    }
    return found
  }

  async preflight(target: DistributionTarget, artifacts: BuildArtifact[]): Promise<PreflightResult> {
    // A run that may sign loads Sigstore's client while the targets answer their preflight requests, not after
    if (this.options.attestations && target !== DistributionTarget.LOCAL) this.signer()
    return this.target(target).preflight(artifacts)
  }

  /** The signing module (Sigstore's client is large: loaded only by a run that may sign, once). */
  private signer(): Promise<typeof import('./attestations.js')> {
    if (!this.signerModule) {
      this.signerModule = import('./attestations.js')
      this.signerModule.catch(() => {}) // a failed load is reported by attest(), which awaits it
    }
    return this.signerModule
  }

  /**
   * Called once, after every preflight passed and before the first publish: signs one PEP 740 attestation
   * per file that an index target will upload with trusted publishing, for all of them, and the build
   * provenance of each distribution file the github target will upload. Throws SigningError
   * when signing fails, so that nothing is published.
   */
  async attest(preflights: readonly PreflightResult[]): Promise<AttestationOutcome | undefined> {
    const settings = this.options.attestations
    if (!settings) return undefined
    const usesToken = (target: DistributionTarget): boolean =>
      (target === DistributionTarget.PYPI || target === DistributionTarget.TEST_PYPI) && (this.options[target]?.password ?? '') !== ''
    // Sigstore's client is large: loaded only by a run that signs (the bundle's start-up never compiles it)
    const { signIndexAttestations } = await this.signer()
    const outcome = await signIndexAttestations(preflights, usesToken, settings, this.options.idToken, this.options.logger ?? silentLogger)
    for (const [filename, attestation] of outcome.attestations) this.attestations.set(filename, attestation)
    if (outcome.attestations.size > 0) void this.verifyAhead(preflights)
    for (const [asset, bundle] of outcome.provenance ?? []) this.provenance.set(asset, bundle)
    return outcome
  }

  /** Starts verifying the signed attestations for the read-back while the uploads run (provenance.ts verifyAhead); never throws. */
  private async verifyAhead(preflights: readonly PreflightResult[]): Promise<void> {
    try {
      const digests = new Map(preflights.flatMap(p => p.files.map(f => [f.artifact.filename, f.artifact.sha256] as const)))
      const files = [...this.attestations].flatMap(([filename, attestation]) => {
        const sha256 = digests.get(filename)
        return sha256 ? [{ filename, sha256, attestation }] : []
      })
      const [module, trust] = await Promise.all([import('./provenance.js'), this.provenanceTrust()])
      await module.verifyAhead(trust, files)
    } catch {
      // the read-back verifies whatever is not done here, and reports what fails
    }
  }

  async publish(preflight: PreflightResult): Promise<PublishResult> {
    if (!preflight.ready) {
      return { target: preflight.target, status: 'failed', url: '', message: 'preflight did not pass', files: [], uploaded: [], skipped: [] }
    }
    this.deadline.start()
    if (this.deadline.expired()) {
      const message = `not started: ${this.deadline.describe()} ran out while publishing the targets before it; nothing was sent to ${preflight.target}, and a re-run publishes it.`
      return { target: preflight.target, status: 'failed', url: '', message, files: [], uploaded: [], skipped: [] }
    }
    return this.target(preflight.target).publish(preflight)
  }

  /**
   * Called once every target has published: a GitHub Release drafted by publish() is published now, so
   * it never shows while another target's files are missing. Returns the results, each finalized by its target.
   */
  async finalize(results: PublishResult[]): Promise<PublishResult[]> {
    return Promise.all(results.map(result => this.made.get(result.target)?.finalize(result) ?? result))
  }

  /** Called when publish does not run (a dry run, a preflight that failed): a draft this run created is deleted. */
  async abandon(): Promise<void> {
    await Promise.all([...this.made.values()].map(target => target.abandon()))
  }
}
