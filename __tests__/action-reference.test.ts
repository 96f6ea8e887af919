// One reference to this action everywhere a user copies it from (issue 18): README and every example say
// `python-release-action/python-release-action@v<major>`, the major of package.json's version, which the
// release workflow tags and moves; CHANGELOG.md has the section the release notes are taken from.
import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ROOT } from './helpers/action.js'

const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8')
const version = (JSON.parse(read('package.json')) as { version: string }).version
const references = (text: string): string[] => [...text.matchAll(/python-release-action\/python-release-action@([^\s`'"]+)/g)].map(m => m[0])

describe("the action's reference", () => {
  it('is the same, at the major of package.json, in README and every example', () => {
    const expected = `python-release-action/python-release-action@v${version.split('.')[0]}`
    const files = ['README.md', ...readdirSync(join(ROOT, 'examples', 'workflows')).map(name => join('examples', 'workflows', name))]
    const found = files.flatMap(file => references(read(file)).map(reference => ({ file, reference })))
    expect(found.length).toBeGreaterThan(files.length - 1)
    expect(found.filter(f => f.reference !== expected)).toEqual([])
  })

  it("has a CHANGELOG section for package.json's version", () => {
    expect(read('CHANGELOG.md')).toMatch(new RegExp(`^## \\[${version.replace(/\./g, '\\.')}\\]`, 'm'))
  })
})
