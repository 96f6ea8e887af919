// The test suite's preflight (jest's globalSetup): before any test runs, checks that every tool the
// suite uses is there (the interpreter, its modules, the commands; scripts/system-packages.txt lists
// them with their Debian packages) and, if any is missing, stops with one message naming each
// missing tool and the command that installs them, instead of dozens of failing tests.
import { spawnSync } from 'node:child_process'
import { accessSync, constants, readFileSync, statSync } from 'node:fs'
import { delimiter, dirname, isAbsolute, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const PACKAGE_LIST = join(ROOT, 'scripts', 'system-packages.txt')
const INSTALL_SCRIPT = 'scripts/install-system-packages.sh'

/** The list's lines: each package and what the suite uses from it. */
export function readPackageList(file = PACKAGE_LIST) {
  const packages = []
  for (const [index, raw] of readFileSync(file, 'utf8').split('\n').entries()) {
    const line = raw.replace(/#.*/, '').trim()
    if (line === '') continue
    const [name, ...fields] = line.split(/\s+/)
    const provides = fields.map(field => {
      const match = /^(python|module|command):(.+)$/.exec(field)
      if (!match) throw new Error(`${file}:${index + 1}: '${field}' is not python:PATH, module:NAME or command:NAME`)
      return { kind: match[1], name: match[2] }
    })
    packages.push({ name, provides })
  }
  return packages
}

// One interpreter run imports every module and prints those that fail, with the reason.
const PROBE = `
import importlib, json, sys
missing = {}
for name in sys.argv[1:]:
    try:
        importlib.import_module(name)
    except BaseException as error:
        missing[name] = (type(error).__name__ + ": " + str(error)).strip()
print(json.dumps(missing))
`

function executable(file) {
  try {
    accessSync(file, constants.X_OK)
    return statSync(file).isFile()
  } catch {
    return false
  }
}

function onPath(command, path) {
  if (isAbsolute(command)) return executable(command)
  return path.split(delimiter).some(dir => dir !== '' && executable(join(dir, command)))
}

/**
 * What is missing: [{ package, tool, why }], in the list's order. `python` replaces the list's
 * interpreter and `path` the PATH the commands are looked up on (the unit test hands in others).
 */
export function findMissing({ packages = readPackageList(), python, path = process.env.PATH ?? '' } = {}) {
  const interpreter = packages.flatMap(p => p.provides.filter(t => t.kind === 'python').map(t => ({ package: p.name, path: t.name })))[0]
  const pythonPath = python ?? interpreter?.path
  const modules = packages.flatMap(p => p.provides.filter(t => t.kind === 'module').map(t => ({ package: p.name, name: t.name })))
  const missing = []

  let failed = {}
  if (modules.length > 0 || pythonPath !== undefined) {
    if (pythonPath === undefined) throw new Error('the package list names modules but no python:PATH interpreter')
    const interpreterPackage = interpreter?.package ?? 'python3'
    const probe = executable(pythonPath) ? spawnSync(pythonPath, ['-c', PROBE, ...modules.map(m => m.name)], { encoding: 'utf8', timeout: 60000 }) : undefined
    let parsed
    try {
      parsed = probe?.status === 0 ? JSON.parse(probe.stdout.trim().split('\n').at(-1)) : undefined
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) parsed = undefined
    } catch {
      parsed = undefined
    }
    if (parsed === undefined) {
      const why =
        probe === undefined
          ? 'not found or not executable'
          : `does not run (${probe.error?.message ?? `exit ${probe.status ?? probe.signal}`}${probe.stderr?.trim() ? `: ${probe.stderr.trim().split('\n').at(-1)}` : ''})`
      missing.push({ package: interpreterPackage, tool: `Python interpreter ${pythonPath}`, why })
      failed = Object.fromEntries(modules.map(m => [m.name, 'no interpreter to import it']))
    } else {
      failed = parsed
    }
  }

  for (const p of packages) {
    for (const tool of p.provides) {
      if (tool.kind === 'module' && tool.name in failed) {
        missing.push({ package: p.name, tool: `Python module ${tool.name}`, why: failed[tool.name] })
      } else if (tool.kind === 'command' && !onPath(tool.name, path)) {
        missing.push({ package: p.name, tool: `command ${tool.name}`, why: 'not on PATH' })
      }
    }
  }
  return missing
}

/** One message: each missing tool with its package, then the commands that install them. */
export function missingMessage(missing, { root = process.getuid?.() === 0 } = {}) {
  const packages = [...new Set(missing.map(m => m.package))]
  return [
    `The test suite needs ${missing.length === 1 ? 'a tool that is' : `${missing.length} tools that are`} missing:`,
    ...missing.map(m => `  - ${m.tool} (Debian package ${m.package}): ${m.why}`),
    'Install them with:',
    `  ${root ? '' : 'sudo '}apt-get update && ${root ? '' : 'sudo '}apt-get install -y ${packages.join(' ')}`,
    `or install every package the suite needs (${PACKAGE_LIST.slice(ROOT.length + 1)}) with:`,
    `  bash ${INSTALL_SCRIPT}`
  ].join('\n')
}

export default function preflight() {
  const missing = findMissing()
  if (missing.length === 0) return
  const error = new Error(missingMessage(missing))
  error.stack = error.message // the message is the whole story; jest prints the stack
  throw error
}
