// PackageBuilder: the sdist and wheel with PyPA's `build`, into a fresh directory, each file
// described by its size, sha256 and core metadata (read from the archive itself).
import { mkdir, readdir } from 'node:fs/promises'
import { basename, join } from 'node:path'
import * as exec from '@actions/exec'
import type { Annotation, ArtifactFormat, BuildArtifact, BuildReport, Logger } from '../types.js'
import { readArchive } from './archive.js'
import { digestFile } from './digest.js'
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
    return { outputDir: options.outputDir, artifacts, command, annotations: disagreements(artifacts) }
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
  return Promise.all([...sdists, ...wheels].map(name => describe(join(dir, name))))
}

/** The one metadata file of a distribution: `<name>.dist-info/METADATA` or `<top>/PKG-INFO`. */
function isMetadataFile(format: ArtifactFormat, member: string): boolean {
  const parts = member.split('/')
  return format === 'wheel'
    ? parts.length === 2 && parts[0]!.endsWith('.dist-info') && parts[1] === 'METADATA'
    : parts.length === 2 && parts[1] === 'PKG-INFO'
}

async function describe(path: string): Promise<BuildArtifact> {
  const filename = basename(path)
  const format = formatOf(filename)!
  const [{ sha256, md5, blake2b_256, size }, contents] = await Promise.all([
    digestFile(path),
    readArchive(path, member => isMetadataFile(format, member))
  ])
  const [member, text] = [...contents.kept][0] ?? []
  if (member === undefined || text === undefined) {
    throw new BuildError(`${filename} has no ${format === 'wheel' ? '*.dist-info/METADATA' : 'PKG-INFO'}: it is not a valid ${format}`)
  }
  let metadata
  try {
    metadata = toPackageMetadata(parseCoreMetadata(text.toString('utf8')), `${filename}:${member}`)
  } catch (error) {
    throw new BuildError((error as Error).message)
  }
  return { path, filename, format, size, sha256, md5, blake2b_256, metadata }
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
