// What the report-reading gates (tests, coverage) share: the context they run in,
// turning a glob input into report files, and a bounded-memory streaming XML reader.
import { createReadStream } from 'node:fs'
import { findFiles, patternProblem, type GlobLimits, type GlobScope } from './globs.js'
import { SaxesParser, type SaxesTagPlain } from 'saxes'
import type { Logger } from '../types.js'

export interface ReportContext {
  /** Absolute repository root (GITHUB_WORKSPACE); annotation paths are relative to it. */
  workspace: string
  /** Absolute directory holding pyproject.toml (may be a subdirectory of workspace). */
  projectDir: string
  logger: Logger
  /** Bounds of each report pattern's walk; GLOB_LIMITS unless a test hands in smaller ones. */
  globLimits?: GlobLimits
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
  /** Sorted absolute paths of the files it matched (after every `!` exclusion), one per real file. */
  files: string[]
  /** Each file's real path (symbolic links resolved) and whether it was reached through a link, by its path in `files`. */
  realPaths: Map<string, { real: string; throughLink: boolean }>
  /** Links not followed because they lead out of the workspace, as `link → target`. */
  skippedLinks: string[]
}

/** Where report patterns are matched: relative ones from cwd, never outside the workspace. */
export interface ReportScope {
  /** The repository root (GITHUB_WORKSPACE); no wildcard and no followed link leaves it. */
  workspace: string
  /** Where relative patterns start; the working directory (the workspace on a runner). */
  cwd?: string
  /** Bounds of each pattern's walk; GLOB_LIMITS unless a test hands in smaller ones. */
  globLimits?: GlobLimits
}

const positivePatterns = (patterns: string[]): string[] => patterns.filter(p => !p.startsWith('!') && !p.startsWith('#'))

/**
 * Each positive pattern of an input with the files it matches; `!` patterns exclude from all
 * of them, `#` lines are comments. Globs (`*`, `**`, `{a,b}`) are relative to the working
 * directory, which the runner sets to GITHUB_WORKSPACE, and stay inside the workspace: a
 * pattern reaching outside it throws PatternError, a walk past GLOB_LIMITS GlobLimitError.
 */
export async function matchReportPatterns(input: string, scope: ReportScope): Promise<PatternMatch[]> {
  const patterns = splitPatterns(input)
  const ignore = patterns.filter(pattern => pattern.startsWith('!')).map(pattern => pattern.slice(1))
  const globScope: GlobScope = { cwd: scope.cwd ?? process.cwd(), root: scope.workspace, ignore, limits: scope.globLimits }
  const matches: PatternMatch[] = []
  for (const pattern of positivePatterns(patterns)) {
    const found = await findFiles(pattern, globScope)
    matches.push({
      pattern,
      files: found.files.map(file => file.path),
      realPaths: new Map(found.files.map(file => [file.path, { real: file.real, throughLink: file.throughLink }])),
      skippedLinks: found.skippedLinks
    })
  }
  return matches
}

/**
 * Why an input's patterns cannot be matched inside the workspace (a wildcard outside it, or `..`
 * after one), or undefined: the caller reports it as a usage error before any stage runs.
 */
export function reportPatternsProblem(input: string, patterns: string, scope: ReportScope): string | undefined {
  const globScope = { cwd: scope.cwd ?? process.cwd(), root: scope.workspace }
  for (const pattern of positivePatterns(splitPatterns(patterns))) {
    const problem = patternProblem(pattern, globScope)
    if (problem !== undefined) return `Input '${input}': ${problem}`
  }
  return undefined
}

/** The first report input whose patterns reach outside the workspace, with why; see reportPatternsProblem. */
export function reportInputsProblem(
  inputs: { junitXml: string; coverageReport: string; securityReport: string },
  scope: ReportScope
): { input: 'junit-xml' | 'coverage-report' | 'security-report'; message: string } | undefined {
  const given = [
    ['junit-xml', inputs.junitXml],
    ['coverage-report', inputs.coverageReport],
    ['security-report', inputs.securityReport]
  ] as const
  for (const [input, patterns] of given) {
    const message = reportPatternsProblem(input, patterns, scope)
    if (message !== undefined) return { input, message }
  }
  return undefined
}

/**
 * The report files an input names, or why it names none: a pattern that matches no file
 * is a failed check (the test step did not write where the input says), not a usage error.
 * A file reached by several paths (links, overlapping patterns) is read once.
 */
export async function reportFilesOf(input: string, patterns: string, hint: string, scope: ReportScope): Promise<{ files: string[] } | { problem: string }> {
  let matches: PatternMatch[]
  try {
    matches = await matchReportPatterns(patterns, scope)
  } catch (error) {
    return { problem: `input '${input}': ${errorMessage(error)}` }
  }
  const unmatched = matches.filter(match => match.files.length === 0)
  if (matches.length === 0 || unmatched.length > 0) {
    const which = unmatched.map(match => `'${match.pattern}'`).join(', ') || `'${patterns.trim()}'`
    const skipped = unmatched.flatMap(match => match.skippedLinks)
    const links =
      skipped.length > 0
        ? ` (not followed, as they lead out of the workspace: ${skipped.slice(0, 3).join(', ')}${skipped.length > 3 ? `, and ${skipped.length - 3} more` : ''})`
        : ''
    return { problem: `input '${input}': ${which} matched no file (relative to ${scope.cwd ?? process.cwd()})${links}; ${hint}` }
  }
  return { files: onePerRealFile(matches) }
}

/** Globs from an input (see matchReportPatterns): sorted absolute paths of the matched FILES, one per real file. */
export async function resolveReportFiles(patterns: string, scope: ReportScope): Promise<string[]> {
  return onePerRealFile(await matchReportPatterns(patterns, scope))
}

function onePerRealFile(matches: PatternMatch[]): string[] {
  // by real path: the first path reached without a link, else the first
  const byReal = new Map<string, { file: string; throughLink: boolean }>()
  for (const match of matches) {
    for (const file of match.files) {
      const { real, throughLink } = match.realPaths.get(file) ?? { real: file, throughLink: false }
      const known = byReal.get(real)
      if (known === undefined || (known.throughLink && !throughLink)) byReal.set(real, { file, throughLink })
    }
  }
  return [...byReal.values()].map(entry => entry.file).sort()
}

export { displayPath } from '../workspace-paths.js'
export { GLOB_LIMITS, GlobLimitError, PatternError, type GlobLimits } from './globs.js'

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
// ---- quoting a report ----------------------------------------------------------

/** The most of a report's own text an error message quotes. */
export const EXCERPT_LENGTH = 40
/** Only this much of a line is looked at for credentials (a quote never shows more than EXCERPT_LENGTH). */
const MASK_WINDOW = 4096

/** Shapes of credentials: each is replaced, keeping only what says which kind it was. */
const CREDENTIAL_SHAPES: Array<[RegExp, string]> = [
  [/\bpypi-[\w-]+/g, 'pypi-***'],
  [/\b(gh[pousr]_)\w+/g, '$1***'],
  [/\bgithub_pat_\w+/g, 'github_pat_***'],
  [/\b(AKIA|ASIA)[0-9A-Z]{12,}/g, '$1***'],
  [/\beyJ[\w-]+\.[\w-]+\.[\w-]*/g, '***'],
  [/\b((?:proxy-)?authorization)(["']?\s*[:=]\s*).*/gi, '$1$2***'],
  [/\b(bearer|basic|token)(\s+)[\w+/=.~-]{8,}/gi, '$1$2***'],
  [/([a-z][\w+.-]*:\/\/)[^\s/@]+@/gi, '$1***@'],
  [
    /\b([\w.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|credentials?|auth)[\w.-]*)(["']?\s*[:=]\s*)("[^"]*"?|'[^']*'?|[^\s,;&}]+)/gi,
    '$1$2***'
  ]
]

/** A text with every credential shape in it masked (pypi-…, gh?_…, github_pat_…, password=…, Authorization: …, user:pass@ in URLs). */
export function maskCredentials(text: string): string {
  let masked = text
  for (const [shape, replacement] of CREDENTIAL_SHAPES) masked = masked.replace(shape, replacement)
  return masked
}

/** Control characters, C1 controls, bidirectional overrides and line separators, shown escaped. */
function escapeControls(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]/g, char => {
    const code = char.charCodeAt(0)
    if (char === '\t') return '\\t'
    if (char === '\r') return '\\r'
    if (char === '\n') return '\\n'
    return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`
  })
}

/**
 * What an error message may quote of a report's text (a file named by mistake could hold
 * credentials): its first non-blank line, credential shapes masked, at most `max` characters,
 * control characters escaped.
 */
export function excerpt(text: string, max: number = EXCERPT_LENGTH): string {
  const start = text.replace(/^\uFEFF/, '').slice(0, MASK_WINDOW * 4)
  const line = (start.split(/\r\n|\n|\r/).find(part => part.trim() !== '') ?? '').trim().slice(0, MASK_WINDOW)
  const masked = maskCredentials(line)
  const chars = [...masked]
  const cut = chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : masked
  return escapeControls(cut)
}

/**
 * A parser's message about a report, safe to show: credential shapes masked, control
 * characters escaped, any word (a name taken from the report) cut to EXCERPT_LENGTH.
 */
export function safeReportMessage(message: string): string {
  const masked = escapeControls(maskCredentials(message.slice(0, MASK_WINDOW)))
  return masked.replace(/\S{41,}/g, word => `${[...word].slice(0, EXCERPT_LENGTH - 1).join('')}…`)
}

/**
 * Why JSON.parse refused a report, without the text V8 quotes from it
 * (`Unexpected token 'p', "pypi-AgEIc"... is not valid JSON`).
 */
export function jsonSyntaxProblem(error: unknown): string {
  const message = errorMessage(error)
    .replace(/,?\s*"[\s\S]*"(?:\.\.\.)?\s+is not valid JSON$/, '')
    .replace(/^Unexpected token '[\s\S]*?'$/, 'an unexpected character')
  return safeReportMessage(message)
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
    return new ReportError(`is not well-formed XML: line ${errorLine}: ${safeReportMessage(match[3] as string)}`, errorLine)
  }
  return new ReportError(`is not well-formed XML: line ${line}: ${safeReportMessage(message)}`, line)
}
