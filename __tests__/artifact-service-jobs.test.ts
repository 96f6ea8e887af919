// Several jobs of one workflow run hand files to a later job through the local artifact service, and a
// job of another run reads them through the REST API (@actions/artifact's `findBy`), all with the
// unmodified client in its own process: matrix build jobs → one publish job.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFile } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { ArtifactService, signRuntimeToken } from '../test/servers/artifact-service.js'
import { GitHubServer } from '../test/servers/github.js'
import { artifactClient } from './helpers/artifacts.js'

const SERVICE = 'github.actions.results.api.v1.ArtifactService'
const R = 100
const S = 200
const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex')

/** What each build job of run R uploads: artifact name → file name → content. */
const uploads: Record<number, { name: string; files: Record<string, Buffer> }> = {
  1: { name: 'wheel-linux', files: { 'greeter-1.0-cp312-cp312-manylinux_2_17_x86_64.whl': randomBytes(300_000) } },
  2: { name: 'wheel-macos', files: { 'greeter-1.0-cp312-cp312-macosx_11_0_arm64.whl': randomBytes(200_000), 'build.log': Buffer.from('built on macos\n') } },
  3: { name: 'sdist', files: { 'greeter-1.0.tar.gz': randomBytes(50_000) } }
}
const names = Object.values(uploads).map(u => u.name)

interface Listed {
  name: string
  id: number
  size: number
  digest?: string
}

describe('artifacts from the jobs of one run, for a later job of the run and for another run', () => {
  let service: ArtifactService
  let github: GitHubServer
  let actionsRead: string
  /** The upload answers by job. */
  const uploaded: Record<number, { id: number; size: number; digest: string }> = {}

  const asJob = (run: number, job: string | number, more: Record<string, string> = {}, attempt = 1): Record<string, string> => ({
    ...service.jobEnvironment(run, job, attempt),
    GITHUB_API_URL: github.apiUrl,
    ...more
  })
  const findBy = (token: string, workflowRunId = R): Record<string, string> => ({
    FIND_BY: JSON.stringify({ token, workflowRunId, repositoryOwner: github.owner, repositoryName: github.repo })
  })
  const stored = (name: string): NonNullable<ReturnType<ArtifactService['artifactById']>> => {
    const found = service.runArtifacts(R).find(a => a.name === name)
    if (!found) throw new Error(`no artifact ${name} in run ${R}`)
    return found
  }
  const twirp = async (token: string, method: string, body: unknown): Promise<{ status: number; json: any }> => {
    const origin = new URL(service.environment()['ACTIONS_RESULTS_URL'] as string).origin
    const response = await fetch(`${origin}/twirp/${SERVICE}/${method}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
      body: JSON.stringify(body)
    })
    return { status: response.status, json: await response.json() }
  }
  const rest = (path: string, token: string, init: RequestInit = {}): Promise<Response> =>
    fetch(`${github.apiUrl}/repos/${github.owner}/${github.repo}${path}`, {
      ...init,
      headers: { Authorization: `Bearer ${token}`, Accept: 'application/vnd.github+json' }
    })
  const expectFiles = async (dir: string, files: Record<string, Buffer>): Promise<void> => {
    expect((await readdir(dir)).sort()).toEqual(Object.keys(files).sort())
    for (const [file, content] of Object.entries(files)) expect((await readFile(join(dir, file))).equals(content)).toBe(true)
  }

  beforeAll(async () => {
    service = await new ArtifactService().start()
    github = await new GitHubServer({ artifacts: service }).start()
    actionsRead = github.token({ actions: 'read' })
    // The matrix: three build jobs of run R upload at once.
    await Promise.all(
      Object.entries(uploads).map(async ([job, { name, files }]) => {
        const root = await mkdtemp(join(tmpdir(), `pra-job${job}-`))
        for (const [file, content] of Object.entries(files)) await writeFile(join(root, file), content)
        const paths = Object.keys(files).map(f => join(root, f))
        uploaded[Number(job)] = await artifactClient(service, ['upload', name, root, ...paths], asJob(R, job))
      })
    )
  })
  afterAll(async () => {
    await github?.stop()
    await service?.stop()
  })

  it('keeps each job’s upload under its own job run backend id, all in run R', () => {
    const run = service.workflowRun(R)
    for (const [job, { name }] of Object.entries(uploads)) {
      const artifact = stored(name)
      expect(artifact).toMatchObject({ run: run.backendId, job: service.jobRun(R, job).job, finalized: true })
      expect(artifact.id).toBe(uploaded[Number(job)]?.id)
    }
    expect(new Set(names.map(n => stored(n).job)).size).toBe(3)
    expect(run.backendId).not.toBe(service.workflowRun(S).backendId)
  })

  it('lets a fourth job of run R list all three, find each by name, and download each byte-identical', async () => {
    const listed = (await artifactClient(service, ['list'], asJob(R, 'publish'))).artifacts as Listed[]
    expect(listed.map(a => a.name).sort()).toEqual([...names].sort())
    const latest = (await artifactClient(service, ['list'], asJob(R, 'publish', { LATEST: 'true' }))).artifacts as Listed[]
    expect(latest.map(a => a.id).sort()).toEqual(listed.map(a => a.id).sort())

    for (const [job, { name, files }] of Object.entries(uploads)) {
      const got = (await artifactClient(service, ['get', name], asJob(R, 'publish'))).artifact as Listed
      expect(got).toMatchObject({ name, id: uploaded[Number(job)]?.id, size: uploaded[Number(job)]?.size })
      const out = await mkdtemp(join(tmpdir(), 'pra-publish-'))
      const expectedHash = got.digest as string
      const result = await artifactClient(service, ['download', String(got.id), out], asJob(R, 'publish', { EXPECTED_HASH: expectedHash }))
      expect(result.digestMismatch).toBe(false)
      await expectFiles(out, files)
    }
  })

  it('filters ListArtifacts by name_filter and id_filter, within the token’s run only', async () => {
    const token = service.jobToken(R, 'publish')
    const ids = service.jobRun(R, 'publish')
    const base = { workflow_run_backend_id: ids.run, workflow_job_run_backend_id: ids.job }
    const byName = await twirp(token, 'ListArtifacts', { ...base, name_filter: 'wheel-macos' })
    expect(byName.status).toBe(200)
    expect(byName.json.artifacts.map((a: { name: string }) => a.name)).toEqual(['wheel-macos'])
    expect(byName.json.artifacts[0]).toMatchObject({ workflow_job_run_backend_id: service.jobRun(R, 2).job, database_id: String(uploaded[2]?.id) })
    const byId = await twirp(token, 'ListArtifacts', { ...base, id_filter: String(uploaded[3]?.id) })
    expect(byId.json.artifacts.map((a: { name: string }) => a.name)).toEqual(['sdist'])
    expect((await twirp(token, 'ListArtifacts', { ...base, name_filter: 'no-such' })).json).toEqual({ artifacts: [] })

    // A job of run S sees none of run R's artifacts through the service, and may not ask for run R's.
    const other = service.jobRun(S, 'publish')
    const own = await twirp(service.jobToken(S, 'publish'), 'ListArtifacts', { workflow_run_backend_id: other.run, workflow_job_run_backend_id: other.job })
    expect(own.json).toEqual({ artifacts: [] })
    const foreign = await twirp(service.jobToken(S, 'publish'), 'ListArtifacts', base)
    expect(foreign).toMatchObject({ status: 403, json: { code: 'permission_denied' } })
    const signed = await twirp(service.jobToken(S, 'publish'), 'GetSignedArtifactURL', { ...base, name: 'sdist' })
    expect(signed.status).toBe(403)
  })

  it('reports the sha256 of the zip as uploaded, in ListArtifacts, the REST API and the upload answer', async () => {
    const token = service.jobToken(R, 'publish')
    const ids = service.jobRun(R, 'publish')
    const listed = await twirp(token, 'ListArtifacts', { workflow_run_backend_id: ids.run, workflow_job_run_backend_id: ids.job })
    const rested = (await (await rest(`/actions/runs/${R}/artifacts`, actionsRead)).json()) as { artifacts: Array<{ name: string; digest: string }> }
    for (const [job, { name, files }] of Object.entries(uploads)) {
      const artifact = stored(name)
      // The digest is of the zip the service received, read back through the signed URL the REST API redirects to.
      const location = (await rest(`/actions/artifacts/${artifact.id}/zip`, actionsRead, { redirect: 'manual' })).headers.get('location') as string
      const zip = Buffer.from(await (await fetch(location)).arrayBuffer())
      const digest = `sha256:${sha256(zip)}`
      expect(listed.json.artifacts.find((a: { name: string }) => a.name === name).digest).toBe(digest)
      expect(rested.artifacts.find(a => a.name === name)?.digest).toBe(digest)
      expect(`sha256:${uploaded[Number(job)]?.digest}`).toBe(digest)
      expect(zip.length).toBe(uploaded[Number(job)]?.size)
      // A real zip of the uploaded files (Python's zipfile reads it and checks every member's CRC).
      const out = await mkdtemp(join(tmpdir(), 'pra-zip-'))
      await writeFile(join(out, 'a.zip'), zip)
      const script = 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); assert z.testzip() is None; print("\\n".join(sorted(z.namelist())))'
      const { stdout } = await promisify(execFile)('python3', ['-c', script, join(out, 'a.zip')])
      expect(stdout.trim().split('\n')).toEqual(Object.keys(files).sort())
    }
  })

  it('lets a job of run S list and download run R’s artifacts by findBy, through the REST API', async () => {
    const env = (more: Record<string, string> = {}): Record<string, string> => asJob(S, 'publish', { ...findBy(actionsRead), ...more })
    const listed = (await artifactClient(service, ['list'], env())).artifacts as Listed[]
    expect(listed.map(a => a.name).sort()).toEqual([...names].sort())
    for (const [job, { name, files }] of Object.entries(uploads)) {
      const entry = listed.find(a => a.name === name) as Listed
      expect(entry).toMatchObject({ id: uploaded[Number(job)]?.id, size: uploaded[Number(job)]?.size, digest: `sha256:${uploaded[Number(job)]?.digest}` })
      const got = (await artifactClient(service, ['get', name], env())).artifact as Listed
      expect(got.id).toBe(entry.id)
      const out = await mkdtemp(join(tmpdir(), 'pra-run-s-'))
      const result = await artifactClient(service, ['download', String(entry.id), out], env({ EXPECTED_HASH: entry.digest as string }))
      expect(result.digestMismatch).toBe(false)
      await expectFiles(out, files)
    }
    // A hash that is not the zip's is reported, not silently accepted.
    const out = await mkdtemp(join(tmpdir(), 'pra-run-s-'))
    const mismatch = await artifactClient(service, ['download', String(uploaded[3]?.id), out], env({ EXPECTED_HASH: `sha256:${'0'.repeat(64)}` }))
    expect(mismatch.digestMismatch).toBe(true)
    // An unknown run has no artifacts.
    expect((await artifactClient(service, ['list'], asJob(S, 'publish', findBy(actionsRead, 999)))).artifacts).toEqual([])
    expect(github.takeViolations()).toEqual([])
  })

  it('answers the REST list with the name filter, GitHub’s pagination, and the expired state', async () => {
    const page = async (query: string): Promise<{ body: any; link: string | null }> => {
      const response = await rest(`/actions/runs/${R}/artifacts?${query}`, actionsRead)
      expect(response.status).toBe(200)
      return { body: await response.json(), link: response.headers.get('link') }
    }
    const first = await page('per_page=2')
    expect(first.body.total_count).toBe(3)
    const newestFirst = Object.values(uploaded)
      .map(u => u.id)
      .sort((a, b) => b - a)
    expect(first.body.artifacts.map((a: { id: number }) => a.id)).toEqual(newestFirst.slice(0, 2))
    expect(first.link).toMatch(/[?&]page=2>; rel="next"/)
    const second = await page('per_page=2&page=2')
    expect(second.body.artifacts).toHaveLength(1)
    expect((await page('name=wheel-linux')).body).toMatchObject({ total_count: 1, artifacts: [{ name: 'wheel-linux', id: uploaded[1]?.id, expired: false }] })
    expect((await page('name=wheel')).body).toEqual({ total_count: 0, artifacts: [] })
    expect((await page('direction=asc')).body.artifacts.map((a: { id: number }) => a.id)).toEqual([...newestFirst].reverse())

    // An expired artifact: still listed by the REST API (expired: true), gone from the service's list, 410 to download.
    const seeded = new ArtifactService()
    const linked = await new GitHubServer({ artifacts: seeded }).start()
    try {
      const run = seeded.workflowRun(7)
      seeded.artifacts.push({
        id: 5,
        run: run.backendId,
        job: seeded.jobRun(7, 1).job,
        name: 'old',
        mimeType: 'application/zip',
        createdAt: new Date(Date.now() - 10 * 86_400_000),
        expiresAt: new Date(Date.now() - 86_400_000),
        blob: 'gone/old.zip',
        finalized: true,
        size: 10,
        digest: `sha256:${'1'.repeat(64)}`
      })
      const token = linked.token({ actions: 'read' })
      const headers = { Authorization: `Bearer ${token}` }
      const list = (await (await fetch(`${linked.apiUrl}/repos/${linked.owner}/${linked.repo}/actions/runs/7/artifacts`, { headers })).json()) as any
      expect(list.artifacts[0]).toMatchObject({ id: 5, expired: true })
      const download = await fetch(`${linked.apiUrl}/repos/${linked.owner}/${linked.repo}/actions/artifacts/5/zip`, { headers, redirect: 'manual' })
      expect(download.status).toBe(410)
      expect(await download.json()).toMatchObject({ message: 'Artifact has expired' })
      expect(linked.takeViolations()).toEqual([])
    } finally {
      await linked.stop()
    }
    expect(github.takeViolations()).toEqual([])
  })

  it('refuses a wrong token, a token without actions access, and a zip of another format', async () => {
    const wrong = asJob(S, 'publish', findBy('ghs_notatokenthisserverissued000000000'))
    await expect(artifactClient(service, ['list'], wrong)).rejects.toThrow(/Bad credentials/)
    const out = await mkdtemp(join(tmpdir(), 'pra-refused-'))
    await expect(artifactClient(service, ['download', String(uploaded[1]?.id), out], wrong)).rejects.toThrow(/Bad credentials/)
    expect(await readdir(out)).toEqual([])
    const contentsOnly = asJob(S, 'publish', findBy(github.token({ contents: 'read' })))
    await expect(artifactClient(service, ['list'], contentsOnly)).rejects.toThrow(/Resource not accessible by integration/)

    expect((await rest(`/actions/runs/${R}/artifacts`, 'ghs_wrong')).status).toBe(401)
    expect((await rest(`/actions/artifacts/${uploaded[1]?.id}/tar.gz`, actionsRead, { redirect: 'manual' })).status).toBe(404)
    expect((await rest(`/actions/artifacts/999999/zip`, actionsRead, { redirect: 'manual' })).status).toBe(404)
    // The service refuses a runtime token it did not sign, even one that names run R.
    const ids = service.jobRun(R, 'publish')
    const forged = signRuntimeToken('not-the-key', { scp: `Actions.Results:${ids.run}:${ids.job}`, exp: Math.floor(Date.now() / 1000) + 60 })
    expect((await twirp(forged, 'ListArtifacts', { workflow_run_backend_id: ids.run, workflow_job_run_backend_id: ids.job })).status).toBe(401)
    expect(github.takeViolations()).toEqual([])
  })

  // Last: it deletes run R's sdist.
  it('gets an artifact by id and by name across the repository, and deletes by findBy only with actions: write', async () => {
    const sdist = uploaded[3] as { id: number; digest: string }
    const across = await (await rest('/actions/artifacts?name=sdist', actionsRead)).json()
    expect(across).toMatchObject({ total_count: 1, artifacts: [{ id: sdist.id, workflow_run: { id: R, head_branch: github.defaultBranch } }] })
    const single = await (await rest(`/actions/artifacts/${sdist.id}`, actionsRead)).json()
    expect(single).toMatchObject({
      name: 'sdist',
      digest: `sha256:${sdist.digest}`,
      archive_download_url: `${github.apiUrl}/repos/${github.owner}/${github.repo}/actions/artifacts/${sdist.id}/zip`
    })

    const readOnly = asJob(S, 'publish', findBy(actionsRead))
    await expect(artifactClient(service, ['delete', 'sdist'], readOnly)).rejects.toThrow(/Resource not accessible by integration/)
    const deleted = await artifactClient(service, ['delete', 'sdist'], asJob(S, 'publish', findBy(github.token({ actions: 'write' }))))
    expect(deleted.id).toBe(sdist.id)
    expect(service.artifactById(sdist.id)).toBeUndefined()
    expect((await rest(`/actions/artifacts/${sdist.id}/zip`, actionsRead, { redirect: 'manual' })).status).toBe(404)
    // Gone for run R's own jobs too.
    const listed = (await artifactClient(service, ['list'], asJob(R, 'publish'))).artifacts as Listed[]
    expect(listed.map(a => a.name).sort()).toEqual(['wheel-linux', 'wheel-macos'])
    expect(github.takeViolations()).toEqual([])
  })

  // Last: a re-run of run R's job 1.
  it('keeps both uploads of a name when a re-run uploads it again; latest picks the re-run’s, by the service and by findBy', async () => {
    const root = await mkdtemp(join(tmpdir(), 'pra-rerun-'))
    const wheel = Object.keys(uploads[1]?.files ?? {})[0] as string
    const rebuilt = randomBytes(120_000)
    await writeFile(join(root, wheel), rebuilt)
    // Within one attempt a name is taken; a new attempt may upload it again.
    await expect(artifactClient(service, ['upload', 'wheel-linux', root, join(root, wheel)], asJob(R, 1))).rejects.toThrow(/\(409\) Conflict/)
    const again = await artifactClient(service, ['upload', 'wheel-linux', root, join(root, wheel)], asJob(R, 1, {}, 2))
    expect(again.id).toBeGreaterThan(uploaded[1]?.id as number)
    expect(service.jobRun(R, 1, 2).run).not.toBe(service.workflowRun(R).backendId)

    const publish = asJob(R, 'publish', {}, 2)
    const all = (await artifactClient(service, ['list'], publish)).artifacts as Listed[]
    expect(
      all
        .filter(a => a.name === 'wheel-linux')
        .map(a => a.id)
        .sort()
    ).toEqual([uploaded[1]?.id, again.id].sort())
    const latest = (await artifactClient(service, ['list'], { ...publish, LATEST: 'true' })).artifacts as Listed[]
    expect(latest.map(a => a.name).sort()).toEqual(['wheel-linux', 'wheel-macos'])
    expect(latest.find(a => a.name === 'wheel-linux')).toMatchObject({ id: again.id, digest: `sha256:${again.digest}` })
    const byFindBy = (await artifactClient(service, ['list'], asJob(S, 'publish', { ...findBy(actionsRead), LATEST: 'true' }))).artifacts as Listed[]
    expect(byFindBy.find(a => a.name === 'wheel-linux')?.id).toBe(again.id)

    // The re-run's publish job downloads the first attempt's artifacts too (the run's, not the attempt's).
    const first = await mkdtemp(join(tmpdir(), 'pra-rerun-down-'))
    await artifactClient(service, ['download', String(uploaded[1]?.id), first], publish)
    await expectFiles(first, uploads[1]?.files as Record<string, Buffer>)
    const second = await mkdtemp(join(tmpdir(), 'pra-rerun-down-'))
    await artifactClient(service, ['download', String(again.id), second], publish)
    await expectFiles(second, { [wheel]: rebuilt })
    expect(github.takeViolations()).toEqual([])
  })
})
