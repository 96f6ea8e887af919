// The build's copy of a project whose release directory lies inside it: whatever the environment or the
// repository's setup, git in the copy reads the user's repository and never writes to it.
import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, readdir, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildWorkDir, sourceTree } from '../src/build/source.js'
import { compiledProject, reproducibleCompileEnv } from '../src/build/compiled.js'
import { PYTHON, ROOT, runAction, workspaceWith } from './helpers/action.js'

const SAMPLE = join(ROOT, 'examples', 'sample-project')

const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', ['-c', 'user.email=t@example.org', '-c', 'user.name=t', ...args], {
    cwd,
    encoding: 'utf8',
    env: { PATH: process.env['PATH'], HOME: cwd }
  })

/** A repository with a project in pkg/ (its release/ tracked too) and a file outside the project. */
async function repository(): Promise<{ top: string; project: string }> {
  const top = await mkdtemp(join(tmpdir(), 'pra-source-'))
  const project = join(top, 'pkg')
  await mkdir(join(project, 'release'), { recursive: true })
  await mkdir(join(top, 'other'))
  await writeFile(join(project, 'pyproject.toml'), '[project]\nname = "p"\nversion = "1.0"\n')
  await writeFile(join(project, 'release', 'old.whl'), 'x')
  await writeFile(join(top, 'other', 'o.txt'), 'o')
  git(top, 'init', '-q')
  git(top, 'add', '.')
  git(top, 'commit', '-qm', 'init')
  return { top, project }
}

async function copyOf(project: string): Promise<{ dir: string; lines: string[]; dispose: () => Promise<void> }> {
  const lines: string[] = []
  const tree = await sourceTree(project, [join(project, 'release')], { info: line => lines.push(line), debug: () => {} })
  return { ...tree, lines }
}

/** git in the copy sees the project's files as committed, and the files the copy lacks marked skip-worktree. */
function expectCopyInGit(dir: string): void {
  expect(git(dir, 'status', '--porcelain')).toBe('')
  expect(git(join(dir, '..'), 'ls-files', '-v').split('\n').filter(Boolean).sort()).toEqual(['H pkg/pyproject.toml', 'S other/o.txt', 'S pkg/release/old.whl'])
}

describe('the build copy and the git repository', () => {
  // through the bundle, since a variable set in a jest test does not reach the processes git runs in
  it('never marks the user index, even inside a git hook (GIT_INDEX_FILE set, as for a pre-commit hook)', async () => {
    const { workspace } = await workspaceWith(SAMPLE)
    await mkdir(join(workspace, 'sub', 'release'))
    await writeFile(join(workspace, 'sub', 'release', 'notes.txt'), 'kept out of the build')
    await mkdir(join(workspace, 'other'))
    await writeFile(join(workspace, 'other', 'o.txt'), 'o')
    git(workspace, 'init', '-q')
    git(workspace, 'add', '.')
    git(workspace, 'commit', '-qm', 'init')
    const run = await runAction(
      workspace,
      { 'project-dir': 'sub', stages: 'build', python: PYTHON, 'build-isolation': 'false', 'local-dir': 'sub/release' },
      { GIT_INDEX_FILE: join(workspace, '.git', 'index') }
    )
    expect(run.stdout).toContain('the copy reads the version and tracked files from git')
    expect(run.code).toBe(0)
    // no file of the user's index is marked skip-worktree ('S')
    expect(
      git(workspace, 'ls-files', '-v')
        .split('\n')
        .filter(line => line.startsWith('S'))
    ).toEqual([])
  })

  it('works with a split index', async () => {
    const { top, project } = await repository()
    git(top, 'update-index', '--split-index')
    git(top, 'config', 'core.splitIndex', 'true')
    const tree = await copyOf(project)
    expectCopyInGit(tree.dir)
    await tree.dispose()
  })

  it('keeps git for a project reached through a symbolic link', async () => {
    const { project } = await repository()
    const link = join(await mkdtemp(join(tmpdir(), 'pra-link-')), 'project')
    await symlink(project, link)
    const tree = await copyOf(link)
    expect(tree.lines.join('\n')).toContain('the copy reads the version and tracked files from git')
    expectCopyInGit(tree.dir)
    await tree.dispose()
  })
})

describe("the build's working directory and compiled builds", () => {
  const quiet = { info: () => {}, debug: () => {} }

  it('is the same path on every run of a project, another for another project, and a fresh one while another live process holds it', async () => {
    const root = await mkdtemp(join(tmpdir(), 'pra-work-'))
    const { project } = await repository()
    const first = await buildWorkDir(root, project, quiet)
    expect(first.stable).toBe(true)
    const lines: string[] = []
    // held by this (live) process: a concurrent build of the same project gets its own directory
    const concurrent = await buildWorkDir(root, project, { info: line => lines.push(line), debug: () => {} })
    expect(concurrent).toMatchObject({ stable: false })
    expect(concurrent.dir).not.toBe(first.dir)
    expect(lines.join('\n')).toContain('another build of')
    await concurrent.dispose()
    await first.dispose()
    const again = await buildWorkDir(root, project, quiet)
    expect(again).toMatchObject({ dir: first.dir, stable: true })
    const other = await buildWorkDir(root, await mkdtemp(join(tmpdir(), 'pra-other-')), quiet)
    expect(other.dir).not.toBe(first.dir)
    // a directory left by a process that died is taken over
    await writeFile(join(again.dir, 'owner'), '2147483646\n')
    await writeFile(join(again.dir, 'left-over'), 'x')
    const taken = await buildWorkDir(root, project, quiet)
    expect(taken).toMatchObject({ dir: first.dir, stable: true })
    expect(await readdir(taken.dir)).toEqual(['owner'])
  })

  it('tells a compiled project from its configuration, before building', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pra-compiled-'))
    expect(await compiledProject(join(ROOT, '__tests__', 'fixtures', 'projects', 'c-extension'))).toMatch(/^setup\.py names /)
    expect(await compiledProject(join(ROOT, '__tests__', 'fixtures', 'projects', 'setuptools-basic'))).toBeUndefined()
    await writeFile(join(dir, 'pyproject.toml'), '[build-system]\nrequires = ["scikit-build-core"]\nbuild-backend = "scikit_build_core.build"\n')
    expect(await compiledProject(dir)).toBe('its build backend scikit_build_core.build compiles')
    await writeFile(join(dir, 'pyproject.toml'), '[tool.setuptools]\next-modules = [{name = "m", sources = ["m.c"]}]\n')
    expect(await compiledProject(dir)).toBe('pyproject.toml lists [tool.setuptools] ext-modules')
  })

  it("appends prefix maps to the caller's CFLAGS and CXXFLAGS, most specific last, and leaves a path CFLAGS cannot carry", () => {
    const lines: string[] = []
    const env = reproducibleCompileEnv(
      { CFLAGS: '-O3 ', PATH: '/bin' },
      ['/w', '/w/source/tree', '/w/a b'],
      { info: line => lines.push(line), debug: () => {} },
      {
        cmakeBuildDir: '/w/cmake',
        platform: 'linux'
      }
    )
    expect(env).toEqual({
      PATH: '/bin',
      CFLAGS: '-O3 -ffile-prefix-map=/w=. -ffile-prefix-map=/w/source/tree=.',
      CXXFLAGS: '-ffile-prefix-map=/w=. -ffile-prefix-map=/w/source/tree=.',
      SKBUILD_BUILD_DIR: '/w/cmake'
    })
    expect(lines).toEqual(['not mapped for the compiler (a path CFLAGS cannot carry): /w/a b'])
    expect(reproducibleCompileEnv({ SKBUILD_BUILD_DIR: '/mine' }, ['/w'], quiet, { cmakeBuildDir: '/w/cmake', platform: 'linux' })['SKBUILD_BUILD_DIR']).toBe(
      '/mine'
    )
    expect(reproducibleCompileEnv({}, ['/w'], quiet, { platform: 'win32' })).toEqual({})
  })
})
