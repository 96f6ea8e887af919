// Runs the bundled action the way the runner does: `node dist/index.js` with INPUT_* variables,
// GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, GITHUB_WORKSPACE as the working directory.
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { cp, mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const ROOT = join(import.meta.dirname, '..', '..')
export const PYTHON = '/usr/bin/python3'

export interface ActionRun {
  code: number | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
  /** `::error file=…::message` lines, parsed. */
  annotations: Array<{ level: string; properties: Record<string, string>; message: string }>
}

/** Reads the `name<<delimiter` format @actions/core writes to GITHUB_OUTPUT. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<]+)<<(.+)$/.exec(lines[i] as string)
    if (!match) continue
    const [, name, delimiter] = match
    const value: string[] = []
    while (++i < lines.length && lines[i] !== delimiter) value.push(lines[i] as string)
    outputs[name as string] = value.join('\n')
  }
  return outputs
}

const unescape = (text: string): string => text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%')

export function parseAnnotations(stdout: string): ActionRun['annotations'] {
  const found: ActionRun['annotations'] = []
  for (const line of stdout.split('\n')) {
    const match = /^::(error|warning|notice)( [^:]*)?::(.*)$/.exec(line)
    if (!match) continue
    const properties: Record<string, string> = {}
    for (const pair of (match[2] ?? '').trim().split(',').filter(Boolean)) {
      const eq = pair.indexOf('=')
      properties[pair.slice(0, eq)] = unescape(pair.slice(eq + 1))
    }
    found.push({ level: match[1] as string, properties, message: unescape(match[3] as string) })
  }
  return found
}

export async function runAction(
  workspace: string,
  inputs: Record<string, string>,
  env: Record<string, string> = {},
  /** Kills a run that would hang (the test then fails on its exit code, with no process left spinning). */
  timeoutMs?: number
): Promise<ActionRun> {
  const io = await mkdtemp(join(tmpdir(), 'pra-runner-'))
  const outputFile = join(io, 'output')
  const summaryFile = join(io, 'summary')
  await writeFile(outputFile, '')
  await writeFile(summaryFile, '')
  const runnerTemp = join(io, 'temp')
  await mkdir(runnerTemp)
  const childEnv: Record<string, string> = {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: process.env['HOME'] ?? io,
    GITHUB_WORKSPACE: workspace,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_EVENT_NAME: 'push',
    GITHUB_REF: 'refs/heads/main',
    RUNNER_TEMP: runnerTemp,
    ...env
  }
  for (const [name, value] of Object.entries(inputs)) childEnv[`INPUT_${name.toUpperCase()}`] = value
  const child = spawn(process.execPath, [join(ROOT, 'dist', 'index.js')], { cwd: workspace, env: childEnv })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', chunk => (stdout += chunk))
  child.stderr.on('data', chunk => (stderr += chunk))
  const timer = timeoutMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), timeoutMs)
  const code = await new Promise<number | null>(resolve => child.on('close', resolve))
  clearTimeout(timer)
  return {
    code,
    stdout,
    stderr,
    outputs: parseOutputFile(await readFile(outputFile, 'utf8')),
    summary: await readFile(summaryFile, 'utf8'),
    annotations: parseAnnotations(stdout)
  }
}

/** Inputs that release the project in `sub` to the local directory `out/release` (see releasedFiles), built with Debian's tools. */
export function localRelease(more: Record<string, string> = {}): Record<string, string> {
  return { 'project-dir': 'sub', targets: 'local', 'local-dir': 'out/release', python: PYTHON, 'build-isolation': 'false', ...more }
}

/** Every file a localRelease run wrote (SHA256SUMS included) with its sha256; empty when it published nothing. */
export async function releasedFiles(workspace: string): Promise<Record<string, string>> {
  const dir = join(workspace, 'out', 'release')
  const names = await readdir(dir).catch(() => [] as string[])
  const files: Record<string, string> = {}
  for (const name of names.sort())
    files[name] = createHash('sha256')
      .update(await readFile(join(dir, name)))
      .digest('hex')
  return files
}

/** A fresh workspace holding a copy of a project at `sub` (or at the root when sub is ''). */
export async function workspaceWith(projectDir: string, sub = 'sub'): Promise<{ workspace: string; project: string }> {
  const workspace = await mkdtemp(join(tmpdir(), 'pra-ws-'))
  const project = join(workspace, sub)
  await cp(projectDir, project, {
    recursive: true,
    filter: source => !/(__pycache__|\.pytest_cache|\/dist$|\/reports$)/.test(source)
  })
  return { workspace, project }
}

/** The bundled command line (dist/cli/index.js) in `cwd`, with only PATH, HOME and `env` in its environment. */
export function runCli(cwd: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return run(process.execPath, [join(ROOT, 'dist', 'cli', 'index.js'), ...args], cwd, {
    PATH: process.env['PATH'] ?? '/usr/bin:/bin',
    HOME: process.env['HOME'] ?? cwd,
    ...env
  })
}

export function run(
  command: string,
  args: string[],
  cwd: string,
  env?: Record<string, string>
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise(resolve => {
    const child = spawn(command, args, { cwd, env: env ?? process.env })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', chunk => (stdout += chunk))
    child.stderr.on('data', chunk => (stderr += chunk))
    child.on('close', code => resolve({ code, stdout, stderr }))
  })
}

/**
 * Runs the project's tests with Debian's pytest, writing real JUnit and coverage (with branches)
 * reports to reports/: coverage.xml and coverage.lcov from pytest-cov, coverage.json from coverage.py.
 */
export async function runPytest(project: string, pkg: string): Promise<void> {
  await run(
    PYTHON,
    [
      '-m',
      'pytest',
      '-q',
      '-p',
      'no:cacheprovider',
      '--junitxml=reports/junit.xml',
      `--cov=${pkg}`,
      '--cov-branch',
      '--cov-report=xml:reports/coverage.xml',
      '--cov-report=lcov:reports/coverage.lcov'
    ],
    project
  )
  await run(PYTHON, ['-m', 'coverage', 'json', '-q', '-o', 'reports/coverage.json'], project)
}

/** Everything a run showed the world: the log (minus the runner's own mask commands), outputs and summary. */
export function visibleText(run: ActionRun): string {
  const log = `${run.stdout}\n${run.stderr}`
    .split('\n')
    .filter(line => !line.startsWith('::add-mask::'))
    .join('\n')
  return [log, JSON.stringify(run.outputs), run.summary].join('\n')
}
