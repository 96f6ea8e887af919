// DistributionManager: preflight every target, then publish; one method per stage, one module per target.
import type { BuildArtifact, Logger, PreflightResult, PublishResult } from '../types.js'
import { DistributionTarget, silentLogger } from '../types.js'
import { preflightLocal, publishLocal } from './local.js'
import { locateIndex } from './index-api.js'
import { IndexTarget } from './pypi.js'
import { Deadline, type RetryPolicy } from './http.js'
import type { IdTokenSource } from './trusted.js'
import { GitHubTarget, type GitHubSettings } from './github.js'

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
}

/** 'publish-timeout''s default: 10 minutes (action.yml says the same). */
export const DEFAULT_PUBLISH_TIMEOUT_MS = 10 * 60_000

export class DistributionManager {
  private readonly indexes = new Map<DistributionTarget, IndexTarget>()
  private githubTarget: GitHubTarget | undefined
  /** Starts with the first publish(); every target's requests, retries and waits end by it. */
  private readonly deadline: Deadline

  constructor(private readonly options: DistributionOptions) {
    this.deadline = new Deadline(options.publishTimeoutMs ?? DEFAULT_PUBLISH_TIMEOUT_MS)
  }

  private indexTarget(target: DistributionTarget.PYPI | DistributionTarget.TEST_PYPI): IndexTarget {
    let found = this.indexes.get(target)
    if (!found) {
      const settings = this.options[target]
      if (!settings) throw new Error(`no index settings for target '${target}'`)
      found = new IndexTarget({
        target,
        index: locateIndex(settings.uploadUrl, settings.indexUrl),
        username: this.options.username ?? '__token__',
        password: settings.password,
        skipExisting: this.options.skipExisting ?? true,
        idToken: this.options.idToken,
        setSecret: this.options.setSecret ?? (() => {}),
        logger: this.options.logger ?? silentLogger,
        retry: this.options.retry,
        verifyTimeoutMs: this.options.verifyTimeoutMs,
        credentialsNeeded: this.options.credentialsNeeded,
        deadline: this.deadline
      })
      this.indexes.set(target, found)
    }
    return found
  }

  private github(): GitHubTarget {
    if (!this.githubTarget) {
      if (!this.options.github) throw new Error("no settings for target 'github'")
      this.githubTarget = new GitHubTarget({
        ...this.options.github,
        logger: this.options.logger ?? silentLogger,
        retry: this.options.retry,
        deadline: this.deadline
      })
    }
    return this.githubTarget
  }

  async preflight(target: DistributionTarget, artifacts: BuildArtifact[]): Promise<PreflightResult> {
    if (target === DistributionTarget.LOCAL) return preflightLocal(this.options.localDir, artifacts, this.options.skipExisting ?? true)
    if (target === DistributionTarget.PYPI || target === DistributionTarget.TEST_PYPI) return this.indexTarget(target).preflight(artifacts)
    return this.github().preflight(artifacts)
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
    if (preflight.target === DistributionTarget.LOCAL) return publishLocal(preflight, this.options.localDir)
    if (preflight.target === DistributionTarget.PYPI || preflight.target === DistributionTarget.TEST_PYPI) {
      return this.indexTarget(preflight.target).publish(preflight)
    }
    return this.github().publish(preflight)
  }

  /**
   * Called once every target has published: a GitHub Release drafted by publish() is published now, so
   * it never shows while another target's files are missing. Returns the results, the github one updated.
   */
  async finalize(results: PublishResult[]): Promise<PublishResult[]> {
    if (!this.githubTarget) return results
    return Promise.all(results.map(result => (result.target === DistributionTarget.GITHUB ? this.githubTarget!.finalize(result) : result)))
  }

  /** Called when publish does not run (a dry run, a preflight that failed): a draft this run created is deleted. */
  async abandon(): Promise<void> {
    await this.githubTarget?.abandon()
  }
}
