// The hand-off through the Actions artifact service, end to end: the bundled action (node dist/index.js)
// uploads with the unmodified @actions/artifact to the local service, and the same client downloads.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdtemp, readFile, readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ArtifactService } from '../test/servers/artifact-service.js'
import { artifactClient } from './helpers/artifacts.js'
import { PYTHON, ROOT, runAction, workspaceWith, type ActionRun } from './helpers/action.js'

const SAMPLE = join(ROOT, 'examples', 'sample-project')
const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex')

describe('artifact upload through the bundled action', () => {
  let service: ArtifactService
  let workspace: string
  let first: ActionRun
  let firstEnv: Record<string, string>

  /** A job step of run `service.run`: GITHUB_JOB names the workflow's job, `jobRun` the service's job run. */
  const job = (githubJob: string, jobRun: string, attempt = '1'): Record<string, string> => ({
    ...service.environment(jobRun),
    GITHUB_REPOSITORY: 'octo/sample-greeter',
    GITHUB_WORKFLOW: 'Release',
    GITHUB_JOB: githubJob,
    GITHUB_RUN_ID: '4242',
    GITHUB_RUN_ATTEMPT: attempt,
    GITHUB_SHA: 'a'.repeat(40),
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64'
  })
  const inputs = (more: Record<string, string> = {}): Record<string, string> => ({
    'project-dir': 'sub',
    stages: 'certify,build,preflight,publish',
    targets: 'local',
    'local-dir': 'out/release',
    python: PYTHON,
    'build-isolation': 'false',
    'docs-required': '',
    ...more
  })
  const errors = (run: ActionRun): string[] => run.annotations.filter(a => a.level === 'error').map(a => a.message)

  beforeAll(async () => {
    service = await new ArtifactService().start()
    workspace = (await workspaceWith(SAMPLE)).workspace
    firstEnv = job('build', service.job)
    first = await runAction(workspace, inputs(), firstEnv)
  })
  afterAll(async () => service.stop())

  it('uploads the built files and their release manifest; the client downloads them byte-identical; the manifest is also in output dist-dir', async () => {
    expect({ code: first.code, errors: errors(first) }).toEqual({ code: 0, errors: [] })
    const stored = service.artifacts.filter(a => a.name === 'python-package-distributions')
    expect(stored).toHaveLength(1)
    expect(first.outputs['artifact-id']).toBe(String(stored[0]?.id))
    expect(first.outputs['artifact-name']).toBe('python-package-distributions')
    expect(first.summary).toContain(`Artifact **python-package-distributions** (id ${stored[0]?.id}`)

    const out = await mkdtemp(join(tmpdir(), 'pra-download-'))
    await artifactClient(service, ['download', first.outputs['artifact-id'] as string, out])
    const built = JSON.parse(first.outputs['artifacts'] as string) as Array<Record<string, string | number>>
    const manifestName = (await readdir(out)).find(name => name.startsWith('release-manifest')) ?? ''
    expect(manifestName).toMatch(/^release-manifest\.python-package-distributions\.[0-9a-f]{12}\.json$/)
    expect((await readdir(out)).sort()).toEqual([...built.map(a => a.filename as string), manifestName].sort())
    for (const artifact of built) {
      const downloaded = await readFile(join(out, artifact.filename as string))
      expect(downloaded.equals(await readFile(join(workspace, artifact.path as string)))).toBe(true)
      expect(sha256(downloaded)).toBe(artifact.sha256)
    }
    const manifest = JSON.parse(await readFile(join(out, manifestName), 'utf8'))
    expect(await readFile(join(first.outputs['dist-dir'] as string, manifestName), 'utf8')).toBe(await readFile(join(out, manifestName), 'utf8'))
    expect(manifest).toMatchObject({
      manifest_version: 1,
      project: 'sample-greeter',
      version: '0.3.1',
      certification: { status: 'PARTIAL' },
      source: { repository: 'octo/sample-greeter', workflow: 'Release', job: 'build', run_id: '4242', run_attempt: '1', sha: 'a'.repeat(40) },
      builder: { frontend: 'build', python: PYTHON },
      runner: { os: 'Linux', arch: 'X64' },
      artifact: 'python-package-distributions'
    })
    expect(manifest.certification.checks.map((c: { name: string }) => c.name)).toContain('tests')
    expect(manifest.files).toEqual(
      built.map(a =>
        expect.objectContaining({
          filename: a.filename,
          size: a.size,
          sha256: a.sha256,
          md5: a.md5,
          blake2b_256: a.blake2b_256,
          version: '0.3.1',
          inspection: expect.objectContaining({ verdict: expect.any(String) })
        })
      )
    )
  })

  it("replaces the job's own artifact on a re-run of the job", async () => {
    const before = service.artifacts.find(a => a.name === 'python-package-distributions')
    const rerun = await runAction(workspace, inputs(), job('build', 'build-attempt-2', '2'))
    expect({ code: rerun.code, errors: errors(rerun) }).toEqual({ code: 0, errors: [] })
    const after = service.artifacts.filter(a => a.name === 'python-package-distributions')
    expect(after).toHaveLength(1)
    expect(after[0]?.id).not.toBe(before?.id)
    expect(rerun.outputs['artifact-id']).toBe(String(after[0]?.id))
    expect(rerun.stdout).toContain(`is this job's upload from an earlier attempt (run attempt 1): replacing it`)
    expect(rerun.summary).toContain(`it replaces artifact ${before?.id} from an earlier attempt of this job`)
  })

  it("refuses another job's artifact of the same name: nothing deleted, nothing published", async () => {
    const held = service.artifacts.find(a => a.name === 'python-package-distributions')
    const other = await runAction(workspace, inputs({ 'local-dir': 'out/other' }), job('build-windows', 'windows-job'))
    expect(other.code).toBe(1)
    expect(errors(other).join('\n')).toMatch(
      /Input 'artifact-name': this run already has an artifact named 'python-package-distributions' \(id \d+\) and job 'build' of workflow 'Release' uploaded it; nothing was replaced/
    )
    expect(other.annotations.find(a => a.level === 'error')?.properties['title']).toBe('Artifact name taken')
    expect(service.artifacts.find(a => a.name === 'python-package-distributions')).toBe(held)
    expect(existsSync(join(workspace, 'out', 'other'))).toBe(false)
    expect(other.outputs['artifact-id']).toBe('')
  })

  it('resolves placeholders and keeps the retention asked for', async () => {
    const named = await runAction(
      workspace,
      inputs({ stages: 'build', 'artifact-name': 'dists-{name}-{version}-{os}-{arch}-{job}', 'retention-days': '5' }),
      job('wheels', 'wheels-job')
    )
    expect({ code: named.code, errors: errors(named) }).toEqual({ code: 0, errors: [] })
    expect(named.outputs['artifact-name']).toBe('dists-sample-greeter-0.3.1-linux-x64-wheels')
    const stored = service.artifacts.find(a => a.name === 'dists-sample-greeter-0.3.1-linux-x64-wheels')
    const days = ((stored?.expiresAt?.getTime() ?? 0) - Date.now()) / 86_400_000
    expect(days).toBeGreaterThan(4.9)
    expect(days).toBeLessThanOrEqual(5)
  })

  it.each([
    ['dists/{os}', /forward slash/],
    ['dists:1', /colon/],
    ['dists-{matrix}', /unknown placeholder '\{matrix\}'/]
  ])('refuses artifact-name %s before anything is built', async (name, why) => {
    const bad = await runAction(workspace, inputs({ 'artifact-name': name, 'local-dir': 'out/bad' }), job('build', 'bad-job'))
    expect(bad.code).toBe(1)
    const error = bad.annotations.find(a => a.level === 'error')
    expect(error?.properties['title']).toBe("Invalid input 'artifact-name'")
    expect(error?.message).toMatch(why)
    expect(bad.stdout).not.toMatch(/::group::Build/)
    expect(existsSync(join(workspace, 'out', 'bad'))).toBe(false)
  })

  it.each([['0'], ['401'], ['7.5'], ['a week']])('refuses retention-days %s', async days => {
    const bad = await runAction(workspace, inputs({ 'retention-days': days }), job('build', 'bad-job'))
    expect(bad.code).toBe(1)
    expect(bad.annotations[0]?.message).toContain(`Input 'retention-days' must be a whole number of days from 1 to 400`)
  })

  it('skips the upload with a notice outside Actions and on GHES, and says nothing when upload-artifact is false', async () => {
    const outside = await runAction(workspace, inputs({ stages: 'build' }))
    expect(outside.code).toBe(0)
    const notice = outside.annotations.find(a => a.level === 'notice' && a.properties['title'] === 'Artifact upload skipped')
    expect(notice?.message).toMatch(
      /^This is not a GitHub Actions job step \(ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL are not set\)\. The built files and release-manifest\.python-package-distributions\.[0-9a-f]{12}\.json are in \//
    )
    expect(outside.outputs['artifact-id']).toBe('')

    const ghes = await runAction(workspace, inputs({ stages: 'build' }), { ...job('build', 'ghes-job'), GITHUB_SERVER_URL: 'https://ghes.example.com' })
    expect(ghes.code).toBe(0)
    expect(ghes.annotations.map(a => a.message).join('\n')).toMatch(/GitHub Enterprise Server \(ghes\.example\.com\)/)

    const count = service.artifacts.length
    const off = await runAction(
      workspace,
      inputs({ stages: 'build', 'upload-artifact': 'false', 'artifact-name': 'dists-{os}-{job}' }),
      job('build', 'off-job')
    )
    expect(off.code).toBe(0)
    expect(off.annotations.filter(a => /Artifact/.test(a.message))).toEqual([])
    expect(service.artifacts.length).toBe(count)
    // for actions/upload-artifact: output dist-dir holds the files and the manifest, named after artifact-name
    const built = (JSON.parse(off.outputs['artifacts'] as string) as Array<{ filename: string }>).map(a => a.filename)
    expect((await readdir(off.outputs['dist-dir'] as string)).sort()).toEqual(
      [...built, expect.stringMatching(/^release-manifest\.dists-linux-build\.[0-9a-f]{12}\.json$/)].sort()
    )
  })

  it('fails the build stage, publishing nothing, when the service cannot be reached', async () => {
    const down = await new ArtifactService().start()
    const environment = { ...job('build', 'down-job'), ...down.environment() }
    await down.stop()
    const failed = await runAction(workspace, inputs({ 'local-dir': 'out/down' }), environment)
    expect(failed.code).toBe(1)
    const error = failed.annotations.find(a => a.level === 'error')
    expect(error?.properties['title']).toBe('Artifact upload failed')
    expect(error?.message).toMatch(/ECONNREFUSED|Unable to make request/)
    expect(existsSync(join(workspace, 'out', 'down'))).toBe(false)
    expect(failed.stdout).not.toMatch(/::group::Publish/)
  })

  it('never prints the runtime token', () => {
    const token = firstEnv['ACTIONS_RUNTIME_TOKEN'] as string
    const printed = first.stdout + first.stderr + first.summary + JSON.stringify(first.outputs)
    expect(printed).not.toContain(token)
    expect(printed).not.toContain(token.split('.')[2])
  })
})
