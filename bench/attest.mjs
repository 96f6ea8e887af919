// npm run bench:attest: the cost of PEP 740 attestations. A 20-file release (bench-attest 1.0: 20 wheels of
// ~1 MiB with distinct platform tags, and the sdist: 21 files) is published by the bundled action (node
// dist/index.js, stages preflight,publish, dist-dir: a receiving job, no build) to two local indexes (pypi
// and testpypi) with trusted publishing, (a) with attestations (each file signed once through the local
// Sigstore, the signature reused for both indexes) and (b) without, alternating, each run to fresh services
// (bench/attest-entry.ts: an OIDC provider, a local Sigstore and both indexes, in a process of their own).
// Timed: spawn to exit, and the publish stage from the action's log (the "Publish" group, which holds the
// signing, the uploads to both indexes and, with attestations, the provenance read-back; a signing line
// before that group would start it). The added time is split into its parts, from the log's timestamps:
// loading the signer (the group's start to "Signing PEP 740 attestations"), signing (to "Signed"), each
// index's uploads (to "<target>: every file is listed", which includes the index verifying each attestation;
// the index reports that check's wall and CPU time per upload) and its provenance read-back (from that line
// to "<target>: published"). Goal: attestations add under 10 % to the publish stage's wall time. Nothing is
// asserted; the figures and ratios are printed. A run that exits non-zero, after which an index does not list
// the 21 files with their sha256, or (with attestations) does not serve provenance for each, is an error, not
// a figure.
// BENCH_RUNS (default 3) sets the rounds; medians count.
// BENCH_LINK_MBPS (e.g. 100) also runs every round over a modelled runner↔internet link (bench/link.mjs: TCP
// proxies in front of the OIDC provider, Sigstore and both indexes, sharing that bandwidth each way, with
// BENCH_LINK_RTT_MS round trips, default 30, and two more round trips per new connection for TCP's and TLS's
// handshakes), and prints that ratio beside the loopback one. Without it, only the loopback figure (the issue's).
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { closeLink, makeLink, proxy } from './link.mjs'

const root = join(import.meta.dirname, '..')
const RUNS = Number(process.env.BENCH_RUNS ?? 3)
const LINK_MBPS = Number(process.env.BENCH_LINK_MBPS ?? 0)
const LINK_RTT_MS = Number(process.env.BENCH_LINK_RTT_MS ?? 30)
if (!(LINK_MBPS >= 0) || !(LINK_RTT_MS >= 0)) throw new Error('BENCH_LINK_MBPS and BENCH_LINK_RTT_MS must be numbers ≥ 0')
/** The modes each round runs: loopback, and the modelled link when asked for. */
const MODES = LINK_MBPS > 0 ? ['loopback', 'link'] : ['loopback']
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

/** The URL through the link's proxy for its origin, if there is one. */
function through(url, proxies) {
  const { origin } = new URL(url)
  const proxied = proxies.get(origin)
  return proxied && url.startsWith(origin) ? `${proxied}${url.slice(origin.length)}` : url
}

/**
 * One publish of the release to fresh pypi and testpypi, with or without attestations, over loopback or the
 * modelled link; checked before it counts. The figures are in ms.
 */
async function measure(attestations, mode) {
  const dir = mkdtempSync(join(work, 'run-'))
  const runnerTemp = join(dir, 'temp')
  mkdirSync(runnerTemp)
  const workspace = join(dir, 'ws')
  mkdirSync(workspace)
  writeFileSync(join(dir, 'output'), '')
  writeFileSync(join(dir, 'summary'), '')
  const services = await startServices(dir)
  const link = mode === 'link' ? makeLink({ mbps: LINK_MBPS, rttMs: LINK_RTT_MS }) : undefined
  let result
  try {
    // every service the action talks to, behind the link: origin → proxy origin
    const proxies = new Map()
    if (link) {
      const origins = new Set([
        ...services.indexes.map(index => index.origin),
        ...Object.values(services.env)
          .filter(v => /^https?:\/\//.test(v))
          .map(v => new URL(v).origin)
      ])
      for (const origin of origins) proxies.set(origin, (await proxy(link, origin)).origin)
    }
    const [pypi, testpypi] = services.indexes
    const inputs = {
      stages: 'preflight,publish',
      'dist-dir': dist,
      targets: 'pypi,testpypi',
      'repository-url': through(pypi.uploadUrl, proxies),
      'testpypi-repository-url': through(testpypi.uploadUrl, proxies),
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
      RUNNER_TEMP: runnerTemp
    }
    for (const [name, value] of Object.entries(services.env)) env[name] = /^https?:\/\//.test(value) ? through(value, proxies) : value
    for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value
    // every stdout line with the time it arrived (ms since spawn)
    const lines = []
    let stderr = ''
    const start = performance.now()
    const child = spawn(node, [action], { cwd: workspace, env, stdio: ['ignore', 'pipe', 'pipe'] })
    createInterface({ input: child.stdout }).on('line', line => lines.push([performance.now() - start, line]))
    child.stderr.on('data', chunk => (stderr += chunk))
    const code = await new Promise(resolve => child.on('close', resolve))
    const total = performance.now() - start
    if (code !== 0) {
      const errorLines = lines.map(([, l]) => l).filter(l => l.startsWith('::error'))
      throw new Error(`the action exited with ${code}:\n${stderr.slice(-2000)}${errorLines.join('\n').slice(-3000)}`)
    }
    for (const index of services.indexes) await checkIndex(index.origin, attestations)
    const signedLine = lines.find(([, l]) => l.includes('Signing PEP 740 attestations'))
    if (attestations && !signedLine?.[1].includes(`for ${files.length} files`)) throw new Error(`the action did not say it signed ${files.length} files`)
    if (!attestations && signedLine) throw new Error('the action signed with attestations: false')
    const signedDone = lines.find(([, l]) => /^Signed \d+ attestations/.test(l))
    const groupStart = lines.find(([, l]) => /^::group::.*publish/i.test(l))
    const parts = {}
    if (attestations) {
      if (!signedLine || !signedDone || !groupStart) throw new Error('the log does not show where signing started and ended')
      parts.loadSigner = signedLine[0] - groupStart[0]
      parts.signing = signedDone[0] - signedLine[0]
    }
    // each target: its uploads (from the end of signing, or the group's start, or the previous target's end, to
    // "<target>: every file is listed", which follows the uploads and the listing check), then its read-back (to
    // "<target>: published")
    let previous = signedDone?.[0] ?? groupStart?.[0]
    for (const [t, l] of lines) {
      const listed = /^(pypi|testpypi): every file is listed/.exec(l)
      if (listed && previous !== undefined) {
        parts[`${listed[1]}Upload`] = t - previous
        previous = t
      }
      const done = /^(pypi|testpypi): published/.exec(l)
      if (done && previous !== undefined) {
        parts[`${done[1]}Readback`] = t - previous
        previous = t
      }
    }
    result = { total, publish: publishStage(lines, signedLine), parts, log: lines }
    return result
  } finally {
    if (link) await closeLink(link)
    const end = await services.stop()
    if (result) {
      result.servicesCpu = end?.cpuSeconds === undefined ? undefined : end.cpuSeconds * 1000
      result.checks = end?.attestationChecks
    }
    if (attestations && end && (end.certificates !== 1 || end.logEntries !== files.length))
      console.error(`  (Sigstore issued ${end.certificates} certificates and logged ${end.logEntries} entries)`)
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The publish stage from the log (ms): from the signing line or the publish group's start to that group's end. */
function publishStage(lines, signedLine) {
  const isPublishGroup = l => /^::group::.*publish/i.test(l)
  const groupAt = lines.findIndex(([, l]) => isPublishGroup(l))
  if (groupAt < 0) return undefined
  const endAt = lines.findIndex(([, l], i) => i > groupAt && l === '::endgroup::')
  if (endAt < 0) return undefined
  const from = signedLine && signedLine[0] < lines[groupAt][0] ? signedLine[0] : lines[groupAt][0]
  return lines[endAt][0] - from
}

const results = Object.fromEntries(MODES.map(mode => [mode, { true: [], false: [] }]))
const errors = []
for (let i = 0; i < RUNS; i++) {
  for (const mode of MODES) {
    for (const attestations of i % 2 === 0 ? [true, false] : [false, true]) {
      try {
        const r = await measure(attestations, mode)
        results[mode][attestations].push(r)
        console.error(
          `  run ${i + 1} ${mode} attestations ${attestations}: ${(r.total / 1000).toFixed(2)} s, publish ${r.publish === undefined ? '?' : (r.publish / 1000).toFixed(2)} s`
        )
        if (process.env.BENCH_LOG) for (const [t, l] of r.log) console.error(`${(t / 1000).toFixed(3)} ${l}`)
      } catch (error) {
        errors.push(`run ${i + 1}, ${mode}, attestations ${attestations}: ${error.message}`)
      }
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
const ms = v => (v === undefined ? '?' : `${v.toFixed(0)} ms`)
const n = files.length
console.log(`PEP 740 attestations: a ${n}-file release (${TAGS.length} wheels of ${MIB} MiB and the sdist) to pypi and testpypi (local, trusted publishing)`)
console.log(
  `  (${availableParallelism()} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, load average before the bench ${loadAtStart.map(l => l.toFixed(1)).join(' ')}, after ${loadavg()
    .map(l => l.toFixed(1))
    .join(' ')}; median of ${RUNS}, alternating; each run to fresh services in their own process)`
)
for (const error of errors) console.log(`  ERROR (not a figure): ${error}`)
const goals = []
for (const mode of MODES) {
  const [a, b] = [results[mode].true, results[mode].false]
  const label =
    mode === 'loopback'
      ? "LOOPBACK (the issue's figure: every service on 127.0.0.1, no link)"
      : `MODELLED LINK (runner↔internet ${LINK_MBPS} Mbit/s each way, ${LINK_RTT_MS} ms round trip, +2 round trips per new connection; bench/link.mjs)`
  console.log(`${label}:`)
  if (a.length === 0 || b.length === 0) {
    console.log('  no figures: every run of one kind failed')
    continue
  }
  const show = (what, pick) => {
    const [ma, mb] = [median(a.map(pick)), median(b.map(pick))]
    if (ma === undefined || mb === undefined) return console.log(`  ${what}: could not be read from the log`)
    const added = ma - mb
    console.log(
      `  ${what}: with attestations ${ms(ma)}, without ${ms(mb)}: +${ms(added)} (+${((added / mb) * 100).toFixed(1)} %); ${(added / n).toFixed(1)} ms per file`
    )
    return { ma, mb, added }
  }
  show('spawn to exit', r => r.total)
  const publish = show('publish stage (the Publish group: signing, uploads to both indexes, read-back)', r => r.publish)
  console.log('  where the added time goes (medians; with − without where both have the part):')
  const part = key => median(a.map(r => r.parts[key]))
  const base = key => median(b.map(r => r.parts[key]))
  console.log(`    loading the signer (the Publish group's start to "Signing PEP 740 attestations"): ${ms(part('loadSigner'))}`)
  const signing = part('signing')
  console.log(
    `    signing (to "Signed … attestations": one OIDC token, one certificate, ${n} Rekor entries): ${ms(signing)}, ${signing === undefined ? '?' : (signing / n).toFixed(1)} ms per file`
  )
  for (const [i, target] of ['pypi', 'testpypi'].entries()) {
    const [up, upBase] = [part(`${target}Upload`), base(`${target}Upload`)]
    const checks = a.map(r => r.checks?.[i] ?? [])
    const perCheck = median(checks.flat().map(c => c.ms))
    const perCheckCpu = median(checks.flat().map(c => c.cpuMs))
    const checkTotal = median(checks.map(list => list.reduce((sum, c) => sum + c.ms, 0)))
    const first = median(checks.map(list => list[0]?.ms))
    console.log(
      `    ${target} uploads (to "${target}: every file is listed"): with ${ms(up)}, without ${ms(upBase)}: +${ms(up - upBase)}; ` +
        `of which the index verifying each attestation: ${ms(checkTotal)} in all, ${perCheck?.toFixed(1) ?? '?'} ms per attestation (CPU ${perCheckCpu?.toFixed(1) ?? '?'} ms; the first ${first?.toFixed(1) ?? '?'} ms)`
    )
    const [rb, rbBase] = [part(`${target}Readback`), base(`${target}Readback`)]
    console.log(`    ${target} provenance read-back (to "${target}: published"): with ${ms(rb)}, without ${ms(rbBase)}: +${ms(rb - rbBase)}`)
  }
  const [ca, cb] = [median(a.map(r => r.servicesCpu)), median(b.map(r => r.servicesCpu))]
  if (ca !== undefined && cb !== undefined)
    console.log(`  CPU of the services process (OIDC, Sigstore, both indexes verifying): with ${ms(ca)}, without ${ms(cb)}`)
  if (publish) {
    const ratio = ((publish.added / publish.mb) * 100).toFixed(1)
    console.log(`  goal (${mode}): attestations add < 10 % to the publish stage: +${ratio} %, ${publish.added / publish.mb < 0.1 ? 'met' : 'NOT met'}`)
    goals.push(`${mode} +${ratio} %`)
  }
  const all = runs => runs.map(r => `${(r.total / 1000).toFixed(2)}/${r.publish === undefined ? '?' : (r.publish / 1000).toFixed(2)}`).join(', ')
  console.log(`  every run (s, total/publish): with ${all(a)}; without ${all(b)}`)
}
if (goals.length > 1) console.log(`publish stage added by attestations: ${goals.join('; ')}`)
