// Issue 15, patterns 3 and 5, end to end through the bundle with real builds:
// - published output never becomes build input: with 'local-dir' inside the project (the default,
//   `release`), the next build neither packs it (hatchling), nor trips on it (setuptools' flat-layout
//   discovery), for every backend, also for a hatch-vcs project in a subdirectory of a git repository;
//   a re-run exits 0 and leaves the published files byte for byte as they were;
// - the wheel is built from the sdist, so an sdist that lacks a file fails the build, naming it.
import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { readdir, readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { readArchive } from '../src/build/archive.js'
import { PYTHON, ROOT, runAction, workspaceWith, type ActionRun } from './helpers/action.js'

const PROJECTS = join(ROOT, '__tests__', 'fixtures', 'projects')

const errors = (run: ActionRun): string[] => run.annotations.filter(a => a.level === 'error').map(a => `${a.properties['title'] ?? ''}: ${a.message}`)

const inputs = (more: Record<string, string> = {}): Record<string, string> => ({
  'project-dir': 'sub',
  stages: 'build,preflight,publish',
  targets: 'local',
  // the default local-dir is 'release' in the working directory; here the project is sub/, so name it inside
  'local-dir': 'sub/release',
  python: PYTHON,
  'build-isolation': 'false',
  ...more
})

/** Every published file with its bytes' sha256, and the modification time (a re-run must not rewrite them). */
async function published(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {}
  for (const name of (await readdir(dir)).sort()) {
    const path = join(dir, name)
    files[name] = `${execFileSync('sha256sum', [path], { encoding: 'utf8' }).split(' ')[0]} ${(await stat(path)).mtimeMs}`
  }
  return files
}

function gitRepo(dir: string): (...args: string[]) => void {
  const env = { ...process.env, GIT_AUTHOR_DATE: '2026-01-02T03:04:05Z', GIT_COMMITTER_DATE: '2026-01-02T03:04:05Z' }
  return (...args) => {
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], { cwd: dir, env, stdio: 'pipe' })
  }
}

describe("published files never become build input: 'local-dir' inside the project, run twice", () => {
  it.each([
    ['release-in-hatchling', 'hatchling', ['tern_notes-0.4.0.tar.gz', 'tern_notes-0.4.0-py3-none-any.whl']],
    ['release-in-flat', 'setuptools, flat layout', ['kettle-timer-1.2.0.tar.gz', 'kettle_timer-1.2.0-py3-none-any.whl']],
    ['release-in-flit', 'flit-core', ['moss-index-2.0.1.tar.gz', 'moss_index-2.0.1-py3-none-any.whl']]
  ])('%s (%s): the re-run builds the same files, exits 0 and changes nothing published', async (fixture, _backend, files) => {
    const { workspace, project } = await workspaceWith(join(PROJECTS, fixture))
    const release = join(project, 'release')
    const first = await runAction(workspace, inputs(), { SOURCE_DATE_EPOCH: '1767322800' })
    expect({ code: first.code, errors: errors(first) }).toEqual({ code: 0, errors: [] })
    expect((await readdir(release)).sort()).toEqual(['SHA256SUMS', ...files].sort())
    const before = await published(release)
    for (const name of files.filter(f => f.endsWith('.tar.gz'))) {
      const members = (await readArchive(join(release, name))).members.map(m => m.name)
      expect(members.filter(m => m.split('/')[1] === 'release')).toEqual([])
    }

    const again = await runAction(workspace, inputs(), { SOURCE_DATE_EPOCH: '1767322800' })
    expect({ code: again.code, errors: errors(again) }).toEqual({ code: 0, errors: [] })
    expect(again.stdout).toMatch(
      /building from an exact copy of .*\/sub without release \(published files are never build input, and every run builds the same way\)/
    )
    // the first run built the same way
    expect(first.stdout).toMatch(/building from an exact copy of .*\/sub without release/)
    expect(await published(release)).toEqual(before)
  })

  it('hatch-vcs in a subdirectory of a git repository: the copy still reads the version from the tag, not a dirty or fallback one', async () => {
    const { workspace, project } = await workspaceWith(join(PROJECTS, 'release-in-vcs'))
    const git = gitRepo(workspace)
    git('init', '-q')
    await execFileSync('sh', ['-c', 'echo "other project" > OTHER.md'], { cwd: workspace })
    git('add', 'OTHER.md', 'sub')
    git('commit', '-qm', 'lichen-map 5.6.0')
    git('tag', '-a', 'v5.6.0', '-m', 'v5.6.0')
    const files = ['SHA256SUMS', 'lichen_map-5.6.0-py3-none-any.whl', 'lichen_map-5.6.0.tar.gz']

    const first = await runAction(workspace, inputs())
    expect({ code: first.code, errors: errors(first) }).toEqual({ code: 0, errors: [] })
    // beside them, the release manifest recording this commit as the files' origin (origin.ts)
    expect((await readdir(join(project, 'release'))).sort()).toEqual([
      ...files,
      expect.stringMatching(/^release-manifest\.lichen_map-5\.6\.0\.[0-9a-f]{12}\.json$/)
    ])
    const before = await published(join(project, 'release'))
    const again = await runAction(workspace, inputs())
    expect({ code: again.code, errors: errors(again) }).toEqual({ code: 0, errors: [] })
    expect(again.stdout).toContain('the copy reads the version and tracked files from git')
    expect(await published(join(project, 'release'))).toEqual(before)
    // the repository the action ran in is untouched: nothing marked, nothing staged
    expect(
      execFileSync('git', ['ls-files', '-v'], { cwd: workspace, encoding: 'utf8' })
        .split('\n')
        .filter(l => l && !l.startsWith('H '))
    ).toEqual([])
  })

  it("refuses a 'local-dir' that is the project directory itself, naming the input", async () => {
    const { workspace } = await workspaceWith(join(PROJECTS, 'release-in-flit'))
    const run = await runAction(workspace, inputs({ 'local-dir': 'sub' }))
    expect(run.code).toBe(1)
    expect(run.stdout).toContain(
      "Input 'local-dir' (sub) is the project directory itself: published files would become build input; name a directory inside or outside it, such as 'release'"
    )
  })
})

describe('the wheel is built from the sdist', () => {
  it('setuptools: an sdist without a file setup.py reads fails the build, naming the file and the fix; nothing is published', async () => {
    const { workspace, project } = await workspaceWith(join(PROJECTS, 'sdist-gap-setuptools'))
    const run = await runAction(workspace, inputs())
    expect(run.code).toBe(1)
    const [error] = errors(run)
    expect(error).toMatch(
      /^Build failed: .* -m build --wheel --outdir .*\/sdist\/quill-sharpener-0\.7\.0 exited with code 1 \(the wheel is built from the sdist, and the sdist lacks requirements\/base\.txt, which the project has: add it to the sdist \(MANIFEST\.in for setuptools/
    )
    expect(error).toContain('or set wheel-from-sdist: false to build the wheel from the tree (the published sdist would still lack it)')
    await expect(stat(join(project, 'release'))).rejects.toThrow(/ENOENT/)
    // a re-run: the same exit code and error, still nothing published
    const again = await runAction(workspace, inputs())
    expect(again.code).toBe(1)
    expect(errors(again)[0]?.replace(/\/tmp\/\S+/g, 'TMP')).toBe(error?.replace(/\/tmp\/\S+/g, 'TMP'))
    await expect(stat(join(project, 'release'))).rejects.toThrow(/ENOENT/)

    // building both from the tree is still possible, when asked for; its re-run changes nothing published
    const tree = await runAction(workspace, inputs({ 'wheel-from-sdist': 'false' }), { SOURCE_DATE_EPOCH: '1767322800' })
    expect({ code: tree.code, errors: errors(tree) }).toEqual({ code: 0, errors: [] })
    expect((await readdir(join(project, 'release'))).sort()).toEqual(['SHA256SUMS', 'quill-sharpener-0.7.0.tar.gz', 'quill_sharpener-0.7.0-py3-none-any.whl'])
    const before = await published(join(project, 'release'))
    const treeAgain = await runAction(workspace, inputs({ 'wheel-from-sdist': 'false' }), { SOURCE_DATE_EPOCH: '1767322800' })
    expect({ code: treeAgain.code, errors: errors(treeAgain) }).toEqual({ code: 0, errors: [] })
    expect(await published(join(project, 'release'))).toEqual(before)
  })

  it("hatchling: a module the sdist forgets (its wheel lacks it, the tree's has it) fails the build, naming the module", async () => {
    const { workspace, project } = await workspaceWith(join(PROJECTS, 'sdist-gap-hatchling'))
    const run = await runAction(workspace, inputs())
    expect(run.code).toBe(1)
    expect(errors(run)).toEqual([
      'Build failed: barometer_log-3.0.0-py3-none-any.whl, built from barometer_log-3.0.0.tar.gz, lacks 1 file that a wheel built from the project tree has: ' +
        'barometer_log/units.py. The sdist does not carry its source: add it to the sdist (MANIFEST.in for setuptools, [tool.hatch.build.targets.sdist] include for hatchling, ' +
        '[tool.flit.sdist] include for flit-core, or track it in git with setuptools-scm), or set wheel-from-sdist: false to build the wheel from the tree (the published sdist would still lack it)'
    ])
    await expect(stat(join(project, 'release'))).rejects.toThrow(/ENOENT/)
    const again = await runAction(workspace, inputs())
    expect({ code: again.code, errors: errors(again) }).toEqual({ code: 1, errors: errors(run) })
    await expect(stat(join(project, 'release'))).rejects.toThrow(/ENOENT/)
  })

  it.each([
    ['build', 'release-in-flit'],
    ['hatch', 'release-in-hatchling']
  ])(
    'builder %s: a complete sdist gives the wheel; the log says the sdist holds every file of the package directories (no second build)',
    async (builder, fixture) => {
      const { workspace, project } = await workspaceWith(join(PROJECTS, fixture))
      const run = await runAction(workspace, inputs({ builder }))
      expect({ code: run.code, errors: errors(run) }).toEqual({ code: 0, errors: [] })
      expect(run.stdout).toMatch(/\.tar\.gz holds every file of the project.s package directories/)
      expect((await readdir(join(project, 'release'))).length).toBe(3)
      const before = await published(join(project, 'release'))
      const again = await runAction(workspace, inputs({ builder }))
      expect({ code: again.code, errors: errors(again) }).toEqual({ code: 0, errors: [] })
      expect(await published(join(project, 'release'))).toEqual(before)
      if (builder === 'hatch') expect(run.stdout).toMatch(/building the wheel from tern_notes-0\.4\.0\.tar\.gz/)
      expect(await readFile(join(project, 'release', 'SHA256SUMS'), 'utf8')).toMatch(/\.whl/)
    }
  )
})
