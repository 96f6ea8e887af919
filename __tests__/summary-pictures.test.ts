// The three runs whose job summaries README.md shows as pictures (helpers/summaries.ts; `npm run screenshots`
// photographs them), read as a reader reads them: rendered as GitHub-flavoured Markdown (marked, the renderer
// the screenshots use) and checked in the HTML, not in pixels. The first heading says whether it shipped,
// what and where; the failing tests come before anything collapsed, each at its file:line linked to the file
// at the commit; names stay names (no Markdown made of `__init__` or `test_x_y`); no path of the runner.
import { beforeAll, describe, expect, it } from '@jest/globals'
import { tmpdir } from 'node:os'
import type { ActionRun } from './helpers/action.js'
import { htmlToText, renderGfm } from './helpers/markdown.js'
import { failedCertification, matrixPublish, passingRelease } from './helpers/summaries.js'

/** The rendered summary's top-level blocks, in order: each element's tag and its text. */
function blocks(html: string): Array<{ tag: string; html: string; text: string }> {
  const found: Array<{ tag: string; html: string; text: string }> = []
  const pattern = /<(h[1-6]|p|ul|ol|table|details|pre|blockquote)\b[^>]*>[^]*?<\/\1>/g
  for (let match = pattern.exec(html); match; match = pattern.exec(html)) {
    found.push({ tag: match[1] as string, html: match[0], text: htmlToText(match[0]) })
  }
  return found
}

function expectCommon(run: ActionRun, mark: '✅' | '❌', name: string, version: string): ReturnType<typeof blocks> {
  const html = renderGfm(run.summary)
  const shown = blocks(html)
  expect(shown[0]?.tag).toMatch(/^h[1-3]$/)
  expect(shown[0]?.text.startsWith(mark)).toBe(true)
  expect(shown[0]?.text).toContain(name)
  expect(shown[0]?.text).toContain(version)
  // no absolute path of the runner: the workspace and RUNNER_TEMP are under the temp directory here
  expect(htmlToText(html)).not.toContain(tmpdir())
  return shown
}

describe('the summaries README.md shows, rendered as GitHub renders them', () => {
  let passing: ActionRun
  let failed: ActionRun
  let matrix: ActionRun
  beforeAll(async () => {
    passing = await passingRelease()
    failed = await failedCertification()
    matrix = await matrixPublish()
  }, 300_000)

  it('a release that shipped: the mark, the project, the version and the target first; full digests only collapsed', () => {
    expect(passing.code).toBe(0)
    const shown = expectCommon(passing, '✅', 'sample-greeter', '0.3.1')
    expect(shown[0]?.text).toMatch(/\blocal\b/)
    for (const block of shown.filter(b => b.tag !== 'details')) expect(block.text).not.toMatch(/\b[0-9a-f]{64}\b/)
  })

  it('a release whose tests failed: the failing tests before anything collapsed, each at its file:line at the commit, names shown as written', () => {
    expect(failed.code).toBe(1)
    const shown = expectCommon(failed, '❌', 'calc', '0.1.0')
    expect(shown[0]?.text).toMatch(/not released/)
    const list = shown.findIndex(b => b.tag === 'ul' && b.text.includes('test_div'))
    const firstCollapsed = shown.findIndex(b => b.tag === 'details')
    expect(list).toBeGreaterThan(0)
    expect(list).toBeLessThan(firstCollapsed)
    const failing = shown[list] as { html: string; text: string }
    expect(failing.html).toContain('href="https://github.com/octo-org/calc/blob/3f6c2a1e9b8d7c6f5e4d3c2b1a0f9e8d7c6b5a49/sub/tests/test_ops.py#L19"')
    expect(failing.text).toContain('sub/tests/test_ops.py:19')
    // test_mean_of_nothing and the like are names, not emphasis
    expect(failing.text).toContain('tests.test_ops.TestOps.test_mean_of_nothing')
    expect(failing.html).not.toMatch(/<(em|strong)>/)
  })

  it("a matrix's publish job: every target named first, with links to the PyPI release and the GitHub Release", () => {
    expect(matrix.code).toBe(0)
    const shown = expectCommon(matrix, '✅', 'tern-codec', '2.1.0')
    for (const target of ['pypi', 'github', 'local']) expect(shown[0]?.text).toContain(target)
    const beforeTables = shown.slice(
      0,
      shown.findIndex(b => b.tag === 'table')
    )
    const links = beforeTables.flatMap(b => [...b.html.matchAll(/<a href="([^"]+)">([^<]+)<\/a>/g)].map(m => m[2]))
    expect(links).toEqual(expect.arrayContaining(['PyPI', 'GitHub Release']))
    const text = htmlToText(renderGfm(matrix.summary))
    for (const file of ['tern_codec-2.1.0.tar.gz', 'tern_codec-2.1.0-py3-none-win_amd64.whl', 'tern_codec-2.1.0-py3-none-macosx_11_0_arm64.whl']) {
      expect(text).toContain(file)
    }
  })
})
