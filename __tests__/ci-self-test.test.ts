// CI's three-OS self-test (.github/workflows/ci.yml, job self-test-os) run here as the workflow writes
// it, so the two cannot drift: the step `index` (bundles test/servers/serve-index.ts with ncc and starts
// the local index) runs its own script with bash, as the runner does; the step `release` runs the bundled
// action (dist/index.js) with its own `with:` inputs, each `${{ steps.<id>.outputs.<name> }}` replaced by
// what that step wrote; and the step `check` runs its own script against the index and the released
// files. An input action.yml does not declare, an output no step wrote, or any other expression is an
// error here (the runner would warn, or put in ''), and so is a check that fails.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { delimiter, dirname, join } from 'node:path'
import { parse } from 'yaml'
import { PyPIIndex } from '../test/servers/pypi-index.js'
import { PYTHON, ROOT, runAction, runPytest, workspaceWith, type ActionRun } from './helpers/action.js'

interface Step {
  id?: string
  name?: string
  uses?: string
  shell?: string
  run?: string
  env?: Record<string, unknown>
  with?: Record<string, unknown>
  'working-directory'?: string
}

const CI = join(ROOT, '.github', 'workflows', 'ci.yml')
const JOB = 'self-test-os'
const declaredInputs = Object.keys((parse(await readFile(join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown> }).inputs)

function stepsOf(text: string): Step[] {
  const workflow = parse(text) as { jobs?: Record<string, { steps?: Step[] }> }
  const steps = workflow.jobs?.[JOB]?.steps
  if (!steps) throw new Error(`ci.yml has no job ${JOB} with steps`)
  return steps
}

function stepWithId(steps: Step[], id: string): Step {
  const step = steps.find(s => s.id === id)
  if (!step) throw new Error(`ci.yml's ${JOB} has no step with id ${id}`)
  return step
}

type StepOutputs = Record<string, Record<string, string>>

/** `${{ steps.<id>.outputs.<name> }}` replaced by that output; any other expression, or an output the step did not write, throws. */
function substitute(value: unknown, outputs: StepOutputs): string {
  return String(value).replace(/\$\{\{(.*?)\}\}/g, (expression, inner: string) => {
    const match = /^\s*steps\.([\w-]+)\.outputs\.([\w-]+)\s*$/.exec(inner)
    if (!match) throw new Error(`${expression}: only step outputs are substituted here`)
    const [, id, name] = match as unknown as [string, string, string]
    const output = outputs[id]?.[name]
    if (output === undefined) throw new Error(`${expression}: step ${id} wrote no output ${name}`)
    return output
  })
}

/** The `with:` of a step of our action as the runner hands it in (INPUT_*), each key one action.yml declares. */
function inputsOf(step: Step, outputs: StepOutputs): Record<string, string> {
  if (step.uses !== './') throw new Error(`step ${step.id} uses ${step.uses}, not ./ (this repository's action)`)
  const inputs: Record<string, string> = {}
  for (const [name, value] of Object.entries(step.with ?? {})) {
    if (!declaredInputs.includes(name)) throw new Error(`step ${step.id}: input ${name} is not declared in action.yml`)
    inputs[name] = substitute(value, outputs)
  }
  return inputs
}

interface StepRun {
  code: number | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
}

/** A `run:` step as the runner runs a `shell: bash` step: the script in a file, `bash --noprofile --norc -eo pipefail <file>`. */
async function runStep(step: Step, cwd: string, runnerTemp: string, outputs: StepOutputs, env: Record<string, string> = {}): Promise<StepRun> {
  if (step.shell !== 'bash' || typeof step.run !== 'string') throw new Error(`step ${step.id} is not a run: step with shell: bash`)
  if (step['working-directory'] !== undefined) throw new Error(`step ${step.id}: working-directory is not handled here`)
  const dir = await mkdtemp(join(runnerTemp, 'step-'))
  const [script, outputFile] = [join(dir, 'script.sh'), join(dir, 'output')]
  await writeFile(script, step.run)
  await writeFile(outputFile, '')
  const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([name, value]) => [name, substitute(value, outputs)]))
  const childEnv = {
    // `node` is the Node this suite runs on, as setup-node puts its Node first on the runner.
    PATH: [dirname(process.execPath), process.env['PATH'] ?? '/usr/bin:/bin'].join(delimiter),
    HOME: process.env['HOME'] ?? dir,
    RUNNER_TEMP: runnerTemp,
    GITHUB_OUTPUT: outputFile,
    GITHUB_WORKSPACE: cwd,
    ...stepEnv,
    ...env
  }
  const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd, env: childEnv })
  let [stdout, stderr] = ['', '']
  child.stdout.on('data', chunk => (stdout += chunk))
  child.stderr.on('data', chunk => (stderr += chunk))
  const code = await new Promise<number | null>(resolve => child.on('close', resolve))
  return { code, stdout, stderr, outputs: Object.fromEntries([...(await readFile(outputFile, 'utf8')).matchAll(/^([\w-]+)=(.*)$/gm)].map(m => [m[1], m[2]])) }
}

const steps = stepsOf(await readFile(CI, 'utf8'))

describe(`ci.yml's ${JOB}, run here as written`, () => {
  let runnerTemp = ''
  let workspace = ''
  let bin = ''
  const outputs: StepOutputs = {}
  let index: StepRun
  let release: ActionRun

  beforeAll(async () => {
    runnerTemp = await mkdtemp(join(tmpdir(), 'pra-ci-temp-'))
    ;({ workspace } = await workspaceWith(join(ROOT, 'examples', 'sample-project'), join('examples', 'sample-project')))
    // What the step before ran on the runner (pip's build, hatchling, pytest, pytest-cov, then pytest): here
    // Debian's, offline. Its reports are where the release step's junit-xml and coverage-report look.
    await runPytest(join(workspace, 'examples', 'sample-project'), 'sample_greeter')
    // actions/setup-python puts its python3 and python first on PATH; the release step names none.
    bin = await mkdtemp(join(tmpdir(), 'pra-ci-bin-'))
    for (const name of ['python3', 'python']) await symlink(PYTHON, join(bin, name))

    index = await runStep(stepWithId(steps, 'index'), ROOT, runnerTemp, outputs)
    outputs['index'] = index.outputs
    release = await runAction(
      workspace,
      inputsOf(stepWithId(steps, 'release'), outputs),
      { PATH: [bin, process.env['PATH'] ?? '/usr/bin:/bin'].join(delimiter) },
      240_000
    )
    outputs['release'] = release.outputs
  }, 400_000)

  afterAll(async () => {
    // The index outlives its step (as on the runner, which ends it with the job): stop the one this test started.
    const pid = Number(outputs['index']?.['pid'])
    if (Number.isInteger(pid) && pid > 0) {
      try {
        process.kill(pid, 'SIGTERM')
      } catch {
        // already gone
      }
    }
    for (const dir of [runnerTemp, workspace, bin]) if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('the index step starts the index and writes its upload URL and token as outputs, never showing the token', () => {
    expect({ code: index.code, stderr: index.stderr }).toEqual({ code: 0, stderr: '' })
    const { url, origin, token, pid } = index.outputs
    expect(url).toBe(`${origin}/legacy/`)
    expect(origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(token).toMatch(/^pypi-[\w-]{20,}$/)
    expect(pid).toMatch(/^\d+$/)
    expect(index.stdout).not.toContain(token)
  })

  it('the release step publishes the example project to the local target and to the index, with the token masked', () => {
    expect({ code: release.code, errors: release.annotations.filter(a => a.level === 'error') }).toEqual({ code: 0, errors: [] })
    const published = JSON.parse(release.outputs['published'] ?? '[]') as Array<{ target: string; status: string; uploaded?: string[] }>
    expect(published.map(p => [p.target, p.status, p.uploaded?.length])).toEqual([
      ['local', 'published', 2],
      ['pypi', 'published', 2]
    ])
    const token = outputs['index']?.['token'] as string
    expect(`${release.stdout}\n${release.stderr}`.split('\n').filter(line => line.includes(token) && line !== `::add-mask::${token}`)).toEqual([])
  })

  it("the check step passes: the index lists both files with the sha256 of the local target's SHA256SUMS", async () => {
    const check = await runStep(stepWithId(steps, 'check'), workspace, runnerTemp, outputs)
    expect({ code: check.code, stderr: check.stderr }).toEqual({ code: 0, stderr: '' })
    const sums = await readFile(join(workspace, 'release', 'SHA256SUMS'), 'utf8')
    expect(sums).toMatch(/^[0-9a-f]{64} {2}sample_greeter-0\.3\.1-py3-none-any\.whl\n[0-9a-f]{64} {2}sample_greeter-0\.3\.1\.tar\.gz\n$/)
    expect(check.stdout).toContain(sums)
  })

  describe('the check step fails when what it checks is wrong', () => {
    const failing = async (change: { env?: Record<string, string>; sums?: (text: string) => string }): Promise<number | null> => {
      const path = join(workspace, 'release', 'SHA256SUMS')
      const sums = await readFile(path, 'utf8')
      if (change.sums) await writeFile(path, change.sums(sums))
      try {
        return (await runStep(stepWithId(steps, 'check'), workspace, runnerTemp, outputs, change.env)).code
      } finally {
        await writeFile(path, sums)
      }
    }

    it('the pypi target did not publish', async () => {
      const published = (JSON.parse(outputs['release']?.['published'] ?? '[]') as Array<{ target: string }>).filter(p => p.target !== 'pypi')
      expect(await failing({ env: { PUBLISHED: JSON.stringify(published) } })).not.toBe(0)
    })

    it('the index holds nothing', async () => {
      const empty = await new PyPIIndex().start()
      try {
        expect(await failing({ env: { INDEX: empty.origin } })).not.toBe(0)
      } finally {
        await empty.stop()
      }
    })

    it('a digest differs', async () => {
      expect(await failing({ sums: text => text.replace(/^[0-9a-f]/, c => (c === '0' ? '1' : '0')) })).not.toBe(0)
    })
  })
})

describe("reading ci.yml's steps", () => {
  const outputs: StepOutputs = { index: { url: 'http://127.0.0.1:1/legacy/', token: 'pypi-x' } }
  const release = stepWithId(steps, 'release')

  it('refuses an input action.yml does not declare', () => {
    const misspelled = {
      ...release,
      with: Object.fromEntries(Object.entries(release.with ?? {}).map(([k, v]) => [k.replace('repository-url', 'repositry-url'), v]))
    }
    expect(() => inputsOf(misspelled, outputs)).toThrow('input repositry-url is not declared in action.yml')
  })

  it('refuses an output the step did not write, and any other expression', () => {
    expect(() => substitute('${{ steps.index.outputs.tokn }}', outputs)).toThrow('step index wrote no output tokn')
    expect(() => substitute('${{ secrets.PYPI_TOKEN }}', outputs)).toThrow('only step outputs are substituted here')
    expect(substitute('${{ steps.index.outputs.url }}', outputs)).toBe('http://127.0.0.1:1/legacy/')
  })
})
