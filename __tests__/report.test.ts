import { describe, expect, it } from '@jest/globals'
import { collectAnnotations, overflowLine, readableMessage, selectForGitHub } from '../src/report/annotations.js'
import { buildOutputs } from '../src/report/outputs.js'
import { renderSummary } from '../src/report/summary.js'
import { markdownCode, markdownTable, markdownText } from '../src/report/markdown.js'
import { htmlToText, renderGfm } from './helpers/markdown.js'
import type { PipelineResult } from '../src/outcome.js'
import { CertificationStatus, DistributionTarget, type CertificationCheck } from '../src/types.js'

const check = (name: string, over: Partial<CertificationCheck> = {}): CertificationCheck => ({
  name,
  status: 'pass',
  message: `${name} ok`,
  annotations: [],
  metrics: {},
  details: [],
  ...over
})

const result = (over: Partial<PipelineResult> = {}): PipelineResult => ({
  projectName: 'demo',
  version: '1.0.0',
  certification: undefined,
  build: undefined,
  artifact: undefined,
  preflights: [],
  published: [],
  stages: [],
  annotations: [],
  ok: true,
  ...over
})

const html = renderGfm
const text = htmlToText

const ENV = {
  workspace: '/home/runner/work/tern/tern',
  runnerTemp: '/home/runner/work/_temp',
  serverUrl: 'https://github.example',
  repository: 'octo/tern',
  sha: '0123456789abcdef0123456789abcdef01234567'
}
const DIGEST = 'a'.repeat(8) + '0123456789abcdef'.repeat(3) + 'b'.repeat(8)

/** A certification that failed: three failing tests (one in a module named `__init__`), hostile messages, a failed coverage check. */
const failedRelease = (): PipelineResult =>
  result({
    projectName: 'tern_codec',
    ok: false,
    stages: [
      { stage: 'certify', status: 'failed', message: 'certification FAIL' },
      { stage: 'build', status: 'not-run', message: '' }
    ],
    certification: {
      version: '1.0.0',
      status: CertificationStatus.FAIL,
      checks: [
        check('tests', {
          status: 'fail',
          message: '50.00% of 6 tests passed (3 failed, 0 skipped); minimum 100%',
          metrics: { failed: 3 },
          details: ['/home/runner/work/tern/tern/reports/a.xml: 3 tests', '/home/runner/work/tern/tern/reports/b.xml: 3 tests'],
          annotations: [
            {
              level: 'error',
              title: 'tests.test_codec.test_roundtrip',
              message: 'AssertionError: assert **x** == <script>alert(1)</script>\n\nmore',
              file: 'tests/test_codec.py',
              line: 12
            },
            { level: 'error', title: 'tests.test_init.test___init__', message: 'ValueError: `bad` | pipe', file: 'tern_codec/__init__.py', line: 7 },
            { level: 'error', title: 'tests.test_x.test_y', message: 'failed without a file' }
          ],
          list: { title: '3 failed tests', items: ['tests.test_codec.test_roundtrip (failure): assert **x**'], more: 2 }
        }),
        check('coverage', { status: 'fail', message: 'coverage.xml: 80% of /home/runner/work/tern/tern/tern_codec/__init__.py; minimum 90%' }),
        check('docs', { details: ['README.md renders'] })
      ]
    }
  })

/** A release published to PyPI and GitHub, built in RUNNER_TEMP. */
const publishedRelease = (): PipelineResult =>
  result({
    projectName: 'tern_codec',
    stages: [
      { stage: 'certify', status: 'ok', message: 'certification PASS' },
      { stage: 'build', status: 'ok', message: 'built 1 file in /home/runner/work/_temp/python-release/dist' },
      { stage: 'publish', status: 'ok', message: 'published to pypi, github' }
    ],
    certification: { version: '1.0.0', status: CertificationStatus.PASS, checks: [check('tests', { details: ['a.xml: 6 tests'] })] },
    build: {
      outputDir: '/home/runner/work/_temp/python-release/dist',
      command: [],
      annotations: [],
      artifacts: [
        {
          path: '/home/runner/work/_temp/python-release/dist/tern_codec-1.0.0-py3-none-any.whl',
          filename: 'tern_codec-1.0.0-py3-none-any.whl',
          format: 'wheel',
          size: 2048,
          sha256: DIGEST,
          md5: 'cd',
          blake2b_256: 'ef',
          metadata: { metadataVersion: '2.1', name: 'tern_codec', version: '1.0.0', summary: undefined, requiresPython: undefined },
          contents: { files: 3, largest: [{ name: 'tern_codec/__init__.py', size: 900 }], warnings: [] }
        }
      ]
    },
    published: [
      {
        target: DistributionTarget.PYPI,
        status: 'published',
        url: 'https://pypi.org/project/tern-codec/1.0.0/',
        message: 'uploaded 1 file',
        files: ['tern_codec-1.0.0-py3-none-any.whl'],
        uploaded: ['tern_codec-1.0.0-py3-none-any.whl'],
        skipped: []
      },
      {
        target: DistributionTarget.GITHUB,
        status: 'published',
        url: 'https://github.example/octo/tern/releases/tag/v1.0.0',
        message: 'release v1.0.0',
        files: ['tern_codec-1.0.0-py3-none-any.whl'],
        uploaded: ['tern_codec-1.0.0-py3-none-any.whl'],
        skipped: []
      }
    ]
  })

describe('annotations', () => {
  it('puts errors first, each level in stage order', () => {
    const ordered = collectAnnotations(
      result({
        certification: {
          version: '1.0.0',
          status: CertificationStatus.FAIL,
          checks: [
            check('tests', {
              status: 'fail',
              annotations: [
                { level: 'warning', message: 'flaky' },
                { level: 'error', message: 'test failed' }
              ]
            })
          ]
        },
        preflights: [{ target: DistributionTarget.LOCAL, ready: false, message: '', files: [], annotations: [{ level: 'error', message: 'conflict' }] }],
        annotations: [
          { stage: 'publish', level: 'notice', message: 'skipped' },
          { stage: 'build', level: 'error', message: 'build failed' }
        ]
      })
    )
    expect(ordered.map(a => a.message)).toEqual(['test failed', 'build failed', 'conflict', 'flaky', 'skipped'])
    expect(ordered[0]).not.toHaveProperty('stage')
  })
})

describe('outputs', () => {
  it('gives metrics with two decimals and empty strings for skipped checks', () => {
    const outputs = buildOutputs(
      result({
        certification: {
          version: '1.0.0',
          status: CertificationStatus.PARTIAL,
          checks: [check('tests', { metrics: { passRate: 99.99499 } }), check('coverage', { status: 'skip' })]
        }
      }),
      '/ws'
    )
    expect(outputs).toEqual({
      certification: 'PARTIAL',
      version: '1.0.0',
      artifacts: '[]',
      'attestation-ids': '[]',
      published: '[]',
      'pass-rate': '99.99',
      coverage: '',
      'branch-coverage': '',
      'release-notes': '',
      prerelease: 'false',
      'dist-dir': '',
      'artifact-id': '',
      'artifact-name': '',
      'release-url': '',
      'release-id': '',
      'check-run-id': ''
    })
  })

  it("says 'true' for PEP 440 pre-releases and development releases only", () => {
    const prerelease = (version: string | undefined): string => buildOutputs(result({ version }), '/ws').prerelease
    expect(['1.0.0rc1', '1.0.0.dev2', '2.0a1', '1.0.0', '1.0.0.post1', undefined].map(prerelease)).toEqual(['true', 'true', 'true', 'false', 'false', ''])
  })

  it('gives artifact paths relative to the workspace', () => {
    const outputs = buildOutputs(
      result({
        build: {
          outputDir: '/tmp/x',
          command: [],
          annotations: [],
          artifacts: [
            {
              path: '/ws/_temp/b/dist/demo-1.0.0.tar.gz',
              filename: 'demo-1.0.0.tar.gz',
              format: 'sdist',
              size: 10,
              sha256: 'ab',
              md5: 'cd',
              blake2b_256: 'ef',
              metadata: { metadataVersion: '2.1', name: 'demo', version: '1.0.0', summary: undefined, requiresPython: undefined }
            }
          ]
        }
      }),
      '/ws/repo'
    )
    expect(JSON.parse(outputs.artifacts)).toEqual([
      { path: '../_temp/b/dist/demo-1.0.0.tar.gz', filename: 'demo-1.0.0.tar.gz', format: 'sdist', size: 10, sha256: 'ab', md5: 'cd', blake2b_256: 'ef' }
    ])
  })
})

describe('summary', () => {
  it('escapes outside text: prose backslash-escaped, names in code spans with enough backticks', () => {
    expect(markdownText('a | b <script>\nc & d **x** __init__')).toBe('a \\| b \\<script\\> c \\& d \\*\\*x\\*\\* \\_\\_init\\_\\_')
    // no image or Markdown link from outside text (a manifest's job name, a test name); a bare URL is autolinked, as GitHub does
    const linked = '![x](https://example.invalid/p.png) [y](https://example.invalid) [tool.x]'
    expect(html(markdownText(linked))).not.toMatch(/<img|<a href="https:\/\/example.invalid">y/)
    expect(text(html(markdownText(linked)))).toBe(linked)
    expect(markdownCode('tern_codec/__init__.py')).toBe('`tern_codec/__init__.py`')
    expect(markdownCode('a `b` c')).toBe('``a `b` c``')
    expect(markdownCode('`tick')).toBe('`` `tick ``')
    // as GitHub renders them: the text exactly as written, no markup, in prose and in table cells
    for (const hostile of ['tern_codec/__init__.py', '**x**', '<script>alert(1)</script>', 'a|b', 'a `b` c', '``x``', '# h', '1. item', '&lt;']) {
      expect(text(html(`- ${markdownText(hostile)}`))).toBe(hostile)
      expect(text(html(`- ${markdownCode(hostile)}`))).toBe(hostile)
      const cells = html(markdownTable(['A', 'B'], [[markdownText(hostile), markdownCode(hostile, { inTable: true })]]))
      expect(cells.match(/<td>(.*?)<\/td>/g)?.map(text)).toEqual([hostile, hostile])
    }
  })

  it('opens with the outcome: its mark, the project, the version, and why not or where it went', () => {
    const heading = (markdown: string): string => {
      const page = html(markdown)
      // the first thing on the page
      expect(page.indexOf('<h2')).toBe(0)
      return text(page.match(/<h2[^>]*>(.*?)<\/h2>/)![1]!)
    }
    expect(heading(renderSummary(failedRelease(), { env: ENV }))).toBe('❌ tern_codec 1.0.0 not released: certification failed (tests: 3 failed, coverage)')
    const published = html(renderSummary(publishedRelease(), { env: ENV }))
    expect(heading(renderSummary(publishedRelease(), { env: ENV }))).toBe('✅ Released tern_codec 1.0.0 to pypi, github')
    // the links before anything else (the stage table is the first table)
    const top = published.slice(0, published.indexOf('<table'))
    expect(top).toContain('<a href="https://pypi.org/project/tern-codec/1.0.0/">PyPI</a>')
    expect(top).toContain('<a href="https://github.example/octo/tern/releases/tag/v1.0.0">GitHub Release</a>')
    // the failed stage has its mark
    expect(html(renderSummary(failedRelease(), { env: ENV }))).toMatch(/<td>❌ certify<\/td>/)
  })

  it('lists the failing tests before any collapsed details, each with file:line linked to the file at the commit', () => {
    const page = html(renderSummary(failedRelease(), { env: ENV }))
    const failing = page.indexOf('Failing tests')
    expect(failing).toBeGreaterThan(0)
    expect(failing).toBeLessThan(page.indexOf('<details'))
    expect(failing).toBeLessThan(page.indexOf('Certification: FAIL'))
    const blob = 'https://github.example/octo/tern/blob/0123456789abcdef0123456789abcdef01234567'
    expect(page).toContain(`<a href="${blob}/tests/test_codec.py#L12"><code>tests/test_codec.py:12</code></a>`)
    expect(page).toContain(`<a href="${blob}/tern_codec/__init__.py#L7"><code>tern_codec/__init__.py:7</code></a>`)
    // without the commit: the place, not a link
    const unlinked = html(renderSummary(failedRelease(), { env: { workspace: ENV.workspace } }))
    expect(unlinked).toContain('<code>tests/test_codec.py:12</code>')
    expect(unlinked).not.toContain('/blob/')
  })

  it('never renders outside text as markup, nor shows a runner path', () => {
    for (const release of [failedRelease(), publishedRelease()]) {
      const markdown = renderSummary(release, { env: ENV })
      const page = html(markdown)
      expect(page).not.toMatch(/<strong>|<em>|<script|<img|<del>/)
      expect(markdown).not.toContain('/home/runner')
    }
    const failed = text(html(renderSummary(failedRelease(), { env: ENV })))
    expect(failed).toContain('AssertionError: assert **x** == <script>alert(1)</script>')
    expect(failed).toContain('ValueError: `bad` | pipe')
    expect(failed).toContain('coverage.xml: 80% of tern_codec/__init__.py; minimum 90%')
    expect(failed).toContain('reports/a.xml: 3 tests')
    expect(text(html(renderSummary(publishedRelease(), { env: ENV })))).toContain('built 1 file in $RUNNER_TEMP/python-release/dist')
  })

  it('collapses the build, with short digests in its table and the full ones in their own block', () => {
    const page = html(renderSummary(publishedRelease(), { env: ENV }))
    const build = page.slice(page.indexOf('Build'))
    expect(build.indexOf('<details')).toBeLessThan(build.indexOf('<table'))
    const cells = page.match(/<td>[\s\S]*?<\/td>/g)!.map(text)
    expect(cells).toContain(`${DIGEST.slice(0, 12)}…`)
    expect(cells.some(cell => cell.includes(DIGEST))).toBe(false)
    const at = page.indexOf('SHA-256 digests')
    expect(page.slice(0, at)).toMatch(/<details><summary>$/)
    expect(text(page.slice(at))).toContain(`${DIGEST}  tern_codec-1.0.0-py3-none-any.whl`)
  })

  it('says a release stopped before any stage ran, and why', () => {
    const markdown = renderSummary(
      result({
        ok: false,
        projectName: undefined,
        version: undefined,
        stages: [{ stage: 'certify', status: 'not-run', message: '' }],
        annotations: [{ stage: 'certify', level: 'error', title: 'Invalid project', message: 'pyproject.toml has no [project] table' }]
      })
    )
    expect(markdown.split('\n')[0]).toBe('## ❌ the project not released: stopped before any stage ran (Invalid project)')
    expect(markdown).toContain('❌ The release stopped before any stage ran: Invalid project: pyproject.toml has no \\[project\\] table')
  })

  it('lists every failure, and stays under 1 MiB with a note when the list is too long', () => {
    const listed = (items: string[], more = 0) =>
      renderSummary(
        result({
          certification: {
            version: '1.0.0',
            status: CertificationStatus.FAIL,
            checks: [check('tests', { status: 'fail', message: 'failed', list: { title: `${items.length + more} failed tests`, items, more } })]
          }
        })
      )
    const few = listed(['tests.test_a.test_one (failure): assert 1 == 2', 'tests.test_a.test_two (error): <boom> | pipe'])
    expect(few).toContain(
      '<details><summary>tests: 2 failed tests</summary>\n\n- tests.test\\_a.test\\_one (failure): assert 1 == 2\n- tests.test\\_a.test\\_two (error): \\<boom\\> \\| pipe\n\n</details>'
    )
    expect(few).not.toContain('more, not listed')

    const many = Array.from({ length: 40000 }, (_, i) => `tests.test_mod.TestCase.test_${i} (failure): ${'x'.repeat(40)}`)
    const cut = listed(many, 7)
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(1024 * 1024)
    expect(Buffer.byteLength(cut)).toBeGreaterThan(1000 * 1024)
    const shown = cut.split('\n').filter(line => line.startsWith('- tests.test\\_mod')).length
    expect(shown).toBeGreaterThan(10000)
    expect(shown).toBeLessThan(40000)
    expect(cut).toContain(`- … and ${40000 - shown + 7} more, not listed (the job summary is limited to 1 MiB)\n\n</details>`)
  })
})

describe('annotations for GitHub', () => {
  it('shows 10 per type, one per file first, and says how many more there are', () => {
    const failures = Array.from({ length: 14 }, (_, i) => ({
      level: 'error' as const,
      title: `test_${i}`,
      message: `failure ${i}`,
      file: `tests/test_${i % 3}.py` // three files, many failures each
    }))
    const warnings = [{ level: 'warning' as const, message: 'flaky' }]
    const { shown, rest } = selectForGitHub([...failures, ...warnings])
    const errors = shown.filter(a => a.level === 'error')
    expect(errors).toHaveLength(10)
    // the first three are the first failure of each file, then the repeats in order
    expect(errors.slice(0, 4).map(a => a.title)).toEqual(['test_0', 'test_1', 'test_2', 'test_3'])
    expect(errors[9]?.message).toBe('failure 9\n\n(4 more errors are listed in the log and the job summary: GitHub shows 10 per type per step)')
    expect(rest.map(a => a.title)).toEqual(['test_10', 'test_11', 'test_12', 'test_13'])
    expect(shown.filter(a => a.level === 'warning')).toEqual(warnings)
  })

  it('changes nothing when there are few', () => {
    const few = [
      { level: 'error' as const, message: 'a', file: 'x.py' },
      { level: 'error' as const, message: 'b', file: 'x.py' }
    ]
    expect(selectForGitHub(few)).toEqual({ shown: few, rest: [], shortened: [] })
  })
})

/** A pytest failure as its JUnit report holds it (tests.ts joins the message and the text): three frames deep, with memory addresses. */
const PYTEST_FAILURE = [
  'ValueError: nothing to decode with <tern_codec.Codec object at 0x7f3a2b1c4d50>',
  '',
  'codec = <tern_codec.Codec object at 0x7f3a2b1c4d50>',
  '',
  '    def test_roundtrip(codec):',
  '>       assert roundtrip(codec, "tern") == "tern"',
  '',
  'tests/test_codec.py:12: ',
  '_ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ ',
  '',
  "codec = <tern_codec.Codec object at 0x7f3a2b1c4d50>, text = 'tern'",
  '',
  '    def roundtrip(codec, text):',
  '        encoded = codec.encode(text)',
  '>       return codec.decode(encoded[:0])',
  '',
  'tests/test_codec.py:7: ',
  '_ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ _ ',
  '',
  "self = <tern_codec.Codec object at 0x7f3a2b1c4d50>, text = ''",
  '',
  '    def decode(self, text):',
  '        if not text:',
  '>           raise ValueError(f"nothing to decode with {self!r}")',
  'E           ValueError: nothing to decode with <tern_codec.Codec object at 0x7f3a2b1c4d50>',
  '',
  'tern_codec/__init__.py:14: ValueError'
].join('\n')

describe('annotation messages a reader takes in', () => {
  it('keep the failed assertion and its frame, at most 12 lines, without memory addresses', () => {
    const shown = readableMessage(PYTEST_FAILURE)
    expect(shown.split('\n')).toEqual([
      'ValueError: nothing to decode with <tern_codec.Codec object>',
      '',
      '    def decode(self, text):',
      '        if not text:',
      '>           raise ValueError(f"nothing to decode with {self!r}")',
      'E           ValueError: nothing to decode with <tern_codec.Codec object>',
      'tern_codec/__init__.py:14: ValueError',
      '… (21 more lines: the log has the full text)'
    ])
    expect(shown).not.toMatch(/0x[0-9a-f]{4}/i)
  })

  it('keep the last frame of a Python traceback (unittest-xml-reporting) and the exception', () => {
    const frames = Array.from({ length: 8 }, (_, i) => [
      `  File "/home/runner/work/tern/tern/tern_codec/walk.py", line ${10 + i}, in step`,
      `    return step(n - 1)`
    ])
    const traceback = [
      'RecursionError: too deep',
      '',
      'Traceback (most recent call last):',
      ...frames.flat(),
      '  File "/home/runner/work/tern/tern/tern_codec/walk.py", line 3, in step',
      '    raise RecursionError("too deep")',
      'RecursionError: too deep'
    ].join('\n')
    expect(readableMessage(traceback).split('\n')).toEqual([
      'RecursionError: too deep',
      '',
      '  File "/home/runner/work/tern/tern/tern_codec/walk.py", line 3, in step',
      '    raise RecursionError("too deep")',
      'RecursionError: too deep',
      '… (18 more lines: the log has the full text)'
    ])
  })

  it("keep a long first line whole (a build error's first line ends with the fix), cutting only the context's lines", () => {
    const headline = `Build failed: python -m build exited with code 1 (${'x'.repeat(600)}): or set wheel-from-sdist: false`
    const shown = readableMessage([headline, ...Array.from({ length: 20 }, (_, i) => `  File "/x.py", line ${i}, in f ${'y'.repeat(600)}`)].join('\n')).split(
      '\n'
    )
    expect(shown[0]).toBe(headline)
    expect(shown.length).toBeLessThanOrEqual(12)
    expect(shown.slice(1).every(line => line.length <= 500)).toBe(true)
  })

  it('leave a short message as it is, an address aside, and cut other long text to its first lines', () => {
    expect(readableMessage('assert 1 == 2\n\nE   assert 1 == 2')).toBe('assert 1 == 2\n\nE   assert 1 == 2')
    expect(readableMessage('bad <object object at 0x7f00aa11bb22> and 0xff and 0xdeadbeef')).toBe('bad <object object> and 0xff and 0xdeadbeef')
    const long = Array.from({ length: 30 }, (_, i) => `finding ${i}`).join('\n')
    const cut = readableMessage(long).split('\n')
    expect(cut).toHaveLength(12)
    expect(cut.slice(0, 3)).toEqual(['finding 0', '', 'finding 1'])
    expect(cut.at(-1)).toBe('… (20 more lines: the log has the full text)')
  })

  it('for GitHub: every shown message within 12 lines (the note on the last one too), the overflow one line each, the cut ones kept whole for the log', () => {
    const failures = Array.from({ length: 14 }, (_, i) => ({
      level: 'error' as const,
      title: `tests.test_codec.test_${i}`,
      message: PYTEST_FAILURE,
      file: `tests/test_${i}.py`,
      line: i + 1
    }))
    const { shown, rest, shortened } = selectForGitHub(failures)
    expect(shown).toHaveLength(10)
    for (const annotation of shown) {
      expect(annotation.message.split('\n').length).toBeLessThanOrEqual(12)
      expect(annotation.message).toContain('E           ValueError: nothing to decode with <tern_codec.Codec object>')
      expect(annotation.message).not.toMatch(/0x7f/)
    }
    expect(shown[9]!.message).toMatch(/\n\n\(4 more errors are listed in the log and the job summary: GitHub shows 10 per type per step\)$/)
    expect(shortened).toEqual(failures.slice(0, 10))
    expect(rest.map(overflowLine)).toEqual(
      [10, 11, 12, 13].map(i => `error: tests/test_${i}.py:${i + 1}: tests.test_codec.test_${i}: ValueError: nothing to decode with <tern_codec.Codec object>`)
    )
    expect(overflowLine({ level: 'warning', message: '\nflaky\nmore' })).toBe('warning: flaky')
    expect(overflowLine({ level: 'notice', title: 'Arrived files', message: 'x'.repeat(300) })).toBe(`notice: Arrived files: ${'x'.repeat(224)}…`)
  })
})

describe('summary: coverage, the receiving job, the publish row', () => {
  const coverageCheck = (status: 'pass' | 'fail') =>
    check('coverage', {
      status,
      message: `72.00% line coverage (18/25 lines); minimum ${status === 'fail' ? 90 : 70}%`,
      worstFiles: [
        { path: 'tern_codec/__init__.py', inRepository: true, covered: 4, valid: 10, missing: '12-15, 40' },
        { path: 'tern_codec/**x**.py', inRepository: false, covered: 14, valid: 15, missing: '7' }
      ]
    })

  it('names the least covered files with their coverage and the lines missed, linked to the first one at the commit', () => {
    const failed = failedRelease()
    failed.certification!.checks[1] = coverageCheck('fail')
    const page = html(renderSummary(failed, { env: ENV }))
    const at = page.indexOf('Coverage: the 2 least covered files')
    // a failed coverage check: in the first screen, before any collapsed details, after the failing tests
    expect(at).toBeGreaterThan(page.indexOf('Failing tests'))
    expect(at).toBeLessThan(page.indexOf('<details'))
    const table = page.slice(at, page.indexOf('</table>', at))
    const rows = table.match(/<tr>[\s\S]*?<\/tr>/g)!.slice(1)
    expect(rows.map(row => row.match(/<td>([\s\S]*?)<\/td>/g)!.map(text))).toEqual([
      ['tern_codec/__init__.py', '40.0% (4/10 lines)', '12-15, 40'],
      ['tern_codec/**x**.py', '93.3% (14/15 lines)', '7']
    ])
    expect(table).toContain(
      '<a href="https://github.example/octo/tern/blob/0123456789abcdef0123456789abcdef01234567/tern_codec/__init__.py#L12"><code>tern_codec/__init__.py</code></a>'
    )
    expect(table).not.toMatch(/<strong>|<em>/)
    // a file the report names that is not in this checkout: no link to a file the commit does not have
    expect(table).toContain('<td><code>tern_codec/**x**.py</code></td>')

    // a passing one: after the certification table, not in the first screen
    const passed = publishedRelease()
    passed.certification!.checks.push(coverageCheck('pass'))
    const shown = html(renderSummary(passed, { env: ENV }))
    expect(shown.indexOf('Coverage: the 2 least covered files')).toBeGreaterThan(shown.indexOf('Certification: PASS'))
    expect(shown).not.toContain('❌ Coverage')
  })

  it("calls a receiving job's stage receive and shows, per artifact, the job, runner, certification and the expect-wheels pattern each wheel met", () => {
    const received = publishedRelease()
    received.certification = undefined
    received.stages = [
      { stage: 'build', status: 'ok', message: '3 files received from 2 artifacts' },
      { stage: 'publish', status: 'ok', message: 'published to pypi, github' }
    ]
    received.build!.received = "artifact 'dist-linux' (id 1), artifact 'dist-windows' (id 2)"
    received.receipt = {
      sources: [
        {
          artifact: 'dist-linux',
          manifest: { job: 'build', otherRun: undefined, runner: 'Linux X64', certification: 'PASS' },
          files: [
            { filename: 'tern_codec-1.0.0-cp312-cp312-manylinux_2_17_x86_64.whl', format: 'wheel', expectWheels: ['*manylinux*x86_64'] },
            { filename: 'tern_codec-1.0.0.tar.gz', format: 'sdist', expectWheels: [] }
          ]
        },
        {
          artifact: 'dist-<windows>',
          manifest: { job: 'build_**win**', otherRun: '777', runner: 'Windows X64', certification: 'PARTIAL' },
          files: [{ filename: 'tern_codec-1.0.0-cp312-cp312-win_amd64.whl', format: 'wheel', expectWheels: ['win_amd64', 'win*'] }]
        },
        { artifact: '/home/runner/work/tern/tern/wheelhouse', files: [{ filename: 'tern_codec-1.0.0-py3-none-any.whl', format: 'wheel', expectWheels: [] }] }
      ]
    }
    const markdown = renderSummary(received, { env: ENV })
    const page = html(markdown)
    expect(page).toMatch(/<td>✅ receive<\/td>/)
    expect(page).not.toMatch(/<td>✅ build<\/td>/)
    expect(text(page.match(/<h2[^>]*>(.*?)<\/h2>/)![1]!)).toBe('✅ Released tern_codec 1.0.0 to pypi, github')
    const at = page.search(/<h3[^>]*>Received<\/h3>/)
    expect(at).toBeGreaterThan(0)
    const table = page.slice(at, page.indexOf('</table>', at))
    const rows = table.match(/<tr>[\s\S]*?<\/tr>/g)!.map(row => row.match(/<t[hd]>([\s\S]*?)<\/t[hd]>/g)!.map(cell => text(cell.replace(/<br>/g, ' / '))))
    expect(rows).toEqual([
      ['Artifact', 'Built by job', 'Runner', 'Certification', 'Files'],
      [
        'dist-linux',
        'build',
        'Linux X64',
        '✅ PASS',
        'tern_codec-1.0.0-cp312-cp312-manylinux_2_17_x86_64.whl meets expect-wheels *manylinux*x86_64 / tern_codec-1.0.0.tar.gz'
      ],
      [
        'dist-<windows>',
        'build_**win** of run 777',
        'Windows X64',
        '⚠️ PARTIAL',
        'tern_codec-1.0.0-cp312-cp312-win_amd64.whl meets expect-wheels win_amd64, win*'
      ],
      ['wheelhouse', 'no release manifest', 'unknown', '➖ none: inspected and digested here only', 'tern_codec-1.0.0-py3-none-any.whl']
    ])
    expect(page).not.toMatch(/<strong>|<em>/)
    expect(markdown).not.toContain('/home/runner')
    // the file details stay collapsed below it
    expect(page.indexOf('<details', at)).toBeGreaterThan(at)

    // a receiving job whose receiving failed: still its own name, and the outcome says so
    const failed = result({ ok: false, receipt: { sources: [] }, stages: [{ stage: 'build', status: 'failed', message: 'no artifact matches' }] })
    const failedPage = html(renderSummary(failed))
    expect(failedPage).toMatch(/<td>❌ receive<\/td>/)
    expect(text(failedPage.match(/<h2[^>]*>(.*?)<\/h2>/)![1]!)).toBe('❌ demo 1.0.0 not released: receive failed (no artifact matches)')
  })

  it("gives the publish stage's row its summary, not the targets' messages the Publish table shows", () => {
    const release = publishedRelease()
    release.ok = false
    release.published[1] = { ...release.published[1]!, status: 'failed', message: 'GitHub answered HTTP 422: tag_name is **invalid**' }
    release.stages[2] = {
      stage: 'publish',
      status: 'failed',
      message: 'github failed: GitHub answered HTTP 422: tag_name is **invalid**\nWhere the files are now: pypi: 1 of 1 file',
      summary: 'github failed (the Publish table says why)\nWhere the files are now: pypi: 1 of 1 file'
    }
    const shown = text(html(renderSummary(release, { env: ENV })))
    expect(shown.match(/tag_name is \*\*invalid\*\*/g)).toHaveLength(1)
    expect(shown).toContain('publish failed (github failed (the Publish table says why) Where the files are now: pypi: 1 of 1 file)')
  })
})
