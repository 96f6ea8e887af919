// PackageBuilder: the sdist and wheel with PyPA's `build`, into a fresh directory, each file
// described by its size, sha256 and core metadata (read from the archive itself).
import { mkdir, readdir, readFile } from 'node:fs/promises'
import { parse as parseToml } from 'smol-toml'
import { normalizeName, requirementName } from '../names.js'
import { basename, dirname, join } from 'node:path'
import * as exec from '@actions/exec'
import type { Annotation, ArtifactFormat, BuildArtifact, BuildReport, Logger } from '../types.js'
import { listDifferences, memberDifferences, readArchive, type ArchiveContents } from './archive.js'
import { digestFile, type FileDigests } from './digest.js'
import { inspectArtifact } from './inspect.js'
import { parseCoreMetadata, toPackageMetadata } from './metadata.js'
import { fromSdistHint, sdistSuspects, trackedProjectFiles, unpackSdist, wheelGap, wheelGapMessage } from './from-sdist.js'
import { buildWorkDir, sourceTree, withoutGitRepository, type BuildWorkDir, type SourceTree } from './source.js'
import { compiledProject, reproducibleCompileEnv } from './compiled.js'
import { trace } from '../trace.js'
import { buildRequirementsProblem, requirementHooksReadOnly, requirementsChecked, type BuildRequirementsMode } from './requirements.js'

export interface BuildOptions {
  /** Absolute directory holding pyproject.toml. */
  projectDir: string
  /** Interpreter with the `build` package (input 'python'). */
  python: string
  /** false: `--no-isolation --skip-dependency-check` (input 'build-isolation'). */
  isolation: boolean
  /** Without isolation, check [build-system] requires against the interpreter first (default) or not (input 'build-requirements'); see requirements.ts. */
  buildRequirements?: BuildRequirementsMode
  /** The frontend (input 'builder'); default build. */
  builder?: Builder
  /** Build a second time into another directory and fail when the files differ (input 'check-reproducible'). */
  checkReproducible?: boolean
  /**
   * true (default): the wheel is built from the sdist, as `python -m build` does, so an sdist missing a
   * file fails here rather than for the user who installs it; false: both from the tree (input 'wheel-from-sdist').
   */
  wheelFromSdist?: boolean
  /** Absolute directories that must never be build input (the local target's 'local-dir'); see source.ts. */
  exclude?: string[]
  /**
   * true (default): a directory of `exclude` inside the project forces the copy even before it exists (this run
   * publishes there, so its re-run will find it: both build the same way); false: only once it exists (a run
   * that publishes elsewhere and finds no such directory builds in place).
   */
  excludeBeforeCreated?: boolean
  /** Absolute, fresh output directory: created here, refused when it holds anything. */
  outputDir: string
  /**
   * Where the build's own working directory goes (its copy of the tree, the unpacked sdist), at a path
   * stable for the project (source.ts buildWorkDir): the runner's temp in the action. Default: the
   * output directory's parent.
   */
  workRoot?: string
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

export const BUILDERS = ['build', 'hatch', 'uv'] as const
export type Builder = (typeof BUILDERS)[number]

/** Whether a program runs (exit 0) with these arguments. */
async function runs(program: string, args: string[]): Promise<boolean> {
  try {
    return (await exec.getExecOutput(program, args, { silent: true, ignoreReturnCode: true })).exitCode === 0
  } catch {
    return false
  }
}

/** The program that builds, resolved once per build: which frontend runs, and why. */
export interface Frontend {
  kind: 'build' | 'hatch' | 'hatchling' | 'uv'
  program: string
  why: string
}

/** `build` and `uv` build the wheel from the sdist themselves; hatch builds it from the unpacked sdist here. */
export async function frontend(options: Pick<BuildOptions, 'builder' | 'python'>): Promise<Frontend> {
  const builder = options.builder ?? 'build'
  const { python } = options
  if (builder === 'build') return { kind: 'build', program: python, why: "builder 'build': PyPA's build frontend" }
  if (builder === 'hatch') {
    if (await runs('hatch', ['--version'])) return { kind: 'hatch', program: 'hatch', why: "builder 'hatch': hatch on PATH" }
    if (await runs(python, ['-c', 'import hatchling.cli'])) {
      return {
        kind: 'hatchling',
        program: python,
        why: `builder 'hatch': hatch is not on PATH, so hatchling of '${python}' builds in place (no isolation)`
      }
    }
    throw new BuildError(
      `Input 'builder' is hatch, but neither hatch is on PATH nor hatchling installed for '${python}' (input 'python'): ` +
        `install one with 'pipx install hatch' or '${python} -m pip install hatchling'`
    )
  }
  if (!(await runs('uv', ['--version']))) {
    throw new BuildError(
      "Input 'builder' is uv, but uv is not on PATH: install it with 'pip install uv' or the astral-sh/setup-uv action, or use builder: build"
    )
  }
  return { kind: 'uv', program: 'uv', why: "builder 'uv': uv on PATH" }
}

/**
 * What one command builds: 'sdist-then-wheel' the sdist, then the wheel from it (build and uv
 * without --sdist/--wheel); 'tree' both from the tree; 'sdist' or 'wheel' one of them from `sourceDir`.
 */
export type BuildTargets = 'sdist-then-wheel' | 'tree' | 'sdist' | 'wheel'

/** The command building `targets` of the project in `sourceDir` into `outputDir`; run it with cwd `sourceDir`. */
export function commandFor(
  front: Frontend,
  targets: BuildTargets,
  sourceDir: string,
  outputDir: string,
  isolation: boolean
): { program: string; args: string[] } {
  const flags = { 'sdist-then-wheel': [], tree: ['--sdist', '--wheel'], sdist: ['--sdist'], wheel: ['--wheel'] }[targets]
  const hatchTargets = { 'sdist-then-wheel': ['-t', 'sdist'], tree: ['-t', 'sdist', '-t', 'wheel'], sdist: ['-t', 'sdist'], wheel: ['-t', 'wheel'] }[targets]
  if (targets === 'sdist-then-wheel' && (front.kind === 'hatch' || front.kind === 'hatchling')) {
    throw new Error('hatch builds the wheel from the sdist in two commands: the sdist, then the wheel in the unpacked sdist')
  }
  switch (front.kind) {
    case 'build':
      return {
        program: front.program,
        args: ['-m', 'build', ...flags, '--outdir', outputDir, ...(isolation ? [] : ['--no-isolation', '--skip-dependency-check']), sourceDir]
      }
    case 'uv':
      return { program: 'uv', args: ['build', ...flags, '--out-dir', outputDir, ...(isolation ? [] : ['--no-build-isolation']), sourceDir] }
    case 'hatch':
      return { program: 'hatch', args: ['build', ...hatchTargets, outputDir] }
    case 'hatchling':
      return { program: front.program, args: ['-m', 'hatchling', 'build', ...hatchTargets, '-d', outputDir] }
  }
}

export class PackageBuilder {
  constructor(private readonly options: BuildOptions) {}

  async build(): Promise<BuildReport> {
    const report = await this.buildInto(this.options.outputDir, true)
    if (!this.options.checkReproducible) return report
    const againDir = `${this.options.outputDir}-again`
    this.options.logger.info(`check-reproducible: building again into ${againDir}`)
    const again = await this.buildInto(againDir)
    const tolerated: string[] = []
    const differences = await compareBuilds(report.artifacts, again.artifacts, tolerated)
    if (differences.length > 0) {
      throw new BuildError(`the build is not reproducible (input 'check-reproducible'): two builds differ:\n- ${differences.join('\n- ')}`)
    }
    const identical = report.artifacts.filter(a => !tolerated.some(line => line.startsWith(`${a.filename}:`)))
    this.options.logger.info(`check-reproducible: both builds are byte-identical (${identical.map(a => a.filename).join(', ')})`)
    if (tolerated.length === 0) return report
    const annotations = tolerated.map(message => ({ level: 'warning' as const, title: 'Build not byte-reproducible', message }))
    return { ...report, annotations: [...report.annotations, ...annotations] }
  }

  private async buildInto(outputDir: string, compareWithTree = false): Promise<BuildReport> {
    const options = { ...this.options, outputDir }
    await prepareOutputDir(options.outputDir)
    // the commit's time (a git subprocess) is asked while the working directory and the tree are prepared
    const dated = withSourceDateEpoch(options.env, options.projectDir, options.logger)
    dated.catch(() => {}) // awaited below, or left when preparing fails
    const front = await frontend(options)
    options.logger.info(front.why)
    let work: BuildWorkDir
    let source: SourceTree
    try {
      work = await buildWorkDir(options.workRoot ?? dirname(outputDir), options.projectDir, options.logger)
    } catch (error) {
      throw new BuildError(`cannot make the build's working directory: ${(error as Error).message}`)
    }
    const scratch = work.dir
    try {
      source = await sourceTree(options.projectDir, options.exclude ?? [], options.logger, scratch, options.excludeBeforeCreated ?? true)
    } catch (error) {
      await work.dispose()
      throw new BuildError(`cannot prepare the build's source tree: ${(error as Error).message}`)
    }
    const env = await dated
    try {
      const checkOptions = {
        mode: options.buildRequirements,
        python: options.python,
        frontend: front.kind,
        isolation: options.isolation,
        pyproject: join(options.projectDir, 'pyproject.toml'),
        logger: options.logger
      }
      const check = (sourceDir: string) =>
        buildRequirementsProblem({ ...checkOptions, sourceDir }).catch(
          (error: unknown) => `the build requirements could not be checked: ${(error as Error).message}`
        )
      const fromSdist = options.wheelFromSdist ?? true
      const hatchLike = front.kind === 'hatch' || front.kind === 'hatchling'
      // A backend whose requirement hooks only read the tree is checked while it builds (the files are
      // kept only when the requirements are met). Others (setuptools' hooks write egg-info into the tree)
      // are asked in a second unpacked copy of the sdist while the wheel builds from the first, which is
      // the tree the wheel's own build asks; built from the tree, they are checked before the build.
      // both read the project's configuration: at once, before the build starts
      const [readOnlyHooks, compiled] = await Promise.all([requirementHooksReadOnly(source.dir), compiledProject(source.dir)])
      const hooksOnSdist = fromSdist && !hatchLike && !readOnlyHooks && requirementsChecked(checkOptions)
      // a project that compiles builds its wheel in the sdist unpacked here, not in build's random
      // temporary directory, with the compilers' prefix maps (compiled.ts)
      if (compiled !== undefined) {
        options.logger.info(
          `${compiled}: the wheel is compiled ${fromSdist ? "in the sdist unpacked in the build's own directory" : 'in the tree'}, ` +
            'with -ffile-prefix-map for its paths, so a rebuild of this commit matches byte for byte'
        )
      }
      const compileEnv = (dir: string, base: NodeJS.ProcessEnv): NodeJS.ProcessEnv =>
        compiled === undefined
          ? base
          : reproducibleCompileEnv(base, [options.projectDir, source.dir, dir, join(scratch, 'cmake')], options.logger, {
              cmakeBuildDir: join(scratch, 'cmake')
            })
      let requirements: Promise<string | undefined> | undefined
      if (readOnlyHooks || !hooksOnSdist) requirements = check(source.dir)
      if (!readOnlyHooks && !hooksOnSdist) {
        const unmet = await requirements
        if (unmet !== undefined) throw new BuildError(unmet)
      }
      const step = (targets: BuildTargets, dir: string) => ({ ...commandFor(front, targets, dir, outputDir, options.isolation), cwd: dir, outputDir })
      // The sdist is complete once the wheel's build begins: it is described while the wheel builds
      // (one core builds, the other reads), not after.
      const early = new Map<string, Promise<BuildArtifact>>()
      let earlyStarted: Promise<void> | undefined
      const describeSdistEarly = (): void => {
        earlyStarted ??= readdir(outputDir).then(names => {
          const sdist = names.find(name => formatOf(name) === 'sdist')
          if (sdist === undefined) return
          const describing = describeArtifact(join(outputDir, sdist))
          describing.then(
            () => options.logger.info(`${sdist} read and checked while the wheel builds`),
            () => {} // awaited with the others (describeOutput)
          )
          early.set(sdist, describing)
        })
        earlyStarted.catch(() => {})
      }
      // build: "* Building wheel from sdist" (build 0.9 __main__.py line 244, `Building {distributions} from
      // sdist`); uv: "Building wheel from source distribution..."
      const wheelFromSdistBegins = (line: string): void => {
        if (/^\* Building .* from sdist$|Building wheel from source distribution/.test(line)) describeSdistEarly()
      }
      // a backend in the copy uses the copy's git, whatever repository the environment points at
      const buildEnv = source.dir === options.projectDir ? env : withoutGitRepository(env)
      const buildFiles = async (): Promise<string[]> => {
        if (!fromSdist) return this.run(step('tree', source.dir), compileEnv(source.dir, buildEnv), source.dir)
        if (!hatchLike && !hooksOnSdist && compiled === undefined) {
          return this.run(step('sdist-then-wheel', source.dir), buildEnv, source.dir, wheelFromSdistBegins)
        }
        const command = await this.run(step('sdist', source.dir), buildEnv, source.dir)
        describeSdistEarly()
        const sdist = (await readdir(outputDir)).find(name => formatOf(name) === 'sdist')
        if (sdist === undefined) throw new BuildError(`${command.join(' ')} wrote no sdist into ${outputDir}`, command)
        let unpacked: string
        try {
          unpacked = await unpackSdist(join(outputDir, sdist), join(scratch, 'sdist'))
        } catch (error) {
          throw new BuildError((error as Error).message, command)
        }
        if (hooksOnSdist) {
          // the second copy is unpacked while the wheel builds, not before it
          requirements = unpackSdist(join(outputDir, sdist), join(scratch, 'sdist-hooks')).then(check, (error: Error) => {
            throw new BuildError(error.message, command)
          })
          requirements.catch(() => {}) // awaited after the wheel's build
        }
        options.logger.info(`building the wheel from ${sdist}`)
        await this.run(step('wheel', unpacked), compileEnv(unpacked, buildEnv), source.dir)
        return command
      }
      // the tree's files, for comparing the sdist with them afterwards, listed while the build runs
      const tracked = fromSdist && compareWithTree ? trackedProjectFiles(source.dir) : undefined
      tracked?.catch(() => {})
      let command: string[]
      try {
        command = await buildFiles()
      } catch (error) {
        // unmet requirements explain a failed build better than the backend does
        const unmet = await (requirements ?? check(source.dir))
        throw unmet !== undefined ? new BuildError(unmet) : error
      }
      // the files are described while the requirements check ends (it may outlast the wheel's build)
      const described = (async () => {
        await earlyStarted?.catch(() => {})
        return describeOutput(options.outputDir, early)
      })()
      described.catch(() => {}) // awaited once the requirements are known to be met
      const unmet = await requirements
      if (unmet !== undefined) throw new BuildError(unmet)

      const artifacts = await described
      trace('build described')
      const warnings = artifacts.flatMap(artifact =>
        [...(artifact.contents?.warnings ?? []), ...(artifact.contents?.record ?? [])].map(message => ({
          level: 'warning' as const,
          title: `Inspection: ${artifact.filename}`,
          message
        }))
      )
      for (const artifact of artifacts) {
        const largest = artifact.contents?.largest.map(file => `${file.name} (${file.size} B)`).join(', ')
        options.logger.info(`${artifact.filename}: ${artifact.contents?.files ?? 0} files; largest ${largest || 'none'}`)
      }
      if (fromSdist && compareWithTree) await this.compareWithTree(front, source.dir, artifacts, env, join(scratch, 'tree-wheel'), tracked)
      return { outputDir: options.outputDir, artifacts, command, annotations: [...disagreements(artifacts), ...warnings], frontend: front.kind }
    } finally {
      await source.dispose()
      await work.dispose()
    }
  }

  /**
   * A pure wheel built from the sdist must hold every file a wheel built from the tree holds; a file
   * only the tree's wheel has is one the sdist forgot. The wheel is built from the tree only when the
   * sdist lacks a file of a package directory (cheap to see; most builds never pay for it), and a
   * platform wheel is never built twice (compiling again costs too much): its sdist is checked by
   * building the wheel from it.
   */
  private async compareWithTree(
    front: Frontend,
    sourceDir: string,
    artifacts: BuildArtifact[],
    env: NodeJS.ProcessEnv,
    dir: string,
    tracked?: Promise<string[] | undefined>
  ): Promise<void> {
    const sdist = artifacts.find(a => a.format === 'sdist')
    const wheels = artifacts.filter(a => a.format === 'wheel')
    const { logger } = this.options
    if (!sdist || wheels.length !== 1 || !wheels[0]!.filename.endsWith('-none-any.whl')) {
      logger.info('the wheel is not pure Python: not building it again from the tree to compare')
      return
    }
    const suspects = await sdistSuspects(wheels[0]!.path, sdist.path, sourceDir, tracked)
    if (suspects.length === 0) {
      logger.info(`${sdist.filename} holds every file of the project's package directories`)
      return
    }
    logger.info(`${sdist.filename} lacks ${listDifferences(suspects)} of the package directories: building a wheel from the tree to compare`)
    await mkdir(dir, { recursive: true })
    try {
      await this.run({ ...commandFor(front, 'wheel', sourceDir, dir, this.options.isolation), cwd: sourceDir, outputDir: dir }, env, sourceDir)
    } catch (error) {
      logger.info(`building a wheel from the tree to compare with the wheel from the sdist failed; not compared: ${(error as Error).message.split('\n')[0]}`)
      return
    }
    const treeWheel = (await readdir(dir)).find(name => name.endsWith('.whl'))
    if (treeWheel === undefined) return
    const gap = await wheelGap(wheels[0]!.path, join(dir, treeWheel))
    if (gap.length > 0) throw new BuildError(wheelGapMessage(gap, wheels[0]!.filename, sdist.filename))
    logger.info(
      `${wheels[0]!.filename}, built from ${sdist.filename}, has every file a wheel built from the tree has (the backend leaves the others out of both)`
    )
  }

  /** Runs one build command; a failure is a BuildError with the output's tail and what it likely means. */
  private async run(
    step: { program: string; args: string[]; cwd: string; outputDir: string },
    env: NodeJS.ProcessEnv,
    sourceDir: string,
    onLine?: (line: string) => void
  ): Promise<string[]> {
    const options = this.options
    const { program, args } = step
    const command = [program, ...args]
    options.logger.info(`$ ${command.join(' ')}`)
    trace('build command start')
    const stderr: string[] = []
    const stdout: string[] = []
    let code: number
    try {
      code = await exec.exec(program, args, {
        cwd: step.cwd,
        env: env as Record<string, string>,
        silent: true,
        ignoreReturnCode: true,
        listeners: {
          stdline: line => {
            options.logger.info(line)
            onLine?.(line)
            // build prints the backend's traceback on stdout
            stdout.push(line)
            if (stdout.length > STDERR_TAIL_LINES) stdout.shift()
          },
          errline: line => {
            options.logger.info(line)
            onLine?.(line)
            stderr.push(line)
            if (stderr.length > STDERR_TAIL_LINES) stderr.shift()
          }
        }
      })
    } catch (error) {
      // @actions/exec throws before starting when the executable is not found.
      if (program !== options.python) throw new BuildError(`'${program}' cannot be run: ${(error as Error).message}`, command)
      throw new BuildError(
        `Input 'python' (${options.python}) cannot be run: ${(error as Error).message}. ` +
          "Set 'python' to an interpreter that has the 'build' package (e.g. python3 after actions/setup-python and pip install build).",
        command
      )
    }
    trace('build command end')
    const tail = stderr.join('\n')
    if (code !== 0) {
      const output = `${stdout.join('\n')}\n${tail}`
      const hint = /No module named build\b/.test(tail)
        ? ` (the interpreter of input 'python' has no 'build' package: pip install build)`
        : !options.isolation
          ? await missingBackendHint(output, options)
          : ''
      const gapHint = hint === '' ? await this.sdistHint(output, sourceDir, step.outputDir) : ''
      throw new BuildError(`${command.join(' ')} exited with code ${code}${hint}${gapHint}`, command, tail)
    }
    return command
  }

  /** When the wheel failed to build from the sdist (an sdist and no wheel in the output), what the sdist lacks. */
  private async sdistHint(output: string, sourceDir: string, outputDir: string): Promise<string> {
    if (!(this.options.wheelFromSdist ?? true)) return ''
    // build and uv stop after writing the sdist; hatch wrote it before building in the unpacked sdist
    const written = await readdir(outputDir).catch(() => [] as string[])
    const sdist = written.find(name => formatOf(name) === 'sdist')
    if (sdist === undefined || written.some(name => formatOf(name) === 'wheel')) return ''
    return fromSdistHint(output, sourceDir, join(outputDir, sdist))
  }
}

/**
 * With isolation off the backend must be installed already; when the build failed because it is
 * not, name the requirement from [build-system] requires that provides it.
 */
async function missingBackendHint(stderr: string, options: BuildOptions): Promise<string> {
  const module =
    /Backend '([\w.]+)' is not available/.exec(stderr)?.[1] ?? /Cannot import '([\w.]+)'/.exec(stderr)?.[1] ?? /No module named '([\w.]+)'/.exec(stderr)?.[1]
  if (module === undefined) return ''
  let requires: string[] = []
  try {
    const toml = parseToml(await readFile(join(options.projectDir, 'pyproject.toml'), 'utf8')) as { 'build-system'?: { requires?: unknown } }
    const listed = toml['build-system']?.requires
    if (Array.isArray(listed)) requires = listed.filter((r): r is string => typeof r === 'string')
  } catch {
    // the build already said what is wrong with pyproject.toml
  }
  const parts = module.split('.')
  // poetry.core.masonry.api is provided by poetry-core, flit_core.buildapi by flit_core, hatchling.build by hatchling
  const candidates = [parts.slice(0, 2).join('-'), parts[0]!].map(normalizeName)
  const requirement = requires.find(r => candidates.includes(normalizeName(requirementName(r) ?? ''))) ?? parts[0]!
  return (
    ` (build-isolation is false, so the build backend must already be installed for '${options.python}', and '${module}' is not: ` +
    `run '${options.python} -m pip install "${requirement}"', or set build-isolation: true)`
  )
}

/**
 * How two builds of the same source differ, one line per file; [] when every file is byte-identical.
 * A setuptools sdist (its `*.egg-info/` says so) whose members are all the same differs only where
 * setuptools cannot help it: it writes the sdist with the files' own times and the gzip header's
 * current time, not SOURCE_DATE_EPOCH (pypa/setuptools#2133, open since 2020). That file goes to
 * `tolerated` (a warning), not to the differences: no setting of the project's would change it.
 */
export async function compareBuilds(first: BuildArtifact[], second: BuildArtifact[], tolerated: string[] = []): Promise<string[]> {
  const differences: string[] = []
  const seconds = new Map(second.map(a => [a.filename, a]))
  for (const artifact of first) {
    const other = seconds.get(artifact.filename)
    seconds.delete(artifact.filename)
    if (other === undefined) {
      differences.push(`${artifact.filename} was not built the second time`)
      continue
    }
    if (other.sha256 === artifact.sha256) continue
    const ours = (await readArchive(artifact.path)).members
    const members = memberDifferences(ours, (await readArchive(other.path)).members)
    if (members.length === 0 && artifact.format === 'sdist' && ours.some(member => /^[^/]+\/(.+\/)?[^/]+\.egg-info\/PKG-INFO$/.test(member.name))) {
      tolerated.push(
        `${artifact.filename}: the two builds differ only in timestamps (every member is the same): setuptools writes sdists with ` +
          "the time of building, whatever SOURCE_DATE_EPOCH says (pypa/setuptools#2133); the wheels are what 'check-reproducible' vouches for"
      )
      continue
    }
    differences.push(
      members.length === 0
        ? `${artifact.filename}: only timestamps or archive metadata differ (every member is the same); set SOURCE_DATE_EPOCH or use a backend that honours it`
        : `${artifact.filename}: member contents differ: ${members.slice(0, 5).join(', ')}${members.length > 5 ? ` and ${members.length - 5} more` : ''}`
    )
  }
  for (const name of seconds.keys()) differences.push(`${name} was built only the second time`)
  return differences
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

/**
 * Every file the build wrote: one sdist, at least one wheel, nothing else. Sdist first, then wheels by
 * name; `early` holds the descriptions begun while the build still ran.
 */
async function describeOutput(dir: string, early = new Map<string, Promise<BuildArtifact>>()): Promise<BuildArtifact[]> {
  const names = (await readdir(dir)).sort()
  const unexpected = names.filter(name => formatOf(name) === undefined)
  const sdists = names.filter(name => formatOf(name) === 'sdist')
  const wheels = names.filter(name => formatOf(name) === 'wheel')
  if (unexpected.length > 0) throw new BuildError(`the build wrote unexpected files: ${unexpected.join(', ')}`)
  if (sdists.length !== 1 || wheels.length === 0) {
    throw new BuildError(`the build wrote ${sdists.length} sdists and ${wheels.length} wheels; expected one sdist and at least one wheel`)
  }
  // One file at a time: each file's digests already run on every core, and files described at once
  // add up their read buffers (ten files at once peaked 250 MiB in bench:upload).
  const artifacts: BuildArtifact[] = []
  for (const name of [...sdists, ...wheels]) {
    artifacts.push(await (early.get(name) ?? describeArtifact(join(dir, name))))
  }
  return artifacts
}

/** The one metadata file of a distribution: `<name>.dist-info/METADATA` or `<top>/PKG-INFO`. */
function isMetadataFile(format: ArtifactFormat, member: string): boolean {
  const parts = member.split('/')
  return format === 'wheel' ? parts.length === 2 && parts[0]!.endsWith('.dist-info') && parts[1] === 'METADATA' : parts.length === 2 && parts[1] === 'PKG-INFO'
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
    coreMetadata: fields,
    contents: {
      files: inspection.files,
      largest: inspection.largest,
      warnings: inspection.warnings,
      record: inspection.record,
      ...(inspection.wheel ? { wheel: inspection.wheel } : {})
    }
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
