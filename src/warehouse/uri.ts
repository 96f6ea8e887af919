// Whether warehouse takes a Home-page, Download-URL or Project-URL as a URL: warehouse/utils/http.py:48
// is_valid_uri, which parses with rfc3986 2.0.0 (uri_reference(uri).normalize()) and checks the scheme, host,
// port, path and query with its Validator. rfc3986 is lenient in ways worth keeping exactly: an authority it
// cannot parse is dropped by normalize() rather than refused (so 'http://exa mple.com/' passes), and path and
// query are percent-encoded before they are checked (so a space passes). What fails: a scheme other than http
// or https (or none), a port above 65535, '[' or ']' in the path or query, an IPv6 zone written the RFC 4007 way.

// rfc3986/abnf_regexp.py, character classes as the validator's patterns use them
const UNRESERVED = 'A-Za-z0-9._~\\-'
const SUB_DELIMITERS = "!$&'()*+,;="
const PCT_ENCODED = '%[A-Fa-f0-9]{2}'
const REG_NAME = `((?:%[0-9A-Fa-f]{2}|[${SUB_DELIMITERS}${UNRESERVED}])*)`
const IPV4 = '([0-9]{1,3}\\.){3}[0-9]{1,3}'
const HEX = '[0-9A-Fa-f]{1,4}'
const LS32 = `(${HEX}:${HEX}|${IPV4})`
const IPV6 =
  '(' +
  [
    `(${HEX}:){6}${LS32}`,
    `::(${HEX}:){5}${LS32}`,
    `(${HEX})?::(${HEX}:){4}${LS32}`,
    `((${HEX}:)?${HEX})?::(${HEX}:){3}${LS32}`,
    `((${HEX}:){0,2}${HEX})?::(${HEX}:){2}${LS32}`,
    `((${HEX}:){0,3}${HEX})?::${HEX}:${LS32}`,
    `((${HEX}:){0,4}${HEX})?::${LS32}`,
    `((${HEX}:){0,5}${HEX})?::${HEX}`,
    `((${HEX}:){0,6}${HEX})?::`
  ]
    .map(v => `(${v})`)
    .join('|') +
  ')'
const ZONE_ID = `(?:[${UNRESERVED}]|${PCT_ENCODED})+`
const IPV6_ADDRZ_RFC4007 = `${IPV6}(?:(?:%25|%)${ZONE_ID})?`
const IPV6_ADDRZ = `${IPV6}(?:%25${ZONE_ID})?`
const IPV_FUTURE = `v[0-9A-Fa-f]+\\.[${UNRESERVED}${SUB_DELIMITERS}:]+`
const IP_LITERAL = `\\[(${IPV6_ADDRZ_RFC4007}|${IPV_FUTURE})\\]`
const HOST = `(${REG_NAME}|${IPV4}|${IP_LITERAL})`
const USERINFO = `([${UNRESERVED}${SUB_DELIMITERS}:]|${PCT_ENCODED})+`
// Python's `$` also matches before a final newline: 'example.com\n' is an authority rfc3986 parses
const END = '\\n?$'

// misc.py URI_MATCHER (abnf_regexp.URL_PARSING_RE), used with match(): every part optional
const URI = /^(?:([a-zA-Z][a-zA-Z0-9+.-]*):)?(?:\/\/([^\\/?#]*))?([^?#]*)(?:\?([^#]*))?/
// misc.py SUBAUTHORITY_MATCHER
const SUBAUTHORITY = new RegExp(`^(?:(?<userinfo>${USERINFO})@)?(?<host>${HOST}):?(?<port>[0-9]{1,5})?${END}`)
const IPV4_HOST = new RegExp(`^${IPV4}${END}`)
const IPV6_HOST = new RegExp(`^\\[${IPV6_ADDRZ_RFC4007}\\]${END}`)
const IPV6_HOST_NO_RFC4007 = new RegExp(`^\\[${IPV6_ADDRZ}\\]${END}`)
const SCHEME = new RegExp(`^[a-zA-Z][a-zA-Z0-9+.-]*${END}`)
// what survives normalizers.encode_component unencoded: the reserved and unreserved characters (and '%')
const NON_PCT_ENCODED = /[:/?#[\]@!$&'()*+,;=A-Za-z0-9._~-]/
// PATH_RE's five alternatives together, and QUERY_RE: pchar (and '/', and for a query '?') or %XX
const PATH = new RegExp(`^(?:[${UNRESERVED}${SUB_DELIMITERS}:@/]|${PCT_ENCODED})*${END}`)
const QUERY = new RegExp(`^(?:[/?:@${UNRESERVED}${SUB_DELIMITERS}]|${PCT_ENCODED})*${END}`)

interface Authority {
  userinfo?: string
  host?: string
  port?: string
}

/** _mixin.py authority_info: the parts, or undefined where rfc3986 raises InvalidAuthority. */
function authorityInfo(authority: string | undefined): Authority | undefined {
  if (!authority) return {}
  const match = SUBAUTHORITY.exec(authority)?.groups
  if (!match) return undefined
  const { userinfo, host, port } = match
  if (host && IPV4_HOST.test(host) && !host.split('.').every(byte => Number(byte) <= 255)) return undefined
  const parts: Authority = {}
  if (userinfo !== undefined) parts.userinfo = userinfo
  if (host !== undefined) parts.host = host
  if (port !== undefined) parts.port = port
  return parts
}

/** normalizers.py normalize_host: lower case, and an RFC 4007 zone's '%' written as '%25'. */
function normalizeHost(host: string): string {
  if (IPV6_HOST.test(host)) {
    const percent = host.indexOf('%')
    if (percent !== -1) {
      const percent25 = host.indexOf('%25')
      if (percent25 === -1 || percent < percent25 || (percent === percent25 && percent25 === host.length - 4)) {
        host = host.replace('%', '%25')
      }
      return host.slice(0, percent).toLowerCase() + host.slice(percent)
    }
  }
  return host.toLowerCase()
}

const upperPercent = (text: string): string => text.replace(/%[A-Fa-f0-9]{2}/g, m => m.toUpperCase())

/** normalizers.py normalize_authority, from the parts authority_info found (none when it raised). */
function normalizeAuthority(parts: Authority | undefined): string {
  let result = ''
  if (parts?.userinfo) result += `${upperPercent(parts.userinfo)}@`
  if (parts?.host) result += normalizeHost(parts.host)
  if (parts?.port) result += `:${parts.port}`
  return result
}

/** normalizers.py encode_component: percent-encodes UTF-8 bytes outside the reserved/unreserved set. */
function encodeComponent(component: string): string {
  const bytes = Buffer.from(component, 'utf8')
  const valid = component.match(/%[A-Fa-f0-9]{2}/g)?.length ?? 0
  const percentEncoded = valid === bytes.filter(b => b === 0x25).length
  let out = ''
  for (const byte of bytes) {
    const char = String.fromCharCode(byte)
    if ((percentEncoded && byte === 0x25) || (byte < 128 && NON_PCT_ENCODED.test(char))) out += char
    else out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
  }
  return out
}

export interface UriRules {
  allowedSchemes?: readonly string[]
  requireAuthority?: boolean
}

/** warehouse/utils/http.py:48 is_valid_uri (warehouse calls it with require_authority=False for metadata URLs). */
export function isValidUri(uri: string, { allowedSchemes = ['http', 'https'], requireAuthority = true }: UriRules = {}): boolean {
  const [, scheme, authority, path = '', query] = URI.exec(uri)!
  // URIReference.normalize(): scheme lower case ('' when absent), authority rebuilt from what parses
  const normalizedScheme = (scheme ?? '').toLowerCase()
  const parts = authorityInfo(normalizeAuthority(authorityInfo(authority))) ?? {}
  const normalizedPath = upperPercent(encodeComponent(path))
  const normalizedQuery = query === undefined ? undefined : upperPercent(encodeComponent(query))

  // Validator.validate: required components (require_scheme never fails: normalize() makes a missing scheme
  // ''), valid components, then the allowed schemes
  if (requireAuthority && parts.host === undefined) return false
  if (!SCHEME.test(normalizedScheme)) return false
  if (parts.host !== undefined && IPV6_HOST.test(parts.host) && !IPV6_HOST_NO_RFC4007.test(parts.host)) return false
  if (parts.port !== undefined && parts.port !== '' && Number(parts.port) > 65535) return false
  if (!PATH.test(normalizedPath)) return false
  if (normalizedQuery !== undefined && !QUERY.test(normalizedQuery)) return false
  return allowedSchemes.length === 0 || allowedSchemes.map(s => s.toLowerCase()).includes(normalizedScheme)
}
