// The default 'python' input finds the interpreter a runner has (issue 18): python3 on Linux and macOS,
// python.exe on a Windows install without python3, else the py launcher; the error says what it tried.
// Windows is simulated with path.win32 and an injected file check, so it runs on every OS.
import { describe, expect, it } from '@jest/globals'
import { mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { findProgram, INTERPRETERS, noInterpreter } from '../src/python.js'
import { ROOT, runAction, workspaceWith } from './helpers/action.js'

/** A file check over these files; Windows' file names are case-insensitive (PATHEXT says .EXE, the file is .exe). */
const having =
  (...files: string[]) =>
  (file: string): boolean =>
    files.some(one => one.toLowerCase() === file.toLowerCase())

describe("the default 'python' input", () => {
  it('is python3 where PATH has one', () => {
    const search = { path: '/opt/hostedtoolcache/Python/3.12.1/x64/bin:/usr/bin', pathExt: undefined, platform: 'linux' as const }
    expect(findProgram(INTERPRETERS, search, having('/usr/bin/python3', '/usr/bin/python'))).toBe('python3')
  })

  it('is python.exe, then the py launcher, on Windows (PATHEXT, backslashes, a drive letter and spaces in the path)', () => {
    const search = {
      path: 'C:\\hostedtoolcache\\windows\\Python\\3.12.1\\x64;C:\\Program Files\\Git\\bin;C:\\Windows',
      pathExt: '.COM;.EXE;.BAT',
      platform: 'win32' as const
    }
    expect(findProgram(INTERPRETERS, search, having('C:\\hostedtoolcache\\windows\\Python\\3.12.1\\x64\\python.exe', 'C:\\Windows\\py.exe'))).toBe('python')
    expect(findProgram(INTERPRETERS, search, having('C:\\Windows\\py.exe'))).toBe('py')
    expect(findProgram(INTERPRETERS, search, having('C:\\Program Files\\Git\\bin\\python3.bat'))).toBe('python3')
    expect(findProgram(INTERPRETERS, search, having())).toBeUndefined()
  })

  it('names what it tried when there is none', () => {
    expect(noInterpreter({ path: '/a:/b', pathExt: undefined, platform: 'linux' })).toMatch(
      /^Input 'python' is not set, and none of python3, python, py is on PATH \(2 directories searched\)\. Set 'python' to the interpreter/
    )
  })

  it('a build job on a runner without Python stops before any stage with that error, naming the input', async () => {
    const { workspace } = await workspaceWith(join(ROOT, 'examples', 'sample-project'))
    const empty = await mkdtemp(join(tmpdir(), 'pra-no-python-'))
    const run = await runAction(workspace, { 'project-dir': 'sub', stages: 'build', targets: 'local' }, { PATH: empty })
    expect(run.code).toBe(1)
    const error = run.annotations.find(a => a.level === 'error')
    expect(error?.properties['title']).toBe("Invalid input 'python'")
    expect(error?.message).toMatch(/none of python3, python, py is on PATH \(1 directory searched\)/)
  })
})
