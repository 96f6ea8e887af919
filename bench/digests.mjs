// npm run bench:digests: the build stage's three digests (sha256, md5, blake2b-256) of a 1 GiB
// file against `sha256sum` of the same file, alternating in the same run, on the Node the action
// runs on. Goal: all three in at most two thirds of the time sha256sum takes for one. Nothing is
// asserted; the figures are printed. BENCH_MIB and BENCH_RUNS override the size and the runs.
// Also the peak RSS of reading and inspecting a 500 MB wheel (goal: flat, < 100 MB).
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..')
const MIB = Number(process.env.BENCH_MIB ?? 1024)
const RUNS = Number(process.env.BENCH_RUNS ?? 3)
const work = join(tmpdir(), 'pra-bench-digests')
mkdirSync(work, { recursive: true })
const local = join(root, 'node_modules', '.bin', 'node')
const node = existsSync(local) ? local : process.execPath

const file = join(work, `random-${MIB}MiB.bin`)
if (!existsSync(file)) {
  const block = randomBytes(1024 * 1024)
  writeFileSync(file, '')
  for (let i = 0; i < MIB; i++) writeFileSync(file, block, { flag: 'a' })
}
const bundleDir = join(work, 'bundle')
execFileSync(join(root, 'node_modules', '.bin', 'ncc'), ['build', join(root, 'bench', 'digest-entry.ts'), '-o', bundleDir, '--quiet'], {
  cwd: root,
  stdio: 'inherit'
})

const seconds = (command, args) => {
  const start = process.hrtime.bigint()
  const out = execFileSync(command, args, { encoding: 'utf8' })
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, out }
}
const ours = []
const reference = []
for (let i = 0; i < RUNS; i++) {
  ours.push(seconds(node, [join(bundleDir, 'index.js'), 'digest', file]))
  reference.push(seconds('sha256sum', [file]))
}
const best = runs => runs.reduce((a, b) => (b.seconds < a.seconds ? b : a))
const o = best(ours)
const r = best(reference)
const result = JSON.parse(o.out)
if (result.sha256 !== r.out.split(' ')[0]) {
  console.error('sha256 differs from sha256sum')
  process.exitCode = 1
}
console.log(`digests of ${MIB} MiB (${availableParallelism()} cores, best of ${RUNS}; process start included for both)`)
console.log(`  sha256sum:                        ${r.seconds.toFixed(2)} s`)
console.log(`  sha256 + md5 + blake2b-256 (ours): ${o.seconds.toFixed(2)} s, peak RSS ${result.maxRssMiB.toFixed(0)} MiB`)
console.log(`  ratio ${(o.seconds / r.seconds).toFixed(2)} of sha256sum's time (goal <= 0.67)`)

// A 500 MB wheel: 50 random 10 MB modules and a RECORD, written with Python's zipfile (stored).
const wheel = join(work, 'big-1.0-py3-none-any.whl')
if (!existsSync(wheel)) {
  execFileSync('python3', [
    '-c',
    `
import base64, hashlib, os, sys, zipfile
lines = []
with zipfile.ZipFile(sys.argv[1], "w") as z:
    def add(name, data):
        z.writestr(name, data)
        lines.append(f"{name},sha256={base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b'=').decode()},{len(data)}")
    for i in range(50):
        add(f"big/blob_{i}.py", os.urandom(10 * 1024 * 1024))
    add("big-1.0.dist-info/METADATA", b"Metadata-Version: 2.1\\nName: big\\nVersion: 1.0\\n")
    add("big-1.0.dist-info/WHEEL", b"Wheel-Version: 1.0\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n")
    z.writestr("big-1.0.dist-info/RECORD", "\\n".join(lines + ["big-1.0.dist-info/RECORD,,"]) + "\\n")
`,
    wheel
  ])
}
const inspected = JSON.parse(seconds(node, [join(bundleDir, 'index.js'), 'inspect', wheel]).out)
console.log(
  `inspecting a ${(statSync(wheel).size / 1024 / 1024).toFixed(0)} MiB wheel (${inspected.files} files, every RECORD hash checked): ${inspected.seconds.toFixed(2)} s, peak RSS ${inspected.maxRssMiB.toFixed(0)} MiB (goal < 100 MB)`
)
