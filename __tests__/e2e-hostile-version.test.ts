// Versions and the project file through the bundled action (and the command line): a version the
// project never stated is never published, local versions are valid builds that PyPI refuses in
// preflight, and a pyproject.toml pip would refuse is named with its line and what to do.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { PyPIIndex } from '../test/servers/pypi-index.js'
import { localRelease, PYTHON, releasedFiles, ROOT, run, runAction, workspaceWith, type ActionRun } from './helpers/action.js'
import { shownText } from './helpers/markdown.js'

const PROJECTS = join(ROOT, '__tests__', 'fixtures', 'projects')
const CLI = join(ROOT, 'dist', 'cli', 'index.js')

const inputs = localRelease

const errors = (run: ActionRun) => run.annotations.filter(a => a.level === 'error')
/** The files the local target published, none when it published nothing. */
const released = async (workspace: string): Promise<string[]> => Object.keys(await releasedFiles(workspace)).filter(name => name !== 'SHA256SUMS')

const git = (dir: string, ...args: string[]): string =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', '-c', 'init.defaultBranch=main', ...args], { cwd: dir, stdio: 'pipe' })
    .toString()
    .trim()

/**
 * A workspace that is a git repository with one commit, the project at its root (setuptools-scm and
 * hatch-vcs look for .git beside pyproject.toml unless configured with a root): project-dir '.'.
 */
async function gitWorkspace(fixture: string): Promise<{ workspace: string; project: string }> {
  const copy = await workspaceWith(join(PROJECTS, fixture), '')
  git(copy.workspace, 'init', '-q')
  await writeFile(join(copy.workspace, '.gitignore'), 'out/\n')
  git(copy.workspace, 'add', '.')
  git(copy.workspace, 'commit', '-qm', 'release')
  return copy
}

describe('a dynamic version must be one the project states', () => {
  it('fails certification when nothing tells setuptools the dynamic version (it would build 0.0.0), saying how to declare it', async () => {
    const { workspace } = await workspaceWith(join(PROJECTS, 'dynamic-unconfigured'))
    const result = await runAction(workspace, inputs())
    expect(result.code).toBe(1)
    expect(await released(workspace)).toEqual([])
    expect(result.outputs['certification']).toBe('FAIL')
    expect(result.outputs['version']).toBe('')
    expect(errors(result)).toEqual([
      expect.objectContaining({
        properties: expect.objectContaining({ file: 'sub/pyproject.toml', line: '8', title: 'Version not declared' }),
        message: expect.stringMatching(
          /^sub\/pyproject\.toml lists "version" in \[project\] dynamic, but nothing tells setuptools how to compute it, so setuptools builds the placeholder version 0\.0\.0: .*\[tool\.setuptools\.dynamic\] version = \{attr = "package\.__version__"\}/
        )
      })
    ])
    expect(result.stdout).not.toMatch(/^::group::Build/m)
  })

  it('fails the build stage of a run without certification the same way, publishing nothing', async () => {
    const { workspace } = await workspaceWith(join(PROJECTS, 'dynamic-unconfigured'))
    const result = await runAction(workspace, inputs({ stages: 'build,preflight,publish' }))
    expect(result.code).toBe(1)
    expect(await released(workspace)).toEqual([])
    expect(result.outputs['version']).toBe('')
    expect(errors(result)).toEqual([
      expect.objectContaining({ properties: expect.objectContaining({ file: 'sub/pyproject.toml', line: '8', title: 'Version not declared' }) })
    ])
    expect(result.stdout).toMatch(/^::group::Build/m)
    expect(result.stdout).not.toMatch(/^::group::Publish/m)
  })

  it('publishes the version setuptools reads from a version attr, saying where it came from', async () => {
    const { workspace } = await workspaceWith(join(PROJECTS, 'dynamic-attr'))
    const result = await runAction(workspace, inputs())
    expect({ code: result.code, errors: errors(result) }).toEqual({ code: 0, errors: [] })
    expect(result.outputs['version']).toBe('1.5.0')
    expect(await released(workspace)).toEqual(['dynamic-attr-1.5.0.tar.gz', 'dynamic_attr-1.5.0-py3-none-any.whl'])
    expect(shownText(result.summary)).toContain('derived by [tool.setuptools.dynamic] version = {attr = "attr_pkg.__version__"}')
  })

  it('never publishes the 0.0.0 setuptools-scm 7 builds when pyproject.toml has no [tool.setuptools_scm] table', async () => {
    const { workspace, project } = await gitWorkspace('scm-setuptools')
    const pyproject = join(project, 'pyproject.toml')
    await writeFile(pyproject, (await readFile(pyproject, 'utf8')).replace('[tool.setuptools_scm]\n', ''))
    git(workspace, 'commit', '-qam', 'no table')
    git(workspace, 'tag', 'v0.4.0')
    const result = await runAction(workspace, inputs({ 'project-dir': '.' }))
    expect(result.code).toBe(1)
    expect(await released(workspace)).toEqual([])
    expect(result.outputs['certification']).toBe('FAIL')
    expect(result.outputs['version']).toBe('')
    expect(errors(result)).toEqual([
      expect.objectContaining({
        properties: expect.objectContaining({ file: 'pyproject.toml', line: '7', title: 'Version not declared' }),
        message: expect.stringMatching(
          /^the built files have version 0\.0\.0: setuptools-scm \(in build-system requires\) gave a placeholder .*add one \(it may be empty\)/
        )
      })
    ])
  })

  it("never publishes setuptools-scm's fallback_version, which it stands in without a git repository", async () => {
    const { workspace, project } = await workspaceWith(join(PROJECTS, 'scm-setuptools'))
    await writeFile(join(project, 'pyproject.toml'), `${await readFile(join(project, 'pyproject.toml'), 'utf8')}fallback_version = "1.0.0"\n`)
    const result = await runAction(workspace, inputs())
    expect(result.code).toBe(1)
    expect(await released(workspace)).toEqual([])
    expect(result.outputs['certification']).toBe('FAIL')
    expect(errors(result).map(e => e.message)).toEqual([
      expect.stringMatching(
        /^the built files have version 1\.0\.0, which is \[tool\.setuptools_scm\] fallback_version in sub\/pyproject\.toml: .* finds no git repository/
      )
    ])
  })

  it('publishes the version setuptools-scm derives from the git tag of the commit, saying where it came from', async () => {
    const { workspace } = await gitWorkspace('scm-setuptools')
    git(workspace, 'tag', '-a', 'v2.3.4', '-m', 'v2.3.4')
    // a run on the branch: only the built files name the version, and setuptools-scm derived it
    const result = await runAction(workspace, inputs({ 'project-dir': '.' }))
    expect({ code: result.code, errors: errors(result) }).toEqual({ code: 0, errors: [] })
    expect(result.outputs['version']).toBe('2.3.4')
    // with the release manifest the local target keeps for the clean checkout's HEAD (the files' origin, issue 24)
    const head = git(workspace, 'rev-parse', 'HEAD').trim().slice(0, 12)
    expect(await released(workspace)).toEqual(
      [`release-manifest.scm_setuptools-2.3.4.${head}.json`, 'scm-setuptools-2.3.4.tar.gz', 'scm_setuptools-2.3.4-py3-none-any.whl'].sort()
    )
    expect(shownText(result.summary)).toContain('derived by setuptools-scm ([tool.setuptools_scm]) from git tags')
  })
})

describe('PEP 440 local versions', () => {
  let pypi: PyPIIndex
  beforeAll(async () => {
    pypi = await new PyPIIndex().start()
  })
  afterAll(async () => pypi.stop())

  it('hatch-vcs without a tag derives 0.1.dev1+g<commit>: a valid build the local target publishes, and PyPI refuses in preflight', async () => {
    const { workspace } = await gitWorkspace('vcs-hatch')
    const commit = git(workspace, 'rev-parse', '--short=7', 'HEAD')
    const local = await runAction(workspace, inputs({ 'project-dir': '.' }))
    expect({ code: local.code, errors: errors(local) }).toEqual({ code: 0, errors: [] })
    const version = `0.1.dev1+g${commit}`
    expect(local.outputs['version']).toBe(version)
    // with the release manifest the local target keeps for the clean checkout's HEAD ('+' percent-encoded in its name)
    const head = git(workspace, 'rev-parse', 'HEAD').trim().slice(0, 12)
    expect(await released(workspace)).toEqual(
      [`release-manifest.vcs_hatch-${version.replace('+', '%2B')}.${head}.json`, `vcs_hatch-${version}-py3-none-any.whl`, `vcs_hatch-${version}.tar.gz`].sort()
    )
    expect(shownText(local.summary)).toContain('derived by hatch-vcs ([tool.hatch.version] source = "vcs") from git tags')

    const toPypi = await runAction(workspace, inputs({ 'project-dir': '.', targets: 'pypi', 'repository-url': pypi.uploadUrl, password: pypi.userToken }))
    expect(toPypi.code).toBe(1)
    expect(pypi.uploads).toEqual([])
    expect(JSON.parse(toPypi.outputs['published'] ?? '[]')).toEqual([])
    const refusal = errors(toPypi).find(e => /PyPI would refuse vcs_hatch-.*\.whl/.test(e.properties['title'] ?? ''))
    // PyPI's own words (warehouse/forklift/metadata.py:116-122), with what to change
    expect(refusal?.message).toContain(
      `vcs_hatch-${version}-py3-none-any.whl: Version: PyPI would refuse it (HTTP 400): The use of local versions in '${version}' is not allowed.`
    )
    expect(refusal?.message).toContain('local_scheme = "no-local-version"')
  })

  it('takes 4.0.0+local.1 from the input, the tag and pyproject.toml, unmangled, and publishes it locally', async () => {
    const { workspace, project } = await workspaceWith(join(PROJECTS, 'hatch-basic'))
    const pyproject = join(project, 'pyproject.toml')
    await writeFile(pyproject, (await readFile(pyproject, 'utf8')).replace('version = "1.4.0"', 'version = "4.0.0+local.1"'))
    const result = await runAction(workspace, inputs({ version: '4.0.0+local.1' }), { GITHUB_REF: 'refs/tags/v4.0.0+local.1' })
    expect({ code: result.code, errors: errors(result) }).toEqual({ code: 0, errors: [] })
    expect(result.outputs['version']).toBe('4.0.0+local.1')
    expect(result.outputs['certification']).not.toBe('FAIL')
    expect(await released(workspace)).toEqual(['hatch_basic-4.0.0+local.1-py3-none-any.whl', 'hatch_basic-4.0.0+local.1.tar.gz'])
  })

  it('takes 4.0+ubuntu-1 on the command line, normalized to 4.0+ubuntu.1', async () => {
    const { workspace, project } = await workspaceWith(join(PROJECTS, 'hatch-basic'))
    const pyproject = join(project, 'pyproject.toml')
    await writeFile(pyproject, (await readFile(pyproject, 'utf8')).replace('version = "1.4.0"', 'version = "4.0+ubuntu-1"'))
    const cli = await run(
      process.execPath,
      [
        CLI,
        '--project-dir',
        'sub',
        '--targets',
        'local',
        '--local-dir',
        'out/release',
        '--python',
        PYTHON,
        '--build-isolation',
        'false',
        '--version',
        '4.0+ubuntu-1',
        '--json'
      ],
      workspace
    )
    expect(cli.code).toBe(0)
    expect(JSON.parse(cli.stdout)).toMatchObject({ version: '4.0+ubuntu.1', ok: true })
    expect(await released(workspace)).toEqual(['hatch_basic-4.0+ubuntu.1-py3-none-any.whl', 'hatch_basic-4.0+ubuntu.1.tar.gz'])
  })
})

describe('a pyproject.toml that states no version, or that pip would refuse', () => {
  const withPyproject = async (content: string | Buffer): Promise<string> => {
    const { workspace, project } = await workspaceWith(join(PROJECTS, 'hatch-basic'))
    await writeFile(join(project, 'pyproject.toml'), content)
    return workspace
  }
  const hatchBasic = (): Promise<string> => readFile(join(PROJECTS, 'hatch-basic', 'pyproject.toml'), 'utf8')

  it('names a UTF-8 byte order mark, which pip and build refuse, instead of a build that exited with code 1', async () => {
    const workspace = await withPyproject(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(await hatchBasic())]))
    const result = await runAction(workspace, inputs())
    expect(result.code).toBe(1)
    expect(await released(workspace)).toEqual([])
    expect(errors(result)).toEqual([
      expect.objectContaining({
        properties: expect.objectContaining({ file: 'sub/pyproject.toml', line: '1' }),
        message: expect.stringMatching(
          /pyproject\.toml starts with a UTF-8 byte order mark \(BOM\), which pip and python -m build refuse .* Save the file as UTF-8 without a BOM\.$/
        )
      })
    ])
    expect(result.stdout).not.toMatch(/exited with code/)
  })

  it('names version = 4, a number, with its line and how to write it', async () => {
    const workspace = await withPyproject((await hatchBasic()).replace('version = "1.4.0"', 'version = 4'))
    const result = await runAction(workspace, inputs())
    expect(result.code).toBe(1)
    expect(errors(result)).toEqual([
      expect.objectContaining({
        properties: expect.objectContaining({ file: 'sub/pyproject.toml', line: '7' }),
        message: expect.stringMatching(/pyproject\.toml line 7: \[project\] version is the number 4, but it must be a string: quote it, version = "4"$/)
      })
    ])
  })

  it('names a pyproject.toml without [project] table that nothing beside it gives a version', async () => {
    const workspace = await withPyproject('[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n')
    const result = await runAction(workspace, inputs({ 'docs-required': 'license' }))
    expect(result.code).toBe(1)
    expect(await released(workspace)).toEqual([])
    expect(errors(result)).toEqual([
      expect.objectContaining({
        properties: expect.objectContaining({ file: 'sub/pyproject.toml', title: 'Version not declared' }),
        message: expect.stringMatching(
          /^sub\/pyproject\.toml has no \[project\] table, and no setup\.cfg or setup\.py states a version, .*Add a \[project\] table with name and version = "1\.2\.3"/
        )
      })
    ])
  })

  it('names a [project] table without version that does not list it as dynamic, even when a tag names the version', async () => {
    const workspace = await withPyproject((await hatchBasic()).replace('version = "1.4.0"\n', ''))
    const result = await runAction(workspace, inputs(), { GITHUB_REF: 'refs/tags/v1.4.0' })
    expect(result.code).toBe(1)
    expect(await released(workspace)).toEqual([])
    expect(errors(result).map(e => e.message)).toEqual([
      expect.stringMatching(/^no release version: sub\/pyproject\.toml has a \[project\] table without version, and "version" is not in its dynamic list/)
    ])
  })
})
