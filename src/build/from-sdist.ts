// The wheel is built from the sdist (as `python -m build` does), so an sdist that lacks a file
// fails the build instead of the user who installs it. This module says which file, and what to do.
import { mkdir, readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'
import * as exec from '@actions/exec'
import { listDifferences, readArchive } from './archive.js'

/** Where each backend's sdist file list is configured. */
export const SDIST_FIX =
  'add it to the sdist (MANIFEST.in for setuptools, [tool.hatch.build.targets.sdist] include for hatchling, ' +
  '[tool.flit.sdist] include for flit-core, or track it in git with setuptools-scm), ' +
  'or set wheel-from-sdist: false to build the wheel from the tree (the published sdist would still lack it)'

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    s => s.isFile(),
    () => false
  )
}

/** Member names of an sdist below its top directory (`name-1.0/src/x.py` → `src/x.py`). */
export async function sdistFiles(sdistPath: string): Promise<Set<string>> {
  const { members } = await readArchive(sdistPath)
  return new Set(members.filter(m => m.type === 'file').map(m => m.name.split('/').slice(1).join('/')))
}

/**
 * The project files a failed build from the sdist names (a FileNotFoundError, "not found: …") that
 * the project has and the sdist lacks, relative to the project: the longest suffix of each named
 * path that exists in `projectDir`.
 */
export async function filesMissingFromSdist(output: string, projectDir: string, sdistPath: string): Promise<string[]> {
  const named = new Set<string>()
  const patterns = [
    /No such file or directory: '([^']+)'/g,
    /No such file or directory: "([^"]+)"/g,
    /can't copy '([^']+)': doesn't exist/g,
    /(?:not found|does not exist|doesn't exist)[:,]? '?([^\s']+\w)'?/gi,
    /'([^'\s]+)' (?:not found|does not exist|doesn't exist)/gi
  ]
  for (const pattern of patterns) for (const match of output.matchAll(pattern)) named.add(match[1]!)
  let inSdist: Set<string>
  try {
    inSdist = await sdistFiles(sdistPath)
  } catch {
    inSdist = new Set()
  }
  const missing = new Set<string>()
  for (const path of named) {
    const parts = path.split(/[\\/]+/).filter(part => part !== '' && part !== '.')
    for (let i = 0; i < parts.length; i++) {
      const rel = parts.slice(i).join('/')
      if (rel.startsWith('..')) continue
      if ((await isFile(join(projectDir, rel))) && !inSdist.has(rel)) {
        missing.add(rel)
        break
      }
    }
  }
  return [...missing].sort()
}

/** The hint for a failed build of the wheel from the sdist, naming the files the sdist lacks when the output names them. */
export async function fromSdistHint(output: string, projectDir: string, sdistPath: string): Promise<string> {
  const missing = await filesMissingFromSdist(output, projectDir, sdistPath)
  if (missing.length === 0) {
    return (
      ' (the sdist was built, and building the wheel from it failed: the sdist probably lacks a file the build needs; ' +
      `compare its members with the project, then ${SDIST_FIX})`
    )
  }
  const files = missing.join(', ')
  return ` (the wheel is built from the sdist, and the sdist lacks ${files}, which the project has: ${SDIST_FIX.replace(/\bit\b/g, missing.length > 1 ? 'them' : 'it')})`
}

/** Unpacks the sdist into a fresh directory below `scratch`; returns its top directory (`name-1.0`). */
export async function unpackSdist(sdistPath: string, scratch: string): Promise<string> {
  await mkdir(scratch, { recursive: true })
  const { exitCode, stderr } = await exec.getExecOutput('tar', ['-xzf', sdistPath, '-C', scratch], { silent: true, ignoreReturnCode: true })
  if (exitCode !== 0) throw new Error(`tar could not unpack ${sdistPath}: ${stderr.trim()}`)
  const tops = await readdir(scratch)
  if (tops.length !== 1) throw new Error(`${sdistPath} unpacks to ${tops.length} top-level entries (${tops.join(', ')}); an sdist has one`)
  return join(scratch, tops[0]!)
}

/** The files a wheel built from the tree has and the wheel built from the sdist lacks (dist-info aside). */
export async function wheelGap(fromSdist: string, fromTree: string): Promise<string[]> {
  const names = async (path: string): Promise<Set<string>> =>
    new Set((await readArchive(path)).members.filter(m => m.type === 'file' && !m.name.split('/')[0]!.endsWith('.dist-info')).map(m => m.name))
  const sdistWheel = await names(fromSdist)
  return [...(await names(fromTree))].filter(name => !sdistWheel.has(name)).sort()
}

export function wheelGapMessage(gap: string[], wheel: string, sdist: string): string {
  return (
    `${wheel}, built from ${sdist}, lacks ${gap.length} file${gap.length > 1 ? 's' : ''} that a wheel built from the project tree has: ` +
    `${listDifferences(gap)}. The sdist does not carry ${gap.length > 1 ? 'their sources' : 'its source'}: ` +
    SDIST_FIX.replace(/\bit\b/g, gap.length > 1 ? 'them' : 'it')
  )
}

/**
 * Files of the project's package directories the sdist lacks: the cheap test that decides whether a
 * wheel is built from the tree to compare. A package directory is where the sdist holds a top-level
 * package of the wheel (`src/pkg/` for `pkg/`); in a git work tree only files git does not ignore
 * count, elsewhere every file but `__pycache__` and compiled bytecode.
 */
export async function sdistSuspects(wheelPath: string, sdistPath: string, sourceDir: string, tracked?: Promise<string[] | undefined>): Promise<string[]> {
  const wheelDirs = new Set(
    (await readArchive(wheelPath)).members
      .map(m => m.name.split('/'))
      .filter(parts => parts.length > 1 && !/\.(dist-info|data)$/.test(parts[0]!))
      .map(parts => parts[0]!)
  )
  const inSdist = await sdistFiles(sdistPath)
  const packageDirs = new Set<string>()
  for (const file of inSdist) {
    const parts = file.split('/')
    const at = parts.findIndex((part, i) => i < parts.length - 1 && wheelDirs.has(part))
    if (at >= 0) packageDirs.add(parts.slice(0, at + 1).join('/'))
  }
  const suspects: string[] = []
  const listed = await tracked
  for (const dir of packageDirs) {
    const files = listed?.filter(file => file.startsWith(`${dir}/`)) ?? (await projectFiles(sourceDir, dir))
    for (const file of files) if (!inSdist.has(file)) suspects.push(file)
  }
  return suspects.sort()
}

const bytecode = (file: string): boolean => /(^|\/)__pycache__\//.test(file) || /\.py[co]$/.test(file)

/**
 * Every file of `sourceDir` a build could take, as git sees them (not ignored, no bytecode, present);
 * undefined without git. Asked while the build runs, so that comparing the sdist with the tree after it
 * costs no git and no stat (the files a build could take are those there before it).
 */
export async function trackedProjectFiles(sourceDir: string, dir?: string): Promise<string[] | undefined> {
  const { exitCode, stdout } = await exec
    .getExecOutput('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard', ...(dir === undefined ? [] : ['--', dir])], {
      cwd: sourceDir,
      silent: true,
      ignoreReturnCode: true
    })
    .catch(() => ({ exitCode: 1, stdout: '' }))
  if (exitCode !== 0) return undefined
  // skip-worktree entries (files the build's copy left out) are listed but absent; looked at all at once
  // (one after the other, a project of 500 files waited on 500 stats in turn)
  const listed = stdout.split('\0').filter(file => file !== '' && !bytecode(file))
  const present = await Promise.all(listed.map(file => isFile(join(sourceDir, file))))
  return listed.filter((_, i) => present[i])
}

/** Files below `dir` (relative to `sourceDir`) a build could take: not ignored by git, no bytecode. */
async function projectFiles(sourceDir: string, dir: string): Promise<string[]> {
  const listed = await trackedProjectFiles(sourceDir, dir)
  if (listed !== undefined) return listed
  const files: string[] = []
  const walk = async (rel: string): Promise<void> => {
    for (const entry of await readdir(join(sourceDir, rel), { withFileTypes: true }).catch(() => [])) {
      const path = `${rel}/${entry.name}`
      if (entry.isDirectory()) await walk(path)
      else if (entry.isFile() && !bytecode(path)) files.push(path)
    }
  }
  await walk(dir)
  return files
}
