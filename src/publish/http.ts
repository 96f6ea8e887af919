// HTTP for the publish targets: one request at a time over node:http(s) with the runner's proxy
// settings (@actions/http-client's agent honours https_proxy/no_proxy), bodies streamed from disk,
// and the one home of network retries: when an answer is worth another try (an index's 5xx and 429,
// GitHub's rate limits) and how long to wait (Retry-After, or exponential backoff), the retrying GET
// every target downloads with, and the publish deadline that bounds them all.
import { createWriteStream } from 'node:fs'
import { open } from 'node:fs/promises'
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http'
import { pipeline } from 'node:stream/promises'
import type { HttpClient } from '@actions/http-client'
import type { Logger } from '../types.js'

export const USER_AGENT = 'python-release-action'

/** Text bodies kept at most (an error page, a JSON document); larger bodies are cut. */
const MAX_TEXT_BODY = 32 * 1024 * 1024

export interface HttpResponse {
  status: number
  /** The status line's reason phrase: warehouse puts its upload error message there. */
  reason: string
  headers: IncomingHttpHeaders
  body: string
}

/** No HTTP answer at all: refused, reset, timed out, DNS. Whether the server acted on the request is unknown. */
export class NetworkError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined
  ) {
    super(message)
    this.name = 'NetworkError'
  }
}

/**
 * Sends a request body piece by piece: `send` resolves once the piece has been handed to the socket,
 * so the caller may then reuse its buffer.
 */
export type BodyWriter = (send: (chunk: Buffer) => Promise<void>) => Promise<void>

/** Chunks of a file read at a time; two buffers of this size are all a file body ever holds. */
const CHUNK = 1024 * 1024

/** Buffer pairs of finished file bodies, for the next: buffers outside the heap are freed late by the GC. */
const spareBuffers: Buffer[][] = []

/**
 * Sends a file through `send` from two buffers in turn: one being filled from disk while the other is on
 * its way to the socket. A buffer is read into again only once its write has completed, so memory stays
 * flat (a stream's fresh buffer per chunk is memory outside the heap that the garbage collector frees late).
 * The pair is kept for the next file once every write completed (after a failure a write may still hold it).
 */
export async function sendFile(file: { path: string; filename: string; size: number }, send: (chunk: Buffer) => Promise<void>): Promise<void> {
  const handle = await open(file.path, 'r')
  const buffers = spareBuffers.pop() ?? [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)]
  try {
    const inFlight: Array<Promise<void> | undefined> = [undefined, undefined]
    let read = 0
    for (let turn = 0; ; turn = 1 - turn) {
      await inFlight[turn]
      const { bytesRead } = await handle.read(buffers[turn]!, 0, CHUNK, read)
      if (bytesRead === 0) break
      read += bytesRead
      inFlight[turn] = send(buffers[turn]!.subarray(0, bytesRead))
      // A failed write ends the loop at once rather than when its turn comes round.
      inFlight[turn]!.catch(() => {})
    }
    await Promise.all(inFlight)
    spareBuffers.push(buffers)
    // A file that changed since it was digested would be sent with a wrong length (and wrong digests).
    if (read !== file.size) throw new Error(`${file.filename} changed on disk while uploading (${read} bytes, expected ${file.size})`)
  } finally {
    await handle.close()
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'HEAD' | 'DELETE'
  headers?: Record<string, string | number>
  /** The body: bytes, or a writer that sends it for this attempt (its length must be in the headers). */
  body?: Buffer | BodyWriter
  /** Idle time on the socket (connecting, sending the body, reading the answer) before the request is abandoned. */
  timeoutMs?: number
  /**
   * Time allowed from the last byte of the request sent to the answer's status line (default: timeoutMs).
   * An upload's body may take long to send; once sent, a server that holds the answer back is not waited on for long.
   */
  answerTimeoutMs?: number
  /** The publish deadline: the request is abandoned (DeadlineError) when it passes, and not sent after it. */
  deadline?: Deadline
  /** Where to write a 200 response's body instead of keeping it as text. */
  saveTo?: string
}

/**
 * The proxy-aware agents, made by the first request: @actions/http-client loads undici and node's http,
 * https and http2 when it loads, about a third of the bundle's start-up, which a release to a directory
 * never needs (bench:pipeline).
 */
let agents: Promise<HttpClient> | undefined
const proxyAgents = (): Promise<HttpClient> =>
  (agents ??= import('@actions/http-client').then(({ HttpClient: Client }) => new Client(USER_AGENT, [], { keepAlive: true })))

function describeNetworkError(error: NodeJS.ErrnoException, url: URL): string {
  const where = url.host
  switch (error.code) {
    case 'ECONNREFUSED':
      return `${where} refused the connection`
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `${url.hostname} could not be resolved (DNS)`
    case 'ECONNRESET':
    case 'EPIPE':
      return `the connection to ${where} was reset`
    case 'ETIMEDOUT':
      return `the connection to ${where} timed out`
    default:
      return `${where}: ${error.message}`
  }
}

export async function request(target: string, options: RequestOptions = {}): Promise<HttpResponse> {
  const url = new URL(target)
  const timeoutMs = options.timeoutMs ?? 60_000
  const answerTimeoutMs = options.answerTimeoutMs ?? timeoutMs
  const { deadline } = options
  if (deadline?.expired()) throw new DeadlineError(`${deadline.describe()} ran out before ${url.host} was asked`, deadline)
  const [client, { request: send }] = await Promise.all([proxyAgents(), url.protocol === 'https:' ? import('node:https') : import('node:http')])
  return new Promise<HttpResponse>((resolve, reject) => {
    let settled = false
    /** Why this request was abandoned by one of its timers: what it is rejected with, whatever error the abort causes. */
    let abandoned: Error | undefined
    const timers = new Set<NodeJS.Timeout>()
    const started = Date.now()
    let sentAt: number | undefined
    let answered = false
    const settle = (): void => {
      settled = true
      for (const timer of timers) clearTimeout(timer)
    }
    const fail = (error: NodeJS.ErrnoException): void => {
      if (settled) return
      settle()
      const cause: NodeJS.ErrnoException = abandoned ?? error
      reject(cause instanceof NetworkError || cause instanceof DeadlineError ? cause : new NetworkError(describeNetworkError(cause, url), cause.code))
    }
    const abandon = (error: Error): void => {
      if (settled || abandoned) return
      abandoned = error
      req.destroy(error)
      fail(error)
    }
    const seconds = (since: number): number => Math.round((Date.now() - since) / 1000)
    const length = Buffer.isBuffer(options.body) ? { 'Content-Length': options.body.length } : {}
    const req = send(
      url,
      {
        method: options.method ?? 'GET',
        agent: client.getAgent(url.href),
        headers: { 'User-Agent': USER_AGENT, ...length, ...options.headers }
      },
      response => {
        answered = true
        for (const timer of answerTimers) clearTimeout(timer)
        // Reading the answer: bounded by idle time again (a download may be long, but it must move).
        req.setTimeout(timeoutMs)
        readResponse(response, options.saveTo).then(result => {
          if (settled) return
          settle()
          resolve(result)
        }, fail)
      }
    )
    const answerTimers = new Set<NodeJS.Timeout>()
    const timer = (ms: number, then: () => void, group?: Set<NodeJS.Timeout>): void => {
      const handle = setTimeout(then, ms)
      timers.add(handle)
      group?.add(handle)
    }
    req.setTimeout(timeoutMs, () =>
      abandon(
        new NetworkError(
          sentAt === undefined
            ? `${url.host} took nothing for ${Math.round(timeoutMs / 1000)} s (the connection stalled)`
            : `the answer from ${url.host} stalled for ${Math.round(timeoutMs / 1000)} s`,
          'ETIMEDOUT'
        )
      )
    )
    // The whole request has been sent: the idle bound gives way to the bound on the wait for the answer.
    req.on('finish', () => {
      sentAt = Date.now()
      if (answered || settled) return
      req.setTimeout(0)
      timer(
        answerTimeoutMs,
        () => abandon(new NetworkError(`no answer from ${url.host} for ${Math.round(answerTimeoutMs / 1000)} s after the request was sent`, 'ETIMEDOUT')),
        answerTimers
      )
    })
    if (deadline?.started) {
      timer(deadline.remaining(), () => {
        const what = answered
          ? `the answer from ${url.host} was still arriving after ${seconds(started)} s`
          : sentAt !== undefined
            ? `no answer from ${url.host} for ${seconds(sentAt)} s`
            : `${url.host} was still being sent the request after ${seconds(started)} s`
        abandon(new DeadlineError(what, deadline))
      })
    }
    req.on('error', fail)
    if (!options.body || Buffer.isBuffer(options.body)) {
      req.end(options.body)
      return
    }
    const sendChunk = (chunk: Buffer): Promise<void> =>
      new Promise((resolve, reject) => {
        req.write(chunk, error => (error ? reject(error) : resolve()))
      })
    // A server may answer (an auth error, a size refusal) before reading the whole body; the answer
    // counts, and the rest of the body is not sent.
    options.body(sendChunk).then(
      () => req.end(),
      (error: NodeJS.ErrnoException) => {
        if (settled || req.destroyed) return
        req.destroy(error)
        fail(error)
      }
    )
  })
}

async function readResponse(response: IncomingMessage, saveTo: string | undefined): Promise<HttpResponse> {
  const status = response.statusCode ?? 0
  const base = { status, reason: response.statusMessage ?? '', headers: response.headers }
  if (saveTo && status === 200) {
    await pipeline(response, createWriteStream(saveTo))
    return { ...base, body: '' }
  }
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of response as AsyncIterable<Buffer>) {
    if (size < MAX_TEXT_BODY) chunks.push(chunk)
    size += chunk.length
  }
  return { ...base, body: Buffer.concat(chunks).toString('utf8') }
}

// ---- retries ---------------------------------------------------------------------------------

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  attempts: number
  /** The first backoff; each next one doubles (with jitter), up to maxDelayMs. */
  baseDelayMs: number
  maxDelayMs: number
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 1000, maxDelayMs: 60_000 }

/** Worth another attempt: the server is overloaded or failing (5xx), asks to slow down (429), or timed out (408). */
export function retryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500
}

/** The wait the server asked for (Retry-After: seconds or an HTTP date), in ms; undefined when it did not ask. */
export function retryAfterMs(headers: IncomingHttpHeaders, now = Date.now()): number | undefined {
  const value = headers['retry-after']
  if (value === undefined) return undefined
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}

/** The backoff before attempt `attempt + 1` (attempt counts from 1): the server's wish when it said one, capped. */
export function backoffMs(policy: RetryPolicy, attempt: number, asked?: number): number {
  if (asked !== undefined) return Math.min(asked, policy.maxDelayMs)
  const exponential = policy.baseDelayMs * 2 ** (attempt - 1)
  return Math.min(policy.maxDelayMs, exponential * (0.75 + Math.random() * 0.5))
}

export const sleep = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms))

/**
 * Before waiting `ms` to retry: throws DeadlineError when the wait would end after the deadline (`after`
 * names what failed), as the retry could not be made anyway; nothing is waited for then.
 */
export function ensureTime(deadline: Deadline | undefined, ms: number, after: string): void {
  if (deadline?.started && ms >= deadline.remaining()) {
    throw new DeadlineError(`${after}, and a retry in ${(ms / 1000).toFixed(1)} s would come after the deadline`, deadline)
  }
}

/** How long to wait before retrying a response (undefined: do not retry): 5xx, 408 and 429, as Retry-After asks. */
export type RetryDecision = (response: HttpResponse, policy: RetryPolicy, attempt: number) => number | undefined

const statusRetry: RetryDecision = (response, policy, attempt) =>
  retryableStatus(response.status) ? backoffMs(policy, attempt, retryAfterMs(response.headers)) : undefined

/**
 * A GET that retries network errors and what `decide` says is worth retrying (by default 5xx, 408 and 429).
 * With options.deadline, no wait runs past it (DeadlineError instead).
 */
export async function getWithRetries(
  url: string,
  options: RequestOptions,
  logger: Logger,
  policy: RetryPolicy = DEFAULT_RETRY,
  decide: RetryDecision = statusRetry
): Promise<HttpResponse> {
  for (let attempt = 1; ; attempt++) {
    let reason: string
    let wait: number | undefined
    try {
      const response = await request(url, options)
      wait = attempt < policy.attempts ? decide(response, policy, attempt) : undefined
      if (wait === undefined) return response
      reason = `HTTP ${response.status}`
    } catch (error) {
      if (!(error instanceof NetworkError) || attempt >= policy.attempts) throw error
      wait = backoffMs(policy, attempt)
      reason = error.message
    }
    wait = Math.min(wait, policy.maxDelayMs)
    const where = `GET ${new URL(url).origin}${new URL(url).pathname}`
    ensureTime(options.deadline, wait, `${where} failed (${reason})`)
    logger.info(`${where}: ${reason}; retrying in ${(wait / 1000).toFixed(1)} s (attempt ${attempt + 1} of ${policy.attempts})`)
    await sleep(wait)
  }
}

/** What Octokit throws for an HTTP error (a RequestError), as far as the retry loop reads it. */
export interface HttpFailure {
  status?: number
  message?: string
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown }
}

/**
 * How long to wait before retrying a failed GitHub request; undefined when it is not worth retrying.
 * Octokit reports a connection that failed without an answer as status 500.
 */
export function retryWait(failure: HttpFailure, policy: RetryPolicy, attempt: number, now = Date.now()): number | undefined {
  const status = failure.status ?? 0
  const headers = failure.response?.headers ?? {}
  const header = (name: string): string | undefined => (headers[name] === undefined ? undefined : String(headers[name]))
  const asked = retryAfterMs({ 'retry-after': header('retry-after') }, now)
  if (status === 403 || status === 429) {
    // A secondary rate limit says how long to wait; a spent primary limit says when it resets.
    if (asked !== undefined) return asked
    if (header('x-ratelimit-remaining') === '0' && header('x-ratelimit-reset') !== undefined) {
      return Math.max(0, Number(header('x-ratelimit-reset')) * 1000 - now) + 1000
    }
    if (status === 403 && /secondary rate limit/i.test(failure.message ?? '')) return backoffMs({ ...policy, baseDelayMs: 60_000 }, attempt)
    return status === 429 ? backoffMs(policy, attempt) : undefined
  }
  if (status >= 500 || status === 408) return backoffMs(policy, attempt, asked)
  return undefined
}

/** retryWait for an answer GitHub gave our own HTTP client (uploads, downloads). */
export const githubRetry: RetryDecision = (response, policy, attempt) =>
  retryWait({ status: response.status, message: response.body, response: { headers: response.headers as Record<string, string> } }, policy, attempt)

// ---- the publish deadline ----------------------------------------------------------------------

/**
 * The time the publish stage may take in all (the 'publish-timeout' input), shared by every target and
 * every request, retry and wait they make. It starts when publishing starts; before that (preflight) it
 * bounds nothing.
 */
export class Deadline {
  private end: number | undefined

  constructor(
    readonly limitMs: number,
    /** How messages name the limit. */
    readonly input = 'publish-timeout'
  ) {}

  /** Starts the clock (a second call changes nothing). */
  start(now = Date.now()): this {
    this.end ??= now + this.limitMs
    return this
  }

  get started(): boolean {
    return this.end !== undefined
  }

  /** Milliseconds left (Infinity before the start, 0 once passed). */
  remaining(now = Date.now()): number {
    return this.end === undefined ? Infinity : Math.max(0, this.end - now)
  }

  expired(now = Date.now()): boolean {
    return this.remaining(now) <= 0
  }

  /** A signal that aborts at the deadline (undefined before the start); for clients that take one (Octokit's fetch). */
  signal(): AbortSignal | undefined {
    return this.end === undefined ? undefined : AbortSignal.timeout(this.remaining())
  }

  /** The limit as the maintainer set it: 'publish-timeout' (10 minutes). */
  describe(): string {
    const minutes = Number((this.limitMs / 60_000).toFixed(3))
    return `'${this.input}' (${minutes} minute${minutes === 1 ? '' : 's'})`
  }
}

/**
 * The publish deadline passed: the request in flight was abandoned, or a retry was not made. Whether the
 * server acted on an abandoned request is unknown; nothing more is sent.
 */
export class DeadlineError extends Error {
  constructor(
    /** What was happening when time ran out: "no answer from host for 6 s". */
    readonly what: string,
    readonly deadline: Deadline
  ) {
    super(`${what}; ${deadline.describe()} ran out`)
    this.name = 'DeadlineError'
  }
}

/**
 * The bound on the wait for an upload's answer once its body is sent: a minute, plus the time to move the
 * file once more at 10 MiB/s (an index hashes and stores a large file before it answers).
 */
export function uploadAnswerTimeoutMs(size: number): number {
  return 60_000 + Math.ceil(size / (10 * 1024 * 1024)) * 1000
}

/** The idle bound while an upload's body is being sent: the socket taking nothing for this long is a stall. */
export const UPLOAD_IDLE_TIMEOUT_MS = 120_000

/** Whether a response is JSON (application/json or a +json type such as PEP 691's). */
export function isJson(response: HttpResponse): boolean {
  const type = String(response.headers['content-type'] ?? '')
    .split(';')[0]!
    .trim()
    .toLowerCase()
  return type === 'application/json' || type.endsWith('+json')
}

/** A short, single-line description of an error response for messages (HTML tags and whitespace removed). */
export function responseText(response: HttpResponse, max = 300): string {
  const text = response.body
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
  return text.length > max ? `${text.slice(0, max)}…` : text
}
