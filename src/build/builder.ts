// PackageBuilder: the sdist and wheel with PyPA's `build`, into a fresh directory, each file
// described by its size, sha256 and core metadata (read from the archive itself).
import { mkdir, readdir } from 'node:fs/promises'
import { basename, join } from 'node:path'
import * as exec from '@actions/exec'
import type { Annotation, ArtifactFormat, BuildArtifact, BuildReport, Logger } from '../types.js'
import { readArchive, type ArchiveContents } from './archive.js'
import { digestFile, type FileDigests } from './digest.js'
import { inspectArtifact } from './inspect.js'
import { parseCoreMetadata, toPackageMetadata } from './metadata.js'

export interface BuildOptions {
  /** Absolute directory holding pyproject.toml. */
  projectDir: string
  /** Interpreter with the `build` package (input 'python'). */
  python: string
  /** false: `--no-isolation --skip-dependency-check` (input 'build-isolation'). */
  isolation: boolean
  /** Absolute, fresh output directory: created here, refused when it holds anything. */
  outputDir: string
  /** Environment of the build; SOURCE_DATE_EPOCH is added from git when unset. */
  env: NodeJS.ProcessEnv
  logger: Logger
}

/** The build did not produce a release: the message says why, with the tail of the build's stderr. */
export class BuildError extends Error {
  constructor(
    message: string,
    readonly command: string[] = [],
    readonly stderrTail = ''
  ) {
    super(stderrTail === '' ? message : `${message}\n${stderrTail}`)
    this.name = 'BuildError'
  }
}

const STDERR_TAIL_LINES = 20

export class PackageBuilder {
  constructor(private readonly options: BuildOptions) {}

  async build(): Promise<BuildReport> {
    const { options } = this
    await prepareOutputDir(options.outputDir)
    const env = await withSourceDateEpoch(options.env, options.projectDir, options.logger)
    const args = ['-m', 'build', '--sdist', '--wheel', '--outdir', options.outputDir]
    if (!options.isolation) args.push('--no-isolation', '--skip-dependency-check')
    args.push(options.projectDir)
    const command = [options.python, ...args]
    options.logger.info(`$ ${command.join(' ')}`)

    const stderr: string[] = []
    let code: number
    try {
      code = await exec.exec(options.python, args, {
        cwd: options.projectDir,
        env: env as Record<string, string>,
        silent: true,
        ignoreReturnCode: true,
        listeners: {
          stdline: line => options.logger.info(line),
          errline: line => {
            options.logger.info(line)
            stderr.push(line)
            if (stderr.length > STDERR_TAIL_LINES) stderr.shift()
          }
        }
      })
    } catch (error) {
      // @actions/exec throws before starting when the executable is not found.
      throw new BuildError(
        `Input 'python' (${options.python}) cannot be run: ${(error as Error).message}. ` +
          "Set 'python' to an interpreter that has the 'build' package (e.g. python3 after actions/setup-python and pip install build).",
        command
      )
    }
    const tail = stderr.join('\n')
    if (code !== 0) {
      const hint = /No module named build/.test(tail)
        ? ` (the interpreter of input 'python' has no 'build' package: pip install build)`
        : ''
      throw new BuildError(`${command.join(' ')} exited with code ${code}${hint}`, command, tail)
    }

    const artifacts = await describeOutput(options.outputDir)
    const warnings = artifacts.flatMap(artifact =>
      (artifact.contents?.warnings ?? []).map(message => ({ level: 'warning' as const, title: `Inspection: ${artifact.filename}`, message }))
    )
    for (const artifact of artifacts) {
      const largest = artifact.contents?.largest.map(file => `${file.name} (${file.size} B)`).join(', ')
      options.logger.info(`${artifact.filename}: ${artifact.contents?.files ?? 0} files; largest ${largest || 'none'}`)
    }
    return { outputDir: options.outputDir, artifacts, command, annotations: [...disagreements(artifacts), ...warnings] }
  }
}

/** A stale file from an earlier build must never be published: the directory starts empty. */
async function prepareOutputDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true })
  const present = await readdir(dir)
  if (present.length > 0) {
    throw new BuildError(`the build output directory ${dir} is not empty (${present.slice(0, 3).join(', ')}); it must start empty`)
  }
}

/**
 * Backends that honour SOURCE_DATE_EPOCH (hatchling, flit, setuptools' wheels) rebuild
 * byte-identically when it is the last commit's time; the caller's own value wins.
 */
async function withSourceDateEpoch(env: NodeJS.ProcessEnv, projectDir: string, logger: Logger): Promise<NodeJS.ProcessEnv> {
  if (env['SOURCE_DATE_EPOCH']) return env
  try {
    const { exitCode, stdout } = await exec.getExecOutput('git', ['log', '-1', '--format=%ct'], {
      cwd: projectDir,
      silent: true,
      ignoreReturnCode: true
    })
    const epoch = stdout.trim()
    if (exitCode !== 0 || !/^\d+$/.test(epoch)) return env
    logger.info(`SOURCE_DATE_EPOCH=${epoch} (the last commit's time)`)
    return { ...env, SOURCE_DATE_EPOCH: epoch }
  } catch {
    return env // no git: builds are still correct, only not reproducible
  }
}

function formatOf(filename: string): ArtifactFormat | undefined {
  if (filename.endsWith('.whl')) return 'wheel'
  if (filename.endsWith('.tar.gz')) return 'sdist'
  return undefined
}

/** Every file the build wrote: one sdist, at least one wheel, nothing else. Sdist first, then wheels by name. */
async function describeOutput(dir: string): Promise<BuildArtifact[]> {
  const names = (await readdir(dir)).sort()
  const unexpected = names.filter(name => formatOf(name) === undefined)
  const sdists = names.filter(name => formatOf(name) === 'sdist')
  const wheels = names.filter(name => formatOf(name) === 'wheel')
  if (unexpected.length > 0) throw new BuildError(`the build wrote unexpected files: ${unexpected.join(', ')}`)
  if (sdists.length !== 1 || wheels.length === 0) {
    throw new BuildError(`the build wrote ${sdists.length} sdists and ${wheels.length} wheels; expected one sdist and at least one wheel`)
  }
  return Promise.all([...sdists, ...wheels].map(name => describeArtifact(join(dir, name))))
}

/** The one metadata file of a distribution: `<name>.dist-info/METADATA` or `<top>/PKG-INFO`. */
function isMetadataFile(format: ArtifactFormat, member: string): boolean {
  const parts = member.split('/')
  return format === 'wheel'
    ? parts.length === 2 && parts[0]!.endsWith('.dist-info') && parts[1] === 'METADATA'
    : parts.length === 2 && parts[1] === 'PKG-INFO'
}

/** What inspection reads whole: the metadata file, and a wheel's RECORD and WHEEL. */
function isKept(format: ArtifactFormat, member: string): boolean {
  const parts = member.split('/')
  const wheelFile = format === 'wheel' && parts.length === 2 && parts[0]!.endsWith('.dist-info') && (parts[1] === 'RECORD' || parts[1] === 'WHEEL')
  return wheelFile || isMetadataFile(format, member)
}

/** Digests, reads and inspects one built file; a BuildError lists every reason it is not fit to publish. */
export async function describeArtifact(path: string): Promise<BuildArtifact> {
  const filename = basename(path)
  const format = formatOf(filename)!
  let digests: FileDigests
  let contents: ArchiveContents
  try {
    ;[digests, contents] = await Promise.all([digestFile(path), readArchive(path, member => isKept(format, member))])
  } catch (error) {
    // yauzl refuses entries with absolute paths or '..' ("invalid relative path: ../x")
    throw new BuildError(`${filename} cannot be read as a ${format}: ${(error as Error).message}`)
  }
  const metadataFiles = [...contents.kept.keys()].filter(member => isMetadataFile(format, member))
  if (metadataFiles.length !== 1) {
    const what = format === 'wheel' ? '*.dist-info/METADATA' : '{name}-{version}/PKG-INFO'
    throw new BuildError(`${filename} has ${metadataFiles.length === 0 ? 'no' : metadataFiles.length} ${what}: it is not a valid ${format}`)
  }
  const member = metadataFiles[0]!
  const fields = parseCoreMetadata(contents.kept.get(member)!.toString('utf8'))
  const inspection = inspectArtifact(filename, format, contents, fields, member)
  if (inspection.errors.length > 0) throw new BuildError(`${filename} is not fit to publish:\n- ${inspection.errors.join('\n- ')}`)
  let metadata
  try {
    metadata = toPackageMetadata(fields, `${filename}:${member}`)
  } catch (error) {
    throw new BuildError((error as Error).message)
  }
  const { sha256, md5, blake2b_256, size } = digests
  return {
    path,
    filename,
    format,
    size,
    sha256,
    md5,
    blake2b_256,
    metadata,
    contents: { files: inspection.files, largest: inspection.largest, warnings: inspection.warnings }
  }
}

/** The files of one build should describe one release; say so when they do not. */
function disagreements(artifacts: BuildArtifact[]): Annotation[] {
  const first = artifacts[0]
  if (!first) return []
  return artifacts
    .filter(a => a.metadata.name !== first.metadata.name || a.metadata.version !== first.metadata.version)
    .map(a => ({
      level: 'warning' as const,
      title: 'Built files disagree',
      message: `${a.filename} is ${a.metadata.name} ${a.metadata.version}, but ${first.filename} is ${first.metadata.name} ${first.metadata.version}`
    }))
}
