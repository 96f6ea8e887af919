// Every reason PyPI's upload endpoint refuses an upload for its form's metadata, in warehouse's words and in
// the order warehouse evaluates them (warehouse at 6b62157, packaging 26.3 aligned to 26.2, the release warehouse pins, where they differ in a verdict:
// the Summary line check, Description-Content-Type's defects and exact charset, Metadata-Version 2.6):
//   1. forklift/decorators.py sanitize: 'UNKNOWN' values dropped, NUL escaped;
//   2. forklift/legacy.py file_upload: protocol_version, then forms.py UploadForm (name, filetype, pyversion,
//      digests), worded as legacy.py:660-696 words form errors;
//   3. forklift/metadata.py parse_form_metadata: form fields to packaging's RawMetadata;
//   4. packaging.metadata.Metadata.from_raw(validate=True): every field's own rules;
//   5. forklift/metadata.py _validate_metadata: PyPI's rules on top.
// PyPI stops at the first stage that fails and answers with one error (legacy.py:705-740 picks it); this
// reports all of them, each worded as PyPI would answer if it were the one. A field a stage refused is not
// judged again by a later stage.
import { deprecatedClassifier, isKnownClassifier } from './classifiers.js'
import { emailValidatorError, parseaddr, parseContentTypeHeader, PythonParseError } from './email.js'
import { canonicalizeLicenseExpression } from './licenses.js'
import {
  InvalidRequirement,
  PackagingCrash,
  parseRequirement,
  parseSpecifierSet,
  parseVersion,
  pyStrip,
  requirementString,
  specifierSetString,
  type Pep440Version,
  type Requirement
} from './pep508.js'
import { pyRepr, pyReprList } from './python.js'
import type { Breach } from './types.js'
import { isValidUri } from './uri.js'

export type FormFields = ReadonlyArray<readonly [string, string]>

const LEGACY = 'warehouse/forklift/legacy.py'
const FORMS = 'warehouse/forklift/forms.py'
const META = 'warehouse/forklift/metadata.py'
const PACKAGING = 'packaging/metadata.py'
const CORE_METADATA_URL = 'https://packaging.python.org/specifications/core-metadata'
const LOCAL_VERSION_URL = 'https://packaging.python.org/en/latest/specifications/version-specifiers/#local-version-identifiers'

/** How the Core Metadata specification spells each field packaging names in lower case. */
const FIELD_NAMES: Record<string, string> = {
  author: 'Author',
  'author-email': 'Author-email',
  classifier: 'Classifier',
  description: 'Description',
  'description-content-type': 'Description-Content-Type',
  'download-url': 'Download-URL',
  dynamic: 'Dynamic',
  'home-page': 'Home-page',
  'import-name': 'Import-Name',
  'import-namespace': 'Import-Namespace',
  keywords: 'Keywords',
  license: 'License',
  'license-expression': 'License-Expression',
  'license-file': 'License-File',
  maintainer: 'Maintainer',
  'maintainer-email': 'Maintainer-email',
  'metadata-version': 'Metadata-Version',
  name: 'Name',
  obsoletes: 'Obsoletes',
  'obsoletes-dist': 'Obsoletes-Dist',
  platform: 'Platform',
  'project-url': 'Project-URL',
  provides: 'Provides',
  'provides-dist': 'Provides-Dist',
  'provides-extra': 'Provides-Extra',
  requires: 'Requires',
  'requires-dist': 'Requires-Dist',
  'requires-external': 'Requires-External',
  'requires-python': 'Requires-Python',
  summary: 'Summary',
  'supported-platform': 'Supported-Platform',
  version: 'Version'
}

/** legacy.py:733-738: a metadata error as PyPI answers it. */
function metadataMessage(error: string, seeUrl = CORE_METADATA_URL): string {
  return `${error}${error.endsWith('.') ? '' : '.'} See ${seeUrl} for more information.`
}

function metadataBreach(rule: string, emailName: string, error: string, source: string, seeUrl?: string): Breach {
  return { rule, field: FIELD_NAMES[emailName] ?? emailName, message: metadataMessage(error, seeUrl), source }
}

/** Where an exception escapes packaging 26.2 and warehouse: no reason to quote, PyPI answers HTTP 500. */
class ServerError {
  constructor(readonly message: string) {}
}

const serverError = (value: string, why: string): ServerError => new ServerError(`PyPI fails with a server error (HTTP 500) on ${pyRepr(value)}: ${why}`)

const crashWhy = (crash: PackagingCrash): string => `packaging 26.2 raises ${crash.exception} (${crash.message}), which nothing catches`

function serverErrorBreach(rule: string, emailName: string, error: ServerError, source: string): Breach {
  return { rule, status: 500, field: FIELD_NAMES[emailName] ?? emailName, message: error.message, source }
}

/** A Python exception str.format_map raises, named. */
class FormatError extends Error {}

/** format(text, spec) for a str (Objects/unicodeobject.c, Python/formatter_unicode.c). */
function formatString(text: string, spec: string): string {
  const match = /^(?:([^]?)([<>=^]))?([-+ ])?(z)?(#)?(0)?([0-9]*)([,_])?(?:\.([0-9]*))?([^]?)$/u.exec(spec)
  if (!match) throw new FormatError('ValueError')
  const [, fillGiven, alignGiven, sign, z, alternate, zero, width, grouping, precision, type] = match
  if (sign || z || alternate || grouping || alignGiven === '=' || (precision !== undefined && precision === '') || (type && type !== 's')) {
    throw new FormatError('ValueError')
  }
  let chars = [...text]
  if (precision) chars = chars.slice(0, Number(precision))
  const align = alignGiven ?? '<'
  const fill = alignGiven ? fillGiven || ' ' : zero ? '0' : ' '
  const pad = Math.max(0, Number(width || 0) - chars.length)
  const left = align === '>' ? pad : align === '^' ? Math.floor(pad / 2) : 0
  return fill.repeat(left) + chars.join('') + fill.repeat(pad - left)
}

/**
 * packaging 26.2's _invalid_metadata (metadata.py:572) passes every message through
 * msg.format_map({"field": repr(raw_name)}), with the user's value already inside it: braces in the value are
 * read as replacement fields. Returns the text, or throws FormatError where Python raises (KeyError, ValueError,
 * IndexError, AttributeError...), which nothing catches. Attribute access (`{field.upper}`) is taken as failing.
 */
function formatMap(template: string, field: string, depth = 2): string {
  let out = ''
  let i = 0
  while (i < template.length) {
    const char = template[i]!
    if (char === '}') {
      if (template[i + 1] !== '}') throw new FormatError('ValueError')
      out += '}'
      i += 2
      continue
    }
    if (char !== '{') {
      out += char
      i++
      continue
    }
    if (template[i + 1] === '{') {
      out += '{'
      i += 2
      continue
    }
    // the replacement field runs to the brace closing it, nested braces counted
    let level = 1
    let end = i + 1
    for (; end < template.length && level > 0; end++) {
      if (template[end] === '{') level++
      else if (template[end] === '}') level--
    }
    if (level > 0) throw new FormatError('ValueError')
    out += replacementField(template.slice(i + 1, end - 1), field, depth)
    i = end
  }
  return out
}

/** One `{name[index]!conversion:spec}` of formatMap, with {"field": field} as the mapping. */
function replacementField(body: string, field: string, depth: number): string {
  if (depth === 0) throw new FormatError('ValueError')
  let nameEnd = 0
  while (nameEnd < body.length && body[nameEnd] !== '!' && body[nameEnd] !== ':') {
    if (body[nameEnd] === '[') nameEnd = body.indexOf(']', nameEnd) < 0 ? body.length : body.indexOf(']', nameEnd)
    nameEnd++
  }
  const name = body.slice(0, nameEnd)
  let rest = body.slice(nameEnd)
  let conversion: string | undefined
  if (rest.startsWith('!')) {
    conversion = rest[1]
    if (conversion === undefined || (rest.length > 2 && rest[2] !== ':')) throw new FormatError('ValueError')
    rest = rest.slice(2)
  }
  // parse_field's own refusals come before the name is looked up
  if (name.includes('{') || (name.includes('[') && !name.includes(']'))) throw new FormatError('ValueError')
  const first = /^[^.[]*/.exec(name)![0]
  // an empty or numeric name is positional: format_map refuses those
  if (first === '' || /^[0-9]+$/.test(first)) throw new FormatError('ValueError')
  if (first !== 'field') throw new FormatError('KeyError')
  let value = field
  let chain = name.slice(first.length)
  while (chain) {
    const index = /^\[([^\]]*)\]/.exec(chain)
    if (!index) throw new FormatError('AttributeError')
    if (!/^[0-9]+$/.test(index[1]!)) throw new FormatError('TypeError')
    const chars = [...value]
    const at = Number(index[1])
    if (at >= chars.length) throw new FormatError('IndexError')
    value = chars[at]!
    chain = chain.slice(index[0].length)
  }
  if (conversion === 'r' || conversion === 'a') value = pyRepr(value)
  else if (conversion !== undefined && conversion !== 's') throw new FormatError('ValueError')
  const spec = rest.startsWith(':') ? formatMap(rest.slice(1), field, depth - 1) : ''
  return formatString(value, spec)
}

// ---------------------------------------------------------------------------------------------------------
// The request's form as webob holds it

/** webob's MultiDict, as much of it as warehouse uses: get() is the LAST value, getall() every value. */
class MultiDict {
  items: Array<[string, string]>
  constructor(fields: FormFields) {
    this.items = fields.map(([k, v]): [string, string] => [k, v])
  }
  get(key: string): string | undefined {
    for (let i = this.items.length - 1; i >= 0; i--) if (this.items[i]![0] === key) return this.items[i]![1]
    return undefined
  }
  getall(key: string): string[] {
    return this.items.filter(([k]) => k === key).map(([, v]) => v)
  }
  delete(key: string): void {
    this.items = this.items.filter(([k]) => k !== key)
  }
  /** __setitem__: every value of the key replaced by one, at the end. */
  set(key: string, value: string): void {
    this.delete(key)
    this.items.push([key, value])
  }
  keys(): string[] {
    return [...new Set(this.items.map(([k]) => k))]
  }
}

/** warehouse/forklift/decorators.py:20-36 sanitize: per key (each occurrence), its last value decides. */
function sanitize(fields: FormFields): MultiDict {
  const form = new MultiDict(fields)
  for (const key of form.items.map(([k]) => k)) {
    const value = form.get(key)
    if (value === undefined) continue
    if (pyStrip(value) === 'UNKNOWN') form.delete(key)
    else if (value.includes('\0')) form.set(key, value.replace(/\0/g, '\\x00'))
  }
  return form
}

// ---------------------------------------------------------------------------------------------------------
// legacy.py file_upload before the metadata: protocol_version and forms.py UploadForm (wtforms 3.2)

/** legacy.py:676-693: how a form field's first error is worded; only `name` has a description. */
function formMessage(field: string, data: string | undefined, error: string): string {
  if (field === 'name') {
    const value = data && data.length > 60 ? `${data.slice(0, 30)}...${data.slice(-30)}` : (data ?? '')
    return `${pyRepr(value)} is an invalid value for Name. Error: ${error} See ${CORE_METADATA_URL} for more information.`
  }
  return `Invalid value for ${field}. Error: ${error}`
}

function formBreach(rule: string, field: string, data: string | undefined, error: string, line: number): Breach {
  return { rule, field, message: formMessage(field, data, error), source: `${FORMS}:${line}` }
}

// warehouse/utils/project.py:38 PROJECT_NAME_RE (re.match, so only \Z ends it)
const PROJECT_NAME = /^(?:[A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$/i
// forms.py:61/71, under re.match: Python's `$` also matches before a final newline
const HEX_DIGEST = /^[A-F0-9]{64}\n?$/i

function checkUploadForm(form: MultiDict): Breach[] {
  const breaches: Breach[] = []
  // wtforms: a StringField's data is its FIRST value; InputRequired looks at that raw value
  const data = (name: string): string | undefined => form.getall(name)[0]
  const present = (name: string): boolean => form.getall(name).length > 0 && pyStrip(form.getall(name)[0]!) !== ''

  const name = data('name')
  if (!name) breaches.push(formBreach('form-name', 'name', name, 'This field is required.', 34))
  else if (!PROJECT_NAME.test(name)) {
    breaches.push(formBreach('form-name', 'name', name, "Start and end with a letter or numeral containing only ASCII numeric and '.', '_' and '-'.", 35))
  }
  const filetype = data('filetype')
  if (!filetype) breaches.push(formBreach('form-filetype', 'filetype', filetype, 'This field is required.', 50))
  else if (filetype !== 'sdist' && filetype !== 'bdist_wheel') breaches.push(formBreach('form-filetype', 'filetype', filetype, 'Use a known file type.', 51))
  // Optional(): a blank value stops the chain before the pattern is tried
  if (present('sha256_digest') && !HEX_DIGEST.test(data('sha256_digest')!)) {
    breaches.push(formBreach('form-digest', 'sha256_digest', data('sha256_digest'), 'Use a valid, hex-encoded, SHA256 message digest.', 61))
  }
  if (present('blake2_256_digest') && !HEX_DIGEST.test(data('blake2_256_digest')!)) {
    breaches.push(formBreach('form-digest', 'blake2_256_digest', data('blake2_256_digest'), 'Use a valid, hex-encoded, BLAKE2 message digest.', 71))
  }
  // forms.py:82-119 run only once every field passed; judged here for a known file type whatever else failed
  const pyversion = data('pyversion')
  if (filetype === 'bdist_wheel' && !pyversion) {
    breaches.push(formBreach('form-pyversion', 'pyversion', pyversion, 'Python version is required for binary distribution uploads.', 97))
  } else if (filetype === 'sdist' && pyversion && pyversion !== 'source') {
    breaches.push(formBreach('form-pyversion', 'pyversion', pyversion, "Use 'source' as Python version for an sdist.", 108))
  }
  if (!data('md5_digest') && !data('sha256_digest') && !data('blake2_256_digest')) {
    breaches.push({ rule: 'form-digest', field: 'digests', message: 'Error: Include at least one message digest.', source: `${FORMS}:118` })
  }
  return breaches
}

// ---------------------------------------------------------------------------------------------------------
// metadata.py:300-392 parse_form_metadata

// packaging/metadata.py _STRING_FIELDS and _LIST_FIELDS (raw names); the form names are the raw names but for
// metadata.py:289-296 _override
const STRING_FIELDS = new Set([
  'author',
  'author_email',
  'description',
  'description_content_type',
  'download_url',
  'home_page',
  'license',
  'license_expression',
  'maintainer',
  'maintainer_email',
  'metadata_version',
  'name',
  'requires_python',
  'summary',
  'version'
])
const LIST_FIELDS = new Set([
  'classifiers',
  'dynamic',
  'license_files',
  'obsoletes',
  'obsoletes_dist',
  'platforms',
  'provides',
  'provides_dist',
  'provides_extra',
  'requires',
  'requires_dist',
  'requires_external',
  'supported_platforms',
  'import_names',
  'import_namespaces'
])
const FORM_OVERRIDES: Record<string, string> = {
  platform: 'platforms',
  supported_platform: 'supported_platforms',
  license_file: 'license_files',
  import_name: 'import_names',
  import_namespace: 'import_namespaces'
}
const RAW_TO_EMAIL: Record<string, string> = {
  author: 'author',
  author_email: 'author-email',
  classifiers: 'classifier',
  description: 'description',
  description_content_type: 'description-content-type',
  download_url: 'download-url',
  dynamic: 'dynamic',
  home_page: 'home-page',
  import_names: 'import-name',
  import_namespaces: 'import-namespace',
  keywords: 'keywords',
  license: 'license',
  license_expression: 'license-expression',
  license_files: 'license-file',
  maintainer: 'maintainer',
  maintainer_email: 'maintainer-email',
  metadata_version: 'metadata-version',
  name: 'name',
  obsoletes: 'obsoletes',
  obsoletes_dist: 'obsoletes-dist',
  platforms: 'platform',
  project_urls: 'project-url',
  provides: 'provides',
  provides_dist: 'provides-dist',
  provides_extra: 'provides-extra',
  requires: 'requires',
  requires_dist: 'requires-dist',
  requires_external: 'requires-external',
  requires_python: 'requires-python',
  summary: 'summary',
  supported_platforms: 'supported-platform',
  version: 'version'
}

function rawName(formName: string): string | undefined {
  if (formName in FORM_OVERRIDES) return FORM_OVERRIDES[formName]
  if (Object.values(FORM_OVERRIDES).includes(formName)) return undefined
  return formName in RAW_TO_EMAIL ? formName : undefined
}

type RawValue = string | string[] | Map<string, string>
interface RawMetadata {
  raw: Map<string, RawValue>
  /** Raw names of the fields PyPI could not parse. */
  unparsed: Set<string>
}

/** packaging's _parse_project_urls: undefined where a label repeats (a KeyError there). */
function parseProjectUrls(values: string[]): Map<string, string> | undefined {
  const urls = new Map<string, string>()
  for (const pair of values) {
    const comma = pair.indexOf(',')
    const label = pyStrip(comma < 0 ? pair : pair.slice(0, comma))
    const url = pyStrip(comma < 0 ? '' : pair.slice(comma + 1))
    if (urls.has(label)) return undefined
    urls.set(label, url)
  }
  return urls
}

function parseFormMetadata(form: MultiDict, breaches: Breach[]): RawMetadata {
  const raw = new Map<string, RawValue>()
  const unparsed = new Set<string>()
  for (const name of form.keys()) {
    const key = rawName(name)
    if (key === undefined) continue
    const value = form.getall(name)
    // metadata.py:335: an empty string is as good as absent
    if (value.length === 1 && value[0] === '') continue
    if (STRING_FIELDS.has(key) && value.length === 1) raw.set(key, value[0]!)
    else if (LIST_FIELDS.has(key)) raw.set(key, value)
    else if (key === 'keywords' && value.length === 1) raw.set(key, value[0]!.split(',').map(pyStrip))
    else if (key === 'project_urls' && parseProjectUrls(value) !== undefined) raw.set(key, parseProjectUrls(value)!)
    else {
      unparsed.add(key)
      breaches.push(metadataBreach('unparsed', RAW_TO_EMAIL[key]!, `${pyRepr(name)} has invalid data`, `${META}:383`))
    }
  }
  return { raw, unparsed }
}

// ---------------------------------------------------------------------------------------------------------
// packaging Metadata.from_raw(validate=True)

const VALID_METADATA_VERSIONS = ['1.0', '1.1', '1.2', '2.1', '2.2', '2.3', '2.4', '2.5']
// the `added=` of each _Validator (metadata.py:928-1018); unlisted fields are 1.0's
const ADDED: Record<string, string> = {
  dynamic: '2.2',
  supported_platforms: '1.1',
  description_content_type: '2.1',
  download_url: '1.1',
  maintainer: '1.2',
  maintainer_email: '1.2',
  license_expression: '2.4',
  license_files: '2.4',
  classifiers: '1.1',
  requires_dist: '1.2',
  requires_python: '1.2',
  requires_external: '1.2',
  project_urls: '1.2',
  provides_extra: '2.1',
  provides_dist: '1.2',
  obsoletes_dist: '1.2',
  import_names: '2.5',
  import_namespaces: '2.5',
  requires: '1.1',
  provides: '1.1',
  obsoletes: '1.1'
}
// Metadata's validators in the order the class declares them (packaging iterates a frozenset: any order)
const FIELD_ORDER = [
  'name',
  'version',
  'dynamic',
  'platforms',
  'supported_platforms',
  'summary',
  'description',
  'description_content_type',
  'keywords',
  'home_page',
  'download_url',
  'author',
  'author_email',
  'maintainer',
  'maintainer_email',
  'license',
  'license_expression',
  'license_files',
  'classifiers',
  'requires_dist',
  'requires_python',
  'requires_external',
  'project_urls',
  'provides_extra',
  'provides_dist',
  'obsoletes_dist',
  'import_names',
  'import_namespaces',
  'requires',
  'provides',
  'obsoletes'
]
const NAME = /^(?:[a-z0-9]|[a-z0-9][a-z0-9._-]*[a-z0-9])$/i

/** The fields from_raw accepted, in the form _validate_metadata reads them. */
interface Processed {
  metadataVersion?: string
  version?: Pep440Version
  fields: Map<string, RawValue>
  requiresDist?: Requirement[]
}

/**
 * A _process_* method's verdict: undefined, or its message before format_map ('{field}' where the field's name
 * goes), or a ServerError.
 */
type Processor = (value: RawValue, processed: Processed) => string | ServerError | undefined

const invalidFor = (value: string): string => `${pyRepr(value)} is invalid for {field}`

// packaging/metadata.py:656 _process_description_content_type; the sets are printed in the order written here
// (Python prints set literals in an order that varies between its processes)
function processContentType(value: string): string | undefined {
  const field = '{field}'
  let header
  try {
    header = parseContentTypeHeader(value)
  } catch (error) {
    if (error instanceof PythonParseError) return `${pyRepr(value)} is not a valid content type for ${field}`
    throw error
  }
  // packaging 26.2 (warehouse's pin) does not look at the header's defects; 26.3 refuses a value with any
  // EmailMessage.get_content_type: the text before ';', which must hold exactly one '/'
  const semicolon = header.text.indexOf(';')
  let contentType = pyStrip(semicolon < 0 ? header.text : header.text.slice(0, semicolon)).toLowerCase()
  if (contentType.split('/').length !== 2) contentType = 'text/plain'
  const contentTypes = ['text/plain', 'text/x-rst', 'text/markdown']
  if (!contentTypes.includes(contentType) || !value.toLowerCase().includes(contentType)) {
    return `${field} must be one of ${pyReprList(contentTypes)}, not ${pyRepr(value)}`
  }
  const charset = header.params.get('charset') ?? 'UTF-8'
  // 26.2 compares exactly: charset=utf-8 in lower case is refused (26.3 lower-cases it first)
  if (charset !== 'UTF-8') return `${field} can only specify the UTF-8 charset, not ${pyRepr(charset)}`
  const variant = header.params.get('variant') ?? 'GFM'
  if (contentType === 'text/markdown' && variant !== 'GFM' && variant !== 'CommonMark') {
    return `valid Markdown variants for ${field} are ${pyReprList(['GFM', 'CommonMark'])}, not ${pyRepr(variant)}`
  }
  return undefined
}

/** PureWindowsPath(path).as_posix() (CPython 3.14 pathlib): separators unified, '.' and empty parts dropped. */
function windowsAsPosix(path: string): string {
  const p = path.replace(/\//g, '\\')
  let drive = ''
  let root = ''
  let rest = p
  if (p[0] === '\\') {
    if (p[1] === '\\') {
      const start = p.slice(0, 8).toUpperCase() === '\\\\?\\UNC\\' ? 8 : 2
      const index = p.indexOf('\\', start)
      const index2 = index < 0 ? -1 : p.indexOf('\\', index + 1)
      if (index < 0 || index2 < 0) [drive, rest] = [p, '']
      else [drive, root, rest] = [p.slice(0, index2), '\\', p.slice(index2 + 1)]
    } else [root, rest] = ['\\', p.slice(1)]
  } else if (p[1] === ':') {
    if (p[2] === '\\') [drive, root, rest] = [p.slice(0, 2), '\\', p.slice(3)]
    else [drive, rest] = [p.slice(0, 2), p.slice(2)]
  }
  if (!root && drive.startsWith('\\') && !drive.endsWith('\\')) {
    const parts = drive.split('\\')
    if ((parts.length === 4 && !'?.'.includes(parts[2]!)) || parts.length === 6) root = '\\'
  }
  const tail = rest.split('\\').filter(x => x && x !== '.')
  const text = drive || root ? drive + root + tail.join('\\') : tail.join('\\')
  return (text || '.').replace(/\\/g, '/')
}

/** ntpath.isabs (CPython 3.13+) on str(PureWindowsPath(path)). */
function windowsIsAbsolute(path: string): boolean {
  const s = windowsAsPosix(path).slice(0, 3)
  return s.startsWith('//') || s.slice(1).startsWith(':/')
}

// packaging/metadata.py:762 _process_license_files
function processLicenseFiles(values: string[]): string | undefined {
  const field = '{field}'
  for (const path of values) {
    if (path.includes('..')) return `${pyRepr(path)} is invalid for ${field}, parent directory indicators are not allowed`
    if (path.includes('*')) return `${pyRepr(path)} is invalid for ${field}, paths must be resolved`
    if (path.startsWith('/') || windowsIsAbsolute(path)) return `${pyRepr(path)} is invalid for ${field}, paths must be relative`
    if (windowsAsPosix(path) !== path) return `${pyRepr(path)} is invalid for ${field}, paths must use '/' delimiter`
  }
  return undefined
}

// keyword.kwlist (CPython 3.14)
const PYTHON_KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(
    ' '
  )
)
const IDENTIFIER = /^[\p{XID_Start}_]\p{XID_Continue}*$/u

// packaging/metadata.py:788 _process_import_names (and _process_import_namespaces)
function processImportNames(values: string[]): string | undefined {
  const field = '{field}'
  for (const importName of values) {
    const semicolon = importName.indexOf(';')
    const name = (semicolon < 0 ? importName : importName.slice(0, semicolon)).replace(
      /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/,
      ''
    )
    for (const identifier of name.split('.')) {
      if (!IDENTIFIER.test(identifier)) return `${pyRepr(name)} is invalid for ${field}; ${pyRepr(identifier)} is not a valid identifier`
      if (PYTHON_KEYWORDS.has(identifier)) return `${pyRepr(name)} is invalid for ${field}; ${pyRepr(identifier)} is a keyword`
    }
    const option = semicolon < 0 ? undefined : importName.slice(semicolon + 1)
    if (option !== undefined && option.replace(/^[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/, '') !== 'private') {
      return `${pyRepr(importName)} is invalid for ${field}; the only valid option is 'private'`
    }
  }
  return undefined
}

const PROCESSORS: Record<string, [Processor, number]> = {
  name: [v => (!v ? '{field} is a required field' : NAME.test(v as string) ? undefined : invalidFor(v as string)), 636],
  version: [
    (v, processed) => {
      if (!v) return '{field} is a required field'
      const version = parseVersion(v as string)
      if (!version) return invalidFor(v as string)
      processed.version = version
      return undefined
    },
    648
  ],
  // 26.2 looks for '\n' only (26.3 for every line boundary)
  summary: [v => ((v as string).includes('\n') ? '{field} must be a single line' : undefined), 654],
  description_content_type: [v => processContentType(v as string), 668],
  dynamic: [
    v => {
      for (const field of (v as string[]).map(f => f.toLowerCase())) {
        if (['name', 'version', 'metadata-version'].includes(field)) return `${pyRepr(field)} is not allowed as a dynamic field`
        if (!Object.values(RAW_TO_EMAIL).includes(field)) return `${pyRepr(field)} is not a valid dynamic field`
      }
      return undefined
    },
    708
  ],
  provides_extra: [v => (v as string[]).filter(name => !NAME.test(name)).map(invalidFor)[0], 726],
  requires_python: [
    v => {
      try {
        parseSpecifierSet(v as string)
        return undefined
      } catch {
        return invalidFor(v as string)
      }
    },
    736
  ],
  requires_dist: [
    (v, processed) => {
      const requirements: Requirement[] = []
      for (const text of v as string[]) {
        try {
          requirements.push(parseRequirement(text))
        } catch (error) {
          if (error instanceof InvalidRequirement) return invalidFor(text)
          if (error instanceof PackagingCrash) return serverError(text, crashWhy(error))
          throw error
        }
      }
      processed.requiresDist = requirements
      return undefined
    },
    749
  ],
  license_expression: [
    v => {
      try {
        canonicalizeLicenseExpression(v as string)
        return undefined
      } catch {
        return invalidFor(v as string)
      }
    },
    759
  ],
  license_files: [v => processLicenseFiles(v as string[]), 766],
  import_names: [v => processImportNames(v as string[]), 796],
  import_namespaces: [v => processImportNames(v as string[]), 796]
}

/** A message of packaging's _invalid_metadata, after its format_map (metadata.py:576), or the 500 that raises. */
function invalidMetadataBreach(rule: string, emailName: string, template: string, source: string): Breach {
  try {
    return metadataBreach(rule, emailName, formatMap(template, pyRepr(emailName)), source)
  } catch (error) {
    if (!(error instanceof FormatError)) throw error
    const why = `packaging 26.2 passes its message ${pyRepr(template)} through str.format_map, which raises ${error.message} on the braces in it`
    return {
      rule,
      field: FIELD_NAMES[emailName] ?? emailName,
      message: `PyPI fails with a server error (HTTP 500) on ${emailName}: ${why}`,
      source: `${PACKAGING}:576`
    }
  }
}

function fromRaw({ raw, unparsed }: RawMetadata, breaches: Breach[]): Processed {
  const processed: Processed = { fields: new Map() }
  // metadata.py:625: Metadata-Version is processed first, and required
  const metadataVersion = raw.get('metadata_version') as string | undefined
  if (!unparsed.has('metadata_version')) {
    if (metadataVersion === undefined || !VALID_METADATA_VERSIONS.includes(metadataVersion)) {
      const shown = metadataVersion === undefined ? 'None' : pyRepr(metadataVersion)
      breaches.push(invalidMetadataBreach('metadata-version', 'metadata-version', `${shown} is not a valid metadata version`, `${PACKAGING}:625`))
    } else processed.metadataVersion = metadataVersion
  }
  const age = processed.metadataVersion === undefined ? undefined : VALID_METADATA_VERSIONS.indexOf(processed.metadataVersion)
  for (const key of FIELD_ORDER) {
    const required = key === 'name' || key === 'version'
    if (!raw.has(key) && !(required && !unparsed.has(key))) continue
    const value = raw.get(key)
    const emailName = RAW_TO_EMAIL[key]!
    const added = ADDED[key] ?? '1.0'
    if (age !== undefined && VALID_METADATA_VERSIONS.indexOf(added) > age) {
      const error = `${emailName} introduced in metadata version ${added}, not ${processed.metadataVersion}`
      breaches.push(metadataBreach('metadata-version-field', emailName, error, `${PACKAGING}:873`))
      continue
    }
    const processor = PROCESSORS[key]
    const error = processor?.[0](value ?? '', processed)
    const rule = key.replace(/_/g, '-')
    if (error instanceof ServerError) breaches.push(serverErrorBreach(rule, emailName, error, `${PACKAGING}:${processor![1]}`))
    else if (error !== undefined) breaches.push(invalidMetadataBreach(rule, emailName, error, `${PACKAGING}:${processor![1]}`))
    else if (value !== undefined) processed.fields.set(key, value)
  }
  return processed
}

// ---------------------------------------------------------------------------------------------------------
// metadata.py:99-287 _validate_metadata

const SUPPORTED_METADATA_VERSIONS = ['1.0', '1.1', '1.2', '2.1', '2.2', '2.3', '2.4', '2.5']
// metadata.py:28 DYNAMIC_FIELDS, lower case
const DYNAMIC_FIELDS = [
  'Platform',
  'Supported-Platform',
  'Summary',
  'Description',
  'Description-Content-Type',
  'Keywords',
  'Home-Page',
  'Download-Url',
  'Author',
  'Author-Email',
  'Maintainer',
  'Maintainer-Email',
  'License',
  'License-Expression',
  'License-File',
  'Classifier',
  'Requires-Dist',
  'Requires-Python',
  'Requires-External',
  'Project-Url',
  'Provides-Extra',
  'Provides-Dist',
  'Obsoletes-Dist',
  'Requires',
  'Provides',
  'Obsoletes',
  'Import-Name',
  'Import-Namespace'
].map(f => f.toLowerCase())

/** Python's sorted(set(items)). */
function sortedSet(items: Iterable<string>): string[] {
  return [...new Set(items)].sort((a, b) => {
    const x = [...a].map(c => c.codePointAt(0)!)
    const y = [...b].map(c => c.codePointAt(0)!)
    for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return x[i]! - y[i]!
    return x.length - y.length
  })
}

function validateMetadata(processed: Processed, breaches: Breach[]): void {
  const push = (rule: string, emailName: string, error: string, line: number, seeUrl?: string): void => {
    breaches.push(metadataBreach(rule, emailName, error, `${META}:${line}`, seeUrl))
  }
  const field = <T extends RawValue>(key: string): T | undefined => processed.fields.get(key) as T | undefined

  if (processed.metadataVersion !== undefined && !SUPPORTED_METADATA_VERSIONS.includes(processed.metadataVersion)) {
    push('metadata-version', 'metadata-version', `${pyRepr(processed.metadataVersion)} is not a valid metadata version`, 107)
  }
  if (processed.version?.local) {
    push('local-version', 'version', `The use of local versions in ${pyRepr(processed.version.normalized)} is not allowed.`, 116, LOCAL_VERSION_URL)
  }
  const summary = field<string>('summary')
  if (summary !== undefined && [...summary].length > 512) push('summary-length', 'summary', `${pyRepr('summary')} field must be 512 characters or less.`, 130)

  for (const [key, emailName] of [
    ['author_email', 'author-email'],
    ['maintainer_email', 'maintainer-email']
  ] as const) {
    const addr = field<string>(key)
    if (addr === undefined) continue
    const [, address] = parseaddr(addr)
    const error = address ? emailValidatorError(address) : undefined
    if (error !== undefined) push('email', emailName, `${pyRepr(address)} is not a valid email address: ${error}`, 158)
  }

  const classifiers = field<string[]>('classifiers') ?? []
  for (const c of sortedSet(classifiers).filter(c => !isKnownClassifier(c))) push('classifier', 'classifier', `${pyRepr(c)} is not a valid classifier.`, 164)
  for (const c of sortedSet(classifiers)) {
    const replacements = deprecatedClassifier(c)
    if (replacements === undefined) continue
    if (replacements.length > 0)
      push('deprecated-classifier', 'classifier', `The classifier ${pyRepr(c)} has been deprecated, use one of ${pyReprList(replacements)} instead.`, 180)
    else push('deprecated-classifier', 'classifier', `The classifier ${pyRepr(c)} has been deprecated.`, 188)
  }

  for (const [key, emailName] of [
    ['home_page', 'home-page'],
    ['download_url', 'download-url']
  ] as const) {
    const url = field<string>(key)
    if (url !== undefined && !isValidUri(url, { requireAuthority: false })) push('url', emailName, `${pyRepr(url)} is not a valid url.`, 202)
  }

  for (const [label, url] of field<Map<string, string>>('project_urls') ?? []) {
    if (!label) push('project-url', 'project-url', 'Must have a label', 211)
    else if ([...label].length > 32) push('project-url', 'project-url', `${pyRepr(label)} must be 32 characters or less.`, 215)
    else if (!url) push('project-url', 'project-url', 'Must have a URL', 219)
    else if (!isValidUri(url, { requireAuthority: false })) push('project-url', 'project-url', `${pyRepr(url)} is not a valid url`, 221)
  }

  for (const [key, emailName] of [
    ['provides_dist', 'provides-dist'],
    ['obsoletes_dist', 'obsoletes-dist']
  ] as const) {
    for (const text of field<string[]>(key) ?? []) {
      try {
        if (parseRequirement(text).url !== undefined) push('direct-dependency', emailName, `Can't have direct dependency: ${pyRepr(text)}`, 244)
      } catch (error) {
        if (error instanceof PackagingCrash) breaches.push(serverErrorBreach(emailName, emailName, serverError(text, crashWhy(error)), `${META}:229`))
        else if (error instanceof InvalidRequirement) push(emailName, emailName, `${pyRepr(text)} is invalid: ${error.message}`, 234)
        else throw error
      }
    }
  }

  for (const requirement of processed.requiresDist ?? []) {
    if (requirement.url === undefined) continue
    // a direct reference has no version specifier, so str() of it cannot fail
    push('direct-dependency', 'requires-dist', `Can't have direct dependency: ${requirementString(requirement)}`, 259)
  }

  for (const key of (field<string[]>('dynamic') ?? []).map(f => f.toLowerCase())) {
    if (!DYNAMIC_FIELDS.includes(key)) push('dynamic', 'dynamic', `Dynamic field ${pyRepr(key)} is not a valid dynamic field.`, 272)
  }

  if (field('license') && field('license_expression')) {
    push('license-with-expression', 'license', 'License is deprecated when License-Expression is present. Only License-Expression should be present.', 283)
  }
  storedForms(processed, breaches)
}

/**
 * legacy.py:1820-1831: with the metadata valid, file_upload stores str(meta.requires_python) and str() of each
 * Requires-Dist. str(SpecifierSet) of two or more specifiers can raise AssertionError in packaging 26.2 (see
 * pep508.ts canonicalSpecifier), and the upload then ends in a server error.
 */
function storedForms(processed: Processed, breaches: Breach[]): void {
  const requiresPython = processed.fields.get('requires_python') as string | undefined
  const texts = (processed.fields.get('requires_dist') as string[] | undefined) ?? []
  const stored: Array<[string, string, () => string, number]> = [
    ...(requiresPython === undefined
      ? []
      : [['requires-python', requiresPython, () => specifierSetString(parseSpecifierSet(requiresPython)), 1821] as [string, string, () => string, number]]),
    ...(processed.requiresDist ?? []).map(
      (requirement, i) => ['requires-dist', texts[i]!, () => requirementString(requirement), 1830] as [string, string, () => string, number]
    )
  ]
  for (const [emailName, text, str, line] of stored) {
    try {
      str()
    } catch (error) {
      if (!(error instanceof PackagingCrash)) throw error
      breaches.push(serverErrorBreach(emailName, emailName, serverError(text, crashWhy(error)), `${LEGACY}:${line}`))
    }
  }
}

// ---------------------------------------------------------------------------------------------------------

/**
 * Every reason warehouse's file_upload refuses this form for its fields and metadata (not for the file
 * itself), each a Breach with PyPI's wording. `fields` are the multipart form fields, as uploadFields() sends
 * them (repeated names for repeated values); an empty list means PyPI would take the form.
 */
export function checkFormMetadata(fields: FormFields): Breach[] {
  const form = sanitize(fields)
  const breaches: Breach[] = []
  const protocol = form.get('protocol_version') ?? '1'
  if (protocol !== '1') breaches.push({ rule: 'protocol-version', field: 'protocol_version', message: 'Unknown protocol version.', source: `${LEGACY}:652` })
  breaches.push(...checkUploadForm(form))
  const raw = parseFormMetadata(form, breaches)
  validateMetadata(fromRaw(raw, breaches), breaches)
  return breaches
}
