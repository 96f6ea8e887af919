// Issue 26, the first three deliverables, end to end through the bundle: build jobs hand their files off
// through the local artifact service (the unmodified @actions/artifact client), and a hostile hand-off
// tries to make the publish job release what it should not:
// - a wheel judged from inside: a pure wheel renamed for Windows does not meet `expect-wheels: win_amd64`
//   and is refused naming its WHEEL tags and its filename's (a build whose backend mislabels fails too);
// - a manifest vouches only for what it can: a PASS over a failed check, a gate left out under
//   require-certification, another repository, another commit;
// - a promotion (artifact-run-id) is judged by the source run, asked of the local GitHub API (which answers
//   with every field GitHub's OpenAPI description requires) before anything is downloaded: another
//   repository's run, a fork's pull request, a failed run, a head commit the manifests do not name.
// Each case publishes nothing. On main before issue 26, each was published (or, for the build, built).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtemp, readdir, readFile, rename, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ArtifactService } from '../test/servers/artifact-service.js'
import { GitHubServer, type WorkflowRunFacts } from '../test/servers/github.js'
import { copyRunArtifacts } from './helpers/artifacts.js'
import { PYTHON, ROOT, runAction, workspaceWith, type ActionRun } from './helpers/action.js'

const FIXTURE = join(ROOT, '__tests__', 'fixtures', 'projects', 'platform-wheels')
const RUN = 100
const PURE = 'tern_codec-2.1.0-py3-none-any.whl'
const LINUX = 'tern_codec-2.1.0-py3-none-manylinux_2_17_x86_64.whl'
const RENAMED = 'tern_codec-2.1.0-py3-none-win_amd64.whl'

describe('issue 26: the receiving job cannot be fooled by a wheel, a manifest or a promoted run', () => {
  let service: ArtifactService
  let github: GitHubServer
  let commit: string
  const errors = (run: ActionRun): string[] => run.annotations.filter(a => a.level === 'error').map(a => a.message)
  const warnings = (run: ActionRun): string[] => run.annotations.filter(a => a.level === 'warning').map(a => a.message)

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
    RUNNER_OS: 'Linux',
    RUNNER_ARCH: 'X64',
    ...more
  })

  /** One build job of run `runId` (certify and build, upload as dists-<job>); the fixture's backend reads `env`. */
  const buildJob = async (runId: number, job: string, env: Record<string, string>): Promise<ActionRun> => {
    const { workspace } = await workspaceWith(FIXTURE)
    return runAction(
      workspace,
      { 'project-dir': 'sub', stages: 'certify,build', python: PYTHON, 'build-isolation': 'false', 'artifact-name': 'dists-{job}' },
      jobEnv(runId, job, { FIXTURE_SDIST_MTIME: '1700000000', ...env })
    )
  }

  /** The publish job of run `runId`: no project, no Python; the local target only. */
  const publishJob = async (runId: number, job: string, inputs: Record<string, string> = {}, env: Record<string, string> = {}) => {
    const workspace = await mkdtemp(join(tmpdir(), 'pra-trust-'))
    const run = await runAction(
      workspace,
      { stages: 'preflight,publish', targets: 'local', python: '/nonexistent/python3', 'download-artifacts': 'dists-*', 'local-dir': 'release', ...inputs },
      { ...jobEnv(runId, job), ...env }
    )
    const released = await readdir(join(workspace, 'release')).catch(() => [] as string[])
    return { run, released }
  }

  /** Copies run 100's artifacts into run `to`, editing the manifest of artifact `artifact` with `change`. */
  const withManifest = async (to: number, artifact: string, change: (manifest: any, dir: string) => Promise<void> | void): Promise<void> =>
    copyRunArtifacts(service, RUN, to, async dir => {
      if (!dir.endsWith(artifact)) return
      const name = (await readdir(dir)).find(n => n.startsWith('release-manifest'))!
      const manifest = JSON.parse(await readFile(join(dir, name), 'utf8'))
      await change(manifest, dir)
      await writeFile(join(dir, name), JSON.stringify(manifest))
    })

  beforeAll(async () => {
    service = await new ArtifactService().start()
    github = await new GitHubServer({ artifacts: service }).start()
    commit = github.commits[0]!
    // run 100: a Linux wheel and a pure one, each job with its sdist
    for (const [job, env] of [
      ['build-linux', { FIXTURE_WHEEL_PLATFORM: 'manylinux_2_17_x86_64' }],
      ['build-pure', {}]
    ] as const) {
      const run = await buildJob(RUN, job, env)
      expect({ job, code: run.code, errors: errors(run) }).toEqual({ job, code: 0, errors: [] })
    }
  }, 120_000)
  afterAll(async () => Promise.all([service.stop(), github.stop()]))

  it('the genuine hand-off publishes, with require-certification: the real certification lists every gate, the manifests name this repository and GITHUB_SHA', async () => {
    const { run, released } = await publishJob(RUN, 'publish', { 'require-certification': 'true', 'expect-wheels': '*manylinux*x86_64, any' })
    expect({ code: run.code, errors: errors(run) }).toEqual({ code: 0, errors: [] })
    expect(released).toEqual(expect.arrayContaining([PURE, LINUX, 'tern_codec-2.1.0.tar.gz']))
  })

  it("a pure wheel renamed …-py3-none-win_amd64.whl (manifest edited to match) does not meet expect-wheels: win_amd64; refused naming the file, its WHEEL tags and its name's", async () => {
    await withManifest(401, 'dists-build-pure', async (manifest, dir) => {
      await rename(join(dir, PURE), join(dir, RENAMED))
      for (const file of manifest.files) if (file.filename === PURE) file.filename = RENAMED
    })
    const { run, released } = await publishJob(401, 'publish', { 'expect-wheels': 'win_amd64' })
    expect(run.code).toBe(1)
    const said = errors(run).join('\n')
    expect(said).toContain(
      `${RENAMED}: its filename says it is for py3-none-win_amd64, but tern_codec-2.1.0.dist-info/WHEEL says Tag: py3-none-any; the wheel was renamed after it was built`
    )
    expect(said).toMatch(/No wheel for the expected platform 'win_amd64': the wheels that arrived are .*\(WHEEL tags py3-none-manylinux_2_17_x86_64\)/)
    expect(released).toEqual([])
  })

  it('a build whose backend names the wheel for one platform and writes another in WHEEL fails; a pure wheel tagged for a platform is built and received with warnings', async () => {
    const liar = await buildJob(402, 'build-liar', { FIXTURE_WHEEL_PLATFORM: 'win_amd64', FIXTURE_WHEEL_FILE_TAG: 'py3-none-any' })
    expect(liar.code).toBe(1)
    expect(errors(liar).join('\n')).toContain(
      `${RENAMED}: its filename says it is for py3-none-win_amd64, but tern_codec-2.1.0.dist-info/WHEEL says Tag: py3-none-any`
    )
    expect(service.runArtifacts(402)).toEqual([])

    // bdist_wheel --plat-name makes such a wheel (pypa/wheel _bdist_wheel.py:326-330): allowed, said
    const pure = await buildJob(403, 'build-windows', { FIXTURE_WHEEL_PLATFORM: 'win_amd64', FIXTURE_WHEEL_PURELIB: 'true' })
    expect({ code: pure.code, errors: errors(pure) }).toEqual({ code: 0, errors: [] })
    expect(warnings(pure).join('\n')).toContain(
      `${RENAMED}: tern_codec-2.1.0.dist-info/WHEEL says Root-Is-Purelib: true (pure Python), but the wheel is tagged for win_amd64`
    )
    const { run, released } = await publishJob(403, 'publish', { 'expect-wheels': 'win_amd64' })
    expect({ code: run.code, errors: errors(run) }).toEqual({ code: 0, errors: [] })
    expect(warnings(run).join('\n')).toContain(
      `The expected platform 'win_amd64' is met only by '${RENAMED}' (WHEEL tags py3-none-win_amd64), whose WHEEL says Root-Is-Purelib: true`
    )
    expect(released).toContain(RENAMED)
  })

  it('a manifest whose status says PASS while its checks list a failed one is refused, naming it', async () => {
    await withManifest(404, 'dists-build-linux', manifest => {
      manifest.certification.status = 'PASS'
      for (const check of manifest.certification.checks) check.status = check.name === 'tests' ? 'fail' : 'pass'
    })
    const { run, released } = await publishJob(404, 'publish')
    expect(run.code).toBe(1)
    expect(errors(run).join('\n')).toMatch(
      /The release manifest 'release-manifest\.dists-build-linux\.[0-9a-f]{12}\.json' in .*dists-build-linux.* cannot be used: certification\.status is PASS, but its checks add up to FAIL \('tests': fail\)/
    )
    expect(released).toEqual([])
  })

  it('require-certification: a certification with a gate left out is refused, naming the manifest and the gate', async () => {
    await withManifest(405, 'dists-build-linux', manifest => {
      manifest.certification.checks = manifest.certification.checks.filter((check: { name: string }) => check.name !== 'security')
    })
    const lenient = await publishJob(405, 'publish')
    expect({ code: lenient.run.code, errors: errors(lenient.run) }).toEqual({ code: 0, errors: [] })
    const { run, released } = await publishJob(405, 'publish-strict', { 'require-certification': 'true' })
    expect(run.code).toBe(1)
    expect(errors(run).join('\n')).toMatch(
      /The certification in job 'build-linux' \(release-manifest\.dists-build-linux\.[0-9a-f]{12}\.json in .*dists-build-linux.*\) does not list the security gate; certification is required/
    )
    expect(released).toEqual([])
  })

  it('a manifest naming another repository, or (all of them) a commit other than GITHUB_SHA, is refused', async () => {
    await withManifest(406, 'dists-build-pure', manifest => {
      manifest.source.repository = 'mallory/sample-greeter'
    })
    const elsewhere = await publishJob(406, 'publish')
    expect(elsewhere.run.code).toBe(1)
    expect(errors(elsewhere.run).join('\n')).toMatch(
      new RegExp(`job 'build-pure' \\(.*\\) was built in the repository 'mallory/sample-greeter', not in ${github.owner}/${github.repo}, which is releasing`)
    )
    expect(elsewhere.released).toEqual([])

    const other = 'e'.repeat(40)
    await copyRunArtifacts(service, RUN, 407, async dir => {
      const name = (await readdir(dir)).find(n => n.startsWith('release-manifest'))!
      const manifest = JSON.parse(await readFile(join(dir, name), 'utf8'))
      manifest.source.sha = other
      await writeFile(join(dir, name), JSON.stringify(manifest))
    })
    const earlier = await publishJob(407, 'publish')
    expect(earlier.run.code).toBe(1)
    expect(errors(earlier.run).join('\n')).toContain(`was built from commit ${other}, but this release is of this run's commit (GITHUB_SHA), ${commit}`)
    expect(earlier.released).toEqual([])
  })

  describe('a promotion (artifact-run-id) is judged by the source run, asked of the GitHub API first', () => {
    const promote = (env: Record<string, string> = {}) =>
      publishJob(
        500,
        'promote',
        { 'artifact-run-id': String(RUN), 'github-token': github.token({ actions: 'read' }) },
        { GITHUB_EVENT_NAME: 'workflow_dispatch', GITHUB_REF: 'refs/heads/main', ...env }
      )
    const runUrl = (): string => `${github.serverUrl}/${github.owner}/${github.repo}/actions/runs/${RUN}`
    const artifactRequests = (): number => github.requests.filter(r => r.path.includes('/artifacts')).length
    afterAll(() => {
      github.resetRun(RUN)
    })

    it("a successful push run of this repository at the manifests' commit is promoted, after GET …/actions/runs/100", async () => {
      github.resetRun(RUN)
      const { run, released } = await promote()
      expect({ code: run.code, errors: errors(run) }).toEqual({ code: 0, errors: [] })
      expect(released).toEqual(expect.arrayContaining([PURE, LINUX]))
      expect(github.requests).toContainEqual(
        expect.objectContaining({ method: 'GET', path: `/repos/${github.owner}/${github.repo}/actions/runs/${RUN}`, status: 200 })
      )
      expect(github.violations).toEqual([])
    })

    const refusals: Array<{ what: string; facts: Partial<WorkflowRunFacts>; reason: RegExp }> = [
      {
        what: 'a run of another repository',
        facts: { repository: 'mallory/sample-greeter' },
        reason: /is a run of mallory\/sample-greeter, not of octo-org\/sample-greeter, which is releasing/
      },
      {
        what: "a fork's pull request",
        facts: { event: 'pull_request', headRepository: 'mallory/sample-greeter' },
        reason: /is a pull_request run of mallory\/sample-greeter's commit [0-9a-f]{40}, a fork of octo-org\/sample-greeter/
      },
      { what: 'a failed run', facts: { conclusion: 'failure' }, reason: /concluded failure; only a run that concluded successfully is promoted/ },
      { what: 'a run still in progress', facts: { status: 'in_progress', conclusion: null }, reason: /is in_progress, not completed/ }
    ]
    it.each(refusals)('$what is refused, naming the run, before anything is downloaded', async ({ facts, reason }) => {
      github.resetRun(RUN).setRun(RUN, facts)
      const before = artifactRequests()
      const { run, released } = await promote()
      expect(run.code).toBe(1)
      const said = errors(run).join('\n')
      // the run's id and its page (GitHub's html_url: the run's repository's)
      expect(said).toMatch(new RegExp(`run ${RUN} \\(${github.serverUrl}/[^/]+/[^/]+/actions/runs/${RUN}\\)`))
      expect(said).toMatch(reason)
      expect(artifactRequests()).toBe(before)
      expect(released).toEqual([])
      expect(github.violations).toEqual([])
    })

    it("a run whose head commit is not the manifests' commit is refused, naming the run and both commits", async () => {
      const head = 'c'.repeat(40)
      github.resetRun(RUN).setRun(RUN, { headSha: head })
      const { run, released } = await promote()
      expect(run.code).toBe(1)
      expect(errors(run).join('\n')).toContain(
        `was built from commit ${commit}, but this release is of the head commit of run ${RUN} (${runUrl()}), the run being promoted, ${head}`
      )
      expect(released).toEqual([])
    })
  })
})
