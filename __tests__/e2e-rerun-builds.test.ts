// A re-run of the same commit is how GitHub users recover from anything: it must build what the first
// run built and end green without publishing twice. These projects publish to a `local-dir` inside the
// project (so the build reads a copy of the tree, source.ts) and are released twice in the same
// workspace, through the bundled action, with real builds:
// - a committed relative link and a version from a git tag (hatch-vcs): a copy that made the link
//   absolute was a dirty tree to git, so the re-run's version became 2.4.9+d<date>, and the sdist held
//   a link out of the archive;
// - a link leaving the project for the repository's root (a monorepo folder's LICENSE);
// - a setuptools project: the first run built in place and left egg-info (SOURCES.txt) that the
//   re-run's copy carried;
// - a C extension: the wheel was compiled in a random temporary directory that the binary names, so
//   check-reproducible failed and a rebuild was "another release".
import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { lstat, readdir, readFile, readlink, rm, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { PYTHON, ROOT, runAction, workspaceWith, type ActionRun } from './helpers/action.js'

const PROJECTS = join(ROOT, '__tests__', 'fixtures', 'projects')

const git = (cwd: string, ...args: string[]): string =>
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.org', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' }).trim()

/** The project at `sub` (or the root, for '') of a fresh git repository with one commit (as a checkout is). */
async function repository(
  fixture: string,
  prepare?: (workspace: string, project: string) => Promise<void>,
  sub = 'sub'
): Promise<{ workspace: string; project: string }> {
  const copy = await workspaceWith(join(PROJECTS, fixture), sub)
  await prepare?.(copy.workspace, copy.project)
  git(copy.workspace, 'init', '-q')
  git(copy.workspace, 'add', '.')
  git(copy.workspace, 'commit', '-qm', 'release')
  return copy
}

/** Releases into PROJECT/release, inside the project (every re-run then meets the files the first one published). */
const inside = (more: Record<string, string> = {}, project = 'sub'): Record<string, string> => ({
  'project-dir': project,
  targets: 'local',
  'local-dir': join(project, 'release'),
  python: PYTHON,
  'build-isolation': 'false',
  ...more
})

/** Every file in PROJECT/release with its sha256. */
async function published(workspace: string, project = 'sub'): Promise<Record<string, string>> {
  const dir = join(workspace, project, 'release')
  const files: Record<string, string> = {}
  for (const name of (await readdir(dir).catch(() => [] as string[])).sort())
    files[name] = createHash('sha256')
      .update(await readFile(join(dir, name)))
      .digest('hex')
  return files
}
const errors = (run: ActionRun) => run.annotations.filter(a => a.level === 'error').map(a => a.message)

/** Runs the release twice in the same workspace: both green, the second publishing nothing new and changing nothing. */
async function releaseTwice(
  workspace: string,
  inputs: Record<string, string>,
  env: Record<string, string> = {}
): Promise<{ first: ActionRun; again: ActionRun; files: Record<string, string> }> {
  const project = inputs['project-dir']!
  const first = await runAction(workspace, inputs, env)
  expect({ code: first.code, errors: errors(first) }).toEqual({ code: 0, errors: [] })
  const files = await published(workspace, project)
  const again = await runAction(workspace, inputs, env)
  expect({ code: again.code, errors: errors(again) }).toEqual({ code: 0, errors: [] })
  expect(await published(workspace, project)).toEqual(files)
  expect(again.outputs['version']).toBe(first.outputs['version'])
  return { first, again, files }
}

/** tar's verbose listing of an sdist's members. */
const sdistListing = (path: string): string => execFileSync('tar', ['tvzf', path], { encoding: 'utf8' })

describe('a re-run builds what the first run built, and keeps it', () => {
  it('hatch-vcs with a committed relative link: the same clean version from the tag both times, the link kept as it is', async () => {
    const { workspace, project } = await repository(
      'vcs-hatch',
      async (_workspace, project) => symlink('../../README.md', join(project, 'src', 'vcs_pkg', 'README.md')),
      ''
    )
    git(workspace, 'tag', '-a', 'v2.4.9', '-m', 'v2.4.9')
    const { first, again, files } = await releaseTwice(workspace, inside({}, '.'))
    // a dirty copy made it 2.4.9+d20261207 (setuptools-scm's dirty local version)
    expect(first.outputs['version']).toBe('2.4.9')
    // with the release manifest of the checkout's HEAD: the files' recorded origin (publish/origin.ts)
    const head = git(workspace, 'rev-parse', 'HEAD').slice(0, 12)
    expect(Object.keys(files)).toEqual([
      'SHA256SUMS',
      `release-manifest.vcs_hatch-2.4.9.${head}.json`,
      'vcs_hatch-2.4.9-py3-none-any.whl',
      'vcs_hatch-2.4.9.tar.gz'
    ])
    expect(again.stdout).toContain('building from an exact copy of')
    // the project's own link is untouched, and the sdist holds no link out of the archive
    expect(await readlink(join(project, 'src', 'vcs_pkg', 'README.md'))).toBe('../../README.md')
    expect(sdistListing(join(project, 'release', 'vcs_hatch-2.4.9.tar.gz'))).not.toMatch(/-> \//)
  })

  it('a link leaving the project for the repository root (a monorepo folder) resolves in the copy as in the tree', async () => {
    const { workspace } = await repository('scm-setuptools', async (workspace, project) => {
      await rm(join(project, 'LICENSE'))
      execFileSync('cp', [join(PROJECTS, 'scm-setuptools', 'LICENSE'), join(workspace, 'LICENSE')])
      await symlink('../LICENSE', join(project, 'LICENSE'))
      // setuptools-scm finds the repository one folder up, as a monorepo folder tells it
      const pyproject = join(project, 'pyproject.toml')
      await writeFile(pyproject, (await readFile(pyproject, 'utf8')).replace('[tool.setuptools_scm]', '[tool.setuptools_scm]\nroot = ".."'))
    })
    git(workspace, 'tag', '-a', 'v3.1.0', '-m', 'v3.1.0')
    const { first, again } = await releaseTwice(workspace, inside())
    expect(first.outputs['version']).toBe('3.1.0')
    expect(again.stdout).not.toContain('now point at absolute paths')
    const sdist = join(workspace, 'sub', 'release', 'scm-setuptools-3.1.0.tar.gz')
    expect(sdistListing(sdist)).toMatch(/ scm-setuptools-3\.1\.0\/LICENSE\n/)
    expect(execFileSync('tar', ['xzOf', sdist, 'scm-setuptools-3.1.0/LICENSE'], { encoding: 'utf8' })).toContain(
      'Copyright (c) 2026 python-release-action developers'
    )
  })

  it("setuptools: the project's tree is never written, so the re-run's sdist has the first one's SOURCES.txt", async () => {
    const { workspace, project } = await repository('setuptools-basic')
    const { files } = await releaseTwice(workspace, inside())
    expect(Object.keys(files).filter(name => /\.(whl|tar\.gz)$/.test(name))).toHaveLength(2)
    // and the release manifest of the checkout's HEAD (the files' recorded origin)
    expect(Object.keys(files).filter(name => name.startsWith('release-manifest.'))).toHaveLength(1)
    const left = execFileSync('git', ['status', '--porcelain', '--ignored', '--untracked-files=all'], { cwd: project, encoding: 'utf8' })
    // only what the local target published: no egg-info, no build/ from a build in place
    expect(left.split('\n').filter(Boolean)).toEqual(Object.keys(files).map(name => `?? sub/release/${name}`))
  })

  it('a C extension rebuilds byte for byte (check-reproducible), and the re-run finds its own files identical', async () => {
    const { workspace, project } = await repository('c-extension')
    const { first, again, files } = await releaseTwice(workspace, inside({ 'check-reproducible': 'true' }))
    expect(first.stdout).toMatch(/setup\.py names \w+: the wheel is compiled in the sdist unpacked/)
    expect(first.stdout).toMatch(/check-reproducible: both builds are byte-identical \(knot_hash-1\.4\.0-cp\d+-cp\d+[a-z]*-linux_x86_64\.whl\)/)
    // setuptools' sdist carries the time of building (pypa/setuptools#2133): the same members, said as a warning
    expect(first.annotations.filter(a => a.level === 'warning').map(a => a.message)).toContainEqual(
      expect.stringMatching(/^knot-hash-1\.4\.0\.tar\.gz: the two builds differ only in timestamps .*pypa\/setuptools#2133/)
    )
    // the wheel is the same bytes; the sdist the same members (setuptools' timestamps)
    expect(again.stdout).toMatch(/all 2 files already in place in \S+ \(1 kept as an equivalent rebuild\)/)
    const wheel = Object.keys(files).find(name => name.endsWith('.whl'))!
    // the wheel works: the extension imports and hashes
    const site = join(workspace, 'site')
    execFileSync(PYTHON, ['-m', 'zipfile', '-e', join(project, 'release', wheel), site])
    const hashed = execFileSync(PYTHON, ['-c', 'import knot_hash; print(knot_hash.knot(b"abc"))'], { cwd: site, encoding: 'utf8' })
    expect(hashed.trim()).toMatch(/^\d+$/)
    expect((await lstat(join(site, 'knot_hash'))).isDirectory()).toBe(true)
    expect((await readdir(join(site, 'knot_hash'))).some(name => name.endsWith('.so'))).toBe(true)
  })

  it('setup.py only (no pyproject.toml), released into a folder inside it: both runs build the same files from the copy', async () => {
    const { workspace } = await repository('setup-py-only')
    const { first, again, files } = await releaseTwice(workspace, inside({}), { GITHUB_REF: 'refs/tags/v1.4.0' })
    expect(first.outputs['version']).toBe('1.4.0')
    expect(Object.keys(files).filter(name => name !== 'SHA256SUMS' && !name.endsWith('.json'))).toEqual([
      'signal-flags-1.4.0.tar.gz',
      'signal_flags-1.4.0-py2.py3-none-any.whl'
    ])
    expect(first.stdout).toContain('building from an exact copy of')
    expect(again.stdout).toMatch(/all 2 files already in place/)
  })

  it('a monorepo package (packages/lamp-post) released into its own folder: the root changelog found both times', async () => {
    const { workspace } = await repository('monorepo-root-changelog', undefined, '')
    const project = join('packages', 'lamp-post')
    const { first, again } = await releaseTwice(workspace, inside({}, project))
    expect(first.outputs['release-notes']).toBeTruthy()
    expect(again.outputs['release-notes']).toBe(first.outputs['release-notes'])
    expect(first.annotations.filter(a => /changelog/i.test(a.message))).toEqual([])
  })
})
