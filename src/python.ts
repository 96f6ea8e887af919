// The interpreter the default 'python' input means: the one a runner actually has. Linux and macOS
// runners have python3; Windows installs often have only python.exe, and the py launcher. An input
// given explicitly is used as it is.
import { statSync } from 'node:fs'
import { delimiter as posixDelimiter, posix, win32 } from 'node:path'

/** What the default input tries, in order. */
export const INTERPRETERS = ['python3', 'python', 'py'] as const

export interface SearchPath {
  /** PATH as the environment has it. */
  path: string | undefined
  /** PATHEXT on Windows (.COM;.EXE;…); undefined elsewhere. */
  pathExt: string | undefined
  platform: NodeJS.Platform
}

const isFile = (file: string): boolean => {
  try {
    return statSync(file).isFile()
  } catch {
    return false
  }
}

/** The first of `names` found on PATH (as a program name the OS would run), or undefined. */
export function findProgram(names: readonly string[], search: SearchPath, exists: (file: string) => boolean = isFile): string | undefined {
  const windows = search.platform === 'win32'
  const paths = windows ? win32 : posix
  const dirs = (search.path ?? '').split(windows ? ';' : posixDelimiter).filter(dir => dir !== '')
  const extensions = windows ? (search.pathExt ?? '.COM;.EXE;.BAT;.CMD').split(';').filter(e => e !== '') : ['']
  for (const name of names) {
    for (const dir of dirs) for (const extension of extensions) if (exists(paths.join(dir, `${name}${extension}`))) return name
  }
  return undefined
}

/** Why no interpreter was found, for the usage error: what was tried, where. */
export function noInterpreter(search: SearchPath): string {
  const dirs = (search.path ?? '').split(search.platform === 'win32' ? ';' : posixDelimiter).filter(dir => dir !== '').length
  return (
    `Input 'python' is not set, and none of ${INTERPRETERS.join(', ')} is on PATH (${dirs} ${dirs === 1 ? 'directory' : 'directories'} searched). ` +
    "Set 'python' to the interpreter that builds the project, e.g. actions/setup-python's output: python: ${{ steps.setup-python.outputs.python-path }}"
  )
}
