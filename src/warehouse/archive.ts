// PyPI's rules on the distribution file itself: warehouse/forklift/legacy.py's _is_valid_dist_file and the parts of
// file_upload that read the archive (License-File members, a wheel's RECORD, entry_points.txt and METADATA), in
// warehouse's order and with its words. PyPI opens the file with CPython 3.14's zipfile and tarfile; the zip side is
// ported in zip-framing.ts, the tar side (gzip framing and tarfile's header parsing) here. The file is read once,
// streamed: only headers, the members warehouse reads whole, and scanned sources up to 5 MiB are held in memory.
import * as zlib from 'node:zlib'
import { entryPointsProblem } from './entry-points.js'
import { isScanned, matchingRule, MemberScan, SCAN_MAX_FILE_SIZE, type ScanMatch } from './scan.js'
import type { Breach, RuleReport } from './types.js'
import {
  ArchiveFile,
  decodeUtf8Escaped,
  decodeUtf8Strict,
  GZIP_STEP,
  inflate,
  isZipfile,
  PythonError,
  readCentralDirectory,
  readMember,
  validateZipFraming,
  ZIP_DEFLATED,
  ZIP_STORED,
  type InflateOutcome,
  type ZipArchive
} from './zip-framing.js'

const LEGACY = 'warehouse/forklift/legacy.py'
const WHEEL_PY = 'warehouse/utils/wheel.py'
const ONE_MIB = 1024 * 1024
const COMPRESSION_RATIO_MIN_SIZE = 64 * ONE_MIB
const COMPRESSION_RATIO_THRESHOLD = 50
const ARCHIVES_HELP = 'See https://docs.pypi.org/archives for more information'

/** The check stops here: PyPI answers with this one breach (it raises at its first). */
class Refused extends Error {
  constructor(readonly breach: Breach) {
    super(breach.message)
  }
}

/** _is_valid_dist_file returned (False, msg): file_upload answers "Invalid distribution file. {msg}" (legacy.py:1313). */
function invalidFile(rule: string, message: string | null, line: number): Refused {
  return new Refused({ rule, field: 'archive', message: `Invalid distribution file. ${message ?? 'None'}`, source: `${LEGACY}:${line}` })
}

/**
 * An exception warehouse does not catch: the upload fails with HTTP 500, which refuses the file all the same.
 * Only Python's exceptions, as the port raises them, are PyPI's; anything else is a fault here and is rethrown.
 */
function serverError(error: unknown, line: number): Refused {
  if (!(error instanceof PythonError) || error.pyType === 'Unsupported') throw error
  const detail = `${error.pyType}${error.message ? `: ${error.message}` : ''}`
  return new Refused({
    rule: 'archive-server-error',
    status: 500,
    field: 'archive',
    message: `Internal Server Error (PyPI's upload fails with HTTP 500 on this file: ${detail})`,
    source: `${LEGACY}:${line}`
  })
}

const isPy = (error: unknown, ...types: string[]): error is PythonError => error instanceof PythonError && types.includes(error.pyType)

/**
 * Every rule PyPI applies to the uploaded file as an archive. `filename` is the uploaded name, `licenseFiles` the
 * metadata's License-File values. Breaches are PyPI's refusals in its words; warnings are what PyPI only e-mails
 * about (a RECORD that does not list the wheel's files) or what preflight could not decide.
 */
export async function checkArchiveForIndex(path: string, filename: string, licenseFiles: readonly string[]): Promise<RuleReport> {
  const report: RuleReport = { breaches: [], warnings: [] }
  const file = await ArchiveFile.open(path)
  try {
    if (filename.endsWith('.zip') || filename.endsWith('.whl')) await checkZip(file, filename, licenseFiles, report)
    else if (filename.endsWith('.tar.gz')) await checkTarGz(file, filename, licenseFiles, report)
    else await checkPolyglot(file, report) // other names: the filename rules (legacy.py _validate_filename) refuse them
  } catch (error) {
    if (isPy(error, 'Unsupported')) report.warnings.push(`Preflight could not check this file as PyPI does (${error.message})`)
    else if (error instanceof Refused) report.breaches.push(error.breach)
    else throw error
  } finally {
    await file.close()
  }
  return report
}

// ---- os.path, as posixpath does it ----

/** os.path.join(a, b) */
export function joinPath(a: string, b: string): string {
  if (b.startsWith('/')) return b
  return a === '' || a.endsWith('/') ? a + b : `${a}/${b}`
}

/** legacy.py _commonpath: os.path.commonpath, with '' for no names. Mixing absolute and relative names raises ValueError. */
export function commonPath(names: readonly string[]): string {
  if (names.length === 0) return ''
  const absolute = new Set(names.map(name => name.startsWith('/')))
  if (absolute.size > 1) throw new PythonError('ValueError', "Can't mix absolute and relative paths")
  const split = names.map(name => name.split('/').filter(part => part !== '' && part !== '.'))
  // the common prefix of min() and max() of the lists is the prefix common to all of them
  let common = split[0] as string[]
  for (const parts of split) {
    let i = 0
    while (i < common.length && i < parts.length && common[i] === parts[i]) i++
    common = common.slice(0, i)
  }
  return (absolute.has(true) ? '/' : '') + common.join('/')
}

// ---- is_zipfile and is_tarfile on any upload (legacy.py:315) ----

interface TarSniff {
  isTar: boolean
  /** A compression preflight cannot undo (bzip2, xz) might hide a tar: what PyPI decides then is unknown. */
  unsure?: string
}

/** legacy.py:315-319: both zipfile.is_zipfile and tarfile.is_tarfile say yes. */
async function checkPolyglot(file: ArchiveFile, report: RuleReport, gzipOpened?: boolean): Promise<{ isZip: boolean; isTar: boolean; unsure?: string }> {
  let isZip: boolean
  try {
    isZip = await isZipfile(file)
  } catch (error) {
    throw serverError(error, 315)
  }
  let sniff: TarSniff
  try {
    sniff = gzipOpened ? { isTar: true } : await isTarfile(file)
  } catch (error) {
    throw serverError(error, 316)
  }
  if (isZip && sniff.isTar) throw invalidFile('archive-polyglot', 'File is both a zip and a tar file', 319)
  if (isZip && sniff.unsure) {
    report.warnings.push(
      `${sniff.unsure}: if PyPI's tarfile reads a tar archive in it, PyPI answers "Invalid distribution file. File is both a zip and a tar file"`
    )
  }
  return { isZip, isTar: sniff.isTar, unsure: sniff.unsure }
}

/**
 * tarfile.is_tarfile: TarFile.open(mode 'r:*') tries gz, bz2, xz, zst, then plain tar, and the file is a tar when one
 * of them reads a first member. A ReadError means "no"; anything else escapes (PyPI answers 500).
 */
async function isTarfile(file: ArchiveFile): Promise<TarSniff> {
  const head = Buffer.concat([await file.read(0, 14), Buffer.alloc(14)]).subarray(0, 14)
  let unsure: string | undefined
  const attempt = async (chunks: AsyncIterable<Uint8Array>, kind: 'gz' | 'zst' | 'tar'): Promise<boolean> => {
    const opened = await openTar(new StreamSource(chunks), kind)
    if (isPy(opened.error, 'Unsupported')) unsure = `Preflight could not read the file as ${kind} (${opened.error.message})`
    return opened.tar !== null
  }
  if (head[0] === 0x1f && head[1] === 0x8b && (await attempt(gunzip(file), 'gz'))) return { isTar: true }
  if (head.subarray(0, 3).toString('latin1') === 'BZh' && (head[3] as number) >= 0x31 && (head[3] as number) <= 0x39) {
    unsure = 'The file starts like a bzip2 stream, which preflight cannot decompress'
  } else if (mightBeLzma(head)) {
    unsure = 'The file starts like an xz/lzma stream, which preflight cannot decompress'
  }
  const magic = head.readUInt32LE(0)
  if ((magic === 0xfd2fb528 || (magic & 0xfffffff0) >>> 0 === 0x184d2a50) && (await attempt(unzstd(file), 'zst'))) return { isTar: true }
  if (await attempt(file.chunks(0, file.size), 'tar')) return { isTar: true }
  return { isTar: false, unsure }
}

/** Whether liblzma's auto decoder (Python's LZMADecompressor FORMAT_AUTO) would accept these first bytes. */
function mightBeLzma(head: Buffer): boolean {
  if (head.length < 14) return false
  if (head.subarray(0, 6).equals(Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))) return true
  if (head.subarray(0, 4).toString('latin1') === 'LZIP') return true
  // legacy .lzma: valid lc/lp/pb, a dictionary size 2^n or 2^n + 2^(n-1), a plausible size, the range coder's 0x00
  const props = head[0] as number
  if (props > 224 || (props % 9) + (Math.floor(props / 9) % 5) > 4) return false
  const dict = head.readUInt32LE(1)
  if (dict !== 0xffffffff) {
    let d = dict - 1
    d |= d >>> 2
    d |= d >>> 3
    d |= d >>> 4
    d |= d >>> 8
    d |= d >>> 16
    if ((d + 1) >>> 0 !== dict) return false
  }
  const size = head.readBigUInt64LE(5)
  if (size !== 0xffffffffffffffffn && size >= 1n << 38n) return false
  return head[13] === 0
}

// ---- the zip branch (legacy.py:321-414) and the wheel's members (legacy.py:1505-1602) ----

async function checkZip(file: ArchiveFile, filename: string, licenseFiles: readonly string[], report: RuleReport): Promise<void> {
  // legacy.py:1285 _open_dist_file: ZipFile(filename); a BadZipFile sends _is_valid_dist_file down the same checks
  let archive: ZipArchive | null = null
  try {
    archive = await readCentralDirectory(file)
  } catch (error) {
    if (!isPy(error, 'BadZipFile')) throw serverError(error, 1285)
  }
  const { isZip } = await checkPolyglot(file, report)
  if (!isZip) throw invalidFile('archive-zip', 'File is not a zipfile', 323)
  if (!archive) throw invalidFile('archive-zip', null, 414) // ZipFile() raises BadZipFile once more
  try {
    await zipRules(file, archive, filename)
  } catch (error) {
    if (error instanceof Refused) throw error
    if (isPy(error, 'BadZipFile')) throw invalidFile('archive-zip', null, 414)
    throw serverError(error, 331)
  }
  if (filename.endsWith('.whl')) await wheelMembers(file, archive, filename, licenseFiles, report)
}

/** The body of _is_valid_dist_file's zip branch, in its order. */
async function zipRules(file: ArchiveFile, archive: ZipArchive, filename: string): Promise<void> {
  // legacy.py:334-350: decompression bomb, sizes as the central directory states them
  const decompressed = archive.infolist.reduce((sum, info) => sum + info.fileSize, 0)
  if (decompressed > COMPRESSION_RATIO_MIN_SIZE && decompressed / file.size > COMPRESSION_RATIO_THRESHOLD) {
    throw invalidFile('archive-compression-ratio', `File exceeds compression ratio of ${COMPRESSION_RATIO_THRESHOLD}`, 346)
  }
  // legacy.py:353-360
  if (archive.infolist.some(info => info.compressType !== ZIP_STORED && info.compressType !== ZIP_DEFLATED)) {
    throw invalidFile('archive-compression-type', 'File does not use a supported compression type', 358)
  }
  const names = archive.infolist.map(info => info.filename)
  if (filename.endsWith('.zip')) {
    // legacy.py:363-374
    const top = commonPathOr500(names, 364)
    if (top === '.' || top === '/' || top === '') throw invalidFile('sdist-top-level', 'Incorrect number of top-level directories in sdist', 366)
    const target = joinPath(top, 'PKG-INFO')
    if (!(await memberReadable(file, archive, target))) throw invalidFile('sdist-pkg-info', `PKG-INFO not found at ${target}`, 374)
  }
  if (filename.endsWith('.whl')) {
    // legacy.py:375-387
    const parts = pySplit(filename, '-', 2)
    if (parts.length !== 3) throw invalidFile('wheel-filename', 'Unable to parse name and version from wheel filename', 380)
    const target = joinPath(`${parts[0]}-${parts[1]}.dist-info`, 'WHEEL')
    if (!(await memberReadable(file, archive, target))) throw invalidFile('wheel-wheel-file', `WHEEL not found at ${target}`, 387)
  }
  // legacy.py:390-402: the YARA scan, over scanner.iter_zip_members
  const scan = new MemberScan()
  const kept = new CappedBuffer(SCAN_MAX_FILE_SIZE)
  let match: ScanMatch | null = null
  for (const info of archive.infolist) {
    if (info.filename.endsWith('/') || !isScanned(info.filename)) continue
    const member = archive.byName.get(info.filename)
    if (!member) continue
    kept.clear()
    await readMember(file, member, chunk => kept.add(chunk))
    const content = kept.content()
    match = scan.add(info.filename, kept.size, content && matchingRule(content))
    if (match) break
  }
  match ??= scan.finish()
  if (match) throw invalidFile('archive-scan', match.rule.message, 402)
  // legacy.py:405-411
  const framing = await validateZipFraming(file, archive)
  if (framing) throw invalidFile('zip-framing', `ZIP archive not accepted: ${framing}. ${ARCHIVES_HELP}`, 408)
}

/** zfp.read(name) where only its being there (and readable) matters: streamed, nothing kept. */
async function memberReadable(file: ArchiveFile, archive: ZipArchive, name: string): Promise<boolean> {
  const info = archive.byName.get(name)
  if (!info) return false
  await readMember(file, info, () => undefined)
  return true
}

/** zfp.read(name) of a member whose content is parsed (RECORD, entry_points.txt); bounded, as nothing sane is larger. */
async function memberContent(file: ArchiveFile, archive: ZipArchive, name: string): Promise<Buffer | null | 'too large'> {
  const info = archive.byName.get(name)
  if (!info) return null
  const kept = new CappedBuffer(MAX_PARSED_MEMBER)
  await readMember(file, info, chunk => kept.add(chunk))
  const content = kept.content()
  return content ? Buffer.from(content) : 'too large'
}

const MAX_PARSED_MEMBER = 32 * ONE_MIB

/** A member's bytes copied up to a limit (then only counted), in one buffer reused from member to member. */
class CappedBuffer {
  private buffer = Buffer.allocUnsafe(64 * 1024)
  size = 0
  constructor(private readonly limit: number) {}

  clear(): void {
    this.size = 0
  }

  add(chunk: Uint8Array): void {
    const end = this.size + chunk.length
    if (end <= this.limit) {
      if (end > this.buffer.length) {
        const grown = Buffer.allocUnsafe(Math.min(this.limit, Math.max(end, this.buffer.length * 2)))
        this.buffer.copy(grown, 0, 0, this.size)
        this.buffer = grown
      }
      this.buffer.set(chunk, this.size)
    }
    this.size = end
  }

  /** The bytes (valid until the next clear()), or null past the limit. */
  content(): Buffer | null {
    return this.size <= this.limit ? this.buffer.subarray(0, this.size) : null
  }
}

/** str.split(sep, maxsplit) */
function pySplit(text: string, separator: string, maxsplit: number): string[] {
  const parts: string[] = []
  let rest = text
  while (parts.length < maxsplit) {
    const at = rest.indexOf(separator)
    if (at < 0) break
    parts.push(rest.slice(0, at))
    rest = rest.slice(at + separator.length)
  }
  parts.push(rest)
  return parts
}

function commonPathOr500(names: readonly string[], line: number): string {
  try {
    return commonPath(names)
  } catch (error) {
    throw serverError(error, line)
  }
}

/** file_upload after the wheel passed _is_valid_dist_file: License-File members, RECORD, entry_points.txt, METADATA. */
async function wheelMembers(file: ArchiveFile, archive: ZipArchive, filename: string, licenseFiles: readonly string[], report: RuleReport): Promise<void> {
  const [name, version] = pySplit(filename, '-', 2)
  const distInfo = `${name}-${version}.dist-info`
  // reads here are outside any try: a corrupt member is a 500
  const guarded = async <T>(line: number, read: () => Promise<T>): Promise<T> => {
    try {
      return await read()
    } catch (error) {
      throw serverError(error, line)
    }
  }
  const exists = (member: string, line: number): Promise<boolean> => guarded(line, () => memberReadable(file, archive, member))
  const read = async (member: string, line: number): Promise<Buffer | null> => {
    const content = await guarded(line, () => memberContent(file, archive, member))
    if (content !== 'too large') return content
    report.warnings.push(`${filename}: ${member} is larger than ${MAX_PARSED_MEMBER / ONE_MIB} MiB; preflight did not check it as PyPI does`)
    return Buffer.alloc(0)
  }
  // legacy.py:1520-1538
  for (const licenseFile of licenseFiles) {
    const member = `${distInfo}/licenses/${licenseFile}`
    if (!(await exists(member, 1525))) {
      report.breaches.push({
        rule: 'license-file',
        field: 'License-File',
        message: `License-File ${licenseFile} does not exist in distribution file ${filename} at ${member}`,
        source: `${LEGACY}:1534`
      })
    }
  }
  // legacy.py:1540-1565, utils/wheel.py:_validate_record
  const record = await recordProblem(archive, await read(`${distInfo}/RECORD`, 1541), distInfo)
  if (record === 'missing') {
    report.breaches.push({
      rule: 'wheel-record',
      field: 'archive',
      message: `Wheel '${filename}' does not contain the required RECORD file: ${distInfo}/RECORD`,
      source: `${LEGACY}:1550`
    })
  } else if (record === 'blank-row') {
    report.breaches.push(serverError(new PythonError('ValueError', 'not enough values to unpack (a blank line in RECORD)'), 1541).breach)
  } else if (record) {
    report.warnings.push(`${filename}: ${record}. PyPI accepts the wheel but e-mails the project's owners that its RECORD does not match (${WHEEL_PY}:224)`)
  }
  // legacy.py:1566-1580, utils/wheel.py:_validate_entrypoints
  const entryPoints = await read(`${distInfo}/entry_points.txt`, 1567)
  const problem = entryPoints && entryPointsProblem(entryPoints)
  if (problem) {
    report.breaches.push({
      rule: 'wheel-entry-points',
      field: 'archive',
      message: `Wheel '${filename}' has invalid entry points defined in the entry_points.txt file`,
      source: `${LEGACY}:1576`
    })
    report.warnings.push(`${filename}: ${problem} (${WHEEL_PY}:290)`)
  }
  // legacy.py:1587-1602
  if (!(await exists(`${distInfo}/METADATA`, 1589))) {
    report.breaches.push({
      rule: 'wheel-metadata',
      field: 'archive',
      message: `Wheel '${filename}' does not contain the required METADATA file: ${distInfo}/METADATA`,
      source: `${LEGACY}:1598`
    })
  }
}

/** str.splitlines() */
function pySplitlines(text: string): string[] {
  const lines = text.split(/\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]/)
  if (lines.length > 0 && lines[lines.length - 1] === '' && text.length > 0) lines.pop()
  return text.length === 0 ? [] : lines
}

const CSV_FIELD_LIMIT = 131072

/** The first field of each row as csv.reader (excel dialect) reads RECORD's lines. */
function recordFirstFields(lines: readonly string[]): string[] {
  type State = 'start-record' | 'start-field' | 'in-field' | 'in-quoted' | 'quote-in-quoted'
  const rows: string[] = []
  let state: State = 'start-record'
  let fields: string[] = []
  let field = ''
  let fieldLength = 0
  const add = (ch: string): void => {
    if (fieldLength >= CSV_FIELD_LIMIT) throw new PythonError('csv.Error', `field larger than field limit (${CSV_FIELD_LIMIT})`)
    field += ch
    fieldLength += 1
  }
  const save = (): void => {
    fields.push(field)
    field = ''
    fieldLength = 0
  }
  // `for fn, *_ in csv.reader(...)` takes the rows as they come: a row with no field fails the unpacking at once
  const endRecord = (): void => {
    if (!fields.length) throw new PythonError('ValueError', 'not enough values to unpack (expected at least 1, got 0)')
    rows.push(fields[0] as string)
    fields = []
  }
  for (const line of lines) {
    for (const ch of [...line, null]) {
      // null: the end of the line (EOL)
      if (state === 'start-record') {
        if (ch === null) break // an empty line: the row []
        state = 'start-field'
      }
      if (state === 'start-field') {
        if (ch === null) {
          save()
          state = 'start-record'
        } else if (ch === '"') state = 'in-quoted'
        else if (ch === ',') save()
        else {
          add(ch)
          state = 'in-field'
        }
      } else if (state === 'in-field') {
        if (ch === null) {
          save()
          state = 'start-record'
        } else if (ch === ',') {
          save()
          state = 'start-field'
        } else add(ch)
      } else if (state === 'in-quoted') {
        if (ch === '"') state = 'quote-in-quoted'
        else if (ch !== null) add(ch)
      } else if (state === 'quote-in-quoted') {
        if (ch === '"') {
          add('"')
          state = 'in-quoted'
        } else if (ch === ',') {
          save()
          state = 'start-field'
        } else if (ch === null) {
          save()
          state = 'start-record'
        } else {
          add(ch)
          state = 'in-field'
        }
      }
    }
    if (state === 'start-record') endRecord()
  }
  // the input ended inside a quoted field: csv saves it (not strict)
  if (fieldLength !== 0 || state === 'in-quoted') {
    save()
    endRecord()
  }
  return rows
}

/** _validate_record: 'missing' (PyPI refuses), 'blank-row' (an uncaught ValueError), a mismatch (PyPI e-mails), or null. */
async function recordProblem(archive: ZipArchive, content: Buffer | null, distInfo: string): Promise<string | null> {
  if (!content) return 'missing'
  let rows: string[]
  try {
    rows = recordFirstFields(pySplitlines(decodeUtf8Strict(content)))
  } catch (error) {
    if (isPy(error, 'UnicodeDecodeError', 'csv.Error')) return 'missing'
    if (isPy(error, 'ValueError')) return 'blank-row'
    throw error
  }
  const recorded = new Set(rows.map(name => name.replaceAll('\\', '/')))
  const exempt = new Set([`${distInfo}/RECORD.jws`, `${distInfo}/RECORD.p7s`])
  const inWheel = new Set(archive.infolist.map(info => info.filename).filter(name => !name.endsWith('/') && !name.endsWith('\\') && !exempt.has(name)))
  const recordMissing = [...inWheel].filter(name => !recorded.has(name))
  const wheelMissing = [...recorded].filter(name => !inWheel.has(name))
  if (!recordMissing.length && !wheelMissing.length) return null
  const parts = []
  if (recordMissing.length) parts.push(`RECORD does not list ${recordMissing.join(', ')}`)
  if (wheelMissing.length) parts.push(`RECORD lists ${wheelMissing.join(', ')}, which the wheel does not contain`)
  return parts.join('; ')
}

// ---- byte streams as tarfile reads them ----

/**
 * A decompressed (or plain) stream read forward, as tarfile reads a GzipFile: read(n) comes back short only at a
 * clean end; an error of the stream is raised when a read or seek needs bytes past the point where it occurred.
 * Byte ranges can be captured as they stream by (a member's content for the scan), so nothing is read twice.
 */
class StreamSource {
  private pending: Uint8Array[] = []
  private pendingHead = 0
  private pendingBytes = 0
  private position = 0
  private done = false
  private failure: unknown = null
  // the last bytes consumed, so tarfile's short backward seeks (GNU sparse 1.0 maps) can be followed
  private readonly history = Buffer.alloc(HISTORY_BYTES)
  private historyBytes = 0
  private captures: Array<{ next: number; end: number; sink: (chunk: Uint8Array) => void; done: () => void }> = []
  private readonly producer: AsyncIterator<Uint8Array>

  /** `chunks` may be views of a buffer the producer reuses: each is used or copied before the next is asked for. */
  constructor(chunks: AsyncIterable<Uint8Array>) {
    this.producer = chunks[Symbol.asyncIterator]()
  }

  tell(): number {
    return this.position
  }

  /** Sends the bytes of [start, end) to `sink` as they are consumed (views: copy to keep), then calls `done`. */
  capture(start: number, end: number, sink: (chunk: Uint8Array) => void, done: () => void): void {
    this.captures.push({ next: start, end, sink, done })
  }

  private async pull(): Promise<boolean> {
    if (this.done) return false
    // the producer may overwrite what it handed over last: keep our own copy of what is still unread
    if (this.pendingBytes > 0) {
      this.pending = [Buffer.concat(this.pending.slice(this.pendingHead))]
      this.pendingHead = 0
    }
    try {
      const next = await this.producer.next()
      if (next.done) {
        this.done = true
        return false
      }
      if (next.value.length) {
        this.pending.push(next.value)
        this.pendingBytes += next.value.length
      }
      return true
    } catch (error) {
      this.failure = error
      this.done = true
      return false
    }
  }

  private consume(length: number): Uint8Array[] {
    const pieces: Uint8Array[] = []
    let left = length
    while (left > 0) {
      const head = this.pending[this.pendingHead] as Uint8Array
      const piece = head.length <= left ? head : head.subarray(0, left)
      if (piece === head) this.pending[this.pendingHead++] = EMPTY_BUFFER
      else this.pending[this.pendingHead] = head.subarray(left)
      pieces.push(piece)
      this.feedCaptures(this.position, piece)
      this.remember(piece)
      this.position += piece.length
      this.pendingBytes -= piece.length
      left -= piece.length
    }
    if (this.pendingHead > 64) {
      this.pending = this.pending.slice(this.pendingHead)
      this.pendingHead = 0
    }
    return pieces
  }

  private feedCaptures(at: number, piece: Uint8Array): void {
    if (!this.captures.length) return
    for (const capture of this.captures) {
      const from = Math.max(at, capture.next)
      const to = Math.min(at + piece.length, capture.end)
      if (to > from) {
        capture.sink(piece.subarray(from - at, to - at))
        capture.next = to
        if (to === capture.end) capture.done()
      }
    }
    this.captures = this.captures.filter(capture => capture.next < capture.end)
  }

  /** Copies consumed bytes into the history ring (position p lives at p % HISTORY_BYTES). */
  private remember(piece: Uint8Array): void {
    const tail = piece.length > HISTORY_BYTES ? piece.subarray(piece.length - HISTORY_BYTES) : piece
    let at = (this.position + piece.length - tail.length) % HISTORY_BYTES
    for (let i = 0; i < tail.length;) {
      const n = Math.min(tail.length - i, HISTORY_BYTES - at)
      this.history.set(tail.subarray(i, i + n), at)
      i += n
      at = (at + n) % HISTORY_BYTES
    }
    this.historyBytes = Math.min(HISTORY_BYTES, this.historyBytes + piece.length)
  }

  async read(length: number): Promise<Buffer> {
    while (this.pendingBytes < length && (await this.pull()));
    if (this.pendingBytes < length && this.failure) throw this.failure
    return Buffer.concat(this.consume(Math.min(length, this.pendingBytes)))
  }

  /** A read of header data tarfile takes whole (pax records, GNU long names), bounded so a hostile size cannot exhaust memory. */
  async readHeaderData(length: number): Promise<Buffer> {
    if (length > MAX_HEADER_DATA) throw new PythonError('Unsupported', `a tar header with ${length} bytes of data`)
    return this.read(length)
  }

  /** fileobj.seek(target): forward reads through (stopping at the end), backward only within what was just read. */
  async seek(target: number): Promise<void> {
    if (target < this.position) {
      const back = this.position - target
      if (back > this.historyBytes) throw new PythonError('Unsupported', 'a backward seek in the tar stream')
      const again = Buffer.alloc(back)
      for (let i = 0; i < back; i++) again[i] = this.history[(target + i) % HISTORY_BYTES] as number
      this.pending.splice(this.pendingHead, 0, again)
      this.pendingBytes += back
      this.position = target
      this.historyBytes -= back
      return
    }
    while (this.position < target) {
      if (this.pendingBytes === 0 && !(await this.pull())) {
        if (this.failure) throw this.failure
        return
      }
      if (this.pendingBytes > 0) this.consume(Math.min(target - this.position, this.pendingBytes))
    }
  }
}

const EMPTY_BUFFER = Buffer.alloc(0)
const HISTORY_BYTES = 64 * 1024
const MAX_HEADER_DATA = 16 * ONE_MIB

/** The bytes of [position, …) up to the first non-zero byte (gzip members may be padded with zeros). */
async function skipZeros(file: ArchiveFile, position: number): Promise<number> {
  let at = position
  for (;;) {
    const chunk = await file.read(at, 4096)
    if (!chunk.length) return at
    const nonZero = chunk.findIndex(byte => byte !== 0)
    if (nonZero >= 0) return at + nonZero
    at += chunk.length
  }
}

/**
 * GzipFile's reading: member after member (a header, raw deflate data, CRC-32 and size), zero padding between
 * them allowed. Its errors keep their Python types: BadGzipFile is an OSError, a short file an EOFError.
 */
async function* gunzip(file: ArchiveFile): AsyncGenerator<Uint8Array> {
  let at = 0
  for (;;) {
    const magic = await file.read(at, 2)
    if (magic.length === 0) return
    if (magic.length < 2 || magic[0] !== 0x1f || magic[1] !== 0x8b) throw new PythonError('OSError', 'Not a gzipped file')
    const exact = async (position: number, length: number): Promise<Buffer> => {
      const data = Buffer.from(await file.read(position, length))
      if (data.length < length) throw new PythonError('EOFError', 'Compressed file ended before the end-of-stream marker was reached')
      return data
    }
    const header = await exact(at + 2, 8)
    if (header[0] !== 8) throw new PythonError('OSError', 'Unknown compression method')
    const flags = header[1] as number
    at += 10
    if (flags & 4) {
      const extraLength = (await exact(at, 2)).readUInt16LE(0)
      await exact(at + 2, extraLength)
      at += 2 + extraLength
    }
    for (const flag of [8, 16]) {
      if (!(flags & flag)) continue
      // a NUL-terminated name or comment; the end of the file ends it too
      for (;;) {
        const byte = await file.read(at, 1)
        if (!byte.length) break
        at += 1
        if (byte[0] === 0) break
      }
    }
    if (flags & 2) {
      await exact(at, 2)
      at += 2
    }
    let crc = 0
    let size = 0
    const result: Partial<InflateOutcome> = {}
    for await (const chunk of inflate(file, at, file.size - at, result, GZIP_STEP)) {
      crc = zlib.crc32(chunk, crc)
      size += chunk.length
      yield chunk
    }
    if (result.outcome === 'truncated') throw new PythonError('EOFError', 'Compressed file ended before the end-of-stream marker was reached')
    at += result.consumed ?? 0
    const trailer = await exact(at, 8)
    if (trailer.readUInt32LE(0) !== crc >>> 0) throw new PythonError('OSError', 'CRC check failed')
    if (trailer.readUInt32LE(4) !== size % 2 ** 32) throw new PythonError('OSError', 'Incorrect length of data produced')
    at = await skipZeros(file, at + 8)
  }
}

/**
 * ZstdFile's reading, through Node's zstd decoder (Node 22.15 and later); its failures are ZstdError. Warehouse's
 * image (python:3.14-slim) has compression.zstd since docker-library/python#1086, so is_tarfile tries zstd too.
 */
async function* unzstd(file: ArchiveFile): AsyncGenerator<Buffer> {
  const create = (zlib as unknown as { createZstdDecompress?: () => NodeJS.ReadWriteStream }).createZstdDecompress
  if (!create) throw new PythonError('Unsupported', 'zstd (this Node has no zstd decoder)')
  const decoder = create() as NodeJS.ReadWriteStream & { destroyed: boolean; destroy(): void }
  const closed = new Promise<void>(resolve => decoder.once('close', () => resolve()))
  const writer = (async () => {
    for await (const chunk of file.chunks(0, file.size)) {
      if (decoder.destroyed) return
      if (!decoder.write(chunk)) await Promise.race([new Promise(resolve => decoder.once('drain', resolve)), closed])
    }
    if (!decoder.destroyed) decoder.end()
  })().catch(() => undefined)
  try {
    for await (const chunk of decoder as AsyncIterable<Buffer>) yield chunk
  } catch (error) {
    throw new PythonError('ZstdError', (error as Error).message)
  } finally {
    decoder.destroy()
    await writer
  }
}

// ---- tarfile (CPython 3.14): TarInfo's header parsing and TarFile.next() ----

const BLOCKSIZE = 512
const REGULAR_TYPES = new Set(['0', '\0', '7', 'S'])
const SUPPORTED_TYPES = new Set(['0', '\0', '1', '2', '5', '6', '7', '3', '4', 'L', 'K', 'S'])
const GNU_TYPES = new Set(['L', 'K', 'S'])
const HEADER_ERRORS = new Set(['EmptyHeaderError', 'TruncatedHeaderError', 'EOFHeaderError', 'InvalidHeaderError', 'SubsequentHeaderError'])

/** A tar member as TarInfo holds what warehouse looks at. */
export interface TarMember {
  name: string
  type: string
  size: number
  offset: number
  offsetData: number
  /** TarInfo.sparse: set by a GNU sparse header ('S') or GNU.sparse.* pax records. */
  sparse: Array<[number, number]> | null
}

const isreg = (member: TarMember): boolean => REGULAR_TYPES.has(member.type)
const isdir = (member: TarMember): boolean => member.type === '5'
const rstripSlash = (text: string): string => text.replace(/\/+$/, '')

/** nts(): a NUL-terminated field, decoded as tarfile decodes names (UTF-8, surrogateescape). */
function nts(bytes: Buffer): string {
  const nul = bytes.indexOf(0)
  return decodeUtf8Escaped(nul >= 0 ? bytes.subarray(0, nul) : bytes)
}

/** nti(): a number field, octal text or GNU base-256. */
function nti(bytes: Buffer): number {
  if (bytes.length === 0) throw new PythonError('IndexError', 'index out of range')
  const first = bytes[0] as number
  if (first === 0o200 || first === 0o377) {
    let n = 0n
    for (const byte of bytes.subarray(1)) n = n * 256n + BigInt(byte)
    if (first === 0o377) n = -(256n ** BigInt(bytes.length - 1) - n)
    return Number(n)
  }
  const nul = bytes.indexOf(0)
  const field = nul >= 0 ? bytes.subarray(0, nul) : bytes
  if (field.some(byte => byte >= 0x80)) throw new PythonError('InvalidHeaderError', 'invalid header')
  const text = field.toString('latin1').replace(/^[\t\n\x0b\x0c\r\x1c-\x1f ]+|[\t\n\x0b\x0c\r\x1c-\x1f ]+$/g, '') || '0'
  // int(text, 8): a sign, an optional 0o prefix, digits with single underscores between them
  if (!/^[+-]?(?:0[oO](?:_?[0-7])+|[0-7](?:_?[0-7])*)$/.test(text)) throw new PythonError('InvalidHeaderError', 'invalid header')
  const digits = text
    .replace(/^[+-]/, '')
    .replace(/^0[oO]/, '')
    .replaceAll('_', '')
  const value = Number(BigInt('0o' + digits))
  return text.startsWith('-') ? -value : value
}

/** int(text) in base 10 (ASCII digits), or null where Python raises ValueError. */
function pyInt(text: string): number | null {
  const stripped = text.replace(/^[\s\x1c-\x1f\x85]+|[\s\x1c-\x1f\x85]+$/g, '')
  if (!/^[+-]?\d(?:_?\d)*$/.test(stripped)) return null
  return Number(BigInt(stripped.replace(/^\+/, '').replaceAll('_', '')))
}

function calcChecksums(buf: Buffer): [number, number] {
  let unsigned = 256
  let signed = 256
  for (let i = 0; i < BLOCKSIZE; i++) {
    if (i >= 148 && i < 156) continue
    const byte = buf[i] as number
    unsigned += byte
    signed += byte >= 128 ? byte - 256 : byte
  }
  return [unsigned, signed]
}

function block(count: number): number {
  if (count < 0) throw new PythonError('InvalidHeaderError', 'invalid offset')
  return Math.ceil(count / BLOCKSIZE) * BLOCKSIZE
}

interface ParsedHeader extends TarMember {
  sparseStructs?: { structs: Array<[number, number]>; extended: boolean; origSize: number }
}

/** TarInfo._frombuf */
function frombuf(buf: Buffer, dircheck: boolean): ParsedHeader {
  if (buf.length === 0) throw new PythonError('EmptyHeaderError', 'empty header')
  if (buf.length !== BLOCKSIZE) throw new PythonError('TruncatedHeaderError', 'truncated header')
  if (buf.every(byte => byte === 0)) throw new PythonError('EOFHeaderError', 'end of file header')
  const chksum = nti(buf.subarray(148, 156))
  if (!calcChecksums(buf).includes(chksum)) throw new PythonError('InvalidHeaderError', 'bad checksum')
  const member: ParsedHeader = { name: nts(buf.subarray(0, 100)), type: '', size: 0, offset: 0, offsetData: 0, sparse: null }
  nti(buf.subarray(100, 108))
  nti(buf.subarray(108, 116))
  nti(buf.subarray(116, 124))
  member.size = nti(buf.subarray(124, 136))
  nti(buf.subarray(136, 148))
  member.type = String.fromCharCode(buf[156] as number)
  nti(buf.subarray(329, 337))
  nti(buf.subarray(337, 345))
  const prefix = nts(buf.subarray(345, 500))
  // the old V7 format writes a directory as a regular file whose name ends in '/'
  if (dircheck && member.type === '\0' && member.name.endsWith('/')) member.type = '5'
  if (member.type === 'S') {
    const structs: Array<[number, number]> = []
    for (let i = 0, pos = 386; i < 4; i++, pos += 24) structs.push([nti(buf.subarray(pos, pos + 12)), nti(buf.subarray(pos + 12, pos + 24))])
    member.sparseStructs = { structs, extended: buf[482] !== 0, origSize: nti(buf.subarray(483, 495)) }
  }
  if (isdir(member)) member.name = rstripSlash(member.name)
  if (prefix && !GNU_TYPES.has(member.type)) member.name = `${prefix}/${member.name}`
  return member
}

/** Reads a tar stream member by member as TarFile does (not ignore_zeros, UTF-8 names with surrogateescape). */
class TarReader {
  readonly members: TarMember[] = []
  private offset = 0
  private readonly globalPax = new Map<string, string>()
  private firstMember: TarMember | null = null
  /** Called with each member as soon as its header is read (before its data streams by). */
  onMember: ((member: TarMember) => void) | undefined

  constructor(readonly source: StreamSource) {}

  /** TarFile.__init__ in mode 'r': the first member is read at once. */
  async open(): Promise<void> {
    this.firstMember = await this.next()
  }

  /** getmembers(): every member up to the end of the archive. */
  async loadAll(): Promise<void> {
    while ((await this.next()) !== null);
  }

  /** TarFile.next() */
  async next(): Promise<TarMember | null> {
    if (this.firstMember !== null) {
      const member = this.firstMember
      this.firstMember = null
      return member
    }
    if (this.offset !== this.source.tell()) {
      if (this.offset === 0) return null
      await this.source.seek(this.offset - 1)
      if ((await this.source.read(1)).length === 0) throw new PythonError('ReadError', 'unexpected end of data')
    }
    let member: TarMember | null = null
    try {
      member = await this.fromtarfile(true)
    } catch (error) {
      if (!(error instanceof PythonError)) throw error
      const atStart = this.offset === 0
      if (error.pyType === 'EOFHeaderError') member = null
      else if (error.pyType === 'InvalidHeaderError' || error.pyType === 'TruncatedHeaderError') {
        if (atStart) throw new PythonError('ReadError', error.message)
      } else if (error.pyType === 'EmptyHeaderError') {
        if (atStart) throw new PythonError('ReadError', 'empty file')
      } else if (error.pyType === 'SubsequentHeaderError') throw new PythonError('ReadError', error.message)
      else if (error.pyType === 'zlib.error') throw new PythonError('ReadError', `zlib error: ${error.message}`)
      else throw error
    }
    if (member) {
      this.members.push(member)
      this.onMember?.(member)
    }
    return member
  }

  /** TarInfo._fromtarfile */
  private async fromtarfile(dircheck: boolean): Promise<ParsedHeader> {
    const buf = await this.source.read(BLOCKSIZE)
    const member = frombuf(buf, dircheck)
    member.offset = this.source.tell() - BLOCKSIZE
    if (member.type === 'L' || member.type === 'K') return this.procGnulong(member)
    if (member.type === 'S') return this.procSparse(member)
    if (member.type === 'x' || member.type === 'g' || member.type === 'X') return this.procPax(member)
    return this.procBuiltin(member)
  }

  private async subsequent(): Promise<ParsedHeader> {
    try {
      return await this.fromtarfile(false)
    } catch (error) {
      if (isPy(error, ...HEADER_ERRORS)) throw new PythonError('SubsequentHeaderError', error.message)
      throw error
    }
  }

  private procBuiltin(member: ParsedHeader): ParsedHeader {
    member.offsetData = this.source.tell()
    this.offset = member.offsetData + (isreg(member) || !SUPPORTED_TYPES.has(member.type) ? block(member.size) : 0)
    this.applyPax(member, this.globalPax)
    if (isdir(member)) member.name = rstripSlash(member.name)
    return member
  }

  private async procGnulong(member: ParsedHeader): Promise<ParsedHeader> {
    const buf = await this.source.readHeaderData(block(member.size))
    const next = await this.subsequent()
    next.offset = member.offset
    if (member.type === 'L') {
      next.name = nts(buf)
      if (next.type === '5' && !next.name.endsWith('/')) next.type = '\0'
      else if (next.type === '\0' && next.name.endsWith('/')) next.type = '5'
    }
    if (isdir(next) && next.name.endsWith('/')) next.name = next.name.slice(0, -1)
    return next
  }

  private async procSparse(member: ParsedHeader): Promise<ParsedHeader> {
    const { structs, origSize } = member.sparseStructs as NonNullable<ParsedHeader['sparseStructs']>
    let extended = member.sparseStructs?.extended ?? false
    while (extended) {
      const buf = await this.source.read(BLOCKSIZE)
      for (let i = 0, pos = 0; i < 21; i++, pos += 24) {
        const offset = nti(buf.subarray(pos, pos + 12))
        const numbytes = nti(buf.subarray(pos + 12, pos + 24))
        if (offset && numbytes) structs.push([offset, numbytes])
      }
      if (buf.length <= 504) throw new PythonError('IndexError', 'index out of range')
      extended = buf[504] !== 0
    }
    member.sparse = structs
    member.offsetData = this.source.tell()
    this.offset = member.offsetData + block(member.size)
    member.size = origSize
    return member
  }

  private async procPax(member: ParsedHeader): Promise<ParsedHeader> {
    const buf = await this.source.readHeaderData(block(member.size))
    const pax = member.type === 'g' ? this.globalPax : new Map(this.globalPax)
    const raw: Array<[Buffer, Buffer]> = []
    let pos = 0
    while (buf.length > pos && buf[pos] !== 0) {
      const digits = /^([0-9]{1,20}) /.exec(buf.subarray(pos, pos + 21).toString('latin1'))
      if (!digits) throw new PythonError('InvalidHeaderError', 'invalid header')
      const length = Number(digits[1])
      if (length < 5 || pos + length > buf.length) throw new PythonError('InvalidHeaderError', 'invalid header')
      const valueEnd = pos + length - 1
      const keywordAndValue = buf.subarray(pos + (digits[1] as string).length + 1, valueEnd)
      const equals = keywordAndValue.indexOf(0x3d)
      if (equals <= 0 || buf[valueEnd] !== 0x0a) throw new PythonError('InvalidHeaderError', 'invalid header')
      raw.push([keywordAndValue.subarray(0, equals), keywordAndValue.subarray(equals + 1)])
      pos += length
    }
    for (const [keyword, value] of raw) pax.set(decodeUtf8Escaped(keyword), decodeUtf8Escaped(value))
    const next = await this.subsequent()
    if (pax.has('GNU.sparse.map')) {
      const numbers = (pax.get('GNU.sparse.map') as string).split(',').map(pyInt)
      if (numbers.includes(null)) throw new PythonError('ValueError', 'invalid literal for int() in GNU.sparse.map')
      next.sparse = pairs(numbers as number[])
    } else if (pax.has('GNU.sparse.size')) {
      const offsets: number[] = []
      const numbytes: number[] = []
      for (const [keyword, value] of raw) {
        const key = keyword.toString('latin1')
        if (key !== 'GNU.sparse.offset' && key !== 'GNU.sparse.numbytes') continue
        let number: number | null = null
        try {
          number = pyInt(decodeUtf8Strict(value))
        } catch {
          number = null
        }
        if (number === null) throw new PythonError('InvalidHeaderError', 'invalid header')
        ;(key === 'GNU.sparse.offset' ? offsets : numbytes).push(number)
      }
      next.sparse = offsets.slice(0, numbytes.length).map((offset, i) => [offset, numbytes[i] as number])
    } else if (pax.get('GNU.sparse.major') === '1' && pax.get('GNU.sparse.minor') === '0') {
      await this.gnuSparse10(next)
    }
    if (member.type === 'x' || member.type === 'X') {
      this.applyPax(next, pax)
      next.offset = member.offset
      if (pax.has('size')) this.offset = next.offsetData + (isreg(next) || !SUPPORTED_TYPES.has(next.type) ? block(next.size) : 0)
    }
    return next
  }

  /** _proc_gnusparse_10: the sparse map is a list of numbers, one a line, in the blocks after the header. */
  private async gnuSparse10(next: ParsedHeader): Promise<void> {
    const splitLine = (buf: Buffer): [Buffer, Buffer] => {
      const newline = buf.indexOf(0x0a)
      if (newline < 0) throw new PythonError('ValueError', 'not enough values to unpack')
      return [buf.subarray(0, newline), buf.subarray(newline + 1)]
    }
    const toInt = (bytes: Buffer): number => {
      const number = pyInt(bytes.toString('latin1'))
      if (number === null || bytes.some(byte => byte >= 0x80)) throw new PythonError('ValueError', 'invalid literal for int()')
      return number
    }
    const [fieldsText, rest] = splitLine(await this.source.read(BLOCKSIZE))
    const fields = toInt(fieldsText)
    let buf = rest
    const sparse: number[] = []
    while (sparse.length < fields * 2) {
      if (!buf.includes(0x0a)) buf = Buffer.concat([buf, await this.source.read(BLOCKSIZE)])
      let number: Buffer
      ;[number, buf] = splitLine(buf)
      sparse.push(toInt(number))
    }
    next.offsetData = this.source.tell()
    next.sparse = pairs(sparse)
  }

  /** _apply_pax_info: pax records override the header's name and size (the others do not matter to PyPI). */
  private applyPax(member: TarMember, pax: Map<string, string>): void {
    for (const [keyword, value] of pax) {
      if (keyword === 'GNU.sparse.name' || keyword === 'path') member.name = keyword === 'path' ? rstripSlash(value) : value
      else if (keyword === 'GNU.sparse.size' || keyword === 'GNU.sparse.realsize') {
        const size = pyInt(value)
        if (size === null) throw new PythonError('ValueError', `invalid literal for int(): ${value}`)
        member.size = size
      } else if (keyword === 'size') member.size = pyInt(value) ?? 0
    }
  }
}

const pairs = (numbers: number[]): Array<[number, number]> => {
  const result: Array<[number, number]> = []
  for (let i = 0; i + 1 < numbers.length; i += 2) result.push([numbers[i] as number, numbers[i + 1] as number])
  return result
}

/**
 * tarfile.open of one compression: the first member read. A ReadError means "not this kind" ({ tar: null, error });
 * other exceptions escape as they do from tarfile.open. `kind` decides which errors the opener turns into ReadError.
 */
async function openTar(source: StreamSource, kind: 'gz' | 'zst' | 'tar'): Promise<{ tar: TarReader | null; error?: PythonError }> {
  const tar = new TarReader(source)
  try {
    await tar.open()
    return { tar }
  } catch (error) {
    if (isPy(error, 'ReadError', 'Unsupported')) return { tar: null, error }
    // gzopen turns OSError (BadGzipFile) into ReadError; zstopen ZstdError and EOFError
    if (kind === 'gz' && isPy(error, 'OSError')) return { tar: null, error }
    if (kind === 'zst' && isPy(error, 'ZstdError', 'EOFError', 'Unsupported')) return { tar: null, error }
    throw error
  }
}

// ---- the tar.gz branch (legacy.py:416-476) and its License-File rule (legacy.py:1397-1422) ----

async function checkTarGz(file: ArchiveFile, filename: string, licenseFiles: readonly string[], report: RuleReport): Promise<void> {
  // legacy.py:1285 _open_dist_file: tarfile.open(filename, 'r:gz'); ReadError and EOFError fall back to the same checks
  const source = new StreamSource(gunzip(file))
  let opened: { tar: TarReader | null; error?: PythonError }
  try {
    opened = await openTar(source, 'gz')
  } catch (error) {
    if (!isPy(error, 'EOFError')) throw serverError(error, 1285)
    // is_tarfile tries gzip first and meets the same EOFError, which nothing catches (legacy.py:316)
    throw serverError(error, 316)
  }
  if (isPy(opened.error, 'Unsupported')) {
    report.warnings.push(`Preflight could not read this sdist's first member (${opened.error.message}); PyPI's verdict is unknown`)
    return
  }
  const { isTar, unsure } = await checkPolyglot(file, report, opened.tar !== null)
  if (!isTar) {
    if (unsure) report.warnings.push(`${unsure}: if PyPI's tarfile reads a tar archive in it, PyPI answers "Invalid distribution file. None"`)
    throw invalidFile('archive-tar', 'File is not a tarfile', 418)
  }
  const tar = opened.tar
  if (!tar) throw invalidFile('archive-tar', null, 476) // tarfile.open(filename, 'r:gz') raises ReadError once more
  // each scanned member's content is matched as it streams by; the verdicts wait for getnames() to succeed
  const scanned: Array<{ member: TarMember; size: number; rule: ReturnType<typeof matchingRule> }> = []
  const buffers: CappedBuffer[] = []
  const watch = (member: TarMember): void => {
    if (!isreg(member) || !isScanned(member.name)) return
    const verdict = { member, size: member.size, rule: null as ReturnType<typeof matchingRule> }
    scanned.push(verdict)
    const kept = buffers.pop() ?? new CappedBuffer(SCAN_MAX_FILE_SIZE)
    kept.clear()
    const done = (): void => {
      const content = kept.content()
      verdict.rule = content && matchingRule(content)
      buffers.push(kept)
    }
    if (member.size <= 0) done()
    else tar.source.capture(member.offsetData, member.offsetData + member.size, chunk => kept.add(chunk), done)
  }
  tar.members.forEach(watch)
  tar.onMember = watch
  // legacy.py:434 getnames(): reads the whole archive
  try {
    await tar.loadAll()
  } catch (error) {
    if (isPy(error, 'Unsupported')) {
      if (tar.members.some(member => member.sparse)) throw sparseRefusal()
      report.warnings.push(`Preflight could not follow this tar archive to its end (${error.message}); PyPI's verdict is unknown`)
      return
    }
    if (isPy(error, 'ReadError', 'EOFError', 'zlib.error')) throw invalidFile('archive-tar', null, 476)
    throw serverError(error, 434)
  }
  const names = tar.members.map(member => member.name)
  const top = commonPathOr500(names, 434)
  // legacy.py:437-450
  if (tar.members.some(member => member.sparse)) throw sparseRefusal()
  if (top === '.' || top === '/' || top === '') throw invalidFile('sdist-top-level', 'Incorrect number of top-level directories in sdist', 453)
  const has = (target: string): boolean => names.includes(rstripSlash(target))
  const target = joinPath(top, 'PKG-INFO')
  if (!has(target)) throw invalidFile('sdist-pkg-info', `PKG-INFO not found at ${target}`, 458)
  // legacy.py:460-473: scanner.iter_tar_members, every regular .py/.pye member in order
  const scan = new MemberScan()
  let match: ScanMatch | null = null
  for (const { member, size, rule } of scanned) {
    match = scan.add(member.name, size, rule)
    if (match) break
  }
  match ??= scan.finish()
  if (match) throw invalidFile('archive-scan', match.rule.message, 473)
  // legacy.py:1397-1422, after the filename rules
  for (const licenseFile of licenseFiles) {
    const licenseTarget = joinPath(top, licenseFile)
    if (!has(licenseTarget)) {
      report.breaches.push({
        rule: 'license-file',
        field: 'License-File',
        message: `License-File ${licenseFile} does not exist in distribution file ${filename} at ${licenseTarget}`,
        source: `${LEGACY}:1418`
      })
    }
  }
  await drainWarnings(source, report)
}

function sparseRefusal(): Refused {
  return invalidFile('sdist-sparse', `tar archive not accepted: Sparse members are not allowed. ${ARCHIVES_HELP}`, 444)
}

/**
 * PyPI stops reading at the end of the tar archive, so damage after it (in the gzip trailer, or trailing garbage)
 * goes unnoticed there; pip and others may still fail on it, hence a warning.
 */
async function drainWarnings(source: StreamSource, report: RuleReport): Promise<void> {
  try {
    await source.seek(Number.MAX_SAFE_INTEGER)
  } catch (error) {
    if (!(error instanceof PythonError)) throw error
    report.warnings.push(
      `The gzip stream is damaged after the end of the tar archive (${error.pyType}: ${error.message}); PyPI does not read that far, but installers may`
    )
  }
}
