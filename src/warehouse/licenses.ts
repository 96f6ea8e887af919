// License-Expression as PyPI judges it: warehouse validates core metadata with packaging, whose
// canonicalize_license_expression (packaging 26.3, packaging/licenses/__init__.py:71-198) accepts or refuses
// the expression. This is a port of that function, step by step, with the SPDX tables it reads
// (packaging/licenses/_spdx.py) generated into data/spdx.json by scripts/refresh-pypi-data.mjs.
import spdx from './data/spdx.json' with { type: 'json' }

/** Where the SPDX tables come from: the packaging release and the SPDX license list version it states. */
export const SPDX_SOURCE: { package: string; version: string; spdxVersion: string } = {
  package: spdx.source.package,
  version: spdx.source.version,
  spdxVersion: spdx.spdxVersion
}

/** packaging's InvalidLicenseExpression (a ValueError): the message is packaging's, word for word. */
export class InvalidLicenseExpression extends Error {
  override name = 'InvalidLicenseExpression'
}

interface SpdxEntry {
  id: string
  deprecated: boolean
}

// Keyed by the lower-case id, as packaging's LICENSES and EXCEPTIONS are; built on first use.
let tables: { licenses: Map<string, SpdxEntry>; exceptions: Map<string, SpdxEntry> } | undefined
function spdxTables(): NonNullable<typeof tables> {
  tables ??= {
    licenses: new Map(Object.entries(spdx.licenses as Record<string, SpdxEntry>)),
    exceptions: new Map(Object.entries(spdx.exceptions as Record<string, SpdxEntry>))
  }
  return tables
}

const GRAMMAR = new Set(['or', 'and', 'with', '(', ')'])
// packaging/licenses/__init__.py:51 license_ref_allowed = re.compile("^[A-Za-z0-9.-]+$") (the ids never hold a
// newline, which Python's `$` would let through at the end: they come from a whitespace split)
const LICENSE_REF_ALLOWED = /^[A-Za-z0-9.-]+$/
// Python's str.split() with no argument splits on runs of what str.isspace() calls whitespace (this set, not
// JavaScript's \s: it has \x1c-\x1f and \x85, and not \ufeff).
const PY_WHITESPACE = /[\t\n\v\f\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/
// CPython's tokenizer refuses a 201st nested parenthesis (MAXLEVEL 200): "too many nested parentheses".
const PY_MAX_NESTING = 200

function pySplit(text: string): string[] {
  return text.split(PY_WHITESPACE).filter(token => token !== '')
}

// Python's str.isprintable(), which repr() consults for characters beyond ASCII.
const NOT_PRINTABLE = /[\p{C}\p{Z}]/u

/** Python's repr() of a str, as packaging's f-strings print it ({value!r}). */
export function pyRepr(value: string): string {
  const quote = value.includes("'") && !value.includes('"') ? '"' : "'"
  let out = quote
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0
    if (ch === quote || ch === '\\') out += `\\${ch}`
    else if (ch === '\t') out += '\\t'
    else if (ch === '\n') out += '\\n'
    else if (ch === '\r') out += '\\r'
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`
    else if (code < 0x7f || !NOT_PRINTABLE.test(ch)) out += ch
    else if (code <= 0xff) out += `\\x${code.toString(16).padStart(2, '0')}`
    else if (code <= 0xffff) out += `\\u${code.toString(16).padStart(4, '0')}`
    else out += `\\U${code.toString(16).padStart(8, '0')}`
  }
  return out + quote
}

/**
 * Whether Python's compile(..., "eval") accepts the placeholder expression packaging builds
 * (packaging/licenses/__init__.py:126-147): `False` for every license, `or`/`and` between, parentheses around.
 * Its grammar here is operand (operator operand)*, an operand being `False` or a parenthesised expression.
 */
function pythonCompiles(tokens: string[]): boolean {
  let depth = 0
  let expectOperand = true
  for (const token of tokens) {
    if (expectOperand) {
      if (token === 'False') expectOperand = false
      else if (token === '(') {
        if (depth >= PY_MAX_NESTING) return false
        depth++
      } else return false
    } else if (token === 'or' || token === 'and') expectOperand = true
    else if (token === ')') {
      if (depth === 0) return false
      depth--
    } else return false
  }
  return !expectOperand && depth === 0
}

/**
 * packaging.licenses.canonicalize_license_expression: the canonical form of a valid License-Expression
 * ('mit and (apache-2.0 or bsd-2-clause)' → 'MIT AND (Apache-2.0 OR BSD-2-Clause)'); throws
 * InvalidLicenseExpression with packaging's message for anything packaging refuses.
 */
export function canonicalizeLicenseExpression(rawLicenseExpression: string): string {
  const invalid = (): InvalidLicenseExpression => new InvalidLicenseExpression(`Invalid license expression: ${pyRepr(rawLicenseExpression)}`)
  // :102-104
  if (!rawLicenseExpression) throw invalid()

  // :108-114 parentheses padded so a whitespace split tokenizes; LicenseRef- ids keep their case after the
  // prefix (the last spelling of each wins, as in packaging's dict comprehension)
  const padded = rawLicenseExpression.replaceAll('(', ' ( ').replaceAll(')', ' ) ')
  const licenseRefs = new Map<string, string>()
  for (const ref of pySplit(padded)) {
    if (ref.toLowerCase().startsWith('licenseref-')) licenseRefs.set(ref.toLowerCase(), 'LicenseRef-' + ref.slice('LicenseRef-'.length))
  }

  // :118-120
  const tokens = pySplit(padded.toLowerCase())

  // :126-147 the placeholder Python expression, and the two shapes packaging refuses before compiling it
  const pythonTokens: string[] = []
  for (const token of tokens) {
    const last = pythonTokens.at(-1)
    if (!GRAMMAR.has(token)) pythonTokens.push('False')
    else if (token === 'with') pythonTokens.push('or')
    else if ((token === '(' && last !== undefined && !['or', 'and', '('].includes(last)) || (token === ')' && last === '(')) throw invalid()
    else pythonTokens.push(token)
  }
  if (!pythonCompiles(pythonTokens)) throw invalid()

  // :150-191 the final pass: each id looked up, LicenseRef- checked, WITH followed by a known exception
  const { licenses, exceptions } = spdxTables()
  const normalized: string[] = []
  let lastLicenseStart = false
  tokens.forEach((token, index) => {
    if (GRAMMAR.has(token)) {
      if (token === 'with' && (!lastLicenseStart || index + 1 === tokens.length || GRAMMAR.has(tokens[index + 1] ?? ''))) throw invalid()
      normalized.push(token.toUpperCase())
      lastLicenseStart = false
      return
    }
    if (normalized.at(-1) === 'WITH') {
      const exception = exceptions.get(token)
      if (exception === undefined) throw new InvalidLicenseExpression(`Unknown license exception: ${pyRepr(token)}`)
      normalized.push(exception.id)
      lastLicenseStart = false
      return
    }
    const suffix = token.endsWith('+') ? '+' : ''
    const finalToken = suffix ? token.slice(0, -1) : token
    if (finalToken.startsWith('licenseref-')) {
      const licenseRefId = finalToken.slice('licenseref-'.length)
      if (suffix || !LICENSE_REF_ALLOWED.test(licenseRefId)) throw new InvalidLicenseExpression(`Invalid licenseref: ${pyRepr(token)}`)
      normalized.push(licenseRefs.get(finalToken) ?? finalToken)
    } else {
      const license = licenses.get(finalToken)
      if (license === undefined) throw new InvalidLicenseExpression(`Unknown license: ${pyRepr(finalToken)}`)
      normalized.push(license.id + suffix)
    }
    lastLicenseStart = true
  })

  // :193-198
  return normalized.join(' ').replaceAll('( ', '(').replaceAll(' )', ')')
}
