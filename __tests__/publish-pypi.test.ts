// The pypi/testpypi target in-process against the local index: real builds of the sample project
// (hatchling, so a rebuild with another SOURCE_DATE_EPOCH has new bytes and the same members),
// preflight's per-file decisions, uploads, verification and the index's refusals explained.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { IndexTarget, type IndexTargetOptions } from '../src/publish/pypi.js'
import { locateIndex } from '../src/publish/index-api.js'
import { DistributionTarget, type BuildArtifact } from '../src/types.js'
import { PyPIIndex, type Fault } from '../test/servers/pypi-index.js'
import { OidcProvider } from '../test/servers/oidc.js'
import { buildReleases } from './helpers/builds.js'

const FAST_RETRY = { attempts: 4, baseDelayMs: 20, maxDelayMs: 200 }

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
    ;({ first, rebuilt, changed } = await buildReleases())
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
    expect(preflight.message).toMatch(
      /sample_greeter-0\.3\.1-py3-none-any\.whl: .*differs from this build: sample_greeter\/__init__\.py \(content differs\), sample_greeter-0\.3\.1\.dist-info\/RECORD \(content differs\)/
    )
    expect(index.uploads).toHaveLength(1)
  })

  it('with skip-existing false, any file already there is an error naming it', async () => {
    index = await new PyPIIndex().start()
    await release(first)
    const { preflight } = await release(first, { skipExisting: false })
    expect(preflight.ready).toBe(false)
    expect(preflight.message).toContain(`${first[0]!.filename} is already on 127.0.0.1`)
    expect(preflight.message).toContain('skip-existing is false')
    // the same bytes are called identical, not 'differs'
    const titles = preflight.annotations.map(a => a.title ?? '')
    expect(titles).toHaveLength(first.length)
    expect(titles.every(title => /^File already on 127\.0\.0\.1:\d+$/.test(title))).toBe(true)
    expect(preflight.message).toContain('identical to this build (the same sha256), and skip-existing is false. Set skip-existing: true to keep it')
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
    expect(published?.message).toMatch(
      /refused sample_greeter-0\.3\.1-py3-none-any\.whl \(HTTP 400\): File too large\. Limit for project 'sample-greeter' is 0 MB/
    )
    expect(published?.message).toContain('Ask the index for a larger limit')
    expect(index.files).toHaveLength(0)
  })

  it("reads the project's PEP 792 status: archived and quarantined projects take nothing, a deprecated one publishes with a notice", async () => {
    // warehouse/packaging/utils.py:78 (the Simple API's project-status), models.py:428-502 (who may upload)
    for (const status of ['archived', 'quarantined'] as const) {
      index = await new PyPIIndex({ projectStatus: { 'sample-greeter': status } }).start()
      const { preflight, published } = await release(first)
      expect(preflight.ready).toBe(false)
      expect(preflight.annotations).toContainEqual(
        expect.objectContaining({ level: 'error', title: `sample-greeter is ${status} on 127.0.0.1:${new URL(index.origin).port}` })
      )
      expect(published).toBeUndefined()
      expect(index.uploads).toEqual([])
      await index.stop()
    }
    index = await new PyPIIndex({ projectStatus: { 'sample-greeter': 'deprecated' } }).start()
    const { preflight, published } = await release(first)
    expect(preflight.annotations).toContainEqual(expect.objectContaining({ level: 'notice', message: expect.stringMatching(/marked deprecated/) }))
    expect(published?.status).toBe('published')
  })

  it("warns before any upload about a file over PyPI's default 100 MiB limit, with how to ask for more", async () => {
    index = await new PyPIIndex().start()
    const large = { ...first[0]!, size: 101 * 2 ** 20 }
    const preflight = await target().preflight([large, first[1]!])
    expect(preflight.annotations).toContainEqual(
      expect.objectContaining({
        level: 'warning',
        title: `${large.filename} is over PyPI's default size limit`,
        message: expect.stringContaining('https://docs.pypi.org/project-management/storage-limits/#requesting-a-file-size-limit-increase')
      })
    )
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

  it('reads and verifies through the PEP 691 Simple API when the index has no JSON API', async () => {
    index = await new PyPIIndex().start()
    const withoutJson = { ...locateIndex(index.uploadUrl, `${index.origin}/simple`), jsonApi: `${index.origin}/no-json-api/` }
    const { published } = await release(first, { index: withoutJson })
    expect(published).toMatchObject({ status: 'published', url: `${index.origin}/simple/sample-greeter/` })
    const again = await release(rebuilt, { index: withoutJson })
    expect(again.preflight.files.map(f => f.action)).toEqual(['skip-equivalent', 'skip-equivalent'])
    expect(again.published?.status).toBe('skipped')
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

  describe('faults: every one ends in a complete, correct release (at most one re-run)', () => {
    const faults: Array<[string, Fault[]]> = [
      ['a 503 on the first upload', [{ on: 'upload', status: 503 }]],
      ['a 429 with Retry-After', [{ on: 'upload', status: 429, retryAfter: 1 }]],
      ['a reset in the middle of the upload', [{ on: 'upload', reset: 'mid-upload' }]],
      ['a reset after the index stored the file', [{ on: 'upload', reset: 'after-store' }]],
      ['a 502 after the index stored the file', [{ on: 'upload', status: 502, afterStore: true }]],
      ['a slow answer', [{ on: 'upload', delayMs: 300 }]],
      ['a 500 from the JSON API while preflight reads it', [{ on: 'json', status: 500 }]],
      ['a 503 from the JSON API while verifying', [{ on: 'json', status: 503, times: 1 }]]
    ]
    it.each(faults)('%s', async (_name, injected) => {
      index = await new PyPIIndex().start()
      index.inject(...injected)
      const { preflight, published } = await release(first)
      expect(preflight.ready).toBe(true)
      expect(published).toMatchObject({ status: 'published', uploaded: first.map(a => a.filename) })
      expect(index.faults.length).toBeGreaterThan(0)
      expect(index.files.map(f => [f.filename, f.sha256])).toEqual(first.map(a => [a.filename, a.sha256]))
      // No retry met "File already exists": a stored file was found on the index instead of sent again.
      expect(index.uploads.filter(u => u.status !== 200)).toEqual([])
    })

    it('a 429 waits as long as Retry-After asks', async () => {
      index = await new PyPIIndex().start()
      index.inject({ on: 'upload', status: 429, retryAfter: 1 })
      const started = Date.now()
      await release(first.slice(0, 1), { retry: { ...FAST_RETRY, maxDelayMs: 5000 } })
      expect(Date.now() - started).toBeGreaterThanOrEqual(1000)
      expect(logs.some(line => /retrying in 1\.0 s/.test(line))).toBe(true)
    })

    it('an index failing past the retries fails the publish saying what went up; the re-run completes it', async () => {
      index = await new PyPIIndex().start()
      // The wheel's upload passes (a harmless 1 ms delay takes the first place in the queue); the sdist's all fail.
      index.inject({ on: 'upload', delayMs: 1 }, { on: 'upload', status: 503, times: FAST_RETRY.attempts })
      const failed = await release(first)
      expect(failed.published?.status).toBe('failed')
      expect(failed.published?.message).toContain(`${first[1]!.filename}: 127.0.0.1`)
      expect(failed.published?.message).toContain('failed 4 times; the last: HTTP 503')
      expect(failed.published?.message).toContain('a re-run keeps what is on the index and uploads the rest')
      const rerun = await release(first)
      expect(rerun.preflight.files.map(f => f.action)).toEqual(['skip-identical', 'upload'])
      expect(rerun.published).toMatchObject({ status: 'published', uploaded: [first[1]!.filename], skipped: [first[0]!.filename] })
    })
  })

  it('fails preflight when the release is older than 14 days and a file is missing, before any upload', async () => {
    index = await new PyPIIndex().start()
    await release(first.slice(0, 1))
    index.backdate('sample-greeter', '0.3.1', 15)
    const { preflight } = await release(first)
    expect(preflight.ready).toBe(false)
    expect(preflight.message).toMatch(
      /sample-greeter 0\.3\.1 was first uploaded to 127\.0\.0\.1:\d+ on \d{4}-\d\d-\d\d, more than 14 days ago, and the index takes no new files for it \(sample_greeter-0\.3\.1\.tar\.gz\)\. Release a new version, e\.g\. 0\.3\.1\.post1\./
    )
    expect(index.uploads).toHaveLength(1)
  })

  it("explains a name the index refuses as too similar to another project's, and uploads nothing", async () => {
    index = await new PyPIIndex({ existingProjects: ['samp1e-greeter'] }).start()
    const { published } = await release(first)
    expect(published?.status).toBe('failed')
    expect(published?.message).toContain("The name 'sample-greeter' is too similar to an existing project")
    expect(published?.message).toContain('nothing was uploaded')
    expect(index.files).toHaveLength(0)
  })

  describe('trusted publishing', () => {
    let oidc: OidcProvider
    beforeAll(async () => {
      oidc = await new OidcProvider().start()
    })
    afterAll(async () => oidc.stop())

    const trusted = (more: Partial<ConstructorParameters<typeof PyPIIndex>[0] & object> = {}) =>
      new PyPIIndex({
        trustedPublishing: {
          issuer: oidc.issuer,
          publicKey: oidc.publicKey,
          publishers: [{ project: 'sample-greeter', repository: 'octo/greeter', workflow: 'release.yml' }]
        },
        ...more
      }).start()
    const idToken =
      (claims: Record<string, unknown> = {}) =>
      async (audience: string) =>
        oidc.token(claims, audience)

    it('mints a token for the project, masks it, and publishes with it', async () => {
      index = await trusted()
      secrets.length = 0
      const { preflight, published } = await release(first, { password: '', idToken: idToken() })
      expect(preflight.ready).toBe(true)
      expect(published?.status).toBe('published')
      expect(secrets).toHaveLength(1)
      expect(secrets[0]).toMatch(/^pypi-/)
      expect(JSON.stringify({ preflight, published }) + logs.join('\n')).not.toContain(secrets[0])
    })

    const refusals: Array<[string, () => Promise<PyPIIndex>, ReturnType<typeof idToken>, RegExp]> = [
      [
        'not-enabled',
        () => new PyPIIndex({ trustedPublishing: { enabled: false, issuer: '', publicKey: undefined as never, publishers: [] } }).start(),
        idToken(),
        /does not offer trusted publishing/
      ],
      [
        'invalid-publisher',
        () => trusted(),
        idToken({ repository: 'octo/other' }),
        /No trusted publisher on 127\.0\.0\.1:\d+ matches this workflow\. Register one for 'sample-greeter' \(in the project's publishing settings\) with owner 'octo', repository 'other', workflow 'release\.yml', environment \(none/
      ],
      [
        'invalid-token (expired)',
        () => trusted(),
        async () => oidc.sign(oidc.claims({ exp: Math.floor(Date.now() / 1000) - 3600 })),
        /did not accept this run's OIDC token.*said: malformed or invalid token/
      ],
      [
        'invalid-token (another key)',
        () => trusted(),
        async () => {
          const { generateKeyPairSync } = await import('node:crypto')
          return oidc.sign(oidc.claims(), generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey)
        },
        /did not accept this run's OIDC token/
      ],
      ['invalid-payload (not a JWT)', () => trusted(), async () => 'not-a-jwt', /did not understand the token request.*said: malformed JWT/],
      [
        'invalid-pending-publisher',
        () =>
          trusted({
            existingProjects: ['sample-greeter'],
            trustedPublishing: {
              issuer: oidc.issuer,
              publicKey: oidc.publicKey,
              publishers: [],
              pendingPublishers: [{ project: 'sample-greeter', repository: 'octo/greeter', workflow: 'release.yml' }]
            }
          }),
        idToken(),
        /pending trusted publisher|No trusted publisher/
      ],
      [
        'no OIDC token (no id-token: write)',
        () => trusted(),
        async () => {
          throw new Error("ACTIONS_ID_TOKEN_REQUEST_URL is not set, so the job lacks 'permissions: id-token: write'")
        },
        /Check that the workflow or job has 'permissions: id-token: write'/
      ]
    ]
    it.each(refusals)('%s: preflight fails with what to change, nothing uploaded', async (_code, start, source, expected) => {
      index = await start()
      const { preflight } = await release(first, { password: '', idToken: source })
      expect(preflight.ready).toBe(false)
      expect(preflight.message).toMatch(expected)
      expect(index.uploads).toHaveLength(0)
    })

    describe('a publish that outlasts the minted token (warehouse: 900 s, oidc/views.py:329-330; here a few seconds)', () => {
      const shortLived = (seconds: number) =>
        trusted({
          trustedPublishing: {
            issuer: oidc.issuer,
            publicKey: oidc.publicKey,
            publishers: [{ project: 'sample-greeter', repository: 'octo/greeter', workflow: 'release.yml' }],
            mintedTokenSeconds: seconds
          }
        })

      it('mints again before an upload the token may not outlast, masks each token, and publishes', async () => {
        index = await shortLived(5)
        // each upload is held 3 s before the index reads it: the two take longer than one token lives
        index.inject({ on: 'upload', delayMs: 3000, times: 2 })
        secrets.length = 0
        logs.length = 0
        const { preflight, published } = await release(first, { password: '', idToken: idToken() })
        expect(preflight.ready).toBe(true)
        expect(published?.status).toBe('published')
        expect(index.uploads.map(u => u.status)).toEqual([200, 200])
        const [firstToken] = index.mintedTokens
        const preflightExpiry = index.uploads[0]!.tokenExpires!
        // the index checked the last upload after the preflight's token had expired (warehouse/macaroons/caveats/__init__.py:60):
        // without minting again it would have refused it; it came with a token minted since
        expect(index.uploads[1]!.at).toBeGreaterThanOrEqual(preflightExpiry * 1000)
        expect(index.uploads[1]!.tokenExpires).toBeGreaterThan(preflightExpiry)
        expect(logs.join('\n')).toMatch(/the minted token has (\d+ s|no time) left, too little for an upload of \d+ bytes; minting a new one/)
        expect(index.mintedTokens.length).toBeGreaterThanOrEqual(2)
        expect(secrets).toEqual(index.mintedTokens)
        expect(JSON.stringify({ preflight, published }) + logs.join('\n')).not.toContain(firstToken)
      })

      it("a 403 'token is expired' (forklift/legacy.py:813 → macaroons/security_policy.py:161) mints once more and sends that file again", async () => {
        index = await shortLived(5)
        // the first upload is held longer than any token lives
        index.inject({ on: 'upload', delayMs: 6000 })
        logs.length = 0
        const { published } = await release(first, { password: '', idToken: idToken() })
        expect(published?.status).toBe('published')
        expect(index.uploads.map(u => [u.filename, u.status, u.message])).toEqual([
          [first[0]!.filename, 403, 'Invalid API Token: token is expired'],
          [first[0]!.filename, 200, 'OK'],
          [first[1]!.filename, 200, 'OK']
        ])
        expect(logs.join('\n')).toContain('the index found the minted token expired; minting a new one and sending the file once more')
      })

      it('a file that outlasts even a fresh token is tried twice, then refused with what to do', async () => {
        index = await shortLived(2)
        index.inject({ on: 'upload', delayMs: 3000, times: 2 })
        const { published } = await release(first, { password: '', idToken: idToken() })
        expect(published?.status).toBe('failed')
        expect(index.uploads.map(u => u.status)).toEqual([403, 403])
        expect(published?.message).toContain('expired before 127.0.0.1')
        expect(published?.message).toContain('though it was minted again just before')
        expect(published?.message).toContain('nothing was uploaded')
      })

      it('a token that lasts is not minted again (positive control: the default 900 s)', async () => {
        index = await trusted()
        index.inject({ on: 'upload', delayMs: 1500, times: 2 })
        const { published } = await release(first, { password: '', idToken: idToken() })
        expect(published?.status).toBe('published')
        expect(index.mintedTokens).toHaveLength(1)
        expect(index.mintRequests).toBe(1)
      })
    })

    describe('a job in a reusable workflow (warehouse/oidc/views.py:403-417)', () => {
      const CALLER = 'octo/greeter/.github/workflows/release.yml@refs/tags/v0.3.1'
      const reusableJob = (jobWorkflowRef: string) => idToken({ workflow_ref: CALLER, job_workflow_ref: jobWorkflowRef })
      const publishers = [{ project: 'sample-greeter', repository: 'octo/greeter', workflow: 'publish.yml' }]

      it('preflight names the publisher PyPI matches (the called file, oidc/models/github.py:220-233) and publishes with it', async () => {
        index = await trusted({ trustedPublishing: { issuer: oidc.issuer, publicKey: oidc.publicKey, publishers } })
        logs.length = 0
        const { preflight, published } = await release(first, {
          password: '',
          idToken: reusableJob('octo/greeter/.github/workflows/publish.yml@refs/tags/v0.3.1')
        })
        const notice = preflight.annotations.find(a => a.title === 'Trusted publishing from a reusable workflow')
        expect(notice?.message).toContain("register owner 'octo', repository 'greeter', workflow 'publish.yml', no environment")
        expect(published?.status).toBe('published')
        // said before the exchange
        const said = logs.findIndex(line => line.startsWith('pypi: before the token exchange: This job runs in the reusable workflow'))
        const minted = logs.findIndex(line => line.includes('trusted publishing token minted'))
        expect(said).toBeGreaterThanOrEqual(0)
        expect(said).toBeLessThan(minted)
      })

      it('with attestations on, preflight fails before any exchange (legacy.py:1636-1651 would refuse every attested upload)', async () => {
        index = await trusted({ trustedPublishing: { issuer: oidc.issuer, publicKey: oidc.publicKey, publishers } })
        const { preflight } = await release(first, {
          password: '',
          attests: true,
          idToken: reusableJob('octo/greeter/.github/workflows/publish.yml@refs/tags/v0.3.1')
        })
        expect(preflight.ready).toBe(false)
        expect(preflight.annotations.map(a => [a.level, a.title])).toEqual([
          ['notice', 'Trusted publishing from a reusable workflow'],
          ['error', '127.0.0.1:' + new URL(index.origin).port + ' would refuse the attestations']
        ])
        expect(index.mintRequests).toBe(0)
      })

      it('a reusable workflow of another repository fails preflight before any exchange (github.py:85-95)', async () => {
        index = await trusted({ trustedPublishing: { issuer: oidc.issuer, publicKey: oidc.publicKey, publishers } })
        const { preflight } = await release(first, { password: '', idToken: reusableJob('octo/shared/.github/workflows/publish.yml@refs/heads/main') })
        expect(preflight.ready).toBe(false)
        expect(preflight.message).toContain('The job_workflow_ref claim does not match')
        expect(index.mintRequests).toBe(0)
        expect(index.uploads).toHaveLength(0)
      })
    })

    it('invalid-reuse-token: the same OIDC token twice is refused the second time', async () => {
      index = await trusted()
      const token = oidc.token()
      await release(first.slice(0, 1), { password: '', idToken: async () => token })
      const { preflight } = await release(first, { password: '', idToken: async () => token })
      expect(preflight.ready).toBe(false)
      expect(preflight.message).toContain('has already seen this OIDC token')
    })
  })
})
