import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { RepositoryPaths } from '../src/certify/paths.js'
import {
  ReportError,
  formatPercent,
  resolveReportFiles,
  splitPatterns,
  streamXml
} from '../src/certify/reports.js'

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
    const error = await streamXml(join(reports, 'billion-laughs.xml'), { opentag() {}, closetag() {}, text() {} }).catch(
      (e: unknown) => e
    )
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
