// The GitHub REST client for the github target and the check run: @actions/github's Octokit (the
// runner's proxy settings, GITHUB_API_URL) with every request retried the way GitHub asks: 5xx and
// resets with backoff, 429 and secondary rate limits after Retry-After, a spent primary limit until
// x-ratelimit-reset. Loaded with import() by the stages that talk to GitHub, so other runs start fast.
import { getOctokit } from '@actions/github'
import type { Logger } from '../types.js'
import { DEFAULT_RETRY, sleep, type RetryPolicy } from './http.js'
import { retryWait, type HttpFailure } from './github.js'

export type GitHubClient = ReturnType<typeof getOctokit>

export interface GitHubClientOptions {
  token: string
  /** GITHUB_API_URL (https://api.github.com, or GHES's https://host/api/v3). */
  apiUrl: string
  logger: Logger
  retry?: RetryPolicy
}

export function githubClient(options: GitHubClientOptions): GitHubClient {
  const policy = options.retry ?? DEFAULT_RETRY
  const octokit = getOctokit(options.token, { baseUrl: options.apiUrl.replace(/\/+$/, '') })
  octokit.hook.wrap('request', async (send, request) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await send(request)
      } catch (error) {
        const failure = error as HttpFailure
        const wait = attempt < policy.attempts ? retryWait(failure, policy, attempt) : undefined
        if (wait === undefined) throw error
        if (wait > policy.maxDelayMs) {
          const resets = new Date(Date.now() + wait).toISOString()
          throw Object.assign(error as Error, { message: `${(error as Error).message} (GitHub's rate limit for this token resets at ${resets})` })
        }
        const what = `${request.method} ${String(request.url).replace(/\{[^}]*\}/g, '')}`
        options.logger.info(`${what}: HTTP ${failure.status ?? '?'} ${failure.message ?? ''}; retrying in ${(wait / 1000).toFixed(1)} s (attempt ${attempt + 1} of ${policy.attempts})`)
        await sleep(wait)
      }
    }
  })
  return octokit
}
