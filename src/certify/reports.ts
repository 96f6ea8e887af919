// What the report-reading gates (tests, coverage) share: the context they run in,
// turning a glob input into report files, and a bounded-memory streaming XML reader.
import { createReadStream } from 'node:fs'
import { glob } from 'tinyglobby'
import { SaxesParser, type SaxesTagPlain } from 'saxes'
import type { Logger } from '../types.js'

export interface ReportContext {
  /** Absolute repository root (GITHUB_WORKSPACE); annotation paths are relative to it. */
  workspace: string
  /** Absolute directory holding pyproject.toml (may be a subdirectory of workspace). */
  projectDir: string
  logger: Logger
}

/** A problem with a report file's content; the gate turns it into a failed check, never a crash. */
export class ReportError extends Error {
  constructor(
    message: string,
    readonly line?: number
  ) {
    super(message)
    this.name = 'ReportError'
  }
}

// ---- globs -------------------------------------------------------------------

/** Splits an input on newlines and on commas outside {…}; drops blanks and surrounding space. */
export function splitPatterns(input: string): string[] {
  const patterns: string[] = []
  let depth = 0
  let current = ''
  for (const char of input) {
    if (char === '{') depth++
    else if (char === '}' && depth > 0) depth--
    if (char === '\n' || char === '\r' || (char === ',' && depth === 0)) {
      patterns.push(current)
      current = ''
      continue
    }
    current += char
  }
  patterns.push(current)
  return patterns.map(pattern => pattern.trim()).filter(pattern => pattern !== '')
}

export interface PatternMatch {
  /** The pattern as the user wrote it. */
  pattern: string
  /** Sorted absolute paths of the files it matched (after every `!` exclusion). */
  files: string[]
}

/**
 * Each positive pattern of an input with the files it matches; `!` patterns exclude from all
 * of them, `#` lines are comments. Globs (`*`, `**`, `{a,b}`) are relative to the working
 * directory, which the runner sets to GITHUB_WORKSPACE.
 */
export async function matchReportPatterns(input: string): Promise<PatternMatch[]> {
  const patterns = splitPatterns(input)
  const ignore = patterns.filter(pattern => pattern.startsWith('!')).map(pattern => pattern.slice(1))
  const matches: PatternMatch[] = []
  for (const pattern of patterns.filter(p => !p.startsWith('!') && !p.startsWith('#'))) {
    const files = await glob(pattern, {
      ignore,
      absolute: true,
      onlyFiles: true,
      dot: true,
      expandDirectories: false,
      followSymbolicLinks: true
    })
    matches.push({ pattern, files: [...new Set(files)].sort() })
  }
  return matches
}

/**
 * The report files an input names, or why it names none: a pattern that matches no file
 * is a failed check (the test step did not write where the input says), not a usage error.
 */
export async function reportFilesOf(
  input: string,
  patterns: string,
  hint: string
): Promise<{ files: string[] } | { problem: string }> {
  let matches: PatternMatch[]
  try {
    matches = await matchReportPatterns(patterns)
  } catch (error) {
    return { problem: `input '${input}': ${errorMessage(error)}` }
  }
  const unmatched = matches.filter(match => match.files.length === 0)
  if (matches.length === 0 || unmatched.length > 0) {
    const which = unmatched.map(match => `'${match.pattern}'`).join(', ') || `'${patterns.trim()}'`
    return { problem: `input '${input}': ${which} matched no file (relative to ${process.cwd()}); ${hint}` }
  }
  return { files: [...new Set(matches.flatMap(match => match.files))].sort() }
}

/** Globs from an input: newline- or comma-separated (commas inside {…} braces don't split); relative to process.cwd(). Returns sorted absolute paths of matched FILES. */
export async function resolveReportFiles(patterns: string): Promise<string[]> {
  const matches = await matchReportPatterns(patterns)
  return [...new Set(matches.flatMap(match => match.files))].sort()
}

export { displayPath } from '../paths.js'

/**
 * Formats a percentage with two decimals, never rounding a figure that misses its
 * threshold up to one that seems to meet it (99.995 against 100 shows 99.99).
 */
export function formatPercent(value: number, threshold?: number): string {
  let text = value.toFixed(2)
  if (threshold !== undefined && value < threshold && Number(text) >= threshold) {
    text = (Math.floor(value * 100) / 100).toFixed(2)
  }
  return `${text}%`
}

/**
 * A copy of a string that holds no reference to the text it was cut from. V8 keeps a slice
 * (and a concatenation) of a string as a view onto the original, so a short message kept
 * from each of thousands of failures would otherwise keep each 64 KiB read chunk alive.
 */
export function detach(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8')
}
// ---- streaming XML -----------------------------------------------------------

export interface XmlHandlers {
  opentag(tag: SaxesTagPlain): void
  closetag(tag: SaxesTagPlain): void
  /** Character data (text and CDATA) in document order, delivered while wantText() is true. */
  text?(text: string): void
  wantText?(): boolean
}

const READ_CHUNK = 64 * 1024
/** saxes buffers a text node (or attribute value) whole; past this we drain or cut it after each chunk. */
const TEXT_BUFFER_LIMIT = 16 * 1024

/**
 * Streams an XML file through saxes, chunk by chunk, in bounded memory. saxes never
 * reads a DTD, so a DOCTYPE that declares entities (billion laughs, external
 * entities) ends in an "undefined entity" error at the first reference rather than
 * an expansion. Throws ReportError (with the line when known) for malformed XML and
 * passes on any ReportError a handler throws.
 */
export async function streamXml(file: string, handlers: XmlHandlers): Promise<void> {
  const parser = new SaxesParser<{ xmlns: false; position: true }>({ xmlns: false, position: true })
  // saxes keeps the text of the current node (or attribute value) in a private
  // buffer until the node ends; a failure text of many megabytes would stay in
  // memory whole. After each chunk we take that buffer over (inside an element)
  // or cut it (in a tag, where it is an attribute value; or in the prolog).
  const internals = parser as unknown as { text?: unknown }
  let inTag = false
  let depth = 0
  let seenRoot = false
  const deliver = (text: string): void => {
    if (handlers.text !== undefined && (handlers.wantText?.() ?? true)) handlers.text(text)
  }
  parser.on('opentagstart', () => {
    inTag = true
  })
  parser.on('opentag', tag => {
    inTag = false
    seenRoot = true
    depth++
    handlers.opentag(tag)
  })
  parser.on('closetag', tag => {
    depth--
    handlers.closetag(tag)
  })
  if (handlers.text !== undefined) {
    parser.on('text', deliver)
    parser.on('cdata', deliver)
  }

  const boundTextBuffer = (): void => {
    const buffered = internals.text
    if (typeof buffered !== 'string' || buffered.length <= TEXT_BUFFER_LIMIT) return
    if (seenRoot && depth > 0 && !inTag) {
      internals.text = ''
      deliver(buffered)
    } else {
      internals.text = buffered.slice(0, TEXT_BUFFER_LIMIT)
    }
  }

  const stream = createReadStream(file, { highWaterMark: READ_CHUNK })
  let decoder: InstanceType<typeof TextDecoder> | undefined
  try {
    for await (const piece of stream) {
      // The encoding comes from the first bytes (a BOM, or `<` as UTF-16); the decoder drops the BOM.
      decoder ??= new TextDecoder(sniffEncoding(piece as Buffer))
      parser.write(decoder.decode(piece as Buffer, { stream: true }))
      boundTextBuffer()
    }
    if (decoder) parser.write(decoder.decode())
    parser.close()
  } catch (error) {
    stream.destroy()
    throw asReportError(error, parser.line)
  }
}

/** UTF-8 unless the document starts with a UTF-16 byte order mark or a UTF-16 `<` (PowerShell and .NET tools write UTF-16). */
function sniffEncoding(start: Buffer): 'utf-8' | 'utf-16le' | 'utf-16be' {
  if ((start[0] === 0xff && start[1] === 0xfe) || (start[0] === 0x3c && start[1] === 0x00)) return 'utf-16le'
  if ((start[0] === 0xfe && start[1] === 0xff) || (start[0] === 0x00 && start[1] === 0x3c)) return 'utf-16be'
  return 'utf-8'
}

/** The message of anything thrown (errors from Node's fs may come from another realm, so no instanceof). */
export function errorMessage(error: unknown): string {
  if (typeof error === 'object' && error !== null && 'message' in error && typeof error.message === 'string') {
    return error.message
  }
  return String(error)
}

/** Whatever went wrong reading a report, as a ReportError the gate can fail with. */
export function asReportProblem(error: unknown): ReportError {
  return error instanceof ReportError ? error : new ReportError(`cannot be read: ${errorMessage(error)}`)
}

function asReportError(error: unknown, line: number): ReportError {
  if (error instanceof ReportError) return error
  const message = errorMessage(error)
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string') {
    return new ReportError(`cannot be read: ${message}`)
  }
  // saxes prefixes "line:column: "; we say the line in words
  const match = /^(\d+):(\d+): (.*)$/s.exec(message)
  if (match) {
    const errorLine = Number(match[1])
    return new ReportError(`is not well-formed XML: line ${errorLine}: ${match[3]}`, errorLine)
  }
  return new ReportError(`is not well-formed XML: line ${line}: ${message}`, line)
}
