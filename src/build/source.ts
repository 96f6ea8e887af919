// The source tree a build reads. Published output must never become build input: when a directory the
// action writes (the local target's 'local-dir', `release` by default) lies inside the project, the
// build runs in a copy of the project without it, so no backend (hatchling packing every file,
// setuptools' flat-layout discovery, flit, uv) can see it, whatever it includes by default.
//
// A copy of a project inside a git work tree stays a git work tree, so setuptools-scm and hatch-vcs
// still read the version and the tracked files: the copy sits at the same path below a copied
// root, whose `.git` file points at a private git directory (its own HEAD and a copy of the index;
// objects, refs and config come from the original through `commondir`, read only). Files the copy
// leaves out (the rest of a monorepo, the excluded directory) are marked skip-worktree in that
// private index, so git does not call the copy dirty. The original repository is never written.
import { cp, copyFile, mkdir, mkdtemp, readdir, readFile, realpath, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'
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
 * read (the local target's directory); when none lies inside the project (or exists), the project
 * itself is built in place.
 */
export async function sourceTree(givenDir: string, givenExclude: string[], logger: Logger, tempRoot = tmpdir()): Promise<SourceTree> {
  // git names real paths: compare real paths, or a project reached through a link loses its git
  const real = async (path: string): Promise<string> => realpath(path).catch(() => path)
  const projectDir = await real(givenDir)
  const exclude = await Promise.all(givenExclude.map(real))
  const inside: string[] = []
  for (const dir of exclude) if (isInside(dir, projectDir) && (await exists(dir))) inside.push(dir)
  if (inside.some(dir => relative(projectDir, dir) === '')) {
    // inputs refuse this; a library caller may not have
    throw new Error(`the directory to keep out of the build is the project directory itself (${projectDir})`)
  }
  if (inside.length === 0) return { dir: givenDir, dispose: async () => {} }

  const work = await mkdtemp(join(tempRoot, 'python-release-src-'))
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
    await cp(projectDir, copy, {
      recursive: true,
      // a link keeps pointing where it pointed (cp makes a relative target absolute), so a README
      // linked from outside the project still resolves
      // a virtual environment (.venv, .tox/py312: a pyvenv.cfg at its top) is never build input, and
      // copying one costs more than the build
      filter: async source => {
        if (skipped.has(source) || source === projectGit) return false
        if (source === projectDir) return true
        if (!(await exists(join(source, 'pyvenv.cfg')))) return true
        venvs.push(relative(projectDir, source))
        return false
      }
    })
    if (inGit) await linkGit({ top, gitDir, commonDir, projectDir, root, excluded: inside })
    logger.info(
      `building from a copy of ${projectDir} without ${inside.map(dir => relative(projectDir, dir)).join(', ')} ` +
        `(published files are never build input)${inGit ? '; the copy reads the version and tracked files from git' : ''}` +
        (venvs.length > 0 ? `; virtual environments left out too: ${venvs.join(', ')}` : '')
    )
    return { dir: copy, dispose }
  } catch (error) {
    await dispose()
    throw error
  }
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
