// The github target and the check run end to end: the bundled action (node dist/index.js) against the
// local GitHub with GITHUB_API_URL pointed at it, as on a runner. A tag release, a re-run, a racing pair
// of runs and a run with injected faults each end with exactly one correct release; bad input publishes
// nothing; the release waits for every other target; no token ever shows.
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { GitHubServer } from '../test/servers/github.js'
import { PyPIIndex } from '../test/servers/pypi-index.js'
import { PYTHON, ROOT, runAction, visibleText, workspaceWith, type ActionRun } from './helpers/action.js'
import { shownText } from './helpers/markdown.js'

const SAMPLE = join(ROOT, 'examples', 'sample-project')
const sha256 = (content: Buffer): string => createHash('sha256').update(content).digest('hex')

describe('github target and check run through the bundled action', () => {
  let server: GitHubServer
  let workspace: string
  let commit: string
  const runs: ActionRun[] = []
  /** What the command line printed, for the token scan. */
  const printed: string[] = []
  const tokens: string[] = []
  const stopped = new Set<GitHubServer>()

  const token = (permissions: Parameters<GitHubServer['token']>[0]): string => {
    const value = server.token(permissions)
    tokens.push(value)
    return value
  }
  const env = (more: Record<string, string> = {}): Record<string, string> => ({
    GITHUB_API_URL: server.apiUrl,
    GITHUB_SERVER_URL: server.serverUrl,
    GITHUB_REPOSITORY: `${server.owner}/${server.repo}`,
    GITHUB_REF: 'refs/tags/v0.3.1',
    GITHUB_SHA: commit,
    GITHUB_ACTIONS: 'true',
    ...more
  })
  const release = async (inputs: Record<string, string>, more: Record<string, string> = {}): Promise<ActionRun> => {
    const run = await runAction(
      workspace,
      {
        'project-dir': 'sub',
        stages: 'build,preflight,publish',
        targets: 'github',
        python: PYTHON,
        'build-isolation': 'false',
        ...inputs
      },
      env(more)
    )
    runs.push(run)
    return run
  }
  const errors = (run: ActionRun): string[] => run.annotations.filter(a => a.level === 'error').map(a => a.message)
  /** The published release's assets: name → sha256 of the bytes GitHub holds. */
  const stored = (tag = 'v0.3.1'): Record<string, string> =>
    Object.fromEntries((server.publishedRelease(tag)?.assets ?? []).map(asset => [asset.name, sha256(asset.content)]))
  const builtAssets = (run: ActionRun): Record<string, unknown> => {
    const built = JSON.parse(run.outputs['artifacts'] ?? '[]') as Array<{ filename: string; sha256: string }>
    const sums = [...built]
      .sort((a, b) => (a.filename < b.filename ? -1 : 1))
      .map(a => `${a.sha256}  ${a.filename}\n`)
      .join('')
    return {
      ...Object.fromEntries(built.map(a => [a.filename, a.sha256])),
      SHA256SUMS: sha256(Buffer.from(sums)),
      // the release manifest of the commit released: the files' recorded origin (issue 24)
      [`release-manifest.sample_greeter-0.3.1.${commit.slice(0, 12)}.json`]: expect.stringMatching(/^[0-9a-f]{64}$/)
    }
  }

  beforeAll(async () => {
    workspace = (await workspaceWith(SAMPLE)).workspace
  })
  afterEach(async () => {
    if (stopped.has(server)) return
    stopped.add(server)
    expect(server.violations).toEqual([])
    await server.stop()
  })

  it('publishes a tag release with its assets and a check run holding every annotation, and a re-run changes nothing', async () => {
    server = await new GitHubServer().start()
    commit = server.commits[0]!
    // 120 failing tests, each at its own line: far more annotations than a step shows (10 per kind).
    const cases = Array.from(
      { length: 120 },
      (_, n) =>
        `<testcase classname="tests.test_greeter" name="test_${n}"><failure message="boom ${n}">sub/tests/test_greeter.py:${n + 1}: AssertionError</failure></testcase>`
    )
    await writeFile(
      join(workspace, 'junit.xml'),
      `<testsuites><testsuite name="pytest">${cases.join('')}<testcase classname="t" name="ok"/></testsuite></testsuites>`
    )
    const write = token({ contents: 'write', checks: 'write' })
    const run = await release({ stages: 'certify,build,preflight,publish', 'junit-xml': 'junit.xml', 'min-pass-rate': '0', 'github-token': write })
    expect({ code: run.code, errors: errors(run) }).toEqual({ code: 0, errors: [] })
    const published = server.publishedRelease('v0.3.1')
    expect(server.releases).toHaveLength(1)
    expect(published).toMatchObject({ draft: false, prerelease: false, tagName: 'v0.3.1' })
    expect(stored()).toEqual(builtAssets(run))
    expect(server.tags()['v0.3.1']).toBe(commit)
    expect(run.outputs['release-url']).toBe(`${server.serverUrl}/${server.owner}/${server.repo}/releases/tag/v0.3.1`)
    expect(run.outputs['release-id']).toBe(String(published!.id))
    expect(JSON.parse(run.outputs['published'] ?? '[]')).toEqual([expect.objectContaining({ target: 'github', status: 'published', releaseId: published!.id })])
    expect(run.summary).toContain('| github | ✅ published |')

    // The check run: on GITHUB_SHA, every located annotation, in requests of at most 50.
    expect(server.checkRuns).toHaveLength(1)
    const check = server.checkRuns[0]!
    expect(check).toMatchObject({ name: 'release certification', headSha: commit, status: 'completed', conclusion: 'neutral' })
    expect(check.annotations).toHaveLength(120)
    // the check run's summary opens with the outcome: released, and where
    expect(shownText(check.output.summary ?? '').split('\n')[0]).toBe('✅ Released sample-greeter 0.3.1 to github')
    expect(run.outputs['check-run-id']).toBe(String(check.id))
    expect(run.annotations.filter(a => a.level === 'warning')).toHaveLength(10)
    expect(server.requests.filter(r => r.path.includes('/check-runs')).map(r => r.method)).toEqual(['POST', 'PATCH', 'PATCH'])

    const again = await release({ 'github-token': write })
    expect({ code: again.code, errors: errors(again) }).toEqual({ code: 0, errors: [] })
    expect(JSON.parse(again.outputs['published'] ?? '[]')).toEqual([expect.objectContaining({ target: 'github', status: 'skipped', uploaded: [] })])
    expect(server.releases).toHaveLength(1)
    // wheel, sdist, SHA256SUMS and the commit's release manifest, each once
    expect(server.requests.filter(r => r.api === 'upload')).toHaveLength(4)
  })

  it('two runs racing for the tag end with one release; injected faults are ridden out', async () => {
    server = await new GitHubServer().start()
    commit = server.commits[0]!
    const arrived = server.raceReleaseCreation(2)
    server.inject({ on: 'upload', starter: true }, { on: 'upload', status: 502 }, { on: 'api', secondaryRateLimit: true, retryAfter: 1 })
    const write = token({ contents: 'write' })
    const [a, b] = await Promise.all([release({ 'github-token': write }), release({ 'github-token': write })])
    expect(arrived()).toBe(2)
    expect([a.code, b.code, ...errors(a), ...errors(b)]).toEqual([0, 0])
    expect(server.faults).toHaveLength(3)
    expect(server.releases).toHaveLength(1)
    // wheel, sdist, SHA256SUMS and the commit's release manifest
    expect(server.releases[0]!.assets.map(asset => asset.state)).toEqual(['uploaded', 'uploaded', 'uploaded', 'uploaded'])
    expect(stored()).toEqual(builtAssets(a))
    expect(a.outputs['release-url']).toBe(b.outputs['release-url'])
  })

  it('publishes the release only after every other target succeeded', async () => {
    server = await new GitHubServer().start()
    commit = server.commits[0]!
    const index = await new PyPIIndex().start()
    try {
      // A token for another project passes preflight's reading and is refused at upload.
      const other = index.projectToken('another-project')
      tokens.push(other)
      const run = await release({ targets: 'github,pypi', 'github-token': token({ contents: 'write' }), 'repository-url': index.uploadUrl, password: other })
      expect(run.code).toBe(1)
      expect(run.annotations.filter(a => a.level === 'error').map(a => a.properties['title'])).toEqual(['Publish to pypi failed'])
      expect(server.releases).toEqual([expect.objectContaining({ draft: true, tagName: 'v0.3.1' })])
      expect(server.publishedRelease('v0.3.1')).toBeUndefined()
      // Fixed, the re-run keeps the draft's assets and publishes it.
      const fixed = await release({
        targets: 'github,pypi',
        'github-token': token({ contents: 'write' }),
        'repository-url': index.uploadUrl,
        password: index.userToken
      })
      tokens.push(index.userToken)
      expect({ code: fixed.code, errors: errors(fixed) }).toEqual({ code: 0, errors: [] })
      expect(server.releases).toHaveLength(1)
      expect(stored()).toEqual(builtAssets(fixed))
      expect(server.requests.filter(r => r.api === 'upload')).toHaveLength(4)
    } finally {
      await index.stop()
    }
  })

  // The old client waited 5 minutes of silence per try, five tries: this test's 90 s would not do.
  it('an asset upload GitHub stores and never answers ends the run at publish-timeout with the draft kept; a re-run publishes it without sending again', async () => {
    server = await new GitHubServer().start()
    commit = server.commits[0]!
    server.inject({ on: 'upload', hangAfterStore: true })
    const hung = await release({ 'github-token': token({ contents: 'write' }), 'publish-timeout': '0.1' })
    expect(hung.code).toBe(1)
    expect(JSON.parse(hung.outputs['published'] ?? '[]')).toEqual([expect.objectContaining({ target: 'github', status: 'failed' })])
    const said = errors(hung).join('\n')
    expect(said).toMatch(
      /: no answer from 127\.0\.0\.1:\d+ for \d+ s while uploading it to the release; GitHub may still have stored it — a re-run checks the release's assets before sending again/
    )
    expect(said).toContain("'publish-timeout' (0.1 minutes) ran out, and nothing more was sent")
    expect(said).toContain('the release stays a draft')
    expect(server.publishedRelease('v0.3.1')).toBeUndefined()

    const again = await release({ 'github-token': token({ contents: 'write' }) })
    expect({ code: again.code, errors: errors(again) }).toEqual({ code: 0, errors: [] })
    expect(server.releases).toHaveLength(1)
    expect(stored()).toEqual(builtAssets(again))
    // Each asset sent once: the stored one was found on the draft, not sent again.
    expect(server.requests.filter(r => r.api === 'upload' && r.method === 'POST')).toHaveLength(4)
  }, 90_000)

  it.each<[string, Record<string, string>, Record<string, string>, RegExp]>([
    ['an empty token', { 'github-token': '' }, {}, /Input 'github-token' is empty; the github target needs a token that may write releases/],
    [
      'a release tag git would refuse',
      { 'release-tag': 'v0.3.1 final' },
      {},
      /Input 'release-tag' \('v0\.3\.1 final'\) is not a valid tag name: it contains a space/
    ],
    ['upload-concurrency 0', { 'upload-concurrency': '0' }, {}, /Input 'upload-concurrency' must be a whole number from 1 to 16/],
    [
      'a read-only token',
      { 'github-token': 'READ' },
      {},
      /GitHub answered 403 \(Resource not accessible by integration\) while creating a draft release for v0\.3\.1.*permissions: contents: write/
    ],
    [
      'a revoked token',
      { 'github-token': 'ghs_revokedrevokedrevokedrevokedrevoke' },
      {},
      /GitHub refused the token while reading the tag v0\.3\.1: Bad credentials/
    ],
    ['a tag at another commit', {}, { GITHUB_SHA: 'f'.repeat(40) }, /The tag v0\.3\.1 points at commit [0-9a-f]{40}, but this run releases commit f{40}/]
  ])('refuses %s with a clear error, and publishes nothing', async (_name, inputs, more, message) => {
    commit = 'c'.repeat(40)
    server = await new GitHubServer({ commits: [commit], tags: _name === 'a tag at another commit' ? { 'v0.3.1': commit } : {} }).start()
    const given = { 'github-token': token({ contents: 'write' }), ...inputs }
    if (given['github-token'] === 'READ') given['github-token'] = token({ contents: 'read' })
    const run = await release(given, more)
    expect(run.code).toBe(1)
    expect(errors(run).join('\n')).toMatch(message)
    expect(server.releases).toEqual([])
    expect(server.requests.filter(r => r.api === 'upload')).toEqual([])
  })

  it("puts a pull request's check run on its head commit, and without checks: write says which permission would", async () => {
    const [merge, head] = ['d'.repeat(40), 'e'.repeat(40)]
    server = await new GitHubServer({ commits: [merge, head] }).start()
    commit = merge
    const event = join(workspace, 'event.json')
    await writeFile(event, JSON.stringify({ pull_request: { number: 7, head: { sha: head } } }))
    const pr = { GITHUB_EVENT_NAME: 'pull_request', GITHUB_REF: 'refs/pull/7/merge', GITHUB_EVENT_PATH: event }
    const run = await release({ stages: 'certify', 'github-token': token({ contents: 'read', checks: 'write' }) }, pr)
    expect({ code: run.code, errors: errors(run) }).toEqual({ code: 0, errors: [] })
    expect(server.checkRuns).toEqual([expect.objectContaining({ headSha: head, name: 'release certification' })])
    const denied = await release({ stages: 'certify', 'github-token': token({ contents: 'read' }) }, pr)
    expect(denied.code).toBe(0)
    expect(
      denied.annotations
        .filter(a => a.level === 'notice')
        .map(a => a.message)
        .join('\n')
    ).toMatch(/Give the job `permissions: checks: write`/)
    expect(server.checkRuns).toHaveLength(1)
  })

  it('publishes from the command line with GITHUB_TOKEN, the same release', async () => {
    server = await new GitHubServer().start()
    commit = server.commits[0]!
    const secret = token({ contents: 'write' })
    const cli = await new Promise<{ code: number | null; stdout: string; stderr: string }>(resolve => {
      const child = spawn(
        process.execPath,
        [
          join(ROOT, 'dist', 'cli', 'index.js'),
          '--project-dir',
          'sub',
          '--stages',
          'build,preflight,publish',
          '--targets',
          'github',
          '--python',
          PYTHON,
          '--build-isolation',
          'false',
          '--release-tag',
          'v0.3.1'
        ],
        {
          cwd: workspace,
          env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env({ GITHUB_TOKEN: secret }), GITHUB_ACTIONS: '' }
        }
      )
      let stdout = ''
      let stderr = ''
      child.stdout.on('data', chunk => (stdout += chunk))
      child.stderr.on('data', chunk => (stderr += chunk))
      child.on('close', code => resolve({ code, stdout, stderr }))
    })
    printed.push(cli.stdout, cli.stderr)
    expect({ code: cli.code, stderr: cli.code === 0 ? '' : cli.stderr }).toEqual({ code: 0, stderr: '' })
    expect(cli.stdout).toMatch(/github +published/)
    expect(
      server
        .publishedRelease('v0.3.1')
        ?.assets.map(a => a.name)
        .sort()
    ).toEqual([
      'SHA256SUMS',
      expect.stringMatching(/^release-manifest\.sample_greeter-0\.3\.1\.[0-9a-f]{12}\.json$/),
      'sample_greeter-0.3.1-py3-none-any.whl',
      'sample_greeter-0.3.1.tar.gz'
    ])
  })

  it('never shows a token in any log, output or summary', () => {
    const visible = [...runs.map(visibleText), ...printed].join('\n')
    expect(tokens.length).toBeGreaterThan(10)
    for (const secret of tokens) expect(visible).not.toContain(secret)
  })
})
