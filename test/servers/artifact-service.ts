// A local GitHub Actions artifact service: the Twirp JSON endpoints @actions/artifact calls
// (github.actions.results.api.v1.ArtifactService) and the Azure block-blob endpoint its signed URLs point at.
//
// Strict where the real service is: every request body is read with @actions/artifact's own generated
// message types (unknown or mistyped fields are `malformed`), the bearer runtime token is a signed JWT
// whose `scp` carries `Actions.Results:<run>:<job>` and must name the run and job of the request,
// names follow the service's character rules, a name already finalized in the run attempt is a 409, blob
// URLs carry an HMAC signature, and a blob is assembled from its block list (by block id, in the
// list's order), never in the order blocks arrived.
//
// A service serves many workflow runs: `workflowRun(id)` names one by the REST API's numeric run id and
// gives it a backend id (the token's), `jobToken(run, job)` acts as one job of it, and GitHubServer's
// artifact endpoints (its `artifacts` option) read the same store for `findBy` clients of another run.
import { createHash, createHmac, randomInt, randomUUID, timingSafeEqual } from 'node:crypto'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { close, listen, loopbackServer } from './loopback.js'
import { SaxesParser } from 'saxes'
import {
  CreateArtifactRequest,
  CreateArtifactResponse,
  DeleteArtifactRequest,
  DeleteArtifactResponse,
  FinalizeArtifactRequest,
  FinalizeArtifactResponse,
  GetSignedArtifactURLRequest,
  GetSignedArtifactURLResponse,
  ListArtifactsRequest,
  ListArtifactsResponse,
  Timestamp
} from '../../node_modules/@actions/artifact/lib/generated/index.js'

const SERVICE = 'github.actions.results.api.v1.ArtifactService'
const ACCOUNT = 'devstoreaccount1'
const CONTAINER = 'actions-results'
/** Characters the service refuses in an artifact name (the client's list: NTFS limits, and path separators). */
const INVALID_NAME = /[":<>|*?\r\n\\/]/
const MAX_BLOCK = 4000 * 1024 * 1024

export interface StoredArtifact {
  id: number
  /** The workflow run backend id (the token's `Actions.Results:<run>:<job>`). */
  run: string
  /** The workflow job run backend id. */
  job: string
  name: string
  mimeType: string | undefined
  createdAt: Date
  expiresAt: Date | undefined
  blob: string
  finalized: boolean
  size: number
  /** `sha256:<hex>` of the zip as committed (FinalizeArtifact's `hash`, checked against the blob). */
  digest: string | undefined
}

/** A workflow run as the service knows it: by the REST API's run id and by its backend id (the token's). */
export interface WorkflowRun {
  /** The REST API's run_id (GITHUB_RUN_ID). */
  id: number
  /** The workflow run backend id of the first attempt (a UUID, as the runner's tokens carry it). */
  backendId: string
  /**
   * The backend id of each attempt (index 0: attempt 1). A re-run is a new attempt with its own backend id:
   * it may upload a name an earlier attempt has (the run then has both; the client's `latest` keeps the
   * newer), and its jobs see every attempt's artifacts.
   */
  attempts: string[]
  /** `<attempt>/<job name>` → the job run backend id (a UUID). */
  jobs: Map<string, string>
}

interface Blob {
  /** Staged, uncommitted blocks by block id. */
  blocks: Map<string, Buffer>
  committed: { content: Buffer; contentType: string | undefined; blockIds: string[] } | undefined
  /** Block ids in the order their bodies were stored. */
  arrived: string[]
  /** Releases the held first block (holdFirstBlock). */
  held?: () => void
}

export interface ArtifactServiceOptions {
  /** Longest retention the "repository" allows, in days (GitHub's default is 90). */
  maxRetentionDays?: number
  /**
   * Hold the first block of a blob, when it is at least this many bytes (a full block: more follow), until
   * the next one is stored, so blocks are stored out of order.
   */
  holdFirstBlock?: number
}

/**
 * A hostile or broken service, for the next requests of one operation (a Twirp method such as ListArtifacts,
 * or a blob operation: get, block, blocklist): an error whose body the test writes (the client prints it), no
 * answer at all, a connection reset, or a download that trickles one byte every `intervalMs`.
 */
export type Misbehaviour = { operation: string; times?: number } & (
  | { kind: 'error'; status: number; body: string | Buffer; headers?: Record<string, string> }
  | { kind: 'silent' }
  | { kind: 'reset' }
  | { kind: 'trickle'; intervalMs: number }
)

export interface RequestRecord {
  method: string
  path: string
  /** The Twirp method, or the blob operation (block, blocklist, get). */
  operation: string
  status: number
}

class TwirpError extends Error {
  static readonly STATUS: Record<string, number> = {
    malformed: 400,
    invalid_argument: 400,
    bad_route: 404,
    unauthenticated: 401,
    permission_denied: 403,
    not_found: 404,
    already_exists: 409,
    failed_precondition: 412,
    internal: 500
  }
  constructor(
    readonly code: string,
    message: string
  ) {
    super(message)
  }
}

class StorageError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string
  ) {
    super(message)
  }
}

function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url')
}

/** An HS256 JWT as the runner's ACTIONS_RUNTIME_TOKEN: the client reads only `scp`; this service checks the rest. */
export function signRuntimeToken(secret: string, claims: Record<string, unknown>): string {
  const header = base64url(JSON.stringify({ typ: 'JWT', alg: 'HS256' }))
  const payload = base64url(JSON.stringify(claims))
  const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url')
  return `${header}.${payload}.${signature}`
}

async function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = []
  let length = 0
  for await (const chunk of request) {
    length += (chunk as Buffer).length
    if (length > limit) throw new StorageError(413, 'RequestBodyTooLarge', 'The request body is too large.')
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}

export class ArtifactService {
  readonly artifacts: StoredArtifact[] = []
  readonly blobs = new Map<string, Blob>()
  readonly requests: RequestRecord[] = []
  /** How the service misbehaves (each entry for its `times` requests, by default every one); the first that applies wins. */
  readonly misbehave: Misbehaviour[] = []
  /** The run and job the runtime token of `token()` names. */
  readonly run: string = randomUUID()
  readonly job: string = randomUUID()
  /** The REST API's id of run `run` (GITHUB_RUN_ID). */
  readonly runId: number = randomInt(10_000_000_000, 11_000_000_000)
  private readonly runs = new Map<number, WorkflowRun>()
  private readonly secret = randomUUID()
  private readonly server: Server
  private nextId = 1000
  private origin = ''

  constructor(private readonly options: ArtifactServiceOptions = {}) {
    this.server = loopbackServer((request, response) => this.handle(request, response))
    this.runs.set(this.runId, { id: this.runId, backendId: this.run, attempts: [this.run], jobs: new Map() })
  }

  async start(): Promise<this> {
    this.origin = await listen(this.server)
    return this
  }

  async stop(): Promise<void> {
    await close(this.server)
  }

  /** A runtime token for this run; `job` picks another job of the run (a matrix leg, a re-run). */
  token(job = this.job, extra: Record<string, unknown> = {}): string {
    const now = Math.floor(Date.now() / 1000)
    return signRuntimeToken(this.secret, {
      scp: `Actions.ExampleScope Actions.Results:${this.run}:${job}`,
      iat: now,
      nbf: now,
      exp: now + 3600,
      ...extra
    })
  }

  /** The variables the runner sets for a step that may use the artifact service. */
  environment(job = this.job): Record<string, string> {
    return {
      ACTIONS_RUNTIME_TOKEN: this.token(job),
      ACTIONS_RESULTS_URL: `${this.origin}/`,
      GITHUB_SERVER_URL: 'https://github.localhost'
    }
  }

  /** Workflow run `id` (the REST API's run_id), given a backend id on first use. */
  workflowRun(id: number): WorkflowRun {
    if (!Number.isSafeInteger(id) || id <= 0) throw new Error(`Not a workflow run id: ${id}`)
    let run = this.runs.get(id)
    if (!run) {
      const backendId = randomUUID()
      this.runs.set(id, (run = { id, backendId, attempts: [backendId], jobs: new Map() }))
    }
    return run
  }

  /**
   * The backend ids of job `job` in attempt `attempt` of run `runId` (one job run backend id per job name
   * and attempt, made on first use; asking for a later attempt re-runs the run up to it).
   */
  jobRun(runId: number, job: string | number, attempt = 1): { run: string; job: string } {
    if (!Number.isSafeInteger(attempt) || attempt < 1) throw new Error(`Not a run attempt: ${attempt}`)
    const run = this.workflowRun(runId)
    while (run.attempts.length < attempt) run.attempts.push(randomUUID())
    const key = `${attempt}/${job}`
    let backendId = run.jobs.get(key)
    if (!backendId) run.jobs.set(key, (backendId = randomUUID()))
    return { run: run.attempts[attempt - 1] as string, job: backendId }
  }

  /** The runtime token the runner gives job `job` of workflow run `runId` (in attempt `attempt`). */
  jobToken(runId: number, job: string | number, attempt = 1, extra: Record<string, unknown> = {}): string {
    const ids = this.jobRun(runId, job, attempt)
    return this.token(ids.job, { scp: `Actions.ExampleScope Actions.Results:${ids.run}:${ids.job}`, ...extra })
  }

  /** The variables the runner sets for a step of job `job` of workflow run `runId` (in attempt `attempt`). */
  jobEnvironment(runId: number, job: string | number, attempt = 1): Record<string, string> {
    return {
      ...this.environment(),
      ACTIONS_RUNTIME_TOKEN: this.jobToken(runId, job, attempt),
      GITHUB_RUN_ID: String(runId),
      GITHUB_RUN_ATTEMPT: String(attempt)
    }
  }

  /** Workflow run `id` (the REST API's run_id) if this service has seen it; unlike workflowRun, makes none. */
  knownRun(id: number): WorkflowRun | undefined {
    return this.runs.get(id)
  }

  /** The run (by its REST id) one of whose attempts has backend id `backendId`. */
  runOf(backendId: string): WorkflowRun | undefined {
    return [...this.runs.values()].find(run => run.attempts.includes(backendId))
  }

  /** Whether two run backend ids are attempts of one workflow run. */
  private sameRun(a: string, b: string): boolean {
    return a === b || (this.runOf(a) !== undefined && this.runOf(a) === this.runOf(b))
  }

  /** The finalized artifacts of run `runId` (expired ones included), oldest id first: what the REST API lists. */
  runArtifacts(runId: number): StoredArtifact[] {
    const run = this.runs.get(runId)
    if (!run) return []
    return this.artifacts.filter(a => a.finalized && run.attempts.includes(a.run)).sort((a, b) => a.id - b.id)
  }

  /** A finalized artifact by its id (the REST API's artifact_id). */
  artifactById(id: number): StoredArtifact | undefined {
    return this.artifacts.find(a => a.finalized && a.id === id)
  }

  /** Whether an artifact's retention has run out. */
  expired(artifact: StoredArtifact): boolean {
    return artifact.expiresAt !== undefined && artifact.expiresAt.getTime() <= Date.now()
  }

  /** A read-only signed URL of an artifact's zip, valid `seconds` (the REST API's redirect: one minute). */
  downloadUrl(artifact: StoredArtifact, seconds = 60): string {
    return this.sign(artifact.blob, 'r', seconds)
  }

  /** Deletes a finalized artifact and its blob (the REST API's DELETE). */
  deleteArtifact(artifact: StoredArtifact): void {
    this.remove(a => a === artifact)
  }

  /** The committed content of an artifact's blob. */
  content(artifact: StoredArtifact): Buffer | undefined {
    return this.blobs.get(artifact.blob)?.committed?.content
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.origin)
    if (this.misbehaving(request, response, url)) return
    if (url.pathname.startsWith('/twirp/')) return this.twirp(request, response, url)
    if (url.pathname.startsWith(`/${ACCOUNT}/${CONTAINER}/`)) return this.storage(request, response, url)
    this.record(request, url, 'unknown', 404)
    response.writeHead(404).end()
  }

  /** Whether a Misbehaviour took the request (and answers it its way). */
  private misbehaving(request: IncomingMessage, response: ServerResponse, url: URL): boolean {
    const operation = url.pathname.startsWith('/twirp/')
      ? url.pathname.split('/').pop()
      : request.method === 'GET'
        ? 'get'
        : (url.searchParams.get('comp') ?? request.method)
    const entry = this.misbehave.find(m => m.operation === operation && (m.times === undefined || m.times > 0))
    if (!entry) return false
    if (entry.times !== undefined) entry.times--
    this.record(request, url, `${operation} (${entry.kind})`, entry.kind === 'error' ? entry.status : 0)
    request.resume()
    if (entry.kind === 'error') response.writeHead(entry.status, entry.headers ?? { 'Content-Type': 'application/json' }).end(entry.body)
    else if (entry.kind === 'reset') request.socket.resetAndDestroy()
    else if (entry.kind === 'trickle') {
      response.writeHead(200, { 'Content-Type': 'application/zip', 'Content-Length': '1000000' })
      const timer = setInterval(() => response.write('P'), entry.intervalMs)
      response.write('P')
      response.on('close', () => clearInterval(timer))
    }
    // silent: never answers (stop() closes the connection)
    return true
  }

  private record(request: IncomingMessage, url: URL, operation: string, status: number): void {
    this.requests.push({ method: request.method ?? '', path: url.pathname, operation, status })
  }

  // ---- Twirp ---------------------------------------------------------------------------------

  private async twirp(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const method = url.pathname.slice(`/twirp/${SERVICE}/`.length)
    const send = (status: number, body: unknown): void => {
      this.record(request, url, method, status)
      response.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify(body))
    }
    try {
      if (!url.pathname.startsWith(`/twirp/${SERVICE}/`) || request.method !== 'POST') {
        throw new TwirpError('bad_route', `no handler for path "${url.pathname}"`)
      }
      const contentType = (request.headers['content-type'] ?? '').split(';')[0]?.trim()
      if (contentType !== 'application/json') {
        throw new TwirpError('bad_route', `unexpected Content-Type: "${request.headers['content-type'] ?? ''}"`)
      }
      const claims = this.authenticate(request.headers.authorization)
      const text = (await readBody(request, 1024 * 1024)).toString('utf8')
      let json: unknown
      try {
        json = JSON.parse(text)
      } catch {
        throw new TwirpError('malformed', 'the json request could not be decoded')
      }
      send(200, this.call(method, json, claims))
    } catch (error) {
      if (!(error instanceof TwirpError)) throw error
      send(TwirpError.STATUS[error.code] ?? 500, { code: error.code, msg: error.message })
    }
  }

  private authenticate(header: string | undefined): { run: string; job: string } {
    const token = /^Bearer (.+)$/.exec(header ?? '')?.[1]
    if (!token) throw new TwirpError('unauthenticated', 'missing bearer token')
    const [head, payload, signature] = token.split('.')
    if (!head || !payload || !signature) throw new TwirpError('unauthenticated', 'malformed token')
    const expected = createHmac('sha256', this.secret).update(`${head}.${payload}`).digest()
    const given = Buffer.from(signature, 'base64url')
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw new TwirpError('unauthenticated', 'invalid token signature')
    }
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { scp?: string; exp?: number }
    if (typeof claims.exp !== 'number' || claims.exp * 1000 < Date.now()) throw new TwirpError('unauthenticated', 'token expired')
    for (const scope of (claims.scp ?? '').split(' ')) {
      const parts = scope.split(':')
      if (parts[0] === 'Actions.Results' && parts.length === 3) return { run: parts[1] as string, job: parts[2] as string }
    }
    throw new TwirpError('permission_denied', 'token has no Actions.Results scope')
  }

  private call(method: string, json: unknown, claims: { run: string; job: string }): unknown {
    const out = { useProtoFieldName: true, emitDefaultValues: true }
    const read = <T>(type: { fromJson(json: never, options: { ignoreUnknownFields: boolean }): T }): T => {
      try {
        return type.fromJson(json as never, { ignoreUnknownFields: false })
      } catch (error) {
        throw new TwirpError('malformed', `the json request could not be decoded: ${(error as Error).message}`)
      }
    }
    // Uploads belong to the token's own job run; reading, listing and deleting reach every job of every attempt
    // of the token's run (download-artifact in a later job; the client names the artifact's own job run in these requests).
    const own = (request: { workflowRunBackendId: string; workflowJobRunBackendId: string }, scope: 'job' | 'run' = 'job'): void => {
      if (!request.workflowRunBackendId || !request.workflowJobRunBackendId) {
        throw new TwirpError('invalid_argument', 'workflow_run_backend_id and workflow_job_run_backend_id are required')
      }
      const run = scope === 'job' ? request.workflowRunBackendId === claims.run : this.sameRun(request.workflowRunBackendId, claims.run)
      if (!run || (scope === 'job' && request.workflowJobRunBackendId !== claims.job)) {
        throw new TwirpError('permission_denied', 'the token does not grant access to this workflow job run')
      }
    }
    const finalized = (run: string, name: string, job?: string): StoredArtifact | undefined =>
      this.artifacts.find(a => a.run === run && a.name === name && a.finalized && !this.expired(a) && (job === undefined || a.job === job))

    switch (method) {
      case 'CreateArtifact': {
        const request = read(CreateArtifactRequest)
        own(request)
        validateName(request.name)
        if (request.version < 4) throw new TwirpError('invalid_argument', `unsupported artifact version ${request.version}`)
        // Without expires_at the repository's retention applies (the REST API shows it as expires_at).
        let expiresAt = new Date(Date.now() + (this.options.maxRetentionDays ?? 90) * 86_400_000)
        if (request.expiresAt) {
          expiresAt = Timestamp.toDate(request.expiresAt)
          const days = (expiresAt.getTime() - Date.now()) / 86_400_000
          if (days <= 0) throw new TwirpError('invalid_argument', 'expires_at must be in the future')
          if (days > (this.options.maxRetentionDays ?? 90) + 1) {
            throw new TwirpError('invalid_argument', `expires_at is beyond the repository's retention of ${this.options.maxRetentionDays ?? 90} days`)
          }
        }
        // A name is unique within one attempt of the run (a re-run's attempt has its own backend id).
        if (finalized(request.workflowRunBackendId, request.name)) {
          throw new TwirpError('already_exists', 'an artifact with this name already exists on the workflow run')
        }
        // An upload that was never finalized is replaced by a new one of the same name.
        this.remove(a => a.run === request.workflowRunBackendId && a.name === request.name && !a.finalized)
        const blob = `${randomUUID()}/${request.name}.zip`
        this.artifacts.push({
          id: 0,
          run: request.workflowRunBackendId,
          job: request.workflowJobRunBackendId,
          name: request.name,
          mimeType: request.mimeType?.value,
          createdAt: new Date(),
          expiresAt,
          blob,
          finalized: false,
          size: 0,
          digest: undefined
        })
        this.blobs.set(blob, { blocks: new Map(), committed: undefined, arrived: [] })
        return CreateArtifactResponse.toJson({ ok: true, signedUploadUrl: this.sign(blob, 'cw') }, out)
      }
      case 'FinalizeArtifact': {
        const request = read(FinalizeArtifactRequest)
        own(request)
        const artifact = this.artifacts.find(
          a => a.run === request.workflowRunBackendId && a.job === request.workflowJobRunBackendId && a.name === request.name && !a.finalized
        )
        if (!artifact) throw new TwirpError('not_found', `no artifact named ${request.name} is being uploaded by this job`)
        const content = this.content(artifact)
        if (!content) throw new TwirpError('failed_precondition', 'the artifact has no committed content')
        if (!/^\d+$/.test(request.size) || Number(request.size) !== content.length) {
          throw new TwirpError('invalid_argument', `size ${request.size} does not match the uploaded ${content.length} bytes`)
        }
        const digest = `sha256:${createHash('sha256').update(content).digest('hex')}`
        if (request.hash && request.hash.value !== digest) {
          throw new TwirpError('invalid_argument', `hash ${request.hash.value} does not match the uploaded content`)
        }
        Object.assign(artifact, { finalized: true, id: this.nextId++, size: content.length, digest })
        return FinalizeArtifactResponse.toJson({ ok: true, artifactId: String(artifact.id) }, out)
      }
      case 'ListArtifacts': {
        const request = read(ListArtifactsRequest)
        own(request, 'run')
        // Every job's artifacts of every attempt of the token's run, oldest id first (the client's `latest` keeps the
        // highest id of a name); an expired artifact is gone from this API, though the REST API lists it as expired.
        const listed = this.artifacts
          .filter(
            a =>
              a.finalized &&
              !this.expired(a) &&
              this.sameRun(a.run, request.workflowRunBackendId) &&
              (!request.nameFilter || a.name === request.nameFilter.value) &&
              (!request.idFilter || String(a.id) === request.idFilter.value)
          )
          .sort((a, b) => a.id - b.id)
        return ListArtifactsResponse.toJson(
          {
            artifacts: listed.map(a => ({
              workflowRunBackendId: a.run,
              workflowJobRunBackendId: a.job,
              databaseId: String(a.id),
              name: a.name,
              size: String(a.size),
              createdAt: Timestamp.fromDate(a.createdAt),
              digest: a.digest ? { value: a.digest } : undefined
            }))
          },
          out
        )
      }
      case 'GetSignedArtifactURL': {
        const request = read(GetSignedArtifactURLRequest)
        own(request, 'run')
        const artifact = finalized(request.workflowRunBackendId, request.name, request.workflowJobRunBackendId)
        if (!artifact) throw new TwirpError('not_found', `artifact ${request.name} not found`)
        return GetSignedArtifactURLResponse.toJson({ signedUrl: this.sign(artifact.blob, 'r') }, out)
      }
      case 'DeleteArtifact': {
        const request = read(DeleteArtifactRequest)
        own(request, 'run')
        const artifact = finalized(request.workflowRunBackendId, request.name, request.workflowJobRunBackendId)
        if (!artifact) throw new TwirpError('not_found', `artifact ${request.name} not found`)
        this.remove(a => a === artifact)
        return DeleteArtifactResponse.toJson({ ok: true, artifactId: String(artifact.id) }, out)
      }
      default:
        throw new TwirpError('bad_route', `no handler for method ${method}`)
    }
  }

  private remove(match: (artifact: StoredArtifact) => boolean): void {
    for (let i = this.artifacts.length - 1; i >= 0; i--) {
      const artifact = this.artifacts[i] as StoredArtifact
      if (!match(artifact)) continue
      this.blobs.delete(artifact.blob)
      this.artifacts.splice(i, 1)
    }
  }

  // ---- Blob storage -------------------------------------------------------------------------

  /** A SAS-like URL: permissions and expiry signed with the service's key. */
  private sign(blob: string, permissions: string, seconds = 3600): string {
    const path = `/${ACCOUNT}/${CONTAINER}/${blob}`
    const expiry = new Date(Date.now() + seconds * 1000).toISOString()
    const sig = createHmac('sha256', this.secret).update(`${path}\n${permissions}\n${expiry}`).digest('base64')
    const query = new URLSearchParams({ sv: '2025-01-05', sp: permissions, se: expiry, sr: 'b', sig })
    return `${this.origin}${path.split('/').map(encodeURIComponent).join('/')}?${query}`
  }

  private async storage(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const comp = url.searchParams.get('comp')
    const operation = request.method === 'GET' ? 'get' : (comp ?? request.method ?? '')
    const requestId = randomUUID()
    const headers = { 'x-ms-request-id': requestId, 'x-ms-version': '2025-01-05' }
    try {
      const blobName = decodeURIComponent(url.pathname.slice(`/${ACCOUNT}/${CONTAINER}/`.length))
      const needed = request.method === 'GET' || request.method === 'HEAD' ? 'r' : 'w'
      this.authorize(url, `/${ACCOUNT}/${CONTAINER}/${blobName}`, needed)
      const blob = this.blobs.get(blobName)
      if (!blob) throw new StorageError(404, 'BlobNotFound', 'The specified blob does not exist.')

      if (request.method === 'PUT' && comp === 'block') {
        const blockId = url.searchParams.get('blockid') ?? ''
        const raw = Buffer.from(blockId, 'base64')
        if (!blockId || raw.toString('base64') !== blockId || raw.length > 64) {
          throw new StorageError(400, 'InvalidQueryParameterValue', 'Value for one of the query parameters specified in the request URI is invalid.')
        }
        const length = Number(request.headers['content-length'])
        if (!Number.isInteger(length)) throw new StorageError(411, 'MissingContentLengthHeader', 'Content-Length is required.')
        if (this.options.holdFirstBlock && length >= this.options.holdFirstBlock && !blob.held) {
          // Read the first block's body only once another block is stored (or after 10 s), so it is stored after it.
          await new Promise<void>(resolve => {
            blob.held = resolve
            setTimeout(resolve, 10_000).unref()
          })
        }
        const body = await readBody(request, MAX_BLOCK)
        if (body.length !== length) throw new StorageError(400, 'InvalidInput', 'The body does not match Content-Length.')
        blob.blocks.set(blockId, body)
        blob.arrived.push(blockId)
        blob.held?.()
        this.record(request, url, 'block', 201)
        response.writeHead(201, { ...headers, 'x-ms-request-server-encrypted': 'true', 'Content-Length': '0' }).end()
        return
      }
      if (request.method === 'PUT' && comp === 'blocklist') {
        const ids = await parseBlockList(await readBody(request, 16 * 1024 * 1024))
        const lengths = new Set(ids.map(id => id.length))
        if (lengths.size > 1)
          throw new StorageError(400, 'InvalidBlockId', 'The specified block ID is invalid. All block IDs of a blob must be of the same length.')
        const parts = ids.map(id => {
          const block = blob.blocks.get(id)
          if (!block) throw new StorageError(400, 'InvalidBlockList', 'The specified block list is invalid.')
          return block
        })
        const contentType = request.headers['x-ms-blob-content-type']
        blob.committed = { content: Buffer.concat(parts), contentType: typeof contentType === 'string' ? contentType : undefined, blockIds: ids }
        blob.blocks.clear()
        const etag = `"0x${createHash('md5').update(blob.committed.content).digest('hex').slice(0, 16).toUpperCase()}"`
        this.record(request, url, 'blocklist', 201)
        response
          .writeHead(201, { ...headers, ETag: etag, 'Last-Modified': new Date().toUTCString(), 'x-ms-request-server-encrypted': 'true', 'Content-Length': '0' })
          .end()
        return
      }
      if (request.method === 'GET') {
        if (!blob.committed) throw new StorageError(404, 'BlobNotFound', 'The specified blob does not exist.')
        const { content, contentType } = blob.committed
        this.record(request, url, 'get', 200)
        response.writeHead(200, {
          ...headers,
          'Content-Type': contentType ?? 'application/octet-stream',
          'Content-Length': String(content.length),
          'x-ms-blob-type': 'BlockBlob'
        })
        response.end(content)
        return
      }
      throw new StorageError(400, 'UnsupportedHttpVerb', "The resource doesn't support the specified HTTP verb.")
    } catch (error) {
      if (!(error instanceof StorageError)) throw error
      request.resume()
      this.record(request, url, operation, error.status)
      const body = `<?xml version="1.0" encoding="utf-8"?><Error><Code>${error.code}</Code><Message>${error.message}\nRequestId:${requestId}</Message></Error>`
      response.writeHead(error.status, { ...headers, 'x-ms-error-code': error.code, 'Content-Type': 'application/xml' }).end(body)
    }
  }

  private authorize(url: URL, path: string, needed: string): void {
    const permissions = url.searchParams.get('sp') ?? ''
    const expiry = url.searchParams.get('se') ?? ''
    const sig = url.searchParams.get('sig') ?? ''
    const expected = createHmac('sha256', this.secret).update(`${path}\n${permissions}\n${expiry}`).digest()
    const given = Buffer.from(sig, 'base64')
    const forbidden = (message: string): StorageError => new StorageError(403, 'AuthenticationFailed', message)
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      throw forbidden('Server failed to authenticate the request. Make sure the value of Authorization header is formed correctly including the signature.')
    }
    if (!(Date.parse(expiry) > Date.now())) throw forbidden('Signed expiry time has to be after signed start time.')
    if (![...needed].every(p => permissions.includes(p) || (p === 'w' && permissions.includes('c')))) {
      throw new StorageError(403, 'AuthorizationPermissionMismatch', 'This request is not authorized to perform this operation using this permission.')
    }
  }
}

function validateName(name: string): void {
  if (!name) throw new TwirpError('invalid_argument', 'name is required')
  if (INVALID_NAME.test(name)) throw new TwirpError('invalid_argument', `artifact name ${JSON.stringify(name)} contains an invalid character`)
  if (name.length > 256) throw new TwirpError('invalid_argument', 'artifact name is too long')
}

/** The block ids of a Put Block List body, in order (Latest, Committed and Uncommitted all name staged blocks here). */
async function parseBlockList(body: Buffer): Promise<string[]> {
  const ids: string[] = []
  const parser = new SaxesParser()
  const path: string[] = []
  let text = ''
  parser.on('opentag', tag => {
    path.push(tag.name)
    text = ''
  })
  parser.on('text', value => (text += value))
  parser.on('closetag', tag => {
    path.pop()
    if (path.length === 1 && path[0] === 'BlockList' && ['Latest', 'Committed', 'Uncommitted'].includes(tag.name)) ids.push(text.trim())
    else if (path.length === 0 && tag.name !== 'BlockList') throw new Error('not a BlockList')
  })
  try {
    parser.write(body.toString('utf8')).close()
  } catch {
    throw new StorageError(400, 'InvalidXmlDocument', 'XML specified is not syntactically valid.')
  }
  return ids
}
