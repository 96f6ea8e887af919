// Mapping the paths a report names onto files in the repository. Reports name files
// relative to where the tool ran (the project directory or the repository root) or
// absolutely, often on another machine or in a container (/builds/org/repo/...);
// only files that exist in this checkout count.
import { statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { isInside, relativePosix } from '../workspace-paths.js'

/** Path components that mark an installed or standard-library file, never the project's own code. */
function isForeign(parts: string[]): boolean {
  return parts.some(
    (part, i) => part === 'site-packages' || part === 'dist-packages' || (part.toLowerCase() === 'lib' && /^python\d/i.test(parts[i + 1] ?? ''))
  )
}

export class RepositoryPaths {
  private readonly isFileCache = new Map<string, boolean>()
  private readonly locateCache = new Map<string, string | undefined>()

  constructor(
    readonly workspace: string,
    readonly projectDir: string
  ) {}

  /**
   * The absolute path of the repository file that `reportPath` names, or undefined.
   * A relative path is tried against the project directory, then the workspace; an
   * absolute one as it is when it lies inside the workspace. Failing that, the
   * longest trailing part of the path that names a file under the project directory
   * (preferred) or the workspace wins, so /builds/other/repo/tests/test_x.py finds
   * tests/test_x.py.
   */
  locate(reportPath: string): string | undefined {
    if (this.locateCache.has(reportPath)) return this.locateCache.get(reportPath)
    const found = this.search(reportPath)
    this.locateCache.set(reportPath, found)
    return found
  }

  /** The path relative to the workspace with forward slashes, as annotations want it. */
  relative(absolute: string): string {
    return relativePosix(this.workspace, absolute)
  }

  /** Whether an absolute path lies inside the project directory. */
  inProject(absolute: string): boolean {
    return isInside(this.projectDir, absolute)
  }

  private search(reportPath: string): string | undefined {
    const text = reportPath.trim().replace(/\\/g, '/')
    if (text === '' || text.startsWith('<')) return undefined // <string>, <frozen ...>
    const drive = /^[A-Za-z]:\//.test(text)
    const absolute = drive || text.startsWith('/')
    const parts = text.split('/').filter(part => part !== '' && part !== '.')
    if (drive) parts.shift()
    if (parts.length === 0 || isForeign(parts)) return undefined

    if (absolute && !drive && this.isRepositoryFile(resolve(text))) return resolve(text)
    if (!absolute) {
      for (const base of [this.projectDir, this.workspace]) {
        const candidate = resolve(base, text)
        if (this.isRepositoryFile(candidate)) return candidate
      }
    }
    // Trailing parts only make sense without '..' in them.
    if (parts.includes('..')) return undefined
    for (let start = absolute ? 0 : 1; start < parts.length; start++) {
      const suffix = parts.slice(start).join('/')
      for (const base of [this.projectDir, this.workspace]) {
        const candidate = join(base, suffix)
        if (this.isRepositoryFile(candidate)) return candidate
      }
    }
    return undefined
  }

  private isRepositoryFile(candidate: string): boolean {
    if (!isInside(this.workspace, candidate)) return false
    let isFile = this.isFileCache.get(candidate)
    if (isFile === undefined) {
      try {
        isFile = statSync(candidate).isFile()
      } catch {
        isFile = false
      }
      this.isFileCache.set(candidate, isFile)
    }
    return isFile
  }
}
