// The command line, bundled like the action, on the machine's Node 20 as well as Node 24.
import { beforeAll, describe, expect, it } from '@jest/globals'
import { existsSync } from 'node:fs'
import { open, readdir, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { PYTHON, ROOT, run, runPytest, workspaceWith } from './helpers/action.js'

const CLI = join(ROOT, 'dist', 'cli', 'index.js')
const SAMPLE = join(ROOT, 'examples', 'sample-project')
// The machine's own Node (20 here), not the node_modules/.bin one the test runs on.
const SYSTEM_NODE = ['/usr/bin/node', '/usr/local/bin/node'].find(existsSync) as string

describe('python-release-action (CLI)', () => {
  let workspace: string

  beforeAll(async () => {
    const copy = await workspaceWith(SAMPLE)
    workspace = copy.workspace
    await runPytest(copy.project, 'sample_greeter')
  })

  const flags = (dir: string): string[] => [
    '--project-dir',
    'sub',
    '--targets',
    'local',
    '--local-dir',
    dir,
    '--junit-xml',
    'sub/reports/junit.xml',
    '--coverage-report',
    'sub/reports/coverage.xml',
    '--security-scan',
    'bandit',
    '--python',
    PYTHON,
    '--build-isolation',
    'false'
  ]

  it('prints help and exits 0', async () => {
    const help = await run(process.execPath, [CLI, '--help'], workspace)
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/^Usage: python-release-action \[options\]/)
    expect(help.stdout).toMatch(/--local-dir <value> +\[release\]/)
  })

  it('exits 2 on a usage error, naming the flag as typed', async () => {
    const bad = await run(process.execPath, [CLI, ...flags('r'), '--min-coverage', 'lots'], workspace)
    expect(bad.code).toBe(2)
    expect(bad.stderr).toMatch(/^python-release-action: --min-coverage must be a number from 0 to 100/)
    expect(bad.stderr).not.toContain("Input '")
    const unknown = await run(process.execPath, [CLI, '--colour'], workspace)
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toBe("python-release-action: unknown option --colour\nTry 'python-release-action --help'.\n")
  })

  it.each([
    ['Node 24', process.execPath],
    ['the machine’s Node', SYSTEM_NODE]
  ])('answers a mistyped flag with "did you mean", exit 2 and no stack trace, on %s', async (_label, node) => {
    const typo = await run(node, [CLI, ...flags('r'), '--dryrun'], workspace)
    expect(typo.code).toBe(2)
    expect(typo.stderr).toBe("python-release-action: unknown option --dryrun; did you mean --dry-run?\nTry 'python-release-action --help'.\n")
    expect(typo.stdout).toBe('')
  })

  it.each([
    ['Node 24', process.execPath],
    ['the machine’s Node', SYSTEM_NODE]
  ])("describes each option in --help with action.yml's words, from the bundle alone, on %s", async (_label, node) => {
    // the bundle carries its own copy of action.yml (dist/cli/action.yml): run from elsewhere, it still finds it
    const help = await run(node, [CLI, '--help'], '/')
    expect(help.code).toBe(0)
    expect(help.stderr).toBe('')
    expect(help.stdout).toMatch(/^ {2}--builder <value> +\[build\]\n {6}The build frontend: `build` \(`<python> -m build`\), `hatch`/m)
    expect(help.stdout).toMatch(/^Certify \(.*\):\n {2}--junit-xml <value> +\[\]\n {6}Glob\(s\) of JUnit XML test reports/m)
    expect(Math.max(...help.stdout.split('\n').map(line => line.length))).toBeLessThanOrEqual(80)
  })

  it.each([
    ['Node 24', process.execPath],
    ['the machine’s Node', SYSTEM_NODE]
  ])('releases to a local directory with a readable report on %s', async (_label, node) => {
    const dir = `out-${_label.replace(/\W/g, '')}`
    const version = await run(node, ['--version'], workspace)
    const result = await run(node, [CLI, ...flags(dir)], workspace)
    expect({ node: version.stdout.trim(), code: result.code, stderr: result.code === 0 ? '' : result.stderr }).toEqual({
      node: version.stdout.trim(),
      code: 0,
      stderr: ''
    })
    expect(result.stdout).toMatch(/^Certification: PASS$/m)
    expect(result.stdout).toMatch(/^ {2}sample_greeter-0\.3\.1-py3-none-any\.whl {2}wheel/m)
    expect(result.stdout).toMatch(/^Release OK/m)
    expect((await readdir(join(workspace, dir))).sort()).toEqual(['SHA256SUMS', 'sample_greeter-0.3.1-py3-none-any.whl', 'sample_greeter-0.3.1.tar.gz'])
  })

  it('reads reports with 50 MB and 150 MB failure texts in the same memory, through the bundle', async () => {
    // One failing test whose text is megabytes of traceback noise, its deepest frame at the end. Reading in flat memory
    // means the peak does not grow with the text: 100 MB more text must cost far less than 100 MB more memory. Both
    // runs are the same command in the same test, so the machine's own baseline cancels out.
    const writeReport = async (path: string, noiseBytes: number): Promise<void> => {
      const file = await open(path, 'w')
      await file.write('<testsuites><testsuite name="pytest"><testcase classname="tests.test_greeter" name="test_huge"><failure message="huge">')
      const noise = `${'  File "/elsewhere/lib/python3.12/site-packages/pkg/mod.py", line 1, in f\n'.repeat(1300)}`
      for (let written = 0; written < noiseBytes; written += noise.length) await file.write(noise)
      await file.write(
        'sub/tests/test_greeter.py:7: AssertionError\n</failure></testcase><testcase classname="tests.test_greeter" name="test_ok"/></testsuite></testsuites>'
      )
      await file.close()
    }
    // A V8 heap of 64 MB cannot hold the text even once; peak RSS is printed by a preloaded hook.
    const peak = "data:text/javascript,process.on('exit',()=>process.stderr.write('maxRSS='+process.resourceUsage().maxRSS+'\\n'))"
    const certify = async (name: string): Promise<{ result: Awaited<ReturnType<typeof run>>; maxRssKiB: number }> => {
      const result = await run(
        process.execPath,
        [
          '--max-old-space-size=64',
          '--import',
          peak,
          CLI,
          '--project-dir',
          'sub',
          '--stages',
          'certify',
          '--junit-xml',
          name,
          '--min-pass-rate',
          '50',
          '--json'
        ],
        workspace
      )
      expect(result.stderr).toMatch(/maxRSS=\d+/)
      return { result, maxRssKiB: Number(/maxRSS=(\d+)/.exec(result.stderr)?.[1]) }
    }
    await writeReport(join(workspace, 'smaller.xml'), 50 * 1024 * 1024)
    const smaller = await certify('smaller.xml')
    await rm(join(workspace, 'smaller.xml'))
    await writeReport(join(workspace, 'huge.xml'), 150 * 1024 * 1024)
    const { result, maxRssKiB } = await certify('huge.xml')
    await rm(join(workspace, 'huge.xml'))
    // Holding the extra text even once would add 100 MB; reading it in flat memory adds less than half of that.
    expect(maxRssKiB - smaller.maxRssKiB).toBeLessThan(48 * 1024)
    expect(JSON.parse(smaller.result.stdout).certification.checks.find((check: { name: string }) => check.name === 'tests')).toMatchObject({
      metrics: { total: 2, failed: 1 }
    })
    const json = JSON.parse(result.stdout)
    const tests = json.certification.checks.find((check: { name: string }) => check.name === 'tests')
    expect(tests).toMatchObject({ status: 'pass', metrics: { total: 2, passed: 1, failed: 1 } })
    const annotation = json.annotations.find((a: { title?: string }) => a.title === 'tests.test_greeter.test_huge')
    expect(annotation).toMatchObject({ level: 'warning', file: 'sub/tests/test_greeter.py', line: 7 })
    expect(annotation.message.length).toBeLessThanOrEqual(64 * 1024)
    expect(annotation.message).toMatch(/characters left out/)
  })

  it('gates on a SARIF report, printing each finding at its file and line', async () => {
    const sarif = join(ROOT, '__tests__', 'fixtures', 'security', 'scanners.sarif')
    const result = await run(
      process.execPath,
      [CLI, '--project-dir', 'sub', '--stages', 'certify', '--security-report', sarif, '--fail-on-severity', 'medium'],
      workspace
    )
    expect(result.code).toBe(1)
    expect(result.stdout).toMatch(
      /^ {2}security +fail +5 findings \(4 at or above the threshold, 1 below\) from CodeQL, Trivy in 1 report; fails at medium and above$/m
    )
    expect(result.stdout).toMatch(/CodeQL py\/command-line-injection \(severity critical, confidence high\)/)
  })

  it('prints JSON with --json and exits 1 when the release fails', async () => {
    const result = await run(process.execPath, [CLI, ...flags('json-out'), '--min-pass-rate', '100', '--version', '9.9.9', '--json'], workspace)
    expect(result.code).toBe(1)
    const json = JSON.parse(result.stdout)
    expect(json).toMatchObject({ ok: false, certification: { status: 'FAIL' }, published: [] })
    expect(json.annotations[0]).toMatchObject({ level: 'error', title: 'Version mismatch', file: 'sub/pyproject.toml' })
    expect(existsSync(join(workspace, 'json-out'))).toBe(false)
  })

  it('publishes files another run built with --stages preflight,publish --dist-dir, and cannot download artifacts', async () => {
    const built = await run(process.execPath, [CLI, ...flags('built'), '--stages', 'build'], workspace)
    expect(built.code).toBe(0)
    const dist = (`${built.stdout}\n${built.stderr}`.match(/^Build: 2 files in (.*)$/m) ?? [])[1]
    expect(dist).toBeDefined()
    const published = await run(
      process.execPath,
      [CLI, '--stages', 'preflight,publish', '--dist-dir', dist!, '--targets', 'local', '--local-dir', 'promoted', '--python', '/nonexistent/python3'],
      workspace
    )
    expect(published.code).toBe(0)
    expect(published.stderr).toContain('arrived: 2 files from 1 source, 1 manifest')
    // the receiving run's report says it received, not built, the files (as the job summary's 'receive' stage)
    expect(`${published.stdout}\n${published.stderr}`).toMatch(/^Received: 2 files in /m)
    expect(`${published.stdout}\n${published.stderr}`).toMatch(/^Release OK: receive ok, preflight ok, publish ok$/m)
    expect((await readdir(join(workspace, 'promoted'))).sort()).toEqual(
      ['SHA256SUMS', ...(await readdir(dist!)).filter(name => !name.startsWith('release-manifest'))].sort()
    )
    const download = await run(process.execPath, [CLI, '--stages', 'preflight,publish', '--targets', 'local', '--local-dir', 'never'], workspace)
    expect(download.code).toBe(1)
    expect(download.stdout + download.stderr).toContain(
      "The command line does not download from the Actions artifact service: give the files' directory with --dist-dir"
    )
    expect(existsSync(join(workspace, 'never'))).toBe(false)
  })
})
