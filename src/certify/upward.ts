// Where a project's changelog and license may be kept: in a monorepo (packages/foo), the repository
// root often holds them for every package. They are looked for from the project folder up to the
// repository root, nearest first.
import { stat } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'

/**
 * The project folder, then each folder above it up to the repository root: the nearest folder that
 * holds `.git` (git's top-level, found without starting git: a directory, or the file a worktree or
 * submodule has), else the workspace. A project outside both is looked for in its own folder only.
 */
export async function foldersUpToRoot(projectDir: string, workspace: string): Promise<string[]> {
  const top = resolve(workspace)
  const folders: string[] = []
  for (let dir = resolve(projectDir); ; dir = dirname(dir)) {
    folders.push(dir)
    if (dir === top || (await isRepository(dir))) return folders
    if (dirname(dir) === dir) return [resolve(projectDir)]
  }
}

const isRepository = (dir: string): Promise<boolean> =>
  stat(join(dir, '.git')).then(
    () => true,
    () => false
  )

/** Where a file found by foldersUpToRoot is, for messages: '' in the project folder, else "(repository root)" or "(above the project)". */
export function whereFound(folder: string, folders: string[]): string {
  if (folder === folders[0]) return ''
  return folder === folders[folders.length - 1] ? ' (repository root)' : ' (above the project)'
}
