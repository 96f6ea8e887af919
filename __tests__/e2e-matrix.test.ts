// Issue 16 end to end through the bundle: three build processes as three matrix jobs of one workflow run
// (two platform wheels and each job's sdist, handed off through the local Actions artifact service with
// the unmodified @actions/artifact client), then one publish job that downloads all three artifacts,
// verifies them against their release manifests and publishes to the local index, the local GitHub and a
// local directory in one run, with no Python and no project checkout. Then the tampering cases, each
// with nothing published anywhere, and a promotion of the first run's artifacts by artifact-run-id.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ArtifactService } from '../test/servers/artifact-service.js'
import { GitHubServer } from '../test/servers/github.js'
import { PyPIIndex } from '../test/servers/pypi-index.js'
import { artifactClient, copyRunArtifacts, tamperedZip } from './helpers/artifacts.js'
import { PYTHON, ROOT, runAction, workspaceWith, type ActionRun } from './helpers/action.js'
import { htmlToText, renderGfm } from './helpers/markdown.js'

const FIXTURE = join(ROOT, '__tests__', 'fixtures', 'projects', 'platform-wheels')
const RUN = 100
const PLATFORMS = { linux: 'manylinux_2_17_x86_64', windows: 'win_amd64', macos: 'macosx_11_0_arm64' } as const
const SDIST = 'tern_codec-2.1.0.tar.gz'
const WHEELS = [
  'tern_codec-2.1.0-py3-none-macosx_11_0_arm64.whl',
  'tern_codec-2.1.0-py3-none-manylinux_2_17_x86_64.whl',
  'tern_codec-2.1.0-py3-none-win_amd64.whl'
]
/** The build jobs' certification, as their release manifests carry it: PARTIAL, as they give no test or coverage report (skipped checks). */
const CERTIFIED = '⚠️ PARTIAL'
const sha256 = (data: Buffer): string => createHash('sha256').update(data).digest('hex')

describe('a matrix release: build jobs hand off through the artifact service, one publish job verifies and publishes', () => {
  let service: ArtifactService
  let github: GitHubServer
  let pypi: PyPIIndex
  let commit: string
  const errors = (run: ActionRun): string[] => run.annotations.filter(a => a.level === 'error').map(a => a.message)

  /** The runner's variables for job `job` of workflow run `runId`. */
  const jobEnv = (runId: number, job: string, more: Record<string, string> = {}): Record<string, string> => ({
    ...service.jobEnvironment(runId, job),
    GITHUB_ACTIONS: 'true',
    GITHUB_API_URL: github.apiUrl,
    GITHUB_REPOSITORY: `${github.owner}/${github.repo}`,
    GITHUB_WORKFLOW: 'Release',
    GITHUB_JOB: job,
    GITHUB_SHA: commit,
    GITHUB_REF: 'refs/tags/v2.1.0',
    GITHUB_EVENT_NAME: 'push',
    RUNNER_OS: job.includes('windows') ? 'Windows' : job.includes('macos') ? 'macOS' : 'Linux',
    RUNNER_ARCH: job.includes('macos') ? 'ARM64' : 'X64',
    ...more
  })

  /** One build job of run `runId`: certify and build the fixture, upload as dists-<job>. */
  async function buildJob(
    runId: number,
    job: string,
    platform: string | undefined,
    mtime: number,
    change?: (project: string) => Promise<void>
  ): Promise<ActionRun> {
    const { workspace, project } = await workspaceWith(FIXTURE)
    if (change) await change(project)
    const run = await runAction(
      workspace,
      { 'project-dir': 'sub', stages: 'certify,build', python: PYTHON, 'build-isolation': 'false', 'artifact-name': 'dists-{job}' },
      jobEnv(runId, job, { FIXTURE_SDIST_MTIME: String(mtime), ...(platform ? { FIXTURE_WHEEL_PLATFORM: platform } : {}) })
    )
    expect({ job, code: run.code, errors: errors(run) }).toEqual({ job, code: 0, errors: [] })
    return run
  }

  /** The publish job of run `runId`: no project, no Python; every target. */
  async function publishJob(
    runId: number,
    job: string,
    inputs: Record<string, string> = {},
    env: Record<string, string> = {}
  ): Promise<{ run: ActionRun; workspace: string }> {
    const workspace = await mkdtemp(join(tmpdir(), 'pra-publish-job-'))
    const run = await runAction(
      workspace,
      {
        stages: 'preflight,publish',
        targets: 'pypi,github,local',
        python: '/nonexistent/python3',
        'download-artifacts': 'dists-*',
        'expect-wheels': '*manylinux*x86_64, win_amd64',
        'repository-url': pypi.uploadUrl,
        password: pypi.userToken,
        'github-token': github.token({ contents: 'write', actions: 'read' }),
        'local-dir': 'release',
        ...inputs
      },
      { ...jobEnv(runId, job), ...env }
    )
    return { run, workspace }
  }

  const publishedNowhere = async (workspace: string, before: { pypi: number; github: number }): Promise<void> => {
    expect(pypi.uploads.length).toBe(before.pypi)
    expect(github.publishedRelease('v2.1.0')?.assets.length ?? 0).toBe(before.github)
    await expect(readdir(join(workspace, 'release'))).rejects.toThrow(/ENOENT/)
  }

  beforeAll(async () => {
    service = await new ArtifactService().start()
    github = await new GitHubServer({ artifacts: service }).start()
    commit = github.commits[0]!
    pypi = await new PyPIIndex().start()
    // run 100: the matrix, a Linux, a Windows and a macOS job; each builds its platform's wheel and the sdist
    // (at another time each: the sdists' bytes differ, their members are the same)
    await buildJob(RUN, 'build-linux', PLATFORMS.linux, 1_700_000_000)
    await buildJob(RUN, 'build-windows', PLATFORMS.windows, 1_700_000_100)
    await buildJob(RUN, 'build-macos', PLATFORMS.macos, 1_700_000_200)
  }, 120_000)
  afterAll(async () => Promise.all([service.stop(), github.stop(), pypi.stop()]))

  it('the build jobs uploaded one artifact each, with its release manifest', () => {
    const names = service
      .runArtifacts(RUN)
      .map(a => a.name)
      .sort()
    expect(names).toEqual(['dists-build-linux', 'dists-build-macos', 'dists-build-windows'])
  })

  it('the publish job downloads the three artifacts, verifies them and publishes one sdist and the three wheels to every target', async () => {
    const { run, workspace } = await publishJob(RUN, 'publish')
    expect({ code: run.code, errors: errors(run) }).toEqual({ code: 0, errors: [] })
    const expected = [SDIST, ...WHEELS].sort()
    const published = JSON.parse(run.outputs['artifacts'] ?? '[]') as Array<{ filename: string; sha256: string }>
    expect(published.map(a => a.filename).sort()).toEqual(expected)
    expect(pypi.files.map(f => f.filename).sort()).toEqual(expected)
    expect(Object.keys(await releasedSums(workspace)).sort()).toEqual(expected)
    expect(
      github
        .publishedRelease('v2.1.0')
        ?.assets.map(a => a.name)
        .sort()
    ).toEqual([...expected, 'SHA256SUMS', `release-manifest.tern_codec-2.1.0.${commit.slice(0, 12)}.json`].sort())
    // with the release manifest of the commit the build jobs' manifests name (the files' recorded origin, issue 24)
    // every published byte is what a build job uploaded: the sdist one job built, each wheel its own job's
    const uploaded = await uploadedFiles(RUN)
    for (const file of pypi.files) expect(uploaded[file.filename]).toContain(sha256(await readFile(file.path)))
    for (const asset of github.publishedRelease('v2.1.0')?.assets ?? [])
      if (asset.name !== 'SHA256SUMS' && !asset.name.startsWith('release-manifest.')) expect(uploaded[asset.name]).toContain(sha256(asset.content))
    expect(run.summary).toMatch(/4 files received from 3 artifacts \(artifact 'dists-build-linux' \(id \d+\), .*\); 4 verified against 3 release manifests/)
    expect(run.outputs['dist-dir']).toBe('')
    // the receiving job's own view (issue 25), as GitHub renders it: its stage is `receive`, and per artifact the job
    // that built it, that job's runner, its certification, and for each wheel the expect-wheels pattern it met
    const page = renderGfm(run.summary)
    expect(page).toMatch(/<td>✅ receive<\/td>/)
    expect(page).not.toMatch(/<td>✅ build<\/td>/)
    const at = page.search(/<h3[^>]*>Received<\/h3>/)
    expect(at).toBeGreaterThan(0)
    const rows = page
      .slice(at, page.indexOf('</table>', at))
      .match(/<tr>[\s\S]*?<\/tr>/g)!
      .map(row => row.match(/<t[hd]>[\s\S]*?<\/t[hd]>/g)!.map(cell => htmlToText(cell.replace(/<br>/g, ' / '))))
    expect(rows).toEqual([
      ['Artifact', 'Built by job', 'Runner', 'Certification', 'Files'],
      ['dists-build-linux', 'build-linux', 'Linux X64', CERTIFIED, `${SDIST} / ${WHEELS[1]} meets expect-wheels *manylinux*x86_64`],
      ['dists-build-macos', 'build-macos', 'macOS ARM64', CERTIFIED, `${SDIST} / ${WHEELS[0]}`],
      ['dists-build-windows', 'build-windows', 'Windows X64', CERTIFIED, `${SDIST} / ${WHEELS[2]} meets expect-wheels win_amd64`]
    ])
  })

  it("a byte flipped in one artifact's wheel is refused naming the file and the artifact; nothing is published", async () => {
    const before = { pypi: pypi.uploads.length, github: github.publishedRelease('v2.1.0')?.assets.length ?? 0 }
    await copyRunArtifacts(service, RUN, 201, async dir => {
      if (!dir.endsWith('dists-build-linux')) return
      const wheel = join(dir, WHEELS[1]!)
      const bytes = await readFile(wheel)
      bytes.writeUInt8(bytes.readUInt8(bytes.length - 30) ^ 0x01, bytes.length - 30)
      await writeFile(wheel, bytes)
    })
    const { run, workspace } = await publishJob(201, 'publish')
    expect(run.code).toBe(1)
    expect(errors(run).join('\n')).toMatch(
      new RegExp(`${WHEELS[1]!.replace(/\./g, '\\.')}.*dists-build-linux|dists-build-linux.*${WHEELS[1]!.replace(/\./g, '\\.')}`)
    )
    await publishedNowhere(workspace, before)
  })

  it('a missing expected platform stops the release', async () => {
    const before = { pypi: pypi.uploads.length, github: github.publishedRelease('v2.1.0')?.assets.length ?? 0 }
    const { run, workspace } = await publishJob(RUN, 'publish-arm', { 'expect-wheels': 'win_amd64, musllinux*aarch64' })
    expect(run.code).toBe(1)
    expect(errors(run).join('\n')).toContain('musllinux*aarch64')
    expect(errors(run).join('\n')).not.toContain("'win_amd64'")
    await publishedNowhere(workspace, before)
  })

  it('two build jobs whose sdists differ in content are refused, naming both jobs', async () => {
    const before = { pypi: pypi.uploads.length, github: github.publishedRelease('v2.1.0')?.assets.length ?? 0 }
    await buildJob(202, 'build-linux', PLATFORMS.linux, 1_700_000_000)
    await buildJob(202, 'build-windows', PLATFORMS.windows, 1_700_000_000, async project => {
      await writeFile(join(project, 'src', 'tern_codec', '__init__.py'), '"""Tern call codec, changed on one runner."""\n')
    })
    const { run, workspace } = await publishJob(202, 'publish')
    expect(run.code).toBe(1)
    const said = errors(run).join('\n')
    expect(said).toContain(SDIST)
    expect(said).toMatch(/build-linux/)
    expect(said).toMatch(/build-windows/)
    await publishedNowhere(workspace, before)
  })

  it('a manifest whose certification is FAIL is refused', async () => {
    const before = { pypi: pypi.uploads.length, github: github.publishedRelease('v2.1.0')?.assets.length ?? 0 }
    await copyRunArtifacts(service, RUN, 203, async dir => {
      if (!dir.endsWith('dists-build-windows')) return
      const name = (await readdir(dir)).find(n => n.startsWith('release-manifest'))!
      const manifest = JSON.parse(await readFile(join(dir, name), 'utf8'))
      manifest.certification.status = 'FAIL'
      await writeFile(join(dir, name), JSON.stringify(manifest))
    })
    const { run, workspace } = await publishJob(203, 'publish')
    expect(run.code).toBe(1)
    expect(errors(run).join('\n')).toMatch(/FAIL/)
    await publishedNowhere(workspace, before)
  })

  it("an artifact changed in storage after upload (file and manifest edited to agree) is refused on the service's own digest", async () => {
    const before = { pypi: pypi.uploads.length, github: github.publishedRelease('v2.1.0')?.assets.length ?? 0 }
    await copyRunArtifacts(service, RUN, 204, async () => {})
    const stored = service.runArtifacts(204).find(a => a.name === 'dists-build-linux')!
    const zip = service.content(stored)!
    service.blobs.get(stored.blob)!.committed!.content = tamperedZip(zip, WHEELS[1]!)
    const { run, workspace } = await publishJob(204, 'publish')
    expect(run.code).toBe(1)
    expect(errors(run).join('\n')).toMatch(
      /artifact 'dists-build-linux' \(id \d+\) of this workflow run does not match the digest the artifact service recorded when it was uploaded/
    )
    await publishedNowhere(workspace, before)
  })

  it('files of another version than the pushed tag names are refused, as are files built from different commits', async () => {
    const before = { pypi: pypi.uploads.length, github: github.publishedRelease('v2.1.0')?.assets.length ?? 0 }
    const tagged = await publishJob(RUN, 'publish-tag', {}, { GITHUB_REF: 'refs/tags/v2.2.0' })
    expect(tagged.run.code).toBe(1)
    expect(errors(tagged.run)).toContain('this run is for tag v2.2.0 (version 2.2.0), but the files received are version 2.1.0')
    await publishedNowhere(tagged.workspace, before)
    const input = await publishJob(RUN, 'publish-input', { version: '2.1.1' })
    expect(errors(input.run)).toContain("input 'version' is 2.1.1, but the files received are version 2.1.0")
    await publishedNowhere(input.workspace, before)

    await copyRunArtifacts(service, RUN, 205, async dir => {
      if (!dir.endsWith('dists-build-macos')) return
      const name = (await readdir(dir)).find(n => n.startsWith('release-manifest'))!
      const manifest = JSON.parse(await readFile(join(dir, name), 'utf8'))
      manifest.source.sha = 'f'.repeat(40)
      await writeFile(join(dir, name), JSON.stringify(manifest))
    })
    const split = await publishJob(205, 'publish')
    expect(split.run.code).toBe(1)
    expect(errors(split.run).join('\n')).toMatch(
      new RegExp(`the files received were built from different commits: (${commit}|f{40}) \\(.*\\), (${commit}|f{40}) \\(`)
    )
    await publishedNowhere(split.workspace, before)
  })

  it("a workflow_dispatch run promotes run 100's artifacts by artifact-run-id, without rebuilding", async () => {
    const { run, workspace } = await publishJob(
      300,
      'promote',
      { targets: 'local', 'artifact-run-id': String(RUN) },
      { GITHUB_EVENT_NAME: 'workflow_dispatch', GITHUB_REF: 'refs/heads/main' }
    )
    expect({ code: run.code, errors: errors(run) }).toEqual({ code: 0, errors: [] })
    const released = await releasedSums(workspace)
    for (const file of pypi.files) if (file.filename in released) expect(released[file.filename]).toBe(file.sha256)
    expect(Object.keys(released)).toEqual(expect.arrayContaining([SDIST, ...WHEELS]))
  })

  it('dist-dir: one directory per artifact, one merged directory, and a wheelhouse with no manifest all publish; require-certification refuses the last', async () => {
    const root = await mkdtemp(join(tmpdir(), 'pra-dist-dir-'))
    const expected = [SDIST, ...WHEELS].sort()
    for (const artifact of service.runArtifacts(RUN)) {
      // actions/download-artifact without merge-multiple: a directory per artifact; with it: one for all
      await mkdir(join(root, 'split', artifact.name), { recursive: true })
      await artifactClient(service, ['download', String(artifact.id), join(root, 'split', artifact.name)], service.jobEnvironment(RUN, 'reader'))
      await artifactClient(service, ['download', String(artifact.id), join(root, 'merged')], service.jobEnvironment(RUN, 'reader'))
    }
    const split = await publishJob(RUN, 'publish-split', { targets: 'local', 'download-artifacts': '', 'dist-dir': join(root, 'split') })
    expect({ code: split.run.code, errors: errors(split.run) }).toEqual({ code: 0, errors: [] })
    expect(Object.keys(await releasedSums(split.workspace)).sort()).toEqual(expected)

    const merged = await publishJob(RUN, 'publish-merged', { targets: 'local', 'download-artifacts': '', 'dist-dir': join(root, 'merged') })
    expect({ code: merged.run.code, errors: errors(merged.run) }).toEqual({ code: 0, errors: [] })
    expect(Object.keys(await releasedSums(merged.workspace)).sort()).toEqual(expected)
    // three manifests side by side, none lost; the three jobs' sdists differ in bytes and the merge kept one
    expect((await readdir(join(root, 'merged'))).filter(n => n.startsWith('release-manifest')).sort()).toEqual([
      expect.stringMatching(/^release-manifest\.dists-build-linux\.[0-9a-f]{12}\.json$/),
      expect.stringMatching(/^release-manifest\.dists-build-macos\.[0-9a-f]{12}\.json$/),
      expect.stringMatching(/^release-manifest\.dists-build-windows\.[0-9a-f]{12}\.json$/)
    ])
    expect(merged.run.summary).toMatch(/verified against 3 release manifests/)
    expect(merged.run.annotations.some(a => a.level === 'warning' && a.message.includes(SDIST) && a.message.includes('kept one'))).toBe(true)

    // a wheelhouse (cibuildwheel's output): files and no manifest
    await mkdir(join(root, 'wheelhouse'))
    for (const name of expected) await writeFile(join(root, 'wheelhouse', name), await readFile(join(root, 'merged', name)))
    const bare = await publishJob(RUN, 'publish-wheelhouse', { targets: 'local', 'download-artifacts': '', 'dist-dir': join(root, 'wheelhouse') })
    expect({ code: bare.run.code, errors: errors(bare.run) }).toEqual({ code: 0, errors: [] })
    expect(bare.run.summary).toMatch(/4 with no build manifest to vouch for them/)
    const strict = await publishJob(RUN, 'publish-strict', {
      targets: 'local',
      'download-artifacts': '',
      'dist-dir': join(root, 'wheelhouse'),
      'require-certification': 'true'
    })
    expect(strict.run.code).toBe(1)
    expect(errors(strict.run).join('\n')).toMatch(
      /No build manifest vouches for 'tern_codec-2\.1\.0-py3-none-macosx_11_0_arm64\.whl' .*certification is required/
    )
    await expect(readdir(join(strict.workspace, 'release'))).rejects.toThrow(/ENOENT/)
  })

  /** Every file the build jobs of run `runId` uploaded: filename → the sha256 of each job's copy. */
  async function uploadedFiles(runId: number): Promise<Record<string, string[]>> {
    const files: Record<string, string[]> = {}
    for (const artifact of service.runArtifacts(runId)) {
      const dir = await mkdtemp(join(tmpdir(), 'pra-uploaded-'))
      await artifactClient(service, ['download', String(artifact.id), dir], service.jobEnvironment(runId, 'reader'))
      for (const name of await readdir(dir)) (files[name] ??= []).push(sha256(await readFile(join(dir, name))))
    }
    return files
  }

  /** The local target's SHA256SUMS as filename → sha256. */
  async function releasedSums(workspace: string): Promise<Record<string, string>> {
    const text = await readFile(join(workspace, 'release', 'SHA256SUMS'), 'utf8')
    return Object.fromEntries(
      text
        .trim()
        .split('\n')
        .map(line => line.split('  ').reverse() as [string, string])
    )
  }
})
