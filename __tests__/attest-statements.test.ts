// The statements byte for byte as the reference producers emit them. The expected payloads are the
// statements inside two attestations published for pypi-attestations 0.0.19 (its test assets
// pypi_attestations-0.0.19.tar.gz.publish.attestation, signed by pypa/gh-action-pypi-publish through
// pypi-attestations, and ....slsa.attestation, signed by actions/attest-build-provenance), and of the
// spt3g wheel's publish attestation: given the same file and run, ours must be the same bytes.
import { describe, expect, it } from '@jest/globals'
import {
  IN_TOTO_PAYLOAD_TYPE,
  provenanceStatement,
  publishStatement,
  statementBytes,
  workflowRunFromClaims,
  workflowRunFromEnv,
  type WorkflowRun
} from '../src/attest/statements.js'

const SDIST = {
  filename: 'pypi_attestations-0.0.19.tar.gz',
  sha256: '9bb1add04b1b4e182be6b0b80931593f7a291eb49d69b4fd728a5d4cbcdc4bd3'
}

const PUBLISH_REFERENCE =
  '{"_type":"https://in-toto.io/Statement/v1","subject":[{"name":"pypi_attestations-0.0.19.tar.gz","digest":{"sha256":"9bb1add04b1b4e182be6b0b80931593f7a291eb49d69b4fd728a5d4cbcdc4bd3"}}],"predicateType":"https://docs.pypi.org/attestations/publish/v1","predicate":null}'

const WHEEL = {
  filename: 'spt3g-1.0-cp310-cp310-manylinux_2_17_x86_64.manylinux2014_x86_64.whl',
  sha256: 'd2772f9a5199f05ed1be8d9aa78b879e51772e3ead9d73fe8057257b1aec7cf8'
}
const WHEEL_PUBLISH_REFERENCE =
  '{"_type":"https://in-toto.io/Statement/v1","subject":[{"name":"spt3g-1.0-cp310-cp310-manylinux_2_17_x86_64.manylinux2014_x86_64.whl","digest":{"sha256":"d2772f9a5199f05ed1be8d9aa78b879e51772e3ead9d73fe8057257b1aec7cf8"}}],"predicateType":"https://docs.pypi.org/attestations/publish/v1","predicate":null}'

const PROVENANCE_REFERENCE =
  '{"_type":"https://in-toto.io/Statement/v1","subject":[{"name":"pypi_attestations-0.0.19.tar.gz","digest":{"sha256":"9bb1add04b1b4e182be6b0b80931593f7a291eb49d69b4fd728a5d4cbcdc4bd3"}}],"predicateType":"https://slsa.dev/provenance/v1","predicate":{"buildDefinition":{"buildType":"https://actions.github.io/buildtypes/workflow/v1","externalParameters":{"workflow":{"ref":"refs/tags/v0.0.19","repository":"https://github.com/trailofbits/pypi-attestations","path":".github/workflows/release.yml"}},"internalParameters":{"github":{"event_name":"release","repository_id":"772247423","repository_owner_id":"2314423","runner_environment":"github-hosted"}},"resolvedDependencies":[{"uri":"git+https://github.com/trailofbits/pypi-attestations@refs/tags/v0.0.19","digest":{"gitCommit":"08802efe1f8e5fec4ad842d6b8ce97656092ee72"}}]},"runDetails":{"builder":{"id":"https://github.com/trailofbits/pypi-attestations/.github/workflows/release.yml@refs/tags/v0.0.19"},"metadata":{"invocationId":"https://github.com/trailofbits/pypi-attestations/actions/runs/12169989787/attempts/1"}}}}'

/** That release run's variables, as the runner sets them. */
const ENV = {
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'trailofbits/pypi-attestations',
  GITHUB_REPOSITORY_ID: '772247423',
  GITHUB_REPOSITORY_OWNER_ID: '2314423',
  GITHUB_WORKFLOW_REF: 'trailofbits/pypi-attestations/.github/workflows/release.yml@refs/tags/v0.0.19',
  GITHUB_EVENT_NAME: 'release',
  GITHUB_REF: 'refs/tags/v0.0.19',
  GITHUB_SHA: '08802efe1f8e5fec4ad842d6b8ce97656092ee72',
  GITHUB_RUN_ID: '12169989787',
  GITHUB_RUN_ATTEMPT: '1',
  RUNNER_ENVIRONMENT: 'github-hosted'
}

describe('publishStatement (PEP 740 publish attestation)', () => {
  it('is byte for byte the statement pypi-attestations signs for an sdist and a wheel', () => {
    expect(statementBytes(publishStatement(SDIST)).toString('utf8')).toBe(PUBLISH_REFERENCE)
    expect(statementBytes(publishStatement(WHEEL)).toString('utf8')).toBe(WHEEL_PUBLISH_REFERENCE)
    expect(IN_TOTO_PAYLOAD_TYPE).toBe('application/vnd.in-toto+json')
  })

  it('keeps the file name exactly as uploaded (no normalization)', () => {
    const name = 'My.Package-1.0.0-py3-none-any.whl'
    expect(publishStatement({ filename: name, sha256: SDIST.sha256 }).subject).toEqual([{ name, digest: { sha256: SDIST.sha256 } }])
  })

  it('refuses what the index would refuse: a path, a bad digest, a file that is not a distribution', () => {
    expect(() => publishStatement({ filename: 'dist/a-1.0.tar.gz', sha256: SDIST.sha256 })).toThrow(/without a directory/)
    expect(() => publishStatement({ filename: 'a-1.0.tar.gz', sha256: SDIST.sha256.toUpperCase() })).toThrow(/64 lowercase hex/)
    expect(() => publishStatement({ filename: 'a-1.0.tar.gz', sha256: 'abc' })).toThrow(/64 lowercase hex/)
    expect(() => publishStatement({ filename: 'a-1.0.tar.bz2', sha256: SDIST.sha256 })).toThrow(/wheels .* and sdists/)
  })
})

describe('provenanceStatement (SLSA v1, as actions/attest-build-provenance)', () => {
  it('is byte for byte the statement actions/attest-build-provenance signed for the same run', () => {
    const run = workflowRunFromEnv(ENV)
    expect(statementBytes(provenanceStatement(SDIST, run)).toString('utf8')).toBe(PROVENANCE_REFERENCE)
  })

  it('reads the same run from the OIDC token claims, and keeps a reusable workflow as the builder', () => {
    const claims = {
      repository: ENV.GITHUB_REPOSITORY,
      repository_id: ENV.GITHUB_REPOSITORY_ID,
      repository_owner_id: ENV.GITHUB_REPOSITORY_OWNER_ID,
      workflow_ref: ENV.GITHUB_WORKFLOW_REF,
      job_workflow_ref: ENV.GITHUB_WORKFLOW_REF,
      event_name: ENV.GITHUB_EVENT_NAME,
      ref: ENV.GITHUB_REF,
      sha: ENV.GITHUB_SHA,
      run_id: ENV.GITHUB_RUN_ID,
      run_attempt: ENV.GITHUB_RUN_ATTEMPT,
      runner_environment: ENV.RUNNER_ENVIRONMENT
    }
    const fromClaims = workflowRunFromClaims(claims, 'https://github.com')
    expect(statementBytes(provenanceStatement(SDIST, fromClaims)).toString('utf8')).toBe(PROVENANCE_REFERENCE)

    const reusable = workflowRunFromClaims({ ...claims, job_workflow_ref: 'octo/shared/.github/workflows/publish.yml@refs/heads/main' }, 'https://github.com')
    const predicate = provenanceStatement(SDIST, reusable).predicate
    expect(predicate.runDetails.builder.id).toBe('https://github.com/octo/shared/.github/workflows/publish.yml@refs/heads/main')
    // the external parameters still name the top-level workflow the event started
    expect(predicate.buildDefinition.externalParameters.workflow.path).toBe('.github/workflows/release.yml')
    expect(() => workflowRunFromClaims({ ...claims, sha: undefined }, 'https://github.com')).toThrow(/'sha' claim/)
  })

  it('splits a workflow ref whose tag holds an @ at the first @, as @actions/attest does', () => {
    const run: WorkflowRun = {
      ...workflowRunFromEnv(ENV),
      ref: 'refs/tags/@scope/pkg@1.0.0',
      workflowRef: 'trailofbits/pypi-attestations/.github/workflows/release.yml@refs/tags/@scope/pkg@1.0.0'
    }
    const predicate = provenanceStatement(SDIST, run).predicate
    expect(predicate.buildDefinition.externalParameters.workflow).toEqual({
      ref: 'refs/tags/@scope/pkg@1.0.0',
      repository: 'https://github.com/trailofbits/pypi-attestations',
      path: '.github/workflows/release.yml'
    })
    expect(predicate.buildDefinition.resolvedDependencies[0]?.uri).toBe('git+https://github.com/trailofbits/pypi-attestations@refs/tags/@scope/pkg@1.0.0')
  })

  it('uses GITHUB_SERVER_URL for a GitHub Enterprise host and names every missing variable', () => {
    const run = workflowRunFromEnv({ ...ENV, GITHUB_SERVER_URL: 'https://octo.ghe.com/' })
    const predicate = provenanceStatement(SDIST, run).predicate
    expect(predicate.runDetails.metadata.invocationId).toBe('https://octo.ghe.com/trailofbits/pypi-attestations/actions/runs/12169989787/attempts/1')
    const { GITHUB_REPOSITORY_ID: _id, RUNNER_ENVIRONMENT: _runner, ...partial } = ENV
    expect(() => workflowRunFromEnv(partial)).toThrow(/GITHUB_REPOSITORY_ID, RUNNER_ENVIRONMENT/)
    // a GitHub Release asset may be any file, not only a distribution
    expect(provenanceStatement({ filename: 'checksums.txt', sha256: SDIST.sha256 }, run).subject[0]?.name).toBe('checksums.txt')
  })
})
