// The source tree a build reads. Published output must never become build input: when a directory the
// action writes (the local target's 'local-dir', `release` by default) lies inside the project, the
// build runs in a copy of the project without it, so no backend (hatchling packing every file,
// setuptools' flat-layout discovery, flit, uv) can see it, whatever it includes by default.
//
// One way to build, every run: the copy is made whenever that directory lies inside the project,
// whether or not it exists yet, so the first run and every re-run build the same input the same way
// (the first run used to build in place, leaving egg-info behind that the re-run's copy then carried:
// another SOURCES.txt, and a re-run finding its own release "different"). The project's own tree is
// then never written by a build.
//
// The copy is exact: links are copied as links with their own targets (a relative link stays
// relative, so git sees the committed link and a backend packs what it would have packed), modes and
// timestamps are kept. A relative link that leaves the project but stays inside the repository (a
// monorepo package's README linking ../../README.md) finds its target copied to the same place in the
// copy's root; only one leaving the repository is made absolute, and the log says so.
//
// A copy of a project inside a git work tree stays a git work tree, so setuptools-scm and hatch-vcs
// still read the version and the tracked files: the copy sits at the same path below a copied
// root, whose `.git` file points at a private git directory (its own HEAD and a copy of the index;
// objects, refs and config come from the original through `commondir`, read only). Files the copy
// leaves out (the rest of a monorepo, the excluded directory) are marked skip-worktree in that
// private index, so git does not call the copy dirty. The original repository is never written.
import { createHash } from 'node:crypto'
import { cp, copyFile, lstat, mkdir, mkdtemp, readdir, readFile, readlink, realpath, rename, rm, stat, symlink, unlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import * as exec from '@actions/exec'
import type { Logger } from '../types.js'

export interface SourceTree {
  /** The directory to build in: the project itself, or its copy. */
  dir: string
  /** Removes the copy (nothing for the project itself). */
  dispose(): Promise<void>
}

/** Whether `child` is `parent` or lies below it. */
export function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child)
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel))
}

/**
 * The variables that point git at one repository (`git rev-parse --local-env-vars`). A run inside a git
 * hook has GIT_INDEX_FILE or GIT_DIR set: git in the build's copy (and a backend's git there) must use
 * the copy's own .git, never write the user's index.
 */
const GIT_REPOSITORY_VARIABLES = [
  'GIT_ALTERNATE_OBJECT_DIRECTORIES',
  'GIT_CONFIG',
  'GIT_CONFIG_PARAMETERS',
  'GIT_CONFIG_COUNT',
  'GIT_OBJECT_DIRECTORY',
  'GIT_DIR',
  'GIT_WORK_TREE',
  'GIT_IMPLICIT_WORK_TREE',
  'GIT_GRAFT_FILE',
  'GIT_INDEX_FILE',
  'GIT_NO_REPLACE_OBJECTS',
  'GIT_REPLACE_REF_BASE',
  'GIT_PREFIX',
  'GIT_SHALLOW_FILE',
  'GIT_COMMON_DIR'
]

/** The environment without the variables that point git at a repository. */
export function withoutGitRepository(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const clean = { ...env }
  for (const name of GIT_REPOSITORY_VARIABLES) delete clean[name]
  return clean
}

async function git(cwd: string, args: string[], input?: Buffer): Promise<string | undefined> {
  try {
    const env = withoutGitRepository(process.env) as Record<string, string>
    const { exitCode, stdout } = await exec.getExecOutput('git', args, { cwd, env, silent: true, ignoreReturnCode: true, input })
    return exitCode === 0 ? stdout : undefined
  } catch {
    return undefined // no git on PATH
  }
}

/** An absolute path git names (`--path-format` needs git 2.31; older ones answer relative to the cwd). */
async function gitPath(cwd: string, option: '--git-dir' | '--git-common-dir'): Promise<string | undefined> {
  const path = ((await git(cwd, ['rev-parse', '--path-format=absolute', option])) ?? (await git(cwd, ['rev-parse', option])))?.trim()
  return path ? resolve(cwd, path) : undefined
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false
  )
}

/**
 * The tree to build `projectDir` from. `exclude` lists absolute directories the build must not
 * read (the local target's directory); when one lies inside the project (existing, or not yet when
 * `beforeCreated`), the
 * build reads an exact copy without it, made in `workDir` (a directory this build owns, at a stable
 * path when the caller can give one; a fresh temp directory otherwise). When none does, the project
 * itself is built in place.
 */
export async function sourceTree(
  givenDir: string,
  givenExclude: string[],
  logger: Logger,
  workDir?: string,
  /** false: a directory of `exclude` that does not exist yet is not a reason to copy. */
  beforeCreated = true
): Promise<SourceTree> {
  // git names real paths: compare real paths, or a project reached through a link loses its git
  const real = async (path: string): Promise<string> => realpath(path).catch(() => path)
  const projectDir = await real(givenDir)
  // a directory not made yet (the first run's local-dir) is named through its nearest existing parent
  const realOrAhead = async (path: string): Promise<string> => {
    const parent = dirname(path)
    if ((await exists(path)) || parent === path) return real(path)
    return join(await realOrAhead(parent), basename(path))
  }
  const present = beforeCreated ? givenExclude : (await Promise.all(givenExclude.map(async dir => ((await exists(dir)) ? [dir] : [])))).flat()
  const exclude = await Promise.all(present.map(realOrAhead))
  const inside = exclude.filter(dir => isInside(dir, projectDir))
  if (inside.some(dir => relative(projectDir, dir) === '')) {
    // inputs refuse this; a library caller may not have
    throw new Error(`the directory to keep out of the build is the project directory itself (${projectDir})`)
  }
  if (inside.length === 0) return { dir: givenDir, dispose: async () => {} }

  let work: string
  if (workDir === undefined) work = await mkdtemp(join(tmpdir(), 'python-release-src-'))
  else {
    work = join(workDir, 'source')
    await mkdir(work)
  }
  const dispose = async (): Promise<void> => rm(work, { recursive: true, force: true })
  try {
    const top = (await git(projectDir, ['rev-parse', '--show-toplevel']))?.trim()
    const gitDir = top ? await gitPath(projectDir, '--git-dir') : undefined
    const commonDir = top ? await gitPath(projectDir, '--git-common-dir') : undefined
    const inGit = top !== undefined && top !== '' && gitDir !== undefined && commonDir !== undefined && isInside(projectDir, top)
    const root = join(work, 'tree')
    const copy = inGit ? join(root, relative(top, projectDir)) : join(work, 'tree')
    await mkdir(copy, { recursive: true })
    const skipped = new Set(inside)
    const projectGit = join(projectDir, '.git')
    const venvs: string[] = []
    const links: string[] = []
    await cp(projectDir, copy, {
      recursive: true,
      // a link is copied as the link it is (cp would make a relative target absolute, which git sees
      // as a changed link and an sdist packs as a link out of the archive); modes and times are kept
      verbatimSymlinks: true,
      preserveTimestamps: true,
      // a virtual environment (.venv, .tox/py312: a pyvenv.cfg at its top) is never build input, and
      // copying one costs more than the build
      filter: async source => {
        if (skipped.has(source) || source === projectGit) return false
        if (source === projectDir) return true
        const stats = await lstat(source)
        if (stats.isSymbolicLink()) {
          links.push(source)
          return true
        }
        if (!stats.isDirectory() || !(await exists(join(source, 'pyvenv.cfg')))) return true
        venvs.push(relative(projectDir, source))
        return false
      }
    })
    const absolute = await linksLeavingTheProject({ links, projectDir, copy, top: inGit ? top : undefined, root })
    if (inGit) await linkGit({ top, gitDir, commonDir, projectDir, root, excluded: inside })
    logger.info(
      `building from an exact copy of ${projectDir} without ${inside.map(dir => relative(projectDir, dir)).join(', ')} ` +
        `(published files are never build input, and every run builds the same way)${inGit ? '; the copy reads the version and tracked files from git' : ''}` +
        (venvs.length > 0 ? `; virtual environments left out too: ${venvs.join(', ')}` : '') +
        (absolute.length > 0 ? `; links leaving the repository now point at absolute paths: ${absolute.join(', ')}` : '')
    )
    return { dir: copy, dispose }
  } catch (error) {
    await dispose()
    throw error
  }
}

/**
 * Links of the project whose relative target lies outside the project: the copy must resolve them as
 * the project does. A target inside the repository is copied to the same place below the copy's root
 * (git sees it as the tracked file it is; those outside the project are skip-worktree anyway); one
 * outside the repository (or with no repository) becomes an absolute link. Returns those made absolute,
 * relative to the project.
 */
async function linksLeavingTheProject(options: {
  links: string[]
  projectDir: string
  copy: string
  top: string | undefined
  root: string
}): Promise<string[]> {
  const { links, projectDir, copy, top, root } = options
  const absolute: string[] = []
  for (const link of links) {
    const target = await readlink(link)
    if (isAbsolute(target)) continue
    const resolved = resolve(dirname(link), target)
    if (isInside(resolved, projectDir)) continue
    if (top !== undefined && isInside(resolved, top) && (await exists(resolved))) {
      const placed = join(root, relative(top, resolved))
      if (!(await exists(placed))) {
        await mkdir(dirname(placed), { recursive: true })
        await cp(resolved, placed, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true })
      }
      continue
    }
    const copied = join(copy, relative(projectDir, link))
    await unlink(copied)
    await symlink(resolved, copied)
    absolute.push(relative(projectDir, link))
  }
  return absolute
}

/**
 * Makes `root` a work tree of the project's repository through a private git directory, marking
 * every tracked file the copy lacks skip-worktree, and copying the ignore files between the
 * repository's top and the project (hatchling reads them).
 */
async function linkGit(options: { top: string; gitDir: string; commonDir: string; projectDir: string; root: string; excluded: string[] }): Promise<void> {
  const { top, gitDir, commonDir, projectDir, root, excluded } = options
  // A `.git` directory of its own (git reads objects and refs through its `commondir`), not a `.git`
  // file pointing elsewhere: backends leave a `.git` directory out of an sdist, and hatchling packs a
  // `.git` file.
  const privateDir = join(root, '.git')
  await mkdir(privateDir)
  await writeFile(join(privateDir, 'commondir'), `${commonDir}\n`)
  await writeFile(join(privateDir, 'HEAD'), await readFile(join(gitDir, 'HEAD')))
  if (await exists(join(gitDir, 'index'))) await copyFile(join(gitDir, 'index'), join(privateDir, 'index'))
  // a split index (core.splitIndex) keeps most entries in a shared file beside it
  for (const name of await readdir(gitDir)) {
    if (name.startsWith('sharedindex.')) await copyFile(join(gitDir, name), join(privateDir, name))
  }

  for (let dir = dirname(projectDir); isInside(dir, top); dir = dirname(dir)) {
    for (const name of ['.gitignore', '.gitattributes']) {
      const file = join(dir, name)
      if (await exists(file)) await copyFile(file, join(root, relative(top, dir), name))
    }
    if (dir === top) break
  }

  const listed = async (pathspec: string): Promise<string[]> => {
    const out = await git(root, ['ls-files', '-z', '--', pathspec])
    if (out === undefined) throw new Error(`git ls-files ${pathspec} failed in the build's copy of ${projectDir}`)
    return out.split('\0')
  }
  const projectRel = relative(top, projectDir).split(sep).join('/')
  const outside = projectRel === '' ? [] : await listed(`:(top,exclude)${projectRel}/`)
  const excludedFiles: string[] = []
  for (const dir of excluded) excludedFiles.push(...(await listed(`:(top)${relative(top, dir).split(sep).join('/')}/`)))
  const paths = [...outside, ...excludedFiles].filter(Boolean)
  if (paths.length === 0) return
  const marked = await git(root, ['update-index', '--skip-worktree', '-z', '--stdin'], Buffer.from(`${paths.join('\0')}\0`))
  if (marked === undefined) throw new Error(`git update-index --skip-worktree failed in the build's copy of ${projectDir}`)
}

/** Whether a process with this pid is running (on this machine). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** A directory one build owns: removing it when the build ends is `dispose`. */
export interface BuildWorkDir {
  dir: string
  /** Whether `dir` is the project's stable one (false: another run held it, so a fresh one was made). */
  stable: boolean
  dispose(): Promise<void>
}

/**
 * The directory a build of `projectDir` works in (its copy of the tree, the unpacked sdist, CMake's build
 * directory): `python-release-build-<12 hex of the project's path>` under `root`, the same path for every
 * run of the project, so what a compiler or a backend writes of its paths is the same too (compiled.ts
 * maps them away as well; this holds for what no map reaches). Claimed atomically: a fresh directory
 * holding an `owner` file with this process's pid is renamed into place; when another live process holds
 * the name (two builds of one project at once), this build keeps its fresh directory, and says so; a
 * directory left by a process that died is removed and claimed.
 */
export async function buildWorkDir(root: string, projectDir: string, logger: Logger): Promise<BuildWorkDir> {
  await mkdir(root, { recursive: true })
  const project = await realpath(projectDir).catch(() => projectDir)
  const name = `python-release-build-${createHash('sha256').update(project).digest('hex').slice(0, 12)}`
  const stable = join(root, name)
  const fresh = await mkdtemp(join(root, `.${name}-`))
  await writeFile(join(fresh, 'owner'), `${process.pid}\n`)
  const claimed = (dir: string, isStable: boolean): BuildWorkDir => ({ dir, stable: isStable, dispose: () => rm(dir, { recursive: true, force: true }) })
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await rename(fresh, stable)
      return claimed(stable, true)
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') break
    }
    const owner = Number.parseInt((await readFile(join(stable, 'owner'), 'utf8').catch(() => '')).trim(), 10)
    if (Number.isInteger(owner) && owner > 0 && alive(owner)) break
    await rm(stable, { recursive: true, force: true })
  }
  logger.info(`another build of ${project} is running in ${stable}: this one works in ${fresh} (compiled files may carry that path)`)
  return claimed(fresh, false)
}
