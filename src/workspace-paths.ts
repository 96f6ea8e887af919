// Paths as the user reads them: relative to the repository root (GITHUB_WORKSPACE) with
// forward slashes, which is what annotations and step outputs want on every OS.
import { isAbsolute, relative, sep } from 'node:path'

/** `to` relative to `from`, with forward slashes. */
export function relativePosix(from: string, to: string): string {
  return relative(from, to).split(sep).join('/')
}

/** Whether `path` lies strictly inside `dir`. */
export function isInside(dir: string, path: string): boolean {
  const rel = relative(dir, path)
  return rel !== '' && rel.split(sep)[0] !== '..' && !isAbsolute(rel)
}

/** A file as messages name it: relative to the workspace when inside it, else absolute. */
export function displayPath(file: string, workspace: string): string {
  return isInside(workspace, file) ? relativePosix(workspace, file) : file
}

/** The annotation path of a file: relative to the workspace, or undefined outside it. */
export function annotationPath(file: string, workspace: string): string | undefined {
  return isInside(workspace, file) ? relativePosix(workspace, file) : undefined
}
