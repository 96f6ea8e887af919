// npm run bench:pipeline: the whole pipeline's overhead. For fixture projects, alternating rounds in the
// same run of
//   (a) a bare `/usr/bin/python3 -m build --no-isolation` into a temp dir (the issue's reference: build
//       checks the build requirements, asking the backend's hooks, as the action does by default),
//   (a') the same with --skip-dependency-check (no check: the floor, for build-requirements: ignore), and
//   (b) the bundled action, `node dist/index.js`, with stages certify,build,preflight,publish, target
//       local (a temp directory outside the project), build-isolation false, no test or coverage report
//       (BENCH_REPORTS=1 adds a JUnit and a coverage report),
// each on a fresh copy of the project (a git repository with one commit, as a checkout is; tagged v1.4.0
// where the version is the tag's), timed from spawn to exit. Prints each side's median, the overhead and
// the goal's allowance per project (issue 24: at most max(0.25 s, 15 % of the bare build) more), then
// where the action's time goes, from its PYTHON_RELEASE_TRACE=1 lines (src/trace.ts): Node's start and
// the bundle's load, the rest of the time to the first stage, certify, the build before its command, the
// build command(s), the inspection after them, the rest of the build stage (description verdicts, the
// docs taken again, the manifest), preflight, publish, and the exit after the report.
// Projects: the small fixtures (flit-basic, setuptools-basic, hatch-basic), the tag-versioned fixtures
// (scm-setuptools, vcs-hatch), and two made here: c-extension (a setuptools Extension of five .c files)
// and many-files (a setuptools project of about 500 modules).
// BENCH_RUNS (default 5) sets the rounds; BENCH_PROJECTS (comma-separated names) the projects; BENCH_INPUTS
// more inputs (`build-requirements=ignore,check-reproducible=true`); BENCH_SHOW_LOG=1 prints each run's log;
// BENCH_BUNDLE another bundle than dist/index.js (`node scripts/package.mjs DIR` writes one);
// BENCH_BASELINE a second bundle (say, before a change) run in the same rounds, for a before/after
// comparison (its stages are shown too when it traces).
// The action runs on node24 (action.yml), so the bundle runs on the Node 24 the devDependency installs
// (Node 20 starts about 30 ms slower here); BENCH_NODE names another.
import { spawn, spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

const root = join(import.meta.dirname, '..')
const bundle = process.env.BENCH_BUNDLE ?? join(root, 'dist', 'index.js')
const PYTHON = '/usr/bin/python3'
const RUNS = Number(process.env.BENCH_RUNS ?? 5)
const WARMUPS = 1
const BASELINE = process.env.BENCH_BASELINE
const REPORTS = process.env.BENCH_REPORTS === '1'
/** BENCH_INPUTS: more inputs for the action, `name=value` comma-separated (say, build-requirements=ignore). */
const EXTRA_INPUTS = Object.fromEntries(
  (process.env.BENCH_INPUTS ?? '')
    .split(',')
    .filter(Boolean)
    .map(pair => [`INPUT_${pair.slice(0, pair.indexOf('=')).toUpperCase()}`, pair.slice(pair.indexOf('=') + 1)])
)
const PROJECTS = (process.env.BENCH_PROJECTS ?? 'flit-basic,setuptools-basic,hatch-basic,scm-setuptools,vcs-hatch,c-extension,many-files')
  .split(',')
  .map(s => s.trim())
  .filter(Boolean)
const fixtures = join(root, '__tests__', 'fixtures')
const node24 = join(root, 'node_modules', 'node', 'bin', 'node')
const NODE = process.env.BENCH_NODE ?? (existsSync(node24) ? node24 : process.execPath)
const nodeVersion = spawnSync(NODE, ['--version'], { encoding: 'utf8' }).stdout.trim()

const work = mkdtempSync(join(tmpdir(), 'pra-bench-pipeline-'))
process.on('exit', () => rmSync(work, { recursive: true, force: true }))
let counter = 0

const git = (cwd, ...args) => {
  const run = spawnSync('git', args, {
    cwd,
    stdio: 'ignore',
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: 'bench',
      GIT_AUTHOR_EMAIL: 'bench@example.invalid',
      GIT_COMMITTER_NAME: 'bench',
      GIT_COMMITTER_EMAIL: 'bench@example.invalid'
    }
  })
  if (run.status !== 0) throw new Error(`git ${args.join(' ')} failed in ${cwd}`)
}

/** Writes `files` (path → text) under `dir`. */
function writeTree(dir, files) {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
}

const pyproject = (name, extra) => `[build-system]
requires = ["setuptools>=61"]
build-backend = "setuptools.build_meta"

[project]
name = "${name}"
version = "1.4.0"
description = "A project bench:pipeline makes"
readme = "README.md"
license = { text = "MIT" }
requires-python = ">=3.8"
${extra}`

const DOCSTRING = '"""'

/** A C extension: four source files of 40 functions each and the module's own (setuptools compiles each, then links one module). */
function cExtension() {
  const parts = ['north', 'south', 'east', 'west']
  const sources = [...parts, 'module'].map(part => `"src/cext/${part}.c"`).join(', ')
  const files = {
    'pyproject.toml': pyproject('bench-cext', '\n[tool.setuptools]\npackages = ["cext"]\npackage-dir = { "" = "src" }\n'),
    'setup.py': `from setuptools import Extension, setup\n\nsetup(ext_modules=[Extension("cext._speedups", sources=[${sources}])])\n`,
    'MANIFEST.in': 'include src/cext/*.h\n',
    'README.md': '# bench-cext\n\nA C extension.\n',
    LICENSE: 'MIT License\n',
    'src/cext/__init__.py': `${DOCSTRING}A C extension.${DOCSTRING}\nfrom ._speedups import total\n`,
    'src/cext/parts.h': parts.map(part => `long ${part}(long x);`).join('\n') + '\n',
    'src/cext/module.c': [
      '#define PY_SSIZE_T_CLEAN',
      '#include <Python.h>',
      '#include "parts.h"',
      'static PyObject *total(PyObject *self, PyObject *args) {',
      '    long x;',
      '    if (!PyArg_ParseTuple(args, "l", &x)) return NULL;',
      `    return PyLong_FromLong(${parts.map(part => `${part}(x)`).join(' + ')});`,
      '}',
      'static PyMethodDef methods[] = {{"total", total, METH_VARARGS, "sum of the parts"}, {NULL, NULL, 0, NULL}};',
      'static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "_speedups", NULL, -1, methods};',
      'PyMODINIT_FUNC PyInit__speedups(void) { return PyModule_Create(&module); }',
      ''
    ].join('\n')
  }
  parts.forEach((part, i) => {
    const functions = Array.from({ length: 40 }, (_, j) => `static long ${part}_${j}(long x) { return (x * ${j + 3} + ${i}) % ${1009 + j}; }`)
    const sum = Array.from({ length: 40 }, (_, j) => `${part}_${j}(x)`).join(' + ')
    files[`src/cext/${part}.c`] = `#include "parts.h"\n${functions.join('\n')}\nlong ${part}(long x) { return ${sum}; }\n`
  })
  return files
}

/** About 500 modules in 24 subpackages, a framework-sized pure package. */
function manyFiles() {
  const files = {
    'pyproject.toml': pyproject('bench-many-files', '\n[tool.setuptools.packages.find]\nwhere = ["src"]\n'),
    'README.md': '# bench-many-files\n\nMany modules.\n',
    LICENSE: 'MIT License\n',
    'src/many/__init__.py': `${DOCSTRING}Many modules.${DOCSTRING}\n`
  }
  for (let p = 0; p < 24; p++) {
    files[`src/many/sub${p}/__init__.py`] = `${DOCSTRING}Subpackage ${p}.${DOCSTRING}\n`
    for (let m = 0; m < 20; m++) {
      const functions = Array.from(
        { length: 12 },
        (_, f) => `def function_${f}(value):\n    ${DOCSTRING}Returns value scaled by ${f}.${DOCSTRING}\n    return value * ${f} + ${p * m}\n`
      )
      files[`src/many/sub${p}/module${m}.py`] = `${DOCSTRING}Module ${m} of subpackage ${p}.${DOCSTRING}\n\n\n${functions.join('\n\n')}`
    }
  }
  return files
}

/** Projects made here rather than kept as fixtures. */
const GENERATED = { 'c-extension': cExtension, 'many-files': manyFiles }

/** Fixtures whose version is the git tag's (setuptools-scm, hatch-vcs): their commit is tagged, and the ref is the tag. */
const TAGGED = new Set(['scm-setuptools', 'vcs-hatch'])
const TAG = 'v1.4.0'

/**
 * The project's folder in the workspace: a tag-versioned project is the repository itself (setuptools-scm
 * and hatch-vcs look for git in the project's folder), the others a folder beside the reports.
 */
const projectDir = project => (TAGGED.has(project) ? '.' : 'project')

/** A fresh workspace: a git checkout with one commit (tagged where the version is the tag's): the project and the reports. */
function workspace(project) {
  const dir = join(work, `ws-${++counter}`)
  const into = join(dir, projectDir(project))
  if (GENERATED[project]) writeTree(into, GENERATED[project]())
  else cpSync(join(fixtures, 'projects', project), into, { recursive: true })
  if (REPORTS) {
    mkdirSync(join(dir, 'reports'))
    cpSync(join(fixtures, 'reports', 'pytest-passing.xml'), join(dir, 'reports', 'junit.xml'))
    cpSync(join(fixtures, 'reports', 'coverage-passing.xml'), join(dir, 'reports', 'coverage.xml'))
  }
  git(dir, 'init', '-q', '-b', 'main')
  git(dir, 'add', '.')
  git(dir, 'commit', '-q', '-m', 'release')
  if (TAGGED.has(project)) git(dir, 'tag', TAG)
  return dir
}

/** Seconds from spawn to exit and the output; throws with the output when the command fails. */
function time(program, args, options) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint()
    const child = spawn(program, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', chunk => (output += chunk))
    child.stderr.on('data', chunk => (output += chunk))
    child.on('error', reject)
    child.on('close', code => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9
      if (code === 0) resolve({ seconds, output })
      else reject(new Error(`${program} ${args.join(' ')} exited with ${code}:\n${output}`))
    })
  })
}

/**
 * A bare build: `python -m build --no-isolation`, the issue's reference, which checks the build
 * requirements (the backend's hooks in a subprocess, build's check_dependencies) as the action does by
 * default (build-requirements: check); with `skip` also --skip-dependency-check (no check at all), the
 * reference for an action run with build-requirements: ignore.
 */
const uncheckable = new Set()
async function bareBuild(project, skip = false) {
  const dir = workspace(project)
  const out = join(work, `out-${counter}`)
  const flags = ['--no-isolation', ...(skip ? ['--skip-dependency-check'] : [])]
  if (!skip && uncheckable.has(project)) return NaN
  let seconds
  try {
    ;({ seconds } = await time(PYTHON, ['-m', 'build', ...flags, '--outdir', out, join(dir, projectDir(project))], { cwd: dir, env: process.env }))
  } catch (error) {
    // build's check follows each requirement's own dependencies: Debian's hatchling declares editables,
    // which Debian does not package, so build refuses it here; such a project is compared with the floor
    if (skip || !/ERROR Missing dependencies/.test(error.message)) throw error
    uncheckable.add(project)
    return NaN
  }
  if (readdirSync(out).length !== 2) throw new Error(`python -m build wrote ${readdirSync(out).join(', ')}`)
  return seconds
}

/** `trace: <milestone> at <ms> ms` lines: milestone → its times (ms from the process's start), in order. */
function traces(output) {
  const seen = new Map()
  for (const match of output.matchAll(/^trace: (.+) at ([\d.]+) ms$/gm)) {
    if (!seen.has(match[1])) seen.set(match[1], [])
    seen.get(match[1]).push(Number(match[2]))
  }
  return seen
}

/**
 * Where one run's time went (ms), from its trace lines; undefined without them (a bundle from before
 * trace.ts). The build runs alongside certify, so the build's parts overlap certify.
 */
function stagesOf(output, seconds) {
  const seen = traces(output)
  const first = name => seen.get(name)?.[0] ?? NaN
  const last = name => seen.get(name)?.at(-1) ?? NaN
  const loaded = first('bundle loaded')
  if (Number.isNaN(loaded)) return undefined
  const firstStage = Math.min(first('certify start'), first('build start'))
  return {
    'node+load': loaded,
    'to stage 1': firstStage - loaded,
    certify: first('certify end') - first('certify start'),
    'build pre-cmd': first('build command start') - first('build files start'),
    'build cmd': last('build command end') - first('build command start'),
    inspect: first('build described') - last('build command end'),
    // the sdist checked against the tree (from-sdist.ts sdistSuspects)
    'vs tree': first('build files end') - first('build described'),
    // the build stage after its files (description verdicts, the docs again, the manifest), from whichever came last
    'build rest': first('build end') - Math.max(first('build files end'), first('build start')),
    preflight: first('preflight end') - first('preflight start'),
    publish: first('publish end') - first('publish start'),
    exit: seconds * 1000 - first('reported')
  }
}

/** One run of the bundle: seconds from spawn to exit, and where the time went. */
async function action(project, entry = bundle) {
  const dir = workspace(project)
  const io = join(work, `io-${counter}`)
  mkdirSync(join(io, 'temp'), { recursive: true })
  writeFileSync(join(io, 'output'), '')
  writeFileSync(join(io, 'summary'), '')
  const env = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? io,
    GITHUB_WORKSPACE: dir,
    GITHUB_OUTPUT: join(io, 'output'),
    GITHUB_STEP_SUMMARY: join(io, 'summary'),
    GITHUB_EVENT_NAME: 'push',
    // as on a runner: the repository and the commit checked out (the release's origin, publish/origin.ts)
    GITHUB_REPOSITORY: 'bench/project',
    GITHUB_SHA: spawnSync('git', ['rev-parse', 'HEAD'], { cwd: dir, encoding: 'utf8' }).stdout.trim(),
    GITHUB_REF: TAGGED.has(project) ? `refs/tags/${TAG}` : 'refs/heads/main',
    RUNNER_TEMP: join(io, 'temp'),
    'INPUT_PROJECT-DIR': projectDir(project),
    INPUT_STAGES: 'certify,build,preflight,publish',
    INPUT_TARGETS: 'local',
    'INPUT_LOCAL-DIR': join(io, 'release'),
    INPUT_PYTHON: PYTHON,
    'INPUT_BUILD-ISOLATION': 'false',
    PYTHON_RELEASE_TRACE: '1',
    ...EXTRA_INPUTS,
    ...(REPORTS ? { 'INPUT_JUNIT-XML': 'reports/junit.xml', 'INPUT_COVERAGE-REPORT': 'reports/coverage.xml', 'INPUT_MIN-COVERAGE': '0' } : {})
  }
  const { seconds, output } = await time(NODE, [entry], { cwd: dir, env })
  const published = readdirSync(join(io, 'release')).filter(name => name.endsWith('.whl') || name.endsWith('.tar.gz'))
  if (published.length !== 2) throw new Error(`the action published ${published.join(', ')}:\n${output}`)
  if (process.env.BENCH_SHOW_LOG === '1') console.log(output)
  return { seconds, stages: stagesOf(output, seconds) }
}

const median = values => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}
const medianStages = runs => {
  const known = runs.filter(Boolean)
  if (known.length === 0) return undefined
  return Object.fromEntries(Object.keys(known[0]).map(key => [key, median(known.map(stages => stages[key]))]))
}
/** The goal: at most this many seconds more than a bare build of `bare` seconds. */
const allowed = bare => Math.max(0.25, 0.15 * bare)

console.log(`action on node ${nodeVersion}, ${RUNS} alternating rounds per project (medians, spawn to exit)${REPORTS ? ', with reports' : ''}`)
console.log(
  `project            python -m build   action (all stages)   ratio   overhead  allowed   | build --skip-dependency-check  action over it${BASELINE ? '   baseline bundle   ratio  overhead' : ''}`
)
const rows = []
for (const project of PROJECTS) {
  for (let i = 0; i < WARMUPS; i++) {
    await bareBuild(project)
    await action(project)
  }
  const bare = []
  const skipped = []
  const whole = []
  const base = []
  const steps = [
    async () => bare.push(await bareBuild(project)),
    async () => skipped.push(await bareBuild(project, true)),
    async () => whole.push(await action(project))
  ]
  if (BASELINE) steps.push(async () => base.push(await action(project, BASELINE)))
  for (let i = 0; i < RUNS; i++) {
    // Rotate which goes first, so a slow spell on the machine falls on every side.
    for (let j = 0; j < steps.length; j++) await steps[(i + j) % steps.length]()
  }
  // the reference: the checked bare build, or the floor where build's own check refuses the interpreter
  const checkedBare = median(bare)
  const b = Number.isNaN(checkedBare) ? median(skipped) : checkedBare
  const a = median(whole.map(run => run.seconds))
  const row = { project, bare: b, skipped: median(skipped), action: a, stages: medianStages(whole.map(run => run.stages)) }
  if (BASELINE) Object.assign(row, { baseline: median(base.map(run => run.seconds)), baseStages: medianStages(base.map(run => run.stages)) })
  rows.push(row)
  const seconds = value => `${value.toFixed(3)} s`
  const baseline = BASELINE
    ? `   ${seconds(row.baseline).padStart(15)}   ${(row.baseline / b).toFixed(2).padStart(5)}x  ${seconds(row.baseline - b).padStart(8)}`
    : ''
  console.log(
    `${(Number.isNaN(checkedBare) ? `${project}*` : project).padEnd(18)} ${seconds(b).padStart(11)}   ${seconds(a).padStart(15)}   ${(a / b).toFixed(2).padStart(9)}x  ${seconds(a - b).padStart(8)}  ${seconds(allowed(b))}   | ${seconds(row.skipped).padStart(28)}  ${seconds(a - row.skipped).padStart(14)}${baseline}`
  )
}
if (uncheckable.size > 0) {
  console.log(
    `* python -m build --no-isolation refuses ${PYTHON} here ("Missing dependencies": build checks each requirement's own ` +
      `requirements, and Debian's hatchling declares editables, which Debian does not package): compared with --skip-dependency-check`
  )
}
const over = rows.filter(row => row.action - row.bare > allowed(row.bare))
console.log(`goal: at most max(0.25 s, 15% of the bare build) more: ${over.length === 0 ? 'met' : `NOT met on ${over.map(row => row.project).join(', ')}`}`)

/** Where the time goes, one row per project (medians in ms; the build's parts run alongside certify). */
function table(title, pick) {
  const shown = rows.filter(row => pick(row))
  if (shown.length === 0) return
  const keys = Object.keys(pick(shown[0]))
  console.log(`\n${title} (median ms; the build runs alongside certify)`)
  console.log(`${'project'.padEnd(18)}${keys.map(key => key.padStart(14)).join('')}`)
  for (const row of shown) console.log(`${row.project.padEnd(18)}${keys.map(key => pick(row)[key].toFixed(0).padStart(14)).join('')}`)
}
table("where the action's time goes", row => row.stages)
table("where the baseline bundle's time goes", row => row.baseStages)
