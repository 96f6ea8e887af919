// PyPI's rules on the uploaded file's NAME, in the order warehouse's file_upload applies them
// (warehouse/forklift/legacy.py at 6b62157, with the packaging it pins, 26.2 (requirements/main.txt):
// parse_wheel_filename / parse_sdist_filename; 26.3 is stricter on tags and empty names, and PyPI does not run it yet):
// characters and extension (_validate_filename), then for an sdist the PEP 625 name, for a wheel its parts,
// platform tags, normalized name and version, and the length the storage can hold.
import { normalizeName } from '../names.js'
import { parseVersion, versionsEqual } from '../pep440.js'
import { pyRepr } from './python.js'
import type { Breach } from './types.js'

export type FileType = 'sdist' | 'bdist_wheel'

/** The file as the upload names it, and the Name and Version its metadata (the upload form) states. */
export interface UploadedName {
  filename: string
  filetype: FileType
  name: string
  version: string
}

const LEGACY = 'warehouse/forklift/legacy.py'

// legacy.py:108-196: the platforms PyPI takes
const ALLOWED_PLATFORMS = new Set([
  'any',
  'win32',
  'win_arm64',
  'win_amd64',
  'win_ia64',
  'manylinux1_x86_64',
  'manylinux1_i686',
  'manylinux2010_x86_64',
  'manylinux2010_i686',
  'manylinux2014_x86_64',
  'manylinux2014_i686',
  'manylinux2014_aarch64',
  'manylinux2014_armv7l',
  'manylinux2014_ppc64',
  'manylinux2014_ppc64le',
  'manylinux2014_s390x',
  'linux_armv6l',
  'linux_armv7l'
])
// Python's re.match anchors at the start only; `.*` runs to the end
const MACOSX = /^macosx_(?<major>\d+)_(?<minor>\d+)_(?<arch>.*)$/s
const MACOSX_ARCHES = new Set(['ppc', 'ppc64', 'i386', 'x86_64', 'arm64', 'intel', 'fat', 'fat3', 'fat64', 'universal', 'universal2'])
const MACOSX_MAJORS = new Set(['11', '12', '13', '14', '15', '26'])
const IOS = /^ios_(\d+)_(\d+)_(?<arch>.*)_(iphoneos|iphonesimulator)/s
const IOS_ARCHES = new Set(['arm64', 'x86_64'])
const ANDROID = /^android_(\d+)_(?<arch>.*)$/s
const ANDROID_ARCHES = new Set(['armeabi_v7a', 'arm64_v8a', 'x86', 'x86_64'])
const LINUX = /^(?<libc>many|musl)linux_(\d+)_(\d+)_(?<arch>.*)$/s
const JOINT_LINUX_ARCHES = ['x86_64', 'i686', 'aarch64', 'armv7l', 'ppc64le', 's390x', 'riscv64']
const MANYLINUX_ARCHES = new Set([...JOINT_LINUX_ARCHES, 'ppc64'])
const MUSLLINUX_ARCHES = new Set(JOINT_LINUX_ARCHES)
const PYEMSCRIPTEN = /^pyemscripten_\d+_\d+_wasm32/

/** legacy.py:199 _valid_platform_tag, condition for condition. */
export function validPlatformTag(platform: string): boolean {
  if (ALLOWED_PLATFORMS.has(platform)) return true
  const mac = MACOSX.exec(platform)?.groups
  // macosx_10_{minor} for the 10.x series; macosx_{major}_0 for 11 and later
  if (mac && mac['major'] === '10' && MACOSX_ARCHES.has(mac['arch']!)) return true
  if (mac && MACOSX_MAJORS.has(mac['major']!) && mac['minor'] === '0' && MACOSX_ARCHES.has(mac['arch']!)) return true
  const linux = LINUX.exec(platform)?.groups
  if (linux?.['libc'] === 'musl') return MUSLLINUX_ARCHES.has(linux['arch']!)
  if (linux?.['libc'] === 'many') return MANYLINUX_ARCHES.has(linux['arch']!)
  const ios = IOS.exec(platform)?.groups
  if (ios && IOS_ARCHES.has(ios['arch']!)) return true
  const android = ANDROID.exec(platform)?.groups
  if (android && ANDROID_ARCHES.has(android['arch']!)) return true
  return PYEMSCRIPTEN.test(platform)
}

/** packaging's canonicalize_name (no validation): lower case, `_` and `.` to `-`, runs of `-` collapsed. */
function canonicalizeName(name: string): string {
  return name.toLowerCase().replace(/[_.]/g, '-').replace(/-{2,}/g, '-')
}

/** packaging's str(Version(text)), or undefined when packaging's Version refuses the text. */
function canonicalVersion(text: string): string | undefined {
  return parseVersion(text)?.normalized
}

/** packaging 26.2's tags.parse_tag: the platforms of a (compressed) tag set; Tag() lower-cases each part. */
function parseTagPlatforms(tag: string): string[] {
  // parse_wheel_filename hands it exactly three components; 26.2 checks none of them (empty parts included)
  return tag
    .split('-')[2]!
    .split('.')
    .map(platform => platform.toLowerCase())
}

/** legacy.py:243 _validate_filename: one breach, or undefined. */
function validateFilename(filename: string, filetype: FileType): Breach | undefined {
  const breach = (message: string, line: number): Breach => ({ rule: 'filename', field: 'filename', message, source: `${LEGACY}:${line}` })
  if (/[\x00-\x1f\x7f]/.test(filename)) {
    return breach('Cannot upload a file with non-printable characters (ordinals 0-31) or the DEL character (ordinal 127) in the name.', 250)
  }
  if (filename.includes('/') || filename.includes('\\')) return breach("Cannot upload a file with '/' or '\\' in the name.", 262)
  // _dist_file_re: .+?(?P<extension>\.(tar\.gz|zip|whl))$ with IGNORECASE; the extension keeps its case
  const extension = /^.+?(\.(tar\.gz|zip|whl))$/is.exec(filename)?.[1]
  if (extension === undefined) {
    return breach(
      'Invalid file extension: Use .tar.gz, .whl or .zip extension. See https://www.python.org/dev/peps/pep-0527 and https://peps.python.org/pep-0715/ for more information',
      277
    )
  }
  const allowed = filetype === 'sdist' ? ['.zip', '.tar.gz'] : ['.whl']
  if (!allowed.includes(extension)) {
    return breach(
      `Invalid file extension: Extension ${extension} is invalid for filetype ${filetype}. See https://www.python.org/dev/peps/pep-0527 for more information.`,
      270
    )
  }
  return undefined
}

/** legacy.py:1317-1395: the sdist's name and version, and PEP 625's normalized filename. */
function checkSdistName({ filename, name, version }: UploadedName): Breach[] {
  const breach = (rule: string, message: string, line: number): Breach[] => [{ rule, field: 'filename', message, source: `${LEGACY}:${line}` }]
  // packaging.utils.parse_sdist_filename
  const stem = filename.endsWith('.tar.gz') ? filename.slice(0, -'.tar.gz'.length) : filename.endsWith('.zip') ? filename.slice(0, -'.zip'.length) : undefined
  const dash = stem?.lastIndexOf('-') ?? -1
  // 26.2 takes an empty name part (-1.0.tar.gz); the comparison with the project's name below refuses it
  if (stem === undefined || dash < 0 || canonicalVersion(stem.slice(dash + 1)) === undefined) {
    return breach('sdist-filename', `Invalid source distribution filename: ${filename}`, 1329)
  }
  let nameFromFilename = stem.slice(0, dash)
  const metaVersion = parseVersion(version)
  // legacy.py:1340: a post-release written with a hyphen (1.0-1) puts one more hyphen in the name part
  if (metaVersion && /\.post\d+/.test(metaVersion.normalized) && canonicalizeName(nameFromFilename) !== canonicalizeName(name)) {
    if ((filename.match(/-/g) ?? []).length >= 2) {
      const withoutLast = filename.slice(0, filename.lastIndexOf('-'))
      nameFromFilename = withoutLast.slice(0, Math.max(0, withoutLast.lastIndexOf('-')))
    }
  }
  const normalized = normalizeName(name)
  if (canonicalizeName(nameFromFilename) !== normalized) {
    return breach('sdist-filename', `Start filename for ${pyRepr(name)} with ${pyRepr(normalized.replace(/-/g, '_'))}.`, 1372)
  }
  const expected = `${normalized.replace(/-/g, '_')}-${metaVersion?.normalized ?? version}.tar.gz`
  if (filename !== expected) {
    return breach('sdist-filename', `Filename ${pyRepr(filename)} is invalid, should be ${pyRepr(expected)}.`, 1389)
  }
  return []
}

/** legacy.py:1425-1506: packaging's parse_wheel_filename, the platform tags, the normalized name and the version. */
function checkWheelName({ filename, name, version }: UploadedName): Breach[] {
  const breach = (rule: string, message: string, line: number): Breach[] => [{ rule, field: 'filename', message, source: `${LEGACY}:${line}` }]
  const invalid = (why: string): Breach[] => breach('wheel-filename', why, 1435)
  // packaging/utils.py parse_wheel_filename (26.2)
  const stem = filename.slice(0, -'.whl'.length)
  const dashes = (stem.match(/-/g) ?? []).length
  if (dashes !== 4 && dashes !== 5) return invalid(`Invalid wheel filename (wrong number of parts): ${pyRepr(stem)}`)
  // Python's split('-', dashes - 2): the last part keeps the tag's two hyphens
  const pieces = stem.split('-')
  const parts = [...pieces.slice(0, dashes - 2), pieces.slice(dashes - 2).join('-')]
  const namePart = parts[0]!
  // re.match(r"^[\w\d._]*$", name_part, re.UNICODE): an empty name part passes here
  if (namePart.includes('__') || !/^[\p{L}\p{N}_.]*$/u.test(namePart)) return invalid(`Invalid project name: ${pyRepr(stem)}`)
  const fileVersion = canonicalVersion(parts[1]!)
  if (fileVersion === undefined) return invalid(`Invalid wheel filename (invalid version): ${pyRepr(stem)}`)
  if (dashes === 5 && !/^\d/.test(parts[2]!)) return invalid(`Invalid build number: ${parts[2]} in ${pyRepr(stem)}`)
  const platforms = parseTagPlatforms(parts.at(-1)!)

  const unsupported = platforms.find(platform => !validPlatformTag(platform))
  if (unsupported !== undefined) {
    return breach('platform-tag', `Binary wheel '${filename}' has an unsupported platform tag '${unsupported}'.`, 1446)
  }
  const canonical = canonicalizeName(name)
  if (canonical !== canonicalizeName(namePart)) {
    return breach('wheel-filename', `Start filename for ${pyRepr(name)} with ${pyRepr(canonical.replace(/-/g, '_'))}.`, 1460)
  }
  // PEP 427 / PEP 503: the name part is the fully normalized project name
  const normalized = normalizeName(name).replace(/-/g, '_')
  if (namePart !== normalized) {
    return breach(
      'wheel-filename',
      `Filename ${pyRepr(filename)} should contain the normalized project name ${pyRepr(normalized)}, not ${pyRepr(namePart)}.`,
      1484
    )
  }
  // Version objects compare equal (1.0.04 == 1.0.4), unlike the sdist's filename text
  if (!versionsEqual(fileVersion, version)) {
    return breach('wheel-filename', `Version in filename should be ${pyRepr(canonicalVersion(version) ?? version)} not ${pyRepr(fileVersion)}.`, 1499)
  }
  return []
}

/** Linux's NAME_MAX: warehouse writes the upload to a temporary file of this name, and a wheel's METADATA beside it. */
const NAME_MAX = 255

/**
 * Every breach of PyPI's filename rules for one upload, in warehouse's order; the first rule broken ends the
 * check as PyPI's answer would (later rules read parts an earlier one found malformed).
 */
export function checkFilename(upload: UploadedName): Breach[] {
  const { filename, filetype } = upload
  const invalid = validateFilename(filename, filetype)
  if (invalid) return [invalid]
  const bytes = Buffer.byteLength(filename, 'utf8')
  // legacy.py:1141 opens os.path.join(tmpdir, filename) for writing: a longer name fails there (an error, not a 400)
  if (bytes > NAME_MAX) {
    return [
      {
        rule: 'filename-length',
        status: 500,
        field: 'filename',
        message: `the file name is ${bytes} bytes; PyPI stores the upload under its name, and a name longer than ${NAME_MAX} bytes cannot be stored (the upload fails)`,
        source: `${LEGACY}:1141`
      }
    ]
  }
  const named = filetype === 'sdist' ? checkSdistName(upload) : checkWheelName(upload)
  if (named.length > 0) return named
  // legacy.py:1604: a wheel's METADATA is written beside it as '<filename>.metadata'
  if (filetype === 'bdist_wheel' && bytes + '.metadata'.length > NAME_MAX) {
    return [{ rule: 'filename-length', field: 'filename', message: `Filename is too long: '${filename}'`, source: `${LEGACY}:1616` }]
  }
  return []
}
