// Bundled by bench/upload.mjs: the action's path from built files to a verified upload, end to end, as
// it runs after a build: describeArtifact on every file (three digests and an inspection of each
// archive, one file at a time as the build stage does), then the pypi target's preflight and publish
// (wheels, then the sdist, each streamed; then verification through the index's API).
//   node index.js UPLOAD_URL TOKEN FILE...
// Prints JSON: seconds (in all and per phase), the files uploaded, the publish status and message,
// the CPU used (in all, to the end of describe, and after), RSS right after startup and imports (idle),
// and the peak RSS after describing and at the end (MiB).
import { describeArtifact } from '../src/build/builder.js'
import { locateIndex } from '../src/publish/index-api.js'
import { IndexTarget } from '../src/publish/pypi.js'
import { DistributionTarget } from '../src/types.js'

const MIB = 1024 * 1024
const idleRssMiB = process.memoryUsage().rss / MIB
const peakMiB = (): number => process.resourceUsage().maxRSS / 1024
const since = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e9

const [uploadUrl, token, ...files] = process.argv.slice(2) as [string, string, ...string[]]
const verbose = process.env.BENCH_VERBOSE === '1'
const logger = { info: (m: string) => void (verbose && console.error(m)), debug: () => {} }

const start = process.hrtime.bigint()
const cpuAtStart = process.cpuUsage()
// One at a time, as the build stage describes its files.
const artifacts = []
for (const file of files) artifacts.push(await describeArtifact(file))
const describeSeconds = since(start)
const cpuAtDescribed = process.cpuUsage()
const describeCpu = process.cpuUsage(cpuAtStart)
const peakAfterDescribeMiB = peakMiB()

const target = new IndexTarget({
  target: DistributionTarget.PYPI,
  index: locateIndex(uploadUrl),
  username: '__token__',
  password: token,
  skipExisting: true,
  idToken: undefined,
  setSecret: () => {},
  logger,
  verifyTimeoutMs: 60_000
})
const preflightStart = process.hrtime.bigint()
const preflight = await target.preflight(artifacts)
if (!preflight.ready) {
  console.error(`preflight failed: ${preflight.message}`)
  process.exit(1)
}
const preflightSeconds = since(preflightStart)
const publishStart = process.hrtime.bigint()
const published = await target.publish(preflight)
const publishSeconds = since(publishStart)
const seconds = since(start)
const cpu = process.cpuUsage()
const publishCpu = process.cpuUsage(cpuAtDescribed)
console.log(
  JSON.stringify({
    seconds,
    describeSeconds,
    preflightSeconds,
    publishSeconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    describeCpuSeconds: (describeCpu.user + describeCpu.system) / 1e6,
    preflightAndPublishCpuSeconds: (publishCpu.user + publishCpu.system) / 1e6,
    uploaded: published.uploaded.length,
    status: published.status,
    message: published.message,
    idleRssMiB,
    peakAfterDescribeMiB,
    peakRssMiB: peakMiB()
  })
)
if (published.status !== 'published') process.exitCode = 1
