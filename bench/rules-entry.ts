// Bundled by bench/rules.mjs: the cost of PyPI's upload rules (src/publish/index-rules.ts judgeForIndex) in a process
// of its own. Two modes:
//   node index.js stage with|without PYPI_UPLOAD_URL PYPI_TOKEN TESTPYPI_UPLOAD_URL TESTPYPI_TOKEN FILE...
//     describeArtifact on every file (the build stage's work, untimed), then the publish stage through a
//     DistributionManager: both targets' preflight (testpypi, pypi), then publish in PUBLISH_ORDER and finalize.
//     'with': the manager as the action makes it (the rules judged once, in the first preflight). 'without': the
//     same manager handed index targets made with the same settings and a judge that finds nothing (the
//     manager's `targets` option), so the rules are skipped with no switch in production code. After the stage,
//     judgeForIndex is timed on the same files in the same process (in 'without', its first call: as cold as
//     the stage's). Prints JSON: stageMs, preflightMs, publishMs, judgeMs, the judgement's counts and each result.
//   node --expose-gc index.js memory FILE
//     describeArtifact (untimed), a GC, the peak RSS reset (/proc/self/clear_refs 5), then judgeForIndex on the file.
//     Prints JSON: RSS before the check, the peak during it (VmHWM), the check's wall ms and the judgement's counts.
import { readFileSync, writeFileSync } from 'node:fs'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describeArtifact } from '../src/build/builder.js'
import { DEFAULT_SKIP_EXISTING } from '../src/publish/existing.js'
import { locateIndex } from '../src/publish/index-api.js'
import { judgeForIndex } from '../src/publish/index-rules.js'
import { DistributionManager } from '../src/publish/manager.js'
import { IndexTarget } from '../src/publish/pypi.js'
import { PUBLISH_ORDER } from '../src/publish/stage.js'
import type { PublishTarget } from '../src/publish/target.js'
import { DistributionTarget, type BuildArtifact, type PreflightResult, type PublishResult } from '../src/types.js'

const verbose = process.env.BENCH_VERBOSE === '1'
const logger = { info: (m: string) => void (verbose && console.error(m)), debug: () => {} }
const VERIFY_TIMEOUT_MS = 60_000
const ms = (start: number): number => performance.now() - start

async function describeAll(files: string[]): Promise<BuildArtifact[]> {
  const artifacts: BuildArtifact[] = []
  // One at a time, as the build stage describes its files.
  for (const file of files) artifacts.push(await describeArtifact(file))
  return artifacts
}

async function stage(variant: string, pypiUrl: string, pypiToken: string, testpypiUrl: string, testpypiToken: string, files: string[]): Promise<void> {
  if (variant !== 'with' && variant !== 'without') throw new Error(`variant '${variant}': with or without`)
  const artifacts = await describeAll(files)
  const settings = { pypi: { uploadUrl: pypiUrl, password: pypiToken }, testpypi: { uploadUrl: testpypiUrl, password: testpypiToken } }
  // The reference: index targets as the manager makes them (manager.ts index()), whose judge finds nothing.
  const bare = (target: DistributionTarget.PYPI | DistributionTarget.TEST_PYPI): PublishTarget =>
    new IndexTarget({
      target,
      index: locateIndex(settings[target].uploadUrl),
      username: '__token__',
      password: settings[target].password,
      skipExisting: DEFAULT_SKIP_EXISTING,
      idToken: undefined,
      setSecret: () => {},
      logger,
      verifyTimeoutMs: VERIFY_TIMEOUT_MS,
      attestation: () => undefined,
      attests: false,
      judge: async () => ({ errors: [], warnings: [] })
    })
  const manager = new DistributionManager({
    localDir: mkdtempSync(join(tmpdir(), 'pra-bench-rules-local-')),
    ...settings,
    logger,
    verifyTimeoutMs: VERIFY_TIMEOUT_MS,
    targets:
      variant === 'without'
        ? { [DistributionTarget.PYPI]: bare(DistributionTarget.PYPI), [DistributionTarget.TEST_PYPI]: bare(DistributionTarget.TEST_PYPI) }
        : undefined
  })
  const targets = [DistributionTarget.TEST_PYPI, DistributionTarget.PYPI]
  const start = performance.now()
  const preflights: PreflightResult[] = []
  for (const target of targets) preflights.push(await manager.preflight(target, artifacts))
  const preflightMs = ms(start)
  const notReady = preflights.filter(p => !p.ready)
  if (notReady.length > 0) throw new Error(`not ready: ${notReady.map(p => `${p.target}: ${p.message}\n${JSON.stringify(p.annotations)}`).join('; ')}`)
  const publishStart = performance.now()
  let results: PublishResult[] = []
  for (const preflight of [...preflights].sort((a, b) => PUBLISH_ORDER.indexOf(a.target) - PUBLISH_ORDER.indexOf(b.target))) {
    results.push(await manager.publish(preflight))
  }
  results = await manager.finalize(results)
  const publishMs = ms(publishStart)
  const stageMs = ms(start)
  // The rules alone on the same files, in the same process
  const judgeStart = performance.now()
  const judged = await judgeForIndex(artifacts, { indexName: 'PyPI' })
  const judgeMs = ms(judgeStart)
  console.log(
    JSON.stringify({
      stageMs,
      preflightMs,
      publishMs,
      judgeMs,
      errors: judged.errors.length,
      warnings: judged.warnings.map(w => w.message),
      results: results.map(r => ({ target: r.target, status: r.status, uploaded: r.uploaded.length, message: r.message }))
    })
  )
}

/** VmRSS or VmHWM of this process, in KiB. */
function status(field: 'VmRSS' | 'VmHWM'): number {
  const line = readFileSync('/proc/self/status', 'utf8')
    .split('\n')
    .find(l => l.startsWith(`${field}:`))
  return Number(line?.split(/\s+/)[1] ?? NaN)
}

async function memory(file: string): Promise<void> {
  const [artifact] = await describeAll([file])
  const gc = (globalThis as { gc?: () => void }).gc
  gc?.()
  // A peak describeArtifact set would hide the check's: reset the high-water mark to the current RSS (Linux ≥ 4.0).
  let reset = true
  try {
    writeFileSync('/proc/self/clear_refs', '5')
  } catch {
    reset = false
  }
  const beforeKiB = status('VmRSS')
  const hwmBeforeKiB = status('VmHWM')
  const start = performance.now()
  const judged = await judgeForIndex([artifact!], { indexName: 'PyPI' })
  const judgeMs = ms(start)
  console.log(
    JSON.stringify({
      reset,
      gc: gc !== undefined,
      beforeKiB,
      hwmBeforeKiB,
      peakKiB: status('VmHWM'),
      judgeMs,
      errors: judged.errors.map(e => e.message),
      warnings: judged.warnings.map(w => w.message)
    })
  )
}

const [mode, ...args] = process.argv.slice(2)
if (mode === 'stage') {
  const [variant, pypiUrl, pypiToken, testpypiUrl, testpypiToken, ...files] = args as [string, string, string, string, string, ...string[]]
  await stage(variant, pypiUrl, pypiToken, testpypiUrl, testpypiToken, files)
} else if (mode === 'memory') {
  await memory(args[0] as string)
} else {
  throw new Error(`mode '${mode}': stage or memory`)
}
