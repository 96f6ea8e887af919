// "Already there" decided by origin (issue 24): a rebuild of the same commit that is neither the same bytes nor
// the same archive members (a C extension compiled in a temporary directory, setuptools' SOURCES.txt) is kept when
// the target's record says this repository and commit placed those very bytes; anything else is refused as before.
import { beforeEach, describe, expect, it } from '@jest/globals'
import { execFileSync, spawnSync } from 'node:child_process'
import { chmod, mkdir, mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { parseManifest, releaseManifest } from '../src/build/manifest.js'
import { digestFile } from '../src/build/digest.js'
import { readEnvironment } from '../src/env.js'
import { originManifestName, preflightLocal, publishLocal } from '../src/publish/local.js'
import { releaseOrigin, sameOrigin, type OriginRecord, type ReleaseOrigin } from '../src/publish/origin.js'
import type { BuildArtifact } from '../src/types.js'
import { PYTHON } from './helpers/action.js'

const MAKE = `
import io, json, sys, tarfile, time, zipfile
path, members = sys.argv[1], json.loads(sys.argv[2])
if path.endswith('.whl'):
    with zipfile.ZipFile(path, 'w') as z:
        for name, text in members.items():
            z.writestr(zipfile.ZipInfo(name, time.gmtime(1700000000)[:6]), text)
else:
    with tarfile.open(path, 'w:gz') as t:
        for name, text in members.items():
            data = text.encode()
            info = tarfile.TarInfo(name); info.size = len(data); info.mtime = 1700000000
            t.addfile(info, io.BytesIO(data))
`

let work: string
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'pra-origin-'))
})

async function archive(file: string, members: Record<string, string>): Promise<BuildArtifact> {
  const made = spawnSync(PYTHON, ['-c', MAKE, file, JSON.stringify(members)])
  expect(made.stderr.toString()).toBe('')
  await chmod(file, 0o600)
  const name = basename(file)
  return {
    path: file,
    filename: name,
    format: name.endsWith('.whl') ? 'wheel' : 'sdist',
    ...(await digestFile(file)),
    metadata: { metadataVersion: '2.1', name: 'demo', version: '1.0', summary: undefined, requiresPython: undefined }
  }
}

/** A build whose generated module holds `stamp`: what a non-reproducible build (a temp path in a binary) makes each time. */
async function build(name: string, stamp: string): Promise<BuildArtifact[]> {
  const dir = join(work, name)
  await mkdir(dir, { recursive: true })
  const metadata = 'Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n'
  return [
    await archive(join(dir, 'demo-1.0.tar.gz'), { 'demo-1.0/PKG-INFO': metadata, 'demo-1.0/demo/_stamp.py': `STAMP = '${stamp}'\n` }),
    await archive(join(dir, 'demo-1.0-py3-none-any.whl'), { 'demo/_stamp.py': `STAMP = '${stamp}'\n`, 'demo-1.0.dist-info/METADATA': metadata })
  ]
}

const SHA = 'a'.repeat(40)
const OTHER = 'b'.repeat(40)
const env = readEnvironment({}, '/')
const recordOf = (origin: ReleaseOrigin): OriginRecord => ({
  origin,
  manifest: artifacts =>
    releaseManifest({
      // as publish/stage.ts makes it: the project named by the files vouched for
      project: artifacts[0]?.metadata.name ?? '',
      version: '1.0',
      certification: undefined,
      artifacts,
      env: { ...env, repository: origin.repository ?? undefined, sha: origin.sha },
      frontend: 'build',
      python: undefined,
      artifact: undefined
    })
})
const ours = recordOf({ repository: 'octo/demo', sha: SHA })

async function release(dir: string, artifacts: BuildArtifact[], record: OriginRecord | undefined, skipExisting = true) {
  const preflight = await preflightLocal(dir, artifacts, skipExisting, record?.origin)
  return { preflight, published: preflight.ready ? await publishLocal(preflight, dir, record) : undefined }
}

async function snapshot(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {}
  for (const name of (await readdir(dir)).sort()) files[name] = (await readFile(join(dir, name))).toString('base64')
  return files
}

describe('the local target keeps its own earlier upload by origin', () => {
  it('records the release manifest beside SHA256SUMS (not listed there), naming the repository, commit and every file placed', async () => {
    const dir = join(work, 'release')
    const first = await release(dir, await build('b1', 'one'), ours)
    expect(first.published).toMatchObject({ status: 'published' })
    const name = originManifestName('demo', '1.0', ours.origin)
    expect(name).toBe('release-manifest.demo-1.0.aaaaaaaaaaaa.json')
    expect((await readdir(dir)).sort()).toEqual(['SHA256SUMS', 'demo-1.0-py3-none-any.whl', 'demo-1.0.tar.gz', name])
    expect(await readFile(join(dir, 'SHA256SUMS'), 'utf8')).not.toContain('release-manifest')
    const manifest = parseManifest(await readFile(join(dir, name), 'utf8'), name)
    expect(manifest.source).toMatchObject({ repository: 'octo/demo', sha: SHA })
    expect(manifest.files.map(f => f.filename).sort()).toEqual(['demo-1.0-py3-none-any.whl', 'demo-1.0.tar.gz'])
  })

  it('a re-run of the same commit whose rebuild differs keeps the files, says so and on what evidence, and changes nothing', async () => {
    const dir = join(work, 'release')
    await release(dir, await build('b1', 'one'), ours)
    const before = await snapshot(dir)
    const rerun = await release(dir, await build('b2', 'two'), ours)
    expect(rerun.preflight.ready).toBe(true)
    expect(rerun.preflight.files.map(f => f.action)).toEqual(['skip-origin', 'skip-origin'])
    const notices = rerun.preflight.annotations.filter(a => a.level === 'notice').map(a => a.message)
    expect(notices).toEqual([
      expect.stringMatching(
        /^demo-1\.0\.tar\.gz kept: uploaded by an earlier run of octo\/demo@aaaaaaaaaaaa \(release-manifest\.demo-1\.0\.aaaaaaaaaaaa\.json beside SHA256SUMS lists this file's sha256 [0-9a-f]{12}…\)$/
      ),
      expect.stringMatching(/^demo-1\.0-py3-none-any\.whl kept: uploaded by an earlier run of octo\/demo@aaaaaaaaaaaa/)
    ])
    expect(rerun.published).toMatchObject({
      status: 'skipped',
      message: expect.stringContaining('2 kept as uploaded by an earlier run of octo/demo@aaaaaaaaaaaa')
    })
    expect(await snapshot(dir)).toEqual(before)
    // and a third run, nothing new to record, keeps them again
    expect((await release(dir, await build('b3', 'three'), ours)).published).toMatchObject({ status: 'skipped' })
    expect(await snapshot(dir)).toEqual(before)
  })

  it('a re-run with nothing new to vouch for (every file identical) leaves the record untouched', async () => {
    const dir = join(work, 'release')
    const artifacts = await build('b1', 'one')
    await release(dir, artifacts, ours)
    const name = originManifestName('demo', '1.0', ours.origin)
    const before = (await stat(join(dir, name))).mtimeMs
    await new Promise(resolve => setTimeout(resolve, 20))
    const rerun = await release(dir, artifacts, ours)
    expect(rerun.preflight.files.map(f => f.action)).toEqual(['skip-identical', 'skip-identical'])
    expect((await stat(join(dir, name))).mtimeMs).toBe(before)
  })

  it('a re-run that also adds a file records it beside the kept ones', async () => {
    const dir = join(work, 'release')
    const [sdist] = await build('b1', 'one')
    await release(dir, [sdist!], ours)
    const rerun = await release(dir, await build('b2', 'two'), ours)
    expect(rerun.preflight.files.map(f => f.action)).toEqual(['skip-origin', 'upload'])
    const name = originManifestName('demo', '1.0', ours.origin)
    const manifest = parseManifest(await readFile(join(dir, name), 'utf8'), name)
    expect(Object.fromEntries(manifest.files.map(f => [f.filename, f.sha256]))).toEqual({
      'demo-1.0.tar.gz': sdist!.sha256,
      'demo-1.0-py3-none-any.whl': rerun.preflight.files[1]!.artifact.sha256
    })
  })

  it('another commit, another repository, no origin, or skip-existing false: refused as another release, and the record left as it is', async () => {
    const dir = join(work, 'release')
    await release(dir, await build('b1', 'one'), ours)
    const before = await snapshot(dir)
    const rebuilt = await build('b2', 'two')
    for (const record of [recordOf({ repository: 'octo/demo', sha: OTHER }), recordOf({ repository: 'octo/fork', sha: SHA }), undefined]) {
      const refused = await release(dir, rebuilt, record)
      expect(refused.preflight.ready).toBe(false)
      expect(refused.preflight.message).toContain('demo-1.0.tar.gz already exists')
      expect(refused.preflight.message).toContain('It is another release of the same version')
      expect(refused.preflight.annotations.filter(a => a.level === 'notice')).toEqual([])
    }
    const strict = await release(dir, rebuilt, ours, false)
    expect(strict.preflight.ready).toBe(false)
    expect(strict.preflight.message).toContain('another release of the same version')
    expect(await snapshot(dir)).toEqual(before)
  })

  it('a file replaced after the record was written is not vouched for: the record lists other bytes', async () => {
    const dir = join(work, 'release')
    await release(dir, await build('b1', 'one'), ours)
    const [, wheel] = await build('b3', 'three')
    await writeFile(join(dir, 'demo-1.0-py3-none-any.whl'), await readFile(wheel!.path))
    const rerun = await release(dir, await build('b2', 'two'), ours)
    expect(rerun.preflight.ready).toBe(false)
    expect(rerun.preflight.files).toEqual([])
    expect(rerun.preflight.message).toMatch(/demo-1\.0-py3-none-any\.whl already exists .* with different content/)
    expect(rerun.preflight.message).not.toContain('demo-1.0.tar.gz already exists')
  })

  it("another origin's record under the same name (a fork at the same commit) is never overwritten", async () => {
    const dir = join(work, 'release')
    const fork = recordOf({ repository: 'octo/fork', sha: SHA })
    const [sdist, wheel] = await build('b1', 'one')
    await release(dir, [sdist!], fork)
    const name = originManifestName('demo', '1.0', fork.origin)
    const theirs = await readFile(join(dir, name), 'utf8')
    // this repository's run at the same commit: the sdist is the same bytes, the wheel is new
    const ran = await release(dir, [sdist!, wheel!], ours)
    expect(ran.preflight.files.map(f => f.action)).toEqual(['skip-identical', 'upload'])
    expect(ran.published).toMatchObject({
      status: 'published',
      message: expect.stringContaining(
        `this release's origin not recorded: ${name} was left as it is: it names octo/fork@aaaaaaaaaaaa, not octo/demo@aaaaaaaaaaaa`
      )
    })
    expect(await readFile(join(dir, name), 'utf8')).toBe(theirs)
  })
})

describe("this release's origin", () => {
  const git = (dir: string, ...args: string[]): string =>
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], { cwd: dir, stdio: 'pipe' }).toString()

  it('on a runner: GITHUB_REPOSITORY at GITHUB_SHA; a receiving job: the commit its manifests name, or none', async () => {
    expect(await releaseOrigin({ repository: 'octo/demo', sha: SHA }, { received: false, commit: undefined }, work)).toEqual({
      repository: 'octo/demo',
      sha: SHA
    })
    expect(await releaseOrigin({ repository: 'octo/demo', sha: SHA }, { received: true, commit: OTHER }, work)).toEqual({
      repository: 'octo/demo',
      sha: OTHER
    })
    expect(await releaseOrigin({ repository: 'octo/demo', sha: SHA }, { received: true, commit: undefined }, work)).toBeUndefined()
  })

  it('on a local run: the git HEAD of a checkout whose tracked files are as committed, with no repository', async () => {
    expect(await releaseOrigin({ repository: undefined, sha: undefined }, { received: false, commit: undefined }, work)).toBeUndefined()
    git(work, 'init', '-q')
    await writeFile(join(work, 'setup.py'), 'x = 1\n')
    git(work, 'add', 'setup.py')
    git(work, 'commit', '-qm', 'one')
    const head = git(work, 'rev-parse', 'HEAD').trim()
    // an untracked local-dir inside the project does not count
    await mkdir(join(work, 'dist'))
    await writeFile(join(work, 'dist', 'demo-1.0.tar.gz'), '')
    expect(await releaseOrigin({ repository: undefined, sha: undefined }, { received: false, commit: undefined }, work)).toEqual({
      repository: null,
      sha: head
    })
    await writeFile(join(work, 'setup.py'), 'x = 2\n')
    expect(await releaseOrigin({ repository: undefined, sha: undefined }, { received: false, commit: undefined }, work)).toBeUndefined()
  })

  it('a record names the origin only with the same commit and repository (GitHub names are case-insensitive; a local run has none)', () => {
    const origin = { repository: 'Octo/Demo', sha: SHA }
    expect(sameOrigin({ repository: 'octo/demo', sha: SHA }, origin)).toBe(true)
    expect(sameOrigin({ repository: 'octo/demo', sha: OTHER }, origin)).toBe(false)
    expect(sameOrigin({ repository: null, sha: SHA }, origin)).toBe(false)
    expect(sameOrigin({ repository: 'octo/demo', sha: null }, origin)).toBe(false)
    expect(sameOrigin({ repository: null, sha: SHA }, { repository: null, sha: SHA })).toBe(true)
  })
})
