// The docs check judges what ships, through the bundled action: a readme a build hook writes
// ([project] dynamic, an in-tree backend like hatch-fancy-pypi-readme), setuptools' dynamic readme,
// Poetry's [tool.poetry] readme/URLs/license and a license file only the backend adds all certify
// with the default docs-required (readme,license); a readme pyproject.toml names but the built files
// do not carry fails. Each project is built for real, and a re-run changes nothing.
import { describe, expect, it } from '@jest/globals'
import { join } from 'node:path'
import { localRelease, PYTHON, releasedFiles, ROOT, runAction, runCli, workspaceWith, type ActionRun } from './helpers/action.js'
import { shownText } from './helpers/markdown.js'

const PROJECTS = join(ROOT, '__tests__', 'fixtures', 'projects')

const inputs = localRelease

const released = releasedFiles

const docsAnnotations = (run: ActionRun) => run.annotations.filter(a => (a.properties['title'] ?? '').startsWith('Documentation'))

/** Runs the fixture twice in one workspace: the second run must end the same and change no published file. */
async function twice(
  fixture: string,
  more: Record<string, string> = {}
): Promise<{ first: ActionRun; second: ActionRun; workspace: string; files: Record<string, string> }> {
  const { workspace } = await workspaceWith(join(PROJECTS, fixture))
  const first = await runAction(workspace, inputs(more))
  const files = await released(workspace)
  const second = await runAction(workspace, inputs(more))
  expect(second.code).toBe(first.code)
  expect(second.outputs['certification']).toBe(first.outputs['certification'])
  expect(await released(workspace)).toEqual(files)
  return { first, second, workspace, files }
}

describe('the docs check judges the built files', () => {
  it.each([
    ['dynamic-readme-backend', 'fancy_readme-0.3.0', /judged from the built files/],
    ['setuptools-dynamic-readme', 'setuptools_dynamic_readme-3.1.0', /judged from the built files/],
    ['poetry-docs', 'poetry_docs-0.9.2', /judged from the built files/]
  ])(
    '%s: readme, license and urls that only the build writes certify, publish, and a re-run changes nothing',
    async (fixture, stem, judged) => {
      const { first, files } = await twice(fixture)
      expect(first.stderr).toBe('')
      expect(first.code).toBe(0)
      expect(first.outputs['certification']).not.toBe('FAIL')
      // No documentation item failed or warned: readme, license and urls all ship (only the optional changelog is absent).
      expect(docsAnnotations(first).map(a => a.properties['title'])).toEqual(['Documentation: changelog missing'])
      expect(first.summary).toMatch(judged)
      // both files (a setuptools 66 sdist keeps the dashes of the name: normalized here)
      expect(
        Object.keys(files)
          .filter(name => name !== 'SHA256SUMS')
          .map(name => name.replace(/(-py3-none-any\.whl|\.tar\.gz)$/, '').replace(/-(?=.*-)/g, '_'))
      ).toEqual([stem, stem])
    },
    120_000
  )

  it('fails a readme that pyproject.toml names but the built files do not carry, and publishes nothing, also on a re-run', async () => {
    const { first, files } = await twice('readme-not-shipped')
    expect(first.code).toBe(1)
    expect(first.outputs['certification']).toBe('FAIL')
    const readme = docsAnnotations(first).find(a => a.properties['title']?.startsWith('Documentation: readme'))
    expect(readme?.level).toBe('error')
    expect(readme?.message).toMatch(
      /dropped_readme-1\.1\.0\.tar\.gz \(PKG-INFO\) has no long description, though pyproject\.toml names README\.md \(\[project\] readme\).*\(so does dropped_readme-1\.1\.0-py3-none-any\.whl\)/
    )
    expect(readme?.properties['file']).toBe('sub/pyproject.toml')
    // the license the backend writes is seen, and no file leaves the runner
    expect(docsAnnotations(first).some(a => a.properties['title']?.startsWith('Documentation: license'))).toBe(false)
    expect(files).toEqual({})
    expect(first.stdout).toMatch(/Release failed at build: the built files do not ship the documentation certification requires/)
  }, 120_000)

  it('a certify-only job judges the source tree, says the built metadata was not seen, and reads Poetry and setuptools declarations', async () => {
    for (const fixture of ['poetry-docs', 'setuptools-dynamic-readme']) {
      const { workspace } = await workspaceWith(join(PROJECTS, fixture))
      const run = await runAction(workspace, inputs({ stages: 'certify' }))
      expect(run.code).toBe(0)
      expect(run.summary).toMatch(/the built files' metadata was not seen \(certify ran without build\)/)
      expect(docsAnnotations(run).map(a => a.properties['title'])).toEqual(['Documentation: changelog missing'])
    }
    // a readme only a build hook writes cannot be seen without the build: a warning, not a pass or a failure
    const { workspace } = await workspaceWith(join(PROJECTS, 'dynamic-readme-backend'))
    const run = await runAction(workspace, inputs({ stages: 'certify' }))
    expect(shownText(run.summary)).toMatch(/the readme is dynamic \(\[project\] dynamic\): the build backend writes it/)
    expect(docsAnnotations(run).find(a => a.properties['title'] === 'Documentation: readme')).toMatchObject({ level: 'warning' })
  }, 120_000)

  it('the command line, with the project at the workspace root, judges the same way and a re-run changes nothing', async () => {
    for (const [fixture, code] of [
      ['setuptools-dynamic-readme', 0],
      ['readme-not-shipped', 1]
    ] as const) {
      const { workspace } = await workspaceWith(join(PROJECTS, fixture), '')
      const args = ['--project-dir', '.', '--targets', 'local', '--local-dir', 'out/release', '--python', PYTHON, '--build-isolation', 'false']
      const first = await runCli(workspace, args)
      const files = await released(workspace)
      const again = await runCli(workspace, args)
      expect([first.code, again.code]).toEqual([code, code])
      expect(await released(workspace)).toEqual(files)
      expect(Object.keys(files).length).toBe(code === 0 ? 3 : 0)
      expect(first.stdout).toMatch(
        code === 0
          ? /readme \(required\): ok — .*description \(text\/x-rst/
          : /readme \(required\): wrong — dropped_readme-1\.1\.0\.tar\.gz \(PKG-INFO\) has no long description/
      )
    }
  }, 120_000)
})
