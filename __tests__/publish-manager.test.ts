// DistributionManager with hand-written PublishTarget doubles: each target is asked in its stage's order,
// made once, and only for what the manager itself does not decide (a preflight that did not pass); and
// the attestations it signs for the index targets, against a local Sigstore.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SigningError } from '../src/attest/sign.js'
import { DistributionManager } from '../src/publish/manager.js'
import type { PublishTarget } from '../src/publish/target.js'
import { DistributionTarget, type BuildArtifact, type FileAction, type PreflightResult, type PublishResult } from '../src/types.js'
import { OidcProvider } from '../test/servers/oidc.js'
import { LocalSigstore } from '../test/servers/sigstore.js'

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

describe('DistributionManager.attest: PEP 740 attestations signed once for the index targets', () => {
  const oidc = new OidcProvider()
  const sigstore = new LocalSigstore(oidc)
  beforeAll(async () => {
    await sigstore.start()
  })
  afterAll(async () => sigstore.stop())

  const file = (filename: string): BuildArtifact => ({ filename, sha256: createHash('sha256').update(filename).digest('hex') }) as BuildArtifact
  const wheel = file('demo-1.0-py3-none-any.whl')
  const sdist = file('demo-1.0.tar.gz')
  const ready = (target: DistributionTarget, planned: Array<[BuildArtifact, FileAction]>): PreflightResult => ({
    target,
    ready: true,
    message: 'ready',
    files: planned.map(([artifact, action]) => ({ artifact, action, destination: '' })),
    annotations: []
  })
  const manager = (passwords: { pypi?: string; testpypi?: string }, asked: string[], attestations = true): DistributionManager =>
    new DistributionManager({
      localDir: '/nonexistent',
      pypi: { uploadUrl: 'https://upload.pypi.org/legacy/', password: passwords.pypi ?? '' },
      testpypi: { uploadUrl: 'https://test.pypi.org/legacy/', password: passwords.testpypi ?? '' },
      idToken: async audience => {
        asked.push(audience)
        return oidc.token({}, audience)
      },
      attestations: attestations ? { sigstoreEnv: { SIGSTORE_FULCIO_URL: sigstore.fulcioURL, SIGSTORE_REKOR_URL: sigstore.rekorURL } } : undefined
    })

  it('signs each file some trusted-publishing index uploads, once, with one certificate', async () => {
    const asked: string[] = []
    const before = sigstore.certificates.length
    const outcome = await manager({}, asked).attest([
      ready(DistributionTarget.PYPI, [
        [wheel, 'upload'],
        [sdist, 'skip-identical']
      ]),
      ready(DistributionTarget.TEST_PYPI, [
        [wheel, 'upload'],
        [sdist, 'upload']
      ]),
      ready(DistributionTarget.LOCAL, [[file('demo-1.0-cp312-cp312-linux_x86_64.whl'), 'upload']])
    ])
    expect([...outcome!.attestations.keys()].sort()).toEqual([sdist.filename, wheel.filename].sort())
    expect(outcome!.targets).toEqual(['pypi', 'testpypi'])
    expect(outcome!.annotations).toEqual([])
    expect(asked).toEqual(['sigstore'])
    expect(sigstore.certificates.length - before).toBe(1)
    const statement = JSON.parse(Buffer.from(outcome!.attestations.get(wheel.filename)!.envelope.statement, 'base64').toString('utf8'))
    expect(statement.subject).toEqual([{ name: wheel.filename, digest: { sha256: wheel.sha256 } }])
  })

  it('an index with an API token gets a notice and no attestation; nothing to upload signs nothing', async () => {
    const asked: string[] = []
    const outcome = await manager({ pypi: 'pypi-token' }, asked).attest([
      ready(DistributionTarget.PYPI, [[wheel, 'upload']]),
      ready(DistributionTarget.TEST_PYPI, [[wheel, 'skip-identical']])
    ])
    expect(outcome!.attestations.size).toBe(0)
    expect(asked).toEqual([])
    expect(outcome!.annotations).toEqual([expect.objectContaining({ level: 'notice', title: 'Attestations skipped for pypi' })])
    expect(outcome!.summary).toContain('attestations skipped for pypi: PyPI accepts them only from trusted publishing uploads')
  })

  it('a release to a directory alone: nothing signed, nothing said, no OIDC token asked for (Sigstore is not loaded)', async () => {
    const asked: string[] = []
    expect(await manager({}, asked).attest([ready(DistributionTarget.LOCAL, [[wheel, 'upload']])])).toBeUndefined()
    expect(asked).toEqual([])
  })

  it('attestations off: nothing signed, nothing said', async () => {
    const asked: string[] = []
    expect(await manager({}, asked, false).attest([ready(DistributionTarget.PYPI, [[wheel, 'upload']])])).toBeUndefined()
    expect(asked).toEqual([])
  })

  it('Fulcio down: a SigningError naming Fulcio and its URL', async () => {
    sigstore.unavailable.add('fulcio')
    try {
      const signing = manager({}, []).attest([ready(DistributionTarget.PYPI, [[wheel, 'upload']])])
      await expect(signing).rejects.toThrow(SigningError)
      await expect(signing).rejects.toThrow(`Fulcio at ${sigstore.fulcioURL} did not issue a signing certificate: HTTP 503`)
    } finally {
      sigstore.unavailable.delete('fulcio')
    }
  })
})
