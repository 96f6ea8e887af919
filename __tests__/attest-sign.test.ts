// Signing through the real @sigstore/sign against local stand-ins of Fulcio, Rekor and a timestamp
// authority: @sigstore/mock's handlers (a CA issuing certificates with the token's claims in Fulcio's
// extensions, a signing log with inclusion proofs, an RFC 3161 TSA), served over real HTTP on 127.0.0.1
// instead of through nock. The bundles are then checked by the real @sigstore/verify against a trusted
// root made from the stand-ins' keys, and a tampered one must be refused.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createHash, generateKeyPairSync } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { bundleFromJSON, type SerializedBundle } from '@sigstore/bundle'
import { fulcioHandler, initializeCA, initializeCTLog, initializeTLog, initializeTSA, rekorHandler, tsaHandler, type HandlerFn } from '@sigstore/mock'
import { toSignedEntity, Verifier } from '@sigstore/verify'
import { signStatements, SigningError } from '../src/attest/sign.js'
import { publishStatement, provenanceStatement, type WorkflowRun } from '../src/attest/statements.js'
import { attestationFromBundle, bundleFromAttestation } from '../src/attest/pep740.js'
import { AttestationVerificationError, trustMaterialFromJSON, verifyAttestationBundle, workflowIdentity } from '../src/attest/verify.js'

const CLAIMS = {
  iss: 'https://token.actions.githubusercontent.com',
  sub: 'repo:octo/demo:ref:refs/tags/v1.0.0',
  aud: 'sigstore',
  repository: 'octo/demo',
  repository_id: '123',
  repository_owner: 'octo',
  repository_owner_id: '456',
  workflow_ref: 'octo/demo/.github/workflows/release.yml@refs/tags/v1.0.0',
  job_workflow_ref: 'octo/demo/.github/workflows/release.yml@refs/tags/v1.0.0',
  ref: 'refs/tags/v1.0.0',
  sha: 'a'.repeat(40),
  event_name: 'push',
  run_id: '789',
  run_attempt: '1',
  runner_environment: 'github-hosted',
  // real Fulcio certifies https://github.com/ + job_workflow_ref for a GitHub token; the stand-in takes
  // its subject alternative name from one claim, so the token carries it ready-made
  fulcio_san: 'https://github.com/octo/demo/.github/workflows/release.yml@refs/tags/v1.0.0'
}

/** An unsigned JWT with the workflow's claims: the stand-in Fulcio reads the claims, as the real one would after checking the signature. */
function jwt(claims: object): string {
  const part = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url')
  return `${part({ alg: 'none', typ: 'JWT' })}.${part(claims)}.c2ln`
}
const TOKEN = jwt(CLAIMS)

const RUN: WorkflowRun = {
  serverUrl: 'https://github.com',
  repository: 'octo/demo',
  repositoryId: '123',
  repositoryOwnerId: '456',
  workflowRef: CLAIMS.workflow_ref,
  eventName: 'push',
  ref: 'refs/tags/v1.0.0',
  sha: 'a'.repeat(40),
  runId: '789',
  runAttempt: '1',
  runnerEnvironment: 'github-hosted'
}

/**
 * @sigstore/mock's Rekor logs the proposed entry as it came; real Rekor stores a dsse entry as hashes and
 * signatures (rekor pkg/types/dsse/v0.0.1), which is what @sigstore/verify compares with the bundle. This
 * does that transformation, so the stand-in's log body has the real shape.
 */
function dsseEntryAsRekorRecordsIt(body: string): string {
  const proposed = JSON.parse(body) as {
    kind: string
    apiVersion: string
    spec: { proposedContent?: { envelope: string; verifiers: string[] } }
  }
  if (proposed.kind !== 'dsse' || !proposed.spec.proposedContent) return body
  const { envelope, verifiers } = proposed.spec.proposedContent
  const parsed = JSON.parse(envelope) as { payload: string; signatures: { sig: string }[] }
  const sha256 = (data: string | Buffer) => ({ algorithm: 'sha256', value: createHash('sha256').update(data).digest('hex') })
  return JSON.stringify({
    apiVersion: proposed.apiVersion,
    kind: 'dsse',
    spec: {
      envelopeHash: sha256(envelope),
      payloadHash: sha256(Buffer.from(parsed.payload, 'base64')),
      signatures: parsed.signatures.map((signature, index) => ({ signature: signature.sig, verifier: verifiers[index] }))
    }
  })
}

/**
 * A clock for the stand-in TSA that reads the time in whole seconds. Its ASN.1 encoder drops trailing
 * zeros of the fraction (as DER requires: ".12Z"), and @sigstore/core's parser takes only three digits,
 * so about one timestamp in ten would fail to parse for a reason no real client meets at whole seconds.
 */
function wholeSecondsClock(): Date {
  return new Proxy(new Date(), {
    get: (_target, property) => {
      const now = new Date(Math.floor(Date.now() / 1000) * 1000)
      const value = (now as unknown as Record<string | symbol, unknown>)[property]
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(now) : value
    }
  })
}

interface Override {
  /** Answer normally this many times first. */
  after?: number
  status: number
  body: string
  contentType?: string
}

/** The three services on one local HTTP server; `override` makes one path answer a fixed status. */
class LocalSigstore {
  readonly requests: Record<string, number> = {}
  readonly override: Record<string, Override> = {}
  readonly bodies: string[] = []
  private server?: Server
  private routes: Record<string, HandlerFn> = {}
  trustedRootJSON: unknown
  url = ''

  async start(): Promise<void> {
    const keys = () => generateKeyPairSync('ec', { namedCurve: 'prime256v1' })
    const caKeys = keys()
    const ctlog = await initializeCTLog(caKeys)
    const ca = await initializeCA(caKeys, ctlog)
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = []
      request.on('data', (chunk: Buffer) => chunks.push(chunk))
      request.on('end', () => {
        const path = new URL(request.url ?? '/', 'http://localhost').pathname
        const body = Buffer.concat(chunks).toString('utf8')
        this.bodies.push(body)
        this.requests[path] = (this.requests[path] ?? 0) + 1
        const fixed = this.override[path]
        if (fixed && this.requests[path]! > (fixed.after ?? 0)) {
          response.writeHead(fixed.status, { 'content-type': fixed.contentType ?? 'application/json' }).end(fixed.body)
          return
        }
        const route = request.method === 'POST' ? this.routes[path] : undefined
        if (!route) {
          response.writeHead(404).end()
          return
        }
        route(body).then(
          ({ statusCode, response: payload, contentType }) => {
            const bytes = typeof payload === 'string' ? Buffer.from(payload) : Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength)
            response.writeHead(statusCode, { 'content-type': contentType ?? 'text/plain' }).end(bytes)
          },
          (error: unknown) => response.writeHead(500).end(String(error))
        )
      })
    })
    await new Promise<void>(resolve => this.server?.listen(0, '127.0.0.1', resolve))
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`
    const tlogKeys = keys()
    const tlog = await initializeTLog(this.url, tlogKeys)
    const tsa = await initializeTSA(keys(), wholeSecondsClock())
    const rekor = rekorHandler(tlog)
    this.routes = {
      [fulcioHandler(ca).path]: fulcioHandler(ca, { subjectClaim: 'fulcio_san' }).fn,
      [rekor.path]: body => rekor.fn(dsseEntryAsRekorRecordsIt(body)),
      [tsaHandler(tsa).path]: tsaHandler(tsa).fn
    }
    // the trusted_root.json a SIGSTORE_TRUSTED_ROOT file would hold for this instance
    const since = new Date(Date.now() - 60_000).toISOString()
    const b64 = (view: ArrayBufferView): string => Buffer.from(view.buffer, view.byteOffset, view.byteLength).toString('base64')
    const logInstance = (publicKey: Buffer, keyId: ArrayBufferView) => ({
      baseUrl: this.url,
      hashAlgorithm: 'SHA2_256',
      publicKey: { rawBytes: b64(publicKey), keyDetails: 'PKIX_ECDSA_P256_SHA_256', validFor: { start: since } },
      logId: { keyId: b64(keyId) }
    })
    this.trustedRootJSON = {
      mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
      tlogs: [logInstance(tlog.publicKey, createHash('sha256').update(tlog.publicKey).digest())],
      ctlogs: [logInstance(ctlog.publicKey, ctlog.logID)],
      certificateAuthorities: [
        {
          subject: { organization: 'local', commonName: 'local' },
          uri: this.url,
          certChain: { certificates: [{ rawBytes: b64(ca.rootCertificate) }] },
          validFor: { start: since }
        }
      ],
      timestampAuthorities: [
        {
          subject: { organization: 'local', commonName: 'local tsa' },
          uri: this.url,
          certChain: { certificates: [{ rawBytes: b64(tsa.intCertificate) }, { rawBytes: b64(tsa.rootCertificate) }] },
          validFor: { start: since }
        }
      ]
    }
  }

  async stop(): Promise<void> {
    await new Promise<void>(resolve => (this.server ? this.server.close(() => resolve()) : resolve()))
  }
}

const sigstore = new LocalSigstore()
beforeAll(() => sigstore.start())
afterAll(() => sigstore.stop())

const FILES = [
  { filename: 'demo-1.0.0-py3-none-any.whl', sha256: createHash('sha256').update('wheel').digest('hex') },
  { filename: 'demo-1.0.0.tar.gz', sha256: createHash('sha256').update('sdist').digest('hex') },
  { filename: 'demo-1.0.0.zip', sha256: createHash('sha256').update('zip').digest('hex') }
]

function verify(bundle: SerializedBundle, options: { tlogThreshold?: number; timestampThreshold?: number } = {}) {
  const verifier = new Verifier(trustMaterialFromJSON(sigstore.trustedRootJSON), options)
  return verifier.verify(toSignedEntity(bundleFromJSON(bundle)), {
    subjectAlternativeName: CLAIMS.fulcio_san,
    extensions: { issuer: CLAIMS.iss }
  })
}

function payloadOf(bundle: SerializedBundle): unknown {
  return JSON.parse(Buffer.from(bundle.dsseEnvelope?.payload ?? '', 'base64').toString('utf8'))
}

describe('signStatements against local Fulcio and Rekor', () => {
  it('signs each statement once into a DSSE bundle that @sigstore/verify accepts, with one token and one certificate', async () => {
    const before = { ...sigstore.requests }
    let tokenRequests = 0
    const statements = FILES.map(publishStatement)
    const signed = await signStatements(statements, {
      identityToken: async () => {
        tokenRequests++
        return TOKEN
      },
      fulcioURL: sigstore.url,
      rekorURL: sigstore.url,
      retry: 0
    })
    const count = (path: string) => (sigstore.requests[path] ?? 0) - (before[path] ?? 0)
    expect(tokenRequests).toBe(1)
    expect(count('/api/v2/signingCert')).toBe(1)
    expect(count('/api/v1/log/entries')).toBe(3)
    expect(signed.map(s => s.statement)).toEqual(statements)

    const certificates = new Set<string>()
    for (const [index, { bundle }] of signed.entries()) {
      expect(bundle.mediaType).toBe('application/vnd.dev.sigstore.bundle.v0.3+json')
      expect(bundle.dsseEnvelope?.payloadType).toBe('application/vnd.in-toto+json')
      expect(payloadOf(bundle)).toEqual(statements[index])
      expect(bundle.verificationMaterial.tlogEntries).toHaveLength(1)
      expect(bundle.verificationMaterial.tlogEntries[0]?.kindVersion).toEqual({ kind: 'dsse', version: '0.0.1' })
      certificates.add(bundle.verificationMaterial.certificate?.rawBytes ?? '')
      const signer = verify(bundle, { tlogThreshold: 1 })
      expect(signer.identity?.subjectAlternativeName).toBe(CLAIMS.fulcio_san)
    }
    expect(certificates.size).toBe(1)
  })

  it('produces bundles whose PEP 740 form converts back to a bundle the verifier still accepts', async () => {
    const [signed] = await signStatements([publishStatement(FILES[0]!)], {
      identityToken: async () => TOKEN,
      fulcioURL: sigstore.url,
      rekorURL: sigstore.url
    })
    const attestation = attestationFromBundle(signed!.bundle)
    const again = bundleFromAttestation(JSON.parse(JSON.stringify(attestation)))
    expect(() => verify(again, { tlogThreshold: 1 })).not.toThrow()
  })

  it('refuses a bundle whose statement was changed after signing (the real verifier, not a check of ours)', async () => {
    const [signed] = await signStatements([publishStatement(FILES[0]!)], {
      identityToken: async () => TOKEN,
      fulcioURL: sigstore.url,
      rekorURL: sigstore.url
    })
    const tampered = structuredClone(signed!.bundle)
    const statement = payloadOf(tampered) as { subject: { digest: { sha256: string } }[] }
    statement.subject[0]!.digest.sha256 = 'f'.repeat(64)
    tampered.dsseEnvelope!.payload = Buffer.from(JSON.stringify(statement)).toString('base64')
    expect(() => verify(tampered, { tlogThreshold: 1 })).toThrow(/payload hash mismatch/)
    // and one verified against another identity is refused too
    const verifier = new Verifier(trustMaterialFromJSON(sigstore.trustedRootJSON))
    expect(() =>
      verifier.verify(toSignedEntity(bundleFromJSON(signed!.bundle)), {
        subjectAlternativeName: 'repo:someone/else:ref:refs/heads/main'
      })
    ).toThrow(/subjectAlternativeName|identity/i)
  })
})

describe('verifyAttestationBundle (what a consumer checks)', () => {
  let signed: Awaited<ReturnType<typeof signStatements>>
  beforeAll(async () => {
    signed = await signStatements([publishStatement(FILES[0]!), provenanceStatement(FILES[1]!, RUN)], {
      identityToken: async () => TOKEN,
      fulcioURL: sigstore.url,
      rekorURL: sigstore.url
    })
  })
  const expected = () => ({
    filename: FILES[0]!.filename,
    sha256: FILES[0]!.sha256,
    predicateType: 'https://docs.pypi.org/attestations/publish/v1',
    identity: workflowIdentity(RUN)
  })

  it('accepts the file, digest, predicate type and workflow identity it was signed for', () => {
    const trust = trustMaterialFromJSON(sigstore.trustedRootJSON)
    const verified = verifyAttestationBundle(signed[0]!.bundle, trust, expected())
    expect(verified.signer).toBe(CLAIMS.fulcio_san)
    expect(verified.statement).toEqual(signed[0]!.statement)
    const provenance = verifyAttestationBundle(signed[1]!.bundle, trust, {
      filename: FILES[1]!.filename,
      sha256: FILES[1]!.sha256,
      predicateType: 'https://slsa.dev/provenance/v1',
      identity: workflowIdentity(RUN)
    })
    expect((provenance.statement.predicate as any).runDetails.builder.id).toBe(CLAIMS.fulcio_san)
  })

  it('refuses another file, another digest, another predicate type, another workflow, another trusted root', () => {
    const trust = trustMaterialFromJSON(sigstore.trustedRootJSON)
    const bundle = signed[0]!.bundle
    const refuse = (change: object, pattern: RegExp) => expect(() => verifyAttestationBundle(bundle, trust, { ...expected(), ...change })).toThrow(pattern)
    refuse({ filename: 'demo-1.0.0.tar.gz' }, /names another file/)
    refuse({ sha256: 'e'.repeat(64) }, /another sha256/)
    refuse({ predicateType: 'https://slsa.dev/provenance/v1' }, /predicate type/)
    refuse(
      { identity: workflowIdentity({ ...RUN, workflowRef: 'octo/demo/.github/workflows/other.yml@refs/tags/v1.0.0' }) },
      /does not verify: certificate identity error/
    )
    refuse({ identity: { ...workflowIdentity(RUN), issuer: 'https://gitlab.com' } }, /does not verify: invalid certificate extension/)
    const stranger = structuredClone(sigstore.trustedRootJSON) as any
    stranger.certificateAuthorities[0].certChain.certificates[0].rawBytes = stranger.timestampAuthorities[0].certChain.certificates[1].rawBytes
    expect(() => verifyAttestationBundle(bundle, trustMaterialFromJSON(stranger), expected())).toThrow(AttestationVerificationError)
  })
})

describe('signStatements with a timestamp authority (GitHub-instance style)', () => {
  it('witnesses with an RFC 3161 timestamp and no log entry; PEP 740 refuses such a bundle', async () => {
    const before = sigstore.requests['/api/v1/log/entries'] ?? 0
    const [signed] = await signStatements([provenanceStatement(FILES[1]!, RUN)], {
      identityToken: async () => TOKEN,
      fulcioURL: sigstore.url,
      tsaURL: sigstore.url
    })
    const bundle = signed!.bundle
    expect(sigstore.requests['/api/v1/log/entries'] ?? 0).toBe(before)
    expect(bundle.verificationMaterial.tlogEntries ?? []).toHaveLength(0)
    expect(bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps).toHaveLength(1)
    expect(() => verify(bundle, { tlogThreshold: 0, timestampThreshold: 1 })).not.toThrow()
    expect(() => attestationFromBundle(bundle)).toThrow(/no transparency log entry/)
    // without a log entry to compare with, the DSSE signature itself must catch a changed statement
    const tampered = structuredClone(bundle)
    tampered.dsseEnvelope!.payload = Buffer.from(JSON.stringify({ ...(payloadOf(bundle) as object), predicateType: 'https://example.com/other' })).toString(
      'base64'
    )
    expect(() => verify(tampered, { tlogThreshold: 0, timestampThreshold: 1 })).toThrow(/signature/)
  })
})

describe('signStatements failures name the service or permission, never the token', () => {
  const files = [publishStatement(FILES[0]!)]

  it('a token source that fails (no id-token: write) is reported as the permission', async () => {
    const error = await signStatements(files, {
      identityToken: async () => {
        throw new Error('Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable')
      },
      fulcioURL: sigstore.url,
      rekorURL: sigstore.url,
      retry: 0
    }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SigningError)
    expect((error as SigningError).service).toBe('oidc')
    expect((error as Error).message).toMatch(/id-token: write/)
    expect((error as Error).message).toMatch(/ACTIONS_ID_TOKEN_REQUEST_URL/)
    expect((error as Error).message).not.toMatch(/unreachable/)
  })

  it('a token that is not a JWT is refused without quoting it (@sigstore/sign would)', async () => {
    const secret = 'not-a-jwt-secret-value-123'
    const error = await signStatements(files, {
      identityToken: async () => secret,
      fulcioURL: sigstore.url,
      rekorURL: sigstore.url,
      retry: 0
    }).catch((e: unknown) => e)
    expect((error as SigningError).service).toBe('oidc')
    expect((error as Error).message).not.toContain(secret)
  })

  it('Fulcio refusing names its URL and status, and no Rekor entry is made', async () => {
    sigstore.override['/api/v2/signingCert'] = { status: 401, body: JSON.stringify({ message: `bad token ${TOKEN}` }) }
    const before = sigstore.requests['/api/v1/log/entries'] ?? 0
    try {
      const error = await signStatements(files, {
        identityToken: async () => TOKEN,
        fulcioURL: sigstore.url,
        rekorURL: sigstore.url,
        retry: 0
      }).catch((e: unknown) => e)
      expect((error as SigningError).service).toBe('fulcio')
      expect((error as Error).message).toContain(`Fulcio at ${sigstore.url}`)
      expect((error as Error).message).toContain('HTTP 401')
      expect((error as Error).message).not.toContain(TOKEN)
      expect(sigstore.requests['/api/v1/log/entries'] ?? 0).toBe(before)
    } finally {
      delete sigstore.override['/api/v2/signingCert']
    }
  })

  it('Rekor down names its URL and the status after the retries', async () => {
    sigstore.override['/api/v1/log/entries'] = { status: 503, body: '{"message":"down for maintenance"}' }
    const before = sigstore.requests['/api/v1/log/entries'] ?? 0
    try {
      const error = await signStatements(files, {
        identityToken: async () => TOKEN,
        fulcioURL: sigstore.url,
        rekorURL: sigstore.url,
        retry: 1
      }).catch((e: unknown) => e)
      expect((error as SigningError).service).toBe('rekor')
      expect((error as Error).message).toContain(`Rekor at ${sigstore.url}`)
      expect((error as Error).message).toContain('HTTP 503')
      expect((sigstore.requests['/api/v1/log/entries'] ?? 0) - before).toBe(2)
    } finally {
      delete sigstore.override['/api/v1/log/entries']
    }
  })

  it('a refusal of a later statement stops the rest: nothing more is sent once one fails', async () => {
    const before = sigstore.requests['/api/v1/log/entries'] ?? 0
    sigstore.override['/api/v1/log/entries'] = { after: before + 2, status: 400, body: '{"message":"entry refused"}' }
    try {
      const many = Array.from({ length: 6 }, (_, index) => publishStatement({ filename: `demo-1.0.${index}.tar.gz`, sha256: FILES[0]!.sha256 }))
      const error = await signStatements(many, {
        identityToken: async () => TOKEN,
        fulcioURL: sigstore.url,
        rekorURL: sigstore.url,
        retry: 0,
        concurrency: 1
      }).catch((e: unknown) => e)
      expect((error as SigningError).service).toBe('rekor')
      expect((error as Error).message).toContain('HTTP 400 (entry refused)')
      expect((sigstore.requests['/api/v1/log/entries'] ?? 0) - before).toBe(3)
    } finally {
      delete sigstore.override['/api/v1/log/entries']
    }
  })

  it('an unreachable timestamp authority names its URL', async () => {
    const closed = createServer()
    await new Promise<void>(resolve => closed.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`
    await new Promise<void>(resolve => closed.close(() => resolve()))
    const error = await signStatements(files, {
      identityToken: async () => TOKEN,
      fulcioURL: sigstore.url,
      tsaURL: url,
      retry: 0
    }).catch((e: unknown) => e)
    expect((error as SigningError).service).toBe('tsa')
    expect((error as Error).message).toContain(`timestamp authority at ${url}`)
    expect((error as Error).message).toMatch(/ECONNREFUSED/)
  })
})
