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
  if (format === 'wheel') inspectWheel(filename, metadataDir, contents, byName, { errors, warnings, record })
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
  return { errors, warnings, record, files: files.length, largest }
}

function inspectWheel(
  filename: string,
  distInfo: string,
  contents: ArchiveContents,
  byName: Map<string, ArchiveMember>,
  found: Pick<Inspection, 'errors' | 'warnings' | 'record'>
): void {
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
    if (value('Tag').length === 0) errors.push(`${filename}: ${distInfo}/WHEEL has no Tag`)
  }

  // a test suite installed as a top-level package `tests` collides with every other project doing the same
  for (const top of ['tests', 'test']) {
    if (byName.has(`${top}/__init__.py`)) warnings.push(`${filename} installs a top-level '${top}' package; exclude the tests from the wheel`)
  }
}
