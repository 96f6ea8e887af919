// DistributionManager with hand-written PublishTarget doubles: each target is asked in its stage's order,
// made once, and only for what the manager itself does not decide (a preflight that did not pass).
import { describe, expect, it } from '@jest/globals'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DistributionManager } from '../src/publish/manager.js'
import type { PublishTarget } from '../src/publish/target.js'
import { DistributionTarget, type BuildArtifact, type PreflightResult, type PublishResult } from '../src/types.js'

/** A target that records every call and answers as a real one would. */
function double(target: DistributionTarget, calls: string[]): PublishTarget {
  return {
    async preflight(artifacts: BuildArtifact[]): Promise<PreflightResult> {
      calls.push(`${target} preflight ${artifacts.length}`)
      return { target, ready: true, message: 'ready', files: [], annotations: [] }
    },
    async publish(preflight: PreflightResult): Promise<PublishResult> {
      calls.push(`${target} publish`)
      return { target: preflight.target, status: 'published', url: `https://${target}.example/`, message: 'published', files: [], uploaded: [], skipped: [] }
    },
    async finalize(result: PublishResult): Promise<PublishResult> {
      calls.push(`${target} finalize`)
      return { ...result, message: `${result.message}; finalized by ${target}` }
    },
    async abandon(): Promise<void> {
      calls.push(`${target} abandon`)
    }
  }
}

describe('DistributionManager', () => {
  it('hands each stage to the target it names, and finalizes each result by its own target', async () => {
    const calls: string[] = []
    const manager = new DistributionManager({
      localDir: '/nonexistent',
      targets: { [DistributionTarget.GITHUB]: double(DistributionTarget.GITHUB, calls), [DistributionTarget.PYPI]: double(DistributionTarget.PYPI, calls) }
    })
    const github = await manager.preflight(DistributionTarget.GITHUB, [])
    const pypi = await manager.preflight(DistributionTarget.PYPI, [])
    const results = [await manager.publish(pypi), await manager.publish(github)]
    const final = await manager.finalize(results)
    expect(calls).toEqual(['github preflight 0', 'pypi preflight 0', 'pypi publish', 'github publish', 'pypi finalize', 'github finalize'])
    expect(final.map(result => result.message)).toEqual(['published; finalized by pypi', 'published; finalized by github'])
  })

  it('does not ask a target to publish what its preflight did not pass', async () => {
    const calls: string[] = []
    const manager = new DistributionManager({ localDir: '/nonexistent', targets: { [DistributionTarget.PYPI]: double(DistributionTarget.PYPI, calls) } })
    const result = await manager.publish({ target: DistributionTarget.PYPI, ready: false, message: 'no', files: [], annotations: [] })
    expect(result).toMatchObject({ target: 'pypi', status: 'failed', message: 'preflight did not pass' })
    expect(calls).toEqual([])
  })

  it('abandons every target it made, and no other', async () => {
    const calls: string[] = []
    const manager = new DistributionManager({
      localDir: '/nonexistent',
      targets: {
        [DistributionTarget.GITHUB]: double(DistributionTarget.GITHUB, calls),
        [DistributionTarget.TEST_PYPI]: double(DistributionTarget.TEST_PYPI, calls)
      }
    })
    await manager.preflight(DistributionTarget.GITHUB, [])
    await manager.abandon()
    expect(calls).toEqual(['github preflight 0', 'github abandon'])
  })

  it('makes a real target from its settings, and leaves a result it did not make as it is', async () => {
    const dir = join(await mkdtemp(join(tmpdir(), 'pra-manager-')), 'release')
    const manager = new DistributionManager({ localDir: dir })
    const preflight = await manager.preflight(DistributionTarget.LOCAL, [])
    expect(preflight).toMatchObject({ target: 'local', ready: false, message: 'there are no built files to publish (the build stage did not run)' })
    const foreign: PublishResult = {
      target: DistributionTarget.GITHUB,
      status: 'published',
      url: '',
      message: 'as it was',
      files: [],
      uploaded: [],
      skipped: []
    }
    expect(await manager.finalize([foreign])).toEqual([foreign])
    await expect(manager.preflight(DistributionTarget.PYPI, [])).rejects.toThrow("no index settings for target 'pypi'")
    await expect(manager.preflight(DistributionTarget.GITHUB, [])).rejects.toThrow("no settings for target 'github'")
  })
})
