// Build requirements without isolation (issue 15, pattern 4): `--no-isolation --skip-dependency-check`
// builds with whatever the interpreter has, so a `[build-system] requires` the environment does not
// satisfy (a backend range, a plugin) used to build anyway, with the wrong backend or without the plugin.
// Here each requirement — the static `requires` and what the backend's get_requires_for_build_sdist/wheel
// return — is checked against the interpreter's installed distributions by the interpreter itself,
// with `packaging` (PEP 508 markers, specifiers, extras) and importlib.metadata, as PyPA's build does.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import * as exec from '@actions/exec'
import { parse as parseToml } from 'smol-toml'
import type { Logger } from '../types.js'

export const BUILD_REQUIREMENTS = ['check', 'ignore'] as const
/** Input 'build-requirements': check them when the build uses the interpreter's packages, or not. */
export type BuildRequirementsMode = (typeof BUILD_REQUIREMENTS)[number]

/** One requirement the interpreter does not satisfy. */
export interface UnmetRequirement {
  /** As written (normalized by packaging when it parses). */
  requirement: string
  /** The installed distribution's version; null when none is installed. */
  installed: string | null
  /** Why it is unmet, in words. */
  why: string
  /** 'requires' ([build-system] requires) or the backend hook that returned it. */
  source: string
}

export interface RequirementsReport {
  /** The interpreter's sys.executable. */
  executable: string
  /** Every requirement checked, with the installed version (null: not installed or excluded by its marker). */
  checked: Array<{ requirement: string; installed: string | null; source: string; skipped?: string }>
  unmet: UnmetRequirement[]
  /** Hooks that could not be asked (backend not importable, hook raised): the build will say more. */
  notes: string[]
  /** No [build-system] (or no pyproject.toml): the requirements checked are PEP 517's fallback. */
  defaulted?: boolean
}

/**
 * PEP 517/518's fallback for a project without pyproject.toml or without [build-system] (six, setup.py
 * only), as PyPA's build has it: `_DEFAULT_BACKEND = {'build-backend': 'setuptools.build_meta:__legacy__',
 * 'requires': ['setuptools >= 40.8.0']}` (pypa/build src/build/_builder.py, lines 54-57 at b317437).
 * Its 0.9 (Debian 12) also listed `wheel`; build 1.1 dropped it (0aced36, #716) because setuptools'
 * get_requires_for_build_wheel hook returns it where that setuptools needs it (before 70.1), and the hook
 * is asked here too: requiring wheel outright would refuse a setuptools >= 70.1 that builds without it.
 */
const DEFAULT_BUILD_SYSTEM = { requires: ['setuptools >= 40.8.0'], backend: 'setuptools.build_meta:__legacy__' }

const MARKER = 'PYTHON_RELEASE_REQUIREMENTS_JSON:'

// Runs in one fresh interpreter, in the source directory, like a PEP 517 frontend's hook runner; asks
// each hook in turn (one interpreter start, not one per hook) and writes {hook: answer} as JSON.
const HOOK_SCRIPT = String.raw`
import importlib, json, os, sys
backend, paths, hooks, out = sys.argv[1], json.loads(sys.argv[2]), json.loads(sys.argv[3]), sys.argv[4]
for path in reversed(paths):
    sys.path.insert(0, os.path.abspath(path))
module_name, _, attrs = backend.partition(':')
answers = {}
def write():
    with open(out, 'w') as f:
        json.dump(answers, f)
try:
    target = importlib.import_module(module_name.strip())
    for attr in [a for a in attrs.strip().split('.') if a]:
        target = getattr(target, attr)
except Exception as error:
    answers['unavailable'] = '%s: %s' % (type(error).__name__, error)
    write()
    sys.exit(0)
for hook in hooks:
    function = getattr(target, hook, None)
    try:
        answers[hook] = {'requires': [] if function is None else [str(r) for r in function({})]}
    except BaseException as error:
        answers[hook] = {'failed': '%s: %s' % (type(error).__name__, error)}
    write()
`

const CHECK_SCRIPT = String.raw`
import json, os, subprocess, sys, tempfile
config = json.loads(sys.argv[1])
marker = sys.argv[2]
hook_script = sys.argv[3]
def done(value):
    sys.stdout.write('\n' + marker + json.dumps(value) + '\n')
    sys.exit(0)
try:
    from packaging.requirements import Requirement, InvalidRequirement
    from packaging.utils import canonicalize_name
except ImportError:
    try:
        from pip._vendor.packaging.requirements import Requirement, InvalidRequirement
        from pip._vendor.packaging.utils import canonicalize_name
    except ImportError:
        done({'error': "it has neither the 'packaging' package nor pip to evaluate requirements with"})
try:
    import importlib.metadata as metadata
except ImportError:
    done({'error': 'it has no importlib.metadata (Python 3.8 or later is needed)'})

def distribution(name):
    try:
        return metadata.distribution(name)
    except metadata.PackageNotFoundError:
        pass
    wanted = canonicalize_name(name)
    for dist in metadata.distributions():
        found = dist.metadata['Name']
        if found and canonicalize_name(found) == wanted:
            return dist
    return None

checked, unmet, notes = [], [], []
def check(text, source):
    try:
        req = Requirement(text)
    except InvalidRequirement as error:
        unmet.append({'requirement': text, 'installed': None, 'why': 'not a valid PEP 508 requirement (%s)' % error, 'source': source})
        return
    written = text.strip()
    if req.marker is not None and not req.marker.evaluate({'extra': ''}):
        checked.append({'requirement': written, 'installed': None, 'source': source, 'skipped': 'marker %s is false here' % req.marker})
        return
    dist = distribution(req.name)
    version = None if dist is None else dist.version
    checked.append({'requirement': written, 'installed': version, 'source': source})
    if dist is None:
        unmet.append({'requirement': written, 'installed': None, 'why': 'not installed', 'source': source})
        return
    if req.specifier and not req.specifier.contains(version, prereleases=True):
        unmet.append({'requirement': written, 'installed': version, 'why': 'installed %s is outside %s' % (version, req.specifier), 'source': source})
        return
    # an extra's own requirements: those its marker turns on (the package's plain dependencies are the installer's business)
    for extra in sorted(req.extras):
        for dep_text in dist.requires or []:
            dep = Requirement(dep_text)
            if dep.marker is None or dep.marker.evaluate({'extra': ''}) or not dep.marker.evaluate({'extra': extra}):
                continue
            dep.marker = None
            dep_dist = distribution(dep.name)
            dep_version = None if dep_dist is None else dep_dist.version
            if dep_dist is None or (dep.specifier and not dep.specifier.contains(dep_version, prereleases=True)):
                unmet.append({'requirement': str(dep), 'installed': dep_version,
                              'why': "needed by %s's extra [%s]; %s" % (req.name, extra, 'not installed' if dep_dist is None else 'installed %s is outside %s' % (dep_version, dep.specifier)),
                              'source': source})

hooks = ['get_requires_for_build_' + kind for kind in config['hookKinds']] if config['hooks'] else []
runner = None
static = None
code = 0
if hooks and config.get('setuptoolsStatic'):
    # what setuptools.build_meta's hooks return with no setup.py and no setup_requires (requirements.ts)
    try:
        from packaging.version import Version
    except ImportError:
        from pip._vendor.packaging.version import Version
    installed = distribution('setuptools')
    if installed is None:
        static = {'unavailable': 'ModuleNotFoundError: setuptools is not installed'}
    else:
        static = {hook: {'requires': ['wheel'] if hook.endswith('_wheel') and Version(installed.version) < Version('70.1') else []} for hook in hooks}
elif hooks:
    handle, out = tempfile.mkstemp(suffix='.json')
    os.close(handle)
    # the hooks run while the static requirements are checked here
    runner = subprocess.Popen([sys.executable, '-c', hook_script, config['backend'], json.dumps(config['backendPath']), json.dumps(hooks), out],
                              stdout=sys.stderr, stdin=subprocess.DEVNULL)
for text in config['requires']:
    check(text, 'requires')
if runner is not None:
    try:
        code = runner.wait()
        with open(out) as f:
            text = f.read()
        answers = json.loads(text) if text else {}
    finally:
        os.unlink(out)
if static is not None:
    answers = static
if hooks:
    if 'unavailable' in answers:
        notes.append("%s not asked: backend '%s' cannot be imported (%s)" % (hooks[0], config['backend'], answers['unavailable']))
        hooks = []
    for hook in hooks:
        answer = answers.get(hook, {'failed': 'exited with code %d' % code})
        if 'failed' in answer:
            notes.append('%s failed (%s); the build will say why' % (hook, answer['failed']))
            continue
        for text in answer['requires']:
            if text not in config['requires'] and not any(c['requirement'] == text and c['source'] == hook for c in checked):
                check(text, hook)
done({'executable': sys.executable, 'checked': checked, 'unmet': unmet, 'notes': notes})
`

/** The build system pyproject.toml declares, or PEP 517's fallback; undefined when pyproject.toml cannot be read. */
async function buildSystem(sourceDir: string): Promise<{ requires: string[]; backend: string; backendPath: string[]; defaulted?: boolean } | undefined> {
  let text: string
  try {
    text = await readFile(join(sourceDir, 'pyproject.toml'), 'utf8')
  } catch {
    return { ...DEFAULT_BUILD_SYSTEM, backendPath: [], defaulted: true } // setup.py only
  }
  let table: Record<string, unknown> | undefined
  try {
    table = (parseToml(text) as { 'build-system'?: Record<string, unknown> })['build-system']
  } catch {
    return undefined // the build names the TOML error
  }
  if (table === undefined) return { ...DEFAULT_BUILD_SYSTEM, backendPath: [], defaulted: true }
  const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [])
  return {
    requires: strings(table['requires']),
    backend: typeof table['build-backend'] === 'string' ? table['build-backend'] : DEFAULT_BUILD_SYSTEM.backend,
    backendPath: strings(table['backend-path'])
  }
}

/** Backends whose get_requires_for_build_* hooks only read the source tree (no in-tree backend-path ones). */
const READ_ONLY_HOOKS = new Set(['flit_core.buildapi', 'hatchling.build', 'poetry.core.masonry.api', 'pdm.backend'])

/**
 * Whether setuptools' requirement hooks can be answered without running them: setuptools.build_meta with
 * no setup.py and no setup_requires in setup.cfg. Its hooks run setup.py (a stand-in
 * `from setuptools import setup; setup()` when there is none: build_meta.py `_open_setup_script`, lines
 * 132-137 at pypa/setuptools 7d53128) under a patch that turns a non-empty setup_requires into their
 * answer (`_get_build_requires`, 291-305), and setup_requires comes only from setup() arguments or
 * setup.cfg (`_install_setup_requires` in setuptools/__init__.py ignores pyproject.toml, 52-74). So
 * without setup.py or setup_requires, get_requires_for_build_sdist returns [] and
 * get_requires_for_build_wheel returns ['wheel'] before setuptools 70.1 (b3d3e93a8 "Adopted the
 * bdist_wheel command from wheel" dropped it) and [] since: the check answers that from the installed
 * setuptools' version, and spares an interpreter that imports setuptools and runs egg_info (writing into
 * the tree, which would keep the hooks from running beside the build).
 */
async function setuptoolsAnswersStatically(sourceDir: string, system: { backend: string; backendPath: string[] }): Promise<boolean> {
  if (system.backend !== 'setuptools.build_meta' || system.backendPath.length > 0) return false
  const setupPy = await readFile(join(sourceDir, 'setup.py'), 'utf8').then(
    () => true,
    (error: NodeJS.ErrnoException) => error.code !== 'ENOENT'
  )
  if (setupPy) return false
  const setupCfg = await readFile(join(sourceDir, 'setup.cfg'), 'utf8').catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? '' : undefined))
  // setup_requires (or setup-requires: distutils' config reader takes both) anywhere in it: ask the hook
  return setupCfg !== undefined && !/setup[_-]requires/i.test(setupCfg)
}

/**
 * Whether the backend's requirement hooks leave the source tree alone, so that they may run while the
 * backend builds from it; setuptools' write egg-info there (unless answered without running them), and
 * an in-tree backend may do anything.
 */
export async function requirementHooksReadOnly(sourceDir: string): Promise<boolean> {
  const system = await buildSystem(sourceDir)
  if (system === undefined || system.backendPath.length > 0) return false
  return READ_ONLY_HOOKS.has(system.backend) || (await setuptoolsAnswersStatically(sourceDir, system))
}

/** Checks every build requirement against `python`'s installed distributions, from `sourceDir`. */
export async function checkRequirements(python: string, sourceDir: string): Promise<RequirementsReport | { error: string; unrunnable?: boolean }> {
  const system = await buildSystem(sourceDir)
  if (system === undefined) return { executable: python, checked: [], unmet: [], notes: ['pyproject.toml cannot be parsed; the build will say why'] }
  // setuptools answers the sdist hook with a subset of the wheel hook's answer (both run setup.py's
  // egg_info; the wheel's adds what bdist_wheel needs), so one run of setup.py is enough there
  const hookKinds = system.backend.startsWith('setuptools.build_meta') ? ['wheel'] : ['sdist', 'wheel']
  const { defaulted, ...declared } = system
  const config = { ...declared, hooks: true, hookKinds, setuptoolsStatic: await setuptoolsAnswersStatically(sourceDir, system) }
  let output: exec.ExecOutput
  try {
    output = await exec.getExecOutput(python, ['-c', CHECK_SCRIPT, JSON.stringify(config), MARKER, HOOK_SCRIPT], {
      cwd: sourceDir,
      silent: true,
      ignoreReturnCode: true
    })
  } catch (error) {
    return { error: `it cannot be run: ${(error as Error).message}`, unrunnable: true }
  }
  const line = output.stdout.split('\n').find(l => l.startsWith(MARKER))
  if (line === undefined) {
    const tail = output.stderr.trim().split('\n').slice(-5).join('\n')
    return { error: `the check exited with code ${output.exitCode}${tail === '' ? '' : `:\n${tail}`}` }
  }
  const report = JSON.parse(line.slice(MARKER.length)) as RequirementsReport | { error: string }
  return defaulted && !('error' in report) ? { ...report, defaulted } : report
}

export interface RequirementsCheckOptions {
  /** Input 'build-requirements'; default check. */
  mode?: BuildRequirementsMode
  /** Input 'python'. */
  python: string
  /** Which program builds: 'build' and 'uv' use the interpreter's packages without isolation; 'hatchling' always; 'hatch' never. */
  frontend: 'build' | 'hatch' | 'hatchling' | 'uv'
  isolation: boolean
  /** The directory the build reads (the project, or the copy of it). */
  sourceDir: string
  /** The project's pyproject.toml, for messages. */
  pyproject: string
  logger: Logger
}

const describeUnmet = (u: UnmetRequirement): string =>
  `${u.requirement} (${u.installed === null ? 'not installed' : `installed: ${u.installed}`}` +
  `${u.why === 'not installed' || u.why.startsWith('installed ') ? '' : `; ${u.why}`}` +
  `${u.source === 'requires' ? '' : `; returned by the backend's ${u.source}`})`

/**
 * Undefined when the build may go on; otherwise the message of the build's failure: every unmet
 * requirement with what is installed, and the three ways forward.
 */
/** Whether the build uses the interpreter's own packages (no isolated environment), so that its requirements are the interpreter's business. */
const usesInterpreter = (options: Pick<RequirementsCheckOptions, 'frontend' | 'isolation'>): boolean =>
  options.frontend === 'hatchling' || (!options.isolation && (options.frontend === 'build' || options.frontend === 'uv'))

/** Whether buildRequirementsProblem runs the check (and the backend's hooks) with these options. */
export const requirementsChecked = (options: Pick<RequirementsCheckOptions, 'frontend' | 'isolation' | 'mode'>): boolean =>
  usesInterpreter(options) && (options.mode ?? 'check') === 'check'

export async function buildRequirementsProblem(options: RequirementsCheckOptions): Promise<string | undefined> {
  const { python, logger } = options
  if (!usesInterpreter(options)) return undefined
  const why = options.frontend === 'hatchling' ? 'builder is hatch and hatch is not on PATH, so hatchling builds in place' : 'build-isolation is false'
  if ((options.mode ?? 'check') === 'ignore') {
    logger.info(`build-requirements: ignore: the build requirements in ${options.pyproject} are not checked against ${python} (${why})`)
    return undefined
  }
  const report = await checkRequirements(python, options.sourceDir)
  if ('error' in report) {
    if (report.unrunnable) {
      return (
        `Input 'python' (${python}) cannot be run to check the build requirements of ${options.pyproject} (${why}): ${report.error.replace(/^it cannot be run: /, '')}. ` +
        `Set 'python' to the interpreter that has the build backend installed, set build-isolation: true, or set build-requirements: ignore to build without the check.`
      )
    }
    return (
      `Cannot check the build requirements of ${options.pyproject} in '${python}' (input 'python'; ${why}): ${report.error}. ` +
      `Install 'packaging' in that interpreter, set build-isolation: true, or set build-requirements: ignore to build without the check.`
    )
  }
  for (const note of report.notes) logger.info(`build requirements: ${note}`)
  if (report.unmet.length === 0) {
    const met = report.checked.map(c => (c.skipped !== undefined ? `${c.requirement} (skipped: ${c.skipped})` : `${c.requirement} (${c.installed})`))
    logger.info(`build requirements met in ${report.executable}: ${met.join(', ') || 'none declared'}`)
    return undefined
  }
  const install = report.unmet.map(u => `"${u.requirement.split(';')[0]!.trim()}"`).join(' ')
  return (
    `Build requirements not met in ${python} (${why}): ${report.unmet.map(describeUnmet).join('; ')}. ` +
    (report.defaulted
      ? `${options.pyproject} has no [build-system] (or does not exist), so they are what python -m build assumes then (setuptools' legacy backend) or what that backend asks for. `
      : `They are [build-system] requires in ${options.pyproject} or what its backend asks for. `) +
    `Install them in the interpreter ('${python} -m pip install ${install}'), ` +
    `${options.frontend === 'hatchling' ? 'put hatch on PATH (it builds in its own environment)' : 'set build-isolation: true'}, ` +
    `or set build-requirements: ignore to build anyway.`
  )
}
