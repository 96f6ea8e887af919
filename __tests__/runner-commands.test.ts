// src/report/runner.ts writes the workflow and file commands as @actions/core does (main.ts uses it so that
// the bundle's start does not load @actions/http-client and undici): the same calls through both must give
// the same bytes on stdout, in GITHUB_OUTPUT (the random delimiter aside) and in the job summary, and the
// same errors when a file is missing.
import { afterEach, beforeEach, describe, expect, it, jest } from '@jest/globals'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as core from '@actions/core'
import * as runner from '../src/report/runner.js'

type Sink = typeof core | typeof runner

/** What `fn` writes to stdout. */
async function stdoutOf(fn: () => unknown): Promise<string> {
  let written = ''
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation(chunk => {
    written += String(chunk)
    return true
  })
  try {
    await fn()
  } finally {
    spy.mockRestore()
  }
  return written
}

const TEXTS = ['plain', 'a %25 sign, a colon: and\r\nlines', '', '::set-output name=x::y']
const PROPERTIES: core.AnnotationProperties[] = [
  {},
  { title: undefined, file: undefined, startLine: undefined },
  { title: 'Title, with: commas', file: 'src/a b.py', startLine: 7 },
  { title: 'only a title', startLine: 0, endLine: 3, startColumn: 2, endColumn: 9 }
]

async function commands(sink: Sink): Promise<string> {
  return stdoutOf(async () => {
    for (const text of TEXTS) {
      sink.info(text)
      sink.debug(text)
      sink.setSecret(text)
      for (const properties of PROPERTIES) {
        sink.error(text, properties)
        sink.warning(text, properties)
        sink.notice(text, properties)
      }
      await sink.group(text, async () => sink.info('inside'))
    }
    await sink.group('failing', async () => Promise.reject(new Error('no'))).catch(() => {})
  })
}

describe('runner.ts writes what @actions/core writes', () => {
  let dir: string
  const saved = { output: process.env['GITHUB_OUTPUT'], summary: process.env['GITHUB_STEP_SUMMARY'] }
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'pra-runner-'))
  })
  afterEach(async () => {
    for (const [name, value] of [
      ['GITHUB_OUTPUT', saved.output],
      ['GITHUB_STEP_SUMMARY', saved.summary]
    ] as const) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
    await rm(dir, { recursive: true, force: true })
  })

  it('the workflow commands: log lines, debug, masks, annotations with and without properties, groups', async () => {
    expect(await commands(runner)).toBe(await commands(core))
    expect(runner.ExitCode.Failure).toBe(core.ExitCode.Failure)
  })

  it('step outputs: the GITHUB_OUTPUT file with a fresh delimiter, the set-output command without it, the error for a missing file', async () => {
    const written = async (sink: Sink): Promise<string> => {
      const file = join(dir, `output-${sink === core ? 'core' : 'runner'}`)
      await writeFile(file, '')
      process.env['GITHUB_OUTPUT'] = file
      for (const [name, value] of [
        ['a', 'one'],
        ['multi', 'line 1\nline 2'],
        ['empty', ''],
        ['json', { n: 1 }]
      ] as const)
        sink.setOutput(name, value)
      return (await readFile(file, 'utf8')).replace(/ghadelimiter_[0-9a-f-]{36}/g, 'DELIMITER')
    }
    expect(await written(runner)).toBe(await written(core))
    expect(await written(runner)).toContain('multi<<DELIMITER\nline 1\nline 2\nDELIMITER\n')

    delete process.env['GITHUB_OUTPUT']
    const command = (sink: Sink): Promise<string> => stdoutOf(() => sink.setOutput('name', 'value\nx'))
    expect(await command(runner)).toBe(await command(core))

    process.env['GITHUB_OUTPUT'] = join(dir, 'missing', 'output')
    const failure = (sink: Sink): string => {
      try {
        sink.setOutput('a', 'b')
        return 'no error'
      } catch (error) {
        return (error as Error).message
      }
    }
    expect(failure(runner)).toBe(failure(core))
    expect(failure(runner)).toMatch(/^Missing file at path: /)
  })

  it('the job summary: the same errors without the file, then appended as core.summary.addRaw().write() appends it', async () => {
    // core.summary keeps the first path it could write to (the action writes once): the failures come first
    const failure = async (write: (text: string) => Promise<unknown>): Promise<string> =>
      write('x').then(
        () => 'no error',
        (error: Error) => error.message
      )
    for (const value of [undefined, join(dir, 'missing', 'summary')]) {
      if (value === undefined) delete process.env['GITHUB_STEP_SUMMARY']
      else process.env['GITHUB_STEP_SUMMARY'] = value
      expect(await failure(runner.appendSummary)).toBe(await failure(text => core.summary.emptyBuffer().addRaw(text).write()))
    }

    const appended = async (write: (text: string) => Promise<unknown>): Promise<string> => {
      const file = join(dir, `summary-${write === runner.appendSummary ? 'runner' : 'core'}`)
      await writeFile(file, 'before\n')
      process.env['GITHUB_STEP_SUMMARY'] = file
      await write('## a table\n| x |\n')
      await write('more')
      return readFile(file, 'utf8')
    }
    expect(await appended(runner.appendSummary)).toBe(await appended(text => core.summary.emptyBuffer().addRaw(text).write()))
  })
})
