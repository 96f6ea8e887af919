// Dependency specifiers (PEP 508), version specifiers and versions (PEP 440) exactly as packaging 26.2 reads
// them: the tokenizer and recursive-descent parser of packaging/_tokenizer.py and _parser.py, Requirement
// (requirements.py), Marker's string form (markers.py), Specifier/SpecifierSet's syntax (specifiers.py) and
// Version's pattern and string form (version.py). Warehouse validates Requires-Dist, Provides-Dist,
// Obsoletes-Dist, Requires-Python and Version with these classes, so what they accept and their error text
// decide PyPI's answer. 26.2, not the newer 26.3, because warehouse pins packaging==26.2
// (requirements/main.txt at 6b62157); line citations are to the 26.2 tag. Where 26.2 differs from 26.3:
// a requirement may end in one '\n' (END is `$`); a bad quoted marker value and an invalid specifier inside a
// requirement raise exceptions nothing catches (PyPI answers HTTP 500, see PackagingCrash); '.*' after any
// operator has one message; marker values always print in double quotes; only top-level `extra` comparisons
// are normalized; a doubly parenthesized group prints without its parentheses.
//
// Python's regular expressions differ from JavaScript's in ways these patterns reach: `\s` and str.strip()
// know more spaces, `\b` and `\w` are Unicode-aware, and IGNORECASE outside `(?a:...)` lets 'ſ' match 's' and
// 'ı'/'İ' match 'i'. The patterns below spell those sets out. Every pattern is linear on hostile input: no
// nested quantifier can split the same text two ways.
import { pyRepr } from './python.js'

/** Python's str.isspace() set, which is also `\s` in a str pattern and what str.strip() removes. */
const PY_SPACE = '\\t\\n\\v\\f\\r\\x1c-\\x1f \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000'
const PY_SPACE_RUN_START = new RegExp(`^[${PY_SPACE}]+`)
const PY_SPACE_RUN_END = new RegExp(`[${PY_SPACE}]+$`)

/** Python's str.strip() with no argument. */
export function pyStrip(text: string): string {
  return text.replace(PY_SPACE_RUN_START, '').replace(PY_SPACE_RUN_END, '')
}

/** The number of code points before a UTF-16 index: Python counts positions in code points. */
const codePoints = (text: string, end: number): number => [...text.slice(0, end)].length

// ---------------------------------------------------------------------------------------------------------
// Versions (packaging/version.py)

/** ASCII case-insensitive spelling of a word, as `(?a:...)` under re.IGNORECASE matches it. */
function ascii(word: string): string {
  return [...word].map(c => (/[a-z]/.test(c) ? `[${c}${c.toUpperCase()}]` : c)).join('')
}

/** Unicode case-insensitive spelling, as re.IGNORECASE matches outside `(?a:...)`: 'İ'/'ı' match i, 'ſ' s, 'K' k. */
function unicodeCase(word: string): string {
  const extra: Record<string, string> = { i: '\\u0130\\u0131', s: '\\u017f', k: '\\u212a' }
  return [...word].map(c => (/[a-z]/.test(c) ? `[${c}${c.toUpperCase()}${extra[c] ?? ''}]` : c)).join('')
}

const alternatives = (words: string[], spell: (w: string) => string): string => `(?:${words.map(spell).join('|')})`

// version.py:193 _VERSION_PATTERN (its possessive quantifiers accept exactly what the plain ones do here: no
// separator can start a following part), compiled with re.VERBOSE | re.IGNORECASE, the body inside (?a:...)
const VERSION_BODY =
  `[vV]?(?:([0-9]+)!)?([0-9]+(?:\\.[0-9]+)*)` +
  `(?:[._-]?(${alternatives(['alpha', 'a', 'beta', 'b', 'preview', 'pre', 'c', 'rc'], ascii)})[._-]?([0-9]+)?)?` +
  `(?:-([0-9]+)|[._-]?(${alternatives(['post', 'rev', 'r'], ascii)})[._-]?([0-9]+)?)?` +
  `(?:[._-]?(${ascii('dev')})[._-]?([0-9]+)?)?` +
  `(?:\\+([a-zA-Z0-9]+(?:[._-][a-zA-Z0-9]+)*))?`
// version.py:392 Version._regex = \s* VERSION_PATTERN \s*, used with fullmatch
const VERSION_RE = new RegExp(`^[${PY_SPACE}]*${VERSION_BODY}[${PY_SPACE}]*$`)

const LETTER_NORMALIZATION: Record<string, string> = { alpha: 'a', beta: 'b', c: 'rc', pre: 'rc', preview: 'rc', rev: 'post', r: 'post' }

/** int(text) as Python prints it back: leading zeros dropped. */
const pyInt = (digits: string): string => digits.replace(/^0+(?=[0-9])/, '')

export interface Pep440Version {
  /** str(Version(text)): the normalized form ('1.0.0-RC1' -> '1.0.0rc1'). */
  normalized: string
  /** Version.local: the local label, normalized ('Ubuntu-1' -> 'ubuntu.1'), or undefined. */
  local?: string
}

/**
 * packaging's Version(text) (version.py:404): undefined where it raises InvalidVersion. A component longer than
 * Python's int() accepts (4300 digits) makes packaging raise a ValueError, not InvalidVersion; that text is
 * accepted here (it is no version anyone publishes).
 */
export function parseVersion(text: string): Pep440Version | undefined {
  // version.py:418-436: the fast path for digits and dots gives the same verdict as the pattern
  const match = VERSION_RE.exec(text)
  if (!match) return undefined
  const [, epoch, release, preLetter, preNumber, postImplicit, postLetter, postNumber, devLetter, devNumber, local] = match
  let normalized = release!.split('.').map(pyInt).join('.')
  if (epoch !== undefined && pyInt(epoch) !== '0') normalized = `${pyInt(epoch)}!${normalized}`
  if (preLetter !== undefined) {
    const letter = preLetter.toLowerCase()
    normalized += `${LETTER_NORMALIZATION[letter] ?? letter}${pyInt(preNumber ?? '0')}`
  }
  if (postImplicit !== undefined) normalized += `.post${pyInt(postImplicit)}`
  else if (postLetter !== undefined) normalized += `.post${pyInt(postNumber ?? '0')}`
  if (devLetter !== undefined) normalized += `.dev${pyInt(devNumber ?? '0')}`
  let localLabel: string | undefined
  if (local !== undefined) {
    localLabel = local
      .split(/[._-]/)
      .map(part => (/^[0-9]+$/.test(part) ? pyInt(part) : part.toLowerCase()))
      .join('.')
    normalized += `+${localLabel}`
  }
  return localLabel === undefined ? { normalized } : { normalized, local: localLabel }
}

// ---------------------------------------------------------------------------------------------------------
// Specifiers (packaging/specifiers.py)

const PRE_WORDS = ['alpha', 'beta', 'preview', 'pre', 'a', 'b', 'c', 'rc']
const POST_WORDS = ['post', 'rev', 'r']

/** The three optional release suffixes of a specifier's version, spelled with `spell`. */
function suffixes(spell: (w: string) => string): string {
  return (
    `(?:[-_.]?${alternatives(PRE_WORDS, spell)}[-_.]?[0-9]*)?` +
    `(?:-[0-9]+|[-_.]?${alternatives(POST_WORDS, spell)}[-_.]?[0-9]*)?` +
    `(?:[-_.]?${spell('dev')}[-_.]?[0-9]*)?`
  )
}

// specifiers.py:466 Specifier._specifier_regex_str (re.VERBOSE | re.IGNORECASE); `(?a:...)` groups are ASCII
const SPECIFIER_BODY =
  '(?:' +
  `===[${PY_SPACE}]*[^${PY_SPACE};)]*` +
  '|' +
  `(?:==|!=)[${PY_SPACE}]*[vV]?(?:[0-9]+!)?[0-9]+(?:\\.[0-9]+)*` +
  `(?:\\.\\*|${suffixes(ascii)}(?:\\+[a-zA-Z0-9]+(?:[-_.][a-zA-Z0-9]+)*)?)?` +
  '|' +
  `~=[${PY_SPACE}]*[vV]?(?:[0-9]+!)?[0-9]+(?:\\.[0-9]+)+${suffixes(unicodeCase)}` +
  '|' +
  `(?:<=|>=|<|>)[${PY_SPACE}]*[vV]?(?:[0-9]+!)?[0-9]+(?:\\.[0-9]+)*${suffixes(ascii)}` +
  ')'
const SPECIFIER_FULL = new RegExp(`^${SPECIFIER_BODY}$`)

/** packaging.specifiers.InvalidSpecifier. */
export class InvalidSpecifier extends Error {
  override name = 'InvalidSpecifier'
}

/** One Specifier(text) (specifiers.py:573): its str() form, operator and version, or InvalidSpecifier. */
function parseSpecifier(text: string): string {
  // the item is already stripped, so `\s* regex \s*` (specifiers.py:558) is the bare pattern
  if (!SPECIFIER_FULL.test(text)) throw new InvalidSpecifier(`Invalid specifier: ${pyRepr(text)}`)
  const operator = text.startsWith('===') ? '===' : /^(?:~=|==|!=|<=|>=)/.test(text) ? text.slice(0, 2) : text.slice(0, 1)
  return `${operator}${pyStrip(text.slice(operator.length))}`
}

export interface SpecifierSet {
  /** str() of each Specifier, in the order given. */
  specifiers: string[]
}

/** SpecifierSet(text) (specifiers.py:1362): split at commas, each part stripped and parsed; throws InvalidSpecifier. */
export function parseSpecifierSet(text: string): SpecifierSet {
  const parts = text
    .split(',')
    .map(pyStrip)
    .filter(part => part !== '')
  return { specifiers: parts.map(parseSpecifier) }
}

/**
 * Specifier._canonical_spec (specifiers.py:851): what Specifier equality and hashing compare. A `~=` version the
 * specifier pattern takes but Version refuses ('~=1.0.poſt1': the pattern matches 'ſ' as 's', Version is ASCII)
 * fails the assertion at specifiers.py:630.
 */
function canonicalSpecifier(specifier: string): string {
  const operator = /^(?:===|~=|==|!=|<=|>=|<|>)/.exec(specifier)![0]
  const version = specifier.slice(operator.length)
  if (operator === '===' || version.endsWith('.*')) return specifier
  const match = VERSION_RE.exec(version)
  if (!match) throw new PackagingCrash('AssertionError', `str(SpecifierSet) hashes ${pyRepr(specifier)}, whose version Version() refuses`)
  // utils.py:119 canonicalize_version: trailing zeros of the release dropped (one kept), except for ~=
  let release = match[2]!.split('.').map(pyInt)
  if (operator !== '~=') while (release.length > 1 && release[release.length - 1] === '0') release = release.slice(0, -1)
  const normalized = parseVersion(version)!.normalized
  const epoch = /^[0-9]+!/.exec(normalized)?.[0] ?? ''
  const rest = normalized.slice(epoch.length).replace(/^[0-9]+(?:\.[0-9]+)*/, '')
  return `${operator}${epoch}${release.join('.')}${rest}`
}

/**
 * str(SpecifierSet) (specifiers.py:1525): with two or more specifiers, sorted by text and those equal to an
 * earlier one dropped (1407); throws PackagingCrash where that comparison fails (see canonicalSpecifier).
 */
export function specifierSetString(set: SpecifierSet): string {
  if (set.specifiers.length <= 1) return set.specifiers.join(',')
  const kept = new Map<string, string>()
  for (const specifier of [...set.specifiers].sort(comparePy)) {
    const key = canonicalSpecifier(specifier)
    if (!kept.has(key)) kept.set(key, specifier)
  }
  return [...kept.values()].join(',')
}

/** Python's ordering of str: by code point. */
function comparePy(a: string, b: string): number {
  const x = [...a]
  const y = [...b]
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!
    if (d !== 0) return d
  }
  return x.length - y.length
}

// ---------------------------------------------------------------------------------------------------------
// The tokenizer (packaging/_tokenizer.py)

// Python's \b and \w in a str pattern: a word character is alphanumeric (any script) or '_'
const WORD = '[\\p{L}\\p{N}_]'
const WORD_START = `(?<!${WORD})`
const WORD_END = `(?!${WORD})`
const BOUNDARY = `(?:(?<=${WORD})(?!${WORD})|(?<!${WORD})(?=${WORD}))`

const sticky = (source: string): RegExp => new RegExp(source, 'yu')

// _tokenizer.py:39 DEFAULT_RULES
const RULES = {
  LEFT_PARENTHESIS: sticky('\\('),
  RIGHT_PARENTHESIS: sticky('\\)'),
  LEFT_BRACKET: sticky('\\['),
  RIGHT_BRACKET: sticky('\\]'),
  SEMICOLON: sticky(';'),
  COMMA: sticky(','),
  QUOTED_STRING: sticky(`(?:'[^']*'|"[^"]*")`),
  OP: sticky('(?:===|==|~=|!=|<=|>=|<|>)'),
  BOOLOP: sticky(`${WORD_START}(?:or|and)${WORD_END}`),
  IN: sticky(`${WORD_START}in${WORD_END}`),
  NOT: sticky(`${WORD_START}not${WORD_END}`),
  VARIABLE: sticky(
    `${WORD_START}(?:python_version|python_full_version|os[._]name|sys[._]platform|platform_(?:release|system)` +
      `|platform[._](?:version|machine|python_implementation)|python_implementation|implementation_(?:name|version)` +
      `|extras?|dependency_groups)${WORD_END}`
  ),
  SPECIFIER: sticky(SPECIFIER_BODY),
  AT: sticky('@'),
  URL: sticky('[^ \\t]+'),
  IDENTIFIER: sticky(`${WORD_START}[a-zA-Z0-9][a-zA-Z0-9._-]*${BOUNDARY}`),
  VERSION_PREFIX_TRAIL: sticky('\\.\\*'),
  VERSION_LOCAL_LABEL_TRAIL: sticky('\\+[a-z0-9]+(?:[-_.][a-z0-9]+)*'),
  WS: sticky('[ \\t]+'),
  // Python's `$` without MULTILINE (_tokenizer.py:87): the very end, or just before one final '\n'
  END: sticky('(?=\\n?$)')
} as const
type RuleName = keyof typeof RULES

interface Token {
  name: RuleName
  text: string
  position: number
}

/** packaging._tokenizer.ParserSyntaxError, with its str() as the message. */
export class ParserSyntaxError extends Error {
  override name = 'ParserSyntaxError'
  constructor(
    readonly reason: string,
    readonly source: string,
    /** Code-point offsets, as Python counts them. */
    readonly span: [number, number]
  ) {
    const marker = ' '.repeat(span[0]) + '~'.repeat(Math.max(0, span[1] - span[0])) + '^'
    super(`${reason}\n    ${source}\n    ${marker}`)
  }
}

/** Nesting of parenthesized markers PyPI's parser survives: past it Python's recursion limit ends the request. */
export const MAX_MARKER_NESTING = 400

/**
 * An exception packaging 26.2 raises that neither it nor warehouse catches: PyPI answers with a server error
 * (HTTP 500) instead of a 400 with a reason. `exception` is the Python exception's name.
 */
export class PackagingCrash extends Error {
  override name = 'PackagingCrash'
  constructor(
    readonly exception: string,
    message: string
  ) {
    super(message)
  }
}

/** Raised where packaging would hit RecursionError. */
export class MarkerTooDeep extends PackagingCrash {
  override name = 'MarkerTooDeep'
  constructor() {
    super('RecursionError', 'maximum recursion depth exceeded')
  }
}

class Tokenizer {
  position = 0
  private next: Token | undefined
  depth = 0

  constructor(readonly source: string) {}

  consume(name: RuleName): void {
    if (this.check(name)) this.read()
  }

  check(name: RuleName, peek = false): boolean {
    const rule = RULES[name]
    rule.lastIndex = this.position
    const match = rule.exec(this.source)
    if (!match) return false
    if (!peek) this.next = { name, text: match[0], position: this.position }
    return true
  }

  expect(name: RuleName, expected: string): Token {
    if (!this.check(name)) this.raise(`Expected ${expected}`)
    return this.read()
  }

  read(): Token {
    const token = this.next!
    this.position += token.text.length
    this.next = undefined
    return token
  }

  raise(message: string, spanStart?: number, spanEnd?: number): never {
    const start = spanStart ?? this.position
    const end = spanEnd ?? this.position
    throw new ParserSyntaxError(message, this.source, [codePoints(this.source, start), codePoints(this.source, end)])
  }

  /** _tokenizer.py:173 enclosing_tokens: the body runs between an optional open token and its matching close. */
  enclosing<T>(open: RuleName, close: RuleName, around: string, body: () => T): T {
    let openPosition: number | undefined
    if (this.check(open)) {
      openPosition = this.position
      this.read()
    }
    const result = body()
    if (openPosition === undefined) return result
    if (!this.check(close)) this.raise(`Expected matching ${close} for ${open}, after ${around}`, openPosition)
    this.read()
    return result
  }
}

// ---------------------------------------------------------------------------------------------------------
// The parser (packaging/_parser.py)

interface MarkerVar {
  kind: 'variable' | 'value'
  value: string
}
interface MarkerItem {
  left: MarkerVar
  op: string
  right: MarkerVar
}
type MarkerList = Array<MarkerItem | MarkerList | 'and' | 'or'>

function parseRequirementTokens(tokenizer: Tokenizer): { name: string; url: string; extras: string[]; specifier: string; marker?: MarkerList } {
  tokenizer.consume('WS')
  const name = tokenizer.expect('IDENTIFIER', 'package name at the start of dependency specifier').text
  tokenizer.consume('WS')
  const extras = parseExtras(tokenizer)
  tokenizer.consume('WS')
  const { url, specifier, marker } = parseRequirementDetails(tokenizer)
  tokenizer.expect('END', 'end of dependency specifier')
  return marker === undefined ? { name, url, extras, specifier } : { name, url, extras, specifier, marker }
}

function parseRequirementDetails(tokenizer: Tokenizer): { url: string; specifier: string; marker?: MarkerList } {
  if (tokenizer.check('AT')) {
    tokenizer.read()
    tokenizer.consume('WS')
    const urlStart = tokenizer.position
    const url = tokenizer.expect('URL', 'URL after @').text
    if (tokenizer.check('END', true)) return { url, specifier: '' }
    tokenizer.expect('WS', 'whitespace after URL')
    if (tokenizer.check('END', true)) return { url, specifier: '' }
    return { url, specifier: '', marker: parseRequirementMarker(tokenizer, urlStart, 'semicolon (after URL and whitespace)') }
  }
  const specifierStart = tokenizer.position
  const specifier = parseSpecifier508(tokenizer)
  tokenizer.consume('WS')
  if (tokenizer.check('END', true)) return { url: '', specifier }
  const expected = specifier ? 'comma (within version specifier), semicolon (after version specifier)' : 'semicolon (after name with no version specifier)'
  return { url: '', specifier, marker: parseRequirementMarker(tokenizer, specifierStart, expected) }
}

function parseRequirementMarker(tokenizer: Tokenizer, spanStart: number, expected: string): MarkerList {
  if (!tokenizer.check('SEMICOLON')) tokenizer.raise(`Expected ${expected} or end`, spanStart)
  tokenizer.read()
  const marker = parseMarker(tokenizer)
  tokenizer.consume('WS')
  return marker
}

function parseExtras(tokenizer: Tokenizer): string[] {
  if (!tokenizer.check('LEFT_BRACKET', true)) return []
  return tokenizer.enclosing('LEFT_BRACKET', 'RIGHT_BRACKET', 'extras', () => {
    tokenizer.consume('WS')
    const extras = parseExtrasList(tokenizer)
    tokenizer.consume('WS')
    return extras
  })
}

function parseExtrasList(tokenizer: Tokenizer): string[] {
  const extras: string[] = []
  if (!tokenizer.check('IDENTIFIER')) return extras
  extras.push(tokenizer.read().text)
  for (;;) {
    tokenizer.consume('WS')
    if (tokenizer.check('IDENTIFIER', true)) tokenizer.raise('Expected comma between extra names')
    else if (!tokenizer.check('COMMA')) break
    tokenizer.read()
    tokenizer.consume('WS')
    extras.push(tokenizer.expect('IDENTIFIER', 'extra name after comma').text)
  }
  return extras
}

function parseSpecifier508(tokenizer: Tokenizer): string {
  return tokenizer.enclosing('LEFT_PARENTHESIS', 'RIGHT_PARENTHESIS', 'version specifier', () => {
    tokenizer.consume('WS')
    const specifiers = parseVersionMany(tokenizer)
    tokenizer.consume('WS')
    return specifiers
  })
}

function parseVersionMany(tokenizer: Tokenizer): string {
  let specifiers = ''
  while (tokenizer.check('SPECIFIER')) {
    const spanStart = tokenizer.position
    const specifier = tokenizer.read().text
    specifiers += specifier
    if (tokenizer.check('VERSION_PREFIX_TRAIL', true)) {
      // _parser.py:268: one message whatever the operator (26.3 words '==1.0a1.*' differently)
      const message = '.* suffix can only be used with `==` or `!=` operators'
      // the span ends one code point past the specifier (the '.' of '.*')
      throw new ParserSyntaxError(message, tokenizer.source, [codePoints(tokenizer.source, spanStart), codePoints(tokenizer.source, tokenizer.position) + 1])
    }
    if (tokenizer.check('VERSION_LOCAL_LABEL_TRAIL', true)) {
      tokenizer.raise('Local version label can only be used with `==` or `!=` operators', spanStart)
    }
    tokenizer.consume('WS')
    if (!tokenizer.check('COMMA')) break
    specifiers += tokenizer.read().text
    tokenizer.consume('WS')
  }
  return specifiers
}

function parseMarker(tokenizer: Tokenizer): MarkerList {
  const expression: MarkerList = [parseMarkerAtom(tokenizer)]
  while (tokenizer.check('BOOLOP')) {
    const token = tokenizer.read()
    const right = parseMarkerAtom(tokenizer)
    expression.push(token.text as 'and' | 'or', right)
  }
  return expression
}

function parseMarkerAtom(tokenizer: Tokenizer): MarkerItem | MarkerList {
  tokenizer.consume('WS')
  let marker: MarkerItem | MarkerList
  if (tokenizer.check('LEFT_PARENTHESIS', true)) {
    if (++tokenizer.depth > MAX_MARKER_NESTING) throw new MarkerTooDeep()
    marker = tokenizer.enclosing('LEFT_PARENTHESIS', 'RIGHT_PARENTHESIS', 'marker expression', () => {
      tokenizer.consume('WS')
      const inner = parseMarker(tokenizer)
      tokenizer.consume('WS')
      return inner
    })
    tokenizer.depth--
  } else {
    marker = parseMarkerItem(tokenizer)
  }
  tokenizer.consume('WS')
  return marker
}

function parseMarkerItem(tokenizer: Tokenizer): MarkerItem {
  tokenizer.consume('WS')
  const left = parseMarkerVar(tokenizer)
  tokenizer.consume('WS')
  const op = parseMarkerOp(tokenizer)
  tokenizer.consume('WS')
  const right = parseMarkerVar(tokenizer)
  tokenizer.consume('WS')
  return { left, op, right }
}

function parseMarkerVar(tokenizer: Tokenizer): MarkerVar {
  if (tokenizer.check('VARIABLE')) {
    const name = tokenizer.read().text.replace(/\./g, '_')
    const variable = name === 'platform_python_implementation' || name === 'python_implementation' ? 'platform_python_implementation' : name
    return { kind: 'variable', value: variable }
  }
  if (tokenizer.check('QUOTED_STRING')) {
    const token = tokenizer.read()
    const value = pythonStringLiteral(token.text)
    // _parser.py:371 process_python_str: ast.literal_eval's SyntaxError is not turned into a ParserSyntaxError
    if (value === undefined) throw new PackagingCrash('SyntaxError', `ast.literal_eval cannot read the marker value ${token.text}`)
    return { kind: 'value', value }
  }
  tokenizer.raise('Expected a marker variable or quoted string')
}

function parseMarkerOp(tokenizer: Tokenizer): string {
  if (tokenizer.check('IN')) {
    tokenizer.read()
    return 'in'
  }
  if (tokenizer.check('NOT')) {
    tokenizer.read()
    tokenizer.expect('WS', "whitespace after 'not'")
    tokenizer.expect('IN', "'in' after 'not'")
    return 'not in'
  }
  if (tokenizer.check('OP')) return tokenizer.read().text
  tokenizer.raise('Expected marker operator, one of <=, <, !=, ==, >=, >, ~=, ===, in, not in')
}

/**
 * ast.literal_eval of a quoted marker value (_parser.py:process_python_str): the escapes of a Python str literal,
 * or undefined where Python raises SyntaxError/ValueError. `\N{name}` is taken on trust when spelled as a name.
 */
function pythonStringLiteral(literal: string): string | undefined {
  const body = literal.slice(1, -1)
  let out = ''
  for (let i = 0; i < body.length; i++) {
    const char = body[i]!
    // a raw line break ends the literal unterminated; Python refuses NUL in source text
    if (char === '\n' || char === '\r' || char === '\0') return undefined
    if (char !== '\\') {
      out += char
      continue
    }
    const next = body[i + 1]
    // a backslash before the closing quote escapes it: the literal is unterminated
    if (next === undefined) return undefined
    i++
    const simple: Record<string, string> = { '\\': '\\', "'": "'", '"': '"', a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v' }
    if (next === '\n') continue
    if (next === '\r') {
      if (body[i + 1] === '\n') i++
      continue
    }
    if (next in simple) out += simple[next]
    else if (/[0-7]/.test(next)) {
      const digits = /^[0-7]{1,3}/.exec(body.slice(i))![0]
      out += String.fromCodePoint(parseInt(digits, 8))
      i += digits.length - 1
    } else if (next === 'x' || next === 'u' || next === 'U') {
      const width = next === 'x' ? 2 : next === 'u' ? 4 : 8
      const hex = body.slice(i + 1, i + 1 + width)
      if (!new RegExp(`^[0-9a-fA-F]{${width}}$`).test(hex)) return undefined
      const code = parseInt(hex, 16)
      if (code > 0x10ffff) return undefined
      out += String.fromCodePoint(code)
      i += width
    } else if (next === 'N') {
      // Unicode names and aliases are spelled with letters, digits, spaces and hyphens; whether one exists is
      // not checked (no name table here)
      const named = /^\{([A-Za-z0-9 -]+)\}/.exec(body.slice(i + 1))
      if (!named) return undefined
      out += `\\N{${named[1]}}`
      i += named[0].length
    } else out += `\\${next}`
  }
  return out
}

// ---------------------------------------------------------------------------------------------------------
// Requirement (packaging/requirements.py) and Marker's string form (markers.py)

/** packaging.requirements.InvalidRequirement; its message is str(exc) as warehouse prints it. */
export class InvalidRequirement extends Error {
  override name = 'InvalidRequirement'
}

export interface Requirement {
  name: string
  /** The extras, each once, in the order written. */
  extras: string[]
  /** The version specifier, as SpecifierSet read it (no specifiers when there is none). */
  specifier: SpecifierSet
  url?: string
  /** str(Marker): packaging's normalized form of the environment marker. */
  marker?: string
}

/** PEP 503 normalization, as canonicalize_name (without validation) does it. */
function canonicalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-')
}

/**
 * markers.py:152 _normalize_extras, applied by _normalize_extra_values (168) to the top-level items only: the
 * other side of an `extra` comparison becomes its normalized name, even when it is a variable.
 */
function normalizeExtras(marker: MarkerList): MarkerList {
  return marker.map(item => {
    if (typeof item === 'string' || Array.isArray(item)) return item
    const { left, op, right } = item
    const normalized = (v: MarkerVar): MarkerVar => ({ kind: 'value', value: canonicalizeName(v.value) })
    if (left.kind === 'variable' && left.value === 'extra') return { left, op, right: normalized(right) }
    if (right.kind === 'variable' && right.value === 'extra') return { left: normalized(left), op, right }
    return item
  })
}

/** _parser.py:69 Value.serialize: double quotes, whatever the value holds. */
const serializeVar = (v: MarkerVar): string => (v.kind === 'variable' ? v.value : `"${v.value}"`)

/** markers.py:176 _format_marker. */
function formatMarker(marker: MarkerList | MarkerItem | string, first = true): string {
  if (typeof marker === 'string') return marker
  if (!Array.isArray(marker)) return `${serializeVar(marker.left)} ${marker.op} ${serializeVar(marker.right)}`
  // a one-item list is unwrapped and formatted as if outermost, so ((a or b)) and c loses its parentheses
  if (marker.length === 1 && typeof marker[0] !== 'string') return formatMarker(marker[0]!)
  const inner = marker.map(m => formatMarker(m, false))
  return first ? inner.join(' ') : `(${inner.join(' ')})`
}

/**
 * Requirement(text) (requirements.py:53): throws InvalidRequirement with packaging's message (the parser's
 * three-line syntax error), or PackagingCrash where 26.2 lets another exception escape: a marker value
 * ast.literal_eval refuses, a specifier SpecifierSet refuses (InvalidSpecifier, not caught at
 * requirements.py:61), nesting deep enough for RecursionError.
 */
export function parseRequirement(text: string): Requirement {
  let parsed: ReturnType<typeof parseRequirementTokens>
  try {
    parsed = parseRequirementTokens(new Tokenizer(text))
  } catch (error) {
    if (error instanceof ParserSyntaxError) throw new InvalidRequirement(error.message)
    throw error
  }
  let specifiers: SpecifierSet
  try {
    specifiers = parseSpecifierSet(parsed.specifier)
  } catch (error) {
    if (error instanceof InvalidSpecifier) throw new PackagingCrash('InvalidSpecifier', error.message)
    throw error
  }
  const requirement: Requirement = { name: parsed.name, extras: [...new Set(parsed.extras)], specifier: specifiers }
  if (parsed.url) requirement.url = parsed.url
  if (parsed.marker !== undefined) requirement.marker = formatMarker(normalizeExtras(parsed.marker))
  return requirement
}

/** str(Requirement) (requirements.py:68 _iter_parts); throws PackagingCrash where str(SpecifierSet) does. */
export function requirementString(requirement: Requirement): string {
  let out = requirement.name
  if (requirement.extras.length > 0) out += `[${[...requirement.extras].sort(comparePy).join(',')}]`
  out += specifierSetString(requirement.specifier)
  if (requirement.url) {
    out += ` @ ${requirement.url}`
    if (requirement.marker) out += ' '
  }
  if (requirement.marker) out += `; ${requirement.marker}`
  return out
}
