// Bundled by bench/download.mjs: what the publish job does before its first upload, as a matrix's publish
// job runs it: downloadArrivals from this run's artifacts (the unmodified @actions/artifact client, through
// actionsArtifactSource), then verifyArrivals on everything that arrived (digests, inspection, release
// manifests).
//   node index.js WORK_DIR PATTERN
// Prints JSON: seconds from process start to the arrivals downloaded and to them verified (performance.now()
// counts from the process's start), CPU seconds, the verified files (filename, sha256, size) and any errors;
// exits 1 when verification found errors.
import { actionsArtifactSource } from '../src/publish/artifact-source.js'
import { verifyArrivals } from '../src/publish/arrival.js'
import { downloadArrivals } from '../src/publish/receive.js'

const [workDir, pattern] = process.argv.slice(2) as [string, string]
const verbose = process.env.BENCH_VERBOSE === '1'
const logger = { info: (m: string) => void (verbose && console.error(m)), debug: () => {} }

const startedSeconds = performance.now() / 1000
const arrivals = await downloadArrivals({
  source: actionsArtifactSource({ token: '', repository: undefined, apiUrl: 'https://api.github.com', logger }),
  patterns: [pattern],
  workDir,
  logger
})
const downloadedSeconds = performance.now() / 1000
const result = await verifyArrivals(arrivals, { logger, requireCertification: true, failOnPartial: true })
const verifiedSeconds = performance.now() / 1000
const cpu = process.cpuUsage()
console.log(
  JSON.stringify({
    startedSeconds,
    downloadedSeconds,
    verifiedSeconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    arrivals: arrivals.length,
    artifacts: result.artifacts.map(a => ({ filename: a.filename, sha256: a.sha256, size: a.size })),
    manifests: result.manifests.length,
    errors: result.errors
  })
)
if (result.errors.length > 0) process.exitCode = 1
