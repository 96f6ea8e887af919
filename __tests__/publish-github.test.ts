// The github target in-process against the local GitHub (every request checked against GitHub's
// OpenAPI description): real builds of the sample project, the draft-first release, idempotent
// re-runs, a racing pair of runs, injected faults, and the refusals a maintainer must be able to act on.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { GitHubTarget, type GitHubSettings } from '../src/publish/github.js'
import { githubClient } from '../src/publish/github-api.js'
import type { BuildArtifact, PublishResult } from '../src/types.js'
import { GitHubServer, type Fault, type GitHubServerOptions } from '../test/servers/github.js'
import { buildReleases } from './helpers/builds.js'

const FAST_RETRY = { attempts: 4, baseDelayMs: 20, maxDelayMs: 5000 }
const sha256 = (content: Buffer): string => createHash('sha256').update(content).digest('hex')

describe('github target against the local GitHub', () => {
  let first: BuildArtifact[]
  let rebuilt: BuildArtifact[]
  let changed: BuildArtifact[]
  let server: GitHubServer
  let logs: string[]

  const settings = (overrides: Partial<GitHubSettings> = {}): GitHubSettings => {
    const token = overrides.token ?? server.token({ contents: 'write' })
    const logger = { info: (message: string) => logs.push(message), debug: () => {} }
    return {
      token,
      apiUrl: server.apiUrl,
      repository: `${server.owner}/${server.repo}`,
      commit: server.commits[0],
      tag: 'v0.3.1',
      name: 'v0.3.1',
      notes: '## 0.3.1\n\n- Greets in more languages.\n',
      keepDraft: false,
      prerelease: false,
      makeLatest: undefined,
      overwriteAssets: false,
      concurrency: 4,
      version: '0.3.1',
      tagPrefix: 'v',
      mayWrite: true,
      logger,
      retry: FAST_RETRY,
      client: async () => githubClient({ token, apiUrl: server.apiUrl, logger, retry: FAST_RETRY }),
      ...overrides
    }
  }
  /** One run: preflight, publish, then finalize as the manager does once every target published. */
  const release = async (artifacts: BuildArtifact[], overrides: Partial<GitHubSettings> = {}) => {
    const target = new GitHubTarget(settings(overrides))
    const preflight = await target.preflight(artifacts)
    let published: PublishResult | undefined
    if (preflight.ready) published = await target.finalize(await target.publish(preflight))
    return { target, preflight, published }
  }
  const start = async (options: GitHubServerOptions = {}): Promise<GitHubServer> => {
    server = await new GitHubServer(options).start()
    return server
  }
  /** The release's assets as GitHub holds them: name → sha256 of the stored bytes. */
  const stored = (tag = 'v0.3.1'): Record<string, string> =>
    Object.fromEntries((server.publishedRelease(tag)?.assets ?? []).map(asset => [asset.name, sha256(asset.content)]))
  const sums = (artifacts: BuildArtifact[]): string =>
    [...artifacts]
      .sort((a, b) => (a.filename < b.filename ? -1 : 1))
      .map(a => `${a.sha256}  ${a.filename}\n`)
      .join('')
  const expected = (artifacts: BuildArtifact[]): Record<string, string> => ({
    ...Object.fromEntries(artifacts.map(a => [a.filename, a.sha256])),
    SHA256SUMS: sha256(Buffer.from(sums(artifacts)))
  })

  beforeAll(async () => {
    ;({ first, rebuilt, changed } = await buildReleases())
  }, 120_000)
  afterEach(async () => {
    expect(server.violations).toEqual([])
    await server.stop()
  })
  beforeEach(() => {
    logs = []
  })

  it('drafts the release, uploads wheel, sdist and SHA256SUMS, publishes it last, and a re-run changes nothing', async () => {
    await start()
    const { preflight, published } = await release(first)
    expect(preflight).toMatchObject({ ready: true, message: 'ready: 3 of 3 assets to upload to the draft release v0.3.1 (created by this run)' })
    expect(published).toMatchObject({ status: 'published', uploaded: expect.arrayContaining([...first.map(a => a.filename), 'SHA256SUMS']), skipped: [] })
    expect(published?.message).toMatch(/; release published$/)
    const [only, ...others] = server.releases
    expect(others).toEqual([])
    expect(only).toMatchObject({
      tagName: 'v0.3.1',
      draft: false,
      prerelease: false,
      name: 'v0.3.1',
      body: '## 0.3.1\n\n- Greets in more languages.\n',
      makeLatest: 'true'
    })
    expect(published?.url).toBe(`${server.serverUrl}/${server.owner}/${server.repo}/releases/tag/v0.3.1`)
    expect(published?.releaseId).toBe(only!.id)
    expect(stored()).toEqual(expected(first))
    expect(
      server
        .publishedRelease('v0.3.1')!
        .assets.find(a => a.name === 'SHA256SUMS')!
        .content.toString()
    ).toBe(sums(first))
    // The tag was created when the draft was published, at the commit released.
    expect(server.tags()).toEqual({ 'v0.3.1': server.commits[0] })

    const again = await release(first)
    expect(again.preflight.message).toBe('ready: all 3 assets already on the release v0.3.1')
    expect(again.published).toMatchObject({ status: 'skipped', uploaded: [], url: published?.url })
    expect(server.releases).toHaveLength(1)
    expect(server.requests.filter(r => r.api === 'upload')).toHaveLength(3)
  })

  it('keeps a rebuild with the same members, and names the members of one that differs unless overwrite-assets', async () => {
    await start()
    await release(first)
    const kept = await release(rebuilt)
    expect(kept.preflight.files.map(f => f.action)).toEqual(['skip-equivalent', 'skip-equivalent'])
    expect(kept.published).toMatchObject({ status: 'skipped', uploaded: [] })
    expect(stored()).toEqual(expected(first))

    const refused = await release(changed)
    expect(refused.preflight.ready).toBe(false)
    expect(refused.preflight.message).toMatch(
      new RegExp(`^${changed[0]!.filename} is already on the release with different content: sample_greeter/__init__.py \\(content differs\\)`)
    )
    expect(refused.preflight.message).toMatch(/Set 'overwrite-assets: true' to replace it/)
    expect(stored()).toEqual(expected(first))

    const replaced = await release(changed, { overwriteAssets: true })
    expect(replaced.published).toMatchObject({ status: 'published' })
    expect(stored()).toEqual(expected(changed))
  })

  it('finds a draft left by an earlier run (get-by-tag cannot) and completes it, on page 2 of the releases', async () => {
    await start()
    // 120 older releases put the draft on the second page of 100.
    for (let n = 0; n < 120; n++) server.seedRelease({ tagName: `v0.0.${n}`, draft: false })
    const token = server.token({ contents: 'write' })
    // The earlier run's first upload failed past its retries, which stopped the rest.
    server.inject({ on: 'upload', status: 500, times: FAST_RETRY.attempts })
    const failed = await release(first, { token, concurrency: 1 })
    expect(failed.published?.status).toBe('failed')
    expect(failed.published?.message).toMatch(/no asset was uploaded; the release stays a draft, and a re-run keeps what is there and uploads the rest\.$/)
    expect(server.releases.filter(r => r.tagName === 'v0.3.1')).toMatchObject([{ draft: true }])
    const completed = await release(first, { token })
    expect(completed.preflight.message).toMatch(/^ready: 3 of 3 assets to upload to the draft release v0\.3\.1$/)
    expect(completed.published).toMatchObject({ status: 'published' })
    expect(server.releases.filter(r => r.tagName === 'v0.3.1')).toMatchObject([{ draft: false }])
    expect(stored()).toEqual(expected(first))
  })

  it('two runs racing for one tag end with one release holding every asset once', async () => {
    await start()
    // Both runs list the releases before either creates its draft, so each creates one.
    const arrived = server.raceReleaseCreation(2)
    const [a, b] = await Promise.all([release(first), release(first)])
    expect(arrived()).toBe(2)
    expect([a.preflight.ready, b.preflight.ready]).toEqual([true, true])
    expect([a.published?.status, b.published?.status].sort()).toEqual(expect.arrayContaining(['published']))
    expect(a.published?.url).toBe(b.published?.url)
    expect(server.releases).toHaveLength(1)
    expect(server.releases[0]).toMatchObject({ draft: false, tagName: 'v0.3.1' })
    expect(stored()).toEqual(expected(first))
    expect(logs.some(line => /another run created release v0\.3\.1 first .* deleting this run's draft/.test(line))).toBe(true)
  })

  it.each<[string, Fault[]]>([
    ['a 502 on an upload', [{ on: 'upload', status: 502 }]],
    ['a connection reset mid-upload', [{ on: 'upload', reset: 'mid-upload' }]],
    ['a starter asset left by a failed upload', [{ on: 'upload', starter: true }]],
    ['an upload stored and then answered 502', [{ on: 'upload', storedThen502: true }]],
    ['a 429 with Retry-After on the API', [{ on: 'api', status: 429, retryAfter: 1 }]],
    ['a secondary rate limit', [{ on: 'api', secondaryRateLimit: true, retryAfter: 1 }]],
    ['a spent primary rate limit', [{ on: 'api', rateLimitReset: 1 }]],
    ['503s on the API', [{ on: 'api', status: 503, times: 2 }]],
    ['a slow upload answer', [{ on: 'upload', delayMs: 300 }]]
  ])('rides out %s and ends with one correct release', async (_name, faults) => {
    await start()
    server.inject(...faults)
    const { published } = await release(first)
    expect(server.faults.length).toBeGreaterThan(0)
    expect(published).toMatchObject({ status: 'published' })
    expect(server.releases).toHaveLength(1)
    expect(server.releases[0]!.assets.map(a => a.state)).toEqual(['uploaded', 'uploaded', 'uploaded'])
    expect(stored()).toEqual(expected(first))
  })

  it('an asset another run uploaded meanwhile: the same bytes count as done, other bytes fail naming it', async () => {
    await start()
    const token = server.token({ contents: 'write' })
    const target = new GitHubTarget(settings({ token }))
    const preflight = await target.preflight(first)
    const draft = server.releases[0]!
    const octokit = githubClient({ token, apiUrl: server.apiUrl, logger: { info: () => {}, debug: () => {} } })
    const [wheel, sdist] = first
    const upload = async (name: string, data: Buffer) =>
      octokit.rest.repos.uploadReleaseAsset({
        owner: server.owner,
        repo: server.repo,
        release_id: draft.id,
        url: `${server.uploadOrigin}/repos/${server.owner}/${server.repo}/releases/${draft.id}/assets{?name,label}`,
        name,
        data: data as unknown as string,
        headers: { 'content-type': 'application/zip', 'content-length': data.length }
      })
    await upload(wheel!.filename, await readFile(wheel!.path))
    await upload(sdist!.filename, Buffer.from('not the sdist'))
    const published = await target.publish(preflight)
    expect(published.status).toBe('failed')
    expect(published.message).toMatch(
      new RegExp(
        `^${sdist!.filename}: another upload put different content under ${sdist!.filename} \\(sha256 [0-9a-f]{64}, 13 bytes\\) while this run was uploading; it is left as it is`
      )
    )
    expect(logs.some(line => line.startsWith(`github: ${wheel!.filename} is on the release with this build's sha256 (after HTTP 422`))).toBe(true)
    expect(server.releases[0]).toMatchObject({ draft: true })
  })

  it('refuses a new asset for an immutable release before uploading anything', async () => {
    await start({ immutableReleases: true })
    await release([first[1]!])
    expect(server.publishedRelease('v0.3.1')).toMatchObject({ immutable: true })
    const { preflight } = await release(first)
    expect(preflight.ready).toBe(false)
    expect(preflight.message).toMatch(
      /^The release v0\.3\.1 is immutable .* refuses new or changed assets: .*\.whl, SHA256SUMS would have to change\. Release a new version instead\.$/
    )
    expect(
      server
        .publishedRelease('v0.3.1')!
        .assets.map(a => a.name)
        .sort()
    ).toEqual([first[1]!.filename, 'SHA256SUMS'].sort())
    // The same files again are fine: nothing must change.
    expect((await release([first[1]!])).published).toMatchObject({ status: 'skipped' })
  })

  it('explains a token that may not write, a refused token, and creates nothing', async () => {
    await start()
    const read = await release(first, { token: server.token({ contents: 'read' }) })
    expect(read.preflight.ready).toBe(false)
    expect(read.preflight.message).toMatch(/GitHub answered 403 \(Resource not accessible by integration\) while creating a draft release for v0\.3\.1/)
    expect(read.preflight.message).toMatch(/permissions: contents: write/)
    const bad = await release(first, { token: 'ghs_000000000000000000000000000000000000' })
    expect(bad.preflight.message).toMatch(/GitHub refused the token while reading the tag v0\.3\.1: Bad credentials/)
    expect(server.releases).toEqual([])
    const all = `${read.preflight.message}${bad.preflight.message}${logs.join('\n')}`
    expect(all).not.toContain('ghs_000000000000000000000000000000000000')
  })

  it('refuses a tag that points at another commit than the one released', async () => {
    const other = 'b'.repeat(40)
    await start({ commits: ['a'.repeat(40), other], tags: { 'v0.3.1': { sha: other, annotated: true } } })
    const { preflight } = await release(first)
    expect(preflight.ready).toBe(false)
    expect(preflight.message).toBe(
      `The tag v0.3.1 points at commit ${other}, but this run releases commit ${'a'.repeat(40)}. The files were built from another commit than the tag names: run the release from the tag's commit, or choose another 'release-tag'.`
    )
    expect(server.releases).toEqual([])
  })

  it('uses an existing tag at the commit, and refuses assets of 2 GiB and more', async () => {
    const commit = 'c'.repeat(40)
    await start({ commits: [commit], tags: { 'v0.3.1': commit } })
    const huge = { ...first[0]!, size: 2 * 1024 ** 3 }
    const { preflight } = await release([huge, first[1]!])
    expect(preflight.message).toMatch(/\.whl is 2\.00 GiB; GitHub takes release assets under 2 GiB/)
    expect(server.releases).toEqual([])
    const { published } = await release(first)
    expect(published).toMatchObject({ status: 'published' })
    expect(server.tags()).toEqual({ 'v0.3.1': commit })
  })

  it('does not make a backport the latest release, marks pre-releases, and leaves a draft when asked', async () => {
    await start()
    server.seedRelease({ tagName: 'v1.0.0', draft: false })
    await release(first)
    expect(server.publishedRelease('v0.3.1')).toMatchObject({ makeLatest: 'false' })
    const pre = await release(first, { tag: 'v1.1.0rc1', version: '1.1.0rc1', prerelease: true })
    expect(pre.published).toMatchObject({ status: 'published' })
    expect(server.publishedRelease('v1.1.0rc1')).toMatchObject({ prerelease: true, makeLatest: 'false' })
    const kept = await release(first, { tag: 'v1.2.0', version: '1.2.0', keepDraft: true })
    expect(kept.published?.message).toMatch(/left as a draft \(release-draft is true\)$/)
    expect(server.releases.find(r => r.tagName === 'v1.2.0')).toMatchObject({ draft: true })
  })

  it('a dry run proves write access with a draft and deletes it; a pull request creates nothing', async () => {
    await start()
    const dry = new GitHubTarget(settings())
    expect((await dry.preflight(first)).ready).toBe(true)
    expect(server.releases).toHaveLength(1)
    await dry.abandon()
    expect(server.releases).toEqual([])
    const pr = await release(first, { mayWrite: false, token: server.token({ contents: 'read' }) })
    expect(pr.preflight).toMatchObject({ ready: true, message: 'ready: a release for v0.3.1 will be created with 3 assets' })
    expect(server.releases).toEqual([])
  })

  it('generates the notes on GitHub when there is no changelog entry', async () => {
    await start()
    await release(first, { notes: undefined })
    expect(server.publishedRelease('v0.3.1')).toMatchObject({ generatedNotes: true })
    expect(server.publishedRelease('v0.3.1')?.body).toMatch(/Full Changelog/)
  })

  it('a bundle GitHub refuses: a warning, and the release is still published; without provenance nothing is posted', async () => {
    await start()
    const token = server.token({ contents: 'write', attestations: 'write' })
    const refused = await release(first, {
      token,
      provenance: name => (name === 'SHA256SUMS' ? undefined : ({ mediaType: 'application/vnd.dev.sigstore.bundle.v0.3+json' } as never))
    })
    expect(refused.published).toMatchObject({ status: 'published', attestations: [], provenance: 'build provenance for 0 of 2 assets (storing failed)' })
    expect(refused.published?.annotations).toEqual([expect.objectContaining({ level: 'warning', title: 'Build provenance not stored' })])
    expect(refused.published?.annotations?.[0]?.message).toMatch(/HTTP 422 .*verification material/)
    expect(server.publishedRelease('v0.3.1')).toMatchObject({ draft: false })
    expect(server.attestations).toHaveLength(0)
    await server.stop()

    await start()
    const plain = await release(first)
    expect(plain.published).toMatchObject({ status: 'published' })
    expect(plain.published?.provenance).toBeUndefined()
    expect(plain.published?.annotations).toBeUndefined()
  })
})
