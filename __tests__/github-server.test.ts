// The local GitHub REST server against @actions/github's Octokit (a client nobody here wrote): releases,
// drafts, tags, pagination by GitHub's Link headers, asset uploads to the upload_url and downloads by the
// signed redirect, immutable releases, check runs, permissions and injected faults. Every request and
// every answer is checked against GitHub's OpenAPI description: each test ends with no violation, except
// the ones that provoke a violation on purpose (and take it).
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { getOctokit } from '@actions/github'
import { createHash, randomBytes } from 'node:crypto'
import { GitHubServer, describedResponseProblems, loadDescription, type GitHubServerOptions } from '../test/servers/github.js'

type Octokit = ReturnType<typeof getOctokit>

const sha = (): string => randomBytes(20).toString('hex')
const COMMITS = [sha(), sha(), sha()]
const HEAD = COMMITS[0] as string

let server: GitHubServer

async function start(options: GitHubServerOptions = {}): Promise<GitHubServer> {
  server = await new GitHubServer({ commits: COMMITS, ...options }).start()
  return server
}

function client(permissions: Parameters<GitHubServer['token']>[0] = { contents: 'write', checks: 'write' }): Octokit {
  return getOctokit(server.token(permissions), { baseUrl: server.apiUrl })
}

const repo = (): { owner: string; repo: string } => ({ owner: server.owner, repo: server.repo })

/** The HTTP error a request ended with (status, response body and headers). */
async function failure(request: Promise<unknown>): Promise<{ status: number; data: any; headers: Record<string, string | undefined>; message: string }> {
  try {
    await request
  } catch (error) {
    const e = error as { status: number; response?: { data: any; headers: Record<string, string | undefined> }; message: string }
    return { status: e.status, data: e.response?.data, headers: e.response?.headers ?? {}, message: e.message }
  }
  throw new Error('The request succeeded')
}

async function upload(octokit: Octokit, release: { upload_url: string; id: number }, name: string, data: Buffer, label?: string) {
  return octokit.rest.repos.uploadReleaseAsset({
    ...repo(),
    release_id: release.id,
    url: release.upload_url,
    name,
    ...(label === undefined ? {} : { label }),
    data: data as unknown as string,
    headers: { 'content-type': 'application/octet-stream', 'content-length': data.length }
  })
}

beforeAll(async () => {
  await loadDescription()
})

afterEach(async () => {
  const violations = server.violations
  await server.stop()
  expect(violations).toEqual([])
})

describe('releases', () => {
  it('creates a draft that the tag lookup does not find, that a writer lists and a reader does not see', async () => {
    await start()
    const octokit = client()
    const { status, data: draft } = await octokit.rest.repos.createRelease({ ...repo(), tag_name: 'v1.0.0', name: 'v1.0.0', draft: true })
    expect(status).toBe(201)
    expect(draft).toMatchObject({ draft: true, tag_name: 'v1.0.0', published_at: null, immutable: false, target_commitish: 'main' })
    expect(draft.html_url).toMatch(new RegExp(`^${server.serverUrl}/octo-org/sample-greeter/releases/tag/untagged-[0-9a-f]{20}$`))
    expect(draft.upload_url).toBe(`${server.uploadOrigin}/repos/octo-org/sample-greeter/releases/${draft.id}/assets{?name,label}`)
    expect(server.tags()).toEqual({}) // a draft creates no tag

    expect((await failure(octokit.rest.repos.getReleaseByTag({ ...repo(), tag: 'v1.0.0' }))).status).toBe(404)
    expect((await octokit.rest.repos.getRelease({ ...repo(), release_id: draft.id })).data.id).toBe(draft.id)
    expect((await octokit.rest.repos.listReleases(repo())).data.map(r => r.id)).toEqual([draft.id])

    const reader = client({ contents: 'read' })
    expect((await reader.rest.repos.listReleases(repo())).data).toEqual([])
    expect((await failure(reader.rest.repos.getRelease({ ...repo(), release_id: draft.id }))).status).toBe(404)
  })

  it('lets drafts share a tag and refuses a second published release for it', async () => {
    await start()
    const octokit = client()
    const first = await octokit.rest.repos.createRelease({ ...repo(), tag_name: 'v1.0.0', draft: true })
    const second = await octokit.rest.repos.createRelease({ ...repo(), tag_name: 'v1.0.0', draft: true })
    expect(first.data.id).not.toBe(second.data.id)
    const published = await octokit.rest.repos.createRelease({ ...repo(), tag_name: 'v1.0.0', body: 'notes' })
    expect(published.data).toMatchObject({ draft: false, body: 'notes' })
    expect(published.data.published_at).not.toBeNull()
    expect(published.data.html_url).toBe(`${server.serverUrl}/octo-org/sample-greeter/releases/tag/v1.0.0`)
    expect(server.tags()).toEqual({ 'v1.0.0': HEAD })
    expect((await octokit.rest.repos.getReleaseByTag({ ...repo(), tag: 'v1.0.0' })).data.id).toBe(published.data.id)

    const refused = await failure(octokit.rest.repos.createRelease({ ...repo(), tag_name: 'v1.0.0' }))
    expect(refused.status).toBe(422)
    expect(refused.data).toMatchObject({
      message: 'Validation Failed',
      status: '422',
      errors: [{ resource: 'Release', code: 'already_exists', field: 'tag_name' }]
    })
    // Publishing one of the drafts is refused the same way.
    const publishing = await failure(octokit.rest.repos.updateRelease({ ...repo(), release_id: first.data.id, draft: false }))
    expect(publishing.data.errors).toEqual([{ resource: 'Release', code: 'already_exists', field: 'tag_name' }])
  })

  it('publishes a draft by PATCH, creating the tag at target_commitish; refuses a bad tag name or commitish', async () => {
    await start({ tags: { 'v0.9.0': COMMITS[2] as string, 'v0.8.0': { sha: COMMITS[2] as string, annotated: true } } })
    const octokit = client()
    const { data: draft } = await octokit.rest.repos.createRelease({ ...repo(), tag_name: 'v2.0.0', target_commitish: COMMITS[1], draft: true })
    expect(server.tags()['v2.0.0']).toBeUndefined()
    expect((await failure(octokit.rest.git.getRef({ ...repo(), ref: 'tags/v2.0.0' }))).status).toBe(404)
    const { data: published } = await octokit.rest.repos.updateRelease({ ...repo(), release_id: draft.id, draft: false, name: 'Version 2' })
    expect(published).toMatchObject({ draft: false, name: 'Version 2', target_commitish: COMMITS[1] })
    expect(server.tags()['v2.0.0']).toBe(COMMITS[1])
    expect(server.publishedRelease('v2.0.0')?.id).toBe(draft.id)
    const { data: ref } = await octokit.rest.git.getRef({ ...repo(), ref: 'tags/v2.0.0' })
    expect(ref).toMatchObject({ ref: 'refs/tags/v2.0.0', object: { type: 'commit', sha: COMMITS[1] } })
    // An annotated tag's ref points at the tag object, which points at the commit.
    const { data: annotated } = await octokit.rest.git.getRef({ ...repo(), ref: 'tags/v0.8.0' })
    expect(annotated.object.type).toBe('tag')
    const { data: tag } = await octokit.rest.git.getTag({ ...repo(), tag_sha: annotated.object.sha })
    expect(tag).toMatchObject({ tag: 'v0.8.0', object: { type: 'commit', sha: COMMITS[2] } })
    const { data: matching } = await octokit.rest.git.listMatchingRefs({ ...repo(), ref: 'tags/v' })
    expect(matching.map(r => r.ref)).toEqual(['refs/tags/v0.8.0', 'refs/tags/v0.9.0', 'refs/tags/v2.0.0'])
    expect((await octokit.rest.repos.getCommit({ ...repo(), ref: 'v0.9.0' })).data.sha).toBe(COMMITS[2])
    expect((await octokit.rest.repos.getLatestRelease(repo())).data.id).toBe(draft.id)

    const badTag = await failure(octokit.rest.repos.createRelease({ ...repo(), tag_name: 'v1..0' }))
    expect(badTag.data.errors).toEqual([{ resource: 'Release', code: 'invalid', field: 'tag_name' }])
    const badTarget = await failure(octokit.rest.repos.createRelease({ ...repo(), tag_name: 'v3.0.0', target_commitish: 'no-such-branch' }))
    expect(badTarget.data.errors).toEqual([{ resource: 'Release', code: 'invalid', field: 'target_commitish' }])
  })

  it("moves a tag by PATCH (a fast-forward, or any move with force), refuses an absent ref, and keeps an immutable release's tag", async () => {
    await start({ tags: { v1: COMMITS[2] as string, 'v0.8.0': { sha: COMMITS[2] as string, annotated: true } }, immutableReleases: true })
    const octokit = client()
    // COMMITS[1] descends from COMMITS[2]: a fast-forward needs no force.
    const { data: forward } = await octokit.rest.git.updateRef({ ...repo(), ref: 'tags/v1', sha: COMMITS[1] as string })
    expect(forward).toMatchObject({ ref: 'refs/tags/v1', object: { type: 'commit', sha: COMMITS[1] } })
    const back = await failure(octokit.rest.git.updateRef({ ...repo(), ref: 'tags/v1', sha: COMMITS[2] as string }))
    expect(back).toMatchObject({ status: 422, data: { message: 'Update is not a fast forward' } })
    expect(server.tags().v1).toBe(COMMITS[1])
    await octokit.rest.git.updateRef({ ...repo(), ref: 'tags/v1', sha: COMMITS[2] as string, force: true })
    expect(server.tags().v1).toBe(COMMITS[2])
    // An annotated tag moved becomes a lightweight one.
    await octokit.rest.git.updateRef({ ...repo(), ref: 'tags/v0.8.0', sha: HEAD, force: true })
    expect((await octokit.rest.git.getRef({ ...repo(), ref: 'tags/v0.8.0' })).data.object).toMatchObject({ type: 'commit', sha: HEAD })

    const absent = await failure(octokit.rest.git.updateRef({ ...repo(), ref: 'tags/v2', sha: HEAD, force: true }))
    expect(absent).toMatchObject({ status: 422, data: { message: 'Reference does not exist' } })
    const unknown = await failure(octokit.rest.git.updateRef({ ...repo(), ref: 'tags/v1', sha: sha(), force: true }))
    expect(unknown).toMatchObject({ status: 422, data: { message: 'Object does not exist' } })
    const readOnly = await failure(client({ contents: 'read' }).rest.git.updateRef({ ...repo(), ref: 'tags/v1', sha: HEAD, force: true }))
    expect(readOnly.status).toBe(403)

    await octokit.rest.repos.createRelease({ ...repo(), tag_name: 'v1.0.0', target_commitish: COMMITS[1] })
    const held = await failure(octokit.rest.git.updateRef({ ...repo(), ref: 'tags/v1.0.0', sha: HEAD, force: true }))
    expect(held).toMatchObject({ status: 422, data: { message: 'Repository rule violations found\n\nCannot update this protected ref.\n\n' } })
    expect(server.tags()['v1.0.0']).toBe(COMMITS[1])
  })

  it('pages 250 releases by 100 with Link headers that octokit.paginate follows', async () => {
    await start()
    for (let n = 0; n < 250; n++) server.seedRelease({ tagName: `v0.${n}.0` })
    const octokit = client()
    const first = await octokit.rest.repos.listReleases({ ...repo(), per_page: 100 })
    const id = server.repositoryId
    expect(first.headers.link).toBe(
      `<${server.apiUrl}/repositories/${id}/releases?per_page=100&page=2>; rel="next", <${server.apiUrl}/repositories/${id}/releases?per_page=100&page=3>; rel="last"`
    )
    const all = await octokit.paginate(octokit.rest.repos.listReleases, { ...repo(), per_page: 100 })
    expect(all).toHaveLength(250)
    expect(all[0]?.tag_name).toBe('v0.249.0') // newest first
    expect(all.at(-1)?.tag_name).toBe('v0.0.0')
    expect(new Set(all.map(r => r.id)).size).toBe(250)
    const pages = server.requests.filter(r => r.path.endsWith('/releases')).map(r => r.query)
    expect(pages).toEqual(['per_page=100', 'per_page=100', 'per_page=100&page=2', 'per_page=100&page=3'])
    const middle = await octokit.request(`GET /repositories/${id}/releases?per_page=100&page=2`)
    expect(middle.headers.link).toContain('rel="prev"')
    expect(middle.headers.link).toContain('rel="first"')
  })

  it('lets two racing clients create the same published release: one wins, one gets already_exists', async () => {
    await start()
    let arrived = 0
    let release!: () => void
    const both = new Promise<void>(resolve => (release = resolve))
    server.hooks.beforeCreateRelease = async () => {
      if (++arrived === 2) release()
      await both
    }
    const results = await Promise.allSettled([
      client().rest.repos.createRelease({ ...repo(), tag_name: 'v1.0.0' }),
      client().rest.repos.createRelease({ ...repo(), tag_name: 'v1.0.0' })
    ])
    expect(results.map(r => (r.status === 'fulfilled' ? r.value.status : (r.reason as { status: number }).status)).sort()).toEqual([201, 422])
    expect(server.releases).toHaveLength(1)
  })

  it('generates release notes and answers latest by make_latest', async () => {
    await start({ tags: { 'v0.9.0': COMMITS[1] as string } })
    server.seedRelease({ tagName: 'v0.9.0' })
    const octokit = client()
    const { data: notes } = await octokit.rest.repos.generateReleaseNotes({ ...repo(), tag_name: 'v1.0.0' })
    expect(notes.body).toMatch(/^## What's Changed\n[\s\S]*\*\*Full Changelog\*\*: .*\/compare\/v0\.9\.0\.\.\.v1\.0\.0$/)
    const { data: created } = await octokit.rest.repos.createRelease({ ...repo(), tag_name: 'v1.0.0', generate_release_notes: true, make_latest: 'false' })
    expect(created.body).toBe(notes.body)
    expect(server.releases.at(-1)?.generatedNotes).toBe(true)
    expect((await octokit.rest.repos.getLatestRelease(repo())).data.tag_name).toBe('v0.9.0')
    await octokit.rest.repos.updateRelease({ ...repo(), release_id: created.id, make_latest: 'true' })
    expect((await octokit.rest.repos.getLatestRelease(repo())).data.tag_name).toBe('v1.0.0')
    await octokit.rest.repos.deleteRelease({ ...repo(), release_id: created.id })
    expect(server.releases.map(r => r.tagName)).toEqual(['v0.9.0'])
  })
})

describe('assets', () => {
  it('uploads to the upload_url, refuses a duplicate name and lists digests', async () => {
    await start()
    const octokit = client()
    const { data: release } = await octokit.rest.repos.createRelease({ ...repo(), tag_name: 'v1.0.0', draft: true })
    const wheel = randomBytes(100_000)
    const { status, data: asset } = await upload(octokit, release, 'sample_greeter-1.0.0-py3-none-any.whl', wheel)
    expect(status).toBe(201)
    const digest = `sha256:${createHash('sha256').update(wheel).digest('hex')}`
    expect(asset).toMatchObject({
      name: 'sample_greeter-1.0.0-py3-none-any.whl',
      state: 'uploaded',
      size: wheel.length,
      digest,
      label: '',
      content_type: 'application/octet-stream'
    })
    // (Octokit expands upload_url's {?name,label} and leaves a trailing '&' for the absent label.)
    expect(server.requests.at(-1)).toMatchObject({
      method: 'POST',
      api: 'upload',
      status: 201,
      query: expect.stringMatching(/^name=sample_greeter-1\.0\.0-py3-none-any\.whl&?$/)
    })
    // GitHub renames special characters; a label is kept.
    const { data: renamed } = await upload(octokit, release, 'SHA256 SUMS (all).txt', Buffer.from('sums\n'), 'Checksums')
    expect(renamed).toMatchObject({ name: 'SHA256.SUMS..all..txt', label: 'Checksums' })

    const duplicate = await failure(upload(octokit, release, 'sample_greeter-1.0.0-py3-none-any.whl', Buffer.from('other')))
    expect(duplicate.status).toBe(422)
    expect(duplicate.data).toMatchObject({ message: 'Validation Failed', errors: [{ resource: 'ReleaseAsset', code: 'already_exists', field: 'name' }] })
    expect(duplicate.data.request_id).toMatch(/^[0-9A-F]{4}:/)

    const { data: assets } = await octokit.rest.repos.listReleaseAssets({ ...repo(), release_id: release.id })
    expect(assets.map(a => [a.name, a.digest])).toEqual([
      ['sample_greeter-1.0.0-py3-none-any.whl', digest],
      ['SHA256.SUMS..all..txt', `sha256:${createHash('sha256').update('sums\n').digest('hex')}`]
    ])
    expect(server.releases[0]?.assets[0]?.content.equals(wheel)).toBe(true)
    await octokit.rest.repos.deleteReleaseAsset({ ...repo(), asset_id: renamed.id })
    expect(server.releases[0]?.assets.map(a => a.name)).toEqual(['sample_greeter-1.0.0-py3-none-any.whl'])

    // uploads.github.com wants a Content-Length (no chunked body) and a Content-Type.
    const url = release.upload_url.replace('{?name,label}', '?name=c.whl')
    const authorization = `Bearer ${server.token({ contents: 'write' })}`
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new Uint8Array(10))
        controller.close()
      }
    })
    const chunked = await fetch(url, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/octet-stream' },
      body: stream,
      duplex: 'half'
    } as RequestInit)
    expect(chunked.status).toBe(400)
    expect(await chunked.json()).toMatchObject({ message: 'Bad Content-Length: ' })
    const untyped = await fetch(url, { method: 'POST', headers: { authorization }, body: new Uint8Array(10) })
    expect(untyped.status).toBe(422)
    expect(server.takeViolations().map(v => v.problem)).toEqual([
      expect.stringContaining('without a Content-Length'),
      expect.stringContaining('without a Content-Type')
    ])
    expect(server.releases[0]?.assets).toHaveLength(1)
  })

  it('downloads by a signed redirect that refuses a forwarded token, and by browser_download_url', async () => {
    await start()
    const octokit = client()
    const { data: release } = await octokit.rest.repos.createRelease({ ...repo(), tag_name: 'v1.0.0', draft: true })
    const sdist = randomBytes(50_000)
    const { data: asset } = await upload(octokit, release, 'sample_greeter-1.0.0.tar.gz', sdist)
    const { data } = await octokit.rest.repos.getReleaseAsset({ ...repo(), asset_id: asset.id, headers: { accept: 'application/octet-stream' } })
    expect(Buffer.from(data as unknown as ArrayBuffer).equals(sdist)).toBe(true)
    const redirect = server.requests.find(r => r.api === 'download')
    expect(redirect).toMatchObject({ method: 'GET', status: 200 }) // Octokit's fetch dropped the token on the cross-origin redirect

    // A client that forwards the token to the storage URL is refused, as S3 refuses it.
    const answer = await fetch(`${server.apiUrl}/repos/octo-org/sample-greeter/releases/assets/${asset.id}`, {
      headers: { authorization: `Bearer ${server.token({ contents: 'write' })}`, accept: 'application/octet-stream' },
      redirect: 'manual'
    })
    expect(answer.status).toBe(302)
    const location = answer.headers.get('location') as string
    expect(location.startsWith(`${server.uploadOrigin}/github-production-release-asset/`)).toBe(true)
    const forwarded = await fetch(location, { headers: { authorization: 'Bearer ghs_x' } })
    expect(forwarded.status).toBe(400)
    expect(await forwarded.text()).toContain('Only one auth mechanism allowed')
    expect(server.takeViolations().map(v => v.problem)).toEqual([expect.stringContaining('Authorization header was sent to the signed storage URL')])
    expect((await fetch(location.replace(/X-Amz-Signature=[0-9a-f]+/, 'X-Amz-Signature=00'))).status).toBe(403)

    const { data: published } = await octokit.rest.repos.updateRelease({ ...repo(), release_id: release.id, draft: false })
    const url = published.assets[0]?.browser_download_url as string
    expect(url).toBe(`${server.serverUrl}/octo-org/sample-greeter/releases/download/v1.0.0/sample_greeter-1.0.0.tar.gz`)
    const browser = await fetch(url)
    expect(Buffer.from(await browser.arrayBuffer()).equals(sdist)).toBe(true)
    expect((await octokit.rest.repos.getReleaseAsset({ ...repo(), asset_id: asset.id })).data.download_count).toBe(2)
  })

  it('makes a release immutable when published: no new asset, no asset deleted, no new tag', async () => {
    await start({ immutableReleases: true })
    const octokit = client()
    const { data: draft } = await octokit.rest.repos.createRelease({ ...repo(), tag_name: 'v1.0.0', draft: true })
    const { data: asset } = await upload(octokit, draft, 'sample_greeter-1.0.0.tar.gz', Buffer.from('sdist'))
    const { data: published } = await octokit.rest.repos.updateRelease({ ...repo(), release_id: draft.id, draft: false })
    expect(published.immutable).toBe(true)
    const refused = await failure(upload(octokit, published, 'SHA256SUMS', Buffer.from('sums')))
    expect(refused.status).toBe(422)
    expect(refused.data.message).toBe('Cannot upload assets to an immutable release.')
    expect((await failure(octokit.rest.repos.deleteReleaseAsset({ ...repo(), asset_id: asset.id }))).status).toBe(422)
    expect((await failure(octokit.rest.repos.updateRelease({ ...repo(), release_id: draft.id, tag_name: 'v1.0.1' }))).status).toBe(422)
    expect((await octokit.rest.repos.updateRelease({ ...repo(), release_id: draft.id, body: 'edited' })).data.body).toBe('edited')
    // Deleting it is allowed, but its tag cannot carry another release.
    await octokit.rest.repos.deleteRelease({ ...repo(), release_id: draft.id })
    const again = await failure(octokit.rest.repos.createRelease({ ...repo(), tag_name: 'v1.0.0' }))
    expect(again.data.errors).toEqual([expect.objectContaining({ field: 'tag_name', message: 'tag_name was used by an immutable release' })])
    const admin = client({ administration: 'read' })
    expect((await admin.rest.repos.checkImmutableReleases(repo())).data).toEqual({ enabled: true, enforced_by_owner: false })
    expect((await failure(octokit.rest.repos.checkImmutableReleases(repo()))).status).toBe(403)
  })

  it('leaves a starter asset behind a 502 (starter fault) and stores one answered 502 (storedThen502)', async () => {
    await start()
    const octokit = client()
    const { data: release } = await octokit.rest.repos.createRelease({ ...repo(), tag_name: 'v1.0.0', draft: true })
    server.inject({ on: 'upload', starter: true })
    const failed = await failure(upload(octokit, release, 'a.whl', randomBytes(1000)))
    expect(failed.status).toBe(502)
    expect(server.faults).toEqual([
      { fault: { on: 'upload', starter: true }, method: 'POST', path: `/repos/octo-org/sample-greeter/releases/${release.id}/assets` }
    ])
    const { data: assets } = await octokit.rest.repos.listReleaseAssets({ ...repo(), release_id: release.id })
    expect(assets).toEqual([expect.objectContaining({ name: 'a.whl', state: 'starter', digest: null })])
    expect((await failure(upload(octokit, release, 'a.whl', randomBytes(1000)))).data.errors).toEqual([
      { resource: 'ReleaseAsset', code: 'already_exists', field: 'name' }
    ])

    server.inject({ on: 'upload', storedThen502: true })
    const content = randomBytes(2000)
    expect((await failure(upload(octokit, release, 'b.whl', content))).status).toBe(502)
    expect(server.releases[0]?.assets.find(a => a.name === 'b.whl')).toMatchObject({
      state: 'uploaded',
      size: 2000,
      sha256: createHash('sha256').update(content).digest('hex')
    })
  })

  it('resets an upload mid-body: nothing is stored', async () => {
    await start()
    const octokit = client()
    const { data: release } = await octokit.rest.repos.createRelease({ ...repo(), tag_name: 'v1.0.0', draft: true })
    server.inject({ on: 'upload', reset: 'mid-upload' })
    await expect(upload(octokit, release, 'a.whl', randomBytes(2_000_000))).rejects.toThrow()
    expect(server.releases[0]?.assets).toEqual([])
    expect(server.requests.at(-1)).toMatchObject({ api: 'upload', status: 0 })
  })

  it('consumes each connection’s body at bytesPerSecond, connections independently', async () => {
    await start({ bytesPerSecond: 1_000_000 })
    const octokit = client()
    const { data: release } = await octokit.rest.repos.createRelease({ ...repo(), tag_name: 'v1.0.0', draft: true })
    const began = Date.now()
    await Promise.all([upload(octokit, release, 'a.whl', randomBytes(500_000)), upload(octokit, release, 'b.whl', randomBytes(500_000))])
    const elapsed = Date.now() - began
    expect(elapsed).toBeGreaterThanOrEqual(480)
    expect(elapsed).toBeLessThan(900) // in parallel, not one after the other (1 s)
  })

  it('adds latencyMs to every answer', async () => {
    await start({ latencyMs: 150 })
    const octokit = client()
    const began = Date.now()
    await octokit.rest.repos.listReleases(repo())
    expect(Date.now() - began).toBeGreaterThanOrEqual(145)
  })
})

describe('check runs', () => {
  it('refuses 51 annotations in a request, takes 50, and appends more by PATCH', async () => {
    await start()
    const octokit = client()
    const annotation = (n: number) => ({
      path: 'src/sample_greeter/__init__.py',
      start_line: n,
      end_line: n,
      annotation_level: 'warning' as const,
      message: `finding ${n}`
    })
    const annotations = (from: number, count: number) => Array.from({ length: count }, (_, n) => annotation(from + n))
    const tooMany = await failure(
      octokit.rest.checks.create({ ...repo(), name: 'release', head_sha: HEAD, output: { title: 't', summary: 's', annotations: annotations(1, 51) } })
    )
    expect(tooMany.status).toBe(422)
    expect(tooMany.data.message).toContain('Only 50 annotations are allowed per request')
    expect(server.takeViolations()).toEqual([expect.objectContaining({ problem: 'body/output/annotations must NOT have more than 50 items' })])

    const { status, data: run } = await octokit.rest.checks.create({
      ...repo(),
      name: 'release',
      head_sha: HEAD,
      status: 'in_progress',
      output: { title: 'Release', summary: 'Publishing', annotations: annotations(1, 50) }
    })
    expect(status).toBe(201)
    expect(run).toMatchObject({ status: 'in_progress', conclusion: null, output: { annotations_count: 50 } })
    const { data: done } = await octokit.rest.checks.update({
      ...repo(),
      check_run_id: run.id,
      conclusion: 'success',
      output: { summary: 'Published', annotations: annotations(51, 30) }
    })
    expect(done).toMatchObject({ status: 'completed', conclusion: 'success', output: { title: 'Release', summary: 'Published', annotations_count: 80 } })
    expect(server.checkRuns[0]).toMatchObject({ name: 'release', headSha: HEAD, status: 'completed', conclusion: 'success' })
    expect(server.checkRuns[0]?.annotations).toHaveLength(80)
    const listed = await octokit.paginate(octokit.rest.checks.listAnnotations, { ...repo(), check_run_id: run.id, per_page: 50 })
    expect(listed.map(a => a.message)).toEqual(annotations(1, 80).map(a => a.message))

    const long = await failure(octokit.rest.checks.update({ ...repo(), check_run_id: run.id, output: { summary: 'x'.repeat(65536) } }))
    expect(long.status).toBe(422)
    expect(server.takeViolations().map(v => v.problem)).toEqual(['body/output/summary must NOT have more than 65535 characters'])
    const unknown = await failure(octokit.rest.checks.create({ ...repo(), name: 'release', head_sha: sha() }))
    expect(unknown.data.message).toMatch(/^No commit found for SHA: [0-9a-f]{40}$/)
    expect((await failure(client({ contents: 'write' }).rest.checks.create({ ...repo(), name: 'release', head_sha: HEAD }))).status).toBe(403)
  })
})

describe('authentication, validation and faults', () => {
  it('answers 401 to an unknown token and 403 to a token without the permission', async () => {
    await start()
    const stranger = getOctokit(`ghs_${'x'.repeat(36)}`, { baseUrl: server.apiUrl })
    const unknown = await failure(stranger.rest.repos.listReleases(repo()))
    expect(unknown.status).toBe(401)
    expect(unknown.data).toEqual({ message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' })
    const reader = client({ contents: 'read' })
    const forbidden = await failure(reader.rest.repos.createRelease({ ...repo(), tag_name: 'v1.0.0' }))
    expect(forbidden.status).toBe(403)
    expect(forbidden.data).toMatchObject({ message: 'Resource not accessible by integration', status: '403' })
    expect(forbidden.headers['x-accepted-github-permissions']).toBe('contents=write')
    const ok = await reader.rest.repos.listReleases(repo())
    expect(ok.headers['x-ratelimit-remaining']).toBe('4998')
    expect(ok.headers['content-type']).toBe('application/json; charset=utf-8')
    expect((await failure(reader.rest.repos.listReleases({ owner: 'octo-org', repo: 'elsewhere' }))).status).toBe(404)
  })

  it('refuses a body the description does not allow, recording the violation', async () => {
    await start()
    const octokit = client()
    const invalid = await failure(octokit.request('POST /repos/{owner}/{repo}/releases', { ...repo(), tag_name: 'v1.0.0', draft: 'yes' } as any))
    expect(invalid.status).toBe(422)
    expect(invalid.data.message).toBe(`Invalid request.\n\nFor 'properties/draft', "yes" is not a boolean.`)
    const missing = await failure(octokit.request('POST /repos/{owner}/{repo}/releases', { ...repo(), name: 'no tag' } as any))
    expect(missing.data.message).toBe(`Invalid request.\n\n"tag_name" wasn't supplied.`)
    expect((await failure(octokit.request('GET /repos/{owner}/{repo}/releases/{release_id}', { ...repo(), release_id: 'abc' } as any))).status).toBe(404)
    expect((await failure(octokit.request('GET /repos/{owner}/{repo}/no-such-thing', repo()))).status).toBe(404)
    await octokit.rest.repos.listReleases({ ...repo(), per_page: 500 })
    expect(server.takeViolations()).toEqual([
      { method: 'POST', path: '/repos/octo-org/sample-greeter/releases', problem: 'body/draft must be boolean' },
      { method: 'POST', path: '/repos/octo-org/sample-greeter/releases', problem: "body must have required property 'tag_name'" },
      { method: 'GET', path: '/repos/octo-org/sample-greeter/releases/abc', problem: 'path/release_id must be integer' },
      {
        method: 'GET',
        path: '/repos/octo-org/sample-greeter/no-such-thing',
        problem: "no operation GET /repos/octo-org/sample-greeter/no-such-thing in GitHub's OpenAPI description"
      },
      { method: 'GET', path: '/repos/octo-org/sample-greeter/releases', problem: 'query/per_page must be <= 100 (GitHub answers 100 per page)' }
    ])
  })

  it('checks its own answers against the documented response schemas', async () => {
    await start()
    const { data: release } = await client().rest.repos.createRelease({ ...repo(), tag_name: 'v1.0.0' })
    expect(await describedResponseProblems('POST /repos/{owner}/{repo}/releases', 201, release)).toEqual([])
    const { author: _, ...withoutAuthor } = release
    expect(await describedResponseProblems('POST /repos/{owner}/{repo}/releases', 201, { ...withoutAuthor, draft: 'no' })).toEqual([
      "201 body must have required property 'author'",
      '201 body/draft must be boolean'
    ])
  })

  it('answers injected rate limits and server errors as GitHub does', async () => {
    await start()
    const octokit = client()
    server.inject(
      { on: 'api', status: 429, retryAfter: 7 },
      { on: 'api', secondaryRateLimit: true, retryAfter: 60 },
      { on: 'api', rateLimitReset: 120 },
      { on: 'any', status: 503, times: 2 }
    )
    const limited = await failure(octokit.rest.repos.listReleases(repo()))
    expect(limited.status).toBe(429)
    expect(limited.headers['retry-after']).toBe('7')
    const secondary = await failure(octokit.rest.repos.listReleases(repo()))
    expect(secondary.status).toBe(403)
    expect(secondary.headers['retry-after']).toBe('60')
    expect(secondary.data.message).toMatch(/^You have exceeded a secondary rate limit/)
    const primary = await failure(octokit.rest.repos.listReleases(repo()))
    expect(primary.status).toBe(403)
    expect(primary.headers['x-ratelimit-remaining']).toBe('0')
    expect(Number(primary.headers['x-ratelimit-reset'])).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) + 119)
    expect(primary.data.message).toMatch(/^API rate limit exceeded for installation ID \d+\.$/)
    expect((await failure(octokit.rest.repos.listReleases(repo()))).status).toBe(503)
    expect((await failure(octokit.rest.repos.listReleases(repo()))).status).toBe(503)
    expect((await octokit.rest.repos.listReleases(repo())).status).toBe(200)
    expect(server.faults).toHaveLength(5)
  })
})
