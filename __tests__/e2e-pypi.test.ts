// The pypi and testpypi targets end to end: the bundled action (node dist/index.js) publishes the sample
// project to two local indexes with API tokens, re-runs without uploading twice, and refuses bad
// credentials with nothing uploaded. Every run's log, outputs and summary are kept, and the last test
// scans them all for every token the tests used.
import { afterAll, afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { PyPIIndex, type TrustedPublishingOptions } from '../test/servers/pypi-index.js'
import { OidcProvider } from '../test/servers/oidc.js'
import { PYTHON, ROOT, runAction, visibleText, workspaceWith, type ActionRun } from './helpers/action.js'

const SAMPLE = join(ROOT, 'examples', 'sample-project')

describe('pypi and testpypi through the bundled action', () => {
  let pypi: PyPIIndex
  let testpypi: PyPIIndex
  let workspace: string
  const runs: ActionRun[] = []
  /** What the command line printed, for the token scan. */
  const printed: string[] = []
  const tokens: string[] = []
  const minted: string[] = []

  const inputs = (more: Record<string, string> = {}): Record<string, string> => ({
    'project-dir': 'sub',
    stages: 'build,preflight,publish',
    targets: 'pypi,testpypi',
    python: PYTHON,
    'build-isolation': 'false',
    'repository-url': pypi.uploadUrl,
    'testpypi-repository-url': testpypi.uploadUrl,
    ...more
  })
  const release = async (more: Record<string, string> = {}, env: Record<string, string> = {}): Promise<ActionRun> => {
    const run = await runAction(workspace, inputs(more), env)
    runs.push(run)
    return run
  }
  const errors = (run: ActionRun): string[] => run.annotations.filter(a => a.level === 'error').map(a => a.message)

  beforeAll(async () => {
    ;[pypi, testpypi] = await Promise.all([new PyPIIndex().start(), new PyPIIndex().start()])
    workspace = (await workspaceWith(SAMPLE)).workspace
  })
  afterAll(async () => Promise.all([pypi.stop(), testpypi.stop()]))

  it('publishes to both indexes with API tokens, verified, with outputs and summary', async () => {
    const scoped = testpypi.projectToken('Sample_Greeter')
    tokens.push(pypi.userToken, scoped)
    const run = await release({ password: pypi.userToken, 'testpypi-password': scoped })
    expect({ code: run.code, errors: errors(run) }).toEqual({ code: 0, errors: [] })
    const published = JSON.parse(run.outputs['published'] ?? '[]')
    const built = JSON.parse(run.outputs['artifacts'] ?? '[]') as Array<{ filename: string; sha256: string; path: string }>
    const wheelFirst = [...built].sort((a, b) => Number(b.filename.endsWith('.whl')) - Number(a.filename.endsWith('.whl'))).map(a => a.filename)
    expect(published).toEqual([
      // TestPyPI first, whatever order 'targets' gives (publish/stage.ts PUBLISH_ORDER)
      expect.objectContaining({ target: 'testpypi', status: 'published', uploaded: wheelFirst, skipped: [] }),
      expect.objectContaining({ target: 'pypi', status: 'published', uploaded: wheelFirst, skipped: [], url: `${pypi.origin}/simple/sample-greeter/` })
    ])
    for (const index of [pypi, testpypi]) {
      expect(index.uploads.map(u => [u.filename, u.status])).toEqual(wheelFirst.map(f => [f, 200]))
      for (const file of built) {
        const stored = index.files.find(f => f.filename === file.filename)
        expect(stored?.sha256).toBe(file.sha256)
        expect(
          createHash('sha256')
            .update(await readFile(stored!.path))
            .digest('hex')
        ).toBe(file.sha256)
      }
    }
    expect(run.summary).toContain('| pypi | ✅ published |')
    expect(run.stdout).toContain('every file is listed on 127.0.0.1')
  })

  it('a re-run uploads nothing and reports the files as already there', async () => {
    const run = await release({ password: pypi.userToken, 'testpypi-password': testpypi.projectToken('sample-greeter') })
    expect({ code: run.code, errors: errors(run) }).toEqual({ code: 0, errors: [] })
    const published = JSON.parse(run.outputs['published'] ?? '[]')
    expect(published.map((p: any) => [p.target, p.status, p.uploaded.length, p.skipped.length])).toEqual([
      ['testpypi', 'skipped', 0, 2],
      ['pypi', 'skipped', 0, 2]
    ])
    expect(pypi.uploads).toHaveLength(2)
  })

  it('without credentials outside Actions, preflight fails naming what to give, and nothing is uploaded', async () => {
    const fresh = await new PyPIIndex().start()
    try {
      const run = await release({ targets: 'pypi', 'repository-url': fresh.uploadUrl })
      expect(run.code).toBe(1)
      expect(errors(run).join('\n')).toContain('No credentials for 127.0.0.1:')
      expect(errors(run).join('\n')).toContain("Give an API token in 'password'")
      expect(fresh.uploads).toHaveLength(0)
    } finally {
      await fresh.stop()
    }
  })

  it('rides out a 503 and a reset after the index stored the file, with one upload of each file', async () => {
    const fresh = await new PyPIIndex().start()
    fresh.inject({ on: 'upload', status: 503 }, { on: 'upload', reset: 'after-store' })
    try {
      const run = await release({ targets: 'pypi', 'repository-url': fresh.uploadUrl, password: fresh.userToken })
      tokens.push(fresh.userToken)
      expect({ code: run.code, errors: errors(run) }).toEqual({ code: 0, errors: [] })
      expect(fresh.faults).toHaveLength(2)
      expect(fresh.files).toHaveLength(2)
      expect(run.stdout).toContain('is on the index after all (the connection to 127.0.0.1')
      expect(fresh.uploads.filter(u => u.status !== 200)).toEqual([])
    } finally {
      await fresh.stop()
    }
  })

  // The old client waited 10 minutes of silence per try, five tries: this test's 90 s would not do.
  it('an index that stores an upload and never answers: the run ends at publish-timeout with a failed publish and its outputs; a re-run sends only the rest', async () => {
    const fresh = await new PyPIIndex().start()
    fresh.inject({ on: 'upload', hang: 'after-store' })
    tokens.push(fresh.userToken)
    try {
      const more = { targets: 'pypi', 'repository-url': fresh.uploadUrl, password: fresh.userToken }
      const hung = await release({ ...more, 'publish-timeout': '0.1' })
      expect(hung.code).toBe(1)
      const built = (JSON.parse(hung.outputs['artifacts'] ?? '[]') as Array<{ filename: string }>).map(a => a.filename)
      const wheel = built.find(name => name.endsWith('.whl'))!
      const sdist = built.find(name => name.endsWith('.tar.gz'))!
      expect(JSON.parse(hung.outputs['published'] ?? '[]')).toEqual([expect.objectContaining({ target: 'pypi', status: 'failed', uploaded: [] })])
      const said = errors(hung).join('\n')
      expect(said).toContain(`${wheel}: no answer from 127.0.0.1:${new URL(fresh.origin).port} for `)
      expect(said).toContain('the index may still have stored it — a re-run checks before sending again')
      expect(said).toContain("'publish-timeout' (0.1 minutes) ran out, and nothing more was sent")
      // Stored and unanswered; nothing sent after the deadline.
      expect(fresh.uploads.map(u => u.filename)).toEqual([wheel])

      const again = await release(more)
      expect({ code: again.code, errors: errors(again) }).toEqual({ code: 0, errors: [] })
      expect(JSON.parse(again.outputs['published'] ?? '[]')).toEqual([
        expect.objectContaining({ target: 'pypi', status: 'published', uploaded: [sdist], skipped: [wheel] })
      ])
      expect(fresh.uploads.map(u => u.filename)).toEqual([wheel, sdist])
      expect(fresh.files.map(f => f.filename).sort()).toEqual([sdist, wheel].sort())
    } finally {
      await fresh.stop()
    }
  }, 90_000)

  it('on a pull request, preflight reads the index without asking for credentials, and nothing is published', async () => {
    const fresh = await new PyPIIndex().start()
    try {
      const run = await release({ targets: 'pypi', 'repository-url': fresh.uploadUrl }, { GITHUB_EVENT_NAME: 'pull_request', GITHUB_ACTIONS: 'true' })
      expect({ code: run.code, errors: errors(run) }).toEqual({ code: 0, errors: [] })
      expect(run.annotations.map(a => a.properties['title'])).toEqual(
        expect.arrayContaining(['127.0.0.1:' + new URL(fresh.origin).port + ' credentials not checked', 'Publish skipped'])
      )
      expect(fresh.uploads).toHaveLength(0)
    } finally {
      await fresh.stop()
    }
  })

  it('a bad repository-url is a usage error that names the input, before anything is built', async () => {
    const run = await release({ targets: 'pypi', 'repository-url': 'ftp://files.example.com/legacy/' })
    expect(run.code).toBe(1)
    expect(run.annotations).toContainEqual(expect.objectContaining({ level: 'error', properties: { title: "Invalid input 'repository-url'" } }))
    expect(run.stdout).not.toContain('Build')
  })

  it('from the command line, takes the token from TWINE_PASSWORD (never a flag) and publishes', async () => {
    const fresh = await new PyPIIndex().start()
    const token = fresh.projectToken('sample-greeter')
    tokens.push(token)
    try {
      const args = [
        join(ROOT, 'dist', 'cli', 'index.js'),
        '--project-dir',
        'sub',
        '--stages',
        'build,preflight,publish',
        '--targets',
        'pypi',
        '--repository-url',
        fresh.uploadUrl,
        '--python',
        PYTHON,
        '--build-isolation',
        'false',
        '--json'
      ]
      const child = spawn(process.execPath, args, { cwd: workspace, env: { PATH: process.env['PATH'], HOME: process.env['HOME'], TWINE_PASSWORD: token } })
      let stdout = ''
      let stderr = ''
      child.stdout.on('data', chunk => (stdout += chunk))
      child.stderr.on('data', chunk => (stderr += chunk))
      const code = await new Promise(resolve => child.on('close', resolve))
      printed.push(stdout, stderr)
      if (code !== 0) throw new Error(`the CLI exited ${code}:\n${stderr}`)
      expect(stderr).toContain('pypi: published')
      expect(JSON.parse(stdout).published).toEqual([expect.objectContaining({ target: 'pypi', status: 'published' })])
      expect(fresh.files).toHaveLength(2)
    } finally {
      await fresh.stop()
    }
  })

  describe('trusted publishing', () => {
    let oidc: OidcProvider
    let index: PyPIIndex
    beforeAll(async () => {
      oidc = await new OidcProvider().start()
    })
    afterAll(async () => {
      tokens.push(...oidc.issuedTokens)
      await oidc.stop()
    })
    const start = async (more: Partial<TrustedPublishingOptions> = {}): Promise<PyPIIndex> => {
      index = await new PyPIIndex({
        trustedPublishing: {
          issuer: oidc.issuer,
          publicKey: oidc.publicKey,
          publishers: [{ project: 'sample-greeter', repository: 'octo/greeter', workflow: 'release.yml', environment: 'pypi' }],
          ...more
        }
      }).start()
      return index
    }
    afterEach(async () => {
      minted.push(...index.mintedTokens)
      tokens.push(...index.mintedTokens)
      await index.stop()
    })
    const actions = { GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/tags/v0.3.1' }

    it('exchanges the runner OIDC token (core.getIDToken, unmodified) for a token and publishes', async () => {
      await start()
      // no signing with the public-good Sigstore here: e2e-attestations signs with a local one
      const run = await release(
        { targets: 'pypi', 'repository-url': index.uploadUrl, attestations: 'false' },
        { ...actions, ...oidc.environment({ environment: 'pypi' }) }
      )
      expect({ code: run.code, errors: errors(run) }).toEqual({ code: 0, errors: [] })
      expect(index.mintedTokens).toHaveLength(1)
      expect(index.files).toHaveLength(2)
      expect(oidc.issued.at(-1)).toMatchObject({ aud: 'pypi', environment: 'pypi' })
      // The minted token is masked as soon as it exists.
      expect(run.stdout).toContain(`::add-mask::${index.mintedTokens[0]}`)
      expect(run.stdout).toContain('trusted publishing token minted for sample-greeter')
    })

    it('without id-token: write, says which permission the workflow needs', async () => {
      await start()
      const run = await release({ targets: 'pypi', 'repository-url': index.uploadUrl }, actions)
      expect(run.code).toBe(1)
      expect(errors(run).join('\n')).toContain("Check that the workflow or job has 'permissions: id-token: write'")
      expect(index.uploads).toHaveLength(0)
    })

    it('a job in another environment than the publisher names is told the claims to register', async () => {
      await start()
      const run = await release({ targets: 'pypi', 'repository-url': index.uploadUrl }, { ...actions, ...oidc.environment({ environment: 'staging' }) })
      expect(run.code).toBe(1)
      expect(errors(run).join('\n')).toMatch(
        /No trusted publisher on 127\.0\.0\.1:\d+ matches this workflow\. .*owner 'octo', repository 'greeter', workflow 'release\.yml', environment 'staging'/
      )
      expect(index.uploads).toHaveLength(0)
    })

    // A minted token lives 15 minutes on PyPI (warehouse/oidc/views.py:329-330); here 5 s, and each upload is held 3 s
    // before the index reads it, so the second upload is judged after the preflight's token expired.
    it('a publish that outlasts its minted token mints again before the upload and publishes', async () => {
      await start({ mintedTokenSeconds: 5 })
      index.inject({ on: 'upload', delayMs: 3000, times: 2 })
      const run = await release(
        { targets: 'pypi', 'repository-url': index.uploadUrl, attestations: 'false' },
        { ...actions, ...oidc.environment({ environment: 'pypi' }) }
      )
      expect({ code: run.code, errors: errors(run) }).toEqual({ code: 0, errors: [] })
      expect(index.uploads.map(u => u.status)).toEqual([200, 200])
      const preflightExpiry = index.uploads[0]!.tokenExpires!
      // refused without minting again: the index's rule (macaroons/caveats/__init__.py:60) at the time it judged it
      expect(index.uploads[1]!.at).toBeGreaterThanOrEqual(preflightExpiry * 1000)
      expect(index.uploads[1]!.tokenExpires).toBeGreaterThan(preflightExpiry)
      expect(run.stdout).toMatch(/left, too little for an upload of \d+ bytes; minting a new one/)
      // every token is masked the moment it is minted, and each exchange took a fresh OIDC token (single-use)
      for (const token of index.mintedTokens) expect(run.stdout).toContain(`::add-mask::${token}`)
      expect(oidc.issued.filter(claims => claims['aud'] === 'pypi').length).toBeGreaterThanOrEqual(index.mintedTokens.length)
    })

    it("an upload the index refuses with 403 'token is expired' is sent again once with a new token, and the release publishes", async () => {
      await start({ mintedTokenSeconds: 5 })
      index.inject({ on: 'upload', delayMs: 6000 })
      const run = await release(
        { targets: 'pypi', 'repository-url': index.uploadUrl, attestations: 'false' },
        { ...actions, ...oidc.environment({ environment: 'pypi' }) }
      )
      expect({ code: run.code, errors: errors(run) }).toEqual({ code: 0, errors: [] })
      expect(index.uploads.map(u => [u.status, u.message])).toEqual([
        [403, 'Invalid API Token: token is expired'],
        [200, 'OK'],
        [200, 'OK']
      ])
      expect(run.stdout).toContain('the index found the minted token expired; minting a new one and sending the file once more')
      expect(index.files).toHaveLength(2)
    })

    // warehouse/oidc/views.py:403-417: a job whose job_workflow_ref (the called workflow) differs from workflow_ref (the caller)
    describe('a job in a reusable workflow', () => {
      const CALLER = 'octo/greeter/.github/workflows/release.yml@refs/tags/v0.3.1'
      const CALLED = 'octo/greeter/.github/workflows/publish.yml@refs/tags/v0.3.1'
      const reusableJob = (): Record<string, string> => ({
        ...actions,
        ...oidc.environment({ environment: 'pypi', workflow_ref: CALLER, job_workflow_ref: CALLED })
      })
      // PyPI matches the called workflow's file (oidc/models/github.py:220-233)
      const publishers = [{ project: 'sample-greeter', repository: 'octo/greeter', workflow: 'publish.yml', environment: 'pypi' }]
      const notices = (run: ActionRun) =>
        run.annotations.filter(a => a.level === 'notice' && a.properties['title'] === 'Trusted publishing from a reusable workflow')

      it('is told, before the token exchange, the publisher PyPI will match and that it would refuse attestations; it publishes', async () => {
        await start({ publishers })
        const run = await release({ targets: 'pypi', 'repository-url': index.uploadUrl, attestations: 'false' }, reusableJob())
        expect({ code: run.code, errors: errors(run) }).toEqual({ code: 0, errors: [] })
        const [notice] = notices(run)
        expect(notice?.message).toContain(
          "register owner 'octo', repository 'greeter', workflow 'publish.yml', environment 'pypi' ('release.yml' will not match)"
        )
        expect(notice?.message).toContain('PyPI would refuse PEP 740 attestations signed in this job')
        const said = run.stdout.indexOf('pypi: before the token exchange: This job runs in the reusable workflow')
        expect(said).toBeGreaterThan(0)
        expect(said).toBeLessThan(run.stdout.indexOf('trusted publishing token minted for sample-greeter'))
        expect(index.files).toHaveLength(2)
      })

      it('with attestations on (the default), preflight fails with no token exchanged and nothing signed or uploaded', async () => {
        await start({ publishers })
        const run = await release({ targets: 'pypi', 'repository-url': index.uploadUrl }, reusableJob())
        expect(run.code).toBe(1)
        expect(notices(run)).toHaveLength(1)
        expect(errors(run).join('\n')).toContain("Set 'attestations: false' for this job, or run this action in a job of release.yml itself")
        expect(index.mintRequests).toBe(0)
        expect(oidc.issued.at(-1)?.['aud']).toBe('pypi')
        expect(index.uploads).toHaveLength(0)
      })
    })
  })

  it('never shows a token in any log, output or summary', () => {
    expect(runs.length).toBeGreaterThan(3)
    // Declared after the trusted-publishing tests, so their minted and OIDC tokens are in the scan too.
    expect(minted.length).toBeGreaterThan(0)
    expect(tokens.length).toBeGreaterThan(5)
    for (const text of [...runs.map(visibleText), ...printed]) {
      for (const token of tokens) expect(text.includes(token)).toBe(false)
    }
  })
})
