// PEP 740 attestations end to end through the bundled action (node dist/index.js): one run publishes to
// two local indexes (pypi and testpypi) with trusted publishing, signing each file once with a local
// Sigstore (Fulcio, Rekor and a TSA, pointed at by SIGSTORE_*), and both indexes verify and store the
// same attestation as warehouse does. A re-run signs nothing, an API token skips attestations with a
// notice, and Fulcio down publishes nothing anywhere. No secret shows in any run's log, outputs or summary.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { attestationFromBundle, bundleFromAttestation, parseProvenance, type Pep740Attestation } from '../src/attest/pep740.js'
import { signStatements } from '../src/attest/sign.js'
import { publishStatement, PYPI_PUBLISH_V1 } from '../src/attest/statements.js'
import { trustMaterialFromJSON, verifyAttestationBundle } from '../src/attest/verify.js'
import { OidcProvider } from '../test/servers/oidc.js'
import { PyPIIndex } from '../test/servers/pypi-index.js'
import { LocalSigstore, type SigstoreEnvironment } from '../test/servers/sigstore.js'
import { PYTHON, ROOT, runAction, visibleText, workspaceWith, type ActionRun } from './helpers/action.js'
import { shownText } from './helpers/markdown.js'

const SAMPLE = join(ROOT, 'examples', 'sample-project')
const SIGNER = /^https:\/\/github\.com\/octo\/greeter\/\.github\/workflows\/release\.yml@refs\/tags\/v0\.3\.1$/

describe('PEP 740 attestations to pypi and testpypi in one run', () => {
  let oidc: OidcProvider
  let sigstore: LocalSigstore
  let sigstoreEnv: SigstoreEnvironment
  let workspace: string
  const indexes: PyPIIndex[] = []
  const runs: ActionRun[] = []

  /** A pypi and a testpypi that take trusted publishing from octo/greeter's release.yml in environment pypi, and verify attestations. */
  const startIndexes = async (verifying = true): Promise<[PyPIIndex, PyPIIndex]> => {
    const started = await Promise.all(
      [0, 1].map(() =>
        new PyPIIndex({
          trustedPublishing: {
            issuer: oidc.issuer,
            publicKey: oidc.publicKey,
            publishers: [{ project: 'sample-greeter', repository: 'octo/greeter', workflow: 'release.yml', environment: 'pypi' }]
          },
          ...(verifying ? { attestations: { trustedRoot: sigstore.trustedRoot() } } : {})
        }).start()
      )
    )
    indexes.push(...started)
    return started as [PyPIIndex, PyPIIndex]
  }

  const release = async (pypi: PyPIIndex, testpypi: PyPIIndex, more: Record<string, string> = {}, env: Record<string, string> = {}): Promise<ActionRun> => {
    const run = await runAction(
      workspace,
      {
        'project-dir': 'sub',
        stages: 'build,preflight,publish',
        targets: 'pypi,testpypi',
        python: PYTHON,
        'build-isolation': 'false',
        'repository-url': pypi.uploadUrl,
        'testpypi-repository-url': testpypi.uploadUrl,
        ...more
      },
      {
        GITHUB_ACTIONS: 'true',
        GITHUB_EVENT_NAME: 'push',
        GITHUB_REF: 'refs/tags/v0.3.1',
        GITHUB_REPOSITORY: 'octo/greeter',
        GITHUB_WORKFLOW_REF: 'octo/greeter/.github/workflows/release.yml@refs/tags/v0.3.1',
        ...oidc.environment({ environment: 'pypi' }),
        ...sigstoreEnv,
        ...env
      },
      180_000
    )
    runs.push(run)
    return run
  }
  const errors = (run: ActionRun): string[] => run.annotations.filter(a => a.level === 'error').map(a => a.message)
  const built = (run: ActionRun): Array<{ filename: string; sha256: string }> => JSON.parse(run.outputs['artifacts'] ?? '[]')

  beforeAll(async () => {
    oidc = await new OidcProvider().start()
    sigstore = await new LocalSigstore(oidc).start()
    const dir = await mkdtemp(join(tmpdir(), 'pra-sigstore-'))
    sigstoreEnv = await sigstore.environment(join(dir, 'trusted_root.json'))
    workspace = (await workspaceWith(SAMPLE)).workspace
  })
  afterAll(async () => {
    await Promise.all(indexes.map(index => index.stop()))
    await sigstore.stop()
    await oidc.stop()
  })

  describe('with trusted publishing', () => {
    let pypi: PyPIIndex
    let testpypi: PyPIIndex
    beforeAll(async () => {
      ;[pypi, testpypi] = await startIndexes()
    })

    it('signs each file once and both indexes store its verified attestation', async () => {
      const run = await release(pypi, testpypi)
      expect({ code: run.code, errors: errors(run) }).toEqual({ code: 0, errors: [] })
      const files = built(run)
      expect(files).toHaveLength(2)
      // one OIDC token for Sigstore, one Fulcio certificate, for both files and both indexes
      expect(sigstore.certificates).toHaveLength(1)
      expect(sigstore.logEntries).toHaveLength(2)
      expect(oidc.issued.filter(claims => claims['aud'] === 'sigstore')).toHaveLength(1)

      const trust = trustMaterialFromJSON(sigstore.trustedRoot())
      const statements = new Map<string, string>()
      for (const index of [pypi, testpypi]) {
        expect(index.uploads.map(u => u.status)).toEqual([200, 200])
        for (const file of files) {
          const stored = index.files.find(f => f.filename === file.filename)
          expect(stored?.sha256).toBe(file.sha256)
          // what the Integrity API serves, as a consumer reads it
          const response = await fetch(index.provenanceUrl(stored!))
          expect(response.status).toBe(200)
          const provenance = parseProvenance(await response.json())
          expect(provenance.attestation_bundles).toHaveLength(1)
          const [bundle] = provenance.attestation_bundles
          expect(bundle!.publisher).toMatchObject({ kind: 'GitHub', repository: 'octo/greeter', workflow: 'release.yml', environment: 'pypi' })
          expect(bundle!.attestations).toHaveLength(1)
          const attestation = bundle!.attestations[0]!
          const verified = verifyAttestationBundle(bundleFromAttestation(attestation), trust, {
            filename: file.filename,
            sha256: file.sha256,
            predicateType: PYPI_PUBLISH_V1,
            identity: { subjectAlternativeName: SIGNER, issuer: oidc.issuer }
          })
          expect(verified.statement.subject).toEqual([{ name: file.filename, digest: { sha256: file.sha256 } }])
          expect(verified.signer).toMatch(SIGNER)
          // signed once: pypi and testpypi hold the very same signature
          const previous = statements.get(file.filename)
          if (previous) expect(attestation.envelope.signature).toBe(previous)
          else statements.set(file.filename, attestation.envelope.signature)
        }
      }
      expect(run.summary).toContain('PEP 740 attestations: 2 files signed once for pypi, testpypi')
      // read back after publish, from each index's Integrity API: the signature verified against the trusted root
      // given, and the workflow (certificate and publisher) this run's
      const readBack =
        /provenance of 2 files read back from its Integrity API and verified: signature \(against the trusted root in SIGSTORE_TRUSTED_ROOT\) and workflow \(publisher: GitHub, repository octo\/greeter, workflow release\.yml, environment pypi\)/g
      expect(run.stdout.match(readBack)).toHaveLength(2)
      // once for each index, in its row of the Publish table: the publish stage's row names each target's status and the
      // signing, and the target's message no longer repeats the read-back its provenance cell shows (it was there twice)
      expect(shownText(run.summary).match(readBack)).toHaveLength(2)
      expect(run.summary).not.toMatch(/not re-verified|provenance warning/)
      expect(run.annotations.filter(a => a.properties['title']?.startsWith('Provenance on'))).toEqual([])
      expect(run.stdout).toContain('Signing PEP 740 attestations for 2 files with Sigstore')
    })

    it('a re-run with the files already there signs nothing and uploads nothing', async () => {
      const uploads = pypi.uploads.length + testpypi.uploads.length
      const run = await release(pypi, testpypi)
      expect({ code: run.code, errors: errors(run) }).toEqual({ code: 0, errors: [] })
      expect(JSON.parse(run.outputs['published'] ?? '[]').map((p: { target: string; status: string }) => [p.target, p.status])).toEqual([
        // TestPyPI publishes first (publish/stage.ts PUBLISH_ORDER)
        ['testpypi', 'skipped'],
        ['pypi', 'skipped']
      ])
      expect(pypi.uploads.length + testpypi.uploads.length).toBe(uploads)
      expect(sigstore.certificates).toHaveLength(1)
      expect(sigstore.logEntries).toHaveLength(2)
      expect(run.stdout).not.toContain('Signing PEP 740 attestations')
      // what an earlier run of this workflow left there is still read back and verified
      const readBack =
        /all 2 files already on .*; verified; provenance of 2 files \(2 already there, from an earlier run of this workflow\) read back from its Integrity API and verified: signature \(against the trusted root in SIGSTORE_TRUSTED_ROOT\) and workflow \(publisher: GitHub, repository octo\/greeter, workflow release\.yml/g
      expect(run.stdout.match(readBack)).toHaveLength(2)
      expect(run.annotations.filter(a => a.properties['title']?.startsWith('Provenance on'))).toEqual([])
    })

    it('a re-run from another workflow file: the files an earlier run attested are kept, with a warning that they name another workflow', async () => {
      const run = await release(pypi, testpypi, {}, { GITHUB_WORKFLOW_REF: 'octo/greeter/.github/workflows/nightly.yml@refs/heads/main' })
      expect({ code: run.code, errors: errors(run) }).toEqual({ code: 0, errors: [] })
      const warnings = run.annotations.filter(a => a.level === 'warning' && a.properties['title']?.startsWith('Provenance on')).map(a => a.message)
      expect(warnings).toHaveLength(4)
      for (const warning of warnings) {
        expect(warning).toMatch(
          /^sample_greeter-0\.3\.1.*'s attestation on .* is signed with a certificate for https:\/\/github\.com\/octo\/greeter\/\.github\/workflows\/release\.yml@refs\/tags\/v0\.3\.1, not this repository's workflow octo\/greeter nightly\.yml$/
        )
      }
    })
  })

  it('an index that takes the uploads but shows no provenance for them: published, with a warning per file', async () => {
    const [pypi, testpypi] = await startIndexes(false)
    const run = await release(pypi, testpypi, { targets: 'pypi' })
    expect({ code: run.code, errors: errors(run) }).toEqual({ code: 0, errors: [] })
    const warnings = run.annotations.filter(a => a.level === 'warning' && a.properties['title'] === 'Provenance on pypi').map(a => a.message)
    expect(warnings).toHaveLength(2)
    for (const warning of warnings)
      expect(warning).toMatch(/^127\.0\.0\.1.* shows no provenance for sample_greeter-0\.3\.1.*: its Integrity API answered HTTP 403/)
  })

  it('an index that serves altered provenance of the files this run uploaded: the run fails naming each file and what does not hold (the files are out)', async () => {
    const [pypi, testpypi] = await startIndexes()
    /** A real attestation from the local Sigstore: for this file name and another digest, or signed by another workflow of the repository. */
    const signed = async (filename: string, sha256: string, workflowRef?: string): Promise<Pep740Attestation> => {
      const refs = workflowRef ? { workflow_ref: workflowRef, job_workflow_ref: workflowRef } : {}
      const [one] = await signStatements([publishStatement({ filename, sha256 })], {
        fulcioURL: sigstoreEnv.SIGSTORE_FULCIO_URL,
        rekorURL: sigstoreEnv.SIGSTORE_REKOR_URL,
        identityToken: async () => oidc.token({ environment: 'pypi', ...refs }, 'sigstore')
      })
      return attestationFromBundle(one!.bundle)
    }
    const OTHER_DIGEST = 'f'.repeat(64)
    pypi.alterServedProvenance = (file, stored) => {
      const [bundle] = stored.attestation_bundles
      if (file.filename.endsWith('.whl')) {
        // the publisher of another workflow in the same repository
        bundle!.publisher.workflow = 'other.yml'
      } else {
        // the statement changed after signing: the same subject, another predicate
        const attestation = bundle!.attestations[0]!
        const statement = JSON.parse(Buffer.from(attestation.envelope.statement, 'base64').toString('utf8'))
        statement.predicate = { note: 'changed after signing' }
        attestation.envelope.statement = Buffer.from(JSON.stringify(statement)).toString('base64')
      }
      return stored
    }
    testpypi.alterServedProvenance = async (file, stored) => {
      const [bundle] = stored.attestation_bundles
      bundle!.attestations = [
        file.filename.endsWith('.whl')
          ? await signed(file.filename, OTHER_DIGEST)
          : await signed(file.filename, file.sha256, 'octo/greeter/.github/workflows/other.yml@refs/tags/v0.3.1')
      ]
      return stored
    }
    // TestPyPI goes first: its files are published, their provenance does not verify, and PyPI is not started
    const run = await release(pypi, testpypi)
    expect(run.code).toBe(1)
    const [wheel, sdist] = built(run).sort((a, b) => (a.filename.endsWith('.whl') ? -1 : b.filename.endsWith('.whl') ? 1 : 0))
    expect(testpypi.files.map(file => file.filename).sort()).toEqual([sdist!.filename, wheel!.filename].sort())
    expect(pypi.files).toEqual([])
    expect(JSON.parse(run.outputs['published'] ?? '[]').map((p: { target: string; status: string }) => [p.target, p.status])).toEqual([['testpypi', 'failed']])
    const name = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    const host = (index: PyPIIndex): string => name(new URL(index.origin).host)
    const [failure] = errors(run)
    expect(failure).toMatch(
      new RegExp(`^testpypi failed: 2 of 2 files uploaded to ${host(testpypi)}, but the provenance it shows for 2 of them do not verify: `)
    )
    expect(failure).toContain(
      `${new URL(testpypi.origin).host} shows ${wheel!.filename} without an attestation of its sha256 ${wheel!.sha256}: ` +
        `its provenance attests ${wheel!.filename} sha256 ${OTHER_DIGEST}`
    )
    expect(failure).toContain(
      `${sdist!.filename}'s attestation on ${new URL(testpypi.origin).host} is signed with a certificate whose subject alternative name is ` +
        "https://github.com/octo/greeter/.github/workflows/other.yml@refs/tags/v0.3.1, not this workflow's https://github.com/octo/greeter/.github/workflows/release.yml@refs/tags/v0.3.1"
    )
    // where the files are, and what to check
    expect(failure).toMatch(/The files are published \(.*\): check each one's provenance there/)
    expect(failure).toMatch(/Where the files are now: .*testpypi: 2 of 2 files/)
    expect(run.summary).toContain('❌ provenance of 2 files does not verify: ')
    expect(run.summary).not.toMatch(/read back from its Integrity API and verified/)

    // PyPI alone: another workflow's publisher, and a statement changed after signing
    const onPypi = await release(pypi, testpypi, { targets: 'pypi' })
    expect(onPypi.code).toBe(1)
    expect(pypi.files.map(file => file.filename).sort()).toEqual([sdist!.filename, wheel!.filename].sort())
    const [pypiFailure] = errors(onPypi)
    expect(pypiFailure).toMatch(
      new RegExp(
        `${host(pypi)} shows ${name(wheel!.filename)} under the publisher GitHub, repository octo/greeter, workflow other\\.yml, environment pypi, ` +
          'not this workflow \\(GitHub, repository octo/greeter, workflow release\\.yml\\)'
      )
    )
    expect(pypiFailure).toMatch(new RegExp(`${name(sdist!.filename)}'s attestation on ${host(pypi)} does not verify: DSSE payload hash mismatch`))
  })

  it('without a trusted root (as with the public-good instance): the workflow is checked, and the note says the signatures were not re-verified', async () => {
    const [pypi, testpypi] = await startIndexes()
    const run = await release(pypi, testpypi, { targets: 'pypi' }, { SIGSTORE_TRUSTED_ROOT: '' })
    expect({ code: run.code, errors: errors(run) }).toEqual({ code: 0, errors: [] })
    expect(run.annotations.filter(a => a.properties['title']?.startsWith('Provenance on'))).toEqual([])
    expect(shownText(run.summary)).toMatch(
      /provenance of 2 files read back from its Integrity API names this workflow \(publisher: GitHub, repository octo\/greeter, workflow release\.yml, environment pypi\); the attestations' signatures were checked by 127\.0\.0\.1:\d+ on upload, not re-verified here: no trusted root was given \(SIGSTORE_TRUSTED_ROOT\)/
    )
    expect(run.summary).not.toMatch(/and verified: signature/)
  })

  it('with API tokens, publishes without attestations and the summary says why', async () => {
    const [pypi, testpypi] = await startIndexes()
    const certificates = sigstore.certificates.length
    const run = await release(pypi, testpypi, { password: pypi.userToken, 'testpypi-password': testpypi.userToken })
    expect({ code: run.code, errors: errors(run) }).toEqual({ code: 0, errors: [] })
    for (const index of [pypi, testpypi]) {
      expect(index.files).toHaveLength(2)
      expect(index.files.every(file => file.provenance === undefined)).toBe(true)
    }
    expect(sigstore.certificates).toHaveLength(certificates)
    expect(run.summary).toContain('attestations skipped for pypi, testpypi: PyPI accepts them only from trusted publishing uploads')
    const notices = run.annotations.filter(a => a.level === 'notice').map(a => a.properties['title'])
    expect(notices).toEqual(expect.arrayContaining(['Attestations skipped for pypi', 'Attestations skipped for testpypi']))
  })

  it('pypi with an API token and testpypi with trusted publishing: only testpypi gets the attestations', async () => {
    const [pypi, testpypi] = await startIndexes()
    const certificates = sigstore.certificates.length
    const run = await release(pypi, testpypi, { password: pypi.userToken })
    expect({ code: run.code, errors: errors(run) }).toEqual({ code: 0, errors: [] })
    expect(pypi.files).toHaveLength(2)
    expect(pypi.files.every(file => file.provenance === undefined)).toBe(true)
    expect(testpypi.files).toHaveLength(2)
    expect(testpypi.files.every(file => file.provenance?.attestation_bundles[0]?.attestations.length === 1)).toBe(true)
    expect(sigstore.certificates).toHaveLength(certificates + 1)
    expect(run.summary).toContain('PEP 740 attestations: 2 files signed once for testpypi; attestations skipped for pypi')
  })

  it('attestations: false signs nothing and says nothing about it', async () => {
    const [pypi, testpypi] = await startIndexes()
    const certificates = sigstore.certificates.length
    const run = await release(pypi, testpypi, { attestations: 'false' })
    expect({ code: run.code, errors: errors(run) }).toEqual({ code: 0, errors: [] })
    for (const index of [pypi, testpypi]) {
      expect(index.files).toHaveLength(2)
      expect(index.files.every(file => file.provenance === undefined)).toBe(true)
    }
    expect(sigstore.certificates).toHaveLength(certificates)
    expect(run.summary).not.toMatch(/attestation/i)
  })

  it('Fulcio unavailable: the run fails naming Fulcio, and nothing is on either index', async () => {
    const [pypi, testpypi] = await startIndexes()
    sigstore.unavailable.add('fulcio')
    let run: ActionRun
    try {
      run = await release(pypi, testpypi)
    } finally {
      sigstore.unavailable.delete('fulcio')
    }
    expect(run.code).toBe(1)
    const said = errors(run).join('\n')
    expect(said).toContain(`Fulcio at ${sigstoreEnv.SIGSTORE_FULCIO_URL} did not issue a signing certificate: HTTP 503`)
    expect(said).toContain('nothing was published to any target')
    expect(run.summary).toContain('Fulcio at')
    for (const index of [pypi, testpypi]) {
      expect(index.uploads).toHaveLength(0)
      expect(index.files).toHaveLength(0)
    }
  })

  it('never shows an OIDC token, a minted token or a private key in any log, output or summary', () => {
    expect(runs.length).toBeGreaterThanOrEqual(5)
    const secrets = [...oidc.issuedTokens, ...indexes.flatMap(index => index.mintedTokens), ...indexes.map(index => index.userToken)]
    expect(oidc.issuedTokens.length).toBeGreaterThan(3)
    expect(indexes.flatMap(index => index.mintedTokens).length).toBeGreaterThan(3)
    for (const text of runs.map(visibleText)) {
      for (const secret of secrets) expect(text.includes(secret)).toBe(false)
      expect(text).not.toContain('PRIVATE KEY')
    }
  })
})
