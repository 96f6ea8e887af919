// Reading distribution archives (wheel = zip, sdist = tar.gz) in one streaming pass:
// every member with the sha256 of its content, plus the full content of the few
// members the caller asks to keep (METADATA, PKG-INFO). Nothing is extracted to disk.
import { createHash } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createGunzip, createInflateRaw, inflateRawSync } from 'node:zlib'
import yauzl from 'yauzl'
import tar from 'tar-stream'

export type MemberType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'other'

export interface ArchiveMember {
  name: string
  type: MemberType
  size: number
  /** sha256 of the content; empty for anything but a file. */
  sha256: string
  /** Target of a symlink or hard link. */
  linkname?: string
}

export interface ArchiveContents {
  members: ArchiveMember[]
  /** Content of the members `keep` selected, by name. */
  kept: Map<string, Buffer>
}

/** Keep a member's content in memory; bounded so a hostile archive cannot exhaust memory. */
const MAX_KEPT_BYTES = 16 * 1024 * 1024

export function archiveKind(filename: string): 'zip' | 'tar.gz' | undefined {
  if (/\.(whl|zip)$/i.test(filename)) return 'zip'
  if (/\.tar\.gz$/i.test(filename)) return 'tar.gz'
  return undefined
}

/** Hashes (and optionally keeps) one member's stream. */
async function digest(
  stream: AsyncIterable<Buffer> | Iterable<Buffer>,
  keep: boolean,
  name: string
): Promise<{ sha256: string; size: number; content?: Buffer }> {
  const hash = createHash('sha256')
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of stream) {
    hash.update(chunk)
    size += chunk.length
    if (keep) {
      if (size > MAX_KEPT_BYTES) throw new Error(`archive member ${name} is larger than ${MAX_KEPT_BYTES} bytes`)
      chunks.push(chunk)
    }
  }
  return { sha256: hash.digest('hex'), size, content: keep ? Buffer.concat(chunks) : undefined }
}

/**
 * Member lists already read, by path: a built file is read by its inspection, by the check of the sdist
 * against the tree and by the docs check taken again, and each read inflates and hashes every member
 * (bench:pipeline). A list is used again only while the file is the same one (inode, size, mtime and
 * ctime unchanged); the few most recent are kept.
 */
const listed = new Map<string, { identity: string; members: ArchiveMember[] }>()
const LISTED_MAX = 16

async function identityOf(path: string): Promise<string | undefined> {
  const info = await stat(path, { bigint: true }).catch(() => undefined)
  return info && `${info.dev}:${info.ino}:${info.size}:${info.mtimeNs}:${info.ctimeNs}`
}

/**
 * Every member of a wheel or sdist with its sha256, and the content of the members `keep` selects. Without
 * `keep`, a list read before from the same unchanged file is given again (a copy) rather than read again.
 */
export async function readArchive(path: string, keep?: (name: string) => boolean): Promise<ArchiveContents> {
  const kind = archiveKind(path)
  if (kind === undefined) throw new Error(`${path} is neither a wheel/zip nor a .tar.gz archive`)
  const identity = await identityOf(path)
  const known = listed.get(path)
  if (keep === undefined && identity !== undefined && known?.identity === identity) return { members: [...known.members], kept: new Map() }
  const contents = await (kind === 'zip' ? readZip : readTarGz)(path, keep ?? (() => false))
  // the file may have changed while it was read: kept only when it is still the one read
  if (identity !== undefined && identity === (await identityOf(path))) {
    listed.delete(path)
    listed.set(path, { identity, members: [...contents.members] })
    if (listed.size > LISTED_MAX) listed.delete(listed.keys().next().value!)
  }
  return contents
}

/**
 * A zip up to this size is read into memory once and its members inflated there: through yauzl's file
 * reader every member costs several reads and an inflate stream, each a round trip to libuv's thread
 * pool, and a 500-module wheel of 1 MiB took 330-640 ms to list (bench:pipeline's many-files) against
 * a few ms in memory. Larger files stream, so memory stays flat with file size (issue 28).
 */
const IN_MEMORY_ZIP_MAX = 32 * 1024 * 1024
/** A member inflated in one call up to this size; a larger one streams from the buffer (a zip bomb is not inflated whole). */
const IN_MEMORY_MEMBER_MAX = 4 * 1024 * 1024

async function readZip(path: string, keep: (name: string) => boolean): Promise<ArchiveContents> {
  const size = (await stat(path)).size
  if (size > IN_MEMORY_ZIP_MAX) return readZipFrom(path, keep, callback => yauzl.open(path, { lazyEntries: true, autoClose: true }, callback))
  const buffer = await readFile(path)
  return readZipFrom(path, keep, callback => yauzl.fromBuffer(buffer, { lazyEntries: true }, callback), buffer)
}

/**
 * One member's content from the zip in memory, checked as yauzl's openReadStream checks it (index.js
 * of yauzl 3.4: readLocalFileHeader's signature and bounds, the compression method, and
 * validateEntrySizes' byte count), with the same messages.
 */
function memberFromBuffer(buffer: Buffer, entry: yauzl.Entry): Buffer | AsyncIterable<Buffer> {
  if (entry.isEncrypted()) throw new Error('entry is encrypted, and options.decodeFileData !== false')
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) throw new Error(`unsupported compression method: ${entry.compressionMethod}`)
  const at = entry.relativeOffsetOfLocalHeader
  const signature = at + 30 <= buffer.length ? buffer.readUInt32LE(at) : -1
  if (signature !== 0x04034b50) throw new Error(`invalid local file header signature: 0x${(signature >>> 0).toString(16)}`)
  const start = at + 30 + buffer.readUInt16LE(at + 26) + buffer.readUInt16LE(at + 28)
  if (start + entry.compressedSize > buffer.length) {
    throw new Error(`file data overflows file bounds: ${start} + ${entry.compressedSize} > ${buffer.length}`)
  }
  const raw = buffer.subarray(start, start + entry.compressedSize)
  const expected = entry.uncompressedSize
  const counted = (data: Buffer): Buffer => {
    if (data.length !== expected)
      throw new Error(`${data.length < expected ? 'not enough' : 'too many'} bytes in the stream. expected ${expected}. got ${data.length}`)
    return data
  }
  if (entry.compressionMethod === 0) return counted(raw)
  if (expected <= IN_MEMORY_MEMBER_MAX) {
    try {
      // one byte more than declared is enough to tell "too many"
      return counted(inflateRawSync(raw, { maxOutputLength: expected + 1 }))
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new Error(`too many bytes in the stream. expected ${expected}. got more`)
      throw error
    }
  }
  const inflated = Readable.from([raw]).pipe(createInflateRaw())
  return (async function* () {
    let size = 0
    for await (const chunk of inflated as AsyncIterable<Buffer>) {
      size += chunk.length
      if (size > expected) throw new Error(`too many bytes in the stream. expected ${expected}. got at least ${size}`)
      yield chunk
    }
    if (size !== expected) throw new Error(`not enough bytes in the stream. expected ${expected}. got ${size}`)
  })()
}

function readZipFrom(
  path: string,
  keep: (name: string) => boolean,
  open: (callback: (error: Error | null, zip: yauzl.ZipFile) => void) => void,
  buffer?: Buffer
): Promise<ArchiveContents> {
  return new Promise((resolve, reject) => {
    open((openError, zip) => {
      if (openError || !zip) return reject(openError ?? new Error(`cannot open ${path}`))
      const members: ArchiveMember[] = []
      const kept = new Map<string, Buffer>()
      const fail = (error: Error): void => {
        zip.close()
        reject(error)
      }
      zip.on('error', fail)
      zip.on('end', () => resolve({ members, kept }))
      zip.on('entry', (entry: yauzl.Entry) => {
        const name = entry.fileName
        // Unix mode in the high 16 bits of the external attributes (zip's "version made by" Unix)
        const isSymlink = ((entry.externalFileAttributes >>> 16) & 0o170000) === 0o120000
        // in memory: the member's bytes at once (or a stream for a large one), then the next entry
        const openStream = (callback: (error: Error | null, stream?: AsyncIterable<Buffer> | Iterable<Buffer>) => void): void => {
          if (buffer === undefined) return zip.openReadStream(entry, callback)
          let member: Buffer | AsyncIterable<Buffer>
          try {
            member = memberFromBuffer(buffer, entry)
          } catch (error) {
            return callback(error as Error)
          }
          callback(null, Buffer.isBuffer(member) ? [member] : member)
        }
        if (isSymlink) {
          openStream((streamError, stream) => {
            if (streamError || !stream) return fail(streamError ?? new Error(`cannot read ${name} in ${path}`))
            digest(stream, true, name).then(({ content }) => {
              members.push({ name, type: 'symlink', size: 0, sha256: '', linkname: content?.toString('utf8') ?? '' })
              zip.readEntry()
            }, fail)
          })
          return
        }
        if (name.endsWith('/')) {
          members.push({ name, type: 'directory', size: 0, sha256: '' })
          zip.readEntry()
          return
        }
        openStream((streamError, stream) => {
          if (streamError || !stream) return fail(streamError ?? new Error(`cannot read ${name} in ${path}`))
          const wanted = keep(name)
          digest(stream, wanted, name).then(({ sha256, size, content }) => {
            members.push({ name, type: 'file', size, sha256 })
            if (content) kept.set(name, content)
            zip.readEntry()
          }, fail)
        })
      })
      zip.readEntry()
    })
  })
}

async function readTarGz(path: string, keep: (name: string) => boolean): Promise<ArchiveContents> {
  const members: ArchiveMember[] = []
  const kept = new Map<string, Buffer>()
  const extract = tar.extract()
  // pipeline destroys every stream on the first error, so the entry loop below ends too.
  const piping = pipeline(createReadStream(path), createGunzip(), extract)
  const entries = (async () => {
    for await (const entry of extract) {
      const { header } = entry
      const name = header.name
      if (header.type === 'file' || header.type === 'contiguous-file') {
        const wanted = keep(name)
        const { sha256, size, content } = await digest(entry as AsyncIterable<Buffer>, wanted, name)
        members.push({ name, type: 'file', size, sha256 })
        if (content) kept.set(name, content)
      } else {
        entry.resume()
        const type: MemberType =
          header.type === 'directory' ? 'directory' : header.type === 'symlink' ? 'symlink' : header.type === 'link' ? 'hardlink' : 'other'
        members.push({ name, type, size: 0, sha256: '', ...(header.linkname ? { linkname: header.linkname } : {}) })
      }
    }
  })()
  await Promise.all([piping, entries])
  return { members, kept }
}

/** How the members of an existing archive differ from those of a new build ([] when equivalent: same members, same contents). */
export function memberDifferences(existing: ArchiveMember[], built: ArchiveMember[]): string[] {
  const key = (m: ArchiveMember): string => `${m.type}:${m.sha256}:${m.linkname ?? ''}`
  const before = new Map(existing.map(m => [m.name, key(m)]))
  const after = new Map(built.map(m => [m.name, key(m)]))
  const differences: string[] = []
  for (const [name, value] of after) {
    const old = before.get(name)
    if (old === undefined) differences.push(`${name} (only in the new build)`)
    else if (old !== value) differences.push(`${name} (content differs)`)
  }
  for (const name of before.keys()) if (!after.has(name)) differences.push(`${name} (only in the existing file)`)
  return differences
}

/** Differences for a message: the first ten, and how many more. */
export function listDifferences(differences: string[], max = 10): string {
  const listed = differences.slice(0, max).join(', ')
  return differences.length > max ? `${listed} and ${differences.length - max} more` : listed
}
