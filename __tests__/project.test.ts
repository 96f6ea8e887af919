import { describe, expect, it } from '@jest/globals'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ProjectError, readProject, versionLine } from '../src/project.js'

async function project(toml: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pra-project-'))
  await writeFile(join(dir, 'pyproject.toml'), toml)
  return dir
}

describe('readProject', () => {
  it('reads name, static version, readme, license, requires-python and the backend', async () => {
    const dir = await project(`
[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[project]
name = "demo-pkg"
version = "1.2.3"
readme = "README.md"
license = { text = "MIT" }
requires-python = ">=3.9"
`)
    const read = await readProject(dir)
    expect(read).toMatchObject({
      name: 'demo-pkg',
      version: '1.2.3',
      dynamicVersion: false,
      readme: 'README.md',
      license: 'MIT',
      requiresPython: '>=3.9',
      buildBackend: 'hatchling.build',
      buildRequires: ['hatchling']
    })
    expect(await versionLine(read.pyprojectPath)).toBe(8)
  })

  it('knows a dynamic version', async () => {
    const dir = await project(`[project]\nname = "scm-pkg"\ndynamic = ["version"]\nreadme = { file = "README.rst", content-type = "text/x-rst" }\n`)
    expect(await readProject(dir)).toMatchObject({ version: undefined, dynamicVersion: true, readme: 'README.rst' })
  })

  it('names the input when neither pyproject.toml nor setup.py is there (python -m build refuses that folder too)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pra-empty-'))
    await expect(readProject(dir)).rejects.toThrow(/Input 'project-dir': no pyproject.toml or setup.py in .*python -m build would not take it/)
    // setup.cfg alone is not a project to python -m build either (build's _validate_source_directory)
    await writeFile(join(dir, 'setup.cfg'), '[metadata]\nname = x\nversion = 1.0\n')
    await expect(readProject(dir)).rejects.toThrow(/no pyproject.toml or setup.py in/)
    await expect(readProject(join(dir, 'nope'))).rejects.toThrow(/Input 'project-dir': .* is not a directory/)
  })

  it('takes a project without pyproject.toml as python -m build does: setup.py run by the legacy backend, setup.cfg [metadata] read', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pra-setup-'))
    await writeFile(join(dir, 'setup.py'), 'from setuptools import setup\nsetup()\n')
    expect(await readProject(dir)).toMatchObject({
      pyprojectPath: undefined,
      configPath: join(dir, 'setup.py'),
      metadataSource: 'setup.py',
      setupPy: true,
      name: undefined,
      version: undefined,
      buildBackend: undefined,
      versionDerivation: { declared: 'no-pyproject', backend: 'setuptools', status: 'unknown', source: 'setup.py' }
    })
    // configparser's syntax: ':' or '=', indented continuation lines, comment lines, '-' read as '_'
    await writeFile(
      join(dir, 'setup.cfg'),
      '# the metadata\n[metadata]\nname: demo-pkg\nversion = attr: demo.__version__\nlong-description = file: README.rst, CHANGES.rst\n' +
        'long_description_content_type = text/x-rst\nlicense = MIT\nlicense_files =\n    LICENSE\n    ; a comment\n    NOTICE\nurl = https://example.invalid\n' +
        'project_urls =\n    Source = https://example.invalid/src\n    Tracker = https://example.invalid/issues\n\n[options]\npython_requires = >=3.8\n'
    )
    expect(await readProject(dir)).toMatchObject({
      configPath: join(dir, 'setup.cfg'),
      metadataSource: 'setup.cfg',
      name: 'demo-pkg',
      version: undefined,
      readme: 'README.rst',
      readmeContentType: 'text/x-rst',
      license: 'MIT',
      licenseFiles: ['LICENSE', 'NOTICE'],
      urls: { Homepage: 'https://example.invalid', Source: 'https://example.invalid/src', Tracker: 'https://example.invalid/issues' },
      requiresPython: '>=3.8',
      versionDerivation: { declared: 'no-pyproject', status: 'configured', source: 'setup.cfg [metadata] version = attr: demo.__version__' }
    })
    expect(await versionLine(undefined)).toBeUndefined()
  })

  it('gives the line of invalid TOML', async () => {
    const dir = await project('[project]\nname = "x"\nversion = \n')
    const error = (await readProject(dir).then(
      () => undefined,
      (e: unknown) => e
    )) as ProjectError
    expect(error).toBeInstanceOf(ProjectError)
    expect(error.line).toBe(3)
    expect(error.message).toMatch(/is not valid TOML: .*\(line 3, column \d+\)/)
  })
})

describe('what pip and build refuse, named with the file and line', () => {
  const error = async (dir: string): Promise<ProjectError> =>
    (await readProject(dir).then(
      () => undefined,
      (e: unknown) => e
    )) as ProjectError

  it('refuses a UTF-8 byte order mark, as tomllib does', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pra-bom-'))
    await writeFile(join(dir, 'pyproject.toml'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('[project]\nname = "x"\nversion = "1.0"\n')]))
    const bom = await error(dir)
    expect(bom).toBeInstanceOf(ProjectError)
    expect(bom).toMatchObject({ file: join(dir, 'pyproject.toml'), line: 1 })
    expect(bom.message).toBe(
      `${join(dir, 'pyproject.toml')} starts with a UTF-8 byte order mark (BOM), which pip and python -m build refuse (tomllib: "Invalid statement (at line 1, column 1)"). Save the file as UTF-8 without a BOM.`
    )
  })

  it('refuses bytes that are not UTF-8, naming the line', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pra-latin1-'))
    await writeFile(join(dir, 'pyproject.toml'), Buffer.from('[project]\nname = "x"\ndescription = "caf\xe9"\nversion = "1.0"\n', 'latin1'))
    expect(await error(dir)).toMatchObject({ line: 3, message: expect.stringMatching(/pyproject\.toml line 3 is not UTF-8 text/) })
  })

  it.each([
    ['version = 4', 'the number 4', ': quote it, version = "4"'],
    ['version = 1.5', 'the number 1.5', ': quote it, version = "1.5"'],
    ['version = 1.10  # minor ten', 'the number 1.1', ': quote it, version = "1.10"'],
    ['version = ["1.0"]', 'an array', '']
  ])('refuses %s, a version that is no string', async (line, what, hint) => {
    const dir = await project(`[build-system]\nrequires = ["hatchling"]\n\n[project]\nname = "x"\n${line}\n`)
    expect(await error(dir)).toMatchObject({
      line: 6,
      message: `${join(dir, 'pyproject.toml')} line 6: [project] version is ${what}, but it must be a string${hint}`
    })
  })

  it('refuses a dynamic list that is not one, and a version both given and dynamic', async () => {
    expect((await error(await project('[project]\nname = "x"\ndynamic = "version"\n'))).message).toMatch(
      /line 3: \[project\] dynamic must be an array of field names, such as dynamic = \["version"\]/
    )
    expect((await error(await project('[project]\nname = "x"\nversion = "1.0"\ndynamic = ["version"]\n'))).message).toMatch(
      /line 3: \[project\] version is "1\.0" and also listed in dynamic; .* Remove one\./
    )
  })
})

describe('how the backend derives a version pyproject.toml does not state', () => {
  const derivation = async (toml: string, files: Record<string, string> = {}) => {
    const dir = await project(toml)
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text)
    return (await readProject(dir)).versionDerivation
  }
  const setuptools = '[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n'
  const dynamic = '[project]\nname = "x"\ndynamic = ["version"]\n'

  it('is absent for a static version', async () => {
    expect(await derivation(`${setuptools}[project]\nname = "x"\nversion = "1.0"\n`)).toBeUndefined()
  })

  it('knows setuptools with nothing configured: it builds 0.0.0', async () => {
    expect(await derivation(setuptools + dynamic)).toMatchObject({
      declared: 'dynamic',
      line: 6,
      backend: 'setuptools',
      status: 'unconfigured',
      howTo: expect.stringMatching(/\[tool\.setuptools\.dynamic\] version = \{attr = "package\.__version__"\}/)
    })
  })

  it.each([
    ['[tool.setuptools.dynamic]\nversion = {attr = "pkg.__version__"}\n', {}, '[tool.setuptools.dynamic] version = {attr = "pkg.__version__"}'],
    ['[tool.setuptools.dynamic]\nversion = {file = "VERSION"}\n', {}, '[tool.setuptools.dynamic] version = {file = "VERSION"}'],
    ['[tool.setuptools_scm]\n', {}, 'setuptools-scm ([tool.setuptools_scm]) from git tags'],
    ['', { 'setup.cfg': '[metadata]\nname = x\nversion = 2.1\n' }, 'setup.cfg [metadata] version = 2.1']
  ])('knows configured setuptools: %s %j', async (tool, files, source) => {
    expect(await derivation(setuptools + dynamic + tool, files)).toMatchObject({ backend: 'setuptools', status: 'configured', source })
  })

  it("knows setuptools-scm's fallback_version, and that setuptools-scm without its table may do nothing", async () => {
    expect(await derivation(`${setuptools}${dynamic}[tool.setuptools_scm]\nfallback_version = "0.0.0"\n`)).toMatchObject({
      fallbackVersion: { version: '0.0.0', option: '[tool.setuptools_scm] fallback_version' }
    })
    const scm = '[build-system]\nrequires = ["setuptools>=61", "setuptools_scm[toml]>=7"]\nbuild-backend = "setuptools.build_meta"\n'
    expect(await derivation(scm + dynamic)).toMatchObject({
      status: 'unknown',
      howTo: expect.stringMatching(/^setuptools-scm before version 8 derives the version only when pyproject\.toml has a \[tool\.setuptools_scm\] table/)
    })
    expect(await derivation(setuptools + dynamic, { 'setup.py': 'from setuptools import setup\nsetup(version="1.0")\n' })).toMatchObject({
      status: 'unknown',
      source: 'setup.py'
    })
  })

  it('knows hatchling, hatch-vcs and flit', async () => {
    const hatch = '[build-system]\nrequires = ["hatchling", "hatch-vcs"]\nbuild-backend = "hatchling.build"\n'
    expect(await derivation(hatch + dynamic)).toMatchObject({
      backend: 'hatchling',
      status: 'unconfigured',
      howTo: expect.stringMatching(/\[tool\.hatch\.version\] path = /)
    })
    expect(await derivation(`${hatch}${dynamic}[tool.hatch.version]\npath = "src/x/__init__.py"\n`)).toMatchObject({
      status: 'configured',
      source: '[tool.hatch.version] path = "src/x/__init__.py"'
    })
    expect(await derivation(`${hatch}${dynamic}[tool.hatch.version]\nsource = "vcs"\nfallback-version = "0.0.1"\n`)).toMatchObject({
      status: 'configured',
      source: 'hatch-vcs ([tool.hatch.version] source = "vcs") from git tags',
      fallbackVersion: { version: '0.0.1', option: '[tool.hatch.version] fallback-version' }
    })
    expect(await derivation(`${hatch}${dynamic}[tool.hatch.version]\nsource = "vcs"\nraw-options = { fallback_version = "9.9" }\n`)).toMatchObject({
      fallbackVersion: { version: '9.9', option: '[tool.hatch.version.raw-options] fallback_version' }
    })
    expect(await derivation(`[build-system]\nrequires = ["flit_core"]\nbuild-backend = "flit_core.buildapi"\n${dynamic}`)).toMatchObject({
      backend: 'flit',
      status: 'configured'
    })
    expect(await derivation(`[build-system]\nrequires = ["maturin"]\nbuild-backend = "some.backend"\n${dynamic}`)).toMatchObject({
      backend: 'some.backend',
      status: 'unknown'
    })
  })

  it('reads a pyproject.toml without [project] as the backend deciding, from setup.cfg or setup.py', async () => {
    expect(await derivation(setuptools)).toMatchObject({
      declared: 'no-project-table',
      status: 'unconfigured',
      howTo: expect.stringMatching(/^Add a \[project\] table with name and version/)
    })
    expect(await derivation(setuptools, { 'setup.cfg': '[metadata]\nname = x\nversion = 0.9.2\n' })).toMatchObject({
      declared: 'no-project-table',
      status: 'configured'
    })
  })
})
