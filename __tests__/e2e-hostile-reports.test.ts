// Hostile report inputs end to end, through the bundle: globs that would search the whole machine,
// links out of the workspace and back into it, a tree too large to walk, and a credentials file
// named as a report. Each run ends quickly, reads only the workspace's reports, once each, and
// shows nothing of a file it could not parse but a short, masked excerpt.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { existsSync } from 'node:fs'
import { copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PYTHON, ROOT, run, runAction, visibleText, workspaceWith, type ActionRun } from './helpers/action.js'

const SAMPLE = join(ROOT, 'examples', 'sample-project')
const PASSING = join(ROOT, '__tests__', 'fixtures', 'reports', 'pytest-passing.xml') // 5 tests, all passed

const certifyOnly = (inputs: Record<string, string>): Record<string, string> => ({
  'project-dir': 'sub',
  stages: 'certify',
  targets: 'local',
  'local-dir': 'release',
  python: PYTHON,
  ...inputs
})

/** The tests check's line of the log: `tests: <status> — <message>`. */
const testsLine = (run: ActionRun): string => run.stdout.split('\n').find(line => /^tests: (pass|fail|warn|skip) — /.test(line)) ?? ''

describe('report globs', () => {
  let workspace: string
  let outside: string

  beforeAll(async () => {
    ;({ workspace } = await workspaceWith(SAMPLE))
    await mkdir(join(workspace, 'reports'))
    await copyFile(PASSING, join(workspace, 'reports', 'junit.xml'))
    // a failing report outside the workspace, which no link may bring in
    outside = await mkdtemp(join(tmpdir(), 'pra-outside-'))
    await writeFile(
      join(outside, 'junit-outside.xml'),
      '<testsuite name="outside" tests="1" failures="1"><testcase classname="x" name="outside"><failure message="read from outside"/></testcase></testsuite>'
    )
    await symlink('/', join(workspace, 'reports', 'rootlink'))
    await symlink(outside, join(workspace, 'reports', 'outlink'))
    await symlink('..', join(workspace, 'reports', 'loop'))
  })
  afterAll(async () => {
    await rm(workspace, { recursive: true, force: true })
    await rm(outside, { recursive: true, force: true })
  })

  it("refuses '/**/*.xml' at once as a usage error naming junit-xml, and builds nothing", async () => {
    const started = Date.now()
    // a run that walks the machine is killed at 15 s: the test fails, and no process is left spinning
    const result = await runAction(workspace, certifyOnly({ stages: 'certify,build,preflight,publish', 'junit-xml': '/**/*.xml' }), {}, 15_000)
    expect(Date.now() - started).toBeLessThan(10_000)
    expect(result.code).toBe(1)
    expect(result.annotations).toContainEqual({
      level: 'error',
      properties: { title: "Invalid input 'junit-xml'" },
      message: expect.stringMatching(
        /^Input 'junit-xml': '\/\*\*\/\*\.xml' would search \/, outside the workspace .*write the pattern relative to the workspace/
      )
    })
    expect(existsSync(join(workspace, 'release'))).toBe(false)
    // the command line says the same and exits 2, as for any usage error
    const cli = await run(
      process.execPath,
      [join(ROOT, 'dist', 'cli', 'index.js'), '--project-dir', 'sub', '--stages', 'certify', '--coverage-report', '../**/*.xml'],
      workspace
    )
    expect(cli.code).toBe(2)
    // naming the flag as typed
    expect(cli.stderr).toMatch(/--coverage-report: '\.\.\/\*\*\/\*\.xml' would search .*, outside the workspace/)
  }, 20_000)

  it('follows no link out of the workspace and counts a report reached through a loop once', async () => {
    const result = await runAction(workspace, certifyOnly({ 'junit-xml': '**/junit*.xml', 'min-pass-rate': '100' }), {}, 45_000)
    expect(testsLine(result)).toMatch(/100\.00% of 5 tests passed \(0 failed, 0 skipped\)/)
    expect(result.outputs['pass-rate']).toBe('100.00')
    expect(visibleText(result)).not.toContain('read from outside')
  }, 60_000)

  it('says which links it did not follow when only they could have matched', async () => {
    const result = await runAction(workspace, certifyOnly({ 'junit-xml': 'reports/outlink/*.xml' }))
    expect(result.outputs['certification']).toBe('FAIL')
    expect(testsLine(result)).toContain(`'reports/outlink/*.xml' matched no file`)
    expect(testsLine(result)).toContain(`not followed, as they lead out of the workspace: reports/outlink → ${outside}`)
  }, 60_000)
})

describe('a report glob over a tree too large to walk', () => {
  let workspace: string

  beforeAll(async () => {
    ;({ workspace } = await workspaceWith(SAMPLE))
    await mkdir(join(workspace, 'reports'))
    await copyFile(PASSING, join(workspace, 'reports', 'junit.xml'))
    // 100,001 entries: one more than a pattern may look at
    const many = join(workspace, 'many')
    await mkdir(many)
    const names = Array.from({ length: 100_001 }, (_, i) => join(many, `f${i}.txt`))
    for (let i = 0; i < names.length; i += 1000) await Promise.all(names.slice(i, i + 1000).map(name => writeFile(name, '')))
  }, 120_000)
  afterAll(() => rm(workspace, { recursive: true, force: true }), 60_000)

  it('fails the check naming the pattern, the bound and how to narrow it', async () => {
    const result = await runAction(workspace, certifyOnly({ 'junit-xml': '**/*.xml' }))
    expect(result.code).toBe(1)
    expect(result.outputs['certification']).toBe('FAIL')
    expect(testsLine(result)).toMatch(
      /input 'junit-xml': '\*\*\/\*\.xml' looked at 100000 directory entries \(the limit\) without finishing; narrow the pattern to the directory the reports are written to/
    )
    // a narrower pattern over the same workspace passes
    const narrow = await runAction(workspace, certifyOnly({ 'junit-xml': 'reports/*.xml' }))
    expect(testsLine(narrow)).toMatch(/of 5 tests passed/)
  }, 60_000)
})

describe('a credentials file named as a report', () => {
  const pypi = `pypi-AgEIcHlwaS5vcmcCJDAwMDAwMDAwLTAwMDAtMDAwMC0wMDAwLTAwMDAwMDAwMDAwMAACKlszLCJ${'x'.repeat(40)}`
  const github = `ghp_${'Zq8Lw3'.repeat(6)}`
  const password = 'correct-horse-battery-staple'

  it('fails each check naming the file, and shows no part of any credential', async () => {
    const { workspace } = await workspaceWith(SAMPLE)
    await mkdir(join(workspace, 'secrets'))
    await writeFile(join(workspace, 'secrets', 'pypi-token'), `${pypi}\n`)
    await writeFile(join(workspace, 'secrets', 'lcov-like'), `TN:\nSF:x.py\nDA:https://ci:${password}@example.org,${github}\n`)
    await writeFile(join(workspace, 'secrets', 'pypirc.json'), `{"password": "${password}" "token": "${pypi}"}`)
    const result = await runAction(
      workspace,
      certifyOnly({ 'security-report': 'secrets/pypi-token\nsecrets/pypirc.json', 'coverage-report': 'secrets/lcov-like' })
    )
    expect(result.outputs['certification']).toBe('FAIL')
    const shown = visibleText(result)
    expect(shown).toMatch(/security report secrets\/pypi-token is not valid JSON/)
    expect(shown).toMatch(/coverage report secrets\/lcov-like is not valid LCOV: line 3/)
    // no run of 8 characters of any credential, in the log, the outputs or the summary
    const leaks = [pypi, github, password].flatMap(secret =>
      Array.from({ length: secret.length - 7 }, (_, i) => secret.slice(i, i + 8)).filter(piece => !/^x+$/.test(piece) && shown.includes(piece))
    )
    expect(leaks).toEqual([])
  }, 60_000)
})
