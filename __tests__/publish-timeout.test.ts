// Never a hang while publishing: each request's bounds (the wait for an answer once the body is sent,
// Octokit's tries, the runner's OIDC token) and the publish deadline ('publish-timeout') that ends every
// request, retry and wait of the publish stage, against the local index and GitHub with injected faults.
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { Deadline, DeadlineError, getWithRetries, NetworkError, request } from '../src/publish/http.js'
import { locateIndex } from '../src/publish/index-api.js'
import { DistributionManager } from '../src/publish/manager.js'
import { IndexTarget } from '../src/publish/pypi.js'
import { CredentialError, mintToken } from '../src/publish/trusted.js'
import { githubClient } from '../src/publish/github-api.js'
import { DistributionTarget, type BuildArtifact } from '../src/types.js'
import { PyPIIndex } from '../test/servers/pypi-index.js'
import { GitHubServer } from '../test/servers/github.js'
import { OidcProvider } from '../test/servers/oidc.js'
import { buildSample } from './helpers/builds.js'

const FAST_RETRY = { attempts: 4, baseDelayMs: 20, maxDelayMs: 200 }

describe('publishing never hangs', () => {
  let built: BuildArtifact[]
  let index: PyPIIndex | undefined
  let github: GitHubServer | undefined
  const logs: string[] = []
  const logger = { info: (message: string) => logs.push(message), debug: () => {} }

  beforeAll(async () => {
    built = await buildSample('1700000000')
  }, 120_000)
  afterEach(async () => {
    logs.length = 0
    await Promise.all([index?.stop(), github?.stop()])
    index = github = undefined
  })

  const manager = (server: PyPIIndex, more: { publishTimeoutMs?: number; retry?: typeof FAST_RETRY } = {}): DistributionManager =>
    new DistributionManager({
      localDir: '/nonexistent',
      pypi: { uploadUrl: server.uploadUrl, password: server.userToken },
      logger,
      retry: FAST_RETRY,
      verifyTimeoutMs: 3000,
      ...more
    })

  it('once the body is sent, the answer is awaited answerTimeoutMs, not the idle bound', async () => {
    index = await new PyPIIndex().start()
    index.inject({ on: 'upload', hang: 'after-store' })
    const sent = request(index.uploadUrl, { method: 'POST', body: Buffer.from('not a form'), timeoutMs: 600_000, answerTimeoutMs: 1000 })
    await expect(sent).rejects.toThrow(NetworkError)
    await expect(sent).rejects.toThrow(/^no answer from 127\.0\.0\.1:\d+ for 1 s after the request was sent$/)
    // The whole body arrived: the index handled it, and only its answer was missing.
    expect(index.uploads).toHaveLength(1)
  }, 20_000)

  it('the publish deadline abandons a request in flight, and no request is sent after it', async () => {
    index = await new PyPIIndex().start()
    index.inject({ on: 'upload', hang: 'after-store' })
    const deadline = new Deadline(1000).start()
    const error = await request(index.uploadUrl, { method: 'POST', body: Buffer.from('x'), timeoutMs: 600_000, answerTimeoutMs: 600_000, deadline }).catch(
      e => e
    )
    expect(error).toBeInstanceOf(DeadlineError)
    expect(error.what).toMatch(/^no answer from 127\.0\.0\.1:\d+ for 1 s$/)
    expect(error.message).toMatch(/; 'publish-timeout' \(0\.017 minutes\) ran out$/)
    const late = await request(index.uploadUrl, { method: 'POST', body: Buffer.from('x'), deadline }).catch(e => e)
    expect(late).toBeInstanceOf(DeadlineError)
    expect(late.what).toMatch(/ran out before 127\.0\.0\.1:\d+ was asked/)
    expect(index.uploads).toHaveLength(1)
  }, 20_000)

  it('a retry the server asks for after the deadline is not waited for', async () => {
    index = await new PyPIIndex().start()
    index.inject({ on: 'json', status: 429, retryAfter: 30 })
    const deadline = new Deadline(5000).start()
    const error = await getWithRetries(`${index.origin}/pypi/sample-greeter/json`, { deadline }, logger).catch(e => e)
    expect(error).toBeInstanceOf(DeadlineError)
    expect(error.what).toMatch(
      /^GET http:\/\/127\.0\.0\.1:\d+\/pypi\/sample-greeter\/json failed \(HTTP 429\), and a retry in 30\.0 s would come after the deadline$/
    )
    expect(logs.filter(line => /retrying in/.test(line))).toEqual([])
  }, 20_000)

  it('an index that stores the upload and never answers fails the target at publish-timeout, nothing more is sent, and a re-run uploads only the rest', async () => {
    index = await new PyPIIndex().start()
    index.inject({ on: 'upload', hang: 'after-store' })
    const [wheel, sdist] = built as [BuildArtifact, BuildArtifact]
    const first = manager(index, { publishTimeoutMs: 3000 })
    const preflight = await first.preflight(DistributionTarget.PYPI, built)
    expect(preflight.ready).toBe(true)
    const published = await first.publish(preflight)
    expect(published).toMatchObject({ target: 'pypi', status: 'failed', uploaded: [] })
    expect(published.message).toMatch(
      new RegExp(
        `^${wheel.filename.replace(/\./g, '\\.')}: no answer from 127\\.0\\.0\\.1:\\d+ for [23] s while uploading it to 127\\.0\\.0\\.1:\\d+; ` +
          "the index may still have stored it — a re-run checks before sending again\\. Publishing stopped as 'publish-timeout' \\(0\\.05 minutes\\) ran out, and nothing more was sent; " +
          "raise 'publish-timeout' if the index is only slow\\.\\nnothing was uploaded; a re-run keeps what is on the index and uploads the rest\\.$"
      )
    )
    // The sdist was never sent, and no lookup or retry followed the deadline.
    expect(index.uploads.map(u => u.filename)).toEqual([wheel.filename])

    const again = manager(index)
    const second = await again.preflight(DistributionTarget.PYPI, built)
    expect(second.files.map(f => [f.artifact.filename, f.action])).toEqual([
      [wheel.filename, 'skip-identical'],
      [sdist.filename, 'upload']
    ])
    expect(await again.publish(second)).toMatchObject({ status: 'published', uploaded: [sdist.filename], skipped: [wheel.filename] })
    expect(index.uploads.map(u => u.filename)).toEqual([wheel.filename, sdist.filename])
  }, 30_000)

  it('a backoff that would pass publish-timeout is not slept: the target fails at once', async () => {
    index = await new PyPIIndex().start()
    index.inject({ on: 'upload', status: 429, retryAfter: 60 })
    const run = manager(index, { publishTimeoutMs: 20_000, retry: { attempts: 5, baseDelayMs: 1000, maxDelayMs: 60_000 } })
    const published = await run.publish(await run.preflight(DistributionTarget.PYPI, built))
    expect(published.status).toBe('failed')
    expect(published.message).toMatch(
      /: the last try failed \(HTTP 429 Too Many Requests\), and a retry in 60\.0 s would come after the deadline while uploading it to 127\.0\.0\.1:\d+;/
    )
    expect(published.message).toContain("'publish-timeout' (0.333 minutes) ran out")
    // One try, answered 429 before the upload was handled; no second.
    expect(index.faults).toHaveLength(1)
    expect(index.uploads).toEqual([])
  }, 20_000)

  it('after an upload answer that never comes (per request), the index is asked before sending again: each file once', async () => {
    index = await new PyPIIndex().start()
    index.inject({ on: 'upload', hang: 'after-store' })
    const target = new IndexTarget({
      target: DistributionTarget.PYPI,
      index: locateIndex(index.uploadUrl),
      username: '__token__',
      password: index.userToken,
      skipExisting: true,
      idToken: undefined,
      setSecret: () => {},
      logger,
      retry: FAST_RETRY,
      verifyTimeoutMs: 3000,
      answerTimeoutMs: 1000
    })
    const published = await target.publish(await target.preflight(built))
    expect(published).toMatchObject({ status: 'published', uploaded: built.map(a => a.filename) })
    expect(index.uploads.map(u => [u.filename, u.status])).toEqual(built.map(a => [a.filename, 200]))
    expect(logs.join('\n')).toMatch(/is on the index after all \(no answer from 127\.0\.0\.1:\d+ for 1 s after the request was sent\)/)
  }, 20_000)

  it('each Octokit try has its own bound: a GitHub that does not answer is tried again', async () => {
    github = await new GitHubServer().start()
    const token = github.token({ contents: 'write' })
    github.inject({ on: 'api', delayMs: 4000 })
    const octokit = githubClient({ token, apiUrl: github.apiUrl, logger, retry: FAST_RETRY, requestTimeoutMs: 1000 })
    const { data } = await octokit.rest.repos.listReleases({ owner: github.owner, repo: github.repo })
    expect(data).toEqual([])
    expect(logs.join('\n')).toMatch(/GET \/repos\/\/\/releases: HTTP 500 no answer from GitHub within 1 s; retrying/)
  }, 20_000)

  it('the publish deadline ends an Octokit request in flight and its retries', async () => {
    github = await new GitHubServer().start()
    const token = github.token({ contents: 'write' })
    github.inject({ on: 'api', delayMs: 4000, times: 5 })
    const deadline = new Deadline(1500).start()
    const octokit = githubClient({ token, apiUrl: github.apiUrl, logger, retry: FAST_RETRY, deadline })
    const error = await octokit.rest.repos.listReleases({ owner: github.owner, repo: github.repo }).catch(e => e)
    expect(error).toBeInstanceOf(DeadlineError)
    expect(error.what).toMatch(/^no answer from GitHub for [12] s \(GET \/repos\/\/\/releases\)$/)
    expect(github.faults).toHaveLength(1)
  }, 20_000)

  it('a runner whose OIDC endpoint never gives a token fails preflight with what happened', async () => {
    const oidc = await new OidcProvider().start()
    index = await new PyPIIndex({ trustedPublishing: { issuer: oidc.issuer, publicKey: oidc.publicKey, publishers: [] } }).start()
    await oidc.stop()
    const never = (): Promise<string> => new Promise(() => {})
    const error = await mintToken(locateIndex(index.uploadUrl), 'sample-greeter', never, logger, 1000).catch(e => e)
    expect(error).toBeInstanceOf(CredentialError)
    expect(error.message).toMatch(
      /^Trusted publishing needs this run's OIDC token, and GitHub did not give one \(the runner's OIDC endpoint gave no token within 1 s\)/
    )
  }, 20_000)
})
