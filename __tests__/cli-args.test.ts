// The command line's arguments, safe by default (issue 18): nothing goes to a public index unless named,
// secrets never come from flags, -V prints the tool's version, a boolean flag with another word says so,
// and --help's columns line up. In process: these all end before any stage runs.
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { cli, cliInputSource, helpText, startHeartbeat, TOOL_VERSION } from '../src/cli.js'
import { cliUsageMessage, OPTION_GROUPS, suggestOption } from '../src/cli-help.js'
import { parse } from 'yaml'
import { getInputs, INPUT_NAMES, SECRET_INPUTS } from '../src/inputs.js'
import { PYTHON, ROOT, workspaceWith } from './helpers/action.js'

async function call(argv: string[], heartbeatMs?: number): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const code = await cli(argv, { stdout: text => (stdout += text), stderr: text => (stderr += text) }, { heartbeatMs })
  return { code, stdout, stderr }
}

describe('the command line', () => {
  it('publishes to the local directory unless --targets names another', async () => {
    const HELP = await helpText()
    expect(getInputs(cliInputSource({}, {}), '/w').targets).toEqual(['local'])
    expect(getInputs(cliInputSource({ targets: 'pypi,local' }, {}), '/w').targets).toEqual(['pypi', 'local'])
    expect(HELP).toMatch(/--targets <value> +\[local\]/)
  })

  it('reads tokens from the environment only, and refuses them as flags saying why', async () => {
    const source = cliInputSource({}, { PYPI_TOKEN: 'pypi-from-env', TESTPYPI_TOKEN: 'test-from-env', GITHUB_TOKEN: 'ghp_env', TWINE_USERNAME: 'me' })
    expect([source('password'), source('testpypi-password'), source('github-token'), source('username')]).toEqual([
      'pypi-from-env',
      'test-from-env',
      'ghp_env',
      'me'
    ])
    expect(cliInputSource({}, { TWINE_PASSWORD: 'twine-first', PYPI_TOKEN: 'second' })('password')).toBe('twine-first')
    for (const flag of ['--password', '--testpypi-password', '--github-token']) {
      for (const argv of [[flag, 'pypi-AgEIcHlwaS5vcmc'], [`${flag}=pypi-AgEIcHlwaS5vcmc`]]) {
        const refused = await call(argv)
        expect(refused.code).toBe(2)
        expect(refused.stderr).toContain(`${flag} is refused: a secret on the command line is visible to every user of the machine`)
        expect(refused.stderr).not.toContain('AgEIcHlwaS5vcmc')
      }
    }
    expect(await helpText()).not.toMatch(/--password|--github-token|--testpypi-password/)
  })

  it('-V and --version alone print the tool version; --version with a value stays the release version', async () => {
    for (const argv of [['-V'], ['--version'], ['--version', '--json']]) {
      expect(await call(argv)).toEqual({ code: 0, stdout: `python-release-action ${TOOL_VERSION}\n`, stderr: '' })
    }
    expect(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version).toBe(TOOL_VERSION)
    expect(getInputs(cliInputSource({ version: '1.2.3' }, {}), '/w').version).toBe('1.2.3')
  })

  it('says a boolean flag takes true or false, whatever word follows it', async () => {
    for (const argv of [['--dry-run', 'maybe'], ['--dry-run=maybe']]) {
      const bad = await call(argv)
      expect(bad.code).toBe(2)
      expect(bad.stderr).toContain("--dry-run takes true or false, got 'maybe'")
    }
  })

  it('lines up --help: every default starts in one column', async () => {
    const columns = (await helpText())
      .split('\n')
      .filter(line => /^ {2}-/.test(line))
      .map(line => /^ {2}\S.*?\s{2,}(?=\S)/.exec(line)?.[0].length)
    expect(columns.length).toBeGreaterThan(40)
    expect(new Set(columns).size).toBe(1)
  })

  // issue 25: a command line people can learn from --help

  /** --help's options: each flag's name and its description, the wrapped lines joined again. */
  const describedFlags = (help: string): Map<string, string> => {
    const described = new Map<string, string>()
    let current: string | undefined
    for (const line of help.split('\n')) {
      const flag = /^ {2}--([a-z-]+)[[ ]/.exec(line)
      if (flag) described.set((current = flag[1] as string), '')
      else if (current && line.startsWith('      ')) described.set(current, `${described.get(current)} ${line.trim()}`.trim())
      else current = undefined
    }
    return described
  }

  it("describes every option in --help with action.yml's own description, wrapped to the terminal", async () => {
    const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, { description: string }> }
    const flags = INPUT_NAMES.filter(name => !(SECRET_INPUTS as readonly string[]).includes(name))
    for (const columns of [80, 100]) {
      const help = await helpText(columns)
      const described = describedFlags(help)
      expect([...described.keys()].filter(name => !['json', 'verbose'].includes(name)).sort()).toEqual([...flags].sort())
      for (const name of flags) {
        // the same words as action.yml (a test that fails when the two disagree), then any fixed set of values
        const words = action.inputs[name]!.description.replace(/\s+/g, ' ').trim()
        expect(described.get(name)!.startsWith(words)).toBe(true)
        expect(described.get(name)!.slice(words.length)).toMatch(/^(?: Values: [^.]+\.)?$/)
      }
      // nothing wider than the terminal but a single word that cannot be broken (a URL)
      for (const line of help.split('\n')) if (line.length > columns) expect(line.trim()).not.toContain(' ')
    }
    const help = await helpText(80)
    // the values a fixed set takes, from the lists validation checks against
    expect(help).toMatch(/^ {2}--builder <value> +\[build\]$/m)
    expect(describedFlags(help).get('builder')).toMatch(/ Values: build, hatch, uv\.$/)
    expect(describedFlags(help).get('fail-on-severity')).toMatch(/ Values: low, medium, high, critical, none\.$/)
    expect(describedFlags(help).get('build-requirements')).toMatch(/ Values: check, ignore\.$/)
    // grouped by stage, each option in one group, in the order a release meets them
    const grouped = OPTION_GROUPS.flatMap(group => group.inputs)
    expect([...grouped].sort()).toEqual([...flags].sort())
    expect(help).not.toMatch(/^Other:/m)
    expect(help.indexOf('\nCertify')).toBeLessThan(help.indexOf('\nBuild:'))
    expect(help.indexOf('\nBuild:')).toBeLessThan(help.indexOf('\nPreflight and publish:'))
    // --help is what `cli --help` prints
    const printed = await call(['--help'])
    expect(printed.code).toBe(0)
    expect(printed.stdout).toBe(help)
  })

  it('answers a mistyped option with the one it most likely meant, exit 2 and no stack trace', async () => {
    for (const [typed, meant] of [
      ['--dryrun', '--dry-run'],
      ['--target=local', '--targets'],
      ['--project_dir', '--project-dir'],
      ['--min-coverge', '--min-coverage'],
      ['--junit', '--junit-xml'],
      ['--jsno', '--json']
    ] as const) {
      const wrong = await call([typed, ...(typed.includes('=') ? [] : ['x'])])
      expect(wrong.code).toBe(2)
      expect(wrong.stderr).toBe(`python-release-action: unknown option ${typed.split('=')[0]}; did you mean ${meant}?\nTry 'python-release-action --help'.\n`)
    }
    const unknown = await call(['--colour'])
    expect(unknown).toEqual({ code: 2, stdout: '', stderr: "python-release-action: unknown option --colour\nTry 'python-release-action --help'.\n" })
    expect(suggestOption('colour', ['json', 'verbose'])).toBeUndefined()
    // a secret input is an environment variable from a terminal; "Set 'python'" names the flag too
    expect(cliUsageMessage("Input 'github-token' is empty", 'github-token', { 'github-token': ['GITHUB_TOKEN'] })).toBe('GITHUB_TOKEN is empty')
    expect(cliUsageMessage("Input 'python' is not set. Set 'python' to the interpreter", 'python', {})).toBe(
      '--python is not set. Set --python to the interpreter'
    )
    expect(cliUsageMessage('must be a number', 'min-coverage', {})).toBe('--min-coverage: must be a number')
    // a value is not taken for a flag, however it looks
    expect((await call(['--release-notes', '--see-changelog', '--stages', 'nonsense'])).stderr).not.toContain('unknown option')
  })

  it('names the flag as typed in a usage error, not the action input', async () => {
    const cases: [string[], RegExp][] = [
      [['--min-coverage', 'lots'], /^python-release-action: --min-coverage must be a number from 0 to 100 .* got 'lots'\n/],
      [['--stages', 'build,publish'], /^python-release-action: --stages runs build,publish, which skips preflight/],
      [['--builder', 'poetry'], /^python-release-action: --builder must be one of build, hatch, uv, got 'poetry'\n/],
      [
        ['--stages', 'preflight,publish', '--download-artifacts', 'dist-*', '--dist-dir', 'dist'],
        /^python-release-action: --dist-dir names files already here, and --download-artifacts asks to download them/
      ]
    ]
    cases.push([['--project-dir', '/nonexistent/project'], /^python-release-action: --project-dir: \/nonexistent\/project is not a directory\n/])
    for (const [argv, message] of cases) {
      const bad = await call(argv)
      expect(bad.code).toBe(2)
      expect(bad.stderr).toMatch(message)
      expect(bad.stderr).not.toMatch(/Input '|input '/)
    }
  })

  it('says a stage silent for the interval still runs, with its elapsed time, until something is printed', async () => {
    let clock = 0
    const lines: string[] = []
    const heartbeat = startHeartbeat(
      line => lines.push(line),
      250,
      () => clock
    )
    heartbeat.enter('Build sample-greeter')
    clock = 45_000
    await new Promise(resolve => setTimeout(resolve, 350))
    expect(lines).toEqual(['… Build sample-greeter: still running (45 s)\n'])
    // output keeps it quiet (margins wide enough for a loaded machine); stopping ends it for good
    for (let i = 0; i < 10; i++) {
      heartbeat.touch()
      await new Promise(resolve => setTimeout(resolve, 25))
    }
    expect(lines).toHaveLength(1)
    heartbeat.leave()
    heartbeat.stop()
    heartbeat.touch()
    await new Promise(resolve => setTimeout(resolve, 400))
    expect(lines).toHaveLength(1)
  })

  it('prints the heartbeat on stderr while a real build is silent, naming the stage', async () => {
    // an interpreter that takes a second to answer each call: the build stage says nothing meanwhile
    const { workspace, project } = await workspaceWith(join(ROOT, 'examples', 'sample-project'))
    const slowPython = join(workspace, 'slow-python')
    await writeFile(slowPython, `#!/bin/sh\nsleep 1\nexec ${PYTHON} "$@"\n`, { mode: 0o755 })
    const argv = ['--project-dir', project, '--stages', 'build', '--python', slowPython, '--build-isolation', 'false', '--upload-artifact', 'false']
    const run = await call(argv, 300)
    expect(run.stderr).toMatch(/^… Build sample[-_]greeter: still running \(\d+(?:\.\d)? s\)$/m)
    expect(run.stdout).not.toContain('still running')
  })
})
