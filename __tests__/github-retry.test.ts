// How long the github target waits before retrying what GitHub answered (retryWait), and the
// check run's text cut to GitHub's limit.
import { describe, expect, it } from '@jest/globals'
import { retryWait } from '../src/publish/http.js'
import { cut } from '../src/report/check-run.js'

const policy = { attempts: 5, baseDelayMs: 1000, maxDelayMs: 60_000 }

describe('retryWait', () => {
  it('waits as a secondary rate limit or a 429 asks (Retry-After), and until a spent primary limit resets', () => {
    expect(retryWait({ status: 403, message: 'You have exceeded a secondary rate limit', response: { headers: { 'retry-after': '7' } } }, policy, 1)).toBe(7000)
    expect(retryWait({ status: 429, response: { headers: { 'retry-after': '2' } } }, policy, 3)).toBe(2000)
    const now = Date.parse('2026-11-25T12:00:00Z')
    const reset = String(now / 1000 + 30)
    expect(retryWait({ status: 403, response: { headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': reset } } }, policy, 1, now)).toBe(31_000)
  })

  it('backs off on 5xx and on a secondary rate limit without Retry-After; never retries a plain 403, 404 or 422', () => {
    for (const attempt of [1, 2, 3]) {
      const wait = retryWait({ status: 502 }, policy, attempt)!
      expect(wait).toBeGreaterThanOrEqual(0.75 * 1000 * 2 ** (attempt - 1))
      expect(wait).toBeLessThanOrEqual(1.25 * 1000 * 2 ** (attempt - 1))
    }
    // GitHub asks for at least a minute when it gives no Retry-After.
    expect(retryWait({ status: 403, message: 'You have exceeded a secondary rate limit.' }, policy, 1)).toBeGreaterThanOrEqual(45_000)
    expect(retryWait({ status: 403, message: 'Resource not accessible by integration' }, policy, 1)).toBeUndefined()
    expect(retryWait({ status: 404 }, policy, 1)).toBeUndefined()
    expect(retryWait({ status: 422 }, policy, 1)).toBeUndefined()
  })
})

describe('cut', () => {
  it('keeps text within the limit and says where it was cut', () => {
    expect(cut('short', 10, 'summary')).toBe('short')
    const long = cut('x'.repeat(70_000), 65_535, 'summary')
    expect(long).toHaveLength(65_535)
    expect(long.endsWith("… (summary cut to GitHub's limit of 65535 characters)")).toBe(true)
  })
})
