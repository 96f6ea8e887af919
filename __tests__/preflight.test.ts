import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { copyFile, mkdir, mkdtemp, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { findMissing, missingMessage, PACKAGE_LIST, readPackageList } from './helpers/preflight.mjs'
import { PYTHON, ROOT } from './helpers/action.js'

const temp = () => mkdtemp(join(tmpdir(), 'pra-preflight-'))

/** A python3 that is the real one except that `module` cannot be imported. */
async function pythonWithout(module: string): Promise<string> {
  const dir = await temp()
  await mkdir(join(dir, 'blocked', module), { recursive: true })
  await writeFile(join(dir, 'blocked', module, '__init__.py'), `raise ImportError("No module named '${module}'")\n`)
  const python = join(dir, 'python3')
  await writeFile(python, `#!/bin/sh\nPYTHONPATH='${join(dir, 'blocked')}' exec ${PYTHON} "$@"\n`, { mode: 0o755 })
  return python
}

describe('the test suite preflight', () => {
  it('reads one package list naming the interpreter the tests use, its modules and the commands', () => {
    const packages = readPackageList()
    const tools = packages.flatMap(p => p.provides.map(t => `${p.name} ${t.kind}:${t.name}`))
    expect(tools).toEqual(
      expect.arrayContaining([
        `python3 python:${PYTHON}`,
        'python3-build module:build',
        'python3-hatch-vcs module:hatch_vcs',
        'python3-xmlrunner module:xmlrunner',
        'flit module:flit_core',
        'bandit module:bandit',
        'twine command:twine',
        'git command:git'
      ])
    )
    expect(new Set(packages.map(p => p.name)).size).toBe(packages.length)
  })

  it('finds nothing missing here, where the suite runs', () => {
    expect(findMissing()).toEqual([])
  })

  it('names a module the interpreter cannot import, its package and the command that installs it', async () => {
    const missing = findMissing({ python: await pythonWithout('hatch_vcs') })
    expect(missing).toEqual([{ package: 'python3-hatch-vcs', tool: 'Python module hatch_vcs', why: "ImportError: No module named 'hatch_vcs'" }])
    expect(missingMessage(missing, { root: false })).toBe(
      [
        'The test suite needs a tool that is missing:',
        "  - Python module hatch_vcs (Debian package python3-hatch-vcs): ImportError: No module named 'hatch_vcs'",
        'Install them with:',
        '  sudo apt-get update && sudo apt-get install -y python3-hatch-vcs',
        'or install every package the suite needs (scripts/system-packages.txt) with:',
        '  bash scripts/install-system-packages.sh'
      ].join('\n')
    )
  })

  it('names commands missing from PATH, each package once', async () => {
    const bin = await temp()
    await symlink(spawnSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).stdout.trim(), join(bin, 'git'))
    const packages = [
      ...readPackageList(),
      {
        name: 'coreutils',
        provides: [
          { kind: 'command' as const, name: 'b2sum' },
          { kind: 'command' as const, name: 'md5sum' }
        ]
      }
    ]
    const missing = findMissing({ packages, path: `${bin}:/nonexistent` })
    expect(missing.map(m => [m.package, m.tool, m.why])).toEqual([
      ['twine', 'command twine', 'not on PATH'],
      ['jq', 'command jq', 'not on PATH'],
      ['coreutils', 'command b2sum', 'not on PATH'],
      ['coreutils', 'command md5sum', 'not on PATH']
    ])
    expect(missingMessage(missing, { root: true })).toMatch(
      /^The test suite needs 4 tools that are missing:\n[^]*\n {2}apt-get update && apt-get install -y twine jq coreutils\n/
    )
  })

  it('names the interpreter, and every module, when there is no python or it does not run', async () => {
    const dir = await temp()
    const absent = findMissing({ python: join(dir, 'python3') })
    expect(absent[0]).toEqual({ package: 'python3', tool: `Python interpreter ${join(dir, 'python3')}`, why: 'not found or not executable' })
    const modules = readPackageList().flatMap(p => p.provides.filter(t => t.kind === 'module').map(t => `Python module ${t.name}`))
    expect(absent.slice(1).map(m => m.tool)).toEqual(modules)

    const broken = join(dir, 'broken-python')
    await writeFile(broken, '#!/bin/sh\necho "error while loading shared libraries" >&2\nexit 127\n', { mode: 0o755 })
    expect(findMissing({ python: broken })[0]).toMatchObject({ package: 'python3', why: 'does not run (exit 127: error while loading shared libraries)' })
  })

  it('refuses a list line it cannot read', async () => {
    const list = join(await temp(), 'packages.txt')
    await writeFile(list, '# comment\npython3  python:/usr/bin/python3\ntwine  commnd:twine  # typo\n')
    expect(() => readPackageList(list)).toThrow(`${list}:3: 'commnd:twine' is not python:PATH, module:NAME or command:NAME`)
  })

  it('has an installer that reads the same list and reports the packages dpkg does not have', async () => {
    const dir = await temp()
    await copyFile(join(ROOT, 'scripts', 'install-system-packages.sh'), join(dir, 'install.sh'))
    await copyFile(PACKAGE_LIST, join(dir, 'system-packages.txt'))
    const check = () => spawnSync('bash', [join(dir, 'install.sh'), '--check'], { encoding: 'utf8' })
    expect(check()).toMatchObject({ status: 0, stdout: '' })
    await writeFile(join(dir, 'system-packages.txt'), 'git  command:git\npra-no-such-package  command:pra-none  # nothing provides it\n')
    expect(check()).toMatchObject({ status: 1, stdout: 'missing Debian packages: pra-no-such-package\n' })
  })
})
