// Issue 17's split jobs end to end through the bundle: two build jobs (no id-token: write) hand their files
// off through the local artifact service; one publish job (no checkout, no Python) holds the OIDC token,
// verifies what arrived, and only then signs: PEP 740 attestations for pypi and testpypi (trusted
// publishing, verified by both indexes as warehouse does) and build provenance for the GitHub Release
// assets, over the digests the build jobs' manifests recorded. An artifact changed in storage is refused
// on arrival with nothing signed, and a publish job without id-token: write publishes nothing.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { mkdtemp, readdir, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { SerializedBundle } from '@sigstore/bundle'
import { bundleFromAttestation, parseProvenance } from '../src/attest/pep740.js'
import { PYPI_PUBLISH_V1, SLSA_PROVENANCE_V1, type SlsaProvenancePredicate } from '../src/attest/statements.js'
import { trustMaterialFromJSON, verifyAttestationBundle } from '../src/attest/verify.js'
import type { ReleaseManifest } from '../src/build/manifest.js'
import { ArtifactService } from '../test/servers/artifact-service.js'
import { GitHubServer } from '../test/servers/github.js'
import { OidcProvider } from '../test/servers/oidc.js'
import { PyPIIndex } from '../test/servers/pypi-index.js'
import { LocalSigstore, type SigstoreEnvironment } from '../test/servers/sigstore.js'
import { artifactClient, copyRunArtifacts, tamperedZip } from './helpers/artifacts.js'
import { PYTHON, ROOT, runAction, visibleText, workspaceWith, type ActionRun } from './helpers/action.js'

const FIXTURE = join(ROOT, '__tests__', 'fixtures', 'projects', 'platform-wheels')
const RUN = 100
const REF = 'refs/tags/v2.1.0'
const FILES = ['tern_codec-2.1.0-py3-none-manylinux_2_17_x86_64.whl', 'tern_codec-2.1.0-py3-none-win_amd64.whl', 'tern_codec-2.1.0.tar.gz']
const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex')

describe('a matrix release with attestations: the publish job signs what arrived, after verifying it', () => {
  let service: ArtifactService
  let github: GitHubServer
  let oidc: OidcProvider
  let sigstore: LocalSigstore
  let sigstoreEnv: SigstoreEnvironment
  let commit: string
  let repository: string
  const indexes: PyPIIndex[] = []
  const runs: ActionRun[] = []
  const errors = (run: ActionRun): string[] => run.annotations.filter(a => a.level === 'error').map(a => a.message)

  const jobEnv = (runId: number, job: string): Record<string, string> => ({
    ...service.jobEnvironment(runId, job),
    GITHUB_ACTIONS: 'true',
    GITHUB_API_URL: github.apiUrl,
    // GITHUB_SERVER_URL stays the artifact service's (github.localhost): @actions/artifact refuses any other host
    GITHUB_REPOSITORY: repository,
    GITHUB_WORKFLOW: 'Release',
    GITHUB_JOB: job,
    GITHUB_SHA: commit,
    GITHUB_REF: REF,
    GITHUB_EVENT_NAME: 'push',
    RUNNER_OS: job.includes('windows') ? 'Windows' : 'Linux',
    RUNNER_ARCH: 'X64'
  })

  /** A pypi and a testpypi that take trusted publishing from this repository's release.yml in environment pypi, and verify attestations. */
  const startIndexes = async (): Promise<[PyPIIndex, PyPIIndex]> => {
    const started = await Promise.all(
      [0, 1].map(() =>
        new PyPIIndex({
          trustedPublishing: {
            issuer: oidc.issuer,
            publicKey: oidc.publicKey,
            publishers: [{ project: 'tern-codec', repository, workflow: 'release.yml', environment: 'pypi' }]
          },
          attestations: { trustedRoot: sigstore.trustedRoot() }
        }).start()
      )
    )
    indexes.push(...started)
    return started as [PyPIIndex, PyPIIndex]
  }

  /** The publish job of run `runId`: no project, no Python, trusted publishing (no password); the job's OIDC token when `idToken`. */
  const publishJob = async (
    runId: number,
    job: string,
    pypi: PyPIIndex,
    testpypi: PyPIIndex,
    idToken = true,
    more: { inputs?: Record<string, string>; env?: Record<string, string> } = {}
  ): Promise<ActionRun> => {
    const workspace = await mkdtemp(join(tmpdir(), 'pra-publish-job-'))
    const run = await runAction(
      workspace,
      {
        stages: 'preflight,publish',
        targets: 'pypi,testpypi,github',
        python: '/nonexistent/python3',
        'download-artifacts': 'dists-*',
        'expect-wheels': '*manylinux*x86_64, win_amd64',
        'repository-url': pypi.uploadUrl,
        'testpypi-repository-url': testpypi.uploadUrl,
        'github-token': github.token({ contents: 'write', attestations: 'write', actions: 'read' }),
        ...more.inputs
      },
      {
        ...jobEnv(runId, job),
        ...more.env,
        ...(idToken ? oidc.environment({ repository, sha: commit, ref: more.env?.['GITHUB_REF'] ?? REF, environment: 'pypi' }) : {}),
        ...sigstoreEnv
      },
      180_000
    )
    runs.push(run)
    return run
  }

  /** What every target and service holds, to show a refused run changed none of it. */
  const state = (pypi: PyPIIndex, testpypi: PyPIIndex) => ({
    pypi: pypi.uploads.length,
    testpypi: testpypi.uploads.length,
    release: github.publishedRelease('v2.1.0')?.assets.length ?? 0,
    attestations: github.attestations.length,
    sigstore: sigstore.requests.length,
    oidc: oidc.issued.length
  })

  beforeAll(async () => {
    service = await new ArtifactService().start()
    github = await new GitHubServer({ artifacts: service }).start()
    commit = github.commits[0]!
    repository = `${github.owner}/${github.repo}`
    oidc = await new OidcProvider().start()
    sigstore = await new LocalSigstore(oidc).start()
    sigstoreEnv = await sigstore.environment(join(await mkdtemp(join(tmpdir(), 'pra-sigstore-')), 'trusted_root.json'))
    // run 100: two build jobs, neither given an OIDC token (no id-token: write); the same sdist time, so their sdists agree
    for (const [job, platform] of [
      ['build-linux', 'manylinux_2_17_x86_64'],
      ['build-windows', 'win_amd64']
    ] as const) {
      const { workspace } = await workspaceWith(FIXTURE)
      const run = await runAction(
        workspace,
        { 'project-dir': 'sub', stages: 'certify,build', python: PYTHON, 'build-isolation': 'false', 'artifact-name': 'dists-{job}' },
        { ...jobEnv(RUN, job), ...sigstoreEnv, FIXTURE_SDIST_MTIME: '1700000000', FIXTURE_WHEEL_PLATFORM: platform }
      )
      runs.push(run)
      expect({ job, code: run.code, errors: errors(run) }).toEqual({ job, code: 0, errors: [] })
    }
    // with Sigstore configured but no OIDC token, the build jobs built and uploaded, and sent Sigstore nothing: signing is the publish job's alone
    expect(service.runArtifacts(RUN)).toHaveLength(2)
    expect(sigstore.requests).toEqual([])
  }, 120_000)
  afterAll(async () => {
    expect(github.violations).toEqual([])
    await Promise.all([service.stop(), github.stop(), sigstore.stop(), oidc.stop(), ...indexes.map(index => index.stop())])
  })

  // The refusals run first, while the GitHub Release does not exist yet: a refusal that let anything through would create it.
  it('an artifact changed in storage (a still valid wheel, its manifest edited to agree) is refused on arrival: nothing signed, nothing uploaded', async () => {
    const [pypi, testpypi] = await startIndexes()
    await copyRunArtifacts(service, RUN, 204, async () => {})
    const stored = service.runArtifacts(204).find(a => a.name === 'dists-build-linux')!
    service.blobs.get(stored.blob)!.committed!.content = tamperedZip(service.content(stored)!, FILES[0]!, 'comment')
    const before = state(pypi, testpypi)
    const run = await publishJob(204, 'publish', pypi, testpypi)
    expect(run.code).toBe(1)
    expect(errors(run).join('\n')).toMatch(
      /artifact 'dists-build-linux' \(id \d+\) of this workflow run does not match the digest the artifact service recorded when it was uploaded/
    )
    // no OIDC token asked for (neither for the indexes nor for Sigstore), no request to Fulcio, Rekor or the TSA
    expect(sigstore.requests.slice(before.sigstore)).toEqual([])
    expect(oidc.issued.slice(before.oidc)).toEqual([])
    expect(state(pypi, testpypi)).toEqual(before)
    expect(github.releases).toEqual([])
    expect(run.stdout).not.toContain('Signing')
  })

  it('a publish job without id-token: write fails before any upload, naming the permission; nothing signed or published', async () => {
    const [pypi, testpypi] = await startIndexes()
    const before = state(pypi, testpypi)
    const run = await publishJob(RUN, 'publish-no-id-token', pypi, testpypi, false)
    expect(run.code).toBe(1)
    expect(errors(run).join('\n')).toContain("Check that the workflow or job has 'permissions: id-token: write'")
    expect(state(pypi, testpypi)).toEqual(before)
    expect(pypi.files).toEqual([])
    expect(testpypi.files).toEqual([])
    // the GitHub Release's preflight drafted it; with the indexes not ready, the draft is removed
    expect(github.releases).toEqual([])
  })

  it("the publish job signs each file once, for pypi, testpypi and the GitHub Release, over the build manifests' digests", async () => {
    const [pypi, testpypi] = await startIndexes()
    const before = { tokens: oidc.issued.length, certificates: sigstore.certificates.length, entries: sigstore.logEntries.length }
    const run = await publishJob(RUN, 'publish', pypi, testpypi)
    expect({ code: run.code, errors: errors(run) }).toEqual({ code: 0, errors: [] })

    // the digests the build jobs recorded, read back from the artifacts they uploaded
    const recorded = await manifestDigests(RUN)
    expect(Object.keys(recorded).sort()).toEqual(FILES)
    const digest = (filename: string): string => {
      expect(recorded[filename]).toHaveLength(1) // both jobs' sdists agree
      return recorded[filename]![0]!
    }

    // one Sigstore token and one certificate for all six statements (three files, two predicates)
    expect(oidc.issued.slice(before.tokens).filter(claims => claims['aud'] === 'sigstore')).toHaveLength(1)
    expect(sigstore.certificates.length - before.certificates).toBe(1)
    expect(sigstore.logEntries.length - before.entries).toBe(6)

    const trust = trustMaterialFromJSON(sigstore.trustedRoot())
    const identity = { subjectAlternativeName: `https://github.com/${repository}/.github/workflows/release.yml@${REF}`, issuer: oidc.issuer }
    const signatures = new Map<string, string>()
    for (const index of [pypi, testpypi]) {
      expect(index.files.map(f => f.filename).sort()).toEqual(FILES)
      for (const stored of index.files) {
        expect(stored.sha256).toBe(digest(stored.filename))
        const response = await fetch(index.provenanceUrl(stored))
        expect(response.status).toBe(200)
        const provenance = parseProvenance(await response.json())
        expect(provenance.attestation_bundles).toHaveLength(1)
        expect(provenance.attestation_bundles[0]!.publisher).toMatchObject({ kind: 'GitHub', repository, workflow: 'release.yml', environment: 'pypi' })
        expect(provenance.attestation_bundles[0]!.attestations).toHaveLength(1)
        const attestation = provenance.attestation_bundles[0]!.attestations[0]!
        const verified = verifyAttestationBundle(bundleFromAttestation(attestation), trust, {
          filename: stored.filename,
          sha256: digest(stored.filename),
          predicateType: PYPI_PUBLISH_V1,
          identity
        })
        expect(verified.statement.subject).toEqual([{ name: stored.filename, digest: { sha256: digest(stored.filename) } }])
        // signed once: both indexes hold the same signature
        const previous = signatures.get(stored.filename)
        if (previous) expect(attestation.envelope.signature).toBe(previous)
        else signatures.set(stored.filename, attestation.envelope.signature)
      }
    }

    const assets = github.publishedRelease('v2.1.0')!.assets
    // and the release manifest recording the commit as the files' origin (origin.ts)
    expect(assets.map(a => a.name).sort()).toEqual([
      'SHA256SUMS',
      expect.stringMatching(/^release-manifest\.tern_codec-2\.1\.0\.[0-9a-f]{12}\.json$/),
      ...[...FILES].sort()
    ])
    expect(github.attestations).toHaveLength(3)
    for (const filename of FILES) {
      expect(sha256(assets.find(a => a.name === filename)!.content)).toBe(digest(filename))
      const bundles = await servedAttestations(digest(filename))
      expect(bundles).toHaveLength(1)
      const verified = verifyAttestationBundle(bundles[0]!, trust, { filename, sha256: digest(filename), predicateType: SLSA_PROVENANCE_V1, identity })
      expect(verified.statement.subject).toEqual([{ name: filename, digest: { sha256: digest(filename) } }])
      expect((verified.statement.predicate as SlsaProvenancePredicate).buildDefinition.resolvedDependencies[0]?.digest.gitCommit).toBe(commit)
    }
    expect(JSON.parse(run.outputs['attestation-ids'] ?? '[]')).toHaveLength(3)
    expect(run.summary).toContain('PEP 740 attestations: 3 files signed once for pypi, testpypi')
    expect(run.summary).toMatch(/3 files received from 2 artifacts .*; 3 verified against 2 release manifests/)
    // verified on arrival, then signed: the log says so in that order
    expect(run.stdout.indexOf('downloaded artifact')).toBeGreaterThan(-1)
    expect(run.stdout.indexOf('downloaded artifact')).toBeLessThan(run.stdout.indexOf('Signing'))
  })

  it("a promotion of run 100's files: PEP 740 attestations for the indexes, but no build provenance naming this run as the builder", async () => {
    // the release of the previous test removed, so its assets are uploaded again (and would be attested)
    const release = await fetch(`${github.apiUrl}/repos/${repository}/releases/tags/v2.1.0`, {
      headers: { authorization: `Bearer ${github.token({ contents: 'read' })}` }
    })
    if (release.status === 200) {
      const { id } = (await release.json()) as { id: number }
      const removed = await fetch(`${github.apiUrl}/repos/${repository}/releases/${id}`, {
        method: 'DELETE',
        headers: { authorization: `Bearer ${github.token({ contents: 'write' })}` }
      })
      expect(removed.status).toBe(204)
    } else await release.body?.cancel()
    const [pypi, testpypi] = await startIndexes()
    const stored = github.attestations.length
    const run = await publishJob(300, 'promote', pypi, testpypi, true, {
      inputs: { 'artifact-run-id': String(RUN) },
      env: { GITHUB_EVENT_NAME: 'workflow_dispatch', GITHUB_REF: 'refs/heads/main' }
    })
    expect({ code: run.code, errors: errors(run) }).toEqual({ code: 0, errors: [] })
    expect(
      github
        .publishedRelease('v2.1.0')!
        .assets.map(a => a.name)
        .sort()
    ).toEqual(expect.arrayContaining(FILES))
    expect(github.attestations.length).toBe(stored)
    const notice = run.annotations.find(a => a.properties['title'] === 'Build provenance skipped (built elsewhere)')
    expect(notice?.message).toMatch(/the files were built by run '100', not by this run \(300\)/)
    // the publish attestations describe this run's upload: signed and stored by both indexes as ever
    for (const index of [pypi, testpypi]) expect(index.files.map(f => f.filename).sort()).toEqual([...FILES].sort())
    for (const index of [pypi, testpypi]) expect(index.files.map(f => f.provenance?.attestation_bundles[0]?.attestations.length)).toEqual([1, 1, 1])
  })

  it('never shows an OIDC token, a minted token or a private key in any log, output or summary', () => {
    const secrets = [...oidc.issuedTokens, ...indexes.flatMap(index => index.mintedTokens)]
    expect(secrets.length).toBeGreaterThan(2)
    for (const text of runs.map(visibleText)) {
      for (const secret of secrets) expect(text.includes(secret)).toBe(false)
      expect(text).not.toContain('PRIVATE KEY')
    }
  })

  /** Filename → the sha256 each release manifest of run `runId` records for it (one entry per manifest naming it, duplicates dropped). */
  async function manifestDigests(runId: number): Promise<Record<string, string[]>> {
    const digests: Record<string, Set<string>> = {}
    for (const artifact of service.runArtifacts(runId)) {
      const dir = await mkdtemp(join(tmpdir(), 'pra-manifests-'))
      await artifactClient(service, ['download', String(artifact.id), dir], service.jobEnvironment(runId, 'reader'))
      for (const name of (await readdir(dir)).filter(n => n.startsWith('release-manifest'))) {
        const manifest = JSON.parse(await readFile(join(dir, name), 'utf8')) as ReleaseManifest
        for (const file of manifest.files) (digests[file.filename] ??= new Set()).add(file.sha256)
      }
    }
    return Object.fromEntries(Object.entries(digests).map(([name, set]) => [name, [...set]]))
  }

  /** GET /repos/{owner}/{repo}/attestations/sha256:<hex>, as `gh attestation verify` asks. */
  async function servedAttestations(digest: string): Promise<SerializedBundle[]> {
    const response = await fetch(`${github.apiUrl}/repos/${repository}/attestations/sha256:${digest}`, {
      headers: { Authorization: `Bearer ${github.token({ attestations: 'read' })}`, Accept: 'application/vnd.github+json' }
    })
    expect(response.status).toBe(200)
    return ((await response.json()) as { attestations: Array<{ bundle: SerializedBundle }> }).attestations.map(a => a.bundle)
  }
})
