// PEP 440 versions (semver-style tags such as v1.0.0-rc.1 normalize too) and tag <-> version.
import * as pep440 from '@renovatebot/pep440'

export interface ParsedVersion {
  /** The normalized PEP 440 form: `1.0.0-rc1` -> `1.0.0rc1`. */
  normalized: string
  isPrerelease: boolean
  isLocal: boolean
}

/** Parses a PEP 440 version; undefined when it is not one. */
export function parseVersion(text: string): ParsedVersion | undefined {
  const trimmed = text.trim()
  if (trimmed === '') return undefined
  const explained = pep440.explain(trimmed)
  if (!explained) return undefined
  // Not pep440.clean(): it joins a local label's segments with commas (`4.0.0+local,1`), which is no
  // version at all. The public part and the local label (segments joined by dots, lower case, numbers
  // without leading zeros) are each normalized already, as packaging's Version prints them.
  return {
    normalized: explained.local === null ? explained.public : `${explained.public}+${explained.local}`,
    isPrerelease: explained.is_prerelease,
    isLocal: explained.local !== null
  }
}

/**
 * A version backends make up when nothing tells them the project's version: setuptools' 0.0.0,
 * versioneer's 0+unknown, a 0.0.0.dev0 or 0.0 template. All-zero releases (no pre- or post-release,
 * at most .dev0), and any `+unknown` local version. Never a release the project stated.
 */
export function isPlaceholderVersion(text: string): boolean {
  const explained = pep440.explain(text.trim())
  if (!explained) return false
  if (explained.local === 'unknown') return true
  return (
    explained.epoch === 0 &&
    explained.release.every(part => part === 0) &&
    explained.pre === null &&
    explained.post === null &&
    // the typings say an array; explain() gives the dev number (0.0.0.dev0 -> 0)
    (explained.dev === null || Number(explained.dev) === 0)
  )
}

/**
 * PEP 440 equality: `1.0` == `1.0.0`, `1.0.0-rc1` == `1.0.0rc1`. Text that is no PEP 440 version (an
 * index's legacy version, a hostile answer) equals only the same text: the library would throw on it.
 */
export function versionsEqual(a: string, b: string): boolean {
  const [left, right] = [parseVersion(a), parseVersion(b)]
  return left && right ? pep440.eq(left.normalized, right.normalized) : a.trim() === b.trim()
}

/** The tag name of a `refs/tags/...` ref, else undefined (a branch, a pull request). */
export function tagFromRef(ref: string | undefined): string | undefined {
  const prefix = 'refs/tags/'
  return ref?.startsWith(prefix) ? ref.slice(prefix.length) : undefined
}

export type TagVersion =
  { kind: 'version'; tag: string; version: ParsedVersion } | { kind: 'not-prefixed'; tag: string } | { kind: 'invalid'; tag: string; text: string }

/** Reads `<prefix><version>` from a tag name. */
export function versionFromTag(tag: string, prefix: string): TagVersion {
  if (!tag.startsWith(prefix)) return { kind: 'not-prefixed', tag }
  const text = tag.slice(prefix.length)
  const version = parseVersion(text)
  return version ? { kind: 'version', tag, version } : { kind: 'invalid', tag, text }
}

/**
 * PEP 440 ordering: negative when a < b, 0 when equal, positive when a > b. Text that is no PEP 440
 * version sorts before every version (as packaging's LegacyVersion did), never throws, and is ordered
 * by its text among its kind, so a sort stays total.
 */
export function compareVersions(a: string, b: string): number {
  const [left, right] = [parseVersion(a), parseVersion(b)]
  if (left && right) return pep440.compare(left.normalized, right.normalized)
  if (left) return 1
  if (right) return -1
  return a < b ? -1 : a > b ? 1 : 0
}

/** Why git would refuse `name` as a tag (git check-ref-format's rules); undefined when it is a valid one. */
export function invalidTagName(name: string): string | undefined {
  if (name === '') return 'it is empty'
  if (name === '@') return "'@' alone is not a ref name"
  const bad = /[\x00-\x20\x7f~^:?*[\\]/.exec(name)
  if (bad) return `it contains ${bad[0] === ' ' ? 'a space' : /[\x00-\x1f\x7f]/.test(bad[0]) ? 'a control character' : `'${bad[0]}'`}`
  if (name.includes('..')) return "it contains '..'"
  if (name.includes('@{')) return "it contains '@{'"
  if (name.includes('//') || name.startsWith('/') || name.endsWith('/')) return 'it has an empty path component'
  if (name.endsWith('.')) return "it ends with '.'"
  for (const component of name.split('/')) {
    if (component.startsWith('.')) return `the component '${component}' starts with '.'`
    if (component.endsWith('.lock')) return `the component '${component}' ends with '.lock'`
  }
  return undefined
}
