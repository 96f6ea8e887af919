// dist/ is committed: it must be exactly what `npm run package` builds from the sources.
import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'

const root = join(import.meta.dirname, '..')

function files(dir: string): string[] {
  return readdirSync(dir).flatMap(entry => {
    const path = join(dir, entry)
    return statSync(path).isDirectory() ? files(path) : [path]
  })
}

describe('dist/', () => {
  it('is current: rebuilding the bundle changes nothing (run `npm run package` and commit dist/)', () => {
    const fresh = mkdtempSync(join(tmpdir(), 'pra-dist-'))
    execFileSync(process.execPath, [join(root, 'scripts', 'package.mjs'), fresh], { cwd: root, stdio: 'pipe' })
    const dist = join(root, 'dist')
    const list = (dir: string): string[] =>
      files(dir)
        .map(f => relative(dir, f))
        .sort()
    expect(list(dist)).toEqual(list(fresh))
    const stale = list(fresh).filter(name => !readFileSync(join(fresh, name)).equals(readFileSync(join(dist, name))))
    // Name the first line that differs in each stale file, so a failure says what changed.
    const firstDifference = (name: string): string => {
      const a = readFileSync(join(dist, name), 'utf8').split('\n')
      const b = readFileSync(join(fresh, name), 'utf8').split('\n')
      const line = a.findIndex((text, i) => text !== b[i])
      const at = line === -1 ? a.length : line
      return `${name}:${at + 1}: committed ${JSON.stringify(a[at]?.slice(0, 120))}, rebuilt ${JSON.stringify(b[at]?.slice(0, 120))}`
    }
    expect(stale.map(firstDifference)).toEqual([])
  })
})
