// The two guards every sink goes through: the Redactor (no secret in any output) and neutralizeCommands
// (no text from outside becomes a workflow command).
import { describe, expect, it } from '@jest/globals'
import { addInputSecrets, MASK, Redactor } from '../src/report/redact.js'
import { neutralizeCommands } from '../src/report/commands.js'

const TOKEN = 'pypi-AgEIcHlwaS5vcmcCJGQ0ZjM2ZTQ4LTEyMzQtNDU2Ny04OTAxLWFiY2RlZjAxMjM0NQ'
const PASSWORD = 's3cr3t/pa ss+word=&%'

describe('Redactor', () => {
  const redactor = new Redactor().addUsername('alice').add(PASSWORD).add('ghs_16C7e42F292c6912E7710c838347Ae178B4a')

  it('masks a known secret in every form it travels in', () => {
    const forms = [
      PASSWORD,
      JSON.stringify(PASSWORD).slice(1, -1),
      encodeURIComponent(PASSWORD),
      new URLSearchParams({ p: PASSWORD }).toString().slice(2),
      Buffer.from(PASSWORD).toString('base64'),
      Buffer.from(PASSWORD).toString('base64url'),
      Buffer.from(`alice:${PASSWORD}`).toString('base64'),
      Buffer.from(`__token__:${PASSWORD}`).toString('base64')
    ]
    for (const form of forms) {
      const text = redactor.redact(`the server said: <${form}> (end)`)
      expect(text).toBe(`the server said: <${MASK}> (end)`)
    }
  })

  it('masks the secret inside a longer base64 text at any byte offset', () => {
    for (const prefix of ['', 'x', 'xy', 'user-name:', 'Authorization header was: ']) {
      const encoded = Buffer.from(`${prefix}${PASSWORD} and more`).toString('base64')
      const text = redactor.redact(encoded)
      expect(text).toContain(MASK)
      // what is left cannot be decoded back into the password
      expect(Buffer.from(text.replace(MASK, ''), 'base64').toString('latin1')).not.toContain('pa ss')
    }
  })

  it('masks credentials it was never told about by their shape', () => {
    const fresh = new Redactor()
    const text = fresh.redact(
      [
        `token ${TOKEN}`,
        'github ghp_abcdefghijklmnopqrstuvwxyz0123456789 and github_pat_11ABCDEFG0123456789_abcdefghijklmnop',
        'oidc eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJyZXBvOm8vciJ9.c2lnbmF0dXJl',
        'Authorization: Basic X190b2tlbl9fOnNlY3JldA==',
        '{"authorization": "Bearer abc.def"}',
        'see https://user:hunter2@upload.example.org/legacy/'
      ].join('\n')
    )
    for (const secret of [TOKEN, 'ghp_abcdefghij', 'github_pat_11', 'eyJhbGciOiJSUzI1NiJ9', 'X190b2tlbl9fOnNlY3JldA', 'abc.def', 'hunter2']) {
      expect(text).not.toContain(secret)
    }
    expect(text).toContain('Authorization: Basic ***')
    expect(text).toContain('https://***@upload.example.org/legacy/')
  })

  it('keeps ordinary text, and does not mask a value too short to be told apart', () => {
    const short = new Redactor().add('abc')
    expect(short.redact('abc basic functionality, a password == x')).toBe('abc basic functionality, a password == x')
  })

  it('takes the secrets of the inputs, including a password inside an index URL', () => {
    const fromInputs = addInputSecrets(new Redactor(), {
      password: TOKEN,
      testpypiPassword: '',
      githubToken: 'gho_0123456789abcdefghijABCDEFGHIJ',
      username: '__token__',
      repositoryUrl: 'https://bob:pa%24%24word99@index.example/legacy/',
      testpypiRepositoryUrl: 'https://test.pypi.org/legacy/'
    })
    const text = fromInputs.redact(`${TOKEN} pa$$word99 ${Buffer.from('bob:pa$$word99').toString('base64')} gho_0123456789abcdefghijABCDEFGHIJ`)
    expect(text).toBe([MASK, MASK, MASK, MASK].join(' '))
  })

  // A hostile server's megabyte-long line must not stall the run: every shape scans in linear time (the
  // URL shape once took quadratic time on a long run of letters: minutes for a megabyte). Bounded by the
  // test's timeout, not measured.
  it('redacts a megabyte of hostile text of every shape promptly', () => {
    for (const unit of ['a', 'pypi-', 'eyJaaaaaa.', 'eyJ-', 'authorization: ', 'https://a:', 'x://', 'ghp_', ':@', 'basic ', '0']) {
      const text = unit.repeat(Math.ceil(1_000_000 / unit.length))
      expect(redactor.redact(text).length).toBeGreaterThan(0)
    }
  }, 20_000)

  it('copies a result with every string redacted, maps and arrays included', () => {
    const result = { a: [`x ${PASSWORD}`], b: { c: PASSWORD, n: 3 }, m: new Map([['k', [PASSWORD]]]) }
    const copy = redactor.redactDeep(result)
    expect(JSON.stringify({ ...copy, m: [...copy.m] })).not.toContain('pa ss')
    expect(copy.b.n).toBe(3)
    expect(result.b.c).toBe(PASSWORD)
  })
})

describe('neutralizeCommands', () => {
  const commandLines = (text: string): string[] => text.split(/\r\n|\r|\n/).filter(line => line.trimStart().startsWith('::') || line.includes('##['))

  it('leaves no line the runner would take as a command, and shows the same characters', () => {
    const hostile = [
      'ok line',
      '::add-mask::abc',
      '   ::stop-commands::token',
      '\t::set-output name=x::y',
      '\u00a0\u2003::error::forged',
      '\ufeff::warning::bom',
      'text\r::notice::after a lone CR',
      'a legacy ##[add-mask]abc in the middle',
      '\u200b::debug::after a zero-width space'
    ].join('\n')
    const safe = neutralizeCommands(hostile)
    expect(commandLines(hostile).length).toBeGreaterThan(5)
    expect(commandLines(safe)).toEqual([])
    expect(safe.replace(/\u200b/g, '')).toBe(hostile.replace(/\u200b/g, '').replace(/\r/g, '\n'))
  })

  it('returns ordinary text unchanged', () => {
    expect(neutralizeCommands('tests: pass — 10 of 10 passed\nnext: a::b')).toBe('tests: pass — 10 of 10 passed\nnext: a::b')
  })
})
