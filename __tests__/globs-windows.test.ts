// Report patterns and paths written Windows-style (issue 18): `reports\junit.xml`,
// `${{ github.workspace }}\reports\*.xml`, drive letters and a workspace path with spaces. The path logic
// takes path.win32 here, so Windows' rules are checked on every OS the suite runs on.
import { describe, expect, it } from '@jest/globals'
import { win32 } from 'node:path'
import { patternProblem } from '../src/certify/globs.js'
import { annotationPathWith, isInside, relativePosix } from '../src/workspace-paths.js'

const workspace = 'C:\\a\\my repo\\my repo'
const scope = { cwd: workspace, root: workspace }

describe('Windows-style report patterns', () => {
  it.each([
    ['reports\\junit.xml'],
    ['reports\\*.xml'],
    ['reports\\**\\coverage*.xml'],
    [`${workspace}\\reports\\*.xml`],
    ['c:\\A\\MY REPO\\my repo\\reports\\*.xml'],
    ['C:/a/my repo/my repo/reports/*.xml'],
    ['D:\\elsewhere\\junit.xml']
  ])('%s can be matched (a path without wildcards may name any file)', pattern => {
    expect(patternProblem(pattern, scope, win32)).toBeUndefined()
  })

  it('refuses wildcards outside the workspace: another drive, or climbing out', () => {
    expect(patternProblem('D:\\reports\\*.xml', scope, win32)).toMatch(
      /^'D:\\reports\\\*\.xml' would search D:\\reports, outside the workspace \(C:\\a\\my repo\\my repo\)/
    )
    expect(patternProblem('..\\..\\*.xml', scope, win32)).toMatch(/would search C:\\a, outside the workspace/)
    expect(patternProblem('reports\\**\\..\\*.xml', scope, win32)).toMatch(/has '\.\.' after a wildcard/)
  })

  it('gives annotation paths relative to the workspace with forward slashes, and none for another drive', () => {
    expect(relativePosix(workspace, `${workspace}\\reports\\junit.xml`, win32)).toBe('reports/junit.xml')
    expect(isInside(workspace, 'c:\\a\\MY REPO\\my repo\\src\\pkg\\mod.py', win32)).toBe(true)
    expect(isInside(workspace, 'D:\\a\\my repo\\my repo\\src\\mod.py', win32)).toBe(false)
    expect(annotationPathWith(`${workspace}\\src\\pkg\\mod.py`, workspace, win32)).toBe('src/pkg/mod.py')
    expect(annotationPathWith('D:\\tmp\\x.py', workspace, win32)).toBeUndefined()
  })
})
