// License-Expression as PyPI judges it: warehouse validates core metadata with packaging, whose
// canonicalize_license_expression (packaging/licenses/__init__.py:71-186) accepts or refuses the expression.
// This is a port of that function, step by step, with the SPDX tables it reads (packaging/licenses/_spdx.py)
// generated into data/spdx.json by scripts/refresh-pypi-data.mjs.
//
// Why packaging 26.2 and not the newest: warehouse pins packaging==26.2 (requirements/main.txt:1551 at commit
// 6b62157124ab), and 26.3 changed this function in ways that change what is refused. 26.2 takes
// `LicenseRef-` with nothing after it and `LicenseRef-x+` when another token spells `LicenseRef-x`; it lets
// WITH stand before a parenthesis or a second WITH ('MIT WITH (Apache-2.0)', 'MIT WITH A WITH B'); its
// licenseref message quotes the token without its '+'. Line numbers below are 26.2's; its _spdx.py is the
// same as 26.3's (SPDX list 3.27.0). Follow warehouse when it moves its pin.
import spdx from './data/spdx.json' with { type: 'json' }
import { pyRepr } from './python.js'

/** Where the SPDX tables come from: the packaging release and the SPDX license list version it states. */
export const SPDX_SOURCE: { package: string; version: string; spdxVersion: string } = {
  package: spdx.source.package,
  version: spdx.source.version,
  spdxVersion: spdx.spdxVersion
}

/**
 * packaging's InvalidLicenseExpression (a ValueError): the message is packaging's, word for word.
 *
 * `python` names the exception packaging really raises. It is 'KeyError' for a `LicenseRef-…+` whose id
 * without the '+' is spelled nowhere else in the expression: 26.2 looks that id up in its own table of the
 * expression's refs (__init__.py:174) and fails. packaging's metadata catches ValueError only
 * (metadata.py:698-704) and warehouse's upload view catches InvalidMetadata only (forklift/legacy.py:701-703),
 * so PyPI answers such an upload with a server error (HTTP 500), not a 400 naming the field; the message is
 * then str(KeyError), the repr of the missing key.
 */
export class InvalidLicenseExpression extends Error {
  override name = 'InvalidLicenseExpression'
  readonly python: 'InvalidLicenseExpression' | 'KeyError'

  constructor(message: string, python: 'InvalidLicenseExpression' | 'KeyError' = 'InvalidLicenseExpression') {
    super(message)
    this.python = python
  }
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
// packaging/licenses/__init__.py:51 license_ref_allowed = re.compile("^[A-Za-z0-9.-]*$"), matched (:171)
// against the whole lower-cased token without its '+', prefix included: so an empty id passes. The tokens
// never hold a newline, which Python's `$` would let through at the end: they come from a whitespace split.
const LICENSE_REF_ALLOWED = /^[A-Za-z0-9.-]*$/
// Python's str.split() with no argument splits on runs of what str.isspace() calls whitespace (this set, not
// JavaScript's \s: it has \x1c-\x1f and \x85, and not \ufeff).
const PY_WHITESPACE = /[\t\n\v\f\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/
// CPython's tokenizer refuses a 201st nested parenthesis (MAXLEVEL 200): "too many nested parentheses".
const PY_MAX_NESTING = 200

function pySplit(text: string): string[] {
  return text.split(PY_WHITESPACE).filter(token => token !== '')
}

/**
 * Whether Python's compile(..., "eval") accepts the placeholder expression packaging builds
 * (packaging/licenses/__init__.py:126-147 in 26.2): `False` for every license, `or`/`and` between, parentheses around.
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
 * packaging.licenses.canonicalize_license_expression (26.2): the canonical form of a valid License-Expression
 * ('mit and (apache-2.0 or bsd-2-clause)' → 'MIT AND (Apache-2.0 OR BSD-2-Clause)'); throws
 * InvalidLicenseExpression with packaging's message for anything packaging refuses (see its `python` field
 * for the one case where packaging raises KeyError instead).
 */
export function canonicalizeLicenseExpression(rawLicenseExpression: string): string {
  const invalid = (): InvalidLicenseExpression => new InvalidLicenseExpression(`Invalid license expression: ${pyRepr(rawLicenseExpression)}`)
  // :102-104
  if (!rawLicenseExpression) throw invalid()

  // :108-114 parentheses padded so a whitespace split tokenizes; LicenseRef- ids keep their case after the
  // prefix (the last spelling of each wins, as in packaging's dict comprehension). A trailing '+' stays part
  // of the key here, which is why :174 can miss.
  const padded = rawLicenseExpression.replaceAll('(', ' ( ').replaceAll(')', ' ) ')
  const licenseRefs = new Map<string, string>()
  for (const ref of pySplit(padded)) {
    if (ref.toLowerCase().startsWith('licenseref-')) licenseRefs.set(ref.toLowerCase(), 'LicenseRef-' + ref.slice('LicenseRef-'.length))
  }

  // :118-120
  const tokens = pySplit(padded.toLowerCase())

  // :126-147 the placeholder Python expression, and the two shapes packaging refuses before compiling it
  // (WITH stands in as `or`, so this pass only sees it between two operands)
  const pythonTokens: string[] = []
  for (const token of tokens) {
    const last = pythonTokens.at(-1)
    if (!GRAMMAR.has(token)) pythonTokens.push('False')
    else if (token === 'with') pythonTokens.push('or')
    else if ((token === '(' && last !== undefined && !['or', 'and', '('].includes(last)) || (token === ')' && last === '(')) throw invalid()
    else pythonTokens.push(token)
  }
  if (!pythonCompiles(pythonTokens)) throw invalid()

  // :150-179 the final pass: each id looked up, LicenseRef- checked; a token right after WITH must be a known
  // exception, and nothing else about WITH is checked (26.2 has no look at what precedes or follows it)
  const { licenses, exceptions } = spdxTables()
  const normalized: string[] = []
  for (const token of tokens) {
    // :152-154
    if (GRAMMAR.has(token)) {
      normalized.push(token.toUpperCase())
      continue
    }
    // :156-161
    if (normalized.at(-1) === 'WITH') {
      const exception = exceptions.get(token)
      if (exception === undefined) throw new InvalidLicenseExpression(`Unknown license exception: ${pyRepr(token)}`)
      normalized.push(exception.id)
      continue
    }
    // :163-168
    const suffix = token.endsWith('+') ? '+' : ''
    const finalToken = suffix ? token.slice(0, -1) : token
    if (finalToken.startsWith('licenseref-')) {
      // :170-174 the message quotes the token without its '+'
      if (!LICENSE_REF_ALLOWED.test(finalToken)) throw new InvalidLicenseExpression(`Invalid licenseref: ${pyRepr(finalToken)}`)
      const spelled = licenseRefs.get(finalToken)
      if (spelled === undefined) throw new InvalidLicenseExpression(pyRepr(finalToken), 'KeyError')
      normalized.push(spelled + suffix)
    } else {
      // :176-179
      const license = licenses.get(finalToken)
      if (license === undefined) throw new InvalidLicenseExpression(`Unknown license: ${pyRepr(finalToken)}`)
      normalized.push(license.id + suffix)
    }
  }

  // :181-186
  return normalized.join(' ').replaceAll('( ', '(').replaceAll(' )', ')')
}
