import { describe, expect, it } from '@jest/globals'
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { findEntry } from '../src/certify/changelog.js'
import { checkDocs, type DocItem } from '../src/certify/docs.js'
import { readProject } from '../src/project.js'
import { PYTHON } from './helpers/action.js'

describe('changelog entries', () => {
  const keepAChangelog = [
    '# Changelog',
    '',
    '## [Unreleased]',
    '',
    '## [1.2.3] - 2026-01-02',
    '### Fixed',
    '- a bug',
    '',
    '## [1.2.2] - 2025-12-01',
    '- older',
    '',
    '[1.2.3]: https://example.org/compare/v1.2.2...v1.2.3'
  ].join('\n')

  it("finds a Keep a Changelog entry, with its subsections, up to the next version", () => {
    expect(findEntry(keepAChangelog, '1.2.3')).toEqual({
      entry: { line: 5, heading: '[1.2.3] - 2026-01-02', text: '### Fixed\n- a bug' },
      unreleasedLine: 3
    })
  })

  it('matches PEP 440-equal spellings: 1.0.0-rc1 is 1.0.0rc1, v1.0 is 1.0.0', () => {
    expect(findEntry('## v1.0.0-rc1 (2026-01-02)\n\n- first\n', '1.0.0rc1').entry?.text).toBe('- first')
    expect(findEntry('# Version 1.0\nthe text\n', '1.0.0').entry?.text).toBe('the text')
  })

  it('reads towncrier and reST underlined titles, ending at the next title of the same level', () => {
    const rst = ['Changelog', '=========', '', '2.0.0 (2026-02-01)', '------------------', '', 'Features', '~~~~~~~~', '', '- new', '', '1.9.0 (2025-01-01)', '------------------', '- old'].join('\n')
    expect(findEntry(rst, '2.0.0').entry).toEqual({ line: 4, heading: '2.0.0 (2026-02-01)', text: 'Features\n~~~~~~~~\n\n- new' })
  })

  it('does not take a link reference or a mention in the text for an entry', () => {
    expect(findEntry(keepAChangelog, '1.2.4').entry).toBeUndefined()
    expect(findEntry('# Changes\n\nUpgrade to 3.0.0 soon.\n\n[3.0.0]: https://x\n', '3.0.0').entry).toBeUndefined()
  })

  it('skips headings inside code fences', () => {
    expect(findEntry('```\n# 1.0.0\n```\n', '1.0.0').entry).toBeUndefined()
  })
})

async function project(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pra-docs-'))
  for (const [name, content] of Object.entries(files)) {
    await mkdir(join(dir, name, '..'), { recursive: true })
    await writeFile(join(dir, name), content)
  }
  return dir
}

const PYPROJECT = (extra = '', readme = 'README.md') =>
  `[project]\nname = "demo"\nversion = "1.2.3"\nreadme = "${readme}"\n${extra}\n`

async function docs(files: Record<string, string>, required: DocItem[] = ['readme', 'license']) {
  const dir = await project(files)
  return checkDocs({ project: await readProject(dir), required, version: '1.2.3', python: PYTHON, workspace: dir })
}

describe('the docs check', () => {
  it('passes with a readme, a license file, a changelog entry and a source URL, and gives the release notes', async () => {
    const { check, releaseNotes } = await docs({
      'pyproject.toml': PYPROJECT('[project.urls]\nSource = "https://example.org/src"'),
      'README.md': '# demo\n',
      'LICENSE.txt': 'MIT\n',
      'docs/CHANGES.rst': '1.2.3\n=====\n\n* fixed\n'
    }, ['readme', 'license', 'changelog', 'urls'])
    expect(check.status).toBe('pass')
    expect(check.annotations).toEqual([])
    expect(releaseNotes).toBe('* fixed')
  })

  it('fails a required item that is missing and warns for an optional one', async () => {
    const { check } = await docs({ 'pyproject.toml': PYPROJECT(), 'README.md': '# demo\n' })
    expect(check.status).toBe('fail')
    expect(check.annotations.map(a => [a.level, a.title])).toEqual([
      ['error', 'Documentation: license missing (required)'],
      ['warning', 'Documentation: changelog missing'],
      ['warning', 'Documentation: urls missing']
    ])
    expect(check.annotations[0]?.message).toMatch(/no license.*required by input 'docs-required'/)
  })

  it('fails a changelog that has the version only in a link reference, saying there is no entry', async () => {
    const { check, releaseNotes } = await docs({
      'pyproject.toml': PYPROJECT(),
      'README.md': '# demo\n',
      'LICENSE': 'MIT\n',
      'CHANGELOG.md': '# Changelog\n\n## [1.2.2] - 2026-01-01\n- old\n\n[1.2.3]: https://example.org/compare/v1.2.2...v1.2.3\n[1.2.2]: https://example.org/tag/v1.2.2\n'
    })
    expect(check.status).toBe('fail')
    const annotation = check.annotations.find(a => a.title === 'Documentation: changelog')
    expect(annotation).toMatchObject({ level: 'error', file: 'CHANGELOG.md' })
    expect(annotation?.message).toMatch(/no entry for 1\.2\.3/)
    expect(releaseNotes).toBeUndefined()
  })

  it('fails a changelog whose changes are only under Unreleased, at that line', async () => {
    const { check } = await docs({
      'pyproject.toml': PYPROJECT(),
      'README.md': '# demo\n',
      'COPYING': 'GPL\n',
      'CHANGELOG.md': '# Changelog\n\n## Unreleased\n- the fix\n\n## 1.2.2\n- old\n'
    })
    expect(check.status).toBe('fail')
    const annotation = check.annotations.find(a => a.title === 'Documentation: changelog')
    expect(annotation).toMatchObject({ level: 'error', file: 'CHANGELOG.md', line: 3 })
    expect(annotation?.message).toMatch(/no entry for 1\.2\.3; the changes are only under 'Unreleased'/)
  })

  it('fails an empty readme and a readme whose content type does not fit its extension', async () => {
    const empty = await docs({ 'pyproject.toml': PYPROJECT(), 'README.md': '  \n', LICENSE: 'x' })
    expect(empty.check.message).toMatch(/readme README\.md \(named by \[project\] readme\) is empty/)
    const absent = await docs({ 'pyproject.toml': PYPROJECT(), LICENSE: 'x' }, [])
    expect(absent.check.status).toBe('fail')
    expect(absent.check.message).toMatch(/readme README\.md \(named by \[project\] readme\) is missing/)
    const mismatch = await docs({
      'pyproject.toml': '[project]\nname = "demo"\nversion = "1.2.3"\nreadme = {file = "README.md", content-type = "text/x-rst"}\n',
      'README.md': '# demo\n',
      LICENSE: 'x'
    })
    expect(mismatch.check.message).toMatch(/declared as text\/x-rst but its extension says text\/markdown/)
  })

  it('validates a reST readme as PyPI renders it', async () => {
    const good = await docs({ 'pyproject.toml': PYPROJECT('', 'README.rst'), 'README.rst': 'Demo\n====\n\nText.\n', LICENSE: 'x' })
    expect(good.check.status).toBe('warn') // only the optional changelog and urls are missing
    expect(good.check.annotations.some(a => a.title?.startsWith('Documentation: readme'))).toBe(false)
    const bad = await docs({ 'pyproject.toml': PYPROJECT('', 'README.rst'), 'README.rst': 'Demo\n====\n\n.. unknown-directive:: x\n', LICENSE: 'x' })
    expect(bad.check.status).toBe('fail')
    expect(bad.check.message).toMatch(/README\.rst is not valid reST/)
  })

  it('warns, never passes silently, when no reST checker is installed', async () => {
    const dir = await project({ 'pyproject.toml': PYPROJECT('', 'README.rst'), 'README.rst': 'Demo\n====\n', LICENSE: 'x' })
    const python = join(dir, 'python3')
    await writeFile(python, '#!/bin/sh\nexit 3\n', { mode: 0o755 })
    const { check } = await checkDocs({ project: await readProject(dir), required: ['readme'], version: '1.2.3', python, workspace: dir })
    expect(check.annotations.find(a => a.title === 'Documentation: readme')).toMatchObject({ level: 'warning' })
    expect(check.message).toMatch(/neither readme_renderer nor docutils/)
  })

  it('checks license files the metadata names, and warns for a license with no file', async () => {
    const named = await docs({ 'pyproject.toml': PYPROJECT('license = {file = "LICENSE.md"}'), 'README.md': '# d\n' })
    expect(named.check.message).toMatch(/license file LICENSE\.md \(named by \[project\] license\) is missing/)
    const pep639 = await docs({ 'pyproject.toml': PYPROJECT('license = "MIT"\nlicense-files = ["LICENSES/*.txt"]'), 'README.md': '# d\n', 'LICENSES/MIT.txt': 'x' })
    expect(pep639.check.annotations.some(a => a.title?.includes('license'))).toBe(false)
    const spdxOnly = await docs({ 'pyproject.toml': PYPROJECT('license = "MIT"'), 'README.md': '# d\n' })
    expect(spdxOnly.check.annotations.find(a => a.title === 'Documentation: license')).toMatchObject({ level: 'warning' })
  })

  it('refuses license-files patterns that search outside the project directory, without walking the machine', async () => {
    for (const pattern of ['/**/LICENSE*', '../**/LICENSE*']) {
      const started = Date.now()
      const { check } = await docs({ 'pyproject.toml': PYPROJECT(`license = "MIT"\nlicense-files = ["${pattern}"]`), 'README.md': '# d\n', LICENSE: 'x' })
      expect(check.status).toBe('fail')
      expect(check.message).toContain(`license-files pattern '${pattern}' would search`)
      expect(check.message).toContain('outside the project directory')
      expect(Date.now() - started).toBeLessThan(5000)
    }
  }, 20_000)
})
