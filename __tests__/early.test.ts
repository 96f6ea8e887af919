// startEarly: work started before its stage's turn logs nothing until its stage takes it, then its
// lines in the order written; discarded work logs nothing; a failure surfaces only at take().
import { describe, expect, it } from '@jest/globals'
import { startEarly } from '../src/early.js'
import type { Logger } from '../src/types.js'

const tick = (ms = 0): Promise<void> => new Promise(resolve => setTimeout(resolve, ms))

function recorder(): { logger: Logger; lines: string[] } {
  const lines: string[] = []
  return { lines, logger: { info: message => lines.push(`info ${message}`), debug: message => lines.push(`debug ${message}`) } }
}

describe('startEarly', () => {
  it('holds the lines back until take(), then writes them in order, then later lines as they come', async () => {
    const { logger, lines } = recorder()
    let finish: (value: number) => void = () => {}
    const early = startEarly(async log => {
      log.info('one')
      log.debug('two')
      return new Promise<number>(resolve => (finish = resolve))
    }, logger)
    await tick()
    expect(lines).toEqual([])
    lines.push('certify done')
    const taken = early.take()
    expect(lines).toEqual(['certify done', 'info one', 'debug two'])
    finish(42)
    await expect(taken).resolves.toBe(42)
    expect(early.taken).toBe(true)
  })

  it('discard() waits for the work and drops every line', async () => {
    const { logger, lines } = recorder()
    let ended = false
    const early = startEarly(async log => {
      log.info('before')
      await tick(10)
      log.info('after')
      ended = true
    }, logger)
    await early.discard()
    expect(ended).toBe(true)
    expect(lines).toEqual([])
    expect(early.taken).toBe(false)
  })

  it('a failure is thrown by take(), and is no unhandled rejection before', async () => {
    const { logger } = recorder()
    const early = startEarly(async () => {
      throw new Error('boom')
    }, logger)
    await tick(5)
    await expect(early.take()).rejects.toThrow('boom')
    const discarded = startEarly(async () => {
      throw new Error('unseen')
    }, logger)
    await expect(discarded.discard()).resolves.toBeUndefined()
  })

  it('started: at the line that says so, when the work ends, or after maxWaitMs', async () => {
    const { logger } = recorder()
    const order: string[] = []
    let release: () => void = () => {}
    const byLine = startEarly(
      async log => {
        log.info('preparing')
        await tick(5)
        order.push('command')
        log.info('$ python -m build')
        await new Promise<void>(resolve => (release = resolve))
      },
      logger,
      { startedWhen: line => line.startsWith('$ '), maxWaitMs: 10_000 }
    )
    await byLine.started
    order.push('started')
    expect(order).toEqual(['command', 'started'])
    release()
    await byLine.take()

    const ended = startEarly(async () => 'done', logger, { startedWhen: () => false, maxWaitMs: 10_000 })
    await ended.started
    await expect(ended.take()).resolves.toBe('done')

    let end: () => void = () => {}
    const slow = startEarly(() => new Promise<void>(resolve => (end = resolve)), logger, { startedWhen: () => false, maxWaitMs: 20 })
    const begin = Date.now()
    await slow.started
    expect(Date.now() - begin).toBeLessThan(5_000)
    end()
    await slow.take()
  })
})
