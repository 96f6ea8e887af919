// How PyPI reads a zip (wheel, .zip sdist): CPython 3.14's zipfile (is_zipfile, the central directory, reading a
// member) and warehouse/utils/zipfiles.py (validate_zipfile: local headers and central directory must agree), ported
// so preflight refuses exactly the zips PyPI refuses. Headers are read with positioned reads; member data is only
// ever streamed (inflated chunk by chunk), never held whole.
import { open, type FileHandle } from 'node:fs/promises'
import { crc32, inflateRawSync } from 'node:zlib'
import { pyRepr } from './python.js'

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

/**
 * The uploaded file, read by position. Small reads come from one window that is reused (headers sit close together,
 * and a buffer per read would leave megabytes of garbage behind on a wheel of many files).
 */
export class ArchiveFile {
  private readonly windowBuffer = Buffer.allocUnsafe(WINDOW)
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

  /** Up to `length` bytes at `position` (fewer at the end of the file). Small reads return a view of the window, valid until the next read: copy to keep. */
  async read(position: number, length: number): Promise<Buffer> {
    const end = Math.min(position + length, this.size)
    if (position < 0 || end <= position) return EMPTY
    if (position >= this.windowStart && end <= this.windowStart + this.window.length) {
      return this.window.subarray(position - this.windowStart, end - this.windowStart)
    }
    if (end - position > WINDOW) return this.readExact(position, end - position)
    this.window = await this.readExact(position, Math.min(WINDOW, this.size - position), this.windowBuffer)
    this.windowStart = position
    return this.window.subarray(0, end - position)
  }

  /** The bytes of [position, position + length) in chunks, for streaming a member's data. */
  async *chunks(position: number, length: number, chunkSize = 256 * 1024): AsyncGenerator<Buffer> {
    const end = Math.min(position + length, this.size)
    for (let at = position; at < end; at += chunkSize) yield await this.readExact(at, Math.min(chunkSize, end - at))
  }

  /** Reads up to `length` bytes at `position` into `target` at `offset`; returns how many (fewer only at the end of the file). */
  async readInto(position: number, target: Uint8Array, offset: number, length: number): Promise<number> {
    let filled = 0
    const wanted = Math.max(0, Math.min(length, this.size - position))
    while (filled < wanted) {
      const { bytesRead } = await this.handle.read(target, offset + filled, wanted - filled, position + filled)
      if (bytesRead === 0) break
      filled += bytesRead
    }
    return filled
  }

  /** Decoder buffers, reused from one member to the next (see inflate). */
  readonly inflaters: InflateState[] = []
  /** A read buffer for stored members' data, reused likewise. */
  scratch: Buffer | undefined

  private async readExact(position: number, length: number, into?: Buffer): Promise<Buffer> {
    const buffer = into ? into.subarray(0, length) : Buffer.allocUnsafe(length)
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
 * bytes are inflated; the output is cut at file_size) and its CRC check. `onData` sees the output in order, as views
 * of reused buffers: copy what must be kept.
 */
export async function readMember(file: ArchiveFile, info: ZipInfo, onData: (chunk: Uint8Array) => void): Promise<void> {
  // a header offset before the file's start (the central directory claimed more bytes than precede it) fails the seek
  if (info.headerOffset < 0) throw new PythonError('OSError', '[Errno 22] Invalid argument')
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
  const keep = (chunk: Uint8Array): void => {
    const part = chunk.subarray(0, Math.max(0, info.fileSize - produced))
    if (part.length === 0) return
    produced += part.length
    crc = crc32(part, crc)
    onData(part)
  }
  if (info.compressType === ZIP_STORED) {
    const scratch = (file.scratch ??= Buffer.allocUnsafe(256 * 1024))
    for (let at = dataOffset; at < dataOffset + available;) {
      const n = await file.readInto(at, scratch, 0, Math.min(scratch.length, dataOffset + available - at))
      keep(scratch.subarray(0, n))
      at += n
    }
    if (available < info.compressSize && available < info.fileSize) throw new PythonError('EOFError', '')
  } else if (
    info.compressSize > 0 &&
    available <= NATIVE_INFLATE_MAX &&
    info.fileSize <= NATIVE_INFLATE_MAX &&
    nativeInflate(Buffer.from(await file.read(dataOffset, available)), info.fileSize, keep)
  ) {
    // inflated by zlib in one call (see nativeInflate)
  } else if (info.compressSize > 0) {
    const result: Partial<InflateOutcome> = {}
    for await (const chunk of inflate(file, dataOffset, available, result)) keep(chunk)
    if (result.outcome === 'truncated' && available < info.compressSize && produced < info.fileSize) throw new PythonError('EOFError', '')
  }
  if (crc >>> 0 !== info.crc) throw new PythonError('BadZipFile', `Bad CRC-32 for file ${pyRepr(info.filename)}`)
}

/** Members up to this size (compressed and as the directory states it) are inflated by zlib in one call (nativeInflate); larger ones stream. */
const NATIVE_INFLATE_MAX = 16 * 1024 * 1024

/**
 * The members the rules read are small (metadata, RECORD, sources up to 5 MiB): zlib inflates a sound one in one call,
 * about three times faster than the streaming decoder, into one short-lived buffer. Any stream zlib does not end
 * cleanly (truncated, corrupt, longer than the directory says) returns false, for the streaming decoder to read it
 * exactly as Python does (where it stops, what it raises).
 */
function nativeInflate(compressed: Buffer, fileSize: number, keep: (chunk: Uint8Array) => void): boolean {
  let output: Buffer
  try {
    // a stream that inflates to more than the directory says (a bomb among them) is left to the streaming decoder
    output = inflateRawSync(compressed, { maxOutputLength: fileSize + 1 })
  } catch {
    return false
  }
  keep(output)
  return true
}

/** How a raw deflate stream stopped: on its own end mark ('end', after `consumed` input bytes), or when the input ran out. */
export interface InflateOutcome {
  outcome: 'end' | 'truncated'
  consumed: number
}

// ---- inflate (RFC 1951) with zlib's verdicts ----
// The bit buffer holds at most 31 bits, so it stays a non-negative int32 (V8 keeps it in a register).
// Node's zlib returns every piece of output in a new buffer; on a wheel of thousands of sources that is as much
// garbage as the sources inflate to, and the process grows by tens of MiB before V8 collects it. This decoder writes
// into buffers it keeps, and raises zlib's errors where zlib raises them (Python reports them as zlib.error).

/** A stream zlib refuses (Python raises zlib.error with "Error -3 while decompressing data: <reason>"). */
class InflateError extends Error {}

const LENGTH_BASE = Uint16Array.of(3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258)
const LENGTH_EXTRA = Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0)
const DIST_BASE = Uint16Array.of(
  1,
  2,
  3,
  4,
  5,
  7,
  9,
  13,
  17,
  25,
  33,
  49,
  65,
  97,
  129,
  193,
  257,
  385,
  513,
  769,
  1025,
  1537,
  2049,
  3073,
  4097,
  6145,
  8193,
  12289,
  16385,
  24577
)
const DIST_EXTRA = Uint8Array.of(0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13)
const CODE_LENGTH_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]
const HISTORY = 32 * 1024
const OUT_CAPACITY = 256 * 1024
// A gzip stream's output is handed over 8 KiB at a time, as GzipFile's reader asks zlib for it: a damaged block
// further on is met when the reader gets there, not before (tarfile stops at the end of the archive and never meets
// it). A zip member is read whole (ZipExtFile reads all its compressed bytes), so larger steps do.
export const GZIP_STEP = 8 * 1024
const MEMBER_STEP = 64 * 1024
const INPUT_CHUNK = 256 * 1024
// input the fast loop wants at hand: a literal/length code, its extra bits, a distance code and its extra bits, and
// the bytes the bit buffer reads ahead
const FAST_INPUT = 12

/** A decoding table: entry = symbol << 4 | code length, indexed by the next `bits` input bits; 0 marks no code. */
interface Huffman {
  table: Uint16Array
  bits: number
}

/** inflate_table(): canonical codes from code lengths, refusing over-subscribed and (but for one 1-bit code) incomplete sets. */
function huffman(lengths: Uint8Array, count: number, kind: 'codes' | 'lens' | 'dists', into?: Uint16Array): Huffman | null {
  const perLength = new Uint16Array(16)
  for (let i = 0; i < count; i++) perLength[lengths[i] as number]!++
  let max = 15
  while (max >= 1 && perLength[max] === 0) max--
  // no codes at all: zlib builds a table that decodes nothing (and, for code lengths, reads each length as 0)
  if (max === 0) return { table: Uint16Array.of(kind === 'codes' ? 1 : 0, kind === 'codes' ? 1 : 0), bits: 1 }
  let left = 1
  for (let length = 1; length <= 15; length++) {
    left = (left << 1) - (perLength[length] as number)
    if (left < 0) return null
  }
  if (left > 0 && (kind === 'codes' || max !== 1)) return null
  // the first code of each length (RFC 1951 3.2.2)
  perLength[0] = 0
  const next = new Uint16Array(16)
  for (let length = 1, code = 0; length <= 15; length++) {
    code = (code + (perLength[length - 1] as number)) << 1
    next[length] = code
  }
  const table = into ? into.subarray(0, 1 << max).fill(0) : new Uint16Array(1 << max)
  for (let symbol = 0; symbol < count; symbol++) {
    const length = lengths[symbol] as number
    if (!length) continue
    const code = next[length]!++
    let reversed = 0
    for (let i = 0; i < length; i++) reversed |= ((code >> i) & 1) << (length - 1 - i)
    for (let i = reversed; i < table.length; i += 1 << length) table[i] = (symbol << 4) | length
  }
  return { table, bits: max }
}

let fixedTables: { lit: Huffman; dist: Huffman } | undefined
function fixed(): { lit: Huffman; dist: Huffman } {
  if (!fixedTables) {
    const lit = new Uint8Array(288)
    lit.fill(8, 0, 144).fill(9, 144, 256).fill(7, 256, 280).fill(8, 280, 288)
    fixedTables = { lit: huffman(lit, 288, 'lens') as Huffman, dist: huffman(new Uint8Array(32).fill(5), 32, 'dists') as Huffman }
  }
  return fixedTables
}

const NEED_INPUT = 0
const OUTPUT = 1

/** One decoder's buffers and position; run() is resumed by inflate() as input arrives and output is taken. */
class InflateState {
  readonly out = new Uint8Array(OUT_CAPACITY)
  // a dynamic block's tables, rebuilt in place block after block
  private readonly litTable = new Uint16Array(1 << 15)
  private readonly distTable = new Uint16Array(1 << 15)
  input = new Uint8Array(INPUT_CHUNK)
  inPos = 0
  inEnd = 0
  inputDone = false
  private bitBuf = 0
  private bitCnt = 0
  private outPos = 0
  private emitted = 0
  /** Bytes produced so far (a distance may reach back this far). */
  private total = 0
  /** How much output is handed over at a time. */
  step = MEMBER_STEP
  /** What the last OUTPUT step hands over. */
  output: Uint8Array = this.out.subarray(0, 0)

  reset(): void {
    this.inPos = this.inEnd = this.bitBuf = this.bitCnt = this.outPos = this.emitted = this.total = 0
    this.inputDone = false
  }

  /** Input bytes the bit buffer holds but the stream did not use (returned after its end, as zlib does). */
  get unusedBits(): number {
    return this.bitCnt
  }

  private fill(): void {
    while (this.bitCnt <= 23 && this.inPos < this.inEnd) {
      this.bitBuf |= (this.input[this.inPos++] as number) << this.bitCnt
      this.bitCnt += 8
    }
  }

  private take(n: number): number {
    const value = this.bitBuf & ((1 << n) - 1)
    this.bitBuf >>= n
    this.bitCnt -= n
    return value
  }

  /** Ensures `n` bits (at most 24) are buffered, waiting for input; false when the input ended first. */
  private *bits(n: number): Generator<number, boolean> {
    for (;;) {
      this.fill()
      if (this.bitCnt >= n) return true
      if (this.inputDone) return false
      yield NEED_INPUT
    }
  }

  /** Whether the output since the last hand-over makes a step, or the buffer is nearly full. */
  private get due(): boolean {
    return this.outPos - this.emitted >= this.step || this.outPos > OUT_CAPACITY - 258
  }

  /** Hands over what was produced; near the buffer's end, keeps only the last 32 KiB a distance may reach back to. */
  private *emit(): Generator<number, void> {
    if (this.outPos > this.emitted) {
      this.output = this.out.subarray(this.emitted, this.outPos)
      this.emitted = this.outPos
      yield OUTPUT
    }
    if (this.outPos > OUT_CAPACITY - 258 - this.step) {
      this.out.copyWithin(0, this.outPos - HISTORY, this.outPos)
      this.outPos = this.emitted = HISTORY
    }
  }

  /** What is left to hand over once the stream stopped. */
  rest(): Uint8Array {
    const rest = this.out.subarray(this.emitted, this.outPos)
    this.emitted = this.outPos
    return rest
  }

  /** The stream, block after block: 'end' after its last block, 'truncated' when the input ran out first. */
  *run(): Generator<number, 'end' | 'truncated'> {
    let last = 0
    do {
      if (!(yield* this.bits(3))) return 'truncated'
      last = this.take(1)
      const type = this.take(2)
      if (type === 0) {
        if (!(yield* this.stored())) return 'truncated'
      } else if (type === 1 || type === 2) {
        const tables = type === 1 ? fixed() : yield* this.dynamic()
        if (!tables) return 'truncated'
        if (!(yield* this.codes(tables.lit, tables.dist))) return 'truncated'
      } else throw new InflateError('invalid block type')
    } while (!last)
    return 'end'
  }

  private *stored(): Generator<number, boolean> {
    this.take(this.bitCnt & 7)
    if (!(yield* this.bits(16))) return false
    const length = this.take(16)
    if (!(yield* this.bits(16))) return false
    if (this.take(16) !== (~length & 0xffff)) throw new InflateError('invalid stored block lengths')
    let left = length
    // whole bytes still in the bit buffer come first
    while (left > 0 && this.bitCnt >= 8) {
      if (this.due) yield* this.emit()
      this.out[this.outPos++] = this.take(8)
      this.total++
      left--
    }
    while (left > 0) {
      if (this.inPos === this.inEnd) {
        if (this.inputDone) return false
        yield NEED_INPUT
        continue
      }
      if (this.due) yield* this.emit()
      const n = Math.min(left, this.inEnd - this.inPos, this.emitted + this.step - this.outPos)
      this.out.set(this.input.subarray(this.inPos, this.inPos + n), this.outPos)
      this.inPos += n
      this.outPos += n
      this.total += n
      left -= n
    }
    return true
  }

  /** The code lengths of a dynamic block (zlib's checks, in zlib's order). */
  private *dynamic(): Generator<number, { lit: Huffman; dist: Huffman } | null> {
    if (!(yield* this.bits(14))) return null
    const nlen = this.take(5) + 257
    const ndist = this.take(5) + 1
    const ncode = this.take(4) + 4
    if (nlen > 286 || ndist > 30) throw new InflateError('too many length or distance symbols')
    const codeLengths = new Uint8Array(19)
    for (let i = 0; i < ncode; i++) {
      if (!(yield* this.bits(3))) return null
      codeLengths[CODE_LENGTH_ORDER[i] as number] = this.take(3)
    }
    const codes = huffman(codeLengths, 19, 'codes')
    if (!codes) throw new InflateError('invalid code lengths set')
    const lengths = new Uint8Array(nlen + ndist)
    for (let have = 0; have < nlen + ndist;) {
      const entry = yield* this.symbol(codes)
      if (entry < 0) return null
      const symbol = entry >> 4
      if (symbol < 16) {
        lengths[have++] = symbol
        continue
      }
      const [extra, base] = symbol === 16 ? [2, 3] : symbol === 17 ? [3, 3] : [7, 11]
      if (symbol === 16 && have === 0) throw new InflateError('invalid bit length repeat')
      if (!(yield* this.bits(extra))) return null
      const repeat = base + this.take(extra)
      if (have + repeat > nlen + ndist) throw new InflateError('invalid bit length repeat')
      lengths.fill(symbol === 16 ? (lengths[have - 1] as number) : 0, have, have + repeat)
      have += repeat
    }
    if (lengths[256] === 0) throw new InflateError('invalid code -- missing end-of-block')
    const lit = huffman(lengths.subarray(0, nlen), nlen, 'lens', this.litTable)
    if (!lit) throw new InflateError('invalid literal/lengths set')
    const dist = huffman(lengths.subarray(nlen), ndist, 'dists', this.distTable)
    if (!dist) throw new InflateError('invalid distances set')
    return { lit, dist }
  }

  /** The next symbol's table entry; -1 when the input ended before it. */
  private *symbol(code: Huffman): Generator<number, number> {
    for (;;) {
      this.fill()
      const entry = code.table[this.bitBuf & ((1 << code.bits) - 1)] as number
      const length = entry & 15
      if (length !== 0 && length <= this.bitCnt) {
        this.take(length)
        return entry
      }
      if (length === 0 && this.bitCnt >= code.bits) return 0 // no such code
      if (this.inputDone) return -1
      yield NEED_INPUT
    }
  }

  /** A Huffman-coded block: literals and length/distance pairs up to the end-of-block code. */
  private *codes(lit: Huffman, dist: Huffman): Generator<number, boolean> {
    for (;;) {
      if (this.due) {
        yield* this.emit()
        continue
      }
      if (this.inEnd - this.inPos >= FAST_INPUT) {
        if (this.fast(lit, dist)) return true
        continue
      }
      if (!this.inputDone) {
        yield NEED_INPUT
        continue
      }
      // the last bytes of the input: one symbol at a time, stopping where the input does
      let entry = yield* this.symbol(lit)
      if (entry < 0) return false
      if (entry === 0) throw new InflateError('invalid literal/length code')
      const symbol = entry >> 4
      if (symbol < 256) {
        this.out[this.outPos++] = symbol
        this.total++
        continue
      }
      if (symbol === 256) return true
      if (symbol > 285) throw new InflateError('invalid literal/length code')
      let count = LENGTH_BASE[symbol - 257] as number
      const lengthExtra = LENGTH_EXTRA[symbol - 257] as number
      if (lengthExtra) {
        if (!(yield* this.bits(lengthExtra))) return false
        count += this.take(lengthExtra)
      }
      entry = yield* this.symbol(dist)
      if (entry < 0) return false
      const distSymbol = entry >> 4
      if (entry === 0 || distSymbol > 29) throw new InflateError('invalid distance code')
      let distance = DIST_BASE[distSymbol] as number
      const distExtra = DIST_EXTRA[distSymbol] as number
      if (distExtra) {
        if (!(yield* this.bits(distExtra))) return false
        distance += this.take(distExtra)
      }
      this.copy(distance, count)
    }
  }

  private copy(distance: number, count: number): void {
    if (distance > this.total) throw new InflateError('invalid distance too far back')
    const out = this.out
    let from = this.outPos - distance
    let to = this.outPos
    if (distance >= count && count > 32) out.copyWithin(to, from, from + count)
    else for (const end = to + count; to < end;) out[to++] = out[from++] as number
    this.outPos += count
    this.total += count
  }

  /**
   * inflate_fast: while FAST_INPUT bytes of input and 258 of output room are at hand, decodes with the state in
   * locals (every code and its extra bits are then surely there). Returns true at the end-of-block code.
   */
  private fast(lit: Huffman, dist: Huffman): boolean {
    const input = this.input
    const out = this.out
    const litTable = lit.table
    const distTable = dist.table
    const litMask = (1 << lit.bits) - 1
    const distMask = (1 << dist.bits) - 1
    const inLimit = this.inEnd - FAST_INPUT
    const outLimit = this.emitted + this.step
    let bitBuf = this.bitBuf
    let bitCnt = this.bitCnt
    let inPos = this.inPos
    let outPos = this.outPos
    let total = this.total
    let ended = false
    try {
      while (inPos <= inLimit && outPos < outLimit) {
        while (bitCnt <= 23) {
          bitBuf |= (input[inPos++] as number) << bitCnt
          bitCnt += 8
        }
        let entry = litTable[bitBuf & litMask] as number
        let length = entry & 15
        if (length === 0) throw new InflateError('invalid literal/length code')
        bitBuf >>= length
        bitCnt -= length
        let symbol = entry >> 4
        if (symbol < 256) {
          out[outPos++] = symbol
          total++
          continue
        }
        if (symbol === 256) {
          ended = true
          break
        }
        if (symbol > 285) throw new InflateError('invalid literal/length code')
        symbol -= 257
        let count = LENGTH_BASE[symbol] as number
        const lengthExtra = LENGTH_EXTRA[symbol] as number
        if (lengthExtra) {
          count += bitBuf & ((1 << lengthExtra) - 1)
          bitBuf >>= lengthExtra
          bitCnt -= lengthExtra
        }
        while (bitCnt <= 23) {
          bitBuf |= (input[inPos++] as number) << bitCnt
          bitCnt += 8
        }
        entry = distTable[bitBuf & distMask] as number
        length = entry & 15
        symbol = entry >> 4
        if (length === 0 || symbol > 29) throw new InflateError('invalid distance code')
        bitBuf >>= length
        bitCnt -= length
        let distance = DIST_BASE[symbol] as number
        const distExtra = DIST_EXTRA[symbol] as number
        if (distExtra) {
          while (bitCnt <= 23) {
            bitBuf |= (input[inPos++] as number) << bitCnt
            bitCnt += 8
          }
          distance += bitBuf & ((1 << distExtra) - 1)
          bitBuf >>= distExtra
          bitCnt -= distExtra
        }
        if (distance > total) throw new InflateError('invalid distance too far back')
        let from = outPos - distance
        if (distance >= count && count > 32) {
          out.copyWithin(outPos, from, from + count)
          outPos += count
        } else for (const end = outPos + count; outPos < end;) out[outPos++] = out[from++] as number
        total += count
      }
    } finally {
      this.bitBuf = bitBuf
      this.bitCnt = bitCnt
      this.inPos = inPos
      this.outPos = outPos
      this.total = total
    }
    return ended
  }
}

/**
 * Inflates the raw deflate data in [start, start + length) of the file as Python's decompressobj(-15) would: all
 * the output the input allows (a truncated stream is not an error here: its reader decides), bytes after the end
 * mark ignored, a stream zlib refuses raised as zlib.error. Yields views of a reused buffer: use or copy each before
 * asking for the next. `result` says how it stopped and how many input bytes the stream used.
 */
export async function* inflate(
  file: ArchiveFile,
  start: number,
  length: number,
  result: Partial<InflateOutcome> = {},
  step = MEMBER_STEP
): AsyncGenerator<Uint8Array> {
  const state = file.inflaters.pop() ?? new InflateState()
  state.reset()
  state.step = step
  const end = Math.min(start + length, file.size)
  let inputBase = start
  const steps = state.run()
  try {
    for (;;) {
      let step: IteratorResult<number, 'end' | 'truncated'>
      try {
        step = steps.next()
      } catch (error) {
        if (error instanceof InflateError) throw new PythonError('zlib.error', `Error -3 while decompressing data: ${error.message}`)
        throw error
      }
      if (step.done) {
        const rest = state.rest()
        if (rest.length) yield rest
        result.outcome = step.value
        result.consumed = inputBase + state.inPos - start - (step.value === 'end' ? state.unusedBits >> 3 : 0)
        break
      }
      if (step.value === OUTPUT) {
        yield state.output
        continue
      }
      // NEED_INPUT: keep the unread bytes, read on after them
      const unread = state.inEnd - state.inPos
      state.input.copyWithin(0, state.inPos, state.inEnd)
      inputBase += state.inPos
      state.inPos = 0
      state.inEnd = unread
      const position = inputBase + unread
      const wanted = Math.min(state.input.length - unread, end - position)
      let n: number
      if (wanted <= WINDOW) {
        // a small member: through the window, which holds its neighbours too
        const view = await file.read(position, wanted)
        state.input.set(view, unread)
        n = view.length
      } else n = await file.readInto(position, state.input, unread, wanted)
      state.inEnd += n
      if (n === 0) state.inputDone = true
    }
  } finally {
    file.inflaters.push(state)
  }
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
