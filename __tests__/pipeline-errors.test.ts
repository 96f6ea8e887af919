// An error no stage expected (an unreadable file, a defect) fails that stage with one line naming what
// failed: the report is complete, the stages after it do not run, and nothing is published.
import { describe, expect, it } from '@jest/globals'
import { mkdtemp, readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { getInputs, type InputName } from '../src/inputs.js'
import { readEnvironment } from '../src/env.js'
import { runPipeline } from '../src/pipeline.js'
import { renderSummary } from '../src/report/summary.js'
import { failedResult } from '../src/outcome.js'
import { PYTHON, ROOT } from './helpers/action.js'

const SAMPLE = join(ROOT, 'examples', 'sample-project')

describe('a stage that throws', () => {
  it('fails that stage with the error in one line, runs nothing after it, publishes nothing', async () => {
    const release = join(await mkdtemp(join(tmpdir(), 'pra-guard-')), 'release')
    const given: Partial<Record<InputName, string>> = {
      'project-dir': SAMPLE,
      targets: 'local',
      'local-dir': release,
      python: PYTHON,
      'build-isolation': 'false',
      'docs-required': ''
    }
    const inputs = getInputs(name => given[name])
    const debug: string[] = []
    const eisdir = Object.assign(new Error('EISDIR: illegal operation on a directory, read'), {
      code: 'EISDIR',
      path: join(SAMPLE, 'CHANGELOG.md'),
      syscall: 'read'
    })
    const result = await runPipeline(inputs, readEnvironment({}, SAMPLE), {
      logger: { info: () => {}, debug: message => debug.push(message) },
      group: async (title, fn) => {
        if (title.startsWith('Build')) throw eisdir
        return fn()
      }
    })
    expect(result.ok).toBe(false)
    expect(result.stages.map(s => [s.stage, s.status])).toEqual([
      ['certify', 'ok'],
      ['build', 'failed'],
      ['preflight', 'not-run'],
      ['publish', 'not-run']
    ])
    const error = result.annotations.find(a => a.level === 'error')
    expect(error).toMatchObject({ stage: 'build', title: 'Build failed' })
    expect(error?.message).toBe(`Build stopped on an unexpected error: read '${join(SAMPLE, 'CHANGELOG.md')}': is a directory, not a file (EISDIR)`)
    expect(error?.message).not.toMatch(/\n\s+at /)
    expect(debug.join('\n')).toMatch(/\n\s+at /)
    expect(result.published).toEqual([])
    await expect(readdir(release)).rejects.toMatchObject({ code: 'ENOENT' })
  })

  it('a receiving job that throws is titled as receiving, not as a build (issue 26)', async () => {
    const work = await mkdtemp(join(tmpdir(), 'pra-guard-receive-'))
    const given: Partial<Record<InputName, string>> = { stages: 'preflight,publish', 'dist-dir': work, targets: 'local', 'local-dir': join(work, 'release') }
    const result = await runPipeline(
      getInputs(name => given[name]),
      readEnvironment({}, work),
      {
        logger: { info: () => {}, debug: () => {} },
        group: async (title, fn) => {
          if (title.startsWith('Receive')) throw new Error('the listing broke')
          return fn()
        }
      }
    )
    expect(result.ok).toBe(false)
    const error = result.annotations.find(a => a.level === 'error')
    expect(error).toMatchObject({ title: 'Receive failed', message: 'Receive stopped on an unexpected error: the listing broke' })
    expect(result.published).toEqual([])
  })

  it('a run that stopped before any stage still has a summary that says why', () => {
    const summary = renderSummary(failedResult({ level: 'error', title: "Invalid input 'stages'", message: "Input 'stages' is empty" }))
    expect(summary).toContain("❌ The release stopped before any stage ran: Invalid input 'stages': Input 'stages' is empty")
  })
})
