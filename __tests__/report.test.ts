import { describe, expect, it } from '@jest/globals'
import { collectAnnotations, selectForGitHub } from '../src/report/annotations.js'
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
    expect(errors[9]?.message).toBe('failure 9\n\n(4 more errors are in the log and the job summary: GitHub shows 10 per type per step)')
    expect(rest.map(a => a.title)).toEqual(['test_10', 'test_11', 'test_12', 'test_13'])
    expect(shown.filter(a => a.level === 'warning')).toEqual(warnings)
  })

  it('changes nothing when there are few', () => {
    const few = [
      { level: 'error' as const, message: 'a', file: 'x.py' },
      { level: 'error' as const, message: 'b', file: 'x.py' }
    ]
    expect(selectForGitHub(few)).toEqual({ shown: few, rest: [] })
  })
})
