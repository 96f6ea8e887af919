// The local artifact service against the unmodified @actions/artifact client, and its strictness
// against requests the real service refuses.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { randomBytes } from 'node:crypto'
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ArtifactService, signRuntimeToken } from '../test/servers/artifact-service.js'
import { artifactClient } from './helpers/artifacts.js'

const SERVICE = 'github.actions.results.api.v1.ArtifactService'

describe('local artifact service with the unmodified @actions/artifact client', () => {
  let service: ArtifactService
  let root: string
  const files: Record<string, Buffer> = {}

  beforeAll(async () => {
    service = await new ArtifactService({ holdFirstBlock: 8 * 1024 * 1024 }).start()
    root = await mkdtemp(join(tmpdir(), 'pra-artifact-'))
    // 40 MiB of random bytes does not compress: the zip goes up as five 8 MiB blocks, four at a time.
    files['big.whl'] = randomBytes(40 * 1024 * 1024 + 12345)
    files['small.tar.gz'] = randomBytes(1000)
    files['release-manifest.json'] = Buffer.from('{"version": "1.0"}\n')
    for (const [name, content] of Object.entries(files)) await writeFile(join(root, name), content)
  })
  afterAll(async () => service.stop())

  it('uploads concurrent blocks, assembles them by block id and downloads the files back byte-identical', async () => {
    const uploaded = await artifactClient(service, ['upload', 'dists', root, ...Object.keys(files).map(f => join(root, f))])
    expect(uploaded.id).toBeGreaterThan(0)
    const stored = service.artifacts.find(a => a.name === 'dists')
    expect(stored?.finalized).toBe(true)
    const blob = service.blobs.get(stored?.blob as string)
    const order = blob?.committed?.blockIds ?? []
    expect(order.length).toBeGreaterThanOrEqual(5)
    // The first block was stored last, so arrival order is not the blob's order.
    expect(blob?.arrived).not.toEqual(order)
    expect([...(blob?.arrived ?? [])].sort()).toEqual([...order].sort())
    expect(uploaded.digest).toBe(stored?.digest?.replace('sha256:', ''))

    const out = await mkdtemp(join(tmpdir(), 'pra-artifact-down-'))
    await artifactClient(service, ['download', String(uploaded.id), out])
    expect((await readdir(out)).sort()).toEqual(Object.keys(files).sort())
    for (const [name, content] of Object.entries(files)) expect((await readFile(join(out, name))).equals(content)).toBe(true)
  })

  it('answers list, get and delete as the client expects, and refuses a second artifact of one name', async () => {
    const small = await mkdtemp(join(tmpdir(), 'pra-artifact-'))
    await writeFile(join(small, 'a.txt'), 'a')
    const first = await artifactClient(service, ['upload', 'logs', small, join(small, 'a.txt')])
    const listed = await artifactClient(service, ['list'])
    expect(listed.artifacts.map((a: { name: string }) => a.name).sort()).toEqual(['dists', 'logs'])
    const got = await artifactClient(service, ['get', 'logs'])
    expect(got.artifact).toMatchObject({ name: 'logs', id: first.id })

    // Another job of the run (a matrix leg) uploading the same name: the real service's 409.
    const other = service.environment('another-job')
    await expect(artifactClient(service, ['upload', 'logs', small, join(small, 'a.txt')], other)).rejects.toThrow(
      /\(409\) Conflict: an artifact with this name already exists on the workflow run/
    )
    const deleted = await artifactClient(service, ['delete', 'logs'])
    expect(deleted.id).toBe(first.id)
    expect(service.artifacts.some(a => a.name === 'logs')).toBe(false)
  })

  it('keeps the retention the client asks for', async () => {
    const small = await mkdtemp(join(tmpdir(), 'pra-artifact-'))
    await writeFile(join(small, 'a.txt'), 'a')
    await artifactClient(service, ['upload', 'kept', small, join(small, 'a.txt')], { RETENTION_DAYS: '3' })
    const days = ((service.artifacts.find(a => a.name === 'kept')?.expiresAt?.getTime() ?? 0) - Date.now()) / 86_400_000
    expect(days).toBeGreaterThan(2.9)
    expect(days).toBeLessThanOrEqual(3)
  })
})

describe('local artifact service refuses what the real one refuses', () => {
  let service: ArtifactService
  let origin: string
  beforeAll(async () => {
    service = await new ArtifactService().start()
    origin = new URL(service.environment()['ACTIONS_RESULTS_URL'] as string).origin
  })
  afterAll(async () => service.stop())

  const twirp = (method: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> =>
    fetch(`${origin}/twirp/${SERVICE}/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${service.token()}`, ...headers },
      body: JSON.stringify(body)
    })
  const ids = (): Record<string, string> => ({ workflow_run_backend_id: service.run, workflow_job_run_backend_id: service.job })
  const error = async (response: Response): Promise<{ status: number; code: string; msg: string }> => ({
    status: response.status,
    ...((await response.json()) as { code: string; msg: string })
  })

  it('checks the runtime token: present, signed, unexpired, scoped to the run and job of the request', async () => {
    const body = { ...ids(), name: 'x', version: 7 }
    expect(await error(await twirp('CreateArtifact', body, { Authorization: '' }))).toMatchObject({ status: 401, code: 'unauthenticated' })
    const forged = signRuntimeToken('not-the-key', { scp: `Actions.Results:${service.run}:${service.job}`, exp: Date.now() / 1000 + 60 })
    expect(await error(await twirp('CreateArtifact', body, { Authorization: `Bearer ${forged}` }))).toMatchObject({ status: 401 })
    const expired = service.token(service.job, { exp: Math.floor(Date.now() / 1000) - 10 })
    expect(await error(await twirp('CreateArtifact', body, { Authorization: `Bearer ${expired}` }))).toMatchObject({ status: 401, msg: 'token expired' })
    const unscoped = service.token(service.job, { scp: 'Actions.GenericRead:abc' })
    expect(await error(await twirp('CreateArtifact', body, { Authorization: `Bearer ${unscoped}` }))).toMatchObject({ status: 403 })
    const otherJob = service.token('other-job')
    expect(await error(await twirp('CreateArtifact', body, { Authorization: `Bearer ${otherJob}` }))).toMatchObject({
      status: 403,
      code: 'permission_denied'
    })
  })

  it('reads bodies with the client generated message types: unknown or mistyped fields are malformed', async () => {
    expect(await error(await twirp('CreateArtifact', { ...ids(), name: 'x', version: 7, color: 'red' }))).toMatchObject({
      status: 400,
      code: 'malformed'
    })
    expect(await error(await twirp('CreateArtifact', { ...ids(), name: 'x', version: 'seven' }))).toMatchObject({ status: 400, code: 'malformed' })
    expect(await error(await twirp('FinalizeArtifact', { ...ids(), name: 'x', size: 'big' }))).toMatchObject({ status: 400, code: 'malformed' })
    expect(await error(await twirp('NoSuchMethod', {}))).toMatchObject({ status: 404, code: 'bad_route' })
    const protobuf = await twirp('ListArtifacts', ids(), { 'Content-Type': 'application/protobuf' })
    expect(await error(protobuf)).toMatchObject({ status: 404, code: 'bad_route' })
  })

  it('refuses invalid names, old versions, past expiry, and finalizing what was never uploaded', async () => {
    for (const name of ['a/b', 'a:b', 'a\\b', '']) {
      expect(await error(await twirp('CreateArtifact', { ...ids(), name, version: 7 }))).toMatchObject({ status: 400, code: 'invalid_argument' })
    }
    expect(await error(await twirp('CreateArtifact', { ...ids(), name: 'old', version: 3 }))).toMatchObject({ status: 400 })
    const past = { ...ids(), name: 'past', version: 7, expires_at: '2020-01-01T00:00:00Z' }
    expect(await error(await twirp('CreateArtifact', past))).toMatchObject({ status: 400, msg: 'expires_at must be in the future' })
    const created = (await (await twirp('CreateArtifact', { ...ids(), name: 'empty', version: 7 })).json()) as Record<string, unknown>
    expect(created).toMatchObject({ ok: true })
    expect(await error(await twirp('FinalizeArtifact', { ...ids(), name: 'empty', size: '0' }))).toMatchObject({
      status: 412,
      code: 'failed_precondition'
    })
    expect(await error(await twirp('GetSignedArtifactURL', { ...ids(), name: 'nothing' }))).toMatchObject({ status: 404, code: 'not_found' })
    const otherRun = { workflow_run_backend_id: 'another-run', workflow_job_run_backend_id: service.job, name: 'x' }
    expect(await error(await twirp('GetSignedArtifactURL', otherRun))).toMatchObject({ status: 403, code: 'permission_denied' })
  })

  it('checks blob signatures and block lists, and finalizes only a matching size and hash', async () => {
    const created = (await (await twirp('CreateArtifact', { ...ids(), name: 'blocks', version: 7 })).json()) as { signed_upload_url: string }
    const url = new URL(created.signed_upload_url)
    const put = (query: Record<string, string>, body: string, target = url): Promise<Response> => {
      const u = new URL(target)
      for (const [k, v] of Object.entries(query)) u.searchParams.set(k, v)
      return fetch(u, { method: 'PUT', body, headers: { 'x-ms-version': '2025-01-05' } })
    }
    const tampered = new URL(url)
    tampered.searchParams.set('sp', 'rcw')
    expect((await put({ comp: 'block', blockid: 'QUFB' }, 'x', tampered)).status).toBe(403)
    // Blocks staged out of order are committed in the list's order.
    expect((await put({ comp: 'block', blockid: 'QkJC' }, 'second')).status).toBe(201)
    expect((await put({ comp: 'block', blockid: 'QUFB' }, 'first-')).status).toBe(201)
    expect((await put({ comp: 'block', blockid: 'not base64!' }, 'x')).status).toBe(400)
    const list = (...blockIds: string[]): string =>
      `<?xml version="1.0" encoding="utf-8"?><BlockList>${blockIds.map(id => `<Latest>${id}</Latest>`).join('')}</BlockList>`
    expect((await put({ comp: 'blocklist' }, list('QUFB', 'Q0NDQw=='))).status).toBe(400)
    expect((await put({ comp: 'blocklist' }, list('QUFB', 'Wlpa'))).status).toBe(400)
    expect((await put({ comp: 'blocklist' }, '<BlockList><Latest>QUFB</Latest>')).status).toBe(400)
    expect((await put({ comp: 'blocklist' }, list('QUFB', 'QkJC'))).status).toBe(201)
    const stored = service.artifacts.find(a => a.name === 'blocks')
    expect(service.content(stored!)?.toString()).toBe('first-second')

    expect(await error(await twirp('FinalizeArtifact', { ...ids(), name: 'blocks', size: '11' }))).toMatchObject({ status: 400 })
    const wrongHash = { ...ids(), name: 'blocks', size: '12', hash: `sha256:${'0'.repeat(64)}` }
    expect(await error(await twirp('FinalizeArtifact', wrongHash))).toMatchObject({ status: 400 })
    const done = (await (await twirp('FinalizeArtifact', { ...ids(), name: 'blocks', size: '12' })).json()) as Record<string, unknown>
    expect(done).toMatchObject({ ok: true, artifact_id: String(stored?.id) })

    const signed = (await (await twirp('GetSignedArtifactURL', { ...ids(), name: 'blocks' })).json()) as { signed_url: string }
    expect(await (await fetch(signed.signed_url)).text()).toBe('first-second')
    // A read URL does not grant writes.
    expect((await put({ comp: 'block', blockid: 'QUFB' }, 'x', new URL(signed.signed_url))).status).toBe(403)
  })
})
