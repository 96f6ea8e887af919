import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { findEntry } from '../src/certify/changelog.js'
import { checkDocs, type DocItem } from '../src/certify/docs.js'
import { readProject } from '../src/project.js'
import { parseCoreMetadata } from '../src/build/metadata.js'
import type { BuildArtifact, CertificationCheck } from '../src/types.js'
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

  it('finds a Keep a Changelog entry, with its subsections, up to the next version', () => {
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
    const rst = [
      'Changelog',
      '=========',
      '',
      '2.0.0 (2026-02-01)',
      '------------------',
      '',
      'Features',
      '~~~~~~~~',
      '',
      '- new',
      '',
      '1.9.0 (2025-01-01)',
      '------------------',
      '- old'
    ].join('\n')
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

const PYPROJECT = (extra = '', readme = 'README.md') => `[project]\nname = "demo"\nversion = "1.2.3"\nreadme = "${readme}"\n${extra}\n`

async function docs(files: Record<string, string>, required: DocItem[] = ['readme', 'license']) {
  const dir = await project(files)
  return checkDocs({ project: await readProject(dir), required, version: '1.2.3', python: PYTHON, workspace: dir })
}

describe('the docs check', () => {
  it('passes with a readme, a license file, a changelog entry and a source URL, and gives the release notes', async () => {
    const { check, releaseNotes } = await docs(
      {
        'pyproject.toml': PYPROJECT('[project.urls]\nSource = "https://example.org/src"'),
        'README.md': '# demo\n',
        'LICENSE.txt': 'MIT\n',
        'docs/CHANGES.rst': '1.2.3\n=====\n\n* fixed\n'
      },
      ['readme', 'license', 'changelog', 'urls']
    )
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
      LICENSE: 'MIT\n',
      'CHANGELOG.md':
        '# Changelog\n\n## [1.2.2] - 2026-01-01\n- old\n\n[1.2.3]: https://example.org/compare/v1.2.2...v1.2.3\n[1.2.2]: https://example.org/tag/v1.2.2\n'
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
      COPYING: 'GPL\n',
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
    const pep639 = await docs({
      'pyproject.toml': PYPROJECT('license = "MIT"\nlicense-files = ["LICENSES/*.txt"]'),
      'README.md': '# d\n',
      'LICENSES/MIT.txt': 'x'
    })
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

// ---- what ships decides: the docs check taken again with the built files --------------------------

/** A wheel (zip) or sdist (tar.gz) written by Python's own zipfile/tarfile, with these members. */
function archive(path: string, members: Record<string, string>): void {
  const script = [
    'import io, json, sys, tarfile, zipfile',
    'path, members = sys.argv[1], json.loads(sys.argv[2])',
    'if path.endswith(".whl"):',
    '    with zipfile.ZipFile(path, "w") as z:',
    '        for name, text in members.items(): z.writestr(name, text)',
    'else:',
    '    with tarfile.open(path, "w:gz") as t:',
    '        for name, text in members.items():',
    '            data = text.encode(); info = tarfile.TarInfo(name); info.size = len(data); t.addfile(info, io.BytesIO(data))'
  ].join('\n')
  execFileSync(PYTHON, ['-c', script, path, JSON.stringify(members)])
}

/** A built file as the build stage reports it: its metadata parsed from `metadata`, its members written. */
async function builtFile(dir: string, filename: string, metadata: string, more: Record<string, string> = {}): Promise<BuildArtifact> {
  const path = join(dir, filename)
  const wheel = filename.endsWith('.whl')
  const top = wheel ? `${filename.split('-').slice(0, 2).join('-')}.dist-info` : filename.replace(/\.tar\.gz$/, '')
  archive(path, {
    [`${top}/${wheel ? 'METADATA' : 'PKG-INFO'}`]: metadata,
    ...Object.fromEntries(Object.entries(more).map(([name, text]) => [`${top}/${name}`, text]))
  })
  const fields = parseCoreMetadata(metadata)
  return {
    path,
    filename,
    format: wheel ? 'wheel' : 'sdist',
    size: 0,
    sha256: '',
    md5: '',
    blake2b_256: '',
    metadata: { metadataVersion: '2.1', name: 'demo', version: '1.2.3', summary: undefined, requiresPython: undefined },
    coreMetadata: fields
  }
}

const HEAD = 'Metadata-Version: 2.1\nName: demo\nVersion: 1.2.3\n'

async function shipped(files: Record<string, string>, built: (dir: string) => Promise<BuildArtifact[]>, required: DocItem[] = ['readme', 'license']) {
  const dir = await project(files)
  const options = { project: await readProject(dir), required, version: '1.2.3', python: PYTHON, workspace: dir }
  const before = await checkDocs({ ...options, built: 'later' })
  return { before, after: await checkDocs({ ...options, built: await built(dir), previous: before.check }), dir }
}

const finding = (check: CertificationCheck, item: string): string | undefined => check.details.find(line => line.startsWith(`${item} (`))

describe('the docs check after the build', () => {
  it('takes a readme, license and URLs that only the build writes from the built files, and says so', async () => {
    // nothing in the source tree: a build hook writes them all
    const { before, after } = await shipped({ 'pyproject.toml': '[project]\nname = "demo"\nversion = "1.2.3"\ndynamic = ["readme"]\n' }, async dir => [
      await builtFile(
        dir,
        'demo-1.2.3.tar.gz',
        `${HEAD}Project-URL: Source, https://example.invalid\nLicense-File: COPYING\nDescription-Content-Type: text/markdown\n\n# Demo\n`,
        { COPYING: 'GPL' }
      ),
      await builtFile(
        dir,
        'demo-1.2.3-py3-none-any.whl',
        `${HEAD}Home-page: https://example.invalid\nLicense-File: COPYING\nDescription-Content-Type: text/markdown\n\n# Demo\n`,
        { 'licenses/COPYING': 'GPL' }
      )
    ])
    // before the build the source tree only hints: nothing fails or warns yet
    expect(before.check.status).toBe('warn') // the optional changelog only
    expect(before.check.annotations.map(a => a.title)).toEqual(['Documentation: changelog missing'])
    expect(finding(before.check, 'license')).toMatch(/pending — no license.*a hint: the built files decide after the build/)
    expect(after.check.status).toBe('warn')
    expect(after.check.annotations.map(a => a.title)).toEqual(['Documentation: changelog missing'])
    expect(finding(after.check, 'readme')).toMatch(/ok — demo-1\.2\.3\.tar\.gz \(PKG-INFO\): description \(text\/markdown/)
    expect(finding(after.check, 'license')).toMatch(/ok — .*License-File COPYING/)
    expect(after.check.message).toMatch(/judged from the built files/)
  })

  it('fails a readme pyproject.toml names that the built files do not carry, naming each file', async () => {
    const { before, after } = await shipped({ 'pyproject.toml': PYPROJECT(), 'README.md': '# demo\n', LICENSE: 'MIT' }, async dir => [
      await builtFile(dir, 'demo-1.2.3.tar.gz', `${HEAD}License-File: LICENSE\n`, { LICENSE: 'MIT' }),
      await builtFile(dir, 'demo-1.2.3-py3-none-any.whl', `${HEAD}License-File: LICENSE\n`, { 'licenses/LICENSE': 'MIT' })
    ])
    expect(before.check.annotations.some(a => a.title?.startsWith('Documentation: readme'))).toBe(false)
    expect(after.check.status).toBe('fail')
    const readme = after.check.annotations.find(a => a.title === 'Documentation: readme')
    expect(readme).toMatchObject({ level: 'error', file: 'pyproject.toml' })
    expect(readme?.message).toBe(
      'demo-1.2.3.tar.gz (PKG-INFO) has no long description, though pyproject.toml names README.md ([project] readme): the project page would be empty; ' +
        'check that the build backend reads the readme (so does demo-1.2.3-py3-none-any.whl)'
    )
  })

  it('renders a shipped reST description as PyPI does, also one without a content type, and refuses a content type PyPI refuses', async () => {
    const bad = await shipped({ 'pyproject.toml': PYPROJECT(), 'README.md': '# demo\n', LICENSE: 'x' }, async dir => [
      await builtFile(dir, 'demo-1.2.3-py3-none-any.whl', `${HEAD}Description-Content-Type: text/x-rst\n\nDemo\n====\n\n.. unknown-directive:: x\n`, {
        LICENSE: 'x'
      })
    ])
    expect(bad.after.check.status).toBe('fail')
    expect(bad.after.check.message).toMatch(/demo-1\.2\.3-py3-none-any\.whl \(METADATA\) has a reST description, and PyPI would not render it/)
    const untyped = await shipped({ 'pyproject.toml': PYPROJECT(), 'README.md': '# demo\n', LICENSE: 'x' }, async dir => [
      await builtFile(dir, 'demo-1.2.3-py3-none-any.whl', `${HEAD}\nDemo\n====\n\n.. unknown-directive:: x\n`, { LICENSE: 'x' })
    ])
    expect(untyped.after.check.message).toMatch(
      /has no Description-Content-Type, so PyPI renders its description as reST, and PyPI would not render it \(set the readme content type if it is Markdown\)/
    )
    const good = await shipped({ 'pyproject.toml': PYPROJECT(), 'README.md': '# demo\n', LICENSE: 'x' }, async dir => [
      await builtFile(dir, 'demo-1.2.3-py3-none-any.whl', `${HEAD}\nDemo\n====\n\nText.\n`, { LICENSE: 'x' })
    ])
    expect(finding(good.after.check, 'readme')).toMatch(/ok — .*description \(text\/x-rst/)
    const html = await shipped({ 'pyproject.toml': PYPROJECT(), 'README.md': '# demo\n', LICENSE: 'x' }, async dir => [
      await builtFile(dir, 'demo-1.2.3-py3-none-any.whl', `${HEAD}Description-Content-Type: text/html\n\n<h1>demo</h1>\n`, { LICENSE: 'x' })
    ])
    expect(html.after.check.message).toMatch(/Description-Content-Type 'text\/html', which PyPI refuses/)
  })

  it('judges the license by License-File members, unnamed license files and the declared license, and the URLs by their labels', async () => {
    const readme = `Description-Content-Type: text/markdown\n\n# demo\n`
    const absent = await shipped({ 'pyproject.toml': PYPROJECT(), 'README.md': '# demo\n', LICENSE: 'x' }, async dir => [
      await builtFile(dir, 'demo-1.2.3-py3-none-any.whl', `${HEAD}License-File: LICENSE\n${readme}`)
    ])
    expect(absent.after.check.message).toMatch(/names License-File 'LICENSE', but demo-1\.2\.3\.dist-info\/licenses\/LICENSE is not in the archive/)
    // poetry-core ships dist-info/LICENSE without naming it, and Home-page is a homepage
    const poetry = await shipped(
      { 'pyproject.toml': PYPROJECT(), 'README.md': '# demo\n' },
      async dir => [
        await builtFile(dir, 'demo-1.2.3-py3-none-any.whl', `${HEAD}Home-page: https://example.invalid\nLicense: MIT\n${readme}`, { LICENSE: 'MIT' })
      ],
      ['readme', 'license', 'urls']
    )
    expect(poetry.after.check.annotations.map(a => a.title)).toEqual(['Documentation: changelog missing'])
    const declaredOnly = await shipped(
      { 'pyproject.toml': PYPROJECT(), 'README.md': '# demo\n' },
      async dir => [
        await builtFile(
          dir,
          'demo-1.2.3-py3-none-any.whl',
          `${HEAD}Classifier: License :: OSI Approved :: MIT License\nProject-URL: Documentation, https://example.invalid\n${readme}`
        )
      ],
      ['readme', 'license', 'urls']
    )
    expect(declaredOnly.after.check.annotations.map(a => [a.level, a.title])).toEqual([
      ['warning', 'Documentation: license'],
      ['warning', 'Documentation: changelog missing'],
      ['error', 'Documentation: urls missing (required)']
    ])
    expect(declaredOnly.after.check.message).toMatch(/declares the license 'License :: OSI Approved :: MIT License' but ships no license file/)
    expect(declaredOnly.after.check.message).toMatch(/no homepage or source Project-URL \(has Documentation\)/)
  })

  it("takes old setuptools' UNKNOWN for no value: no description, no homepage, no license", async () => {
    const { after } = await shipped(
      { 'pyproject.toml': PYPROJECT(), 'README.md': '# demo\n', LICENSE: 'x' },
      async dir => [
        await builtFile(
          dir,
          'demo-1.2.3-py3-none-any.whl',
          `Metadata-Version: 1.1\nName: demo\nVersion: 1.2.3\nHome-page: UNKNOWN\nLicense: UNKNOWN\nDescription: UNKNOWN\n`
        )
      ],
      ['readme', 'license', 'urls']
    )
    expect(after.check.annotations.map(a => [a.level, a.title])).toEqual([
      ['error', 'Documentation: readme'],
      ['error', 'Documentation: license missing (required)'],
      ['warning', 'Documentation: changelog missing'],
      ['error', 'Documentation: urls missing (required)']
    ])
    expect(after.check.message).toMatch(/has no long description, though pyproject\.toml names README\.md/)
  })

  it('leaves to the wheel what an sdist marks Dynamic, and keeps the changelog finding of the check before the build', async () => {
    const dir = await project({ 'pyproject.toml': PYPROJECT(), 'README.md': '# demo\n', LICENSE: 'x', 'CHANGELOG.md': '## 1.2.3\n- fixed\n' })
    const options = { project: await readProject(dir), required: ['readme', 'license'] as DocItem[], version: '1.2.3', python: PYTHON, workspace: dir }
    const before = await checkDocs({ ...options, built: 'later' })
    // the changelog is not judged again: its finding (and the release notes) stay as certify found them
    await rm(join(dir, 'CHANGELOG.md'))
    const built = [
      await builtFile(dir, 'demo-1.2.3.tar.gz', `Metadata-Version: 2.2\nName: demo\nVersion: 1.2.3\nDynamic: Description\nDynamic: License-File\n`),
      await builtFile(dir, 'demo-1.2.3-py3-none-any.whl', `${HEAD}License-File: LICENSE\nDescription-Content-Type: text/markdown\n\n# demo\n`, {
        'licenses/LICENSE': 'x'
      })
    ]
    const after = await checkDocs({ ...options, built, previous: before.check })
    expect(after.check.annotations.map(a => a.title)).toEqual(['Documentation: urls missing'])
    expect(after.releaseNotes).toBe('- fixed')
    expect(finding(after.check, 'readme')).toMatch(/ok — demo-1\.2\.3-py3-none-any\.whl/)
  })

  it("looks for the changelog entry after the build when only the built files' version is known (setup.py, a dynamic version without a tag)", async () => {
    const dir = await project({ 'pyproject.toml': PYPROJECT(), 'README.md': '# demo\n', LICENSE: 'x', 'CHANGELOG.md': '## 1.2.3\n- fixed\n' })
    const options = { project: await readProject(dir), required: ['readme', 'license'] as DocItem[], python: PYTHON, workspace: dir }
    const before = await checkDocs({ ...options, version: undefined, built: 'later' })
    expect(finding(before.check, 'changelog')).toMatch(/unverified — CHANGELOG\.md: the release version is known only after the build/)
    const built = [await builtFile(dir, 'demo-1.2.3-py3-none-any.whl', `${HEAD}License-File: LICENSE\n\nDemo.\n`, { 'licenses/LICENSE': 'x' })]
    const after = await checkDocs({ ...options, version: '1.2.3', built, previous: before.check })
    expect(after.releaseNotes).toBe('- fixed')
    expect(finding(after.check, 'changelog')).toBe("changelog (optional): ok — changelog entry '1.2.3' in CHANGELOG.md")
    // no entry for the built version: a warning, as before the build, never a failure certify could not foresee
    const other = await checkDocs({ ...options, version: '1.2.4.dev3', built, previous: before.check })
    expect(other.check.annotations.filter(a => (a.title ?? '').startsWith('Documentation: changelog'))).toEqual([
      expect.objectContaining({ level: 'warning', message: 'CHANGELOG.md has no entry for 1.2.4.dev3 (the version the built files carry)' })
    ])
  })

  it('judges a field the built file carries though it is marked Dynamic (setuptools >= 77: Dynamic: license-file in both files)', async () => {
    const META_24 = `Metadata-Version: 2.4\nName: demo\nVersion: 1.2.3\nHome-page: https://example.invalid\nLicense-File: LICENSE\nDynamic: license-file\nDescription-Content-Type: text/markdown\n\n# demo\n`
    const { after } = await shipped({ 'pyproject.toml': PYPROJECT(), 'README.md': '# demo\n', LICENSE: 'x' }, async dir => [
      await builtFile(dir, 'demo-1.2.3.tar.gz', META_24, { LICENSE: 'x' }),
      await builtFile(dir, 'demo-1.2.3-py3-none-any.whl', META_24, { 'licenses/LICENSE': 'x' })
    ])
    expect(after.check.annotations.map(a => a.title)).toEqual(['Documentation: changelog missing'])
    expect(finding(after.check, 'license')).toMatch(/ok — demo-1\.2\.3\.tar\.gz \(PKG-INFO\): License-File LICENSE/)
    // a wheel's Dynamic is information only (PEP 643): a description it marks Dynamic and lacks is missing
    const { after: wheelOnly } = await shipped({ 'pyproject.toml': PYPROJECT(), 'README.md': '# demo\n', LICENSE: 'x' }, async dir => [
      await builtFile(dir, 'demo-1.2.3-py3-none-any.whl', `${HEAD}Dynamic: description\nLicense-File: LICENSE\n`, { 'licenses/LICENSE': 'x' })
    ])
    expect(finding(wheelOnly.check, 'readme')).toMatch(/has no long description, though pyproject\.toml names README\.md/)
  })

  it('reads setup.cfg [metadata] without pyproject.toml, and leaves to the built files what only setup.py may set', async () => {
    const cfg = await project({
      'setup.py': 'from setuptools import setup\nsetup()\n',
      'setup.cfg':
        '[metadata]\nname = demo\nversion = attr: demo.__version__\nlong_description = file: README.md\nlong_description_content_type = text/markdown\n' +
        'license_files = LICENSE\nproject_urls =\n    Source = https://example.invalid/src\n',
      'README.md': '# demo\n',
      LICENSE: 'x',
      'CHANGES.rst': '1.2.3\n=====\n\n- fixed\n'
    })
    const read = await checkDocs({ project: await readProject(cfg), required: ['readme', 'license', 'urls'], version: '1.2.3', python: PYTHON, workspace: cfg })
    expect(read.check.annotations).toEqual([])
    expect(read.check.details.map(line => line.replace(/ \(required\)| \(optional\)/, ''))).toEqual([
      'readme: ok — readme README.md',
      'license: ok — license LICENSE',
      "changelog: ok — changelog entry '1.2.3' in CHANGES.rst",
      'urls: ok — urls: Source'
    ])
    const missing = await project({
      'setup.cfg': '[metadata]\nname = demo\nlong_description = file: README.md\n',
      'setup.py': 'import setuptools\nsetuptools.setup()\n'
    })
    const absent = await checkDocs({ project: await readProject(missing), required: ['readme'], version: '1.2.3', python: PYTHON, workspace: missing })
    expect(absent.check.annotations).toContainEqual(
      expect.objectContaining({ level: 'error', file: 'README.md', message: 'readme README.md (named by setup.cfg [metadata] long_description) is missing' })
    )
    const setupPy = await project({ 'setup.py': 'from setuptools import setup\nsetup(name="demo", version="1.2.3")\n' })
    const computed = await checkDocs({ project: await readProject(setupPy), required: [], version: '1.2.3', python: PYTHON, workspace: setupPy })
    expect(computed.check.details.filter(line => !line.startsWith('changelog'))).toEqual([
      'readme (optional): unverified — setup.py may set the long description (the readme) when it runs: only the built files show it',
      'license (optional): unverified — setup.py may set the license when it runs: only the built files show it',
      'urls (optional): unverified — setup.py may set the urls when it runs: only the built files show it'
    ])
  })

  it('looks for the license and the changelog up to the repository root (.git, else the workspace), nearest first', async () => {
    const repo = await project({
      '.git/HEAD': 'ref: refs/heads/main\n',
      LICENSE: 'x',
      'CHANGELOG.md': '## 1.2.3\n- at the root\n',
      'packages/CHANGES.md': '## 1.2.3\n- nearer\n',
      'packages/demo/pyproject.toml': PYPROJECT('', 'README.md'),
      'packages/demo/README.md': '# demo\n'
    })
    const workspace = join(repo, '..')
    const dir = join(repo, 'packages', 'demo')
    const { check, releaseNotes } = await checkDocs({
      project: await readProject(dir),
      required: ['license', 'changelog'],
      version: '1.2.3',
      python: PYTHON,
      workspace
    })
    expect(releaseNotes).toBe('- nearer')
    const root = relative(workspace, repo)
    expect(finding(check, 'license')).toBe(`license (required): ok — license ${root}/LICENSE (repository root)`)
    expect(finding(check, 'changelog')).toBe(`changelog (required): ok — changelog entry '1.2.3' in ${root}/packages/CHANGES.md`)
    // above the repository root nothing is looked for
    const outside = await project({ LICENSE: 'x', 'CHANGELOG.md': '## 1.2.3\n', 'repo/.git/HEAD': '', 'repo/demo/pyproject.toml': PYPROJECT() })
    const inner = await checkDocs({
      project: await readProject(join(outside, 'repo', 'demo')),
      required: [],
      version: '1.2.3',
      python: PYTHON,
      workspace: outside
    })
    expect(inner.check.details.filter(line => /^(license|changelog)/.test(line))).toEqual([
      'license (optional): missing — no license: no LICENSE*/COPYING* file in the project folder or above it up to the repository root and no [project] license',
      'changelog (optional): missing — no changelog (CHANGELOG, CHANGES, HISTORY or NEWS, .md/.rst/.txt, in the project folder or a folder above it up to the repository root, or their docs/)'
    ])
  })

  it("without the build (a certify-only job) says the built metadata was not seen, and reads Poetry's and setuptools' readme declarations", async () => {
    const poetry = await project({
      'pyproject.toml': '[tool.poetry]\nname = "demo"\nversion = "1.2.3"\nreadme = "README.md"\nhomepage = "https://example.invalid"\nlicense = "MIT"\n',
      'README.md': '# demo\n'
    })
    const { check } = await checkDocs({
      project: await readProject(poetry),
      required: ['readme', 'license', 'urls'],
      version: '1.2.3',
      python: PYTHON,
      workspace: poetry
    })
    expect(check.annotations.map(a => [a.level, a.title])).toEqual([
      ['warning', 'Documentation: license'],
      ['warning', 'Documentation: changelog missing']
    ])
    expect(check.message).toMatch(/the built files' metadata was not seen \(certify ran without build\)/)
    const setuptools = await project({
      'pyproject.toml':
        '[project]\nname = "demo"\nversion = "1.2.3"\ndynamic = ["readme"]\n[tool.setuptools.dynamic]\nreadme = {file = ["README.rst", "USAGE.rst"], content-type = "text/x-rst"}\n',
      'README.rst': 'Demo\n====\n\nText.\n',
      LICENSE: 'x'
    })
    const missing = await checkDocs({ project: await readProject(setuptools), required: ['readme'], version: '1.2.3', python: PYTHON, workspace: setuptools })
    expect(missing.check.status).toBe('fail')
    expect(missing.check.message).toMatch(/readme USAGE\.rst \(named by \[tool\.setuptools\.dynamic\] readme\) is missing/)
  })
})
