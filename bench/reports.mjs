// npm run bench:reports: the certify stage's streaming report readers on generated reports,
// against a whole-document parse (fast-xml-parser) of the same file in the same run, each in
// its own process on the Node the action runs on (node_modules/.bin/node, Node 24):
//  - JUnit: 1,000,000 test cases (about 150 MB), 1 % failures with long tracebacks.
//    Goal: < 2 s, < 150 MB peak RSS, >= 3x faster than the whole-document parse.
//  - Cobertura: 10,000 files of 200 lines.
// Prints the figures; nothing is asserted. BENCH_CASES, BENCH_FILES and BENCH_RUNS override the sizes.
import { execFileSync } from 'node:child_process'
import { createWriteStream, existsSync, mkdirSync, statSync } from 'node:fs'
import { once } from 'node:events'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const root = join(import.meta.dirname, '..')
const CASES = Number(process.env.BENCH_CASES ?? 1_000_000)
const FILES = Number(process.env.BENCH_FILES ?? 10_000)
const RUNS = Number(process.env.BENCH_RUNS ?? 3)
const work = join(tmpdir(), 'pra-bench-reports')
mkdirSync(work, { recursive: true })
const local = join(root, 'node_modules', '.bin', 'node')
const node = existsSync(local) ? local : process.execPath

/** Writes a generated file once (it is kept in the temp dir for later runs). */
async function generate(file, produce) {
  if (existsSync(file)) return
  const out = createWriteStream(`${file}.part`)
  const write = async text => {
    if (!out.write(text)) await once(out, 'drain')
  }
  await produce(write)
  out.end()
  await once(out, 'finish')
  execFileSync('mv', [`${file}.part`, file])
}

const junit = join(work, `junit-${CASES}.xml`)
await generate(junit, async write => {
  const frames = Array.from(
    { length: 20 },
    (_, i) => `  File "/builds/acme/project/src/acme/module_${i}.py", line ${10 + i}, in function_${i}\n    result = helper_${i}(value, options=options)\n`
  ).join('')
  await write('<?xml version="1.0" encoding="utf-8"?>\n<testsuites>\n')
  for (let suite = 0; suite < CASES / 1000; suite++) {
    let chunk = `<testsuite name="pytest" tests="1000" errors="0" failures="10" skipped="0" time="12.3">\n`
    for (let i = 0; i < 1000; i++) {
      const n = suite * 1000 + i
      chunk += `<testcase classname="tests.test_module_${suite}.TestCase" name="test_case_${n}" file="tests/test_module_${suite}.py" line="${i}" time="0.001"`
      chunk +=
        n % 100 === 37
          ? `><failure message="AssertionError: expected ${n} got ${n + 1}">Traceback (most recent call last):\n${frames}AssertionError: expected ${n} got ${n + 1}\n</failure></testcase>\n`
          : ' />\n'
    }
    await write(`${chunk}</testsuite>\n`)
  }
  await write('</testsuites>\n')
})

const cobertura = join(work, `cobertura-${FILES}.xml`)
await generate(cobertura, async write => {
  await write(`<?xml version="1.0" ?>\n<coverage version="7.6.1" line-rate="0.9" branch-rate="0" lines-covered="0" lines-valid="0">\n`)
  await write('<sources><source>/builds/acme/project/src</source></sources>\n<packages>\n')
  for (let pkg = 0; pkg < FILES / 100; pkg++) {
    await write(`<package name="acme.pkg_${pkg}" line-rate="0.9" branch-rate="0"><classes>\n`)
    for (let f = 0; f < 100; f++) {
      let chunk = `<class name="mod_${f}.py" filename="acme/pkg_${pkg}/mod_${f}.py" line-rate="0.9" branch-rate="0"><methods/><lines>\n`
      for (let line = 1; line <= 200; line++) chunk += `<line number="${line}" hits="${(line * 7 + f) % 10 === 0 ? 0 : 1}"/>\n`
      await write(`${chunk}</lines></class>\n`)
    }
    await write('</classes></package>\n')
  }
  await write('</packages>\n</coverage>\n')
})

const bundleDir = join(work, 'bundle')
execFileSync(join(root, 'node_modules', '.bin', 'ncc'), ['build', join(root, 'bench', 'parse-entry.ts'), '-o', bundleDir, '--quiet'], {
  cwd: root,
  stdio: 'inherit'
})
const run = (script, ...args) => JSON.parse(execFileSync(node, [script, ...args], { encoding: 'utf8' }))
const best = runs => runs.reduce((a, b) => (b.seconds < a.seconds ? b : a))
const mib = file => (statSync(file).size / 1024 / 1024).toFixed(1)

function compare(kind, file, agree) {
  const stream = []
  const whole = []
  for (let i = 0; i < RUNS; i++) {
    // alternating, so that both see the same page cache and machine load
    stream.push(run(join(bundleDir, 'index.js'), kind, file))
    whole.push(run(join(root, 'bench', 'whole-document.mjs'), kind, file))
  }
  const s = best(stream)
  const w = best(whole)
  if (!agree(s, w)) {
    console.error(`${kind}: the two parsers disagree: ${JSON.stringify(s)} / ${JSON.stringify(w)}`)
    process.exitCode = 1
  }
  return { s, w }
}

console.log(`node ${execFileSync(node, ['--version'], { encoding: 'utf8' }).trim()}, best of ${RUNS} runs each`)
{
  const { s, w } = compare('junit', junit, (s, w) => s.total === w.total && s.failed === w.failed)
  console.log(`JUnit: ${s.total} test cases, ${s.failed} failed, ${mib(junit)} MiB`)
  console.log(`  streaming (the action):           ${s.seconds.toFixed(2)} s, peak RSS ${s.maxRssMiB.toFixed(0)} MiB  (goal < 2 s, < 150 MB)`)
  console.log(`  whole document (fast-xml-parser): ${w.seconds.toFixed(2)} s, peak RSS ${w.maxRssMiB.toFixed(0)} MiB`)
  console.log(`  ratio: ${(w.seconds / s.seconds).toFixed(2)}x faster (goal >= 3x), ${(w.maxRssMiB / s.maxRssMiB).toFixed(1)}x less memory`)
}
{
  const { s, w } = compare('coverage', cobertura, (s, w) => s.files === w.files && s.lines === w.lines && s.covered === w.covered)
  console.log(`Cobertura: ${s.files} files, ${s.lines} lines (${s.covered} covered), ${mib(cobertura)} MiB`)
  console.log(`  streaming (the action):           ${s.seconds.toFixed(2)} s, peak RSS ${s.maxRssMiB.toFixed(0)} MiB`)
  console.log(`  whole document (fast-xml-parser): ${w.seconds.toFixed(2)} s, peak RSS ${w.maxRssMiB.toFixed(0)} MiB`)
  console.log(`  ratio: ${(w.seconds / s.seconds).toFixed(2)}x faster, ${(w.maxRssMiB / s.maxRssMiB).toFixed(1)}x less memory`)
}
