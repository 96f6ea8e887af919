// The build's copy of a project whose release directory lies inside it: whatever the environment or the
// repository's setup, git in the copy reads the user's repository and never writes to it.
import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sourceTree } from '../src/build/source.js'
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
