// The local Sigstore against the real clients: @sigstore/sign signs through it, @sigstore/verify
// checks what it produced against its trusted root, and refuses what was tampered with.
import { createHash, generateKeyPairSync, sign as signBytes, X509Certificate } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { bundleFromJSON, bundleToJSON, type Bundle, type SerializedBundle } from '@sigstore/bundle'
import { X509Certificate as SigstoreCertificate } from '@sigstore/core'
import { TrustedRoot } from '@sigstore/protobuf-specs'
import { DSSEBundleBuilder, FulcioSigner, InternalError, MessageSignatureBundleBuilder, RekorWitness, TSAWitness, type Witness } from '@sigstore/sign'
import { toSignedEntity, toTrustMaterial, VerificationError, Verifier, type VerifierOptions } from '@sigstore/verify'
import { OidcProvider, type Claims } from '../test/servers/oidc.js'
import { LocalSigstore } from '../test/servers/sigstore.js'

const WORKFLOW_IDENTITY = 'https://github.com/octo/greeter/.github/workflows/release.yml@refs/tags/v0.3.1'
const IN_TOTO = 'application/vnd.in-toto+json'

let oidc: OidcProvider
let sigstore: LocalSigstore
let elsewhere: LocalSigstore
let dir: string

beforeAll(async () => {
  oidc = await new OidcProvider().start()
  sigstore = await new LocalSigstore(oidc).start()
  elsewhere = await new LocalSigstore(oidc).start()
  dir = await mkdtemp(join(tmpdir(), 'sigstore-server-'))
})

afterAll(async () => {
  await sigstore?.stop()
  await elsewhere?.stop()
  await oidc?.stop()
  if (dir) await rm(dir, { recursive: true, force: true })
})

/** A job's OIDC token for Sigstore, fetched the way @actions/core's getIDToken does. */
async function jobToken(claims: Claims = {}, audience = 'sigstore'): Promise<string> {
  const env = oidc.environment(claims)
  const response = await fetch(`${env.ACTIONS_ID_TOKEN_REQUEST_URL}&audience=${audience}`, {
    headers: { Authorization: `Bearer ${env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}` }
  })
  expect(response.status).toBe(200)
  return ((await response.json()) as { value: string }).value
}

/** A PEP 740 publish statement for one file. */
function statement(name = 'greeter-0.3.1-py3-none-any.whl', content = 'wheel bytes'): Buffer {
  const sha256 = createHash('sha256').update(content).digest('hex')
  return Buffer.from(
    JSON.stringify({
      _type: 'https://in-toto.io/Statement/v1',
      subject: [{ name, digest: { sha256 } }],
      predicateType: 'https://docs.pypi.org/attestations/publish/v1',
      predicate: null
    })
  )
}

async function signStatement(
  instance: LocalSigstore,
  options: { witness?: 'rekor' | 'tsa'; token?: () => Promise<string>; data?: Buffer } = {}
): Promise<SerializedBundle> {
  const signer = new FulcioSigner({ fulcioBaseURL: instance.fulcioURL, identityProvider: { getToken: options.token ?? (() => jobToken()) } })
  const witness: Witness =
    options.witness === 'tsa' ? new TSAWitness({ tsaBaseURL: instance.tsaURL }) : new RekorWitness({ rekorBaseURL: instance.rekorURL, entryType: 'dsse' })
  const bundle = await new DSSEBundleBuilder({ signer, witnesses: [witness] }).create({ data: options.data ?? statement(), type: IN_TOTO })
  // Through JSON, as the bundle travels to an index.
  return JSON.parse(JSON.stringify(bundleToJSON(bundle))) as SerializedBundle
}

/** Verifies as a consumer does: the trusted root read from the file, the workflow's identity required. */
async function verifyBundle(serialized: SerializedBundle, options: VerifierOptions = {}, instance = sigstore): Promise<void> {
  const path = await instance.writeTrustedRoot(join(dir, `trusted_root-${instance.origin.split(':').pop()}.json`))
  const trustedRoot = TrustedRoot.fromJSON(JSON.parse(await readFile(path, 'utf8')))
  const bundle: Bundle = bundleFromJSON(serialized)
  new Verifier(toTrustMaterial(trustedRoot), options).verify(toSignedEntity(bundle), {
    subjectAlternativeName: WORKFLOW_IDENTITY,
    extensions: { issuer: oidc.issuer }
  })
}

/** An entry as Rekor's API returns it. */
interface RekorEntryJSON {
  verification: { inclusionProof: { logIndex: number; treeSize: number; rootHash: string; hashes: string[]; checkpoint: string } }
}

/** The bundle's JSON as mutable plain data, for tampering. */
interface BundleJSON {
  dsseEnvelope: { payload: string }
  verificationMaterial: {
    certificate?: { rawBytes: string }
    tlogEntries: {
      integratedTime: string
      inclusionPromise?: unknown
      inclusionProof?: { logIndex?: string; treeSize?: string; rootHash: string; hashes?: string[]; checkpoint: { envelope: string } }
    }[]
    timestampVerificationData?: unknown
  }
}

function tamper(bundle: SerializedBundle, change: (copy: BundleJSON) => void): SerializedBundle {
  const copy = structuredClone(bundle) as unknown as BundleJSON
  change(copy)
  return copy as unknown as SerializedBundle
}

function flipPayloadByte(copy: BundleJSON): void {
  const payload = Buffer.from(copy.dsseEnvelope.payload, 'base64')
  const at = payload.indexOf('"sha256"') + 12 // inside the subject's digest
  payload[at] = (payload[at] as number) ^ 0x01
  copy.dsseEnvelope.payload = payload.toString('base64')
}

async function verificationError(serialized: SerializedBundle, options: VerifierOptions = {}): Promise<VerificationError> {
  const error = await verifyBundle(serialized, options).then(
    () => undefined,
    (caught: unknown) => caught
  )
  if (!(error instanceof VerificationError)) throw error
  return error as VerificationError
}

const leafCertificate = (bundle: SerializedBundle): X509Certificate => {
  const material = bundle.verificationMaterial
  const rawBytes = material.certificate?.rawBytes ?? material.x509CertificateChain?.certificates[0]?.rawBytes
  return new X509Certificate(Buffer.from(rawBytes ?? '', 'base64'))
}

/** A Fulcio extension's value as a verifier reads it: the deprecated .1–.6 hold raw bytes, the others a DER UTF8String. */
function extension(certificate: X509Certificate, oid: string): string | undefined {
  const found = SigstoreCertificate.parse(Buffer.from(certificate.raw)).extension(oid)
  if (!found) return undefined
  expect(found.critical).toBe(false)
  const legacy = Number(oid.split('.').pop()) <= 6
  // As @sigstore/verify reads the issuer: the OCTET STRING's content, parsed.
  return (legacy ? found.value : found.valueObj.subs[0]?.value)?.toString('utf8')
}

describe('a bundle signed through the local Sigstore (Fulcio + Rekor)', () => {
  let bundle: SerializedBundle

  beforeAll(async () => {
    bundle = await signStatement(sigstore)
  })

  it('is accepted by @sigstore/verify against the instance trusted root, with the SCT, the SET and the inclusion proof checked', async () => {
    await expect(verifyBundle(bundle)).resolves.toBeUndefined()
    const entry = bundle.verificationMaterial.tlogEntries[0]
    expect(entry?.kindVersion).toEqual({ kind: 'dsse', version: '0.0.1' })
    expect(entry?.inclusionPromise?.signedEntryTimestamp).toBeTruthy()
    expect(entry?.inclusionProof?.checkpoint.envelope).toContain(`\u2014 ${new URL(sigstore.rekorURL).host} `)
  })

  it('carries a 10-minute certificate for the workflow, with Fulcio GitHub extensions', () => {
    const certificate = leafCertificate(bundle)
    expect(certificate.subjectAltName).toBe(`URI:${WORKFLOW_IDENTITY}`)
    const lifetime = Date.parse(certificate.validTo) - Date.parse(certificate.validFrom)
    expect(lifetime).toBe(10 * 60 * 1000)
    const claims = oidc.issued.at(-1) as Claims
    expect(claims['aud']).toBe('sigstore')
    expect(extension(certificate, '1.3.6.1.4.1.57264.1.8')).toBe(oidc.issuer)
    expect(extension(certificate, '1.3.6.1.4.1.57264.1.9')).toBe(WORKFLOW_IDENTITY)
    expect(extension(certificate, '1.3.6.1.4.1.57264.1.11')).toBe('github-hosted')
    expect(extension(certificate, '1.3.6.1.4.1.57264.1.12')).toBe('https://github.com/octo/greeter')
    expect(extension(certificate, '1.3.6.1.4.1.57264.1.13')).toBe(claims['sha'])
    expect(extension(certificate, '1.3.6.1.4.1.57264.1.14')).toBe('refs/tags/v0.3.1')
    expect(extension(certificate, '1.3.6.1.4.1.57264.1.18')).toBe(WORKFLOW_IDENTITY)
    expect(extension(certificate, '1.3.6.1.4.1.57264.1.21')).toBe('https://github.com/octo/greeter/actions/runs/9876543210/attempts/1')
    expect(extension(certificate, '1.3.6.1.4.1.57264.1.1')).toBe(oidc.issuer)
    expect(extension(certificate, '1.3.6.1.4.1.57264.1.6')).toBe('refs/tags/v0.3.1')
  })

  it('is refused for another workflow identity', async () => {
    const trustedRoot = TrustedRoot.fromJSON(sigstore.trustedRoot())
    const verify = () =>
      new Verifier(toTrustMaterial(trustedRoot)).verify(toSignedEntity(bundleFromJSON(bundle)), {
        subjectAlternativeName: 'https://github.com/octo/greeter/.github/workflows/other.yml@refs/tags/v0.3.1'
      })
    expect(verify).toThrow(expect.objectContaining({ code: 'UNTRUSTED_SIGNER_ERROR' }))
  })

  it('is refused with one byte of the statement flipped', async () => {
    const tampered = tamper(bundle, flipPayloadByte)
    expect((await verificationError(tampered)).code).toBe('TLOG_BODY_ERROR')
    // (The log entry's payload hash catches it first; in a TSA-timestamped bundle the signature does, below.)
  })

  it('is refused with a signed entry timestamp that does not match the entry', async () => {
    const tampered = tamper(bundle, copy => {
      const entry = copy.verificationMaterial.tlogEntries[0]!
      entry.integratedTime = String(Number(entry.integratedTime) + 1)
    })
    expect((await verificationError(tampered)).code).toBe('TLOG_INCLUSION_PROMISE_ERROR')
  })

  it('is refused with an inclusion proof whose root the checkpoint does not sign', async () => {
    const tampered = tamper(bundle, copy => {
      const entry = copy.verificationMaterial.tlogEntries[0]!
      const proof = entry.inclusionProof!
      const rootHash = Buffer.from(proof.rootHash, 'base64')
      rootHash[0] = (rootHash[0] as number) ^ 0x01
      const note = proof.checkpoint.envelope.split('\n')
      note[2] = rootHash.toString('base64')
      proof.rootHash = rootHash.toString('base64')
      proof.checkpoint.envelope = note.join('\n')
    })
    expect((await verificationError(tampered)).code).toBe('TLOG_INCLUSION_PROOF_ERROR')
  })

  it('is refused when the certificate comes from another CA', async () => {
    const foreign = await signStatement(elsewhere)
    await expect(verifyBundle(foreign, {}, elsewhere)).resolves.toBeUndefined()
    expect((await verificationError(foreign)).code).toBe('CERTIFICATE_ERROR')
    // Only the certificate swapped into our own bundle: still refused.
    const swapped = tamper(bundle, copy => (copy.verificationMaterial.certificate = foreign.verificationMaterial.certificate))
    expect((await verificationError(swapped)).code).toBe('CERTIFICATE_ERROR')
  })
})

describe('the transparency log', () => {
  it('grows one RFC 6962 tree: later entries carry audit paths, and every bundle verifies', async () => {
    const before = sigstore.logEntries.length
    const bundles: SerializedBundle[] = []
    for (const name of ['a.whl', 'b.whl', 'c.tar.gz']) bundles.push(await signStatement(sigstore, { data: statement(name, name) }))
    for (const signed of bundles) await verifyBundle(signed)
    const last = bundles.at(-1)!.verificationMaterial.tlogEntries[0]!
    expect(Number(last.logIndex)).toBe(before + 2)
    expect(Number(last.inclusionProof?.treeSize)).toBe(before + 3)
    expect(last.inclusionProof?.hashes.length).toBeGreaterThan(0)

    // Fetched again now, the first entry is proven against the grown tree's head (left-hand audit paths).
    const first = sigstore.logEntries.find(entry => entry.logIndex === Number(bundles[0]!.verificationMaterial.tlogEntries[0]!.logIndex))!
    const response = await fetch(`${sigstore.rekorURL}/api/v1/log/entries/${first.uuid}`)
    expect(response.status).toBe(200)
    const fetched = ((await response.json()) as Record<string, RekorEntryJSON>)[first.uuid]!
    const proof = fetched.verification.inclusionProof
    expect(proof.treeSize).toBe(sigstore.logEntries.length)
    const refreshed = tamper(bundles[0]!, copy => {
      copy.verificationMaterial.tlogEntries[0]!.inclusionProof = {
        logIndex: String(proof.logIndex),
        treeSize: String(proof.treeSize),
        rootHash: Buffer.from(proof.rootHash, 'hex').toString('base64'),
        hashes: proof.hashes.map(hash => Buffer.from(hash, 'hex').toString('base64')),
        checkpoint: { envelope: proof.checkpoint }
      }
    })
    await verifyBundle(refreshed)
  })

  it('refuses an entry whose envelope signature does not verify, as Rekor does', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const other = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const payload = statement()
    const pae = Buffer.concat([Buffer.from(`DSSEv1 ${IN_TOTO.length} ${IN_TOTO} ${payload.length} `), payload])
    const envelope = (key: typeof privateKey) =>
      JSON.stringify({
        payloadType: IN_TOTO,
        payload: payload.toString('base64'),
        signatures: [{ keyid: '', sig: signBytes('sha256', pae, key).toString('base64') }]
      })
    const propose = (key: typeof privateKey) =>
      fetch(`${sigstore.rekorURL}/api/v1/log/entries`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          apiVersion: '0.0.1',
          kind: 'dsse',
          spec: { proposedContent: { envelope: envelope(key), verifiers: [Buffer.from(publicKey.export({ type: 'spki', format: 'pem' })).toString('base64')] } }
        })
      })
    const refused = await propose(other.privateKey)
    expect(refused.status).toBe(400)
    expect(await refused.json()).toEqual({ code: 400, message: 'error processing entry: all signatures must have a key that verifies it' })
    const accepted = await propose(privateKey)
    expect(accepted.status).toBe(201)
  })

  it('answers an equivalent entry with 409 and its location, and serves the entry there', async () => {
    const bundle = await signStatement(sigstore)
    const logged = sigstore.logEntries.find(entry => entry.logIndex === Number(bundle.verificationMaterial.tlogEntries[0]?.logIndex))!
    const dsse = bundleFromJSON(bundle).content
    const proposed = JSON.stringify({
      apiVersion: '0.0.1',
      kind: 'dsse',
      spec: {
        proposedContent: {
          envelope: JSON.stringify(bundle.dsseEnvelope),
          verifiers: [Buffer.from(leafCertificate(bundle).toString()).toString('base64')]
        }
      }
    })
    expect(dsse.$case).toBe('dsseEnvelope')
    const again = await fetch(`${sigstore.rekorURL}/api/v1/log/entries`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: proposed })
    expect(again.status).toBe(409)
    expect(again.headers.get('location')).toBe(`/api/v1/log/entries/${logged.uuid}`)
    const served = await fetch(new URL(again.headers.get('location') ?? '', sigstore.rekorURL))
    expect(served.status).toBe(200)
    const entry = ((await served.json()) as Record<string, { body: string; logIndex: number }>)[logged.uuid]
    expect(entry?.logIndex).toBe(logged.logIndex)
    expect(Buffer.from(entry?.body ?? '', 'base64')).toEqual(logged.body)
  })
})

describe('a message signature (hashedrekord entry)', () => {
  it('is logged and accepted for the artifact it signs, and refused for another', async () => {
    const artifact = Buffer.from('greeter-0.3.1.tar.gz bytes')
    const signer = new FulcioSigner({ fulcioBaseURL: sigstore.fulcioURL, identityProvider: { getToken: () => jobToken() } })
    const witnesses = [new RekorWitness({ rekorBaseURL: sigstore.rekorURL })]
    const bundle = await new MessageSignatureBundleBuilder({ signer, witnesses }).create({ data: artifact })
    expect(bundle.verificationMaterial.tlogEntries[0]?.kindVersion).toEqual({ kind: 'hashedrekord', version: '0.0.1' })
    const trustMaterial = toTrustMaterial(TrustedRoot.fromJSON(sigstore.trustedRoot()))
    const policy = { subjectAlternativeName: WORKFLOW_IDENTITY, extensions: { issuer: oidc.issuer } }
    expect(() => new Verifier(trustMaterial).verify(toSignedEntity(bundle, artifact), policy)).not.toThrow()
    const other = Buffer.from('greeter-0.3.1.tar.gz bytes, changed')
    expect(() => new Verifier(trustMaterial).verify(toSignedEntity(bundle, other), policy)).toThrow(expect.objectContaining({ code: 'SIGNATURE_ERROR' }))
  })
})

describe('a bundle timestamped by the local TSA instead of Rekor', () => {
  it('is accepted with the RFC 3161 timestamp verified (no tlog entry, so none required), and refused once tampered', async () => {
    const bundle = await signStatement(sigstore, { witness: 'tsa' })
    expect(bundle.verificationMaterial.tlogEntries ?? []).toEqual([])
    expect(bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps).toHaveLength(1)
    // A TSA-only bundle has no log entry: that is what GitHub's private instance produces, and what
    // actions/attest verifies with a tlog threshold of 0. The timestamp and the SCT are still required.
    await expect(verifyBundle(bundle, { tlogThreshold: 0 })).resolves.toBeUndefined()
    expect((await verificationError(bundle)).code).toBe('TLOG_ERROR')

    expect((await verificationError(tamper(bundle, flipPayloadByte), { tlogThreshold: 0 })).code).toBe('SIGNATURE_ERROR')

    const foreign = await signStatement(elsewhere, { witness: 'tsa' })
    const otherTimestamp = tamper(
      bundle,
      copy => (copy.verificationMaterial.timestampVerificationData = foreign.verificationMaterial.timestampVerificationData)
    )
    expect((await verificationError(otherTimestamp, { tlogThreshold: 0 })).code).toBe('TIMESTAMP_ERROR')
  })

  it('refuses a hash that is not the length of its algorithm', async () => {
    const response = await fetch(`${sigstore.tsaURL}/api/v1/timestamp`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ artifactHash: Buffer.alloc(20).toString('base64'), hashAlgorithm: 'sha256' })
    })
    expect(response.status).toBe(400)
  })
})

describe('Fulcio', () => {
  async function refusal(token: () => Promise<string>): Promise<InternalError> {
    const error = await signStatement(sigstore, { token }).then(
      () => undefined,
      (caught: unknown) => caught
    )
    expect(error).toBeInstanceOf(InternalError)
    return error as InternalError
  }

  it.each([
    ['a token for another audience', () => jobToken({}, 'pypi'), 'oidc: expected audience "sigstore" got "pypi"'],
    ['an expired token', async () => oidc.token({ exp: Math.floor(Date.now() / 1000) - 1 }, 'sigstore'), 'oidc: token is expired'],
    [
      'a token another key signed',
      async () => oidc.sign(oidc.claims({}, 'sigstore'), generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey),
      'oidc: failed to verify signature'
    ],
    [
      'a token from another issuer',
      async () => oidc.token({ iss: 'https://accounts.example.com' }, 'sigstore'),
      'unsupported issuer: https://accounts.example.com'
    ]
  ])('refuses %s with 401 and Fulcio message', async (_, token, reason) => {
    const issued = sigstore.certificates.length
    const error = await refusal(token)
    expect(error.code).toBe('CA_CREATE_SIGNING_CERTIFICATE_ERROR')
    expect(error.message).toBe('error creating signing certificate - (401) There was an error processing the credentials for this request')
    expect(sigstore.refusals.at(-1)).toEqual({
      service: 'fulcio',
      status: 401,
      message: 'There was an error processing the credentials for this request',
      reason: expect.stringContaining(reason)
    })
    expect(sigstore.certificates.length).toBe(issued)
  })

  it('refuses a proof of possession that is not the subject signed with the requested key', async () => {
    const token = await jobToken()
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const request = (proof: Buffer) =>
      fetch(`${sigstore.fulcioURL}/api/v2/signingCert`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          credentials: { oidcIdentityToken: token },
          publicKeyRequest: {
            publicKey: { algorithm: 'ECDSA', content: publicKey.export({ type: 'spki', format: 'pem' }) },
            proofOfPossession: proof.toString('base64')
          }
        })
      })
    const wrong = await request(signBytes('sha256', Buffer.from('repo:someone/else:ref:refs/heads/main'), privateKey))
    expect(wrong.status).toBe(400)
    expect(await wrong.json()).toEqual({ code: 3, message: 'The signature supplied in the request could not be verified', details: [] })
    const sub = String(oidc.issued.at(-1)?.['sub'])
    const right = await request(signBytes('sha256', Buffer.from(sub), privateKey))
    expect(right.status).toBe(201)
    const chain = ((await right.json()) as { signedCertificateEmbeddedSct: { chain: { certificates: string[] } } }).signedCertificateEmbeddedSct.chain
      .certificates
    expect(chain).toHaveLength(2)
    expect(new X509Certificate(chain[0] as string).publicKey.export({ type: 'spki', format: 'pem' })).toEqual(publicKey.export({ type: 'spki', format: 'pem' }))
  })
})

describe('an outage', () => {
  it('of Rekor fails signing with its status (503), which names the service', async () => {
    sigstore.unavailable.add('rekor')
    try {
      const error = await signStatement(sigstore).then(
        () => undefined,
        (caught: unknown) => caught as InternalError
      )
      expect(error?.code).toBe('TLOG_CREATE_ENTRY_ERROR')
      expect(error?.message).toContain('(503)')
    } finally {
      sigstore.unavailable.delete('rekor')
    }
  })
})

describe('the trusted root', () => {
  it('is written as a trusted_root.json the environment names', async () => {
    const env = await sigstore.environment(join(dir, 'trusted_root.json'))
    expect(env).toEqual({
      SIGSTORE_FULCIO_URL: sigstore.origin,
      SIGSTORE_REKOR_URL: sigstore.origin,
      SIGSTORE_TSA_URL: sigstore.origin,
      SIGSTORE_TRUSTED_ROOT: join(dir, 'trusted_root.json')
    })
    const root = TrustedRoot.fromJSON(JSON.parse(await readFile(env.SIGSTORE_TRUSTED_ROOT, 'utf8')))
    expect(root.certificateAuthorities).toHaveLength(1)
    expect(root.tlogs[0]?.baseUrl).toBe(sigstore.rekorURL)
    expect(root.ctlogs).toHaveLength(1)
    expect(root.timestampAuthorities[0]?.certChain?.certificates).toHaveLength(2)
  })
})
