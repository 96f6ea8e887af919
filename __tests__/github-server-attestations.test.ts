// Artifact attestations on the local GitHub server, through @actions/github's Octokit making the
// requests actions/attest's writeAttestation makes (POST /repos/{owner}/{repo}/attestations with
// { bundle }) and `gh attestation` reads (GET /repos/{owner}/{repo}/attestations/{subject_digest}),
// with real bundles: signed by @sigstore/sign through the local Sigstore, and what is served back
// verified by @sigstore/verify against its trusted root. Every request and answer is checked against
// GitHub's OpenAPI description: each test ends with no violation.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { getOctokit } from '@actions/github'
import { createHash } from 'node:crypto'
import { bundleFromJSON, bundleToJSON, type SerializedBundle } from '@sigstore/bundle'
import { TrustedRoot } from '@sigstore/protobuf-specs'
import { DSSEBundleBuilder, FulcioSigner, RekorWitness, TSAWitness, type Witness } from '@sigstore/sign'
import { toSignedEntity, toTrustMaterial, Verifier, type VerifierOptions } from '@sigstore/verify'
import { GitHubServer, checkAttestationBundle, loadDescription, type TokenPermissions } from '../test/servers/github.js'
import { OidcProvider } from '../test/servers/oidc.js'
import { LocalSigstore } from '../test/servers/sigstore.js'

type Octokit = ReturnType<typeof getOctokit>

const IN_TOTO = 'application/vnd.in-toto+json'
const SLSA = 'https://slsa.dev/provenance/v1'
const WORKFLOW_IDENTITY = 'https://github.com/octo/greeter/.github/workflows/release.yml@refs/tags/v0.3.1'
const CREATE = 'POST /repos/{owner}/{repo}/attestations'
const LIST = 'GET /repos/{owner}/{repo}/attestations/{subject_digest}'
const DOCS = 'https://docs.github.com/rest/repos/repos#create-an-attestation'

let oidc: OidcProvider
let sigstore: LocalSigstore
let server: GitHubServer

beforeAll(async () => {
  await loadDescription()
  oidc = await new OidcProvider().start()
  sigstore = await new LocalSigstore(oidc).start()
})

afterAll(async () => {
  await sigstore?.stop()
  await oidc?.stop()
})

afterEach(async () => {
  const violations = server.violations
  await server.stop()
  expect(violations).toEqual([])
})

async function start(): Promise<GitHubServer> {
  server = await new GitHubServer({ owner: 'octo', repo: 'greeter' }).start()
  return server
}

function client(permissions: TokenPermissions = { contents: 'write', attestations: 'write' }): Octokit {
  return getOctokit(server.token(permissions), { baseUrl: server.apiUrl })
}

const repo = (): { owner: string; repo: string } => ({ owner: server.owner, repo: server.repo })
const sha256 = (content: string): string => createHash('sha256').update(content).digest('hex')

/** A job's OIDC token for Sigstore, fetched the way @actions/core's getIDToken does. */
async function jobToken(): Promise<string> {
  const env = oidc.environment()
  const response = await fetch(`${env.ACTIONS_ID_TOKEN_REQUEST_URL}&audience=sigstore`, {
    headers: { Authorization: `Bearer ${env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}` }
  })
  expect(response.status).toBe(200)
  return ((await response.json()) as { value: string }).value
}

/** A statement of the shape actions/attest-build-provenance signs, about these files. */
function statement(files: Record<string, string>, predicateType = SLSA): Buffer {
  return Buffer.from(
    JSON.stringify({
      _type: 'https://in-toto.io/Statement/v1',
      subject: Object.entries(files).map(([name, content]) => ({ name, digest: { sha256: sha256(content) } })),
      predicateType,
      predicate: { buildDefinition: { buildType: 'https://actions.github.io/buildtypes/workflow/v1' }, runDetails: { builder: { id: WORKFLOW_IDENTITY } } }
    })
  )
}

/** A bundle signed through the local Sigstore (Fulcio, and Rekor or the TSA), as JSON travels. */
async function sign(data: Buffer, witnessed: 'rekor' | 'tsa' = 'rekor'): Promise<SerializedBundle> {
  const signer = new FulcioSigner({ fulcioBaseURL: sigstore.fulcioURL, identityProvider: { getToken: jobToken } })
  const witness: Witness =
    witnessed === 'tsa' ? new TSAWitness({ tsaBaseURL: sigstore.tsaURL }) : new RekorWitness({ rekorBaseURL: sigstore.rekorURL, entryType: 'dsse' })
  const bundle = await new DSSEBundleBuilder({ signer, witnesses: [witness] }).create({ data, type: IN_TOTO })
  return JSON.parse(JSON.stringify(bundleToJSON(bundle))) as SerializedBundle
}

/** Verifies a served bundle as a consumer does: the local instance's trusted root, the workflow's identity. */
function verify(served: unknown, options: VerifierOptions = {}): void {
  const trustedRoot = TrustedRoot.fromJSON(sigstore.trustedRoot())
  new Verifier(toTrustMaterial(trustedRoot), options).verify(toSignedEntity(bundleFromJSON(served)), {
    subjectAlternativeName: WORKFLOW_IDENTITY,
    extensions: { issuer: oidc.issuer }
  })
}

/** The HTTP error a request ended with. */
async function failure(request: Promise<unknown>): Promise<{ status: number; data: any; headers: Record<string, string | undefined> }> {
  try {
    await request
  } catch (error) {
    const e = error as { status: number; response?: { data: any; headers: Record<string, string | undefined> } }
    return { status: e.status, data: e.response?.data, headers: e.response?.headers ?? {} }
  }
  throw new Error('The request succeeded')
}

/** POST /repos/{owner}/{repo}/attestations as actions/attest's writeAttestation sends it: `data: { bundle }`. */
function attest(octokit: Octokit, bundle: unknown) {
  return octokit.request(CREATE, { ...repo(), data: { bundle } } as unknown as Parameters<typeof octokit.request<typeof CREATE>>[1])
}

interface Listed {
  attestations: Array<{ bundle: unknown; repository_id: number }>
}

describe('creating an attestation and listing it by digest', () => {
  it('stores a real bundle under each subject digest and serves it back byte-identical, still verifying', async () => {
    await start()
    const octokit = client()
    const files = { 'greeter-0.3.1-py3-none-any.whl': 'wheel bytes', 'greeter-0.3.1.tar.gz': 'sdist bytes' }
    const bundle = await sign(statement(files))
    const created = await attest(octokit, bundle)
    expect(created.status).toBe(201)
    expect(Object.keys(created.data)).toEqual(['id'])
    expect(Number.isInteger(created.data.id)).toBe(true)
    expect(created.headers['x-accepted-github-permissions']).toBe('attestations=write')

    // A reader (attestations: read) lists it under either file's digest.
    const reader = client({ attestations: 'read' })
    for (const content of Object.values(files)) {
      const listed = await reader.request(LIST, { ...repo(), subject_digest: `sha256:${sha256(content)}` })
      expect(listed.status).toBe(200)
      const { attestations } = listed.data as Listed
      expect(attestations).toHaveLength(1)
      expect(attestations[0]?.repository_id).toBe(server.repositoryId)
      expect(JSON.stringify(attestations[0]?.bundle)).toBe(JSON.stringify(bundle))
      verify(attestations[0]?.bundle)
    }
    // The check above is not a formality: the same bundle with one byte of its statement changed fails it.
    const tampered = structuredClone(bundle)
    const payload = Buffer.from(tampered.dsseEnvelope?.payload ?? '', 'base64')
    const at = payload.indexOf('"sha256"') + 12
    payload[at] = (payload[at] as number) ^ 0x01
    ;(tampered.dsseEnvelope as { payload: string }).payload = payload.toString('base64')
    expect(() => verify(tampered)).toThrow()
    expect(server.attestations.map(a => a.id)).toEqual([created.data.id])
    expect(server.attestations[0]?.predicateType).toBe(SLSA)
  })

  it('takes a bundle witnessed by a timestamp authority instead of Rekor (a private repository’s)', async () => {
    await start()
    const bundle = await sign(statement({ 'greeter.zip': 'zip bytes' }), 'tsa')
    expect(bundle.verificationMaterial.tlogEntries ?? []).toHaveLength(0)
    expect(bundle.verificationMaterial.timestampVerificationData?.rfc3161Timestamps).toHaveLength(1)
    const created = await attest(client(), bundle)
    expect(created.status).toBe(201)
    const listed = await client().request(LIST, { ...repo(), subject_digest: `sha256:${sha256('zip bytes')}` })
    const served = (listed.data as Listed).attestations[0]?.bundle
    expect(JSON.stringify(served)).toBe(JSON.stringify(bundle))
    verify(served, { tlogThreshold: 0, timestampThreshold: 1 })
  })

  it('pages by cursor (per_page, the Link header’s next and prev) and filters by predicate_type', async () => {
    await start()
    const octokit = client()
    const files = { 'greeter.whl': 'same bytes' }
    const ids: number[] = []
    for (const type of [SLSA, SLSA, 'https://spdx.dev/Document/v2.3']) {
      const created = await attest(octokit, await sign(statement(files, type)))
      ids.push(created.data.id as number)
    }
    const digest = `sha256:${sha256('same bytes')}`
    const first = await octokit.request(LIST, { ...repo(), subject_digest: digest, per_page: 2 })
    expect((first.data as Listed).attestations).toHaveLength(2)
    const next = /<([^>]+)>; rel="next"/.exec(first.headers.link ?? '')?.[1]
    expect(next).toMatch(/[?&]after=/)
    expect(first.headers.link).not.toContain('rel="prev"')
    const second = await octokit.request(`GET ${next}`)
    expect((second.data as Listed).attestations).toHaveLength(1)
    expect(second.headers.link).toContain('rel="prev"')
    expect(second.headers.link).not.toContain('rel="next"')
    const served = [...(first.data as Listed).attestations, ...(second.data as Listed).attestations].map(a => JSON.stringify(a.bundle))
    expect(new Set(served).size).toBe(3)

    const provenance = await octokit.request(LIST, { ...repo(), subject_digest: digest, predicate_type: 'provenance' })
    expect((provenance.data as Listed).attestations).toHaveLength(2)
    const sbom = await octokit.request(LIST, { ...repo(), subject_digest: digest, predicate_type: 'sbom' })
    expect((sbom.data as Listed).attestations).toHaveLength(1)
    expect(ids).toHaveLength(3)
  })

  it('answers 404 for a digest with no attestation, and for one whose attestations another predicate type filters out', async () => {
    await start()
    const octokit = client()
    const unknown = await failure(octokit.request(LIST, { ...repo(), subject_digest: `sha256:${sha256('never attested')}` }))
    expect(unknown.status).toBe(404)
    expect(unknown.data).toMatchObject({ message: 'Not Found', status: '404' })

    await attest(octokit, await sign(statement({ 'a.whl': 'a' })))
    const filtered = await failure(octokit.request(LIST, { ...repo(), subject_digest: `sha256:${sha256('a')}`, predicate_type: 'sbom' }))
    expect(filtered.status).toBe(404)
    const other = await failure(octokit.request(LIST, { ...repo(), subject_digest: `sha256:${sha256('b')}` }))
    expect(other.status).toBe(404)
  })
})

describe('permissions', () => {
  it('refuses to create without attestations: write (403, as GitHub answers an integration), and stores nothing', async () => {
    await start()
    const bundle = await sign(statement({ 'a.whl': 'a' }))
    for (const permissions of [{ contents: 'write' }, { contents: 'write', attestations: 'read' }] as TokenPermissions[]) {
      const refused = await failure(attest(client(permissions), bundle))
      expect(refused.status).toBe(403)
      expect(refused.data).toMatchObject({ message: 'Resource not accessible by integration', status: '403' })
      expect(refused.headers['x-accepted-github-permissions']).toBe('attestations=write')
    }
    expect(server.attestations).toEqual([])
    const listing = await failure(client({ contents: 'write' }).request(LIST, { ...repo(), subject_digest: `sha256:${sha256('a')}` }))
    expect(listing.status).toBe(403)
  })
})

describe('malformed bundles', () => {
  type Mutable = Record<string, any>
  let good: SerializedBundle

  const payloadOf = (statementJson: unknown): string => Buffer.from(JSON.stringify(statementJson)).toString('base64')
  const variants: Array<[string, (b: Mutable) => void, string]> = [
    ['an unknown media type', b => (b.mediaType = 'application/json'), 'unsupported bundle media type "application/json"'],
    ['no verification material', b => delete b.verificationMaterial, 'bundle has no verification material'],
    ['no certificate', b => delete b.verificationMaterial.certificate, 'bundle verification material has no certificate or public key'],
    ['no log entry or timestamp', b => (b.verificationMaterial.tlogEntries = []), 'bundle verification material has no transparency log entry or timestamp'],
    [
      'a message signature instead of a DSSE envelope',
      b => {
        delete b.dsseEnvelope
        b.messageSignature = { messageDigest: { algorithm: 'SHA2_256', digest: 'AAAA' }, signature: 'AAAA' }
      },
      'bundle has no DSSE envelope'
    ],
    ['another payload type', b => (b.dsseEnvelope.payloadType = 'text/plain'), 'unsupported DSSE payload type "text/plain"'],
    ['no signature', b => (b.dsseEnvelope.signatures = []), 'DSSE envelope must have exactly one signature'],
    [
      'a payload that is not a statement',
      b => (b.dsseEnvelope.payload = Buffer.from('not json').toString('base64')),
      'DSSE envelope payload is not an in-toto statement'
    ],
    [
      'a statement without a subject',
      b => (b.dsseEnvelope.payload = payloadOf({ _type: 'https://in-toto.io/Statement/v1', subject: [], predicateType: SLSA, predicate: {} })),
      'statement has no subject'
    ],
    [
      'a subject without a sha256 digest',
      b =>
        (b.dsseEnvelope.payload = payloadOf({
          _type: 'https://in-toto.io/Statement/v1',
          subject: [{ name: 'a', digest: { sha1: 'ab' } }],
          predicateType: SLSA,
          predicate: {}
        })),
      'statement subject has no sha256 digest'
    ],
    [
      'the same subject twice',
      b =>
        (b.dsseEnvelope.payload = payloadOf({
          _type: 'https://in-toto.io/Statement/v1',
          subject: [
            { name: 'a.whl', digest: { sha256: sha256('a') } },
            { name: 'a.whl', digest: { sha256: sha256('a') } }
          ],
          predicateType: SLSA,
          predicate: {}
        })),
      'duplicate subject in statement'
    ]
  ]

  it.each(variants)('refuses a bundle with %s: 422 "Invalid Argument - …", nothing stored', async (_name, change, problem) => {
    await start()
    good ??= await sign(statement({ 'a.whl': 'a' }))
    expect(checkAttestationBundle(good)).toEqual({ digests: [`sha256:${sha256('a')}`], predicateType: SLSA })
    const bad = structuredClone(good) as unknown as Mutable
    change(bad)
    const refused = await failure(attest(client(), bad))
    expect(refused.status).toBe(422)
    expect(refused.data).toEqual({ message: `Invalid Argument - ${problem}`, documentation_url: DOCS, status: '422' })
    expect(server.attestations).toEqual([])
  })

  it('refuses a body the OpenAPI description does not allow (no bundle object) with 422, recording the violation', async () => {
    await start()
    const refused = await failure(attest(client(), 'not an object'))
    expect(refused.status).toBe(422)
    expect(refused.data.message).toBe('Invalid request.\n\nFor \'properties/bundle\', "not an object" is not an object.')
    expect(server.takeViolations().map(v => v.problem)).toEqual(['body/bundle must be object'])
    expect(server.attestations).toEqual([])
  })
})
