// How PyPI reads a zip (wheel, .zip sdist): CPython 3.14's zipfile (is_zipfile, the central directory, reading a
// member) and warehouse/utils/zipfiles.py (validate_zipfile: local headers and central directory must agree), ported
// so preflight refuses exactly the zips PyPI refuses. Headers are read with positioned reads; member data is only
// ever streamed (inflated chunk by chunk), never held whole.
import { open, type FileHandle } from 'node:fs/promises'
import { constants, createInflateRaw, crc32 } from 'node:zlib'

/** An exception Python would raise, by its type name ('BadZipFile', 'zlib.error', 'EOFError', 'OSError', …). */
export class PythonError extends Error {
  constructor(
    readonly pyType: string,
    message: string
  ) {
    super(message)
  }
}

const WINDOW = 64 * 1024
const EMPTY = Buffer.alloc(0)

/** The uploaded file, read by position. Small reads come from one cached window (headers sit close together). */
export class ArchiveFile {
  private window: Buffer = EMPTY
  private windowStart = 0

  private constructor(
    private readonly handle: FileHandle,
    readonly size: number
  ) {}

  static async open(path: string): Promise<ArchiveFile> {
    const handle = await open(path, 'r')
    try {
      return new ArchiveFile(handle, (await handle.stat()).size)
    } catch (error) {
      await handle.close()
      throw error
    }
  }

  /** Up to `length` bytes at `position` (fewer at the end of the file). Small reads return a view of the shared window: copy to keep. */
  async read(position: number, length: number): Promise<Buffer> {
    const end = Math.min(position + length, this.size)
    if (position < 0 || end <= position) return EMPTY
    if (position >= this.windowStart && end <= this.windowStart + this.window.length) {
      return this.window.subarray(position - this.windowStart, end - this.windowStart)
    }
    if (end - position > WINDOW) return this.readExact(position, end - position)
    this.window = await this.readExact(position, Math.min(WINDOW, this.size - position))
    this.windowStart = position
    return this.window.subarray(0, end - position)
  }

  /** The bytes of [position, position + length) in chunks, for streaming a member's data. */
  async *chunks(position: number, length: number, chunkSize = 256 * 1024): AsyncGenerator<Buffer> {
    const end = Math.min(position + length, this.size)
    for (let at = position; at < end; at += chunkSize) yield await this.readExact(at, Math.min(chunkSize, end - at))
  }

  private async readExact(position: number, length: number): Promise<Buffer> {
    const buffer = Buffer.alloc(length)
    let filled = 0
    while (filled < length) {
      const { bytesRead } = await this.handle.read(buffer, filled, length - filled, position + filled)
      if (bytesRead === 0) break
      filled += bytesRead
    }
    return filled === length ? buffer : buffer.subarray(0, filled)
  }

  async close(): Promise<void> {
    await this.handle.close()
  }
}

// ---- text as Python decodes it ----

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
// bytes 0x80-0xff of Python's cp437 codec (0x00-0x7f are ASCII)
const CP437_HIGH = 'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0'

/** bytes.decode('utf-8'): a BOM is kept as U+FEFF, as Python keeps it. */
export function decodeUtf8Strict(bytes: Uint8Array): string {
  try {
    return STRICT_UTF8.decode(bytes)
  } catch {
    throw new PythonError('UnicodeDecodeError', "'utf-8' codec can't decode bytes")
  }
}

export function decodeCp437(bytes: Uint8Array): string {
  let text = ''
  for (const byte of bytes) text += byte < 0x80 ? String.fromCharCode(byte) : CP437_HIGH[byte - 0x80]
  return text
}

/** Length of the well-formed UTF-8 sequence at `i` (Unicode table 3-7, as Python's strict decoder), or 0. */
function utf8SequenceLength(bytes: Uint8Array, i: number): number {
  const b0 = bytes[i] as number
  if (b0 < 0x80) return 1
  const cont = (k: number, lo = 0x80, hi = 0xbf): boolean => i + k < bytes.length && (bytes[i + k] as number) >= lo && (bytes[i + k] as number) <= hi
  if (b0 >= 0xc2 && b0 <= 0xdf) return cont(1) ? 2 : 0
  if (b0 >= 0xe0 && b0 <= 0xef) {
    const [lo, hi] = b0 === 0xe0 ? [0xa0, 0xbf] : b0 === 0xed ? [0x80, 0x9f] : [0x80, 0xbf]
    return cont(1, lo, hi) && cont(2) ? 3 : 0
  }
  if (b0 >= 0xf0 && b0 <= 0xf4) {
    const [lo, hi] = b0 === 0xf0 ? [0x90, 0xbf] : b0 === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf]
    return cont(1, lo, hi) && cont(2) && cont(3) ? 4 : 0
  }
  return 0
}

/** bytes.decode('utf-8', 'surrogateescape'), how tarfile decodes names (its encoding is the file system's: UTF-8). */
export function decodeUtf8Escaped(bytes: Uint8Array): string {
  try {
    return STRICT_UTF8.decode(bytes)
  } catch {
    let text = ''
    for (let i = 0; i < bytes.length;) {
      const length = utf8SequenceLength(bytes, i)
      if (length === 0) {
        text += String.fromCharCode(0xdc00 + (bytes[i] as number))
        i += 1
      } else {
        text += STRICT_UTF8.decode(bytes.subarray(i, i + length))
        i += length
      }
    }
    return text
  }
}

// ---- CPython zipfile ----

const SIG_LOCAL = 0x04034b50
const SIG_CENTRAL = 0x02014b50
const SIG_EOCD = 0x06054b50
const SIG_EOCD64 = 0x06064b50
const SIG_EOCD64_LOCATOR = 0x07064b50
const EOCD_SIZE = 22
const EOCD64_SIZE = 56
const LOCATOR_SIZE = 20
const CENTRAL_SIZE = 46
const LOCAL_SIZE = 30
const MAX_COMMENT = 0xffff
const MAX_EXTRACT_VERSION = 63
const FLAG_ENCRYPTED = 1 << 0
const FLAG_COMPRESSED_PATCH = 1 << 5
const FLAG_STRONG_ENCRYPTION = 1 << 6
const FLAG_UTF8 = 1 << 11
export const ZIP_STORED = 0
export const ZIP_DEFLATED = 8

const u64 = (b: Buffer, at: number): number => Number(b.readBigUInt64LE(at))

/** zipfile's end record: the EOCD (or the ZIP64 one that overrides it), with where it sits. */
export interface EndRecord {
  zip64: boolean
  diskNumber: number
  diskStart: number
  entriesTotal: number
  size: number
  offset: number
  location: number
}

/** _EndRecData64: a ZIP64 locator right before the EOCD points at the ZIP64 end record. `offset` counts from the end. */
async function endRecord64(file: ArchiveFile, offset: number, record: EndRecord): Promise<EndRecord> {
  const locatorAt = file.size + offset - LOCATOR_SIZE
  if (locatorAt < 0) return record // seek fails: too small for ZIP64 records
  const locator = await file.read(locatorAt, LOCATOR_SIZE)
  if (locator.length !== LOCATOR_SIZE || locator.readUInt32LE(0) !== SIG_EOCD64_LOCATOR) return record
  if (locator.readUInt32LE(4) !== 0 || locator.readUInt32LE(16) > 1) throw new PythonError('BadZipFile', 'zipfiles that span multiple disks are not supported')
  const at = file.size + offset - LOCATOR_SIZE - EOCD64_SIZE
  if (at < 0) throw new PythonError('OSError', '[Errno 22] Invalid argument') // this seek is not guarded in zipfile
  const data = await file.read(at, EOCD64_SIZE)
  if (data.length !== EOCD64_SIZE || data.readUInt32LE(0) !== SIG_EOCD64) return record
  return {
    ...record,
    zip64: true,
    diskNumber: data.readUInt32LE(16),
    diskStart: data.readUInt32LE(20),
    entriesTotal: u64(data, 32),
    size: u64(data, 40),
    offset: u64(data, 48)
  }
}

/** _EndRecData: the EOCD at the very end, or else the last EOCD signature within the last 64 KiB (a comment follows it). */
export async function endRecord(file: ArchiveFile): Promise<EndRecord | null> {
  if (file.size < EOCD_SIZE) return null
  const tail = await file.read(file.size - EOCD_SIZE, EOCD_SIZE)
  const parse = (data: Buffer, location: number): EndRecord => ({
    zip64: false,
    diskNumber: data.readUInt16LE(4),
    diskStart: data.readUInt16LE(6),
    entriesTotal: data.readUInt16LE(10),
    size: data.readUInt32LE(12),
    offset: data.readUInt32LE(16),
    location
  })
  if (tail.readUInt32LE(0) === SIG_EOCD && tail.readUInt16LE(20) === 0) {
    return endRecord64(file, -EOCD_SIZE, parse(tail, file.size - EOCD_SIZE))
  }
  const searchStart = Math.max(file.size - MAX_COMMENT - EOCD_SIZE, 0)
  const data = Buffer.from(await file.read(searchStart, MAX_COMMENT + EOCD_SIZE))
  const start = data.lastIndexOf(Buffer.from('PK\x05\x06', 'latin1'))
  if (start < 0 || data.length - start < EOCD_SIZE) return null
  return endRecord64(file, searchStart + start - file.size, parse(data.subarray(start, start + EOCD_SIZE), searchStart + start))
}

/** zipfile.is_zipfile: an end record is found (its OSError means "no"; a BadZipFile escapes, as in CPython). */
export async function isZipfile(file: ArchiveFile): Promise<boolean> {
  try {
    return (await endRecord(file)) !== null
  } catch (error) {
    if (error instanceof PythonError && error.pyType === 'OSError') return false
    throw error
  }
}

/** One central directory entry as zipfile.ZipInfo holds it. */
export interface ZipInfo {
  /** The name as decoded (cp437, or UTF-8 with flag bit 11): what zipfiles.py matches local headers against. */
  origFilename: string
  /** The name cut at its first NUL (or the Info-ZIP Unicode path): namelist(), NameToInfo, is_dir(). */
  filename: string
  flagBits: number
  compressType: number
  crc: number
  compressSize: number
  fileSize: number
  headerOffset: number
  /** Start of the next local header (or the central directory): reading past it is an "Overlapped entries" error. */
  endOffset: number
}

export interface ZipArchive {
  infolist: ZipInfo[]
  /** NameToInfo: a later entry of the same name wins. */
  byName: Map<string, ZipInfo>
}

const sanitize = (name: string): string => {
  const nul = name.indexOf('\0')
  return nul >= 0 ? name.slice(0, nul) : name
}

/** ZipInfo._decodeExtra: ZIP64 sizes and offset, and the Info-ZIP Unicode path (0x7075). */
function decodeExtra(info: ZipInfo, extra: Buffer, nameCrc: number): void {
  let rest = extra
  while (rest.length >= 4) {
    const type = rest.readUInt16LE(0)
    const length = rest.readUInt16LE(2)
    if (length + 4 > rest.length) throw new PythonError('BadZipFile', `Corrupt extra field ${type.toString(16).padStart(4, '0')} (size=${length})`)
    const data = rest.subarray(4, length + 4)
    if (type === 0x0001) {
      let at = 0
      const take = (field: string): number => {
        if (data.length - at < 8) throw new PythonError('BadZipFile', `Corrupt zip64 extra field. ${field} not found.`)
        at += 8
        return u64(data, at - 8)
      }
      if (info.fileSize === 0xffffffff || info.fileSize === Number(0xffffffffffffffffn)) info.fileSize = take('File size')
      if (info.compressSize === 0xffffffff) info.compressSize = take('Compress size')
      if (info.headerOffset === 0xffffffff) info.headerOffset = take('Header offset')
    } else if (type === 0x7075) {
      if (data.length < 5) throw new PythonError('BadZipFile', 'Corrupt unicode path extra field (0x7075)')
      if (data[0] === 1 && data.readUInt32LE(1) === nameCrc) {
        let unicodeName: string
        try {
          unicodeName = decodeUtf8Strict(data.subarray(5))
        } catch {
          throw new PythonError('BadZipFile', 'Corrupt unicode path extra field (0x7075): invalid utf-8 bytes')
        }
        if (unicodeName) info.filename = sanitize(unicodeName)
      }
    }
    rest = rest.subarray(length + 4)
  }
}

/** ZipFile(path): _RealGetContents. Throws BadZipFile (and the few other exceptions CPython lets escape). */
export async function readCentralDirectory(file: ArchiveFile): Promise<ZipArchive> {
  let record: EndRecord | null
  try {
    record = await endRecord(file)
  } catch (error) {
    if (error instanceof PythonError && error.pyType === 'OSError') throw new PythonError('BadZipFile', 'File is not a zip file')
    throw error
  }
  if (!record) throw new PythonError('BadZipFile', 'File is not a zip file')
  let concat = record.location - record.size - record.offset
  if (record.zip64) concat -= EOCD64_SIZE + LOCATOR_SIZE
  const startDir = record.offset + concat
  if (startDir < 0) throw new PythonError('BadZipFile', 'Bad offset for central directory')
  // fp.read(size_cd) into a BytesIO: reads past its end come back short
  const available = Math.max(0, Math.min(record.size, file.size - startDir))
  let pos = 0
  const take = async (n: number): Promise<Buffer> => {
    const length = Math.max(0, Math.min(n, available - pos))
    const bytes = Buffer.from(await file.read(startDir + pos, length))
    pos += length
    return bytes
  }
  const archive: ZipArchive = { infolist: [], byName: new Map() }
  for (let total = 0; total < record.size;) {
    const header = await take(CENTRAL_SIZE)
    if (header.length !== CENTRAL_SIZE) throw new PythonError('BadZipFile', 'Truncated central directory')
    if (header.readUInt32LE(0) !== SIG_CENTRAL) throw new PythonError('BadZipFile', 'Bad magic number for central directory')
    const nameLength = header.readUInt16LE(28)
    const extraLength = header.readUInt16LE(30)
    const commentLength = header.readUInt16LE(32)
    const rawName = await take(nameLength)
    const flagBits = header.readUInt16LE(8)
    const name = flagBits & FLAG_UTF8 ? decodeUtf8Strict(rawName) : decodeCp437(rawName)
    const extra = await take(extraLength)
    await take(commentLength)
    const extractVersion = header[6] as number
    if (extractVersion > MAX_EXTRACT_VERSION) throw new PythonError('NotImplementedError', `zip file version ${(extractVersion / 10).toFixed(1)}`)
    const info: ZipInfo = {
      origFilename: name,
      filename: sanitize(name),
      flagBits,
      compressType: header.readUInt16LE(10),
      crc: header.readUInt32LE(16),
      compressSize: header.readUInt32LE(20),
      fileSize: header.readUInt32LE(24),
      headerOffset: header.readUInt32LE(42),
      endOffset: startDir
    }
    decodeExtra(info, extra, crc32(rawName))
    info.headerOffset += concat
    archive.infolist.push(info)
    archive.byName.set(info.filename, info)
    total += CENTRAL_SIZE + nameLength + extraLength + commentLength
  }
  // sorted(filelist, key=header_offset, reverse=True) keeps equal offsets in their order (a stable sort)
  let endOffset = startDir
  const byOffset = archive.infolist.map((info, index) => ({ info, index })).sort((a, b) => b.info.headerOffset - a.info.headerOffset || a.index - b.index)
  for (const { info } of byOffset) {
    info.endOffset = endOffset
    endOffset = info.headerOffset
  }
  return archive
}

/**
 * ZipFile.read(info), streamed: the local header checks of ZipFile.open, then ZipExtFile's reading (all compressed
 * bytes are inflated; the output is cut at file_size) and its CRC check. `onData` sees the output in order.
 */
export async function readMember(file: ArchiveFile, info: ZipInfo, onData: (chunk: Buffer) => void): Promise<void> {
  const header = Buffer.from(await file.read(info.headerOffset, LOCAL_SIZE))
  if (header.length !== LOCAL_SIZE) throw new PythonError('BadZipFile', 'Truncated file header')
  if (header.readUInt32LE(0) !== SIG_LOCAL) throw new PythonError('BadZipFile', 'Bad magic number for file header')
  const rawName = Buffer.from(await file.read(info.headerOffset + LOCAL_SIZE, header.readUInt16LE(26)))
  const dataOffset = info.headerOffset + LOCAL_SIZE + rawName.length + header.readUInt16LE(28)
  if (info.flagBits & FLAG_COMPRESSED_PATCH) throw new PythonError('NotImplementedError', 'compressed patched data (flag bit 5)')
  if (info.flagBits & FLAG_STRONG_ENCRYPTION) throw new PythonError('NotImplementedError', 'strong encryption (flag bit 6)')
  const localName = header.readUInt16LE(6) & FLAG_UTF8 ? decodeUtf8Strict(rawName) : decodeCp437(rawName)
  if (localName !== info.origFilename) throw new PythonError('BadZipFile', `File name in directory and header differ.`)
  if (dataOffset + info.compressSize > info.endOffset) throw new PythonError('BadZipFile', `Overlapped entries (possible zip bomb)`)
  if (info.flagBits & FLAG_ENCRYPTED) throw new PythonError('RuntimeError', 'File is encrypted, password required for extraction')
  if (info.compressType !== ZIP_STORED && info.compressType !== ZIP_DEFLATED)
    throw new PythonError('NotImplementedError', `compression type ${info.compressType}`)

  const available = Math.min(info.compressSize, Math.max(0, file.size - dataOffset))
  if (info.compressSize > 0 && available === 0) throw new PythonError('EOFError', '')
  let produced = 0
  let crc = 0
  const keep = (chunk: Buffer): void => {
    const part = chunk.subarray(0, Math.max(0, info.fileSize - produced))
    if (part.length === 0) return
    produced += part.length
    crc = crc32(part, crc)
    onData(part)
  }
  if (info.compressType === ZIP_STORED) {
    for await (const chunk of file.chunks(dataOffset, available)) keep(chunk)
    if (available < info.compressSize && available < info.fileSize) throw new PythonError('EOFError', '')
  } else if (info.compressSize > 0) {
    const result: Partial<InflateOutcome> = {}
    for await (const chunk of inflateRaw(file.chunks(dataOffset, available), result)) keep(chunk)
    if (result.outcome === 'truncated' && available < info.compressSize && produced < info.fileSize) throw new PythonError('EOFError', '')
  }
  if (crc >>> 0 !== info.crc) throw new PythonError('BadZipFile', `Bad CRC-32 for file ${pyRepr(info.filename)}`)
}

/** How a raw deflate stream stopped: on its own end mark ('end', after `consumed` input bytes), or when the input ran out. */
export interface InflateOutcome {
  outcome: 'end' | 'truncated'
  consumed: number
}

/**
 * Inflates raw deflate data as Python's decompressobj(-15) does: all the output the input allows (a truncated stream
 * is not an error here, its reader decides), bytes after the end mark ignored; a corrupt stream is zlib.error.
 * Yields the output; `result` is filled in when the generator is done.
 */
export async function* inflateRaw(input: AsyncIterable<Buffer>, result: Partial<InflateOutcome> = {}): AsyncGenerator<Buffer> {
  const inflater = createInflateRaw()
  let stop = false
  const writer = (async () => {
    for await (const chunk of input) {
      if (stop || inflater.destroyed || inflater.writableEnded) return
      if (!inflater.write(chunk)) await new Promise(resolve => (inflater.once('drain', resolve), inflater.once('close', resolve)))
    }
    if (stop || inflater.destroyed || inflater.writableEnded) return
    // push out the output zlib holds back, so a truncated stream loses none of it when end() fails
    await new Promise<void>(resolve => inflater.flush(constants.Z_SYNC_FLUSH, () => resolve()))
    if (!inflater.destroyed && !inflater.writableEnded) inflater.end()
  })()
  try {
    for await (const chunk of inflater) yield chunk as Buffer
    result.outcome = 'end'
  } catch (error) {
    if ((error as { code?: string }).code !== 'Z_BUF_ERROR')
      throw new PythonError('zlib.error', `Error -3 while decompressing data: ${(error as Error).message}`)
    result.outcome = 'truncated'
  } finally {
    stop = true
    result.consumed = inflater.bytesWritten
    inflater.destroy()
    await writer.catch(() => undefined)
  }
}

/** Python's repr() of a str, as f-strings with !r print names (str.isprintable decides what is escaped). */
export function pyRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'"
  const named: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' }
  let body = ''
  for (const ch of text) {
    const code = ch.codePointAt(0) as number
    if (named[ch]) body += named[ch]
    else if (ch === quote) body += '\\' + ch
    else if (ch !== ' ' && /[\p{C}\p{Z}]/u.test(ch)) {
      body +=
        code <= 0xff
          ? '\\x' + code.toString(16).padStart(2, '0')
          : code <= 0xffff
            ? '\\u' + code.toString(16).padStart(4, '0')
            : '\\U' + code.toString(16).padStart(8, '0')
    } else body += ch
  }
  return quote + body + quote
}

// ---- warehouse/utils/zipfiles.py ----

class InvalidZipFile extends Error {}

// Extras that must not repeat: ZIP64 extended info, Info-ZIP Unicode Path (zipfiles.py:17)
const DISALLOW_DUPLICATE_EXTRA_IDS = new Set([0x0001, 0x7075])
const hasUnprintable = (bytes: Uint8Array): boolean => bytes.some(byte => byte < 0x20 || byte === 0x7f)

/** A file pointer over the upload, as zipfiles.py walks it: read exactly or fail, seek forward freely. */
class Cursor {
  position = 0
  constructor(private readonly file: ArchiveFile) {}

  async read(length: number): Promise<Buffer> {
    const data = await this.file.read(this.position, length)
    if (data.length !== length) throw new InvalidZipFile('Malformed zip file')
    this.position += length
    return data
  }

  skip(length: number): void {
    this.position += length
  }
}

/** _handle_local_file_header: the local header must match the central directory's sizes and carry no data descriptor. */
async function localFileHeader(cursor: Cursor, sizes: Map<string, [number, number]>): Promise<string> {
  const data = Buffer.from(await cursor.read(26))
  const flags = data.readUInt16LE(2)
  const method = data.readUInt16LE(4)
  let compressedSize = data.readUInt32LE(14)
  let fileSize = data.readUInt32LE(18)
  const filename = Buffer.from(await cursor.read(data.readUInt16LE(22)))
  let extra = Buffer.from(await cursor.read(data.readUInt16LE(24)))
  if (hasUnprintable(filename)) throw new InvalidZipFile('Invalid character in filename')
  const seen = new Set<number>()
  while (extra.length > 0) {
    if (extra.length < 4) throw new InvalidZipFile('Malformed zip file')
    const id = extra.readUInt16LE(0)
    const size = extra.readUInt16LE(2)
    if (size + 4 > extra.length) throw new InvalidZipFile('Malformed zip file')
    if (seen.has(id) && DISALLOW_DUPLICATE_EXTRA_IDS.has(id)) throw new InvalidZipFile('Invalid duplicate extra in local file')
    seen.add(id)
    if (id === 0x0001) {
      if (![0, 8, 16, 24, 28].includes(size)) throw new InvalidZipFile('Malformed zip file')
      if (size === 0) {
        if (compressedSize === 0xffffffff || fileSize === 0xffffffff) throw new InvalidZipFile('Malformed zip file')
      } else if (size === 8) {
        // only the uncompressed size: the data must be stored, so both sizes are it
        if (method !== ZIP_STORED) throw new InvalidZipFile('Malformed zip file')
        compressedSize = u64(extra, 4)
        if (fileSize === 0xffffffff) fileSize = compressedSize
      } else {
        if (fileSize === 0xffffffff) fileSize = u64(extra, 4)
        compressedSize = u64(extra, 12)
      }
    } else if (id === 0x7075) {
      const unicodeName = extra.subarray(9, 4 + size)
      if (hasUnprintable(unicodeName)) throw new InvalidZipFile('Invalid character in filename')
      try {
        decodeUtf8Strict(unicodeName)
      } catch {
        throw new InvalidZipFile('Filename not valid UTF-8')
      }
    }
    extra = extra.subarray(size + 4)
  }
  if (flags & 0x08) throw new InvalidZipFile('ZIP contains a data descriptor')
  let name: string
  try {
    name = decodeUtf8Strict(filename)
  } catch {
    throw new InvalidZipFile('Filename not unicode')
  }
  const expected = sizes.get(name)
  if (!expected) throw new InvalidZipFile('Filename not in central directory')
  if (expected[0] !== compressedSize) throw new InvalidZipFile('Mis-matched data size')
  if (expected[1] !== fileSize) throw new InvalidZipFile('Mis-matched file size')
  cursor.skip(compressedSize)
  return filename.toString('latin1')
}

/**
 * validate_zipfile: walks the file from its first byte, record by record, so a zip that a streaming reader (local
 * headers) and a central-directory reader would see differently is refused. Returns zipfiles.py's error or null.
 */
export async function validateZipFraming(file: ArchiveFile, archive: ZipArchive): Promise<string | null> {
  const sizes = new Map(archive.infolist.map(info => [info.origFilename, [info.compressSize, info.fileSize] as [number, number]]))
  const cursor = new Cursor(file)
  const local = new Set<string>()
  const central = new Set<string>()
  let expectedEocd64: number | null = null
  let actualEocd64: number | null = null
  let cdRecords = 0
  let cdOffset: number | null = null
  let cdSize = 0
  let eocdRecords: number | null = null
  let eocdSize: number | null = null
  let eocdOffset: number | null = null
  try {
    for (;;) {
      const signature = (await cursor.read(4)).readUInt32LE(0)
      // an EOCD after an EOCD64 only once its locator was seen
      if (signature === SIG_EOCD && expectedEocd64 !== null && actualEocd64 === null) return 'Malformed zip file'
      if (signature === SIG_CENTRAL) {
        if (cdOffset === null) cdOffset = cursor.position - 4
        cdRecords += 1
        const data = Buffer.from(await cursor.read(42))
        if (data.readUInt16LE(28) !== 0) throw new InvalidZipFile('Comment in central directory')
        const filename = Buffer.from(await cursor.read(data.readUInt16LE(24)))
        const extra = await cursor.read(data.readUInt16LE(26))
        if (hasUnprintable(filename)) throw new InvalidZipFile('Invalid character in filename')
        cdSize += 46 + filename.length + extra.length
        const key = filename.toString('latin1')
        if (central.has(key)) throw new InvalidZipFile('Duplicate filename in central directory')
        if (!local.has(key)) throw new InvalidZipFile('Missing filename in local headers')
        central.add(key)
      } else if (signature === SIG_LOCAL) {
        const key = await localFileHeader(cursor, sizes)
        if (local.has(key)) throw new InvalidZipFile('Duplicate filename in local headers')
        local.add(key)
      } else if (signature === SIG_EOCD) {
        if (cdOffset === null) cdOffset = cursor.position - 4
        const data = Buffer.from(await cursor.read(18))
        if (data.readUInt16LE(4) !== data.readUInt16LE(6)) throw new InvalidZipFile('Malformed zip file')
        cursor.skip(data.readUInt16LE(16))
        // a ZIP64 archive keeps the EOCD64's values
        if (!(actualEocd64 !== null && eocdOffset !== null)) {
          eocdRecords = data.readUInt16LE(6)
          eocdSize = data.readUInt32LE(8)
          eocdOffset = data.readUInt32LE(12)
        }
        if (eocdRecords !== cdRecords) throw new InvalidZipFile('Mismatched central directory records')
        if (eocdOffset !== cdOffset) throw new InvalidZipFile('Mismatched central directory offset')
        if (eocdSize !== cdSize) throw new InvalidZipFile('Mismatched central directory size')
        break
      } else if (signature === SIG_EOCD64) {
        expectedEocd64 = cursor.position - 4
        const data = Buffer.from(await cursor.read(52))
        if (u64(data, 20) !== u64(data, 28)) throw new InvalidZipFile('Malformed zip file')
        if (u64(data, 0) !== 44) throw new InvalidZipFile('ZIP64 extensible data not allowed')
        eocdRecords = u64(data, 28)
        eocdSize = u64(data, 36)
        eocdOffset = u64(data, 44)
      } else if (signature === SIG_EOCD64_LOCATOR) {
        actualEocd64 = u64(Buffer.from(await cursor.read(16)), 4)
      } else {
        return 'Unknown record signature'
      }
    }
  } catch (error) {
    if (error instanceof InvalidZipFile) return error.message
    throw error
  }
  if (central.size !== local.size || [...central].some(name => !local.has(name))) return 'Mis-matched local headers and central directory'
  if (cursor.position !== file.size) return 'Trailing data'
  return null
}
