// Issue 15, pattern 4, end to end through the bundle with real builds: without isolation the build used
// `--skip-dependency-check`, so a [build-system] requires the interpreter does not satisfy (a backend
// range, a plugin, what an in-tree backend's get_requires_for_build_wheel asks for) built anyway. Now
// the build fails before it starts, naming each unmet requirement and what is installed, and nothing
// is published; `build-requirements: ignore` builds anyway; a requirement whose PEP 508 marker excludes
// this interpreter is not required.
import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { cp, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parse as parseToml } from 'smol-toml'
import { buildRequirementsProblem, checkRequirements } from '../src/build/requirements.js'
import { silentLogger } from '../src/types.js'
import { localRelease, PYTHON, releasedFiles, ROOT, runAction, workspaceWith, type ActionRun } from './helpers/action.js'

const PROJECTS = join(ROOT, '__tests__', 'fixtures', 'projects')

const errors = (run: ActionRun): string[] => run.annotations.filter(a => a.level === 'error').map(a => a.message)

const inputs = (more: Record<string, string> = {}): Record<string, string> => localRelease({ stages: 'build,preflight,publish', ...more })

const released = async (workspace: string): Promise<string[]> => Object.keys(await releasedFiles(workspace))

/** The installed version of a distribution for Debian's interpreter, as importlib.metadata reports it. */
async function installed(name: string): Promise<string> {
  return execFileSync(PYTHON, ['-c', `import importlib.metadata as m; print(m.version(${JSON.stringify(name)}))`], { encoding: 'utf8' }).trim()
}

describe('build requirements the interpreter does not satisfy fail the build (build-isolation: false)', () => {
  it.each([
    {
      fixture: 'requires-flit-range',
      files: ['quill_ledger-0.6.0-py3-none-any.whl', 'quill-ledger-0.6.0.tar.gz'],
      unmet: async () => [`flit_core>=3.11,<4 (installed: ${await installed('flit_core')})`]
    },
    {
      fixture: 'requires-setuptools-plugin',
      files: ['brine_gauge-2.3.0-py3-none-any.whl', 'brine-gauge-2.3.0.tar.gz'],
      unmet: async () => [`setuptools>=70.1 (installed: ${await installed('setuptools')})`, 'setuptools-fixture-stamp>=1.2 (not installed)']
    },
    {
      fixture: 'requires-backend-hook',
      files: ['pika_hash-0.9.2-py3-none-any.whl', 'pika_hash-0.9.2.tar.gz'],
      unmet: async () => ["fixture-speedups-compiler>=3.0 (not installed; returned by the backend's get_requires_for_build_wheel)"]
    }
  ])(
    '$fixture: the build fails naming each unmet requirement and the installed version, nothing is published; ignore builds',
    async ({ fixture, files, unmet }) => {
      const { workspace } = await workspaceWith(join(PROJECTS, fixture))
      const failed = await runAction(workspace, inputs())
      expect(failed.code).toBe(1)
      const message = errors(failed).find(m => m.includes('Build requirements not met'))
      expect(message).toBeDefined()
      expect(message).toContain(`Build requirements not met in ${PYTHON} (build-isolation is false): ${(await unmet()).join('; ')}.`)
      expect(message).toContain(`or set build-requirements: ignore to build anyway`)
      expect(message).toContain(join(workspace, 'sub', 'pyproject.toml'))
      expect(await released(workspace)).toEqual([])

      const accepted = await runAction(workspace, inputs({ 'build-requirements': 'ignore' }))
      expect({ code: accepted.code, errors: errors(accepted) }).toEqual({ code: 0, errors: [] })
      expect(accepted.stdout).toContain('build-requirements: ignore: the build requirements in')
      expect(await released(workspace)).toEqual(['SHA256SUMS', ...files].sort())
    }
  )

  it("builder hatch without hatch on PATH builds with the interpreter's hatchling in place, so it checks too, whatever build-isolation says", async () => {
    const { workspace } = await workspaceWith(join(PROJECTS, 'requires-backend-hook'))
    const failed = await runAction(workspace, inputs({ builder: 'hatch', 'build-isolation': 'true' }))
    expect(failed.code).toBe(1)
    expect(errors(failed).join('\n')).toContain(
      `Build requirements not met in ${PYTHON} (builder is hatch and hatch is not on PATH, so hatchling builds in place): fixture-speedups-compiler>=3.0 (not installed; returned by the backend's get_requires_for_build_wheel)`
    )
    expect(errors(failed).join('\n')).toContain('put hatch on PATH (it builds in its own environment)')
    expect(await released(workspace)).toEqual([])
  })
})

describe("setuptools' setup_requires, which only its get_requires_for_build_wheel hook reports", () => {
  // setuptools' hooks run setup.py egg_info, which writes into the tree: they are asked in a second
  // unpacked copy of the sdist while the wheel builds from the first (the tree the wheel's build asks)
  const noIndex = { PIP_NO_INDEX: '1' } // setuptools would ask pip for a missing setup_requires: never the network here

  it('unmet: the build fails naming it and what the hook returned, nothing is published', async () => {
    const { workspace, project } = await workspaceWith(join(PROJECTS, 'requires-setup-requires'))
    const failed = await runAction(workspace, inputs(), noIndex)
    expect(failed.code).toBe(1)
    expect(errors(failed).join('\n')).toContain(
      `Build requirements not met in ${PYTHON} (build-isolation is false): fixture-sieve-cythonizer>=0.29 (not installed; returned by the backend's get_requires_for_build_wheel).`
    )
    expect(await released(workspace)).toEqual([])
    expect(await readdir(project)).not.toContain('build')
  })

  it('met: the hook is asked on the sdist while the wheel builds, its answer is in the log, and the release goes out', async () => {
    const { workspace, project } = await workspaceWith(join(PROJECTS, 'requires-setup-requires'))
    const cfg = await readFile(join(project, 'setup.cfg'), 'utf8')
    await writeFile(join(project, 'setup.cfg'), cfg.replace('fixture-sieve-cythonizer>=0.29', 'wheel>=0.30'))
    const run = await runAction(workspace, inputs(), noIndex)
    expect({ code: run.code, errors: errors(run) }).toEqual({ code: 0, errors: [] })
    expect(run.stdout).toContain('building the wheel from marl-sieve-1.4.0.tar.gz')
    expect(run.stdout).toMatch(/build requirements met in \S+: setuptools>=61 \([^)]+\), .*wheel>=0\.30 \([^)]+\)/)
    expect(await released(workspace)).toEqual(['SHA256SUMS', 'marl-sieve-1.4.0.tar.gz', 'marl_sieve-1.4.0-py3-none-any.whl'])
  })
})

describe("setuptools' hooks answered without running them (no setup.py, no setup_requires)", () => {
  // requirements.ts setuptoolsAnswersStatically: build_meta's hooks then return [] for the sdist and
  // ['wheel'] for the wheel before setuptools 70.1. Compared here with the real hook, run by Debian's
  // setuptools in a copy of each fixture, and the check must not have written egg-info (the hook does).
  it.each(['setuptools-basic', 'setuptools-cfg', 'setuptools-dynamic-readme'])('%s: the same answer as the hook, and the tree untouched', async fixture => {
    const hooked = await mkdtemp(join(tmpdir(), 'pra-req-hook-'))
    const checked = await mkdtemp(join(tmpdir(), 'pra-req-static-'))
    await cp(join(PROJECTS, fixture), hooked, { recursive: true })
    await cp(join(PROJECTS, fixture), checked, { recursive: true })
    const hook = JSON.parse(
      execFileSync(PYTHON, ['-c', 'import json, setuptools.build_meta as b; print(json.dumps(b.get_requires_for_build_wheel({})))'], {
        cwd: hooked,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore']
      })
        .trim()
        .split('\n')
        .at(-1)!
    ) as string[]
    expect((await readdir(hooked, { recursive: true })).some(name => name.endsWith('.egg-info'))).toBe(true) // the hook ran egg_info
    const report = await checkRequirements(PYTHON, checked)
    if ('error' in report) throw new Error(report.error)
    // what the hook returns beyond [build-system] requires is checked as the hook's answer (CHECK_SCRIPT)
    const declared = (parseToml(await readFile(join(checked, 'pyproject.toml'), 'utf8')) as { 'build-system': { requires: string[] } })['build-system'].requires
    expect(report.checked.filter(c => c.source === 'get_requires_for_build_wheel').map(c => c.requirement)).toEqual(hook.filter(r => !declared.includes(r)))
    expect(hook.every(r => report.checked.some(c => c.requirement === r))).toBe(true)
    expect(report.notes).toEqual([])
    expect((await readdir(checked, { recursive: true })).filter(name => name.endsWith('.egg-info'))).toEqual([])
  })

  it('setup_requires in setup.cfg still asks the hook (requires-setup-requires)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pra-req-cfg-'))
    await cp(join(PROJECTS, 'requires-setup-requires'), dir, { recursive: true })
    const report = await checkRequirements(PYTHON, dir)
    if ('error' in report) throw new Error(report.error)
    expect(report.unmet.map(u => u.source)).toContain('get_requires_for_build_wheel')
  })
})

describe('a requirement its PEP 508 marker excludes is not required', () => {
  const files = ['SHA256SUMS', 'sorrel_tags-1.1.0-py3-none-any.whl', 'sorrel_tags-1.1.0.tar.gz']

  it.each([
    ['build', {}],
    ['hatch (hatchling in place)', { builder: 'hatch' }],
    ['build, both from the tree', { 'wheel-from-sdist': 'false' }]
  ])('requires-marker-excluded builds and publishes with builder %s', async (_name, more) => {
    const { workspace } = await workspaceWith(join(PROJECTS, 'requires-marker-excluded'))
    const run = await runAction(workspace, inputs(more))
    expect({ code: run.code, errors: errors(run) }).toEqual({ code: 0, errors: [] })
    expect(run.stdout).toMatch(
      /build requirements met in \S+: hatchling>=1\.0 \([^)]+\), hatch-fixture-py2-shim>=2; python_version < '3' \(skipped: marker python_version < "3" is false here\)/
    )
    expect(await released(workspace)).toEqual(files)
  })

  it('the same pins with markers true here fail, so the markers are what let it build', async () => {
    const { workspace, project } = await workspaceWith(join(PROJECTS, 'requires-marker-excluded'))
    const toml = await readFile(join(project, 'pyproject.toml'), 'utf8')
    await writeFile(
      join(project, 'pyproject.toml'),
      toml.replace("python_version < '3'", "python_version >= '3'").replace("sys_platform == 'fixture-os'", "sys_platform != 'fixture-os'")
    )
    const run = await runAction(workspace, inputs())
    expect(run.code).toBe(1)
    expect(errors(run).join('\n')).toContain(
      `: hatch-fixture-py2-shim>=2; python_version >= '3' (not installed); flit_core>=99; sys_platform != 'fixture-os' (installed: ${await installed('flit_core')}).`
    )
    expect(errors(run).join('\n')).toContain(`'${PYTHON} -m pip install "hatch-fixture-py2-shim>=2" "flit_core>=99"'`)
    expect(await released(workspace)).toEqual([])
  })
})

describe('the check only runs when the build uses the interpreter', () => {
  it('with isolation (builder build or uv) or hatch on PATH nothing is checked: no interpreter is even run', async () => {
    for (const [frontend, isolation] of [
      ['build', true],
      ['uv', true],
      ['hatch', false],
      ['hatch', true]
    ] as const) {
      await expect(
        buildRequirementsProblem({
          python: '/nonexistent/python3',
          frontend,
          isolation,
          sourceDir: '/nonexistent',
          pyproject: '/nonexistent/pyproject.toml',
          logger: silentLogger
        })
      ).resolves.toBeUndefined()
    }
  })

  it('an interpreter that cannot check fails the build naming input python and the ways forward', async () => {
    const problem = await buildRequirementsProblem({
      python: '/nonexistent/python3',
      frontend: 'build',
      isolation: false,
      sourceDir: join(PROJECTS, 'requires-flit-range'),
      pyproject: 'sub/pyproject.toml',
      logger: silentLogger
    })
    expect(problem).toMatch(
      /^Input 'python' \(\/nonexistent\/python3\) cannot be run to check the build requirements of sub\/pyproject\.toml \(build-isolation is false\): /
    )
    expect(problem).toContain('set build-isolation: true, or set build-requirements: ignore to build without the check')
  })
})

describe('extras, and an interpreter that cannot evaluate requirements', () => {
  it("an extra's own requirements are checked: requests[socks] needs PySocks, which Debian's requests does not bring", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pra-req-extra-'))
    await writeFile(join(dir, 'pyproject.toml'), '[build-system]\nrequires = ["hatchling", "requests[socks]>=2"]\nbuild-backend = "hatchling.build"\n')
    const report = await checkRequirements(PYTHON, dir)
    expect('unmet' in report && report.unmet).toEqual([
      { requirement: 'PySocks!=1.5.7,>=1.5.6', installed: null, why: "needed by requests's extra [socks]; not installed", source: 'requires' }
    ])
  })

  it('a venv without packaging or pip fails the build saying so, with the ways forward', async () => {
    const venv = join(await mkdtemp(join(tmpdir(), 'pra-req-venv-')), 'venv')
    execFileSync(PYTHON, ['-m', 'venv', '--without-pip', venv])
    const problem = await buildRequirementsProblem({
      python: join(venv, 'bin', 'python'),
      frontend: 'uv',
      isolation: false,
      sourceDir: join(PROJECTS, 'requires-flit-range'),
      pyproject: 'sub/pyproject.toml',
      logger: silentLogger
    })
    expect(problem).toBe(
      `Cannot check the build requirements of sub/pyproject.toml in '${join(venv, 'bin', 'python')}' (input 'python'; build-isolation is false): ` +
        "it has neither the 'packaging' package nor pip to evaluate requirements with. " +
        "Install 'packaging' in that interpreter, set build-isolation: true, or set build-requirements: ignore to build without the check."
    )
  })
})
