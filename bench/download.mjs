// npm run bench:download: the publish job of a matrix from its start to its first upload. 20 build jobs of
// one workflow run upload one artifact each to the local Actions artifact service (test/servers/
// artifact-service.ts, in a process of its own) with the unmodified @actions/artifact client: a real
// ~20 MiB wheel of one release (bench-download 1.0, a platform tag per job) and the job's release manifest
// (releaseManifest/writeManifest, certification PASS); the first also carries the sdist. Then, alternating
// in the same run, each a fresh Node 24 process timed from spawn to exit: (a) the reference, the bare
// client listing the run's artifacts and downloading them all with Promise.all (and, for comparison, one
// after another); (b) ours, the bundled bench/download-entry.ts: downloadArrivals + verifyArrivals.
// Goal: (b) / (a) <= 1.2. Nothing is asserted; the medians and ratio are printed. A run whose files do not
// all arrive with their sha256 (or whose verification reports an error) is an error, not a figure.
// BENCH_RUNS (default 3) rounds; BENCH_ARTIFACTS (default 20) and BENCH_MIB (default 20) for short runs.
import { execFileSync, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { createReadStream, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { pipeline } from 'node:stream/promises'

const root = join(import.meta.dirname, '..')
const RUNS = Number(process.env.BENCH_RUNS ?? 3)
const COUNT = Number(process.env.BENCH_ARTIFACTS ?? 20)
const MIB = Number(process.env.BENCH_MIB ?? 20)
const PROJECT = 'bench-download'
const VERSION = '1.0'
const loadAtStart = loadavg()
const work = join(tmpdir(), 'pra-bench-download')
mkdirSync(work, { recursive: true })
const local = join(root, 'node_modules', '.bin', 'node')
const node = existsSync(local) ? local : process.execPath
const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined

// ---- the build jobs' files: made once with Python (stored, random content), then reused ----------------
// A distinct platform tag per job; each wheel is a real one (METADATA, WHEEL, RECORD with every member's
// sha256), since verifyArrivals inspects it; the sdist is small (PKG-INFO, pyproject.toml).
const TAGS = ['x86_64', 'aarch64', 'i686', 'ppc64le', 's390x', 'armv7l']
  .flatMap(arch => [`manylinux_2_17_${arch}`, `musllinux_1_2_${arch}`])
  .concat(['macosx_11_0_arm64', 'macosx_10_13_x86_64', 'macosx_10_13_universal2', 'win_amd64', 'win32', 'win_arm64', 'linux_riscv64', 'android_24_arm64_v8a'])
if (COUNT > TAGS.length) throw new Error(`BENCH_ARTIFACTS is at most ${TAGS.length}`)
const fixtures = join(work, `fixtures-${COUNT}x${MIB}`)
function makeFixtures() {
  const done = join(fixtures, 'described.json')
  if (existsSync(done)) return JSON.parse(readFileSync(done, 'utf8'))
  rmSync(fixtures, { recursive: true, force: true })
  mkdirSync(fixtures, { recursive: true })
  console.error(`making ${COUNT} wheels of ${MIB} MiB and the sdist in ${fixtures} (once)…`)
  execFileSync(
    'python3',
    [
      '-c',
      `
import base64, hashlib, io, json, os, sys, tarfile, zipfile
directory, project, version, mib = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
tags = json.loads(sys.argv[5])
dist = project.replace("-", "_")
info = f"{dist}-{version}.dist-info"
meta = f"Metadata-Version: 2.1\\nName: {project}\\nVersion: {version}\\nSummary: A release for the download benchmark\\n".encode()
for i, tag in enumerate(tags):
    out = os.path.join(directory, str(i))
    os.makedirs(out)
    path = os.path.join(out, f"{dist}-{version}-py3-none-{tag}.whl")
    lines = []
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        def add(name, data):
            z.writestr(name, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            lines.append(f"{name},sha256={digest},{len(data)}")
        left, n = mib * 1024 * 1024 - 4096, 0
        while left > 0:
            size = min(left, 4 * 1024 * 1024)
            add(f"{dist}/blob_{n:03d}.bin", os.urandom(size))
            left, n = left - size, n + 1
        add(f"{dist}/__init__.py", b"")
        add(f"{info}/METADATA", meta)
        add(f"{info}/WHEEL", f"Wheel-Version: 1.0\\nGenerator: bench\\nRoot-Is-Purelib: false\\nTag: py3-none-{tag}\\n".encode())
        z.writestr(f"{info}/RECORD", "\\n".join(lines + [f"{info}/RECORD,,"]) + "\\n")
    if i == 0:
        top = f"{dist}-{version}"
        members = {f"{top}/PKG-INFO": meta, f"{top}/pyproject.toml": f'[project]\\nname = "{project}"\\nversion = "{version}"\\n'.encode(), f"{top}/{dist}/__init__.py": b""}
        with tarfile.open(os.path.join(out, f"{top}.tar.gz"), "w:gz") as t:
            for member, data in members.items():
                entry = tarfile.TarInfo(member); entry.size = len(data); entry.mtime = 1700000000
                t.addfile(entry, io.BytesIO(data))
`,
      fixtures,
      PROJECT,
      VERSION,
      String(MIB),
      JSON.stringify(TAGS.slice(0, COUNT))
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] }
  )
  // each job's release manifest, written by our own code (describeArtifact, releaseManifest, writeManifest)
  const pairs = Array.from({ length: COUNT }, (_, i) => `${artifactName(i)}=${join(fixtures, String(i))}`)
  const out = execFileSync(node, [bundle('download-fixture'), '1', ...pairs], { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] })
  writeFileSync(done, out)
  return JSON.parse(out.toString())
}
const artifactName = i => `dist-${TAGS[i]}`

// ---- the bundles --------------------------------------------------------------------------------
const ncc = join(root, 'node_modules', '.bin', 'ncc')
const bundled = new Map()
function bundle(name) {
  if (bundled.has(name)) return bundled.get(name)
  const dir = join(work, `bundle-${name}`)
  const entry = ['ts', 'mjs'].map(ext => join(root, 'bench', `${name}-entry.${ext}`)).find(existsSync)
  execFileSync(ncc, ['build', entry, '-o', dir, '--quiet'], { cwd: root, stdio: 'inherit' })
  // ncc keeps an .mjs entry's extension
  const out = ['index.js', 'index.mjs'].map(file => join(dir, file)).find(existsSync)
  bundled.set(name, out)
  return out
}
const described = makeFixtures()
const oursBundle = bundle('download')
const referenceBundle = bundle('download-reference')

// ---- the artifact service, in its own process; the build jobs upload with the unmodified client ----------
const serviceChild = spawn(node, [bundle('artifact-service'), String(COUNT)], { stdio: ['pipe', 'pipe', 'inherit'] })
const serviceLines = createInterface({ input: serviceChild.stdout })[Symbol.asyncIterator]()
const first = await serviceLines.next()
if (first.done) throw new Error('the artifact service exited before it said where it listens')
const service = JSON.parse(first.value)

/** Runs a command to its end: wall seconds from spawn to exit, and (with GNU time) its CPU seconds and peak RSS. */
function run(command, args, env = {}) {
  return new Promise((resolve, reject) => {
    const timeFile = join(work, 'time.out')
    const [program, argv] = gnuTime ? [gnuTime, ['-f', '%U %S %M', '-o', timeFile, command, ...args]] : [command, args]
    const start = process.hrtime.bigint()
    const child = spawn(program, argv, { cwd: work, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', chunk => (out += chunk))
    child.stderr.on('data', chunk => (err += chunk))
    child.on('error', reject)
    child.on('exit', code => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9
      if (code !== 0) return reject(new Error(`${command} ${args.join(' ')} exited with ${code}:\n${err.slice(-4000)}${out.slice(-4000)}`))
      const [user, system, maxKiB] = gnuTime ? readFileSync(timeFile, 'utf8').trim().split('\n').at(-1).split(' ').map(Number) : []
      resolve({ seconds, cpuSeconds: gnuTime ? user + system : undefined, maxRssMiB: gnuTime ? maxKiB / 1024 : undefined, out })
    })
  })
}

const client = join(root, 'test', 'servers', 'artifact-client.mjs')
console.error(`uploading ${COUNT} artifacts by ${COUNT} build jobs of run ${service.runId}…`)
let nextUpload = 0
await Promise.all(
  Array.from({ length: 2 }, async () => {
    while (nextUpload < COUNT) {
      const i = nextUpload++
      const dir = join(fixtures, String(i))
      const files = readdirSync(dir).map(name => join(dir, name))
      await run(node, [client, 'upload', artifactName(i), dir, ...files], service.builds[i])
    }
  })
)
const totalMiB = described.reduce((sum, f) => sum + f.size, 0) / 1024 / 1024

// ---- the check: every file arrived, with the sha256 its build job described ---------------------------
const sha256Of = async path => {
  const hash = createHash('sha256')
  await pipeline(createReadStream(path), hash)
  return hash.digest('hex')
}
async function checkDownloaded(dir) {
  const found = new Map()
  for (const sub of readdirSync(dir)) for (const name of readdirSync(join(dir, sub))) found.set(name, join(dir, sub, name))
  for (const file of described) {
    const path = found.get(file.filename)
    if (!path) throw new Error(`the reference did not download ${file.filename}`)
    if ((await sha256Of(path)) !== file.sha256) throw new Error(`the reference downloaded ${file.filename} with another sha256`)
  }
  const manifests = [...found.keys()].filter(name => name.startsWith('release-manifest')).length
  if (manifests !== COUNT) throw new Error(`the reference downloaded ${manifests} of ${COUNT} release manifests`)
}
function checkVerified(reported) {
  if (reported.errors.length > 0) throw new Error(`verification failed:\n- ${reported.errors.join('\n- ')}`)
  const bySha = new Map(reported.artifacts.map(a => [a.filename, a.sha256]))
  const wrong = described.filter(f => bySha.get(f.filename) !== f.sha256).map(f => f.filename)
  if (reported.artifacts.length !== described.length || wrong.length > 0 || reported.manifests !== COUNT) {
    throw new Error(
      `verified ${reported.artifacts.length} of ${described.length} files and ${reported.manifests} of ${COUNT} manifests; missing or another sha256: ${wrong.join(', ')}`
    )
  }
}

const runs = { ours: [], reference: [], sequential: [] }
const measure = {
  async ours() {
    const dir = join(work, 'run-ours')
    rmSync(dir, { recursive: true, force: true })
    const result = await run(node, [oursBundle, dir, 'dist-*'], service.publish)
    result.reported = JSON.parse(result.out.trim().split('\n').at(-1))
    checkVerified(result.reported)
    rmSync(dir, { recursive: true, force: true })
    return result
  },
  async reference(sequential = false) {
    const dir = join(work, 'run-reference')
    rmSync(dir, { recursive: true, force: true })
    const result = await run(node, [referenceBundle, dir], { ...service.publish, SEQUENTIAL: sequential ? '1' : '0' })
    await checkDownloaded(dir)
    rmSync(dir, { recursive: true, force: true })
    return result
  },
  sequential() {
    return this.reference(true)
  }
}
const order = ['reference', 'ours', 'sequential']
try {
  for (let i = 0; i < RUNS; i++) {
    // rotated each round, so that none always goes first or right after another's page-cache use
    for (let j = 0; j < order.length; j++) {
      const name = order[(i + j) % order.length]
      runs[name].push(await measure[name]())
      console.error(`  round ${i + 1}: ${name} ${runs[name].at(-1).seconds.toFixed(2)} s`)
    }
  }
} finally {
  serviceChild.stdin.end()
  await serviceLines.next()
}

// ---- the figures --------------------------------------------------------------------------------
const median = values => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}
const seconds = name => median(runs[name].map(r => r.seconds))
const cpu = name =>
  gnuTime ? `, CPU ${median(runs[name].map(r => r.cpuSeconds)).toFixed(2)} s, peak RSS ${median(runs[name].map(r => r.maxRssMiB)).toFixed(0)} MiB` : ''
const [ours, reference, sequential] = [seconds('ours'), seconds('reference'), seconds('sequential')]
const phases = runs.ours.map(r => r.reported)
console.log(
  `download of ${COUNT} artifacts (one ${MIB} MiB wheel and its release manifest each, the sdist in one; ${totalMiB.toFixed(0)} MiB) from the local artifact service, in its own process`
)
console.log(
  `  (${availableParallelism()} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, load average before the bench ${loadAtStart.map(l => l.toFixed(1)).join(' ')}; median of ${RUNS}; wall time from spawn to exit, Node ${execFileSync(node, ['--version']).toString().trim()})`
)
console.log(`  reference, the bare client, Promise.all:  ${reference.toFixed(2)} s${cpu('reference')}`)
console.log(`  reference, the bare client, one by one:   ${sequential.toFixed(2)} s${cpu('sequential')}`)
console.log(`  ours, downloadArrivals + verifyArrivals:  ${ours.toFixed(2)} s${cpu('ours')}`)
console.log(
  `           of which to downloaded ${median(phases.map(p => p.downloadedSeconds)).toFixed(2)} s, to verified ${median(phases.map(p => p.verifiedSeconds)).toFixed(2)} s (from process start)`
)
console.log(`  ours / reference (Promise.all): ${(ours / reference).toFixed(2)}x (goal <= 1.2: ${ours / reference <= 1.2 ? 'met' : 'NOT met'})`)
console.log(`  ours / reference (one by one):  ${(ours / sequential).toFixed(2)}x`)
const all = name => runs[name].map(r => r.seconds.toFixed(2)).join(', ')
console.log(`  every run (s): ours ${all('ours')}; reference ${all('reference')}; one by one ${all('sequential')}`)
