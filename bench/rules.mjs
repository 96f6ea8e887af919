// npm run bench:rules: the cost of PyPI's upload rules in preflight (src/publish/index-rules.ts judgeForIndex, which
// runs src/warehouse/ on every file). Goals (issue 23): the rules add at most 5 % to the publish stage of a
// 20-wheel release, and a 100 MiB wheel's check takes under 64 MiB of extra memory. Nothing is asserted; the figures
// and ratios are printed. A run that fails, or after which an index does not list every file with its sha256, is an
// error, not a figure.
// 1. A release (bench-rules 1.0: 20 wheels of a few hundred KiB to a few MiB, deflated Python modules and a native
//    blob, with distinct platform tags, and the sdist) published to two local indexes (pypi and testpypi, each a
//    test/servers/pypi-index.ts in a process of its own, fresh per run) by bench/rules-entry.ts: the publish stage
//    through the DistributionManager (both preflights, then both publishes with read-back verification) (a) as the
//    action runs it and (b) with the rules skipped (index targets handed in whose judge finds nothing), and
//    judgeForIndex on the same files in the same process. Loopback, and over a modelled runner↔internet link
//    (bench/link.mjs: BENCH_LINK_MBPS, default 100, each way; BENCH_LINK_RTT_MS, default 30; 0 Mbit/s: loopback
//    only). BENCH_RUNS (default 3) rounds, alternating; the best of each counts.
// 2. A 100 MiB wheel (random, incompressible deflated members and 1000 Python modules to scan): the extra peak RSS of
//    a process running judgeForIndex on it (VmHWM reset after describing the file, minus VmRSS before the check),
//    and its time against `sha256sum` of the same file (best of BENCH_RUNS each).
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { closeLink, makeLink, proxy } from './link.mjs'

const root = join(import.meta.dirname, '..')
const RUNS = Number(process.env.BENCH_RUNS ?? 3)
const LINK_MBPS = Number(process.env.BENCH_LINK_MBPS ?? 100)
const LINK_RTT_MS = Number(process.env.BENCH_LINK_RTT_MS ?? 30)
if (!(RUNS >= 1) || !(LINK_MBPS >= 0) || !(LINK_RTT_MS >= 0)) throw new Error('BENCH_RUNS ≥ 1, BENCH_LINK_MBPS and BENCH_LINK_RTT_MS ≥ 0')
const MODES = LINK_MBPS > 0 ? ['loopback', 'link'] : ['loopback']
const loadAtStart = loadavg()
const PROJECT = 'bench-rules'
const VERSION = '1.0'
const work = join(tmpdir(), 'pra-bench-rules')
mkdirSync(work, { recursive: true })
const local = join(root, 'node_modules', '.bin', 'node')
const node = existsSync(local) ? local : process.execPath

// ---- the files: made once with Python's zipfile and tarfile, then reused -------------------------------------
// 20 platform tags, one wheel each, of 0.3 to 4 MiB: Python modules (generated source, deflated about 4:1) and a
// native blob (random: incompressible), with METADATA (Metadata 2.4, License-Expression, a Markdown description),
// WHEEL, entry_points.txt, a license file and a RECORD listing every member's sha256; the sdist holds the sources.
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
const SIZES_MIB = TAGS.map((_, i) => Number((0.3 + (3.7 * i) / (TAGS.length - 1)).toFixed(2)))
const BIG_MIB = 100

const GENERATOR = `
import base64, hashlib, io, json, os, random, sys, tarfile, zipfile
directory, project, version, spec = sys.argv[1], sys.argv[2], sys.argv[3], json.loads(sys.argv[4])
dist = project.replace("-", "_")
info = f"{dist}-{version}.dist-info"
words = ["value", "items", "config", "result", "parser", "handler", "request", "buffer", "index", "state", "token",
         "record", "stream", "offset", "length", "header", "member", "archive", "digest", "target", "release"]
rng = random.Random(23)
def module(n):
    out = [f'"""Module {n} of the rules benchmark."""', "from __future__ import annotations", "import os", ""]
    while sum(len(line) + 1 for line in out) < 8000:
        a, b, c = rng.choice(words), rng.choice(words), rng.choice(words)
        k = rng.randrange(1 << 30)
        out += [f"def {a}_{b}_{k:x}({c}: int, {b}: str = {k % 97!r}) -> dict[str, int]:",
                f'    """Return the {a} of {b} for {c}."""',
                f"    {a} = {{'{b}': {c} * {k % 1013}, '{c}': len({b})}}",
                f"    if {c} > {k % 31}:",
                f"        {a}['{k:x}'] = os.getpid() ^ {k}",
                f"    return {a}", ""]
    return "\\n".join(out).encode()
license_text = b"MIT License\\n\\nPermission is hereby granted, free of charge, to any person obtaining a copy...\\n"
description = "# bench-rules\\n\\nA release for the **rules** benchmark.\\n\\n" + "\\n".join(f"- item {i}: *{rng.choice(words)}*" for i in range(40)) + "\\n"
meta = (f"Metadata-Version: 2.4\\nName: {project}\\nVersion: {version}\\nSummary: A release for the rules benchmark\\n"
        f"Author-email: Bench <bench@example.org>\\nLicense-Expression: MIT\\nLicense-File: LICENSE\\n"
        f"Classifier: Programming Language :: Python :: 3\\nClassifier: Operating System :: OS Independent\\n"
        f"Requires-Python: >=3.9\\nRequires-Dist: packaging>=24\\nRequires-Dist: rich; extra == \\"cli\\"\\nProvides-Extra: cli\\n"
        f"Project-URL: Homepage, https://example.org/bench-rules\\nDescription-Content-Type: text/markdown\\n\\n{description}").encode()
made = []
def sha256_of(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
for item in spec["wheels"]:
    tag, mib, modules, blobs = item["tag"], item["mib"], item["modules"], item["blob_mib"]
    filename = f"{dist}-{version}-py3-none-{tag}.whl"
    path = os.path.join(directory, filename)
    lines = []
    with zipfile.ZipFile(path + ".part", "w", zipfile.ZIP_DEFLATED) as z:
        def add(name, data):
            z.writestr(name, data)
            digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            lines.append(f"{name},sha256={digest},{len(data)}")
        add(f"{dist}/__init__.py", b'"""bench-rules."""\\n')
        for n in range(modules):
            add(f"{dist}/pkg{n // 100:02d}/mod{n:04d}.py", module(n))
        left, i = int(blobs * 1024 * 1024), 0
        while left > 0:
            k = min(left, 8 * 1024 * 1024)
            add(f"{dist}/_native_{i:03d}.so", os.urandom(k))
            left, i = left - k, i + 1
        add(f"{info}/METADATA", meta)
        add(f"{info}/WHEEL", f"Wheel-Version: 1.0\\nGenerator: bench\\nRoot-Is-Purelib: false\\nTag: py3-none-{tag}\\n".encode())
        add(f"{info}/entry_points.txt", f"[console_scripts]\\nbench-rules = {dist}.pkg00.mod0000:main\\n".encode())
        add(f"{info}/licenses/LICENSE", license_text)
        z.writestr(f"{info}/RECORD", "\\n".join(lines + [f"{info}/RECORD,,"]) + "\\n")
    os.rename(path + ".part", path)
    made.append({"path": path, "filename": filename, "size": os.path.getsize(path), "sha256": sha256_of(path)})
if spec.get("sdist"):
    top = f"{dist}-{version}"
    path = os.path.join(directory, f"{top}.tar.gz")
    members = {f"{top}/PKG-INFO": meta, f"{top}/LICENSE": license_text,
               f"{top}/pyproject.toml": f'[project]\\nname = "{project}"\\nversion = "{version}"\\nlicense = "MIT"\\n'.encode(),
               f"{top}/src/{dist}/__init__.py": b'"""bench-rules."""\\n'}
    for n in range(spec["sdist"]):
        members[f"{top}/src/{dist}/pkg{n // 100:02d}/mod{n:04d}.py"] = module(n)
    with tarfile.open(path, "w:gz") as t:
        for member, data in members.items():
            entry = tarfile.TarInfo(member); entry.size = len(data); entry.mtime = 1700000000
            t.addfile(entry, io.BytesIO(data))
    made.append({"path": path, "filename": os.path.basename(path), "size": os.path.getsize(path), "sha256": sha256_of(path)})
with open(os.path.join(directory, "manifest.json"), "w") as f:
    json.dump(made, f)
`

function makeFiles(dir, project, spec) {
  const manifest = join(dir, 'manifest.json')
  if (existsSync(manifest)) return JSON.parse(readFileSync(manifest, 'utf8'))
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  console.error(`making ${spec.wheels.length} wheel(s)${spec.sdist ? ' and the sdist' : ''} in ${dir} (once)…`)
  execFileSync('python3', ['-c', GENERATOR, dir, project, VERSION, JSON.stringify(spec)], { stdio: ['ignore', 'ignore', 'inherit'] })
  return JSON.parse(readFileSync(manifest, 'utf8'))
}
// per wheel: 40 % of its size in modules (~8 KiB each, ~2 KiB deflated), the rest a native blob
const release = makeFiles(join(work, 'release'), PROJECT, {
  wheels: TAGS.map((tag, i) => ({ tag, mib: SIZES_MIB[i], modules: Math.max(10, Math.round((SIZES_MIB[i] * 0.4 * 1024) / 2)), blob_mib: SIZES_MIB[i] * 0.6 })),
  sdist: 300
})
if (release.length !== TAGS.length + 1) throw new Error(`the release holds ${release.length} files, not ${TAGS.length + 1}`)
// 1000 modules (~8 MiB of source, ~2 MiB deflated) and 98 MiB of random blobs: 100 MiB
const [big] = makeFiles(join(work, 'big'), `${PROJECT}-big`, { wheels: [{ tag: 'manylinux_2_17_x86_64', mib: BIG_MIB, modules: 1000, blob_mib: BIG_MIB - 2 }] })
const releaseMiB = release.reduce((sum, f) => sum + f.size, 0) / 1024 / 1024

// ---- the bundles --------------------------------------------------------------------------------------------
const ncc = join(root, 'node_modules', '.bin', 'ncc')
const bundle = name => {
  const dir = join(work, `bundle-${name}`)
  execFileSync(ncc, ['build', join(root, 'bench', `${name}-entry.ts`), '-o', dir, '--quiet'], { cwd: root, stdio: 'inherit' })
  return join(dir, 'index.js')
}
const rulesBundle = bundle('rules')
const indexBundle = bundle('index')

/** A fresh local index in its own process (bench/index-entry.ts). */
async function startIndex() {
  const child = spawn(node, [indexBundle], { stdio: ['pipe', 'pipe', 'inherit'] })
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]()
  const first = await lines.next()
  if (first.done) throw new Error('the index process exited before it said where it listens')
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

/** The index lists every file of the release with its sha256, or this throws. */
async function checkIndex(index) {
  const response = await fetch(`${index.origin}/simple/${PROJECT}/`, { headers: { Accept: 'application/vnd.pypi.simple.v1+json' } })
  const listed = response.status === 200 ? (await response.json()).files : []
  const bySha = new Map(listed.map(f => [f.filename, f.hashes.sha256]))
  const wrong = release.filter(f => bySha.get(f.filename) !== f.sha256).map(f => f.filename)
  if (listed.length !== release.length || wrong.length > 0)
    throw new Error(
      `${index.origin} lists ${listed.length} of ${release.length} files${wrong.length ? `; missing or with another sha256: ${wrong.join(', ')}` : ''}`
    )
}

/** Runs the rules bundle to its end; its last stdout line is JSON. */
function runEntry(args, nodeFlags = []) {
  return new Promise((resolve, reject) => {
    const child = spawn(node, [...nodeFlags, rulesBundle, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    let out = ''
    let err = ''
    child.stdout.on('data', chunk => (out += chunk))
    child.stderr.on('data', chunk => (err += chunk))
    child.on('error', reject)
    child.on('exit', code => {
      if (code !== 0) return reject(new Error(`the rules bundle exited with ${code}:\n${err.slice(-3000)}${out.slice(-1000)}`))
      resolve(JSON.parse(out.trim().split('\n').at(-1)))
    })
  })
}

/** The URL through the link's proxy for its origin, if there is one. */
function through(url, proxies) {
  const { origin } = new URL(url)
  const proxied = proxies.get(origin)
  return proxied && url.startsWith(origin) ? `${proxied}${url.slice(origin.length)}` : url
}

/** One publish stage of the release to fresh pypi and testpypi, with or without the rules; checked before it counts. */
async function measure(variant, mode) {
  const indexes = [await startIndex(), await startIndex()]
  const link = mode === 'link' ? makeLink({ mbps: LINK_MBPS, rttMs: LINK_RTT_MS }) : undefined
  try {
    const proxies = new Map()
    if (link) for (const index of indexes) proxies.set(index.origin, (await proxy(link, index.origin)).origin)
    const [pypi, testpypi] = indexes
    const result = await runEntry([
      'stage',
      variant,
      through(pypi.uploadUrl, proxies),
      pypi.token,
      through(testpypi.uploadUrl, proxies),
      testpypi.token,
      ...release.map(f => f.path)
    ])
    const failed = result.results.filter(r => r.status !== 'published' || r.uploaded !== release.length)
    if (failed.length > 0) throw new Error(`not published: ${failed.map(r => `${r.target} ${r.status} (${r.uploaded} uploaded): ${r.message}`).join('; ')}`)
    if (result.errors > 0) throw new Error(`judgeForIndex refuses ${result.errors} breaches in the release`)
    for (const index of indexes) await checkIndex(index)
    return result
  } finally {
    if (link) await closeLink(link)
    for (const index of indexes) await index.stop()
  }
}

const results = Object.fromEntries(MODES.map(mode => [mode, { with: [], without: [] }]))
const errors = []
for (let i = 0; i < RUNS; i++) {
  for (const mode of MODES) {
    for (const variant of i % 2 === 0 ? ['with', 'without'] : ['without', 'with']) {
      try {
        const r = await measure(variant, mode)
        results[mode][variant].push(r)
        console.error(
          `  run ${i + 1} ${mode} ${variant} rules: stage ${r.stageMs.toFixed(0)} ms (preflight ${r.preflightMs.toFixed(0)}, publish ${r.publishMs.toFixed(0)}), judgeForIndex ${r.judgeMs.toFixed(0)} ms`
        )
      } catch (error) {
        errors.push(`run ${i + 1}, ${mode}, ${variant} rules: ${error.message}`)
      }
    }
  }
}

// ---- the 100 MiB wheel: memory and time of its check, and sha256sum's time -----------------------------------
const memoryRuns = []
const shaRuns = []
for (let i = 0; i < RUNS; i++) {
  try {
    const m = await runEntry(['memory', big.path], ['--expose-gc'])
    if (m.errors.length > 0) throw new Error(`judgeForIndex refuses the 100 MiB wheel: ${m.errors.join('; ')}`)
    memoryRuns.push(m)
  } catch (error) {
    errors.push(`100 MiB wheel, run ${i + 1}: ${error.message}`)
  }
  const start = performance.now()
  const sum = execFileSync('sha256sum', [big.path]).toString().split(' ')[0]
  shaRuns.push(performance.now() - start)
  if (sum !== big.sha256) errors.push(`sha256sum of the 100 MiB wheel: ${sum}, not ${big.sha256}`)
}

// ---- the figures ------------------------------------------------------------------------------------------------
const best = (runs, key) => (runs.length === 0 ? undefined : Math.min(...runs.map(r => r[key])))
const fmt = v => (v === undefined ? '?' : `${v.toFixed(0)} ms`)
const pct = (part, whole) => (part === undefined || whole === undefined ? '?' : `${((part / whole) * 100).toFixed(1)} %`)
const wheelSizes = release.filter(f => f.filename.endsWith('.whl')).map(f => f.size / 1024 / 1024)
console.log(
  `PyPI's upload rules in preflight: a ${release.length}-file release (${TAGS.length} wheels of ${Math.min(...wheelSizes).toFixed(2)}–${Math.max(...wheelSizes).toFixed(2)} MiB ` +
    `and the sdist; ${releaseMiB.toFixed(1)} MiB) to pypi and testpypi (local indexes, each in its own process, fresh per run)`
)
console.log(
  `  (${availableParallelism()} cores, ${cpus()[0]?.model ?? 'unknown CPU'}, load average before the bench ${loadAtStart.map(l => l.toFixed(1)).join(' ')}, after ` +
    `${loadavg()
      .map(l => l.toFixed(1))
      .join(' ')}; best of ${RUNS}, alternating)`
)
console.log('  publish stage = both preflights (the rules run in the first) + uploads to testpypi and pypi with read-back verification, in one process')
for (const error of errors) console.log(`  ERROR (not a figure): ${error}`)
const goals = []
for (const mode of MODES) {
  const label =
    mode === 'loopback'
      ? 'LOOPBACK (both indexes on 127.0.0.1)'
      : `MODELLED LINK (runner↔internet ${LINK_MBPS} Mbit/s each way, ${LINK_RTT_MS} ms round trip, +2 round trips per new connection; bench/link.mjs)`
  console.log(`${label}:`)
  const [a, b] = [results[mode].with, results[mode].without]
  const [stageWith, stageWithout] = [best(a, 'stageMs'), best(b, 'stageMs')]
  const [preWith, preWithout] = [best(a, 'preflightMs'), best(b, 'preflightMs')]
  const judgeCold = best(b, 'judgeMs') // its first call in the process, as in the stage
  const judgeWarm = best(a, 'judgeMs') // after the stage had judged once
  console.log(
    `  publish stage with the rules ${fmt(stageWith)} (preflight ${fmt(preWith)}, publish ${fmt(best(a, 'publishMs'))}); ` +
      `without ${fmt(stageWithout)} (preflight ${fmt(preWithout)}, publish ${fmt(best(b, 'publishMs'))})`
  )
  console.log(`  judgeForIndex on the ${release.length} files in the same process: ${fmt(judgeCold)} (first call), ${fmt(judgeWarm)} (after the stage's)`)
  if (stageWithout !== undefined && judgeCold !== undefined) {
    const added = judgeCold / stageWithout
    console.log(
      `  rules add ${pct(judgeCold, stageWithout)} to the publish stage (goal ≤ 5 %): ${added <= 0.05 ? 'met' : 'NOT met'} ` +
        `(judgeForIndex ÷ the stage without the rules; with − without: ${fmt(stageWith - stageWithout)}, ${pct(stageWith - stageWithout, stageWithout)}, ` +
        `preflight with − without ${fmt(preWith - preWithout)})`
    )
    goals.push(`${mode} ${pct(judgeCold, stageWithout)}`)
  }
  const all = runs => runs.map(r => `${(r.stageMs / 1000).toFixed(2)}/${r.judgeMs.toFixed(0)}`).join(', ')
  console.log(`  every run (stage s/judge ms): with ${all(a)}; without ${all(b)}`)
}
const warnings = [...new Set(Object.values(results).flatMap(r => [...r.with, ...r.without].flatMap(x => x.warnings)))]
if (warnings.length) console.log(`  judgeForIndex's warnings on the release: ${warnings.join(' | ')}`)

const bigMiB = big.size / 1024 / 1024
if (memoryRuns.length > 0) {
  const extra = Math.min(...memoryRuns.map(m => m.peakKiB - m.beforeKiB)) / 1024
  const judge = Math.min(...memoryRuns.map(m => m.judgeMs))
  const sha = Math.min(...shaRuns)
  const m = memoryRuns[0]
  console.log(`a ${bigMiB.toFixed(0)} MiB wheel (${BIG_MIB - 2} MiB of random deflated blobs, 1000 Python modules), judgeForIndex in a process of its own:`)
  console.log(
    `  extra peak RSS ${extra.toFixed(1)} MiB (goal < 64 MiB): ${extra < 64 ? 'met' : 'NOT met'} ` +
      `(RSS before the check ${(m.beforeKiB / 1024).toFixed(0)} MiB, peak during it ${(m.peakKiB / 1024).toFixed(0)} MiB; ` +
      `${m.reset ? 'peak reset after describing the file' : 'PEAK NOT RESET: /proc/self/clear_refs not writable, the figure includes describing the file'}; ` +
      `every run +${memoryRuns.map(r => ((r.peakKiB - r.beforeKiB) / 1024).toFixed(1)).join(', +')} MiB)`
  )
  console.log(
    `  time ${fmt(judge)}, sha256sum of the same file ${fmt(sha)}: ${(judge / sha).toFixed(2)}x sha256sum ` +
      `(every run: check ${memoryRuns.map(r => r.judgeMs.toFixed(0)).join(', ')} ms; sha256sum ${shaRuns.map(s => s.toFixed(0)).join(', ')} ms)`
  )
  if (m.warnings.length) console.log(`  judgeForIndex's warnings: ${m.warnings.join(' | ')}`)
  goals.push(`100 MiB wheel +${extra.toFixed(1)} MiB`)
}
if (goals.length) console.log(`summary: ${goals.join('; ')}`)
writeFileSync(join(work, 'last.json'), JSON.stringify({ results, memoryRuns, shaRuns, errors }))
