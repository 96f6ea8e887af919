import { beforeAll, describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readTagHistory } from '../src/git.js'
import { checkVersion, type VersionEvidence } from '../src/certify/version.js'
import { certificationStatus } from '../src/certify/validator.js'
import type { PythonProject } from '../src/project.js'
import { CertificationStatus, type CertificationCheck, type CheckStatus } from '../src/types.js'

const project = (version: string | undefined, dynamicVersion = false): PythonProject => ({
  dir: '/repo/sub',
  pyprojectPath: '/repo/sub/pyproject.toml',
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
    expect(decision.check.annotations).toEqual([
      expect.objectContaining({ level: 'error', file: 'sub/pyproject.toml', line: 7, title: 'Version mismatch' })
    ])
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
    expect(history?.tags.map(t => [t.tag, t.version]).sort()).toEqual([['v1.0.0', '1.0.0'], ['v1.1.0', '1.1.0'], ['v2.0.0', '2.0.0']])
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
    expect(checkVersion(evidence({ project: project('1.1.0'), history: { ...history!, tags: history!.tags.filter(t => t.tag !== 'v2.0.0') } })).check.message).toMatch(
      /already tagged at an earlier commit \(v1\.1\.0\)/
    )
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

  it('gives a notice, not a failure, in a shallow clone without tags', async () => {
    const clone = mkdtempSync(join(tmpdir(), 'pra-shallow-'))
    expect(spawnSync('git', ['clone', '-q', '--depth', '1', '--no-tags', `file://${repo}`, clone]).status).toBe(0)
    const history = await readTagHistory(clone, 'v')
    expect(history).toEqual({ head: expect.any(String), tags: [], shallow: true })
    const decision = checkVersion(evidence({ project: project('0.0.1'), history }))
    expect(decision.check.status).toBe('pass')
    expect(decision.check.annotations).toEqual([expect.objectContaining({ level: 'notice', title: 'Earlier releases not compared' })])
  })

  it('knows nothing outside a git repository', async () => {
    expect(await readTagHistory(mkdtempSync(join(tmpdir(), 'pra-nogit-')), 'v')).toBeUndefined()
  })
})
