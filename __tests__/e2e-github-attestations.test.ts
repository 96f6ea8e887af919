// Build provenance for GitHub Release assets end to end through the bundled action (node dist/index.js):
// a tag release to the local GitHub signs a SLSA provenance statement per wheel and sdist with the local
// Sigstore (pointed at by SIGSTORE_*), stores each with POST /repos/{owner}/{repo}/attestations, and a
// consumer reads it back by digest and verifies it with @sigstore/verify. A re-run attests nothing again,
// a token without attestations: write gets a notice and the release still goes out, and a re-run once the
// permission is given attests the assets that run left without provenance (asking GitHub per digest);
// attestations: false signs nothing, and no secret shows in any run's log, outputs or summary.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { SerializedBundle } from '@sigstore/bundle'
import { SLSA_PROVENANCE_V1, type SlsaProvenancePredicate } from '../src/attest/statements.js'
import { trustMaterialFromJSON, verifyAttestationBundle } from '../src/attest/verify.js'
import { GitHubServer, type TokenPermissions } from '../test/servers/github.js'
import { OidcProvider } from '../test/servers/oidc.js'
import { LocalSigstore, type SigstoreEnvironment } from '../test/servers/sigstore.js'
import { PYTHON, ROOT, runAction, visibleText, workspaceWith, type ActionRun } from './helpers/action.js'

const SAMPLE = join(ROOT, 'examples', 'sample-project')

describe('GitHub Release assets with build provenance', () => {
  let oidc: OidcProvider
  let sigstore: LocalSigstore
  let sigstoreEnv: SigstoreEnvironment
  let workspace: string
  const servers: GitHubServer[] = []
  const runs: ActionRun[] = []
  const tokens: string[] = []

  const startServer = async (): Promise<GitHubServer> => {
    const server = await new GitHubServer().start()
    servers.push(server)
    return server
  }
  const token = (server: GitHubServer, permissions: TokenPermissions): string => {
    const value = server.token(permissions)
    tokens.push(value)
    return value
  }
  const release = async (server: GitHubServer, inputs: Record<string, string>, idToken = true): Promise<ActionRun> => {
    const repository = `${server.owner}/${server.repo}`
    const commit = server.commits[0]!
    const run = await runAction(
      workspace,
      { 'project-dir': 'sub', stages: 'build,preflight,publish', targets: 'github', python: PYTHON, 'build-isolation': 'false', ...inputs },
      {
        GITHUB_ACTIONS: 'true',
        GITHUB_EVENT_NAME: 'push',
        GITHUB_REF: 'refs/tags/v0.3.1',
        GITHUB_SHA: commit,
        GITHUB_REPOSITORY: repository,
        GITHUB_API_URL: server.apiUrl,
        GITHUB_SERVER_URL: server.serverUrl,
        ...(idToken ? oidc.environment({ repository, sha: commit }) : {}),
        ...sigstoreEnv
      },
      180_000
    )
    runs.push(run)
    return run
  }
  const errors = (run: ActionRun): string[] => run.annotations.filter(a => a.level === 'error').map(a => a.message)
  const built = (run: ActionRun): Array<{ filename: string; sha256: string }> => JSON.parse(run.outputs['artifacts'] ?? '[]')
  const ids = (run: ActionRun): Array<{ asset: string; id: number }> => JSON.parse(run.outputs['attestation-ids'] ?? 'null')
  /** GET /repos/{owner}/{repo}/attestations/sha256:<hex>, as `gh attestation verify` asks. */
  const served = async (server: GitHubServer, sha256: string): Promise<{ status: number; bundles: SerializedBundle[] }> => {
    const response = await fetch(`${server.apiUrl}/repos/${server.owner}/${server.repo}/attestations/sha256:${sha256}`, {
      headers: { Authorization: `Bearer ${token(server, { attestations: 'read' })}`, Accept: 'application/vnd.github+json' }
    })
    if (response.status !== 200) return { status: response.status, bundles: [] }
    const body = (await response.json()) as { attestations: Array<{ bundle: SerializedBundle }> }
    return { status: 200, bundles: body.attestations.map(a => a.bundle) }
  }

  beforeAll(async () => {
    oidc = await new OidcProvider().start()
    sigstore = await new LocalSigstore(oidc).start()
    const dir = await mkdtemp(join(tmpdir(), 'pra-sigstore-'))
    sigstoreEnv = await sigstore.environment(join(dir, 'trusted_root.json'))
    workspace = (await workspaceWith(SAMPLE)).workspace
  })
  afterAll(async () => {
    for (const server of servers) expect(server.violations).toEqual([])
    await Promise.all(servers.map(server => server.stop()))
    await sigstore.stop()
    await oidc.stop()
  })

  describe('a token with attestations: write', () => {
    let server: GitHubServer
    beforeAll(async () => {
      server = await startServer()
    })

    it('attests each wheel and sdist; GitHub serves a verifiable SLSA provenance per asset digest', async () => {
      const run = await release(server, { 'github-token': token(server, { contents: 'write', attestations: 'write' }) })
      expect({ code: run.code, errors: errors(run) }).toEqual({ code: 0, errors: [] })
      expect(server.publishedRelease('v0.3.1')).toBeDefined()
      const files = built(run)
      expect(files).toHaveLength(2)
      // one OIDC token for Sigstore and one certificate for both assets
      expect(sigstore.certificates).toHaveLength(1)
      expect(oidc.issued.filter(claims => claims['aud'] === 'sigstore')).toHaveLength(1)
      expect(server.attestations).toHaveLength(2)

      const trust = trustMaterialFromJSON(sigstore.trustedRoot())
      const signer = `https://github.com/${server.owner}/${server.repo}/.github/workflows/release.yml@refs/tags/v0.3.1`
      for (const file of files) {
        const { status, bundles } = await served(server, file.sha256)
        expect(status).toBe(200)
        expect(bundles).toHaveLength(1)
        const verified = verifyAttestationBundle(bundles[0]!, trust, {
          filename: file.filename,
          sha256: file.sha256,
          predicateType: SLSA_PROVENANCE_V1,
          identity: { subjectAlternativeName: signer, issuer: oidc.issuer }
        })
        expect(verified.signer).toBe(signer)
        expect(verified.statement.subject).toEqual([{ name: file.filename, digest: { sha256: file.sha256 } }])
        const predicate = verified.statement.predicate as SlsaProvenancePredicate
        expect(predicate.buildDefinition.externalParameters.workflow).toEqual({
          ref: 'refs/tags/v0.3.1',
          repository: `${server.serverUrl}/${server.owner}/${server.repo}`,
          path: '.github/workflows/release.yml'
        })
        expect(predicate.buildDefinition.resolvedDependencies[0]?.digest.gitCommit).toBe(server.commits[0])
        expect(predicate.runDetails.builder.id).toBe(`${server.serverUrl}/${server.owner}/${server.repo}/.github/workflows/release.yml@refs/tags/v0.3.1`)
      }
      // SHA256SUMS is an asset, but not attested (as actions/attest-build-provenance attests the listed files)
      const sums = server.publishedRelease('v0.3.1')!.assets.find(asset => asset.name === 'SHA256SUMS')
      expect(sums).toBeDefined()
      const { createHash } = await import('node:crypto')
      expect((await served(server, createHash('sha256').update(sums!.content).digest('hex'))).status).toBe(404)

      const listed = ids(run)
      expect(listed.map(a => a.asset).sort()).toEqual(files.map(f => f.filename).sort())
      expect(listed.map(a => a.id).sort()).toEqual(server.attestations.map(a => a.id).sort())
      expect(run.summary).toContain('build provenance attested for 2 assets')
      for (const { id } of listed) expect(run.summary).toContain(`${server.serverUrl}/${server.owner}/${server.repo}/attestations/${id}`)
    })

    it('a re-run with the assets already there signs and stores nothing again', async () => {
      const certificates = sigstore.certificates.length
      const run = await release(server, { 'github-token': token(server, { contents: 'write', attestations: 'write' }) })
      expect({ code: run.code, errors: errors(run) }).toEqual({ code: 0, errors: [] })
      expect(JSON.parse(run.outputs['published'] ?? '[]')).toEqual([expect.objectContaining({ target: 'github', status: 'skipped' })])
      expect(sigstore.certificates).toHaveLength(certificates)
      expect(server.attestations).toHaveLength(2)
      expect(ids(run)).toEqual([])
      expect(run.summary).toContain('build provenance already on GitHub for 2 assets; nothing signed or stored again')
    })
  })

  describe('a re-run after the provenance could not be stored', () => {
    let server: GitHubServer
    let files: Array<{ filename: string; sha256: string }>
    beforeAll(async () => {
      server = await startServer()
    })
    const notices = (run: ActionRun, pattern: RegExp): string[] =>
      run.annotations.filter(a => a.level === 'notice' && pattern.test(a.message)).map(a => a.message)

    it('run 1, without attestations: write: the release goes out, a notice names the permission, nothing is stored', async () => {
      const run = await release(server, { 'github-token': token(server, { contents: 'write' }) })
      expect({ code: run.code, errors: errors(run) }).toEqual({ code: 0, errors: [] })
      expect(server.publishedRelease('v0.3.1')).toMatchObject({ draft: false })
      files = built(run)
      expect(files).toHaveLength(2)
      expect(server.attestations).toHaveLength(0)
      expect(notices(run, /permissions: attestations: write/)).toHaveLength(1)
    })

    it('the same re-run, still without it: GitHub will not say (403), so the assets are signed again, and storing is refused with the same notice', async () => {
      const certificates = sigstore.certificates.length
      const run = await release(server, { 'github-token': token(server, { contents: 'write' }) })
      expect({ code: run.code, errors: errors(run) }).toEqual({ code: 0, errors: [] })
      const unknown = notices(run, /did not say whether this repository holds build provenance/)
      expect(unknown).toHaveLength(1)
      for (const file of files) expect(unknown[0]).toContain(`${file.filename} (HTTP 403: Resource not accessible by integration)`)
      expect(sigstore.certificates).toHaveLength(certificates + 1)
      expect(notices(run, /permissions: attestations: write/)).toHaveLength(1)
      expect(server.attestations).toHaveLength(0)
    })

    it('run 2, with attestations: write: the assets already there get their provenance stored, served by digest and verifying', async () => {
      const certificates = sigstore.certificates.length
      const run = await release(server, { 'github-token': token(server, { contents: 'write', attestations: 'write' }) })
      expect({ code: run.code, errors: errors(run) }).toEqual({ code: 0, errors: [] })
      // nothing uploaded: the same build's files are on the release
      expect(JSON.parse(run.outputs['published'] ?? '[]')).toEqual([expect.objectContaining({ target: 'github', status: 'skipped' })])
      const digests = (list: Array<{ filename: string; sha256: string }>): string[] => list.map(f => `${f.sha256}  ${f.filename}`).sort()
      expect(digests(built(run))).toEqual(digests(files))
      expect(sigstore.certificates).toHaveLength(certificates + 1)
      expect(server.attestations).toHaveLength(2)
      expect(run.annotations.filter(a => a.level === 'notice' && /attestation/i.test(a.message))).toEqual([])
      const trust = trustMaterialFromJSON(sigstore.trustedRoot())
      const signer = `https://github.com/${server.owner}/${server.repo}/.github/workflows/release.yml@refs/tags/v0.3.1`
      for (const file of files) {
        const { status, bundles } = await served(server, file.sha256)
        expect(status).toBe(200)
        expect(bundles).toHaveLength(1)
        const verified = verifyAttestationBundle(bundles[0]!, trust, {
          filename: file.filename,
          sha256: file.sha256,
          predicateType: SLSA_PROVENANCE_V1,
          identity: { subjectAlternativeName: signer, issuer: oidc.issuer }
        })
        expect(verified.statement.subject).toEqual([{ name: file.filename, digest: { sha256: file.sha256 } }])
      }
      expect(
        ids(run)
          .map(a => a.asset)
          .sort()
      ).toEqual(files.map(f => f.filename).sort())
      expect(run.summary).toContain('build provenance: 2 GitHub Release assets signed (2 of them already on the release without it)')
      expect(run.summary).toContain('build provenance attested for 2 assets')
    })

    it('run 3: GitHub holds their provenance, so nothing is signed or stored again', async () => {
      const certificates = sigstore.certificates.length
      const run = await release(server, { 'github-token': token(server, { contents: 'write', attestations: 'write' }) })
      expect({ code: run.code, errors: errors(run) }).toEqual({ code: 0, errors: [] })
      expect(sigstore.certificates).toHaveLength(certificates)
      expect(server.attestations).toHaveLength(2)
      expect(ids(run)).toEqual([])
      expect(run.summary).toContain('build provenance already on GitHub for 2 assets; nothing signed or stored again')
    })
  })

  it('a token without attestations: write: a notice names the permission, and the release still goes out', async () => {
    const server = await startServer()
    const run = await release(server, { 'github-token': token(server, { contents: 'write' }) })
    expect({ code: run.code, errors: errors(run) }).toEqual({ code: 0, errors: [] })
    const published = server.publishedRelease('v0.3.1')
    expect(published).toMatchObject({ draft: false, tagName: 'v0.3.1' })
    // with the release manifest of the commit released (the files' recorded origin)
    expect(published!.assets.map(asset => asset.name).sort()).toEqual(
      [...built(run).map(f => f.filename), 'SHA256SUMS', `release-manifest.sample_greeter-0.3.1.${server.commits[0]!.slice(0, 12)}.json`].sort()
    )
    expect(server.attestations).toHaveLength(0)
    const notices = run.annotations.filter(a => a.level === 'notice' && /attestations: write/.test(a.message))
    expect(notices).toHaveLength(1)
    expect(notices[0]!.message).toContain('permissions: attestations: write')
    expect(ids(run)).toEqual([])
    expect(run.summary).toContain('build provenance not stored: the token lacks attestations: write')
  })

  it('a job without id-token: write: the release goes out without provenance, and a notice names the permission', async () => {
    const server = await startServer()
    const certificates = sigstore.certificates.length
    const run = await release(server, { 'github-token': token(server, { contents: 'write', attestations: 'write' }) }, false)
    expect({ code: run.code, errors: errors(run) }).toEqual({ code: 0, errors: [] })
    expect(server.publishedRelease('v0.3.1')).toMatchObject({ draft: false, tagName: 'v0.3.1' })
    expect(sigstore.certificates).toHaveLength(certificates)
    expect(server.attestations).toHaveLength(0)
    const notices = run.annotations.filter(a => a.level === 'notice' && /id-token: write/.test(a.message))
    expect(notices).toHaveLength(1)
    expect(ids(run)).toEqual([])
    expect(run.summary).toContain('no build provenance: nothing was signed for these assets')
  })

  it('attestations: false signs and stores nothing', async () => {
    const server = await startServer()
    const certificates = sigstore.certificates.length
    const run = await release(server, { 'github-token': token(server, { contents: 'write', attestations: 'write' }), attestations: 'false' })
    expect({ code: run.code, errors: errors(run) }).toEqual({ code: 0, errors: [] })
    expect(server.publishedRelease('v0.3.1')).toBeDefined()
    expect(sigstore.certificates).toHaveLength(certificates)
    expect(server.attestations).toHaveLength(0)
    expect(ids(run)).toEqual([])
    expect(run.summary).not.toMatch(/provenance/i)
  })

  it('never shows a GitHub token, an OIDC token or a private key in any log, output or summary', () => {
    expect(runs.length).toBeGreaterThanOrEqual(5)
    expect(oidc.issuedTokens.length).toBeGreaterThan(0)
    const secrets = [...tokens, ...oidc.issuedTokens]
    for (const text of runs.map(visibleText)) {
      for (const secret of secrets) expect(text.includes(secret)).toBe(false)
      expect(text).not.toContain('PRIVATE KEY')
    }
  })
})
