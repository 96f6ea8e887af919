// npm run bench:github: the github target (src/publish/github.ts) releasing 20 assets of 20 MiB to the
// local GitHub server (test/servers/github.ts, in a process of its own, every request checked against
// GitHub's OpenAPI description) over a simulated wide-area link: 50 ms added to every request and a
// bandwidth cap per connection (10 MiB/s: 2 s for one asset), since loopback on a small machine is
// CPU-bound and would hide what parallel uploads buy. upload-concurrency 1 (serial) against 4 (the
// default), alternating in the same run, each run a fresh server and a fresh client process, timed end to
// end in the client (preflight: draft created and assets planned; publish: uploads and verification;
// finalize: the draft published). Goal: parallel <= 0.35x serial. Also the client's peak RSS in these
// runs and releasing one 512 MiB asset, over its idle peak (the code loaded, nothing sent). Goal: flat
// (the assets stream from disk), under +64 MiB. Nothing is asserted; the figures are printed. A run after
// which the server does not hold the published release with every asset (20 + SHA256SUMS, each with its
// sha256), or in which the client made a request GitHub's description refuses, is an error, not a figure.
// BENCH_RUNS (default 2) sets the runs of each; the median counts. BENCH_LINK_MIB (default 10) the cap.
import { execFileSync, spawn } from 'node:child_process'
import { createHash, randomFillSync } from 'node:crypto'
import { closeSync, cpSync, existsSync, ftruncateSync, mkdtempSync, openSync, readSync, rmSync, symlinkSync, writeSync } from 'node:fs'
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'

const root = join(import.meta.dirname, '..')
const MIB = 1024 * 1024
const RUNS = Number(process.env.BENCH_RUNS ?? 2)
const LINK = Number(process.env.BENCH_LINK_MIB ?? 10) * MIB
const LATENCY_MS = 50
const ASSETS = 20
const ASSET_MIB = 20
const BIG_MIB = 512
/** The link for the 512 MiB upload: capped too (so the client meets backpressure), but seconds rather than a minute. */
const BIG_LINK = 128 * MIB
const SERIAL = 1
const PARALLEL = 4
const GOAL_RATIO = 0.35
const GOAL_GROWTH_MIB = 64
const PROJECT = 'bench_pkg'
const VERSION = '1.0'
const TAG = `v${VERSION}`
const loadAtStart = loadavg()
const local = join(root, 'node_modules', '.bin', 'node')
const node = existsSync(local) ? local : process.execPath
const work = mkdtempSync(join(tmpdir(), 'pra-bench-github-'))
const benchStart = process.hrtime.bigint()
const seconds = since => Number(process.hrtime.bigint() - since) / 1e9

// ---- the assets: random bytes (not real wheels: every release is fresh, nothing is compared) -------
function makeFile(path, mib, sparse) {
  const fd = openSync(path, 'w')
  try {
    if (sparse) ftruncateSync(fd, mib * MIB)
    else {
      const block = Buffer.allocUnsafe(MIB)
      for (let i = 0; i < mib; i++) writeSync(fd, randomFillSync(block))
    }
  } finally {
    closeSync(fd)
  }
}

/** A BuildArtifact as the build stage describes it; the digests computed here, untimed. */
function artifact(path, filename) {
  const sha256 = createHash('sha256')
  const md5 = createHash('md5')
  const block = Buffer.allocUnsafe(4 * MIB)
  const fd = openSync(path, 'r')
  let size = 0
  try {
    for (let n; (n = readSync(fd, block, 0, block.length, size)) > 0; size += n) {
      sha256.update(block.subarray(0, n))
      md5.update(block.subarray(0, n))
    }
  } finally {
    closeSync(fd)
  }
  return {
    path,
    filename,
    format: 'wheel',
    size,
    sha256: sha256.digest('hex'),
    md5: md5.digest('hex'),
    // Not read by the github target (the index targets send it); a placeholder of the right shape.
    blake2b_256: '0'.repeat(64),
    metadata: { metadataVersion: '2.1', name: 'bench-pkg', version: VERSION, summary: 'A wheel for the GitHub upload benchmark', requiresPython: undefined }
  }
}

// ---- the bundle: one entry, a server mode and a client mode ------------------------------------
// ncc type-checks every file tsconfig.json includes, __tests__ too, which the bench does not run; the
// bundle is made from a copy of what it runs (src, test, bench), so a test file being edited elsewhere
// cannot stop it. node_modules is linked beside the bundle: the server reads GitHub's OpenAPI
// description (@octokit/openapi) at run time.
function bundle() {
  const source = join(work, 'source')
  for (const item of ['src', 'test', 'bench', 'tsconfig.json', 'package.json']) cpSync(join(root, item), join(source, item), { recursive: true })
  symlinkSync(join(root, 'node_modules'), join(source, 'node_modules'))
  const dir = join(work, 'bundle')
  execFileSync(join(root, 'node_modules', '.bin', 'ncc'), ['build', join(source, 'bench', 'github-entry.ts'), '-o', dir, '--quiet'], {
    cwd: source,
    stdio: 'inherit'
  })
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'))
  return join(dir, 'index.js')
}

// ---- a fresh server per run, in its own process ---------------------------------------------------
async function startServer(bundlePath, bytesPerSecond) {
  const child = spawn(node, [bundlePath, 'server', String(bytesPerSecond), String(LATENCY_MS)], { stdio: ['pipe', 'pipe', 'inherit'] })
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]()
  const first = await lines.next()
  if (first.done) throw new Error('the server process exited before it said where it listens')
  const exited = new Promise(resolve => child.once('exit', resolve))
  return {
    ...JSON.parse(first.value),
    /** Closes its stdin; the server stops and says what it holds, the violations and the CPU it used. */
    async stop() {
      child.stdin.end()
      const last = await lines.next()
      await exited
      if (last.done) throw new Error('the server process exited without saying what it holds')
      return JSON.parse(last.value)
    }
  }
}

/**
 * Runs the client to its end; its JSON, with the wall time of the whole process (start-up included).
 * Started by a shell that forks it (`; exit $?` keeps sh from exec'ing node in its place): Linux carries a
 * process's peak RSS across fork and exec into getrusage's maxRSS, so a client forked from this script
 * directly would report this script's RSS as its own idle and peak whenever this one is larger.
 */
function runClient(bundlePath, job) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint()
    const child = spawn('sh', ['-c', '"$0" "$@"; exit $?', node, bundlePath, 'client', JSON.stringify(job)], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', chunk => (out += chunk))
    child.stderr.on('data', chunk => (err += chunk))
    child.on('error', reject)
    child.on('exit', code => {
      const processSeconds = Number(process.hrtime.bigint() - start) / 1e9
      let reported
      try {
        reported = JSON.parse(out.trim().split('\n').at(-1))
      } catch {
        return reject(new Error(`the client exited with ${code} and no result:\n${err.slice(-4000)}${out.slice(-2000)}`))
      }
      if (code !== 0 || reported.status !== 'published') {
        return reject(new Error(`the client's release failed (exit ${code}, ${reported.status}): ${reported.message}\n${err.slice(-4000)}`))
      }
      resolve({ ...reported, processSeconds })
    })
  })
}

/** The server must hold one release, published, with exactly the assets expected (and their sha256s), and no violation. */
function check(held, expected) {
  const problems = []
  if (held.violations.length > 0)
    problems.push(`requests GitHub's description refuses: ${held.violations.map(v => `${v.method} ${v.path}: ${v.problem}`).join('; ')}`)
  const releases = held.releases.filter(r => r.tagName === TAG)
  if (releases.length !== 1 || held.releases.length !== 1) problems.push(`${held.releases.length} releases (${releases.length} for ${TAG}), not 1`)
  const release = releases[0]
  if (release) {
    if (release.draft) problems.push(`the release ${TAG} is still a draft`)
    const names = new Map(release.assets.map(a => [a.name, a]))
    if (release.assets.length !== expected.length + 1) problems.push(`${release.assets.length} assets, not ${expected.length + 1}`)
    if (!names.has('SHA256SUMS')) problems.push('no SHA256SUMS')
    for (const a of expected) {
      const found = names.get(a.filename)
      if (!found) problems.push(`${a.filename} missing`)
      else if (found.state !== 'uploaded' || found.size !== a.size || found.sha256 !== a.sha256) {
        problems.push(`${a.filename}: state ${found.state}, ${found.size} bytes, sha256 ${found.sha256} (expected ${a.size} bytes, ${a.sha256})`)
      }
    }
    const sums = names.get('SHA256SUMS')
    if (sums && sums.state !== 'uploaded') problems.push(`SHA256SUMS in state ${sums.state}`)
  }
  if (problems.length > 0) throw new Error(`the release on the server is not what the run should have made:\n  ${problems.join('\n  ')}`)
}

/** One measured release of `artifacts` at `concurrency`, to a fresh server; checked before it counts. */
async function measure(bundlePath, artifacts, concurrency, link) {
  const server = await startServer(bundlePath, link)
  let result
  let held
  try {
    result = await runClient(bundlePath, {
      apiUrl: server.apiUrl,
      token: server.token,
      repository: `${server.owner}/${server.repo}`,
      commit: server.commit,
      tag: TAG,
      version: VERSION,
      concurrency,
      artifacts
    })
  } finally {
    held = await server.stop()
  }
  check(held, artifacts)
  return { ...result, serverCpuSeconds: held.cpuSeconds }
}

const median = values => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

try {
  console.error(`making ${ASSETS} assets of ${ASSET_MIB} MiB and a sparse ${BIG_MIB} MiB one in ${work}; bundling…`)
  const artifacts = []
  for (let n = 1; n <= ASSETS; n++) {
    const filename = `${PROJECT}-${VERSION}-${n}-py3-none-any.whl`
    const path = join(work, filename)
    makeFile(path, ASSET_MIB, false)
    artifacts.push(artifact(path, filename))
  }
  const bigName = `${PROJECT}-${VERSION}-py3-none-any.whl`
  const bigPath = join(work, bigName)
  makeFile(bigPath, BIG_MIB, true)
  const big = artifact(bigPath, bigName)
  console.error(`  assets made (${seconds(benchStart).toFixed(0)} s)`)
  const bundlePath = bundle()
  console.error(`  bundled (${seconds(benchStart).toFixed(0)} s)`)

  const runs = { [SERIAL]: [], [PARALLEL]: [] }
  for (let i = 0; i < RUNS; i++) {
    // Alternated: serial first in one round, parallel first in the next.
    for (const concurrency of i % 2 === 0 ? [SERIAL, PARALLEL] : [PARALLEL, SERIAL]) {
      const run = await measure(bundlePath, artifacts, concurrency, LINK)
      console.error(`  upload-concurrency ${concurrency}: ${run.seconds.toFixed(2)} s (${seconds(benchStart).toFixed(0)} s)`)
      runs[concurrency].push(run)
    }
  }
  const bigRun = await measure(bundlePath, [big], PARALLEL, BIG_LINK)

  // ---- the figures --------------------------------------------------------------------------------
  const serial = median(runs[SERIAL].map(r => r.seconds))
  const parallel = median(runs[PARALLEL].map(r => r.seconds))
  const ratio = parallel / serial
  const totalMiB = ASSETS * ASSET_MIB
  const ideal = (ASSET_MIB * MIB) / LINK
  const phases = r => `preflight ${r.preflightSeconds.toFixed(2)} s, publish ${r.publishSeconds.toFixed(2)} s, finalize ${r.finalizeSeconds.toFixed(2)} s`
  const cpu = list => `client CPU ${median(list.map(r => r.cpuSeconds)).toFixed(2)} s, server CPU ${median(list.map(r => r.serverCpuSeconds)).toFixed(2)} s`
  const all = list => list.map(r => r.seconds.toFixed(2)).join(', ')
  /** The run nearest the median, for its phases. */
  const typical = list => {
    const m = median(list.map(r => r.seconds))
    return list.reduce((a, b) => (Math.abs(b.seconds - m) < Math.abs(a.seconds - m) ? b : a))
  }
  console.log(
    `github release of ${ASSETS} assets of ${ASSET_MIB} MiB (${totalMiB} MiB) to the local GitHub server, a link of ${LATENCY_MS} ms per request and ` +
      `${(LINK / MIB).toFixed(0)} MiB/s per connection (${ideal.toFixed(2)} s per asset); each run a fresh server and client process`
  )
  console.log(
    `  (${availableParallelism()} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, load average before the bench ${loadAtStart.map(l => l.toFixed(1)).join(' ')}; ` +
      `median of ${RUNS}; time from preflight to the release published, in the client)`
  )
  console.log(
    `  serial (upload-concurrency ${SERIAL}):   ${serial.toFixed(2)} s (${(totalMiB / serial).toFixed(1)} MiB/s); ${cpu(runs[SERIAL])}; runs ${all(runs[SERIAL])} s`
  )
  console.log(`      ${phases(typical(runs[SERIAL]))}`)
  console.log(
    `  parallel (upload-concurrency ${PARALLEL}): ${parallel.toFixed(2)} s (${(totalMiB / parallel).toFixed(1)} MiB/s); ${cpu(runs[PARALLEL])}; runs ${all(runs[PARALLEL])} s`
  )
  console.log(`      ${phases(typical(runs[PARALLEL]))}`)
  console.log(
    `  parallel / serial: ${ratio.toFixed(3)}x (goal <= ${GOAL_RATIO}: ${ratio <= GOAL_RATIO ? 'met' : 'NOT met'}; ` +
      `the link alone would give ${((Math.ceil(ASSETS / PARALLEL) * ideal) / (ASSETS * ideal)).toFixed(2)}x)`
  )
  const growth = r => r.peakRssMiB - r.idlePeakMiB
  const highest = list => list.reduce((a, b) => (growth(b) > growth(a) ? b : a))
  const [worstParallel, worstSerial] = [highest(runs[PARALLEL]), highest(runs[SERIAL])]
  const flat = Math.max(growth(worstParallel), growth(worstSerial), growth(bigRun)) < GOAL_GROWTH_MIB
  console.log(`  peak RSS of the client (maxRSS), over its idle peak (the code loaded, nothing sent yet: ${worstParallel.idlePeakMiB.toFixed(0)} MiB):`)
  console.log(
    `    ${ASSETS} × ${ASSET_MIB} MiB, upload-concurrency ${PARALLEL}: ${worstParallel.peakRssMiB.toFixed(0)} MiB, +${growth(worstParallel).toFixed(0)} MiB; ` +
      `upload-concurrency ${SERIAL}: ${worstSerial.peakRssMiB.toFixed(0)} MiB, +${growth(worstSerial).toFixed(0)} MiB (the highest of ${RUNS} runs each)`
  )
  console.log(
    `    one ${BIG_MIB} MiB asset (at ${(BIG_LINK / MIB).toFixed(0)} MiB/s, ${bigRun.seconds.toFixed(2)} s): ${bigRun.peakRssMiB.toFixed(0)} MiB, +${growth(bigRun).toFixed(0)} MiB`
  )
  console.log(`    goal: flat, under +${GOAL_GROWTH_MIB} MiB in every run (bench:upload's bound): ${flat ? 'met' : 'NOT met'}`)
  console.log(`  (the bench took ${seconds(benchStart).toFixed(0)} s)`)
} finally {
  rmSync(work, { recursive: true, force: true })
}
