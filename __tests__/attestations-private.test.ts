// PEP 740 attestations from a private or internal repository: PyPI verifies them only against Sigstore's
// public-good instance, so the signing certificate, which names the repository and its workflow, goes into a
// public transparency log. Signing stays on by default, and signIndexAttestations says exactly that in a notice
// (what becomes public, why, how to opt out) when the event payload or the OIDC token's repository_visibility
// claim says the repository is not public. Signed for real with the local Sigstore (Fulcio, Rekor, TSA).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { X509Certificate } from 'node:crypto'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { signIndexAttestations, type AttestationSettings } from '../src/publish/attestations.js'
import { DistributionTarget, silentLogger, type Annotation, type BuildArtifact, type PreflightResult } from '../src/types.js'
import { OidcProvider, type Claims } from '../test/servers/oidc.js'
import { LocalSigstore, type SigstoreEnvironment } from '../test/servers/sigstore.js'

const REPOSITORY = 'octo-org/secret-greeter'
const FILE = 'secret_greeter-1.0.0-py3-none-any.whl'

/** A file a target will upload: only its name and sha256 are signed. */
function planned(target: DistributionTarget): PreflightResult {
  const artifact = { filename: FILE, sha256: 'ab'.repeat(32), path: `/dist/${FILE}`, format: 'wheel', size: 1 } as BuildArtifact
  return { target, ready: true, message: 'ready', files: [{ artifact, action: 'upload', destination: 'index' }], annotations: [] }
}

describe('PEP 740 attestations from a repository that is not public', () => {
  let oidc: OidcProvider
  let sigstore: LocalSigstore
  let sigstoreEnv: SigstoreEnvironment

  beforeAll(async () => {
    oidc = await new OidcProvider().start()
    sigstore = await new LocalSigstore(oidc).start()
    sigstoreEnv = await sigstore.environment(join(await mkdtemp(join(tmpdir(), 'pra-sigstore-')), 'trusted_root.json'))
  })
  afterAll(async () => {
    await sigstore.stop()
    await oidc.stop()
  })

  const sign = async (
    claims: Claims,
    options: { visibility?: AttestationSettings['repositoryVisibility']; targets?: DistributionTarget[]; withToken?: boolean } = {}
  ): Promise<{ notices: Annotation[]; signed: number }> => {
    const settings: AttestationSettings = { sigstoreEnv: { ...sigstoreEnv }, serverUrl: 'https://github.com', repositoryVisibility: options.visibility }
    const targets = options.targets ?? [DistributionTarget.PYPI]
    const outcome = await signIndexAttestations(
      targets.map(planned),
      () => options.withToken ?? false,
      settings,
      async audience => oidc.token({ repository: REPOSITORY, ...claims }, audience),
      silentLogger
    )
    return { notices: outcome.annotations.filter(a => /public/.test(a.title ?? '')), signed: outcome.attestations.size }
  }

  it('a private repository (the event payload says so): signed as before, and a notice says what becomes public, why, and how to opt out', async () => {
    const entries = sigstore.logEntries.length
    const { notices, signed } = await sign(
      { repository_visibility: 'private' },
      { visibility: 'private', targets: [DistributionTarget.PYPI, DistributionTarget.TEST_PYPI] }
    )
    expect(signed).toBe(1)
    expect(notices).toHaveLength(1)
    const [notice] = notices
    expect(notice).toMatchObject({ level: 'notice', title: "PEP 740 attestations make this private repository's name public" })
    // what: the repository and workflow, in the public log; why: PyPI's public-good-only verification; how out: attestations: false
    expect(notice!.message).toContain('This repository is private')
    expect(notice!.message).toContain('pypi and testpypi')
    expect(notice!.message).toContain('names the repository (owner/name), the workflow file and its ref')
    expect(notice!.message).toContain(`public transparency log (Rekor at ${sigstoreEnv.SIGSTORE_REKOR_URL})`)
    expect(notice!.message).toContain("PyPI verifies only against Sigstore's public-good instance")
    expect(notice!.message).toContain('set the input `attestations: false`')
    // and it is so: the log's new entry carries a certificate naming the private repository's workflow
    const added = sigstore.logEntries.slice(entries)
    expect(added).toHaveLength(1)
    const body = JSON.parse(added[0]!.body.toString('utf8')) as { spec: { signatures: Array<{ verifier: string }> } }
    const certificate = new X509Certificate(Buffer.from(body.spec.signatures[0]!.verifier, 'base64').toString('utf8'))
    expect(certificate.subjectAltName).toContain(`${REPOSITORY}/.github/workflows/release.yml`)
  })

  it("an internal repository known only from the OIDC token's repository_visibility claim gets the notice too", async () => {
    const { notices, signed } = await sign({ repository_visibility: 'internal' })
    expect(signed).toBe(1)
    expect(notices.map(n => n.title)).toEqual(["PEP 740 attestations make this internal repository's name public"])
    expect(notices[0]!.message).toContain('This repository is internal')
  })

  it('the event payload has the first word: a public repository gets no notice whatever the token says', async () => {
    expect((await sign({ repository_visibility: 'private' }, { visibility: 'public' })).notices).toEqual([])
  })

  it('a public repository, or one of unknown visibility, gets no notice', async () => {
    expect(await sign({ repository_visibility: 'public' })).toEqual({ notices: [], signed: 1 })
    expect(await sign({ repository_visibility: undefined })).toEqual({ notices: [], signed: 1 })
  })

  it('a private repository whose index uploads with an API token signs nothing, so it gets no such notice', async () => {
    expect(await sign({ repository_visibility: 'private' }, { visibility: 'private', withToken: true })).toEqual({ notices: [], signed: 0 })
  })
})
