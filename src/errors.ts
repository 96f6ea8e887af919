// An unexpected error as one line a user can act on: what failed and on which path, never a stack trace
// (the stack goes to the debug log).

const ERRNO_MEANING: Record<string, string> = {
  ENOENT: 'does not exist',
  ENOTDIR: 'a part of the path is a file, not a directory',
  EISDIR: 'is a directory, not a file',
  ELOOP: 'has a symbolic link loop',
  ENAMETOOLONG: 'is too long a path',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'no space left on the device',
  EROFS: 'is on a read-only file system',
  EEXIST: 'already exists',
  EMFILE: 'too many open files',
  EIO: 'input/output error'
}

export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error)
  const { code, path, syscall } = error as NodeJS.ErrnoException
  if (typeof code === 'string' && typeof path === 'string' && ERRNO_MEANING[code]) {
    return `${syscall ? `${syscall} ` : ''}'${path}': ${ERRNO_MEANING[code]} (${code})`
  }
  return error.message || error.name
}
