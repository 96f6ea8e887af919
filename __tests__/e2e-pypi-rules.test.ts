// PyPI's own upload rules in preflight, end to end through the bundled action (node dist/index.js): a maintainer's
// publish job (`stages: preflight,publish`, prebuilt files in `dist-dir`, targets testpypi, pypi and local) on the
// sample project's real build, each case one change that pypi/warehouse (6b62157) refuses, citing the line. Nothing
// reaches any target while one file breaks a rule; the valid files then publish TestPyPI first, wheels before the
// sdist, and a re-run is green without uploading twice; an index that refuses anyway leaves a report of where
// every file is.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { cp, mkdtemp, readdir, readFile, rename, rm, unlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { basename, join } from 'node:path'
import { PyPIIndex } from '../test/servers/pypi-index.js'
import { buildSample } from './helpers/builds.js'
import { PYTHON, ROOT, runAction, workspaceWith, type ActionRun } from './helpers/action.js'

// Rewrites the core metadata of a wheel (METADATA, with RECORD's line for it) or an sdist (PKG-INFO): one edit.
const EDIT = String.raw`
import base64, hashlib, io, json, re, sys, tarfile, zipfile
path, edit = sys.argv[1], json.loads(sys.argv[2])
def change(text):
    if "add" in edit:
        head, sep, body = text.partition("\n\n")
        text = head + "\n" + edit["add"] + sep + body
    if "sub" in edit:
        text, n = re.subn(edit["sub"][0], edit["sub"][1], text, count=1, flags=re.M)
        assert n == 1, edit["sub"][0]
    return text + edit.get("append", "")
if path.endswith(".whl"):
    with zipfile.ZipFile(path) as z:
        entries = [(i, z.read(i)) for i in z.infolist()]
    meta = next(i.filename for i, _ in entries if i.filename.endswith(".dist-info/METADATA"))
    data = {i.filename: d for i, d in entries}
    data[meta] = change(data[meta].decode()).encode()
    record = next(n for n in data if n.endswith(".dist-info/RECORD"))
    lines = [l for l in data[record].decode().splitlines() if not l.startswith(meta + ",")]
    digest = base64.urlsafe_b64encode(hashlib.sha256(data[meta]).digest()).rstrip(b"=").decode()
    lines.insert(0, f"{meta},sha256={digest},{len(data[meta])}")
    data[record] = ("\n".join(lines) + "\n").encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for i, _ in entries:
            if edit.get("comment") and i.filename == meta:
                i.comment = edit["comment"].encode()
            z.writestr(i, data[i.filename])
else:
    with tarfile.open(path) as t:
        members = [(m, t.extractfile(m).read() if m.isfile() else None) for m in t.getmembers()]
    with tarfile.open(path, "w:gz", format=tarfile.PAX_FORMAT) as t:
        for m, d in members:
            if m.name.count("/") == 1 and m.name.endswith("/PKG-INFO"):
                d = change(d.decode()).encode()
                m.size = len(d)
            t.addfile(m, io.BytesIO(d) if d is not None else None)
`

function edit(path: string, change: { add?: string; sub?: [string, string]; append?: string; comment?: string }): void {
  const done = spawnSync(PYTHON, ['-c', EDIT, path, JSON.stringify(change)], { encoding: 'utf8' })
  if (done.status !== 0) throw new Error(done.stderr)
}

describe("PyPI's upload rules stop a release before any upload (through the bundle)", () => {
  let pypi: PyPIIndex
  let testpypi: PyPIIndex
  let built: string[]
  let workspace: string

  beforeAll(async () => {
    ;[pypi, testpypi] = await Promise.all([new PyPIIndex().start(), new PyPIIndex().start()])
    built = (await buildSample('1700000000')).map(artifact => artifact.path)
    workspace = await mkdtemp(join(tmpdir(), 'pra-rules-'))
  })
  afterAll(async () => Promise.all([pypi.stop(), testpypi.stop()]))

  /** A dist-dir of the valid files, with `change` applied to one of them. */
  async function distDir(change?: (wheel: string, sdist: string) => Promise<void> | void): Promise<string> {
    const dir = await mkdtemp(join(workspace, 'dist-'))
    for (const file of built) await cp(file, join(dir, basename(file)))
    const names = await readdir(dir)
    const wheel = join(
      dir,
      names.find(n => n.endsWith('.whl'))!
    )
    const sdist = join(
      dir,
      names.find(n => n.endsWith('.tar.gz'))!
    )
    await change?.(wheel, sdist)
    return dir
  }

  const publish = (dir: string, more: Record<string, string> = {}): Promise<ActionRun> =>
    runAction(workspace, {
      stages: 'preflight,publish',
      'dist-dir': dir,
      targets: 'pypi,testpypi,local',
      'local-dir': join(dir, 'released'),
      python: PYTHON,
      'repository-url': pypi.uploadUrl,
      password: pypi.userToken,
      'testpypi-repository-url': testpypi.uploadUrl,
      'testpypi-password': testpypi.userToken,
      ...more
    })
  const errors = (run: ActionRun): string[] => run.annotations.filter(a => a.level === 'error').map(a => a.message)

  async function assertRefusedEverywhere(run: ActionRun, dir: string, pattern: RegExp): Promise<void> {
    expect(run.code).toBe(1)
    expect(errors(run).join('\n')).toMatch(pattern)
    expect([pypi.uploads.length, testpypi.uploads.length]).toEqual([0, 0])
    expect(await readdir(join(dir, 'released')).catch(() => [])).toEqual([])
  }

  it.each([
    [
      'a deprecated classifier (forklift/metadata.py:170-189)',
      (wheel: string) => edit(wheel, { add: 'Classifier: Natural Language :: Ukranian' }),
      /Classifier: PyPI would refuse it \(HTTP 400\): The classifier 'Natural Language :: Ukranian' has been deprecated, use one of \['Natural Language :: Ukrainian'\] instead\./
    ],
    [
      'License beside License-Expression (forklift/metadata.py:279-288)',
      // the sample's License: MIT (hatchling's license.text) and a License-Expression, under the Metadata-Version that has it
      (wheel: string) => edit(wheel, { sub: ['^Metadata-Version: .*$', 'Metadata-Version: 2.4\nLicense-Expression: MIT'] }),
      /License is deprecated when License-Expression is present\. Only License-Expression should be present\./
    ],
    [
      'a Project-URL label over 32 characters (forklift/metadata.py:208-216)',
      (_wheel: string, sdist: string) => edit(sdist, { add: 'Project-URL: A label that is far longer than thirty-two, https://example.com' }),
      /'A label that is far longer than thirty-two' must be 32 characters or less\./
    ],
    [
      "charset=utf-8 in lower case (packaging 26.2's metadata.py:633-636, the release warehouse pins, compares exactly)",
      (wheel: string) => edit(wheel, { sub: ['^Description-Content-Type: text/markdown$', 'Description-Content-Type: text/markdown; charset=utf-8'] }),
      /'description-content-type' can only specify the UTF-8 charset, not 'utf-8'/
    ],
    [
      'an unnormalized sdist name, as an old backend writes it (forklift/legacy.py:1389, PEP 625)',
      async (_wheel: string, sdist: string) => rename(sdist, join(sdist, '..', basename(sdist).replace(/^sample_greeter/, 'Sample-Greeter'))),
      /Filename 'Sample-Greeter-[\d.]+\.tar\.gz' is invalid, should be 'sample_greeter-[\d.]+\.tar\.gz'\./
    ],
    [
      'a wheel whose METADATA entry has a comment (utils/zipfiles.py:177: Comment in central directory)',
      (wheel: string) => edit(wheel, { comment: 'hello' }),
      /ZIP archive not accepted: Comment in central directory\. See https:\/\/docs\.pypi\.org\/archives for more information/
    ],
    [
      'a reST description that does not render (forklift/legacy.py:902-931)',
      (wheel: string) =>
        edit(wheel, { sub: ['^Description-Content-Type: text/markdown$', 'Description-Content-Type: text/x-rst'], append: '\n.. no-such-directive::\n' }),
      /The description failed to render for 'text\/x-rst'\./
    ]
  ])('%s: nothing is published anywhere', async (_name, change, pattern) => {
    const dir = await distDir(change as (wheel: string, sdist: string) => Promise<void>)
    const run = await publish(dir)
    await assertRefusedEverywhere(run, dir, pattern)
  })

  it("a receiving job without Python judges a reST description by the build job's render, carried in its verified manifest", async () => {
    // the build job: a README.rst that docutils refuses (an unknown directive), rendered there with readme_renderer
    const { workspace: buildSpace, project } = await workspaceWith(join(ROOT, 'examples', 'sample-project'))
    await writeFile(join(project, 'README.rst'), 'Sample greeter\n==============\n\n.. no-such-directive::\n')
    const pyproject = join(project, 'pyproject.toml')
    await writeFile(pyproject, (await readFile(pyproject, 'utf8')).replace('readme = "README.md"', 'readme = "README.rst"'))
    const build = await runAction(buildSpace, { 'project-dir': 'sub', stages: 'build', 'upload-artifact': 'false', python: PYTHON, 'build-isolation': 'false' })
    expect({ code: build.code, errors: errors(build) }).toEqual({ code: 0, errors: [] })
    const handedOver = build.outputs['dist-dir']!
    const manifest = (await readdir(handedOver)).find(name => name.startsWith('release-manifest'))!
    expect(JSON.parse(await readFile(join(handedOver, manifest), 'utf8')).files[0].description).toMatchObject({ renders: false })
    // the publish job has no interpreter at all
    const own = await new PyPIIndex().start()
    const receive = (dir: string): Promise<ActionRun> =>
      runAction(workspace, {
        stages: 'preflight,publish',
        'dist-dir': dir,
        targets: 'pypi',
        python: '/nonexistent/python3',
        'repository-url': own.uploadUrl,
        password: own.userToken
      })
    try {
      const refused = await receive(handedOver)
      expect(refused.code).toBe(1)
      expect(errors(refused).join('\n')).toMatch(/The description failed to render for 'text\/x-rst'\..*\(readme_renderer/)
      expect(own.uploads).toEqual([])
      // without the manifest nothing vouches for a render: a warning says it was not checked
      await unlink(join(handedOver, manifest))
      const unvouched = await receive(handedOver)
      expect(unvouched.annotations).toContainEqual(
        expect.objectContaining({
          level: 'warning',
          message: expect.stringMatching(/could not be rendered here \(neither readme_renderer nor docutils imports in '\/nonexistent\/python3'\)/)
        })
      )
    } finally {
      await own.stop()
    }
  })

  it('the valid files publish: TestPyPI before PyPI, wheels before the sdist; a re-run is green and uploads nothing', async () => {
    const dir = await distDir()
    const first = await publish(dir)
    expect({ code: first.code, errors: errors(first) }).toEqual({ code: 0, errors: [] })
    const published = JSON.parse(first.outputs['published'] ?? '[]') as Array<{ target: string; uploaded: string[] }>
    expect(published.map(p => p.target)).toEqual(['local', 'testpypi', 'pypi'])
    for (const index of [testpypi, pypi]) expect(index.uploads.map(u => u.filename?.endsWith('.whl'))).toEqual([true, false])
    const firstUpload = (index: PyPIIndex): number => first.stdout.indexOf(`${new URL(index.uploadUrl).host}: uploading`)
    expect(firstUpload(testpypi)).toBeGreaterThan(-1)
    expect(firstUpload(testpypi)).toBeLessThan(firstUpload(pypi))
    const again = await publish(dir)
    expect({ code: again.code, errors: errors(again) }).toEqual({ code: 0, errors: [] })
    expect([pypi.uploads.length, testpypi.uploads.length]).toEqual([2, 2])
    await rm(dir, { recursive: true, force: true })
  })

  it('an index that refuses an upload anyway leaves a report of which files are out where, and a re-run completes the release', async () => {
    const [own, ownTest] = await Promise.all([new PyPIIndex().start(), new PyPIIndex().start()])
    try {
      const dir = await distDir()
      const run = (): Promise<ActionRun> =>
        publish(dir, {
          'repository-url': own.uploadUrl,
          password: own.userToken,
          'testpypi-repository-url': ownTest.uploadUrl,
          'testpypi-password': ownTest.userToken
        })
      // PyPI refuses its first upload (the wheel) with a 400 nothing foresaw, after TestPyPI took both files
      own.inject({ on: 'upload', status: 400, page: 'Something PyPI refuses', times: 1 })
      const failed = await run()
      expect(failed.code).toBe(1)
      const report = errors(failed).find(message => message.includes('Where the files are now'))
      expect(report).toMatch(
        /Where the files are now: local: 2 of 2 files \(.*\); testpypi: 2 of 2 files \(.*\); pypi: nothing\. A re-run keeps what is published and completes the rest\./
      )
      expect([ownTest.uploads.filter(u => u.status === 200).length, own.files.length]).toEqual([2, 0])
      const rerun = await run()
      expect({ code: rerun.code, errors: errors(rerun) }).toEqual({ code: 0, errors: [] })
      expect([ownTest.uploads.filter(u => u.status === 200).length, own.files.length]).toEqual([2, 2])
    } finally {
      await Promise.all([own.stop(), ownTest.stop()])
    }
  })
})
