// End to end through the bundle, as the runner runs it: real pytest reports, real builds, a real directory.
import { beforeAll, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, readFile, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PYTHON, ROOT, run, runAction, runPytest, workspaceWith, type ActionRun } from './helpers/action.js'

const SAMPLE = join(ROOT, 'examples', 'sample-project')
const SETUPTOOLS = join(ROOT, '__tests__', 'fixtures', 'projects', 'setuptools-basic')

const sha256 = async (path: string): Promise<string> =>
  createHash('sha256')
    .update(await readFile(path))
    .digest('hex')

const releaseInputs = (releaseDir: string): Record<string, string> => ({
  'project-dir': 'sub',
  targets: 'local',
  'local-dir': releaseDir,
  python: PYTHON,
  'build-isolation': 'false',
  'junit-xml': 'sub/reports/junit.xml',
  'coverage-report': 'sub/reports/coverage.xml',
  'min-coverage': '80',
  'min-branch-coverage': '50',
  'security-scan': 'bandit'
})

async function snapshot(dir: string): Promise<Record<string, { mtimeMs: number; sha256: string }>> {
  const entries: Record<string, { mtimeMs: number; sha256: string }> = {}
  for (const name of (await readdir(dir)).sort()) {
    entries[name] = { mtimeMs: (await stat(join(dir, name))).mtimeMs, sha256: await sha256(join(dir, name)) }
  }
  return entries
}

describe('a release of the example project to a local directory', () => {
  let workspace: string
  let releaseDir: string
  let first: ActionRun

  beforeAll(async () => {
    const copy = await workspaceWith(SAMPLE)
    workspace = copy.workspace
    await runPytest(copy.project, 'sample_greeter')
    releaseDir = join(workspace, 'out', 'release')
    first = await runAction(workspace, releaseInputs('out/release'))
  })

  it('certifies, builds and publishes, exiting 0', () => {
    expect({ code: first.code, errors: first.annotations.filter(a => a.level === 'error') }).toEqual({ code: 0, errors: [] })
    expect(first.stdout).toMatch(/^::group::Certify sample-greeter 0\.3\.1$/m)
    expect(first.stdout).toMatch(/^::group::Build/m)
    expect(first.stdout).toMatch(/^::group::Preflight local$/m)
    expect(first.stdout).toMatch(/^::group::Publish local$/m)
  })

  it('a GITHUB_OUTPUT that names no file: an error saying so, not a crash; the summary still written, and a path holding a command stays text', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pra-runner-files-'))
    const missing = join(dir, 'gone\n::add-mask::python-release', 'output')
    const summary = join(dir, 'summary')
    await writeFile(summary, '')
    const broken = await runAction(workspace, { ...releaseInputs('unused'), stages: 'certify' }, { GITHUB_OUTPUT: missing, GITHUB_STEP_SUMMARY: summary })
    expect(broken.code).toBe(1)
    expect(broken.stdout).not.toMatch(/^\s+at /m)
    expect(broken.stdout + broken.stderr).not.toMatch(/^::add-mask::/m)
    const error = broken.annotations.find(a => a.properties['title'] === 'Could not write the step outputs')
    expect(error?.level).toBe('error')
    expect(error?.message).toMatch(/^The step outputs could not be written \(GITHUB_OUTPUT\): Missing file at path: [^]*gone[^]*; the release ran \(certify ok/)
    expect(await readFile(summary, 'utf8')).toContain('### ✅ Certification: PASS')

    // the summary's file missing: a warning; the outputs are written and the step passes
    const output = join(dir, 'output')
    await writeFile(output, '')
    const noSummary = await runAction(
      workspace,
      { ...releaseInputs('unused'), stages: 'certify' },
      { GITHUB_OUTPUT: output, GITHUB_STEP_SUMMARY: join(dir, 'none', 'summary') }
    )
    expect(noSummary.code).toBe(0)
    expect(noSummary.annotations.filter(a => a.properties['title'] === 'Could not write the job summary').map(a => a.level)).toEqual(['warning'])
    expect(await readFile(output, 'utf8')).toContain('certification<<')
  })

  it('a RUNNER_TEMP that does not exist yet is made (a cleaned self-hosted runner): bandit and the build run in it', async () => {
    const temp = join(await mkdtemp(join(tmpdir(), 'pra-runner-temp-')), 'not', 'yet')
    const built = await runAction(workspace, { ...releaseInputs('unused'), stages: 'certify,build', 'upload-artifact': 'false' }, { RUNNER_TEMP: temp })
    expect({ code: built.code, errors: built.annotations.filter(a => a.level === 'error').map(a => a.message) }).toEqual({ code: 0, errors: [] })
    // bandit's report directory is removed once read; the build's stays for later steps
    expect(built.outputs['certification']).toBe('PASS')
    expect(built.stdout).toMatch(/no findings from bandit/)
    expect(await readdir(temp)).toEqual([expect.stringMatching(/^python-release-/)])
  })

  it('writes the step outputs', async () => {
    const { outputs } = first
    expect(outputs['certification']).toBe('PASS')
    expect(outputs['version']).toBe('0.3.1')
    expect(Number(outputs['pass-rate'])).toBe(100)
    expect(outputs['pass-rate']).toBe('100.00')
    expect(Number(outputs['coverage'])).toBeGreaterThanOrEqual(80)
    expect(outputs['coverage']).toMatch(/^\d+\.\d\d$/)
    expect(Number(outputs['branch-coverage'])).toBeGreaterThanOrEqual(50)
    expect(outputs['branch-coverage']).toMatch(/^\d+\.\d\d$/)
    // the example's CHANGELOG.md entry for 0.3.1
    expect(outputs['release-notes']).toBe('### Fixed\n- `greet()` strips surrounding whitespace from the name before greeting.')
    const artifacts = JSON.parse(outputs['artifacts'] as string) as Array<Record<string, unknown>>
    expect(artifacts.map(a => [a['filename'], a['format']])).toEqual([
      ['sample_greeter-0.3.1.tar.gz', 'sdist'],
      ['sample_greeter-0.3.1-py3-none-any.whl', 'wheel']
    ])
    for (const artifact of artifacts) {
      expect(artifact['path']).not.toMatch(/^\//)
      const built = join(workspace, artifact['path'] as string)
      expect(await sha256(built)).toBe(artifact['sha256'])
      expect((await run('md5sum', [built], workspace)).stdout.split(' ')[0]).toBe(artifact['md5'])
      expect((await run('b2sum', ['-l', '256', built], workspace)).stdout.split(' ')[0]).toBe(artifact['blake2b_256'])
      expect((await stat(built)).size).toBe(artifact['size'])
    }
    const published = JSON.parse(outputs['published'] as string) as Array<Record<string, unknown>>
    expect(published).toEqual([expect.objectContaining({ target: 'local', status: 'published', url: `file://${releaseDir}` })])
  })

  it('puts the files and a SHA256SUMS that sha256sum accepts in the directory', async () => {
    expect((await readdir(releaseDir)).sort()).toEqual(['SHA256SUMS', 'sample_greeter-0.3.1-py3-none-any.whl', 'sample_greeter-0.3.1.tar.gz'])
    const check = await run('sha256sum', ['--check', '--strict', 'SHA256SUMS'], releaseDir)
    expect(check.stdout).toBe('sample_greeter-0.3.1-py3-none-any.whl: OK\nsample_greeter-0.3.1.tar.gz: OK\n')
  })

  it('writes a job summary with the checks, the artifacts and the publish results', () => {
    // the outcome first, and no path of the runner's
    expect(first.summary.split('\n')[0]).toBe('## ✅ Released `sample-greeter` 0.3.1 to local')
    expect(first.summary).not.toContain(workspace)
    expect(first.summary).toMatch(/### ✅ Certification: PASS/)
    expect(first.summary).toMatch(/\| tests \| ✅ pass \| 100\.00% of \d+ tests passed/)
    expect(first.summary).toMatch(/\| coverage \| ✅ pass \| [\d.]+% line coverage .* branch coverage/)
    // bandit ran on the example's sources and found nothing
    expect(first.summary).toMatch(/\| security \| ✅ pass \| no findings from bandit in 1 report; fails at high and above \|/)
    expect(first.summary).toMatch(/\| version \| ✅ pass \| 0\.3\.1/)
    // each file with its member count and largest members, from inspection
    expect(first.summary).toMatch(
      /\| `sample_greeter-0\.3\.1-py3-none-any\.whl` \| wheel \| [\d.]+ KiB \| 6 \| [^|]*`sample_greeter\/greeting\.py` \([\d.]+ (KiB|B)\)[^|]* \| `[0-9a-f]{12}…` \|/
    )
    // the full digests in their own block, as SHA256SUMS writes them
    expect(first.summary).toMatch(/^[0-9a-f]{64} {2}sample_greeter-0\.3\.1-py3-none-any\.whl$/m)
    expect(first.summary).toMatch(/\| local \| ✅ published \| `out\/release`/)
  })

  it('gives the same coverage outputs from the Cobertura, coverage.py JSON and LCOV reports of one run', async () => {
    const figures = []
    for (const format of ['xml', 'json', 'lcov']) {
      const certified = await runAction(workspace, { ...releaseInputs('unused'), stages: 'certify', 'coverage-report': `sub/reports/coverage.${format}` })
      expect(certified.code).toBe(0)
      figures.push([certified.outputs['coverage'], certified.outputs['branch-coverage']])
    }
    expect(figures).toEqual([figures[0], figures[0], figures[0]])
    expect(figures[0]).toEqual([first.outputs['coverage'], first.outputs['branch-coverage']])
  })

  it('gates on pip-audit, bandit and SARIF reports at once, annotating each finding', async () => {
    const security = join(ROOT, '__tests__', 'fixtures', 'security')
    const audited = await runAction(workspace, {
      ...releaseInputs('unused'),
      stages: 'certify',
      // outside the workspace, files are named one by one (a wildcard there is a usage error)
      'security-report': `${security}/pip-audit.json\n${security}/scanners.sarif`,
      'fail-on-severity': 'critical'
    })
    expect(audited.code).toBe(1)
    expect(audited.outputs['certification']).toBe('FAIL')
    const titles = audited.annotations.map(a => `${a.level} ${a.properties['title']}`)
    // pip-audit: every vulnerability fails; SARIF: security-severity 9.8 is critical; 7.5 is below
    expect(titles).toEqual(
      expect.arrayContaining([
        'error Vulnerable dependency requests 2.25.0',
        'error CodeQL py/command-line-injection (severity critical, confidence high)',
        'warning Trivy CVE-2021-33503 (severity high)',
        'warning Not fully scanned'
      ])
    )
    expect(audited.summary).toMatch(
      /\| security \| ❌ fail \| 8 findings \(4 at or above the threshold, 4 below\) from pip-audit, CodeQL, Trivy in 2 reports; fails at critical and above \|/
    )
    expect(audited.summary).toMatch(/<details><summary>security: 8 findings<\/summary>/)
  })

  it('changes nothing on a second run', async () => {
    const before = await snapshot(releaseDir)
    const second = await runAction(workspace, releaseInputs('out/release'))
    expect(second.code).toBe(0)
    expect(await snapshot(releaseDir)).toEqual(before)
    expect(JSON.parse(second.outputs['published'] as string)).toEqual([expect.objectContaining({ target: 'local', status: 'skipped' })])
  })

  it('fails, naming the file and member, when a file in the target differs, and leaves it as it was', async () => {
    const tamperedDir = join(workspace, 'tampered')
    await runAction(workspace, releaseInputs('tampered'))
    const wheel = join(tamperedDir, 'sample_greeter-0.3.1-py3-none-any.whl')
    // Rewrite one member of the published wheel, keeping every other member as it was.
    const rewrite = [
      'import sys, zipfile, shutil',
      'src = sys.argv[1]; tmp = src + ".tmp"',
      'with zipfile.ZipFile(src) as zin, zipfile.ZipFile(tmp, "w") as zout:',
      '    for item in zin.infolist():',
      '        data = zin.read(item)',
      '        if item.filename.endswith("__init__.py"): data += b"\\n# changed\\n"',
      '        zout.writestr(item, data)',
      'shutil.move(tmp, src)'
    ].join('\n')
    expect((await run(PYTHON, ['-c', rewrite, wheel], workspace)).code).toBe(0)
    const before = await snapshot(tamperedDir)
    const again = await runAction(workspace, releaseInputs('tampered'))
    expect(again.code).toBe(1)
    const errors = again.annotations.filter(a => a.level === 'error')
    expect(errors.map(e => e.message).join('\n')).toMatch(/sample_greeter-0\.3\.1-py3-none-any\.whl[\s\S]*sample_greeter\/__init__\.py/)
    expect(await snapshot(tamperedDir)).toEqual(before)
    expect(JSON.parse(again.outputs['published'] as string)).toEqual([])
  })

  it('does not publish on a pull request, and says so', async () => {
    const prDir = join(workspace, 'pr')
    const pr = await runAction(workspace, releaseInputs('pr'), { GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: 'refs/pull/7/merge' })
    expect(pr.code).toBe(0)
    expect(pr.outputs['certification']).toBe('PASS')
    expect(pr.annotations).toContainEqual(expect.objectContaining({ level: 'notice', properties: { title: 'Publish skipped' } }))
    expect(existsSync(prDir)).toBe(false)
  })

  it('publishes nothing on a dry run', async () => {
    const dry = await runAction(workspace, { ...releaseInputs('dry'), 'dry-run': 'true' })
    expect(dry.code).toBe(0)
    expect(existsSync(join(workspace, 'dry'))).toBe(false)
  })
})

describe('a setuptools project, whose sdist bytes differ between builds', () => {
  it('is recognised by content on a re-run: the existing files are kept and nothing changes', async () => {
    const { workspace } = await workspaceWith(SETUPTOOLS)
    const inputs = { 'project-dir': 'sub', targets: 'local', 'local-dir': 'release', python: PYTHON, 'build-isolation': 'false' }
    const first = await runAction(workspace, inputs, { SOURCE_DATE_EPOCH: '1700000000' })
    expect(first.code).toBe(0)
    const before = await snapshot(join(workspace, 'release'))
    const second = await runAction(workspace, inputs, { SOURCE_DATE_EPOCH: '1700000999' })
    expect(second.code).toBe(0)
    const artifacts = JSON.parse(second.outputs['artifacts'] as string) as Array<{ filename: string; sha256: string }>
    const sdist = artifacts.find(a => a.filename.endsWith('.tar.gz'))
    expect(sdist?.sha256).not.toBe(before[sdist?.filename as string]?.sha256)
    expect(await snapshot(join(workspace, 'release'))).toEqual(before)
    expect(JSON.parse(second.outputs['published'] as string)[0]).toMatchObject({ status: 'skipped' })
  })
})

describe('failures are reported at their file and line, relative to the repository root', () => {
  it('annotates a failing test in a project in a subdirectory and fails certification', async () => {
    const { workspace, project } = await workspaceWith(SAMPLE, 'packages/greeter')
    await writeFile(
      join(project, 'tests', 'test_broken.py'),
      'def helper(value):\n    assert value == 2, "expected two"\n\n\ndef test_broken():\n    helper(1)\n'
    )
    await runPytest(project, 'sample_greeter')
    const result = await runAction(workspace, {
      'project-dir': 'packages/greeter',
      targets: 'local',
      'local-dir': 'release',
      python: PYTHON,
      'build-isolation': 'false',
      'junit-xml': 'packages/greeter/reports/junit.xml'
    })
    expect(result.code).toBe(1)
    expect(result.outputs['certification']).toBe('FAIL')
    const failure = result.annotations.find(a => a.level === 'error' && a.properties['title']?.includes('test_broken'))
    expect(failure?.properties).toMatchObject({ file: 'packages/greeter/tests/test_broken.py', line: '2' })
    expect(result.stdout).not.toMatch(/::group::Build/)
    expect(existsSync(join(workspace, 'release'))).toBe(false)
  })
})

describe('bad input: a clear error naming the input, and nothing published', () => {
  let workspace: string
  let reports: string

  beforeAll(async () => {
    workspace = (await workspaceWith(SAMPLE)).workspace
    reports = await mkdtemp(join(tmpdir(), 'pra-reports-'))
    await writeFile(join(reports, 'malformed.xml'), '<testsuites><testsuite name="x"><testcase name="a"></testsuite>')
    await writeFile(
      join(reports, 'bomb.xml'),
      `<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n${Array.from(
        { length: 9 },
        (_, i) => ` <!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`
      ).join('\n')}\n]>\n<testsuites><testsuite name="bomb"><testcase name="t"><failure message="&lol9;"/></testcase></testsuite></testsuites>\n`
    )
  })

  const base = (): Record<string, string> => ({
    'project-dir': 'sub',
    targets: 'local',
    'local-dir': 'release',
    python: PYTHON,
    'build-isolation': 'false'
  })

  async function expectRejected(inputs: Record<string, string>, message: RegExp, env: Record<string, string> = {}): Promise<ActionRun> {
    const result = await runAction(workspace, inputs, env)
    expect(result.code).toBe(1)
    const errors = result.annotations.filter(a => a.level === 'error')
    expect(errors.map(e => `${e.properties['title'] ?? ''}: ${e.message}`).join('\n')).toMatch(message)
    expect(existsSync(join(workspace, 'release'))).toBe(false)
    return result
  }

  it('neither pyproject.toml nor setup.py (python -m build refuses that folder too)', async () => {
    await expectRejected({ ...base(), 'project-dir': 'nowhere' }, /Input 'project-dir': .*nowhere is not a directory/)
    await expectRejected({ ...base(), 'project-dir': '.' }, /Input 'project-dir': no pyproject.toml or setup.py in/)
  })

  it('invalid TOML, with its line', async () => {
    const { workspace: broken, project } = await workspaceWith(SAMPLE)
    await writeFile(join(project, 'pyproject.toml'), '[project]\nname = "x"\nversion = "1.0\n')
    const result = await runAction(broken, base())
    expect(result.code).toBe(1)
    expect(result.annotations[0]).toMatchObject({
      level: 'error',
      properties: { title: 'Invalid project', file: 'sub/pyproject.toml', line: '3' }
    })
    expect(result.annotations[0]?.message).toMatch(/is not valid TOML: .*line 3/)
  })

  it.each([['1.0..0'], ['latest']])('version: %s', async version => {
    await expectRejected(
      { ...base(), version },
      new RegExp(`Invalid input 'version': Input 'version' must be a PEP 440 version .* got '${version.replace(/\./g, '\\.')}'`)
    )
  })

  it('a tag v1.2.4 with pyproject 0.3.1', async () => {
    const result = await expectRejected(base(), /Version mismatch: pyproject\.toml \[project\] version is 0\.3\.1, but tag 'v1\.2\.4' is 1\.2\.4/, {
      GITHUB_REF: 'refs/tags/v1.2.4'
    })
    expect(result.annotations.find(a => a.properties['title'] === 'Version mismatch')?.properties).toMatchObject({ file: 'sub/pyproject.toml' })
    expect(result.outputs['certification']).toBe('FAIL')
  })

  it.each([['abc'], ['150']])('min-pass-rate: %s', async rate => {
    await expectRejected({ ...base(), 'min-pass-rate': rate }, new RegExp(`Input 'min-pass-rate' must be a number from 0 to 100 .* got '${rate}'`))
  })

  it('junit-xml that matches no file', async () => {
    await expectRejected({ ...base(), 'junit-xml': 'no/such/*.xml' }, /junit-xml.*no\/such\/\*\.xml/)
  })

  it('malformed XML', async () => {
    await expectRejected({ ...base(), 'junit-xml': join(reports, 'malformed.xml') }, /malformed\.xml/)
  })

  it('an entity-expansion bomb, which must neither expand nor hang', async () => {
    const result = await expectRejected({ ...base(), 'junit-xml': join(reports, 'bomb.xml') }, /bomb\.xml/)
    expect(result.stdout).not.toMatch(/(lol){20}/)
  })

  it('fail-on-severity: severe', async () => {
    await expectRejected(
      { ...base(), 'fail-on-severity': 'severe' },
      /Invalid input 'fail-on-severity': Input 'fail-on-severity' must be one of low, medium, high, critical, none, got 'severe'/
    )
  })

  it('a vulnerable dependency in a pip-audit report: annotated where it is declared, nothing published', async () => {
    const audit = join(reports, 'pip-audit.json')
    await writeFile(
      audit,
      JSON.stringify({
        dependencies: [
          { name: 'sample-greeter', version: '0.3.1', vulns: [] },
          { name: 'hatchling', version: '1.12.2', vulns: [{ id: 'PYSEC-2099-1', fix_versions: ['1.13.0'], aliases: ['CVE-2099-0001'] }] }
        ],
        fixes: []
      })
    )
    const result = await expectRejected(
      { ...base(), 'security-report': audit },
      /Vulnerable dependency hatchling 1\.12\.2: hatchling 1\.12\.2 has PYSEC-2099-1 \/ CVE-2099-0001: upgrade to 1\.13\.0/
    )
    // declared in [build-system] requires
    expect(result.annotations.find(a => a.properties['title'] === 'Vulnerable dependency hatchling 1.12.2')?.properties).toMatchObject({
      file: 'sub/pyproject.toml',
      line: '2'
    })
    expect(result.outputs['certification']).toBe('FAIL')
    // accepted: the release goes out, with a warning for the stale ignore
    const accepted = await runAction(workspace, {
      ...base(),
      'security-report': audit,
      'ignore-vulns': 'CVE-2099-0001, GHSA-0000-0000-0000',
      'dry-run': 'true'
    })
    expect(accepted.code).toBe(0)
    expect(accepted.annotations.find(a => a.properties['title'] === 'Stale ignore')?.message).toMatch(/'GHSA-0000-0000-0000' matched no finding/)
  })

  it('an unknown target', async () => {
    await expectRejected({ ...base(), targets: 'local,pipy' }, /Invalid input 'targets': Input 'targets' has an unknown target 'pipy'/)
  })

  it('a github target without a repository fails preflight, and the local target publishes nothing either', async () => {
    await expectRejected(
      { ...base(), targets: 'local,github', 'github-token': 'ghs_0123456789abcdefghijklmnopqrstuvwxyz' },
      /GitHub Release not ready: GITHUB_REPOSITORY \(''\) does not name a repository as owner\/name; the github target needs it/
    )
  })

  it('local-dir that is an existing file', async () => {
    await writeFile(join(workspace, 'a-file'), 'keep me')
    await expectRejected({ ...base(), 'local-dir': 'a-file' }, /Input 'local-dir' .* is an existing file/)
    expect(await readFile(join(workspace, 'a-file'), 'utf8')).toBe('keep me')
  })

  it('a build that fails', async () => {
    const { workspace: broken, project } = await workspaceWith(SAMPLE)
    const toml = await readFile(join(project, 'pyproject.toml'), 'utf8')
    const brokenToml = toml.replace('packages = ["src/sample_greeter"]', 'packages = 42')
    expect(brokenToml).not.toBe(toml)
    await writeFile(join(project, 'pyproject.toml'), brokenToml)
    const result = await runAction(broken, base())
    expect(result.code).toBe(1)
    expect(result.annotations.find(a => a.properties['title'] === 'Build failed')?.message).toMatch(/packages/)
    expect(existsSync(join(broken, 'release'))).toBe(false)
  })
})
