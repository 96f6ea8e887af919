// The rules a receiving job applies to what arrived (src/publish/arrival-rules.ts), one test each, on
// manifests and wheels made here; verifyArrivals and the bundle run them end to end (arrival.test.ts,
// e2e-handoff-trust.test.ts).
import { describe, expect, it } from '@jest/globals'
import { CERTIFICATION_GATES, type ReleaseManifest } from '../src/build/manifest.js'
import type { ArrivedManifest } from '../src/publish/arrival.js'
import {
  builtFromCommit,
  certificationAllowed,
  expectedWheels,
  fromSourceRun,
  fromThisRepository,
  gatesListed,
  manifestForRelease,
  oneCommit,
  oneRelease,
  unvouchedFile,
  who
} from '../src/publish/arrival-rules.js'
import type { BuildArtifact } from '../src/types.js'

const SHA = 'a'.repeat(40)
const OTHER = 'b'.repeat(40)

function arrived(change: (manifest: ReleaseManifest) => void = () => {}, source = 'dists-linux'): ArrivedManifest {
  const manifest: ReleaseManifest = {
    manifest_version: 1,
    project: 'demo',
    version: '1.0',
    certification: { status: 'PASS', checks: CERTIFICATION_GATES.map(name => ({ name, status: 'pass', message: '' })) },
    source: { repository: 'octo/demo', sha: SHA, ref: 'refs/tags/v1.0', workflow: 'release', job: 'build', run_id: '100', run_attempt: '1' },
    builder: { frontend: 'build', python: null },
    runner: { os: 'Linux', arch: 'X64' },
    artifact: source,
    files: []
  }
  change(manifest)
  return { source, file: `release-manifest.${source}.json`, manifest, vouches: [] }
}

const wheel = (filename: string, tags: string[] | undefined, purelib = false): BuildArtifact =>
  ({ filename, format: 'wheel', contents: { files: 1, largest: [], warnings: [], ...(tags ? { wheel: { tags, purelib } } : {}) } }) as unknown as BuildArtifact

describe('the rules for what arrived', () => {
  it('who: the job, the manifest file and where it came from', () => {
    expect(who(arrived())).toBe("job 'build' (release-manifest.dists-linux.json in 'dists-linux')")
  })

  it('certificationAllowed: FAIL never, PARTIAL by fail-on-partial, NOT-RUN not when certification is required', () => {
    expect(certificationAllowed(arrived(), {})).toBeUndefined()
    const failed = arrived(m => {
      m.certification = { status: 'FAIL', checks: [{ name: 'tests', status: 'fail', message: '' }] }
    })
    expect(certificationAllowed(failed, {})).toEqual({
      level: 'error',
      message: expect.stringContaining("come from a failed certification (FAIL: 'tests': fail)")
    })
    const partial = arrived(m => {
      m.certification = { status: 'PARTIAL', checks: [{ name: 'docs', status: 'warn', message: '' }] }
    })
    expect(certificationAllowed(partial, {})?.level).toBe('warning')
    expect(certificationAllowed(partial, { failOnPartial: true })?.level).toBe('error')
    const none = arrived(m => {
      m.certification = { status: 'NOT-RUN', checks: [] }
    })
    expect(certificationAllowed(none, {})).toBeUndefined()
    expect(certificationAllowed(none, { requireCertification: true })?.message).toContain('built without certification (NOT-RUN)')
  })

  it('gatesListed: every gate listed once; one left out or listed twice is refused, naming it', () => {
    expect(gatesListed(arrived())).toBeUndefined()
    const dropped = arrived(m => {
      m.certification.checks = m.certification.checks.filter(check => check.name !== 'security' && check.name !== 'tests')
    })
    expect(gatesListed(dropped)).toEqual({
      level: 'error',
      message:
        "The certification in job 'build' (release-manifest.dists-linux.json in 'dists-linux') does not list the tests, security gates; " +
        'certification is required, and a certification lists every gate (version, tests, coverage, security, docs) once, so this one cannot vouch for its files'
    })
    const twice = arrived(m => {
      m.certification.checks.push({ name: 'tests', status: 'pass', message: '' })
    })
    expect(gatesListed(twice)?.message).toContain('lists the tests gate more than once')
  })

  it('fromThisRepository: the manifest names GITHUB_REPOSITORY (in any case); none is a notice, or an error when certification is required', () => {
    expect(fromThisRepository(arrived(), 'Octo/Demo', false)).toBeUndefined()
    expect(fromThisRepository(arrived(), undefined, true)).toBeUndefined()
    expect(fromThisRepository(arrived(), 'octo/other', false)).toEqual({
      level: 'error',
      message:
        "job 'build' (release-manifest.dists-linux.json in 'dists-linux') was built in the repository 'octo/demo', not in octo/other, which is releasing: nothing from it may be published"
    })
    const unnamed = arrived(m => {
      m.source.repository = null
    })
    expect(fromThisRepository(unnamed, 'octo/demo', false)?.level).toBe('notice')
    expect(fromThisRepository(unnamed, 'octo/demo', true)?.level).toBe('error')
  })

  it('builtFromCommit: the manifest names the commit being released', () => {
    const commit = { sha: SHA, what: "this run's commit (GITHUB_SHA)" }
    expect(builtFromCommit(arrived(), commit, true)).toBeUndefined()
    expect(builtFromCommit(arrived(), undefined, true)).toBeUndefined()
    expect(builtFromCommit(arrived(), { ...commit, sha: OTHER }, false)).toEqual({
      level: 'error',
      message: `job 'build' (release-manifest.dists-linux.json in 'dists-linux') was built from commit ${SHA}, but this release is of this run's commit (GITHUB_SHA), ${OTHER}: nothing from it may be published`
    })
    const unnamed = arrived(m => {
      m.source.sha = null
    })
    expect(builtFromCommit(unnamed, commit, false)?.level).toBe('notice')
    expect(builtFromCommit(unnamed, commit, true)?.level).toBe('error')
  })

  it('fromSourceRun: a promotion takes only manifests its source run wrote', () => {
    expect(fromSourceRun(arrived(), { id: 100, url: 'https://github.com/octo/demo/actions/runs/100' })).toBeUndefined()
    expect(fromSourceRun(arrived(), undefined)).toBeUndefined()
    expect(fromSourceRun(arrived(), { id: 101, url: 'https://github.com/octo/demo/actions/runs/101' })?.message).toBe(
      "job 'build' (release-manifest.dists-linux.json in 'dists-linux') was written by run '100', not by run 101 (https://github.com/octo/demo/actions/runs/101), whose artifacts are being promoted"
    )
  })

  it('unvouchedFile: a file no manifest lists is noted, or refused when certification is required', () => {
    const file = { filename: 'demo-1.0-cp312-cp312-win_amd64.whl', source: 'cibw-wheels' }
    expect(unvouchedFile(file, false)).toEqual({
      level: 'notice',
      message: expect.stringMatching(/^No build manifest vouches for .* in 'cibw-wheels': it was inspected/)
    })
    expect(unvouchedFile(file, true)).toEqual({
      level: 'error',
      message:
        "No build manifest vouches for 'demo-1.0-cp312-cp312-win_amd64.whl' in 'cibw-wheels', so nothing shows that it was certified, and certification is required"
    })
  })

  it('oneCommit: the manifests that name a commit name one', () => {
    expect(oneCommit([arrived(), arrived(undefined, 'dists-mac')])).toBeUndefined()
    const split = oneCommit([
      arrived(),
      arrived(m => {
        m.source.sha = OTHER
        m.source.job = 'build-mac'
      }, 'dists-mac')
    ])
    expect(split?.message).toBe(
      `the files received were built from different commits: ${SHA} ('build'), ${OTHER} ('build-mac'); one release is built from one commit`
    )
  })

  it("oneRelease: one project at one version by the files' own metadata (names normalized)", () => {
    const file = (filename: string, name: string, version: string) => ({ filename, metadata: { name, version } }) as BuildArtifact
    expect(oneRelease([file('a.whl', 'Demo_Pkg', '1.0'), file('b.tar.gz', 'demo-pkg', '1.0')])).toEqual({ release: { name: 'Demo_Pkg', version: '1.0' } })
    expect(oneRelease([])).toEqual({})
    expect(oneRelease([file('a.whl', 'demo', '1.0'), file('b.whl', 'demo', '1.1')]).finding?.message).toBe(
      "The arrived files are not one release: demo 1.0 ('a.whl'); demo 1.1 ('b.whl')"
    )
  })

  it('manifestForRelease: the manifest is for the release the files are', () => {
    expect(manifestForRelease(arrived(), { name: 'Demo', version: '1.0.0' })).toBeUndefined()
    expect(manifestForRelease(arrived(), { name: 'demo', version: '2.0' })?.message).toBe(
      "job 'build' (release-manifest.dists-linux.json in 'dists-linux') is for 'demo' '1.0', but the files are demo 2.0"
    )
  })

  it("expectedWheels: by the tags the wheels' WHEEL files state, not by their names", () => {
    const pure = wheel('demo-1.0-py3-none-any.whl', ['py3-none-any'], true)
    const windows = wheel('demo-1.0-cp312-cp312-win_amd64.whl', ['cp312-cp312-win_amd64'])
    expect(expectedWheels([pure, windows], ['win_amd64', 'any', ' '])).toEqual([])
    // a wheel whose tags were not verified meets nothing, whatever its name says
    const renamed = wheel('demo-1.0-py3-none-win_amd64.whl', undefined)
    expect(expectedWheels([pure, renamed], ['WIN_AMD64'])).toEqual([
      {
        level: 'error',
        message:
          "No wheel for the expected platform 'WIN_AMD64': the wheels that arrived are 'demo-1.0-py3-none-any.whl' (WHEEL tags py3-none-any), " +
          "'demo-1.0-py3-none-win_amd64.whl' (tags not verified)"
      }
    ])
    expect(expectedWheels([windows], ['*manylinux*x86_64'])[0]?.message).toMatch(/^No wheel for the expected platform '\*manylinux\*x86_64'/)
    // met only by a pure wheel tagged for the platform: met, with a warning
    const purePlatform = wheel('demo-1.0-py3-none-win_amd64.whl', ['py3-none-win_amd64'], true)
    expect(expectedWheels([purePlatform], ['win_*'])).toEqual([
      {
        level: 'warning',
        message: expect.stringContaining("The expected platform 'win_*' is met only by 'demo-1.0-py3-none-win_amd64.whl' (WHEEL tags py3-none-win_amd64)")
      }
    ])
  })
})
