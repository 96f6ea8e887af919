// Inspection of built files, on small archives written here with Python's zipfile and tarfile
// (Debian's backends write Metadata-Version 2.1, so 2.4 features need archives of our own).
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { BuildError, describeArtifact } from '../src/build/builder.js'
import { expandTags, parseCsvLine, wheelTagProblems, type WheelClaims } from '../src/build/inspect.js'
import { PYTHON } from './helpers/action.js'

// Writes a wheel (zip, with a RECORD computed from the members unless told otherwise) or an sdist (tar.gz).
const MAKE = String.raw`
import base64, hashlib, io, json, sys, tarfile, zipfile
path, spec = sys.argv[1], json.loads(sys.argv[2])
members = spec["members"]
if path.endswith(".whl"):
    with zipfile.ZipFile(path, "w") as z:
        lines = []
        for m in members:
            data = m.get("content", "").encode()
            info = zipfile.ZipInfo(m["name"], (2020, 1, 1, 0, 0, 0))
            if m.get("symlink"):
                info.external_attr = (0o120777 << 16)
                data = m["symlink"].encode()
            z.writestr(info, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            lines.append(f"{m['name']},sha256={digest},{len(data)}")
        if spec.get("record", True):
            dist_info = next(m["name"].split("/")[0] for m in members if m["name"].endswith(".dist-info/METADATA"))
            lines.append(f"{dist_info}/RECORD,,")
            record = "\n".join(lines) + "\n"
            for old, new in spec.get("record_replace", []):
                record = record.replace(old, new)
            z.writestr(f"{dist_info}/RECORD", record)
else:
    with tarfile.open(path, "w:gz", format=tarfile.PAX_FORMAT) as t:
        for m in members:
            info = tarfile.TarInfo(m["name"])
            if m.get("symlink") is not None:
                info.type, info.linkname = tarfile.SYMTYPE, m["symlink"]
                t.addfile(info)
            else:
                data = m.get("content", "").encode()
                info.size = len(data)
                t.addfile(info, io.BytesIO(data))
`

const METADATA = (extra = '', version = '1.0') => `Metadata-Version: ${version}\nName: demo\nVersion: 1.0\nSummary: demo\n${extra}`
const WHEEL = 'Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n'

let dir: string
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pra-inspect-'))
})
afterAll(() => {
  rmSync(dir, { recursive: true, force: true })
})

type Member = { name: string; content?: string; symlink?: string }
function make(filename: string, members: Member[], options: { record?: boolean; record_replace?: Array<[string, string]> } = {}): string {
  const path = join(dir, filename)
  const made = spawnSync(PYTHON, ['-c', MAKE, path, JSON.stringify({ members, ...options })])
  expect(made.stderr.toString()).toBe('')
  return path
}

const wheelMembers = (metadata = METADATA(), extra: Member[] = []): Member[] => [
  { name: 'demo/__init__.py', content: 'x = 1\n' },
  { name: 'demo-1.0.dist-info/METADATA', content: metadata },
  { name: 'demo-1.0.dist-info/WHEEL', content: WHEEL },
  ...extra
]
const sdistMembers = (metadata = METADATA(), extra: Member[] = []): Member[] => [
  { name: 'demo-1.0/PKG-INFO', content: metadata },
  { name: 'demo-1.0/pyproject.toml', content: '[project]\nname = "demo"\n' },
  { name: 'demo-1.0/demo/__init__.py', content: 'x = 1\n' },
  ...extra
]

async function problems(path: string): Promise<string> {
  try {
    await describeArtifact(path)
  } catch (error) {
    expect(error).toBeInstanceOf(BuildError)
    return (error as Error).message
  }
  throw new Error(`${path} passed inspection`)
}

describe('inspection', () => {
  it('passes a sound wheel and sdist, counting files and naming the largest', async () => {
    const metadata = METADATA('License-Expression: MIT\nLicense-File: LICENSE\nDescription-Content-Type: text/markdown\n\n# Demo\n', '2.4')
    const license = { name: 'demo-1.0.dist-info/licenses/LICENSE', content: 'MIT License\n'.repeat(20) }
    const wheel = await describeArtifact(make('demo-1.0-py3-none-any.whl', wheelMembers(metadata, [license])))
    expect(wheel.contents).toEqual({
      files: 5,
      largest: [
        { name: 'demo-1.0.dist-info/RECORD', size: expect.any(Number) },
        { name: 'demo-1.0.dist-info/licenses/LICENSE', size: 240 },
        { name: 'demo-1.0.dist-info/METADATA', size: expect.any(Number) }
      ],
      warnings: [],
      record: [],
      // the tags its WHEEL file states, verified equal to its filename's
      wheel: { tags: ['py3-none-any'], purelib: true }
    })
    const sdist = await describeArtifact(
      make('demo-1.0.tar.gz', sdistMembers(METADATA('License-File: LICENSE\n', '2.4'), [{ name: 'demo-1.0/LICENSE', content: 'MIT' }]))
    )
    expect(sdist.contents?.warnings).toEqual([])
    expect(sdist.metadata).toMatchObject({ name: 'demo', version: '1.0', metadataVersion: '2.4' })
  })

  it('sets apart a wheel whose RECORD hash or size is wrong (PyPI takes it: warehouse/utils/wheel.py e-mails the owners), and refuses one without RECORD (legacy.py:1540-1556)', async () => {
    const altered = make('demo-1.0-py3-none-any.whl', wheelMembers(), { record_replace: [['demo/__init__.py,sha256=', 'demo/__init__.py,sha256=AAAA']] })
    expect((await describeArtifact(altered)).contents?.record).toEqual([
      expect.stringMatching(/the sha256 of 'demo\/__init__.py' does not match demo-1.0.dist-info\/RECORD/)
    ])
    const resized = make('demo-1.0-py3-none-any.whl', wheelMembers(), { record_replace: [[',6\n', ',7\n']] })
    expect((await describeArtifact(resized)).contents?.record).toEqual([
      expect.stringMatching(/'demo\/__init__.py' is 6 bytes, but demo-1.0.dist-info\/RECORD says 7/)
    ])
    const unrecorded = make('demo-1.0-py3-none-any.whl', wheelMembers(), { record: false })
    expect(await problems(unrecorded)).toMatch(/has no demo-1.0.dist-info\/RECORD/)
  })

  it("refuses a wheel with a '../' entry and a symlink leaving the archive, extracting nothing", async () => {
    expect(await problems(make('demo-1.0-py3-none-any.whl', wheelMembers(METADATA(), [{ name: '../evil.py', content: 'boom' }])))).toMatch(
      /demo-1.0-py3-none-any.whl cannot be read as a wheel: invalid relative path: \.\.\/evil\.py/
    )
    expect(await problems(make('demo-1.0-py3-none-any.whl', wheelMembers(METADATA(), [{ name: 'demo/link', symlink: '../../../etc/passwd' }])))).toMatch(
      /has a symbolic link 'demo\/link' to '..\/..\/..\/etc\/passwd', outside the archive/
    )
  })

  it('refuses a tar with an absolute path, a .. path or a link out of the archive', async () => {
    expect(await problems(make('demo-1.0.tar.gz', sdistMembers(METADATA(), [{ name: '/etc/cron.d/evil', content: 'x' }])))).toMatch(
      /has an entry with an absolute path: '\/etc\/cron.d\/evil'/
    )
    expect(await problems(make('demo-1.0.tar.gz', sdistMembers(METADATA(), [{ name: 'demo-1.0/../../evil', content: 'x' }])))).toMatch(
      /has an entry with a '\.\.' component/
    )
    expect(await problems(make('demo-1.0.tar.gz', sdistMembers(METADATA(), [{ name: 'demo-1.0/data', symlink: '/etc/shadow' }])))).toMatch(
      /has a symbolic link 'demo-1.0\/data' to '\/etc\/shadow', outside the archive/
    )
  })

  it('refuses a filename whose version or name differs from the metadata', async () => {
    expect(await problems(make('demo-1.1-py3-none-any.whl', wheelMembers()))).toMatch(/has version '1.1' in its name, but its metadata says '1.0'/)
    expect(await problems(make('other-1.0.tar.gz', sdistMembers()))).toMatch(/names the project 'other', but its metadata says 'demo'/)
    expect(await problems(make('demo-1.0.whl', wheelMembers()))).toMatch(/is not a wheel filename/)
  })

  it('refuses Metadata-Version 9.9 (and 2.0), and an invalid version', async () => {
    expect(await problems(make('demo-1.0-py3-none-any.whl', wheelMembers(METADATA('', '9.9'))))).toMatch(
      /has Metadata-Version '9.9'; PyPI accepts 1.0, 1.1, 1.2, 2.1, 2.2, 2.3, 2.4, 2.5/
    )
    expect(await problems(make('demo-1.0.tar.gz', sdistMembers(METADATA('', '2.0'))))).toMatch(/Metadata-Version '2.0'/)
  })

  it('only warns of a License-File missing from Metadata 2.1 files, which PyPI does not look for (cmeel-qhull 8.0.2.1 keeps it in .dist-info/license/)', async () => {
    const wheel = await describeArtifact(
      make(
        'demo-1.0-py3-none-any.whl',
        wheelMembers(METADATA('License-File: LICENSE\n', '2.1'), [{ name: 'demo-1.0.dist-info/license/LICENSE', content: 'MIT' }])
      )
    )
    expect(wheel.contents?.warnings).toEqual([
      expect.stringMatching(/names License-File 'LICENSE', but demo-1.0.dist-info\/licenses\/LICENSE is not in the archive/)
    ])
  })

  it('refuses a License-File that is not in the archive', async () => {
    expect(await problems(make('demo-1.0-py3-none-any.whl', wheelMembers(METADATA('License-File: LICENSE\n', '2.4'))))).toMatch(
      /names License-File 'LICENSE', but demo-1.0.dist-info\/licenses\/LICENSE is not in the archive/
    )
    expect(await problems(make('demo-1.0.tar.gz', sdistMembers(METADATA('License-File: COPYING\n', '2.4'))))).toMatch(
      /names License-File 'COPYING', but demo-1.0\/COPYING is not in the archive/
    )
  })

  it('takes an sdist with setup.py and PKG-INFO only, as PyPI does (warehouse legacy.py:421-460 asks for PKG-INFO alone), and refuses a wheel without a valid WHEEL file', async () => {
    const members = sdistMembers().filter(m => !m.name.endsWith('pyproject.toml'))
    const legacy = await describeArtifact(
      make('demo-1.0.tar.gz', [...members, { name: 'demo-1.0/setup.py', content: 'from setuptools import setup\nsetup()\n' }])
    )
    expect(legacy.contents?.warnings).toEqual([
      expect.stringMatching(/has no pyproject.toml in its top directory demo-1.0\/; installers build it with setuptools' legacy backend/)
    ])
    const badWheel = wheelMembers().map(m => (m.name.endsWith('/WHEEL') ? { ...m, content: 'Wheel-Version: 2.0\n' } : m))
    const message = await problems(make('demo-1.0-py3-none-any.whl', badWheel))
    expect(message).toMatch(/WHEEL has Wheel-Version '2.0'; installers read 1.x/)
    expect(message).toMatch(/WHEEL has no Root-Is-Purelib/)
  })

  it('warns on compiled files, a top-level tests package, a duplicate entry and a missing content type', async () => {
    const wheel = await describeArtifact(
      make(
        'demo-1.0-py3-none-any.whl',
        wheelMembers(METADATA('\nA long description.\n'), [
          { name: 'demo/__pycache__/x.cpython-311.pyc', content: 'pyc' },
          { name: 'tests/__init__.py', content: '' }
        ])
      )
    )
    expect(wheel.contents?.warnings).toEqual([
      "demo-1.0-py3-none-any.whl contains 1 compiled Python files (such as 'demo/__pycache__/x.cpython-311.pyc'); exclude __pycache__ and *.pyc from the build",
      'demo-1.0-py3-none-any.whl has a long description without Description-Content-Type; PyPI will render it as reStructuredText (set readme = "README.md" or the content type)',
      "demo-1.0-py3-none-any.whl installs a top-level 'tests' package; exclude the tests from the wheel"
    ])
    const twice = await describeArtifact(make('demo-1.0.tar.gz', sdistMembers(METADATA(), [{ name: 'demo-1.0/demo/__init__.py', content: 'x = 2\n' }])))
    expect(twice.contents?.warnings).toEqual(["demo-1.0.tar.gz has the entry 'demo-1.0/demo/__init__.py' more than once"])
  })

  it('refuses a wheel whose filename claims tags its WHEEL file does not state: a pure wheel renamed for Windows (issue 26)', async () => {
    const message = await problems(make('demo-1.0-py3-none-win_amd64.whl', wheelMembers()))
    expect(message).toContain(
      'demo-1.0-py3-none-win_amd64.whl: its filename says it is for py3-none-win_amd64, but demo-1.0.dist-info/WHEEL says Tag: py3-none-any; ' +
        'the wheel was renamed after it was built'
    )
    // a wheel named with a build tag its WHEEL file does not have (pypa/wheel _commands/tags.py:106-111 refuses it too)
    expect(await problems(make('demo-1.0-1-py3-none-any.whl', wheelMembers()))).toContain(
      "demo-1.0-1-py3-none-any.whl: its filename has build tag '1', but demo-1.0.dist-info/WHEEL has Build ''"
    )
    // a compressed tag set in the name stands for the Tag lines bdist_wheel writes, one per tag (_bdist_wheel.py:483-487)
    const universal = wheelMembers().map(m =>
      m.name.endsWith('/WHEEL') ? { ...m, content: WHEEL.replace('Tag: py3-none-any\n', 'Tag: py2-none-any\nTag: py3-none-any\n') } : m
    )
    expect((await describeArtifact(make('demo-1.0-py2.py3-none-any.whl', universal))).contents?.wheel).toEqual({
      tags: ['py2-none-any', 'py3-none-any'],
      purelib: true
    })
    // a pure wheel tagged for a platform, name and WHEEL alike (bdist_wheel --plat-name, _bdist_wheel.py:326-330): a warning
    const platform = wheelMembers().map(m => (m.name.endsWith('/WHEEL') ? { ...m, content: WHEEL.replace('py3-none-any', 'py3-none-win_amd64') } : m))
    const pure = await describeArtifact(make('demo-1.0-py3-none-win_amd64.whl', platform))
    expect(pure.contents?.wheel).toEqual({ tags: ['py3-none-win_amd64'], purelib: true })
    expect(pure.contents?.warnings).toEqual([expect.stringMatching(/WHEEL says Root-Is-Purelib: true \(pure Python\), but the wheel is tagged for win_amd64/)])
  })

  it('expandTags expands a compressed tag set as packaging.tags.parse_tag does (tags.py:278-311), lower-cased (tags.py:148-150)', () => {
    expect(expandTags('py2.py3-none-any')).toEqual(['py2-none-any', 'py3-none-any'])
    expect(expandTags('cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64')).toEqual([
      'cp312-cp312-manylinux2014_x86_64',
      'cp312-cp312-manylinux_2_17_x86_64'
    ])
    expect(expandTags('PY3-None-Win_AMD64')).toEqual(['py3-none-win_amd64'])
    expect(expandTags('py3-none')).toBeUndefined()
    expect(expandTags('py3..py2-none-any')).toBeUndefined()
    // more tags than a wheel can mean: 11 × 11 × 11
    const many = Array.from({ length: 11 }, (_, i) => `a${i}`).join('.')
    expect(expandTags(`${many}-${many}-${many}`)).toBeUndefined()
  })

  it('wheelTagProblems: the same set of tags, however written; a mismatch names the file, both sets of tags', () => {
    const claims = (named: string, stated: string[], purelib: boolean | undefined = false, build?: string): WheelClaims => ({
      filename: `x-1.0-${named}.whl`,
      wheelFile: 'x-1.0.dist-info/WHEEL',
      named: { tags: named, build: undefined },
      stated: { tags: stated, build, purelib }
    })
    expect(wheelTagProblems(claims('py2.py3-none-any', ['py3-none-any', 'py2-none-any'], true))).toEqual({
      errors: [],
      warnings: [],
      verified: { tags: ['py2-none-any', 'py3-none-any'], purelib: true }
    })
    // a Tag line written compressed (not as the specification says, but the same set)
    expect(wheelTagProblems(claims('py2.py3-none-any', ['py2.py3-none-any'])).errors).toEqual([])
    expect(wheelTagProblems(claims('py2.py3-none-any', ['py3-none-any'])).errors).toEqual([
      'x-1.0-py2.py3-none-any.whl: its filename says it is for py2-none-any, py3-none-any, but x-1.0.dist-info/WHEEL says Tag: py3-none-any; ' +
        'the wheel was renamed after it was built (installers, indexes and expect-wheels go by the name). ' +
        'Publish the wheel as its backend named it, or retag it with `wheel tags`, which rewrites the name and the WHEEL file together'
    ])
    expect(wheelTagProblems(claims('cp312-cp312-win_amd64', ['cp312-cp312-win_amd64', 'cp312-cp312-win32'])).verified).toBeUndefined()
    expect(wheelTagProblems(claims('cp312-cp312-win_amd64', ['cp312-cp312'])).errors).toEqual([
      "x-1.0-cp312-cp312-win_amd64.whl: x-1.0.dist-info/WHEEL has 'Tag: cp312-cp312', which is not a python-abi-platform tag"
    ])
    expect(wheelTagProblems(claims('cp312-cp312-win_amd64', ['cp312-cp312-win_amd64'], false, '2')).errors).toEqual([
      expect.stringContaining("its filename has build tag '', but x-1.0.dist-info/WHEEL has Build '2'")
    ])
    // pure and tagged for a platform: allowed, with a warning; not pure and `any`: nothing to say
    expect(wheelTagProblems(claims('py3-none-macosx_11_0_arm64', ['py3-none-macosx_11_0_arm64'], true)).warnings).toEqual([
      expect.stringContaining('says Root-Is-Purelib: true (pure Python), but the wheel is tagged for macosx_11_0_arm64')
    ])
    expect(wheelTagProblems(claims('py3-none-any', ['py3-none-any'], false))).toEqual({
      errors: [],
      warnings: [],
      verified: { tags: ['py3-none-any'], purelib: false }
    })
  })

  it('reads RECORD lines as CSV, quotes and all', () => {
    expect(parseCsvLine('demo/a,b.py,sha256=x,3')).toEqual(['demo/a', 'b.py', 'sha256=x', '3'])
    expect(parseCsvLine('"demo/a,b.py",sha256=x,3')).toEqual(['demo/a,b.py', 'sha256=x', '3'])
    expect(parseCsvLine('"say ""hi"".py",,')).toEqual(['say "hi".py', '', ''])
  })
})
