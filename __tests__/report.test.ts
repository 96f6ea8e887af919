import { describe, expect, it } from '@jest/globals'
import { collectAnnotations, selectForGitHub } from '../src/report/annotations.js'
import { buildOutputs } from '../src/report/outputs.js'
import { cell, renderSummary } from '../src/report/summary.js'
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
  it('escapes table cells', () => {
    expect(cell('a | b <script>\nc & d')).toBe('a \\| b &lt;script&gt;<br>c &amp; d')
    // no image or link from outside text (a manifest's job name, a test name); brackets alone stay as written
    expect(cell('![x](https://example.invalid/p.png) [y](https://example.invalid) [tool.x]')).toBe(
      '![x]\\(https://example.invalid/p.png) [y]\\(https://example.invalid) [tool.x]'
    )
  })

  it('has a section for each stage that ran', () => {
    const markdown = renderSummary(
      result({
        stages: [
          { stage: 'certify', status: 'failed', message: 'certification FAIL' },
          { stage: 'build', status: 'not-run', message: '' }
        ],
        certification: {
          version: '1.0.0',
          status: CertificationStatus.FAIL,
          checks: [check('tests', { status: 'fail', message: '50.00% of 2 tests passed', details: ['a.xml: 1 passed'] })]
        }
      })
    )
    expect(markdown).toContain('## Python release demo 1.0.0')
    expect(markdown).toContain('| certify | failed: certification FAIL |')
    expect(markdown).toContain('| build | not run (an earlier stage failed) |')
    expect(markdown).toContain('### Certification: FAIL')
    expect(markdown).toContain('| tests | ❌ fail | 50.00% of 2 tests passed |')
    expect(markdown).toContain('- a.xml: 1 passed')
    expect(markdown).not.toContain('### Build')
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
      '<details><summary>tests: 2 failed tests</summary>\n\n- tests.test_a.test_one (failure): assert 1 == 2\n- tests.test_a.test_two (error): &lt;boom&gt; \\| pipe\n\n</details>'
    )
    expect(few).not.toContain('more, not listed')

    const many = Array.from({ length: 40000 }, (_, i) => `tests.test_mod.TestCase.test_${i} (failure): ${'x'.repeat(40)}`)
    const cut = listed(many, 7)
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(1024 * 1024)
    expect(Buffer.byteLength(cut)).toBeGreaterThan(1000 * 1024)
    const shown = cut.split('\n').filter(line => line.startsWith('- tests.test_mod')).length
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
