import { describe, expect, it } from '@jest/globals'
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
