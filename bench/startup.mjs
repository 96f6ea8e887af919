// npm run bench: how fast the action starts. Time from spawning `node dist/index.js` to its first
// stage's log line (`::group::`), against the time `node -e ''` takes to start and exit, measured
// alternately in the same run; and the bundle's size. Goal: under 0.3 s to the first stage.
import { spawn } from 'node:child_process'
import { cpSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

const root = join(import.meta.dirname, '..')
const bundle = join(root, 'dist', 'index.js')
const RUNS = Number(process.env.BENCH_RUNS ?? 15)
const WARMUPS = 2

const work = mkdtempSync(join(tmpdir(), 'pra-bench-'))
cpSync(join(root, 'examples', 'sample-project'), join(work, 'sample-project'), { recursive: true })
writeFileSync(join(work, 'output'), '')
writeFileSync(join(work, 'summary'), '')
const env = {
  ...process.env,
  GITHUB_WORKSPACE: work,
  GITHUB_OUTPUT: join(work, 'output'),
  GITHUB_STEP_SUMMARY: join(work, 'summary'),
  RUNNER_TEMP: work,
  'INPUT_PROJECT-DIR': 'sample-project',
  INPUT_STAGES: 'certify',
  INPUT_TARGETS: 'local'
}

/** Seconds from spawn until `ready(chunk)` says so (or the process exits, when there is no test). */
function time(args, ready) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint()
    const child = spawn(process.execPath, args, { cwd: work, env, stdio: ['ignore', 'pipe', 'inherit'] })
    let seen = ''
    let done = false
    const finish = () => {
      if (done) return
      done = true
      resolve(Number(process.hrtime.bigint() - start) / 1e9)
    }
    child.stdout.on('data', chunk => {
      seen += chunk
      if (ready && ready(seen)) finish()
    })
    child.on('error', reject)
    child.on('exit', code => {
      if (ready && !done) reject(new Error(`exited (${code}) before its first stage:\n${seen}`))
      finish()
    })
  })
}

const median = values => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]
const action = () => time([bundle], out => out.includes('::group::'))
const reference = () => time(['-e', ''])

for (let i = 0; i < WARMUPS; i++) {
  await action()
  await reference()
}
const actionTimes = []
const referenceTimes = []
for (let i = 0; i < RUNS; i++) {
  actionTimes.push(await action())
  referenceTimes.push(await reference())
}
const first = median(actionTimes)
const bare = median(referenceTimes)
const bytes = statSync(bundle).size
const gzip = gzipSync(readFileSync(bundle)).length

console.log(`node ${process.version}, ${RUNS} runs each (medians)`)
console.log(`node -e ''                          ${bare.toFixed(3)} s`)
console.log(`node dist/index.js to first stage   ${first.toFixed(3)} s   ${(first / bare).toFixed(2)}x node -e ''`)
console.log(`goal: under 0.300 s to the first stage: ${first < 0.3 ? 'met' : 'NOT met'}`)
console.log(`dist/index.js: ${(bytes / 1024).toFixed(0)} KiB, ${(gzip / 1024).toFixed(0)} KiB gzipped`)
