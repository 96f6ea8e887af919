// The pypi/testpypi target in-process against the local index: real builds of the sample project
// (hatchling, so a rebuild with another SOURCE_DATE_EPOCH has new bytes and the same members),
// preflight's per-file decisions, uploads, verification and the index's refusals explained.
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { cp, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describeArtifact } from '../src/build/builder.js'
import { IndexTarget, type IndexTargetOptions } from '../src/publish/pypi.js'
import { locateIndex } from '../src/publish/index-api.js'
import { DistributionTarget, type BuildArtifact } from '../src/types.js'
import { PyPIIndex } from '../test/servers/pypi-index.js'
import { PYTHON, ROOT } from './helpers/action.js'

const SAMPLE = join(ROOT, 'examples', 'sample-project')
const FAST_RETRY = { attempts: 4, baseDelayMs: 20, maxDelayMs: 200 }

/** Builds the sample project (optionally changed) with a given SOURCE_DATE_EPOCH; the described files, wheel first. */
async function build(epoch: string, change?: (project: string) => Promise<void>): Promise<BuildArtifact[]> {
  const work = await mkdtemp(join(tmpdir(), 'pra-pypi-'))
  const project = join(work, 'project')
  await cp(SAMPLE, project, { recursive: true, filter: source => !/(__pycache__|\.pytest_cache|\/dist$|\/reports$)/.test(source) })
  if (change) await change(project)
  const out = join(work, 'dist')
  const built = await new Promise<{ code: number | null; stderr: string }>(resolve => {
    const child = spawn(PYTHON, ['-m', 'build', '--no-isolation', '--skip-dependency-check', '--outdir', out, project], {
      env: { ...process.env, SOURCE_DATE_EPOCH: epoch }
    })
    let stderr = ''
    child.stderr.on('data', chunk => (stderr += chunk))
    child.on('close', code => resolve({ code, stderr }))
  })
  if (built.code !== 0) throw new Error(built.stderr)
  const files = (await readdir(out)).sort((a, b) => Number(b.endsWith('.whl')) - Number(a.endsWith('.whl')))
  return Promise.all(files.map(file => describeArtifact(join(out, file))))
}

describe('pypi target against the local index', () => {
  let first: BuildArtifact[]
  let rebuilt: BuildArtifact[]
  let changed: BuildArtifact[]
  let index: PyPIIndex
  const logs: string[] = []
  const secrets: string[] = []

  const target = (options: Partial<IndexTargetOptions> = {}): IndexTarget =>
    new IndexTarget({
      target: DistributionTarget.PYPI,
      index: locateIndex(index.uploadUrl),
      username: '__token__',
      password: index.userToken,
      skipExisting: true,
      idToken: undefined,
      setSecret: secret => secrets.push(secret),
      logger: { info: message => logs.push(message), debug: () => {} },
      retry: FAST_RETRY,
      verifyTimeoutMs: 3000,
      ...options
    })
  const release = async (artifacts: BuildArtifact[], options: Partial<IndexTargetOptions> = {}) => {
    const pypi = target(options)
    const preflight = await pypi.preflight(artifacts)
    return { preflight, published: preflight.ready ? await pypi.publish(preflight) : undefined }
  }

  beforeAll(async () => {
    ;[first, rebuilt, changed] = await Promise.all([
      build('1700000000'),
      build('1710000000'),
      build('1700000000', async project => {
        const init = join(project, 'src', 'sample_greeter', '__init__.py')
        await writeFile(init, `${await readFile(init, 'utf8')}\n# changed after the release\n`)
      })
    ])
    expect(rebuilt.map(a => a.sha256)).not.toEqual(first.map(a => a.sha256))
  }, 120_000)
  afterEach(async () => index?.stop())

  it('uploads wheel then sdist with the digests the index checks, verifies, and a re-run uploads nothing', async () => {
    index = await new PyPIIndex().start()
    const { preflight, published } = await release(first)
    expect(preflight).toMatchObject({ ready: true, message: 'ready: 2 of 2 files to upload to 127.0.0.1:' + new URL(index.origin).port })
    expect(published).toMatchObject({ status: 'published', uploaded: first.map(a => a.filename), skipped: [] })
    expect(published?.url).toBe(`${index.origin}/simple/sample-greeter/`)
    expect(index.uploads.map(u => [u.filename, u.status])).toEqual(first.map(a => [a.filename, 200]))
    expect(index.files.map(f => [f.filename, f.sha256, f.blake2b_256])).toEqual(first.map(a => [a.filename, a.sha256, a.blake2b_256]))
    // The metadata went with the files: what the JSON API shows is what the wheel's METADATA says.
    const json = (await (await fetch(`${index.origin}/pypi/sample-greeter/json`)).json()) as any
    expect(json.info.summary).toBe('Greetings and farewells, the example project of python-release-action')
    expect(json.urls.map((f: any) => f.requires_python)).toEqual(['>=3.8', '>=3.8'])

    const again = await release(first)
    expect(again.preflight.files.map(f => f.action)).toEqual(['skip-identical', 'skip-identical'])
    expect(again.published).toMatchObject({ status: 'skipped', uploaded: [], skipped: first.map(a => a.filename) })
    expect(index.uploads).toHaveLength(2)
  })

  it('keeps an equivalent rebuild (new timestamps, same members) and verifies the kept files', async () => {
    index = await new PyPIIndex().start()
    await release(first)
    const { preflight, published } = await release(rebuilt)
    expect(preflight.files.map(f => f.action)).toEqual(['skip-equivalent', 'skip-equivalent'])
    expect(published).toMatchObject({ status: 'skipped' })
    expect(index.uploads).toHaveLength(2)
  })

  it('completes a partial release: the sdist alone was up, the wheel goes up now', async () => {
    index = await new PyPIIndex().start()
    await release(first.filter(a => a.format === 'sdist'))
    const { preflight, published } = await release(rebuilt)
    expect(preflight.files.map(f => [f.artifact.format, f.action])).toEqual([
      ['wheel', 'upload'],
      ['sdist', 'skip-equivalent']
    ])
    expect(published).toMatchObject({ status: 'published', uploaded: [rebuilt[0]!.filename], skipped: [rebuilt[1]!.filename] })
  })

  it('fails preflight before uploading anything when a file on the index has other members, naming them', async () => {
    index = await new PyPIIndex().start()
    await release(first.filter(a => a.format === 'wheel'))
    const { preflight } = await release(changed)
    expect(preflight.ready).toBe(false)
    expect(preflight.message).toMatch(/sample_greeter-0\.3\.1-py3-none-any\.whl: .*differs from this build: sample_greeter\/__init__\.py \(content differs\), sample_greeter-0\.3\.1\.dist-info\/RECORD \(content differs\)/)
    expect(index.uploads).toHaveLength(1)
  })

  it('with skip-existing false, any file already there is an error naming it', async () => {
    index = await new PyPIIndex().start()
    await release(first)
    const { preflight } = await release(first, { skipExisting: false })
    expect(preflight.ready).toBe(false)
    expect(preflight.message).toContain(`${first[0]!.filename} is already on 127.0.0.1`)
    expect(preflight.message).toContain('skip-existing is false')
  })

  it("explains a token scoped to another project (the index's 403) and uploads nothing", async () => {
    index = await new PyPIIndex().start()
    const { preflight, published } = await release(first, { password: index.projectToken('another-project') })
    expect(preflight.ready).toBe(true)
    expect(published?.status).toBe('failed')
    expect(published?.message).toContain("project-scoped token is not valid for project: 'sample-greeter'")
    expect(published?.message).toContain("create a token for 'sample-greeter'")
    expect(published?.message).toContain('nothing was uploaded')
    expect(index.files).toHaveLength(0)
  })

  it('explains wrong credentials and never puts the token in a message', async () => {
    index = await new PyPIIndex().start()
    const wrong = 'pypi-AgEIcHlwaS5vcmcCJGNvbnRvc28tbm90LWEtcmVhbC10b2tlbi1hdC1hbGwtMTIzNA'
    const { published } = await release(first, { password: wrong })
    expect(published?.message).toContain('Invalid or non-existent authentication information')
    expect(published?.message).toContain("Check the 'password' secret")
    expect(JSON.stringify(published) + logs.join('\n')).not.toContain(wrong)
  })

  it('warns when the password does not look like an API token', async () => {
    index = await new PyPIIndex().start()
    const { preflight } = await release(first, { password: 'hunter2' })
    expect(preflight.annotations).toContainEqual(expect.objectContaining({ level: 'warning', title: 'Password does not look like an API token' }))
    expect(JSON.stringify(preflight)).not.toContain('hunter2')
  })

  it("reports the index's size limit with what to do, before the sdist goes up", async () => {
    index = await new PyPIIndex({ maxFileSize: 2048 }).start()
    const { published } = await release(first)
    expect(published?.status).toBe('failed')
    expect(published?.message).toMatch(/refused sample_greeter-0\.3\.1-py3-none-any\.whl \(HTTP 400\): File too large\. Limit for project 'sample-greeter' is 0 MB/)
    expect(published?.message).toContain('Ask the index for a larger limit')
    expect(index.files).toHaveLength(0)
  })

  it('refuses an index that answers HTML where JSON belongs', async () => {
    const { createServer } = await import('node:http')
    const server = createServer((_request, response) => {
      response.writeHead(200, { 'Content-Type': 'text/html' }).end('<html><body><h1>Sign in to continue</h1></body></html>')
    })
    await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve))
    const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`
    index = await new PyPIIndex().start()
    try {
      const { preflight } = await release(first, { index: locateIndex(`${origin}/legacy/`) })
      expect(preflight.ready).toBe(false)
      expect(preflight.message).toContain(`${origin}/pypi/sample-greeter/json answered text/html instead of JSON (Sign in to continue)`)
      expect(preflight.message).toContain("Check 'repository-url'")
    } finally {
      server.close()
    }
  })

  it('says an unreachable index cannot be reached', async () => {
    index = await new PyPIIndex().start()
    const port = new URL(index.origin).port
    await index.stop()
    const { preflight } = await release(first, { retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } })
    expect(preflight.ready).toBe(false)
    expect(preflight.message).toBe(`127.0.0.1:${port} cannot be reached: 127.0.0.1:${port} refused the connection`)
    index = await new PyPIIndex().start()
  })

  it('waits for a cached JSON API to list new files before it declares the release verified', async () => {
    index = await new PyPIIndex({ visibilityDelayMs: 600 }).start()
    const { published } = await release(first)
    expect(published?.status).toBe('published')
    expect(logs.some(line => line.includes('not listed yet'))).toBe(true)
  })
})
