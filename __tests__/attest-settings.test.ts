// Which Sigstore instance signs: @actions/attest's choice by repository visibility for GitHub artifact
// attestations, always a transparency log for PEP 740, and the SIGSTORE_* overrides as one unit.
import { describe, expect, it } from '@jest/globals'
import { sigstoreSettings } from '../src/attest/sign.js'

const PUBLIC_GOOD = { fulcioURL: 'https://fulcio.sigstore.dev', rekorURL: 'https://rekor.sigstore.dev' }
const GITHUB = { fulcioURL: 'https://fulcio.githubapp.com', tsaURL: 'https://timestamp.githubapp.com' }

describe('sigstoreSettings', () => {
  it('uses the public-good instance for a public repository', () => {
    expect(sigstoreSettings({}, 'public')).toEqual({
      github: PUBLIC_GOOD,
      index: PUBLIC_GOOD,
      source: 'public-good',
      trustedRootPath: undefined
    })
  })

  it("uses GitHub's instance for GitHub attestations of a private, internal or unknown repository, but a log for the index", () => {
    for (const visibility of ['private', 'internal', undefined] as const) {
      const settings = sigstoreSettings({}, visibility)
      expect(settings.github).toEqual(GITHUB)
      expect(settings.index).toEqual(PUBLIC_GOOD)
      expect(settings.source).toBe('github')
    }
  })

  it('takes the SIGSTORE_* URLs as a whole instance for both, and the trusted root path', () => {
    const env = {
      SIGSTORE_FULCIO_URL: 'http://127.0.0.1:3000/',
      SIGSTORE_REKOR_URL: 'http://127.0.0.1:3001',
      SIGSTORE_TRUSTED_ROOT: '/tmp/trusted_root.json'
    }
    const settings = sigstoreSettings(env, 'private')
    const local = { fulcioURL: 'http://127.0.0.1:3000', rekorURL: 'http://127.0.0.1:3001', tsaURL: undefined }
    expect(settings).toEqual({ github: local, index: local, source: 'environment', trustedRootPath: '/tmp/trusted_root.json' })
    // an override never mixes with the public-good defaults
    expect(sigstoreSettings({ SIGSTORE_FULCIO_URL: 'https://f.example', SIGSTORE_TSA_URL: 'https://t.example' }, 'public').index).toEqual({
      fulcioURL: 'https://f.example',
      rekorURL: undefined,
      tsaURL: 'https://t.example'
    })
  })

  it('names the variable that is wrong', () => {
    expect(() => sigstoreSettings({ SIGSTORE_FULCIO_URL: 'fulcio.local' }, 'public')).toThrow(/SIGSTORE_FULCIO_URL 'fulcio.local' is not a URL/)
    expect(() => sigstoreSettings({ SIGSTORE_REKOR_URL: 'ftp://rekor.local' }, 'public')).toThrow(/SIGSTORE_REKOR_URL .* http\(s\)/)
    expect(() => sigstoreSettings({ SIGSTORE_REKOR_URL: 'https://rekor.local' }, 'public')).toThrow(/without SIGSTORE_FULCIO_URL/)
    expect(() => sigstoreSettings({ SIGSTORE_FULCIO_URL: 'https://fulcio.local' }, 'public')).toThrow(/needs a witness/)
    // empty values are unset, as the runner passes an unset input
    expect(sigstoreSettings({ SIGSTORE_FULCIO_URL: ' ', SIGSTORE_TRUSTED_ROOT: '' }, 'public').source).toBe('public-good')
  })
})
