// Layouts real projects have, built for real through the bundled action (dist/index.js):
// towncrier's fragment folders beside the changelog file (changelog.d/, CHANGES/, docs/changelog/)
// and [tool.towncrier] filename; a check that meets an error it did not expect; and the release
// tags a shallow clone (actions/checkout's default) does not hold. Every run is repeated in the
// same workspace: a re-run ends the same way and leaves the published files as they were.
import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { cp, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { localRelease, releasedFiles, ROOT, runAction, workspaceWith, type ActionRun } from './helpers/action.js'

const PROJECTS = join(ROOT, '__tests__', 'fixtures', 'projects')

const inputs = localRelease

const errors = (run: ActionRun) => run.annotations.filter(a => a.level === 'error')

const published = releasedFiles

/** Runs the action, then runs it again in the same workspace: the same exit code, the published files untouched. */
async function runTwice(
  workspace: string,
  with_: Record<string, string>,
  env: Record<string, string> = {}
): Promise<{ first: ActionRun; files: Record<string, string> }> {
  const first = await runAction(workspace, with_, env)
  const files = await published(workspace)
  const again = await runAction(workspace, with_, env)
  expect({ code: again.code, files: await published(workspace) }).toEqual({ code: first.code, files })
  expect(again.stderr).not.toMatch(/^\s+at /m)
  return { first, files }
}

/** No raw stack trace, and the certify stage never stopped as a whole. */
function noCrash(run: ActionRun): void {
  expect(run.stderr).not.toMatch(/^\s+at /m)
  expect(run.stdout).not.toMatch(/^\s+at /m)
  expect(run.stdout).not.toMatch(/stopped on an unexpected error|EISDIR/)
}

describe('towncrier layouts: the changelog is a file, never the fragments folder beside it', () => {
  const layouts = [
    {
      fixture: 'towncrier-changes-dir',
      layout: 'CHANGES/ beside CHANGES.rst, named by [tool.towncrier] filename',
      changelog: 'sub/CHANGES.rst',
      heading: '0.8.0 (2026-11-20)',
      notes: 'Add the M4 shallow-water overtide to the default constituents. (#41)',
      files: ['tide-tables-0.8.0.tar.gz', 'tide_tables-0.8.0-py3-none-any.whl']
    },
    {
      fixture: 'towncrier-docs-dir',
      layout: 'docs/changelog/ beside docs/changelog.rst, towncrier.toml without filename',
      changelog: 'sub/docs/changelog.rst',
      heading: '2.3.0 (2026-11-18)',
      notes: 'Octavo imposition for sheets folded three times.',
      files: ['quire-2.3.0-py3-none-any.whl', 'quire-2.3.0.tar.gz']
    },
    {
      fixture: 'towncrier-news',
      layout: '[tool.towncrier] filename = "NEWS.rst" beside an older HISTORY.rst',
      changelog: 'sub/NEWS.rst',
      heading: 'Sundial 5.0.0 (2026-11-01)',
      notes: 'Hour lines for dials that are not aligned to true south.',
      files: ['sundial-5.0.0-py3-none-any.whl', 'sundial-5.0.0.tar.gz']
    }
  ]

  it.each(layouts)(
    '$fixture ($layout): certifies the entry, publishes, and a re-run changes nothing',
    async ({ fixture, changelog, heading, notes, files }) => {
      const { workspace } = await workspaceWith(join(PROJECTS, fixture))
      const { first, files: written } = await runTwice(workspace, inputs())
      noCrash(first)
      expect({ code: first.code, errors: errors(first) }).toEqual({ code: 0, errors: [] })
      expect(first.stdout).toContain(`docs: pass — readme, license, changelog, urls in order`)
      expect(first.summary).toContain(`changelog entry '${heading}' in ${changelog}`)
      expect(first.outputs['release-notes']).toContain(notes)
      expect(Object.keys(written)).toEqual([...files, 'SHA256SUMS'].sort())
    }
  )

  it('changelog.d/ beside CHANGELOG.md: fragments not yet built into the changelog fail, naming the command; once built, it publishes', async () => {
    const { workspace, project } = await workspaceWith(join(PROJECTS, 'towncrier-changelog-d'))
    const pending = await runTwice(workspace, inputs())
    noCrash(pending.first)
    expect(pending.first.code).toBe(1)
    expect(pending.files).toEqual({})
    expect(pending.first.outputs['certification']).toBe('FAIL')
    expect(errors(pending.first)).toEqual([
      expect.objectContaining({
        properties: expect.objectContaining({ file: 'sub/CHANGELOG.md', title: 'Documentation: changelog' }),
        message: 'sub/CHANGELOG.md has no entry for 1.1.0; 2 towncrier fragment(s) wait in sub/changelog.d: run towncrier build --version 1.1.0'
      })
    ])

    // what `towncrier build --version 1.1.0` does: the entry under the start string, the fragments gone
    const path = join(project, 'CHANGELOG.md')
    const entry =
      '## 1.1.0 (2026-11-25)\n\n### Features\n\n- Export a month of watches as CSV. ([#7](https://example.invalid/lantern-log/issues/7))\n\n' +
      '### Bugfixes\n\n- A watch past midnight is no longer logged on the previous day. ([#9](https://example.invalid/lantern-log/issues/9))\n\n'
    await writeFile(
      path,
      (await readFile(path, 'utf8')).replace('<!-- towncrier release notes start -->\n\n', `<!-- towncrier release notes start -->\n\n${entry}`)
    )
    await rm(join(project, 'changelog.d', '7.feature.md'))
    await rm(join(project, 'changelog.d', '9.bugfix.md'))
    const built = await runTwice(workspace, inputs())
    noCrash(built.first)
    expect({ code: built.first.code, errors: errors(built.first) }).toEqual({ code: 0, errors: [] })
    expect(built.first.outputs['release-notes']).toMatch(/^### Features\n\n- Export a month of watches as CSV\..*\n\n### Bugfixes\n\n- A watch past midnight/s)
    expect(Object.keys(built.files)).toEqual(['SHA256SUMS', 'lantern-log-1.1.0.tar.gz', 'lantern_log-1.1.0-py3-none-any.whl'])
  })

  it('[tool.towncrier] filename naming a folder, or nothing, is said in those words (optional: a warning; required: a failure)', async () => {
    const { workspace, project } = await workspaceWith(join(PROJECTS, 'towncrier-news'))
    const pyproject = join(project, 'pyproject.toml')
    await writeFile(pyproject, (await readFile(pyproject, 'utf8')).replace('filename = "NEWS.rst"', 'filename = "newsfragments"'))
    const optional = await runTwice(workspace, inputs())
    noCrash(optional.first)
    expect(optional.first.code).toBe(0)
    expect(optional.first.annotations.filter(a => a.properties['title']?.startsWith('Documentation: changelog'))).toEqual([
      expect.objectContaining({
        level: 'warning',
        properties: expect.objectContaining({ file: 'sub/pyproject.toml' }),
        message:
          '[tool.towncrier] filename in pyproject.toml names newsfragments, which is a directory, not a file; run towncrier build, or point filename at the changelog file'
      })
    ])

    const other = await workspaceWith(join(PROJECTS, 'towncrier-news'))
    const otherPyproject = join(other.project, 'pyproject.toml')
    await writeFile(otherPyproject, (await readFile(otherPyproject, 'utf8')).replace('filename = "NEWS.rst"', 'filename = "docs/NEWS.rst"'))
    const required = await runTwice(other.workspace, inputs({ 'docs-required': 'changelog' }))
    noCrash(required.first)
    expect(required.first.code).toBe(1)
    expect(required.files).toEqual({})
    expect(errors(required.first).map(e => e.message)).toEqual([
      "[tool.towncrier] filename in pyproject.toml names docs/NEWS.rst, which does not exist; run towncrier build, or point filename at the changelog file; it is required by input 'docs-required'"
    ])
  })
})

describe('an error inside one check is that check’s result; the others still run and the report is complete', () => {
  const JUNIT =
    '<testsuite name="pytest" tests="2" failures="0" errors="0" skipped="0"><testcase classname="t" name="a"/><testcase classname="t" name="b"/></testsuite>\n'

  /** A workspace whose changelog is a file that cannot be read (a link to /proc/self/mem: read() fails with EIO), with a JUnit report. */
  async function unreadableChangelog(fixture: string, changelog: string): Promise<string> {
    const { workspace, project } = await workspaceWith(join(PROJECTS, fixture))
    await rm(join(project, changelog))
    await symlink('/proc/self/mem', join(project, changelog))
    await writeFile(join(workspace, 'junit.xml'), JUNIT)
    return workspace
  }

  it.each([
    ['towncrier-changes-dir', 'CHANGES.rst'],
    ['towncrier-changelog-d', 'CHANGELOG.md']
  ])('%s: a required changelog that cannot be read fails the docs check, named, and nothing is published', async (fixture, changelog) => {
    const workspace = await unreadableChangelog(fixture, changelog)
    const { first, files } = await runTwice(workspace, inputs({ 'junit-xml': 'junit.xml', 'docs-required': 'changelog' }))
    noCrash(first)
    expect(first.code).toBe(1)
    expect(files).toEqual({})
    expect(first.outputs['certification']).toBe('FAIL')
    // every check ran and is in the report
    for (const line of [/^version: pass/m, /^tests: pass/m, /^coverage: skip/m, /^security: skip/m, /^docs: fail — changelog: /m])
      expect(first.stdout).toMatch(line)
    expect(errors(first)).toEqual([
      expect.objectContaining({
        properties: expect.objectContaining({ file: `sub/${changelog}`, title: 'Documentation: changelog' }),
        message: `sub/${changelog} could not be read: EIO: i/o error, read`
      })
    ])
    expect(first.summary).toMatch(/tests/)
    expect(first.stdout).not.toMatch(/^::group::Publish/m)
  })

  it('an optional changelog that cannot be read warns, naming it, and the other checks decide', async () => {
    const workspace = await unreadableChangelog('towncrier-changes-dir', 'CHANGES.rst')
    const { first, files } = await runTwice(workspace, inputs({ 'junit-xml': 'junit.xml' }))
    noCrash(first)
    expect({ code: first.code, errors: errors(first) }).toEqual({ code: 0, errors: [] })
    expect(first.outputs['certification']).toBe('PARTIAL')
    expect(first.annotations).toContainEqual(
      expect.objectContaining({
        level: 'warning',
        properties: expect.objectContaining({ file: 'sub/CHANGES.rst' }),
        message: 'sub/CHANGES.rst could not be read: EIO: i/o error, read'
      })
    )
    expect(Object.keys(files)).toEqual(['SHA256SUMS', 'tide-tables-0.8.0.tar.gz', 'tide_tables-0.8.0-py3-none-any.whl'])
  })
})

describe('a shallow clone (actions/checkout fetch-depth: 1) still compares the release with earlier release tags', () => {
  const git = (dir: string, ...args: string[]): string =>
    execFileSync(
      'git',
      ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', '-c', 'init.defaultBranch=main', '-c', 'advice.detachedHead=false', ...args],
      {
        cwd: dir,
        stdio: 'pipe'
      }
    )
      .toString()
      .trim()

  /** The remote: the project at the root, tags v1.0.0 and v2.0.0, then v1.5.0 and v2.1.0 on later commits of main. */
  async function remote(fixture: string): Promise<string> {
    const origin = await mkdtemp(join(tmpdir(), 'pra-origin-'))
    await cp(join(PROJECTS, fixture), origin, { recursive: true })
    await writeFile(join(origin, '.gitignore'), 'out/\n')
    git(origin, 'init', '-q')
    git(origin, 'add', '.')
    git(origin, 'commit', '-qm', 'first release')
    git(origin, 'tag', '-a', 'v1.0.0', '-m', '1.0.0')
    for (const [n, tag] of [
      [2, 'v2.0.0'],
      [3, 'v1.5.0'],
      [4, 'v2.1.0']
    ] as const) {
      await writeFile(join(origin, 'README.md'), `${await readFile(join(origin, 'README.md'), 'utf8')}\nChange ${n}.\n`)
      git(origin, 'commit', '-qam', `change ${n}`)
      git(origin, 'tag', tag)
    }
    return origin
  }

  /** What actions/checkout does on a tag push: one commit, the pushed tag, origin set. */
  async function shallowCheckout(origin: string, tag: string): Promise<string> {
    const workspace = await mkdtemp(join(tmpdir(), 'pra-shallow-ws-'))
    git(workspace, 'clone', '-q', '--depth', '1', '--branch', tag, `file://${origin}`, '.')
    expect(git(workspace, 'rev-parse', '--is-shallow-repository')).toBe('true')
    return workspace
  }

  const shallowInputs = inputs({ 'project-dir': '.' })
  const layouts = [
    // with the release manifest the local target keeps for the checkout's HEAD, the files' origin (issue 24)
    {
      fixture: 'scm-setuptools',
      files: (v: string, head: string) => [
        `scm-setuptools-${v}.tar.gz`,
        `scm_setuptools-${v}-py3-none-any.whl`,
        `release-manifest.scm_setuptools-${v}.${head.slice(0, 12)}.json`
      ]
    },
    {
      fixture: 'vcs-hatch',
      files: (v: string, head: string) => [
        `vcs_hatch-${v}-py3-none-any.whl`,
        `vcs_hatch-${v}.tar.gz`,
        `release-manifest.vcs_hatch-${v}.${head.slice(0, 12)}.json`
      ]
    }
  ]

  it.each(layouts)(
    '$fixture: v1.5.0 tagged after v2.0.0 fails as not newer, from the tags on the remote, publishing nothing; v2.1.0 publishes',
    async ({ fixture, files: names }) => {
      const origin = await remote(fixture)
      const older = await shallowCheckout(origin, 'v1.5.0')
      const refused = await runTwice(older, shallowInputs, { GITHUB_REF: 'refs/tags/v1.5.0' })
      expect(refused.first.code).toBe(1)
      expect(refused.files).toEqual({})
      expect(refused.first.outputs['certification']).toBe('FAIL')
      expect(errors(refused.first)).toEqual([
        expect.objectContaining({
          properties: expect.objectContaining({ title: 'Version not newer than earlier releases' }),
          message: expect.stringMatching(
            /^release 1\.5\.0 is not newer than the release tag\(s\) v2\.1\.0, v2\.0\.0 on remote 'origin' \(latest: v2\.1\.0\); bump the version\. .*fetch-depth: 0/
          )
        })
      ])

      const newer = await shallowCheckout(origin, 'v2.1.0')
      const { first, files } = await runTwice(newer, shallowInputs, { GITHUB_REF: 'refs/tags/v2.1.0' })
      expect({ code: first.code, errors: errors(first) }).toEqual({ code: 0, errors: [] })
      expect(first.outputs['version']).toBe('2.1.0')
      expect(first.annotations.filter(a => a.properties['title'] === 'Earlier releases not compared')).toEqual([])
      expect(Object.keys(files)).toEqual([...names('2.1.0', git(newer, 'rev-parse', 'HEAD').trim()), 'SHA256SUMS'].sort())
    }
  )

  it.each(layouts)('$fixture: a shallow clone whose remote cannot be reached gets a notice naming fetch-depth: 0', async ({ fixture, files: names }) => {
    const origin = await remote(fixture)
    const workspace = await shallowCheckout(origin, 'v1.5.0')
    git(workspace, 'remote', 'set-url', 'origin', `file://${origin}-moved`)
    const { first, files } = await runTwice(workspace, shallowInputs, { GITHUB_REF: 'refs/tags/v1.5.0' })
    expect({ code: first.code, errors: errors(first) }).toEqual({ code: 0, errors: [] })
    expect(first.annotations.filter(a => a.level === 'notice' && a.properties['title'] === 'Earlier releases not compared')).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(
          /^This is a shallow clone \(actions\/checkout's default fetch-depth: 1\) holding only v1\.5\.0, and its remote's tags could not be read \(git ls-remote --tags origin failed: fatal: .*-moved.*\), so release 1\.5\.0 was not compared with every earlier release tag; use actions\/checkout with fetch-depth: 0 to compare\.$/
        )
      })
    ])
    expect(Object.keys(files)).toEqual([...names('1.5.0', git(workspace, 'rev-parse', 'HEAD').trim()), 'SHA256SUMS'].sort())
  })
})
