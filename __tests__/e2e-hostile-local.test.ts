// Issue 14, the local target, end to end through the bundle: whatever is at or under 'local-dir',
// preflight names it (no raw errno, no hang), 'ready' means publish will not trip, nothing is
// overwritten or left half-written, and a killed run's temp files are cleaned up by the next.
import { beforeAll, describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdir, readdir, rm, symlink, utimes, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { PYTHON, ROOT, runAction, workspaceWith, type ActionRun } from './helpers/action.js'

const SAMPLE = join(ROOT, 'examples', 'sample-project')
const WHEEL = 'sample_greeter-0.3.1-py3-none-any.whl'
const SDIST = 'sample_greeter-0.3.1.tar.gz'

let workspace: string
beforeAll(async () => {
  workspace = (await workspaceWith(SAMPLE)).workspace
})

const inputs = (localDir: string, more: Record<string, string> = {}): Record<string, string> => ({
  'project-dir': 'sub',
  targets: 'local',
  'local-dir': localDir,
  python: PYTHON,
  'build-isolation': 'false',
  ...more
})

const errors = (run: ActionRun): string[] => run.annotations.filter(a => a.level === 'error').map(a => `${a.properties['title'] ?? ''}: ${a.message}`)

/** A run that stopped at preflight: exit 1, the one error expected, nothing published, no raw errno. */
function expectNotReady(run: ActionRun, title: string, message: RegExp): void {
  expect({ code: run.code, errors: errors(run) }).toEqual({ code: 1, errors: [expect.stringMatching(message)] })
  expect(errors(run)[0]?.startsWith(`${title}: `)).toBe(true)
  expect(run.stdout).toMatch(/^local: not ready — /m)
  expect(run.stdout).not.toMatch(/^::group::Publish/m)
  expect(`${run.stdout}${run.stderr}`).not.toMatch(/E(NOTDIR|LOOP|NAMETOOLONG|EXIST|ISDIR)\b/)
}

describe("the local target through the bundle, with a hostile 'local-dir'", () => {
  it.each([
    [
      'under a file',
      async () => 'sub/README.md/release',
      /Input 'local-dir' \(.*\/sub\/README\.md\/release\) cannot be created: .*\/sub\/README\.md is a file, not a directory/
    ],
    [
      'through a symbolic link loop',
      async () => (await symlink('loop', join(workspace, 'loop')), 'loop/release'),
      /Input 'local-dir' \(.*\/loop\/release\) cannot be used: too many levels of symbolic links \(a symbolic link loop\)/
    ],
    [
      'with a name over 255 bytes',
      async () => `${'n'.repeat(300)}/release`,
      /Input 'local-dir' \(.*nnnn.*\) cannot be used: the path is too long for the file system/
    ]
  ])('%s: not ready at preflight, naming it', async (_, make, message) => {
    const run = await runAction(workspace, inputs(await make()))
    expectNotReady(run, "Invalid input 'local-dir'", message)
  })

  it('/proc/nope: not ready at preflight, where publish used to spin at full CPU forever', async () => {
    const run = await runAction(workspace, inputs('/proc/nope/release'), {}, 60_000)
    expectNotReady(
      run,
      "Invalid input 'local-dir'",
      /Input 'local-dir' \(\/proc\/nope\/release\) cannot be created: mkdir \/proc\/nope failed: the file system at \/proc does not hold new directories/
    )
  })
})

describe('the local target through the bundle: ready means publish will not trip', () => {
  it.each([
    [
      'a dangling symbolic link where the wheel goes',
      WHEEL,
      (path: string) => symlink('/nowhere/at/all', path),
      /\/sub-1\/sample_greeter-0\.3\.1-py3-none-any\.whl is a symbolic link \(to \/nowhere\/at\/all, which does not exist\), where the release file .* goes\. .*remove it\./
    ],
    [
      'a SHA256SUMS that is a directory',
      'SHA256SUMS',
      (path: string) => mkdir(path),
      /\/sub-2\/SHA256SUMS is a directory; the local target writes SHA256SUMS as a regular file and replaces nothing else: remove it\./
    ]
  ])('%s: not ready at preflight, nothing written; once it is removed, a re-run publishes', async (_, name, make, message) => {
    const dir = join(workspace, 'out', `sub-${name === WHEEL ? 1 : 2}`)
    await mkdir(dir, { recursive: true })
    await make(join(dir, name))
    const run = await runAction(workspace, inputs(dir))
    expectNotReady(run, 'Local directory not ready', message)
    expect(await readdir(dir)).toEqual([name])

    await rm(join(dir, name), { recursive: true })
    const again = await runAction(workspace, inputs(dir))
    expect({ code: again.code, errors: errors(again) }).toEqual({ code: 0, errors: [] })
    expect((await readdir(dir)).sort()).toEqual(['SHA256SUMS', WHEEL, SDIST])
  })

  it('a dangling symbolic link as local-dir: not ready at preflight, naming where it points', async () => {
    await symlink(join(workspace, 'gone', 'release'), join(workspace, 'dangling'))
    const run = await runAction(workspace, inputs('dangling'))
    expectNotReady(
      run,
      "Invalid input 'local-dir'",
      /Input 'local-dir' \(.*\/dangling\) cannot be created: .*\/dangling is a symbolic link to .*\/gone\/release, which does not exist\. Create the directory it points to, or remove the link\./
    )
    expect(existsSync(join(workspace, 'gone'))).toBe(false)
  })
})

describe('the local target through the bundle: leftovers and clear messages', () => {
  it('removes the temp files a killed run left (its own pattern, untouched for 10 minutes), and nothing else', async () => {
    const dir = join(workspace, 'out', 'killed')
    await mkdir(dir, { recursive: true })
    const hourAgo = Date.now() / 1000 - 3600
    for (const name of ['.0a1b2c3d4e5f.tmp', '.ffffffffffff.tmp', '.notours.tmp', 'keep.0a1b2c3d4e5f.tmp']) {
      await writeFile(join(dir, name), 'half a wheel')
      await utimes(join(dir, name), hourAgo, hourAgo)
    }
    await writeFile(join(dir, '.123456abcdef.tmp'), 'a live run is writing this')
    const run = await runAction(workspace, inputs(dir))
    expect({ code: run.code, errors: errors(run) }).toEqual({ code: 0, errors: [] })
    expect(JSON.parse(run.outputs['published'] as string)[0]).toMatchObject({
      status: 'published',
      message: `2 of 2 files published to ${dir} (removed 2 temp files an interrupted run left)`
    })
    expect((await readdir(dir)).sort()).toEqual(['.123456abcdef.tmp', '.notours.tmp', 'SHA256SUMS', 'keep.0a1b2c3d4e5f.tmp', WHEEL, SDIST])
  })

  it('removes at once a fresh temp file whose writer, named in it, is a process gone from this host', async () => {
    const dir = join(workspace, 'out', 'killed-now')
    await mkdir(dir, { recursive: true })
    const host = createHash('sha256').update(hostname()).digest('hex').slice(0, 8)
    const dead = spawnSync(process.execPath, ['-e', '']).pid as number
    const gone = `.0a1b2c3d4e5f.p${dead}.h${host}.tmp`
    const live = `.123456abcdef.p${process.pid}.h${host}.tmp`
    for (const name of [gone, live]) await writeFile(join(dir, name), 'half a wheel')
    const run = await runAction(workspace, inputs(dir))
    expect({ code: run.code, errors: errors(run) }).toEqual({ code: 0, errors: [] })
    expect(JSON.parse(run.outputs['published'] as string)[0]).toMatchObject({
      status: 'published',
      message: `2 of 2 files published to ${dir} (removed 1 temp file an interrupted run left)`
    })
    expect((await readdir(dir)).sort()).toEqual([live, 'SHA256SUMS', WHEEL, SDIST].sort())
  })

  it('skip-existing false with the identical file already there: an error that says it is identical and how to keep it', async () => {
    const dir = join(workspace, 'out', 'strict')
    const first = await runAction(workspace, inputs(dir))
    expect(first.code).toBe(0)
    const run = await runAction(workspace, inputs(dir, { 'skip-existing': 'false' }))
    expect(run.code).toBe(1)
    expect(errors(run)).toEqual(
      [SDIST, WHEEL].map(
        name =>
          `File already in the local directory: ${name} already exists in ${dir}, identical to this build (the same sha256), and skip-existing is false. ` +
          'Set skip-existing: true to keep it (a re-run then completes the release), or release a new version.'
      )
    )
  })
})
