// The GitHub REST client for the github target and the check run: @actions/github's Octokit (the
// runner's proxy settings, GITHUB_API_URL) with every request retried the way GitHub asks: 5xx and
// resets with backoff, 429 and secondary rate limits after Retry-After, a spent primary limit until
// x-ratelimit-reset. Loaded with import() by the stages that talk to GitHub, so other runs start fast.
import { getOctokit } from '@actions/github'
import type { Logger } from '../types.js'
import { DEFAULT_RETRY, DeadlineError, ensureTime, retryWait, sleep, type Deadline, type HttpFailure, type RetryPolicy } from './http.js'

export type GitHubClient = ReturnType<typeof getOctokit>

export interface GitHubClientOptions {
  token: string
  /** GITHUB_API_URL (https://api.github.com, or GHES's https://host/api/v3). */
  apiUrl: string
  logger: Logger
  retry?: RetryPolicy
  /** Each try of a request is abandoned after this long (headers and body; default a minute). */
  requestTimeoutMs?: number
  /** The publish deadline: no request runs, and no retry waits, past it (DeadlineError). */
  deadline?: Deadline
}

/** GitHub's API answers within seconds (it cuts its own requests at 10 s); a try that takes a minute has hung. */
export const API_REQUEST_TIMEOUT_MS = 60_000

export function githubClient(options: GitHubClientOptions): GitHubClient {
  const policy = options.retry ?? DEFAULT_RETRY
  const { deadline } = options
  const requestTimeoutMs = options.requestTimeoutMs ?? API_REQUEST_TIMEOUT_MS
  const octokit = getOctokit(options.token, { baseUrl: options.apiUrl.replace(/\/+$/, '') })
  octokit.hook.wrap('request', async (send, request) => {
    const what = `${request.method} ${String(request.url).replace(/\{[^}]*\}/g, '')}`
    for (let attempt = 1; ; attempt++) {
      if (deadline?.expired()) throw new DeadlineError(`GitHub was not asked (${what})`, deadline)
      const started = Date.now()
      // Octokit's fetch has no timeout of its own: each try gets one, and the deadline ends any try.
      const late = deadline?.signal()
      const bounds = [AbortSignal.timeout(requestTimeoutMs), ...(late ? [late] : [])]
      // In place: the hooks inside this one (auth) read the options they were bound to, not send()'s argument.
      request.request = { ...request.request, signal: AbortSignal.any(bounds) }
      try {
        return await send(request)
      } catch (error) {
        if (deadline && late?.aborted) {
          throw new DeadlineError(`no answer from GitHub for ${Math.round((Date.now() - started) / 1000)} s (${what})`, deadline)
        }
        const failure = error as HttpFailure
        // A try cut by its own bound: Octokit reports it as status 500 with fetch's message; say what happened.
        if (bounds[0]!.aborted) {
          Object.assign(error as Error, { status: failure.status ?? 500, message: `no answer from GitHub within ${Math.round(requestTimeoutMs / 1000)} s` })
        }
        const wait = attempt < policy.attempts ? retryWait(failure, policy, attempt) : undefined
        if (wait === undefined) throw error
        if (wait > policy.maxDelayMs) {
          const resets = new Date(Date.now() + wait).toISOString()
          throw Object.assign(error as Error, { message: `${(error as Error).message} (GitHub's rate limit for this token resets at ${resets})` })
        }
        ensureTime(deadline, wait, `${what} failed (HTTP ${failure.status ?? '?'} ${failure.message ?? ''})`)
        options.logger.info(
          `${what}: HTTP ${failure.status ?? '?'} ${failure.message ?? ''}; retrying in ${(wait / 1000).toFixed(1)} s (attempt ${attempt + 1} of ${policy.attempts})`
        )
        await sleep(wait)
      }
    }
  })
  return octokit
}
