// What PyPI's GitHub trusted publisher accepts from a job, judged from its OIDC claims before any exchange
// (src/publish/github-publisher.ts), for ordinary jobs and jobs in reusable workflows; each rule cites
// warehouse (commit 6b62157124ab) and, where the local index models the same rule independently
// (test/servers/pypi-index.ts findPublisher), the judgement is checked against its token exchange too.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { judgeGitHubJob, workflowFileOf } from '../src/publish/github-publisher.js'
import { OidcProvider, type Claims } from '../test/servers/oidc.js'
import { PyPIIndex, type TrustedPublisher } from '../test/servers/pypi-index.js'

const TAG = 'refs/tags/v0.3.1'
const CALLER = `octo/greeter/.github/workflows/release.yml@${TAG}`
const CALLED = `octo/greeter/.github/workflows/publish.yml@${TAG}`

describe("warehouse's workflow file name (warehouse/oidc/models/github.py:38-53)", () => {
  // warehouse's own cases: tests/unit/oidc/models/test_github.py:19-79
  const cases: Array<[string, string | undefined]> = [
    ['foo/bar/.github/workflows/basic.yml@refs/heads/main', 'basic.yml'],
    ['foo/bar/.github/workflows/basic.yaml@refs/heads/main', 'basic.yaml'],
    ['foo/bar/.github/workflows/has--dashes-.yml@refs/heads/main', 'has--dashes-.yml'],
    ['foo/bar/.github/workflows/has..periods..yml@refs/heads/main', 'has..periods..yml'],
    ['foo/bar/.github/workflows/nested@evil.yml@refs/heads/main', 'nested@evil.yml'],
    ['foo/bar/.github/workflows/nested.yml@evil.yml@refs/heads/main', 'nested.yml@evil.yml'],
    ['foo/bar/.github/workflows/extra.yml@nested.yml@evil.yml@refs/heads/main', 'extra.yml@nested.yml@evil.yml'],
    ['foo/bar/.github/workflows/basic.yml@refs/heads/misleading@branch.yml', 'basic.yml'],
    ['foo/bar/.github/workflows/basic.yml@refs/heads/bad@branch@twomatches.yml', 'basic.yml'],
    ['foo/bar/.github/workflows/foo.yml.foo.yml@refs/heads/main', 'foo.yml.foo.yml'],
    ['foo/bar/.github/workflows/basic.wrongsuffix@refs/heads/main', undefined],
    ['foo/bar/.github/workflows/@refs/heads/main', undefined],
    ['foo/bar/.github/workflows/.yml@refs/heads/main', undefined],
    ['foo/bar/.github/workflows/.yaml@refs/heads/main', undefined],
    ['foo/bar/.github/workflows/main.yml', undefined]
  ]
  it.each(cases)('%s → %s', (ref, file) => expect(workflowFileOf(ref)).toBe(file))
})

describe('judging a job before the token exchange', () => {
  const oidc = new OidcProvider()
  /** A job's claims as GitHub writes them (octo/greeter, the v0.3.1 tag), these overriding. */
  const job = (claims: Claims = {}): Claims => oidc.claims({ environment: 'pypi', ...claims })
  const reusable = (claims: Claims = {}): Claims => job({ workflow_ref: CALLER, job_workflow_ref: CALLED, ...claims })
  const judge = (claims: Claims, attestations = false) => judgeGitHubJob(claims, { indexName: 'pypi.org', attestations })

  it('an ordinary job (workflow_ref = job_workflow_ref) is told nothing and refused nothing, attestations included', () => {
    expect(judge(job(), true)).toEqual({})
    // a token that is not GitHub's (no job_workflow_ref): the index answers for itself
    expect(judge({}, true)).toEqual({})
  })

  // warehouse/oidc/views.py:403-417: reusable when job_workflow_ref (the called workflow) differs from workflow_ref (the caller)
  it('a job in a reusable workflow of the same repository: the publisher PyPI will match is the called file (github.py:220-233)', () => {
    const { notice, refusal } = judge(reusable())
    expect(refusal).toBeUndefined()
    expect(notice).toMatchObject({ level: 'notice', title: 'Trusted publishing from a reusable workflow' })
    expect(notice?.message).toContain(`This job runs in the reusable workflow ${CALLED}, called by ${CALLER}.`)
    expect(notice?.message).toContain("register owner 'octo', repository 'greeter', workflow 'publish.yml', environment 'pypi' ('release.yml' will not match)")
    // attestations: the certificate's Build Config URI is the caller's, PyPI expects the publisher's workflow
    // (github.py:278-284, attestations/services.py:151-160, pypi-attestations _GitHubTrustedPublisherPolicy)
    expect(notice?.message).toContain(
      `PyPI would refuse PEP 740 attestations signed in this job: it verifies them against the publisher's workflow 'publish.yml', and the signing certificate names the calling workflow (${CALLER}); this run sends none.`
    )
    expect(notice?.message).toContain('pypi/warehouse#11096')
  })

  it('a job with no environment is told to register none (github.py:111-114: a publisher without one accepts any)', () => {
    const { notice } = judge(reusable({ environment: undefined }))
    expect(notice?.message).toContain("workflow 'publish.yml', no environment (this job names none)")
  })

  it('with attestations on, a reusable workflow is an error before any exchange or signing (forklift/legacy.py:1636-1651)', () => {
    const { notice, refusal } = judge(reusable(), true)
    expect(notice?.message).toContain("workflow 'publish.yml'")
    expect(refusal?.title).toBe('pypi.org would refuse the attestations')
    expect(refusal?.message).toContain('does not match expected Trusted Publisher (publish.yml @ octo/greeter)')
    expect(refusal?.message).toContain("Set 'attestations: false' for this job, or run this action in a job of release.yml itself")
  })

  it('a reusable workflow of another repository is refused at the exchange (github.py:85-95), with warehouse’s words', () => {
    const sha = String(job()['sha'])
    const { notice, refusal } = judge(reusable({ job_workflow_ref: 'octo/shared/.github/workflows/publish.yml@refs/heads/main' }))
    expect(notice).toBeUndefined()
    expect(refusal?.title).toBe('pypi.org would refuse the token exchange')
    expect(refusal?.message).toContain(
      `The job_workflow_ref claim does not match, expecting one of ['octo/greeter/.github/workflows/publish.yml@${sha}', 'octo/greeter/.github/workflows/publish.yml@${TAG}'], got 'octo/shared/.github/workflows/publish.yml@refs/heads/main'`
    )
    expect(refusal?.message).toContain("keep the reusable workflow in octo/greeter's .github/workflows and call it as ./.github/workflows/publish.yml")
  })

  it('a reusable workflow of the same repository at another ref is refused; at the run’s commit it is not (github.py:90)', () => {
    expect(judge(reusable({ job_workflow_ref: 'octo/greeter/.github/workflows/publish.yml@refs/heads/main' })).refusal?.title).toBe(
      'pypi.org would refuse the token exchange'
    )
    expect(judge(reusable({ job_workflow_ref: 'octo/greeter/.github/workflows/publish.yml@refs/heads/main' })).refusal?.message).toContain(
      "call the reusable workflow at the run's own ref (uses: ./.github/workflows/publish.yml)"
    )
    const sha = String(job()['sha'])
    const atCommit = judge(reusable({ job_workflow_ref: `octo/greeter/.github/workflows/publish.yml@${sha}` }))
    expect(atCommit.refusal).toBeUndefined()
    expect(atCommit.notice?.message).toContain("workflow 'publish.yml'")
  })

  it('a workflow file name warehouse cannot extract is refused (github.py:223-226), and empty ref and sha (github.py:87-88)', () => {
    expect(judge(job({ job_workflow_ref: 'octo/greeter/.github/workflows/release.json@refs/tags/v0.3.1' })).refusal?.message).toContain(
      '"Could not job extract workflow filename from OIDC claims"'
    )
    expect(judge(job({ ref: '', sha: '' })).refusal?.message).toContain('"The ref and sha claims are empty"')
  })

  describe('agrees with the local index’s token exchange (its own port of find_publisher)', () => {
    let server: OidcProvider
    let index: PyPIIndex
    const publishers: TrustedPublisher[] = [
      { project: 'sample-greeter', repository: 'octo/greeter', workflow: 'publish.yml' },
      { project: 'sample-greeter', repository: 'octo/greeter', workflow: 'release.yml' }
    ]
    beforeAll(async () => {
      server = await new OidcProvider().start()
      index = await new PyPIIndex({ trustedPublishing: { issuer: server.issuer, publicKey: server.publicKey, publishers } }).start()
    })
    afterAll(async () => Promise.all([index.stop(), server.stop()]))

    const variants: Array<[string, Claims, boolean]> = [
      ['an ordinary job', {}, false],
      ['a reusable workflow of the repository', { workflow_ref: CALLER, job_workflow_ref: CALLED }, false],
      ['a reusable workflow at the run’s commit', { workflow_ref: CALLER, job_workflow_ref: 'AT_SHA' }, false],
      ['a reusable workflow at another ref', { workflow_ref: CALLER, job_workflow_ref: 'octo/greeter/.github/workflows/publish.yml@refs/heads/main' }, true],
      ['a reusable workflow of another repository', { workflow_ref: CALLER, job_workflow_ref: `octo/shared/.github/workflows/publish.yml@${TAG}` }, true]
    ]
    it.each(variants)('%s', async (_name, given, refused) => {
      const claims = server.claims({ environment: 'pypi', ...given })
      if (claims['job_workflow_ref'] === 'AT_SHA') claims['job_workflow_ref'] = `octo/greeter/.github/workflows/publish.yml@${String(claims['sha'])}`
      const judged = judgeGitHubJob(claims, { indexName: 'index', attestations: false })
      const response = await fetch(`${index.origin}/_/oidc/mint-token`, { method: 'POST', body: JSON.stringify({ token: server.sign(claims) }) })
      expect({ here: judged.refusal !== undefined, there: response.status !== 200 }).toEqual({ here: refused, there: refused })
    })
  })
})
