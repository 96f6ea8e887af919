// The one decision every publish target makes about a file already there under a release file's name
// (src/publish/existing.ts): the same bytes, an equivalent rebuild (the same members, other timestamps), or
// another release. Real archives, made with Python's zipfile and tarfile.
import { beforeEach, describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { copyFile, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { digestFile } from '../src/build/digest.js'
import { compareExisting, DigestMismatch, sameDigest, type HeldFile } from '../src/publish/existing.js'
import type { BuildArtifact } from '../src/types.js'
import { PYTHON } from './helpers/action.js'

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

const WHEEL = { 'demo.py': 'x = 1\n', 'demo-1.0.dist-info/METADATA': 'Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n' }
const SDIST = { 'demo-1.0/PKG-INFO': 'Metadata-Version: 2.1\nName: demo\nVersion: 1.0\n', 'demo-1.0/demo.py': 'x = 1\n' }

let work: string
beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'pra-existing-'))
})

async function archive(name: string, members: Record<string, string>, mtime = 1700000000): Promise<BuildArtifact> {
  // Each build in a directory of its own: the file keeps its release name.
  const dir = await mkdtemp(join(work, 'build-'))
  const file = join(dir, name)
  const made = spawnSync(PYTHON, ['-c', MAKE, file, String(mtime), JSON.stringify(members)])
  expect(made.stderr.toString()).toBe('')
  return {
    path: file,
    filename: basename(file),
    format: name.endsWith('.whl') ? 'wheel' : 'sdist',
    ...(await digestFile(file)),
    metadata: { metadataVersion: '2.1', name: 'demo', version: '1.0', summary: undefined, requiresPython: undefined }
  }
}

/** A download that copies `from` into the scratch directory, counting its calls. */
function downloader(from: string): { download: () => Promise<string>; calls: () => number } {
  let calls = 0
  return {
    download: async () => {
      calls++
      const to = join(work, `downloaded-${calls}-${basename(from)}`)
      await copyFile(from, to)
      return to
    },
    calls: () => calls
  }
}

const NAME = 'demo-1.0-py3-none-any.whl'

describe('compareExisting', () => {
  it('calls a file identical when the listed sha256 and size are ours, without downloading it', async () => {
    const ours = await archive(NAME, WHEEL)
    const held = downloader(ours.path)
    expect(await compareExisting(ours, { sha256: ours.sha256, size: ours.size, download: held.download })).toEqual({
      verdict: 'identical',
      sha256: ours.sha256
    })
    expect(held.calls()).toBe(0)
  })

  it('downloads a file whose digest is not listed, and calls the same bytes identical', async () => {
    const ours = await archive(NAME, WHEEL)
    const held = downloader(ours.path)
    expect(await compareExisting(ours, { download: held.download })).toEqual({ verdict: 'identical', sha256: ours.sha256 })
    expect(held.calls()).toBe(1)
  })

  it('does not take a listed digest as ours when the listed size differs', async () => {
    const ours = await archive(NAME, WHEEL)
    const held = downloader(ours.path)
    expect(sameDigest(ours, { sha256: ours.sha256, size: ours.size + 1 })).toBe(false)
    expect(sameDigest(ours, { sha256: ours.sha256 })).toBe(true)
    expect(sameDigest(ours, {})).toBe(false)
    // The download settles it: the bytes are ours.
    expect(await compareExisting(ours, { sha256: ours.sha256, size: ours.size + 1, download: held.download })).toEqual({
      verdict: 'identical',
      sha256: ours.sha256
    })
    expect(held.calls()).toBe(1)
  })

  it('calls a rebuild with the same members and other timestamps equivalent, with its own sha256', async () => {
    const ours = await archive(NAME, WHEEL, 1700000000)
    const theirs = await archive(NAME, WHEEL, 1600000000)
    expect(theirs.sha256).not.toBe(ours.sha256)
    // On disk (the local target): the digest is the file's own.
    expect(await compareExisting(ours, { sha256: theirs.sha256, path: theirs.path })).toEqual({ verdict: 'equivalent', sha256: theirs.sha256 })
    // Downloaded (an index, a release asset): the digest is read from the bytes fetched.
    const held = downloader(theirs.path)
    expect(await compareExisting(ours, { sha256: theirs.sha256, size: theirs.size, download: held.download })).toEqual({
      verdict: 'equivalent',
      sha256: theirs.sha256
    })
    expect(await compareExisting(ours, { download: downloader(theirs.path).download })).toEqual({ verdict: 'equivalent', sha256: theirs.sha256 })
  })

  it('calls another release different and names every differing member', async () => {
    const ours = await archive(NAME, WHEEL)
    const theirs = await archive(NAME, { 'demo.py': 'x = 2\n', 'demo-1.0.dist-info/METADATA': WHEEL['demo-1.0.dist-info/METADATA'], 'extra.py': '' })
    expect(await compareExisting(ours, { sha256: theirs.sha256, path: theirs.path })).toEqual({
      verdict: 'different',
      differences: 'demo.py (content differs), extra.py (only in the existing file)'
    })
    const fewer = await archive(NAME, { 'demo.py': WHEEL['demo.py'] })
    expect(await compareExisting(ours, { path: fewer.path })).toEqual({
      verdict: 'different',
      differences: 'demo-1.0.dist-info/METADATA (only in the new build)'
    })
  })

  it('calls a file that is not a readable archive different, and says why it cannot be read', async () => {
    const ours = await archive(NAME, WHEEL)
    const junk = join(work, NAME)
    await writeFile(junk, 'not a zip file')
    const found = await compareExisting(ours, { path: junk })
    expect(found).toMatchObject({ verdict: 'different', unreadable: expect.any(String) })
    if (found.verdict !== 'different') throw new Error('unreachable')
    expect(found.unreadable).not.toBe('')
    expect(found.differences).toBe(`it is not a readable archive (${found.unreadable})`)
  })

  it('refuses a download whose bytes are not the ones the target lists', async () => {
    const ours = await archive(NAME, WHEEL)
    const theirs = await archive(NAME, WHEEL, 1600000000)
    const listed = 'ab'.repeat(32)
    const error = await compareExisting(ours, { sha256: listed, download: downloader(theirs.path).download }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(DigestMismatch)
    expect(error).toMatchObject({ fetched: theirs.sha256, listed })
  })

  it("passes on the download's own failure", async () => {
    const ours = await archive(NAME, WHEEL)
    const refused: HeldFile = { sha256: 'cd'.repeat(32), download: async () => Promise.reject(new Error('HTTP 404')) }
    await expect(compareExisting(ours, refused)).rejects.toThrow('HTTP 404')
  })

  it('compares an sdist of another name without its top directory only when asked to (ignoreTop)', async () => {
    const ours = await archive('demo-1.0.tar.gz', SDIST)
    const renamed = Object.fromEntries(Object.entries(SDIST).map(([name, text]) => [name.replace('demo-1.0/', 'Demo-1.0/'), text]))
    const theirs = await archive('Demo-1.0.tar.gz', renamed, 1600000000)
    expect(await compareExisting(ours, { sha256: theirs.sha256, download: downloader(theirs.path).download, ignoreTop: true })).toEqual({
      verdict: 'equivalent',
      sha256: theirs.sha256
    })
    const strict = await compareExisting(ours, { sha256: theirs.sha256, download: downloader(theirs.path).download })
    expect(strict).toMatchObject({ verdict: 'different', differences: expect.stringContaining('demo-1.0/demo.py (only in the new build)') })
    // Without the top directory, a changed member still shows.
    const changed = await archive('Demo-1.0.tar.gz', { ...renamed, 'Demo-1.0/demo.py': 'x = 3\n' })
    expect(await compareExisting(ours, { path: changed.path, ignoreTop: true })).toEqual({ verdict: 'different', differences: 'demo.py (content differs)' })
  })
})
