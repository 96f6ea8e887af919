// PEP 740 on the local index, with real signed attestations made here: a CA, a CT log and a Rekor log from
// @sigstore/mock (its objects called directly; its Rekor handler served on 127.0.0.1), a leaf certificate
// carrying GitHub's Fulcio extensions, a DSSE envelope signed by @sigstore/sign and entered in the log by its
// RekorWitness, and the trusted root for all of it handed to the index, which verifies with @sigstore/verify.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createHash, generateKeyPairSync, sign, type KeyObject, type KeyPairKeyObjectResult } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import { initializeCA, initializeCTLog, initializeTLog } from '@sigstore/mock'
import { DSSEBundleBuilder, RekorWitness } from '@sigstore/sign'
import { bundleToJSON } from '@sigstore/bundle'
import { OidcProvider } from '../test/servers/oidc.js'
import { PyPIIndex, type TrustedPublisher } from '../test/servers/pypi-index.js'
import { listen, close } from '../test/servers/loopback.js'
import { PUBLISH_V1, SLSA_PROVENANCE_V1, type Attestation } from '../test/servers/pep740.js'

const HOUR = 60 * 60 * 1000
const GITHUB = 'https://token.actions.githubusercontent.com'
const REF = 'refs/tags/v2.0'
const SHA = 'a'.repeat(40)

interface Sigstore {
  trustedRoot: unknown
  /** A certificate for this repository and workflow, and its key. */
  certificate(repository: string, workflow: string, extra?: { omit?: string[] }): Promise<{ pem: string; key: KeyObject }>
  rekorUrl: string
  stop(): Promise<void>
}

async function localSigstore(): Promise<Sigstore> {
  const ecKeys = (): KeyPairKeyObjectResult => generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const ctlog = await initializeCTLog(ecKeys())
  const ca = await initializeCA(ecKeys(), ctlog)
  // A Rekor on 127.0.0.1 in front of the mock's log, storing a proposed dsse entry as Rekor's dsse type
  // does (the envelope's and the payload's sha256 and its signatures; the mock's own handler would log the
  // proposal as it came, which no verifier accepts). The log is named for where it is served: a
  // checkpoint's signer name must be in the trusted root's baseUrl.
  const log: { tlog?: Awaited<ReturnType<typeof initializeTLog>> } = {}
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      const proposed = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}')
      const { tlog } = log
      if (!tlog || request.method !== 'POST' || request.url !== '/api/v1/log/entries' || proposed.kind !== 'dsse') return void response.writeHead(400).end()
      const content = proposed.spec.proposedContent
      const envelope = JSON.parse(content.envelope)
      const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex')
      const entry = {
        apiVersion: '0.0.1',
        kind: 'dsse',
        spec: {
          envelopeHash: { algorithm: 'sha256', value: sha256(content.envelope) },
          payloadHash: { algorithm: 'sha256', value: sha256(Buffer.from(envelope.payload, 'base64')) },
          signatures: envelope.signatures.map((signature: { sig: string }, i: number) => ({ signature: signature.sig, verifier: content.verifiers[i] }))
        }
      }
      void tlog.log(entry).then(logged => response.writeHead(201, { 'Content-Type': 'application/json' }).end(JSON.stringify(logged)))
    })
  })
  const rekorUrl = await listen(server)
  const tlog = await initializeTLog(rekorUrl, ecKeys())
  log.tlog = tlog
  const start = new Date(Date.now() - HOUR).toISOString()
  const b64 = (bytes: ArrayBufferView | Buffer): string => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64')
  const trustedRoot = {
    mediaType: 'application/vnd.dev.sigstore.trustedroot+json;version=0.1',
    tlogs: [
      {
        baseUrl: rekorUrl,
        hashAlgorithm: 'SHA2_256',
        publicKey: { rawBytes: b64(tlog.publicKey), keyDetails: 'PKIX_ECDSA_P256_SHA_256', validFor: { start } },
        logId: { keyId: createHash('sha256').update(tlog.publicKey).digest('base64') }
      }
    ],
    certificateAuthorities: [
      {
        subject: { organization: 'sigstore.mock', commonName: 'sigstore' },
        uri: 'https://fulcio.local',
        certChain: { certificates: [{ rawBytes: b64(ca.rootCertificate) }] },
        validFor: { start }
      }
    ],
    ctlogs: [
      {
        baseUrl: 'https://ctfe.local',
        hashAlgorithm: 'SHA2_256',
        publicKey: { rawBytes: b64(ctlog.publicKey), keyDetails: 'PKIX_ECDSA_P256_SHA_256', validFor: { start } },
        logId: { keyId: b64(ctlog.logID) }
      }
    ],
    timestampAuthorities: []
  }
  return {
    trustedRoot,
    rekorUrl,
    async certificate(repository, workflow, extra = {}) {
      const leaf = ecKeys()
      const buildConfig = `https://github.com/${repository}/.github/workflows/${workflow}@${REF}`
      const extensions = [
        { oid: '1.3.6.1.4.1.57264.1.8', value: GITHUB },
        { oid: '1.3.6.1.4.1.57264.1.9', value: buildConfig },
        { oid: '1.3.6.1.4.1.57264.1.12', value: `https://github.com/${repository}` },
        { oid: '1.3.6.1.4.1.57264.1.13', value: SHA },
        { oid: '1.3.6.1.4.1.57264.1.14', value: REF },
        { oid: '1.3.6.1.4.1.57264.1.18', value: buildConfig }
      ].filter(e => !extra.omit?.includes(e.oid))
      const der = await ca.issueCertificate({ publicKey: leaf.publicKey.export({ type: 'spki', format: 'der' }), subjectAltName: buildConfig, extensions })
      const pem = `-----BEGIN CERTIFICATE-----\n${b64(der)}\n-----END CERTIFICATE-----\n`
      return { pem, key: leaf.privateKey }
    },
    stop: () => close(server)
  }
}

/** An in-toto statement with one subject. */
const statement = (name: string, sha256: string, predicateType = PUBLISH_V1): Buffer =>
  Buffer.from(JSON.stringify({ _type: 'https://in-toto.io/Statement/v1', subject: [{ name, digest: { sha256 } }], predicateType, predicate: null }))

describe('local index: PEP 740 attestations', () => {
  let sigstore: Sigstore
  let oidc: OidcProvider
  let index: PyPIIndex
  const publisher: TrustedPublisher = { project: 'demo', repository: 'octo/greeter', workflow: 'release.yml', environment: 'pypi' }
  let version = 0

  /** A signed attestation for this statement, from a certificate for this repository and workflow, as PEP 740 sends it. */
  async function attest(payload: Buffer, repository = 'octo/greeter', workflow = 'release.yml', omit?: string[], signOther = false): Promise<Attestation> {
    const { pem, key } = await sigstore.certificate(repository, workflow, omit ? { omit } : {})
    const builder = new DSSEBundleBuilder({
      signer: {
        sign: async data => ({
          signature: sign('sha256', signOther ? Buffer.concat([data, Buffer.from('x')]) : data, key),
          key: { $case: 'x509Certificate', certificate: pem }
        })
      },
      witnesses: [new RekorWitness({ rekorBaseURL: sigstore.rekorUrl, entryType: 'dsse' })]
    })
    const bundle = bundleToJSON(await builder.create({ data: payload, type: 'application/vnd.in-toto+json' })) as any
    return {
      version: 1,
      verification_material: { certificate: bundle.verificationMaterial.certificate.rawBytes, transparency_entries: bundle.verificationMaterial.tlogEntries },
      envelope: { statement: bundle.dsseEnvelope.payload, signature: bundle.dsseEnvelope.signatures[0].sig }
    }
  }

  /** A fresh wheel (content and filename) for the next version, so each upload is a new file. */
  function nextWheel(): { filename: string; content: Buffer; sha256: string; version: string } {
    version += 1
    const content = Buffer.from(`wheel ${version} ${Math.random()}`)
    return { filename: `demo-2.${version}-py3-none-any.whl`, content, sha256: createHash('sha256').update(content).digest('hex'), version: `2.${version}` }
  }

  async function trustedToken(): Promise<string> {
    const response = await fetch(`${index.origin}/_/oidc/mint-token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token: oidc.token({ environment: 'pypi' }) })
    })
    const body = (await response.json()) as { token: string }
    return body.token
  }

  async function upload(
    wheel: ReturnType<typeof nextWheel>,
    attestations: string | string[] | undefined,
    token?: string
  ): Promise<{ status: number; message: string | undefined; stored: boolean }> {
    const data = new FormData()
    const fields = {
      ':action': 'file_upload',
      protocol_version: '1',
      metadata_version: '2.1',
      name: 'demo',
      version: wheel.version,
      filetype: 'bdist_wheel',
      pyversion: 'py3',
      sha256_digest: wheel.sha256
    }
    for (const [name, value] of Object.entries(fields)) data.append(name, value)
    for (const value of [attestations ?? []].flat()) data.append('attestations', value)
    data.append('content', new Blob([wheel.content]), wheel.filename)
    const credentials = Buffer.from(`__token__:${token ?? (await trustedToken())}`).toString('base64')
    const response = await fetch(index.uploadUrl, { method: 'POST', body: data, headers: { Authorization: `Basic ${credentials}` } })
    await response.arrayBuffer()
    return { status: response.status, message: index.uploads.at(-1)?.message, stored: index.files.some(f => f.filename === wheel.filename) }
  }

  const refusal = (why: string): { status: number; message: string; stored: boolean } => ({
    status: 400,
    message: `Invalid attestations supplied during upload: ${why}`,
    stored: false
  })
  const unverified = (why: string): ReturnType<typeof refusal> =>
    refusal(`Could not verify the uploaded artifact using the included attestation: Verification failed: ${why}`)

  beforeAll(async () => {
    sigstore = await localSigstore()
    oidc = await new OidcProvider().start()
    index = await new PyPIIndex({
      trustedPublishing: { issuer: oidc.issuer, publicKey: oidc.publicKey, publishers: [publisher] },
      attestations: { trustedRoot: sigstore.trustedRoot }
    }).start()
  })
  afterAll(async () => {
    await index.stop()
    await oidc.stop()
    await sigstore.stop()
  })

  it('accepts a good attestation under trusted publishing, stores it, and serves it through the Integrity and Simple APIs', async () => {
    const wheel = nextWheel()
    const attestation = await attest(statement(wheel.filename, wheel.sha256))
    expect(await upload(wheel, JSON.stringify([attestation]))).toEqual({ status: 200, message: 'OK', stored: true })

    // The same file again is warehouse's no-op, before attestations are looked at (even refusable ones).
    expect(await upload(wheel, '[]')).toEqual({ status: 200, message: 'OK', stored: true })

    const url = `${index.origin}/integrity/demo/${wheel.version}/${wheel.filename}/provenance`
    const response = await fetch(url)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('application/vnd.pypi.integrity.v1+json')
    expect(await response.json()).toEqual({
      version: 1,
      attestation_bundles: [
        { publisher: { kind: 'GitHub', repository: 'octo/greeter', workflow: 'release.yml', environment: 'pypi' }, attestations: [attestation] }
      ]
    })
    const simple = (await (await fetch(`${index.origin}/simple/demo/`, { headers: { Accept: 'application/vnd.pypi.simple.v1+json' } })).json()) as any
    expect(simple.files.find((f: any) => f.filename === wheel.filename).provenance).toBe(url)
    expect(simple.meta['api-version']).toBe('1.4') // PEP 792's project-status (Simple API 1.4), PEP 740's provenance since 1.3

    // As JSON when asked; 406 for a type it does not offer.
    const asJson = await fetch(url, { headers: { Accept: 'application/json' } })
    expect([asJson.status, asJson.headers.get('content-type')]).toEqual([200, 'application/json'])
    const html = await fetch(url, { headers: { Accept: 'text/html' } })
    expect([html.status, await html.json()]).toEqual([406, { message: 'Request not acceptable' }])
  })

  it('accepts one publish and one SLSA provenance attestation together; a subject name that parses to the same file matches', async () => {
    const wheel = nextWheel()
    const publish = await attest(statement(`Demo-${wheel.version}.0-py3-none-any.whl`, wheel.sha256))
    const slsa = await attest(statement(wheel.filename, wheel.sha256, SLSA_PROVENANCE_V1))
    expect(await upload(wheel, JSON.stringify([publish, slsa]))).toEqual({ status: 200, message: 'OK', stored: true })
    const served = (await (await fetch(`${index.origin}/integrity/demo/${wheel.version}/${wheel.filename}/provenance`)).json()) as any
    expect(served.attestation_bundles[0].attestations).toEqual([publish, slsa])
  })

  it('answers 404 for a file without provenance, with its message, and for a file it does not have', async () => {
    const wheel = nextWheel()
    expect(await upload(wheel, undefined)).toEqual({ status: 200, message: 'OK', stored: true })
    const none = await fetch(`${index.origin}/integrity/demo/${wheel.version}/${wheel.filename}/provenance`)
    expect([none.status, await none.json()]).toEqual([404, { message: `No provenance available for ${wheel.filename}` }])
    const simple = (await (await fetch(`${index.origin}/simple/demo/`, { headers: { Accept: 'application/vnd.pypi.simple.v1+json' } })).json()) as any
    expect(simple.files.find((f: any) => f.filename === wheel.filename).provenance).toBeNull()
    expect((await fetch(`${index.origin}/integrity/demo/${wheel.version}/nothing-1.0.tar.gz/provenance`)).status).toBe(404)
    expect((await fetch(`${index.origin}/integrity/nothing/1.0/nothing-1.0.tar.gz/provenance`)).status).toBe(404)
  })

  it('refuses attestations with an API-token upload', async () => {
    const wheel = nextWheel()
    const attestation = await attest(statement(wheel.filename, wheel.sha256))
    expect(await upload(wheel, JSON.stringify([attestation]), index.userToken)).toEqual(
      refusal('Attestations are only supported when using Trusted Publishing')
    )
  })

  it("refuses a subject whose digest or name is not the uploaded file's", async () => {
    const wheel = nextWheel()
    const wrongDigest = await attest(statement(wheel.filename, 'b'.repeat(64)))
    expect(await upload(wheel, JSON.stringify([wrongDigest]))).toEqual(unverified('subject does not match distribution digest'))
    const other = `demo-9.9-py3-none-any.whl`
    const wrongName = await attest(statement(other, wheel.sha256))
    expect(await upload(wheel, JSON.stringify([wrongName]))).toEqual(unverified(`subject does not match distribution name: ${other} != ${wheel.filename}`))
    const twoSubjects = await attest(
      Buffer.from(
        JSON.stringify({
          _type: 'https://in-toto.io/Statement/v1',
          subject: [
            { name: wheel.filename, digest: { sha256: wheel.sha256 } },
            { name: other, digest: { sha256: wheel.sha256 } }
          ],
          predicateType: PUBLISH_V1,
          predicate: null
        })
      )
    )
    expect(await upload(wheel, JSON.stringify([twoSubjects]))).toEqual(unverified('too many subjects in statement (must be exactly one)'))
  })

  it('refuses two attestations of the same predicate type, and more than two', async () => {
    const wheel = nextWheel()
    const one = await attest(statement(wheel.filename, wheel.sha256))
    const two = await attest(statement(wheel.filename, wheel.sha256))
    expect(await upload(wheel, JSON.stringify([one, two]))).toEqual(
      refusal(`Multiple attestations for the same file with the same predicate type (${PUBLISH_V1}) are not supported`)
    )
    expect(await upload(wheel, JSON.stringify([one, two, one]))).toEqual(refusal('A maximum of 2 attestations per file are supported'))
    expect(await upload(wheel, '[]')).toEqual(refusal('Malformed attestations: an empty attestation set is not permitted'))
  })

  it('refuses a tampered statement: the signature does not verify', async () => {
    const wheel = nextWheel()
    const signed = await attest(statement(wheel.filename, 'c'.repeat(64)))
    const tampered = { ...signed, envelope: { ...signed.envelope, statement: statement(wheel.filename, wheel.sha256).toString('base64') } }
    const result = await upload(wheel, JSON.stringify([tampered]))
    // (@sigstore/verify's account: the transparency entry holds the signed payload's digest. sigstore-python's
    // wording for the same failure differs; warehouse's prefix is the same.)
    expect(result.message).toBe(unverified('DSSE payload hash mismatch').message)
    // The same attestation untouched is refused for its digest, not its signature: the tampering is what failed above.
    expect((await upload(wheel, JSON.stringify([signed]))).message).toBe(unverified('subject does not match distribution digest').message)
  })

  it('refuses a signature that does not verify with the certificate, though the log holds it', async () => {
    const wheel = nextWheel()
    // This Rekor, unlike Sigstore's, does not check signatures on entry: the index's own verification must.
    const badSignature = await attest(statement(wheel.filename, wheel.sha256), 'octo/greeter', 'release.yml', undefined, true)
    expect(await upload(wheel, JSON.stringify([badSignature]))).toEqual(unverified('signature verification failed'))
  })

  it('refuses a certificate for another repository or another workflow', async () => {
    const wheel = nextWheel()
    const payload = statement(wheel.filename, wheel.sha256)
    expect(await upload(wheel, JSON.stringify([await attest(payload, 'octo/other')]))).toEqual(
      unverified("Certificate's OIDCSourceRepositoryURI does not match (got https://github.com/octo/other, expected https://github.com/octo/greeter)")
    )
    const otherWorkflow = await upload(wheel, JSON.stringify([await attest(payload, 'octo/greeter', 'nightly.yml')]))
    expect(otherWorkflow).toEqual({ ...unverified(''), message: expect.any(String) })
    expect(otherWorkflow.message).toMatch(
      /^Invalid attestations supplied during upload: Could not verify the uploaded artifact using the included attestation: Verification failed: Certificate's Build Config URI \(<Extension\(oid=<ObjectIdentifier\(oid=1\.3\.6\.1\.4\.1\.57264\.1\.18, name=Unknown OID\)>, critical=False, value=<UnrecognizedExtension\(.*nightly\.yml@refs\/tags\/v2\.0'\)>\)>\) does not match expected Trusted Publisher \(release\.yml @ octo\/greeter\)$/
    )
    expect(
      await upload(wheel, JSON.stringify([await attest(payload, 'octo/greeter', 'release.yml', ['1.3.6.1.4.1.57264.1.13', '1.3.6.1.4.1.57264.1.14'])]))
    ).toEqual(unverified('Certificate must contain either Source Repository Digest or Source Repository Ref'))
  })

  it('refuses a certificate from a CA outside the trusted root', async () => {
    const wheel = nextWheel()
    const elsewhere = await localSigstore()
    try {
      const real = sigstore
      sigstore = { ...elsewhere, rekorUrl: real.rekorUrl }
      const attestation = await attest(statement(wheel.filename, wheel.sha256))
      sigstore = real
      // (@sigstore/verify's wording; sigstore-python's differs.)
      expect(await upload(wheel, JSON.stringify([attestation]))).toEqual(unverified('Failed to verify certificate chain'))
    } finally {
      await elsewhere.stop()
    }
  })

  it("refuses malformed JSON and the wrong shape with pydantic's account", async () => {
    const wheel = nextWheel()
    expect(await upload(wheel, 'not json')).toEqual(
      refusal("Malformed attestations: 1 validation error for list[Attestation]\n  Invalid JSON [type=json_invalid, input_value='not json', input_type=str]")
    )
    // A status line takes Latin-1 only: the index still answers, with the message whole in the record and body.
    expect(await upload(wheel, '["€"]')).toEqual(
      refusal(
        "Malformed attestations: 1 validation error for list[Attestation]\n0\n  Input should be a valid dictionary or instance of Attestation [type=model_type, input_value='€', input_type=str]"
      )
    )
    // A repeated field: the last one counts (WebOb's MultiDict).
    expect((await upload(wheel, ['[]', 'not json'])).message).toContain('Invalid JSON')
    expect(await upload(wheel, '{"version": 1}')).toEqual(
      refusal(
        "Malformed attestations: 1 validation error for list[Attestation]\n  Input should be a valid list [type=list_type, input_value={'version': 1}, input_type=dict]"
      )
    )
    expect(await upload(wheel, '[{"version": 2, "envelope": {"statement": "abc", "signature": "YQ=="}}]')).toEqual(
      refusal(
        [
          'Malformed attestations: 3 validation errors for list[Attestation]',
          '0.version',
          '  Input should be 1 [type=literal_error, input_value=2, input_type=int]',
          '0.verification_material',
          "  Field required [type=missing, input_value={'version': 2, 'envelope': {'statement': 'abc', 'signature': 'YQ=='}}, input_type=dict]",
          '0.envelope.statement',
          "  Base64 decoding error: 'Incorrect padding' [type=base64_decode, input_value='abc', input_type=str]"
        ].join('\n')
      )
    )
  })
})
