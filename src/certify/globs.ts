// Bounded file globbing for the report inputs (and the few globs certification runs itself).
// A pattern resolves inside a root directory (the workspace), a symbolic link that leads out of
// it is not followed, every file is found once (by its real path) and the walk stops with a clear
// error after a number of directory entries or an amount of time.
import { opendir, realpath, stat } from 'node:fs/promises'
import { isAbsolute, join, relative, resolve, sep } from 'node:path'
import picomatch from 'picomatch'
import * as nodePath from 'node:path'
import { displayPath, isInside, type PathModule } from '../workspace-paths.js'

export interface GlobLimits {
  /** Directory entries one pattern may look at. */
  entries: number
  /** Milliseconds one pattern may take. */
  milliseconds: number
}

/** Enough for a monorepo's checkout with its virtual environments; far short of a whole machine. */
export const GLOB_LIMITS: GlobLimits = { entries: 100_000, milliseconds: 30_000 }

export interface GlobScope {
  /** Where relative patterns start (the working directory, the workspace on a runner). */
  cwd: string
  /** No wildcard reaches outside this directory, nor any symbolic link it follows. */
  root: string
  /** Patterns whose matches are left out: relative to cwd, or absolute. */
  ignore?: string[]
  limits?: GlobLimits
  /** What messages call the root; 'the workspace' unless said. */
  rootName?: string
}

/** A pattern that cannot be matched inside the root: the user's to fix, before anything runs. */
export class PatternError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'PatternError'
  }
}

/** A walk that hit a bound: names the pattern, the bound and how to narrow it. */
export class GlobLimitError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'GlobLimitError'
  }
}

export interface FoundFiles {
  /** By absolute path as reached (not through a link where a direct path exists), one per real file. */
  files: Array<{ path: string; real: string; throughLink: boolean }>
  /** Links left alone because they lead out of the root, as `link → target`. */
  skippedLinks: string[]
}

type Parsed = { kind: 'literal'; path: string } | { kind: 'glob'; base: string; glob: string }

const MATCH_OPTIONS = { dot: true, windows: false }
const posix = (path: string): string => (sep === '\\' ? path.replace(/\\/g, '/') : path)

/**
 * A pattern's fixed base and its wildcard part. On Windows a backslash is a separator (`reports\\*.xml`,
 * `C:\\work\\reports\\*.xml`), elsewhere it escapes (`\\*` names a file called `*`).
 */
function parse(pattern: string, cwd: string, paths: PathModule = nodePath): Parsed {
  const windows = paths.sep === '\\'
  const text = windows ? pattern.replace(/\\/g, '/') : pattern
  const scanned = picomatch.scan(text, MATCH_OPTIONS)
  if (!scanned.isGlob) {
    const literal = windows ? text : text.replace(/\\(.)/g, '$1')
    return { kind: 'literal', path: paths.resolve(cwd, literal) }
  }
  return { kind: 'glob', base: paths.resolve(cwd, scanned.base === '' ? '.' : scanned.base), glob: scanned.glob }
}

const within = (root: string, path: string, paths: PathModule = nodePath): boolean => path === root || isInside(root, path, paths)

/**
 * Why a pattern cannot be matched inside the root, or undefined when it can: its wildcards
 * would start outside the root, or climb out of it with `..`. A path without wildcards may
 * name a file anywhere (it is one file the user chose).
 */
export function patternProblem(pattern: string, scope: Pick<GlobScope, 'cwd' | 'root' | 'rootName'>, paths: PathModule = nodePath): string | undefined {
  const rootName = scope.rootName ?? 'the workspace'
  let parsed: Parsed
  try {
    parsed = parse(pattern, scope.cwd, paths)
  } catch (error) {
    return `'${pattern}' is not a valid pattern: ${error instanceof Error ? error.message : String(error)}`
  }
  if (parsed.kind === 'literal') return undefined
  if (parsed.glob.split('/').includes('..')) {
    return `'${pattern}' has '..' after a wildcard, which could climb out of ${rootName}; name the directory without '..'`
  }
  const root = paths.resolve(scope.root)
  if (!within(root, parsed.base, paths)) {
    return (
      `'${pattern}' would search ${parsed.base}, outside ${rootName} (${root}); write the pattern relative to ${rootName}, ` +
      `${scope.rootName === undefined ? `e.g. 'reports/**/*.xml' for ${root}/reports ` : ''}(only a path without wildcards may name a file outside it)`
    )
  }
  return undefined
}

interface Segments {
  /** Matchers of the directory segments before the first `**`. */
  fixed: Array<(segment: string) => boolean>
  /** Whether a `**` follows them (any depth below is possible). */
  deep: boolean
}

/** The pattern's directory segments, for pruning; undefined when a `/` sits inside braces, brackets or parentheses. */
function segmentsOf(glob: string): Segments | undefined {
  const parts: string[] = []
  let depth = 0
  let current = ''
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i] as string
    if (char === '\\') {
      current += char + (glob[i + 1] ?? '')
      i++
      continue
    }
    if (char === '{' || char === '[' || char === '(') depth++
    else if ((char === '}' || char === ']' || char === ')') && depth > 0) depth--
    if (char === '/') {
      if (depth > 0) return undefined
      parts.push(current)
      current = ''
      continue
    }
    current += char
  }
  const directories = parts.filter(part => part !== '' && part !== '.')
  const fixed: Segments['fixed'] = []
  for (const part of directories) {
    if (part.includes('**')) return { fixed, deep: true }
    fixed.push(picomatch(part, MATCH_OPTIONS))
  }
  return { fixed, deep: current.includes('**') }
}

/** Whether a directory (its path below the base, as segments) may hold a match. */
function mayHoldMatches(segments: Segments | undefined, path: string[]): boolean {
  if (segments === undefined) return true
  for (let i = 0; i < path.length; i++) {
    const matcher = segments.fixed[i]
    if (matcher === undefined) return segments.deep
    if (!matcher(path[i] as string)) return false
  }
  return true
}

function ignoreMatcher(patterns: string[], cwd: string): (file: string) => boolean {
  const matchers = patterns.map(pattern => {
    const text = posix(pattern)
    const absolute = isAbsolute(pattern)
    const match = picomatch(text.startsWith('./') ? text.slice(2) : text, MATCH_OPTIONS)
    return (file: string): boolean => match(posix(absolute ? file : relative(cwd, file)))
  })
  return file => matchers.some(match => match(file))
}

async function realOrUndefined(path: string): Promise<string | undefined> {
  try {
    return await realpath(path)
  } catch {
    return undefined
  }
}

/**
 * The files a pattern matches, walking at most `limits.entries` directory entries for at most
 * `limits.milliseconds`. Throws PatternError when the pattern reaches outside the root and
 * GlobLimitError when a bound is hit.
 */
export async function findFiles(pattern: string, scope: GlobScope): Promise<FoundFiles> {
  const problem = patternProblem(pattern, scope)
  if (problem !== undefined) throw new PatternError(problem)
  const limits = scope.limits ?? GLOB_LIMITS
  const parsed = parse(pattern, scope.cwd)
  const root = resolve(scope.root)
  const realRoot = (await realOrUndefined(root)) ?? root
  const ignored = ignoreMatcher(scope.ignore ?? [], scope.cwd)
  const skippedLinks: string[] = []
  const skip = (link: string, target: string): void => {
    skippedLinks.push(`${displayPath(link, root)} → ${target}`)
  }

  if (parsed.kind === 'literal') {
    const real = await realOrUndefined(parsed.path)
    if (real === undefined || ignored(parsed.path)) return { files: [], skippedLinks }
    // Named inside the root, it must stay there; named outside it, it is the one file the user chose.
    if (within(root, parsed.path) && !within(realRoot, real)) {
      skip(parsed.path, real)
      return { files: [], skippedLinks }
    }
    const info = await stat(real).catch(() => undefined)
    return { files: info?.isFile() ? [{ path: parsed.path, real, throughLink: real !== parsed.path }] : [], skippedLinks }
  }

  const matches = picomatch(parsed.glob, MATCH_OPTIONS)
  const segments = segmentsOf(parsed.glob)
  const started = Date.now()
  let visited = 0
  const narrow =
    `narrow the pattern to the directory the reports are written to (e.g. 'reports/junit-*.xml' rather than '**/*.xml'), ` +
    `or leave large directories out with a '!' pattern`
  const tick = (): void => {
    if (Date.now() - started >= limits.milliseconds) {
      throw new GlobLimitError(
        `'${pattern}' was still being matched after ${formatSeconds(limits.milliseconds)} (the time limit; ${visited} entries looked at); ${narrow}`
      )
    }
  }

  const base = parsed.base
  const realBase = await realOrUndefined(base)
  if (realBase === undefined) return { files: [], skippedLinks }
  if (!within(realRoot, realBase)) {
    skip(base, realBase)
    return { files: [], skippedLinks }
  }
  const found = new Map<string, string>()
  const foundThroughLink = new Set<string>()
  const seenDirectories = new Set<string>()
  interface Directory {
    path: string
    real: string
    parts: string[]
    throughLink: boolean
  }
  // Directories reached directly first, those behind links after them: a file is listed
  // under its own path where it has one, and a link back into a walked tree adds nothing.
  const direct: Directory[] = [{ path: base, real: realBase, parts: [], throughLink: false }]
  const linked: Directory[] = []
  for (;;) {
    const directory = direct.pop() ?? linked.shift()
    if (directory === undefined) break
    if (seenDirectories.has(directory.real)) continue
    seenDirectories.add(directory.real)
    tick()
    let handle
    try {
      handle = await opendir(directory.path)
    } catch {
      continue // unreadable or gone: nothing to match there
    }
    const entries: Array<{ name: string; kind: 'file' | 'directory' | 'link' | 'other' }> = []
    for await (const entry of handle) {
      if (++visited > limits.entries) {
        throw new GlobLimitError(`'${pattern}' looked at ${limits.entries} directory entries (the limit) without finishing; ${narrow}`)
      }
      tick()
      const kind = entry.isFile() ? 'file' : entry.isDirectory() ? 'directory' : entry.isSymbolicLink() ? 'link' : 'other'
      entries.push({ name: entry.name, kind })
    }
    // pushed in reverse name order, so popped (walked) in name order
    entries.sort((a, b) => (a.name < b.name ? 1 : a.name > b.name ? -1 : 0))
    for (const entry of entries) {
      const path = join(directory.path, entry.name)
      const parts = [...directory.parts, entry.name]
      let real = join(directory.real, entry.name)
      let kind = entry.kind
      let throughLink = directory.throughLink
      if (kind === 'link') {
        const target = await realOrUndefined(path)
        if (target === undefined) continue // dangling
        if (!within(realRoot, target)) {
          skip(path, target)
          continue
        }
        const info = await stat(target).catch(() => undefined)
        kind = info?.isFile() ? 'file' : info?.isDirectory() ? 'directory' : 'other'
        real = target
        throughLink = true
      }
      if (kind === 'file') {
        const better = !found.has(real) || (foundThroughLink.has(real) && !throughLink)
        if (better && matches(parts.join('/')) && !ignored(path)) {
          found.set(real, path)
          if (throughLink) foundThroughLink.add(real)
          else foundThroughLink.delete(real)
        }
      } else if (kind === 'directory' && !seenDirectories.has(real) && mayHoldMatches(segments, parts)) {
        ;(throughLink ? linked : direct).push({ path, real, parts, throughLink })
      }
    }
  }
  const files = [...found].map(([real, path]) => ({ path, real, throughLink: foundThroughLink.has(real) }))
  return { files: files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)), skippedLinks }
}

function formatSeconds(milliseconds: number): string {
  return milliseconds >= 1000 && milliseconds % 1000 === 0 ? `${milliseconds / 1000} s` : `${milliseconds} ms`
}
