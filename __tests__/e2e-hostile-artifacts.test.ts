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
})
