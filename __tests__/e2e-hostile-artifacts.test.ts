// A hostile artifact service end to end, through the bundle (node dist/index.js) and the unmodified
// @actions/artifact client, in a publish job that receives its files (stages preflight,publish):
// - what the client prints itself (a retry with the service's error message, a response's headers and body,
//   a download's Content-Disposition file name, the blob URL) passes the process-level sink: no line the
//   runner would obey but ours, and no secret in any form it travels in;
// - a service that never answers, resets every connection or trickles a download ends the run within
//   'receive-timeout', with an error naming the artifact service and the artifact, and nothing published.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtemp, readdir, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ArtifactService } from '../test/servers/artifact-service.js'
import { artifactClient } from './helpers/artifacts.js'
import { forgedCommands } from './helpers/hostile.js'
import { runAction, type ActionRun } from './helpers/action.js'

const PASSWORD = 'pa"ss\\word-4711/zz+'
const GITHUB_TOKEN = 'tok-Secret-4711-abcdef'
const FORGED_LINES = '\n::error::forged\n::add-mask::x\r::warning title=FORGED::y\n'

/** Every form a secret travels in: raw, URL-encoded, JSON-escaped, base64 (also without its padding). */
function forms(secret: string): string[] {
  const base64 = Buffer.from(secret).toString('base64')
  return [secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1), base64, base64.replace(/=+$/, ''), Buffer.from(secret).toString('base64url')]
}

/** The run's log (stdout and stderr), outputs and summary, without the runner's own mask commands. */
function shown(run: ActionRun): string {
  const log = `${run.stdout}\n${run.stderr}`
    .split('\n')
    .filter(line => !line.startsWith('::add-mask::'))
    .join('\n')
  return `${log}\n${JSON.stringify(run.outputs)}\n${run.summary}`
}

describe('a hostile artifact service', () => {
  let service: ArtifactService
  let runtimeToken: string
  let env: Record<string, string>

  const receive = async (inputs: Record<string, string> = {}, timeoutMs = 120_000): Promise<{ run: ActionRun; workspace: string; ms: number }> => {
    const workspace = await mkdtemp(join(tmpdir(), 'pra-hostile-artifacts-'))
    const started = Date.now()
    const run = await runAction(
      workspace,
      {
        stages: 'preflight,publish',
        targets: 'local',
        'local-dir': 'release',
        'download-artifacts': 'dists-*',
        password: PASSWORD,
        'github-token': GITHUB_TOKEN,
        ...inputs
      },
      env,
      timeoutMs
    )
    return { run, workspace, ms: Date.now() - started }
  }
  const publishedNothing = async (workspace: string): Promise<void> => {
    await expect(readdir(join(workspace, 'release'))).rejects.toThrow(/ENOENT/)
  }
  const secretsShown = (run: ActionRun): string[] => {
    const text = shown(run)
    return [PASSWORD, GITHUB_TOKEN, runtimeToken].flatMap(forms).filter(form => text.includes(form))
  }

  beforeAll(async () => {
    service = await new ArtifactService().start()
    env = { ...service.environment(), GITHUB_ACTIONS: 'true', GITHUB_REPOSITORY: 'octo/greeter', GITHUB_SHA: 'a'.repeat(40), GITHUB_RUN_ID: '77' }
    runtimeToken = env['ACTIONS_RUNTIME_TOKEN'] as string
  })
  afterAll(async () => service.stop())

  it("a 500 whose body forges commands and echoes the secrets: the client's own retry line and debug body show neither", async () => {
    service.misbehave.length = 0
    const echoed = [PASSWORD, GITHUB_TOKEN, runtimeToken]
      .flatMap(secret => [secret, encodeURIComponent(secret), JSON.stringify(secret), Buffer.from(secret).toString('base64')])
      .join(' ')
    service.misbehave.push({
      operation: 'ListArtifacts',
      times: 1,
      kind: 'error',
      status: 500,
      body: JSON.stringify({ code: 'internal', msg: `boom${FORGED_LINES}${echoed}${FORGED_LINES}` })
    })
    const { run, workspace } = await receive()
    // the client retried after the 500 and printed the service's message: the listing then had nothing
    expect(run.stdout).toContain('Attempt 1 of 5 failed')
    expect(run.code).toBe(1)
    expect(run.annotations.filter(a => a.level === 'error').map(a => a.message)).toEqual([
      expect.stringContaining("no artifact of this workflow run matches 'dists-*'")
    ])
    expect(forgedCommands(`${run.stdout}\n${run.stderr}`, [PASSWORD, GITHUB_TOKEN])).toEqual([])
    expect(secretsShown(run)).toEqual([])
    await publishedNothing(workspace)
  }, 60_000)

  it("an artifact named after a secret, a blob URL holding it, a Content-Disposition file name holding it: the client's lines show none", async () => {
    service.misbehave.length = 0
    const dir = await mkdtemp(join(tmpdir(), 'pra-hostile-upload-'))
    await writeFile(join(dir, 'notes.txt'), 'not a distribution\n')
    const name = `dists-${GITHUB_TOKEN}`
    await artifactClient(service, ['upload', name, dir, join(dir, 'notes.txt')])
    const stored = service.artifacts.find(a => a.name === name)!
    const disposition = `attachment; filename="${encodeURIComponent(PASSWORD)}.zip"; filename*=UTF-8''${encodeURIComponent(PASSWORD)}`
    service.misbehave.push({
      operation: 'get',
      times: 1,
      kind: 'error',
      status: 200,
      body: service.content(stored)!,
      headers: { 'Content-Type': 'application/zip', 'Content-Disposition': disposition }
    })
    const { run, workspace } = await receive({}, 60_000)
    expect(run.code).toBe(1)
    expect(forgedCommands(`${run.stdout}\n${run.stderr}`, [PASSWORD, GITHUB_TOKEN])).toEqual([])
    expect(secretsShown(run)).toEqual([])
    await publishedNothing(workspace)
    service.deleteArtifact(stored)
  }, 90_000)

  describe("ends within 'receive-timeout', naming the service and the artifact, with nothing published", () => {
    const DEADLINE_MS = 6_000
    /** Start-up, the report and the second the process gives abandoned requests. */
    const SLACK_MS = 8_000
    const expectTimedOut = async (expected: RegExp): Promise<void> => {
      // on a run without the deadline the kill after 40 s ends it (code null)
      const { run, workspace, ms } = await receive({ 'receive-timeout': String(DEADLINE_MS / 60_000) }, 40_000)
      const errors = run.annotations.filter(a => a.level === 'error')
      expect({ code: run.code, errors: errors.map(e => e.message) }).toEqual({ code: 1, errors: [expect.stringMatching(expected)] })
      expect(errors[0]?.message).toMatch(/the Actions artifact service \(127\.0\.0\.1:\d+\)/)
      expect(ms).toBeLessThan(DEADLINE_MS + SLACK_MS)
      expect(forgedCommands(`${run.stdout}\n${run.stderr}`, [PASSWORD, GITHUB_TOKEN])).toEqual([])
      expect(secretsShown(run)).toEqual([])
      await publishedNothing(workspace)
    }

    it('a listing that is never answered', async () => {
      service.misbehave.length = 0
      service.misbehave.push({ operation: 'ListArtifacts', kind: 'silent' })
      await expectTimedOut(/'receive-timeout' \(0\.1 minutes\) ran out: .* had not answered the listing of the artifacts of this workflow run/)
    }, 60_000)

    it('a listing whose connection is reset, every time', async () => {
      service.misbehave.length = 0
      service.misbehave.push({ operation: 'ListArtifacts', kind: 'reset' })
      // the client gives up on a reset at once: the error names the service all the same
      await expectTimedOut(/^Listing the artifacts of this workflow run at the Actions artifact service \(127\.0\.0\.1:\d+\) failed: .*ECONNRESET/s)
    }, 60_000)

    it('a listing answered 503 every time (the client retries five times, for half a minute)', async () => {
      service.misbehave.length = 0
      service.misbehave.push({ operation: 'ListArtifacts', kind: 'error', status: 503, body: '{"code":"unavailable","msg":"try later"}' })
      await expectTimedOut(/'receive-timeout' \(0\.1 minutes\) ran out: .* had not answered the listing of the artifacts of this workflow run/)
    }, 60_000)

    it('a download trickling a byte every 20 s', async () => {
      service.misbehave.length = 0
      const dir = await mkdtemp(join(tmpdir(), 'pra-hostile-upload-'))
      await writeFile(join(dir, 'slow-1.0.tar.gz'), 'x'.repeat(1000))
      await artifactClient(service, ['upload', 'dists-slow', dir, join(dir, 'slow-1.0.tar.gz')])
      const stored = service.artifacts.find(a => a.name === 'dists-slow')!
      service.misbehave.push({ operation: 'get', kind: 'trickle', intervalMs: 20_000 })
      try {
        await expectTimedOut(
          new RegExp(`was still sending artifact 'dists-slow' \\(id ${stored.id}\\) of this workflow run \\(0 of 1 artifacts had arrived\\)`)
        )
      } finally {
        service.misbehave.length = 0
        service.deleteArtifact(stored)
      }
    }, 60_000)
  })
})
