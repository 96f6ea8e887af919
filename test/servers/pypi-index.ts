// A local package index that behaves like PyPI's (warehouse's) upload service, strictly: the legacy
// upload API (multipart `:action=file_upload`, protocol 1, HTTP Basic `__token__` + API token), warehouse's
// status codes with the message both in the status line's reason phrase and in an HTML body, and the
// JSON API and PEP 691 Simple API for what was uploaded (optionally after a delay, as PyPI's caches do),
// trusted publishing (/_/oidc/audience and /_/oidc/mint-token, with warehouse's error codes), and faults a
// test can inject (5xx, 429, slow answers, connections reset before or after the file is stored), and PEP 740
// attestations verified on upload (test/servers/pep740.ts) and served by the Integrity API.
// Checked against twine (a client nobody here wrote) in __tests__/pypi-index.test.ts.
import { createHash, randomBytes, verify as verifySignature, type KeyObject } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import { close, listen, loopbackServer } from './loopback.js'
import { pyRepr, pyType, pyValue } from './python-repr.js'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { finished, pipeline } from 'node:stream/promises'
import { setTimeout as sleep } from 'node:timers/promises'
import { Transform } from 'node:stream'
import busboy from 'busboy'
import blake2b from 'hash-wasm/dist/blake2b.umd.min.js'
import { compare as compareVersions, explain as parseVersion } from '@renovatebot/pep440'
import type { Verifier } from '@sigstore/verify'
import { AttestationUploadError, makeVerifier, parseAttestations, type AttestationOptions, type GitHubIdentity, type Provenance } from './pep740.js'

const { createBLAKE2b } = blake2b

/** The metadata versions warehouse accepts (2.0 never existed as a format). */
const METADATA_VERSIONS = new Set(['1.0', '1.1', '1.2', '2.1', '2.2', '2.3', '2.4', '2.5'])
const NAME = /^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$/i
const JSON_ROUTE = /^\/pypi\/([^/]+)(?:\/([^/]+))?\/json\/?$/
const SIMPLE_ROUTE = /^\/simple\/([^/]+)\/$/
const INTEGRITY_ROUTE = /^\/integrity\/([^/]+)\/([^/]+)\/([^/]+)\/provenance$/
const MIME_INTEGRITY = 'application/vnd.pypi.integrity.v1+json'
const WHEEL = /^(?<name>[^-]+)-(?<version>[^-]+)(-(?<build>\d[^-]*))?-(?<python>[^-]+)-(?<abi>[^-]+)-(?<platform>[^-]+)\.whl$/
const CORE_METADATA = 'https://packaging.python.org/specifications/core-metadata'
/** Warehouse's MAXIMUM_AGE_FOR_NEW_UPLOADS_DAYS: an older release takes no new files. */
const RELEASE_OPEN_DAYS = 14
const DAY_MS = 24 * 60 * 60 * 1000
/** GitHub Actions' issuer (warehouse's GITHUB_OIDC_ISSUER_URL). */
const GITHUB_ISSUER = 'https://token.actions.githubusercontent.com'
/** Warehouse's warehouse.oidc.audience on PyPI. */
const AUDIENCE = 'pypi'
/** Seconds of clock skew warehouse allows when it checks exp, nbf and iat (jwt.decode(leeway=30)). */
const JWT_LEEWAY = 30
/** A minted token lives 15 minutes (warehouse: expires_at = not_before + 900). */
const MINTED_TOKEN_SECONDS = 900
/** The user a user-scoped token belongs to, as warehouse's permission message names it. */
const USERNAME = 'index-user'

export const canonicalName = (name: string): string => name.replace(/[-_.]+/g, '-').toLowerCase()

/** Warehouse's ultranormalize_name (a SQL function): separators dropped, l/i read as 1 and o as 0, lowercased. */
const ultranormalizeName = (name: string): string =>
  name
    .replace(/[._-]/g, '')
    .replace(/[lLiI]/g, '1')
    .replace(/[oO]/g, '0')
    .toLowerCase()

export interface IndexFile {
  project: string
  version: string
  filename: string
  packagetype: 'sdist' | 'bdist_wheel'
  pythonVersion: string
  size: number
  sha256: string
  md5: string
  blake2b_256: string
  requiresPython: string | undefined
  uploadTime: Date
  /** Where the content is stored. */
  path: string
  /** Visible in the JSON and Simple APIs from this time on. */
  visibleAt: number
  /** The PEP 740 provenance stored with the file (uploaded with verified attestations), served by the Integrity API. */
  provenance?: Provenance
}

export interface Release {
  project: string
  version: string
  summary: string | undefined
  created: Date
}

/** A GitHub trusted publisher as registered on PyPI: the project, and the workflow that may publish it. */
export interface TrustedPublisher {
  project: string
  /** owner/name, as GitHub spells it. */
  repository: string
  /** The owner's numeric id (the repository_owner_id claim). PyPI records it when the publisher is
   *  registered; here it is compared only when given. */
  repositoryOwnerId?: string
  /** The workflow's file name, e.g. release.yml. */
  workflow: string
  /** A GitHub environment the job must run in (compared case-insensitively); none: any or no environment. */
  environment?: string
}

export interface TrustedPublishingOptions {
  /** Off: the audience endpoint answers 403 and every mint-token request `not-enabled` (default on). */
  enabled?: boolean
  /** The `iss` the ID tokens must carry (GitHub's: https://token.actions.githubusercontent.com). */
  issuer: string
  /** Verifies the ID tokens' RS256 signatures. */
  publicKey: KeyObject
  publishers: TrustedPublisher[]
  /** Publishers for projects that do not exist yet: the first token they accept creates the project. */
  pendingPublishers?: TrustedPublisher[]
  /** How long a minted token lives, in seconds (warehouse's, and the default: 900); tests of a long publish make it short. */
  mintedTokenSeconds?: number
}

type FaultTarget = 'upload' | 'json' | 'simple' | 'mint' | 'any'
/**
 * A one-shot fault for the next `times` (default 1) requests to `on`: an error status (429 with
 * Retry-After), a delay before the request is handled, the connection reset while the upload is still
 * arriving (nothing stored), or, the ambiguous case a client must settle by asking the index, the upload
 * handled and stored and then the connection reset or a 502 answered instead of the index's answer.
 */
export type Fault =
  | { on: FaultTarget; times?: number; status: 500 | 502 | 503 }
  | { on: FaultTarget; times?: number; status: 429; retryAfter: number }
  | { on: FaultTarget; times?: number; delayMs: number }
  | { on: 'upload'; times?: number; reset: 'mid-upload' | 'after-store' }
  | { on: 'upload'; times?: number; status: 502; afterStore: true }
  /** The upload read whole, handled and stored, and then never answered (the connection held open until stop). */
  | { on: 'upload'; times?: number; hang: 'after-store' }
  | { on: FaultTarget; times?: number; status: 400 | 403 | 500 | 502; echo: EchoWay }
  /** An error answered with a page of the test's choosing (a hostile or broken index's text). */
  | { on: FaultTarget; times?: number; status: 400 | 403 | 500 | 502; page: string }

/**
 * How a misbehaving index or proxy echoes the request's credentials (its Authorization header, else
 * its body, where the trusted-publishing exchange carries the OIDC token): in the error page, in the
 * reason phrase, or in the URL of a redirect.
 */
export type EchoWay = 'body' | 'reason' | 'redirect'

/** A fault that fired, and the request it fired on. */
export interface FiredFault {
  fault: Fault
  method: string
  path: string
}

export interface IndexOptions {
  /** API tokens: the token → the projects it may upload to (canonical names), or 'user' for any. */
  tokens?: Record<string, string[] | 'user'>
  /** Largest file accepted, in bytes (PyPI's default: 100 MiB). */
  maxFileSize?: number
  /** How long a new file stays out of the JSON and Simple APIs (PyPI's CDN caches them). */
  visibilityDelayMs?: number
  /** Trusted publishing (off when absent, as on an index that does not offer it). */
  trustedPublishing?: TrustedPublishingOptions
  /** Projects other users own: they exist (no files), so the user token may not upload to them, and
   *  new projects with too similar names are refused. */
  existingProjects?: string[]
  /**
   * PEP 740 attestations: the trusted root (or trust material) and verifier thresholds the index verifies
   * them with. Absent: as warehouse with its DISABLE_PEP740 flag set (the `attestations` field is ignored,
   * the Integrity API answers 403).
   */
  attestations?: AttestationOptions
  /**
   * PEP 792 status markers by canonical project name (warehouse/packaging/models.py:652 project_status). The Simple
   * API names them (packaging/utils.py:78); an archived project takes no upload (models.py:497-502); a quarantined one
   * is left out of the JSON and Simple APIs' files (legacy/api/json.py:316) and takes no upload from a trusted
   * publisher (models.py:428-438), while its users' tokens may still upload (models.py:483-487).
   */
  projectStatus?: Record<string, 'archived' | 'quarantined' | 'deprecated'>
}

export interface UploadRecord {
  status: number
  message: string
  filename: string | undefined
  /** When the index judged the upload (ms since the epoch): once the whole request had arrived, as warehouse does. */
  at: number
  /** The expiry (seconds since the epoch) of the minted token it came with; undefined for an API token or none. */
  tokenExpires: number | undefined
}

class UploadError extends Error {
  constructor(
    readonly status: number,
    message: string
  ) {
    super(message)
  }
}

/** Warehouse's InvalidPublisherError: its message ends up in the `invalid-publisher` description. */
class PublisherError extends Error {}
/** Warehouse's ReusedTokenError: this jti already minted a token. */
class ReusedTokenError extends Error {}

interface Credentials {
  scope: string[] | 'user'
  /** Seconds since the epoch, for a minted token. */
  expires: number | undefined
  /** The trusted publisher that minted the token (none for an API token). */
  publisher: TrustedPublisher | undefined
}

type Claims = Record<string, unknown>

interface DecodedJwt {
  header: Claims
  claims: Claims
  signingInput: Buffer
  signature: Buffer
}

export class PyPIIndex {
  readonly files: IndexFile[] = []
  readonly releases: Release[] = []
  readonly uploads: UploadRecord[] = []
  /** The injected faults that fired, in order. */
  readonly faults: FiredFault[] = []
  /** A token valid for every project (a user-scoped token). */
  readonly userToken = `pypi-${randomBytes(48).toString('base64url')}`
  private readonly server: Server
  private storage = ''
  /** The projects on the index (canonical names): uploaded to, created by a pending publisher, or others'. */
  private readonly projects: Set<string>
  /** Others' projects: canonical name → name. */
  private readonly othersProjects: Map<string, string>
  private readonly publishers: TrustedPublisher[]
  private readonly pendingPublishers: TrustedPublisher[]
  /** When each minted token expires (seconds since the epoch). */
  private readonly expiries = new Map<string, number>()
  /** The publisher that minted each minted token. */
  private readonly mintedBy = new Map<string, TrustedPublisher>()
  private verifier: Verifier | undefined
  /** Each upload's attestation check (parsing and Sigstore verification), in order: its wall and CPU time, for the benchmark. */
  readonly attestationChecks: Array<{ filename: string; ms: number; cpuMs: number; accepted: boolean }> = []
  /** The jti of every ID token that minted a token: each is single-use. */
  private readonly usedJtis = new Set<string>()
  /** How many token exchanges (POST mint-token) were asked for, answered or refused. */
  mintRequests = 0
  private readonly queuedFaults: Array<{ fault: Fault; left: number }> = []
  origin = ''
  /**
   * Test hook: what the Integrity API serves for a file that has provenance, given a copy of what was verified
   * and stored (a compromised index or a mirror; warehouse itself serves what it stored). Unset: the stored one.
   */
  alterServedProvenance: ((file: IndexFile, stored: Provenance) => unknown | Promise<unknown>) | undefined

  constructor(private readonly options: IndexOptions = {}) {
    this.options.tokens = { [this.userToken]: 'user', ...options.tokens }
    this.othersProjects = new Map((options.existingProjects ?? []).map(name => [canonicalName(name), name]))
    this.projects = new Set(this.othersProjects.keys())
    // Copies: a pending publisher moves to the publishers once it has created its project.
    this.publishers = [...(options.trustedPublishing?.publishers ?? [])]
    this.pendingPublishers = [...(options.trustedPublishing?.pendingPublishers ?? [])]
    this.server = loopbackServer((request, response) => this.handle(request, response))
  }

  async start(): Promise<this> {
    this.storage = await mkdtemp(join(tmpdir(), 'pra-index-'))
    this.origin = await listen(this.server)
    return this
  }

  async stop(): Promise<void> {
    await close(this.server)
    await rm(this.storage, { recursive: true, force: true })
  }

  /** The upload URL (the legacy API's endpoint). */
  get uploadUrl(): string {
    return `${this.origin}/legacy/`
  }

  /** A project-scoped token for these projects. */
  projectToken(...projects: string[]): string {
    const token = `pypi-${randomBytes(48).toString('base64url')}`
    ;(this.options.tokens as Record<string, string[] | 'user'>)[token] = projects.map(canonicalName)
    return token
  }

  /** Queues faults; each fires on the next requests it names (`times` of them), in the order queued. */
  inject(...faults: Fault[]): this {
    for (const fault of faults) this.queuedFaults.push({ fault, left: fault.times ?? 1 })
    return this
  }

  /** Moves a release's creation `days` back (a release older than 14 days takes no new files). */
  /** Every token minted through trusted publishing, for tests that check none is ever shown. */
  get mintedTokens(): string[] {
    return [...this.expiries.keys()]
  }

  backdate(project: string, version: string, days: number): void {
    const release = this.release(project, version)
    if (!release) throw new Error(`No release ${project} ${version} on the index`)
    release.created = new Date(release.created.getTime() - days * DAY_MS)
    // Its files were uploaded then too: the JSON and Simple APIs show their upload times, not the release's.
    for (const file of this.files) {
      if (canonicalName(file.project) === canonicalName(project) && compareVersions(file.version, version) === 0) {
        file.uploadTime = new Date(file.uploadTime.getTime() - days * DAY_MS)
      }
    }
  }

  private release(project: string, version: string): Release | undefined {
    return this.releases.find(r => canonicalName(r.project) === canonicalName(project) && compareVersions(r.version, version) === 0)
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.origin)
    const isUpload = request.method === 'POST' && (url.pathname === '/legacy/' || url.pathname === '/')
    const fault = this.takeFault(request, url.pathname, isUpload)
    if (fault && 'delayMs' in fault) await sleep(fault.delayMs)
    else if (fault && 'reset' in fault && fault.reset === 'mid-upload') return this.resetMidUpload(request)
    else if (fault && 'echo' in fault) return this.echoCredentials(request, response, fault)
    else if (fault && 'status' in fault && !('afterStore' in fault)) return this.failWith(request, response, fault)

    if (isUpload) return this.upload(request, response, fault)
    if (request.method === 'GET' && url.pathname === '/_/oidc/audience') return this.audience(response)
    if (request.method === 'POST' && /^\/_\/oidc\/(github\/)?mint-token$/.test(url.pathname)) return this.mintToken(request, response)
    if (request.method === 'GET') {
      const json = JSON_ROUTE.exec(url.pathname)
      if (json) return this.jsonApi(response, decodeURIComponent(json[1] as string), json[2] && decodeURIComponent(json[2]))
      const simple = SIMPLE_ROUTE.exec(url.pathname)
      if (simple) return this.simpleApi(request, response, decodeURIComponent(simple[1] as string))
      const integrity = INTEGRITY_ROUTE.exec(url.pathname)
      if (integrity) {
        const [project, version, filename] = integrity.slice(1, 4).map(part => decodeURIComponent(part as string)) as [string, string, string]
        return this.integrityApi(request, response, project, version, filename)
      }
      const file = /^\/files\/([^/]+)$/.exec(url.pathname)
      if (file) {
        const found = this.files.find(f => f.filename === decodeURIComponent(file[1] as string))
        if (found) {
          response.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': String(found.size) })
          await pipeline(createReadStream(found.path), response)
          return
        }
      }
    }
    sendJson(response, 404, { message: 'Not Found' })
  }

  // ---- injected faults ------------------------------------------------------------------------

  /** The first queued fault for this request, counted down (and recorded as fired). */
  private takeFault(request: IncomingMessage, path: string, isUpload: boolean): Fault | undefined {
    const target = isUpload
      ? 'upload'
      : JSON_ROUTE.test(path)
        ? 'json'
        : SIMPLE_ROUTE.test(path)
          ? 'simple'
          : /^\/_\/oidc\/(github\/)?mint-token$/.test(path)
            ? 'mint'
            : undefined
    const at = this.queuedFaults.findIndex(({ fault }) => fault.on === 'any' || fault.on === target)
    const queued = this.queuedFaults[at]
    if (!queued) return undefined
    if (--queued.left === 0) this.queuedFaults.splice(at, 1)
    this.faults.push({ fault: queued.fault, method: request.method ?? '', path })
    return queued.fault
  }

  /** An error status as PyPI's CDN answers it, once the whole request has arrived. */
  private async failWith(request: IncomingMessage, response: ServerResponse, fault: Extract<Fault, { status: number }>): Promise<void> {
    request.resume()
    await finished(request).catch(() => undefined)
    const reason = STATUS_CODES[fault.status] ?? ''
    const body =
      'page' in fault ? fault.page : `<html><head><title>${fault.status} ${reason}</title></head><body><h1>${fault.status} ${reason}</h1></body></html>\n`
    const retryAfter = 'retryAfter' in fault ? { 'Retry-After': String(fault.retryAfter) } : {}
    response.writeHead(fault.status, reason, { 'Content-Type': 'text/html; charset=UTF-8', 'Content-Length': Buffer.byteLength(body), ...retryAfter })
    response.end(body)
  }

  /** An answer that repeats the request's credentials back, as a careless proxy or a debugging index does. */
  private async echoCredentials(request: IncomingMessage, response: ServerResponse, fault: Extract<Fault, { echo: EchoWay }>): Promise<void> {
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks).toString('latin1')
    const authorization = request.headers.authorization
    const echoed = authorization ?? (body.length <= 4096 ? body : body.slice(0, 4096))
    const reason = STATUS_CODES[fault.status] ?? ''
    if (fault.echo === 'redirect') {
      const location = `${this.origin}/login/?next=${encodeURIComponent(request.url ?? '/')}&authorization=${encodeURIComponent(echoed)}`
      response.writeHead(303, 'See Other', { Location: location, 'Content-Type': 'text/plain', 'Content-Length': 0 })
      response.end()
      return
    }
    const page = fault.echo === 'body' ? `<html><body><h1>${fault.status} ${reason}</h1><p>Request headers: Authorization: ${echoed}</p></body></html>\n` : ''
    const phrase = fault.echo === 'reason' ? `${reason} (credentials ${echoed.replace(/[^\x20-\x7e]/g, '?')})` : reason
    response.writeHead(fault.status, phrase, { 'Content-Type': 'text/html; charset=UTF-8', 'Content-Length': Buffer.byteLength(page) })
    response.end(page)
  }

  /** Resets the connection once half the body (by its Content-Length) has arrived: nothing is stored. */
  private async resetMidUpload(request: IncomingMessage): Promise<void> {
    const half = Number(request.headers['content-length'] ?? 0) / 2
    let received = 0
    await new Promise<void>(resolve => {
      request.on('data', (chunk: Buffer) => {
        received += chunk.length
        if (received >= half) resolve()
      })
      request.on('end', resolve)
      request.on('error', () => resolve())
    })
    request.socket.resetAndDestroy()
  }

  // ---- the legacy upload API ------------------------------------------------------------------

  private async upload(request: IncomingMessage, response: ServerResponse, fault: Fault | undefined): Promise<void> {
    let filename: string | undefined
    let path: string | undefined
    let [status, message] = [200, 'OK']
    let tokenExpires: number | undefined
    try {
      const credentials = this.authenticate(request.headers.authorization)
      tokenExpires = credentials.expires
      const { fields, file } = await this.readForm(request)
      ;[filename, path] = [file?.filename, file?.path]
      this.validate(fields, file, credentials)
    } catch (error) {
      if (!(error instanceof UploadError)) throw error
      request.resume()
      ;[status, message] = [error.status, error.message]
    } finally {
      // Keep only what was stored (a refused file, or the same file again, leaves nothing behind).
      if (path && !this.files.some(f => f.path === path)) await rm(path, { force: true })
    }
    this.uploads.push({ status, message, filename, at: Date.now(), tokenExpires })
    // An after-store fault: the index has done its part, and the client does not hear how it went.
    if (fault && 'reset' in fault) request.socket.resetAndDestroy()
    else if (fault && 'hang' in fault) return
    else if (fault && 'afterStore' in fault) await this.failWith(request, response, fault)
    else this.answer(response, status, message)
  }

  /** Warehouse answers with the message as the reason phrase and in an HTML body. */
  private answer(response: ServerResponse, status: number, message: string): void {
    // A status line carries Latin-1 only (Node refuses anything else there): other characters become '?'.
    const line = message.replace(/[\r\n]+/g, ' ')
    const body =
      status === 200
        ? ''
        : `<html>\n <head>\n  <title>${status} ${escapeHtml(line)}</title>\n </head>\n <body>\n  <h1>${status} ${escapeHtml(line)}</h1>\n  ${escapeHtml(line)}<br/><br/>\n\n\n\n </body>\n</html>`
    response.writeHead(status, line.replace(/[^\t\x20-\x7e\xa0-\xff]/g, '?'), {
      'Content-Type': status === 200 ? 'text/plain' : 'text/html; charset=UTF-8',
      'Content-Length': Buffer.byteLength(body)
    })
    response.end(body)
  }

  /** What the credentials may upload to ('user': all) and until when, or a 403. */
  private authenticate(header: string | undefined): Credentials {
    const invalid = new UploadError(403, `Invalid or non-existent authentication information. See ${this.origin}/help/#invalid-auth for more information.`)
    const basic = /^Basic (.+)$/.exec(header ?? '')?.[1]
    if (!basic) throw invalid
    const decoded = Buffer.from(basic, 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    const [username, password] = [decoded.slice(0, colon), decoded.slice(colon + 1)]
    if (username !== '__token__') {
      throw new UploadError(
        403,
        `Username/Password authentication is no longer supported. Migrate to API Tokens or Trusted Publishers instead. See ${this.origin}/help/#apitoken and ${this.origin}/help/#trusted-publishers`
      )
    }
    const scope = this.options.tokens?.[password]
    if (!scope) throw invalid
    return { scope, expires: this.expiries.get(password), publisher: this.mintedBy.get(password) }
  }

  private async readForm(request: IncomingMessage): Promise<{
    fields: Map<string, string[]>
    file: { filename: string; path: string; size: number; sha256: string; md5: string; blake2b_256: string } | undefined
  }> {
    const type = request.headers['content-type'] ?? ''
    if (!type.startsWith('multipart/form-data')) throw new UploadError(400, 'Invalid request: multipart/form-data expected.')
    const fields = new Map<string, string[]>()
    let file: Awaited<ReturnType<PyPIIndex['readForm']>>['file']
    let pending: Promise<void> | undefined
    const limit = this.options.maxFileSize ?? 100 * 1024 * 1024
    const parser = busboy({ headers: request.headers, limits: { fieldSize: 10 * 1024 * 1024, fileSize: limit + 1 }, defParamCharset: 'utf8' })
    parser.on('field', (name, value) => fields.set(name, [...(fields.get(name) ?? []), value]))
    parser.on('file', (name, stream, info) => {
      if (name !== 'content' || file || pending) {
        stream.resume()
        return
      }
      const path = join(this.storage, `${randomBytes(8).toString('hex')}-${info.filename}`)
      pending = (async () => {
        const sha256 = createHash('sha256')
        const md5 = createHash('md5')
        const blake = await createBLAKE2b(256)
        blake.init()
        let size = 0
        const tap = new Transform({
          transform(chunk: Buffer, _encoding, done) {
            size += chunk.length
            sha256.update(chunk)
            md5.update(chunk)
            blake.update(chunk)
            done(null, chunk)
          }
        })
        await pipeline(stream, tap, createWriteStream(path))
        if ((stream as unknown as { truncated?: boolean }).truncated) {
          file = { filename: info.filename ?? '', path, size: limit + 1, sha256: '', md5: '', blake2b_256: '' }
          return
        }
        file = { filename: info.filename ?? '', path, size, sha256: sha256.digest('hex'), md5: md5.digest('hex'), blake2b_256: blake.digest('hex') }
      })()
    })
    await pipeline(request, parser)
    await pending
    return { fields, file }
  }

  private validate(fields: Map<string, string[]>, file: Awaited<ReturnType<PyPIIndex['readForm']>>['file'], credentials: Credentials): void {
    const field = (name: string): string | undefined => fields.get(name)?.[0]
    const bad = (message: string): UploadError => new UploadError(400, message)
    const invalidValue = (value: string, name: string, why: string): UploadError =>
      bad(`'${value}' is an invalid value for ${name}. Error: ${why} See ${CORE_METADATA} for more information.`)

    if (field(':action') !== 'file_upload') throw bad(`Invalid value for :action: ${field(':action') ?? 'none'}.`)
    if (field('protocol_version') !== '1') throw bad('Unknown protocol version.')

    const metadataVersion = field('metadata_version') ?? ''
    if (!METADATA_VERSIONS.has(metadataVersion)) throw invalidValue(metadataVersion, 'Metadata-Version', 'Use a known metadata version.')
    const name = field('name') ?? ''
    if (!NAME.test(name)) {
      throw invalidValue(name, 'Name', "Start and end with a letter or numeral containing only ASCII numeric and '.', '_' and '-'.")
    }
    const version = field('version') ?? ''
    const parsed = parseVersion(version)
    if (!parsed) throw invalidValue(version, 'Version', "Start and end with a letter or numeral containing only ASCII numeric and '.', '_' and '-'.")
    if (parsed.local) throw invalidValue(version, 'Version', "Can't use PEP 440 local versions.")

    // Warehouse creates a new project (if it may) before it asks whether the credentials may upload to it.
    const project = canonicalName(name)
    if (!this.projects.has(project)) {
      const refusal = this.newProjectRefusal(name)
      if (refusal) throw bad(refusal)
    }
    if (credentials.expires !== undefined && Date.now() / 1000 >= credentials.expires) {
      throw new UploadError(403, 'Invalid API Token: token is expired')
    }
    const { scope } = credentials
    if (scope !== 'user' && !scope.includes(project)) {
      throw new UploadError(403, `Invalid API Token: project-scoped token is not valid for project: '${name}'`)
    }
    const status = this.options.projectStatus?.[project]
    if (status === 'archived' || (status === 'quarantined' && credentials.publisher)) {
      // legacy.py:813-844: the ACL holds no upload permission, so the request is denied without a reason
      throw new UploadError(
        403,
        credentials.publisher
          ? `The given token isn't allowed to upload to project '${name}'. See ${this.origin}/help/#project-name for more information.`
          : `The user '${USERNAME}' isn't allowed to upload to project '${name}'. See ${this.origin}/help/#project-name for more information.`
      )
    }
    const owner = scope === 'user' ? this.othersProjects.get(project) : undefined
    if (owner) {
      throw new UploadError(
        403,
        `The credential associated with user '${USERNAME}' isn't allowed to upload to project '${owner}'. See ${this.origin}/help/#project-name for more information.`
      )
    }

    const filetype = field('filetype') ?? ''
    if (!['sdist', 'bdist_wheel'].includes(filetype)) throw bad(`Invalid value for filetype. Error: Use a known file type.`)
    const pyversion = field('pyversion') ?? ''
    if (filetype === 'bdist_wheel' && !pyversion) throw bad('Invalid value for pyversion. Error: Python version is required for binary distribution uploads.')
    if (filetype === 'sdist' && pyversion && pyversion !== 'source') {
      throw bad("Invalid value for pyversion. Error: Use 'source' as Python version for an sdist.")
    }
    for (const digest of ['sha256_digest', 'blake2_256_digest']) {
      const value = field(digest)
      if (value !== undefined && !/^[a-f0-9]{64}$/i.test(value))
        throw bad(`Invalid value for ${digest}. Error: Use a valid, hex-encoded, ${digest.startsWith('sha') ? 'SHA256' : 'BLAKE2'} message digest.`)
    }
    if (!field('md5_digest') && !field('sha256_digest') && !field('blake2_256_digest')) {
      throw bad('Error: Include at least one message digest.')
    }

    if (!file) throw bad('Upload payload does not have a file.')
    const { filename } = file
    const limit = this.options.maxFileSize ?? 100 * 1024 * 1024
    if (file.size > limit) {
      throw bad(
        `File too large. Limit for project '${name}' is ${Math.round(limit / 1024 / 1024)} MB. See ${this.origin}/help#file-size-limit for more information.`
      )
    }
    if (!filename.endsWith('.whl') && !filename.endsWith('.tar.gz')) {
      throw bad(
        `Invalid file extension: Use .tar.gz or .whl extension. See https://peps.python.org/pep-0527 and https://peps.python.org/pep-0715/ for more information.`
      )
    }
    if ((filetype === 'sdist') !== filename.endsWith('.tar.gz')) throw bad(`Invalid file extension: '${filename}' does not match filetype '${filetype}'.`)
    const expectedDigests: Array<[string, string]> = [
      ['md5_digest', file.md5],
      ['sha256_digest', file.sha256],
      ['blake2_256_digest', file.blake2b_256]
    ]
    for (const [digest, actual] of expectedDigests) {
      const given = field(digest)
      if (given !== undefined && given.toLowerCase() !== actual) {
        throw bad('The digest supplied does not match a digest calculated from the uploaded file.')
      }
    }

    // The filename names the project and version, normalized as the specifications write them.
    const releaseVersion = parsed.public
    if (filetype === 'sdist') {
      const expected = `${canonicalName(name).replace(/-/g, '_')}-${releaseVersion}.tar.gz`
      if (filename !== expected)
        throw bad(
          `Invalid source distribution filename: '${filename}' should be '${expected}'. See https://packaging.python.org/specifications/source-distribution-format/ for more information.`
        )
    } else {
      const match = WHEEL.exec(filename)
      if (!match?.groups) throw bad(`Invalid wheel filename (wrong number of parts): ${filename.slice(0, -4)}`)
      if (canonicalName(match.groups['name'] as string) !== canonicalName(name)) {
        throw bad(`Start filename for '${name}' with '${canonicalName(name).replace(/-/g, '_')}'.`)
      }
      const fileVersion = parseVersion(match.groups['version'] as string)?.public
      if (fileVersion !== releaseVersion) throw bad(`Version in filename should be '${releaseVersion}' not '${match.groups['version']}'.`)
      for (const platform of (match.groups['platform'] as string).split('.')) {
        if (/^linux_/.test(platform) && !/^linux_armv[67]l$/.test(platform)) {
          throw bad(`Binary wheel '${filename}' has an unsupported platform tag '${platform}'.`)
        }
      }
    }

    // A file name is used once, ever: the same content again is a no-op, other content is refused.
    const existing = this.files.find(f => f.filename === filename)
    if (existing) {
      if (existing.sha256 === file.sha256) return
      throw bad(
        `File already exists ('${filename}', with blake2_256 hash '${existing.blake2b_256}'). See ${this.origin}/help/#file-name-reuse for more information.`
      )
    }
    // Releases are one per PEP 440-equal version (2.0 and 2.0.0 are one release).
    const release = this.release(name, releaseVersion)
    // After the same-file check, so re-uploading an old release's files stays a no-op (warehouse#20260).
    if (release && release.created.getTime() < Date.now() - RELEASE_OPEN_DAYS * DAY_MS) {
      throw bad(`Uploading new files to releases older than ${RELEASE_OPEN_DAYS} days is not allowed.`)
    }
    const siblings = this.files.filter(f => canonicalName(f.project) === project && compareVersions(f.version, releaseVersion) === 0)
    if (filetype === 'sdist' && siblings.some(f => f.packagetype === 'sdist')) throw bad('Only one sdist may be uploaded per release.')

    // PEP 740: warehouse verifies attestations after every check on the file, and before storing it; a
    // refused attestation refuses the upload. (Its duplicate-file no-op above comes first: the same file
    // again with attestations is still a no-op, and the attestations are not looked at.)
    let provenance: Provenance | undefined
    // request.POST["attestations"]: WebOb's MultiDict gives the last value of a repeated field.
    const attestationsField = fields.get('attestations')?.at(-1)
    if (attestationsField !== undefined && this.options.attestations) {
      const identity: GitHubIdentity | undefined = credentials.publisher && {
        kind: 'GitHub',
        repository: credentials.publisher.repository,
        workflow: credentials.publisher.workflow,
        environment: credentials.publisher.environment || null
      }
      const [started, cpuAtStart] = [performance.now(), process.cpuUsage()]
      let accepted = false
      try {
        this.verifier ??= makeVerifier(this.options.attestations)
        const attestations = parseAttestations(attestationsField, identity, { name: filename, digest: file.sha256 }, this.verifier)
        provenance = { version: 1, attestation_bundles: [{ publisher: identity as GitHubIdentity, attestations }] }
        accepted = true
      } catch (error) {
        if (!(error instanceof AttestationUploadError)) throw error
        throw bad(`Invalid attestations supplied during upload: ${error.message}`)
      } finally {
        const cpu = process.cpuUsage(cpuAtStart)
        this.attestationChecks.push({ filename, ms: performance.now() - started, cpuMs: (cpu.user + cpu.system) / 1000, accepted })
      }
    }

    if (!release) this.releases.push({ project: name, version: releaseVersion, summary: field('summary'), created: new Date() })
    this.projects.add(project)
    this.files.push({
      project: name,
      version: releaseVersion,
      filename,
      packagetype: filetype as IndexFile['packagetype'],
      pythonVersion: filetype === 'sdist' ? 'source' : pyversion,
      size: file.size,
      sha256: file.sha256,
      md5: file.md5,
      blake2b_256: file.blake2b_256,
      requiresPython: field('requires_python') || undefined,
      uploadTime: new Date(),
      path: file.path,
      visibleAt: Date.now() + (this.options.visibilityDelayMs ?? 0),
      ...(provenance ? { provenance } : {})
    })
  }

  /** Why warehouse would refuse to create a project of this name (of its rules, only the similar-name one). */
  private newProjectRefusal(name: string): string | undefined {
    const similar = [...this.projects].some(project => ultranormalizeName(project) === ultranormalizeName(name))
    if (similar) return `The name '${name}' is too similar to an existing project. See ${this.origin}/help/#project-name for more information.`
    return undefined
  }

  // ---- trusted publishing ---------------------------------------------------------------------

  private enabledTrustedPublishing(): TrustedPublishingOptions | undefined {
    const options = this.options.trustedPublishing
    return options && options.enabled !== false ? options : undefined
  }

  private audience(response: ServerResponse): void {
    if (!this.enabledTrustedPublishing()) return sendJson(response, 403, { message: 'Trusted publishing functionality not enabled' })
    sendJson(response, 200, { audience: AUDIENCE })
  }

  /** Warehouse's mint_token_from_oidc, in its order: each refusal is a 422 with one code and description. */
  private async mintToken(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const invalid = (code: string, description: string): void => sendJson(response, 422, { message: 'Token request failed', errors: [{ code, description }] })
    this.mintRequests++
    const chunks: Buffer[] = []
    for await (const chunk of request) chunks.push(chunk as Buffer)
    const payload = tokenPayload(Buffer.concat(chunks).toString('utf8'))
    if (typeof payload !== 'string') return invalid('invalid-payload', payload.error)
    const jwt = decodeJwt(payload)
    if (jwt?.claims['iss'] === undefined) return invalid('invalid-payload', 'malformed JWT')
    if (jwt.claims['iss'] !== (this.options.trustedPublishing?.issuer ?? GITHUB_ISSUER)) {
      return invalid('invalid-payload', 'unknown trusted publishing issuer')
    }
    const options = this.enabledTrustedPublishing()
    if (!options) return invalid('not-enabled', 'github trusted publishing functionality not enabled')
    const claims = verifyJwt(jwt, options)
    if (!claims) return invalid('invalid-token', 'malformed or invalid token')

    // A pending publisher that matches creates its project, and becomes that project's publisher.
    // (Warehouse lets a reused token that matches a pending publisher escape as a server error; here it
    // is refused as the reuse it is.)
    try {
      const pending = this.findPublisher(claims, this.pendingPublishers)
      const project = canonicalName(pending.project)
      if (this.projects.has(project)) {
        this.pendingPublishers.splice(this.pendingPublishers.indexOf(pending), 1)
        return invalid('invalid-pending-publisher', 'valid token, but project already exists')
      }
      // Warehouse's create_project refusals are reported as an invalid payload, with their message.
      const refusal = this.newProjectRefusal(pending.project)
      if (refusal) return invalid('invalid-payload', refusal)
      this.projects.add(project)
      this.pendingPublishers.splice(this.pendingPublishers.indexOf(pending), 1)
      this.publishers.push(pending)
    } catch (error) {
      if (error instanceof ReusedTokenError) return invalid('invalid-reuse-token', 'invalid token: already used')
      if (!(error instanceof PublisherError)) throw error
    }

    let publisher: TrustedPublisher
    try {
      publisher = this.findPublisher(claims, this.publishers)
    } catch (error) {
      if (error instanceof ReusedTokenError) return invalid('invalid-reuse-token', 'invalid token: already used')
      if (error instanceof PublisherError) return invalid('invalid-publisher', `valid token, but no corresponding publisher (${error.message})`)
      throw error
    }
    // One publisher (repository, workflow, environment) may be registered for several projects.
    const projects = this.publishers.filter(p => samePublisher(p, publisher)).map(p => canonicalName(p.project))
    const token = `pypi-${randomBytes(48).toString('base64url')}`
    const expires = Math.floor(Date.now() / 1000) + (options.mintedTokenSeconds ?? MINTED_TOKEN_SECONDS)
    ;(this.options.tokens as Record<string, string[] | 'user'>)[token] = projects
    this.expiries.set(token, expires)
    this.mintedBy.set(token, publisher)
    this.usedJtis.add(String(claims['jti']))
    sendJson(response, 200, { success: true, token, expires })
  }

  /**
   * Warehouse's find_publisher for GitHub: every claim it needs is present; a publisher for the repository
   * and the workflow file of job_workflow_ref (one for the token's environment first, then one without);
   * then the checks on the claims the lookup did not compare.
   */
  private findPublisher(claims: Claims, publishers: TrustedPublisher[]): TrustedPublisher {
    for (const claim of ['sub', 'repository', 'repository_owner', 'repository_owner_id', 'job_workflow_ref', 'jti', 'event_name', 'ref', 'sha']) {
      if (claims[claim] === undefined || claims[claim] === null) throw new PublisherError(`Missing claim '${claim}'`)
    }
    const repository = String(claims['repository'])
    const jobWorkflowRef = String(claims['job_workflow_ref'])
    const workflow = /[^/]+\.(yml|yaml)(?=@)/.exec(jobWorkflowRef)?.[0]
    // Sic: warehouse's wording.
    if (!workflow) throw new PublisherError('Could not job extract workflow filename from OIDC claims')
    const environment = typeof claims['environment'] === 'string' ? claims['environment'].toLowerCase() : ''
    const candidates = publishers.filter(
      p =>
        p.repository === repository &&
        p.workflow === workflow &&
        (p.repositoryOwnerId === undefined || p.repositoryOwnerId === String(claims['repository_owner_id']))
    )
    const publisher = (environment && candidates.find(p => p.environment?.toLowerCase() === environment)) || candidates.find(p => !p.environment)
    if (!publisher) throw new PublisherError('Publisher with matching claims was not found')

    const [org, repo] = String(claims['sub']).split(':')
    if (!org || !repo || `${org}:${repo}`.toLowerCase() !== `repo:${publisher.repository}`.toLowerCase()) {
      throw new PublisherError("Check failed for required claim 'sub'")
    }
    if (claims['repository_owner'] !== publisher.repository.split('/')[0]) throw new PublisherError("Check failed for required claim 'repository_owner'")
    const refs = [claims['ref'], claims['sha']].filter(Boolean).map(String)
    if (refs.length === 0) throw new PublisherError('The ref and sha claims are empty')
    const expected = [...new Set(refs.map(ref => `${publisher.repository}/.github/workflows/${publisher.workflow}@${ref}`))].sort()
    if (!expected.includes(jobWorkflowRef)) {
      throw new PublisherError(
        `The job_workflow_ref claim does not match, expecting one of [${expected.map(pyRepr).join(', ')}], got ${pyRepr(jobWorkflowRef)}`
      )
    }
    if (this.usedJtis.has(String(claims['jti']))) throw new ReusedTokenError()
    if (claims['event_name'] === 'pull_request_target') {
      throw new PublisherError("Publishing from a workflow invoked via 'pull_request_target' is not supported.")
    }
    return publisher
  }

  // ---- JSON API and Simple API ------------------------------------------------------------

  private visible(project: string): IndexFile[] {
    if (this.options.projectStatus?.[canonicalName(project)] === 'quarantined') return []
    const now = Date.now()
    return this.files.filter(f => canonicalName(f.project) === canonicalName(project) && f.visibleAt <= now)
  }

  private fileJson(file: IndexFile): Record<string, unknown> {
    return {
      filename: file.filename,
      packagetype: file.packagetype,
      python_version: file.pythonVersion,
      size: file.size,
      digests: { md5: file.md5, sha256: file.sha256, blake2b_256: file.blake2b_256 },
      md5_digest: file.md5,
      requires_python: file.requiresPython ?? null,
      upload_time_iso_8601: file.uploadTime.toISOString(),
      url: `${this.origin}/files/${encodeURIComponent(file.filename)}`,
      yanked: false,
      yanked_reason: null
    }
  }

  private jsonApi(response: ServerResponse, project: string, version: string | undefined): void {
    const files = this.visible(project)
    const notFound = (): void => void response.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ message: 'Not Found' }))
    if (files.length === 0) return notFound()
    const versions = [...new Set(files.map(f => f.version))]
    const latest = version ?? [...versions].sort(compareVersions).at(-1)
    if (version && !versions.includes(version)) return notFound()
    const release = this.releases.find(r => canonicalName(r.project) === canonicalName(project) && r.version === latest)
    const body: Record<string, unknown> = {
      info: {
        name: release?.project ?? project,
        version: latest,
        summary: release?.summary ?? null,
        project_url: `${this.origin}/project/${canonicalName(project)}/`
      },
      urls: files.filter(f => f.version === latest).map(f => this.fileJson(f)),
      last_serial: this.files.length
    }
    if (!version) body['releases'] = Object.fromEntries(versions.map(v => [v, files.filter(f => f.version === v).map(f => this.fileJson(f))]))
    response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body))
  }

  /** The Integrity API's URL for a file's provenance (warehouse's integrity.provenance route). */
  provenanceUrl(file: IndexFile): string {
    return `${this.origin}/integrity/${canonicalName(file.project)}/${encodeURIComponent(file.version)}/${encodeURIComponent(file.filename)}/provenance`
  }

  /**
   * Warehouse's provenance_for_file (warehouse/api/integrity.py): the project, release and file found by
   * traversal (an unknown one is Pyramid's plain 404 page); the content type negotiated from Accept
   * (integrity v1 JSON first, then JSON, else 406); 403 when PEP 740 is off; 404 with a JSON message when the
   * file has no provenance; else the stored provenance.
   */
  private async integrityApi(request: IncomingMessage, response: ServerResponse, project: string, version: string, filename: string): Promise<void> {
    const file = this.visible(project).find(f => compareVersions(f.version, version) === 0 && f.filename === filename)
    if (!file) {
      response
        .writeHead(404, { 'Content-Type': 'text/html; charset=UTF-8' })
        .end('<html><title>404 Not Found</title><body><h1>404 Not Found</h1></body></html>\n')
      return
    }
    const type = acceptable(request.headers.accept, [MIME_INTEGRITY, 'application/json'])
    const headers = { Vary: 'Accept' }
    if (!type)
      return void response.writeHead(406, { ...headers, 'Content-Type': 'application/json' }).end(JSON.stringify({ message: 'Request not acceptable' }))
    if (!this.options.attestations) {
      return void response.writeHead(403, { ...headers, 'Content-Type': type }).end(JSON.stringify({ message: 'Attestations temporarily disabled' }))
    }
    if (!file.provenance) {
      return void response.writeHead(404, { ...headers, 'Content-Type': type }).end(JSON.stringify({ message: `No provenance available for ${file.filename}` }))
    }
    const served = this.alterServedProvenance ? await this.alterServedProvenance(file, structuredClone(file.provenance)) : file.provenance
    response.writeHead(200, { ...headers, 'Content-Type': type, 'Access-Control-Allow-Origin': '*' }).end(JSON.stringify(served))
  }

  private simpleApi(request: IncomingMessage, response: ServerResponse, project: string): void {
    const files = this.visible(project)
    const status = this.options.projectStatus?.[canonicalName(project)]
    if (files.length === 0 && !status) {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('404 Not Found')
      return
    }
    const wantsJson = (request.headers.accept ?? '').includes('application/vnd.pypi.simple.v1+json')
    if (wantsJson) {
      const body = {
        meta: { 'api-version': '1.4', _last_serial: this.files.length },
        name: canonicalName(project),
        // PEP 792 (Simple API 1.4)
        'project-status': { status: status ?? 'active' },
        versions: [...new Set(files.map(f => f.version))],
        files: files.map(f => ({
          filename: f.filename,
          url: `${this.origin}/files/${encodeURIComponent(f.filename)}`,
          hashes: { sha256: f.sha256 },
          'requires-python': f.requiresPython ?? null,
          size: f.size,
          'upload-time': f.uploadTime.toISOString(),
          yanked: false,
          // PEP 740 (Simple API 1.3): the file's provenance URL, or null.
          provenance: f.provenance ? this.provenanceUrl(f) : null
        }))
      }
      response.writeHead(200, { 'Content-Type': 'application/vnd.pypi.simple.v1+json' }).end(JSON.stringify(body))
      return
    }
    const links = files
      .map(
        f =>
          `    <a href="${this.origin}/files/${encodeURIComponent(f.filename)}#sha256=${f.sha256}"${f.provenance ? ` data-provenance="${escapeHtml(this.provenanceUrl(f))}"` : ''}>${escapeHtml(f.filename)}</a><br />`
      )
      .join('\n')
    response
      .writeHead(200, { 'Content-Type': 'application/vnd.pypi.simple.v1+html' })
      .end(
        `<!DOCTYPE html>\n<html>\n  <head>\n    <meta name="pypi:repository-version" content="1.3">\n    <title>Links for ${escapeHtml(project)}</title>\n  </head>\n  <body>\n    <h1>Links for ${escapeHtml(project)}</h1>\n${links}\n  </body>\n</html>\n`
      )
  }
}

/**
 * WebOb's acceptable_offers, simply: the first offer (in the server's order) that the Accept header allows
 * with a non-zero quality; with no Accept header, the first offer.
 */
function acceptable(accept: string | undefined, offers: string[]): string | undefined {
  if (!accept) return offers[0]
  const ranges = accept.split(',').map(part => {
    const [range, ...params] = part.trim().split(';')
    const q = params.map(p => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean)
    return { range: (range ?? '').trim().toLowerCase(), q: q === undefined ? 1 : Number(q) }
  })
  const quality = (offer: string): number => {
    const [type] = offer.split('/')
    const match = ranges.find(r => r.range === offer) ?? ranges.find(r => r.range === `${type}/*`) ?? ranges.find(r => r.range === '*/*')
    return match?.q ?? 0
  }
  const scored = offers.map(offer => ({ offer, q: quality(offer) })).filter(o => o.q > 0)
  scored.sort((a, b) => b.q - a.q)
  return scored[0]?.offer
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body))
}

const isObject = (value: unknown): value is Claims => typeof value === 'object' && value !== null && !Array.isArray(value)

/**
 * Warehouse's TokenPayload (pydantic; `token: StrictStr`) read from the request body: the token, or the
 * ValidationError text warehouse gives as the `invalid-payload` description. Pydantic's wording and layout;
 * left out are its closing "For further information visit …" link (it names pydantic's version) and, for
 * invalid JSON, the JSON parser's account of where it stopped.
 */
function tokenPayload(body: string): string | { error: string } {
  const refused = (location: string, message: string, type: string, input: string, inputType: string): { error: string } => ({
    error: `1 validation error for TokenPayload\n${location}  ${message} [type=${type}, input_value=${input}, input_type=${inputType}]`
  })
  let value: unknown
  try {
    value = JSON.parse(body)
  } catch {
    return refused('', 'Invalid JSON', 'json_invalid', `b${pyRepr(body)}`, 'bytes')
  }
  if (!isObject(value)) return refused('', 'Input should be an object', 'model_type', pyValue(value), pyType(value))
  const token = value['token']
  if (token === undefined) return refused('token\n', 'Field required', 'missing', pyValue(value), 'dict')
  if (typeof token !== 'string') return refused('token\n', 'Input should be a valid string', 'string_type', pyValue(token), pyType(token))
  return token
}

/** A JWT's parts, unverified (PyJWT's decoding): three base64url segments, the first two JSON objects. */
function decodeJwt(token: string): DecodedJwt | undefined {
  const parts = token.split('.')
  if (parts.length !== 3 || parts.some(part => !/^[A-Za-z0-9_-]*$/.test(part))) return undefined
  const [header, claims] = parts.slice(0, 2).map(part => {
    try {
      return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown
    } catch {
      return undefined
    }
  })
  if (!isObject(header) || !isObject(claims)) return undefined
  return { header, claims, signingInput: Buffer.from(`${parts[0]}.${parts[1]}`), signature: Buffer.from(parts[2] as string, 'base64url') }
}

/**
 * The claims, if the JWT passes PyJWT's decode as warehouse calls it: an RS256 signature by the issuer's
 * key; iss, iat, exp and aud present; iss the issuer's and aud exactly "pypi" (a list of audiences is
 * refused); exp not past, nbf and iat not in the future, each with 30 seconds' leeway.
 */
function verifyJwt(jwt: DecodedJwt, options: TrustedPublishingOptions): Claims | undefined {
  if (jwt.header['alg'] !== 'RS256') return undefined
  try {
    if (!verifySignature('sha256', jwt.signingInput, options.publicKey, jwt.signature)) return undefined
  } catch {
    return undefined
  }
  const { claims } = jwt
  const now = Date.now() / 1000
  const time = (claim: string): number | undefined => (typeof claims[claim] === 'number' ? (claims[claim] as number) : undefined)
  const [iat, exp, nbf] = [time('iat'), time('exp'), time('nbf')]
  if (claims['iss'] !== options.issuer || claims['aud'] !== AUDIENCE) return undefined
  if (iat === undefined || iat > now + JWT_LEEWAY) return undefined
  if (exp === undefined || exp <= now - JWT_LEEWAY) return undefined
  if (claims['nbf'] !== undefined && (nbf === undefined || nbf > now + JWT_LEEWAY)) return undefined
  return claims
}

/** Warehouse keeps one publisher per repository, workflow and environment (which may publish several projects). */
const samePublisher = (a: TrustedPublisher, b: TrustedPublisher): boolean =>
  a.repository === b.repository && a.workflow === b.workflow && (a.environment ?? '').toLowerCase() === (b.environment ?? '').toLowerCase()
