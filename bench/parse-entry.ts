// Bundled by bench/reports.mjs: parses one report with the action's streaming readers and
// prints what it found, the seconds it took and the process's peak RSS, as JSON.
// Usage: node index.js junit|coverage FILE
import { parseJUnit } from '../src/certify/junit.js'
import { parseCoverage } from '../src/certify/coverage.js'

const [kind, file] = process.argv.slice(2) as [string, string]
const start = process.hrtime.bigint()
let found: Record<string, number>
if (kind === 'junit') {
  const { failures, flakyCases, failureIndex, ...counts } = await parseJUnit(file)
  found = { ...counts, described: failures.length, indexed: failureIndex.length, flakyDescribed: flakyCases.length }
} else {
  const report = await parseCoverage(file)
  let lines = 0
  let covered = 0
  for (const entry of report.files) {
    lines += entry.lines.size
    for (const hit of entry.lines.values()) if (hit) covered++
  }
  found = { files: report.files.length, lines, covered }
}
const seconds = Number(process.hrtime.bigint() - start) / 1e9
console.log(JSON.stringify({ seconds, maxRssMiB: process.resourceUsage().maxRSS / 1024, ...found }))
