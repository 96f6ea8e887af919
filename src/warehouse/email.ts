// Author-email and Maintainer-email as warehouse judges them (warehouse/forklift/metadata.py:141-157): the
// address that Python's email.utils.parseaddr finds (CPython 3.14, strict=True, over email._parseaddr's
// AddrlistClass), then email_validator 2.3.0's validate_email(address, check_deliverability=False) with its
// defaults: SMTPUTF8 allowed, no quoted local part, no domain literal, no display name, globally deliverable.
//
// ASCII addresses follow email_validator exactly. For internationalized domains the UTS #46 mapping and the
// IDNA 2008 code point classes are derived from the Unicode properties JavaScript knows (NFKC, lower case,
// general categories, scripts) instead of idna's tables, and the Bidi rule's directions from scripts: the
// verdict may differ there (and so may the wording, which names idna's error). A character email_validator names by its
// Unicode name is named here only for spaces and invisible formatting characters; others print as U+XXXX.
import { pyRepr } from './python.js'

// ---------------------------------------------------------------------------------------------------------
// email.utils.parseaddr (CPython 3.14, Lib/email/utils.py) over email/_parseaddr.py AddrlistClass

const SPECIALS = '()<>@,:;."[]'
const LWS = ' \t'
const CR = '\r\n'
const ATOMENDS = SPECIALS + LWS + CR
const PHRASEENDS = ATOMENDS.replace('.', '')
const FWS = LWS + CR

/** _parseaddr.quote: backslash-escape backslashes and double quotes. */
const quoteAddr = (text: string): string => text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')

/** email._parseaddr.AddrlistClass: the address parser parseaddr uses, method for method. */
class AddrlistClass {
  pos = 0
  commentlist: string[] = []

  constructor(readonly field: string) {}

  private at(): string {
    return this.field[this.pos]!
  }

  gotonext(): string {
    let ws = ''
    while (this.pos < this.field.length) {
      const c = this.at()
      if ((LWS + '\n\r').includes(c)) {
        if (!'\n\r'.includes(c)) ws += c
        this.pos++
      } else if (c === '(') this.commentlist.push(this.getcomment())
      else break
    }
    return ws
  }

  getaddrlist(): Array<[string, string]> {
    const result: Array<[string, string]> = []
    while (this.pos < this.field.length) {
      const ad = this.getaddress()
      if (ad.length > 0) result.push(...ad)
      else result.push(['', ''])
    }
    return result
  }

  getaddress(): Array<[string, string]> {
    this.commentlist = []
    this.gotonext()
    const oldpos = this.pos
    const oldcl = this.commentlist
    const plist = this.getphraselist()
    this.gotonext()
    let returnlist: Array<[string, string]> = []
    if (this.pos >= this.field.length) {
      if (plist.length > 0) returnlist = [[this.commentlist.join(' '), plist[0]!]]
    } else if ('.@'.includes(this.at())) {
      this.pos = oldpos
      this.commentlist = oldcl
      const addrspec = this.getaddrspec()
      returnlist = [[this.commentlist.join(' '), addrspec]]
    } else if (this.at() === ':') {
      returnlist = []
      const fieldlen = this.field.length
      this.pos++
      while (this.pos < this.field.length) {
        this.gotonext()
        if (this.pos < fieldlen && this.at() === ';') {
          this.pos++
          break
        }
        returnlist = returnlist.concat(this.getaddress())
      }
    } else if (this.at() === '<') {
      const routeaddr = this.getrouteaddr()
      if (this.commentlist.length > 0) returnlist = [[`${plist.join(' ')} (${this.commentlist.join(' ')})`, routeaddr]]
      else returnlist = [[plist.join(' '), routeaddr]]
    } else if (plist.length > 0) {
      returnlist = [[this.commentlist.join(' '), plist[0]!]]
    } else if (SPECIALS.includes(this.at())) {
      this.pos++
    }
    this.gotonext()
    if (this.pos < this.field.length && this.at() === ',') this.pos++
    return returnlist
  }

  getrouteaddr(): string {
    let expectroute = false
    this.pos++
    this.gotonext()
    let adlist = ''
    while (this.pos < this.field.length) {
      if (expectroute) {
        this.getdomain()
        expectroute = false
      } else if (this.at() === '>') {
        this.pos++
        break
      } else if (this.at() === '@') {
        this.pos++
        expectroute = true
      } else if (this.at() === ':') {
        this.pos++
      } else {
        adlist = this.getaddrspec()
        this.pos++
        break
      }
      this.gotonext()
    }
    return adlist
  }

  getaddrspec(): string {
    const aslist: string[] = []
    this.gotonext()
    while (this.pos < this.field.length) {
      let preserveWs = true
      const c = this.at()
      if (c === '.') {
        if (aslist.length > 0 && aslist[aslist.length - 1]!.trim() === '') aslist.pop()
        aslist.push('.')
        this.pos++
        preserveWs = false
      } else if (c === '"') {
        aslist.push(`"${quoteAddr(this.getquote())}"`)
      } else if (ATOMENDS.includes(c)) {
        if (aslist.length > 0 && aslist[aslist.length - 1]!.trim() === '') aslist.pop()
        break
      } else {
        aslist.push(this.getatom())
      }
      const ws = this.gotonext()
      if (preserveWs && ws) aslist.push(ws)
    }
    if (this.pos >= this.field.length || this.at() !== '@') return aslist.join('')
    aslist.push('@')
    this.pos++
    this.gotonext()
    const domain = this.getdomain()
    // bpo-34155: an invalid domain gives an empty address, not the local part alone
    if (!domain) return ''
    return aslist.join('') + domain
  }

  getdomain(): string {
    const sdlist: string[] = []
    while (this.pos < this.field.length) {
      const c = this.at()
      if (LWS.includes(c)) this.pos++
      else if (c === '(') this.commentlist.push(this.getcomment())
      else if (c === '[') sdlist.push(this.getdomainliteral())
      else if (c === '.') {
        this.pos++
        sdlist.push('.')
      } else if (c === '@') return ''
      else if (ATOMENDS.includes(c)) break
      else sdlist.push(this.getatom())
    }
    return sdlist.join('')
  }

  getdelimited(beginchar: string, endchars: string, allowcomments = true): string {
    if (this.at() !== beginchar) return ''
    let out = ''
    let quote = false
    this.pos++
    while (this.pos < this.field.length) {
      const c = this.at()
      if (quote) {
        out += c
        quote = false
      } else if (endchars.includes(c)) {
        this.pos++
        break
      } else if (allowcomments && c === '(') {
        out += this.getcomment()
        continue
      } else if (c === '\\') quote = true
      else out += c
      this.pos++
    }
    return out
  }

  getquote(): string {
    return this.getdelimited('"', '"\r', false)
  }

  getcomment(): string {
    return this.getdelimited('(', ')\r', true)
  }

  getdomainliteral(): string {
    return `[${this.getdelimited('[', ']\r', false)}]`
  }

  getatom(atomends = ATOMENDS): string {
    const start = this.pos
    while (this.pos < this.field.length && !atomends.includes(this.at())) this.pos++
    return this.field.slice(start, this.pos)
  }

  getphraselist(): string[] {
    const plist: string[] = []
    while (this.pos < this.field.length) {
      const c = this.at()
      if (FWS.includes(c)) this.pos++
      else if (c === '"') plist.push(this.getquote())
      else if (c === '(') this.commentlist.push(this.getcomment())
      else if (PHRASEENDS.includes(c)) break
      else plist.push(this.getatom(PHRASEENDS))
    }
    return plist
  }
}

/** utils._iter_escaped_chars: characters, a backslash and the one after it taken together. */
function* escapedChars(addr: string): Generator<[number, string]> {
  let escape = false
  let pos = 0
  for (pos = 0; pos < addr.length; pos++) {
    const ch = addr[pos]!
    if (escape) {
      yield [pos, `\\${ch}`]
      escape = false
    } else if (ch === '\\') escape = true
    else yield [pos, ch]
  }
  if (escape) yield [pos - 1, '\\']
}

/** utils._strip_quoted_realnames. */
function stripQuotedRealnames(addr: string): string {
  if (!addr.includes('"')) return addr
  let start = 0
  let openPos: number | undefined
  let result = ''
  for (const [pos, ch] of escapedChars(addr)) {
    if (ch !== '"') continue
    if (openPos === undefined) openPos = pos
    else {
      if (start !== openPos) result += addr.slice(start, openPos)
      start = pos + 1
      openPos = undefined
    }
  }
  if (start < addr.length) result += addr.slice(start)
  return result
}

/** utils._check_parenthesis: parentheses outside quoted names balance. */
function parenthesesBalance(addr: string): boolean {
  let opens = 0
  for (const [, ch] of escapedChars(stripQuotedRealnames(addr))) {
    if (ch === '(') opens++
    else if (ch === ')' && --opens < 0) return false
  }
  return opens === 0
}

/** email.utils.parseaddr(addr) in CPython 3.14 (strict): [realname, address], ['', ''] when it fails. */
export function parseaddr(addr: string): [string, string] {
  const checked = parenthesesBalance(addr) ? addr : "('', '')"
  const parsed = checked ? new AddrlistClass(checked).getaddrlist() : []
  // a '[' left in an address means a domain literal failed to parse
  const addrs = parsed.map(([name, address]): [string, string] => (address.includes('[') ? ['', ''] : [name, address]))
  if (addrs.length !== 1) return ['', '']
  return addrs[0]!
}

// ---------------------------------------------------------------------------------------------------------
// email_validator 2.3.0 (syntax.py, validate_email.py, rfc_constants.py)

/** email_validator.EmailSyntaxError: str() is the message warehouse prints. */
export class EmailSyntaxError extends Error {
  override name = 'EmailSyntaxError'
}

const ATEXT = "a-zA-Z0-9_!#\\$%&'\\*\\+\\-/=\\?\\^`\\{\\|\\}~"
const ATEXT_CHAR = new RegExp(`^[.${ATEXT}]$`)
const DOT_ATOM_TEXT = new RegExp(`^[${ATEXT}]+(?:\\.[${ATEXT}]+)*$`)
const ATEXT_INTL = `${ATEXT}\\u0080-\\u{10FFFF}`
const ATEXT_INTL_DOT = new RegExp(`^[.${ATEXT_INTL}]$`, 'u')
const DOT_ATOM_TEXT_INTL = new RegExp(`^[${ATEXT_INTL}]+(?:\\.[${ATEXT_INTL}]+)*$`, 'u')
const ATEXT_HOSTNAME_INTL = /^[a-zA-Z0-9\-.\u0080-\u{10FFFF}]$/u
const QTEXT_INTL = /^[\u0020-\u007E\u0080-\u{10FFFF}]$/u
const EMAIL_MAX_LENGTH = 254
const DOMAIN_MAX_LENGTH = 253
const DNS_LABEL_LENGTH_LIMIT = 63
// email_validator/__init__.py SPECIAL_USE_DOMAIN_NAMES
const SPECIAL_USE_DOMAIN_NAMES = ['arpa', 'invalid', 'local', 'localhost', 'onion', 'test']

const CATEGORIES = ['Lu', 'Ll', 'Lt', 'Lm', 'Lo', 'Mn', 'Mc', 'Me', 'Nd', 'Nl', 'No', 'Zs', 'Zl', 'Zp', 'Cc', 'Cf', 'Cs', 'Co'].map(
  gc => [gc, new RegExp(`^\\p{${gc}}$`, 'u')] as const
)

/** Python's unicodedata.category, as far as the checks below look at it (P and S only by their major class). */
function category(c: string): string {
  if (/^[A-Za-z0-9]$/.test(c)) return /[0-9]/.test(c) ? 'Nd' : 'L'
  for (const [gc, re] of CATEGORIES) if (re.test(c)) return gc
  if (/^\p{P}$/u.test(c)) return 'P'
  if (/^\p{S}$/u.test(c)) return 'S'
  return 'Cn'
}

// unicodedata.name() of the characters email_validator most often has to name (it names every character
// outside letters, numbers, punctuation and symbols); the rest print as U+XXXX here
const CHARACTER_NAMES: Record<number, string> = {
  0x20: 'SPACE',
  0xa0: 'NO-BREAK SPACE',
  0xad: 'SOFT HYPHEN',
  0x61c: 'ARABIC LETTER MARK',
  0x1680: 'OGHAM SPACE MARK',
  0x180e: 'MONGOLIAN VOWEL SEPARATOR',
  0x2000: 'EN QUAD',
  0x2001: 'EM QUAD',
  0x2002: 'EN SPACE',
  0x2003: 'EM SPACE',
  0x2004: 'THREE-PER-EM SPACE',
  0x2005: 'FOUR-PER-EM SPACE',
  0x2006: 'SIX-PER-EM SPACE',
  0x2007: 'FIGURE SPACE',
  0x2008: 'PUNCTUATION SPACE',
  0x2009: 'THIN SPACE',
  0x200a: 'HAIR SPACE',
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x2028: 'LINE SEPARATOR',
  0x2029: 'PARAGRAPH SEPARATOR',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x202f: 'NARROW NO-BREAK SPACE',
  0x205f: 'MEDIUM MATHEMATICAL SPACE',
  0x2060: 'WORD JOINER',
  0x2061: 'FUNCTION APPLICATION',
  0x2062: 'INVISIBLE TIMES',
  0x2063: 'INVISIBLE SEPARATOR',
  0x2064: 'INVISIBLE PLUS',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
  0x3000: 'IDEOGRAPHIC SPACE',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE',
  0x300: 'COMBINING GRAVE ACCENT',
  0x301: 'COMBINING ACUTE ACCENT',
  0x302: 'COMBINING CIRCUMFLEX ACCENT',
  0x303: 'COMBINING TILDE',
  0x308: 'COMBINING DIAERESIS',
  0x338: 'COMBINING LONG SOLIDUS OVERLAY'
}

/** syntax.py safe_character_display. */
function safeCharacterDisplay(c: string): string {
  if (c === '\\') return `"${c}"`
  if ('LNPS'.includes(category(c)[0]!)) return pyRepr(c)
  const code = c.codePointAt(0)!
  const hex = code < 0xffff ? `U+${code.toString(16).toUpperCase().padStart(4, '0')}` : `U+${code.toString(16).toUpperCase().padStart(8, '0')}`
  return CHARACTER_NAMES[code] ?? hex
}

/** Python's sorted() of str: code point order. */
function sortPy(items: Iterable<string>): string[] {
  return [...items].sort((a, b) => {
    const x = [...a].map(c => c.codePointAt(0)!)
    const y = [...b].map(c => c.codePointAt(0)!)
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!
    return x.length - y.length
  })
}

/** "X, Y" of the displayed characters that fail `ok`, sorted as Python sorts the set of displays. */
function badCharacters(text: string, ok: (c: string) => boolean): string | undefined {
  const bad = new Set<string>()
  for (const c of text) if (!ok(c)) bad.add(safeCharacterDisplay(c))
  return bad.size > 0 ? sortPy(bad).join(', ') : undefined
}

/** syntax.py split_email: display name, local part (unquoted), domain part, whether the local part was quoted. */
function splitEmail(email: string): { displayName?: string; local: string; domain: string; quoted: boolean } {
  const splitAtUnquotedSpecial = (text: string, specials: string): [string, string] => {
    let insideQuote = false
    let escaped = false
    let left = ''
    const chars = [...text]
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i]!
      // a character that combines with what follows is not special (NFC of the rest starts with something else)
      const composed = chars
        .slice(i, i + 16)
        .join('')
        .normalize('NFC')
      if ([...composed][0] !== c) left += c
      else if (insideQuote) {
        left += c
        if (c === '\\' && !escaped) escaped = true
        else if (c === '"' && !escaped) {
          insideQuote = false
          escaped = false
        } else escaped = false
      } else if (c === '"') {
        left += c
        insideQuote = true
      } else if (specials.includes(c)) break
      else left += c
    }
    if (left.length === text.length) {
      if (text.includes('＠')) throw new EmailSyntaxError('The email address has the "full-width" at-sign (@) character instead of a regular at-sign.')
      if (text.includes('﹫')) throw new EmailSyntaxError('The email address has the "small commercial at" character instead of a regular at-sign.')
      throw new EmailSyntaxError('An email address must have an @-sign.')
    }
    return [left, text.slice(left.length)]
  }

  const unquote = (text: string): [string, boolean] => {
    let quoted = false
    let escaped = false
    let value = ''
    const chars = [...text]
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i]!
      if (quoted) {
        if (escaped) {
          value += c
          escaped = false
        } else if (c === '\\') escaped = true
        else if (c === '"') {
          if (i !== chars.length - 1) {
            const extra = chars
              .slice(i + 1)
              .map(safeCharacterDisplay)
              .join(', ')
            throw new EmailSyntaxError(`Extra character(s) found after close quote: ${extra}`)
          }
          break
        } else value += c
      } else if (i === 0 && c === '"') quoted = true
      else value += c
    }
    return [value, quoted]
  }

  let [left, right] = splitAtUnquotedSpecial(email, '@<')
  let displayName: string | undefined
  let local: string
  let domain: string
  if (right.startsWith('<')) {
    left = left.replace(/[\s]+$/u, '')
    const [name, nameQuoted] = unquote(left)
    displayName = name
    if (!nameQuoted) {
      const bad = badCharacters(name, c => (ATEXT_CHAR.test(c) || c === ' ') && c !== '.')
      if (bad) throw new EmailSyntaxError(`The display name contains invalid characters when not quoted: ${bad}.`)
    }
    checkUnsafeChars(name, true)
    if (!right.includes('>'))
      throw new EmailSyntaxError('An open angle bracket at the start of the email address has to be followed by a close angle bracket at the end.')
    right = right.replace(/ +$/, '')
    if (!right.endsWith('>')) throw new EmailSyntaxError("There can't be anything after the email address.")
    ;[local, domain] = splitAtUnquotedSpecial(right.slice(1).replace(/>+$/, ''), '@')
  } else {
    local = left
    domain = right
  }
  if (domain.startsWith('@')) domain = domain.slice(1)
  const [unquoted, quoted] = unquote(local)
  return displayName === undefined ? { local: unquoted, domain, quoted } : { displayName, local: unquoted, domain, quoted }
}

/** syntax.py check_unsafe_chars. */
function checkUnsafeChars(s: string, allowSpace = false): void {
  const bad = new Set<string>()
  ;[...s].forEach((c, i) => {
    const gc = category(c)
    if ('LNPS'.includes(gc[0]!)) return
    if (gc[0] === 'M') {
      if (i === 0) bad.add(c)
    } else if (gc === 'Zs') {
      if (!allowSpace) bad.add(c)
    } else bad.add(c)
  })
  if (bad.size > 0) throw new EmailSyntaxError(`The email address contains unsafe characters: ${sortPy(bad).map(safeCharacterDisplay).join(', ')}.`)
}

/** syntax.py check_dot_atom. */
function checkDotAtom(label: string, startDescr: string, endDescr: string, isHostname: boolean): void {
  if (label.endsWith('.')) throw new EmailSyntaxError(endDescr.replace('{}', 'period'))
  if (label.startsWith('.')) throw new EmailSyntaxError(startDescr.replace('{}', 'period'))
  if (label.includes('..')) throw new EmailSyntaxError('An email address cannot have two periods in a row.')
  if (isHostname) {
    if (label.endsWith('-')) throw new EmailSyntaxError(endDescr.replace('{}', 'hyphen'))
    if (label.startsWith('-')) throw new EmailSyntaxError(startDescr.replace('{}', 'hyphen'))
    if (label.includes('.-') || label.includes('-.')) throw new EmailSyntaxError('An email address cannot have a period and a hyphen next to each other.')
  }
}

/** syntax.py validate_email_local_part: the local part's normalized form and whether it needs SMTPUTF8. */
function validateLocalPart(local: string, quoted: boolean): { local: string; ascii?: string } {
  if (local.length === 0) throw new EmailSyntaxError('There must be something before the @-sign.')
  if (DOT_ATOM_TEXT.test(local)) return { local, ascii: local }
  let valid: 'dot-atom' | 'quoted' | undefined
  let smtputf8 = false
  if (DOT_ATOM_TEXT_INTL.test(local)) {
    valid = 'dot-atom'
    smtputf8 = true
  } else if (quoted) {
    const bad = badCharacters(local, c => QTEXT_INTL.test(c))
    if (bad) throw new EmailSyntaxError(`The email address contains invalid characters in quotes before the @-sign: ${bad}.`)
    if ([...local].some(c => c.codePointAt(0)! < 32 || c.codePointAt(0)! > 126)) smtputf8 = true
    valid = 'quoted'
  }
  if (valid) {
    checkUnsafeChars(local, valid === 'quoted')
    if (/\p{Cs}/u.test(local)) throw new EmailSyntaxError('The email address contains an invalid character.')
    const normalized = valid === 'quoted' ? `"${local.replace(/["\\]/g, '\\$&')}"` : local
    return smtputf8 ? { local: normalized } : { local: normalized, ascii: normalized }
  }
  const bad = badCharacters(local, c => ATEXT_INTL_DOT.test(c))
  if (bad) throw new EmailSyntaxError(`The email address contains invalid characters before the @-sign: ${bad}.`)
  checkDotAtom(local, 'An email address cannot start with a {}.', 'An email address cannot have a {} immediately before the @-sign.', false)
  throw new EmailSyntaxError('The email address contains invalid characters before the @-sign.')
}

/** syntax.py uts46_valid_char. */
function uts46ValidChar(char: string): boolean {
  const c = char.codePointAt(0)!
  if (c >= 0x80 && c <= 0x9f) return false
  if (
    (c >= 0x2010 && c <= 0x2060 && !(c >= 0x2024 && c <= 0x2026) && !(c >= 0x2028 && c <= 0x202e)) ||
    c === 0xad ||
    c === 0x2064 ||
    c === 0xff0e ||
    (c >= 0x200b && c <= 0x200d) ||
    (c >= 0x1bca0 && c <= 0x1bca3)
  ) {
    return true
  }
  if (['Cf', 'Cn', 'Co', 'Cs', 'Zs', 'Zl', 'Zp'].includes(category(char))) return false
  // characters whose decomposition holds a full stop (approximated by their compatibility decomposition)
  const decomposed = char.normalize('NFKD')
  if (decomposed !== char && decomposed.includes('.')) return false
  return true
}

/** idna.uts46_remap(domain, std3_rules=False): exact for ASCII; NFKC + lower case for the rest (see top). */
function uts46Remap(domain: string): string {
  if (domain.length > 1024) throw new IdnaError('Domain too long')
  if (/^[\0-\x7f]*$/.test(domain)) return domain.toLowerCase()
  return domain
    .replace(/[\u3002\uff0e\uff61]/g, '.')
    .replace(/[\p{Default_Ignorable_Code_Point}]/gu, c => (c === '\u200c' || c === '\u200d' ? c : ''))
    .normalize('NFKC')
    .toLowerCase()
    .normalize('NFKC')
    .normalize('NFC')
}

class IdnaError extends Error {}

// ---- IDNA 2008 (idna 3.x core.py), approximated from Unicode properties where idna reads its tables

/** RFC 3492 Punycode. */
const punycode = {
  base: 36,
  adapt(delta: number, numPoints: number, first: boolean): number {
    delta = first ? Math.floor(delta / 700) : delta >> 1
    delta += Math.floor(delta / numPoints)
    let k = 0
    while (delta > 455) {
      delta = Math.floor(delta / 35)
      k += 36
    }
    return k + Math.floor((36 * delta) / (delta + 38))
  },
  digit(d: number): string {
    return String.fromCharCode(d + 22 + 75 * (d < 26 ? 1 : 0))
  },
  encode(input: string): string {
    const codes = [...input].map(c => c.codePointAt(0)!)
    let output = codes
      .filter(c => c < 0x80)
      .map(c => String.fromCharCode(c))
      .join('')
    const basic = output.length
    let handled = basic
    if (basic > 0) output += '-'
    let n = 128
    let delta = 0
    let bias = 72
    while (handled < codes.length) {
      const m = Math.min(...codes.filter(c => c >= n))
      delta += (m - n) * (handled + 1)
      n = m
      for (const c of codes) {
        if (c < n) delta++
        if (c !== n) continue
        let q = delta
        for (let k = 36; ; k += 36) {
          const t = k <= bias ? 1 : k >= bias + 26 ? 26 : k - bias
          if (q < t) break
          output += this.digit(t + ((q - t) % (36 - t)))
          q = Math.floor((q - t) / (36 - t))
        }
        output += this.digit(q)
        bias = this.adapt(delta, handled + 1, handled === basic)
        delta = 0
        handled++
      }
      delta++
      n++
    }
    return output
  },
  decode(input: string): string | undefined {
    const output: number[] = []
    const last = input.lastIndexOf('-')
    const basic = last < 0 ? 0 : last
    for (let j = 0; j < basic; j++) {
      if (input.charCodeAt(j) >= 0x80) return undefined
      output.push(input.charCodeAt(j))
    }
    let n = 128
    let bias = 72
    let i = 0
    for (let index = basic > 0 ? basic + 1 : 0; index < input.length;) {
      const oldi = i
      let w = 1
      for (let k = 36; ; k += 36) {
        if (index >= input.length) return undefined
        const c = input.charCodeAt(index++)
        const digit = c - 48 < 10 ? c - 22 : c - 65 < 26 ? c - 65 : c - 97 < 26 ? c - 97 : 36
        if (digit >= 36) return undefined
        i += digit * w
        if (i > 0x7fffffff) return undefined
        const t = k <= bias ? 1 : k >= bias + 26 ? 26 : k - bias
        if (digit < t) break
        w *= 36 - t
      }
      bias = this.adapt(i - oldi, output.length + 1, oldi === 0)
      n += Math.floor(i / (output.length + 1))
      i %= output.length + 1
      if (n > 0x10ffff) return undefined
      output.splice(i++, 0, n)
    }
    return String.fromCodePoint(...output)
  }
}

const VIRAMAS =
  /[\u094d\u09cd\u0a4d\u0acd\u0b4d\u0bcd\u0c4d\u0ccd\u0d4d\u0dca\u0e3a\u0f84\u1039\u103a\u1714\u1734\u17d2\u1a60\u1b44\u1baa\u1bab\ua806\ua8c4\ua953\uabed]/

/** RFC 5892's derivation of a code point's IDNA 2008 class (idna reads the same result from idnadata). */
function idnaClass(c: string): 'PVALID' | 'CONTEXTJ' | 'CONTEXTO' | 'DISALLOWED' {
  const cp = c.codePointAt(0)!
  if ([0xdf, 0x3c2, 0x6fd, 0x6fe, 0xf0b, 0x3007].includes(cp)) return 'PVALID'
  if ([0xb7, 0x375, 0x5f3, 0x5f4, 0x30fb].includes(cp) || (cp >= 0x660 && cp <= 0x669) || (cp >= 0x6f0 && cp <= 0x6f9)) return 'CONTEXTO'
  if (cp === 0x200c || cp === 0x200d) return 'CONTEXTJ'
  if (/[a-z0-9-]/.test(c)) return 'PVALID'
  if (/\p{Cn}/u.test(c)) return 'DISALLOWED'
  if (c !== c.normalize('NFKC').toLowerCase().normalize('NFKC')) return 'DISALLOWED'
  if (/[\p{Default_Ignorable_Code_Point}\p{White_Space}\p{Noncharacter_Code_Point}]/u.test(c)) return 'DISALLOWED'
  if ((cp >= 0x20d0 && cp <= 0x20ff) || (cp >= 0x1d100 && cp <= 0x1d24f)) return 'DISALLOWED'
  if ((cp >= 0x1100 && cp <= 0x11ff) || (cp >= 0xa960 && cp <= 0xa97f) || (cp >= 0xd7b0 && cp <= 0xd7ff)) return 'DISALLOWED'
  if (/[\p{Ll}\p{Lu}\p{Lo}\p{Nd}\p{Lm}\p{Mn}\p{Mc}]/u.test(c)) return 'PVALID'
  return 'DISALLOWED'
}

const unot = (cp: number): string => `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`

// unicodedata.bidirectional, approximated from scripts and categories (JavaScript has no Bidi_Class property)
const BIDI_AL = /[\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Hanifi_Rohingya}]/u
const BIDI_R = /[\p{Script=Hebrew}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Nko}\p{Script=Adlam}\p{Script=Mende_Kikakui}]/u

function bidiClass(c: string): string {
  if (/[\p{Mn}\p{Me}]/u.test(c)) return 'NSM'
  if (/[0-9\u06f0-\u06f9]/.test(c)) return 'EN'
  if (/[\u0660-\u0669\u066b\u066c]/.test(c)) return 'AN'
  if (c === '-') return 'ES'
  if (/[\p{L}\p{Nd}\p{Mc}]/u.test(c)) return BIDI_AL.test(c) ? 'AL' : BIDI_R.test(c) ? 'R' : 'L'
  return 'ON'
}

/** idna check_bidi (RFC 5893), applied when the label holds a right-to-left character. */
function checkBidi(label: string): void {
  const classes = [...label].map(bidiClass)
  if (!classes.some(d => d === 'R' || d === 'AL' || d === 'AN')) return
  const rtl = classes[0] === 'R' || classes[0] === 'AL'
  if (!rtl && classes[0] !== 'L') throw new IdnaError(`First codepoint in label ${pyRepr(label)} must be directionality L, R or AL`)
  let validEnding = false
  let numberType: string | undefined
  for (const [i, d] of classes.entries()) {
    if (rtl) {
      if (!['R', 'AL', 'AN', 'EN', 'ES', 'CS', 'ET', 'ON', 'BN', 'NSM'].includes(d)) {
        throw new IdnaError(`Invalid direction for codepoint at position ${i + 1} in a right-to-left label`)
      }
      if (['R', 'AL', 'EN', 'AN'].includes(d)) validEnding = true
      else if (d !== 'NSM') validEnding = false
      if (d === 'AN' || d === 'EN') {
        if (!numberType) numberType = d
        else if (numberType !== d) throw new IdnaError('Can not mix numeral types in a right-to-left label')
      }
    } else {
      if (!['L', 'EN', 'ES', 'CS', 'ET', 'ON', 'BN', 'NSM'].includes(d)) {
        throw new IdnaError(`Invalid direction for codepoint at position ${i + 1} in a left-to-right label`)
      }
      if (d === 'L' || d === 'EN') validEnding = true
      else if (d !== 'NSM') validEnding = false
    }
  }
  if (!validEnding) throw new IdnaError('Label ends with illegal codepoint directionality')
}

/** idna check_label. */
function checkLabel(label: string): void {
  if (label.length === 0) throw new IdnaError('Empty Label')
  if (label.normalize('NFC') !== label) throw new IdnaError('Label must be in Normalization Form C')
  const chars = [...label]
  if (chars.slice(2, 4).join('') === '--') throw new IdnaError('Label has disallowed hyphens in 3rd and 4th position')
  if (label.startsWith('-') || label.endsWith('-')) throw new IdnaError('Label must not start or end with a hyphen')
  if (/^\p{M}/u.test(label)) throw new IdnaError('Label begins with an illegal combining character')
  chars.forEach((c, pos) => {
    const cp = c.codePointAt(0)!
    const kind = idnaClass(c)
    if (kind === 'PVALID') return
    if (kind === 'CONTEXTJ') {
      if (pos > 0 && VIRAMAS.test(chars[pos - 1]!)) return
      throw new IdnaError(`Joiner ${unot(cp)} not allowed at position ${pos + 1} in ${pyRepr(label)}`)
    }
    if (kind === 'CONTEXTO') {
      if (contextoValid(chars, pos)) return
      throw new IdnaError(`Codepoint ${unot(cp)} not allowed at position ${pos + 1} in ${pyRepr(label)}`)
    }
    throw new IdnaError(`Codepoint ${unot(cp)} at position ${pos + 1} of ${pyRepr(label)} not allowed`)
  })
  checkBidi(label)
}

/** idna valid_contexto (RFC 5892 Appendix A). */
function contextoValid(chars: string[], pos: number): boolean {
  const cp = chars[pos]!.codePointAt(0)!
  if (cp === 0xb7) return pos > 0 && pos < chars.length - 1 && chars[pos - 1] === 'l' && chars[pos + 1] === 'l'
  if (cp === 0x375) return pos < chars.length - 1 && /\p{Script=Greek}/u.test(chars[pos + 1]!)
  if (cp === 0x5f3 || cp === 0x5f4) return pos > 0 && /\p{Script=Hebrew}/u.test(chars[pos - 1]!)
  if (cp === 0x30fb) return chars.some(c => c !== '\u30fb' && /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u.test(c))
  if (cp >= 0x660 && cp <= 0x669) return !chars.some(c => /[\u06f0-\u06f9]/.test(c))
  if (cp >= 0x6f0 && cp <= 0x6f9) return !chars.some(c => /[\u0660-\u0669]/.test(c))
  return false
}

/** idna ulabel. */
function ulabel(label: string): string {
  if (!/^[\0-\x7f]*$/.test(label)) {
    checkLabel(label)
    return label
  }
  const lower = label.toLowerCase()
  if (!lower.startsWith('xn--')) {
    checkLabel(lower)
    return lower
  }
  const body = lower.slice(4)
  if (!body) throw new IdnaError('Malformed A-label, no Punycode eligible content found')
  if (body.endsWith('-')) throw new IdnaError('A-label must not end with a hyphen')
  const decoded = punycode.decode(body)
  if (decoded === undefined) throw new IdnaError('Invalid A-label')
  if (punycode.encode(decoded) !== body) throw new IdnaError('A-label is not the canonical Punycode encoding of its U-label')
  checkLabel(decoded)
  return decoded
}

/** idna alabel. */
function alabel(label: string): string {
  if (/^[\0-\x7f]*$/.test(label)) {
    ulabel(label)
    if (label.length > 63) throw new IdnaError('Label too long')
    return label
  }
  checkLabel(label)
  const encoded = `xn--${punycode.encode(label)}`
  if (encoded.length > 63) throw new IdnaError('Label too long')
  return encoded
}

/** idna.decode / idna.encode (non-strict: the ideographic full stops separate labels too). */
function idnaLabels(domain: string): string[] {
  if (domain.length > 254) throw new IdnaError('Domain too long')
  const labels = domain.split(/[.\u3002\uff0e\uff61]/)
  if (labels.length === 1 && labels[0] === '') throw new IdnaError('Empty domain')
  if (labels[labels.length - 1] === '') labels.pop()
  return labels
}

function idnaDecode(domain: string): string {
  return idnaLabels(domain)
    .map(label => {
      const u = ulabel(label)
      if (!u) throw new IdnaError('Empty label')
      return u
    })
    .join('.')
}

function idnaEncode(domain: string): string {
  return idnaLabels(domain)
    .map(label => {
      const a = alabel(label)
      if (!a) throw new IdnaError('Empty label')
      return a
    })
    .join('.')
}

const HOSTNAME_LABEL = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?$/
const isHostname = (domain: string): boolean => domain.split('.').every(label => HOSTNAME_LABEL.test(label))

/** "(N characters too many)". */
function lengthReason(text: string, limit: number): string {
  const diff = [...text].length - limit
  return `(${diff} character${diff > 1 ? 's' : ''} too many)`
}

/** syntax.py validate_email_domain_name (test_environment=False, globally_deliverable=True). */
function validateDomainName(domain: string): { ascii: string; unicode: string } {
  let bad = badCharacters(domain, c => ATEXT_HOSTNAME_INTL.test(c))
  if (bad) throw new EmailSyntaxError(`The part after the @-sign contains invalid characters: ${bad}.`)
  checkUnsafeChars(domain)
  bad = badCharacters(domain, uts46ValidChar)
  if (bad) throw new EmailSyntaxError(`The part after the @-sign contains invalid characters: ${bad}.`)
  const original = domain
  try {
    domain = uts46Remap(domain)
  } catch (error) {
    throw new EmailSyntaxError(`The part after the @-sign contains invalid characters (${(error as Error).message}).`)
  }
  bad = badCharacters(domain, c => ATEXT_HOSTNAME_INTL.test(c))
  if (bad) throw new EmailSyntaxError(`The part after the @-sign contains invalid characters after Unicode normalization: ${bad}.`)
  checkDotAtom(domain, 'An email address cannot have a {} immediately after the @-sign.', 'An email address cannot end with a {}.', true)
  for (const label of domain.split('.')) {
    if (/^(?![xX][nN])[^\n][^\n]--/u.test(label)) {
      throw new EmailSyntaxError(
        'An email address cannot have two letters followed by two dashes immediately after the @-sign or after a period, except Punycode.'
      )
    }
  }
  let ascii: string
  if (isHostname(domain)) ascii = domain
  else {
    try {
      ascii = domain.split('.').map(alabel).join('.')
    } catch (error) {
      throw new EmailSyntaxError(`The part after the @-sign is invalid (${(error as Error).message}).`)
    }
    if (!isHostname(ascii)) throw new EmailSyntaxError('The email address contains invalid characters after the @-sign after IDNA encoding.')
  }
  if (ascii.length > DOMAIN_MAX_LENGTH) {
    if (ascii === original) throw new EmailSyntaxError(`The email address is too long after the @-sign ${lengthReason(ascii, DOMAIN_MAX_LENGTH)}.`)
    const diff = ascii.length - DOMAIN_MAX_LENGTH
    throw new EmailSyntaxError(`The email address is too long after the @-sign (${diff} byte${diff === 1 ? '' : 's'} too many after IDNA encoding).`)
  }
  for (const label of ascii.split('.')) {
    if (label.length > DNS_LABEL_LENGTH_LIMIT) {
      throw new EmailSyntaxError(`After the @-sign, periods cannot be separated by so many characters ${lengthReason(label, DNS_LABEL_LENGTH_LIMIT)}.`)
    }
  }
  if (!ascii.includes('.')) throw new EmailSyntaxError('The part after the @-sign is not valid. It should have a period.')
  if (!/[A-Za-z]$/.test(ascii)) throw new EmailSyntaxError('The part after the @-sign is not valid. It is not within a valid top-level domain.')
  for (const d of SPECIAL_USE_DOMAIN_NAMES) {
    if (ascii === d || ascii.endsWith(`.${d}`)) {
      throw new EmailSyntaxError('The part after the @-sign is a special-use or reserved name that cannot be used with email.')
    }
  }
  let unicode: string
  try {
    unicode = idnaDecode(ascii)
  } catch (error) {
    throw new EmailSyntaxError(`The part after the @-sign is not valid IDNA (${(error as Error).message}).`)
  }
  bad = badCharacters(unicode, c => ATEXT_HOSTNAME_INTL.test(c))
  if (bad) throw new EmailSyntaxError(`The part after the @-sign contains invalid characters: ${bad}.`)
  checkUnsafeChars(unicode)
  try {
    idnaEncode(unicode)
  } catch (error) {
    throw new EmailSyntaxError(`The part after the @-sign became invalid after normalizing to international characters (${(error as Error).message}).`)
  }
  return { ascii, unicode }
}

/** syntax.py validate_email_length: the original, normalized and IDNA ASCII forms, in UTF-8 bytes. */
function validateLength(original: string, normalized: string, asciiForm: string): void {
  const forms: Array<[string, string | undefined]> = [
    [original, undefined],
    [normalized, 'after normalization'],
    [asciiForm, 'when the part after the @-sign is converted to IDNA ASCII']
  ]
  for (const [addr, why] of forms) {
    const chars = [...addr].length
    const bytes = Buffer.byteLength(addr, 'utf8')
    const diff = bytes - EMAIL_MAX_LENGTH
    if (diff <= 0) continue
    const s = diff > 1 ? 's' : ''
    let reason: string
    if (why === undefined && chars === bytes) reason = lengthReason(addr, EMAIL_MAX_LENGTH)
    else if (why === undefined) {
      const widest = Math.max(...[...addr].map(c => Buffer.byteLength(c, 'utf8')))
      const least = Math.max(1, Math.floor(diff / widest))
      reason = least === diff ? `(${diff} character${s} too many)` : `(${least}-${diff} character${s} too many)`
    } else reason = `${why} (${diff} byte${s} too many)`
    throw new EmailSyntaxError(`The email address is too long ${reason}.`)
  }
}

/**
 * email_validator.validate_email(email, check_deliverability=False) with its default options: returns
 * undefined when valid, else the EmailSyntaxError's message (warehouse prints it after the address).
 */
export function emailValidatorError(email: string): string | undefined {
  try {
    validateEmail(email)
    return undefined
  } catch (error) {
    if (error instanceof EmailSyntaxError) return error.message
    throw error
  }
}

function validateEmail(email: string): void {
  const { displayName, local, domain, quoted } = splitEmail(email)
  const original = `${quoted ? `"${local}"` : local}@${domain}`
  let localInfo = validateLocalPart(local, quoted)
  const nfc = localInfo.local.normalize('NFC')
  if (nfc !== localInfo.local) {
    try {
      validateLocalPart(nfc, quoted)
    } catch (error) {
      if (error instanceof EmailSyntaxError) throw new EmailSyntaxError(`After Unicode normalization: ${error.message}`)
      throw error
    }
    localInfo = { ...localInfo, local: nfc }
  }
  if (quoted) throw new EmailSyntaxError('Quoting the part before the @-sign is not allowed here.')
  const mailboxes = [
    'info',
    'marketing',
    'sales',
    'support',
    'abuse',
    'noc',
    'security',
    'postmaster',
    'hostmaster',
    'usenet',
    'news',
    'webmaster',
    'www',
    'uucp',
    'ftp'
  ]
  if (localInfo.ascii !== undefined && mailboxes.includes(localInfo.ascii.toLowerCase())) {
    localInfo = { local: localInfo.local.toLowerCase(), ascii: localInfo.ascii.toLowerCase() }
  }
  if (domain.length === 0) throw new EmailSyntaxError('There must be something after the @-sign.')
  if (domain.startsWith('[') && domain.endsWith(']')) {
    // parseaddr blanks every address holding '[' before warehouse calls validate_email, so no domain literal
    // reaches here; if one did, email_validator refuses it by default
    throw new EmailSyntaxError('A bracketed IP address after the @-sign is not allowed here.')
  }
  const { ascii, unicode } = validateDomainName(domain)
  validateLength(original, `${localInfo.local}@${unicode}`, `${localInfo.ascii ?? localInfo.local}@${ascii}`)
  if (displayName !== undefined) throw new EmailSyntaxError('A display name and angle brackets around the email address are not permitted here.')
}

// ---------------------------------------------------------------------------------------------------------
// A Content-Type header as Python's email package reads it (email/_header_value_parser.py
// parse_content_type_header and headerregistry.ContentTypeHeader): packaging validates
// Description-Content-Type by storing it in an EmailMessage (packaging/metadata.py:_process_description_content_type).
// RFC 2047 encoded words inside the header are read as plain text here (Python decodes them).

/** An exception Python raises out of the parser (packaging catches ValueError and IndexError). */
export class PythonParseError extends Error {
  override name = 'PythonParseError'
}
class HeaderParseError extends Error {}

const WSP = ' \t'
const CFWS_LEADER = WSP + '('
const HV_SPECIALS = '()<>@,:;.\\"[]'
const PHRASE_ENDS = [...HV_SPECIALS].filter(c => !'."('.includes(c)).join('')
const TSPECIALS = [...(HV_SPECIALS + '/?=')].filter(c => c !== '.').join('')
const TOKEN_ENDS = TSPECIALS + WSP
const ASPECIALS = TSPECIALS + "*'%"
const ATTRIBUTE_ENDS = ASPECIALS + WSP
const EXTENDED_ATTRIBUTE_ENDS = [...ATTRIBUTE_ENDS].filter(c => c !== '%').join('')
const ATOM_ENDS = HV_SPECIALS + WSP

/** Python's value[0] on a str: IndexError when it is empty. */
function head(value: string): string {
  if (value === '') throw new PythonParseError('string index out of range')
  return value[0]!
}

type Node = Terminal | TokenList

class Terminal {
  defects: string[] = []
  constructor(
    readonly text: string,
    public tokenType: string,
    readonly cls: 'ValueTerminal' | 'WhiteSpaceTerminal' = 'ValueTerminal'
  ) {}
  get value(): string {
    return this.cls === 'WhiteSpaceTerminal' ? ' ' : this.text
  }
  str(): string {
    return this.text
  }
  repr(): string {
    return `${this.cls}(${pyRepr(this.text)})`
  }
  allDefects(into: string[] = []): string[] {
    into.push(...this.defects)
    return into
  }
}

class TokenList {
  defects: string[] = []
  items: Node[] = []
  // Parameter's extras
  sectioned = false
  extended = false
  charset = 'us-ascii'
  number = 0
  constructor(
    readonly cls: string,
    public tokenType: string
  ) {}
  push(...nodes: Node[]): this {
    this.items.push(...nodes)
    return this
  }
  get value(): string {
    if (this.cls === 'CFWSList' || this.cls === 'Comment') return ' '
    if (this.cls === 'BareQuotedString') return this.items.map(x => x.str()).join('')
    return this.items
      .map(x => x.value)
      .filter(v => v)
      .join('')
  }
  str(): string {
    const inner = (): string => this.items.map(x => x.str()).join('')
    if (this.cls === 'BareQuotedString') return `"${inner().replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`
    if (this.cls === 'Comment') {
      const quoted = this.items.map(x =>
        x instanceof TokenList && x.tokenType === 'comment' ? x.str() : x.str().replace(/\\/g, '\\\\').replace(/\(/g, '\\(').replace(/\)/g, '\\)')
      )
      return `(${quoted.join('')})`
    }
    if (this.cls === 'MimeParameters') {
      const params = mimeParams(this).map(([name, value]) => (value ? `${name}="${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` : name))
      return params.length > 0 ? ` ${params.join('; ')}` : ''
    }
    return inner()
  }
  repr(): string {
    return `${this.cls}([${this.items.map(x => x.repr()).join(', ')}])`
  }
  /** all_defects: this list's own defects, then its children's, depth first. */
  allDefects(into: string[] = []): string[] {
    into.push(...this.defects)
    for (const item of this.items) item.allDefects(into)
    return into
  }
  /** QuotedString/Attribute/Value.stripped_value. */
  get strippedValue(): string {
    if (this.tokenType === 'attribute') {
      const text = this.items.find(x => x.tokenType.endsWith('attrtext'))
      return text?.value ?? ''
    }
    if (this.tokenType === 'value') {
      let token = this.items[0]!
      if (token.tokenType === 'cfws') token = this.items[1]!
      if (token instanceof TokenList && ['quoted-string', 'attribute', 'extended-attribute'].some(t => token.tokenType.endsWith(t))) return token.strippedValue
      return this.value
    }
    const bare = this.items.find(x => x.tokenType === 'bare-quoted-string')
    return bare?.value ?? ''
  }
  get sectionNumber(): number {
    return this.sectioned ? (this.items[1] as TokenList).number : 0
  }
  /** Parameter.param_value. */
  get paramValue(): string {
    for (const token of this.items) {
      if (token.tokenType === 'value' && token instanceof TokenList) return token.strippedValue
      if (token.tokenType === 'quoted-string' && token instanceof TokenList) {
        for (const inner of token.items) {
          if (inner.tokenType !== 'bare-quoted-string' || !(inner instanceof TokenList)) continue
          for (const v of inner.items) if (v.tokenType === 'value' && v instanceof TokenList) return v.strippedValue
        }
      }
    }
    return ''
  }
}

const nonPrintables = (text: string): string[] => text.match(/[\x00-\x20\x7f]/g) ?? []

/** _validate_xtext: non-printable ASCII is a defect (surrogates cannot come from a form field). */
function validateXtext(token: Terminal): Terminal {
  const found = nonPrintables(token.text)
  if (found.length > 0) token.defects.push(`the following ASCII non-printables found in header: [${found.map(pyRepr).join(', ')}]`)
  return token
}

/** A run of characters not in `ends`, as the _non_*_end_matcher patterns take it. */
function runNotIn(value: string, ends: string): string {
  let i = 0
  while (i < value.length && !ends.includes(value[i]!)) i++
  return value.slice(0, i)
}

/**
 * _get_ptext_to_endchars: up to an end character or whitespace, quoted pairs unquoted. (Python splits at the
 * first whitespace first; scanning only as far as the text is consumed gives the same result in linear time.)
 */
function ptextToEndchars(value: string, endchars: string): [string, string] {
  let vchars = ''
  let escape = false
  let pos = 0
  for (; pos < value.length; pos++) {
    const c = value[pos]!
    if (c === ' ' || c === '\t') break
    if (c === '\\') {
      if (escape) escape = false
      else {
        escape = true
        continue
      }
    }
    if (escape) escape = false
    else if (endchars.includes(c)) break
    vchars += c
  }
  return [vchars, value.slice(pos)]
}

const LEADING_PY_SPACE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*/y

/** get_fws: value.lstrip() (Python's whitespace) as the token, the rest after it. */
function getFws(value: string): [Terminal, string] {
  LEADING_PY_SPACE.lastIndex = 0
  const length = LEADING_PY_SPACE.exec(value)![0].length
  return [new Terminal(value.slice(0, length), 'fws', 'WhiteSpaceTerminal'), value.slice(length)]
}

function getQpCtext(value: string): [Terminal, string] {
  const [ptext, rest] = ptextToEndchars(value, '()')
  return [validateXtext(new Terminal(ptext, 'ptext', 'WhiteSpaceTerminal')), rest]
}

function getQcontent(value: string): [Terminal, string] {
  const [ptext, rest] = ptextToEndchars(value, '"')
  return [validateXtext(new Terminal(ptext, 'ptext')), rest]
}

function getAtext(value: string): [Terminal, string] {
  const atext = runNotIn(value, ATOM_ENDS)
  if (!atext) throw new HeaderParseError(`expected atext but found '${value}'`)
  return [validateXtext(new Terminal(atext, 'atext')), value.slice(atext.length)]
}

function getBareQuotedString(value: string): [TokenList, string] {
  if (head(value) !== '"') throw new HeaderParseError(`expected '"' but found '${value}'`)
  const bare = new TokenList('BareQuotedString', 'bare-quoted-string')
  value = value.slice(1)
  if (value && value[0] === '"') {
    const [token, rest] = getQcontent(value)
    bare.push(token)
    value = rest
  }
  while (value && value[0] !== '"') {
    const [token, rest] = WSP.includes(value[0]!) ? getFws(value) : getQcontent(value)
    bare.push(token)
    value = rest
  }
  if (!value) {
    bare.defects.push('end of header inside quoted string')
    return [bare, value]
  }
  return [bare, value.slice(1)]
}

function getComment(value: string): [TokenList, string] {
  if (value && value[0] !== '(') throw new HeaderParseError(`expected '(' but found '${value}'`)
  const comment = new TokenList('Comment', 'comment')
  value = value.slice(1)
  while (value && value[0] !== ')') {
    const [token, rest] = WSP.includes(value[0]!) ? getFws(value) : value[0] === '(' ? getComment(value) : getQpCtext(value)
    comment.push(token)
    value = rest
  }
  if (!value) {
    comment.defects.push('end of header inside comment')
    return [comment, value]
  }
  return [comment, value.slice(1)]
}

function getCfws(value: string): [TokenList, string] {
  const cfws = new TokenList('CFWSList', 'cfws')
  while (value && CFWS_LEADER.includes(value[0]!)) {
    const [token, rest] = WSP.includes(value[0]!) ? getFws(value) : getComment(value)
    cfws.push(token)
    value = rest
  }
  return [cfws, value]
}

function getQuotedString(value: string): [TokenList, string] {
  const quoted = new TokenList('QuotedString', 'quoted-string')
  if (value && CFWS_LEADER.includes(value[0]!)) {
    const [token, rest] = getCfws(value)
    quoted.push(token)
    value = rest
  }
  const [bare, rest] = getBareQuotedString(value)
  quoted.push(bare)
  value = rest
  if (value && CFWS_LEADER.includes(value[0]!)) {
    const [token, rest2] = getCfws(value)
    quoted.push(token)
    value = rest2
  }
  return [quoted, value]
}

function getAtom(value: string): [TokenList, string] {
  const atom = new TokenList('Atom', 'atom')
  if (value && CFWS_LEADER.includes(value[0]!)) {
    const [token, rest] = getCfws(value)
    atom.push(token)
    value = rest
  }
  if (value && ATOM_ENDS.includes(value[0]!)) throw new HeaderParseError(`expected atom but found '${value}'`)
  const [token, rest] = getAtext(value)
  atom.push(token)
  value = rest
  if (value && CFWS_LEADER.includes(value[0]!)) {
    const [cfws, rest2] = getCfws(value)
    atom.push(cfws)
    value = rest2
  }
  return [atom, value]
}

function getWord(value: string): [TokenList, string] {
  let leader: TokenList | undefined
  if (CFWS_LEADER.includes(head(value))) [leader, value] = getCfws(value)
  if (!value) throw new HeaderParseError("Expected 'atom' or 'quoted-string' but found nothing.")
  let token: TokenList
  if (value[0] === '"') [token, value] = getQuotedString(value)
  else if (HV_SPECIALS.includes(value[0]!)) throw new HeaderParseError(`Expected 'atom' or 'quoted-string' but found '${value}'`)
  else [token, value] = getAtom(value)
  if (leader) token.items.unshift(leader)
  return [token, value]
}

function getPhrase(value: string): [TokenList, string] {
  const phrase = new TokenList('Phrase', 'phrase')
  try {
    const [token, rest] = getWord(value)
    phrase.push(token)
    value = rest
  } catch (error) {
    if (!(error instanceof HeaderParseError)) throw error
    phrase.defects.push('phrase does not start with word')
  }
  while (value && !PHRASE_ENDS.includes(value[0]!)) {
    if (value[0] === '.') {
      phrase.push(new Terminal('.', 'dot'))
      phrase.defects.push("period in 'phrase'")
      value = value.slice(1)
      continue
    }
    try {
      const [token, rest] = getWord(value)
      phrase.push(token)
      value = rest
    } catch (error) {
      if (!(error instanceof HeaderParseError) || !CFWS_LEADER.includes(value[0]!)) throw error
      const [token, rest] = getCfws(value)
      phrase.defects.push('comment found without atom')
      phrase.push(token)
      value = rest
    }
  }
  return [phrase, value]
}

function getInvalidParameter(value: string): [TokenList, string] {
  const invalid = new TokenList('InvalidParameter', 'invalid-parameter')
  while (value && value[0] !== ';') {
    if (PHRASE_ENDS.includes(value[0]!)) {
      invalid.push(new Terminal(value[0]!, 'misplaced-special'))
      value = value.slice(1)
    } else {
      const [token, rest] = getPhrase(value)
      invalid.push(token)
      value = rest
    }
  }
  return [invalid, value]
}

function getTtext(value: string): [Terminal, string] {
  const ttext = runNotIn(value, TOKEN_ENDS)
  if (!ttext) throw new HeaderParseError(`expected ttext but found '${value}'`)
  return [validateXtext(new Terminal(ttext, 'ttext')), value.slice(ttext.length)]
}

function getToken(value: string): [TokenList, string] {
  const token = new TokenList('Token', 'token')
  if (value && CFWS_LEADER.includes(value[0]!)) {
    const [cfws, rest] = getCfws(value)
    token.push(cfws)
    value = rest
  }
  if (value && TOKEN_ENDS.includes(value[0]!)) throw new HeaderParseError(`expected token but found '${value}'`)
  const [ttext, rest] = getTtext(value)
  token.push(ttext)
  value = rest
  if (value && CFWS_LEADER.includes(value[0]!)) {
    const [cfws, rest2] = getCfws(value)
    token.push(cfws)
    value = rest2
  }
  return [token, value]
}

function getAttrtext(value: string, extended = false): [Terminal, string] {
  const text = runNotIn(value, extended ? EXTENDED_ATTRIBUTE_ENDS : ATTRIBUTE_ENDS)
  if (!text) throw new HeaderParseError(`expected ${extended ? 'extended ' : ''}attrtext but found ${pyRepr(value)}`)
  return [validateXtext(new Terminal(text, extended ? 'extended-attrtext' : 'attrtext')), value.slice(text.length)]
}

function getAttribute(value: string, extended = false): [TokenList, string] {
  const attribute = new TokenList('Attribute', 'attribute')
  if (value && CFWS_LEADER.includes(value[0]!)) {
    const [cfws, rest] = getCfws(value)
    attribute.push(cfws)
    value = rest
  }
  if (value && (extended ? EXTENDED_ATTRIBUTE_ENDS : ATTRIBUTE_ENDS).includes(value[0]!)) throw new HeaderParseError(`expected token but found '${value}'`)
  const [text, rest] = getAttrtext(value, extended)
  attribute.push(text)
  value = rest
  if (value && CFWS_LEADER.includes(value[0]!)) {
    const [cfws, rest2] = getCfws(value)
    attribute.push(cfws)
    value = rest2
  }
  return [attribute, value]
}

// str.isdigit(): decimal digits, and the superscript/subscript/circled digits int() then refuses
const PY_DIGIT =
  /^[\p{Nd}\u00b2\u00b3\u00b9\u2070\u2074-\u2079\u2080-\u2089\u2460-\u2468\u2474-\u247c\u2488-\u2490\u24ea\u24f5-\u24fd\u24ff\u2776-\u277e\u2780-\u2788\u278a-\u2792]$/u

function getSection(value: string): [TokenList, string] {
  const section = new TokenList('Section', 'section')
  if (!value || value[0] !== '*') throw new HeaderParseError(`Expected section but found ${value}`)
  section.push(new Terminal('*', 'section-marker'))
  value = value.slice(1)
  const chars = [...value]
  if (chars.length === 0 || !PY_DIGIT.test(chars[0]!)) throw new HeaderParseError(`Expected section number but found ${value}`)
  let digits = ''
  while (chars.length > 0 && PY_DIGIT.test(chars[0]!)) digits += chars.shift()
  value = chars.join('')
  if (digits[0] === '0' && digits !== '0') section.defects.push('section number has an invalid leading 0')
  // int() takes decimal digits of any script, but no superscript or circled digit
  if (![...digits].every(d => /\p{Nd}/u.test(d))) throw new PythonParseError(`invalid literal for int() with base 10: ${pyRepr(digits)}`)
  // digits of other scripts count as 0 here (Python takes their value): it only orders RFC 2231 sections
  section.number = Number([...digits].map(d => (/[0-9]/.test(d) ? d : '0')).join(''))
  section.push(new Terminal(digits, 'digits'))
  return [section, value]
}

function getValue(value: string): [TokenList, string] {
  const v = new TokenList('Value', 'value')
  if (!value) throw new HeaderParseError('Expected value but found end of string')
  let leader: TokenList | undefined
  if (CFWS_LEADER.includes(value[0]!)) [leader, value] = getCfws(value)
  if (!value) throw new HeaderParseError(`Expected value but found only ${leader!.str()}`)
  let token: TokenList
  if (value[0] === '"') [token, value] = getQuotedString(value)
  else [token, value] = getAttribute(value, true)
  if (leader) token.items.unshift(leader)
  v.push(token)
  return [v, value]
}

function getParameter(value: string): [TokenList, string] {
  const param = new TokenList('Parameter', 'parameter')
  const [attribute, afterAttribute] = getAttribute(value)
  let token: Node = attribute
  value = afterAttribute
  param.push(token)
  if (!value || value[0] === ';') {
    param.defects.push(`Parameter contains name (${token.str()}) but no value`)
    return [param, value]
  }
  if (value[0] === '*') {
    try {
      ;[token, value] = getSection(value)
      param.sectioned = true
      param.push(token)
    } catch (error) {
      if (!(error instanceof HeaderParseError)) throw error
    }
    if (!value) throw new HeaderParseError('Incomplete parameter')
    if (value[0] === '*') {
      param.push(new Terminal('*', 'extended-parameter-marker'))
      value = value.slice(1)
      param.extended = true
    }
  }
  if (head(value) !== '=') throw new HeaderParseError("Parameter not followed by '='")
  param.push(new Terminal('=', 'parameter-separator'))
  value = value.slice(1)
  if (value && CFWS_LEADER.includes(value[0]!)) {
    const [cfws, rest2] = getCfws(value)
    param.push(cfws)
    value = rest2
  }
  let remainder: string | undefined
  let appendto: TokenList = param
  if (param.extended && value && value[0] === '"') {
    // _header_value_parser.py: the common invalid case of double quotes around an extended value
    const [qstring, rest2] = getQuotedString(value)
    remainder = rest2
    const inner = qstring.strippedValue
    let semiValid = false
    if (param.sectionNumber === 0) {
      if (inner && inner[0] === "'") semiValid = true
      else {
        const [, after] = getAttrtext(inner)
        if (after && after[0] === "'") semiValid = true
      }
    } else {
      try {
        const [, after] = getAttrtext(inner, true)
        if (!after) semiValid = true
      } catch {
        // Python's bare except: not semi-valid
      }
    }
    if (semiValid) {
      param.defects.push('Quoted string value for extended parameter is invalid')
      param.push(qstring)
      for (const t of qstring.items) {
        if (t.tokenType === 'bare-quoted-string' && t instanceof TokenList) {
          t.items = []
          appendto = t
          break
        }
      }
      value = inner
    } else {
      remainder = undefined
      param.defects.push('Parameter marked as extended but appears to have a quoted string value that is non-encoded')
    }
  }
  let valueToken: TokenList | undefined
  if (value && value[0] === "'") valueToken = undefined
  else [valueToken, value] = getValue(value)
  if (!param.extended || param.sectionNumber > 0) {
    if (!value || value[0] !== "'") {
      appendto.push(valueToken!)
      if (remainder !== undefined) value = remainder
      return [param, value]
    }
    param.defects.push('Apparent initial-extended-value but attribute was not marked as extended or was not initial section')
  }
  if (!value) {
    param.defects.push('Missing required charset/lang delimiters')
    appendto.push(valueToken!)
    if (remainder === undefined) return [param, value]
  } else {
    if (valueToken !== undefined) {
      let t: Node | undefined
      for (t of valueToken.items) if (t.tokenType === 'extended-attrtext') break
      appendto.push(t!)
      param.charset = t!.value
    }
    if (value[0] !== "'") throw new HeaderParseError(`Expected RFC2231 char/lang encoding delimiter, but found ${pyRepr(value)}`)
    appendto.push(new Terminal("'", 'RFC2231-delimiter'))
    value = value.slice(1)
    if (value && value[0] !== "'") {
      const [lang, rest2] = getAttrtext(value)
      appendto.push(lang)
      value = rest2
      if (!value || value[0] !== "'") throw new HeaderParseError(`Expected RFC2231 char/lang encoding delimiter, but found ${value}`)
    }
    appendto.push(new Terminal("'", 'RFC2231-delimiter'))
    value = value.slice(1)
  }
  let last: TokenList
  if (remainder !== undefined) {
    last = new TokenList('Value', 'value')
    while (value) {
      let piece: Node
      if (WSP.includes(value[0]!)) [piece, value] = getFws(value)
      else if (value[0] === '"') {
        piece = new Terminal('"', 'DQUOTE')
        value = value.slice(1)
      } else [piece, value] = getQcontent(value)
      last.push(piece)
    }
  } else [last, value] = getValue(value)
  appendto.push(last)
  if (remainder !== undefined) value = remainder
  return [param, value]
}

function parseMimeParameters(value: string): TokenList {
  const params = new TokenList('MimeParameters', 'mime-parameters')
  while (value) {
    try {
      const [token, rest] = getParameter(value)
      params.push(token)
      value = rest
    } catch (error) {
      if (!(error instanceof HeaderParseError)) throw error
      let leader: TokenList | undefined
      if (CFWS_LEADER.includes(value[0]!)) [leader, value] = getCfws(value)
      if (!value) {
        params.push(leader!)
        return params
      }
      if (value[0] === ';') {
        if (leader) params.push(leader)
        params.defects.push('parameter entry with no content')
      } else {
        const [token, rest] = getInvalidParameter(value)
        if (leader) token.items.unshift(leader)
        value = rest
        params.push(token)
        params.defects.push(`invalid parameter ${token.repr()}`)
      }
    }
    if (value && value[0] !== ';') {
      const param = params.items[params.items.length - 1] as TokenList
      param.tokenType = 'invalid-parameter'
      const [token, rest] = getInvalidParameter(value)
      param.items.push(...token.items)
      value = rest
      params.defects.push(`parameter with invalid trailing text ${token.repr()}`)
    }
    if (value) {
      params.push(new Terminal(';', 'parameter-separator'))
      value = value.slice(1)
    }
  }
  return params
}

function findMimeParameters(list: TokenList, value: string): void {
  while (value && value[0] !== ';') {
    if (PHRASE_ENDS.includes(value[0]!)) {
      list.push(new Terminal(value[0]!, 'misplaced-special'))
      value = value.slice(1)
    } else {
      const [token, rest] = getPhrase(value)
      list.push(token)
      value = rest
    }
  }
  if (!value) return
  list.push(new Terminal(';', 'parameter-separator'))
  list.push(parseMimeParameters(value.slice(1)))
}

/** MimeParameters.params: RFC 2231 sections joined, duplicates dropped (with the defects Python records then). */
function mimeParams(list: TokenList): Array<[string, string]> {
  const byName = new Map<string, Array<[number, TokenList]>>()
  for (const token of list.items) {
    if (!(token instanceof TokenList) || !token.tokenType.endsWith('parameter')) continue
    if (token.items[0]?.tokenType !== 'attribute') continue
    const name = token.items[0].value.replace(/^[\s]+|[\s]+$/gu, '')
    if (!byName.has(name)) byName.set(name, [])
    byName.get(name)!.push([token.sectionNumber, token])
  }
  const out: Array<[string, string]> = []
  for (const [name, found] of byName) {
    let parts = [...found].sort((a, b) => a[0] - b[0])
    const first = parts[0]![1]
    if (!first.extended && parts.length > 1 && parts[1]![0] === 0) {
      parts[1]![1].defects.push('duplicate parameter name; duplicate(s) ignored')
      parts = parts.slice(0, 1)
    }
    const values: string[] = []
    let i = 0
    for (const [sectionNumber, param] of parts) {
      if (sectionNumber !== i) {
        if (!param.extended) {
          param.defects.push('duplicate parameter name; duplicate ignored')
          continue
        }
        param.defects.push('inconsistent RFC2231 parameter numbering')
      }
      i++
      let value = param.paramValue
      if (param.extended) {
        const bytes = percentDecode(value)
        const decoded = decodeCharset(bytes, first.charset)
        if (decoded.undecodable) param.defects.push('')
        value = decoded.text
      }
      values.push(value)
    }
    out.push([name, values.join('')])
  }
  return out
}

/** urllib.parse.unquote_to_bytes. */
function percentDecode(text: string): Buffer {
  const bytes: number[] = []
  const raw = Buffer.from(text, 'utf8')
  for (let i = 0; i < raw.length; i++) {
    const hex = raw.subarray(i + 1, i + 3).toString('latin1')
    if (raw[i] === 0x25 && /^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16))
      i += 2
    } else bytes.push(raw[i]!)
  }
  return Buffer.from(bytes)
}

/** bytes.decode(charset, 'surrogateescape') then _sanitize: UTF-8 with replacement unless the codec is Latin-1. */
function decodeCharset(bytes: Buffer, charset: string): { text: string; undecodable: boolean } {
  const codec = charset.toLowerCase().replace(/_/g, '-')
  if (['latin-1', 'latin1', 'iso-8859-1', 'iso8859-1', 'l1', 'latin'].includes(codec)) return { text: bytes.toString('latin1'), undecodable: false }
  const asciiOnly = !['utf-8', 'utf8', 'u8', 'utf'].includes(codec)
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes)
  const strict = (() => {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes)
      return true
    } catch {
      return false
    }
  })()
  return { text, undecodable: asciiOnly ? bytes.some(b => b >= 0x80) : !strict }
}

function parseContentTypeTree(value: string): TokenList {
  const ctype = new TokenList('ContentType', 'content-type')
  if (!value) {
    ctype.defects.push('Missing content type specification')
    return ctype
  }
  let token: TokenList
  try {
    ;[token, value] = getToken(value)
  } catch (error) {
    if (!(error instanceof HeaderParseError)) throw error
    ctype.defects.push(`Expected content maintype but found ${pyRepr(value)}`)
    findMimeParameters(ctype, value)
    return ctype
  }
  ctype.push(token)
  if (!value || value[0] !== '/') {
    ctype.defects.push('Invalid content type')
    if (value) findMimeParameters(ctype, value)
    return ctype
  }
  ctype.push(new Terminal('/', 'content-type-separator'))
  value = value.slice(1)
  try {
    ;[token, value] = getToken(value)
  } catch (error) {
    if (!(error instanceof HeaderParseError)) throw error
    ctype.defects.push(`Expected content subtype but found ${pyRepr(value)}`)
    findMimeParameters(ctype, value)
    return ctype
  }
  ctype.push(token)
  if (!value) return ctype
  if (value[0] !== ';') {
    ctype.defects.push(`Only parameters are valid after content type, but found ${pyRepr(value)}`)
    findMimeParameters(ctype, value)
    return ctype
  }
  ctype.push(new Terminal(';', 'parameter-separator'))
  ctype.push(parseMimeParameters(value.slice(1)))
  return ctype
}

export interface ParsedContentType {
  /** str() of the parsed header, as EmailMessage.get_content_type reads it back. */
  text: string
  /** The header's defects, in Python's order (packaging reports the first). */
  defects: string[]
  /** Parameter names (lower case) to values. */
  params: Map<string, string>
}

/**
 * `EmailMessage()["content-type"] = value` (email.policy.EmailPolicy.header_store_parse and
 * headerregistry.ContentTypeHeader). Throws PythonParseError where Python raises ValueError or IndexError.
 */
export function parseContentTypeHeader(value: string): ParsedContentType {
  // policy.py header_store_parse: a value that splits into more than one line is refused
  if (value.replace(/(?:\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029])$/, '').match(/\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]/)) {
    throw new PythonParseError('Header values may not contain linefeed or carriage return characters')
  }
  const tree = parseContentTypeTree(value)
  // str(parse_tree) runs MimeParameters.params, whose duplicate and RFC 2231 defects then count
  const text = tree.str()
  const defects = tree.allDefects()
  const params = new Map<string, string>()
  const list = [...tree.items].reverse().find(x => x.tokenType === 'mime-parameters')
  if (list instanceof TokenList) for (const [name, v] of mimeParams(list)) params.set(name.toLowerCase(), v)
  return { text, defects, params }
}
