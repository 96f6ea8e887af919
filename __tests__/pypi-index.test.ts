// The local index against twine (Debian's, a client nobody here wrote): what twine uploads is accepted
// and served back by the JSON and Simple APIs; what warehouse refuses, twine reports with warehouse's message.
// Trusted publishing against the OIDC stand-in (whose tokens @actions/core's getIDToken fetches), and the
// injected faults as twine and fetch meet them.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, jest } from '@jest/globals'
import * as core from '@actions/core'
import { createHash, generateKeyPairSync, verify } from 'node:crypto'
import { mkdtemp, readFile, readdir } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { OidcProvider, type Claims } from '../test/servers/oidc.js'
import { PyPIIndex, type TrustedPublisher } from '../test/servers/pypi-index.js'
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
const said = (result: { stdout: string; stderr: string }): string => (result.stdout + result.stderr).replace(/\x1b\[[0-9;]*m/g, '').replace(/\s+/g, ' ')

/** Runs `run` with these environment variables set, restoring them after. */
async function withEnv<T>(variables: object, run: () => Promise<T>): Promise<T> {
  const saved = Object.keys(variables).map(name => [name, process.env[name]] as const)
  Object.assign(process.env, variables)
  try {
    return await run()
  } finally {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name]
      else process.env[name] = value
    }
  }
}

/** Asks the index to mint a token; the status and the JSON answer. */
async function mint(index: PyPIIndex, body: string | object): Promise<{ status: number; body: any }> {
  const response = await fetch(`${index.origin}/_/oidc/mint-token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body)
  })
  return { status: response.status, body: await response.json() }
}
const refused = (code: string, description: string): { status: number; body: unknown } => ({
  status: 422,
  body: { message: 'Token request failed', errors: [{ code, description }] }
})

describe('local index with twine', () => {
  let index: PyPIIndex
  let dists: string[]
  let work: string
  const twine = (token: string, files: string[], url = index.uploadUrl): ReturnType<typeof run> =>
    run(
      '/usr/bin/env',
      ['TWINE_NON_INTERACTIVE=1', 'twine', 'upload', '--disable-progress-bar', '--repository-url', url, '-u', '__token__', '-p', token, ...files],
      work
    )

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
      const sha256 = createHash('sha256')
        .update(await readFile(dist))
        .digest('hex')
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
    const wheelName = dists
      .find(d => d.endsWith('.whl'))
      ?.split('/')
      .pop() as string
    const changed = await wheel(other, wheelName, 'sample-greeter', '0.3.1')
    const refused = await twine(index.userToken, [changed])
    expect(refused.code).not.toBe(0)
    expect(said(refused)).toMatch(/400 Bad Request|File already exists/)
    expect(index.uploads.at(-1)?.message).toMatch(
      new RegExp(`^File already exists \\('${wheelName.replace(/\./g, '\\.')}', with blake2_256 hash '[0-9a-f]{64}'\\)`)
    )
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
      [
        'demo-1.0-cp311-cp311-linux_x86_64.whl',
        'demo',
        '1.0',
        /Binary wheel 'demo-1\.0-cp311-cp311-linux_x86_64\.whl' has an unsupported platform tag 'linux_x86_64'\./
      ],
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
      const result = await twine(
        small.userToken,
        dists.filter(d => d.endsWith('.tar.gz')),
        small.uploadUrl
      )
      expect(result.code).not.toBe(0)
      expect(said(result)).toContain("File too large. Limit for project 'sample-greeter' is 0 MB")
      expect(small.files).toHaveLength(0)
    } finally {
      await small.stop()
    }
  })

  it('refuses a new file for a release created more than 14 days ago, and still takes its files again as a no-op', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pra-twine-old-'))
    const first = await wheel(dir, 'late_bloomer-1.0-py3-none-any.whl', 'late-bloomer', '1.0')
    expect((await twine(index.userToken, [first])).code).toBe(0)
    index.backdate('late-bloomer', '1.0', 15)
    const added = await twine(index.userToken, [await wheel(dir, 'late_bloomer-1.0-py2-none-any.whl', 'late-bloomer', '1.0')])
    expect(added.code).not.toBe(0)
    expect(said(added)).toContain('Uploading new files to releases older than 14 days is not allowed.')
    expect((await twine(index.userToken, [first])).code).toBe(0)
    expect(index.files.filter(f => f.project === 'late-bloomer')).toHaveLength(1)
  })

  it("refuses a new project named too like an existing one, and the user's token on another user's project", async () => {
    const others = await new PyPIIndex({ existingProjects: ['hello.world'] }).start()
    try {
      const dir = await mkdtemp(join(tmpdir(), 'pra-twine-names-'))
      const similar = await twine(others.userToken, [await wheel(dir, 'he11o_w0r1d-1.0-py3-none-any.whl', 'He11o-W0r1d', '1.0')], others.uploadUrl)
      expect(similar.code).not.toBe(0)
      expect(said(similar)).toContain(
        `The name 'He11o-W0r1d' is too similar to an existing project. See ${others.origin}/help/#project-name for more information.`
      )
      const theirs = await twine(others.userToken, [await wheel(dir, 'hello_world-1.0-py3-none-any.whl', 'Hello.World', '1.0')], others.uploadUrl)
      expect(theirs.code).not.toBe(0)
      expect(others.uploads.at(-1)).toMatchObject({
        status: 403,
        message: `The credential associated with user 'index-user' isn't allowed to upload to project 'hello.world'. See ${others.origin}/help/#project-name for more information.`
      })
      expect(said(theirs)).toContain("isn't allowed to upload to project 'hello.world'")
      expect(others.files).toHaveLength(0)
      expect((await fetch(`${others.origin}/pypi/hello.world/json`)).status).toBe(404)
    } finally {
      await others.stop()
    }
  })

  describe('trusted publishing', () => {
    let oidc: OidcProvider
    let trusted: PyPIIndex
    let brandNew: string
    const publisher: TrustedPublisher = {
      project: 'sample-greeter',
      repository: 'octo/greeter',
      repositoryOwnerId: '583231',
      workflow: 'release.yml',
      environment: 'PyPI'
    }

    beforeAll(async () => {
      oidc = await new OidcProvider().start()
      trusted = await new PyPIIndex({
        existingProjects: ['taken'],
        trustedPublishing: {
          issuer: oidc.issuer,
          publicKey: oidc.publicKey,
          publishers: [publisher],
          pendingPublishers: ['brand-new', 'taken', 'ta-ken'].map(project => ({ project, repository: `octo/${project}`, workflow: 'release.yml' }))
        }
      }).start()
      brandNew = await wheel(await mkdtemp(join(tmpdir(), 'pra-twine-new-')), 'brand_new-0.1-py3-none-any.whl', 'brand-new', '0.1')
    })
    afterAll(async () => {
      await trusted.stop()
      await oidc.stop()
    })

    it("gives @actions/core's getIDToken the job's token, signed by its key, for the audience asked", async () => {
      const before = process.env['ACTIONS_ID_TOKEN_REQUEST_URL']
      // core masks the token with a ::add-mask:: line on stdout.
      const write = jest.spyOn(process.stdout, 'write').mockImplementation(() => true)
      try {
        const jwt = await withEnv(oidc.environment({ environment: 'pypi' }), () => core.getIDToken('pypi'))
        const [header, payload, signature] = jwt.split('.') as [string, string, string]
        expect(verify('sha256', Buffer.from(`${header}.${payload}`), oidc.publicKey, Buffer.from(signature, 'base64url'))).toBe(true)
        const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'))
        expect(claims).toMatchObject({
          iss: 'https://token.actions.githubusercontent.com',
          aud: 'pypi',
          sub: 'repo:octo/greeter:environment:pypi',
          repository: 'octo/greeter',
          repository_owner: 'octo',
          environment: 'pypi',
          ref: 'refs/tags/v0.3.1',
          job_workflow_ref: 'octo/greeter/.github/workflows/release.yml@refs/tags/v0.3.1'
        })
        expect([claims.exp - claims.iat, claims.iat - claims.nbf]).toEqual([300, 600])
        expect(oidc.issued.at(-1)?.['jti']).toBe(claims.jti)

        const wrongBearer = { ...oidc.environment(), ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'not-the-job' }
        await expect(withEnv(wrongBearer, () => core.getIDToken('pypi'))).rejects.toThrow(/Error Code : 401/)
      } finally {
        write.mockRestore()
      }
      expect(process.env['ACTIONS_ID_TOKEN_REQUEST_URL']).toBe(before)
    })

    it("names its audience, and mints a 15-minute token scoped to the publisher's project that twine uploads with", async () => {
      const audience = (await (await fetch(`${trusted.origin}/_/oidc/audience`)).json()) as { audience: string }
      expect(audience).toEqual({ audience: 'pypi' })
      const jwt = oidc.token({ environment: 'pypi' }, audience.audience)
      const minted = await mint(trusted, { token: jwt })
      expect(minted).toEqual({ status: 200, body: { success: true, token: expect.stringMatching(/^pypi-/), expires: expect.any(Number) } })
      expect(Math.abs(minted.body.expires - (Date.now() / 1000 + 900))).toBeLessThan(5)

      const uploaded = await twine(minted.body.token, dists, trusted.uploadUrl)
      expect({ code: uploaded.code, stderr: uploaded.stderr }).toEqual({ code: 0, stderr: '' })
      expect(trusted.files.map(f => f.project)).toEqual(['sample-greeter', 'sample-greeter'])
      const elsewhere = await twine(minted.body.token, [brandNew], trusted.uploadUrl)
      expect(said(elsewhere)).toContain("Invalid API Token: project-scoped token is not valid for project: 'brand-new'")

      expect(await mint(trusted, { token: jwt })).toEqual(refused('invalid-reuse-token', 'invalid token: already used'))

      // The index's clock (this process's) 15 minutes on: the token has expired.
      const later = jest.spyOn(Date, 'now').mockReturnValue(Date.now() + 901_000)
      try {
        const expired = await twine(minted.body.token, dists, trusted.uploadUrl)
        expect(said(expired)).toContain('Invalid API Token: token is expired')
      } finally {
        later.mockRestore()
      }
    })

    it("refuses bad token requests with warehouse's codes and descriptions", async () => {
      const now = Math.floor(Date.now() / 1000)
      const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey
      const claims = (changes: Claims = {}): Claims => oidc.claims({ environment: 'pypi', ...changes })
      const token = (changes: Claims = {}): object => ({ token: oidc.sign(claims(changes)) })
      const noPublisher = (why: string): string => `valid token, but no corresponding publisher (${why})`
      const sha = String(claims()['sha'])
      const cases: Array<[string | object, string, string]> = [
        ['token=abc', 'invalid-payload', "1 validation error for TokenPayload\n  Invalid JSON [type=json_invalid, input_value=b'token=abc', input_type=bytes]"],
        [{}, 'invalid-payload', '1 validation error for TokenPayload\ntoken\n  Field required [type=missing, input_value={}, input_type=dict]'],
        [
          { token: 42 },
          'invalid-payload',
          '1 validation error for TokenPayload\ntoken\n  Input should be a valid string [type=string_type, input_value=42, input_type=int]'
        ],
        [{ token: 'not-a-jwt' }, 'invalid-payload', 'malformed JWT'],
        [token({ iss: 'https://gitlab.com' }), 'invalid-payload', 'unknown trusted publishing issuer'],
        [token({ aud: 'sigstore' }), 'invalid-token', 'malformed or invalid token'],
        [token({ aud: ['pypi'] }), 'invalid-token', 'malformed or invalid token'],
        [token({ iat: now - 900, nbf: now - 900, exp: now - 60 }), 'invalid-token', 'malformed or invalid token'],
        [token({ nbf: now + 120 }), 'invalid-token', 'malformed or invalid token'],
        [{ token: oidc.sign(claims(), otherKey) }, 'invalid-token', 'malformed or invalid token'],
        [
          token({ job_workflow_ref: 'octo/greeter/.github/workflows/ci.yml@refs/tags/v0.3.1' }),
          'invalid-publisher',
          noPublisher('Publisher with matching claims was not found')
        ],
        [{ token: oidc.token() }, 'invalid-publisher', noPublisher('Publisher with matching claims was not found')],
        [token({ repository_owner_id: '999' }), 'invalid-publisher', noPublisher('Publisher with matching claims was not found')],
        [token({ sha: undefined }), 'invalid-publisher', noPublisher("Missing claim 'sha'")],
        [
          token({ job_workflow_ref: 'octo/greeter/.github/workflows/release.yml@refs/heads/main' }),
          'invalid-publisher',
          noPublisher(
            `The job_workflow_ref claim does not match, expecting one of ['octo/greeter/.github/workflows/release.yml@${sha}', 'octo/greeter/.github/workflows/release.yml@refs/tags/v0.3.1'], got 'octo/greeter/.github/workflows/release.yml@refs/heads/main'`
          )
        ],
        [
          token({ event_name: 'pull_request_target' }),
          'invalid-publisher',
          noPublisher("Publishing from a workflow invoked via 'pull_request_target' is not supported.")
        ]
      ]
      for (const [body, code, description] of cases) expect(await mint(trusted, body)).toEqual(refused(code, description))

      const off = await new PyPIIndex({
        trustedPublishing: { enabled: false, issuer: oidc.issuer, publicKey: oidc.publicKey, publishers: [publisher] }
      }).start()
      try {
        const audience = await fetch(`${off.origin}/_/oidc/audience`)
        expect({ status: audience.status, body: await audience.json() }).toEqual({
          status: 403,
          body: { message: 'Trusted publishing functionality not enabled' }
        })
        expect(await mint(off, token())).toEqual(refused('not-enabled', 'github trusted publishing functionality not enabled'))
      } finally {
        await off.stop()
      }
      // An index without trusted publishing answers as one with it turned off.
      expect((await fetch(`${index.origin}/_/oidc/audience`)).status).toBe(403)
    })

    it('lets a pending publisher create its project with its first token, unless the project exists or its name is too like one', async () => {
      const created = await mint(trusted, { token: oidc.token({ repository: 'octo/brand-new' }) })
      expect(created.status).toBe(200)
      const uploaded = await twine(created.body.token, [brandNew], trusted.uploadUrl)
      expect({ code: uploaded.code, stderr: uploaded.stderr }).toEqual({ code: 0, stderr: '' })
      expect(trusted.files.filter(f => f.project === 'brand-new')).toHaveLength(1)
      // From now on a publisher like any other.
      expect((await mint(trusted, { token: oidc.token({ repository: 'octo/brand-new' }) })).status).toBe(200)

      expect(await mint(trusted, { token: oidc.token({ repository: 'octo/taken' }) })).toEqual(
        refused('invalid-pending-publisher', 'valid token, but project already exists')
      )
      // That removed the pending publisher.
      expect(await mint(trusted, { token: oidc.token({ repository: 'octo/taken' }) })).toEqual(
        refused('invalid-publisher', 'valid token, but no corresponding publisher (Publisher with matching claims was not found)')
      )
      expect(await mint(trusted, { token: oidc.token({ repository: 'octo/ta-ken' }) })).toEqual(
        refused('invalid-payload', `The name 'ta-ken' is too similar to an existing project. See ${trusted.origin}/help/#project-name for more information.`)
      )
    })
  })

  describe('injected faults', () => {
    let faulty: PyPIIndex
    const sdist = (): string[] => dists.filter(d => d.endsWith('.tar.gz'))
    beforeEach(async () => {
      faulty = await new PyPIIndex().start()
    })
    afterEach(async () => faulty.stop())

    it('answers uploads with 503: twine tries again, up to five times, then reports it', async () => {
      faulty.inject({ on: 'upload', status: 503 })
      const retried = await twine(faulty.userToken, sdist(), faulty.uploadUrl)
      expect(retried.code).toBe(0)
      expect(said(retried)).toContain('Received "503: Service Unavailable" Package upload appears to have failed. Retry 1 of 5.')
      expect(faulty.faults).toEqual([{ fault: { on: 'upload', status: 503 }, method: 'POST', path: '/legacy/' }])
      expect(faulty.files).toHaveLength(1)

      faulty.inject({ on: 'upload', status: 503, times: 5 })
      const failed = await twine(
        faulty.userToken,
        dists.filter(d => d.endsWith('.whl')),
        faulty.uploadUrl
      )
      expect(failed.code).not.toBe(0)
      expect(said(failed)).toContain('HTTPError: 503 Service Unavailable')
      expect(faulty.faults).toHaveLength(6)
      expect(faulty.files).toHaveLength(1)
    })

    it('answers 429 with Retry-After, 5xx as many times as asked, and "any" on every route, in the order queued', async () => {
      faulty.inject({ on: 'json', status: 429, retryAfter: 7 }, { on: 'simple', status: 502, times: 2 }, { on: 'any', status: 500 })
      const json = `${faulty.origin}/pypi/sample-greeter/json`
      const simple = `${faulty.origin}/simple/sample-greeter/`
      const limited = await fetch(json)
      expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '7'])
      expect([(await fetch(simple)).status, (await fetch(simple)).status, (await fetch(json)).status, (await fetch(json)).status]).toEqual([502, 502, 500, 404])
      expect(faulty.faults.map(f => [f.fault.on, f.path])).toEqual([
        ['json', '/pypi/sample-greeter/json'],
        ['simple', '/simple/sample-greeter/'],
        ['simple', '/simple/sample-greeter/'],
        ['any', '/pypi/sample-greeter/json']
      ])
    })

    it('resets the connection while the upload is arriving, and stores nothing', async () => {
      faulty.inject({ on: 'upload', reset: 'mid-upload' })
      const content = Buffer.alloc(4 * 1024 * 1024)
      const form = new FormData()
      for (const [name, value] of Object.entries({
        ':action': 'file_upload',
        protocol_version: '1',
        metadata_version: '2.1',
        name: 'big',
        version: '1.0',
        filetype: 'sdist'
      })) {
        form.append(name, value)
      }
      form.append('sha256_digest', createHash('sha256').update(content).digest('hex'))
      form.append('content', new Blob([content]), 'big-1.0.tar.gz')
      const auth = `Basic ${Buffer.from(`__token__:${faulty.userToken}`).toString('base64')}`
      const failed = await fetch(faulty.uploadUrl, { method: 'POST', headers: { Authorization: auth }, body: form }).catch((error: Error) => error)
      expect(String((failed as Error).cause)).toContain('ECONNRESET')
      expect([faulty.files, faulty.uploads]).toEqual([[], []])
      expect(faulty.faults).toHaveLength(1)
      // The next upload is handled.
      expect((await fetch(faulty.uploadUrl, { method: 'POST', headers: { Authorization: auth }, body: form })).status).toBe(200)
    })

    it('stores the upload, then resets the connection: the JSON API has the file, and uploading it again is a no-op', async () => {
      faulty.inject({ on: 'upload', reset: 'after-store' })
      const failed = await twine(faulty.userToken, sdist(), faulty.uploadUrl)
      expect(failed.code).not.toBe(0)
      expect(said(failed)).toMatch(/Connection aborted|ConnectionResetError|Connection reset/)
      const json = (await (await fetch(`${faulty.origin}/pypi/sample-greeter/json`)).json()) as any
      expect(json.urls.map((f: any) => f.filename)).toEqual(sdist().map(d => d.split('/').pop()))
      expect((await twine(faulty.userToken, sdist(), faulty.uploadUrl)).code).toBe(0)
      expect(faulty.files).toHaveLength(1)
    })

    it("stores the upload, then answers 502: twine's second try finds the same file, a no-op", async () => {
      faulty.inject({ on: 'upload', status: 502, afterStore: true })
      const retried = await twine(faulty.userToken, sdist(), faulty.uploadUrl)
      expect(retried.code).toBe(0)
      expect(said(retried)).toContain('Received "502: Bad Gateway" Package upload appears to have failed. Retry 1 of 5.')
      const filename = sdist()[0]?.split('/').pop()
      expect(faulty.uploads.map(({ status, message, filename }) => ({ status, message, filename }))).toEqual([
        { status: 200, message: 'OK', filename },
        { status: 200, message: 'OK', filename }
      ])
      expect(faulty.files).toHaveLength(1)
    })

    it('delays a response', async () => {
      faulty.inject({ on: 'json', delayMs: 400 })
      const started = Date.now()
      expect((await fetch(`${faulty.origin}/pypi/sample-greeter/json`)).status).toBe(404)
      expect(Date.now() - started).toBeGreaterThanOrEqual(390)
      expect(faulty.faults).toHaveLength(1)
    })
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
  const base = {
    ':action': 'file_upload',
    protocol_version: '1',
    metadata_version: '2.1',
    name: 'demo',
    version: '2.0',
    filetype: 'sdist',
    pyversion: 'source'
  }

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
    const unknownVersion = await fetch(index.uploadUrl, {
      method: 'POST',
      headers: auth(),
      body: form({ ...base, metadata_version: '9.9', md5_digest: 'x' }, content, 'demo-2.0.tar.gz')
    })
    expect(unknownVersion.statusText).toMatch(/^'9\.9' is an invalid value for Metadata-Version\./)
    const v20 = await fetch(index.uploadUrl, {
      method: 'POST',
      headers: auth(),
      body: form({ ...base, metadata_version: '2.0', md5_digest: 'x' }, content, 'demo-2.0.tar.gz')
    })
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
