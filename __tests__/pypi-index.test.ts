// The local index against twine (Debian's, a client nobody here wrote): what twine uploads is accepted
// and served back by the JSON and Simple APIs; what warehouse refuses, twine reports with warehouse's message.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { mkdtemp, readFile, readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PyPIIndex } from '../test/servers/pypi-index.js'
import { PYTHON, ROOT, run } from './helpers/action.js'

const SAMPLE = join(ROOT, 'examples', 'sample-project')

/** Writes a minimal wheel (METADATA, WHEEL, RECORD) with the given metadata name, version and filename. */
async function wheel(dir: string, filename: string, name: string, version: string): Promise<string> {
  const script = `
import base64, hashlib, sys, zipfile
path, name, version = sys.argv[1:4]
dist = path.split('/')[-1].split('-')[0] + '-' + path.split('/')[-1].split('-')[1] + '.dist-info'
files = {
  'pkg/__init__.py': b'',
  dist + '/METADATA': f'Metadata-Version: 2.1\\nName: {name}\\nVersion: {version}\\nSummary: test\\n'.encode(),
  dist + '/WHEEL': b'Wheel-Version: 1.0\\nGenerator: test\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n',
}
record = ''.join(f"{k},sha256={base64.urlsafe_b64encode(hashlib.sha256(v).digest()).rstrip(b'=').decode()},{len(v)}\\n" for k, v in files.items())
with zipfile.ZipFile(path, 'w') as z:
  for k, v in files.items(): z.writestr(k, v)
  z.writestr(dist + '/RECORD', record + dist + '/RECORD,,\\n')
`
  const path = join(dir, filename)
  const result = await run(PYTHON, ['-c', script, path, name, version], dir)
  if (result.code !== 0) throw new Error(result.stderr)
  return path
}

/** What twine printed, without colours and with its line wrapping undone. */
const said = (result: { stdout: string; stderr: string }): string =>
  (result.stdout + result.stderr).replace(/\x1b\[[0-9;]*m/g, '').replace(/\s+/g, ' ')

describe('local index with twine', () => {
  let index: PyPIIndex
  let dists: string[]
  let work: string
  const twine = (token: string, files: string[], url = index.uploadUrl): ReturnType<typeof run> =>
    run('/usr/bin/env', ['TWINE_NON_INTERACTIVE=1', 'twine', 'upload', '--disable-progress-bar', '--repository-url', url, '-u', '__token__', '-p', token, ...files], work)

  beforeAll(async () => {
    index = await new PyPIIndex().start()
    work = await mkdtemp(join(tmpdir(), 'pra-twine-'))
    const out = join(work, 'dist')
    const built = await run(PYTHON, ['-m', 'build', '--no-isolation', '--skip-dependency-check', '--outdir', out, SAMPLE], work)
    if (built.code !== 0) throw new Error(built.stderr)
    dists = (await readdir(out)).sort().map(f => join(out, f))
  })
  afterAll(async () => index.stop())

  it('accepts what twine uploads and serves it back through the JSON and Simple APIs', async () => {
    const result = await twine(index.userToken, dists)
    expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' })
    expect(index.files.map(f => f.filename).sort()).toEqual(dists.map(d => d.split('/').pop()).sort())

    const json = (await (await fetch(`${index.origin}/pypi/sample-greeter/json`)).json()) as any
    expect(json.info).toMatchObject({ name: 'sample-greeter', version: '0.3.1' })
    for (const dist of dists) {
      const sha256 = createHash('sha256').update(await readFile(dist)).digest('hex')
      const listed = json.releases['0.3.1'].find((f: any) => f.filename === dist.split('/').pop())
      expect(listed.digests.sha256).toBe(sha256)
      const served = Buffer.from(await (await fetch(listed.url)).arrayBuffer())
      expect(createHash('sha256').update(served).digest('hex')).toBe(sha256)
    }
    const simple = await fetch(`${index.origin}/simple/sample_greeter/`.replace('sample_greeter', 'sample-greeter'), {
      headers: { Accept: 'application/vnd.pypi.simple.v1+json' }
    })
    expect(simple.headers.get('content-type')).toBe('application/vnd.pypi.simple.v1+json')
    expect(((await simple.json()) as any).files).toHaveLength(2)
    expect((await fetch(`${index.origin}/pypi/sample-greeter/9.9/json`)).status).toBe(404)
  })

  it('treats the same file again as a no-op, and other content under its name as "File already exists"', async () => {
    const again = await twine(index.userToken, dists)
    expect(again.code).toBe(0)
    expect(index.files).toHaveLength(2)

    const other = join(work, 'other')
    await run('mkdir', ['-p', other], work)
    const wheelName = dists.find(d => d.endsWith('.whl'))?.split('/').pop() as string
    const changed = await wheel(other, wheelName, 'sample-greeter', '0.3.1')
    const refused = await twine(index.userToken, [changed])
    expect(refused.code).not.toBe(0)
    expect(said(refused)).toMatch(/400 Bad Request|File already exists/)
    expect(index.uploads.at(-1)?.message).toMatch(new RegExp(`^File already exists \\('${wheelName.replace(/\./g, '\\.')}', with blake2_256 hash '[0-9a-f]{64}'\\)`))
    expect(said(refused)).toContain('File already exists')
  })

  it("answers bad credentials and another project's token with warehouse's 403 messages", async () => {
    const wrong = await twine('pypi-not-a-token', dists.slice(0, 1))
    expect(wrong.code).not.toBe(0)
    expect(said(wrong)).toContain('Invalid or non-existent authentication information')
    const scoped = await twine(index.projectToken('some-other-project'), dists.slice(0, 1))
    expect(scoped.code).not.toBe(0)
    expect(said(scoped)).toContain("Invalid API Token: project-scoped token is not valid for project: 'sample-greeter'")
  })

  it('refuses a local version, a linux_x86_64 wheel and a filename that disagrees with the metadata', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pra-twine-bad-'))
    const cases: Array<[string, string, string, RegExp]> = [
      ['demo-1.0+local-py3-none-any.whl', 'demo', '1.0+local', /'1\.0\+local' is an invalid value for Version\. Error: Can't use PEP 440 local versions\./],
      ['demo-1.0-cp311-cp311-linux_x86_64.whl', 'demo', '1.0', /Binary wheel 'demo-1\.0-cp311-cp311-linux_x86_64\.whl' has an unsupported platform tag 'linux_x86_64'\./],
      ['demo-1.1-py3-none-any.whl', 'demo', '1.0', /Version in filename should be '1\.0' not '1\.1'\./]
    ]
    for (const [filename, name, version, message] of cases) {
      const result = await twine(index.userToken, [await wheel(dir, filename, name, version)])
      expect(result.code).not.toBe(0)
      expect(index.uploads.at(-1)?.message).toMatch(message)
      expect(said(result)).toMatch(message)
    }
    expect(index.files.some(f => f.project === 'demo')).toBe(false)
  })

  it('refuses a file over the size limit', async () => {
    const small = await new PyPIIndex({ maxFileSize: 1000 }).start()
    try {
      const result = await twine(small.userToken, dists.filter(d => d.endsWith('.tar.gz')), small.uploadUrl)
      expect(result.code).not.toBe(0)
      expect(said(result)).toContain("File too large. Limit for project 'sample-greeter' is 0 MB")
      expect(small.files).toHaveLength(0)
    } finally {
      await small.stop()
    }
  })
})

describe('local index protocol details', () => {
  let index: PyPIIndex
  beforeAll(async () => {
    index = await new PyPIIndex({ visibilityDelayMs: 300 }).start()
  })
  afterAll(async () => index.stop())

  const form = (fields: Record<string, string>, content: Buffer, filename: string): FormData => {
    const data = new FormData()
    for (const [name, value] of Object.entries(fields)) data.append(name, value)
    data.append('content', new Blob([content]), filename)
    return data
  }
  const auth = (): Record<string, string> => ({ Authorization: `Basic ${Buffer.from(`__token__:${index.userToken}`).toString('base64')}` })
  const base = { ':action': 'file_upload', protocol_version: '1', metadata_version: '2.1', name: 'demo', version: '2.0', filetype: 'sdist', pyversion: 'source' }

  it('puts the message in the reason phrase and an HTML body; checks the digests it is given', async () => {
    const content = Buffer.from('not really a tarball')
    const response = await fetch(index.uploadUrl, {
      method: 'POST',
      headers: auth(),
      body: form({ ...base, sha256_digest: '0'.repeat(64) }, content, 'demo-2.0.tar.gz')
    })
    expect(response.status).toBe(400)
    expect(response.statusText).toBe('The digest supplied does not match a digest calculated from the uploaded file.')
    expect(await response.text()).toContain('<h1>400 The digest supplied does not match a digest calculated from the uploaded file.</h1>')

    const legacyName = await fetch(index.uploadUrl, {
      method: 'POST',
      headers: auth(),
      body: form({ ...base, sha256_digest: createHash('sha256').update(content).digest('hex') }, content, 'Demo-2.0.tar.gz')
    })
    expect(legacyName.statusText).toBe(
      "Invalid source distribution filename: 'Demo-2.0.tar.gz' should be 'demo-2.0.tar.gz'. See https://packaging.python.org/specifications/source-distribution-format/ for more information."
    )
    const unknownVersion = await fetch(index.uploadUrl, { method: 'POST', headers: auth(), body: form({ ...base, metadata_version: '9.9', md5_digest: 'x' }, content, 'demo-2.0.tar.gz') })
    expect(unknownVersion.statusText).toMatch(/^'9\.9' is an invalid value for Metadata-Version\./)
    const v20 = await fetch(index.uploadUrl, { method: 'POST', headers: auth(), body: form({ ...base, metadata_version: '2.0', md5_digest: 'x' }, content, 'demo-2.0.tar.gz') })
    expect(v20.status).toBe(400)
  })

  it('shows a new file in the JSON API only after the visibility delay', async () => {
    const content = Buffer.from('sdist bytes')
    const sha256 = createHash('sha256').update(content).digest('hex')
    const ok = await fetch(index.uploadUrl, { method: 'POST', headers: auth(), body: form({ ...base, sha256_digest: sha256 }, content, 'demo-2.0.tar.gz') })
    expect(ok.status).toBe(200)
    expect((await fetch(`${index.origin}/pypi/demo/json`)).status).toBe(404)
    await new Promise(resolve => setTimeout(resolve, 350))
    const json = (await (await fetch(`${index.origin}/pypi/demo/2.0/json`)).json()) as any
    expect(json.urls[0].digests.sha256).toBe(sha256)

    const second = Buffer.from('another sdist')
    const again = await fetch(index.uploadUrl, {
      method: 'POST',
      headers: auth(),
      body: form({ ...base, version: '2.0.0', sha256_digest: createHash('sha256').update(second).digest('hex') }, second, 'demo-2.0.0.tar.gz')
    })
    expect(again.status).toBe(400)
    expect(again.statusText).toBe('Only one sdist may be uploaded per release.')
  })
})
