import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseJUnit } from '../src/certify/junit.js'
import type { ReportContext } from '../src/certify/reports.js'
import { MAX_ANNOTATED_FAILURES, checkTests } from '../src/certify/tests.js'
import { silentLogger } from '../src/types.js'

// The reports were written by real pytest / unittest-xml-reporting runs of
// fixtures/report-project (see fixtures/reports/generate.sh), with that
// directory's absolute paths inside. The tests copy the project into a temporary
// workspace under sub/, as if the reports came from another machine.
const fixtures = join(import.meta.dirname, 'fixtures')
const reports = join(fixtures, 'reports')
const report = (name: string) => join(reports, name)

let temp: string
let ctx: ReportContext
beforeAll(() => {
  temp = mkdtempSync(join(tmpdir(), 'certify-tests-'))
  const workspace = join(temp, 'ws')
  cpSync(join(fixtures, 'report-project'), join(workspace, 'sub'), { recursive: true })
  ctx = { workspace, projectDir: join(workspace, 'sub'), logger: silentLogger }
})
afterAll(() => {
  rmSync(temp, { recursive: true, force: true })
})

/** A copy of a real report with the failure texts removed, so only the testcase attributes are left. */
function withoutFailureTexts(name: string): string {
  const file = join(temp, `bare-${name}`)
  const xml = readFileSync(report(name), 'utf8')
  writeFileSync(file, xml.replace(/(<(failure|error)\b[^>]*?)>[^<]*<\/\2>/g, '$1 />'))
  return file
}

describe('parseJUnit', () => {
  it('counts pytest xunit1 test cases and makes its 0-based line attributes 1-based', async () => {
    const parsed = await parseJUnit(report('pytest-xunit1.xml'))
    expect(parsed).toMatchObject({ total: 11, passed: 5, failed: 4, skipped: 2, unlistedFailures: 0 })
    const div = parsed.failures.find(failure => failure.name === 'test_div')
    // `def test_div` is on line 17; pytest writes line="16"
    expect(div).toMatchObject({ id: 'tests.test_ops.TestOps.test_div', kind: 'failure', file: 'tests/test_ops.py', line: 17 })
    expect(div?.message).toBe('AssertionError: 0.5 != 0.4 : half is not 0.4')
    expect(div?.frames).toEqual([{ path: 'tests/test_ops.py', line: 19 }])
    const mean = parsed.failures.find(failure => failure.name === 'test_mean_of_nothing')
    expect(mean?.frames).toEqual([
      { path: 'calc/ops.py', line: 23 },
      { path: 'tests/test_ops.py', line: 23 }
    ])
    const database = parsed.failures.find(failure => failure.name === 'test_needs_database')
    expect(database).toMatchObject({ kind: 'error', message: 'failed on setup with "RuntimeError: database is not reachable"' })
  })

  it('reads UTF-8 with a BOM and UTF-16 (LE, BE, with or without BOM) as UTF-8', async () => {
    const text = readFileSync(report('pytest-xunit1.xml'), 'utf8')
    const expected = await parseJUnit(report('pytest-xunit1.xml'))
    const le = Buffer.from(text, 'utf16le')
    const be = Buffer.from(le).swap16()
    const variants: Record<string, Buffer> = {
      'utf8-bom.xml': Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]),
      'utf16le-bom.xml': Buffer.concat([Buffer.from([0xff, 0xfe]), le]),
      'utf16be-bom.xml': Buffer.concat([Buffer.from([0xfe, 0xff]), be]),
      'utf16le.xml': le
    }
    const dir = mkdtempSync(join(tmpdir(), 'pra-encodings-'))
    for (const [name, bytes] of Object.entries(variants)) {
      writeFileSync(join(dir, name), bytes)
      expect(await parseJUnit(join(dir, name))).toEqual(expected)
    }
  })

  it('keeps unittest-xml-reporting line attributes as they are (1-based)', async () => {
    const parsed = await parseJUnit(report('xmlrunner.xml'))
    expect(parsed).toMatchObject({ total: 6, passed: 3, failed: 2, skipped: 1 })
    const div = parsed.failures.find(failure => failure.name === 'test_div')
    expect(div).toMatchObject({ line: 17, message: '0.5 != 0.4 : half is not 0.4' })
    // the traceback names the absolute path on the machine that generated the fixture
    expect(div?.frames[0]).toEqual({ path: expect.stringMatching(/^\/.*\/report-project\/tests\/test_ops\.py$/), line: 19 })
  })

  it('describes only the first failures but counts them all', async () => {
    const parsed = await parseJUnit(report('pytest-xunit2.xml'), { maxFailures: 1 })
    expect(parsed).toMatchObject({ failed: 4, unlistedFailures: 3 })
    expect(parsed.failures).toHaveLength(1)
  })

  it('reads a bare <testsuite> root and nested suites', async () => {
    const file = join(temp, 'nested.xml')
    writeFileSync(
      file,
      '<testsuite name="all"><testsuite name="inner"><testcase name="a"/><testcase name="b"><skipped/></testcase>' +
        '</testsuite><testcase name="c"><error message="boom"/></testcase></testsuite>'
    )
    const parsed = await parseJUnit(file)
    expect(parsed).toMatchObject({ total: 3, passed: 1, failed: 1, skipped: 1 })
    expect(parsed.failures[0]).toMatchObject({ id: 'c', message: 'boom' })
  })

  it('keeps a bounded excerpt of a huge failure text and still finds its deepest frame', async () => {
    const file = join(temp, 'huge.xml')
    const noise = 'x'.repeat(100) + '\n'
    const text = `head line\n${noise.repeat(50000)}${'y'.repeat(10000)}\ntests/test_ops.py:19: AssertionError\n`
    writeFileSync(
      file,
      `<testsuites><testsuite name="pytest"><testcase classname="tests.test_ops" name="t">` +
        `<failure message="big">${text}</failure></testcase></testsuite></testsuites>`
    )
    const [failure] = (await parseJUnit(file)).failures
    expect(failure?.frames).toEqual([{ path: 'tests/test_ops.py', line: 19 }])
    expect(failure?.excerpt.length).toBeLessThan(4200)
    expect(failure?.excerpt).toMatch(/^head line\n/)
    expect(failure?.excerpt).toMatch(/characters left out[\s\S]*tests\/test_ops.py:19: AssertionError$/)
  })
})

describe('checkTests', () => {
  it('counts a test that passed on a rerun as passed and warns that it is flaky', async () => {
    const parsed = await parseJUnit(report('surefire-reruns.xml'))
    expect(parsed).toMatchObject({ total: 3, passed: 2, failed: 1, flaky: 1 })
    expect(parsed.flakyCases.map(c => [c.id, c.message])).toEqual([['tests.test_style.test_mean', 'assert 2.5 == 2']])
    const lenient = await checkTests({ patterns: report('surefire-reruns.xml'), minPassRate: 50 }, ctx)
    expect(lenient.status).toBe('warn')
    expect(lenient.message).toBe('66.67% of 3 tests passed (1 failed, 0 skipped, 1 flaky: passed only on a rerun); minimum 50%')
    const flaky = lenient.annotations.find(a => a.title === 'Flaky: tests.test_style.test_mean')
    expect(flaky).toMatchObject({ level: 'warning', file: 'sub/tests/test_style.py', line: 13 })
    expect(flaky?.message).toMatch(/^passed only on a rerun; it first failed with:\nassert 2\.5 == 2/)
    const strict = await checkTests({ patterns: report('surefire-reruns.xml'), minPassRate: 100 }, ctx)
    expect(strict.status).toBe('fail')
  })

  it('is skipped when no report is given', async () => {
    const check = await checkTests({ patterns: '  \n', minPassRate: 100 }, ctx)
    expect(check).toEqual({
      name: 'tests',
      status: 'skip',
      message: "no JUnit report given (input 'junit-xml')",
      annotations: [],
      metrics: {},
      details: []
    })
  })

  it('fails on pytest xunit1 failures, annotating the deepest repository frame of each', async () => {
    const check = await checkTests({ patterns: report('pytest-xunit1.xml'), minPassRate: 100 }, ctx)
    expect(check.status).toBe('fail')
    expect(check.message).toBe('55.56% of 11 tests passed (4 failed, 2 skipped); minimum 100%')
    expect(check.metrics).toEqual({ passRate: (5 / 9) * 100, total: 11, passed: 5, failed: 4, skipped: 2, flaky: 0 })
    expect(check.details).toEqual([])
    const where = check.annotations.map(({ level, title, file, line }) => ({ level, title, file, line }))
    expect(where).toEqual([
      { level: 'error', title: 'tests.test_ops.TestOps.test_div', file: 'sub/tests/test_ops.py', line: 19 },
      { level: 'error', title: 'tests.test_ops.TestOps.test_mean_of_nothing', file: 'sub/calc/ops.py', line: 23 },
      { level: 'error', title: 'tests.test_style.test_add_wrong', file: 'sub/tests/test_style.py', line: 22 },
      { level: 'error', title: 'tests.test_style.test_needs_database', file: 'sub/tests/test_style.py', line: 9 }
    ])
    const div = check.annotations[0]?.message ?? ''
    expect(div).toMatch(/^AssertionError: 0.5 != 0.4 : half is not 0.4\n\nself = <tests.test_ops.TestOps/)
    expect(div).toContain('tests/test_ops.py:19: AssertionError')
    // the job summary lists every failure, with its message
    expect(check.list?.title).toBe('4 failed tests')
    expect(check.list?.more).toBe(0)
    expect(check.list?.items[0]).toBe('tests.test_ops.TestOps.test_div (failure): AssertionError: 0.5 != 0.4 : half is not 0.4')
    expect(check.list?.items[3]).toMatch(/^tests\.test_style\.test_needs_database \(error\): /)
  })

  it('lists every one of many failures for the summary, in bounded memory, and annotates the first ones', async () => {
    const file = join(temp, 'many-failures.xml')
    const cases = Array.from(
      { length: 30000 },
      (_, i) => `<testcase classname="tests.test_gen" name="test_${i}"><failure message="assert ${i} == -1">long text ${'z'.repeat(200)}</failure></testcase>`
    )
    writeFileSync(file, `<testsuites><testsuite name="pytest">${cases.join('')}</testsuite></testsuites>`)
    const check = await checkTests({ patterns: file, minPassRate: 100 }, ctx)
    expect(check.metrics.failed).toBe(30000)
    expect(check.annotations).toHaveLength(MAX_ANNOTATED_FAILURES)
    const list = check.list!
    expect(list.items.length + list.more).toBe(30000)
    expect(list.items.length).toBeGreaterThan(9000)
    expect(list.items.reduce((sum, item) => sum + item.length, 0)).toBeLessThanOrEqual(512 * 1024)
    expect(list.items[29]).toBe('tests.test_gen.test_29 (failure): assert 29 == -1')
  })

  it('reads nose2 reports: the exception line replaces its generic "test failure" message', async () => {
    const check = await checkTests({ patterns: report('nose2.xml'), minPassRate: 100 }, ctx)
    expect(check.message).toBe('66.67% of 10 tests passed (3 failed, 1 skipped); minimum 100%')
    expect(check.annotations.map(({ title, file, line, message }) => ({ title, file, line, first: message.split('\n')[0] }))).toEqual([
      { title: 'tests.test_style.test_add_wrong', file: 'sub/tests/test_style.py', line: 22, first: 'AssertionError' },
      { title: 'tests.test_ops.TestOps.test_div', file: 'sub/tests/test_ops.py', line: 19, first: 'AssertionError: 0.5 != 0.4 : half is not 0.4' },
      { title: 'tests.test_ops.TestOps.test_mean_of_nothing', file: 'sub/calc/ops.py', line: 23, first: 'ZeroDivisionError: division by zero' }
    ])
    expect(check.list?.items).toContain('tests.test_ops.TestOps.test_mean_of_nothing (error): ZeroDivisionError: division by zero')
  })

  it('reads pytest-rerunfailures reports, which record no reruns: the last outcome counts', async () => {
    const check = await checkTests({ patterns: report('pytest-reruns.xml'), minPassRate: 50 }, ctx)
    expect(check.metrics).toEqual({ passRate: (2 / 3) * 100, total: 3, passed: 2, failed: 1, skipped: 0, flaky: 0 })
    expect(check.annotations).toEqual([
      expect.objectContaining({ level: 'warning', title: 'flaky.test_flaky.test_always_fails', file: 'sub/flaky/test_flaky.py', line: 19 })
    ])
  })

  it('gives xunit2 reports (no file/line attributes) the same locations', async () => {
    const check = await checkTests({ patterns: report('pytest-xunit2.xml'), minPassRate: 50 }, ctx)
    expect(check.status).toBe('pass')
    expect(check.annotations.map(({ level, file, line }) => ({ level, file, line }))).toEqual([
      { level: 'warning', file: 'sub/tests/test_ops.py', line: 19 },
      { level: 'warning', file: 'sub/calc/ops.py', line: 23 },
      { level: 'warning', file: 'sub/tests/test_style.py', line: 22 },
      { level: 'warning', file: 'sub/tests/test_style.py', line: 9 }
    ])
  })

  it('maps the absolute traceback paths of unittest-xml-reporting from another checkout', async () => {
    const check = await checkTests({ patterns: report('xmlrunner.xml'), minPassRate: 100 }, ctx)
    expect(check.message).toBe('60.00% of 6 tests passed (2 failed, 1 skipped); minimum 100%')
    expect(check.annotations.map(({ title, file, line }) => ({ title, file, line }))).toEqual([
      { title: 'tests.test_ops.TestOps.test_div', file: 'sub/tests/test_ops.py', line: 19 },
      { title: 'tests.test_ops.TestOps.test_mean_of_nothing', file: 'sub/calc/ops.py', line: 23 }
    ])
  })

  it('falls back to the testcase file and line (+1 for pytest), then to the module of the classname', async () => {
    const xunit1 = await checkTests({ patterns: withoutFailureTexts('pytest-xunit1.xml'), minPassRate: 100 }, ctx)
    expect(xunit1.annotations[0]).toMatchObject({ file: 'sub/tests/test_ops.py', line: 17 })
    expect(xunit1.annotations[0]?.message).toBe('AssertionError: 0.5 != 0.4 : half is not 0.4')
    const xunit2 = await checkTests({ patterns: withoutFailureTexts('pytest-xunit2.xml'), minPassRate: 100 }, ctx)
    expect(xunit2.annotations.map(({ file, line }) => ({ file, line }))).toEqual([
      { file: 'sub/tests/test_ops.py', line: undefined },
      { file: 'sub/tests/test_ops.py', line: undefined },
      { file: 'sub/tests/test_style.py', line: undefined },
      { file: 'sub/tests/test_style.py', line: undefined }
    ])
  })

  it('uses the project in place when the report paths exist as written', async () => {
    const project = join(fixtures, 'report-project')
    const check = await checkTests({ patterns: report('xmlrunner.xml'), minPassRate: 100 }, { workspace: fixtures, projectDir: project, logger: silentLogger })
    expect(check.annotations.map(({ file, line }) => `${file}:${line}`)).toEqual(['report-project/tests/test_ops.py:19', 'report-project/calc/ops.py:23'])
  })

  it('passes an all-green report and sums several files, one detail line each', async () => {
    const green = await checkTests({ patterns: report('pytest-passing.xml'), minPassRate: 100 }, ctx)
    expect(green).toMatchObject({ status: 'pass', message: '100.00% of 5 tests passed (0 failed, 0 skipped); minimum 100%' })
    expect(green.annotations).toEqual([])
    const both = await checkTests({ patterns: `${reports}/pytest-passing.xml, ${reports}/pytest-xunit1.xml`, minPassRate: 75 }, ctx)
    expect(both.status).toBe('fail')
    expect(both.metrics).toMatchObject({ total: 16, passed: 10, failed: 4, skipped: 2, passRate: (10 / 14) * 100 })
    expect(both.details).toEqual([
      `${report('pytest-passing.xml')}: 5 tests, 5 passed, 0 failed, 0 skipped`,
      `${report('pytest-xunit1.xml')}: 11 tests, 5 passed, 4 failed, 2 skipped`
    ])
  })

  it('compares the unrounded pass rate with the minimum', async () => {
    const file = join(temp, 'many.xml')
    const cases = '<testcase classname="t" name="ok"/>'.repeat(19999) + '<testcase classname="t" name="bad"><failure/></testcase>'
    writeFileSync(file, `<testsuites><testsuite name="pytest">${cases}</testsuite></testsuites>`)
    const strict = await checkTests({ patterns: file, minPassRate: 100 }, ctx)
    expect(strict.status).toBe('fail')
    expect(strict.metrics.passRate).toBeCloseTo(99.995, 10)
    expect(strict.message).toBe('99.99% of 20000 tests passed (1 failed, 0 skipped); minimum 100%')
    expect((await checkTests({ patterns: file, minPassRate: 99.995 }, ctx)).status).toBe('pass')
    expect((await checkTests({ patterns: file, minPassRate: 99.9951 }, ctx)).status).toBe('fail')
  })

  it('fails when no test was executed', async () => {
    const file = join(temp, 'skipped.xml')
    writeFileSync(file, '<testsuite name="pytest"><testcase name="a"><skipped/></testcase></testsuite>')
    const check = await checkTests({ patterns: file, minPassRate: 0 }, ctx)
    expect(check).toMatchObject({ status: 'fail', metrics: { total: 1, skipped: 1 } })
    expect(check.message).toMatch(/no test was executed/)
  })

  it('fails naming the input and the pattern that matched nothing', async () => {
    const check = await checkTests({ patterns: `${report('pytest-passing.xml')}, ${ctx.workspace}/missing-*.xml`, minPassRate: 100 }, ctx)
    expect(check.status).toBe('fail')
    expect(check.message).toContain(`input 'junit-xml': '${ctx.workspace}/missing-*.xml' matched no file`)
  })

  it('fails on malformed XML, naming the file and the line', async () => {
    mkdirSync(join(ctx.workspace, 'reports'), { recursive: true })
    const file = join(ctx.workspace, 'reports', 'broken.xml')
    writeFileSync(file, '<testsuites>\n<testsuite name="pytest">\n<testcase name="a">\n</testsuite>\n')
    const check = await checkTests({ patterns: file, minPassRate: 100 }, ctx)
    expect(check.status).toBe('fail')
    expect(check.message).toMatch(/^JUnit report reports\/broken.xml is not well-formed XML: line 4: unexpected close tag/)
    expect(check.annotations).toEqual([expect.objectContaining({ level: 'error', file: 'reports/broken.xml', line: 4 })])
  })

  it('fails on a truncated report (a test run cut short) and on an empty one, naming the file', async () => {
    const whole = readFileSync(report('pytest-xunit1.xml'), 'utf8')
    const truncated = join(temp, 'truncated.xml')
    writeFileSync(truncated, whole.slice(0, Math.floor(whole.length / 2)))
    const cut = await checkTests({ patterns: truncated, minPassRate: 0 }, ctx)
    expect(cut.status).toBe('fail')
    expect(cut.message).toMatch(new RegExp(`^JUnit report ${truncated} is not well-formed XML: line \\d+: `))
    const empty = join(temp, 'empty.xml')
    writeFileSync(empty, '')
    const none = await checkTests({ patterns: empty, minPassRate: 0 }, ctx)
    expect(none.status).toBe('fail')
    expect(none.message).toMatch(new RegExp(`^JUnit report ${empty} (is empty|is not well-formed XML)`))
  })

  it('fails on a file that is not JUnit', async () => {
    const check = await checkTests({ patterns: report('coverage.xml'), minPassRate: 100 }, ctx)
    expect(check.status).toBe('fail')
    expect(check.message).toContain('is not a JUnit XML report: its root element is <coverage>')
  })

  it('fails on a billion-laughs report without expanding it', async () => {
    const check = await checkTests({ patterns: report('billion-laughs.xml'), minPassRate: 100 }, ctx)
    expect(check.status).toBe('fail')
    expect(check.message).toBe(`JUnit report ${report('billion-laughs.xml')} is not well-formed XML: line 17: undefined entity.`)
  })
})
