// Finding the changelog file: among files only (towncrier keeps its fragments in a folder named like
// the changelog), and where [tool.towncrier] says (towncrier.toml first, then pyproject.toml).
import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { findChangelog, pendingFragments } from '../src/certify/changelog.js'

/** A project directory holding `files` (a name ending in / is a folder). */
function projectWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pra-changelog-'))
  for (const [name, text] of Object.entries(files)) {
    if (name.endsWith('/')) mkdirSync(join(dir, name), { recursive: true })
    else {
      mkdirSync(join(dir, name, '..'), { recursive: true })
      writeFileSync(join(dir, name), text)
    }
  }
  return dir
}

const PYPROJECT = '[project]\nname = "demo"\nversion = "1.0"\n'

describe('the changelog file', () => {
  it.each([
    ['CHANGES/ beside CHANGES.rst', { 'CHANGES/': '', 'CHANGES/12.feature': 'x', 'CHANGES.rst': '1.0\n===\n' }, 'CHANGES.rst'],
    ['changelog/ beside CHANGELOG.md', { 'changelog/': '', 'CHANGELOG.md': '## 1.0\n' }, 'CHANGELOG.md'],
    ['docs/changelog/ beside docs/changelog.rst', { 'docs/changelog/': '', 'docs/changelog.rst': '1.0\n===\n' }, 'docs/changelog.rst'],
    ['NEWS/ and HISTORY/ folders beside NEWS.txt', { 'HISTORY/': '', 'NEWS/': '', 'NEWS.txt': '1.0\n' }, 'NEWS.txt']
  ])('is a file, never a folder named like one: %s', async (_layout, files, expected) => {
    const dir = projectWith({ 'pyproject.toml': PYPROJECT, ...files })
    expect(await findChangelog(dir)).toEqual({ path: join(dir, expected), source: undefined })
  })

  it('is looked for in each folder given, nearest first: a package of a monorepo, then the repository root', async () => {
    const root = projectWith({ 'CHANGELOG.md': '## 1.0\n', 'packages/demo/pyproject.toml': PYPROJECT, 'packages/other/NEWS.rst': '1.0\n===\n' })
    const dir = join(root, 'packages', 'demo')
    expect(await findChangelog(dir, [dir, join(root, 'packages'), root])).toEqual({ path: join(root, 'CHANGELOG.md'), source: undefined })
    // a towncrier configuration nearer than the root's changelog names the file
    writeFileSync(join(root, 'packages', 'towncrier.toml'), '[tool.towncrier]\nfilename = "other/NEWS.rst"\n')
    expect((await findChangelog(dir, [dir, join(root, 'packages'), root])).path).toBe(join(root, 'packages', 'other', 'NEWS.rst'))
    // only the project folder by default
    expect((await findChangelog(dir)).path).toBeUndefined()
  })

  it('skips a link to a folder and a dangling link', async () => {
    const dir = projectWith({ 'pyproject.toml': PYPROJECT, 'real/': '', 'HISTORY.md': '## 1.0\n' })
    symlinkSync(join(dir, 'real'), join(dir, 'CHANGELOG.md'))
    symlinkSync(join(dir, 'gone'), join(dir, 'CHANGES.md'))
    expect((await findChangelog(dir)).path).toBe(join(dir, 'HISTORY.md'))
  })

  it('skips a named pipe, which would block a read forever', async () => {
    const dir = projectWith({ 'pyproject.toml': PYPROJECT, 'docs/changes.rst': '1.0\n===\n' })
    execFileSync('mkfifo', [join(dir, 'CHANGELOG.md')])
    expect((await findChangelog(dir)).path).toBe(join(dir, 'docs', 'changes.rst'))
  })

  it('finds the fragments of a towncrier package without directory in <package_dir>/<package>/newsfragments', async () => {
    const dir = projectWith({
      'pyproject.toml': `${PYPROJECT}\n[tool.towncrier]\npackage = "demo.core"\npackage_dir = "src"\nfilename = "CHANGES.md"\n`,
      'CHANGES.md': '## 0.9\n'
    })
    expect((await findChangelog(dir)).fragments).toBe(join(dir, 'src', 'demo', 'core', 'newsfragments'))
  })

  it('is none when only folders carry the names', async () => {
    expect(await findChangelog(projectWith({ 'pyproject.toml': PYPROJECT, 'CHANGES/': '', 'docs/changelog/': '' }))).toEqual({
      path: undefined,
      source: undefined
    })
  })

  it('is the one [tool.towncrier] filename names, over any other name, with its fragments folder', async () => {
    const dir = projectWith({
      'pyproject.toml': `${PYPROJECT}\n[tool.towncrier]\nfilename = "NEWS.rst"\ndirectory = "newsfragments"\n`,
      'HISTORY.rst': 'old\n',
      'CHANGELOG.md': 'See NEWS.rst\n',
      'NEWS.rst': '1.0\n===\n',
      'newsfragments/': ''
    })
    expect(await findChangelog(dir)).toEqual({
      path: join(dir, 'NEWS.rst'),
      source: '[tool.towncrier] filename in pyproject.toml',
      fragments: join(dir, 'newsfragments')
    })
  })

  it('reads towncrier.toml before pyproject.toml, as towncrier does', async () => {
    const dir = projectWith({
      'pyproject.toml': `${PYPROJECT}\n[tool.towncrier]\nfilename = "CHANGES.rst"\n`,
      'towncrier.toml': '[tool.towncrier]\nfilename = "docs/history.rst"\ndirectory = "docs/fragments"\n',
      'CHANGES.rst': 'x\n',
      'docs/history.rst': '1.0\n===\n'
    })
    expect(await findChangelog(dir)).toMatchObject({ path: join(dir, 'docs', 'history.rst'), source: '[tool.towncrier] filename in towncrier.toml' })
  })

  it("uses towncrier's default NEWS.rst when there is one, else searches by name", async () => {
    const withNews = projectWith({ 'pyproject.toml': `${PYPROJECT}\n[tool.towncrier]\npackage = "demo"\n`, 'CHANGES.md': 'x\n', 'NEWS.rst': '1.0\n===\n' })
    expect(await findChangelog(withNews)).toEqual({
      path: join(withNews, 'NEWS.rst'),
      source: "[tool.towncrier] filename in pyproject.toml (towncrier's default)",
      // towncrier's fragments without a directory: <package_dir>/<package>/newsfragments
      fragments: join(withNews, 'demo', 'newsfragments')
    })
    const without = projectWith({ 'pyproject.toml': `${PYPROJECT}\n[tool.towncrier]\ndirectory = "CHANGES"\n`, 'CHANGES/': '', 'CHANGES.md': '## 1.0\n' })
    expect(await findChangelog(without)).toEqual({ path: join(without, 'CHANGES.md'), source: undefined, fragments: join(without, 'CHANGES') })
  })

  it('says what is wrong when the file [tool.towncrier] filename names is missing or a folder', async () => {
    const missing = projectWith({ 'pyproject.toml': `${PYPROJECT}\n[tool.towncrier]\nfilename = "CHANGELOG.rst"\n`, 'CHANGELOG.md': '## 1.0\n' })
    expect(await findChangelog(missing)).toEqual({
      path: undefined,
      source: '[tool.towncrier] filename in pyproject.toml',
      problem: {
        message:
          '[tool.towncrier] filename in pyproject.toml names CHANGELOG.rst, which does not exist; run towncrier build, or point filename at the changelog file',
        config: join(missing, 'pyproject.toml')
      }
    })
    const folder = projectWith({ 'towncrier.toml': '[tool.towncrier]\nfilename = "changes"\n', 'changes/': '' })
    expect((await findChangelog(folder)).problem?.message).toBe(
      '[tool.towncrier] filename in towncrier.toml names changes, which is a directory, not a file; run towncrier build, or point filename at the changelog file'
    )
  })

  it('counts the fragments waiting in the folder, not its template, README or dotfiles', async () => {
    const dir = projectWith({
      'changelog.d/.gitignore': '!.gitignore',
      'changelog.d/template.md': 't',
      'changelog.d/README.md': 'r',
      'changelog.d/3.feature.md': 'a',
      'changelog.d/+x.misc': 'b',
      'changelog.d/sub/': ''
    })
    expect(await pendingFragments(join(dir, 'changelog.d'))).toEqual(['+x.misc', '3.feature.md'])
    expect(await pendingFragments(join(dir, 'nowhere'))).toEqual([])
    expect(await pendingFragments(undefined)).toEqual([])
  })
})
