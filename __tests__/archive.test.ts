// readArchive's two ways of reading a zip (archive.ts): up to IN_MEMORY_ZIP_MAX the file is read once
// and its members inflated in memory (a member over IN_MEMORY_MEMBER_MAX streams from the buffer); a
// larger file streams through yauzl's file reader. Both must list the same members with the digests
// Python's zipfile and hashlib compute, and refuse a damaged member as yauzl does.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readArchive } from '../src/build/archive.js'
import { PYTHON } from './helpers/action.js'

// Writes a zip of the members described (name → [size, compression, seed]) and prints {name: sha256}.
const MAKE = String.raw`
import hashlib, json, random, sys, zipfile
path, spec = sys.argv[1], json.loads(sys.argv[2])
digests = {}
with zipfile.ZipFile(path, "w") as z:
    for name, (size, method, seed) in spec.items():
        rng = random.Random(seed)
        # compressible text, or random bytes stored as they are
        data = (("line %d of %s\n" % (seed, name)) * (size // 10 + 1)).encode()[:size] if method == "deflate" else rng.randbytes(size)
        info = zipfile.ZipInfo(name, (2020, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED if method == "deflate" else zipfile.ZIP_STORED
        z.writestr(info, data)
        digests[name] = hashlib.sha256(data).hexdigest()
print(json.dumps(digests))
`

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pra-archive-'))
})
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function make(filename: string, spec: Record<string, readonly [number, 'deflate' | 'store', number]>): { path: string; digests: Record<string, string> } {
  const path = join(dir, filename)
  const made = spawnSync(PYTHON, ['-c', MAKE, path, JSON.stringify(spec)], { encoding: 'utf8', maxBuffer: 1 << 20 })
  expect(made.stderr).toBe('')
  return { path, digests: JSON.parse(made.stdout) as Record<string, string> }
}

const small = {
  'demo/__init__.py': [40, 'deflate', 1],
  'demo/empty.py': [0, 'deflate', 2],
  'demo/data.bin': [3000, 'store', 3],
  // over IN_MEMORY_MEMBER_MAX (4 MiB): inflated as a stream from the buffer
  'demo/big.txt': [6 * 1024 * 1024, 'deflate', 4]
} as const

describe('readArchive reads a zip in memory or streaming, with the same result', () => {
  it.each([
    ['in memory (1 MiB file)', 'small.whl', {}],
    // 33 MiB of random bytes stored: over IN_MEMORY_ZIP_MAX, so yauzl's file reader
    ['streaming (33 MiB file)', 'large.whl', { 'demo/random.bin': [33 * 1024 * 1024, 'store', 5] }]
  ] as const)('%s: every member with the sha256 Python computes, and the kept ones whole', async (_, filename, more) => {
    const { path, digests } = make(filename, { ...small, ...more })
    const contents = await readArchive(path, name => name === 'demo/__init__.py')
    expect(Object.fromEntries(contents.members.map(m => [m.name, m.sha256]))).toEqual(digests)
    expect(contents.members.find(m => m.name === 'demo/big.txt')?.size).toBe(6 * 1024 * 1024)
    expect(contents.kept.get('demo/__init__.py')?.toString()).toMatch(/^line 1 of demo\/__init__\.py\n/)
  })

  // offsets in a zip of one member: the local header at 0 (name at 30), the central directory after the data
  function damaged(filename: string, patch: (bytes: Buffer) => void): string {
    const { path } = make(filename, { 'demo/a.txt': [5000, 'deflate', 6] })
    const bytes = readFileSync(path)
    patch(bytes)
    writeFileSync(path, bytes)
    return path
  }
  const central = (bytes: Buffer): number => bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]))

  it('a member holding more bytes than its declared size is refused (yauzl: "too many bytes in the stream")', async () => {
    // central directory: uncompressed size at +24
    const path = damaged('more.whl', bytes => bytes.writeUInt32LE(4000, central(bytes) + 24))
    await expect(readArchive(path)).rejects.toThrow(/too many bytes in the stream\. expected 4000/)
  })

  it('a member holding fewer bytes than declared is refused ("not enough bytes")', async () => {
    const path = damaged('fewer.whl', bytes => bytes.writeUInt32LE(6000, central(bytes) + 24))
    await expect(readArchive(path)).rejects.toThrow(/not enough bytes in the stream\. expected 6000\. got 5000/)
  })

  it('a local header without its signature is refused', async () => {
    const path = damaged('signature.whl', bytes => bytes.writeUInt32LE(0x01020304, 0))
    await expect(readArchive(path)).rejects.toThrow(/invalid local file header signature: 0x1020304/)
  })

  it('an unknown compression method is refused', async () => {
    // central directory: compression method at +10
    const path = damaged('method.whl', bytes => bytes.writeUInt16LE(12, central(bytes) + 10))
    await expect(readArchive(path)).rejects.toThrow(/unsupported compression method: 12/)
  })
})
