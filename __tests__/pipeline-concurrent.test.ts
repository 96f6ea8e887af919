// The build starts while certify runs (issue 15, overhead), yet the log and the result read as if the
// stages ran one after the other: certify's group with only certify's lines, then build's group with
// every build line (those written while certify ran come first), then preflight and publish. A failed
// certification still shows no build, fails nothing else and publishes nothing.
import { describe, expect, it } from '@jest/globals'
import { cp, mkdir, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getInputs, type InputName } from '../src/inputs.js'
import { readEnvironment } from '../src/env.js'
import { runPipeline } from '../src/pipeline.js'
import type { PipelineHooks } from '../src/outcome.js'
import { PYTHON, ROOT } from './helpers/action.js'

const FIXTURE = join(ROOT, '__tests__', 'fixtures', 'projects', 'flit-basic')

/** The wheel the early build wrote under RUNNER_TEMP, once there is one (undefined after the timeout). */
async function builtWheel(runnerTemp: string, timeoutMs = 60_000): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    for (const dir of await readdir(runnerTemp)) {
      const files = await readdir(join(runnerTemp, dir, 'dist')).catch(() => [] as string[])
      const wheel = files.find(name => name.endsWith('.whl') && !name.startsWith('tmp')) // flit writes tmp*.whl, then renames it
      if (wheel) return wheel
    }
    await new Promise(resolve => setTimeout(resolve, 20))
  }
  return undefined
}

/**
 * Runs the pipeline on a copy of flit-basic. The certify group's hook holds certify back until the
 * build (started alongside it) has written its wheel, so certify finishes well after the build's
 * first log lines: a log that is still in stage order proves they were held back.
 */
async function run(given: Partial<Record<InputName, string>>, waitMs = 60_000) {
  const work = await mkdtemp(join(tmpdir(), 'pra-concurrent-'))
  const project = join(work, 'project')
  await cp(FIXTURE, project, { recursive: true })
  const runnerTemp = join(work, 'temp')
  await mkdir(runnerTemp)
  const release = join(work, 'release')
  const all: Partial<Record<InputName, string>> = {
    'project-dir': project,
    stages: 'certify,build,preflight,publish',
    targets: 'local',
    'local-dir': release,
    python: PYTHON,
    'build-isolation': 'false',
    'docs-required': '',
    ...given
  }
  const inputs = getInputs(name => all[name])
  const log: string[] = []
  let wheelDuringCertify: string | undefined
  const hooks: PipelineHooks = {
    logger: { info: message => log.push(message), debug: () => {} },
    group: async (title, fn) => {
      log.push(`::group::${title}`)
      if (title.startsWith('Certify')) wheelDuringCertify = await builtWheel(runnerTemp, waitMs)
      try {
        return await fn()
      } finally {
        log.push('::endgroup::')
      }
    }
  }
  const result = await runPipeline(inputs, readEnvironment({ RUNNER_TEMP: runnerTemp }, work), hooks)
  return { result, log, release, wheelDuringCertify }
}

/** The log cut into groups: title and the lines inside; lines outside any group under ''. */
function groups(log: string[]): Array<{ title: string; lines: string[] }> {
  const found: Array<{ title: string; lines: string[] }> = []
  let current: { title: string; lines: string[] } | undefined
  for (const line of log) {
    if (line.startsWith('::group::')) {
      expect(current).toBeUndefined() // groups never nest or overlap
      current = { title: line.slice('::group::'.length), lines: [] }
      found.push(current)
    } else if (line === '::endgroup::') {
      current = undefined
    } else {
      ;(current ?? (found.push({ title: '', lines: [] }), found[found.length - 1]!)).lines.push(line)
    }
  }
  return found
}

describe('certify and build at once', () => {
  it('a passed certification: groups and outcomes in stage order, every build line inside the build group', async () => {
    const { result, log, release, wheelDuringCertify } = await run({})
    // The build ran while certify was held back: it had written its wheel before certify went on.
    expect(wheelDuringCertify).toBe('flit_basic-3.1.0-py3-none-any.whl')
    const shown = groups(log)
    expect(shown.map(g => g.title)).toEqual(['Certify flit-basic 3.1.0', 'Build flit-basic', 'Preflight local', 'Publish local'])
    const [certify, build] = shown
    expect(certify!.lines.at(-1)).toBe('certification: PARTIAL')
    expect(certify!.lines.some(line => /python3? -m build|Successfully built|sha256/.test(line))).toBe(false)
    // Lines written while certify ran (the command) come first in the build group, then the rest in order.
    const command = build!.lines.findIndex(line => line.startsWith(`$ ${PYTHON} -m build`))
    const built = build!.lines.findIndex(line => line.startsWith('Successfully built'))
    const digest = build!.lines.findIndex(line => line.startsWith('flit_basic-3.1.0-py3-none-any.whl  ') && line.includes('sha256'))
    expect(command).toBeGreaterThanOrEqual(0)
    expect(built).toBeGreaterThan(command)
    expect(digest).toBeGreaterThan(built)
    expect(result.stages.map(s => [s.stage, s.status])).toEqual([
      ['certify', 'ok'],
      ['build', 'ok'],
      ['preflight', 'ok'],
      ['publish', 'ok']
    ])
    expect(result.ok).toBe(true)
    expect(result.build?.artifacts.map(a => a.filename)).toEqual(['flit-basic-3.1.0.tar.gz', 'flit_basic-3.1.0-py3-none-any.whl'])
    expect(result.certification?.status).toBe('PARTIAL')
    expect((await readdir(release)).sort()).toEqual(['SHA256SUMS', 'flit-basic-3.1.0.tar.gz', 'flit_basic-3.1.0-py3-none-any.whl'])
  }, 120_000)

  it('a failed certification: no build group, no build line, build not run, nothing published', async () => {
    // The version input disagrees with pyproject.toml's: the version check fails certification.
    const { result, log, release, wheelDuringCertify } = await run({ version: '9.9.9' })
    // The build had run to its wheel alongside certify, and is still not shown or counted.
    expect(wheelDuringCertify).toBe('flit_basic-3.1.0-py3-none-any.whl')
    const shown = groups(log)
    expect(shown.map(g => g.title)).toEqual(['Certify flit-basic'])
    expect(shown[0]!.lines.at(-1)).toBe('certification: FAIL')
    expect(log.some(line => /python3? -m build|Successfully built|sha256|SOURCE_DATE_EPOCH/.test(line))).toBe(false)
    expect(result.stages.map(s => [s.stage, s.status])).toEqual([
      ['certify', 'failed'],
      ['build', 'not-run'],
      ['preflight', 'not-run'],
      ['publish', 'not-run']
    ])
    expect(result.ok).toBe(false)
    expect(result.build).toBeUndefined()
    expect(result.artifact).toBeUndefined()
    expect(result.published).toEqual([])
    expect(result.annotations.filter(a => a.stage !== 'certify')).toEqual([])
    await expect(readdir(release)).rejects.toMatchObject({ code: 'ENOENT' })
  }, 120_000)

  it('without certify, the build runs in its own group as before', async () => {
    const { result, log } = await run({ stages: 'build,preflight,publish' })
    expect(groups(log).map(g => g.title)).toEqual(['Build flit-basic', 'Preflight local', 'Publish local'])
    expect(result.stages.map(s => [s.stage, s.status])).toEqual([
      ['build', 'ok'],
      ['preflight', 'ok'],
      ['publish', 'ok']
    ])
  }, 120_000)
})

describe('certify that scans the tree', () => {
  it('with security-scan bandit the build waits for certify: an in-place build writes into the tree bandit reads', async () => {
    const { result, wheelDuringCertify } = await run({ 'security-scan': 'bandit' }, 3_000)
    expect(wheelDuringCertify).toBeUndefined()
    expect(result.stages.map(s => [s.stage, s.status])).toEqual([
      ['certify', 'ok'],
      ['build', 'ok'],
      ['preflight', 'ok'],
      ['publish', 'ok']
    ])
  }, 120_000)
})

describe('the readme render', () => {
  it('a reST readme is rendered once: the render during certify serves the built files after the build', async () => {
    const work = await mkdtemp(join(tmpdir(), 'pra-render-'))
    const project = join(work, 'project')
    await cp(join(ROOT, '__tests__', 'fixtures', 'projects', 'towncrier-changes-dir'), project, { recursive: true })
    const renders = join(work, 'renders')
    // An interpreter that counts the readme renders (python -c <the reST check> FILE) and runs the real one.
    const python = join(work, 'python3')
    await writeFile(python, `#!/bin/sh\ncase "$2" in *docutils*) echo "$3" >> '${renders}';; esac\nexec ${PYTHON} "$@"\n`, { mode: 0o755 })
    await mkdir(join(work, 'temp'))
    const given: Partial<Record<InputName, string>> = {
      'project-dir': project,
      stages: 'certify,build',
      python,
      'build-isolation': 'false',
      'docs-required': ''
    }
    const log: string[] = []
    const result = await runPipeline(
      getInputs(name => given[name]),
      readEnvironment({ RUNNER_TEMP: join(work, 'temp') }, work),
      {
        logger: { info: message => log.push(message), debug: () => {} },
        group: (_title, fn) => fn()
      }
    )
    expect(result.stages.map(s => [s.stage, s.status])).toEqual([
      ['certify', 'ok'],
      ['build', 'ok']
    ])
    const docs = result.certification?.checks.find(check => check.name === 'docs')
    expect(docs?.details.find(line => line.startsWith('readme'))).toMatch(/: ok — .*description \(text\/x-rst/)
    expect((await readFile(renders, 'utf8')).trim().split('\n')).toEqual([join(project, 'README.rst')])
  }, 120_000)
})
