// A local Sigstore instance on 127.0.0.1, for the real @sigstore/sign and @sigstore/verify:
// - Fulcio (`POST /api/v2/signingCert`): verifies the OIDC token against a local issuer (RS256
//   signature, `iss`, `aud` = sigstore, `exp`/`nbf`), the proof of possession (the `sub` claim signed
//   with the requested key), and issues a 10-minute certificate with the workflow's URI as SAN and
//   Fulcio's GitHub extensions, with an embedded SCT from a local CT log;
// - Rekor (`POST /api/v1/log/entries`, `GET /api/v1/log/entries/<uuid>`): dsse and hashedrekord
//   v0.0.1 entries in an RFC 6962 Merkle tree, answered with a signed entry timestamp and an
//   inclusion proof under a signed checkpoint;
// - a timestamp authority (`POST /api/v1/timestamp`, sigstore's JSON request): an RFC 3161
//   TimeStampResp.
// trustedRoot() is the trusted_root.json that makes @sigstore/verify trust exactly this instance.
//
// The X.509 and RFC 3161 encoding (CA, CT log, TSA) is @sigstore/mock's, which sigstore-js tests
// itself with; mock's own handlers accept any token and key, so the checks here are our own.
import { createHash, createPublicKey, generateKeyPairSync, randomInt, sign, verify, X509Certificate, type KeyObject } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { json as canonicalJSON } from '@sigstore/core'
import { initializeCA, type CA, type ExtensionValue } from '@sigstore/mock/dist/fulcio/ca.js'
import { initializeCTLog, type CTLog } from '@sigstore/mock/dist/fulcio/ctlog.js'
import { initializeTSA, type TSA } from '@sigstore/mock/dist/timestamp/tsa.js'
import { close, listen, loopbackServer } from './loopback.js'
import { leafHash, MerkleLog } from './merkle-log.js'

/** The OIDC issuer whose tokens Fulcio accepts (an OidcProvider fits). */
export interface TrustedIssuer {
  readonly issuer: string
  readonly publicKey: KeyObject
}

export type SigstoreService = 'fulcio' | 'rekor' | 'tsa'

/** A request a service refused: what the client was told, and the real reason (Fulcio tells clients less). */
export interface SigstoreRefusal {
  service: SigstoreService
  status: number
  message: string
  reason: string
}

export interface IssuedCertificate {
  pem: string
  subjectAlternativeName: string
  claims: Record<string, unknown>
}

export interface RekorLogEntry {
  uuid: string
  logIndex: number
  integratedTime: number
  kind: string
  body: Buffer
  signedEntryTimestamp: Buffer
}

/** The variables through which the action is pointed at a Sigstore instance (issue 17). */
export interface SigstoreEnvironment {
  SIGSTORE_FULCIO_URL: string
  SIGSTORE_REKOR_URL: string
  SIGSTORE_TSA_URL: string
  SIGSTORE_TRUSTED_ROOT: string
}

// Fulcio's messages (sigstore/fulcio pkg/server/error.go); gRPC codes as grpc-gateway writes them.
const INVALID_CREDENTIALS = 'There was an error processing the credentials for this request'
const INVALID_SIGNATURE = 'The signature supplied in the request could not be verified'
const INVALID_PUBLIC_KEY = 'The public key supplied in the request could not be parsed'
const INVALID_CSR = 'The certificate signing request could not be parsed'
const GRPC_INVALID_ARGUMENT = 3
const GRPC_UNAUTHENTICATED = 16

const GITHUB = 'https://github.com'
// The claims Fulcio's GitHub principal cannot do without.
const REQUIRED_GITHUB_CLAIMS = ['sub', 'job_workflow_ref', 'sha', 'event_name', 'repository', 'workflow', 'ref']
// go-oidc's allowance for clock skew on `nbf`.
const NOT_BEFORE_LEEWAY_SECONDS = 300

const HASH_LENGTHS: Record<string, number> = { sha256: 32, sha384: 48, sha512: 64 }
const HASH_OIDS: Record<string, string> = { sha256: '2.16.840.1.101.3.4.2.1', sha384: '2.16.840.1.101.3.4.2.2', sha512: '2.16.840.1.101.3.4.2.3' }
const TSA_POLICY_OID = '1.3.6.1.4.1.57264.2'

class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, unknown>,
    readonly reason: string
  ) {
    super(String(body['message']))
  }
}

export class LocalSigstore {
  origin = ''
  /** Every certificate Fulcio issued, in order. */
  readonly certificates: IssuedCertificate[] = []
  /** Every request a service refused, in order. */
  readonly refusals: SigstoreRefusal[] = []
  /** Services that answer 503 until removed, for outage tests. */
  readonly unavailable = new Set<SigstoreService>()
  /** Every request received, any service or path, as 'METHOD /path': a run that must sign nothing sends none. */
  readonly requests: string[] = []

  private readonly server: Server
  private readonly log = new MerkleLog()
  private readonly entries: RekorLogEntry[] = []
  private readonly rekorKey = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  private readonly rekorKeySPKI: Buffer
  /** Rekor's log ID: SHA-256 of its public key. */
  private readonly logID: Buffer
  private readonly treeID = randomInt(2 ** 47)
  private material?: { ca: CA; ctlog: CTLog; tsa: TSA; since: Date }

  constructor(private readonly trustedIssuer: TrustedIssuer) {
    this.rekorKeySPKI = this.rekorKey.publicKey.export({ type: 'spki', format: 'der' })
    this.logID = createHash('sha256').update(this.rekorKeySPKI).digest()
    this.server = loopbackServer((request, response) => this.handle(request, response))
  }

  async start(): Promise<this> {
    // The certificates' validity starts at their creation, to the second; the roots are trusted from then.
    const since = new Date(Math.floor(Date.now() / 1000) * 1000)
    const keyPair = () => generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const ctlog = await initializeCTLog(keyPair())
    const tsa = await initializeTSA(keyPair())
    // mock's TSA writes genTime with milliseconds, which DER writes without trailing zeros (".12Z");
    // @sigstore/core reads only ".123Z" or none, so a tenth of timestamps would not parse. Whole
    // seconds always do.
    ;(tsa as unknown as { getCurrentTime: () => Date }).getCurrentTime = () => new Date(Math.floor(Date.now() / 1000) * 1000)
    this.material = { ctlog, ca: await initializeCA(keyPair(), ctlog), tsa, since }
    this.origin = await listen(this.server)
    return this
  }

  async stop(): Promise<void> {
    await close(this.server)
  }

  get fulcioURL(): string {
    return this.origin
  }

  get rekorURL(): string {
    return this.origin
  }

  get tsaURL(): string {
    return this.origin
  }

  /** The transparency log's entries, in log order. */
  get logEntries(): readonly RekorLogEntry[] {
    return this.entries
  }

  /** The trusted_root.json (sigstore protobuf-specs TrustedRoot, JSON form) for this instance. */
  trustedRoot(): Record<string, unknown> {
    const { ca, ctlog, tsa, since } = this.started()
    const validFor = { start: since.toISOString() }
    const der = (bytes: ArrayBufferView) => ({ rawBytes: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64') })
    return {
      mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
      tlogs: [
        {
          baseUrl: this.rekorURL,
          hashAlgorithm: 'SHA2_256',
          publicKey: { ...der(this.rekorKeySPKI), keyDetails: 'PKIX_ECDSA_P256_SHA_256', validFor },
          logId: { keyId: this.logID.toString('base64') }
        }
      ],
      certificateAuthorities: [
        {
          subject: { organization: 'sigstore.mock', commonName: 'sigstore' },
          uri: this.fulcioURL,
          certChain: { certificates: [der(ca.rootCertificate)] },
          validFor
        }
      ],
      ctlogs: [
        {
          baseUrl: `${this.origin}/ct`,
          hashAlgorithm: 'SHA2_256',
          publicKey: { rawBytes: ctlog.publicKey.toString('base64'), keyDetails: 'PKIX_ECDSA_P256_SHA_256', validFor },
          logId: { keyId: Buffer.from(ctlog.logID.buffer, ctlog.logID.byteOffset, ctlog.logID.byteLength).toString('base64') }
        }
      ],
      timestampAuthorities: [
        {
          subject: { organization: 'sigstore.mock', commonName: 'tsa' },
          uri: this.tsaURL,
          // The signing certificate first, then its root: how @sigstore/verify reads a TSA's chain.
          certChain: { certificates: [der(tsa.intCertificate), der(tsa.rootCertificate)] },
          validFor
        }
      ]
    }
  }

  /** Writes trustedRoot() to a file; returns its path. */
  async writeTrustedRoot(path: string): Promise<string> {
    await writeFile(path, JSON.stringify(this.trustedRoot(), null, 2))
    return path
  }

  /** The SIGSTORE_* variables for this instance, its trusted root written to `trustedRootPath`. */
  async environment(trustedRootPath: string): Promise<SigstoreEnvironment> {
    return {
      SIGSTORE_FULCIO_URL: this.fulcioURL,
      SIGSTORE_REKOR_URL: this.rekorURL,
      SIGSTORE_TSA_URL: this.tsaURL,
      SIGSTORE_TRUSTED_ROOT: await this.writeTrustedRoot(trustedRootPath)
    }
  }

  private started(): { ca: CA; ctlog: CTLog; tsa: TSA; since: Date } {
    if (!this.material) throw new Error('LocalSigstore is not started')
    return this.material
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.origin)
    this.requests.push(`${request.method ?? 'GET'} ${url.pathname}`)
    const route = this.route(request.method ?? 'GET', url.pathname)
    if (!route) {
      response.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ code: 404, message: 'Not Found' }))
      return
    }
    const [service, run] = route
    if (this.unavailable.has(service)) {
      response.writeHead(503, { 'Content-Type': 'application/json' }).end(JSON.stringify({ code: 503, message: 'Service Unavailable' }))
      return
    }
    const body = await readBody(request)
    try {
      await run(body, request, response)
    } catch (error) {
      if (!(error instanceof Refusal)) throw error
      this.refusals.push({ service, status: error.status, message: error.message, reason: error.reason })
      response.writeHead(error.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(error.body))
    }
  }

  private route(
    method: string,
    path: string
  ): [SigstoreService, (body: Buffer, request: IncomingMessage, response: ServerResponse) => Promise<void>] | undefined {
    if (method === 'POST' && path === '/api/v2/signingCert') return ['fulcio', (body, _, response) => this.signingCert(body, response)]
    if (method === 'POST' && path === '/api/v1/log/entries') return ['rekor', (body, _, response) => this.createEntry(body, response)]
    const entry = /^\/api\/v1\/log\/entries\/([0-9a-f]+)$/.exec(path)
    if (method === 'GET' && entry) return ['rekor', async (_, __, response) => this.getEntry(entry[1] as string, response)]
    if (method === 'POST' && path === '/api/v1/timestamp') return ['tsa', (body, request, response) => this.timestamp(body, request, response)]
    return undefined
  }

  // ---- Fulcio ----

  private async signingCert(body: Buffer, response: ServerResponse): Promise<void> {
    const invalid = (message: string, reason: string) => new Refusal(400, { code: GRPC_INVALID_ARGUMENT, message, details: [] }, reason)
    const request = parseJSON(body, message => invalid(message, 'request is not JSON'))
    const token = stringAt(request, 'credentials', 'oidcIdentityToken')
    const claims = this.authenticate(token)
    if (request['certificateSigningRequest'] !== undefined) throw invalid(INVALID_CSR, 'certificate signing requests are not supported here')
    const content = stringAt(request, 'publicKeyRequest', 'publicKey', 'content')
    let publicKey: KeyObject
    try {
      publicKey = createPublicKey(content)
    } catch (error) {
      throw invalid(INVALID_PUBLIC_KEY, `public key: ${String(error)}`)
    }
    // The CA (mock's) imports P-256 keys only, which is what @sigstore/sign's ephemeral signer makes.
    if (publicKey.asymmetricKeyType !== 'ec' || publicKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
      throw invalid(INVALID_PUBLIC_KEY, `unsupported key type ${publicKey.asymmetricKeyType} ${publicKey.asymmetricKeyDetails?.namedCurve ?? ''}`)
    }
    const proof = Buffer.from(stringAt(request, 'publicKeyRequest', 'proofOfPossession'), 'base64')
    if (!verify('sha256', Buffer.from(String(claims['sub'])), publicKey, proof)) {
      throw invalid(INVALID_SIGNATURE, 'proof of possession does not verify: not the subject signed with the requested key')
    }
    const { ca } = this.started()
    const subjectAltName = `${GITHUB}/${String(claims['job_workflow_ref'])}`
    const leaf = toPEM(
      await ca.issueCertificate({ publicKey: publicKey.export({ type: 'spki', format: 'der' }), subjectAltName, extensions: githubExtensions(claims) })
    )
    this.certificates.push({ pem: leaf, subjectAlternativeName: subjectAltName, claims })
    const chain = { certificates: [leaf, toPEM(ca.rootCertificate)] }
    response.writeHead(201, { 'Content-Type': 'application/json' }).end(JSON.stringify({ signedCertificateEmbeddedSct: { chain } }))
  }

  /** The token's claims if it is one the trusted issuer signed for Sigstore and still valid; otherwise Fulcio's 401. */
  private authenticate(token: string): Record<string, unknown> {
    const unauthenticated = (reason: string) => new Refusal(401, { code: GRPC_UNAUTHENTICATED, message: INVALID_CREDENTIALS, details: [] }, reason)
    const parts = token.split('.')
    if (parts.length !== 3) throw unauthenticated(`oidc: malformed jwt, expected 3 parts got ${parts.length}`)
    const [header, payload, signature] = parts as [string, string, string]
    let claims: Record<string, unknown>
    let alg: unknown
    try {
      claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>
      alg = (JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Record<string, unknown>)['alg']
    } catch {
      throw unauthenticated('oidc: malformed jwt')
    }
    if (claims['iss'] !== this.trustedIssuer.issuer) throw unauthenticated(`unsupported issuer: ${String(claims['iss'])}`)
    if (alg !== 'RS256') throw unauthenticated(`oidc: unsupported signing algorithm ${String(alg)}`)
    if (!verify('sha256', Buffer.from(`${header}.${payload}`), this.trustedIssuer.publicKey, Buffer.from(signature, 'base64url'))) {
      throw unauthenticated('oidc: failed to verify signature')
    }
    const audiences = Array.isArray(claims['aud']) ? claims['aud'] : [claims['aud']]
    if (!audiences.includes('sigstore')) throw unauthenticated(`oidc: expected audience "sigstore" got ${JSON.stringify(claims['aud'])}`)
    const now = Date.now() / 1000
    if (typeof claims['exp'] !== 'number' || now > claims['exp']) throw unauthenticated(`oidc: token is expired (exp ${String(claims['exp'])})`)
    if (typeof claims['nbf'] === 'number' && now + NOT_BEFORE_LEEWAY_SECONDS < claims['nbf']) throw unauthenticated('oidc: current time before the nbf claim')
    const missing = REQUIRED_GITHUB_CLAIMS.filter(claim => typeof claims[claim] !== 'string' || claims[claim] === '')
    if (missing.length > 0) throw unauthenticated(`github principal: missing claims ${missing.join(', ')}`)
    return claims
  }

  // ---- Rekor ----

  private async createEntry(body: Buffer, response: ServerResponse): Promise<void> {
    const invalid = (reason: string) => new Refusal(400, { code: 400, message: `error processing entry: ${reason}` }, reason)
    const proposed = parseJSON(body, invalid)
    const { kind, canonical } = canonicalEntry(proposed, invalid)
    const uuid = this.uuid(leafHash(canonical))
    if (this.entries.some(entry => entry.uuid === uuid)) {
      const message = `An equivalent entry already exists in the transparency log with UUID ${uuid}`
      this.refusals.push({ service: 'rekor', status: 409, message, reason: 'duplicate entry' })
      response.writeHead(409, { 'Content-Type': 'application/json', Location: `/api/v1/log/entries/${uuid}` }).end(JSON.stringify({ code: 409, message }))
      return
    }
    const logIndex = this.log.append(canonical)
    const integratedTime = Math.floor(Date.now() / 1000)
    // The SET: the log's signature over the canonical JSON of what it promises (rekor pkg/api/entries.go).
    const promise = { body: canonical.toString('base64'), integratedTime, logIndex, logID: this.logID.toString('hex') }
    const signedEntryTimestamp = sign('sha256', Buffer.from(canonicalJSON.canonicalize(promise)), this.rekorKey.privateKey)
    const entry: RekorLogEntry = { uuid, logIndex, integratedTime, kind, body: canonical, signedEntryTimestamp }
    this.entries.push(entry)
    response
      .writeHead(201, { 'Content-Type': 'application/json', Location: `/api/v1/log/entries/${uuid}`, ETag: uuid })
      .end(JSON.stringify({ [uuid]: this.logEntry(entry) }))
  }

  private async getEntry(uuid: string, response: ServerResponse): Promise<void> {
    // Rekor takes the UUID with or without the tree ID in front.
    const entry = this.entries.find(candidate => candidate.uuid === uuid || candidate.uuid.slice(16) === uuid)
    if (!entry) {
      response.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ code: 404, message: 'Entry not found' }))
      return
    }
    response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ [entry.uuid]: this.logEntry(entry) }))
  }

  /** An entry as Rekor's API returns it: its inclusion proof in the tree as it is now, under a checkpoint for that size. */
  private logEntry(entry: RekorLogEntry): Record<string, unknown> {
    const treeSize = this.log.size
    const rootHash = this.log.rootHash(treeSize)
    return {
      body: entry.body.toString('base64'),
      integratedTime: entry.integratedTime,
      logID: this.logID.toString('hex'),
      logIndex: entry.logIndex,
      verification: {
        inclusionProof: {
          checkpoint: this.checkpoint(treeSize, rootHash),
          hashes: this.log.inclusionProof(entry.logIndex, treeSize).map(hash => hash.toString('hex')),
          logIndex: entry.logIndex,
          rootHash: rootHash.toString('hex'),
          treeSize
        },
        signedEntryTimestamp: entry.signedEntryTimestamp.toString('base64')
      }
    }
  }

  /** A signed note (transparency-dev checkpoint format), as Rekor v1 signs its tree heads. */
  private checkpoint(treeSize: number, rootHash: Buffer): string {
    const name = new URL(this.rekorURL).host
    const note = `${name} - ${this.treeID}\n${treeSize}\n${rootHash.toString('base64')}\nTimestamp: ${BigInt(Date.now()) * 1_000_000n}\n`
    const signature = sign('sha256', Buffer.from(note), this.rekorKey.privateKey)
    return `${note}\n\u2014 ${name} ${Buffer.concat([this.logID.subarray(0, 4), signature]).toString('base64')}\n`
  }

  private uuid(leafHash: Buffer): string {
    return `${this.treeID.toString(16).padStart(16, '0')}${leafHash.toString('hex')}`
  }

  // ---- Timestamp authority ----

  private async timestamp(body: Buffer, request: IncomingMessage, response: ServerResponse): Promise<void> {
    const invalid = (reason: string) => new Refusal(400, { code: 400, message: `Error parsing request: ${reason}` }, reason)
    if (!(request.headers['content-type'] ?? '').includes('application/json')) {
      throw invalid('only the JSON request (application/json) is supported here, not application/timestamp-query')
    }
    const json = parseJSON(body, invalid)
    const algorithm = typeof json['hashAlgorithm'] === 'string' ? json['hashAlgorithm'].toLowerCase().replace('-', '') : 'sha256'
    const length = HASH_LENGTHS[algorithm]
    if (length === undefined) throw invalid(`unsupported hash algorithm ${String(json['hashAlgorithm'])}`)
    const artifactHash = Buffer.from(typeof json['artifactHash'] === 'string' ? json['artifactHash'] : '', 'base64')
    if (artifactHash.length !== length) throw invalid(`artifactHash is ${artifactHash.length} bytes, not a ${algorithm} digest`)
    const nonce = typeof json['nonce'] === 'number' ? json['nonce'] : randomInt(2 ** 31)
    const policyOID = typeof json['tsaPolicyOID'] === 'string' ? json['tsaPolicyOID'] : TSA_POLICY_OID
    const reply = await this.started().tsa.timestamp({
      artifactHash,
      hashAlgorithmOID: HASH_OIDS[algorithm] as string,
      nonce,
      policyOID,
      certReq: json['certificates'] === true
    })
    response.writeHead(201, { 'Content-Type': 'application/timestamp-reply' }).end(Buffer.from(reply.buffer, reply.byteOffset, reply.byteLength))
  }
}

/** Fulcio's extensions for a GitHub Actions token (sigstore/fulcio docs/oid-info.md): the deprecated .1–.6, then .8–.22. */
export function githubExtensions(claims: Record<string, unknown>): ExtensionValue[] {
  const claim = (name: string) => (typeof claims[name] === 'string' && claims[name] !== '' ? (claims[name] as string) : undefined)
  const url = (name: string) => (claim(name) === undefined ? undefined : `${GITHUB}/${claim(name)}`)
  const runInvocation =
    claim('repository') && claim('run_id') && claim('run_attempt')
      ? `${GITHUB}/${claim('repository')}/actions/runs/${claim('run_id')}/attempts/${claim('run_attempt')}`
      : undefined
  const values: [string, string | undefined, boolean][] = [
    ['1.3.6.1.4.1.57264.1.1', claim('iss'), true],
    ['1.3.6.1.4.1.57264.1.2', claim('event_name'), true],
    ['1.3.6.1.4.1.57264.1.3', claim('sha'), true],
    ['1.3.6.1.4.1.57264.1.4', claim('workflow'), true],
    ['1.3.6.1.4.1.57264.1.5', claim('repository'), true],
    ['1.3.6.1.4.1.57264.1.6', claim('ref'), true],
    ['1.3.6.1.4.1.57264.1.8', claim('iss'), false],
    ['1.3.6.1.4.1.57264.1.9', url('job_workflow_ref'), false],
    ['1.3.6.1.4.1.57264.1.10', claim('job_workflow_sha'), false],
    ['1.3.6.1.4.1.57264.1.11', claim('runner_environment'), false],
    ['1.3.6.1.4.1.57264.1.12', url('repository'), false],
    ['1.3.6.1.4.1.57264.1.13', claim('sha'), false],
    ['1.3.6.1.4.1.57264.1.14', claim('ref'), false],
    ['1.3.6.1.4.1.57264.1.15', claim('repository_id'), false],
    ['1.3.6.1.4.1.57264.1.16', url('repository_owner'), false],
    ['1.3.6.1.4.1.57264.1.17', claim('repository_owner_id'), false],
    ['1.3.6.1.4.1.57264.1.18', url('workflow_ref'), false],
    ['1.3.6.1.4.1.57264.1.19', claim('workflow_sha'), false],
    ['1.3.6.1.4.1.57264.1.20', claim('event_name'), false],
    ['1.3.6.1.4.1.57264.1.21', runInvocation, false],
    ['1.3.6.1.4.1.57264.1.22', claim('repository_visibility'), false]
  ]
  return values.flatMap(([oid, value, legacy]) => (value === undefined ? [] : [{ oid, value, legacy }]))
}

/**
 * The body Rekor stores for a proposed v0.0.1 entry (rekor pkg/types/{dsse,hashedrekord}/v0.0.1),
 * JCS-canonical. A dsse entry's signatures must each verify against one of its verifiers.
 */
function canonicalEntry(proposed: Record<string, unknown>, invalid: (reason: string) => Refusal): { kind: string; canonical: Buffer } {
  const kind = proposed['kind']
  if (proposed['apiVersion'] !== '0.0.1' || (kind !== 'dsse' && kind !== 'hashedrekord')) {
    throw invalid(`unsupported entry ${String(kind)} ${String(proposed['apiVersion'])}: this log takes dsse and hashedrekord 0.0.1`)
  }
  const spec = objectAt(proposed, 'spec') ?? {}
  if (kind === 'dsse') {
    const content = objectAt(spec, 'proposedContent')
    const envelopeJSON = content?.['envelope']
    const verifiers = content?.['verifiers']
    if (typeof envelopeJSON !== 'string' || !Array.isArray(verifiers) || verifiers.length === 0) {
      throw invalid('either proposedContent or envelopeHash, payloadHash, and signatures must be present')
    }
    const envelope = parseJSON(Buffer.from(envelopeJSON), invalid)
    const payloadType = envelope['payloadType']
    const payload = Buffer.from(typeof envelope['payload'] === 'string' ? envelope['payload'] : '', 'base64')
    const signatures = Array.isArray(envelope['signatures']) ? (envelope['signatures'] as Record<string, unknown>[]) : []
    if (typeof payloadType !== 'string' || payload.length === 0 || signatures.length === 0) throw invalid('payload must be a valid DSSE envelope')
    const keys = verifiers.map(verifier => parseVerifier(String(verifier), invalid))
    const pae = Buffer.concat([Buffer.from(`DSSEv1 ${Buffer.byteLength(payloadType)} ${payloadType} ${payload.length} `), payload])
    const verified = signatures.map(signature => {
      const sig = String(signature['sig'] ?? '')
      const key = keys.find(candidate => verify('sha256', pae, candidate.key, Buffer.from(sig, 'base64')))
      if (!key) throw invalid('all signatures must have a key that verifies it')
      return { signature: sig, verifier: Buffer.from(key.canonical).toString('base64') }
    })
    verified.sort((a, b) => (a.signature < b.signature ? -1 : a.signature > b.signature ? 1 : 0))
    const canonical = {
      apiVersion: '0.0.1',
      kind,
      spec: {
        envelopeHash: { algorithm: 'sha256', value: createHash('sha256').update(envelopeJSON).digest('hex') },
        payloadHash: { algorithm: 'sha256', value: createHash('sha256').update(payload).digest('hex') },
        signatures: verified
      }
    }
    return { kind, canonical: Buffer.from(canonicalJSON.canonicalize(canonical)) }
  }
  const hash = objectAt(objectAt(spec, 'data') ?? {}, 'hash')
  const signature = objectAt(spec, 'signature')
  const value = hash?.['value']
  if (hash?.['algorithm'] !== 'sha256' || typeof value !== 'string' || !/^[0-9a-f]{64}$/.test(value)) throw invalid('data.hash must be a sha256 hex digest')
  const content = signature?.['content']
  const key = objectAt(signature ?? {}, 'publicKey')?.['content']
  if (typeof content !== 'string' || Buffer.from(content, 'base64').length === 0 || typeof key !== 'string')
    throw invalid('signature content and public key are required')
  // Rekor also checks the signature over the digest; node:crypto cannot verify ECDSA over a prehashed
  // digest, so that check is left to the verifier, which makes it over the artifact.
  const canonical = {
    apiVersion: '0.0.1',
    kind,
    spec: {
      data: { hash: { algorithm: 'sha256', value } },
      signature: { content, publicKey: { content: Buffer.from(parseVerifier(key, invalid).canonical).toString('base64') } }
    }
  }
  return { kind, canonical: Buffer.from(canonicalJSON.canonicalize(canonical)) }
}

// The verifiers already parsed: a signing run sends one certificate with every entry. (Bounded: a long test
// process sees many certificates.)
const parsedVerifiers = new Map<string, { key: KeyObject; canonical: string }>()

/** A verifier (base64 of a PEM certificate or public key) and Rekor's canonical PEM for it. */
function parseVerifier(encoded: string, invalid: (reason: string) => Refusal): { key: KeyObject; canonical: string } {
  const known = parsedVerifiers.get(encoded)
  if (known) return known
  const pem = Buffer.from(encoded, 'base64').toString('utf8')
  let parsed: { key: KeyObject; canonical: string }
  try {
    if (pem.includes('BEGIN CERTIFICATE')) {
      const certificate = new X509Certificate(pem)
      parsed = { key: certificate.publicKey, canonical: certificate.toString() }
    } else {
      const key = createPublicKey(pem)
      parsed = { key, canonical: key.export({ type: 'spki', format: 'pem' }).toString() }
    }
  } catch {
    throw invalid('could not parse public key as x509')
  }
  if (parsedVerifiers.size >= 64) parsedVerifiers.clear()
  parsedVerifiers.set(encoded, parsed)
  return parsed
}

function parseJSON(body: Buffer, invalid: (reason: string) => Refusal): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'))
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>
  } catch {
    // refused below
  }
  throw invalid('the request body is not a JSON object')
}

function objectAt(value: Record<string, unknown>, key: string): Record<string, unknown> | undefined {
  const found = value[key]
  return found && typeof found === 'object' && !Array.isArray(found) ? (found as Record<string, unknown>) : undefined
}

function stringAt(value: Record<string, unknown>, ...path: string[]): string {
  let current: unknown = value
  for (const key of path) current = current && typeof current === 'object' ? (current as Record<string, unknown>)[key] : undefined
  return typeof current === 'string' ? current : ''
}

function toPEM(der: ArrayBufferView): string {
  const base64 = Buffer.from(der.buffer, der.byteOffset, der.byteLength).toString('base64')
  return `-----BEGIN CERTIFICATE-----\n${base64.replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`
}

async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}
