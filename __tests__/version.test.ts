import { describe, expect, it } from '@jest/globals'
import { compareVersions, parseVersion, tagFromRef, versionFromTag, versionsEqual } from '../src/pep440.js'

describe('parseVersion', () => {
  it.each([
    ['1.0.0', '1.0.0'],
    ['1.0.0-rc1', '1.0.0rc1'],
    ['1.0.0.beta', '1.0.0b0'],
    ['1.0.0-beta.1', '1.0.0b1'],
    ['v2.1', '2.1'],
    ['1.0.post1', '1.0.post1'],
    ['1.0.dev3', '1.0.dev3'],
    ['1!2.0', '1!2.0'],
    // local versions: segments joined by dots, lower case, as packaging's Version prints them
    ['4.0.0+local.1', '4.0.0+local.1'],
    ['4.0+ubuntu-1', '4.0+ubuntu.1'],
    ['1.0+ABC_2.01', '1.0+abc.2.1'],
    ['v1.0.0-rc1+build.7', '1.0.0rc1+build.7']
  ])('normalizes %s to %s', (text, normalized) => {
    expect(parseVersion(text)?.normalized).toBe(normalized)
  })

  it.each(['1.0..0', 'latest', '', 'one', '1.0.0-', '4.0.0+local,1', '1.0+', '1.0+a..b'])('rejects %p', text => {
    expect(parseVersion(text)).toBeUndefined()
  })

  it('knows prereleases and local versions', () => {
    expect(parseVersion('1.0.0rc1')).toMatchObject({ isPrerelease: true, isLocal: false })
    expect(parseVersion('1.0+ubuntu1')).toMatchObject({ isPrerelease: false, isLocal: true })
  })

  it('compares by PEP 440 equality', () => {
    expect(versionsEqual('1.0', '1.0.0')).toBe(true)
    expect(versionsEqual('1.0.0-rc1', '1.0.0rc1')).toBe(true)
    expect(versionsEqual('1.2.3', '1.2.4')).toBe(false)
    expect(versionsEqual('4.0.0+local.1', '4.0+local-1')).toBe(true)
    expect(versionsEqual('4.0.0+local.1', '4.0.0+local.2')).toBe(false)
    expect(versionsEqual('4.0.0+local.1', '4.0.0')).toBe(false)
  })

  it('compares text that is no PEP 440 version without throwing: it sorts first and equals only itself', () => {
    expect(versionsEqual('1.0-SNAPSHOT', '1.0')).toBe(false)
    expect(versionsEqual('1.0-SNAPSHOT', '1.0-SNAPSHOT')).toBe(true)
    expect(compareVersions('latest', '0.0.1')).toBeLessThan(0)
    expect(compareVersions('0.0.1', 'latest')).toBeGreaterThan(0)
    expect(['2.0', 'dev-build', '1.0+local.1', '1.0'].sort(compareVersions)).toEqual(['dev-build', '1.0', '1.0+local.1', '2.0'])
  })
})

describe('tags', () => {
  it('reads the tag of a tag ref only', () => {
    expect(tagFromRef('refs/tags/v1.2.3')).toBe('v1.2.3')
    expect(tagFromRef('refs/heads/main')).toBeUndefined()
    expect(tagFromRef(undefined)).toBeUndefined()
  })

  it('strips the prefix and parses the rest', () => {
    expect(versionFromTag('v1.2.3', 'v')).toMatchObject({ kind: 'version', version: { normalized: '1.2.3' } })
    expect(versionFromTag('release-1.2.3-rc.1', 'release-')).toMatchObject({ kind: 'version', version: { normalized: '1.2.3rc1' } })
    expect(versionFromTag('1.2.3', '')).toMatchObject({ kind: 'version', version: { normalized: '1.2.3' } })
    expect(versionFromTag('1.2.3', 'v')).toEqual({ kind: 'not-prefixed', tag: '1.2.3' })
    expect(versionFromTag('vnext', 'v')).toEqual({ kind: 'invalid', tag: 'vnext', text: 'next' })
  })
})
