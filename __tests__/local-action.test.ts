// The action under @github/local-action, GitHub's own local runner for JavaScript actions (a devDependency,
// run from node_modules as `npx @github/local-action run <action dir> src/main.ts <.env>`, offline): a
// release that fails its certification and one that ships to a local directory, each through that tool's
// door. It reads the inputs from the .env file into INPUT_* variables, imports the entrypoint and calls its
// exported run() (src/commands/run.ts), with @actions/core replaced by its own stub (src/stubs/core/core.ts,
// loaded by quibble): the stub's setOutput lists an output in the "Action Outputs" table it prints at the
// end, and its core.summary creates the file GITHUB_STEP_SUMMARY names, which no runner is there to make.
// Workflow commands (our annotations) it passes through as text. A run that throws instead of reporting
// never reaches that table (local-action prints the error and exits 1: the crash issue 25 saw, when its
// core had no ExitCode).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseAnnotations, PYTHON, releasedFiles, ROOT, workspaceWith, type ActionRun } from './helpers/action.js'
import { shownText } from './helpers/markdown.js'

const LOCAL_ACTION = join(ROOT, 'node_modules', '@github', 'local-action', 'bin', 'local-action.js')
const REPORT_PROJECT = join(ROOT, '__tests__', 'fixtures', 'report-project')
const SETUPTOOLS = join(ROOT, '__tests__', 'fixtures', 'projects', 'setuptools-basic')

interface LocalActionRun extends Omit<ActionRun, 'outputs'> {
  /** The "Action Outputs" table local-action prints once run() has returned: what its stubbed core.setOutput got. */
  outputs: Record<string, string> | undefined
  /** GITHUB_STEP_SUMMARY's file, which nobody made before the run; undefined when it was not written. */
  summary: string
}

/**
 * The rows of the table local-action prints under "Action Outputs" (Node's console.table of
 * {Output, Value}); undefined when that part never came (run() threw), {} for "No outputs were set!".
 */
function outputsTable(stdout: string): Record<string, string> | undefined {
  const start = stdout.lastIndexOf('Action Outputs')
  if (start < 0) return undefined
  const outputs: Record<string, string> = {}
  for (const line of stdout.slice(start).split('\n')) {
    const row = /^│\s*\d+\s*│\s*'([^']+)'\s*│\s*(.*?)\s*│$/.exec(line)
    if (row) outputs[row[1] as string] = (row[2] as string).replace(/^'(.*)'$/, '$1')
  }
  return outputs
}

/** A .env file as local-action's .env.example writes one: KEY="value" (dotenv; inputs keep their hyphens). */
const dotenv = (variables: Record<string, string>): string =>
  Object.entries(variables)
    .map(([name, value]) => `${name}=${JSON.stringify(value)}`)
    .join('\n') + '\n'

/** local-action from node_modules on src/main.ts, in the action's directory, with the inputs and runner variables in its .env. */
async function localAction(workspace: string, inputs: Record<string, string>): Promise<LocalActionRun> {
  const io = await mkdtemp(join(tmpdir(), 'pra-local-action-'))
  const summaryFile = join(io, 'summary.md') // not made: local-action's stub creates it
  const envFile = join(io, '.env')
  await mkdir(join(io, 'temp'))
  await writeFile(
    envFile,
    dotenv({
      // as in local-action's .env.example
      ACTIONS_STEP_DEBUG: 'false',
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: workspace,
      GITHUB_STEP_SUMMARY: summaryFile,
      GITHUB_EVENT_NAME: 'push',
      GITHUB_REF: 'refs/heads/main',
      RUNNER_TEMP: join(io, 'temp'),
      ...Object.fromEntries(Object.entries(inputs).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value]))
    })
  )
  const child = spawn(process.execPath, [LOCAL_ACTION, 'run', ROOT, 'src/main.ts', envFile], {
    // local-action runs `npm ls` and `npm exec tsx` in the working directory: the action's own
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: process.env['HOME'] ?? io, NO_COLOR: '1' }
  })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', chunk => (stdout += chunk))
  child.stderr.on('data', chunk => (stderr += chunk))
  const code = await new Promise<number | null>(resolve => child.on('close', resolve))
  const summary = existsSync(summaryFile) ? await readFile(summaryFile, 'utf8') : ''
  await rm(io, { recursive: true, force: true })
  return { code, stdout, stderr, outputs: outputsTable(stdout), summary, annotations: parseAnnotations(stdout) }
}

/**
 * Lines that say run() threw. (When the release fails, local-action itself prints the failed `npm exec tsx`
 * command with its stack: that is how it passes the exit status on, not a crash.)
 */
const crashed = (run: LocalActionRun): string[] =>
  `${run.stdout}\n${run.stderr}`
    .split('\n')
    .filter(line => /TypeError|ReferenceError|Cannot read properties|does not export a run\(\) function|Unhandled/.test(line))

describe('under @github/local-action', () => {
  const workspaces: string[] = []
  afterAll(async () => Promise.all(workspaces.map(dir => rm(dir, { recursive: true, force: true }))))

  it('is installed from the npm registry as a devDependency, with the tsx it runs the entrypoint with', async () => {
    const manifest = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }
    expect(manifest.devDependencies['@github/local-action']).toMatch(/^\^?\d+\.\d+\.\d+$/)
    expect(existsSync(LOCAL_ACTION)).toBe(true)
    expect(existsSync(join(ROOT, 'node_modules', '.bin', 'tsx'))).toBe(true)
  })

  describe('a release whose tests failed', () => {
    let run: LocalActionRun
    beforeAll(async () => {
      const { workspace, project } = await workspaceWith(REPORT_PROJECT)
      workspaces.push(workspace)
      await mkdir(join(project, 'reports'))
      await copyFile(join(ROOT, '__tests__', 'fixtures', 'reports', 'pytest-xunit2.xml'), join(project, 'reports', 'junit.xml'))
      run = await localAction(workspace, {
        'project-dir': 'sub',
        targets: 'local',
        'local-dir': 'out/release',
        python: PYTHON,
        'build-isolation': 'false',
        'junit-xml': 'sub/reports/junit.xml'
      })
    }, 180_000)

    it('reports instead of crashing, and exits 1', () => {
      expect(crashed(run)).toEqual([])
      expect(run.outputs).toBeDefined()
      expect(run.code).toBe(1)
      expect(run.stdout).toMatch(/^Release failed at certify: /m)
    })

    it('annotates the failing tests at their file and line', () => {
      const errors = run.annotations.filter(a => a.level === 'error')
      expect(errors.map(a => `${a.properties['file']}:${a.properties['line']}`)).toEqual(expect.arrayContaining(['sub/tests/test_ops.py:19']))
      expect(errors.some(a => /test_div/.test(a.properties['title'] ?? '') && /0\.5 != 0\.4/.test(a.message))).toBe(true)
    })

    it("hands the outputs to local-action's core.setOutput: its table lists them", () => {
      expect(run.outputs).toMatchObject({ certification: 'FAIL' })
    })

    it('writes the summary to the file the .env names, which local-action creates', () => {
      const text = shownText(run.summary)
      expect(text).toMatch(/^❌/)
      expect(text).toContain('test_div')
    })
  })

  describe('a release that ships to a local directory', () => {
    let run: LocalActionRun
    let workspace: string
    beforeAll(async () => {
      ;({ workspace } = await workspaceWith(SETUPTOOLS))
      workspaces.push(workspace)
      run = await localAction(workspace, { 'project-dir': 'sub', targets: 'local', 'local-dir': 'out/release', python: PYTHON, 'build-isolation': 'false' })
    }, 180_000)

    it('exits 0 with no error annotation', () => {
      expect(crashed(run)).toEqual([])
      expect({ code: run.code, errors: run.annotations.filter(a => a.level === 'error').map(a => a.message) }).toEqual({ code: 0, errors: [] })
    })

    it('publishes the sdist and the wheel, and lists the outputs', async () => {
      const files = Object.keys(await releasedFiles(workspace))
      expect(files).toEqual(expect.arrayContaining(['SHA256SUMS', expect.stringMatching(/\.tar\.gz$/), expect.stringMatching(/\.whl$/)]))
      // no test or coverage report given: PARTIAL, which ships unless fail-on-partial
      expect(run.outputs).toMatchObject({ certification: 'PARTIAL', version: '2.0.1' })
      expect(JSON.parse(run.outputs?.['published'] ?? '[]')).toEqual(
        expect.arrayContaining([expect.objectContaining({ target: 'local', status: 'published' })])
      )
    })

    it('writes the summary: shipped, and where', () => {
      const text = shownText(run.summary)
      expect(text).toMatch(/^✅/)
      expect(text).toMatch(/out\/release/)
    })
  })
})
