import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { checkCoverage, detectFormat, missingRanges, parseCoverage } from '../src/certify/coverage.js'
import type { ReportContext } from '../src/certify/reports.js'
import { silentLogger } from '../src/types.js'

// Real coverage.py 6.5 reports of fixtures/report-project (fixtures/reports/generate.sh):
// coverage.{xml,json,lcov} are one full run; coverage-passing.* and coverage-rest.*
// are two runs that together execute the same tests. The project is copied into a
// temporary workspace under sub/, so the absolute paths inside the reports
// (Cobertura <source>) come from "another machine".
const fixtures = join(import.meta.dirname, 'fixtures')
const reports = join(fixtures, 'reports')
const report = (name: string) => join(reports, name)
// calc/__init__.py: 2 of 2 statements; calc/ops.py: 15 of 21
// --cov-branch: calc/ops.py has 8 branches, 3 taken (the same in all three formats)
const FULL = { linesCovered: 17, linesValid: 23, coverage: (17 / 23) * 100, branchesCovered: 3, branchesValid: 8, branchCoverage: 37.5 }

let temp: string
let ctx: ReportContext
beforeAll(() => {
  temp = mkdtempSync(join(tmpdir(), 'certify-coverage-'))
  const workspace = join(temp, 'ws')
  cpSync(join(fixtures, 'report-project'), join(workspace, 'sub'), { recursive: true })
  ctx = { workspace, projectDir: join(workspace, 'sub'), logger: silentLogger }
})
afterAll(() => {
  rmSync(temp, { recursive: true, force: true })
})

function write(name: string, content: string): string {
  const file = join(temp, name)
  writeFileSync(file, content)
  return file
}

describe('coverage formats', () => {
  it('tells the three formats apart by content', async () => {
    expect(await detectFormat(report('coverage.xml'))).toBe('cobertura')
    expect(await detectFormat(report('coverage.json'))).toBe('coverage.py json')
    expect(await detectFormat(report('coverage.lcov'))).toBe('lcov')
    // the name does not matter
    const renamed = write('coverage.xml', readFileSync(report('coverage.lcov'), 'utf8'))
    expect(await detectFormat(renamed)).toBe('lcov')
  })

  it('reads per-line data: Cobertura filenames joined with their <source>', async () => {
    const cobertura = await parseCoverage(report('coverage.xml'))
    const ops = cobertura.files.find(file => file.candidates.at(-1) === 'ops.py')
    // <source> is the absolute directory of the machine that generated the fixture
    expect(ops?.candidates).toEqual([expect.stringMatching(/^\/.*\/report-project\/calc\/ops\.py$/), 'ops.py'])
    expect(ops?.lines.size).toBe(21)
    expect(ops?.lines.get(15)).toBe(false)
    expect(ops?.lines.get(16)).toBe(true)
  })

  it.each(['coverage.xml', 'coverage.json', 'coverage.lcov'])('gives the same figure for %s of one run', async name => {
    const check = await checkCoverage({ patterns: report(name), minCoverage: 70 }, ctx)
    expect(check.status).toBe('pass')
    expect(check.metrics).toEqual(FULL)
    expect(check.message).toBe('73.91% line coverage (17/23 lines); minimum 70%; 37.50% branch coverage (3/8 branches)')
    expect(check.annotations).toEqual([])
  })

  it('ignores percent_covered, which coverage.py mixes with branch coverage', async () => {
    const json = JSON.parse(readFileSync(report('coverage.json'), 'utf8')) as { totals: { percent_covered: number } }
    expect(json.totals.percent_covered).not.toBeCloseTo(FULL.coverage, 1)
  })
})

describe('checkCoverage', () => {
  it('is skipped when no report is given', async () => {
    expect(await checkCoverage({ patterns: '', minCoverage: 80 }, ctx)).toEqual({
      name: 'coverage',
      status: 'skip',
      message: "no coverage report given (input 'coverage-report')",
      annotations: [],
      metrics: {},
      details: []
    })
  })

  it('merges partial reports by the union of covered lines per file', async () => {
    const passing = await checkCoverage({ patterns: report('coverage-passing.lcov'), minCoverage: 0 }, ctx)
    const rest = await checkCoverage({ patterns: report('coverage-rest.lcov'), minCoverage: 0 }, ctx)
    expect(passing.metrics.linesCovered).toBeLessThan(FULL.linesCovered)
    expect(rest.metrics.linesCovered).toBeLessThan(FULL.linesCovered)
    const merged = await checkCoverage({ patterns: `${reports}/coverage-passing.lcov, ${reports}/coverage-rest.lcov`, minCoverage: 0 }, ctx)
    expect(merged.metrics).toEqual(FULL)
    expect(merged.details).toEqual([
      `${report('coverage-passing.lcov')}: lcov, 2 files, ${passing.metrics.linesCovered}/23 lines, ${passing.metrics.branchesCovered}/8 branches`,
      `${report('coverage-rest.lcov')}: lcov, 2 files, ${rest.metrics.linesCovered}/23 lines, ${rest.metrics.branchesCovered}/8 branches`
    ])
  })

  it('merges across formats, mapping each file onto the same repository path', async () => {
    const crossed = await checkCoverage({ patterns: `${report('coverage-passing.xml')}\n${report('coverage-rest.json')}`, minCoverage: 0 }, ctx)
    // lines unite exactly; branches are named differently per format, so the better report per file counts
    expect(crossed.metrics).toMatchObject({ linesCovered: 17, linesValid: 23, branchesValid: 8 })
    expect(crossed.metrics.branchesCovered).toBeLessThanOrEqual(3)
    const same = await checkCoverage({ patterns: `${reports}/coverage.json\n${reports}/coverage.lcov\n${reports}/coverage.xml`, minCoverage: 0 }, ctx)
    expect(same.metrics).toEqual(FULL)
    expect(same.details).toHaveLength(3)
  })

  it('compares the unrounded figure with the minimum', async () => {
    expect((await checkCoverage({ patterns: report('coverage.json'), minCoverage: FULL.coverage }, ctx)).status).toBe('pass')
    const short = await checkCoverage({ patterns: report('coverage.json'), minCoverage: 73.914 }, ctx)
    expect(short.status).toBe('fail')
    expect(short.message).toBe('73.91% line coverage (17/23 lines); minimum 73.914%; 37.50% branch coverage (3/8 branches)')
    const edge = write('edge.lcov', `SF:calc/ops.py\n${Array.from({ length: 20000 }, (_, i) => `DA:${i + 1},${i === 0 ? 0 : 1}`).join('\n')}\nend_of_record\n`)
    const strict = await checkCoverage({ patterns: edge, minCoverage: 100 }, ctx)
    expect(strict).toMatchObject({ status: 'fail', message: '99.99% line coverage (19999/20000 lines); minimum 100%' })
  })

  it.each([
    ['empty.xml', '', 'is empty'],
    ['truncated.xml', '<?xml version="1.0" ?>\n<coverage version="7.0">\n<packages><package name="x"><classes>', 'is not well-formed XML'],
    ['truncated.json', '{"meta": {"version": "7.0"}, "files": {"a.py": {"executed_lines": [1, 2', 'is not valid JSON'],
    ['junit.xml', '<testsuites><testsuite name="pytest"/></testsuites>', 'is not a Cobertura coverage report: its root element is <testsuites>'],
    ['bad.lcov', 'SF:a.py\nDA:one,1\nend_of_record\n', "is not valid LCOV: line 2: 'DA:one,1' is not DA:<line>,<hits>"]
  ])('fails on %s, naming the file and what is wrong', async (name, content, problem) => {
    const file = write(name, content)
    const check = await checkCoverage({ patterns: file, minCoverage: 0 }, ctx)
    expect(check.status).toBe('fail')
    expect(check.message).toContain(`coverage report ${file} ${problem}`)
  })

  it('warns when no file in the report belongs to the project', async () => {
    const elsewhere = join(temp, 'other-ws')
    mkdirSync(join(elsewhere, 'proj'), { recursive: true })
    const other = { ...ctx, workspace: elsewhere, projectDir: join(elsewhere, 'proj') }
    const check = await checkCoverage({ patterns: report('coverage.xml'), minCoverage: 50 }, other)
    expect(check.status).toBe('warn')
    expect(check.metrics).toEqual(FULL)
    expect(check.annotations).toEqual([expect.objectContaining({ level: 'warning', title: 'Coverage report does not match the project' })])
    expect(check.annotations[0]?.message).toContain("in 'proj'")
    // a failing figure stays a failure
    expect((await checkCoverage({ patterns: report('coverage.xml'), minCoverage: 90 }, other)).status).toBe('fail')
  })

  it('fails naming the input and the pattern that matched nothing', async () => {
    const check = await checkCoverage({ patterns: `${ctx.workspace}/nothing/*.xml`, minCoverage: 80 }, ctx)
    expect(check.status).toBe('fail')
    expect(check.message).toContain(`input 'coverage-report': '${ctx.workspace}/nothing/*.xml' matched no file`)
  })

  it('fails on malformed JSON, naming the file', async () => {
    const file = write('bad.json', '{"files": {"calc/ops.py": {"executed_lines": [1, 2,]}}}')
    const check = await checkCoverage({ patterns: file, minCoverage: 80 }, ctx)
    expect(check.status).toBe('fail')
    expect(check.message).toMatch(new RegExp(`^coverage report ${file} is not valid JSON: `))
  })

  it('fails on JSON that is not coverage.py’s', async () => {
    const file = write('other.json', '{"coverage": 99}')
    const check = await checkCoverage({ patterns: file, minCoverage: 80 }, ctx)
    expect(check.message).toBe(`coverage report ${file} is not a coverage.py JSON report: it has no 'files' object`)
  })

  it('fails on malformed Cobertura XML with its line, and on XML that is not Cobertura', async () => {
    const broken = write('broken.xml', '<coverage>\n<packages>\n<package name="x">\n</packages>\n')
    const check = await checkCoverage({ patterns: broken, minCoverage: 80 }, ctx)
    expect(check.status).toBe('fail')
    expect(check.message).toMatch(/is not well-formed XML: line 4: unexpected close tag/)
    const junit = await checkCoverage({ patterns: report('pytest-xunit1.xml'), minCoverage: 80 }, ctx)
    expect(junit.message).toContain('is not a Cobertura coverage report: its root element is <testsuites>')
  })

  it('fails on a billion-laughs Cobertura report without expanding it', async () => {
    const bomb = readFileSync(report('billion-laughs.xml'), 'utf8').replace(/testsuites/g, 'coverage')
    const check = await checkCoverage({ patterns: write('bomb.xml', bomb), minCoverage: 80 }, ctx)
    expect(check.status).toBe('fail')
    expect(check.message).toMatch(/is not well-formed XML: line 17: undefined entity/)
  })

  it('fails on broken LCOV and on an unknown format', async () => {
    const lcov = write('bad.lcov', 'TN:\nSF:calc/ops.py\nDA:x,1\nend_of_record\n')
    expect((await checkCoverage({ patterns: lcov, minCoverage: 80 }, ctx)).message).toContain("is not valid LCOV: line 3: 'DA:x,1' is not DA:<line>,<hits>")
    const text = write('notes.txt', 'coverage: 95%\n')
    const unknown = await checkCoverage({ patterns: text, minCoverage: 80 }, ctx)
    expect(unknown.status).toBe('fail')
    expect(unknown.message).toContain('is in no format this action reads')
    const empty = write('empty.xml', '  \n')
    expect((await checkCoverage({ patterns: empty, minCoverage: 80 }, ctx)).message).toBe(`coverage report ${empty} is empty`)
  })

  it('fails when the reports measure no lines', async () => {
    const file = write('none.json', '{"files": {}}')
    const check = await checkCoverage({ patterns: file, minCoverage: 0 }, ctx)
    expect(check.status).toBe('fail')
    expect(check.message).toMatch(/measure no lines/)
  })
})

describe('the least covered files', () => {
  it.each(['coverage.xml', 'coverage.json', 'coverage.lcov'])(
    'are the same for %s of one run: relative paths, the lines missed as coverage.py reports them',
    async name => {
      const check = await checkCoverage({ patterns: report(name), minCoverage: 70 }, ctx)
      // coverage report -m of this run prints "calc/ops.py  21  6  …  15, 28-32" (format_lines); calc/__init__.py misses nothing
      expect(check.worstFiles).toEqual([{ path: 'sub/calc/ops.py', inRepository: true, covered: 15, valid: 21, missing: '15, 28-32' }])
    }
  )

  it('compacts missed lines over the lines between statements, as coverage.py does (coverage/results.py, format_lines)', () => {
    // format_lines's own example: statements 1-5, 10-14, missed 1, 2, 5, 10, 11, 13, 14 → "1-2, 5-11, 13-14"
    const lines = new Map([1, 2, 3, 4, 5, 10, 11, 12, 13, 14].map(n => [n, ![1, 2, 5, 10, 11, 13, 14].includes(n)]))
    expect(missingRanges(lines)).toBe('1-2, 5-11, 13-14')
    expect(missingRanges(new Map([[3, true]]))).toBe('')
    // at most 20 ranges; the rest counted
    const many = new Map(Array.from({ length: 60 }, (_, i) => [i + 1, i % 2 === 1]))
    expect(missingRanges(many)).toBe(`${Array.from({ length: 20 }, (_, i) => 2 * i + 1).join(', ')}, … (10 more ranges)`)
  })

  it('are the five worst, lowest coverage first, then the most lines missed', async () => {
    const files = Object.fromEntries(
      [10, 50, 50, 90, 20, 30, 100].map((percent, i) => {
        const valid = i === 2 ? 20 : 10
        const executed = Array.from({ length: (valid * percent) / 100 }, (_, n) => n + 1)
        const missing = Array.from({ length: valid - executed.length }, (_, n) => executed.length + n + 1)
        return [`pkg/m${i}.py`, { executed_lines: executed, missing_lines: missing }]
      })
    )
    const check = await checkCoverage({ patterns: write('many.json', JSON.stringify({ files })), minCoverage: 0 }, ctx)
    expect(check.worstFiles?.map(gap => [gap.path, gap.inRepository, gap.covered, gap.valid, gap.missing])).toEqual([
      ['pkg/m0.py', false, 1, 10, '2-10'],
      ['pkg/m4.py', false, 2, 10, '3-10'],
      ['pkg/m5.py', false, 3, 10, '4-10'],
      ['pkg/m2.py', false, 10, 20, '11-20'],
      ['pkg/m1.py', false, 5, 10, '6-10']
    ])
  })
})
