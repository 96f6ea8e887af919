// CI's three-OS self-test (.github/workflows/ci.yml, jobs bundle-index and self-test-os) run here as the
// workflow writes it, so the two cannot drift. Each `shell: bash` step named below runs its own script as
// the runner does (bash --noprofile --norc -eo pipefail); the artifact steps hand the bundle from one
// job's runner temp to the other's by their own name and paths; the step `release` runs the bundled
// action (dist/index.js) with its own `with:` inputs; `${{ steps.<id>.outputs.<name> }}` and
// `${{ runner.temp }}` are replaced by what they are on a runner. An input action.yml does not declare,
// an output no step wrote, or any other expression is an error here (the runner would warn, or put in
// ''), and so is a check step that fails. Not run here: `npm ci` (this checkout has its packages), and
// pip and pytest of the example project (Debian's pytest writes the same reports, offline).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { delimiter, dirname, join } from 'node:path'
import { parse } from 'yaml'
import { PyPIIndex } from '../test/servers/pypi-index.js'
import { PYTHON, ROOT, runAction, runPytest, workspaceWith, type ActionRun } from './helpers/action.js'

interface Step {
  id?: string
  uses?: string
  shell?: string
  run?: string
  env?: Record<string, unknown>
  with?: Record<string, unknown>
  'working-directory'?: string
}
interface Job {
  needs?: string | string[]
  steps?: Step[]
}

const CI = join(ROOT, '.github', 'workflows', 'ci.yml')
const declaredInputs = Object.keys((parse(await readFile(join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown> }).inputs)
const jobs = (parse(await readFile(CI, 'utf8')) as { jobs?: Record<string, Job> }).jobs ?? {}

function step(job: string, id: string): Step {
  const found = jobs[job]?.steps?.find(s => s.id === id)
  if (!found) throw new Error(`ci.yml's job ${job} has no step with id ${id}`)
  return found
}

/** What expressions see: the outputs of the job's steps so far, and the runner's temp directory. */
interface Context {
  steps: Record<string, Record<string, string>>
  runnerTemp: string
}

/** `${{ steps.<id>.outputs.<name> }}` and `${{ runner.temp }}` replaced; any other expression, or an output the step did not write, throws. */
function substitute(value: unknown, context: Context): string {
  return String(value).replace(/\$\{\{(.*?)\}\}/g, (expression, inner: string) => {
    if (/^\s*runner\.temp\s*$/.test(inner)) return context.runnerTemp
    const match = /^\s*steps\.([\w-]+)\.outputs\.([\w-]+)\s*$/.exec(inner)
    if (!match) throw new Error(`${expression}: only step outputs and runner.temp are substituted here`)
    const [, id, name] = match as unknown as [string, string, string]
    const output = context.steps[id]?.[name]
    if (output === undefined) throw new Error(`${expression}: step ${id} wrote no output ${name}`)
    return output
  })
}

/** The `with:` of a step of our action as the runner hands it in (INPUT_*), each key one action.yml declares. */
function inputsOf(release: Step, context: Context): Record<string, string> {
  if (release.uses !== './') throw new Error(`step ${release.id} uses ${release.uses}, not ./ (this repository's action)`)
  const inputs: Record<string, string> = {}
  for (const [name, value] of Object.entries(release.with ?? {})) {
    if (!declaredInputs.includes(name)) throw new Error(`step ${release.id}: input ${name} is not declared in action.yml`)
    inputs[name] = substitute(value, context)
  }
  return inputs
}

/** An artifact step's name and path (for actions/upload-artifact or actions/download-artifact, by `uses`). */
function artifactStep(found: Step, action: 'upload-artifact' | 'download-artifact', context: Context): { name: string; path: string } {
  if (!found.uses?.startsWith(`actions/${action}@`)) throw new Error(`step ${found.id} uses ${found.uses}, not actions/${action}`)
  const { name, path } = found.with ?? {}
  if (typeof name !== 'string' || typeof path !== 'string') throw new Error(`step ${found.id} names no artifact and path`)
  return { name: substitute(name, context), path: substitute(path, context) }
}

interface StepRun {
  code: number | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
}

/** A `run:` step as the runner runs a `shell: bash` step: the script in a file, `bash --noprofile --norc -eo pipefail <file>`. */
async function runStep(found: Step, cwd: string, context: Context, env: Record<string, string> = {}): Promise<StepRun> {
  if (found.shell !== 'bash' || typeof found.run !== 'string') throw new Error(`step ${found.id} is not a run: step with shell: bash`)
  if (found['working-directory'] !== undefined) throw new Error(`step ${found.id}: working-directory is not handled here`)
  const dir = await mkdtemp(join(context.runnerTemp, 'step-'))
  const [script, outputFile] = [join(dir, 'script.sh'), join(dir, 'output')]
  await writeFile(script, found.run)
  await writeFile(outputFile, '')
  const stepEnv = Object.fromEntries(Object.entries(found.env ?? {}).map(([name, value]) => [name, substitute(value, context)]))
  const childEnv = {
    // `node` is the Node this suite runs on, as setup-node puts its Node first on the runner.
    PATH: [dirname(process.execPath), process.env['PATH'] ?? '/usr/bin:/bin'].join(delimiter),
    HOME: process.env['HOME'] ?? dir,
    RUNNER_TEMP: context.runnerTemp,
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
  const outputs = Object.fromEntries([...(await readFile(outputFile, 'utf8')).matchAll(/^([\w-]+)=(.*)$/gm)].map(m => [m[1], m[2]]))
  return { code, stdout, stderr, outputs }
}

describe("ci.yml's bundle-index and self-test-os, run here as written", () => {
  const bundleJob: Context = { steps: {}, runnerTemp: '' }
  const testJob: Context = { steps: {}, runnerTemp: '' }
  let [artifacts, workspace, bin] = ['', '', '']
  let bundle: StepRun
  let index: StepRun
  let release: ActionRun

  beforeAll(async () => {
    bundleJob.runnerTemp = await mkdtemp(join(tmpdir(), 'pra-ci-bundle-temp-'))
    testJob.runnerTemp = await mkdtemp(join(tmpdir(), 'pra-ci-test-temp-'))
    artifacts = await mkdtemp(join(tmpdir(), 'pra-ci-artifacts-'))
    ;({ workspace } = await workspaceWith(join(ROOT, 'examples', 'sample-project'), join('examples', 'sample-project')))
    // What the step before ran on the runner (pip's build, hatchling, pytest, pytest-cov, then pytest): here
    // Debian's, offline. Its reports are where the release step's junit-xml and coverage-report look.
    await runPytest(join(workspace, 'examples', 'sample-project'), 'sample_greeter')
    // actions/setup-python puts its python3 and python first on PATH; the release step names none.
    bin = await mkdtemp(join(tmpdir(), 'pra-ci-bin-'))
    for (const name of ['python3', 'python']) await symlink(PYTHON, join(bin, name))

    // bundle-index, in a checkout (this one) with its packages installed.
    bundle = await runStep(step('bundle-index', 'bundle'), ROOT, bundleJob)
    const upload = artifactStep(step('bundle-index', 'upload'), 'upload-artifact', bundleJob)
    await cp(upload.path, join(artifacts, upload.name), { recursive: true })
    // self-test-os, once bundle-index is done: the artifact by its name, into its path.
    const download = artifactStep(step('self-test-os', 'download'), 'download-artifact', testJob)
    await cp(join(artifacts, download.name), download.path, { recursive: true })
    index = await runStep(step('self-test-os', 'index'), workspace, testJob)
    testJob.steps['index'] = index.outputs
    release = await runAction(
      workspace,
      inputsOf(step('self-test-os', 'release'), testJob),
      { PATH: [bin, process.env['PATH'] ?? '/usr/bin:/bin'].join(delimiter) },
      240_000
    )
    testJob.steps['release'] = release.outputs
  }, 400_000)

  afterAll(async () => {
    // The index outlives its step (as on the runner, which ends it with the job): stop the one this test started.
    const pid = Number(testJob.steps['index']?.['pid'])
    if (Number.isInteger(pid) && pid > 0) {
      try {
        process.kill(pid, 'SIGTERM')
      } catch {
        // already gone
      }
    }
    for (const dir of [bundleJob.runnerTemp, testJob.runnerTemp, artifacts, workspace, bin]) if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('self-test-os waits for bundle-index', () => {
    expect([jobs['self-test-os']?.needs].flat()).toContain('bundle-index')
  })

  it('the bundle step bundles the index, and the index step starts it and writes its upload URL and token as outputs, never showing the token', () => {
    expect({ code: bundle.code, stderr: bundle.stderr }).toEqual({ code: 0, stderr: '' })
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
    const token = testJob.steps['index']?.['token'] as string
    expect(`${release.stdout}\n${release.stderr}`.split('\n').filter(line => line.includes(token) && line !== `::add-mask::${token}`)).toEqual([])
  })

  it("the check step passes: the index lists both files with the sha256 of the local target's SHA256SUMS", async () => {
    const check = await runStep(step('self-test-os', 'check'), workspace, testJob)
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
        return (await runStep(step('self-test-os', 'check'), workspace, testJob, change.env)).code
      } finally {
        await writeFile(path, sums)
      }
    }

    it('the pypi target did not publish', async () => {
      const published = (JSON.parse(testJob.steps['release']?.['published'] ?? '[]') as Array<{ target: string }>).filter(p => p.target !== 'pypi')
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
  const context: Context = { steps: { index: { url: 'http://127.0.0.1:1/legacy/', token: 'pypi-x' } }, runnerTemp: '/tmp/runner' }
  const release = step('self-test-os', 'release')

  it('refuses an input action.yml does not declare', () => {
    const misspelled = {
      ...release,
      with: Object.fromEntries(Object.entries(release.with ?? {}).map(([k, v]) => [k.replace('repository-url', 'repositry-url'), v]))
    }
    expect(() => inputsOf(misspelled, context)).toThrow('input repositry-url is not declared in action.yml')
  })

  it('refuses an output the step did not write, and any other expression', () => {
    expect(() => substitute('${{ steps.index.outputs.tokn }}', context)).toThrow('step index wrote no output tokn')
    expect(() => substitute('${{ secrets.PYPI_TOKEN }}', context)).toThrow('only step outputs and runner.temp are substituted here')
    expect(substitute('${{ steps.index.outputs.url }} ${{ runner.temp }}/x', context)).toBe('http://127.0.0.1:1/legacy/ /tmp/runner/x')
  })
})
