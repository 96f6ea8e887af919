// "Already there" decided by origin, end to end through the bundle (issue 24): a project whose every build
// differs in its archive members (as a C extension compiled in a temporary directory does) is released to a
// local directory; a re-run of the same commit keeps its own earlier upload and says so, and a run of
// another commit is refused as another release, exactly as before.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdtemp, readFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { OidcProvider } from '../test/servers/oidc.js'
import { PyPIIndex } from '../test/servers/pypi-index.js'
import { LocalSigstore, type SigstoreEnvironment } from '../test/servers/sigstore.js'
import { localRelease, PYTHON, releasedFiles, ROOT, runAction, workspaceWith, type ActionRun } from './helpers/action.js'

const UNREPRODUCIBLE = join(ROOT, '__tests__', 'fixtures', 'projects', 'unreproducible-setuptools')
// one word: setuptools 66 (Debian's) would write a dash in the sdist's name, which PyPI refuses (PEP 625)
const SDIST = 'unreproducible-1.4.0.tar.gz'
const WHEEL = 'unreproducible-1.4.0-py3-none-any.whl'
const SHA = '0123456789abcdef0123456789abcdef01234567'
const OTHER = 'fedcba9876543210fedcba9876543210fedcba98'

const errors = (run: ActionRun): string[] => run.annotations.filter(a => a.level === 'error').map(a => a.message)
const notices = (run: ActionRun): string[] => run.annotations.filter(a => a.level === 'notice').map(a => a.message)
const builtSha = (run: ActionRun, filename: string): string | undefined =>
  (JSON.parse(run.outputs['artifacts'] ?? '[]') as Array<{ filename: string; sha256: string }>).find(a => a.filename === filename)?.sha256

describe('a re-run whose rebuild differs in its members', () => {
  it('on a runner: the same commit keeps its earlier upload with a notice naming the evidence; another commit is refused', async () => {
    const { workspace } = await workspaceWith(UNREPRODUCIBLE)
    const runner = (sha: string): Record<string, string> => ({ GITHUB_SHA: sha, GITHUB_REPOSITORY: 'octo/unreproducible' })
    const first = await runAction(workspace, localRelease(), runner(SHA))
    expect({ code: first.code, errors: errors(first) }).toEqual({ code: 0, errors: [] })
    const record = 'release-manifest.unreproducible-1.4.0.0123456789ab.json'
    const published = await releasedFiles(workspace)
    expect(Object.keys(published)).toEqual(['SHA256SUMS', record, WHEEL, SDIST].sort())
    // the record is no distribution: SHA256SUMS lists the two files only
    const sums = await readFile(join(workspace, 'out', 'release', 'SHA256SUMS'), 'utf8')
    expect(
      sums
        .trim()
        .split('\n')
        .map(line => line.split('  ')[1])
    ).toEqual([WHEEL, SDIST].sort())
    expect(JSON.parse(await readFile(join(workspace, 'out', 'release', record), 'utf8'))).toMatchObject({
      project: 'unreproducible',
      version: '1.4.0',
      source: { repository: 'octo/unreproducible', sha: SHA }
    })

    const rerun = await runAction(workspace, localRelease(), runner(SHA))
    expect({ code: rerun.code, errors: errors(rerun) }).toEqual({ code: 0, errors: [] })
    // the rebuild is other bytes and other members: before, a re-run refused it as "another release"
    expect(builtSha(rerun, SDIST)).not.toBe(published[SDIST])
    expect(builtSha(rerun, WHEEL)).not.toBe(published[WHEEL])
    expect(notices(rerun)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          new RegExp(
            `^${SDIST.replace(/\./g, '\\.')} kept: uploaded by an earlier run of octo/unreproducible@0123456789ab \\(${record.replace(/\./g, '\\.')} beside SHA256SUMS lists this file's sha256 [0-9a-f]{12}…\\)$`
          )
        ),
        expect.stringMatching(new RegExp(`^${WHEEL.replace(/\./g, '\\.')} kept: uploaded by an earlier run of octo/unreproducible@0123456789ab`))
      ])
    )
    expect(JSON.parse(rerun.outputs['published'] as string)[0]).toMatchObject({ status: 'skipped', skipped: expect.arrayContaining([SDIST, WHEEL]) })
    expect(await releasedFiles(workspace)).toEqual(published)

    const another = await runAction(workspace, localRelease(), runner(OTHER))
    expect(another.code).toBe(1)
    expect(errors(another).join('\n')).toContain(`${SDIST} already exists in ${join(workspace, 'out', 'release')} with different content`)
    expect(errors(another).join('\n')).toContain('It is another release of the same version')
    expect(notices(another).filter(n => n.includes('kept: uploaded by an earlier run'))).toEqual([])
    expect(await releasedFiles(workspace)).toEqual(published)
  }, 180_000)

  it('on a local run: the git HEAD of a clean checkout is the origin; after a new commit the release is refused as before', async () => {
    const { workspace } = await workspaceWith(UNREPRODUCIBLE)
    const git = (...args: string[]): string =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', '-c', 'init.defaultBranch=main', ...args], { cwd: workspace }).toString()
    git('init', '-q')
    git('add', 'sub')
    git('commit', '-qm', 'release 1.4.0')
    const head = git('rev-parse', 'HEAD').trim()
    const first = await runAction(workspace, localRelease())
    expect({ code: first.code, errors: errors(first) }).toEqual({ code: 0, errors: [] })
    const published = await releasedFiles(workspace)
    expect(Object.keys(published)).toContain(`release-manifest.unreproducible-1.4.0.${head.slice(0, 12)}.json`)

    const rerun = await runAction(workspace, localRelease())
    expect({ code: rerun.code, errors: errors(rerun) }).toEqual({ code: 0, errors: [] })
    expect(notices(rerun)).toEqual(
      expect.arrayContaining([expect.stringContaining(`${SDIST} kept: uploaded by an earlier run of this checkout@${head.slice(0, 12)}`)])
    )
    expect(await releasedFiles(workspace)).toEqual(published)

    git('commit', '-q', '--allow-empty', '-m', 'another commit')
    const later = await runAction(workspace, localRelease())
    expect(later.code).toBe(1)
    expect(errors(later).join('\n')).toContain('It is another release of the same version')
    expect(await releasedFiles(workspace)).toEqual(published)
  }, 180_000)
})

describe('a re-run to an index whose files an earlier run attested (PEP 740)', () => {
  let oidc: OidcProvider
  let sigstore: LocalSigstore
  let sigstoreEnv: SigstoreEnvironment
  let pypi: PyPIIndex
  let workspace: string

  beforeAll(async () => {
    oidc = await new OidcProvider().start()
    sigstore = await new LocalSigstore(oidc).start()
    sigstoreEnv = await sigstore.environment(join(await mkdtemp(join(tmpdir(), 'pra-sigstore-')), 'trusted_root.json'))
    pypi = await new PyPIIndex({
      trustedPublishing: {
        issuer: oidc.issuer,
        publicKey: oidc.publicKey,
        publishers: [{ project: 'unreproducible', repository: 'octo/unreproducible', workflow: 'release.yml' }]
      },
      attestations: { trustedRoot: sigstore.trustedRoot() }
    }).start()
    workspace = (await workspaceWith(UNREPRODUCIBLE)).workspace
  })
  afterAll(async () => {
    await pypi.stop()
    await sigstore.stop()
    await oidc.stop()
  })

  /** A tag push of octo/unreproducible's release.yml at `sha`: the OIDC token (and so the Fulcio certificate) names that commit. */
  const release = (sha: string, env: Record<string, string> = {}): Promise<ActionRun> =>
    runAction(
      workspace,
      {
        'project-dir': 'sub',
        stages: 'build,preflight,publish',
        targets: 'pypi',
        python: PYTHON,
        'build-isolation': 'false',
        'repository-url': pypi.uploadUrl
      },
      {
        GITHUB_ACTIONS: 'true',
        GITHUB_REF: 'refs/tags/v1.4.0',
        GITHUB_SHA: sha,
        GITHUB_REPOSITORY: 'octo/unreproducible',
        GITHUB_WORKFLOW_REF: 'octo/unreproducible/.github/workflows/release.yml@refs/tags/v1.4.0',
        ...oidc.environment({ repository: 'octo/unreproducible', ref: 'refs/tags/v1.4.0', sha }),
        ...sigstoreEnv,
        ...env
      },
      180_000
    )

  it('the same commit keeps the attested files with a notice; no trusted root to verify them, or another commit: refused as before', async () => {
    const first = await release(SHA)
    expect({ code: first.code, errors: errors(first) }).toEqual({ code: 0, errors: [] })
    expect(pypi.uploads.map(u => u.status)).toEqual([200, 200])
    const held = Object.fromEntries(pypi.files.map(f => [f.filename, f.sha256]))

    const rerun = await release(SHA)
    expect({ code: rerun.code, errors: errors(rerun) }).toEqual({ code: 0, errors: [] })
    expect(builtSha(rerun, SDIST)).not.toBe(held[SDIST])
    expect(builtSha(rerun, WHEEL)).not.toBe(held[WHEEL])
    const kept = notices(rerun).filter(n => n.includes('kept: uploaded by an earlier run'))
    const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    expect(kept.sort()).toEqual(
      [SDIST, WHEEL]
        .sort()
        .map(name =>
          expect.stringMatching(
            new RegExp(
              `^${escape(name)} kept: uploaded by an earlier run of octo/unreproducible@0123456789ab \\(its PEP 740 provenance on .+, verified against the trusted root in SIGSTORE_TRUSTED_ROOT, ` +
                'is signed for octo/unreproducible@0123456789ab \\(Source Repository URI and Digest\\) under the publisher GitHub, repository octo/unreproducible, workflow release\\.yml\\)$'
            )
          )
        )
    )
    expect(JSON.parse(rerun.outputs['published'] as string)[0]).toMatchObject({ status: 'skipped' })
    expect(pypi.uploads).toHaveLength(2)

    // the provenance cannot be verified without a trusted root: it is no evidence
    const unverified = await release(SHA, { SIGSTORE_TRUSTED_ROOT: '' })
    expect(unverified.code).toBe(1)
    expect(errors(unverified).join('\n')).toContain('It is another release of the same version')

    const another = await release(OTHER)
    expect(another.code).toBe(1)
    expect(errors(another).join('\n')).toMatch(
      new RegExp(`${SDIST.replace(/\./g, '\\.')}: ${SDIST.replace(/\./g, '\\.')} is already on .+ and differs from this build`)
    )
    expect(notices(another).filter(n => n.includes('kept: uploaded by an earlier run'))).toEqual([])
    expect(pypi.uploads).toHaveLength(2)
    expect(Object.fromEntries(pypi.files.map(f => [f.filename, f.sha256]))).toEqual(held)
  }, 600_000)
})
