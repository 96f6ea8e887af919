// Core metadata (METADATA in a wheel, PKG-INFO in an sdist): email-header style fields,
// continuation lines starting with whitespace, the description as the body after the
// first blank line (https://packaging.python.org/specifications/core-metadata/).
import type { PackageMetadata } from '../types.js'

/** Header fields by lower-case name; repeatable fields (Classifier, Requires-Dist) keep every value. */
export type CoreMetadata = Map<string, string[]>

export function parseCoreMetadata(text: string): CoreMetadata {
  const fields: CoreMetadata = new Map()
  let last: string[] | undefined
  const lines = text.split(/\r?\n/)
  for (const [index, line] of lines.entries()) {
    if (line === '') {
      // the body is the long description (metadata 2.1+), unless a Description field gave it
      const body = lines.slice(index + 1).join('\n')
      if (body.trim() !== '' && !fields.has('description')) fields.set('description', [body])
      break
    }
    if (/^[ \t]/.test(line) && last) {
      last[last.length - 1] += `\n${line.trim()}`
      continue
    }
    const colon = line.indexOf(':')
    if (colon <= 0) continue
    const name = line.slice(0, colon).trim().toLowerCase()
    const values = fields.get(name) ?? []
    values.push(line.slice(colon + 1).trim())
    fields.set(name, values)
    last = values
  }
  return fields
}

/** The fields the release needs; `source` names the file in the error when one is missing. */
export function toPackageMetadata(fields: CoreMetadata, source: string): PackageMetadata {
  const field = (name: string): string | undefined => fields.get(name.toLowerCase())?.[0]
  const required = (name: string): string => {
    const value = field(name)
    if (value === undefined || value === '') throw new Error(`${source} has no ${name} field`)
    return value
  }
  return {
    metadataVersion: required('Metadata-Version'),
    name: required('Name'),
    version: required('Version'),
    summary: field('Summary'),
    requiresPython: field('Requires-Python')
  }
}
