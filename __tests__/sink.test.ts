// The process-level sink (src/report/sink.ts): every write to stdout and stderr, whoever makes it, is
// redacted and has its command lines neutralized; the action's own commands take the privileged path.
import { Console } from 'node:console'
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { installProcessSink, processSink, type ProcessSink } from '../src/report/sink.js'
import { Redactor } from '../src/report/redact.js'
import { forgedCommands } from './helpers/hostile.js'

const SECRET = 'pa"ss\\word-4711/zz+'

describe('the process sink', () => {
  let written: { stdout: string; stderr: string }
  let originals: { stdout: typeof process.stdout.write; stderr: typeof process.stderr.write }
  let sink: ProcessSink

  beforeEach(() => {
    written = { stdout: '', stderr: '' }
    originals = { stdout: process.stdout.write, stderr: process.stderr.write }
    // what reaches the real streams, captured under the sink
    for (const name of ['stdout', 'stderr'] as const) {
      process[name].write = ((chunk: string | Uint8Array, encoding?: unknown, callback?: unknown) => {
        written[name] += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8')
        const done = typeof encoding === 'function' ? encoding : callback
        if (typeof done === 'function') (done as () => void)()
        return true
      }) as typeof process.stdout.write
    }
    sink = installProcessSink(new Redactor().add(SECRET))
  })
  afterEach(() => {
    sink.uninstall()
    process.stdout.write = originals.stdout
    process.stderr.write = originals.stderr
  })

  it('neutralizes the command lines a library writes, on both streams, and redacts every form of a secret', () => {
    const body = `x\n::error::forged\n::add-mask::x\r::warning::y\r\n  ::notice::z ${SECRET} ${encodeURIComponent(SECRET)} ${JSON.stringify(SECRET)} ${Buffer.from(SECRET).toString('base64')}`
    process.stdout.write(`Attempt 1 of 5 failed with error: ${body}\n`)
    // Node's console, as a library's console.error (jest's own console does not write to the streams)
    new Console({ stdout: process.stdout, stderr: process.stderr }).error(`Raw Body: ${body}`)
    for (const stream of [written.stdout, written.stderr]) {
      expect(forgedCommands(stream)).toEqual([])
      expect(stream).toContain('forged')
      for (const form of [SECRET, encodeURIComponent(SECRET), JSON.stringify(SECRET).slice(1, -1), Buffer.from(SECRET).toString('base64')]) {
        expect(stream).not.toContain(form)
      }
    }
  })

  it('neutralizes a command split over several writes, and a legacy ##[ command split over two', () => {
    process.stdout.write(' \t:')
    process.stdout.write(':error::split\n')
    process.stdout.write(':')
    process.stdout.write(':add-mask::x\n')
    process.stdout.write('text #')
    process.stdout.write('#[add-mask]y\n')
    process.stdout.write(Buffer.from('\u00a0'))
    process.stdout.write(Buffer.from('::warning::bytes\n'))
    expect(forgedCommands(written.stdout)).toEqual([])
    expect(written.stdout.replace(/\u200b/g, '')).toBe(' \t::error::split\n::add-mask::x\ntext ##[add-mask]y\n\u00a0::warning::bytes\n')
  })

  it('leaves a line that only looks like a command further in alone, and keeps a character split over two writes whole', () => {
    const bytes = Buffer.from(`héllo ${SECRET} :: not a command\n`)
    process.stdout.write(bytes.subarray(0, 2))
    process.stdout.write(bytes.subarray(2))
    expect(written.stdout).toBe('héllo *** :: not a command\n')
  })

  it('lets our own commands through the privileged path, redacted; an add-mask as it is', () => {
    expect(processSink()).toBe(sink)
    sink.command(`::error title=Ours::failed with ${SECRET}\n`)
    sink.command('::group::Build\n')
    sink.mask(`::add-mask::${SECRET}\n`)
    expect(written.stdout).toBe(`::error title=Ours::failed with ***\n::group::Build\n::add-mask::${SECRET}\n`)
    // and a line written after one of ours starts a new line
    process.stdout.write('::error::after\n')
    expect(written.stdout.endsWith(':\u200b:error::after\n')).toBe(true)
  })

  it("keeps a library's single debug command a debug command, and nothing after it in the same write", () => {
    process.stdout.write('::debug::Body: {"msg": "x%0A::error::y"}\n')
    process.stdout.write('::debug::one\n::error::two\n')
    expect(written.stdout).toBe('::debug::Body: {"msg": "x%0A::error::y"}\n:\u200b:debug::one\n:\u200b:error::two\n')
  })

  it("takes a library's own add-mask (one write of exactly that command) as a secret to redact, and does not pass it on", () => {
    process.stdout.write('::add-mask::sig%25ret-value\n')
    process.stdout.write('Redirecting to https://blob/x?sig=sig%ret-value\n')
    process.stdout.write('note: ::add-mask::not-one\n')
    expect(written.stdout).toBe('Redirecting to https://blob/x?sig=***\nnote: ::add-mask::not-one\n')
  })

  it("passes Node's own warnings through the sink", async () => {
    process.emitWarning(`::error::${SECRET}\n::add-mask::w`, 'Warning')
    await new Promise(resolve => setTimeout(resolve, 50))
    expect(written.stderr).toContain('Warning')
    expect(forgedCommands(written.stderr)).toEqual([])
    expect(written.stderr).not.toContain(SECRET)
  })
})
