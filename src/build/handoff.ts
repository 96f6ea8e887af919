// The hand-off to later jobs: the built files and their release manifest uploaded through the Actions
// artifact service. The build stage (stage.ts) talks to an ArtifactStore; main.ts hands in the one backed by
// @actions/artifact (artifact-client.ts, loaded only when used), tests may hand in their own, and the CLI none.
import { copyFile, link, mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { basename, join } from 'node:path'
import type { BuildArtifact, Logger } from '../types.js'
import type { RunnerEnvironment } from '../env.js'
import { normalizeName } from '../names.js'
import { isManifestName, parseManifest, type ReleaseManifest } from './manifest.js'

/** The placeholders `artifact-name` may hold; each resolves from the runner or the release. */
export const NAME_PLACEHOLDERS = ['job', 'os', 'arch', 'name', 'version'] as const
export type NamePlaceholder = (typeof NAME_PLACEHOLDERS)[number]

/** Characters the artifact service refuses in a name (the same list as @actions/artifact's check). */
const INVALID_NAME_CHARACTERS: Record<string, string> = {
  '"': 'double quote "',
  ':': 'colon :',
  '<': 'less than <',
  '>': 'greater than >',
  '|': 'vertical bar |',
  '*': 'asterisk *',
  '?': 'question mark ?',
  '\r': 'carriage return',
  '\n': 'line feed',
  '\\': 'backslash \\',
  '/': 'forward slash /'
}

/** Why a name (or a template with its placeholders taken out) cannot be an artifact name; undefined when it can. */
export function invalidArtifactName(name: string): string | undefined {
  if (name.trim() === '') return 'it is empty'
  for (const [character, label] of Object.entries(INVALID_NAME_CHARACTERS)) {
    if (name.includes(character))
      return `it contains a ${label}, which the artifact service refuses (it also refuses ${Object.values(INVALID_NAME_CHARACTERS)
        .filter(l => l !== label)
        .join(', ')})`
  }
  if (name.length > 256) return `it is ${name.length} characters long (at most 256)`
  return undefined
}

/** Checks an `artifact-name` template; returns why it is unusable, or undefined. */
export function invalidNameTemplate(template: string): string | undefined {
  for (const match of template.matchAll(/\{([^{}]*)\}/g)) {
    if (!(NAME_PLACEHOLDERS as readonly string[]).includes(match[1] as string)) {
      return `it has an unknown placeholder '{${match[1]}}'; use any of ${NAME_PLACEHOLDERS.map(p => `{${p}}`).join(', ')}`
    }
  }
  return invalidArtifactName(template.replace(/\{([^{}]*)\}/g, 'x'))
}

export function resolveArtifactName(template: string, values: Record<NamePlaceholder, string | undefined>): string {
  return template.replace(/\{([^{}]*)\}/g, (whole, key: NamePlaceholder) => values[key] ?? key)
}

/** What the pipeline needs from the artifact service: @actions/artifact's client, narrowed. */
export interface ArtifactStore {
  /** The newest finalized artifact of this run with the name, if any. */
  find(name: string): Promise<{ id: number; size: number } | undefined>
  download(id: number, directory: string): Promise<void>
  remove(name: string): Promise<void>
  upload(name: string, files: string[], root: string, retentionDays: number | undefined): Promise<{ id: number; size: number; digest: string | undefined }>
}

export interface ArtifactUpload {
  name: string
  id: number
  size: number
  digest: string | undefined
  /** The id of this job's artifact from an earlier attempt that this one replaced. */
  replaced: number | undefined
}

/** An artifact name this job cannot take, or an upload the service refused. */
export class ArtifactError extends Error {
  override name = 'ArtifactError'
  constructor(
    message: string,
    /** The annotation's title. */
    readonly title = 'Artifact upload failed'
  ) {
    super(message)
  }
}

/**
 * Why an artifact already in the run under our name is not this job's own earlier upload of this
 * release (so replacing it would lose another job's files); undefined when it is ours to replace.
 */
function notOurs(existing: ReleaseManifest | undefined, ours: ReleaseManifest): string | undefined {
  if (!existing) return 'it holds no release manifest this action can read, so another step uploaded it'
  if (existing.source.job !== ours.source.job || existing.source.workflow !== ours.source.workflow) {
    return `job '${existing.source.job ?? '?'}' of workflow '${existing.source.workflow ?? '?'}' uploaded it`
  }
  if (existing.project !== ours.project) return `it holds project ${existing.project}, not ${ours.project}`
  const filenames = new Set(ours.files.map(f => f.filename))
  const lost = existing.files.map(f => f.filename).filter(name => !filenames.has(name))
  if (lost.length > 0) return `it holds ${lost.join(', ')}, which this job did not build (another matrix job's files?)`
  return undefined
}

/** The release manifest an artifact downloaded into `dir` holds; undefined when it holds none that parses. */
async function heldManifest(dir: string): Promise<ReleaseManifest | undefined> {
  const name = (await readdir(dir)).find(isManifestName)
  if (name === undefined) return undefined
  try {
    return parseManifest(await readFile(join(dir, name), 'utf8'), name)
  } catch {
    return undefined
  }
}

/**
 * Uploads the built files and release-manifest.json as one artifact. An artifact of the same name
 * from an earlier attempt of this job (same job, same project, no file this run lacks) is replaced;
 * any other holder of the name is an error, and nothing is deleted.
 */
export async function uploadRelease(options: {
  store: ArtifactStore
  name: string
  artifacts: BuildArtifact[]
  manifest: ReleaseManifest
  /** The manifest as written beside the built files (manifest.ts writeManifest); uploaded as it is. */
  manifestPath: string
  retentionDays: number | undefined
  /** A directory of our own to stage the upload in. */
  workDir: string
  logger: Logger
}): Promise<ArtifactUpload> {
  const { store, name, manifest, logger } = options
  const taken = (why: string, id?: number): ArtifactError =>
    new ArtifactError(
      `Input 'artifact-name': this run already has an artifact named '${name}'${id ? ` (id ${id})` : ''} and ${why}; nothing was replaced. ` +
        `Give each job its own name, e.g. 'python-package-distributions-{job}-{os}' or one with \${{ matrix.* }} values.`,
      'Artifact name taken'
    )

  let replaced: number | undefined
  const existing = await store.find(name)
  if (existing) {
    const previous = await mkdtemp(join(options.workDir, 'previous-'))
    await store.download(existing.id, previous)
    const held = await heldManifest(previous)
    await rm(previous, { recursive: true, force: true })
    const why = notOurs(held, manifest)
    if (why) throw taken(why, existing.id)
    logger.info(
      `artifact '${name}' (id ${existing.id}) is this job's upload from an earlier attempt (run attempt ${held?.source.run_attempt ?? '?'}): replacing it`
    )
    await store.remove(name)
    replaced = existing.id
  }

  // Stage the files flat beside the manifest (hard links; a copy across file systems).
  const staging = await mkdtemp(join(options.workDir, 'artifact-'))
  const files: string[] = []
  for (const artifact of options.artifacts) {
    const target = join(staging, artifact.filename)
    await link(artifact.path, target).catch(() => copyFile(artifact.path, target))
    files.push(target)
  }
  const manifestPath = join(staging, basename(options.manifestPath))
  await copyFile(options.manifestPath, manifestPath)
  files.push(manifestPath)

  try {
    const uploaded = await store.upload(name, files, staging, options.retentionDays)
    logger.info(`uploaded artifact '${name}' (id ${uploaded.id}, ${uploaded.size} bytes${uploaded.digest ? `, sha256 ${uploaded.digest}` : ''})`)
    return { name, ...uploaded, replaced }
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    // Another job took the name between our look and our upload (a matrix without distinct names).
    if (/\(409\)|already exists/i.test(message)) throw taken('another job uploaded it while this one was uploading')
    throw new ArtifactError(`Uploading artifact '${name}' failed: ${message}`)
  } finally {
    await rm(staging, { recursive: true, force: true })
  }
}

/**
 * The artifact name this job uploads as: the 'artifact-name' template with the runner's and the release's
 * values. Throws ArtifactError when the result cannot be an artifact name.
 */
export function artifactNameFor(template: string, env: RunnerEnvironment, project: string | undefined, version: string | undefined): string {
  const name = resolveArtifactName(template, {
    job: env.job,
    os: env.runnerOs?.toLowerCase(),
    arch: env.runnerArch?.toLowerCase(),
    name: project ? normalizeName(project) : undefined,
    version
  })
  const invalid = invalidArtifactName(name)
  if (invalid) {
    throw new ArtifactError(`Input 'artifact-name' resolves to '${name}', which cannot be an artifact name: ${invalid}`, 'Invalid artifact name')
  }
  return name
}
