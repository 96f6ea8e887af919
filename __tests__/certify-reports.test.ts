import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { RepositoryPaths } from '../src/certify/report-paths.js'
import {
  GlobLimitError,
  PatternError,
  ReportError,
  excerpt,
  formatPercent,
  jsonSyntaxProblem,
  maskCredentials,
  reportFilesOf,
  reportInputsProblem,
  resolveReportFiles,
  splitPatterns,
  streamXml
} from '../src/certify/reports.js'
import { parseCoverage } from '../src/certify/coverage.js'
import { parseJUnit } from '../src/certify/junit.js'
import { parseSecurityReport } from '../src/certify/security.js'

const fixtures = join(import.meta.dirname, 'fixtures')
const reports = join(fixtures, 'reports')

let temp: string
beforeAll(() => {
  temp = mkdtempSync(join(tmpdir(), 'certify-reports-'))
})
afterAll(() => {
  rmSync(temp, { recursive: true, force: true })
})

describe('report patterns', () => {
  it('splits on newlines and on commas outside braces', () => {
    expect(splitPatterns(' a.xml, b/{c,d}.xml\n\n e.xml ,\r\n!f.xml')).toEqual(['a.xml', 'b/{c,d}.xml', 'e.xml', '!f.xml'])
    expect(splitPatterns('  \n , ')).toEqual([])
  })

  it('matches nested braces, ** and absolute patterns, and a brace bomb does not hang', async () => {
    const dir = join(temp, 'braces')
    mkdirSync(join(dir, 'r', 'deep'), { recursive: true })
    for (const name of ['unit.xml', 'it1.xml', 'it2.xml', 'it3.xml', 'deep/unit.xml']) writeFileSync(join(dir, 'r', name), '')
    expect(await resolveReportFiles(`${dir}/r/{unit,it{1,2}}.xml`, { workspace: dir })).toEqual(
      ['it1.xml', 'it2.xml', 'unit.xml'].map(name => join(dir, 'r', name))
    )
    expect(await resolveReportFiles(`${dir}/**/unit.xml`, { workspace: dir })).toEqual([join(dir, 'r', 'deep', 'unit.xml'), join(dir, 'r', 'unit.xml')])
    expect(await resolveReportFiles(`${dir}/r/${'{a,b}'.repeat(20)}.xml`, { workspace: dir })).toEqual([])
  })

  it('resolves globs relative to the working directory to sorted files, never directories', async () => {
    const dir = join(temp, 'globs')
    mkdirSync(join(dir, 'out', 'dir.xml'), { recursive: true })
    for (const name of ['b.xml', 'a.xml', 'c.lcov', 'd.lcov', 'skip.xml']) writeFileSync(join(dir, 'out', name), '')
    const previous = process.cwd()
    process.chdir(dir)
    try {
      expect(await resolveReportFiles('out/*.xml, out/{c,d}.lcov\n!out/skip.xml', { workspace: dir })).toEqual(
        ['a.xml', 'b.xml', 'c.lcov', 'd.lcov'].map(name => join(dir, 'out', name))
      )
      expect(await resolveReportFiles('out/none-*.xml', { workspace: dir })).toEqual([])
    } finally {
      process.chdir(previous)
    }
  })
})

describe('report patterns and the workspace', () => {
  // ws/reports holds two reports, a link to / and a link back to the workspace (a loop);
  // outside/ (beside ws/) holds a report the workspace must not reach through a link.
  const ws = (): string => join(temp, 'bounded', 'ws')
  const outside = (): string => join(temp, 'bounded', 'outside')
  beforeAll(() => {
    mkdirSync(join(ws(), 'reports', 'deep'), { recursive: true })
    mkdirSync(join(ws(), 'other'), { recursive: true })
    mkdirSync(outside(), { recursive: true })
    writeFileSync(join(ws(), 'reports', 'junit-a.xml'), '')
    writeFileSync(join(ws(), 'reports', 'deep', 'junit-b.xml'), '')
    writeFileSync(join(ws(), 'other', 'junit-c.xml'), '')
    writeFileSync(join(outside(), 'junit-secret.xml'), '')
    symlinkSync('/', join(ws(), 'reports', 'rootlink'))
    symlinkSync('..', join(ws(), 'reports', 'loop'))
    symlinkSync('../other', join(ws(), 'reports', 'to-other'))
    symlinkSync(join(outside(), 'junit-secret.xml'), join(ws(), 'reports', 'junit-out.xml'))
    symlinkSync(outside(), join(ws(), 'outlink'))
  })
  const scope = (limits?: { entries: number; milliseconds: number }) => ({ workspace: ws(), cwd: ws(), globLimits: limits })

  it('is a usage problem, naming the input, when a wildcard would search outside the workspace', () => {
    const problem = (junitXml: string) => reportInputsProblem({ junitXml, coverageReport: '', securityReport: '' }, scope())
    expect(problem('/**/*.xml')).toEqual({
      input: 'junit-xml',
      message: expect.stringMatching(/^Input 'junit-xml': '\/\*\*\/\*\.xml' would search \/, outside the workspace .*relative to the workspace/)
    })
    expect(problem('../*.xml')?.message).toMatch(/outside the workspace/)
    expect(problem('reports/*/../../../*.xml')?.message).toMatch(/'\.\.' after a wildcard/)
    expect(reportInputsProblem({ junitXml: '', coverageReport: 'x.xml', securityReport: '/etc/**' }, scope())?.input).toBe('security-report')
    // inside the workspace, or one file named without wildcards anywhere, is fine
    expect(problem(`${ws()}/reports/**/*.xml, reports/*.xml, !/**/skip.xml, # /**/*.xml`)).toBeUndefined()
    expect(problem(join(outside(), 'junit-secret.xml'))).toBeUndefined()
  })

  it('refuses such a pattern at match time too', async () => {
    await expect(resolveReportFiles('/**/*.xml', scope())).rejects.toThrow(PatternError)
  })

  it('follows no link out of the workspace, follows links inside it, and finds each file once', async () => {
    expect(await resolveReportFiles('**/junit*.xml', scope())).toEqual(
      ['other/junit-c.xml', 'reports/deep/junit-b.xml', 'reports/junit-a.xml'].map(name => join(ws(), name))
    )
    // reached only through a link inside the workspace: found under the link
    expect(await resolveReportFiles('reports/to-other/*.xml', scope())).toEqual([join(ws(), 'reports', 'to-other', 'junit-c.xml')])
    // the same files by two patterns, and through the loop, still once
    expect(await resolveReportFiles('reports/**/*.xml\nreports/loop/reports/**/*.xml\nother/*.xml', scope())).toEqual(
      ['other/junit-c.xml', 'reports/deep/junit-b.xml', 'reports/junit-a.xml'].map(name => join(ws(), name))
    )
  })

  it('names the links it did not follow when nothing matched', async () => {
    const found = await reportFilesOf('junit-xml', 'outlink/*.xml', 'hint', scope())
    expect(found).toEqual({ problem: expect.stringContaining(`'outlink/*.xml' matched no file`) })
    expect(found).toEqual({ problem: expect.stringContaining(`not followed, as they lead out of the workspace: outlink → ${outside()}`) })
    // a path without wildcards inside the workspace is a link out of it: not read either
    expect(await reportFilesOf('junit-xml', 'reports/junit-out.xml', 'hint', scope())).toEqual({
      problem: expect.stringContaining(`reports/junit-out.xml → ${join(outside(), 'junit-secret.xml')}`)
    })
  })

  it('stops after so many entries or so much time, naming the pattern, the bound and how to narrow it', async () => {
    const entries = await resolveReportFiles('**/*.xml', scope({ entries: 3, milliseconds: 30_000 })).catch((e: unknown) => e)
    expect(entries).toBeInstanceOf(GlobLimitError)
    expect((entries as Error).message).toMatch(
      /^'\*\*\/\*\.xml' looked at 3 directory entries \(the limit\) without finishing; narrow the pattern to the directory the reports are written to/
    )
    const time = await resolveReportFiles('**/*.xml', scope({ entries: 100_000, milliseconds: 0 })).catch((e: unknown) => e)
    expect(time).toBeInstanceOf(GlobLimitError)
    expect((time as Error).message).toMatch(/^'\*\*\/\*\.xml' was still being matched after 0 ms \(the time limit; .*\); narrow the pattern/)
    expect(await reportFilesOf('junit-xml', '**/*.xml', 'hint', scope({ entries: 3, milliseconds: 30_000 }))).toEqual({
      problem: expect.stringMatching(/^input 'junit-xml': '\*\*\/\*\.xml' looked at 3 directory entries \(the limit\)/)
    })
  })
})

describe('quoting a report', () => {
  const token = `pypi-AgEIcHlwaS5vcmc${'A'.repeat(60)}`
  const github = `ghp_${'a1B2'.repeat(9)}`

  it('masks every credential shape', () => {
    const text = [
      token,
      github,
      `github_pat_11ABCDEFG0${'x'.repeat(70)}`,
      'password = hunter2hunter2',
      '"token": "s3cr3t-v4lue"',
      'Authorization: Basic dXNlcjpwYXNzd29yZA==',
      'https://alice:wonderland@pypi.example/simple'
    ].join('\n')
    const masked = maskCredentials(text)
    for (const secret of ['AgEIcHlwaS5vcmc', 'a1B2a1B2', '11ABCDEFG0', 'hunter2', 's3cr3t', 'dXNlcjpwYXNzd29yZA', 'wonderland', 'alice']) {
      expect(masked).not.toContain(secret)
    }
    expect(masked).toContain('https://***@pypi.example/simple')
  })

  it('is the first non-blank line, at most 40 characters, controls escaped', () => {
    expect(excerpt('\n  \n\tfirst line\u0007 here\nsecond')).toBe('first line\\x07 here')
    expect(excerpt('x'.repeat(100))).toBe(`${'x'.repeat(39)}…`)
    expect(excerpt(`[pypi]\npassword = ${token}`)).toBe('[pypi]')
    expect(excerpt(`password=${token}`)).toBe('password=***')
    expect(excerpt('\u202eevil')).toBe('\\u202eevil')
  })

  it('drops the text JSON.parse quotes from its input', () => {
    let error: unknown
    try {
      JSON.parse(token)
    } catch (e) {
      error = e
    }
    expect(String(error)).toContain('pypi-AgEI')
    expect(jsonSyntaxProblem(error)).not.toContain('AgEI')
  })

  it('leaves no credential in any parser error about a credentials file named as a report', async () => {
    const dir = join(temp, 'credentials')
    mkdirSync(dir, { recursive: true })
    const cases: Array<[string, string, (file: string) => Promise<unknown>]> = [
      ['token.json', `${token}\n`, parseSecurityReport],
      ['token-in.json', `{"password": "${token}", }`, parseSecurityReport],
      ['sarif.json', JSON.stringify({ version: `2.1.0 ${github}`, runs: [] }), parseSecurityReport],
      ['coverage.json', `{"files": {"${github}": {}}}`, parseCoverage],
      ['coverage-bad.json', `{"files": ${token}}`, parseCoverage],
      ['lcov.info', `TN:\nSF:x.py\nDA:${github}\n`, parseCoverage],
      ['brda.info', `TN:\nSF:x.py\nBRDA:https://bob:${token}@h\n`, parseCoverage],
      ['root.xml', `<${github} />`, file => parseJUnit(file, { maxFailures: 1, maxIndexBytes: 100 })],
      [
        'cobertura.xml',
        `<coverage><packages><package><classes><class filename="x"><lines><line number="${github}" hits="1"/></lines></class></classes></package></packages></coverage>`,
        parseCoverage
      ],
      ['unclosed.xml', `<testsuites><${github}>`, file => parseJUnit(file, { maxFailures: 1, maxIndexBytes: 100 })]
    ]
    for (const [name, content, parse] of cases) {
      writeFileSync(join(dir, name), content)
      const error = await parse(join(dir, name)).then(
        () => undefined,
        (e: unknown) => e
      )
      expect({ name, error }).toEqual({ name, error: expect.any(ReportError) })
      const message = (error as ReportError).message
      expect({ name, message, leaks: ['AgEIcHlwaS5vcmc', 'a1B2a1B2'].filter(secret => message.includes(secret)) }).toEqual({ name, message, leaks: [] })
    }
  })
})

describe('formatPercent', () => {
  it('never rounds a figure below its threshold up to it', () => {
    expect(formatPercent(99.995, 100)).toBe('99.99%')
    expect(formatPercent(99.995)).toBe('100.00%')
    expect(formatPercent(87.5, 80)).toBe('87.50%')
  })
})

describe('RepositoryPaths', () => {
  const workspace = () => join(temp, 'ws')
  const project = () => join(workspace(), 'sub')
  beforeAll(() => {
    cpSync(join(fixtures, 'report-project'), project(), { recursive: true })
    writeFileSync(join(workspace(), 'conftest.py'), '')
  })

  it('finds relative paths under the project first, then the workspace', () => {
    const paths = new RepositoryPaths(workspace(), project())
    expect(paths.locate('tests/test_ops.py')).toBe(join(project(), 'tests', 'test_ops.py'))
    expect(paths.locate('sub/calc/ops.py')).toBe(join(project(), 'calc', 'ops.py'))
    expect(paths.locate('conftest.py')).toBe(join(workspace(), 'conftest.py'))
    expect(paths.relative(paths.locate('./calc/../calc/ops.py') ?? '')).toBe('sub/calc/ops.py')
  })

  it('maps absolute paths from another machine by their longest existing tail', () => {
    const paths = new RepositoryPaths(workspace(), project())
    expect(paths.locate('/builds/org/repo/sub/tests/test_style.py')).toBe(join(project(), 'tests', 'test_style.py'))
    expect(paths.locate('/home/runner/work/x/calc/ops.py')).toBe(join(project(), 'calc', 'ops.py'))
    expect(paths.locate('C:\\a\\repo\\calc\\__init__.py')).toBe(join(project(), 'calc', '__init__.py'))
    expect(paths.locate(join(project(), 'tests', 'test_ops.py'))).toBe(join(project(), 'tests', 'test_ops.py'))
  })

  it('ignores installed and standard-library files, missing files, directories and escapes', () => {
    const paths = new RepositoryPaths(workspace(), project())
    expect(paths.locate('/usr/lib/python3.11/calc/ops.py')).toBeUndefined()
    expect(paths.locate('/venv/lib/site-packages/calc/ops.py')).toBeUndefined()
    expect(paths.locate('/elsewhere/tests/test_missing.py')).toBeUndefined()
    expect(paths.locate('calc')).toBeUndefined()
    expect(paths.locate('../../etc/passwd')).toBeUndefined()
    expect(paths.locate('<frozen importlib._bootstrap>')).toBeUndefined()
    expect(paths.inProject(join(project(), 'calc', 'ops.py'))).toBe(true)
    expect(paths.inProject(join(workspace(), 'conftest.py'))).toBe(false)
  })
})

describe('streamXml', () => {
  it('refuses a billion-laughs document quickly instead of expanding it', async () => {
    const started = Date.now()
    const error = await streamXml(join(reports, 'billion-laughs.xml'), { opentag() {}, closetag() {}, text() {} }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ReportError)
    expect((error as ReportError).message).toMatch(/^is not well-formed XML: line 17: undefined entity/)
    expect((error as ReportError).line).toBe(17)
    expect(Date.now() - started).toBeLessThan(2000)
  })

  it('hands a long text over in pieces, in order, without losing any of it', async () => {
    const file = join(temp, 'long.xml')
    const body = Array.from({ length: 40000 }, (_, i) => `line ${i} &amp; more\n`).join('')
    writeFileSync(file, `<root><a x="1">${body}</a><b>${'y'.repeat(100)}</b></root>`)
    const pieces: string[] = []
    let inA = false
    await streamXml(file, {
      opentag: tag => {
        inA = tag.name === 'a'
      },
      closetag: () => {
        inA = false
      },
      wantText: () => inA,
      text: text => pieces.push(text)
    })
    expect(pieces.length).toBeGreaterThan(1)
    expect(Math.max(...pieces.map(piece => piece.length))).toBeLessThan(200 * 1024)
    expect(pieces.join('')).toBe(body.replace(/&amp;/g, '&'))
  })

  it('says which line is broken', async () => {
    const file = join(temp, 'broken.xml')
    writeFileSync(file, '<a>\n<b>\n</a>\n')
    await expect(streamXml(file, { opentag() {}, closetag() {} })).rejects.toMatchObject({
      line: 3,
      message: expect.stringMatching(/^is not well-formed XML: line 3: unexpected close tag/)
    })
  })

  it('reports a missing file as unreadable', async () => {
    await expect(streamXml(join(temp, 'nope.xml'), { opentag() {}, closetag() {} })).rejects.toThrow(/^cannot be read: ENOENT/)
  })
})
