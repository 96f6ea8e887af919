// ReleaseValidator.certify() with an error injected into one check at a time: that check becomes a
// failure (docs: a warning when no docs item is required) naming what went wrong, the other
// checks still run for real, and the certification is complete.
import { afterEach, beforeAll, describe, expect, it, jest } from '@jest/globals'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { ValidatorOptions } from '../src/certify/validator.js'
import type { PythonProject } from '../src/project.js'
import { CertificationStatus, silentLogger, type ReleaseCertification } from '../src/types.js'

let workspace: string
const project = (): PythonProject => ({
  dir: workspace,
  pyprojectPath: join(workspace, 'pyproject.toml'),
  configPath: join(workspace, 'pyproject.toml'),
  metadataSource: 'pyproject',
  setupPy: false,
  name: 'demo',
  version: '1.0.0',
  dynamicVersion: false,
  readme: 'README.md',
  license: undefined,
  readmeContentType: undefined,
  licenseFile: undefined,
  licenseFiles: [],
  urls: { Source: 'https://example.invalid/demo' },
  requiresPython: undefined,
  buildBackend: undefined,
  buildRequires: []
})

beforeAll(() => {
  workspace = mkdtempSync(join(tmpdir(), 'pra-isolation-'))
  writeFileSync(join(workspace, 'pyproject.toml'), '[project]\nname = "demo"\nversion = "1.0.0"\n')
  writeFileSync(join(workspace, 'README.md'), '# demo\n')
  writeFileSync(join(workspace, 'LICENSE'), 'MIT\n')
  writeFileSync(join(workspace, 'CHANGELOG.md'), '# Changelog\n\n## 1.0.0\n\n- First.\n')
  writeFileSync(join(workspace, 'junit.xml'), '<testsuite tests="1"><testcase classname="t" name="a"/></testsuite>\n')
})

const options = (docsRequired: ValidatorOptions['docsRequired'] = []): ValidatorOptions => ({
  junitXml: join(workspace, 'junit.xml'),
  minPassRate: 100,
  coverageReport: '',
  minCoverage: 0,
  minBranchCoverage: 0,
  securityReport: '',
  failOnSeverity: 'high',
  ignoreVulns: [],
  securityScan: 'none',
  version: { input: undefined, ref: undefined, tagPrefix: 'v', project: project(), projectVersionLine: 3, workspace },
  docsRequired,
  python: '/usr/bin/python3',
  context: { workspace, projectDir: workspace, logger: silentLogger }
})

/** An error as fs gives it: a code and the path it could not read. */
const fsError = (path: string): NodeJS.ErrnoException =>
  Object.assign(new Error(`EISDIR: illegal operation on a directory, read`), { code: 'EISDIR', syscall: 'read', path })

const CHECKS = [
  { name: 'version', module: '../src/certify/version-check.js', exports: 'checkVersion' },
  { name: 'tests', module: '../src/certify/tests.js', exports: 'checkTests' },
  { name: 'coverage', module: '../src/certify/coverage.js', exports: 'checkCoverage' },
  { name: 'security', module: '../src/certify/security.js', exports: 'checkSecurity' },
  { name: 'docs', module: '../src/certify/docs.js', exports: 'checkDocs' }
] as const

afterEach(() => {
  for (const check of CHECKS) jest.unstable_unmockModule(check.module)
  jest.resetModules()
})

/** Certifies with `module`'s check replaced by one that throws (synchronously or by rejecting). */
async function certifyWithThrowing(
  check: (typeof CHECKS)[number],
  how: 'throws' | 'rejects',
  docsRequired: ValidatorOptions['docsRequired'] = []
): Promise<ReleaseCertification> {
  const error = fsError(join(workspace, `${check.name}-input`))
  jest.unstable_mockModule(check.module, () => ({
    [check.exports]:
      how === 'throws'
        ? () => {
            throw error
          }
        : async () => Promise.reject(error)
  }))
  const { ReleaseValidator } = await import('../src/certify/validator.js')
  return new ReleaseValidator(options(docsRequired)).certify()
}

describe('an error inside one check', () => {
  it.each(CHECKS.flatMap(check => (['throws', 'rejects'] as const).map(how => ({ ...check, how }))))(
    '$name $how: that check fails naming the path, the others still run, the certification is FAIL',
    async check => {
      const certification = await certifyWithThrowing(check, check.how, ['changelog'])
      // without a release version the changelog entry cannot be looked up: docs warns that it was not checked
      const docs = check.name === 'version' ? 'warn' : 'pass'
      const expected: Record<string, string> = { version: 'pass', tests: 'pass', coverage: 'skip', security: 'skip', docs, [check.name]: 'fail' }
      expect(certification.checks.map(c => [c.name, c.status])).toEqual(Object.entries(expected))
      expect(certification.status).toBe(CertificationStatus.FAIL)
      const failed = certification.checks.find(c => c.name === check.name)!
      const message = `the ${check.name} check stopped on an unexpected error: read '${join(workspace, `${check.name}-input`)}': is a directory, not a file (EISDIR)`
      expect(failed.message).toBe(message)
      expect(failed.annotations).toEqual([{ level: 'error', title: `Certification: ${check.name} check could not run`, message }])
      if (check.name === 'version') expect(certification.version).toBeUndefined()
      else expect(certification.version).toBe('1.0.0')
    }
  )

  it('docs throws with no docs item required: the docs check warns, and the certification is PARTIAL, not FAIL', async () => {
    const certification = await certifyWithThrowing(CHECKS[4], 'rejects')
    expect(certification.checks.map(c => [c.name, c.status])).toEqual([
      ['version', 'pass'],
      ['tests', 'pass'],
      ['coverage', 'skip'],
      ['security', 'skip'],
      ['docs', 'warn']
    ])
    expect(certification.checks[4]?.annotations).toEqual([expect.objectContaining({ level: 'warning', title: 'Certification: docs check could not run' })])
    expect(certification.status).toBe(CertificationStatus.PARTIAL)
    expect(certification.releaseNotes).toBeUndefined()
  })
})
