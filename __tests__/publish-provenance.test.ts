// The provenance read-back's checks (src/publish/provenance.ts) on attestations signed by the real
// @sigstore/sign against the local Sigstore (Fulcio with GitHub's certificate extensions, Rekor), verified by
// the real @sigstore/verify against its trusted root: this run's workflow taken from its own certificate (a
// reusable workflow included), what the index serves compared with it, and the trust the read-back uses.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { attestationFromBundle, type Pep740Attestation, type Pep740Provenance, type Pep740Publisher } from '../src/attest/pep740.js'
import { signStatements } from '../src/attest/sign.js'
import { publishStatement } from '../src/attest/statements.js'
import { trustMaterialFromJSON, verifyAttestationBundle } from '../src/attest/verify.js'
import { attestationVerifier } from '../src/attest/verify.js'
import {
  checkFileProvenance,
  mapConcurrently,
  provenanceTrust,
  thisWorkflow,
  workflowOfRun,
  attestedOrigin,
  type ProvenanceTrust,
  type ThisWorkflow
} from '../src/publish/provenance.js'
import { OidcProvider } from '../test/servers/oidc.js'
import { LocalSigstore, type SigstoreEnvironment } from '../test/servers/sigstore.js'

const WHEEL = { filename: 'sample_greeter-0.3.1-py3-none-any.whl', sha256: 'a'.repeat(64) }
const RELEASE_YML = 'octo/greeter/.github/workflows/release.yml@refs/tags/v0.3.1'
const PUBLISHER: Pep740Publisher = { kind: 'GitHub', repository: 'octo/greeter', workflow: 'release.yml', environment: 'pypi' }
const INDEX = 'pypi.example'

describe('provenance read-back', () => {
  let oidc: OidcProvider
  let sigstore: LocalSigstore
  let env: SigstoreEnvironment
  let trust: ProvenanceTrust
  let ours: Pep740Attestation
  let expected: ThisWorkflow

  /** An attestation for the file, signed through the local Sigstore for a job whose token carries `claims`. */
  const sign = async (file: { filename: string; sha256: string }, claims: Record<string, unknown> = {}): Promise<Pep740Attestation> => {
    const [signed] = await signStatements([publishStatement(file)], {
      fulcioURL: env.SIGSTORE_FULCIO_URL,
      rekorURL: env.SIGSTORE_REKOR_URL,
      identityToken: async () => oidc.token({ environment: 'pypi', ...claims }, 'sigstore')
    })
    return attestationFromBundle(signed!.bundle)
  }
  const served = (attestation: Pep740Attestation, publisher: Pep740Publisher = PUBLISHER): Pep740Provenance => ({
    version: 1,
    attestation_bundles: [{ publisher, attestations: [attestation] }]
  })
  const check = (provenance: Pep740Provenance, using: ProvenanceTrust = trust) => checkFileProvenance(INDEX, WHEEL, provenance, expected, using)

  beforeAll(async () => {
    oidc = await new OidcProvider().start()
    sigstore = await new LocalSigstore(oidc).start()
    env = await sigstore.environment(join(await mkdtemp(join(tmpdir(), 'pra-provenance-')), 'trusted_root.json'))
    trust = await provenanceTrust({ ...env })
    ours = await sign(WHEEL)
    expected = thisWorkflow(ours)
  })
  afterAll(async () => {
    await sigstore.stop()
    await oidc.stop()
  })

  it("takes this run's workflow from the certificate Fulcio issued for its token", () => {
    expect(expected).toEqual({
      repository: 'octo/greeter',
      workflow: 'release.yml',
      certified: {
        subjectAlternativeName: `https://github.com/${RELEASE_YML}`,
        issuer: oidc.issuer,
        sourceRepositoryUri: 'https://github.com/octo/greeter',
        // Fulcio's Source Repository Digest (1.3.6.1.4.1.57264.1.13): the token's sha claim
        sourceRepositoryDigest: oidc.claims({ environment: 'pypi' })['sha'],
        buildConfigUri: `https://github.com/${RELEASE_YML}`
      }
    })
  })

  describe("a file's origin from its provenance (issue 24: a re-run keeps its own earlier upload)", () => {
    const SHA = '0123456789abcdef0123456789abcdef01234567'
    const origin = { repository: 'octo/greeter', sha: SHA }
    const file = { filename: WHEEL.filename, sha256: 'b'.repeat(64) }
    let atSha: Pep740Attestation
    beforeAll(async () => {
      atSha = await sign(file, { sha: SHA })
    })

    it('names this repository and commit when the attestation verifies and its certificate names both (Source Repository URI and Digest)', () => {
      expect(attestedOrigin(INDEX, file, served(atSha), origin, 'https://github.com', trust)).toBe(
        `its PEP 740 provenance on ${INDEX}, verified against the trusted root in SIGSTORE_TRUSTED_ROOT, is signed for octo/greeter@0123456789ab ` +
          '(Source Repository URI and Digest) under the publisher GitHub, repository octo/greeter, workflow release.yml, environment pypi'
      )
    })

    it('is no evidence for another commit, another repository, another file, another publisher, or without a trusted root to verify it', async () => {
      expect(attestedOrigin(INDEX, file, served(atSha), { ...origin, sha: 'f'.repeat(40) }, 'https://github.com', trust)).toBeUndefined()
      expect(attestedOrigin(INDEX, file, served(atSha), { repository: 'octo/fork', sha: SHA }, 'https://github.com', trust)).toBeUndefined()
      expect(attestedOrigin(INDEX, file, served(atSha), { repository: null, sha: SHA }, 'https://github.com', trust)).toBeUndefined()
      expect(attestedOrigin(INDEX, file, served(atSha), origin, 'https://ghe.example', trust)).toBeUndefined()
      expect(attestedOrigin(INDEX, { ...file, sha256: 'c'.repeat(64) }, served(atSha), origin, 'https://github.com', trust)).toBeUndefined()
      expect(attestedOrigin(INDEX, file, served(atSha, { ...PUBLISHER, repository: 'octo/fork' }), origin, 'https://github.com', trust)).toBeUndefined()
      const unverified = await provenanceTrust({})
      expect(attestedOrigin(INDEX, file, served(atSha), origin, 'https://github.com', unverified)).toBeUndefined()
      // a certificate from a CA outside the trusted root: the signature does not verify
      const other = new LocalSigstore(oidc)
      await other.start()
      try {
        const env2 = await other.environment(join(await mkdtemp(join(tmpdir(), 'pra-provenance-')), 'trusted_root.json'))
        const [signed] = await signStatements([publishStatement(file)], {
          fulcioURL: env2.SIGSTORE_FULCIO_URL,
          rekorURL: env2.SIGSTORE_REKOR_URL,
          identityToken: async () => oidc.token({ environment: 'pypi', sha: SHA }, 'sigstore')
        })
        expect(attestedOrigin(INDEX, file, served(attestationFromBundle(signed!.bundle)), origin, 'https://github.com', trust)).toBeUndefined()
      } finally {
        await other.stop()
      }
    })
  })

  it('names the calling workflow for a job in a reusable workflow, as PyPI names its publisher (the Build Config URI)', async () => {
    const reusable = 'octo/shared/.github/workflows/publish.yml@refs/heads/main'
    const workflow = thisWorkflow(await sign(WHEEL, { job_workflow_ref: reusable }))
    expect(workflow.repository).toBe('octo/greeter')
    expect(workflow.workflow).toBe('release.yml')
    expect(workflow.certified?.subjectAlternativeName).toBe(`https://github.com/${reusable}`)
  })

  it("refuses a certificate that names no GitHub workflow as this run's (nothing to compare with)", () => {
    const root = (sigstore.trustedRoot() as any).certificateAuthorities[0].certChain.certificates[0].rawBytes as string
    const notFulcio = structuredClone(ours)
    notFulcio.verification_material.certificate = root
    expect(() => thisWorkflow(notFulcio)).toThrow(/names no GitHub Actions workflow/)
  })

  it('verifies what the index stored as it was uploaded: signature, digest, certificate and publisher', () => {
    expect(trust.verifier).toBeDefined()
    expect(check(served(ours))).toEqual({ verified: true, publisher: PUBLISHER })
    // also found among other publishers' bundles and other attestations
    const other = { ...served(ours, { ...PUBLISHER, workflow: 'other.yml' }) }
    expect(check({ version: 1, attestation_bundles: [...other.attestation_bundles, ...served(ours).attestation_bundles] })).toEqual({
      verified: true,
      publisher: PUBLISHER
    })
  })

  it('verifies an attestation once per run: the second index serving the same one reuses the outcome, another one is verified', async () => {
    const run = await provenanceTrust({ ...env })
    const verified = (run as { verified: Map<string, unknown> }).verified
    expect(checkFileProvenance('pypi', WHEEL, served(ours), expected, run)).toMatchObject({ verified: true })
    expect(checkFileProvenance('testpypi', WHEEL, served(ours), expected, run)).toMatchObject({ verified: true })
    expect(verified.size).toBe(1)
    const resigned = structuredClone(ours)
    resigned.envelope.signature = Buffer.alloc(64, 1).toString('base64')
    for (const index of ['pypi', 'testpypi']) {
      expect(checkFileProvenance(index, WHEEL, served(resigned), expected, run)).toMatchObject({
        verified: false,
        warning: expect.stringContaining(`on ${index} does not verify`)
      })
    }
    expect(verified.size).toBe(2)
  })

  it('warns, naming both, for another publisher: another workflow, another repository, another kind', () => {
    const warning = (publisher: Pep740Publisher): string => (check(served(ours, publisher)) as { warning: string }).warning
    expect(warning({ ...PUBLISHER, workflow: 'other.yml' })).toBe(
      `${INDEX} shows ${WHEEL.filename} under the publisher GitHub, repository octo/greeter, workflow other.yml, environment pypi, not this workflow (GitHub, repository octo/greeter, workflow release.yml)`
    )
    expect(warning({ ...PUBLISHER, repository: 'evil/greeter' })).toContain('repository evil/greeter')
    expect(warning({ kind: 'GitLab', repository: 'octo/greeter', workflow_filepath: '.gitlab-ci.yml' })).toContain(
      'under the publisher GitLab, repository octo/greeter, workflow_filepath .gitlab-ci.yml, not this workflow'
    )
  })

  it("escapes and cuts short the index's text in a warning", () => {
    const hostile = { kind: 'GitHub', repository: 'octo/greeter', workflow: `x.yml\n::error::pwned ${'z'.repeat(300)}` }
    const { warning } = check(served(ours, hostile)) as { warning: string }
    expect(warning).not.toMatch(/[\n\r]/)
    expect(warning).toContain('x.yml\\u000a::error::pwned zzz')
    expect(warning.length).toBeLessThan(400)
  })

  it('warns that an attestation changed after signing does not verify, and says why', () => {
    const statement = JSON.parse(Buffer.from(ours.envelope.statement, 'base64').toString('utf8'))
    statement.predicate = { changed: true }
    const tampered = structuredClone(ours)
    tampered.envelope.statement = Buffer.from(JSON.stringify(statement)).toString('base64')
    expect(check(served(tampered))).toEqual({
      verified: false,
      warning: `${WHEEL.filename}'s attestation on ${INDEX} does not verify: DSSE payload hash mismatch`
    })
    const resigned = structuredClone(ours)
    resigned.envelope.signature = Buffer.alloc(64, 1).toString('base64')
    expect(check(served(resigned))).toMatchObject({ verified: false, warning: expect.stringMatching(/does not verify: .*signature/i) })
  })

  it('warns about a real signature of another workflow, or of another digest', async () => {
    const otherWorkflow = await sign(WHEEL, {
      workflow_ref: 'octo/greeter/.github/workflows/other.yml@refs/tags/v0.3.1',
      job_workflow_ref: 'octo/greeter/.github/workflows/other.yml@refs/tags/v0.3.1'
    })
    expect(check(served(otherWorkflow))).toEqual({
      verified: false,
      warning:
        `${WHEEL.filename}'s attestation on ${INDEX} is signed with a certificate whose subject alternative name is ` +
        `https://github.com/octo/greeter/.github/workflows/other.yml@refs/tags/v0.3.1, not this workflow's https://github.com/${RELEASE_YML}`
    })
    // the same workflow at another ref (an earlier run's attestation) is not this run's either
    const earlier = await sign(WHEEL, {
      ref: 'refs/tags/v0.3.0',
      workflow_ref: 'octo/greeter/.github/workflows/release.yml@refs/tags/v0.3.0',
      job_workflow_ref: 'octo/greeter/.github/workflows/release.yml@refs/tags/v0.3.0'
    })
    expect(check(served(earlier))).toMatchObject({ verified: false, warning: expect.stringContaining('release.yml@refs/tags/v0.3.0, not this workflow') })
    const otherDigest = await sign({ ...WHEEL, sha256: 'f'.repeat(64) })
    expect(check(served(otherDigest))).toEqual({
      verified: false,
      warning: `${INDEX} shows ${WHEEL.filename} without an attestation of its sha256 ${WHEEL.sha256}: its provenance attests ${WHEEL.filename} sha256 ${'f'.repeat(64)}`
    })
    expect(check({ version: 1, attestation_bundles: [] })).toEqual({
      verified: false,
      warning: `${INDEX} shows ${WHEEL.filename} without an attestation of its sha256 ${WHEEL.sha256}: its provenance holds none`
    })
  })

  it('without a trusted root: compares the workflow the certificate claims, and cannot see a changed signature', async () => {
    const none = await provenanceTrust({})
    expect(none).toEqual({ verifier: undefined, reason: 'no trusted root was given (SIGSTORE_TRUSTED_ROOT)' })
    expect(check(served(ours), none)).toEqual({ verified: true, publisher: PUBLISHER })
    const resigned = structuredClone(ours)
    resigned.envelope.signature = Buffer.alloc(64, 1).toString('base64')
    expect(check(served(resigned), none)).toEqual({ verified: true, publisher: PUBLISHER })
    const otherWorkflow = await sign(WHEEL, { job_workflow_ref: 'octo/greeter/.github/workflows/other.yml@refs/tags/v0.3.1' })
    expect(check(served(otherWorkflow), none)).toMatchObject({
      verified: false,
      warning: expect.stringContaining('other.yml@refs/tags/v0.3.1, not this workflow')
    })
  })

  it('with a trusted root that cannot be read, says so without throwing; another root refuses the signature', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pra-provenance-'))
    const missing = await provenanceTrust({ SIGSTORE_TRUSTED_ROOT: join(dir, 'absent.json') })
    expect(missing.verifier).toBeUndefined()
    expect((missing as { reason: string }).reason).toMatch(/^the trusted root in SIGSTORE_TRUSTED_ROOT could not be used: .*absent\.json/)
    await writeFile(join(dir, 'bad.json'), '{"mediaType": 1}')
    expect(await provenanceTrust({ SIGSTORE_TRUSTED_ROOT: join(dir, 'bad.json') })).toEqual({
      verifier: undefined,
      reason: 'the trusted root in SIGSTORE_TRUSTED_ROOT names no certificate authority or no transparency log'
    })
    await writeFile(join(dir, 'not-json.json'), 'not json\n::error::x')
    expect(await provenanceTrust({ SIGSTORE_TRUSTED_ROOT: join(dir, 'not-json.json') })).toMatchObject({
      verifier: undefined,
      reason: expect.not.stringMatching(/\n/)
    })

    const stranger = structuredClone(sigstore.trustedRoot()) as any
    stranger.certificateAuthorities[0].certChain.certificates[0].rawBytes = stranger.timestampAuthorities[0].certChain.certificates[1].rawBytes
    const strangerTrust: ProvenanceTrust = { verifier: attestationVerifier(trustMaterialFromJSON(stranger)), source: 'another root' }
    expect(check(served(ours), strangerTrust)).toMatchObject({ verified: false, warning: expect.stringMatching(/does not verify: .*certificate/i) })
  })

  it('verifyAttestationBundle matches a string identity exactly (the verifier reads a string as an unanchored pattern)', () => {
    const bundle = {
      mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json',
      verificationMaterial: { certificate: { rawBytes: ours.verification_material.certificate }, tlogEntries: ours.verification_material.transparency_entries },
      dsseEnvelope: { payload: ours.envelope.statement, payloadType: 'application/vnd.in-toto+json', signatures: [{ sig: ours.envelope.signature, keyid: '' }] }
    } as never
    const expect_ = (subjectAlternativeName: string) => () =>
      verifyAttestationBundle(bundle, trust.verifier!, {
        ...WHEEL,
        predicateType: 'https://docs.pypi.org/attestations/publish/v1',
        identity: { subjectAlternativeName, issuer: oidc.issuer }
      })
    expect(expect_(`https://github.com/${RELEASE_YML}`)).not.toThrow()
    // a prefix of it, and a pattern that matches it loosely, are other identities
    expect(expect_('https://github.com/octo/greeter/.github/workflows/release.yml')).toThrow(/certificate identity error/)
    expect(expect_('octo/greeter')).toThrow(/certificate identity error/)
  })

  it("an earlier run's upload: this repository's workflow file at any ref; not another file, another host, or a branch name's '@' misread", async () => {
    const earlier = workflowOfRun({ repository: 'octo/greeter', workflowRef: 'octo/greeter/.github/workflows/release.yml@refs/heads/release@2' })
    expect(earlier).toEqual({ repository: 'octo/greeter', workflow: 'release.yml', sourceRepositoryUri: 'https://github.com/octo/greeter' })
    // signed by a run at another ref of the same workflow file: verified, publisher names case-insensitive like GitHub's
    const otherRef = await sign(WHEEL, { ref: 'refs/tags/v0.3.0', workflow_ref: 'octo/greeter/.github/workflows/release.yml@refs/tags/v0.3.0' })
    expect(checkFileProvenance(INDEX, WHEEL, served(otherRef, { ...PUBLISHER, repository: 'Octo/Greeter' }), earlier!, trust)).toEqual({
      verified: true,
      publisher: { ...PUBLISHER, repository: 'Octo/Greeter' }
    })
    // another server's repository of the same name (a GitHub Enterprise Server, say) is not this one
    const ghes = workflowOfRun({ serverUrl: 'https://ghe.example', repository: 'octo/greeter', workflowRef: RELEASE_YML })!
    expect(checkFileProvenance(INDEX, WHEEL, served(otherRef), ghes, trust)).toEqual({
      verified: false,
      warning: expect.stringMatching(
        /is signed with a certificate for https:\/\/github\.com\/octo\/greeter\/\.github\/workflows\/release\.yml@refs\/tags\/v0\.3\.0, not this repository's workflow/
      )
    })
    // a workflow file whose name begins like this one's is another file
    const longer = workflowOfRun({ repository: 'octo/greeter', workflowRef: 'octo/greeter/.github/workflows/release.yml.bak@refs/heads/main' })!
    expect(checkFileProvenance(INDEX, WHEEL, served(otherRef, { ...PUBLISHER, workflow: 'release.yml.bak' }), longer, trust).verified).toBe(false)
    expect(workflowOfRun({ repository: 'octo/greeter', workflowRef: 'other/repo/.github/workflows/release.yml@refs/heads/main' })).toBeUndefined()
    expect(workflowOfRun({ repository: 'octo/greeter', workflowRef: 'octo/greeter/.github/workflows/release.yml' })).toBeUndefined()
  })

  it('mapConcurrently keeps the order and runs at most `width` at once', async () => {
    let running = 0
    let most = 0
    const results = await mapConcurrently([5, 1, 4, 2, 3, 0, 6, 2, 1, 3], 3, async delay => {
      most = Math.max(most, ++running)
      await new Promise(resolve => setTimeout(resolve, delay * 3))
      running--
      return delay * 10
    })
    expect(results).toEqual([50, 10, 40, 20, 30, 0, 60, 20, 10, 30])
    expect(most).toBe(3)
    expect(await mapConcurrently([], 8, async () => 1)).toEqual([])
  })
})
