// The stage order, in-process: the real pipeline with a double for the targets (PipelineHooks.distribution)
// and for the builder (PipelineHooks.builder, handing back files built for real once). Every preflight
// comes before any publish; a target not ready, a failed certification or a failed publish stops what
// follows; finalize runs once, after every target published; a run that published nothing abandons.
import { beforeAll, describe, expect, it } from '@jest/globals'
import { cp, mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getInputs, type InputName } from '../src/inputs.js'
import { readEnvironment } from '../src/env.js'
import { runPipeline } from '../src/pipeline.js'
import type { Distribution, PipelineHooks } from '../src/outcome.js'
import { PackageBuilder } from '../src/build/builder.js'
import { SigningError } from '../src/attest/sign.js'
import { DistributionTarget, silentLogger, type BuildReport, type PublishResult } from '../src/types.js'
import { PYTHON, ROOT } from './helpers/action.js'

const FIXTURE = join(ROOT, '__tests__', 'fixtures', 'projects', 'flit-basic')
const TARGETS = [DistributionTarget.TEST_PYPI, DistributionTarget.PYPI, DistributionTarget.LOCAL]
/** What the builder double logs: the build's command line, as PackageBuilder logs it. */
const BUILD_LINE = '$ python -m build (double)'

let work: string
let project: string
/** flit-basic's sdist and wheel, built once for real: the version and docs checks read them. */
let built: BuildReport

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'pra-order-'))
  project = join(work, 'project')
  await cp(FIXTURE, project, { recursive: true })
  const outputDir = join(work, 'built', 'dist')
  built = await new PackageBuilder({ projectDir: project, python: PYTHON, isolation: false, outputDir, env: process.env, logger: silentLogger }).build()
}, 120_000)

interface Plan {
  /** Targets whose preflight says not ready. */
  notReady?: DistributionTarget[]
  /** Targets whose publish fails. */
  failing?: DistributionTarget[]
  /** Targets whose publish throws (a defect, an error nobody expected). */
  throwing?: DistributionTarget[]
  /** Signing the attestations fails (Fulcio down). */
  signingFails?: boolean
}

/** Runs the pipeline on flit-basic with every stage; `calls` is what the doubles were asked, in order. */
async function run(plan: Plan, given: Partial<Record<InputName, string>> = {}) {
  const calls: string[] = []
  const log: string[] = []
  const runnerTemp = await mkdtemp(join(work, 'temp-'))
  const distribution = (): Distribution => ({
    async preflight(target) {
      calls.push(`preflight ${target}`)
      const ready = !plan.notReady?.includes(target)
      return { target, ready, message: ready ? 'ready' : 'refused by the double', files: [], annotations: [] }
    },
    async attest(preflights) {
      calls.push(`attest ${preflights.length}`)
      if (plan.signingFails) throw new SigningError('Fulcio at https://fulcio.example did not issue a signing certificate: HTTP 503', 'fulcio')
      return undefined
    },
    async publish(preflight) {
      calls.push(`publish ${preflight.target}`)
      if (plan.throwing?.includes(preflight.target)) throw new Error('the double broke')
      const failed = plan.failing?.includes(preflight.target)
      const files = built.artifacts.map(a => a.filename)
      const message = failed ? 'refused by the double' : 'sent'
      return { target: preflight.target, status: failed ? 'failed' : 'published', url: '', message, files, uploaded: files, skipped: [] }
    },
    async finalize(results: PublishResult[]) {
      calls.push('finalize')
      return results
    },
    async abandon() {
      calls.push('abandon')
    }
  })
  const hooks: PipelineHooks = {
    logger: { info: message => log.push(message), debug: () => {} },
    group: async (title, fn) => {
      log.push(`::group::${title}`)
      try {
        return await fn()
      } finally {
        log.push('::endgroup::')
      }
    },
    builder: options => ({
      async build() {
        calls.push('build')
        options.logger.info(BUILD_LINE)
        return built
      }
    }),
    distribution
  }
  const all: Partial<Record<InputName, string>> = {
    'project-dir': project,
    stages: 'certify,build,preflight,publish',
    targets: TARGETS.join(','),
    'local-dir': join(work, 'release'),
    python: PYTHON,
    'build-isolation': 'false',
    'docs-required': '',
    ...given
  }
  const result = await runPipeline(
    getInputs(name => all[name]),
    readEnvironment({ RUNNER_TEMP: runnerTemp }, work),
    hooks
  )
  return { result, calls, log, stages: result.stages.map(s => [s.stage, s.status]) }
}

const published = (calls: string[]): string[] => calls.filter(call => call.startsWith('publish '))

describe('the stage order', () => {
  it('preflights every target before any publish, publishes each in order, then finalizes once', async () => {
    const { result, calls, log, stages } = await run({})
    expect(stages).toEqual([
      ['certify', 'ok'],
      ['build', 'ok'],
      ['preflight', 'ok'],
      ['publish', 'ok']
    ])
    const lastPreflight = calls.findLastIndex(call => call.startsWith('preflight '))
    const firstPublish = calls.findIndex(call => call.startsWith('publish '))
    expect(firstPublish).toBeGreaterThan(lastPreflight)
    // attestations are signed once, between the last preflight and the first publish
    expect(calls.filter(call => call.startsWith('attest '))).toEqual([`attest ${TARGETS.length}`])
    expect(calls.indexOf(`attest ${TARGETS.length}`)).toBe(lastPreflight + 1)
    expect(calls.filter(call => call.startsWith('preflight '))).toEqual(TARGETS.map(t => `preflight ${t}`))
    // publish/stage.ts PUBLISH_ORDER, whatever order 'targets' gives: local, TestPyPI, PyPI, GitHub
    expect(published(calls)).toEqual(['publish local', 'publish testpypi', 'publish pypi'])
    expect(calls.filter(call => call === 'finalize')).toHaveLength(1)
    expect(calls.at(-1)).toBe('finalize')
    expect(calls).not.toContain('abandon')
    // The built files went to preflight, and the build's log line is in the build's group.
    expect(result.build).toBe(built)
    expect(result.published.map(p => p.status)).toEqual(['published', 'published', 'published'])
    const buildGroup = log.findIndex(line => line.startsWith('::group::Build'))
    expect(log.indexOf(BUILD_LINE)).toBeGreaterThan(buildGroup)
    expect(buildGroup).toBeGreaterThan(-1)
  })

  it('a signing failure publishes nothing to any target, names the service, and abandons', async () => {
    const { result, calls, stages } = await run({ signingFails: true })
    expect(stages).toEqual([
      ['certify', 'ok'],
      ['build', 'ok'],
      ['preflight', 'ok'],
      ['publish', 'failed']
    ])
    expect(published(calls)).toEqual([])
    expect(calls).toContain('abandon')
    expect(result.stages.find(s => s.stage === 'publish')?.message).toBe(
      'Fulcio at https://fulcio.example did not issue a signing certificate: HTTP 503; nothing was published to any target'
    )
  })

  it('a target not ready publishes nothing anywhere and abandons', async () => {
    const { result, calls, stages } = await run({ notReady: [DistributionTarget.PYPI] })
    expect(stages).toEqual([
      ['certify', 'ok'],
      ['build', 'ok'],
      ['preflight', 'failed'],
      ['publish', 'not-run']
    ])
    // Every target is still asked, so the report shows each one's readiness.
    expect(calls).toEqual(['build', ...TARGETS.map(t => `preflight ${t}`), 'abandon'])
    expect(result.published).toEqual([])
    expect(result.stages.find(s => s.stage === 'preflight')?.message).toBe('not ready: pypi')
  })

  it('a failed certification builds nothing, preflights and publishes nothing, and abandons', async () => {
    // The version input disagrees with pyproject.toml's 3.1.0: the version check fails.
    const { result, calls, log, stages } = await run({}, { version: '9.9.9' })
    expect(result.certification?.status).toBe('FAIL')
    expect(stages).toEqual([
      ['certify', 'failed'],
      ['build', 'not-run'],
      ['preflight', 'not-run'],
      ['publish', 'not-run']
    ])
    // The build may have started alongside certify; it is discarded unseen.
    expect(calls.filter(call => call !== 'build')).toEqual(['abandon'])
    expect(result.build).toBeUndefined()
    expect(log).not.toContain(BUILD_LINE)
    expect(log.some(line => line.startsWith('::group::Build'))).toBe(false)
  })

  it('a failed publish stops the targets after it, and nothing is finalized', async () => {
    const { result, calls, stages } = await run({ failing: [DistributionTarget.TEST_PYPI] })
    expect(stages).toEqual([
      ['certify', 'ok'],
      ['build', 'ok'],
      ['preflight', 'ok'],
      ['publish', 'failed']
    ])
    expect(calls.filter(call => call !== 'build')).toEqual([
      ...TARGETS.map(t => `preflight ${t}`),
      `attest ${TARGETS.length}`,
      'publish local',
      'publish testpypi'
    ])
    expect(calls).not.toContain('finalize')
    // Something was sent (the failed target's own attempt), so no draft is abandoned behind it.
    expect(calls).not.toContain('abandon')
    expect(result.published.map(p => [p.target, p.status])).toEqual([
      ['local', 'published'],
      ['testpypi', 'failed']
    ])
    expect(result.annotations).toContainEqual(expect.objectContaining({ stage: 'publish', level: 'error', title: 'Publish to testpypi failed' }))
    // exactly which files are out where, and what a re-run does
    expect(result.stages.find(s => s.stage === 'publish')?.message).toMatch(
      /Where the files are now: local: 2 of 2 files \(flit-basic-3\.1\.0\.tar\.gz, flit_basic-3\.1\.0-py3-none-any\.whl\); testpypi: .*; pypi: nothing \(not started\)\. A re-run keeps what is published and completes the rest\./
    )
  })

  it('a failed publish of a later target stops the rest too', async () => {
    const { calls } = await run({ failing: [DistributionTarget.PYPI] })
    expect(published(calls)).toEqual(['publish local', 'publish testpypi', 'publish pypi'])
    expect(calls).not.toContain('finalize')
  })

  it('an unexpected error in a later publish still reports the targets published before it, and abandons nothing', async () => {
    const { result, calls, stages } = await run({ throwing: [DistributionTarget.PYPI] })
    expect(stages.at(-1)).toEqual(['publish', 'failed'])
    expect(result.stages.at(-1)?.message).toBe('unexpected error: the double broke')
    expect(published(calls)).toEqual(['publish local', 'publish testpypi', 'publish pypi'])
    expect(result.published.map(p => [p.target, p.status])).toEqual([
      ['local', 'published'],
      ['testpypi', 'published']
    ])
    expect(calls).not.toContain('finalize')
    expect(calls).not.toContain('abandon')
  })
})
