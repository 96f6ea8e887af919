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
  const normalized = pep440.clean(trimmed)
  if (!explained || !normalized) return undefined
  return {
    normalized,
    isPrerelease: explained.is_prerelease,
    isLocal: explained.local !== null
  }
}

/** PEP 440 equality: `1.0` == `1.0.0`, `1.0.0-rc1` == `1.0.0rc1`. */
export function versionsEqual(a: string, b: string): boolean {
  return pep440.eq(a, b)
}

/** The tag name of a `refs/tags/...` ref, else undefined (a branch, a pull request). */
export function tagFromRef(ref: string | undefined): string | undefined {
  const prefix = 'refs/tags/'
  return ref?.startsWith(prefix) ? ref.slice(prefix.length) : undefined
}

export type TagVersion =
  | { kind: 'version'; tag: string; version: ParsedVersion }
  | { kind: 'not-prefixed'; tag: string }
  | { kind: 'invalid'; tag: string; text: string }

/** Reads `<prefix><version>` from a tag name. */
export function versionFromTag(tag: string, prefix: string): TagVersion {
  if (!tag.startsWith(prefix)) return { kind: 'not-prefixed', tag }
  const text = tag.slice(prefix.length)
  const version = parseVersion(text)
  return version ? { kind: 'version', tag, version } : { kind: 'invalid', tag, text }
}

/** PEP 440 ordering: negative when a < b, 0 when equal, positive when a > b. */
export function compareVersions(a: string, b: string): number {
  return pep440.compare(a, b)
}
