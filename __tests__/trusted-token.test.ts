// A token minted through trusted publishing expires (warehouse/oidc/views.py:329-330: expires_at = not_before + 900,
// sent back as `expires` at :400; refused once `now >= expires_at`, warehouse/macaroons/caveats/__init__.py:60-61).
// When to mint again (src/publish/trusted.ts): the expiry on this machine's clock, and the margin an upload needs.
import { describe, expect, it } from '@jest/globals'
import { ASSUMED_UPLOAD_BYTES_PER_S, RENEWAL_MARGIN_MS, renewalDue, TrustedToken, validUntil, type MintedToken } from '../src/publish/trusted.js'

const MiB = 1024 * 1024

describe("a minted token's expiry on this machine's clock", () => {
  const now = Date.parse('2026-12-01T10:00:00.400Z')
  const expires = Date.parse('2026-12-01T10:15:00Z') / 1000

  it("is read through the index's Date header, a whole second taken off for its resolution", () => {
    // the index's clock agrees with ours: 899.6 s left, counted as 899 (the header says 10:00:00, the index may be at 10:00:00.999)
    expect(validUntil(expires, 'Tue, 01 Dec 2026 10:00:00 GMT', now)! - now).toBe(899_000)
    // this runner's clock is 2 minutes fast: the index still counts 15 minutes from its own time
    expect(validUntil(expires, 'Tue, 01 Dec 2026 09:58:00 GMT', now)! - now).toBe(1_019_000)
  })

  it('without a Date header the clocks are taken to agree; without `expires` there is nothing to renew', () => {
    expect(validUntil(expires, undefined, now)).toBe(expires * 1000)
    expect(validUntil(undefined, 'Tue, 01 Dec 2026 10:00:00 GMT', now)).toBeUndefined()
    expect(renewalDue(undefined, now, 100 * MiB)).toBe(false)
  })
})

describe('renewal before an upload', () => {
  const now = 1_000_000

  it(`is due when less than ${RENEWAL_MARGIN_MS / 1000} s plus the file at ${ASSUMED_UPLOAD_BYTES_PER_S / MiB} MiB/s is left`, () => {
    // a small file: a minute's margin
    expect(renewalDue(now + 61_000, now, 10_000)).toBe(false)
    expect(renewalDue(now + 59_000, now, 10_000)).toBe(true)
    // PyPI's 100 MiB default limit needs 160 s of the token's 900
    expect(renewalDue(now + 161_000, now, 100 * MiB)).toBe(false)
    expect(renewalDue(now + 159_000, now, 100 * MiB)).toBe(true)
    // a fresh PyPI token is never due for a file PyPI takes by default
    expect(renewalDue(now + 899_000, now, 100 * MiB)).toBe(false)
  })

  it('mints with a fresh OIDC token when due, and not again within the second it minted (expires counts whole seconds)', async () => {
    let clock = 0
    let minted = 0
    const mint = async (): Promise<MintedToken> => {
      minted++
      return { token: `pypi-${minted + 1}`, expires: undefined, validUntil: clock + 30_000 }
    }
    const token = new TrustedToken({ token: 'pypi-1', expires: undefined, validUntil: clock + 900_000 }, mint, () => clock)
    expect(token.dueFor(MiB)).toBe(false)
    clock = 850_000
    expect(token.dueFor(MiB)).toBe(true)
    expect(token.secondsLeft()).toBe(50)
    expect(await token.renew()).toBe('pypi-2')
    // the new token lives 30 s (< the margin), but another minted now would expire no later
    clock += 500
    expect(token.dueFor(MiB)).toBe(false)
    clock += 500
    expect(token.dueFor(MiB)).toBe(true)
    expect(minted).toBe(1)
  })
})
