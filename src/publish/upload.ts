// One file to an index through the legacy upload API, as twine sends it: a multipart/form-data POST
// with `:action=file_upload`, `protocol_version=1`, the core-metadata fields, the digests warehouse
// checks, and the file as `content`. The body is streamed from disk with an exact Content-Length,
// so memory stays flat whatever the file's size.
import { randomBytes } from 'node:crypto'
import { attestationsFormValue, type Pep740Attestation } from '../attest/pep740.js'
import type { CoreMetadata } from '../build/metadata.js'
import type { BuildArtifact } from '../types.js'
import { sendFile, type BodyWriter } from './http.js'

/** Core-metadata fields (lower case) → the form's field names where they are not the plain snake case. */
const FORM_NAMES: Record<string, string> = {
  'home-page': 'home_page',
  classifier: 'classifiers',
  platform: 'platform',
  'supported-platform': 'supported_platform',
  'project-url': 'project_urls',
  // warehouse reads 'provides_extra' (forklift/metadata.py _FORM_TO_RAW_MAPPING); twine 4 sent 'provides_extras', which PyPI ignored
  'provides-extra': 'provides_extra'
}

/** Fields the form carries from the metadata (twine's set, plus metadata 2.4's license fields). */
const METADATA_FIELDS = [
  'metadata-version',
  'name',
  'version',
  'summary',
  'home-page',
  'author',
  'author-email',
  'maintainer',
  'maintainer-email',
  'license',
  'license-expression',
  'license-file',
  'description',
  'keywords',
  'platform',
  'classifier',
  'download-url',
  'supported-platform',
  'provides',
  'requires',
  'obsoletes',
  'project-url',
  'provides-dist',
  'obsoletes-dist',
  'requires-dist',
  'requires-external',
  'requires-python',
  'provides-extra',
  'description-content-type',
  'dynamic'
]

/** The python tag of a wheel's filename (`py3`, `cp312`), as twine sends it as `pyversion`. */
function wheelPythonTag(filename: string): string {
  const parts = filename.slice(0, -'.whl'.length).split('-')
  return parts[parts.length - 3] ?? ''
}

/**
 * The form's fields, in the order twine sends them; repeatable metadata fields repeat. `attestations` (PEP 740
 * attestation objects for this file) go in the `attestations` field, as a JSON list, as twine sends them.
 */
export function uploadFields(artifact: BuildArtifact, metadata: CoreMetadata, attestations: readonly Pep740Attestation[] = []): Array<[string, string]> {
  const fields: Array<[string, string]> = [
    [':action', 'file_upload'],
    ['protocol_version', '1'],
    ['filetype', artifact.format === 'wheel' ? 'bdist_wheel' : 'sdist'],
    ['pyversion', artifact.format === 'wheel' ? wheelPythonTag(artifact.filename) : 'source']
  ]
  // PEP 639's fields go up only with a Metadata-Version that has them (2.4): older backends (hatchling before 1.27,
  // setuptools before 77) wrote License-File into 2.1 metadata, and PyPI refuses the field under 2.1 ("license-file
  // introduced in metadata version 2.4, not 2.1", packaging/metadata.py), as uploads with twine 6.1 met; twine
  // before 6.1 never sent them, and PyPI took those files.
  const declared = metadata.get('metadata-version')?.[0] ?? ''
  const pep639 = /^\d+\.\d+$/.test(declared) && Number(declared.split('.')[0]) * 100 + Number(declared.split('.')[1]) >= 204
  for (const header of METADATA_FIELDS) {
    if (!pep639 && (header === 'license-file' || header === 'license-expression')) continue
    const name = FORM_NAMES[header] ?? header.replace(/-/g, '_')
    for (const value of metadata.get(header) ?? []) fields.push([name, value])
  }
  // md5 is left out: warehouse no longer needs it, and FIPS systems forbid it.
  fields.push(['sha256_digest', artifact.sha256], ['blake2_256_digest', artifact.blake2b_256])
  if (attestations.length > 0) fields.push(['attestations', attestationsFormValue(attestations)])
  return fields
}

/** A header parameter value: quotes and line breaks percent-encoded, as browsers and requests-toolbelt do. */
const quoted = (value: string): string => value.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A')

export interface MultipartBody {
  contentType: string
  length: number
  /** Sends the whole body through `send` (one call per attempt); see BodyWriter. */
  write: BodyWriter
}

export function multipartBody(fields: Array<[string, string]>, file: { path: string; filename: string; size: number }): MultipartBody {
  const boundary = `----python-release-action-${randomBytes(16).toString('hex')}`
  const head = Buffer.from(
    fields.map(([name, value]) => `--${boundary}\r\nContent-Disposition: form-data; name="${quoted(name)}"\r\n\r\n${value}\r\n`).join('') +
      `--${boundary}\r\nContent-Disposition: form-data; name="content"; filename="${quoted(file.filename)}"\r\n` +
      'Content-Type: application/octet-stream\r\n\r\n',
    'utf8'
  )
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`, 'utf8')
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    length: head.length + file.size + tail.length,
    write: async send => {
      await send(head)
      await sendFile(file, send)
      await send(tail)
    }
  }
}
