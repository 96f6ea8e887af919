// The github target's preflight, in a run that attests, asks GitHub once per asset already on the release with
// this build's sha256 whether the repository holds its build provenance (GET
// /repos/{owner}/{repo}/attestations/sha256:<hex>?predicate_type=provenance), against the local GitHub (every
// request checked against GitHub's OpenAPI description). GitHub's 404 means none; a failure leaves it unknown
// (a notice, and the asset is attested); a rebuild with other bytes is never asked about, nor is anything in a
// run that will not publish. (Served provenance, 'present', and the whole re-run are in e2e-github-attestations.)
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { GitHubTarget, type GitHubSettings } from '../src/publish/github.js'
import { githubClient, type GitHubClient } from '../src/publish/github-api.js'
import type { BuildArtifact } from '../src/types.js'
import { GitHubServer } from '../test/servers/github.js'
import { buildReleases } from './helpers/builds.js'

const FAST_RETRY = { attempts: 2, baseDelayMs: 10, maxDelayMs: 1000 }

describe('github target: build provenance of the assets already on the release', () => {
  let first: BuildArtifact[]
  let rebuilt: BuildArtifact[]
  let server: GitHubServer
  const logs: string[] = []

  const settings = (overrides: Partial<GitHubSettings> = {}, client?: (octokit: GitHubClient) => GitHubClient): GitHubSettings => {
    const token = overrides.token ?? server.token({ contents: 'write', attestations: 'write' })
    const logger = { info: (message: string) => logs.push(message), debug: () => {} }
    return {
      token,
      apiUrl: server.apiUrl,
      repository: `${server.owner}/${server.repo}`,
      commit: server.commits[0],
      tag: 'v0.3.1',
      name: 'v0.3.1',
      notes: 'notes',
      keepDraft: false,
      prerelease: false,
      makeLatest: undefined,
      overwriteAssets: false,
      concurrency: 2,
      version: '0.3.1',
      tagPrefix: 'v',
      mayWrite: true,
      logger,
      retry: FAST_RETRY,
      // attestations on; nothing signed (preflight is what is tested)
      provenance: () => undefined,
      client: async () => {
        const octokit = githubClient({ token, apiUrl: server.apiUrl, logger, retry: FAST_RETRY })
        return client ? client(octokit) : octokit
      },
      ...overrides
    }
  }
  const asked = (): Array<{ path: string; query: string; status: number }> =>
    server.requests.filter(r => r.method === 'GET' && r.path.includes('/attestations/')).map(({ path, query, status }) => ({ path, query, status }))

  beforeAll(async () => {
    ;({ first, rebuilt } = await buildReleases())
    server = await new GitHubServer().start()
    // a release whose assets went up without provenance (a run with attestations off, or one whose storing failed)
    const plain = new GitHubTarget(settings({ provenance: undefined }))
    const preflight = await plain.preflight(first)
    await plain.finalize(await plain.publish(preflight))
    expect(server.publishedRelease('v0.3.1')?.assets).toHaveLength(3)
    expect(asked()).toEqual([])
  }, 120_000)
  afterEach(() => {
    expect(server.violations).toEqual([])
    server.requests.length = 0
  })
  afterAll(async () => {
    await server.stop()
  })

  it("asks once per distribution file by its digest; GitHub's 404 means none, so each is marked for attesting", async () => {
    const preflight = await new GitHubTarget(settings()).preflight(first)
    expect(preflight.ready).toBe(true)
    expect(preflight.files.map(f => [f.artifact.filename, f.action, f.provenance])).toEqual(first.map(a => [a.filename, 'skip-identical', 'absent']))
    expect(preflight.message).toBe('ready: all 3 assets already on the release v0.3.1; this run attests the 2 already there without build provenance on GitHub')
    expect(preflight.annotations).toEqual([])
    // SHA256SUMS is not asked about (it is never attested)
    expect(asked()).toEqual(
      first.map(a => ({
        path: `/repos/${server.owner}/${server.repo}/attestations/sha256%3A${a.sha256}`,
        query: expect.stringContaining('predicate_type=provenance'),
        status: 404
      }))
    )
  })

  it('GitHub failing: the standing is unknown, a notice names the assets and what GitHub said, and they are attested', async () => {
    const failing = (octokit: GitHubClient): GitHubClient => {
      const request = octokit.request
      octokit.request = Object.assign(async (route: string, parameters?: Record<string, unknown>) => {
        if (route.startsWith('GET /repos/{owner}/{repo}/attestations/')) throw Object.assign(new Error('Service Unavailable'), { status: 503 })
        return request(route, parameters)
      }, request) as typeof octokit.request
      return octokit
    }
    const preflight = await new GitHubTarget(settings({}, failing)).preflight(first)
    expect(preflight.files.map(f => f.provenance)).toEqual(['unknown', 'unknown'])
    expect(preflight.message).toMatch(/; this run attests the 2 already there whose build provenance GitHub would not show$/)
    expect(preflight.annotations).toHaveLength(1)
    const [notice] = preflight.annotations
    expect(notice).toMatchObject({ level: 'notice', title: 'Build provenance of existing assets unknown' })
    for (const artifact of first) expect(notice!.message).toContain(`${artifact.filename} (HTTP 503: Service Unavailable)`)
    expect(notice!.message).toContain('This run signs and stores their provenance as for new assets')
    // not a permission problem: no permission advice
    expect(notice!.message).not.toContain('attestations: read')
  })

  it('a rebuild with other bytes (kept as equivalent) is not asked about: this run did not build the bytes on the release', async () => {
    const preflight = await new GitHubTarget(settings()).preflight(rebuilt)
    expect(preflight.files.map(f => [f.action, f.provenance])).toEqual([
      ['skip-equivalent', undefined],
      ['skip-equivalent', undefined]
    ])
    expect(asked()).toEqual([])
  })

  it('a run that will not publish (a pull request, a dry run), or with attestations off, asks nothing', async () => {
    await new GitHubTarget(settings({ mayWrite: false })).preflight(first)
    await new GitHubTarget(settings({ provenance: undefined })).preflight(first)
    expect(asked()).toEqual([])
  })
})
