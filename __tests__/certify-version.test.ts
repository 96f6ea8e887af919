import { beforeAll, describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseLsRemote, readTagHistory } from '../src/git.js'
import { checkVersion, type VersionEvidence } from '../src/certify/version-check.js'
import { certificationStatus } from '../src/certify/validator.js'
import type { PythonProject, VersionDerivation } from '../src/project.js'
import { CertificationStatus, type CertificationCheck, type CheckStatus } from '../src/types.js'

const project = (version: string | undefined, dynamicVersion = false): PythonProject => ({
  dir: '/repo/sub',
  pyprojectPath: '/repo/sub/pyproject.toml',
  configPath: '/repo/sub/pyproject.toml',
  metadataSource: 'pyproject',
  setupPy: false,
  name: 'demo',
  version,
  dynamicVersion,
  readme: undefined,
  license: undefined,
  readmeContentType: undefined,
  licenseFile: undefined,
  licenseFiles: [],
  urls: {},
  requiresPython: undefined,
  buildBackend: undefined,
  buildRequires: []
})

const evidence = (over: Partial<VersionEvidence>): VersionEvidence => ({
  input: undefined,
  ref: undefined,
  tagPrefix: 'v',
  project: project('1.2.3'),
  projectVersionLine: 7,
  workspace: '/repo',
  ...over
})

describe('version check', () => {
  it('passes when the tag and pyproject agree by PEP 440', () => {
    const decision = checkVersion(evidence({ ref: 'refs/tags/v1.2.3.0' }))
    expect(decision.check.status).toBe('pass')
    expect(decision.releaseVersion).toBe('1.2.3.0')
  })

  it('fails when tag v1.2.4 meets pyproject 1.2.3, pointing at the version line', () => {
    const decision = checkVersion(evidence({ ref: 'refs/tags/v1.2.4' }))
    expect(decision.check.status).toBe('fail')
    expect(decision.check.message).toBe("versions disagree: tag 'v1.2.4' is 1.2.4, pyproject.toml [project] version is 1.2.3")
    expect(decision.check.annotations).toEqual([expect.objectContaining({ level: 'error', file: 'sub/pyproject.toml', line: 7, title: 'Version mismatch' })])
    expect(decision.releaseVersion).toBeUndefined()
  })

  it('prefers the input, then the tag, then pyproject', () => {
    expect(checkVersion(evidence({ input: '2.0', project: project(undefined, true) })).releaseVersion).toBe('2.0')
    expect(checkVersion(evidence({ input: '1.2.3', ref: 'refs/tags/v1.2.3' })).releaseVersion).toBe('1.2.3')
    expect(checkVersion(evidence({ input: '1.2.3', ref: 'refs/tags/v1.3' })).check.status).toBe('fail')
  })

  it('ignores a tag without the prefix, with a notice', () => {
    const decision = checkVersion(evidence({ ref: 'refs/tags/nightly' }))
    expect(decision.check.status).toBe('pass')
    expect(decision.check.annotations).toEqual([expect.objectContaining({ level: 'notice' })])
  })

  it('fails a tag with the prefix that is no version', () => {
    expect(checkVersion(evidence({ ref: 'refs/tags/vlatest' })).check.message).toMatch(/tag 'vlatest' is 'latest', which is not a PEP 440 version/)
  })

  it('lets the built files decide a dynamic version, and checks them against a tag', () => {
    const dynamic = evidence({ project: project(undefined, true), projectVersionLine: undefined })
    expect(checkVersion(dynamic)).toMatchObject({ releaseVersion: undefined, check: { status: 'pass' } })
    const built = [
      { filename: 'demo-0.4.0.tar.gz', version: '0.4.0' },
      { filename: 'demo-0.4.0-py3-none-any.whl', version: '0.4.0' }
    ]
    expect(checkVersion({ ...dynamic, built }).releaseVersion).toBe('0.4.0')
    expect(checkVersion({ ...dynamic, built, ref: 'refs/tags/v0.5.0' }).check.status).toBe('fail')
  })

  it('fails with no version anywhere', () => {
    expect(checkVersion(evidence({ project: project(undefined) })).check.message).toMatch(/no release version/)
  })

  it('fails a [project] table without version that does not list it as dynamic, naming the file, even with a tag', () => {
    const decision = checkVersion(evidence({ project: project(undefined), ref: 'refs/tags/v1.0' }))
    expect(decision.check.status).toBe('fail')
    expect(decision.check.message).toMatch(
      /^no release version: sub\/pyproject\.toml has a \[project\] table without version, and "version" is not in its dynamic list/
    )
    expect(decision.check.annotations).toEqual([expect.objectContaining({ file: 'sub/pyproject.toml', title: 'No release version' })])
  })

  it('takes PEP 440 local versions from every source', () => {
    const local = checkVersion(evidence({ project: project('4.0.0+local.1'), ref: 'refs/tags/v4.0.0+local.1', input: '4.0.0+LOCAL-1' }))
    expect(local).toMatchObject({ releaseVersion: '4.0.0+local.1', check: { status: 'pass' } })
    expect(checkVersion(evidence({ project: project('4.0+ubuntu-1') })).releaseVersion).toBe('4.0+ubuntu.1')
    expect(checkVersion(evidence({ project: project('4.0.0+local.1'), input: '4.0.0+local.2' })).check.message).toMatch(/versions disagree/)
  })
})

describe('a dynamic version must be one the project states', () => {
  const dynamicProject = (derivation: Partial<VersionDerivation>): PythonProject => ({
    ...project(undefined, true),
    versionDerivation: { declared: 'dynamic', line: 6, backend: 'setuptools', status: 'configured', howTo: 'Declare it here', ...derivation }
  })
  const built = (version: string) => [
    { filename: `demo-${version}.tar.gz`, version },
    { filename: `demo-${version}-py3-none-any.whl`, version }
  ]
  const dynamic = (derivation: Partial<VersionDerivation>, over: Partial<VersionEvidence> = {}) =>
    checkVersion(evidence({ project: dynamicProject(derivation), projectVersionLine: undefined, ...over }))

  it('fails certification before the build when nothing configures the backend, at the dynamic line, with how to declare it', () => {
    for (const over of [{}, { ref: 'refs/tags/v1.0.0' }, { input: '1.0.0' }]) {
      const decision = dynamic({ status: 'unconfigured', source: undefined }, over)
      expect(decision.check.status).toBe('fail')
      expect(decision.check.message).toBe(
        'sub/pyproject.toml lists "version" in [project] dynamic, but nothing tells setuptools how to compute it, so setuptools builds the placeholder version 0.0.0: ' +
          'a version the project never stated is not a release. Declare it here.'
      )
      expect(decision.check.annotations).toEqual([
        expect.objectContaining({ level: 'error', title: 'Version not declared', file: 'sub/pyproject.toml', line: 6 })
      ])
    }
    expect(dynamic({ status: 'unconfigured', declared: 'no-project-table', line: undefined }).check.message).toMatch(
      /^sub\/pyproject\.toml has no \[project\] table, and no setup\.cfg or setup\.py states a version, so setuptools builds the placeholder version 0\.0\.0/
    )
  })

  it.each(['0.0.0', '0.0', '0', '0.0.0.dev0', '0+unknown', '0.0.0+unknown', '1.2+unknown'])(
    'fails the placeholder %s when only the built files name it',
    version => {
      const decision = dynamic({ source: '[tool.setuptools.dynamic] version = {attr = "demo.__version__"}' }, { built: built(version) })
      expect(decision.check.status).toBe('fail')
      expect(decision.check.message).toBe(
        `the built files have version ${version}: [tool.setuptools.dynamic] version = {attr = "demo.__version__"} gave a placeholder that backends make up when nothing tells them the version, ` +
          "not a release version the project states. Declare it here. Or name the release: push a tag 'v<version>' or set input 'version'."
      )
      expect(decision.releaseVersion).toBeUndefined()
      // the same placeholder named by a tag or the input is a release the maintainer stated
      expect(dynamic({}, { built: built(version), ref: `refs/tags/v${version}` }).check.status).toBe('pass')
      expect(dynamic({}, { built: built(version), input: version }).check.status).toBe('pass')
    }
  )

  it('fails a setuptools-scm fallback_version: the version it stands in without a git repository', () => {
    const scm = {
      source: 'setuptools-scm ([tool.setuptools_scm]) from git tags',
      fallbackVersion: { version: '1.0.0', option: '[tool.setuptools_scm] fallback_version' }
    }
    const decision = dynamic(scm, { built: built('1.0.0') })
    expect(decision.check.status).toBe('fail')
    expect(decision.check.message).toMatch(
      /^the built files have version 1\.0\.0, which is \[tool\.setuptools_scm\] fallback_version in sub\/pyproject\.toml: the version setuptools-scm .* stands in when it finds no git repository/
    )
    expect(dynamic(scm, { built: built('1.0.0'), ref: 'refs/tags/v1.0.0' }).check.status).toBe('pass')
    expect(dynamic(scm, { built: built('1.1.0') }).check.status).toBe('pass')
  })

  it("passes a configured derivation's version, hatch-vcs's untagged 0.1.dev1+g... too, saying where it came from", () => {
    const vcs = dynamic(
      { backend: 'hatchling', source: 'hatch-vcs ([tool.hatch.version] source = "vcs") from git tags' },
      { built: built('0.1.dev1+g1234abc') }
    )
    expect(vcs).toMatchObject({ releaseVersion: '0.1.dev1+g1234abc', check: { status: 'pass' } })
    expect(vcs.check.message).toMatch(/, derived by hatch-vcs \(\[tool\.hatch\.version\] source = "vcs"\) from git tags$/)
    expect(dynamic({}, { built: built('0.0.1') }).check.status).toBe('pass')
    expect(dynamic({ status: 'unknown' }, { built: built('2.0') }).check.status).toBe('pass')
    expect(dynamic({}).check.message).toBe(
      'the version is dynamic in pyproject.toml: setuptools derives it when the build runs, and the built files must agree with it'
    )
    expect(dynamic({ declared: 'no-project-table', source: 'setup.cfg [metadata] version = 0.9.2' }).check.message).toBe(
      'pyproject.toml has no [project] table: setup.cfg [metadata] version = 0.9.2 derives it when the build runs, and the built files must agree with it'
    )
  })
})

describe('certification status', () => {
  const checks = (...statuses: CheckStatus[]): CertificationCheck[] =>
    statuses.map((status, i) => ({ name: `c${i}`, status, message: '', annotations: [], metrics: {}, details: [] }))

  it('is FAIL if any check fails, PARTIAL if any warns or skips, else PASS', () => {
    expect(certificationStatus(checks('pass', 'pass'))).toBe(CertificationStatus.PASS)
    expect(certificationStatus(checks('pass', 'skip'))).toBe(CertificationStatus.PARTIAL)
    expect(certificationStatus(checks('warn', 'pass'))).toBe(CertificationStatus.PARTIAL)
    expect(certificationStatus(checks('warn', 'fail', 'skip'))).toBe(CertificationStatus.FAIL)
  })

  it('is not changed by a notice', () => {
    const [check] = checks('pass')
    check!.annotations.push({ level: 'notice', message: 'fyi' })
    expect(certificationStatus([check!])).toBe(CertificationStatus.PASS)
  })
})

describe('earlier releases, from git', () => {
  let repo: string
  const git = (...args: string[]): string => {
    const result = spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', '-c', 'init.defaultBranch=main', ...args], { cwd: repo })
    expect(result.status).toBe(0)
    return result.stdout.toString().trim()
  }
  const commit = (message: string): void => {
    writeFileSync(join(repo, 'file'), message)
    git('add', 'file')
    git('commit', '-qm', message)
  }

  beforeAll(() => {
    // main: 1.0.0 (annotated) → 1.1.0 → 2.0.0 (lightweight); branch 1.x forks at 1.1.0
    repo = mkdtempSync(join(tmpdir(), 'pra-git-'))
    git('init', '-q')
    commit('one')
    git('tag', '-a', 'v1.0.0', '-m', 'release 1.0.0')
    commit('two')
    git('tag', 'v1.1.0')
    git('tag', 'not-a-release')
    git('branch', '1.x')
    commit('three')
    git('tag', 'v2.0.0')
  })

  it('reads the release tags reachable from HEAD, peeling annotated ones', async () => {
    const history = await readTagHistory(repo, 'v')
    expect(history?.shallow).toBe(false)
    expect(history?.tags.map(t => [t.tag, t.version]).sort()).toEqual([
      ['v1.0.0', '1.0.0'],
      ['v1.1.0', '1.1.0'],
      ['v2.0.0', '2.0.0']
    ])
    const head = git('rev-parse', 'HEAD')
    expect(history?.tags.find(t => t.tag === 'v2.0.0')?.commit).toBe(head)
    expect(history?.tags.find(t => t.tag === 'v1.0.0')?.commit).toBe(git('rev-parse', 'v1.0.0^{commit}'))
  })

  it('fails a release that is not newer than a reachable tag, naming it', async () => {
    const history = await readTagHistory(repo, 'v')
    const older = checkVersion(evidence({ project: project('1.5.0'), history }))
    expect(older.check.status).toBe('fail')
    expect(older.check.annotations[0]).toMatchObject({ title: 'Version not newer than earlier releases' })
    expect(older.check.message).toMatch(/release 1\.5\.0 is not newer than the release tag\(s\) v2\.0\.0 reachable from this commit/)
    expect(checkVersion(evidence({ project: project('2.0.1'), history })).check.status).toBe('pass')
    // a re-run on the tagged commit itself
    expect(checkVersion(evidence({ project: project('2.0.0'), ref: 'refs/tags/v2.0.0', history })).check.status).toBe('pass')
    // the same version tagged at an earlier commit
    expect(
      checkVersion(evidence({ project: project('1.1.0'), history: { ...history!, tags: history!.tags.filter(t => t.tag !== 'v2.0.0') } })).check.message
    ).toMatch(/already tagged at an earlier commit \(v1\.1\.0\)/)
  })

  it('allows a backport on a maintenance branch after a newer major release', async () => {
    git('checkout', '-q', '1.x')
    try {
      commit('backport')
      const history = await readTagHistory(repo, 'v')
      expect(checkVersion(evidence({ project: project('1.1.1'), history })).check.status).toBe('pass')
    } finally {
      git('checkout', '-q', 'main')
    }
  })

  /** A shallow clone (actions/checkout's fetch-depth: 1) of `ref` in the test repository. */
  const shallowClone = (ref?: string): string => {
    const clone = mkdtempSync(join(tmpdir(), 'pra-shallow-'))
    const result = spawnSync('git', ['clone', '-q', '--depth', '1', ...(ref ? ['--branch', ref] : []), `file://${repo}`, clone])
    expect(result.status).toBe(0)
    return clone
  }
  const inClone = (clone: string, ...args: string[]): void => {
    expect(spawnSync('git', args, { cwd: clone }).status).toBe(0)
  }

  it("reads a shallow clone's earlier release tags from its remote (a tag push checks out one commit)", async () => {
    git('checkout', '-q', 'main')
    commit('after 2.0')
    try {
      const clone = shallowClone()
      const history = await readTagHistory(clone, 'v')
      expect(history).toMatchObject({ shallow: true, tags: [], remote: { name: 'origin' } })
      expect(history?.remote?.unplaced.map(t => [t.tag, t.commit]).sort()).toEqual([
        ['v1.0.0', git('rev-parse', 'v1.0.0^{commit}')],
        ['v1.1.0', git('rev-parse', 'v1.1.0')],
        ['v2.0.0', git('rev-parse', 'v2.0.0')]
      ])
      const older = checkVersion(evidence({ project: project('1.5.0'), history }))
      expect(older.check.status).toBe('fail')
      expect(older.check.annotations).toEqual([expect.objectContaining({ level: 'error', title: 'Version not newer than earlier releases' })])
      expect(older.check.message).toMatch(
        /^release 1\.5\.0 is not newer than the release tag\(s\) v2\.0\.0 on remote 'origin' \(latest: v2\.0\.0\); bump the version\. .*backport.*fetch-depth: 0/
      )
      const newer = checkVersion(evidence({ project: project('2.1.0'), history }))
      expect(newer.check).toMatchObject({ status: 'pass', annotations: [] })
      // the same version tagged at a commit this clone does not hold
      expect(checkVersion(evidence({ project: project('2.0.0'), history })).check.message).toMatch(/already tagged at another commit \(v2\.0\.0\)/)
    } finally {
      git('reset', '-q', '--hard', 'v2.0.0')
    }
  })

  it('re-runs a tag push from a shallow clone of the tag: the tag is on the released commit, the earlier ones on the remote', async () => {
    const clone = shallowClone('v2.0.0')
    const history = await readTagHistory(clone, 'v')
    expect(history?.tags.map(t => t.tag)).toEqual(['v2.0.0'])
    expect(history?.remote?.unplaced.map(t => t.tag).sort()).toEqual(['v1.0.0', 'v1.1.0'])
    expect(checkVersion(evidence({ project: project('2.0.0'), ref: 'refs/tags/v2.0.0', history })).check).toMatchObject({ status: 'pass', annotations: [] })
  })

  it('counts tags it cannot place as earlier in a shallow clone, saying that a backport needs fetch-depth: 0', async () => {
    git('checkout', '-q', '1.x')
    try {
      commit('backport, shallow')
      const shallow = checkVersion(evidence({ project: project('1.1.1'), history: await readTagHistory(shallowClone('1.x'), 'v') }))
      expect(shallow.check.status).toBe('fail')
      expect(shallow.check.message).toMatch(
        /v2\.0\.0 on remote 'origin'.*cannot tell whether those tags are reachable.*for a backport on a maintenance branch, use actions\/checkout with fetch-depth: 0/
      )
      // the full clone knows 2.0.0 is not below the backport
      const full = mkdtempSync(join(tmpdir(), 'pra-full-'))
      expect(spawnSync('git', ['clone', '-q', '--branch', '1.x', `file://${repo}`, full]).status).toBe(0)
      expect(checkVersion(evidence({ project: project('1.1.1'), history: await readTagHistory(full, 'v') })).check).toMatchObject({
        status: 'pass',
        annotations: []
      })
    } finally {
      git('checkout', '-q', 'main')
    }
  })

  it('gives a notice naming fetch-depth: 0, not a failure, when a shallow clone cannot reach its remote', async () => {
    const clone = shallowClone()
    inClone(clone, 'remote', 'set-url', 'origin', `file://${repo}-gone`)
    const history = await readTagHistory(clone, 'v')
    expect(history?.remote).toBeUndefined()
    expect(history).toMatchObject({ shallow: true, remoteProblem: expect.stringMatching(/^git ls-remote --tags origin failed: fatal: .*-gone/) })
    const decision = checkVersion(evidence({ project: project('2.0.1'), history }))
    expect(decision.check.status).toBe('pass')
    expect(decision.check.annotations).toEqual([
      expect.objectContaining({
        level: 'notice',
        title: 'Earlier releases not compared',
        message: expect.stringMatching(
          /^This is a shallow clone .* holding only v2\.0\.0, and its remote's tags could not be read \(git ls-remote --tags origin failed: .*\), .*use actions\/checkout with fetch-depth: 0 to compare\.$/
        )
      })
    ])
    // a tag push holds the pushed tag: the notice still says that the others were not compared
    const tagged = shallowClone('v1.1.0')
    inClone(tagged, 'remote', 'remove', 'origin')
    const pushed = checkVersion(evidence({ project: project('1.1.0'), ref: 'refs/tags/v1.1.0', history: await readTagHistory(tagged, 'v') }))
    expect(pushed.check.status).toBe('pass')
    expect(pushed.check.annotations).toEqual([
      expect.objectContaining({
        level: 'notice',
        message: expect.stringMatching(/holding only v1\.1\.0, and its remote's tags could not be read \(the clone has no remote to ask\)/)
      })
    ])
  })

  it('gives up on a remote that does not answer within the deadline, with the notice', async () => {
    const clone = shallowClone()
    // a remote whose transport never answers
    inClone(clone, 'config', 'protocol.ext.allow', 'always')
    inClone(clone, 'remote', 'set-url', 'origin', 'ext::sleep 30')
    const started = Date.now()
    const history = await readTagHistory(clone, 'v', { lsRemoteTimeoutMs: 500 })
    expect(Date.now() - started).toBeLessThan(5000)
    expect(history?.remoteProblem).toBe('git ls-remote --tags origin failed: no answer within 0.5 s')
    expect(checkVersion(evidence({ project: project('2.0.1'), history })).check.annotations).toEqual([
      expect.objectContaining({
        level: 'notice',
        title: 'Earlier releases not compared',
        message: expect.stringContaining('(git ls-remote --tags origin failed: no answer within 0.5 s)')
      })
    ])
  })

  it('reads ls-remote output: annotated tags by their commit, other tags and refs left out', () => {
    const text = ['aaa\trefs/tags/v1.0.0', 'bbb\trefs/tags/v1.0.0^{}', 'ccc\trefs/tags/v2.0', 'ddd\trefs/tags/nightly', 'eee\trefs/heads/v3.0.0', ''].join('\n')
    expect(parseLsRemote(text, 'v')).toEqual([
      { tag: 'v1.0.0', version: '1.0.0', commit: 'bbb' },
      { tag: 'v2.0', version: '2.0', commit: 'ccc' }
    ])
  })

  it('knows nothing outside a git repository', async () => {
    expect(await readTagHistory(mkdtempSync(join(tmpdir(), 'pra-nogit-')), 'v')).toBeUndefined()
  })
})
