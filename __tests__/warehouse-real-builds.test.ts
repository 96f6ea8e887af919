// PyPI's rules (src/publish/index-rules.ts) on files real backends build (Debian's setuptools, flit, hatchling,
// poetry-core, and a C extension compiled here), not on files made for the rules: each verdict is what PyPI's upload
// endpoint would answer, and nothing PyPI takes is refused. Debian bookworm's setuptools (66) and flit (3.8) write
// sdist names from before PEP 625, which PyPI refuses since it enforces PEP 625 (warehouse/forklift/legacy.py:1389);
// a wheel compiled here is tagged linux_x86_64, which PyPI refuses (legacy.py:1446). Those are the only breaches.
import { beforeAll, describe, expect, it } from '@jest/globals'
import { cp, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PackageBuilder } from '../src/build/builder.js'
import { judgeForIndex } from '../src/publish/index-rules.js'
import { silentLogger, type BuildArtifact } from '../src/types.js'
import { PYTHON, ROOT } from './helpers/action.js'

const PROJECTS = join(ROOT, '__tests__', 'fixtures', 'projects')

async function build(name: string, write?: (dir: string) => Promise<void>): Promise<BuildArtifact[]> {
  const dir = join(await mkdtemp(join(tmpdir(), 'pra-rules-real-')), name)
  if (write) await write(dir)
  else await cp(join(PROJECTS, name), dir, { recursive: true })
  const report = await new PackageBuilder({
    projectDir: dir,
    python: PYTHON,
    isolation: false,
    outputDir: join(dir, '..', 'out'),
    env: { ...process.env, SOURCE_DATE_EPOCH: '1700000000' },
    logger: silentLogger
  }).build()
  return report.artifacts
}

/** Each breach as 'file: field: PyPI's words', without the remedy and the rule's source. */
async function breaches(artifacts: BuildArtifact[]): Promise<string[]> {
  const judged = await judgeForIndex(artifacts, { indexName: 'PyPI', python: PYTHON })
  return judged.errors.map(error =>
    error.message
      .replace(/ \[rule from [^\]]+\]$/, '')
      .replace(/: PyPI would refuse it \(HTTP 400\)/, '')
      .replace(/(\.|information\.) (Build|Rebuild|Fix|Keep|Use|Publish|Shorten) .*$/, '$1')
  )
}

const sdistName = (built: string, normalized: string, version: string): string =>
  `${built}-${version}.tar.gz: filename: Filename '${built}-${version}.tar.gz' is invalid, should be '${normalized}-${version}.tar.gz'.`

describe("PyPI's rules on real backends' builds", () => {
  const built: Record<string, BuildArtifact[]> = {}
  beforeAll(async () => {
    for (const name of ['hatch-basic', 'poetry-docs', 'setuptools-basic', 'setuptools-cfg', 'flit-basic', 'platform-wheels']) built[name] = await build(name)
    built['c-extension'] = await build('c-extension', async dir => {
      await cp(join(PROJECTS, 'setuptools-basic'), dir, { recursive: true })
      await writeFile(
        join(dir, 'speedup.c'),
        '#include <Python.h>\nstatic struct PyModuleDef m = {PyModuleDef_HEAD_INIT, "speedup"};\nPyMODINIT_FUNC PyInit_speedup(void) { return PyModule_Create(&m); }\n'
      )
      await writeFile(join(dir, 'setup.py'), 'from setuptools import Extension, setup\nsetup(ext_modules=[Extension("speedup", ["speedup.c"])])\n')
    })
  }, 300_000)

  it('takes hatchling and a PEP 639 in-tree backend as they build (Metadata 2.1 to 2.4, Markdown readmes)', async () => {
    expect(await breaches(built['hatch-basic']!)).toEqual([])
    expect(await breaches(built['platform-wheels']!)).toEqual([])
  })

  it("refuses the poetry fixture's author@example.invalid, as PyPI does (forklift/metadata.py:148-161: email_validator refuses special-use domains)", async () => {
    const found = await breaches(built['poetry-docs']!)
    expect(found).toHaveLength(2)
    for (const message of found) {
      expect(message).toMatch(
        /^poetry_docs-0\.9\.2(\.tar\.gz|-py3-none-any\.whl): Author-email: 'author@example\.invalid' is not a valid email address: The part after the @-sign is a special-use or reserved name that cannot be used with email\. See https:\/\/packaging\.python\.org\/specifications\/core-metadata for more information\.$/
      )
    }
  })

  it("refuses only the pre-PEP 625 sdist names of Debian's setuptools and flit (legacy.py:1389)", async () => {
    const [setuptools, cfg, flit] = [built['setuptools-basic']!, built['setuptools-cfg']!, built['flit-basic']!]
    const sdistOf = (artifacts: BuildArtifact[]): BuildArtifact => artifacts.find(a => a.format === 'sdist')!
    for (const artifacts of [setuptools, cfg, flit]) {
      const sdist = sdistOf(artifacts)
      const [name, version] = [sdist.filename.slice(0, sdist.filename.lastIndexOf('-')), sdist.metadata.version]
      const expected = name.includes('-') ? [sdistName(name, name.replace(/-/g, '_'), version)] : []
      expect(await breaches(artifacts)).toEqual(expected)
    }
  })

  it('refuses the linux_x86_64 wheel of a C extension compiled here, and nothing else of it (legacy.py:1446)', async () => {
    const artifacts = built['c-extension']!
    const wheel = artifacts.find(a => a.format === 'wheel')!
    expect(wheel.filename).toMatch(/-linux_x86_64\.whl$/)
    const found = await breaches(artifacts)
    expect(found.filter(message => message.startsWith(wheel.filename))).toEqual([
      `${wheel.filename}: filename: Binary wheel '${wheel.filename}' has an unsupported platform tag 'linux_x86_64'.`
    ])
  })
})
