import { beforeEach, describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { chmod, mkdir, mkdtemp, readFile, readdir, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { preflightLocal, publishLocal } from '../src/publish/local.js'
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
    const { preflight, published } = await release(dir, await build('b1'))
    expect(preflight).toMatchObject({ ready: true, message: `ready: 2 of 2 files to publish to ${dir}` })
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
    expect(sums.split('\n').filter(Boolean).map(line => line.split('  ')[1])).toEqual([
      'demo-0.9-py3-none-any.whl',
      'demo-1.0-py3-none-any.whl',
      'demo-1.0.tar.gz'
    ])
    expect(sums).toContain(`${older.sha256}  demo-0.9-py3-none-any.whl\n`)
  })
})
