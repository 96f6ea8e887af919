// Paths as the user reads them: relative to the repository root (GITHUB_WORKSPACE) with
// forward slashes, which is what annotations and step outputs want on every OS.
import * as nodePath from 'node:path'

/** The path functions of one OS: node:path here; tests hand in path.win32 to check Windows paths on any OS. */
export type PathModule = Pick<typeof nodePath, 'isAbsolute' | 'relative' | 'resolve' | 'join' | 'sep'>

/** `to` relative to `from`, with forward slashes. */
export function relativePosix(from: string, to: string, paths: PathModule = nodePath): string {
  return paths.relative(from, to).split(paths.sep).join('/')
}

/** Whether `path` lies strictly inside `dir`. */
export function isInside(dir: string, path: string, paths: PathModule = nodePath): boolean {
  const rel = paths.relative(dir, path)
  return rel !== '' && rel.split(paths.sep)[0] !== '..' && !paths.isAbsolute(rel)
}

/** A file as messages name it: relative to the workspace when inside it, else absolute. */
export function displayPath(file: string, workspace: string): string {
  return isInside(workspace, file) ? relativePosix(workspace, file) : file
}

/** The annotation path of a file: relative to the workspace, or undefined outside it. */
export function annotationPath(file: string, workspace: string): string | undefined {
  return annotationPathWith(file, workspace, nodePath)
}

/** annotationPath with another OS's path rules (tests check Windows paths on every OS). */
export function annotationPathWith(file: string, workspace: string, paths: PathModule): string | undefined {
  return isInside(workspace, file, paths) ? relativePosix(workspace, file, paths) : undefined
}
