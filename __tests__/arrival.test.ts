// Files that arrive from other jobs, on real archives written here with Python's zipfile and tarfile:
// each build job's files and the manifest it writes (through releaseManifest and writeManifest, as the
// build stage does), laid out as download-artifact leaves them, one directory per artifact or merged.
import { beforeEach, describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describeArtifact } from '../src/build/builder.js'
import { CERTIFICATION_GATES, isManifestName, releaseManifest, writeManifest } from '../src/build/manifest.js'
import type { RunnerEnvironment } from '../src/env.js'
import { verifyArrivals, wheelPlatforms, type Arrival, type ArrivalOptions } from '../src/publish/arrival.js'
import { CertificationStatus, silentLogger, type CertificationCheck } from '../src/types.js'
import { PYTHON } from './helpers/action.js'

// A wheel (METADATA, WHEEL, RECORD with every member's sha256, a zip comment) or an sdist (PKG-INFO, pyproject.toml).
const MAKE = String.raw`
import base64, gzip, hashlib, io, json, re, sys, tarfile, time, zipfile
path, spec = sys.argv[1], json.loads(sys.argv[2])
name, version, mtime, code = spec["name"], spec["version"], spec["mtime"], spec["code"]
norm = re.sub(r"[-_.]+", "_", name).lower()
meta = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
if path.endswith(".whl"):
    dist_info = f"{norm}-{version}.dist-info"
    members = {
        f"{norm}/__init__.py": code,
        f"{dist_info}/METADATA": meta,
        f"{dist_info}/WHEEL": f"Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: false\nTag: {spec['tag']}\n",
    }
    lines = []
    with zipfile.ZipFile(path, "w") as z:
        z.comment = b"built by a test"
        for member, text in members.items():
            data = text.encode()
            z.writestr(zipfile.ZipInfo(member, time.gmtime(mtime)[:6]), data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            lines.append(f"{member},sha256={digest},{len(data)}")
        lines.append(f"{dist_info}/RECORD,,")
        z.writestr(zipfile.ZipInfo(f"{dist_info}/RECORD", time.gmtime(mtime)[:6]), "\n".join(lines) + "\n")
else:
    top = f"{norm}-{version}"
    members = {f"{top}/PKG-INFO": meta, f"{top}/pyproject.toml": f'[project]\nname = "{name}"\nversion = "{version}"\n', f"{top}/{norm}/__init__.py": code}
    # the gzip header's time too, so that the same members at the same mtime are the same bytes
    with open(path, "wb") as raw, gzip.GzipFile(filename="", fileobj=raw, mode="wb", mtime=mtime) as gz, tarfile.open(fileobj=gz, mode="w") as t:
        for member, text in members.items():
            data = text.encode()
            info = tarfile.TarInfo(member); info.size = len(data); info.mtime = mtime
            t.addfile(info, io.BytesIO(data))
`

interface Made {
  name?: string
  version?: string
  code?: string
  mtime?: number
}

function make(path: string, spec: Made & { tag?: string }): string {
  const full = { name: 'demo', version: '1.0', code: 'x = 1\n', mtime: 1700000000, ...spec }
  const made = spawnSync(PYTHON, ['-c', MAKE, path, JSON.stringify(full)])
  expect(made.stderr.toString()).toBe('')
  return path
}

/** A wheel named for its tag (python-abi-platform), in `dir`. */
const wheel = (dir: string, tag: string, spec: Made = {}): string => make(join(dir, `demo-${spec.version ?? '1.0'}-${tag}.whl`), { ...spec, tag })
const sdist = (dir: string, spec: Made = {}): string => make(join(dir, `demo-${spec.version ?? '1.0'}.tar.gz`), spec)

const LINUX = 'cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64'
const MAC = 'cp312-cp312-macosx_11_0_arm64'
const WINDOWS = 'cp312-cp312-win_amd64'

let work: string
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'pra-arrival-'))
})

/**
 * One build job: its files (made by `files` in its own directory) and its manifest, written as the
 * build stage writes it. The directory is the artifact as download-artifact leaves it.
 */
async function job(
  artifact: string,
  files: (dir: string) => string[],
  options: { certification?: CertificationStatus; project?: string; version?: string } = {}
): Promise<Arrival> {
  const dir = join(work, artifact)
  await mkdir(dir, { recursive: true })
  const artifacts = await Promise.all(files(dir).map(path => describeArtifact(path)))
  const env = { job: `build-${artifact}`, workflow: 'release', runnerOs: 'Linux', runnerArch: 'X64' } as RunnerEnvironment
  const manifest = releaseManifest({
    project: options.project ?? 'demo',
    version: options.version ?? artifacts[0]!.metadata.version,
    certification: options.certification && { version: '1.0', status: options.certification, checks: checksOf(options.certification) },
    artifacts,
    env,
    frontend: 'build',
    python: '/usr/bin/python3',
    artifact
  })
  await writeManifest(dir, manifest)
  return { source: artifact, dir }
}

/** The five gates' checks a certification with this status has: FAIL's tests failed, PARTIAL's security scan was not configured. */
function checksOf(status: CertificationStatus): CertificationCheck[] {
  const failing: Partial<Record<string, CertificationCheck['status']>> =
    status === CertificationStatus.FAIL ? { tests: 'fail' } : status === CertificationStatus.PARTIAL ? { security: 'skip' } : {}
  return CERTIFICATION_GATES.map(name => ({ name, status: failing[name] ?? 'pass', message: '', annotations: [], metrics: {}, details: [] }))
}

/** Three jobs of one release: each builds one platform's wheel and the sdist (its own bytes: another time, the same members). */
async function threeJobs(): Promise<Arrival[]> {
  return [
    await job('dist-linux', dir => [sdist(dir, { mtime: 1700000001 }), wheel(dir, LINUX)], { certification: CertificationStatus.PASS }),
    await job('dist-mac', dir => [sdist(dir, { mtime: 1700000002 }), wheel(dir, MAC)], { certification: CertificationStatus.PASS }),
    await job('dist-windows', dir => [sdist(dir, { mtime: 1700000003 }), wheel(dir, WINDOWS)], { certification: CertificationStatus.PASS })
  ]
}

/** The arrivals merged into one directory as merge-multiple does: a later artifact's file replaces an earlier one of the same name. */
async function merge(arrivals: Arrival[]): Promise<Arrival> {
  const dir = join(work, 'merged')
  await mkdir(dir)
  for (const arrival of arrivals) for (const name of await readdir(arrival.dir)) await copyFile(join(arrival.dir, name), join(dir, name))
  return { source: 'merged', dir }
}

/** A manifest's file name without its digest suffix (release-manifest.<artifact>.<12 hex>.json), which varies with its content. */
const plain = (text: string): string => text.replace(/(release-manifest(?:\.[^\s'"]*?)?)\.[0-9a-f]{12}\.json/g, '$1.json')

/** verifyArrivals, with manifest file names in the result shown without their digest suffix. */
const verify = async (arrivals: Arrival[], options: Partial<ArrivalOptions> = {}) => {
  const result = await verifyArrivals(arrivals, { logger: silentLogger, ...options })
  return {
    ...result,
    errors: result.errors.map(plain),
    annotations: result.annotations.map(a => ({ ...a, message: plain(a.message) })),
    manifests: result.manifests.map(m => ({ ...m, file: plain(m.file) }))
  }
}

describe('files arriving from other jobs', () => {
  it('verifies three jobs in one directory each and keeps one of their equivalent sdists', async () => {
    const result = await verify(await threeJobs(), {
      expectWheels: ['*manylinux*x86_64', 'macosx*arm64', 'win_amd64'],
      requireCertification: true,
      failOnPartial: true
    })
    expect(result.errors).toEqual([])
    expect(result.artifacts.map(a => a.filename)).toEqual(['demo-1.0.tar.gz', `demo-1.0-${MAC}.whl`, `demo-1.0-${LINUX}.whl`, `demo-1.0-${WINDOWS}.whl`])
    expect(result.artifacts[0]?.path).toBe(join(work, 'dist-linux', 'demo-1.0.tar.gz'))
    // inspected and digested like a built file, ready for preflight
    expect(result.artifacts[1]).toMatchObject({ format: 'wheel', metadata: { name: 'demo', version: '1.0' }, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) })
    expect(result.artifacts[1]?.coreMetadata?.get('name')).toEqual(['demo'])
    expect(result).toMatchObject({ project: 'demo', version: '1.0' })
    expect(result.manifests.map(m => [m.source, m.file, m.vouches])).toEqual([
      ['dist-linux', 'release-manifest.dist-linux.json', ['demo-1.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl', 'demo-1.0.tar.gz']],
      ['dist-mac', 'release-manifest.dist-mac.json', [`demo-1.0-${MAC}.whl`, 'demo-1.0.tar.gz']],
      ['dist-windows', 'release-manifest.dist-windows.json', [`demo-1.0-${WINDOWS}.whl`, 'demo-1.0.tar.gz']]
    ])
    expect(result.annotations).toEqual([
      expect.objectContaining({
        level: 'notice',
        message: expect.stringMatching(
          /^3 copies of 'demo-1\.0\.tar\.gz' arrived, equivalent \(the same members and contents\); the one from job 'build-dist-linux'/
        )
      })
    ])
  })

  it('verifies the same jobs merged into one directory, every manifest kept, and notes the sdist only one of which survived', async () => {
    const jobs = await threeJobs()
    // cibuildwheel's wheels come without a manifest
    const cibw = join(work, 'cibw-wheels-linux-aarch64')
    await mkdir(cibw)
    wheel(cibw, 'cp312-cp312-manylinux_2_17_aarch64.manylinux2014_aarch64')
    const merged = await merge([...jobs, { source: 'cibw', dir: cibw }])
    expect((await readdir(merged.dir)).filter(name => name.startsWith('release-manifest'))).toHaveLength(3)
    const result = await verify([merged], { expectWheels: ['*manylinux*aarch64', 'win_amd64'] })
    expect(result.errors).toEqual([])
    expect(result.artifacts).toHaveLength(5)
    expect(result.manifests.map(m => m.file)).toEqual([
      'release-manifest.dist-linux.json',
      'release-manifest.dist-mac.json',
      'release-manifest.dist-windows.json'
    ])
    // the windows job's sdist was copied last, so it is the one that survived
    expect(result.manifests.map(m => m.vouches.includes('demo-1.0.tar.gz'))).toEqual([false, false, true])
    const messages = result.annotations.map(a => `${a.level}: ${a.message}`)
    expect(messages).toEqual([
      expect.stringMatching(
        /^warning: 'demo-1\.0\.tar\.gz' was built with different bytes by job 'build-dist-linux' .* and job 'build-dist-mac' .* and job 'build-dist-windows' .*; the merge into 'merged' kept one, the one job 'build-dist-windows'/
      ),
      expect.stringMatching(/^notice: No build manifest vouches for 'demo-1\.0-cp312-cp312-manylinux_2_17_aarch64\.manylinux2014_aarch64\.whl' in 'merged'/)
    ])
  })

  it('refuses a file one byte of which changed after its manifest was written, naming the file and the artifact', async () => {
    const jobs = await threeJobs()
    const path = join(jobs[1]!.dir, `demo-1.0-${MAC}.whl`)
    const bytes = await readFile(path)
    // the last byte is the zip comment's: the wheel still reads, only its digests change
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 0x01, bytes.length - 1)
    await writeFile(path, bytes)
    const result = await verify(jobs)
    expect(result.artifacts).toEqual([])
    expect(result.errors).toEqual([
      expect.stringMatching(
        /^'demo-1\.0-cp312-cp312-macosx_11_0_arm64\.whl' in 'dist-mac' is not the file job 'build-dist-mac' \(release-manifest\.dist-mac\.json in 'dist-mac'\) built: its sha256 is [0-9a-f]{64}, the manifest says [0-9a-f]{64}; its md5 .*; its blake2b_256 /
      )
    ])
    // merged with the other jobs' files, the changed wheel is still refused
    const merged = await verify([await merge(jobs)])
    expect(merged.errors).toEqual([
      expect.stringMatching(/^'demo-1\.0-cp312-cp312-macosx_11_0_arm64\.whl' in 'merged' is not the file job 'build-dist-mac' .* built: its sha256 is /)
    ])
  })

  it('refuses a missing file and an unlisted one', async () => {
    const jobs = await threeJobs()
    await rm(join(jobs[0]!.dir, `demo-1.0-${LINUX}.whl`))
    wheel(jobs[2]!.dir, 'py3-none-any')
    const result = await verify(jobs)
    expect(result.errors).toEqual([
      "'demo-1.0-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl' is listed by job 'build-dist-linux' (release-manifest.dist-linux.json in 'dist-linux') " +
        "but is not in 'dist-linux': it was lost or never uploaded",
      expect.stringMatching(/^'demo-1\.0-py3-none-any\.whl' in 'dist-windows' is not listed in its release manifest \(job 'build-dist-windows'/)
    ])
    expect(result.artifacts).toEqual([])
    // the same directory passed as merged allows the unlisted file, and says no manifest vouches for it
    const merged = await verify([jobs[2]!].map(j => ({ ...j, merged: true })))
    expect(merged.errors).toEqual([])
    expect(merged.annotations.map(a => a.message)).toEqual([expect.stringContaining("No build manifest vouches for 'demo-1.0-py3-none-any.whl'")])
    expect(merged.unvouched).toEqual([{ source: 'dist-windows', filename: 'demo-1.0-py3-none-any.whl' }])
  })

  it('refuses sdists of the same name whose members differ, naming both jobs', async () => {
    const jobs = [
      await job('dist-linux', dir => [sdist(dir), wheel(dir, LINUX)]),
      await job('dist-mac', dir => [sdist(dir, { code: 'x = 2\n' }), wheel(dir, MAC)])
    ]
    const result = await verify(jobs)
    expect(result.errors).toEqual([
      "'demo-1.0.tar.gz' from job 'build-dist-linux' (release-manifest.dist-linux.json in 'dist-linux') and from job 'build-dist-mac' " +
        "(release-manifest.dist-mac.json in 'dist-mac') differ: demo-1.0/demo/__init__.py (content differs); the jobs built different sources"
    ])
  })

  it('refuses wheels of the same name with different bytes, in directories of their own and merged', async () => {
    const jobs = [
      await job('dist-a', dir => [sdist(dir), wheel(dir, 'py3-none-any', { mtime: 1700000000 })]),
      await job('dist-b', dir => [sdist(dir), wheel(dir, 'py3-none-any', { mtime: 1800000000 })])
    ]
    const apart = await verify(jobs)
    expect(apart.errors).toEqual([
      expect.stringMatching(/^'demo-1\.0-py3-none-any\.whl' arrived with different bytes from job 'build-dist-a' .* and job 'build-dist-b' /)
    ])
    const merged = await verify([await merge(jobs)])
    expect(merged.errors).toEqual([
      expect.stringMatching(
        /^'demo-1\.0-py3-none-any\.whl' was built with different bytes by job 'build-dist-a' .* and job 'build-dist-b' .*: the merge into 'merged' kept only one/
      )
    ])
    // the identical sdists of these jobs are one file, without a word
    expect(merged.annotations).toEqual([])
  })

  it('refuses a release without a wheel for an expected platform, naming the wheels there', async () => {
    const result = await verify(await threeJobs(), { expectWheels: ['manylinux2014_x86_64', 'musllinux*', 'win32'] })
    // manylinux2014_x86_64 is the second tag of the linux wheel's compressed set
    expect(result.errors).toEqual([
      `No wheel for the expected platform 'musllinux*': the wheels that arrived are ` +
        `'demo-1.0-${LINUX}.whl' (WHEEL tags cp312-cp312-manylinux2014_x86_64, cp312-cp312-manylinux_2_17_x86_64), ` +
        `'demo-1.0-${MAC}.whl' (WHEEL tags ${MAC}), 'demo-1.0-${WINDOWS}.whl' (WHEEL tags ${WINDOWS})`,
      expect.stringMatching(/^No wheel for the expected platform 'win32': /)
    ])
    expect(wheelPlatforms(`demo-1.0-${LINUX}.whl`)).toEqual(['manylinux_2_17_x86_64', 'manylinux2014_x86_64'])
    expect(wheelPlatforms('demo-1.0-1build-py3-none-any.whl')).toEqual(['any'])
  })

  it('refuses files whose certification failed, and PARTIAL ones when fail-on-partial is set', async () => {
    const failed = [
      await job('dist-linux', dir => [sdist(dir), wheel(dir, LINUX)], { certification: CertificationStatus.PASS }),
      await job('dist-mac', dir => [wheel(dir, MAC)], { certification: CertificationStatus.FAIL })
    ]
    expect((await verify(failed)).errors).toEqual([
      "The files of job 'build-dist-mac' (release-manifest.dist-mac.json in 'dist-mac') come from a failed certification (FAIL: 'tests': fail); nothing from it may be published"
    ])
    await rm(work, { recursive: true })
    const partial = [await job('dist-linux', dir => [sdist(dir), wheel(dir, LINUX)], { certification: CertificationStatus.PARTIAL })]
    const lenient = await verify(partial)
    expect(lenient.errors).toEqual([])
    expect(lenient.annotations).toEqual([expect.objectContaining({ level: 'warning', message: expect.stringContaining('come from a PARTIAL certification') })])
    expect((await verify(partial, { failOnPartial: true })).errors).toEqual([
      "The files of job 'build-dist-linux' (release-manifest.dist-linux.json in 'dist-linux') come from a PARTIAL certification ('security': skip), and fail-on-partial is set"
    ])
  })

  it('requires certification of every file when asked: a file without a manifest, or one built without certification, is refused', async () => {
    const certified = await job('dist-linux', dir => [sdist(dir), wheel(dir, LINUX)], { certification: CertificationStatus.PASS })
    const maturin = join(work, 'maturin')
    await mkdir(maturin)
    wheel(maturin, MAC)
    const arrivals = [certified, { source: 'maturin', dir: maturin }]
    expect((await verify(arrivals)).errors).toEqual([])
    expect((await verify(arrivals, { requireCertification: true })).errors).toEqual([
      `No build manifest vouches for 'demo-1.0-${MAC}.whl' in 'maturin', so nothing shows that it was certified, and certification is required`
    ])
    const uncertified = await job('dist-win', dir => [wheel(dir, WINDOWS)])
    expect((await verify([certified, uncertified], { requireCertification: true })).errors).toEqual([
      "The files of job 'build-dist-win' (release-manifest.dist-win.json in 'dist-win') were built without certification (NOT-RUN), and certification is required"
    ])
  })

  it('keeps the copy of an sdist a manifest vouches for, not an equivalent one that arrived first without a manifest', async () => {
    const loose = join(work, 'a-loose')
    await mkdir(loose)
    sdist(loose, { mtime: 1700000009 })
    const certified = await job('dist-linux', dir => [sdist(dir, { mtime: 1700000001 }), wheel(dir, LINUX)], { certification: CertificationStatus.PASS })
    const result = await verify([{ source: 'a-loose', dir: loose }, certified])
    expect(result.errors).toEqual([])
    const kept = result.artifacts.find(a => a.filename === 'demo-1.0.tar.gz')
    expect(kept?.path).toBe(join(certified.dir, 'demo-1.0.tar.gz'))
  })

  it('refuses files of more than one release, and a manifest that disagrees with its files', async () => {
    const jobs = [await job('dist-linux', dir => [sdist(dir), wheel(dir, LINUX)]), await job('dist-mac', dir => [wheel(dir, MAC, { version: '1.1' })])]
    expect((await verify(jobs)).errors).toEqual([
      `The arrived files are not one release: demo 1.0 ('demo-1.0-${LINUX}.whl', 'demo-1.0.tar.gz'); demo 1.1 ('demo-1.1-${MAC}.whl')`
    ])
    await rm(work, { recursive: true })
    const lying = [await job('dist-linux', dir => [sdist(dir), wheel(dir, LINUX)], { project: 'other', version: '1.0' })]
    expect((await verify(lying)).errors).toEqual([
      "job 'build-dist-linux' (release-manifest.dist-linux.json in 'dist-linux') is for 'other' '1.0', but the files are demo 1.0"
    ])
  })

  it('refuses a manifest of a newer version and one with an unknown critical field, naming the artifact', async () => {
    const jobs = await threeJobs()
    const edit = async (arrival: Arrival, change: (manifest: Record<string, unknown>) => void): Promise<void> => {
      const path = join(arrival.dir, (await readdir(arrival.dir)).find(isManifestName)!)
      const manifest = JSON.parse(await readFile(path, 'utf8'))
      change(manifest)
      await writeFile(path, JSON.stringify(manifest))
    }
    await edit(jobs[0]!, m => (m['manifest_version'] = 2))
    await edit(jobs[1]!, m => (m['critical'] = ['sigstore_bundle']))
    const result = await verify(jobs)
    expect(result.errors).toEqual([
      expect.stringMatching(
        /^The release manifest 'release-manifest\.dist-linux\.json' in 'dist-linux' cannot be used: it has manifest_version 2, written by a newer python-release-action/
      ),
      expect.stringMatching(
        /^The release manifest 'release-manifest\.dist-mac\.json' in 'dist-mac' cannot be used: it marks the extension field 'sigstore_bundle' critical/
      )
    ])
    expect(result.artifacts).toEqual([])
  })

  it('refuses a symbolic link in place of a file, and a FIFO, without following or opening either', async () => {
    const jobs = await threeJobs()
    const elsewhere = join(work, 'elsewhere')
    await mkdir(elsewhere)
    const real = wheel(elsewhere, MAC)
    const link = join(jobs[1]!.dir, `demo-1.0-${MAC}.whl`)
    await rm(link)
    await symlink(real, link)
    // a FIFO that would block a reader forever, named as a manifest and as a wheel
    expect(spawnSync('mkfifo', [join(jobs[2]!.dir, 'release-manifest.extra.json'), join(jobs[2]!.dir, 'demo-1.0-py3-none-any.whl')]).status).toBe(0)
    const result = await verify(jobs)
    expect(result.errors).toEqual([
      `'demo-1.0-${MAC}.whl' in 'dist-mac' is a symbolic link; it was refused, not followed (an artifact holds regular files only)`,
      `'demo-1.0-${MAC}.whl' is listed by job 'build-dist-mac' (release-manifest.dist-mac.json in 'dist-mac') but is not in 'dist-mac': it was lost or never uploaded`,
      "'demo-1.0-py3-none-any.whl' in 'dist-windows' is not a regular file (a FIFO, socket or device); it was refused and never opened",
      "'release-manifest.extra.json' in 'dist-windows' is not a regular file (a FIFO, socket or device); it was refused and never opened"
    ])
  })

  it('refuses a huge manifest without reading it whole, and quotes hostile file names escaped', async () => {
    const jobs = await threeJobs()
    await writeFile(join(jobs[0]!.dir, 'release-manifest.dist-linux.json'), Buffer.alloc(2 * 1024 * 1024, 0x20))
    const hostile = `demo-1.0-py3-none-any\n::error::FORGED.whl`
    await writeFile(join(jobs[1]!.dir, hostile), 'not a zip')
    const result = await verify(jobs)
    expect(result.errors[0]).toBe(
      "The release manifest 'release-manifest.dist-linux.json' in 'dist-linux' cannot be used: it is 2097152 bytes; a manifest is at most 1048576"
    )
    expect(result.errors.join('\n')).not.toContain('\n::error::')
    expect(result.errors).toContainEqual(
      "'demo-1.0-py3-none-any\\u000a::error::FORGED.whl' in 'dist-mac' has control characters in its name; it was refused and not opened"
    )
  })
})
