// The release manifest as a contract: what the build job writes reads back unchanged, and the reader
// refuses (with a message that names the place and the field, and quotes little of the hostile text)
// every manifest it cannot trust.
import { describe, expect, it } from '@jest/globals'
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { createHash } from 'node:crypto'
import {
  isManifestName,
  MANIFEST_MAX_BYTES,
  MANIFEST_VERSION,
  ManifestError,
  manifestFileName,
  parseManifest,
  releaseManifest,
  statusDisagreement,
  statusOfChecks,
  writeManifest,
  type ReleaseManifest
} from '../src/build/manifest.js'
import type { RunnerEnvironment } from '../src/env.js'
import { CertificationStatus, type BuildArtifact } from '../src/types.js'

const HEX64 = 'a'.repeat(64)

function good(): ReleaseManifest {
  return {
    manifest_version: 1,
    project: 'demo',
    version: '1.0',
    certification: { status: 'PASS', checks: [{ name: 'tests', status: 'pass', message: '12 passed' }] },
    source: { repository: 'o/r', sha: 'f'.repeat(40), ref: 'refs/tags/v1.0', workflow: 'release', job: 'build', run_id: '7', run_attempt: '1' },
    builder: { frontend: 'build', python: '/usr/bin/python3' },
    runner: { os: 'Linux', arch: 'X64' },
    artifact: 'dist-linux',
    files: [
      {
        filename: 'demo-1.0.tar.gz',
        format: 'sdist',
        size: 10,
        sha256: HEX64,
        md5: 'b'.repeat(32),
        blake2b_256: 'c'.repeat(64),
        name: 'demo',
        version: '1.0',
        requires_python: null,
        inspection: { verdict: 'ok', messages: [] }
      }
    ]
  }
}

/** parseManifest's error for a manifest changed by `change`. */
function refusal(change: (manifest: Record<string, any>) => void, where = 'dist-linux'): string {
  const manifest = good() as unknown as Record<string, any>
  change(manifest)
  try {
    parseManifest(JSON.stringify(manifest), where)
  } catch (error) {
    expect(error).toBeInstanceOf(ManifestError)
    return (error as Error).message
  }
  throw new Error('the manifest was accepted')
}

describe('the release manifest', () => {
  it('reads back what the build job writes, under a name of its artifact', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pra-manifest-'))
    const artifact: BuildArtifact = {
      path: '/x/demo-1.0-py3-none-any.whl',
      filename: 'demo-1.0-py3-none-any.whl',
      format: 'wheel',
      size: 5,
      sha256: HEX64,
      md5: 'b'.repeat(32),
      blake2b_256: 'c'.repeat(64),
      metadata: { metadataVersion: '2.1', name: 'demo', version: '1.0', summary: undefined, requiresPython: '>=3.9' },
      contents: { files: 3, largest: [], warnings: ['a warning'] }
    }
    const env = { job: 'build', runnerOs: 'Linux', runnerArch: 'ARM64', repository: 'o/r' } as RunnerEnvironment
    const manifest = releaseManifest({
      project: 'demo',
      version: '1.0',
      certification: {
        version: '1.0',
        status: CertificationStatus.PARTIAL,
        checks: [{ name: 'security', status: 'skip', message: 'no security report given', annotations: [], metrics: {}, details: [] }]
      },
      artifacts: [artifact],
      env,
      frontend: 'uv',
      python: '3.12.1',
      artifact: 'dist linux/arm'
    })
    const path = await writeManifest(dir, manifest)
    // the artifact's name, then the first 12 hex of the manifest's own sha256: no two jobs' manifests share a name
    const written = await readFile(path, 'utf8')
    expect(path).toBe(join(dir, `release-manifest.dist%20linux%2Farm.${createHash('sha256').update(written).digest('hex').slice(0, 12)}.json`))
    expect(isManifestName(basename(path))).toBe(true)
    const read = parseManifest(await readFile(path, 'utf8'), path)
    expect(read).toEqual(manifest)
    expect(read).toMatchObject({
      manifest_version: MANIFEST_VERSION,
      certification: { status: 'PARTIAL' },
      source: { job: 'build', sha: null },
      builder: { frontend: 'uv', python: '3.12.1' },
      runner: { os: 'Linux', arch: 'ARM64' },
      files: [{ requires_python: '>=3.9', inspection: { verdict: 'warnings', messages: ['a warning'] } }]
    })
    // no certification ran: the manifest says so rather than leaving the field out
    expect(
      releaseManifest({
        ...{ project: 'demo', version: '1.0', artifacts: [], env, frontend: 'build', python: undefined, artifact: undefined },
        certification: undefined
      })
    ).toMatchObject({ certification: { status: 'NOT-RUN', checks: [] }, artifact: null, builder: { python: null } })
  })

  it('gives each artifact a manifest name of its own that is a plain file name', () => {
    expect(manifestFileName()).toBe('release-manifest.json')
    expect(manifestFileName('')).toBe('release-manifest.json')
    expect(manifestFileName('dist-linux_x64.1')).toBe('release-manifest.dist-linux_x64.1.json')
    expect(manifestFileName('dists', 'ab12cd34ef56ff00')).toBe('release-manifest.dists.ab12cd34ef56.json')
    expect(manifestFileName(undefined, 'ab12cd34ef56ff00')).toBe('release-manifest.ab12cd34ef56.json')
    // names a plain replacement would merge stay apart
    const names = ['a b', 'a_b', 'a%20b', 'a/b', 'a\\b', 'a..b', '../x', 'é'].map(name => manifestFileName(name))
    expect(new Set(names).size).toBe(names.length)
    const long = ['x'.repeat(256), `${'x'.repeat(255)}y`].map(name => manifestFileName(name))
    expect(long[0]).not.toBe(long[1])
    for (const name of [...names, ...long]) {
      expect(name).not.toMatch(/[/\\]/)
      expect(name.length).toBeLessThan(200)
      expect(isManifestName(name)).toBe(true)
    }
    expect(isManifestName('release-manifest.json.bak')).toBe(false)
    expect(isManifestName('demo-1.0.tar.gz')).toBe(false)
  })

  it('refuses a manifest of a newer version, and one marking an unknown extension critical', () => {
    expect(refusal(m => (m['manifest_version'] = 2))).toMatch(
      /^The release manifest dist-linux cannot be used: .*manifest_version 2, written by a newer python-release-action/
    )
    expect(refusal(m => (m['manifest_version'] = '1'))).toContain('manifest_version must be an integer')
    expect(refusal(m => (m['manifest_version'] = 1.5))).toContain('manifest_version must be an integer')
    expect(refusal(m => (m['manifest_version'] = 0))).toContain('manifest_version is 0')
    expect(refusal(m => (m['critical'] = ['signatures']))).toContain("marks the extension field 'signatures' critical")
    // an unknown field nobody marked critical is ignored (a writer may add information)
    const manifest = { ...good(), attestation: { any: 'thing' } }
    expect(parseManifest(JSON.stringify(manifest), 'x')).toEqual(good())
    expect(parseManifest(JSON.stringify({ ...good(), critical: [] }), 'x')).toEqual({ ...good(), critical: [] })
  })

  it('names the field that is missing or wrong', () => {
    expect(refusal(m => delete m['files'][0]['md5'])).toContain('files[0].md5 is missing')
    expect(refusal(m => delete m['source']['run_attempt'])).toContain('source.run_attempt is missing')
    expect(refusal(m => (m['files'][0]['sha256'] = HEX64.toUpperCase()))).toContain('files[0].sha256 must be 64 lowercase hexadecimal digits')
    expect(refusal(m => (m['files'][0]['blake2b_256'] = 'a'.repeat(63)))).toContain('files[0].blake2b_256 must be 64 lowercase')
    expect(refusal(m => (m['files'][0]['md5'] = 'g'.repeat(32)))).toContain('files[0].md5 must be 32 lowercase')
    expect(refusal(m => (m['files'][0]['filename'] = '../demo-1.0.tar.gz'))).toContain('files[0].filename must be a plain file name')
    expect(refusal(m => (m['files'][0]['filename'] = 'demo..1.0.tar.gz'))).toContain("files[0].filename must not contain '..'")
    expect(refusal(m => (m['files'][0]['filename'] = 'demo-1.0.whl'))).toContain('files[0].filename must end in .tar.gz for a sdist')
    expect(refusal(m => m['files'].push(m['files'][0]))).toContain("files[1].filename lists 'demo-1.0.tar.gz' a second time")
    expect(refusal(m => (m['files'][0]['size'] = -1))).toContain('files[0].size must be a whole number of bytes')
    expect(refusal(m => (m['files'][0]['inspection']['verdict'] = 'fine'))).toContain(
      "files[0].inspection.verdict must be one of ok, warnings, errors, not the text 'fine'"
    )
    expect(refusal(m => (m['certification']['status'] = 'pass'))).toContain('certification.status must be one of PASS, FAIL, PARTIAL, NOT-RUN')
    expect(refusal(m => (m['builder']['frontend'] = 'poetry'))).toContain('builder.frontend must be one of build, uv, hatch, hatchling')
    expect(refusal(m => (m['project'] = ''))).toContain('project must not be empty')
    expect(refusal(m => (m['files'] = {}))).toContain('files must be a list, not an object')
    expect(() => parseManifest('[]', 'x')).toThrow('the manifest must be an object, not a list')
  })

  it('refuses a certification whose status is not what its checks add up to (issue 26: PASS over a failed check)', () => {
    // the roll-up of certify/validator.ts certificationStatus: FAIL over any fail, PARTIAL over a warn or skip, else PASS
    expect(refusal(m => (m['certification']['checks'][0]['status'] = 'fail'))).toBe(
      "The release manifest dist-linux cannot be used: certification.status is PASS, but its checks add up to FAIL ('tests': fail); " +
        'a manifest vouches only for what its checks show'
    )
    expect(refusal(m => (m['certification']['checks'][0]['status'] = 'skip'))).toContain("is PASS, but its checks add up to PARTIAL ('tests': skip)")
    expect(
      refusal(m => {
        m['certification']['status'] = 'PARTIAL'
        m['certification']['checks'].push({ name: 'coverage', status: 'fail', message: '' })
      })
    ).toContain("certification.status is PARTIAL, but its checks add up to FAIL ('coverage': fail)")
    expect(refusal(m => (m['certification']['status'] = 'NOT-RUN'))).toContain('certification.status is NOT-RUN, but its checks add up to PASS')
    // PASS over no check adds up: what is missing is for require-certification to refuse (arrival-rules.ts gatesListed)
    expect(parseManifest(JSON.stringify({ ...good(), certification: { status: 'PASS', checks: [] } }), 'x').certification.status).toBe('PASS')
    expect(refusal(m => (m['certification']['checks'][0]['status'] = 'passed'))).toContain(
      "certification.checks[0].status must be one of pass, fail, warn, skip, not the text 'passed'"
    )
  })

  it('statusOfChecks and statusDisagreement: one rule, each status', () => {
    const check = (status: 'pass' | 'fail' | 'warn' | 'skip') => ({ name: status, status, message: '' })
    expect(statusOfChecks({ status: 'NOT-RUN', checks: [] })).toBe('NOT-RUN')
    expect(statusOfChecks({ status: 'PASS', checks: [check('pass')] })).toBe('PASS')
    expect(statusOfChecks({ status: 'PASS', checks: [check('pass'), check('warn')] })).toBe('PARTIAL')
    expect(statusOfChecks({ status: 'PASS', checks: [check('skip'), check('fail')] })).toBe('FAIL')
    expect(statusDisagreement({ status: 'PARTIAL', checks: [check('pass'), check('skip')] })).toBeUndefined()
    expect(statusDisagreement({ status: 'FAIL', checks: [check('fail')] })).toBeUndefined()
    expect(statusDisagreement({ status: 'FAIL', checks: [] })).toBe('is FAIL, but it lists no check; a manifest vouches only for what its checks show')
  })

  it('quotes at most a short escaped excerpt of hostile text', () => {
    const hostile = `\n::error::FORGED ${'A'.repeat(5000)}`
    const messages = [
      refusal(m => (m['files'][0]['filename'] = `${hostile}.tar.gz`)),
      refusal(m => (m['certification']['status'] = hostile)),
      refusal(m => (m['critical'] = [hostile]))
    ]
    let bad: string | undefined
    try {
      parseManifest(`{"manifest_version": 1, ${hostile}`, 'x')
    } catch (error) {
      bad = (error as Error).message
    }
    expect(bad).toMatch(/^The release manifest x cannot be used: it is not valid JSON/)
    for (const message of [...messages, bad!]) {
      expect(message).not.toContain('\n')
      expect(message).not.toContain('A'.repeat(41))
      expect(message.length).toBeLessThan(400)
    }
    // 40 characters of it: the line feed (escaped), '::error::FORGED ' and 23 of the A's
    expect(messages[1]).toContain(`'\\u000a::error::FORGED ${'A'.repeat(23)}…'`)
  })

  it('refuses a manifest larger than 1 MiB before parsing it', () => {
    const text = JSON.stringify({ ...good(), padding: 'x'.repeat(MANIFEST_MAX_BYTES) })
    expect(() => parseManifest(text, 'big')).toThrow(/^The release manifest big cannot be used: it is \d+ bytes; a manifest is at most 1048576$/)
  })
})
