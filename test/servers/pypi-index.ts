// A local package index that behaves like PyPI's (warehouse's) upload service, strictly: the legacy
// upload API (multipart `:action=file_upload`, protocol 1, HTTP Basic `__token__` + API token), warehouse's
// status codes with the message both in the status line's reason phrase and in an HTML body, and the
// JSON API and PEP 691 Simple API for what was uploaded (optionally after a delay, as PyPI's caches do).
// Checked against twine (a client nobody here wrote) in __tests__/pypi-index.test.ts.
import { createHash, randomBytes } from 'node:crypto'
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { close, listen, loopbackServer } from './loopback.js'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { Transform } from 'node:stream'
import busboy from 'busboy'
import blake2b from 'hash-wasm/dist/blake2b.umd.min.js'
import { compare as compareVersions, explain as parseVersion } from '@renovatebot/pep440'

const { createBLAKE2b } = blake2b

/** The metadata versions warehouse accepts (2.0 never existed as a format). */
const METADATA_VERSIONS = new Set(['1.0', '1.1', '1.2', '2.1', '2.2', '2.3', '2.4', '2.5'])
const NAME = /^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$/i
const WHEEL = /^(?<name>[^-]+)-(?<version>[^-]+)(-(?<build>\d[^-]*))?-(?<python>[^-]+)-(?<abi>[^-]+)-(?<platform>[^-]+)\.whl$/
const CORE_METADATA = 'https://packaging.python.org/specifications/core-metadata'

export const canonicalName = (name: string): string => name.replace(/[-_.]+/g, '-').toLowerCase()

export interface IndexFile {
  project: string
  version: string
  filename: string
  packagetype: 'sdist' | 'bdist_wheel'
  pythonVersion: string
  size: number
  sha256: string
  md5: string
  blake2b_256: string
  requiresPython: string | undefined
  uploadTime: Date
  /** Where the content is stored. */
  path: string
  /** Visible in the JSON and Simple APIs from this time on. */
  visibleAt: number
}

export interface Release {
  project: string
  version: string
  summary: string | undefined
  created: Date
}

export interface IndexOptions {
  /** API tokens: the token → the projects it may upload to (canonical names), or 'user' for any. */
  tokens?: Record<string, string[] | 'user'>
  /** Largest file accepted, in bytes (PyPI's default: 100 MiB). */
  maxFileSize?: number
  /** How long a new file stays out of the JSON and Simple APIs (PyPI's CDN caches them). */
  visibilityDelayMs?: number
}

export interface UploadRecord {
  status: number
  message: string
  filename: string | undefined
}

class UploadError extends Error {
  constructor(
    readonly status: number,
    message: string
  ) {
    super(message)
  }
}

export class PyPIIndex {
  readonly files: IndexFile[] = []
  readonly releases: Release[] = []
  readonly uploads: UploadRecord[] = []
  /** A token valid for every project (a user-scoped token). */
  readonly userToken = `pypi-${randomBytes(48).toString('base64url')}`
  private readonly server: Server
  private storage = ''
  origin = ''

  constructor(private readonly options: IndexOptions = {}) {
    this.options.tokens = { [this.userToken]: 'user', ...options.tokens }
    this.server = loopbackServer((request, response) => this.handle(request, response))
  }

  async start(): Promise<this> {
    this.storage = await mkdtemp(join(tmpdir(), 'pra-index-'))
    this.origin = await listen(this.server)
    return this
  }

  async stop(): Promise<void> {
    await close(this.server)
    await rm(this.storage, { recursive: true, force: true })
  }

  /** The upload URL (the legacy API's endpoint). */
  get uploadUrl(): string {
    return `${this.origin}/legacy/`
  }

  /** A project-scoped token for these projects. */
  projectToken(...projects: string[]): string {
    const token = `pypi-${randomBytes(48).toString('base64url')}`
    ;(this.options.tokens as Record<string, string[] | 'user'>)[token] = projects.map(canonicalName)
    return token
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', this.origin)
    if (request.method === 'POST' && (url.pathname === '/legacy/' || url.pathname === '/')) return this.upload(request, response)
    if (request.method === 'GET') {
      const json = /^\/pypi\/([^/]+)(?:\/([^/]+))?\/json\/?$/.exec(url.pathname)
      if (json) return this.jsonApi(response, decodeURIComponent(json[1] as string), json[2] && decodeURIComponent(json[2]))
      const simple = /^\/simple\/([^/]+)\/$/.exec(url.pathname)
      if (simple) return this.simpleApi(request, response, decodeURIComponent(simple[1] as string))
      const file = /^\/files\/([^/]+)$/.exec(url.pathname)
      if (file) {
        const found = this.files.find(f => f.filename === decodeURIComponent(file[1] as string))
        if (found) {
          response.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': String(found.size) })
          await pipeline(createReadStream(found.path), response)
          return
        }
      }
    }
    response.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ message: 'Not Found' }))
  }

  // ---- the legacy upload API ------------------------------------------------------------------

  private async upload(request: IncomingMessage, response: ServerResponse): Promise<void> {
    let filename: string | undefined
    let path: string | undefined
    try {
      const token = this.authenticate(request.headers.authorization)
      const { fields, file } = await this.readForm(request)
      ;[filename, path] = [file?.filename, file?.path]
      this.validate(fields, file, token)
      this.record(response, 200, 'OK', filename)
    } catch (error) {
      if (!(error instanceof UploadError)) throw error
      request.resume()
      this.record(response, error.status, error.message, filename)
    } finally {
      // Keep only what was stored (a refused file, or the same file again, leaves nothing behind).
      if (path && !this.files.some(f => f.path === path)) await rm(path, { force: true })
    }
  }

  /** Warehouse answers with the message as the reason phrase and in an HTML body. */
  private record(response: ServerResponse, status: number, message: string, filename: string | undefined): void {
    this.uploads.push({ status, message, filename })
    const reason = message.replace(/[\r\n]+/g, ' ')
    const body =
      status === 200
        ? ''
        : `<html>\n <head>\n  <title>${status} ${escapeHtml(reason)}</title>\n </head>\n <body>\n  <h1>${status} ${escapeHtml(reason)}</h1>\n  ${escapeHtml(reason)}<br/><br/>\n\n\n\n </body>\n</html>`
    response.writeHead(status, reason, { 'Content-Type': status === 200 ? 'text/plain' : 'text/html; charset=UTF-8', 'Content-Length': Buffer.byteLength(body) })
    response.end(body)
  }

  /** The projects the credentials may upload to ('user': all), or a 403. */
  private authenticate(header: string | undefined): string[] | 'user' {
    const invalid = new UploadError(403, `Invalid or non-existent authentication information. See ${this.origin}/help/#invalid-auth for more information.`)
    const basic = /^Basic (.+)$/.exec(header ?? '')?.[1]
    if (!basic) throw invalid
    const decoded = Buffer.from(basic, 'base64').toString('utf8')
    const colon = decoded.indexOf(':')
    const [username, password] = [decoded.slice(0, colon), decoded.slice(colon + 1)]
    if (username !== '__token__') {
      throw new UploadError(
        403,
        `Username/Password authentication is no longer supported. Migrate to API Tokens or Trusted Publishers instead. See ${this.origin}/help/#apitoken and ${this.origin}/help/#trusted-publishers`
      )
    }
    const scope = this.options.tokens?.[password]
    if (!scope) throw invalid
    return scope
  }

  private async readForm(request: IncomingMessage): Promise<{ fields: Map<string, string[]>; file: { filename: string; path: string; size: number; sha256: string; md5: string; blake2b_256: string } | undefined }> {
    const type = request.headers['content-type'] ?? ''
    if (!type.startsWith('multipart/form-data')) throw new UploadError(400, 'Invalid request: multipart/form-data expected.')
    const fields = new Map<string, string[]>()
    let file: Awaited<ReturnType<PyPIIndex['readForm']>>['file']
    let pending: Promise<void> | undefined
    const limit = this.options.maxFileSize ?? 100 * 1024 * 1024
    const parser = busboy({ headers: request.headers, limits: { fieldSize: 10 * 1024 * 1024, fileSize: limit + 1 }, defParamCharset: 'utf8' })
    parser.on('field', (name, value) => fields.set(name, [...(fields.get(name) ?? []), value]))
    parser.on('file', (name, stream, info) => {
      if (name !== 'content' || file || pending) {
        stream.resume()
        return
      }
      const path = join(this.storage, `${randomBytes(8).toString('hex')}-${info.filename}`)
      pending = (async () => {
        const sha256 = createHash('sha256')
        const md5 = createHash('md5')
        const blake = await createBLAKE2b(256)
        blake.init()
        let size = 0
        const tap = new Transform({
          transform(chunk: Buffer, _encoding, done) {
            size += chunk.length
            sha256.update(chunk)
            md5.update(chunk)
            blake.update(chunk)
            done(null, chunk)
          }
        })
        await pipeline(stream, tap, createWriteStream(path))
        if ((stream as unknown as { truncated?: boolean }).truncated) {
          file = { filename: info.filename ?? '', path, size: limit + 1, sha256: '', md5: '', blake2b_256: '' }
          return
        }
        file = { filename: info.filename ?? '', path, size, sha256: sha256.digest('hex'), md5: md5.digest('hex'), blake2b_256: blake.digest('hex') }
      })()
    })
    await pipeline(request, parser)
    await pending
    return { fields, file }
  }

  private validate(
    fields: Map<string, string[]>,
    file: Awaited<ReturnType<PyPIIndex['readForm']>>['file'],
    scope: string[] | 'user'
  ): void {
    const field = (name: string): string | undefined => fields.get(name)?.[0]
    const bad = (message: string): UploadError => new UploadError(400, message)
    const invalidValue = (value: string, name: string, why: string): UploadError =>
      bad(`'${value}' is an invalid value for ${name}. Error: ${why} See ${CORE_METADATA} for more information.`)

    if (field(':action') !== 'file_upload') throw bad(`Invalid value for :action: ${field(':action') ?? 'none'}.`)
    if (field('protocol_version') !== '1') throw bad('Unknown protocol version.')

    const metadataVersion = field('metadata_version') ?? ''
    if (!METADATA_VERSIONS.has(metadataVersion)) throw invalidValue(metadataVersion, 'Metadata-Version', 'Use a known metadata version.')
    const name = field('name') ?? ''
    if (!NAME.test(name)) {
      throw invalidValue(name, 'Name', "Start and end with a letter or numeral containing only ASCII numeric and '.', '_' and '-'.")
    }
    const version = field('version') ?? ''
    const parsed = parseVersion(version)
    if (!parsed) throw invalidValue(version, 'Version', 'Start and end with a letter or numeral containing only ASCII numeric and \'.\', \'_\' and \'-\'.')
    if (parsed.local) throw invalidValue(version, 'Version', "Can't use PEP 440 local versions.")

    if (scope !== 'user' && !scope.includes(canonicalName(name))) {
      throw new UploadError(403, `Invalid API Token: project-scoped token is not valid for project: '${name}'`)
    }

    const filetype = field('filetype') ?? ''
    if (!['sdist', 'bdist_wheel'].includes(filetype)) throw bad(`Invalid value for filetype. Error: Use a known file type.`)
    const pyversion = field('pyversion') ?? ''
    if (filetype === 'bdist_wheel' && !pyversion) throw bad('Invalid value for pyversion. Error: Python version is required for binary distribution uploads.')
    if (filetype === 'sdist' && pyversion && pyversion !== 'source') {
      throw bad("Invalid value for pyversion. Error: Use 'source' as Python version for an sdist.")
    }
    for (const digest of ['sha256_digest', 'blake2_256_digest']) {
      const value = field(digest)
      if (value !== undefined && !/^[a-f0-9]{64}$/i.test(value)) throw bad(`Invalid value for ${digest}. Error: Use a valid, hex-encoded, ${digest.startsWith('sha') ? 'SHA256' : 'BLAKE2'} message digest.`)
    }
    if (!field('md5_digest') && !field('sha256_digest') && !field('blake2_256_digest')) {
      throw bad('Error: Include at least one message digest.')
    }

    if (!file) throw bad('Upload payload does not have a file.')
    const { filename } = file
    const limit = this.options.maxFileSize ?? 100 * 1024 * 1024
    if (file.size > limit) {
      throw bad(
        `File too large. Limit for project '${name}' is ${Math.round(limit / 1024 / 1024)} MB. See ${this.origin}/help#file-size-limit for more information.`
      )
    }
    if (!filename.endsWith('.whl') && !filename.endsWith('.tar.gz')) {
      throw bad(`Invalid file extension: Use .tar.gz or .whl extension. See https://peps.python.org/pep-0527 and https://peps.python.org/pep-0715/ for more information.`)
    }
    if ((filetype === 'sdist') !== filename.endsWith('.tar.gz')) throw bad(`Invalid file extension: '${filename}' does not match filetype '${filetype}'.`)
    const expectedDigests: Array<[string, string]> = [
      ['md5_digest', file.md5],
      ['sha256_digest', file.sha256],
      ['blake2_256_digest', file.blake2b_256]
    ]
    for (const [digest, actual] of expectedDigests) {
      const given = field(digest)
      if (given !== undefined && given.toLowerCase() !== actual) {
        throw bad('The digest supplied does not match a digest calculated from the uploaded file.')
      }
    }

    // The filename names the project and version, normalized as the specifications write them.
    const releaseVersion = parsed.public
    if (filetype === 'sdist') {
      const expected = `${canonicalName(name).replace(/-/g, '_')}-${releaseVersion}.tar.gz`
      if (filename !== expected) throw bad(`Invalid source distribution filename: '${filename}' should be '${expected}'. See https://packaging.python.org/specifications/source-distribution-format/ for more information.`)
    } else {
      const match = WHEEL.exec(filename)
      if (!match?.groups) throw bad(`Invalid wheel filename (wrong number of parts): ${filename.slice(0, -4)}`)
      if (canonicalName(match.groups['name'] as string) !== canonicalName(name)) {
        throw bad(`Start filename for '${name}' with '${canonicalName(name).replace(/-/g, '_')}'.`)
      }
      const fileVersion = parseVersion(match.groups['version'] as string)?.public
      if (fileVersion !== releaseVersion) throw bad(`Version in filename should be '${releaseVersion}' not '${match.groups['version']}'.`)
      for (const platform of (match.groups['platform'] as string).split('.')) {
        if (/^linux_/.test(platform) && !/^linux_armv[67]l$/.test(platform)) {
          throw bad(`Binary wheel '${filename}' has an unsupported platform tag '${platform}'.`)
        }
      }
    }

    // A file name is used once, ever: the same content again is a no-op, other content is refused.
    const existing = this.files.find(f => f.filename === filename)
    if (existing) {
      if (existing.sha256 === file.sha256) return
      throw bad(`File already exists ('${filename}', with blake2_256 hash '${existing.blake2b_256}'). See ${this.origin}/help/#file-name-reuse for more information.`)
    }
    const project = canonicalName(name)
    // Releases are one per PEP 440-equal version (2.0 and 2.0.0 are one release).
    const siblings = this.files.filter(f => canonicalName(f.project) === project && compareVersions(f.version, releaseVersion) === 0)
    if (filetype === 'sdist' && siblings.some(f => f.packagetype === 'sdist')) throw bad('Only one sdist may be uploaded per release.')

    if (!this.releases.some(r => canonicalName(r.project) === project && compareVersions(r.version, releaseVersion) === 0)) {
      this.releases.push({ project: name, version: releaseVersion, summary: field('summary'), created: new Date() })
    }
    this.files.push({
      project: name,
      version: releaseVersion,
      filename,
      packagetype: filetype as IndexFile['packagetype'],
      pythonVersion: filetype === 'sdist' ? 'source' : pyversion,
      size: file.size,
      sha256: file.sha256,
      md5: file.md5,
      blake2b_256: file.blake2b_256,
      requiresPython: field('requires_python') || undefined,
      uploadTime: new Date(),
      path: file.path,
      visibleAt: Date.now() + (this.options.visibilityDelayMs ?? 0)
    })
  }

  // ---- JSON API and Simple API ------------------------------------------------------------

  private visible(project: string): IndexFile[] {
    const now = Date.now()
    return this.files.filter(f => canonicalName(f.project) === canonicalName(project) && f.visibleAt <= now)
  }

  private fileJson(file: IndexFile): Record<string, unknown> {
    return {
      filename: file.filename,
      packagetype: file.packagetype,
      python_version: file.pythonVersion,
      size: file.size,
      digests: { md5: file.md5, sha256: file.sha256, blake2b_256: file.blake2b_256 },
      md5_digest: file.md5,
      requires_python: file.requiresPython ?? null,
      upload_time_iso_8601: file.uploadTime.toISOString(),
      url: `${this.origin}/files/${encodeURIComponent(file.filename)}`,
      yanked: false,
      yanked_reason: null
    }
  }

  private jsonApi(response: ServerResponse, project: string, version: string | undefined): void {
    const files = this.visible(project)
    const notFound = (): void => void response.writeHead(404, { 'Content-Type': 'application/json' }).end(JSON.stringify({ message: 'Not Found' }))
    if (files.length === 0) return notFound()
    const versions = [...new Set(files.map(f => f.version))]
    const latest = version ?? [...versions].sort(compareVersions).at(-1)
    if (version && !versions.includes(version)) return notFound()
    const release = this.releases.find(r => canonicalName(r.project) === canonicalName(project) && r.version === latest)
    const body: Record<string, unknown> = {
      info: { name: release?.project ?? project, version: latest, summary: release?.summary ?? null, project_url: `${this.origin}/project/${canonicalName(project)}/` },
      urls: files.filter(f => f.version === latest).map(f => this.fileJson(f)),
      last_serial: this.files.length
    }
    if (!version) body['releases'] = Object.fromEntries(versions.map(v => [v, files.filter(f => f.version === v).map(f => this.fileJson(f))]))
    response.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body))
  }

  private simpleApi(request: IncomingMessage, response: ServerResponse, project: string): void {
    const files = this.visible(project)
    if (files.length === 0) {
      response.writeHead(404, { 'Content-Type': 'text/plain' }).end('404 Not Found')
      return
    }
    const wantsJson = (request.headers.accept ?? '').includes('application/vnd.pypi.simple.v1+json')
    if (wantsJson) {
      const body = {
        meta: { 'api-version': '1.1', _last_serial: this.files.length },
        name: canonicalName(project),
        versions: [...new Set(files.map(f => f.version))],
        files: files.map(f => ({
          filename: f.filename,
          url: `${this.origin}/files/${encodeURIComponent(f.filename)}`,
          hashes: { sha256: f.sha256 },
          'requires-python': f.requiresPython ?? null,
          size: f.size,
          'upload-time': f.uploadTime.toISOString(),
          yanked: false
        }))
      }
      response.writeHead(200, { 'Content-Type': 'application/vnd.pypi.simple.v1+json' }).end(JSON.stringify(body))
      return
    }
    const links = files
      .map(f => `    <a href="${this.origin}/files/${encodeURIComponent(f.filename)}#sha256=${f.sha256}">${escapeHtml(f.filename)}</a><br />`)
      .join('\n')
    response
      .writeHead(200, { 'Content-Type': 'application/vnd.pypi.simple.v1+html' })
      .end(`<!DOCTYPE html>\n<html>\n  <head>\n    <meta name="pypi:repository-version" content="1.1">\n    <title>Links for ${escapeHtml(project)}</title>\n  </head>\n  <body>\n    <h1>Links for ${escapeHtml(project)}</h1>\n${links}\n  </body>\n</html>\n`)
  }
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}
