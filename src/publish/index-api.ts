// What a package index already holds for a release, read through its JSON API (/pypi/<name>/json,
// /pypi/<name>/<version>/json) or, for an index without one, its PEP 691 Simple API; and where
// PyPI, TestPyPI or another index keeps each of its APIs.
import { normalizeName } from '../names.js'
import type { Logger } from '../types.js'
import { compareVersions, parseVersion, versionsEqual } from '../pep440.js'
import { DEFAULT_RETRY, getWithRetries, isJson, responseText, type Deadline, type HttpResponse, type RetryPolicy } from './http.js'

export const PYPI_UPLOAD_URL = 'https://upload.pypi.org/legacy/'
export const TESTPYPI_UPLOAD_URL = 'https://test.pypi.org/legacy/'

export interface PackageIndex {
  /** For messages: PyPI, TestPyPI, or the index's host. */
  name: string
  uploadUrl: string
  /** Origin of the trusted-publishing endpoints (/_/oidc/…): the upload URL's, as pypa/gh-action-pypi-publish uses. */
  oidcOrigin: string
  /** Base of the JSON API (…/pypi/), ending in a slash. */
  jsonApi: string
  /** Base of the Simple API (…/simple/), ending in a slash. */
  simpleApi: string
  /** Base of the project pages (…/project/), when the index is PyPI or TestPyPI. */
  projectPages: string | undefined
}

const KNOWN_INDEXES: Record<string, { name: string; web: string }> = {
  'upload.pypi.org': { name: 'PyPI', web: 'https://pypi.org' },
  'pypi.org': { name: 'PyPI', web: 'https://pypi.org' },
  'test.pypi.org': { name: 'TestPyPI', web: 'https://test.pypi.org' }
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]'])

/** Why `text` cannot be an index URL (credentials are never echoed back); undefined when it can. */
export function invalidIndexUrl(text: string): string | undefined {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return 'it is not a URL (expected https://host/path/)'
  }
  if (url.username || url.password) {
    return 'it has credentials in it; give them in `username` and `password` (as secrets) instead'
  }
  if (url.protocol === 'http:' && !LOOPBACK.has(url.hostname)) {
    return 'it is plain http://, which would send the token unencrypted; use https:// (http:// is allowed only for localhost)'
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `its scheme ${url.protocol} is not https:`
  if (url.search || url.hash) return 'it has a query or fragment'
  return undefined
}

/** A URL for messages: never with credentials. */
export function displayUrl(text: string): string {
  try {
    const url = new URL(text)
    url.username = ''
    url.password = ''
    return url.href
  } catch {
    return '(not a URL)'
  }
}

const withSlash = (url: string): string => (url.endsWith('/') ? url : `${url}/`)

export function locateIndex(uploadUrl: string, indexUrl?: string): PackageIndex {
  const url = new URL(uploadUrl)
  const known = KNOWN_INDEXES[url.hostname]
  const web = known?.web ?? url.origin
  return {
    name: known?.name ?? url.host,
    uploadUrl: url.href,
    oidcOrigin: url.origin,
    jsonApi: `${web}/pypi/`,
    simpleApi: indexUrl ? withSlash(indexUrl) : `${web}/simple/`,
    projectPages: known ? `${known.web}/project/` : undefined
  }
}

/** An index that cannot be read or does not answer as an index: the message says what to check. */
export class IndexError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'IndexError'
  }
}

export interface IndexedFile {
  filename: string
  sha256: string
  url: string
  uploadTime: Date | undefined
}

export interface IndexedRelease {
  /** The release's files (empty when it has none yet). */
  files: IndexedFile[]
  /** The index's latest version of the project, when it says. */
  latest: string | undefined
}

const JSON_ACCEPT = { Accept: 'application/json' }
const SIMPLE_ACCEPT = { Accept: 'application/vnd.pypi.simple.v1+json' }

/**
 * An index's JSON answer, hostile like every outside text: each field is converted or checked where it is
 * read (String(), Array.isArray, typeof), so its shape is never trusted.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above: no field is used unconverted
export type IndexJson = any

function parseJson(response: HttpResponse, url: string, what: string): IndexJson {
  if (!isJson(response)) {
    const type = String(response.headers['content-type'] ?? 'no content type')
    throw new IndexError(
      `${url} answered ${type} instead of JSON (${responseText(response, 120) || 'empty'}): it is not ${what}. ` +
        "Check 'repository-url' (an index's upload URL, such as https://upload.pypi.org/legacy/) and 'index-url'."
    )
  }
  try {
    return JSON.parse(response.body)
  } catch (error) {
    throw new IndexError(`${url} answered invalid JSON: ${(error as Error).message}`)
  }
}

function unexpected(response: HttpResponse, url: string): IndexError {
  const detail = responseText(response, 200)
  return new IndexError(`${url} answered HTTP ${response.status}${response.reason ? ` ${response.reason}` : ''}${detail ? `: ${detail}` : ''}`)
}

/** The JSON API's file entries (warehouse's shape: digests.sha256, url, upload_time_iso_8601). */
function jsonFiles(entries: unknown): IndexedFile[] {
  if (!Array.isArray(entries)) return []
  return entries.map((entry: IndexJson) => ({
    filename: String(entry.filename),
    sha256: String(entry.digests?.sha256 ?? ''),
    url: String(entry.url),
    uploadTime: entry.upload_time_iso_8601 ? new Date(entry.upload_time_iso_8601) : undefined
  }))
}

/** The version in a distribution filename (wheel or sdist); undefined when it has none. */
function filenameVersion(filename: string): string | undefined {
  if (filename.endsWith('.whl')) return filename.split('-')[1]
  const sdist = /^(.+)-([^-]+)\.(tar\.gz|zip|tar\.bz2|tgz)$/.exec(filename)
  return sdist?.[2]
}

async function readFromSimple(
  index: PackageIndex,
  project: string,
  version: string,
  logger: Logger,
  policy: RetryPolicy,
  deadline: Deadline | undefined
): Promise<IndexedRelease | undefined> {
  const url = `${index.simpleApi}${normalizeName(project)}/`
  const response = await getWithRetries(url, { headers: SIMPLE_ACCEPT, deadline }, logger, policy)
  if (response.status === 404) return undefined
  if (response.status !== 200) throw unexpected(response, url)
  if (!isJson(response)) {
    throw new IndexError(`${url} answers only HTML, not PEP 691's JSON; this index's files cannot be checked. Use an index with a JSON or PEP 691 API.`)
  }
  const body = parseJson(response, url, 'a PEP 691 Simple API')
  const files: IndexedFile[] = (Array.isArray(body.files) ? body.files : [])
    .filter((entry: IndexJson) => {
      const fileVersion = filenameVersion(String(entry.filename))
      return fileVersion !== undefined && parseVersion(fileVersion) !== undefined && versionsEqual(fileVersion, version)
    })
    .map((entry: IndexJson) => ({
      filename: String(entry.filename),
      sha256: String(entry.hashes?.sha256 ?? ''),
      url: new URL(String(entry.url), url).href,
      uploadTime: entry['upload-time'] ? new Date(entry['upload-time']) : undefined
    }))
  const versions: string[] = Array.isArray(body.versions) ? body.versions.filter((v: unknown) => typeof v === 'string' && parseVersion(v)) : []
  const latest = versions.sort(compareVersions).at(-1)
  return { files, latest }
}

/**
 * What the index holds of `project` at `version`. The JSON API first; when it does not know the
 * project, the Simple API (an index without a JSON API, or a project it does not list there).
 */
export async function readRelease(
  index: PackageIndex,
  project: string,
  version: string,
  logger: Logger,
  policy: RetryPolicy = DEFAULT_RETRY,
  /** The publish deadline, when reading while publishing. */
  deadline?: Deadline
): Promise<IndexedRelease> {
  const projectUrl = `${index.jsonApi}${encodeURIComponent(project)}/json`
  const response = await getWithRetries(projectUrl, { headers: JSON_ACCEPT, deadline }, logger, policy)
  if (response.status === 404) {
    return (await readFromSimple(index, project, version, logger, policy, deadline)) ?? { files: [], latest: undefined }
  }
  if (response.status !== 200) throw unexpected(response, projectUrl)
  const body = parseJson(response, projectUrl, "a package index's JSON API")
  const latest = typeof body.info?.version === 'string' ? body.info.version : undefined
  const releaseUrl = `${index.jsonApi}${encodeURIComponent(project)}/${encodeURIComponent(version)}/json`
  const release = await getWithRetries(releaseUrl, { headers: JSON_ACCEPT, deadline }, logger, policy)
  if (release.status === 404) return { files: [], latest }
  if (release.status !== 200) throw unexpected(release, releaseUrl)
  return { files: jsonFiles(parseJson(release, releaseUrl, "a package index's JSON API").urls), latest }
}

/** PEP 792's project status markers; 'active' when the index names none. */
export type ProjectStatus = 'active' | 'archived' | 'quarantined' | 'deprecated'

/**
 * The project's PEP 792 status marker, from the Simple API's JSON (`project-status`, API version 1.4; warehouse
 * sets it in packaging/utils.py:78); undefined when the index does not say (no JSON, an older API, no such project).
 */
export async function readProjectStatus(
  index: PackageIndex,
  project: string,
  logger: Logger,
  policy: RetryPolicy = DEFAULT_RETRY,
  deadline?: Deadline
): Promise<{ status: ProjectStatus; reason?: string } | undefined> {
  const url = `${index.simpleApi}${normalizeName(project)}/`
  const response = await getWithRetries(url, { headers: SIMPLE_ACCEPT, deadline }, logger, policy)
  if (response.status !== 200 || !isJson(response)) return undefined
  let body: IndexJson
  try {
    body = JSON.parse(response.body)
  } catch {
    return undefined
  }
  const marker = body?.['project-status']
  const status = String(marker?.status ?? '')
  if (!['active', 'archived', 'quarantined', 'deprecated'].includes(status)) return undefined
  const reason = typeof marker.reason === 'string' && marker.reason.trim() !== '' ? marker.reason : undefined
  return { status: status as ProjectStatus, ...(reason ? { reason } : {}) }
}
