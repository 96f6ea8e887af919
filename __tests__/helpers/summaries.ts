// Three real runs of the bundle whose job summaries README.md shows (scripts/screenshots.mjs renders them):
// a release that ships, a release whose tests failed, and the publish job of a build matrix. Each runs
// dist/index.js as the runner does (helpers/action.ts), on a project's real pytest reports and real builds
// with Debian's Python, against the local servers of test/servers/ where it publishes; nothing is made up.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ArtifactService } from '../../test/servers/artifact-service.js'
import { GitHubServer } from '../../test/servers/github.js'
import { PyPIIndex } from '../../test/servers/pypi-index.js'
import { PYTHON, ROOT, runAction, runPytest, workspaceWith, type ActionRun } from './action.js'

const SAMPLE = join(ROOT, 'examples', 'sample-project')
const REPORT_PROJECT = join(ROOT, '__tests__', 'fixtures', 'report-project')
const PLATFORM_WHEELS = join(ROOT, '__tests__', 'fixtures', 'projects', 'platform-wheels')

/** What a runner of a repository on github.com gives the step: the summary links failing tests to the file at this commit. */
const onGitHub = (repository: string, ref: string): Record<string, string> => ({
  GITHUB_ACTIONS: 'true',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: repository,
  GITHUB_SHA: '3f6c2a1e9b8d7c6f5e4d3c2b1a0f9e8d7c6b5a49',
  GITHUB_REF: ref,
  GITHUB_EVENT_NAME: 'push',
  GITHUB_WORKFLOW: 'Release',
  GITHUB_JOB: 'release',
  RUNNER_OS: 'Linux',
  RUNNER_ARCH: 'X64'
})

/** The example project, its tests run with pytest and coverage.py, certified, built and released to a directory. */
export async function passingRelease(): Promise<ActionRun> {
  const { workspace, project } = await workspaceWith(SAMPLE)
  try {
    await runPytest(project, 'sample_greeter')
    return await runAction(
      workspace,
      {
        'project-dir': 'sub',
        targets: 'local',
        'local-dir': 'release',
        python: PYTHON,
        'build-isolation': 'false',
        'junit-xml': 'sub/reports/junit.xml',
        'coverage-report': 'sub/reports/coverage.xml',
        'min-coverage': '80',
        'min-branch-coverage': '50',
        'security-scan': 'bandit'
      },
      onGitHub('octo-org/sample-greeter', 'refs/tags/v0.3.1')
    )
  } finally {
    await rm(workspace, { recursive: true, force: true })
  }
}

/** The report fixture project, whose tests fail on purpose (an assertion, an exception inside the package). */
export async function failedCertification(): Promise<ActionRun> {
  const { workspace, project } = await workspaceWith(REPORT_PROJECT)
  try {
    // flaky/ is the rerun fixture's (it needs FLAKY_STATE); the picture is of tests/ failing
    await rm(join(project, 'flaky'), { recursive: true, force: true })
    await runPytest(project, 'calc')
    return await runAction(
      workspace,
      {
        'project-dir': 'sub',
        targets: 'local',
        'local-dir': 'release',
        python: PYTHON,
        'build-isolation': 'false',
        'junit-xml': 'sub/reports/junit.xml',
        'coverage-report': 'sub/reports/coverage.xml',
        'min-coverage': '90'
      },
      onGitHub('octo-org/calc', 'refs/tags/v0.1.0')
    )
  } finally {
    await rm(workspace, { recursive: true, force: true })
  }
}

/**
 * A build matrix of one workflow run: three build jobs (Linux, Windows, macOS; each certifies, builds its
 * platform's wheel and the sdist, and uploads them through the local artifact service), then the publish job,
 * which downloads the three artifacts, verifies them against their release manifests and publishes to the
 * local PyPI index, the local GitHub and a directory. Its summary is the receiving job's view.
 */
export async function matrixPublish(): Promise<ActionRun> {
  const service = await new ArtifactService().start()
  const github = await new GitHubServer({ artifacts: service }).start()
  const pypi = await new PyPIIndex().start()
  const dirs: string[] = []
  try {
    const runId = 100
    const commit = github.commits[0] as string
    const jobEnv = (job: string, os: string, arch: string): Record<string, string> => ({
      ...onGitHub(`${github.owner}/${github.repo}`, 'refs/tags/v2.1.0'),
      ...service.jobEnvironment(runId, job),
      GITHUB_API_URL: github.apiUrl,
      GITHUB_SHA: commit,
      GITHUB_JOB: job,
      RUNNER_OS: os,
      RUNNER_ARCH: arch
    })
    const jobs = [
      { job: 'build-linux', os: 'Linux', arch: 'X64', platform: 'manylinux_2_17_x86_64' },
      { job: 'build-windows', os: 'Windows', arch: 'X64', platform: 'win_amd64' },
      { job: 'build-macos', os: 'macOS', arch: 'ARM64', platform: 'macosx_11_0_arm64' }
    ]
    for (const [i, { job, os, arch, platform }] of jobs.entries()) {
      const { workspace } = await workspaceWith(PLATFORM_WHEELS)
      dirs.push(workspace)
      const build = await runAction(
        workspace,
        { 'project-dir': 'sub', stages: 'certify,build', python: PYTHON, 'build-isolation': 'false', 'artifact-name': 'dists-{job}' },
        { ...jobEnv(job, os, arch), FIXTURE_WHEEL_PLATFORM: platform, FIXTURE_SDIST_MTIME: String(1_700_000_000 + 100 * i) }
      )
      if (build.code !== 0) throw new Error(`build job ${job} failed:\n${build.stdout}\n${build.stderr}`)
    }
    const workspace = await mkdtemp(join(tmpdir(), 'pra-publish-job-'))
    dirs.push(workspace)
    return await runAction(
      workspace,
      {
        stages: 'preflight,publish',
        targets: 'pypi,github,local',
        python: '/nonexistent/python3',
        'download-artifacts': 'dists-*',
        'expect-wheels': '*manylinux*x86_64, win_amd64, macosx*arm64',
        'repository-url': pypi.uploadUrl,
        password: pypi.userToken,
        'github-token': github.token({ contents: 'write', actions: 'read' }),
        'local-dir': 'release'
      },
      jobEnv('publish', 'Linux', 'X64')
    )
  } finally {
    await Promise.all([service.stop(), github.stop(), pypi.stop()])
    await Promise.all(dirs.map(dir => rm(dir, { recursive: true, force: true })))
  }
}

/** The three runs' summaries, written to `dir` as passing-release.md, failed-certification.md and matrix-publish.md. */
export async function writeSummaries(dir: string): Promise<Record<string, ActionRun>> {
  const runs: Record<string, ActionRun> = {
    'passing-release': await passingRelease(),
    'failed-certification': await failedCertification(),
    'matrix-publish': await matrixPublish()
  }
  for (const [name, run] of Object.entries(runs)) await writeFile(join(dir, `${name}.md`), run.summary)
  return runs
}
