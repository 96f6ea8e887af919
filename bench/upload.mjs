// npm run bench:upload: uploading 10 wheels (1 MiB to 200 MiB, 588 MiB in all) to the local index
// (test/servers/pypi-index.ts, in a process of its own) by the action, by `twine upload`, and by `curl`
// (one multipart POST per file), each run to a fresh, empty index, in the same script run; and the peak
// RSS of the action uploading a 1 GiB wheel. Goals: the action >= 1.5x faster than twine end to end and
// within 1.2x of curl (the floor the server sets); peak RSS < idle + 64 MB. Nothing is asserted; the
// figures and ratios are printed. A run after which the index does not list every file with its sha256
// is an error, not a figure. BENCH_RUNS (default 2) sets the repetitions; the best run of each counts.
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs'
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'

const root = join(import.meta.dirname, '..')
const RUNS = Number(process.env.BENCH_RUNS ?? 2)
const loadAtStart = loadavg()
const SIZES_MIB = [1, 2, 5, 10, 20, 40, 60, 100, 150, 200]
const BIG_MIB = 1024
const PROJECT = 'bench-upload'
const VERSION = '1.0'
const work = join(tmpdir(), 'pra-bench-upload')
mkdirSync(work, { recursive: true })
const local = join(root, 'node_modules', '.bin', 'node')
const node = existsSync(local) ? local : process.execPath
const twine = existsSync('/usr/bin/twine') ? '/usr/bin/twine' : 'twine'
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined

// ---- the wheels: made once with Python's zipfile (stored, random content), then reused --------------
// One release (bench-upload 1.0), one wheel per build tag (1..10): the action publishes one version per
// run, and warehouse takes several wheels per release. Each wheel is a real one (METADATA, WHEEL, and a
// RECORD with every member's sha256), since twine reads its METADATA and the action checks its RECORD.
function makeWheels(dir, project, entries) {
  const manifest = join(dir, 'manifest.json')
  if (existsSync(manifest)) return JSON.parse(readFileSync(manifest, 'utf8'))
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  console.error(`making ${entries.length} wheels in ${dir} (once)…`)
  execFileSync(
    'python3',
    [
      '-c',
      `
import base64, hashlib, json, os, sys, zipfile
directory, project, version = sys.argv[1], sys.argv[2], sys.argv[3]
entries = json.loads(sys.argv[4])
dist = project.replace("-", "_")
made = []
for build, mib in entries:
    tag = f"-{build}" if build else ""
    filename = f"{dist}-{version}{tag}-py3-none-any.whl"
    path = os.path.join(directory, filename)
    info = f"{dist}-{version}.dist-info"
    lines = []
    with zipfile.ZipFile(path + ".part", "w", zipfile.ZIP_STORED) as z:
        def add(name, data):
            z.writestr(name, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            lines.append(f"{name},sha256={digest},{len(data)}")
        left, i = mib * 1024 * 1024 - 4096, 0
        while left > 0:
            n = min(left, 8 * 1024 * 1024)
            add(f"{dist}/blob_{i:03d}.bin", os.urandom(n))
            left, i = left - n, i + 1
        add(f"{dist}/__init__.py", b"")
        add(f"{info}/METADATA", f"Metadata-Version: 2.1\\nName: {project}\\nVersion: {version}\\nSummary: A wheel for the upload benchmark\\n".encode())
        build_line = f"Build: {build}\\n" if build else ""
        add(f"{info}/WHEEL", f"Wheel-Version: 1.0\\nGenerator: bench\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n{build_line}".encode())
        z.writestr(f"{info}/RECORD", "\\n".join(lines + [f"{info}/RECORD,,"]) + "\\n")
    os.rename(path + ".part", path)
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    made.append({"path": path, "filename": filename, "size": os.path.getsize(path), "sha256": h.hexdigest()})
with open(os.path.join(directory, "manifest.json"), "w") as f:
    json.dump(made, f)
print(json.dumps(made))
`,
      dir,
      project,
      VERSION,
      JSON.stringify(entries)
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] }
  )
  return JSON.parse(readFileSync(manifest, 'utf8'))
}
const wheels = makeWheels(
  join(work, 'wheels'),
  PROJECT,
  SIZES_MIB.map((mib, i) => [i + 1, mib])
)
const [big] = makeWheels(join(work, 'big'), `${PROJECT}-big`, [[0, BIG_MIB]])
const totalMiB = wheels.reduce((sum, w) => sum + w.size, 0) / 1024 / 1024

// ---- the bundles --------------------------------------------------------------------------------
const ncc = join(root, 'node_modules', '.bin', 'ncc')
const bundle = name => {
  const dir = join(work, `bundle-${name}`)
  execFileSync(ncc, ['build', join(root, 'bench', `${name}-entry.ts`), '-o', dir, '--quiet'], { cwd: root, stdio: 'inherit' })
  return join(dir, 'index.js')
}
const uploadBundle = bundle('upload')
const indexBundle = bundle('index')

// ---- a fresh index per run, in its own process --------------------------------------------------
async function startIndex() {
  const child = spawn(node, [indexBundle], { stdio: ['pipe', 'pipe', 'inherit'] })
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]()
  const first = await lines.next()
  if (first.done) throw new Error('the index process exited before it said where it listens')
  const exited = new Promise(resolve => child.once('exit', resolve))
  return {
    ...JSON.parse(first.value),
    /** Closes its stdin; the index stops, removes its files and says what it held and the CPU it used. */
    async stop() {
      child.stdin.end()
      const last = await lines.next()
      await exited
      return last.done ? undefined : JSON.parse(last.value)
    }
  }
}

/** What the index lists for the project (PEP 691 JSON): every file, with the expected sha256, or an error. */
async function checkIndex(index, expected, project) {
  const response = await fetch(`${index.origin}/simple/${project}/`, { headers: { Accept: 'application/vnd.pypi.simple.v1+json' } })
  const listed = response.status === 200 ? (await response.json()).files : []
  const bySha = new Map(listed.map(f => [f.filename, f.hashes.sha256]))
  const wrong = expected.filter(w => bySha.get(w.filename) !== w.sha256).map(w => w.filename)
  if (listed.length !== expected.length || wrong.length > 0) {
    throw new Error(
      `the index lists ${listed.length} of ${expected.length} files${wrong.length ? `; missing or with another sha256: ${wrong.join(', ')}` : ''}`
    )
  }
}

/** Runs a command to its end: wall seconds, and (with GNU time) its CPU seconds and peak RSS; stdout kept. */
function run(command, args, env = {}) {
  return new Promise((resolve, reject) => {
    const timeFile = join(work, 'time.out')
    const [program, argv] = gnuTime ? [gnuTime, ['-f', '%U %S %M', '-o', timeFile, command, ...args]] : [command, args]
    const start = process.hrtime.bigint()
    const child = spawn(program, argv, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', chunk => (out += chunk))
    child.stderr.on('data', chunk => (err += chunk))
    child.on('error', reject)
    child.on('exit', code => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9
      if (code !== 0) return reject(new Error(`${command} exited with ${code}:\n${err.slice(-4000)}${out.slice(-2000)}`))
      const [user, system, maxKiB] = gnuTime ? readFileSync(timeFile, 'utf8').trim().split('\n').at(-1).split(' ').map(Number) : []
      resolve({ seconds, cpuSeconds: gnuTime ? user + system : undefined, maxRssMiB: gnuTime ? maxKiB / 1024 : undefined, out })
    })
  })
}

const clients = {
  action: index => run(node, [uploadBundle, index.uploadUrl, index.token, ...wheels.map(w => w.path)]),
  twine: index =>
    run(twine, ['upload', '--disable-progress-bar', '--repository-url', index.uploadUrl, '-u', '__token__', '-p', index.token, ...wheels.map(w => w.path)], {
      TWINE_NON_INTERACTIVE: '1'
    }),
  curl: async index => {
    // One POST per file, in turn; the sha256 was computed beforehand (not timed): curl cannot hash.
    const all = { seconds: 0, cpuSeconds: 0, maxRssMiB: 0 }
    for (const w of wheels) {
      const fields = {
        ':action': 'file_upload',
        protocol_version: '1',
        name: PROJECT,
        version: VERSION,
        filetype: 'bdist_wheel',
        pyversion: 'py3',
        metadata_version: '2.1',
        sha256_digest: w.sha256
      }
      const form = Object.entries(fields).flatMap(([k, v]) => ['-F', `${k}=${v}`])
      const one = await run('curl', [
        '-sS',
        '--fail',
        '-o',
        '/dev/null',
        '-u',
        `__token__:${index.token}`,
        ...form,
        '-F',
        `content=@${w.path}`,
        index.uploadUrl
      ])
      all.seconds += one.seconds
      all.cpuSeconds += one.cpuSeconds ?? 0
      all.maxRssMiB = Math.max(all.maxRssMiB, one.maxRssMiB ?? 0)
    }
    return gnuTime ? all : { seconds: all.seconds }
  }
}

/** One measured upload of the 10 wheels by `name` to a fresh index; checked before it counts. */
async function measure(name) {
  const index = await startIndex()
  let result
  try {
    result = await clients[name](index)
    await checkIndex(index, wheels, PROJECT)
  } finally {
    const end = await index.stop()
    if (result) result.serverCpuSeconds = end?.cpuSeconds
  }
  if (name === 'action') {
    const reported = JSON.parse(result.out)
    if (reported.uploaded !== wheels.length) throw new Error(`the action uploaded ${reported.uploaded} of ${wheels.length} files: ${reported.message}`)
    result.reported = reported
  }
  return result
}

const results = { action: [], twine: [], curl: [] }
const order = ['action', 'twine', 'curl']
for (let i = 0; i < RUNS; i++) {
  // Rotated each run so that none always goes first (or right after another's page-cache use).
  for (let j = 0; j < order.length; j++) {
    const name = order[(i + j) % order.length]
    results[name].push(await measure(name))
  }
}
const best = runs => runs.reduce((a, b) => (b.seconds < a.seconds ? b : a))
const [action, tw, curl] = [best(results.action), best(results.twine), best(results.curl)]

// ---- peak RSS uploading a 1 GiB wheel ---------------------------------------------------------
const bigIndex = await startIndex()
let bigRun
try {
  bigRun = await run(node, [uploadBundle, bigIndex.uploadUrl, bigIndex.token, big.path])
  await checkIndex(bigIndex, [big], `${PROJECT}-big`)
} finally {
  await bigIndex.stop()
}
const bigReported = JSON.parse(bigRun.out)

// ---- the figures --------------------------------------------------------------------------------
const cpu = r => (r.cpuSeconds === undefined ? '' : `, client CPU ${r.cpuSeconds.toFixed(2)} s`)
const server = r => (r.serverCpuSeconds === undefined ? '' : `, index CPU ${r.serverCpuSeconds.toFixed(2)} s`)
const rss = r => (r.maxRssMiB === undefined ? '' : `, peak RSS ${r.maxRssMiB.toFixed(0)} MiB`)
const mbps = r => `${(totalMiB / r.seconds).toFixed(0)} MiB/s`
const a = action.reported
console.log(
  `upload of ${wheels.length} wheels (${SIZES_MIB.join(', ')} MiB; ${totalMiB.toFixed(0)} MiB) to the local index, each run to a fresh index in its own process`
)
console.log(
  `  (${availableParallelism()} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, load average before the bench ${loadAtStart.map(l => l.toFixed(1)).join(' ')}; best of ${RUNS}; wall time from process start to exit)`
)
console.log(`  action:  ${action.seconds.toFixed(2)} s (${mbps(action)})${cpu(action)}${server(action)}${rss(action)}`)
console.log(
  `           of which describe ${a.describeSeconds.toFixed(2)} s (3 digests + inspection of every archive; CPU ${a.describeCpuSeconds.toFixed(2)} s),`
)
console.log(
  `           preflight ${a.preflightSeconds.toFixed(2)} s, publish ${a.publishSeconds.toFixed(2)} s (upload + verify; CPU of both ${a.preflightAndPublishCpuSeconds.toFixed(2)} s)`
)
console.log(`  twine:   ${tw.seconds.toFixed(2)} s (${mbps(tw)})${cpu(tw)}${server(tw)}${rss(tw)}`)
console.log(`  curl:    ${curl.seconds.toFixed(2)} s (${mbps(curl)})${cpu(curl)}${server(curl)}${rss(curl)}`)
console.log('  (the action and twine hash the files themselves, the action sha256, md5 and blake2b-256 and it also inspects')
console.log('   every archive (sha256 of each member against RECORD); curl cannot hash: its sha256s were computed beforehand, untimed)')
console.log(`  twine / action: ${(tw.seconds / action.seconds).toFixed(2)}x (goal >= 1.5)`)
console.log(`  action / curl:  ${(action.seconds / curl.seconds).toFixed(2)}x (goal <= 1.2)`)
console.log(
  `  the action's publish phase alone (its describe is the build stage's work): twine / publish ${(tw.seconds / a.publishSeconds).toFixed(2)}x, ` +
    `publish / curl ${(a.publishSeconds / curl.seconds).toFixed(2)}x`
)
const all = name => results[name].map(r => r.seconds.toFixed(2)).join(', ')
console.log(`  every run (s): action ${all('action')}; twine ${all('twine')}; curl ${all('curl')}`)
const growth = bigReported.peakRssMiB - bigReported.idleRssMiB
console.log(
  `peak RSS of the action uploading a ${(big.size / 1024 / 1024).toFixed(0)} MiB wheel: ${bigReported.peakRssMiB.toFixed(0)} MiB, idle ${bigReported.idleRssMiB.toFixed(0)} MiB: ` +
    `+${growth.toFixed(0)} MiB (goal < +64 MB; peak after describe ${bigReported.peakAfterDescribeMiB.toFixed(0)} MiB); ${bigRun.seconds.toFixed(2)} s`
)
