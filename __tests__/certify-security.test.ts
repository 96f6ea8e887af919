import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { banditTargets, checkSecurity, gates, parseSecurityReport, severityFromScore, type SecurityOptions } from '../src/certify/security.js'
import type { ReportContext } from '../src/certify/reports.js'
import { silentLogger } from '../src/types.js'

// fixtures/security-project is a small package with code bandit flags (src/vault/__init__.py)
// and declared dependencies. Its bandit report is made by the real bandit (Debian's, in CI);
// pip-audit.json and scanners.sarif follow pip-audit's JSON format and SARIF 2.1.0, which no
// Debian tool here writes. The project is copied into a workspace under proj/.
const fixtures = join(import.meta.dirname, 'fixtures')
const security = (name: string) => join(fixtures, 'security', name)
const PYTHON = '/usr/bin/python3'

let temp: string
let ctx: ReportContext
let banditReport: string
beforeAll(() => {
  temp = mkdtempSync(join(tmpdir(), 'certify-security-'))
  const workspace = join(temp, 'ws')
  cpSync(join(fixtures, 'security-project'), join(workspace, 'proj'), { recursive: true })
  ctx = { workspace, projectDir: join(workspace, 'proj'), logger: silentLogger }
  banditReport = join(temp, 'bandit.json')
  // bandit exits 1 when it finds issues, as it does here
  try {
    execFileSync(PYTHON, ['-m', 'bandit', '-r', 'src', '-f', 'json', '-o', banditReport, '-q'], { cwd: ctx.projectDir, stdio: 'pipe' })
  } catch (error) {
    if ((error as { status?: number }).status !== 1) throw error
  }
})
afterAll(() => {
  rmSync(temp, { recursive: true, force: true })
})

function write(name: string, content: string): string {
  const file = join(temp, name)
  writeFileSync(file, content)
  return file
}

const options = (overrides: Partial<SecurityOptions>): SecurityOptions => ({
  patterns: '',
  failOnSeverity: 'high',
  ignoreVulns: [],
  scan: 'none',
  python: PYTHON,
  projectName: 'vault',
  ...overrides
})

describe('security reports', () => {
  it('reads a real bandit report: severity, confidence, file and line of each finding', async () => {
    const report = await parseSecurityReport(banditReport)
    expect(report.format).toBe('bandit')
    const found = report.findings.map(f => [f.id, f.severity, f.confidence, f.path, f.line])
    expect(found).toEqual(
      expect.arrayContaining([
        ['B602', 'high', 'high', 'src/vault/__init__.py', 9],
        ['B301', 'medium', 'high', 'src/vault/__init__.py', 13],
        ['B403', 'low', 'high', 'src/vault/__init__.py', 2]
      ])
    )
  })

  it('reads pip-audit JSON: each vulnerability with its aliases and fix versions; skipped dependencies are gaps', async () => {
    const report = await parseSecurityReport(security('pip-audit.json'))
    expect(report.format).toBe('pip-audit')
    expect(report.findings.map(f => f.id)).toEqual(['PYSEC-2023-74', 'PYSEC-2021-108', 'GHSA-g3rq-g295-4j3m'])
    expect(report.findings[0]).toMatchObject({
      ids: ['PYSEC-2023-74', 'CVE-2023-32681', 'GHSA-j8r2-6x86-q33q'],
      severity: undefined,
      dependency: { name: 'requests', version: '2.25.0', fixVersions: ['2.31.0'] }
    })
    expect(report.gaps).toEqual(['pip-audit skipped vault-internal: Dependency not found on PyPI and could not be audited: vault-internal (0.1.0)'])
    // pip-audit before 2.0 wrote the bare list of dependencies
    const legacy = write('legacy.json', JSON.stringify([{ name: 'urllib3', version: '1.26.4', vulns: [{ id: 'PYSEC-2021-108', fix_versions: ['1.26.5'] }] }]))
    expect((await parseSecurityReport(legacy)).findings.map(f => f.summary)).toEqual(['urllib3 1.26.4: PYSEC-2021-108; fixed in 1.26.5'])
  })

  it('grades SARIF by security-severity, else level; skips suppressed and non-failure results; resolves uriBaseId', async () => {
    const report = await parseSecurityReport(security('scanners.sarif'))
    expect(report.format).toBe('sarif')
    expect(report.tools).toEqual(['CodeQL', 'Trivy'])
    expect(report.findings.map(f => [f.tool, f.id, f.severity, f.path, f.line])).toEqual([
      ['CodeQL', 'py/command-line-injection', 'critical', '/home/runner/work/vault/vault/src/vault/__init__.py', 9],
      ['CodeQL', 'py/unsafe-deserialization', 'high', '/home/runner/work/vault/vault/src/vault/__init__.py', 13],
      ['CodeQL', 'py/weak-sensitive-data-hashing', 'medium', '/home/runner/work/vault/vault/src/vault/__init__.py', 5],
      ['CodeQL', 'py/unused-import', 'low', '/home/runner/work/vault/vault/src/vault/__init__.py', 3],
      ['Trivy', 'CVE-2021-33503', 'high', 'requirements.txt', 1]
    ])
  })

  it('maps CVSS scores and SARIF levels as GitHub code scanning does', async () => {
    expect([9, 8.9, 7, 6.9, 4, 3.9, 0].map(severityFromScore)).toEqual(['critical', 'high', 'high', 'medium', 'medium', 'low', 'low'])
    const sarif = (result: object, rule: object = {}) =>
      write(
        'graded.sarif',
        JSON.stringify({
          version: '2.1.0',
          runs: [{ tool: { driver: { name: 'x', rules: [{ id: 'R1', ...rule }] } }, results: [{ ruleId: 'R1', message: { text: 'm' }, ...result }] }]
        })
      )
    const severity = async (result: object, rule?: object) => (await parseSecurityReport(sarif(result, rule))).findings[0]?.severity
    expect(await severity({ level: 'error' })).toBe('high')
    expect(await severity({ level: 'warning' })).toBe('medium')
    expect(await severity({ level: 'note' })).toBe('low')
    expect(await severity({})).toBe('medium') // SARIF's default level is warning
    expect(await severity({}, { defaultConfiguration: { level: 'error' } })).toBe('high')
    expect(await severity({ level: 'note', properties: { 'security-severity': '9.1' } })).toBe('critical')
    expect(await severity({ level: 'error' }, { properties: { 'security-severity': '2.0' } })).toBe('low')
  })

  it('gates at the threshold; pip-audit findings fail at any threshold but none', () => {
    const at = (severity: 'low' | 'medium' | 'high' | 'critical' | undefined) => ({ tool: 't', id: 'x', ids: ['x'], severity, summary: '' })
    expect(gates(at('high'), 'high')).toBe(true)
    expect(gates(at('medium'), 'high')).toBe(false)
    expect(gates(at('critical'), 'high')).toBe(true)
    expect(gates(at('low'), 'low')).toBe(true)
    expect(gates(at(undefined), 'critical')).toBe(true)
    expect(gates(at('critical'), 'none')).toBe(false)
    expect(gates(at(undefined), 'none')).toBe(false)
  })
})

describe('checkSecurity', () => {
  it('is skipped with no report and no scan', async () => {
    const check = await checkSecurity(options({}), ctx)
    expect(check).toMatchObject({ name: 'security', status: 'skip' })
    expect(check.message).toContain("input 'security-report'")
  })

  it('fails on a bandit finding at the threshold and lists the ones below as warnings, at their file and line', async () => {
    const check = await checkSecurity(options({ patterns: banditReport }), ctx)
    expect(check.status).toBe('fail')
    expect(check.message).toMatch(/^4 findings \(1 at or above the threshold, 3 below\) from bandit in 1 report; fails at high and above$/)
    const errors = check.annotations.filter(a => a.level === 'error')
    expect(errors).toEqual([
      {
        level: 'error',
        title: 'bandit B602 (severity high, confidence high)',
        message: expect.stringContaining('B602 (subprocess_popen_with_shell_equals_true): subprocess call with shell=True'),
        file: 'proj/src/vault/__init__.py',
        line: 9
      }
    ])
    expect(check.annotations.filter(a => a.level === 'warning').map(a => a.line)).toEqual(expect.arrayContaining([2, 3, 13]))
    expect(check.metrics).toEqual({ findings: 4, failing: 1, below: 3, ignored: 0 })
  })

  it('passes with a warning below the threshold, and never fails with fail-on-severity none', async () => {
    expect((await checkSecurity(options({ patterns: banditReport, failOnSeverity: 'critical' }), ctx)).status).toBe('warn')
    const none = await checkSecurity(options({ patterns: `${banditReport}\n${security('pip-audit.json')}`, failOnSeverity: 'none' }), ctx)
    expect(none.status).toBe('warn')
    expect(none.annotations.some(a => a.level === 'error')).toBe(false)
    expect((await checkSecurity(options({ patterns: banditReport, failOnSeverity: 'low' }), ctx)).metrics.failing).toBe(4)
  })

  it('fails on pip-audit vulnerabilities, annotated where the dependency is declared, with the fix', async () => {
    const check = await checkSecurity(options({ patterns: security('pip-audit.json'), failOnSeverity: 'critical' }), ctx)
    expect(check.status).toBe('fail')
    const byTitle = Object.fromEntries(check.annotations.map(a => [a.title, a]))
    expect(byTitle['Vulnerable dependency requests 2.25.0']).toEqual({
      level: 'error',
      title: 'Vulnerable dependency requests 2.25.0',
      message:
        "requests 2.25.0 has PYSEC-2023-74 / CVE-2023-32681 / GHSA-j8r2-6x86-q33q: upgrade to 2.31.0. To accept the risk, add PYSEC-2023-74 to input 'ignore-vulns'.",
      file: 'proj/pyproject.toml',
      line: 10
    })
    // declared in [project.optional-dependencies] as Jinja2, reported by pip-audit as jinja2
    expect(byTitle['Vulnerable dependency jinja2 2.11.2']).toMatchObject({ file: 'proj/pyproject.toml', line: 15 })
    // pinned in requirements.txt
    expect(byTitle['Vulnerable dependency urllib3 1.26.4']).toMatchObject({ file: 'proj/requirements.txt', line: 1 })
    // what pip-audit could not audit is a warning, not a silent pass
    expect(check.annotations).toContainEqual(
      expect.objectContaining({ level: 'warning', title: 'Not fully scanned', message: expect.stringContaining('vault-internal') })
    )
  })

  it('ignores by id or alias, and warns about an ignore that matches nothing', async () => {
    const check = await checkSecurity(
      options({ patterns: security('pip-audit.json'), ignoreVulns: ['cve-2023-32681', 'PYSEC-2021-108', 'GHSA-g3rq-g295-4j3m', 'CVE-1999-0001'] }),
      ctx
    )
    expect(check.metrics).toEqual({ findings: 0, failing: 0, below: 0, ignored: 3 })
    expect(check.status).toBe('warn')
    expect(check.annotations).toContainEqual({
      level: 'warning',
      title: 'Stale ignore',
      message: "input 'ignore-vulns': 'CVE-1999-0001' matched no finding in the security reports; remove it so that it cannot hide a future one"
    })
    // bandit rule ids too
    const bandit = await checkSecurity(options({ patterns: banditReport, ignoreVulns: ['B602'] }), ctx)
    expect(bandit.metrics).toMatchObject({ failing: 0, ignored: 1 })
    expect(bandit.status).toBe('warn')
  })

  it('maps SARIF paths from another machine onto the repository', async () => {
    const check = await checkSecurity(options({ patterns: security('scanners.sarif') }), ctx)
    expect(check.status).toBe('fail')
    expect(check.metrics).toMatchObject({ findings: 5, failing: 3, below: 2 })
    expect(check.annotations.filter(a => a.level === 'error').map(a => [a.title, a.file, a.line])).toEqual([
      ['CodeQL py/command-line-injection (severity critical, confidence high)', 'proj/src/vault/__init__.py', 9],
      ['CodeQL py/unsafe-deserialization (severity high, confidence high)', 'proj/src/vault/__init__.py', 13],
      ['Trivy CVE-2021-33503 (severity high)', 'proj/requirements.txt', 1]
    ])
  })

  it('runs bandit itself with security-scan: bandit and no report', async () => {
    expect(banditTargets(ctx.projectDir, 'vault')).toEqual({ targets: ['src'], exclude: [] })
    const check = await checkSecurity(options({ scan: 'bandit' }), ctx)
    expect(check.status).toBe('fail')
    expect(check.metrics).toEqual({ findings: 4, failing: 1, below: 3, ignored: 0 })
    expect(check.annotations.find(a => a.level === 'error')).toMatchObject({ file: 'proj/src/vault/__init__.py', line: 9 })
  })

  it('says how to install bandit when the interpreter lacks it', async () => {
    const check = await checkSecurity(options({ scan: 'bandit', python: process.execPath }), ctx)
    expect(check.status).toBe('fail')
    expect(check.message).toMatch(/input 'security-scan'/)
    const missing = await checkSecurity(options({ scan: 'bandit', python: join(temp, 'no-such-python') }), ctx)
    expect(missing).toMatchObject({ status: 'fail', message: expect.stringContaining("input 'python'") })
  })
})

describe('bad security reports', () => {
  it.each([
    ['empty.json', '', 'is empty'],
    ['truncated.json', '{"dependencies": [{"name": "requests", "vers', 'is not valid JSON'],
    ['report.xml', '<?xml version="1.0"?><testsuite/>', 'is XML, not JSON'],
    ['other.json', '{"hello": "world"}', 'is JSON but neither pip-audit JSON'],
    ['old.sarif', '{"version": "1.0.0", "runs": []}', 'is SARIF version "1.0.0"; only SARIF 2.1.0 is read'],
    ['bad-vuln.json', '{"dependencies": [{"name": "x", "version": "1", "vulns": [{"fix_versions": []}]}]}', 'has a vulnerability of x without an "id"']
  ])('%s fails the check naming the file and what is wrong', async (name, content, problem) => {
    const file = write(name, content)
    const check = await checkSecurity(options({ patterns: file }), ctx)
    expect(check.status).toBe('fail')
    expect(check.message).toContain(`security report ${file} ${problem}`)
    expect(check.annotations[0]).toMatchObject({ level: 'error', title: 'Unreadable security report' })
  })

  it('warns on a SARIF file with zero runs: nothing was scanned', async () => {
    const file = write('empty-runs.sarif', JSON.stringify({ version: '2.1.0', $schema: 'https://json.schemastore.org/sarif-2.1.0.json', runs: [] }))
    const check = await checkSecurity(options({ patterns: file }), ctx)
    expect(check.status).toBe('warn')
    expect(check.annotations).toEqual([
      { level: 'warning', title: 'Not fully scanned', message: `${file}: the SARIF file holds no runs: no scanner result is in it` }
    ])
  })

  it('reads a report with a UTF-8 byte order mark', async () => {
    const file = write('bom.json', `\uFEFF${readFileSync(security('pip-audit.json'), 'utf8')}`)
    expect((await parseSecurityReport(file)).findings).toHaveLength(3)
  })

  it('fails when a pattern matches no file', async () => {
    const check = await checkSecurity(options({ patterns: join(temp, 'nothing-*.json') }), ctx)
    expect(check).toMatchObject({ status: 'fail', message: expect.stringContaining("input 'security-report'") })
  })
})
