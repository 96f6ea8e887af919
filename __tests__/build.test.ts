import { beforeAll, describe, expect, it } from '@jest/globals'
import { execFileSync, spawnSync } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { cp, mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { BuildError, PackageBuilder, commandFor, compareBuilds, type BuildOptions, type Frontend } from '../src/build/builder.js'
import { parseCoreMetadata, toPackageMetadata } from '../src/build/metadata.js'
import { readArchive } from '../src/build/archive.js'
import { PARALLEL_THRESHOLD, digestFile } from '../src/build/digest.js'
import { silentLogger, type BuildArtifact, type BuildReport } from '../src/types.js'
import { PYTHON, ROOT } from './helpers/action.js'

// Real builds with Debian's python3-build and backends, offline: no isolation.
const PROJECTS = join(ROOT, '__tests__', 'fixtures', 'projects')

async function copyProject(name: string): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), 'pra-build-')), name)
  await cp(join(PROJECTS, name), dir, { recursive: true })
  return dir
}

function builder(projectDir: string, options: Partial<BuildOptions> = {}): PackageBuilder {
  return new PackageBuilder({
    projectDir,
    python: PYTHON,
    isolation: false,
    outputDir: join(projectDir, '..', 'out', String(Math.random()).slice(2)),
    env: { ...process.env, SOURCE_DATE_EPOCH: '1700000000' },
    logger: silentLogger,
    ...options
  })
}

describe('work that does not need the finished build overlaps it', () => {
  // build prints "* Building wheel from sdist" once the sdist is written (build 0.9 __main__.py line 244),
  // and "Successfully built …" after the wheel
  // flit and hatchling in one `python -m build`; the C extension in two commands (compiled.ts)
  it.each(['flit-basic', 'hatch-basic', 'c-extension'])('%s: the sdist is read and checked while the wheel builds, before the build ends', async name => {
    const lines: string[] = []
    const logger = { ...silentLogger, info: (line: string) => lines.push(line) }
    const report = await builder(await copyProject(name), { logger }).build()
    const sdist = report.artifacts.find(a => a.format === 'sdist')!.filename
    const early = lines.indexOf(`${sdist} read and checked while the wheel builds`)
    const lastBuildLine = lines.findLastIndex(line => /^Successfully built /.test(line))
    expect(early).toBeGreaterThan(-1)
    expect(lastBuildLine).toBeGreaterThan(early)
  })
})

describe('PackageBuilder', () => {
  let hatch: BuildReport
  let hatchDir: string
  beforeAll(async () => {
    hatchDir = await copyProject('hatch-basic')
    hatch = await builder(hatchDir).build()
  })

  it('builds an sdist and a wheel, sdist first, each with size, sha256 and metadata', async () => {
    expect(hatch.artifacts.map(a => [a.filename, a.format])).toEqual([
      ['hatch_basic-1.4.0.tar.gz', 'sdist'],
      ['hatch_basic-1.4.0-py3-none-any.whl', 'wheel']
    ])
    for (const artifact of hatch.artifacts) {
      // the three digests PyPI's upload form carries, as coreutils computes them
      expect([artifact.sha256, artifact.md5, artifact.blake2b_256]).toEqual(coreutilsDigests(artifact.path))
      expect(artifact.size).toBe((await readFile(artifact.path)).length)
      expect(artifact.metadata).toMatchObject({
        name: 'hatch-basic',
        version: '1.4.0',
        summary: 'A hatchling project for the build tests',
        requiresPython: '>=3.8'
      })
      expect(artifact.metadata.metadataVersion).toMatch(/^2\.\d$/)
    }
    // plain `python -m build`: the sdist, then the wheel from the unpacked sdist
    expect(hatch.command).toEqual([PYTHON, '-m', 'build', '--outdir', hatch.outputDir, '--no-isolation', '--skip-dependency-check', hatchDir])
    expect(hatch.annotations).toEqual([])
  })

  it('rebuilds byte-identically with the same SOURCE_DATE_EPOCH', async () => {
    const again = await builder(hatchDir).build()
    expect(again.artifacts.map(a => a.sha256)).toEqual(hatch.artifacts.map(a => a.sha256))
  })

  it('takes SOURCE_DATE_EPOCH from the last commit when the caller has not set it', async () => {
    const dir = await copyProject('hatch-basic')
    const env = { ...process.env, GIT_COMMITTER_DATE: '2024-01-02T03:04:05Z', GIT_AUTHOR_DATE: '2024-01-02T03:04:05Z' }
    const git = (...args: string[]) => expect(spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...args], { cwd: dir, env }).status).toBe(0)
    git('init', '-q')
    git('add', '.')
    git('commit', '-qm', 'x')
    const lines: string[] = []
    const { SOURCE_DATE_EPOCH: _unset, ...without } = process.env
    const report = await builder(dir, { env: without, logger: { info: line => lines.push(line), debug: () => {} } }).build()
    const epoch = String(Date.UTC(2024, 0, 2, 3, 4, 5) / 1000)
    expect(lines).toContain(`SOURCE_DATE_EPOCH=${epoch} (the last commit's time)`)
    // hatchling stamps the wheel's members with it
    const wheel = report.artifacts.find(a => a.format === 'wheel')!.path
    const dates = spawnSync(PYTHON, ['-c', 'import sys, zipfile; print(zipfile.ZipFile(sys.argv[1]).infolist()[0].date_time[:3])', wheel]).stdout.toString()
    expect(dates.trim()).toBe('(2024, 1, 2)')
  })

  it('builds a setuptools project', async () => {
    const report = await builder(await copyProject('setuptools-basic')).build()
    expect(report.artifacts.map(a => a.filename)).toEqual(['setuptools-basic-2.0.1.tar.gz', 'setuptools_basic-2.0.1-py3-none-any.whl'])
    expect(report.artifacts.map(a => a.metadata.version)).toEqual(['2.0.1', '2.0.1'])
  })

  it.each([
    ['setuptools-cfg', 'setuptools with setup.cfg', '0.9.2'],
    ['flit-basic', 'flit-core', '3.1.0']
  ])('builds a %s project (%s) and inspects both files', async (name, _backend, version) => {
    const report = await builder(await copyProject(name)).build()
    expect(report.artifacts.map(a => [a.format, a.metadata.name, a.metadata.version])).toEqual([
      ['sdist', name, version],
      ['wheel', name, version]
    ])
    for (const artifact of report.artifacts) expect(artifact.contents?.files).toBeGreaterThan(2)
  })

  it.each([
    ['scm-setuptools', 'setuptools-scm'],
    ['vcs-hatch', 'hatch-vcs']
  ])('builds %s with its version from the git tag (%s)', async name => {
    const dir = await copyProject(name)
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' })
    git('init', '-q')
    git('-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'add', '.')
    git('-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-qm', 'release')
    git('-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'tag', '-a', 'v2.3.4', '-m', 'v2.3.4')
    const report = await builder(dir).build()
    expect(report.artifacts.map(a => a.metadata.version)).toEqual(['2.3.4', '2.3.4'])
    expect(report.artifacts.map(a => a.filename)).toEqual([
      expect.stringMatching(new RegExp(`^${name.replace('-', '[-_]')}-2\\.3\\.4\\.tar\\.gz$`)),
      `${name.replace('-', '_')}-2.3.4-py3-none-any.whl`
    ])
  })

  it('check-reproducible: passes two byte-identical builds and fails one whose members differ, naming them', async () => {
    const lines: string[] = []
    const logger = { info: (line: string) => lines.push(line), debug: () => {} }
    await builder(await copyProject('hatch-basic'), { checkReproducible: true, logger }).build()
    expect(lines.at(-1)).toBe('check-reproducible: both builds are byte-identical (hatch_basic-1.4.0.tar.gz, hatch_basic-1.4.0-py3-none-any.whl)')

    // a build hook that stamps each build with a random id (and drops setuptools' build/ cache, whose
    // copy step compares whole-second mtimes and so skips a file rewritten within the same second)
    const dir = await copyProject('setuptools-basic')
    await writeFile(
      join(dir, 'setup.py'),
      'import pathlib, shutil, uuid\nfrom setuptools import setup\nshutil.rmtree("build", ignore_errors=True)\n' +
        'pathlib.Path("src/setuptools_basic/_build_id.py").write_text(f"BUILD = {uuid.uuid4().hex!r}\\n")\nsetup()\n'
    )
    const error = (await builder(dir, { checkReproducible: true })
      .build()
      .then(
        () => undefined,
        (e: unknown) => e
      )) as BuildError
    expect(error).toBeInstanceOf(BuildError)
    expect(error.message).toMatch(/^the build is not reproducible \(input 'check-reproducible'\): two builds differ:\n/)
    expect(error.message).toMatch(/- setuptools_basic-2\.0\.1-py3-none-any\.whl: member contents differ: setuptools_basic\/_build_id\.py \(content differs\)/)
  })

  it('check-reproducible: says when only timestamps differ', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pra-repro-'))
    const make = (sub: string, mtime: number) => {
      const file = join(dir, sub, 'demo-1.0.tar.gz')
      const script =
        'import io, os, sys, tarfile\nos.makedirs(os.path.dirname(sys.argv[1]), exist_ok=True)\n' +
        'with tarfile.open(sys.argv[1], "w:gz") as t:\n    i = tarfile.TarInfo("demo-1.0/PKG-INFO"); i.size = 3; i.mtime = int(sys.argv[2]); t.addfile(i, io.BytesIO(b"abc"))\n'
      expect(spawnSync(PYTHON, ['-c', script, file, String(mtime)]).status).toBe(0)
      return file
    }
    const artifact = async (path: string) => ({ path, filename: 'demo-1.0.tar.gz', ...(await digestFile(path)) }) as unknown as BuildArtifact
    const differences = await compareBuilds([await artifact(make('a', 1700000000))], [await artifact(make('b', 1700000999))])
    expect(differences).toEqual([
      'demo-1.0.tar.gz: only timestamps or archive metadata differ (every member is the same); set SOURCE_DATE_EPOCH or use a backend that honours it'
    ])
  })

  it('refuses an output directory that is not empty: a stale file is never published', async () => {
    const outputDir = join(await mkdtemp(join(tmpdir(), 'pra-stale-')), 'dist')
    await mkdir(outputDir)
    await writeFile(join(outputDir, 'old-0.1.tar.gz'), 'stale')
    await expect(builder(hatchDir, { outputDir }).build()).rejects.toThrow(/is not empty \(old-0\.1\.tar\.gz\)/)
  })

  it("reports a failed build with the tail of the backend's stderr", async () => {
    const dir = await copyProject('hatch-basic')
    const toml = await readFile(join(dir, 'pyproject.toml'), 'utf8')
    await writeFile(join(dir, 'pyproject.toml'), toml.replace('packages = ["src/hatch_basic"]', 'packages = 42'))
    const error = (await builder(dir)
      .build()
      .then(
        () => undefined,
        (e: unknown) => e
      )) as BuildError
    expect(error).toBeInstanceOf(BuildError)
    expect(error.message).toMatch(/-m build .* exited with code 1/)
    expect(error.stderrTail).toMatch(/packages/)
    expect(error.message).toContain(error.stderrTail)
  })

  it('builds with hatchling when builder is hatch and hatch itself is not installed, saying so', async () => {
    const lines: string[] = []
    const report = await builder(await copyProject('hatch-basic'), { builder: 'hatch', logger: { info: line => lines.push(line), debug: () => {} } }).build()
    expect(report.command.slice(0, 4)).toEqual([PYTHON, '-m', 'hatchling', 'build'])
    expect(report.artifacts.map(a => a.filename)).toEqual(['hatch_basic-1.4.0.tar.gz', 'hatch_basic-1.4.0-py3-none-any.whl'])
    expect(lines[0]).toBe(`builder 'hatch': hatch is not on PATH, so hatchling of '${PYTHON}' builds in place (no isolation)`)
  })

  it('fails builder uv without uv on PATH, with the command that installs it', async () => {
    await expect(builder(hatchDir, { builder: 'uv', env: { ...process.env, PATH: '/usr/bin:/bin' } }).build()).rejects.toThrow(
      "Input 'builder' is uv, but uv is not on PATH: install it with 'pip install uv' or the astral-sh/setup-uv action, or use builder: build"
    )
  })

  it('names the backend requirement to install when isolation is off and the backend is missing', async () => {
    // pdm-backend is not installed here (poetry-core now is: Debian's python3-poetry-core)
    const dir = await copyProject('hatch-basic')
    const toml = await readFile(join(dir, 'pyproject.toml'), 'utf8')
    await writeFile(
      join(dir, 'pyproject.toml'),
      toml.replace(/\[build-system\][^[]*/, '[build-system]\nrequires = ["pdm-backend>=2.0"]\nbuild-backend = "pdm.backend"\n\n')
    )
    // the build requirements check (input 'build-requirements', default check) names it before the build starts
    const unmet = (await builder(dir)
      .build()
      .then(
        () => undefined,
        (e: unknown) => e
      )) as BuildError
    expect(unmet).toBeInstanceOf(BuildError)
    expect(unmet.message).toContain(`Build requirements not met in ${PYTHON} (build-isolation is false): pdm-backend>=2.0 (not installed).`)
    expect(unmet.command).toEqual([])
    // accepted with build-requirements: ignore, the build runs and its failure still names the requirement
    const error = (await builder(dir, { buildRequirements: 'ignore' })
      .build()
      .then(
        () => undefined,
        (e: unknown) => e
      )) as BuildError
    expect(error).toBeInstanceOf(BuildError)
    expect(error.message).toContain(
      `(build-isolation is false, so the build backend must already be installed for '${PYTHON}', and 'pdm.backend' is not: run '${PYTHON} -m pip install "pdm-backend>=2.0"', or set build-isolation: true)`
    )
  })

  it("names input 'python' when the interpreter cannot be run", async () => {
    await expect(builder(hatchDir, { python: '/nonexistent/python3' }).build()).rejects.toThrow(/Input 'python' \(\/nonexistent\/python3\) cannot be run/)
  })
})

describe('the source a build reads (issue 15)', () => {
  it('setuptools-scm in a monorepo subdirectory, a tracked release/ inside: built from a copy without it, same tag version, the repository untouched', async () => {
    const repo = await mkdtemp(join(tmpdir(), 'pra-mono-'))
    const dir = join(repo, 'packages', 'scm-setuptools')
    await cp(join(PROJECTS, 'scm-setuptools'), dir, { recursive: true })
    // the monorepo's root: setuptools-scm reads git from the project's parent directories
    const toml = await readFile(join(dir, 'pyproject.toml'), 'utf8')
    await writeFile(join(dir, 'pyproject.toml'), toml.replace('[tool.setuptools_scm]', '[tool.setuptools_scm]\nroot = "../.."'))
    await writeFile(join(repo, 'OTHER.md'), 'another project of the monorepo\n')
    await mkdir(join(dir, 'notes'))
    await writeFile(join(dir, 'notes', 'design.txt'), 'a tracked file only setuptools-scm puts in the sdist\n')
    await mkdir(join(dir, 'release'))
    await writeFile(join(dir, 'release', 'scm_setuptools-2.3.3.tar.gz'), 'an earlier release, committed by mistake')
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], { cwd: repo, encoding: 'utf8' })
    git('init', '-q')
    git('add', '.')
    git('commit', '-qm', 'release')
    git('tag', '-a', 'v2.3.4', '-m', 'v2.3.4')
    const lines: string[] = []
    const outputDir = join(await mkdtemp(join(tmpdir(), 'pra-mono-out-')), 'dist')
    const report = await builder(dir, { outputDir, exclude: [join(dir, 'release')], logger: { info: line => lines.push(line), debug: () => {} } }).build()
    expect(report.artifacts.map(a => a.metadata.version)).toEqual(['2.3.4', '2.3.4'])
    expect(lines).toContain(
      `building from an exact copy of ${dir} without release (published files are never build input, and every run builds the same way); the copy reads the version and tracked files from git`
    )
    const sdist = (await readArchive(report.artifacts[0]!.path)).members.map(m => m.name)
    expect(sdist.filter(name => name.includes('/release/'))).toEqual([])
    // setuptools-scm's file finder still ran in the copy: a tracked file no MANIFEST.in names is in the sdist
    const top = report.artifacts[0]!.filename.replace(/\.tar\.gz$/, '')
    expect(sdist).toContain(`${top}/notes/design.txt`)
    expect(git('status', '--porcelain')).toBe('')
    expect(
      git('ls-files', '-v')
        .split('\n')
        .filter(line => line !== '' && !line.startsWith('H '))
    ).toEqual([])
  })

  it('hatch-vcs at the top of its repository, release/ untracked inside: the copy builds the tag version without release/', async () => {
    const dir = await copyProject('vcs-hatch')
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], { cwd: dir, encoding: 'utf8' })
    git('init', '-q')
    git('add', '.')
    git('commit', '-qm', 'release')
    git('tag', '-a', 'v2.3.4', '-m', 'v2.3.4')
    await mkdir(join(dir, 'release'))
    await writeFile(join(dir, 'release', 'SHA256SUMS'), 'published by an earlier run\n')
    const lines: string[] = []
    const outputDir = join(await mkdtemp(join(tmpdir(), 'pra-top-out-')), 'dist')
    const report = await builder(dir, { outputDir, exclude: [join(dir, 'release')], logger: { info: line => lines.push(line), debug: () => {} } }).build()
    expect(report.artifacts.map(a => a.metadata.version)).toEqual(['2.3.4', '2.3.4'])
    expect(lines).toContain(
      `building from an exact copy of ${dir} without release (published files are never build input, and every run builds the same way); the copy reads the version and tracked files from git`
    )
    expect((await readArchive(report.artifacts[0]!.path)).members.filter(m => m.name.includes('/release/'))).toEqual([])
    expect(git('status', '--porcelain')).toBe('?? release/\n')
  })

  it('setuptools flat layout with release/ and a virtual environment inside: the copy leaves both out and discovery finds one package', async () => {
    const dir = await copyProject('release-in-flat')
    await mkdir(join(dir, 'release'))
    await writeFile(join(dir, 'release', 'SHA256SUMS'), 'published by an earlier run\n')
    await mkdir(join(dir, 'venv', 'lib'), { recursive: true })
    await writeFile(join(dir, 'venv', 'pyvenv.cfg'), 'home = /usr/bin\n')
    await writeFile(join(dir, 'venv', 'lib', 'site.py'), '')
    const lines: string[] = []
    const report = await builder(dir, { exclude: [join(dir, 'release')], logger: { info: line => lines.push(line), debug: () => {} } }).build()
    expect(report.artifacts.map(a => a.filename)).toEqual(['kettle-timer-1.2.0.tar.gz', 'kettle_timer-1.2.0-py3-none-any.whl'])
    expect(lines).toContain(
      `building from an exact copy of ${dir} without release (published files are never build input, and every run builds the same way); virtual environments left out too: venv`
    )
    // in place, setuptools refuses: release/ and venv/ are more top-level packages of a flat layout
    await expect(builder(dir).build()).rejects.toThrow(/Multiple top-level packages discovered in a flat-layout/)
  })

  it('wheelFromSdist false builds both from the tree (--sdist --wheel): an sdist that lacks a file then builds', async () => {
    const dir = await copyProject('sdist-gap-setuptools')
    const report = await builder(dir, { wheelFromSdist: false }).build()
    expect(report.command).toEqual([
      PYTHON,
      '-m',
      'build',
      '--sdist',
      '--wheel',
      '--outdir',
      report.outputDir,
      '--no-isolation',
      '--skip-dependency-check',
      dir
    ])
    const sdist = (await readArchive(report.artifacts[0]!.path)).members.map(m => m.name)
    expect(sdist).not.toContain('quill-sharpener-0.7.0/requirements/base.txt')
    // and by default the same project fails, naming the file
    await expect(builder(dir).build()).rejects.toThrow(
      /the sdist lacks requirements\/base\.txt, which the project has: add it to the sdist \(MANIFEST\.in for setuptools/
    )
  })

  it('builder hatch: the wheel is built in the unpacked sdist, and a module the sdist forgets fails the build, named', async () => {
    const lines: string[] = []
    const error = (await builder(await copyProject('sdist-gap-hatchling'), { builder: 'hatch', logger: { info: line => lines.push(line), debug: () => {} } })
      .build()
      .then(
        () => undefined,
        (e: unknown) => e
      )) as BuildError
    expect(error).toBeInstanceOf(BuildError)
    expect(error.message).toMatch(
      /^barometer_log-3\.0\.0-py3-none-any\.whl, built from barometer_log-3\.0\.0\.tar\.gz, lacks 1 file that a wheel built from the project tree has: barometer_log\/units\.py\./
    )
    expect(lines).toContain('building the wheel from barometer_log-3.0.0.tar.gz')
    expect(lines.filter(line => line.startsWith('$ ')).map(line => line.split(' ').slice(1, 7).join(' '))).toEqual([
      `${PYTHON} -m hatchling build -t sdist`,
      `${PYTHON} -m hatchling build -t wheel`,
      `${PYTHON} -m hatchling build -t wheel`
    ])
  })

  it('a file the sdist lacks that the backend leaves out of the wheel too is no error: the wheel from the tree decides', async () => {
    const dir = await copyProject('sdist-gap-hatchling')
    const toml = await readFile(join(dir, 'pyproject.toml'), 'utf8')
    await writeFile(
      join(dir, 'pyproject.toml'),
      toml.replace('packages = ["src/barometer_log"]', 'packages = ["src/barometer_log"]\nexclude = ["src/barometer_log/units.py"]')
    )
    await writeFile(join(dir, 'src', 'barometer_log', '__init__.py'), '"""Logs barometer readings."""\n')
    const lines: string[] = []
    const report = await builder(dir, { logger: { info: line => lines.push(line), debug: () => {} } }).build()
    expect(report.artifacts.map(a => a.filename)).toEqual(['barometer_log-3.0.0.tar.gz', 'barometer_log-3.0.0-py3-none-any.whl'])
    expect(lines).toContain('barometer_log-3.0.0.tar.gz lacks src/barometer_log/units.py of the package directories: building a wheel from the tree to compare')
    expect(lines).toContain(
      'barometer_log-3.0.0-py3-none-any.whl, built from barometer_log-3.0.0.tar.gz, has every file a wheel built from the tree has (the backend leaves the others out of both)'
    )
  })

  it.each<[Frontend['kind'], string]>([
    ['build', PYTHON],
    ['uv', 'uv'],
    ['hatch', 'hatch'],
    ['hatchling', PYTHON]
  ])('%s: no --sdist --wheel builds the wheel from the sdist; the tree asks for both', (kind, program) => {
    const front: Frontend = { kind, program, why: '' }
    const both = commandFor(front, 'tree', '/p', '/o', true).args
    if (kind === 'hatch' || kind === 'hatchling') {
      expect(both).toEqual(expect.arrayContaining(['-t', 'sdist', 'wheel']))
      expect(() => commandFor(front, 'sdist-then-wheel', '/p', '/o', true)).toThrow(/two commands/)
      expect(commandFor(front, 'wheel', '/p', '/o', false).args).toContain('wheel')
    } else {
      expect(both).toEqual(expect.arrayContaining(['--sdist', '--wheel']))
      const fromSdist = commandFor(front, 'sdist-then-wheel', '/p', '/o', false).args
      expect(fromSdist.filter(arg => arg === '--sdist' || arg === '--wheel')).toEqual([])
      expect(fromSdist.at(-1)).toBe('/p')
      expect(fromSdist).toContain(kind === 'uv' ? '--no-build-isolation' : '--no-isolation')
    }
  })
})

describe('core metadata', () => {
  const text = [
    'Metadata-Version: 2.1',
    'Name: demo',
    'Version: 1.0.0rc1',
    'Summary: A demo',
    'License: MIT',
    '        with a second line',
    'Classifier: A',
    'Classifier: B',
    'Requires-Python: >=3.9',
    '',
    'Version: 9.9 (in the description, not a field)'
  ].join('\n')

  it('reads fields, continuation lines and repeated fields, and stops at the body', () => {
    const fields = parseCoreMetadata(text)
    expect(fields.get('classifier')).toEqual(['A', 'B'])
    expect(fields.get('license')).toEqual(['MIT\nwith a second line'])
    expect(fields.get('version')).toEqual(['1.0.0rc1'])
    expect(toPackageMetadata(fields, 'x')).toEqual({
      metadataVersion: '2.1',
      name: 'demo',
      version: '1.0.0rc1',
      summary: 'A demo',
      requiresPython: '>=3.9'
    })
  })

  it('names the file and field that is missing', () => {
    expect(() => toPackageMetadata(parseCoreMetadata('Metadata-Version: 2.1\nName: x\n'), 'x.whl:x.dist-info/METADATA')).toThrow(
      'x.whl:x.dist-info/METADATA has no Version field'
    )
  })
})

describe('readArchive', () => {
  it('lists every member of a wheel and an sdist with its digest, keeping only what was asked for', async () => {
    const dir = await copyProject('hatch-basic')
    const report = await builder(dir).build()
    for (const artifact of report.artifacts) {
      const { members, kept } = await readArchive(artifact.path, name => name.endsWith('__init__.py'))
      const init = members.find(m => m.name.endsWith('hatch_basic/__init__.py'))
      const source = await readFile(join(dir, 'src', 'hatch_basic', '__init__.py'))
      expect(init?.sha256).toBe(createHash('sha256').update(source).digest('hex'))
      expect([...kept.values()]).toEqual([source])
    }
  })

  it('gives a member list again while the file is the same, and reads a file changed at the same path anew', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pra-relist-'))
    for (const artifact of (await builder(await copyProject('hatch-basic')).build()).artifacts) {
      const path = join(dir, artifact.filename)
      await writeFile(path, await readFile(artifact.path))
      const first = (await readArchive(path)).members
      const count = first.length
      first.pop() // a caller's change to its list is its own
      expect((await readArchive(path)).members).toHaveLength(count)
      // the same path, another file: never the list read before
      await writeFile(path, 'not an archive any more')
      await expect(readArchive(path)).rejects.toThrow()
    }
  })

  it('rejects, rather than hangs on, a file that is not an archive or is cut short', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pra-bad-'))
    await writeFile(join(dir, 'x-1.0.tar.gz'), 'not gzip')
    await expect(readArchive(join(dir, 'x-1.0.tar.gz'))).rejects.toThrow(/incorrect header check/)
    await writeFile(join(dir, 'x-1.0.whl'), 'not zip')
    await expect(readArchive(join(dir, 'x-1.0.whl'))).rejects.toThrow(/end of central directory/i)
    const built = await builder(await copyProject('hatch-basic')).build()
    for (const artifact of built.artifacts) {
      const cut = join(dir, `cut-${artifact.filename}`)
      await writeFile(cut, (await readFile(artifact.path)).subarray(0, Math.floor(artifact.size / 2)))
      await expect(readArchive(cut)).rejects.toThrow()
    }
  })
})

/** sha256sum, md5sum and `b2sum -l 256` of a file. */
function coreutilsDigests(file: string): string[] {
  return [['sha256sum'], ['md5sum'], ['b2sum', '-l', '256']].map(([tool, ...args]) => execFileSync(tool!, [...args, file], { encoding: 'utf8' }).split(' ')[0]!)
}

describe('digests', () => {
  it('computes sha256, md5 and blake2b-256 like coreutils, on one thread and on three', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pra-digest-'))
    const small = join(dir, 'small.bin')
    const large = join(dir, 'large.bin')
    const empty = join(dir, 'empty.bin')
    await writeFile(small, randomBytes(100_000))
    await writeFile(large, randomBytes(PARALLEL_THRESHOLD + 12_345)) // takes the worker-thread path
    await writeFile(empty, '')
    const digests = await Promise.all([small, large, empty].map(digestFile))
    expect(digests.map(d => [d.sha256, d.md5, d.blake2b_256])).toEqual([small, large, empty].map(coreutilsDigests))
    expect(digests.map(d => d.size)).toEqual([100_000, PARALLEL_THRESHOLD + 12_345, 0])
    await expect(digestFile(join(dir, 'missing.bin'))).rejects.toThrow(/ENOENT/)
    await rm(dir, { recursive: true, force: true })
  })

  it('keeps the answers of large files digested at the same time apart (two long-lived workers serve them all)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pra-digest-many-'))
    const files = await Promise.all(
      [1, 2, 3, 4].map(async n => {
        const file = join(dir, `large-${n}.bin`)
        await writeFile(file, randomBytes(PARALLEL_THRESHOLD + n * 1000))
        return file
      })
    )
    const together = await Promise.all(files.map(digestFile))
    expect(together.map(d => [d.sha256, d.md5, d.blake2b_256])).toEqual(files.map(coreutilsDigests))
    // and again one after the other, from the same workers
    for (const [index, file] of files.entries()) expect(await digestFile(file)).toEqual(together[index])
    await rm(dir, { recursive: true, force: true })
  })
})
