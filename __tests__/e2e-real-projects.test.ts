// How real projects are laid out, built for real through the bundled action (dist/index.js) and run
// twice in one workspace, as a maintainer's release job and its re-run would (issue 24):
// - no pyproject.toml at all: setup.py only (six), or setup.cfg holding the metadata beside a setup.py
//   shim; python -m build builds them with setuptools' legacy backend, and so must the action;
// - a package in a monorepo whose changelog (and license) sit at the repository root;
// - Metadata 2.4 with `Dynamic: license-file`, as setuptools >= 77 writes it (an in-tree backend makes
//   Debian's setuptools 66 write it): the license the built files carry is judged, never "not read".
import { describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readArchive } from '../src/build/archive.js'
import { localRelease, PYTHON, releasedFiles, ROOT, runAction, workspaceWith, type ActionRun } from './helpers/action.js'
import { shownText } from './helpers/markdown.js'

const PROJECTS = join(ROOT, '__tests__', 'fixtures', 'projects')

const errors = (run: ActionRun) => run.annotations.filter(a => a.level === 'error')
const warnings = (run: ActionRun) => run.annotations.filter(a => a.level === 'warning')
const titled = (run: ActionRun, prefix: string) => run.annotations.filter(a => (a.properties['title'] ?? '').startsWith(prefix))

/** Runs the action, then again in the same workspace: the same exit code, the same annotations, the published files untouched. */
async function runTwice(
  workspace: string,
  with_: Record<string, string>,
  env: Record<string, string> = {}
): Promise<{ first: ActionRun; files: Record<string, string> }> {
  const first = await runAction(workspace, with_, env)
  const files = await releasedFiles(workspace)
  const again = await runAction(workspace, with_, env)
  expect({ code: again.code, files: await releasedFiles(workspace), errors: errors(again) }).toEqual({ code: first.code, files, errors: errors(first) })
  for (const run of [first, again]) {
    expect(run.stderr).not.toMatch(/^\s+at /m)
    expect(run.stdout).not.toMatch(/stopped on an unexpected error/)
  }
  return { first, files }
}

/** What a bare `python -m build --no-isolation` makes of the project: each file's name, members and core metadata. */
async function bareBuild(project: string): Promise<Record<string, { members: string[]; metadata: string }>> {
  const copy = await mkdtemp(join(tmpdir(), 'pra-bare-'))
  await cp(project, copy, { recursive: true })
  const out = join(copy, 'bare-dist')
  execFileSync(PYTHON, ['-m', 'build', '--no-isolation', '--skip-dependency-check', '--outdir', out, copy], { stdio: 'pipe' })
  return describeFiles(out)
}

async function describeFiles(dir: string): Promise<Record<string, { members: string[]; metadata: string }>> {
  const found: Record<string, { members: string[]; metadata: string }> = {}
  for (const name of (await readdir(dir)).filter(n => n.endsWith('.whl') || n.endsWith('.tar.gz')).sort()) {
    const { members } = await readArchive(join(dir, name))
    const metadata = members.find(m => /^[^/]+\/PKG-INFO$/.test(m.name) || /\.dist-info\/METADATA$/.test(m.name))
    found[name] = {
      members: members.map(m => m.name).sort(),
      metadata: metadata ? execFileSync(PYTHON, ['-c', READ_MEMBER, join(dir, name), metadata.name]).toString() : ''
    }
  }
  return found
}

const READ_MEMBER = `
import sys, tarfile, zipfile
path, member = sys.argv[1], sys.argv[2]
if path.endswith('.whl'):
    sys.stdout.write(zipfile.ZipFile(path).read(member).decode())
else:
    sys.stdout.write(tarfile.open(path).extractfile(member).read().decode())
`

describe('no pyproject.toml: built as python -m build builds it (setuptools.build_meta:__legacy__)', () => {
  const projects = [
    {
      fixture: 'setup-py-only',
      layout: 'setup.py only, like six',
      tag: 'v1.4.0',
      version: '1.4.0',
      files: ['signal-flags-1.4.0.tar.gz', 'signal_flags-1.4.0-py2.py3-none-any.whl'],
      changelog: "changelog entry '1.4.0' in sub/CHANGES",
      notes: 'The flag O means man overboard.'
    },
    {
      fixture: 'setup-cfg-only',
      layout: 'setup.cfg [metadata] with a setup.py shim',
      tag: 'v2.2.0',
      version: '2.2.0',
      files: ['harbor-tides-2.2.0.tar.gz', 'harbor_tides-2.2.0-py3-none-any.whl'],
      changelog: "changelog entry '[2.2.0] - 2026-11-28' in sub/CHANGELOG.md",
      notes: 'Tide windows for harbours with a sill.'
    }
  ]

  it.each(projects)(
    '$fixture ($layout): certifies, publishes what a bare build makes, and a re-run changes nothing',
    async ({ fixture, tag, version, files: names, changelog, notes }) => {
      const { workspace, project } = await workspaceWith(join(PROJECTS, fixture))
      const bare = await bareBuild(project)
      const { first, files } = await runTwice(workspace, localRelease(), { GITHUB_REF: `refs/tags/${tag}` })
      expect({ code: first.code, errors: errors(first) }).toEqual({ code: 0, errors: [] })
      expect(first.stdout).not.toMatch(/Input 'project-dir'/)
      expect(first.outputs['version']).toBe(version)
      expect(first.outputs['certification']).not.toBe('FAIL')
      // readme, license and urls from the built metadata; the changelog found by name in the project
      expect(titled(first, 'Documentation')).toEqual([])
      expect(first.stdout).toMatch(/^version: pass — 1\.\d\.0|^version: pass — 2\.2\.0/m)
      expect(shownText(first.summary)).toContain(changelog)
      expect(first.outputs['release-notes']).toContain(notes)
      expect(Object.keys(files)).toEqual([...names, 'SHA256SUMS'].sort())
      // the same files a bare python -m build makes: names, members, core metadata
      expect(await describeFiles(join(workspace, 'out', 'release'))).toEqual(bare)
    }
  )

  it('setup-py-only without a tag: the version the built files carry decides, and the changelog entry is checked after the build', async () => {
    const { workspace } = await workspaceWith(join(PROJECTS, 'setup-py-only'))
    const { first, files } = await runTwice(workspace, localRelease())
    expect({ code: first.code, errors: errors(first) }).toEqual({ code: 0, errors: [] })
    expect(first.outputs['version']).toBe('1.4.0')
    expect(first.stdout).toMatch(/^version: pass — there is no pyproject\.toml .*setup\.py derives it when the build runs/m)
    expect(titled(first, 'Documentation')).toEqual([])
    expect(first.summary).toContain("changelog entry '1.4.0' in sub/CHANGES")
    expect(first.outputs['release-notes']).toBe('- The flag O means man overboard.')
    expect(Object.keys(files)).toEqual(['SHA256SUMS', 'signal-flags-1.4.0.tar.gz', 'signal_flags-1.4.0-py2.py3-none-any.whl'])
  })

  it.each(projects)('$fixture: certify alone reads the project without pyproject.toml and passes', async ({ fixture, tag }) => {
    const { workspace } = await workspaceWith(join(PROJECTS, fixture))
    const { first } = await runTwice(workspace, localRelease({ stages: 'certify' }), { GITHUB_REF: `refs/tags/${tag}` })
    expect({ code: first.code, errors: errors(first) }).toEqual({ code: 0, errors: [] })
    expect(first.outputs['certification']).not.toBe('FAIL')
    expect(titled(first, 'Documentation: changelog')).toEqual([])
    expect(first.stdout).not.toMatch(/pyproject\.toml declares no readme|no \[project\.urls\]/)
  })
})

describe('a package in a monorepo: the changelog and license are looked for up to the repository root', () => {
  const git = (dir: string, ...args: string[]): void => {
    execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', '-c', 'init.defaultBranch=main', ...args], { cwd: dir, stdio: 'pipe' })
  }
  const monorepo = async (withGit: boolean): Promise<string> => {
    const { workspace } = await workspaceWith(join(PROJECTS, 'monorepo-root-changelog'), '')
    if (withGit) {
      await writeFile(join(workspace, '.gitignore'), 'out/\n')
      git(workspace, 'init', '-q')
      git(workspace, 'add', '.')
      git(workspace, 'commit', '-qm', 'lamp-post 0.3.0')
    }
    return workspace
  }
  const inputs = (more: Record<string, string> = {}) => localRelease({ 'project-dir': 'packages/lamp-post', ...more })

  it.each([
    ['the git top-level', true],
    ['the workspace (no git)', false]
  ])('root = %s: the root CHANGELOG.md entry is certified and becomes the release notes; a re-run changes nothing', async (_, withGit) => {
    const workspace = await monorepo(withGit)
    const { first, files } = await runTwice(workspace, inputs())
    expect({ code: first.code, errors: errors(first), warnings: warnings(first) }).toEqual({ code: 0, errors: [], warnings: [] })
    expect(first.outputs['certification']).not.toBe('FAIL')
    expect(first.summary).toContain("changelog entry 'lamp-post 0.3.0 (2026-11-30)' in CHANGELOG.md")
    expect(first.outputs['release-notes']).toBe('- Dusk sensor thresholds per street.')
    // from a clean git checkout, with the release manifest of its HEAD (the files' recorded origin, publish/origin.ts)
    const record = withGit ? [expect.stringMatching(/^release-manifest\.lamp_post-0\.3\.0\.[0-9a-f]{12}\.json$/)] : []
    expect(Object.keys(files)).toEqual(['SHA256SUMS', 'lamp_post-0.3.0-py3-none-any.whl', 'lamp_post-0.3.0.tar.gz', ...record])
  })

  it("the entry missing from the root changelog fails with the root file's path (docs-required: changelog)", async () => {
    const workspace = await monorepo(true)
    await writeFile(join(workspace, 'CHANGELOG.md'), '# Changelog\n\n## lamp-post 0.2.0 (2026-10-11)\n\n- First release.\n')
    const { first, files } = await runTwice(workspace, inputs({ 'docs-required': 'changelog' }))
    expect(first.code).toBe(1)
    expect(files).toEqual({})
    expect(errors(first)).toEqual([
      expect.objectContaining({
        properties: expect.objectContaining({ file: 'CHANGELOG.md', title: 'Documentation: changelog' }),
        message: 'CHANGELOG.md has no entry for 0.3.0'
      })
    ])
  })

  it('certify alone: a license file only at the repository root is found there', async () => {
    const workspace = await monorepo(true)
    await rm(join(workspace, 'packages', 'lamp-post', 'LICENSE'))
    const { first } = await runTwice(workspace, inputs({ stages: 'certify', 'docs-required': 'readme,license,changelog' }))
    expect({ code: first.code, errors: errors(first) }).toEqual({ code: 0, errors: [] })
    expect(titled(first, 'Documentation')).toEqual([])
    expect(first.summary).toMatch(/license LICENSE \(repository root\)/)
  })
})

describe('Metadata 2.4 with Dynamic: license-file (setuptools >= 77)', () => {
  it('the license the built files carry is judged, not "not read"; publishes, and a re-run changes nothing', async () => {
    const { workspace } = await workspaceWith(join(PROJECTS, 'metadata24-dynamic-license'))
    const { first, files } = await runTwice(workspace, localRelease())
    // the one warning is setuptools 66's: it keeps the dashes of the sdist's name (69.3 and later normalize it)
    expect({ code: first.code, errors: errors(first), warnings: warnings(first).map(w => w.message) }).toEqual({
      code: 0,
      errors: [],
      warnings: ['ledger-lines-3.1.0.tar.gz: the name in an sdist filename should be normalized (PEP 625): ledger_lines-3.1.0.tar.gz']
    })
    expect(first.outputs['certification']).not.toBe('FAIL')
    expect(first.stdout).toMatch(/^docs: pass — readme, license, changelog, urls in order/m)
    expect(first.summary).toMatch(/License-File LICENSE/)
    expect(Object.keys(files)).toEqual(['SHA256SUMS', 'ledger-lines-3.1.0.tar.gz', 'ledger_lines-3.1.0-py3-none-any.whl'])
    // the fixture is what it stands for: both files say Metadata 2.4 and Dynamic: license-file
    for (const file of Object.values(await describeFiles(join(workspace, 'out', 'release')))) {
      expect(file.metadata).toMatch(/^Metadata-Version: 2\.4$/m)
      expect(file.metadata).toMatch(/^License-File: LICENSE$/m)
      expect(file.metadata).toMatch(/^Dynamic: license-file$/m)
    }
  })
})
