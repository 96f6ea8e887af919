// npm run bench:attest: the cost of PEP 740 attestations. A 20-file release (bench-attest 1.0: 20 wheels of
// ~1 MiB with distinct platform tags, and the sdist: 21 files) is published by the bundled action (node
// dist/index.js, stages preflight,publish, dist-dir: a receiving job, no build) to two local indexes (pypi
// and testpypi) with trusted publishing, (a) with attestations (each file signed once through the local
// Sigstore, the signature reused for both indexes) and (b) without, alternating, each run to fresh services
// (bench/attest-entry.ts: an OIDC provider, a local Sigstore and both indexes, in a process of their own).
// Timed: spawn to exit, and the publish stage from the action's log (the "Publish" group, which holds the
// signing, the uploads to both indexes and, with attestations, the provenance read-back; a signing line
// before that group would start it), and the signing alone ("Signing PEP 740 attestations" to "Signed"). Goal:
// attestations add under 10 % to the publish stage's wall time. Nothing is asserted; the figures and ratios
// are printed. A run that exits non-zero, after which an index does not list the 21 files with their
// sha256, or (with attestations) does not serve provenance for each, is an error, not a figure.
// BENCH_RUNS (default 3) sets the rounds; medians count.
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'

const root = join(import.meta.dirname, '..')
const RUNS = Number(process.env.BENCH_RUNS ?? 3)
const loadAtStart = loadavg()
const PROJECT = 'bench-attest'
const VERSION = '1.0'
const MIB = 1
const work = join(tmpdir(), 'pra-bench-attest')
mkdirSync(work, { recursive: true })
const local = join(root, 'node_modules', '.bin', 'node')
const node = existsSync(local) ? local : process.execPath

// ---- the release: made once with Python (stored, random content), then reused ---------------------------
// Each wheel is a real one (METADATA, WHEEL, RECORD with every member's sha256): preflight inspects it.
const TAGS = ['x86_64', 'aarch64', 'i686', 'ppc64le', 's390x', 'armv7l']
  .flatMap(arch => [`manylinux_2_17_${arch}`, `musllinux_1_2_${arch}`])
  .concat([
    'macosx_11_0_arm64',
    'macosx_10_13_x86_64',
    'macosx_10_13_universal2',
    'win_amd64',
    'win32',
    'win_arm64',
    'manylinux_2_31_riscv64',
    'android_24_arm64_v8a'
  ])
const dist = join(work, 'dist')
function makeRelease() {
  const done = join(work, 'release.json')
  if (existsSync(done)) return JSON.parse(readFileSync(done, 'utf8'))
  rmSync(dist, { recursive: true, force: true })
  mkdirSync(dist, { recursive: true })
  console.error(`making ${TAGS.length} wheels of ${MIB} MiB and the sdist in ${dist} (once)…`)
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
meta = f"Metadata-Version: 2.1\\nName: {project}\\nVersion: {version}\\nSummary: A release for the attestation benchmark\\n".encode()
for tag in tags:
    path = os.path.join(directory, f"{dist}-{version}-py3-none-{tag}.whl")
    lines = []
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        def add(name, data):
            z.writestr(name, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            lines.append(f"{name},sha256={digest},{len(data)}")
        add(f"{dist}/blob.bin", os.urandom(mib * 1024 * 1024 - 4096))
        add(f"{dist}/__init__.py", b"")
        add(f"{info}/METADATA", meta)
        add(f"{info}/WHEEL", f"Wheel-Version: 1.0\\nGenerator: bench\\nRoot-Is-Purelib: false\\nTag: py3-none-{tag}\\n".encode())
        z.writestr(f"{info}/RECORD", "\\n".join(lines + [f"{info}/RECORD,,"]) + "\\n")
top = f"{dist}-{version}"
members = {f"{top}/PKG-INFO": meta, f"{top}/pyproject.toml": f'[project]\\nname = "{project}"\\nversion = "{version}"\\n'.encode(), f"{top}/{dist}/__init__.py": b""}
with tarfile.open(os.path.join(directory, f"{top}.tar.gz"), "w:gz") as t:
    for member, data in members.items():
        entry = tarfile.TarInfo(member); entry.size = len(data); entry.mtime = 1700000000
        t.addfile(entry, io.BytesIO(data))
`,
      dist,
      PROJECT,
      VERSION,
      String(MIB),
      JSON.stringify(TAGS)
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] }
  )
  const files = readdirSync(dist)
    .sort()
    .map(filename => ({
      filename,
      sha256: execFileSync('sha256sum', [join(dist, filename)])
        .toString()
        .split(' ')[0]
    }))
  writeFileSync(done, JSON.stringify(files))
  return files
}
const files = makeRelease()
if (files.length !== TAGS.length + 1) throw new Error(`the release holds ${files.length} files, not ${TAGS.length + 1}`)

// ---- the services' bundle ---------------------------------------------------------------------------
const ncc = join(root, 'node_modules', '.bin', 'ncc')
const servicesDir = join(work, 'bundle-attest')
execFileSync(ncc, ['build', join(root, 'bench', 'attest-entry.ts'), '-o', servicesDir, '--quiet'], { cwd: root, stdio: 'inherit' })
const servicesBundle = join(servicesDir, 'index.js')
const action = join(root, 'dist', 'index.js')

/** Fresh services for one run, in their own process. */
async function startServices(dir) {
  const child = spawn(node, [servicesBundle, join(dir, 'trusted_root.json'), PROJECT], { stdio: ['pipe', 'pipe', 'inherit'] })
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]()
  const first = await lines.next()
  if (first.done) throw new Error('the services process exited before it said where it listens')
  const exited = new Promise(resolve => child.once('exit', resolve))
  return {
    ...JSON.parse(first.value),
    async stop() {
      child.stdin.end()
      const last = await lines.next()
      await exited
      return last.done ? undefined : JSON.parse(last.value)
    }
  }
}

/** Both indexes list the 21 files with their sha256; with attestations, each serves the file's provenance. */
async function checkIndex(origin, attested) {
  const response = await fetch(`${origin}/simple/${PROJECT}/`, { headers: { Accept: 'application/vnd.pypi.simple.v1+json' } })
  const listed = response.status === 200 ? (await response.json()).files : []
  const byName = new Map(listed.map(f => [f.filename, f]))
  const wrong = files.filter(f => byName.get(f.filename)?.hashes.sha256 !== f.sha256).map(f => f.filename)
  if (listed.length !== files.length || wrong.length > 0)
    throw new Error(`${origin} lists ${listed.length} of ${files.length} files${wrong.length ? `; missing or with another sha256: ${wrong.join(', ')}` : ''}`)
  if (!attested) return
  for (const file of files) {
    const url = `${origin}/integrity/${PROJECT}/${VERSION}/${encodeURIComponent(file.filename)}/provenance`
    const got = await fetch(url, { headers: { Accept: 'application/vnd.pypi.integrity.v1+json' } })
    const body = got.status === 200 ? await got.json() : undefined
    if (body?.attestation_bundles?.[0]?.attestations?.length !== 1) throw new Error(`${origin} serves no provenance for ${file.filename} (HTTP ${got.status})`)
  }
}

/** One publish of the release to fresh pypi and testpypi, with or without attestations; checked before it counts. */
async function measure(attestations) {
  const dir = mkdtempSync(join(work, 'run-'))
  const runnerTemp = join(dir, 'temp')
  mkdirSync(runnerTemp)
  const workspace = join(dir, 'ws')
  mkdirSync(workspace)
  writeFileSync(join(dir, 'output'), '')
  writeFileSync(join(dir, 'summary'), '')
  const services = await startServices(dir)
  let result
  try {
    const [pypi, testpypi] = services.indexes
    const inputs = {
      stages: 'preflight,publish',
      'dist-dir': dist,
      targets: 'pypi,testpypi',
      'repository-url': pypi.uploadUrl,
      'testpypi-repository-url': testpypi.uploadUrl,
      attestations: String(attestations)
    }
    const env = {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? dir,
      GITHUB_WORKSPACE: workspace,
      GITHUB_OUTPUT: join(dir, 'output'),
      GITHUB_STEP_SUMMARY: join(dir, 'summary'),
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: 'push',
      GITHUB_REF: 'refs/tags/v1.0',
      RUNNER_TEMP: runnerTemp,
      ...services.env
    }
    for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value
    // every stdout line with the time it arrived (ms since spawn)
    const lines = []
    let stderr = ''
    const start = performance.now()
    const child = spawn(node, [action], { cwd: workspace, env, stdio: ['ignore', 'pipe', 'pipe'] })
    createInterface({ input: child.stdout }).on('line', line => lines.push([performance.now() - start, line]))
    child.stderr.on('data', chunk => (stderr += chunk))
    const code = await new Promise(resolve => child.on('close', resolve))
    const seconds = (performance.now() - start) / 1000
    if (code !== 0) {
      const errorLines = lines.map(([, l]) => l).filter(l => l.startsWith('::error'))
      throw new Error(`the action exited with ${code}:\n${stderr.slice(-2000)}${errorLines.join('\n').slice(-3000)}`)
    }
    for (const index of services.indexes) await checkIndex(index.origin, attestations)
    const signedLine = lines.find(([, l]) => l.includes('Signing PEP 740 attestations'))
    if (attestations && !signedLine?.[1].includes(`for ${files.length} files`)) throw new Error(`the action did not say it signed ${files.length} files`)
    if (!attestations && signedLine) throw new Error('the action signed with attestations: false')
    const signedDone = lines.find(([, l]) => /^Signed \d+ attestations/.test(l))
    const signingSeconds = signedLine && signedDone ? (signedDone[0] - signedLine[0]) / 1000 : attestations ? undefined : 0
    // each target's part: from the end of signing (or the group's start) to its "published" line, then the next
    const groupStart = lines.find(([, l]) => /^::group::.*publish/i.test(l))
    let previous = signedDone?.[0] ?? groupStart?.[0]
    const targetSeconds = {}
    for (const [t, l] of lines) {
      const done = /^(pypi|testpypi): published/.exec(l)
      if (!done || previous === undefined) continue
      targetSeconds[done[1]] = (t - previous) / 1000
      previous = t
    }
    result = { seconds, publishSeconds: publishStage(lines, signedLine), signingSeconds, targetSeconds, log: lines }
    return result
  } finally {
    const end = await services.stop()
    if (result) result.servicesCpuSeconds = end?.cpuSeconds
    if (attestations && end && (end.certificates !== 1 || end.logEntries !== files.length))
      console.error(`  (Sigstore issued ${end.certificates} certificates and logged ${end.logEntries} entries)`)
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The publish stage from the log: from the signing line or the publish group's start to that group's end. */
function publishStage(lines, signedLine) {
  const isPublishGroup = l => /^::group::.*publish/i.test(l)
  const groupAt = lines.findIndex(([, l]) => isPublishGroup(l))
  if (groupAt < 0) return undefined
  const endAt = lines.findIndex(([, l], i) => i > groupAt && l === '::endgroup::')
  if (endAt < 0) return undefined
  const from = signedLine && signedLine[0] < lines[groupAt][0] ? signedLine[0] : lines[groupAt][0]
  return (lines[endAt][0] - from) / 1000
}

const results = { true: [], false: [] }
const errors = []
for (let i = 0; i < RUNS; i++) {
  for (const attestations of i % 2 === 0 ? [true, false] : [false, true]) {
    try {
      const r = await measure(attestations)
      results[attestations].push(r)
      console.error(`  run ${i + 1} attestations ${attestations}: ${r.seconds.toFixed(2)} s, publish ${r.publishSeconds?.toFixed(2) ?? '?'} s`)
      if (process.env.BENCH_LOG) for (const [t, l] of r.log) console.error(`${(t / 1000).toFixed(3)} ${l}`)
    } catch (error) {
      errors.push(`run ${i + 1}, attestations ${attestations}: ${error.message}`)
    }
  }
}

// ---- the figures --------------------------------------------------------------------------------
const median = values => {
  const sorted = values.filter(v => v !== undefined).sort((x, y) => x - y)
  if (sorted.length === 0) return undefined
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}
const n = files.length
console.log(`PEP 740 attestations: a ${n}-file release (${TAGS.length} wheels of ${MIB} MiB and the sdist) to pypi and testpypi (local, trusted publishing)`)
console.log(
  `  (${availableParallelism()} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, load average before the bench ${loadAtStart.map(l => l.toFixed(1)).join(' ')}, after ${loadavg()
    .map(l => l.toFixed(1))
    .join(' ')}; median of ${RUNS}, alternating; each run to fresh services in their own process)`
)
for (const error of errors) console.log(`  ERROR (not a figure): ${error}`)
const [a, b] = [results.true, results.false]
if (a.length === 0 || b.length === 0) {
  console.log('  no figures: every run of one kind failed')
} else {
  const show = (label, key) => {
    const ma = median(a.map(r => r[key]))
    const mb = median(b.map(r => r[key]))
    if (ma === undefined || mb === undefined) return console.log(`  ${label}: could not be read from the log`)
    const added = ma - mb
    console.log(
      `  ${label}: with attestations ${ma.toFixed(2)} s, without ${mb.toFixed(2)} s: +${added.toFixed(2)} s (${((added / mb) * 100).toFixed(1)} %, ratio ${(ma / mb).toFixed(2)}); ` +
        `per file ${((added / n) * 1000).toFixed(0)} ms`
    )
    return { ma, mb, added }
  }
  show('spawn to exit', 'seconds')
  const publish = show('publish stage (the Publish group: signing, uploads to both indexes, read-back)', 'publishSeconds')
  const signing = median(a.map(r => r.signingSeconds))
  if (signing !== undefined)
    console.log(
      `  of which signing (from "Signing PEP 740 attestations" to "Signed … attestations": one certificate, ${n} Rekor entries): ${signing.toFixed(2)} s, ` +
        `${((signing / n) * 1000).toFixed(1)} ms per file`
    )
  for (const target of ['pypi', 'testpypi']) {
    const [ta, tb] = [median(a.map(r => r.targetSeconds[target])), median(b.map(r => r.targetSeconds[target]))]
    if (ta !== undefined && tb !== undefined)
      console.log(
        `  of which ${target} (uploads, the index's checks, listing and, with attestations, provenance read-back): with ${ta.toFixed(2)} s, without ${tb.toFixed(2)} s: ` +
          `+${((ta - tb) * 1000).toFixed(0)} ms, ${(((ta - tb) / n) * 1000).toFixed(1)} ms per file`
      )
  }
  const servicesCpu = key => median(key.map(r => r.servicesCpuSeconds))
  const [ca, cb] = [servicesCpu(a), servicesCpu(b)]
  if (ca !== undefined && cb !== undefined)
    console.log(`  CPU of the services process (OIDC, Sigstore, both indexes verifying): with ${ca.toFixed(2)} s, without ${cb.toFixed(2)} s`)
  if (publish) console.log(`  goal: attestations add < 10 % to the publish stage: ${publish.added / publish.mb < 0.1 ? 'met' : 'NOT met'}`)
  const all = runs => runs.map(r => `${r.seconds.toFixed(2)}/${r.publishSeconds?.toFixed(2) ?? '?'}`).join(', ')
  console.log(`  every run (s, total/publish): with ${all(a)}; without ${all(b)}`)
}
