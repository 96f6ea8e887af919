// The local index (pypi-index.ts) as a command, for CI's self-test (.github/workflows/ci.yml) and
// __tests__/ci-self-test.test.ts, which runs the workflow's own step. Bundled with ncc first (the
// servers' TypeScript has parameter properties and `.js` import specifiers, which Node's type stripping
// does not handle), then:
//
//   node index.js start [--lifetime <minutes>]
//     Starts the index (API-token uploads only) in a process of its own, detached, so that it outlives
//     the step that started it; waits until it listens, then writes url= (the upload URL), origin=,
//     token= and pid= as step outputs to $GITHUB_OUTPUT (to stdout when that is unset: a terminal, with
//     no log to keep the token out of). Under GitHub Actions the token is masked first: the runner prints
//     a step's `with:` values in the log, and the token reaches the action as its `password:`. The index
//     stops after --lifetime minutes (default 60), on SIGTERM, or when the runner ends the job.
//   node index.js list <origin> <project>
//     Prints what the index holds for a project, read from its Simple API (PEP 691 JSON): one
//     `<sha256>  <filename>` line a file, sorted by filename, as sha256sum and the local target's
//     SHA256SUMS write them. Exits 1 when the index does not answer 200.
import { spawn } from 'node:child_process'
import { appendFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { PyPIIndex } from './pypi-index.js'

interface Started {
  url: string
  origin: string
  token: string
  pid: number
}

const DEFAULT_LIFETIME_MINUTES = 60
const SIMPLE_JSON = 'application/vnd.pypi.simple.v1+json'

function fail(message: string): never {
  process.stderr.write(`serve-index: ${message}\n`)
  process.exit(2)
}

function lifetimeMinutes(args: string[]): number {
  const at = args.indexOf('--lifetime')
  if (at === -1) return DEFAULT_LIFETIME_MINUTES
  const minutes = Number(args[at + 1])
  if (!Number.isFinite(minutes) || minutes <= 0) fail(`--lifetime takes a number of minutes, not ${JSON.stringify(args[at + 1] ?? '')}`)
  return minutes
}

/** `start`: the index in a detached child; its address and token come back over the IPC channel, which both sides then close. */
async function start(args: string[]): Promise<void> {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), 'serve', '--lifetime', String(lifetimeMinutes(args))], {
    detached: true,
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    windowsHide: true
  })
  const started = await new Promise<Started>((resolve, reject) => {
    child.once('message', message => resolve(message as Started))
    child.once('error', reject)
    child.once('exit', code => reject(new Error(`the index exited (code ${code}) before it listened`)))
  }).catch((error: Error) => fail(error.message))
  child.removeAllListeners()
  child.disconnect()
  child.unref()

  const outputs = { url: started.url, origin: started.origin, token: started.token, pid: String(started.pid) }
  const lines = Object.entries(outputs).map(([name, value]) => `${name}=${value}\n`)
  const outputFile = process.env['GITHUB_OUTPUT']
  if (process.env['GITHUB_ACTIONS'] === 'true') process.stdout.write(`::add-mask::${started.token}\n`)
  if (outputFile) appendFileSync(outputFile, lines.join(''))
  else process.stdout.write(lines.join(''))
  process.stdout.write(`The local index listens at ${started.origin} (upload URL ${started.url}, process ${started.pid}).\n`)
}

/** `serve` (what `start` runs): the index itself, until its lifetime ends or SIGTERM. */
async function serve(args: string[]): Promise<void> {
  if (!process.send) fail('serve is run by start (it reports over an IPC channel)')
  const index = await new PyPIIndex().start()
  let stopping = false
  const stop = async (): Promise<void> => {
    if (stopping) return
    stopping = true
    await index.stop()
    process.exit(0)
  }
  process.on('SIGTERM', () => void stop())
  process.on('SIGINT', () => void stop())
  setTimeout(() => void stop(), lifetimeMinutes(args) * 60_000)
  const started: Started = { url: index.uploadUrl, origin: index.origin, token: index.userToken, pid: process.pid }
  process.send(started, () => process.disconnect())
}

/** `list`: the project's files as the index's Simple API lists them, in sha256sum's format. */
async function list(args: string[]): Promise<void> {
  const [origin, project] = args
  if (!origin || !project) fail('usage: list <origin> <project>')
  const url = new URL(`/simple/${encodeURIComponent(project)}/`, origin)
  const response = await fetch(url, { headers: { Accept: SIMPLE_JSON } })
  if (response.status !== 200) {
    process.stderr.write(`serve-index: ${url} answered ${response.status}\n`)
    process.exit(1)
  }
  const body = (await response.json()) as { files?: Array<{ filename?: unknown; hashes?: { sha256?: unknown } }> }
  const files = (body.files ?? []).map(file => ({ filename: String(file.filename), sha256: String(file.hashes?.sha256) }))
  files.sort((a, b) => (a.filename < b.filename ? -1 : a.filename > b.filename ? 1 : 0))
  process.stdout.write(files.map(file => `${file.sha256}  ${file.filename}\n`).join(''))
}

const [command, ...rest] = process.argv.slice(2)
if (command === 'start') await start(rest)
else if (command === 'serve') await serve(rest)
else if (command === 'list') await list(rest)
else fail('usage: start [--lifetime <minutes>] | list <origin> <project>')
