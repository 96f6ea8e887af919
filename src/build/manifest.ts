// The release manifest: what a build job vouches for, written beside its files and read by the job
// that publishes them (which did not build them). A versioned contract, so a publish job running an
// older python-release-action refuses what it cannot read rather than misreading it:
//
//   manifest_version  1 (an integer; a reader refuses a higher one)
//   critical          optional: names of extension fields a reader must understand (version 1 knows none,
//                     so any entry is refused); other unknown fields are ignored, so a writer may add
//                     informative fields without a new version
//   project, version  the release, as the build job saw it (the files' own metadata is the truth)
//   certification     { status: PASS | FAIL | PARTIAL | NOT-RUN, checks: [{ name, status, message }] }
//   source            { repository, sha, ref, workflow, job, run_id, run_attempt }: strings or null
//   builder           { frontend: build | uv | hatch | hatchling, python: string or null }
//   runner            { os, arch }: strings or null
//   artifact          the artifact name the files were uploaded as, or null
//   files             [{ filename, format: sdist | wheel, size, sha256, md5, blake2b_256, name, version,
//                        requires_python (string or null), inspection: { verdict: ok | warnings | errors, messages },
//                        description (optional): { renders: boolean, message, renderer } — the reST long description
//                        rendered as PyPI renders it, by the build job's Python (a receiving job has none) }]
//
// The text comes from another job's artifact, so it is hostile: parseManifest checks every field, and
// its errors quote at most a short, escaped excerpt of it.
import { createHash } from 'node:crypto'
import { constants } from 'node:fs'
import { open, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { RunnerEnvironment } from '../env.js'
import type { ArtifactFormat, BuildArtifact, DescriptionVerdict, ReleaseCertification } from '../types.js'
import type { Frontend } from './builder.js'

export const MANIFEST_VERSION = 1
/** A manifest lists a few dozen files; anything near this is not one of ours. */
export const MANIFEST_MAX_BYTES = 1024 * 1024
/** Extension fields this reader understands when a manifest marks them critical (none yet). */
const KNOWN_CRITICAL: ReadonlySet<string> = new Set()

export const MANIFEST_CERTIFICATION_STATUSES = ['PASS', 'FAIL', 'PARTIAL', 'NOT-RUN'] as const
export type ManifestCertificationStatus = (typeof MANIFEST_CERTIFICATION_STATUSES)[number]
/** Each check's own status (types.ts CheckStatus). */
export const MANIFEST_CHECK_STATUSES = ['pass', 'fail', 'warn', 'skip'] as const
export type ManifestCheckStatus = (typeof MANIFEST_CHECK_STATUSES)[number]
/**
 * The gates a certification takes, by name: certify/validator.ts ReleaseValidator.certify runs these five and
 * lists each once (a gate without its input is listed as `skip`). `require-certification` wants every one listed.
 */
export const CERTIFICATION_GATES = ['version', 'tests', 'coverage', 'security', 'docs'] as const
export const MANIFEST_FRONTENDS = ['build', 'uv', 'hatch', 'hatchling'] as const
export type ManifestFrontend = (typeof MANIFEST_FRONTENDS)[number]
export const INSPECTION_VERDICTS = ['ok', 'warnings', 'errors'] as const
export type InspectionVerdict = (typeof INSPECTION_VERDICTS)[number]

export interface ManifestFile {
  filename: string
  format: ArtifactFormat
  size: number
  sha256: string
  md5: string
  blake2b_256: string
  name: string
  version: string
  requires_python: string | null
  inspection: { verdict: InspectionVerdict; messages: string[] }
  /** The build job's render of a reST long description (warehouse/description.ts); absent when not reST or not rendered. */
  description?: DescriptionVerdict
}

export interface ReleaseManifest {
  manifest_version: typeof MANIFEST_VERSION
  critical?: string[]
  project: string
  version: string
  certification: { status: ManifestCertificationStatus; checks: Array<{ name: string; status: ManifestCheckStatus; message: string }> }
  source: {
    repository: string | null
    sha: string | null
    ref: string | null
    workflow: string | null
    job: string | null
    run_id: string | null
    run_attempt: string | null
  }
  builder: { frontend: ManifestFrontend; python: string | null }
  runner: { os: string | null; arch: string | null }
  artifact: string | null
  files: ManifestFile[]
}

/** A manifest that cannot be trusted or read; the message names where it came from and what is wrong. */
export class ManifestError extends Error {
  override name = 'ManifestError'
}

/** Hostile text for a message: escaped (no line breaks, no control characters) and at most `max` characters. */
export function excerpt(text: string, max = 40): string {
  const cut = [...text].length > max ? `${[...text].slice(0, max).join('')}…` : text
  return `'${cut.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\\']/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}'`
}

/** Hostile text as `excerpt` makes it, without the quotes around it (for text that follows a colon). */
export function plain(text: string, max = 100): string {
  return excerpt(text, max).slice(1, -1)
}

const PLAIN = /^[A-Za-z0-9._-]$/
/** Long artifact names are cut and the cut is made unique with a hash, so the name stays a valid file name. */
const MAX_ENCODED = 160

/**
 * The manifest's file name for an artifact: several jobs' artifacts downloaded with merge-multiple
 * land in one directory, so each manifest carries its artifact's name. Characters outside
 * [A-Za-z0-9._-] are percent-encoded (artifact names are unique in a run, and the encoding keeps them
 * apart); a long name is cut and ends in a hash of the whole.
 */
export function manifestFileName(artifactName?: string | null, digest?: string): string {
  // the manifest's own digest in its name: two jobs' manifests never share a name, even when the jobs
  // share an artifact name (matrix legs share GITHUB_JOB; dist-dirs uploaded by actions/upload-artifact)
  const suffix = digest ? `.${digest.slice(0, 12)}` : ''
  if (!artifactName) return suffix ? `release-manifest${suffix}.json` : 'release-manifest.json'
  let encoded = ''
  for (const char of artifactName) {
    encoded += PLAIN.test(char) ? char : [...Buffer.from(char, 'utf8')].map(b => `%${b.toString(16).toUpperCase().padStart(2, '0')}`).join('')
  }
  if (encoded.length > MAX_ENCODED) {
    encoded = `${encoded.slice(0, MAX_ENCODED - 17)}~${createHash('sha256').update(artifactName).digest('hex').slice(0, 16)}`
  }
  return `release-manifest.${encoded}${suffix}.json`
}

/** Whether a directory entry is a release manifest (one of ours, by name). */
export function isManifestName(name: string): boolean {
  return name === 'release-manifest.json' || /^release-manifest\.[A-Za-z0-9._%~-]{1,200}\.json$/.test(name)
}

/** The manifest a build job writes for its files. */
export function releaseManifest(release: {
  project: string
  version: string
  certification: ReleaseCertification | undefined
  artifacts: BuildArtifact[]
  env: RunnerEnvironment
  frontend: Frontend['kind']
  python: string | undefined
  /** The artifact name (artifact-name resolved): the artifact the files go up as, by this step or by actions/upload-artifact. */
  artifact: string | undefined
}): ReleaseManifest {
  const { env, certification } = release
  return {
    manifest_version: MANIFEST_VERSION,
    project: release.project,
    version: release.version,
    certification: certification
      ? { status: certification.status, checks: certification.checks.map(c => ({ name: c.name, status: c.status, message: c.message })) }
      : { status: 'NOT-RUN', checks: [] },
    source: {
      repository: env.repository ?? null,
      sha: env.sha ?? null,
      ref: env.ref ?? null,
      workflow: env.workflow ?? null,
      job: env.job ?? null,
      run_id: env.runId ?? null,
      run_attempt: env.runAttempt ?? null
    },
    builder: { frontend: release.frontend, python: release.python ?? null },
    runner: { os: env.runnerOs ?? null, arch: env.runnerArch ?? null },
    artifact: release.artifact ?? null,
    files: release.artifacts.map(a => {
      const warnings = [...(a.contents?.warnings ?? []), ...(a.contents?.record ?? [])]
      return {
        filename: a.filename,
        format: a.format,
        size: a.size,
        sha256: a.sha256,
        md5: a.md5,
        blake2b_256: a.blake2b_256,
        name: a.metadata.name,
        version: a.metadata.version,
        requires_python: a.metadata.requiresPython ?? null,
        // a file with inspection errors is never built (describeArtifact refuses it), so 'errors' only comes from other writers
        inspection: { verdict: warnings.length > 0 ? 'warnings' : 'ok', messages: [...warnings] },
        ...(a.description ? { description: a.description } : {})
      }
    })
  }
}

/**
 * Writes the manifest into `dir` under manifestFileName(manifest.artifact); returns its path. It is
 * read back through parseManifest first, so a job never hands on a manifest the publish job would refuse.
 */
export async function writeManifest(dir: string, manifest: ReleaseManifest): Promise<string> {
  const text = `${JSON.stringify(manifest, null, 2)}\n`
  const path = join(dir, manifestFileName(manifest.artifact, createHash('sha256').update(text).digest('hex')))
  parseManifest(text, path)
  await writeFile(path, text)
  return path
}

// ---- reading -----------------------------------------------------------------

/** Reads a manifest without following a link or blocking on a FIFO, and no more than a manifest can hold. */
export async function readManifestFile(path: string, where: string): Promise<string> {
  const handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK)
  try {
    const stats = await handle.stat()
    if (!stats.isFile()) throw new ManifestError(`The release manifest ${where} cannot be used: it is not a regular file; it was not read`)
    if (stats.size > MANIFEST_MAX_BYTES) {
      throw new ManifestError(`The release manifest ${where} cannot be used: it is ${stats.size} bytes; a manifest is at most ${MANIFEST_MAX_BYTES}`)
    }
    const buffer = Buffer.alloc(MANIFEST_MAX_BYTES + 1)
    let length = 0
    for (let read; length < buffer.length && (read = (await handle.read(buffer, length, buffer.length - length, null)).bytesRead) > 0;) length += read
    if (length > MANIFEST_MAX_BYTES) throw new ManifestError(`The release manifest ${where} cannot be used: it is more than ${MANIFEST_MAX_BYTES} bytes`)
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(buffer.subarray(0, length))
    } catch {
      throw new ManifestError(`The release manifest ${where} cannot be used: it is not UTF-8 text`)
    }
  } finally {
    await handle.close()
  }
}

type Json = unknown

/** Checks one value at a path (`files[2].sha256`) and says what it should have been. */
class Reader {
  constructor(private readonly where: string) {}

  fail(path: string, problem: string): never {
    throw new ManifestError(`The release manifest ${this.where} cannot be used: ${path} ${problem}`)
  }

  /** What the value is, for a message: its type, or a short escaped excerpt of a string or number. */
  shown(value: Json): string {
    if (value === null) return 'null'
    if (Array.isArray(value)) return 'a list'
    if (typeof value === 'string') return `the text ${excerpt(value)}`
    if (typeof value === 'number') return `the number ${excerpt(String(value), 20)}`
    if (typeof value === 'boolean') return String(value)
    return 'an object'
  }

  object(value: Json, path: string): Record<string, Json> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(path, `must be an object, not ${this.shown(value)}`)
    return value as Record<string, Json>
  }

  field(object: Record<string, Json>, key: string, path: string): Json {
    if (!Object.hasOwn(object, key)) this.fail(`${path}${key}`, 'is missing')
    return object[key]
  }

  string(value: Json, path: string, nonEmpty = true): string {
    if (typeof value !== 'string') this.fail(path, `must be a string, not ${this.shown(value)}`)
    if (nonEmpty && value.trim() === '') this.fail(path, 'must not be empty')
    return value
  }

  nullableString(value: Json, path: string): string | null {
    return value === null ? null : this.string(value, path, false)
  }

  oneOf<T extends string>(value: Json, allowed: readonly T[], path: string): T {
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      this.fail(path, `must be one of ${allowed.join(', ')}, not ${this.shown(value)}`)
    }
    return value as T
  }

  list(value: Json, path: string): Json[] {
    if (!Array.isArray(value)) this.fail(path, `must be a list, not ${this.shown(value)}`)
    return value
  }

  hex(value: Json, length: number, path: string): string {
    const text = this.string(value, path)
    if (text.length !== length || !/^[0-9a-f]+$/.test(text)) this.fail(path, `must be ${length} lowercase hexadecimal digits, not ${this.shown(value)}`)
    return text
  }
}

/**
 * What a certification's checks add up to, as certify/validator.ts certificationStatus rolls them up: FAIL
 * when one failed, PARTIAL when one warned or was skipped, else PASS. A manifest that lists no check and
 * says NOT-RUN (no certification ran) adds up to what it says.
 */
export function statusOfChecks(certification: ReleaseManifest['certification']): ManifestCertificationStatus {
  const { checks } = certification
  if (checks.length === 0 && certification.status === 'NOT-RUN') return 'NOT-RUN'
  if (checks.some(check => check.status === 'fail')) return 'FAIL'
  if (checks.some(check => check.status === 'warn' || check.status === 'skip')) return 'PARTIAL'
  return 'PASS'
}

/**
 * Why a manifest's certification status is not what its own checks add up to; undefined when it is. A
 * manifest vouches only for what it shows: PASS over a failed check (or NOT-RUN over checks that ran) is a
 * manifest edited after it was written, or written by something that is not this action.
 */
export function statusDisagreement(certification: ReleaseManifest['certification']): string | undefined {
  const actual = statusOfChecks(certification)
  if (actual === certification.status) return undefined
  const telling = certification.checks.filter(check => check.status !== 'pass').map(check => `${excerpt(check.name)}: ${check.status}`)
  const checks =
    certification.checks.length === 0
      ? 'it lists no check'
      : `its checks add up to ${actual}${telling.length > 0 ? ` (${telling.slice(0, 5).join(', ')})` : ''}`
  return `is ${certification.status}, but ${checks}; a manifest vouches only for what its checks show`
}

/** Why a filename from a manifest is not a plain distribution file name, or undefined. */
function unsafeFilename(filename: string, format: ArtifactFormat): string | undefined {
  if (/[/\\]/.test(filename)) return 'must be a plain file name (no slash or backslash)'
  if (filename.includes('..')) return "must not contain '..'"
  if (/[\u0000-\u001f\u007f]/.test(filename)) return 'must not contain control characters'
  if (Buffer.byteLength(filename) > 255) return 'is longer than a file name can be (255 bytes)'
  if (!filename.endsWith(format === 'wheel' ? '.whl' : '.tar.gz')) return `must end in ${format === 'wheel' ? '.whl' : '.tar.gz'} for a ${format}`
  return undefined
}

/**
 * Reads and checks a manifest's text. `where` names it in errors (an artifact name or a path). Throws
 * ManifestError naming the first thing wrong: not JSON, a newer or unknown manifest_version, an unknown
 * critical extension, a missing or mistyped field, a digest that is not lowercase hex of its length, a
 * filename that is not a plain name, a filename listed twice.
 */
export function parseManifest(text: string, where: string): ReleaseManifest {
  const read: Reader = new Reader(where)
  const bytes = Buffer.byteLength(text)
  if (bytes > MANIFEST_MAX_BYTES) {
    throw new ManifestError(`The release manifest ${where} cannot be used: it is ${bytes} bytes; a manifest is at most ${MANIFEST_MAX_BYTES}`)
  }
  let json: Json
  try {
    json = JSON.parse(text)
  } catch (error) {
    // JSON.parse's message quotes the text; say only where it broke
    const position = /position (\d+)/.exec(String((error as Error).message))?.[1]
    throw new ManifestError(`The release manifest ${where} cannot be used: it is not valid JSON${position ? ` (at character ${position})` : ''}`)
  }
  const top = read.object(json, 'the manifest')

  const version = read.field(top, 'manifest_version', '')
  if (typeof version !== 'number' || !Number.isInteger(version)) read.fail('manifest_version', `must be an integer, not ${read.shown(version)}`)
  if (version > MANIFEST_VERSION) {
    throw new ManifestError(
      `The release manifest ${where} cannot be used: it has manifest_version ${version}, written by a newer python-release-action than this one ` +
        `(which reads version ${MANIFEST_VERSION}); use the same release of the action in the build and publish jobs`
    )
  }
  if (version < 1) read.fail('manifest_version', `is ${version}, which no python-release-action writes (this one reads ${MANIFEST_VERSION})`)

  let critical: string[] | undefined
  if (Object.hasOwn(top, 'critical')) {
    critical = read.list(top['critical'], 'critical').map((entry, i) => read.string(entry, `critical[${i}]`))
    const unknown = critical.find(entry => !KNOWN_CRITICAL.has(entry))
    if (unknown !== undefined) {
      throw new ManifestError(
        `The release manifest ${where} cannot be used: it marks the extension field ${excerpt(unknown)} critical, which this python-release-action ` +
          `does not understand (a newer release of the action wrote it?); use the same release of the action in the build and publish jobs`
      )
    }
  }

  const certificationObject = read.object(read.field(top, 'certification', ''), 'certification')
  const certification: ReleaseManifest['certification'] = {
    status: read.oneOf(read.field(certificationObject, 'status', 'certification.'), MANIFEST_CERTIFICATION_STATUSES, 'certification.status'),
    checks: read.list(read.field(certificationObject, 'checks', 'certification.'), 'certification.checks').map((value, i) => {
      const path = `certification.checks[${i}]`
      const check = read.object(value, path)
      return {
        name: read.string(read.field(check, 'name', `${path}.`), `${path}.name`),
        status: read.oneOf(read.field(check, 'status', `${path}.`), MANIFEST_CHECK_STATUSES, `${path}.status`),
        message: read.string(read.field(check, 'message', `${path}.`), `${path}.message`, false)
      }
    })
  }

  const disagreement = statusDisagreement(certification)
  if (disagreement !== undefined) read.fail('certification.status', disagreement)

  const sourceObject = read.object(read.field(top, 'source', ''), 'source')
  const sourceField = (key: string): string | null => read.nullableString(read.field(sourceObject, key, 'source.'), `source.${key}`)
  const source: ReleaseManifest['source'] = {
    repository: sourceField('repository'),
    sha: sourceField('sha'),
    ref: sourceField('ref'),
    workflow: sourceField('workflow'),
    job: sourceField('job'),
    run_id: sourceField('run_id'),
    run_attempt: sourceField('run_attempt')
  }
  // a publish job tags its GitHub Release at this commit: a SHA-1 or SHA-256 object name, nothing else
  if (source.sha !== null && !/^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(source.sha)) {
    read.fail('source.sha', `must be a commit's full SHA (40 or 64 lowercase hex characters) or null, not ${read.shown(source.sha)}`)
  }

  const builderObject = read.object(read.field(top, 'builder', ''), 'builder')
  const builder: ReleaseManifest['builder'] = {
    frontend: read.oneOf(read.field(builderObject, 'frontend', 'builder.'), MANIFEST_FRONTENDS, 'builder.frontend'),
    python: read.nullableString(read.field(builderObject, 'python', 'builder.'), 'builder.python')
  }
  const runnerObject = read.object(read.field(top, 'runner', ''), 'runner')
  const runner: ReleaseManifest['runner'] = {
    os: read.nullableString(read.field(runnerObject, 'os', 'runner.'), 'runner.os'),
    arch: read.nullableString(read.field(runnerObject, 'arch', 'runner.'), 'runner.arch')
  }

  const seen = new Set<string>()
  const files = read.list(read.field(top, 'files', ''), 'files').map((value, i): ManifestFile => {
    const path = `files[${i}]`
    const file = read.object(value, path)
    const get = (key: string): Json => read.field(file, key, `${path}.`)
    const format = read.oneOf(get('format'), ['sdist', 'wheel'] as const, `${path}.format`)
    const filename = read.string(get('filename'), `${path}.filename`)
    const unsafe = unsafeFilename(filename, format)
    if (unsafe) read.fail(`${path}.filename`, `${unsafe}, not ${read.shown(filename)}`)
    if (seen.has(filename)) read.fail(`${path}.filename`, `lists ${excerpt(filename)} a second time`)
    seen.add(filename)
    const size = get('size')
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
      read.fail(`${path}.size`, `must be a whole number of bytes, not ${read.shown(size)}`)
    }
    const inspectionObject = read.object(get('inspection'), `${path}.inspection`)
    let description: DescriptionVerdict | undefined
    if (Object.hasOwn(file, 'description') && file['description'] !== null) {
      const verdict = read.object(file['description'], `${path}.description`)
      const renders = read.field(verdict, 'renders', `${path}.description.`)
      if (typeof renders !== 'boolean') read.fail(`${path}.description.renders`, `must be true or false, not ${read.shown(renders)}`)
      description = {
        renders,
        message: read.string(read.field(verdict, 'message', `${path}.description.`), `${path}.description.message`, false).slice(0, 2000),
        renderer: read.string(read.field(verdict, 'renderer', `${path}.description.`), `${path}.description.renderer`).slice(0, 100)
      }
    }
    return {
      filename,
      format,
      size,
      sha256: read.hex(get('sha256'), 64, `${path}.sha256`),
      md5: read.hex(get('md5'), 32, `${path}.md5`),
      blake2b_256: read.hex(get('blake2b_256'), 64, `${path}.blake2b_256`),
      name: read.string(get('name'), `${path}.name`),
      version: read.string(get('version'), `${path}.version`),
      requires_python: read.nullableString(get('requires_python'), `${path}.requires_python`),
      inspection: {
        verdict: read.oneOf(read.field(inspectionObject, 'verdict', `${path}.inspection.`), INSPECTION_VERDICTS, `${path}.inspection.verdict`),
        messages: read
          .list(read.field(inspectionObject, 'messages', `${path}.inspection.`), `${path}.inspection.messages`)
          .map((message, j) => read.string(message, `${path}.inspection.messages[${j}]`, false))
      },
      ...(description ? { description } : {})
    }
  })

  return {
    manifest_version: MANIFEST_VERSION,
    ...(critical ? { critical } : {}),
    project: read.string(read.field(top, 'project', ''), 'project'),
    version: read.string(read.field(top, 'version', ''), 'version'),
    certification,
    source,
    builder,
    runner,
    artifact: read.nullableString(read.field(top, 'artifact', ''), 'artifact'),
    files
  }
}
