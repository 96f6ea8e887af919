// The job summary and the annotations as a maintainer meets them, through the bundle: a project whose real pytest
// run fails (a module named `__init__`, a message with `**x**`, an object's memory address, more failures than GitHub
// shows), rendered as GitHub renders the summary (GFM, marked) and read as HTML: the outcome first, the failing tests
// before any passing detail, outside text as written, the least covered files with the lines coverage.py says were
// missed, no absolute runner path; each annotation a few lines, the overflow listed once in the log.
import { beforeAll, describe, expect, it } from '@jest/globals'
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PYTHON, run, runAction, runPytest, type ActionRun } from './helpers/action.js'
import { htmlToText, renderGfm } from './helpers/markdown.js'

const SHA = '0123456789abcdef0123456789abcdef01234567'
const ENV = { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'octo/tern', GITHUB_SHA: SHA }

const PROJECT: Record<string, string> = {
  'pyproject.toml': [
    '[build-system]',
    'requires = ["setuptools>=61"]',
    'build-backend = "setuptools.build_meta"',
    '',
    '[project]',
    'name = "tern-codec"',
    'version = "1.0.0"',
    'description = "A codec for terns"',
    'readme = "README.md"',
    'license = {text = "MIT"}',
    'requires-python = ">=3.8"',
    '',
    '[tool.setuptools]',
    'packages = ["tern_codec"]',
    ''
  ].join('\n'),
  'README.md': '# tern-codec\n\nA codec for terns.\n',
  LICENSE: 'MIT License\n\nCopyright (c) 2026 octo\n',
  'tern_codec/__init__.py': [
    '"""A codec for terns."""',
    '',
    '',
    'class Codec:',
    '    def __init__(self, shift):',
    '        self.shift = shift',
    '',
    '    def encode(self, text):',
    '        return "".join(chr(ord(c) + self.shift) for c in text)',
    '',
    '    def decode(self, text):',
    '        if not text:',
    '            raise ValueError(f"nothing to decode with {self!r}")',
    '        return "".join(chr(ord(c) - self.shift) for c in text)',
    '',
    '',
    'def clamp(value, low, high):',
    '    # never called by the tests',
    '    if value < low:',
    '        return low',
    '',
    '    if value > high:',
    '        return high',
    '    return value',
    ''
  ].join('\n'),
  'tests/test_codec.py': [
    'from tern_codec import Codec',
    '',
    '',
    'def roundtrip(codec, text):',
    '    encoded = codec.encode(text)',
    '    return codec.decode(encoded[:0])',
    '',
    '',
    'def test_encode():',
    '    assert Codec(1).encode("a") == "b"',
    '',
    '',
    'def test_roundtrip():',
    '    assert roundtrip(Codec(1), "tern") == "tern"',
    '',
    '',
    'def test_bold():',
    '    assert Codec(0).encode("**x**") == "x", "**x** is not bold"',
    ''
  ].join('\n'),
  // twelve more failures, each in its own file: more than the 10 errors a step shows
  ...Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`tests/test_many_${i}.py`, `def test_many_${i}():\n    assert ${i} < 0\n`]))
}

async function failingProject(): Promise<string> {
  const workspace = await mkdtemp(join(tmpdir(), 'pra-summary-'))
  for (const [path, text] of Object.entries(PROJECT)) {
    await mkdir(join(workspace, path, '..'), { recursive: true })
    await writeFile(join(workspace, path), text)
  }
  await runPytest(workspace, 'tern_codec')
  return workspace
}

/** The Missing column coverage.py itself prints for a file of its JSON report (coverage.results.format_lines). */
async function coveragePyMissing(workspace: string, file: string): Promise<string> {
  const script =
    'import json, sys\nfrom coverage.results import format_lines\n' +
    'f = json.load(open(sys.argv[1]))["files"][sys.argv[2]]\n' +
    'print(format_lines(f["executed_lines"] + f["missing_lines"], f["missing_lines"]))'
  const { stdout } = await run(PYTHON, ['-c', script, join(workspace, 'reports', 'coverage.json'), file], workspace)
  return stdout.trim()
}

const inputs = (more: Record<string, string> = {}): Record<string, string> => ({
  targets: 'local',
  'local-dir': 'out/release',
  python: PYTHON,
  'build-isolation': 'false',
  'junit-xml': 'reports/junit.xml',
  'coverage-report': 'reports/coverage.xml',
  'min-coverage': '95',
  ...more
})

describe('the job summary and annotations of a failed certification, as GitHub shows them', () => {
  let workspace: string
  let failed: ActionRun
  let page: string

  beforeAll(async () => {
    workspace = await failingProject()
    failed = await runAction(workspace, inputs(), ENV)
    page = renderGfm(failed.summary)
  })

  it('shows outside text as written: no bold __init__, no bold **x**, no runner path', () => {
    expect(page).not.toMatch(/<strong>|<em>|<del>/)
    const shown = htmlToText(page)
    expect(shown).toContain('tern_codec/__init__.py')
    expect(shown).toContain('AssertionError: **x** is not bold')
    // a repr's memory address changes every run and says nothing: not in the summary either
    expect(shown).toContain('ValueError: nothing to decode with <tern_codec.Codec object>')
    expect(failed.summary).not.toMatch(/0x[0-9a-f]{6,}/)
    expect(failed.summary).not.toContain(workspace)
    expect(failed.summary).not.toMatch(/\/tmp\/|pra-runner-/)
  })

  it('opens with the outcome, then the failing tests, then the least covered file with the lines coverage.py reports missed, before any passing detail', async () => {
    expect(failed.code).toBe(1)
    expect(page.indexOf('<h2')).toBe(0)
    expect(htmlToText(page.match(/<h2[^>]*>(.*?)<\/h2>/)![1]!)).toBe('❌ tern-codec 1.0.0 not released: certification failed (tests: 14 failed, coverage)')
    const failing = page.indexOf('Failing tests (14)')
    expect(failing).toBeGreaterThan(0)
    for (const later of ['<details', 'Certification: FAIL', '✅ pass']) {
      if (page.includes(later)) expect(failing).toBeLessThan(page.indexOf(later))
    }
    const blob = `https://github.com/octo/tern/blob/${SHA}`
    // the failure raised in tern_codec/__init__.py is placed there (its deepest frame in the repository), linked at the commit
    expect(page).toMatch(new RegExp(`<a href="${blob}/tern_codec/__init__\\.py#L13"><code>tern_codec/__init__\\.py:13</code></a>`))
    expect(page).toContain(`<a href="${blob}/tests/test_codec.py#L18"><code>tests/test_codec.py:18</code></a>`)
    const at = page.indexOf('Coverage: the least covered file')
    expect(at).toBeGreaterThan(page.indexOf('Failing tests'))
    expect(at).toBeLessThan(page.indexOf('<details'))
    const missing = await coveragePyMissing(workspace, 'tern_codec/__init__.py')
    expect(missing).toMatch(/^\d/)
    const row = page.slice(at).match(/<tbody>\s*<tr>([\s\S]*?)<\/tr>/)![1]!
    expect(row.match(/<td>([\s\S]*?)<\/td>/g)!.map(htmlToText)).toEqual([
      'tern_codec/__init__.py',
      expect.stringMatching(/^\d+\.\d% \(\d+\/\d+ lines\)$/),
      missing
    ])
    expect(row).toContain(`<a href="https://github.com/octo/tern/blob/${SHA}/tern_codec/__init__.py#L${/^\d+/.exec(missing)![0]}"><code>`)
  })

  it('annotates each failure in at most 12 lines, with its assertion and no memory address; the full text is in the log', () => {
    const errors = failed.annotations.filter(a => a.level === 'error')
    expect(errors).toHaveLength(10)
    for (const error of errors) {
      expect(error.message.split('\n').length).toBeLessThanOrEqual(12)
      expect(error.message).not.toMatch(/0x[0-9a-f]{6,}/i)
    }
    const decode = errors.find(a => a.properties['file'] === 'tern_codec/__init__.py')!
    expect(decode.message).toMatch(/^ValueError: nothing to decode with <tern_codec\.Codec object>/)
    expect(decode.message).toMatch(/^>\s+raise ValueError/m)
    expect(decode.message).toMatch(/^E\s+ValueError: nothing to decode with <tern_codec\.Codec object>$/m)
    // the log keeps the whole traceback, addresses and all, in a group of its own
    expect(failed.stdout).toMatch(/^::group::Full text of the \d+ annotations? shortened above$/m)
    expect(failed.stdout).toMatch(/nothing to decode with <tern_codec\.Codec object at 0x[0-9a-f]+>/)
  })

  it('lists the failures past GitHub’s 10 once, one line each, not as whole tracebacks', async () => {
    const errors = failed.annotations.filter(a => a.level === 'error')
    const junit = await readFile(join(workspace, 'reports', 'junit.xml'), 'utf8')
    const failures = (junit.match(/<failure /g) ?? []).length
    expect(failures).toBe(14)
    // 14 failing tests and the failed coverage check: 15 errors, 10 annotated
    const listed = failed.stdout.match(/^(\d+) more findings? than GitHub shows as annotations \(10 per level per step\), listed once here:$/m)
    expect(listed?.[1]).toBe('5')
    const after = failed.stdout
      .slice(failed.stdout.indexOf(listed![0]) + listed![0].length)
      .split('\n')
      .slice(1, 6)
    for (const line of after) {
      expect(line).toMatch(
        /^ {2}error: (tests\/test_\w+\.py:\d+: tests\.test_\w+\.test_\w+: assert \d+ < 0|Certification check 'coverage' failed: .*% line coverage.*)$/
      )
    }
    // each overflow test named once in the log, its traceback not repeated there
    const annotated = new Set(errors.map(a => a.properties['title']))
    const titles = after.flatMap(line => /(tests\.test_\w+\.test_\w+):/.exec(line)?.[1] ?? [])
    expect(titles).toHaveLength(4)
    for (const title of titles) {
      expect(annotated.has(title)).toBe(false)
      expect(failed.stdout.split(title).length - 1).toBe(1)
    }
    expect(failed.stdout).not.toMatch(/^E\s+assert [6-9] < 0$/m)
  })
})

describe('the job summary of a release that passed', () => {
  it('keeps the least covered files after the certification table, and shows no runner path', async () => {
    const workspace = await failingProject()
    const passed = await runAction(workspace, inputs({ 'min-pass-rate': '0', 'min-coverage': '0' }), ENV)
    expect({ code: passed.code, errors: passed.annotations.filter(a => a.level === 'error').map(a => a.message) }).toEqual({ code: 0, errors: [] })
    const page = renderGfm(passed.summary)
    expect(htmlToText(page.match(/<h2[^>]*>(.*?)<\/h2>/)![1]!)).toBe('✅ Released tern-codec 1.0.0 to local')
    const at = page.indexOf('Coverage: the least covered file')
    expect(page.search(/Certification: (PASS|PARTIAL)/)).toBeGreaterThan(0)
    expect(at).toBeGreaterThan(page.search(/Certification: (PASS|PARTIAL)/))
    expect(page).not.toMatch(/<strong>|<em>|<del>/)
    expect(passed.summary).not.toContain(workspace)
    expect(passed.summary).not.toMatch(/\/tmp\/|pra-runner-/)
  })
})
