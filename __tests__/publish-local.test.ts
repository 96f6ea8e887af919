import { afterEach, beforeEach, describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { chmod, mkdir, mkdtemp, readFile, readdir, stat, symlink, utimes, writeFile } from 'node:fs/promises'
import type { PathLike } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { placing, preflightLocal, publishLocal, STALE_TEMP_MS, TEMP_HOST, TEMP_NAME } from '../src/publish/local.js'
import { digestFile, sha256File } from '../src/build/digest.js'
import type { BuildArtifact } from '../src/types.js'
import { PYTHON } from './helpers/action.js'

// Real archives made with Python's zipfile and tarfile; members and their times are chosen per test.
const MAKE = `
import io, json, sys, tarfile, time, zipfile
path, mtime, members = sys.argv[1], int(sys.argv[2]), json.loads(sys.argv[3])
if path.endswith('.whl'):
    with zipfile.ZipFile(path, 'w') as z:
        for name, text in members.items():
            z.writestr(zipfile.ZipInfo(name, time.gmtime(mtime)[:6]), text)
else:
    with tarfile.open(path, 'w:gz') as t:
        for name, text in members.items():
            data = text.encode()
            info = tarfile.TarInfo(name); info.size = len(data); info.mtime = mtime
            t.addfile(info, io.BytesIO(data))
`

let work: string
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'pra-local-'))
})

const MEMBERS: Record<string, string> = { 'demo-1.0/PKG-INFO': 'Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n', 'demo-1.0/demo.py': 'x = 1\n' }
const WHEEL: Record<string, string> = { 'demo.py': 'x = 1\n', 'demo-1.0.dist-info/METADATA': 'Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n' }

async function archive(file: string, members: Record<string, string>, mtime = 1700000000): Promise<BuildArtifact> {
  const made = spawnSync(PYTHON, ['-c', MAKE, file, String(mtime), JSON.stringify(members)])
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

async function build(name: string, mtime = 1700000000, sdist = MEMBERS): Promise<BuildArtifact[]> {
  const dir = join(work, name)
  await mkdir(dir, { recursive: true })
  return [await archive(join(dir, 'demo-1.0.tar.gz'), sdist, mtime), await archive(join(dir, 'demo-1.0-py3-none-any.whl'), WHEEL, mtime)]
}

async function release(dir: string, artifacts: BuildArtifact[]) {
  const preflight = await preflightLocal(dir, artifacts)
  return { preflight, published: preflight.ready ? await publishLocal(preflight, dir) : undefined }
}

async function snapshot(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {}
  for (const name of await readdir(dir)) files[name] = (await readFile(join(dir, name))).toString('base64')
  return files
}

describe('the local target', () => {
  it('publishes into a new nested directory with a SHA256SUMS that sha256sum accepts', async () => {
    const dir = join(work, 'out', 'nested', 'release')
    const artifacts = await build('b1')
    const preflight = await preflightLocal(dir, artifacts)
    expect(preflight).toMatchObject({ ready: true, message: `ready: 2 of 2 files to publish to ${dir}` })
    // preflight tried creating the directory and writing in it, and removed what it made
    expect(await readdir(work)).toEqual(['b1'])
    const published = await publishLocal(preflight, dir)
    expect(preflight.files.map(f => f.action)).toEqual(['upload', 'upload'])
    expect(published).toMatchObject({ status: 'published', url: `file://${dir}`, files: ['demo-1.0.tar.gz', 'demo-1.0-py3-none-any.whl'] })
    expect((await readdir(dir)).sort()).toEqual(['SHA256SUMS', 'demo-1.0-py3-none-any.whl', 'demo-1.0.tar.gz'])
    // readable by all, whatever the mode of the build's own files
    expect((await stat(join(dir, 'demo-1.0.tar.gz'))).mode & 0o777).toBe(0o644)
    const check = spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: dir })
    expect(check.stdout.toString()).toBe('demo-1.0-py3-none-any.whl: OK\ndemo-1.0.tar.gz: OK\n')
  })

  it('skips identical files on a re-run and rewrites nothing', async () => {
    const dir = join(work, 'release')
    const artifacts = await build('b1')
    await release(dir, artifacts)
    const before = await snapshot(dir)
    const sumsTime = (await stat(join(dir, 'SHA256SUMS'))).mtimeMs
    const { preflight, published } = await release(dir, artifacts)
    expect(preflight.files.map(f => f.action)).toEqual(['skip-identical', 'skip-identical'])
    expect(published).toMatchObject({ status: 'skipped', message: `all 2 files already in place in ${dir}` })
    expect(await snapshot(dir)).toEqual(before)
    expect((await stat(join(dir, 'SHA256SUMS'))).mtimeMs).toBe(sumsTime)
  })

  it('keeps an equivalent rebuild (same members, other timestamps) and lists its own digest', async () => {
    const dir = join(work, 'release')
    await release(dir, await build('b1', 1700000000))
    const before = await snapshot(dir)
    const rebuilt = await build('b2', 1800000000)
    expect(rebuilt[0]?.sha256).not.toBe(await sha256File(join(dir, 'demo-1.0.tar.gz')))
    const { preflight, published } = await release(dir, rebuilt)
    expect(preflight.files.map(f => f.action)).toEqual(['skip-equivalent', 'skip-equivalent'])
    expect(published).toMatchObject({ status: 'skipped', message: expect.stringContaining('2 kept as an equivalent rebuild') })
    expect(await snapshot(dir)).toEqual(before)
    expect(spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: dir }).status).toBe(0)
  })

  it('refuses a file whose members differ, naming file and member, and leaves it as it was', async () => {
    const dir = join(work, 'release')
    await release(dir, await build('b1'))
    const before = await snapshot(dir)
    const changed = await build('b2', 1700000000, { ...MEMBERS, 'demo-1.0/demo.py': 'x = 2\n', 'demo-1.0/extra.py': '' })
    const { preflight, published } = await release(dir, changed)
    expect(preflight.ready).toBe(false)
    expect(published).toBeUndefined()
    expect(preflight.annotations).toHaveLength(1)
    expect(preflight.annotations[0]?.message).toMatch(
      /^demo-1\.0\.tar\.gz already exists in .* with different content: demo-1\.0\/demo\.py \(content differs\), demo-1\.0\/extra\.py \(only in the new build\)\./
    )
    expect(await snapshot(dir)).toEqual(before)
  })

  it('treats an existing file that is no archive as a conflict', async () => {
    const dir = join(work, 'release')
    const artifacts = await build('b1')
    await mkdir(dir, { recursive: true })
    await writeFile(join(dir, 'demo-1.0.tar.gz'), 'garbage')
    const { preflight } = await release(dir, artifacts)
    expect(preflight.ready).toBe(false)
    expect(preflight.message).toMatch(/demo-1\.0\.tar\.gz already exists in .* and is not a readable archive/)
    expect(await readFile(join(dir, 'demo-1.0.tar.gz'), 'utf8')).toBe('garbage')
  })

  it("is not ready when 'local-dir' is an existing file", async () => {
    const file = join(work, 'a-file')
    await writeFile(file, 'keep')
    const { preflight } = await release(file, await build('b1'))
    expect(preflight).toMatchObject({ ready: false, message: `Input 'local-dir' (${file}) is an existing file, not a directory` })
    expect(await readFile(file, 'utf8')).toBe('keep')
  })

  it('lists every distribution file of the directory in SHA256SUMS, and nothing else', async () => {
    const dir = join(work, 'release')
    await mkdir(dir, { recursive: true })
    await writeFile(join(dir, 'notes.txt'), 'not a distribution')
    const older = await archive(join(dir, 'demo-0.9-py3-none-any.whl'), WHEEL)
    await release(dir, await build('b1'))
    const sums = await readFile(join(dir, 'SHA256SUMS'), 'utf8')
    expect(
      sums
        .split('\n')
        .filter(Boolean)
        .map(line => line.split('  ')[1])
    ).toEqual(['demo-0.9-py3-none-any.whl', 'demo-1.0-py3-none-any.whl', 'demo-1.0.tar.gz'])
    expect(sums).toContain(`${older.sha256}  demo-0.9-py3-none-any.whl\n`)
  })
})

// Issue 14: whatever is in the way, preflight says so (naming the path), and publish never throws a raw
// errno, never overwrites, never leaves a partial file under its final name.
describe('the local target, with hostile directories', () => {
  const entries = async (dir: string): Promise<string[]> => (await readdir(dir)).sort()

  it.each([
    ['under a file', async () => join(work, 'a-file', 'sub'), /cannot be created: .*a-file is a file, not a directory/],
    ['through a symbolic link loop', async () => (await symlink('loop', join(work, 'loop')), join(work, 'loop', 'sub')), /symbolic link loop/],
    ['with a name over 255 bytes', async () => join(work, 'x'.repeat(300), 'release'), /the path is too long/],
    ['longer than PATH_MAX', async () => join(work, ...Array.from({ length: 30 }, () => 'y'.repeat(200))), /the path is too long/],
    [
      'a dangling symbolic link',
      async () => (await symlink(join(work, 'gone'), join(work, 'link')), join(work, 'link')),
      /link is a symbolic link to .*gone, which does not exist/
    ]
  ])("is not ready for a 'local-dir' %s, naming it, and creates nothing", async (_, make, message) => {
    await writeFile(join(work, 'a-file'), 'keep')
    const artifacts = await build('b1')
    const dir = await make()
    const before = await entries(work)
    const { preflight, published } = await release(dir, artifacts)
    expect(preflight).toMatchObject({ ready: false, files: [] })
    expect(preflight.message).toMatch(/^Input 'local-dir' \(/)
    expect(preflight.message).toMatch(message)
    expect(preflight.annotations).toEqual([{ level: 'error', title: "Invalid input 'local-dir'", message: preflight.message }])
    expect(published).toBeUndefined()
    expect(await entries(work)).toEqual(before)
  })

  it('is not ready, and returns, for a directory that cannot be created (/proc/nope: a recursive mkdir retried forever)', async () => {
    const { preflight } = await release('/proc/nope/release', await build('b1'))
    expect(preflight.ready).toBe(false)
    expect(preflight.message).toMatch(/^Input 'local-dir' \(\/proc\/nope\/release\) cannot be created: mkdir \/proc\/nope failed/)
  })

  it.each([
    [
      'a dangling symbolic link',
      (path: string) => symlink(join(work, 'nowhere'), path),
      /is a symbolic link \(to .*nowhere, which does not exist\), where the release file demo-1\.0\.tar\.gz goes/
    ],
    [
      'a symbolic link to the identical file',
      async (path: string) => symlink(join(work, 'b1', 'demo-1.0.tar.gz'), path),
      /is a symbolic link \(to .*b1\/demo-1\.0\.tar\.gz\), where/
    ],
    ['a directory', (path: string) => mkdir(path), /demo-1\.0\.tar\.gz is a directory, where the release file/],
    ['a named pipe', async (path: string) => void spawnSync('mkfifo', [path]), /demo-1\.0\.tar\.gz is a named pipe \(FIFO\), where/]
  ])('is not ready when %s is where a release file goes, and changes nothing', async (_, make, message) => {
    const dir = join(work, 'release')
    await mkdir(dir)
    const artifacts = await build('b1')
    await make(join(dir, 'demo-1.0.tar.gz'))
    const { preflight, published } = await release(dir, artifacts)
    expect(preflight.ready).toBe(false)
    expect(preflight.message).toMatch(message)
    expect(preflight.message).toContain(join(dir, 'demo-1.0.tar.gz'))
    expect(preflight.annotations.map(a => a.title)).toEqual(['Local directory not ready'])
    expect(published).toBeUndefined()
    expect(await entries(dir)).toEqual(['demo-1.0.tar.gz'])
  })

  it.each([
    ['a directory', (path: string) => mkdir(path), /SHA256SUMS is a directory; the local target writes SHA256SUMS as a regular file/],
    ['a dangling symbolic link', (path: string) => symlink('nowhere', path), /SHA256SUMS is a symbolic link \(to nowhere, which does not exist\)/]
  ])('is not ready when SHA256SUMS is %s', async (_, make, message) => {
    const dir = join(work, 'release')
    await mkdir(dir)
    await make(join(dir, 'SHA256SUMS'))
    const { preflight } = await release(dir, await build('b1'))
    expect(preflight.ready).toBe(false)
    expect(preflight.message).toMatch(message)
    expect(await entries(dir)).toEqual(['SHA256SUMS'])
  })

  it('fails publish with a clear message, leaving no temp file, when SHA256SUMS turns into a directory after preflight', async () => {
    const dir = join(work, 'release')
    const artifacts = await build('b1')
    const preflight = await preflightLocal(dir, artifacts)
    expect(preflight.ready).toBe(true)
    await mkdir(join(dir, 'SHA256SUMS'), { recursive: true })
    const published = await publishLocal(preflight, dir)
    expect(published.status).toBe('failed')
    expect(published.message).toBe(
      `copying to ${dir} failed after 2 of 2 files: ${join(dir, 'SHA256SUMS')} is a directory; it is not replaced: remove it, and run again to write SHA256SUMS.`
    )
    expect(await entries(dir)).toEqual(['SHA256SUMS', 'demo-1.0-py3-none-any.whl', 'demo-1.0.tar.gz'])
  })

  it('leaves out of SHA256SUMS, with a warning, distribution names that are no regular file (a pipe is never read)', async () => {
    const dir = join(work, 'release')
    await mkdir(dir)
    spawnSync('mkfifo', [join(dir, 'demo-0.8.tar.gz')])
    await symlink('nowhere', join(dir, 'demo-0.9-py3-none-any.whl'))
    const { preflight, published } = await release(dir, await build('b1'))
    expect(preflight.ready).toBe(true)
    expect(preflight.annotations.map(a => `${a.level} ${a.title}: ${a.message}`)).toEqual([
      `warning Not listed in SHA256SUMS: ${join(dir, 'demo-0.8.tar.gz')} is a named pipe (FIFO), not a regular file; SHA256SUMS will not list it.`,
      `warning Not listed in SHA256SUMS: ${join(dir, 'demo-0.9-py3-none-any.whl')} is a symbolic link (to nowhere, which does not exist), not a regular file; SHA256SUMS will not list it.`
    ])
    expect(published?.status).toBe('published')
    expect(spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: dir }).stdout.toString()).toBe('demo-1.0-py3-none-any.whl: OK\ndemo-1.0.tar.gz: OK\n')
  })

  it('removes temp files an interrupted run left (its own name pattern, older than 10 minutes), and nothing else', async () => {
    const dir = join(work, 'release')
    await mkdir(dir)
    const old = Date.now() / 1000 - STALE_TEMP_MS / 1000 - 60
    for (const name of ['.0123456789ab.tmp', '.abcdefabcdef.tmp', '.0123456789ab.tmp.keep', '.short.tmp', 'x.0123456789ab.tmp']) {
      await writeFile(join(dir, name), 'partial')
      await utimes(join(dir, name), old, old)
    }
    await writeFile(join(dir, '.fedcba987654.tmp'), 'a live run is writing this') // recent: kept
    await mkdir(join(dir, '.aaaaaaaaaaaa.tmp')) // not a file: kept
    await utimes(join(dir, '.aaaaaaaaaaaa.tmp'), old, old)
    const { published } = await release(dir, await build('b1'))
    expect(published).toMatchObject({ status: 'published', message: `2 of 2 files published to ${dir} (removed 2 temp files an interrupted run left)` })
    expect(await entries(dir)).toEqual([
      '.0123456789ab.tmp.keep',
      '.aaaaaaaaaaaa.tmp',
      '.fedcba987654.tmp',
      '.short.tmp',
      'SHA256SUMS',
      'demo-1.0-py3-none-any.whl',
      'demo-1.0.tar.gz',
      'x.0123456789ab.tmp'
    ])
  })

  it("removes at once a fresh temp file whose writer (this host, the process id in its name) is gone; a live process's, another host's and an ownerless one wait", async () => {
    const dir = join(work, 'release')
    await mkdir(dir)
    const dead = spawnSync(process.execPath, ['-e', '']).pid as number
    const gone = `.0123456789ab.p${dead}.h${TEMP_HOST}.tmp`
    const live = `.abcdefabcdef.p${process.pid}.h${TEMP_HOST}.tmp`
    const parent = `.fedcba987654.p${process.ppid}.h${TEMP_HOST}.tmp`
    const elsewhere = `.0a1b2c3d4e5f.p${dead}.h${TEMP_HOST === '00000000' ? '11111111' : '00000000'}.tmp`
    const ownerless = '.aaaaaaaaaaaa.tmp'
    for (const name of [gone, live, parent, elsewhere, ownerless]) {
      expect(name).toMatch(TEMP_NAME)
      await writeFile(join(dir, name), 'partial') // all fresh
    }
    const { published } = await release(dir, await build('b1'))
    expect(published).toMatchObject({ status: 'published', message: `2 of 2 files published to ${dir} (removed 1 temp file an interrupted run left)` })
    expect((await entries(dir)).filter(name => name.endsWith('.tmp'))).toEqual([elsewhere, ownerless, live, parent].sort())
  })

  it('with skip-existing false, an identical file is an error saying so, and how to keep it', async () => {
    const dir = join(work, 'release')
    const artifacts = await build('b1')
    await release(dir, artifacts)
    const preflight = await preflightLocal(dir, artifacts, false)
    expect(preflight.ready).toBe(false)
    expect(preflight.annotations.map(a => a.title)).toEqual(['File already in the local directory', 'File already in the local directory'])
    expect(preflight.annotations[0]?.message).toBe(
      `demo-1.0.tar.gz already exists in ${dir}, identical to this build (the same sha256), and skip-existing is false. ` +
        'Set skip-existing: true to keep it (a re-run then completes the release), or release a new version.'
    )
    const rebuilt = await preflightLocal(dir, await build('b2', 1800000000), false)
    expect(rebuilt.annotations[0]?.message).toMatch(
      /^demo-1\.0\.tar\.gz already exists in .* as an equivalent rebuild .* and skip-existing is false\. Set skip-existing: true to keep it/
    )
  })

  it('publishes different releases into one directory at the same time (interleaved in one process): SHA256SUMS lists every file', async () => {
    const dir = join(work, 'release')
    const releases = await Promise.all(
      [1, 2, 3, 4, 5, 6].map(async minor => {
        const from = join(work, `v${minor}`)
        await mkdir(from)
        const members = { [`demo-1.${minor}/PKG-INFO`]: `Metadata-Version: 2.1\nName: demo\nVersion: 1.${minor}\n` }
        return [await archive(join(from, `demo-1.${minor}.tar.gz`), members), await archive(join(from, `demo-1.${minor}-py3-none-any.whl`), WHEEL)]
      })
    )
    const preflights = await Promise.all(releases.map(artifacts => preflightLocal(dir, artifacts)))
    const published = await Promise.all(preflights.map(preflight => publishLocal(preflight, dir)))
    expect(published.map(result => result.status)).toEqual(Array(6).fill('published'))
    const listed = (await readFile(join(dir, 'SHA256SUMS'), 'utf8'))
      .trim()
      .split('\n')
      .map(line => line.split('  ')[1])
    expect(listed).toEqual((await readdir(dir)).filter(name => name !== 'SHA256SUMS').sort())
    expect(listed).toHaveLength(12)
    expect(spawnSync('sha256sum', ['-c', '--strict', 'SHA256SUMS'], { cwd: dir }).status).toBe(0)
  })

  it('a run that loses a race to publish the same file is done; to publish another file, fails naming it', async () => {
    const dir = join(work, 'release')
    const artifacts = await build('b1')
    const changed = await build('b2', 1700000000, { ...MEMBERS, 'demo-1.0/demo.py': 'x = 2\n' })
    const [winner, same, other] = await Promise.all([preflightLocal(dir, artifacts), preflightLocal(dir, artifacts), preflightLocal(dir, changed)])
    expect([winner.ready, same.ready, other.ready]).toEqual([true, true, true])
    expect(await publishLocal(winner, dir)).toMatchObject({ status: 'published' })
    const before = await snapshot(dir)
    expect(await publishLocal(same, dir)).toMatchObject({
      status: 'skipped',
      message: `all 2 files already in place in ${dir} (2 published by another run at the same time)`
    })
    const lost = await publishLocal(other, dir)
    expect(lost.status).toBe('failed')
    expect(lost.message).toMatch(
      /^copying to .* failed after 0 of 2 files: another run published a different demo-1\.0\.tar\.gz in .* at the same time; it is left as it is\. demo-1\.0\.tar\.gz already exists in .* with different content: demo-1\.0\/demo\.py \(content differs\)/
    )
    expect(await snapshot(dir)).toEqual(before)
  })
})

describe('the local target where links and renames fail as on Windows or a filesystem without hard links (injected)', () => {
  const real = { ...placing }
  afterEach(() => {
    Object.assign(placing, real)
  })
  const failing = (code: string, times = Infinity) => {
    let left = times
    return (original: typeof real.link) =>
      async (a: PathLike, b: PathLike): Promise<void> => {
        if (left-- > 0) throw Object.assign(new Error(`${code}: injected`), { code })
        return original(a, b)
      }
  }

  it.each(['EXDEV', 'EPERM', 'ENOTSUP'])('link() failing with %s: the file is renamed into place, SHA256SUMS verifies, no temp file is left', async code => {
    placing.link = failing(code)(real.link)
    const dir = join(work, 'release')
    const { published } = await release(dir, await build('b1'))
    expect(published).toMatchObject({ status: 'published' })
    expect((await readdir(dir)).sort()).toEqual(['SHA256SUMS', 'demo-1.0-py3-none-any.whl', 'demo-1.0.tar.gz'])
    expect(spawnSync('sha256sum', ['-c', '--strict', 'SHA256SUMS'], { cwd: dir }).status).toBe(0)
  })

  it('a rename Windows refuses for a moment (EPERM, EBUSY: the file is open elsewhere) is tried again', async () => {
    placing.link = failing('EXDEV')(real.link)
    placing.rename = failing('EPERM', 2)(real.rename)
    const dir = join(work, 'release')
    const first = await release(dir, await build('b1'))
    expect(first.published).toMatchObject({ status: 'published' })
    placing.rename = failing('EBUSY', 3)(real.rename)
    const second = await release(join(work, 'again'), await build('b2'))
    expect(second.published).toMatchObject({ status: 'published' })
    expect(spawnSync('sha256sum', ['-c', '--strict', 'SHA256SUMS'], { cwd: join(work, 'again') }).status).toBe(0)
  })

  it('a rename that keeps failing fails publish naming the file and the error, and leaves no temp file', async () => {
    placing.link = failing('EXDEV')(real.link)
    placing.rename = failing('EACCES')(real.rename)
    const dir = join(work, 'release')
    const { published } = await release(dir, await build('b1'))
    expect(published?.status).toBe('failed')
    expect(published?.message).toMatch(/placing demo-1\.0\S* at .* failed: permission denied/)
    expect((await readdir(dir)).filter(name => name.endsWith('.tmp'))).toEqual([])
  })
})
