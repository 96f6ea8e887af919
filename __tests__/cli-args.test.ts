// The command line's arguments, safe by default (issue 18): nothing goes to a public index unless named,
// secrets never come from flags, -V prints the tool's version, a boolean flag with another word says so,
// and --help's columns line up. In process: these all end before any stage runs.
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { cli, cliInputSource, HELP, TOOL_VERSION } from '../src/cli.js'
import { getInputs } from '../src/inputs.js'
import { ROOT } from './helpers/action.js'

async function call(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const code = await cli(argv, { stdout: text => (stdout += text), stderr: text => (stderr += text) })
  return { code, stdout, stderr }
}

describe('the command line', () => {
  it('publishes to the local directory unless --targets names another', () => {
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
    expect(HELP).not.toMatch(/--password|--github-token|--testpypi-password/)
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

  it('lines up --help: every default starts in one column', () => {
    const columns = HELP.split('\n')
      .filter(line => /^ {2}-/.test(line))
      .map(line => /^ {2}\S.*?\s{2,}(?=\S)/.exec(line)?.[0].length)
    expect(columns.length).toBeGreaterThan(40)
    expect(new Set(columns).size).toBe(1)
  })
})
