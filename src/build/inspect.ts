// Inspection of every built file before anything leaves the runner: its filename (wheel and
// sdist specifications), its core metadata (as PyPI accepts it), a wheel's RECORD and WHEEL,
// an sdist's layout, and its members (no path that escapes the archive). Errors stop the
// release; warnings are annotations.
import { posix } from 'node:path'
import { normalizeName } from '../names.js'
import { parseVersion, versionsEqual } from '../pep440.js'
import type { ArtifactFormat } from '../types.js'
import type { ArchiveContents, ArchiveMember } from './archive.js'
import type { CoreMetadata } from './metadata.js'

/** Metadata versions PyPI accepts (2.0 was never a standard). */
export const ACCEPTED_METADATA_VERSIONS = ['1.0', '1.1', '1.2', '2.1', '2.2', '2.3', '2.4', '2.5']

export interface Inspection {
  errors: string[]
  warnings: string[]
  /**
   * A wheel's files against its RECORD (entries, sha256, sizes): stricter than PyPI, which takes such a wheel
   * (warehouse/utils/wheel.py e-mails the owners about it); preflight decides per target (strict-record).
   */
  record: string[]
  /** Files (not directories) in the archive. */
  files: number
  /** The largest files, largest first. */
  largest: Array<{ name: string; size: number }>
  /**
   * A wheel's tags as its WHEEL file states them, when they are the tags its filename claims (see wheelTagProblems),
   * and its Root-Is-Purelib; absent for an sdist, and for a wheel whose tags do not agree (that is an error).
   */
  wheel?: WheelTags
}

/** The tags a wheel was verified to carry: its WHEEL file's Tag lines, equal to its filename's tags. */
export interface WheelTags {
  /** Every tag, expanded and lower-cased (`py3-none-any`), sorted. */
  tags: string[]
  purelib: boolean
}

/** PEP 503 normalization, with `_` for the separator as wheel and sdist filenames write it. */
export function filenameName(name: string): string {
  return normalizeName(name).replace(/-/g, '_')
}

// {distribution}-{version}(-{build tag})?-{python tag}-{abi tag}-{platform tag}.whl
const WHEEL_NAME = /^(?<name>[^-]+)-(?<version>[^-]+)(?:-(?<build>\d[^-]*))?-(?<python>[^-]+)-(?<abi>[^-]+)-(?<platform>[^-]+)\.whl$/
// {name}-{version}.tar.gz, the name normalized (PEP 625)
const SDIST_NAME = /^(?<name>.+)-(?<version>[^-]+)\.tar\.gz$/
const PROJECT_NAME = /^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$/i

/** A member path that would land outside the directory an installer extracts into. */
function unsafePath(name: string): string | undefined {
  if (name.startsWith('/') || /^[A-Za-z]:[\\/]/.test(name) || name.startsWith('\\')) return 'an absolute path'
  if (name.split(/[\\/]/).includes('..')) return "a '..' component"
  return undefined
}

/** Whether a link at `name` pointing to `target` stays inside the archive. */
function linkStaysInside(name: string, target: string, hard: boolean): boolean {
  if (target.startsWith('/') || /^[A-Za-z]:[\\/]/.test(target)) return false
  // a hard link's target is relative to the archive root, a symlink's to its own directory
  const resolved = posix.normalize(hard ? target : posix.join(posix.dirname(name), target))
  return resolved !== '..' && !resolved.startsWith('../')
}

/** One RECORD line: CSV as Python's csv module writes it (quotes around fields with commas or quotes). */
export function parseCsvLine(line: string): string[] {
  const fields: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        field += '"'
        i++
      } else if (char === '"') quoted = false
      else field += char
    } else if (char === '"' && field === '') quoted = true
    else if (char === ',') {
      fields.push(field)
      field = ''
    } else field += char
  }
  fields.push(field)
  return fields
}

const hexToBase64Url = (hex: string): string => Buffer.from(hex, 'hex').toString('base64url')

export function inspectArtifact(
  filename: string,
  format: ArtifactFormat,
  contents: ArchiveContents,
  metadata: CoreMetadata,
  metadataMember: string
): Inspection {
  const errors: string[] = []
  const warnings: string[] = []
  const record: string[] = []
  const field = (name: string): string | undefined => metadata.get(name.toLowerCase())?.[0]
  const members = contents.members

  // ---- members: nothing may escape the archive
  const seen = new Set<string>()
  for (const member of members) {
    const unsafe = unsafePath(member.name)
    if (unsafe !== undefined) errors.push(`${filename} has an entry with ${unsafe}: '${member.name}'`)
    if ((member.type === 'symlink' || member.type === 'hardlink') && !linkStaysInside(member.name, member.linkname ?? '', member.type === 'hardlink')) {
      errors.push(`${filename} has a ${member.type === 'symlink' ? 'symbolic' : 'hard'} link '${member.name}' to '${member.linkname}', outside the archive`)
    }
    if (member.type === 'other') errors.push(`${filename} has '${member.name}', which is neither a file, a directory nor a link`)
    if (seen.has(member.name) && member.type !== 'directory') warnings.push(`${filename} has the entry '${member.name}' more than once`)
    seen.add(member.name)
  }
  const files = members.filter(member => member.type === 'file')
  const compiled = files.filter(member => /(^|\/)__pycache__\//.test(member.name) || /\.py[co]$/.test(member.name))
  if (compiled.length > 0) {
    warnings.push(
      `${filename} contains ${compiled.length} compiled Python files (such as '${compiled[0]!.name}'); exclude __pycache__ and *.pyc from the build`
    )
  }

  // ---- metadata, as PyPI checks it
  const metadataVersion = field('Metadata-Version') ?? ''
  if (!ACCEPTED_METADATA_VERSIONS.includes(metadataVersion)) {
    errors.push(`${filename}: ${metadataMember} has Metadata-Version '${metadataVersion}'; PyPI accepts ${ACCEPTED_METADATA_VERSIONS.join(', ')}`)
  }
  const name = field('Name') ?? ''
  const version = field('Version') ?? ''
  if (!PROJECT_NAME.test(name)) errors.push(`${filename}: ${metadataMember} has Name '${name}', which is not a valid project name`)
  if (parseVersion(version) === undefined) errors.push(`${filename}: ${metadataMember} has Version '${version}', which is not a PEP 440 version`)
  const hasBody = (field('Description') ?? '').trim() !== ''
  if (field('Description-Content-Type') === undefined && hasBody) {
    warnings.push(
      `${filename} has a long description without Description-Content-Type; PyPI will render it as reStructuredText (set readme = "README.md" or the content type)`
    )
  }

  // ---- the filename agrees with the metadata
  const match = (format === 'wheel' ? WHEEL_NAME : SDIST_NAME).exec(filename)
  if (!match?.groups) {
    errors.push(
      format === 'wheel'
        ? `${filename} is not a wheel filename ({name}-{version}(-{build})?-{python}-{abi}-{platform}.whl)`
        : `${filename} is not an sdist filename ({name}-{version}.tar.gz)`
    )
  } else {
    const { name: fileName, version: fileVersion } = match.groups as { name: string; version: string }
    if (filenameName(fileName) !== filenameName(name)) errors.push(`${filename} names the project '${fileName}', but its metadata says '${name}'`)
    if (!versionsEqual(fileVersion, version)) errors.push(`${filename} has version '${fileVersion}' in its name, but its metadata says '${version}'`)
    if (format === 'sdist' && fileName !== filenameName(fileName)) {
      warnings.push(`${filename}: the name in an sdist filename should be normalized (PEP 625): ${filenameName(fileName)}-${fileVersion}.tar.gz`)
    }
  }

  // ---- layout and integrity
  const byName = new Map(members.map(member => [member.name, member] as [string, ArchiveMember]))
  const metadataDir = metadataMember.split('/')[0]!
  let wheel: WheelTags | undefined
  if (format === 'wheel') wheel = inspectWheel(filename, metadataDir, contents, byName, match?.groups, { errors, warnings, record })
  else {
    const tops = new Set(members.map(member => member.name.split('/')[0]))
    if (tops.size !== 1) errors.push(`${filename} has ${tops.size} top-level entries; an sdist holds one directory, {name}-{version}`)
    if (!byName.has(`${metadataDir}/PKG-INFO`)) errors.push(`${filename} has no PKG-INFO in its top directory ${metadataDir}/`)
    // PyPI takes an sdist with only setup.py and PKG-INFO (legacy.py:421-460 asks for PKG-INFO alone); installers then build it the legacy way
    if (!byName.has(`${metadataDir}/pyproject.toml`)) {
      warnings.push(
        `${filename} has no pyproject.toml in its top directory ${metadataDir}/; installers build it with setuptools' legacy backend (add a pyproject.toml with [build-system])`
      )
    }
  }

  // ---- PEP 639 license files are in the archive
  for (const license of metadata.get('license-file') ?? []) {
    const places =
      format === 'sdist'
        ? [`${metadataDir}/${license}`]
        : Number(metadataVersion) >= 2.4
          ? [`${metadataDir}/licenses/${license}`]
          : [`${metadataDir}/licenses/${license}`, `${metadataDir}/license_files/${license}`, `${metadataDir}/${license}`]
    if (!places.some(place => byName.has(place))) {
      const missing = `${filename}: ${metadataMember} names License-File '${license}', but ${places[0]} is not in the archive`
      // before Metadata 2.4 License-File was a backend's convention, not the standard's, and PyPI does not look for it
      // (cmeel-qhull 8.0.2.1's wheel keeps it under .dist-info/license/): only 2.4's entries are a promise to keep
      if (Number(metadataVersion) >= 2.4) errors.push(missing)
      else warnings.push(missing)
    }
  }

  const largest = [...files]
    .sort((a, b) => b.size - a.size)
    .slice(0, 3)
    .map(({ name: file, size }) => ({ name: file, size }))
  return { errors, warnings, record, files: files.length, largest, ...(wheel ? { wheel } : {}) }
}

/**
 * A compressed tag set can stand for many tags; one filename (255 bytes) could name tens of thousands.
 * packaging's parse_tag takes a `limit` for the same reason (pypa/packaging@053c884 src/packaging/tags.py:290-297).
 */
const MAX_TAGS = 1024

/**
 * The tags a compressed tag set stands for, as packaging's parse_tag expands it (pypa/packaging@053c884
 * src/packaging/tags.py:278-311): each of the three components split at its dots, every combination
 * (`py2.py3-none-any` is py2-none-any and py3-none-any), lower-cased as its Tag is (tags.py:148-150),
 * sorted. Undefined when it is not three non-empty components or stands for more than MAX_TAGS tags.
 */
export function expandTags(compressed: string): string[] | undefined {
  const components = compressed.split('-').map(component => component.toLowerCase().split('.'))
  if (components.length !== 3 || components.some(parts => parts.includes(''))) return undefined
  const [interpreters, abis, platforms] = components as [string[], string[], string[]]
  if (interpreters.length * abis.length * platforms.length > MAX_TAGS) return undefined
  const tags = new Set<string>()
  for (const interpreter of interpreters) for (const abi of abis) for (const platform of platforms) tags.add(`${interpreter}-${abi}-${platform}`)
  return [...tags].sort()
}

/** The platform of each tag (`win_amd64` of `cp312-cp312-win_amd64`), once each. */
export function tagPlatforms(tags: readonly string[]): string[] {
  return [...new Set(tags.map(tag => tag.split('-')[2]!))]
}

/** What a wheel's filename says it is, and what its WHEEL file says. */
export interface WheelClaims {
  filename: string
  /** The WHEEL file's path in the wheel, for messages. */
  wheelFile: string
  /** From the filename: the compressed tag set (`py2.py3-none-any`) and the build tag, if any. */
  named: { tags: string; build: string | undefined }
  /** From the WHEEL file: each `Tag` line, its `Build` line, its `Root-Is-Purelib` (undefined when not true or false). */
  stated: { tags: string[]; build: string | undefined; purelib: boolean | undefined }
}

/**
 * Whether a wheel is what its filename says. Installers, indexes and `expect-wheels` go by the filename's
 * tags, but the wheel's own record of what it was built for is its WHEEL file: the specification makes
 * its Tag lines "the wheel's expanded compatibility tags" (packaging.python.org, binary distribution
 * format, "the .dist-info directory"), and bdist_wheel writes one Tag line per tag of the filename's
 * compressed set (pypa/wheel@60cfdda src/wheel/_bdist_wheel.py:483-487). So the set of tags the filename stands
 * for must be the set of Tag lines: a pure wheel copied to `…-py3-none-win_amd64.whl` (its WHEEL still
 * says py3-none-any) would install on Windows alone and stand in for a Windows build that never happened.
 * `wheel tags` refuses to retag a wheel whose Tag lines or Build line differ from its filename
 * (pypa/wheel@60cfdda src/wheel/_commands/tags.py:85-111); so does this, as an error. A Tag line written
 * compressed is expanded too (the set is what counts).
 *
 * Root-Is-Purelib: true says the wheel is pure Python (installed into purelib). bdist_wheel tags such a
 * wheel `any` unless a platform is asked for with --plat-name (_bdist_wheel.py:326-330), which projects
 * shipping a prebuilt binary as package data do: allowed, with a warning, since a compiled wheel that
 * says it is pure is installed where compiled code does not belong.
 */
export function wheelTagProblems(claims: WheelClaims): { errors: string[]; warnings: string[]; verified: WheelTags | undefined } {
  const { filename, wheelFile, named, stated } = claims
  const errors: string[] = []
  const warnings: string[] = []
  const fromName = expandTags(named.tags)
  const fromFile = stated.tags.map(line => ({ line, tags: expandTags(line) }))
  if (fromName === undefined) {
    errors.push(`${filename}: its filename's tags '${named.tags}' are not a python-abi-platform tag set of at most ${MAX_TAGS} tags`)
  }
  for (const { line } of fromFile.filter(({ tags }) => tags === undefined)) {
    errors.push(`${filename}: ${wheelFile} has 'Tag: ${line}', which is not a python-abi-platform tag`)
  }
  const stateds = [...new Set(fromFile.flatMap(({ tags }) => tags ?? []))].sort()
  if (fromName !== undefined && stateds.length > 0 && fromFile.every(({ tags }) => tags !== undefined)) {
    const missing = stateds.filter(tag => !fromName.includes(tag))
    const extra = fromName.filter(tag => !stateds.includes(tag))
    if (missing.length > 0 || extra.length > 0) {
      errors.push(
        `${filename}: its filename says it is for ${fromName.join(', ')}, but ${wheelFile} says Tag: ${stateds.join(', ')}; ` +
          'the wheel was renamed after it was built (installers, indexes and expect-wheels go by the name). ' +
          'Publish the wheel as its backend named it, or retag it with `wheel tags`, which rewrites the name and the WHEEL file together'
      )
    }
  }
  if ((named.build ?? '') !== (stated.build ?? '')) {
    errors.push(
      `${filename}: its filename has build tag '${named.build ?? ''}', but ${wheelFile} has Build '${stated.build ?? ''}'; ` +
        'installers prefer the higher build tag, so it must be the one the wheel was built with'
    )
  }
  if (errors.length > 0 || fromName === undefined || stated.purelib === undefined) return { errors, warnings, verified: undefined }
  const platforms = tagPlatforms(fromName).filter(platform => platform !== 'any')
  if (stated.purelib && platforms.length > 0) {
    warnings.push(
      `${filename}: ${wheelFile} says Root-Is-Purelib: true (pure Python), but the wheel is tagged for ${platforms.join(', ')}; ` +
        'if it holds compiled code, its backend must say Root-Is-Purelib: false (setuptools: a distribution with ext_modules), or installers put it among the pure packages'
    )
  }
  return { errors, warnings, verified: { tags: fromName, purelib: stated.purelib } }
}

function inspectWheel(
  filename: string,
  distInfo: string,
  contents: ArchiveContents,
  byName: Map<string, ArchiveMember>,
  /** The filename's parts (WHEEL_NAME's groups); undefined when it is no wheel filename (an error already). */
  named: Record<string, string | undefined> | undefined,
  found: Pick<Inspection, 'errors' | 'warnings' | 'record'>
): WheelTags | undefined {
  const { errors, warnings } = found
  const recordName = `${distInfo}/RECORD`
  const recordFile = contents.kept.get(recordName)
  if (recordFile === undefined) {
    // PyPI refuses a wheel without RECORD (warehouse/forklift/legacy.py:1540-1556, MissingWheelRecordError)
    errors.push(`${filename} has no ${recordName}`)
  } else {
    // what follows PyPI does not refuse: a mismatch is e-mailed to the owners (warehouse/utils/wheel.py:_validate_record)
    const mismatch = found.record
    const listed = new Set<string>()
    recordFile
      .toString('utf8')
      .split(/\r?\n/)
      .forEach((line, index) => {
        if (line.trim() === '') return
        const [path = '', hash = '', size = ''] = parseCsvLine(line)
        listed.add(path)
        const member = byName.get(path)
        if (member === undefined) {
          mismatch.push(`${filename}: ${recordName} line ${index + 1} lists '${path}', which is not in the wheel`)
          return
        }
        if (path === recordName || hash === '') return
        const [algorithm, expected] = hash.split('=', 2)
        if (algorithm === 'sha256') {
          if (expected !== hexToBase64Url(member.sha256))
            mismatch.push(`${filename}: the sha256 of '${path}' does not match ${recordName} (the wheel was altered after it was built)`)
        } else if (algorithm === 'md5' || algorithm === 'sha1') {
          mismatch.push(`${filename}: ${recordName} uses ${algorithm} for '${path}'; the wheel specification forbids md5 and sha1`)
        } else {
          warnings.push(`${filename}: ${recordName} uses ${algorithm} for '${path}', which was not checked`)
        }
        if (size !== '' && Number(size) !== member.size) {
          mismatch.push(`${filename}: '${path}' is ${member.size} bytes, but ${recordName} says ${size}`)
        }
      })
    const signatures = new Set([recordName, `${distInfo}/RECORD.jws`, `${distInfo}/RECORD.p7s`])
    const unlisted = [...byName.values()].filter(m => m.type === 'file' && !listed.has(m.name) && !signatures.has(m.name))
    if (unlisted.length > 0) {
      mismatch.push(`${filename}: ${unlisted.length} files are not in ${recordName}, such as '${unlisted[0]!.name}'`)
    }
  }

  let verified: WheelTags | undefined
  const wheelFile = contents.kept.get(`${distInfo}/WHEEL`)
  if (wheelFile === undefined) {
    errors.push(`${filename} has no ${distInfo}/WHEEL`)
  } else {
    const text = wheelFile.toString('utf8')
    const value = (key: string): string[] => [...text.matchAll(new RegExp(`^${key}:\\s*(.*?)\\s*$`, 'gmi'))].map(match => match[1]!)
    const [wheelVersion] = value('Wheel-Version')
    if (wheelVersion === undefined || !/^1\.\d+$/.test(wheelVersion))
      errors.push(`${filename}: ${distInfo}/WHEEL has Wheel-Version '${wheelVersion ?? ''}'; installers read 1.x`)
    const [purelib] = value('Root-Is-Purelib')
    if (purelib === undefined || !/^(true|false)$/i.test(purelib)) errors.push(`${filename}: ${distInfo}/WHEEL has no Root-Is-Purelib: true|false`)
    const tags = value('Tag')
    if (tags.length === 0) errors.push(`${filename}: ${distInfo}/WHEEL has no Tag`)
    else if (named?.['python'] !== undefined) {
      const judged = wheelTagProblems({
        filename,
        wheelFile: `${distInfo}/WHEEL`,
        named: { tags: `${named['python']}-${named['abi']}-${named['platform']}`, build: named['build'] },
        stated: {
          tags,
          build: value('Build')[0],
          purelib: purelib === undefined || !/^(true|false)$/i.test(purelib) ? undefined : purelib.toLowerCase() === 'true'
        }
      })
      errors.push(...judged.errors)
      warnings.push(...judged.warnings)
      verified = judged.verified
    }
  }

  // a test suite installed as a top-level package `tests` collides with every other project doing the same
  for (const top of ['tests', 'test']) {
    if (byName.has(`${top}/__init__.py`)) warnings.push(`${filename} installs a top-level '${top}' package; exclude the tests from the wheel`)
  }
  return verified
}
