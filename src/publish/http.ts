// HTTP for the index targets: one request at a time over node:http(s) with the runner's proxy
// settings (@actions/http-client's agent honours https_proxy/no_proxy), bodies streamed from disk,
// and a retry loop that waits as the server asks (Retry-After) or with exponential backoff.
import { createWriteStream } from 'node:fs'
import { open } from 'node:fs/promises'
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { pipeline } from 'node:stream/promises'
import { HttpClient } from '@actions/http-client'

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
  /** Idle time on the socket before the request is abandoned. */
  timeoutMs?: number
  /** Where to write a 200 response's body instead of keeping it as text. */
  saveTo?: string
}

const agents = new HttpClient(USER_AGENT, [], { keepAlive: true })

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
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest
  const timeoutMs = options.timeoutMs ?? 60_000
  return new Promise<HttpResponse>((resolve, reject) => {
    let settled = false
    const fail = (error: NodeJS.ErrnoException): void => {
      if (settled) return
      settled = true
      reject(error instanceof NetworkError ? error : new NetworkError(describeNetworkError(error, url), error.code))
    }
    const length = Buffer.isBuffer(options.body) ? { 'Content-Length': options.body.length } : {}
    const req = send(
      url,
      {
        method: options.method ?? 'GET',
        agent: agents.getAgent(url.href),
        headers: { 'User-Agent': USER_AGENT, ...length, ...options.headers }
      },
      response => {
        readResponse(response, options.saveTo).then(
          result => {
            settled = true
            resolve(result)
          },
          fail
        )
      }
    )
    req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })))
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

/** Whether a response is JSON (application/json or a +json type such as PEP 691's). */
export function isJson(response: HttpResponse): boolean {
  const type = String(response.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
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
