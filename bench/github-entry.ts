// Bundled by bench/github-upload.mjs; one bundle, two processes, so that the client's CPU and memory are
// measured apart from the server's:
//   node index.js server BYTES_PER_SECOND LATENCY_MS
//     The local GitHub server (test/servers/github.ts) with a simulated wide-area link. Prints
//     {apiUrl, token, owner, repo, commit} as one JSON line on stdout and stays up until stdin closes or
//     SIGTERM; then prints {releases, violations, cpuSeconds} (every release with its assets' names,
//     sizes, sha256s and states; the requests GitHub's OpenAPI description would refuse) and exits.
//   node index.js client JOB_JSON
//     The github target end to end, as a release run uses it: preflight (finds or creates the draft,
//     plans the assets), publish (uploads them, upload-concurrency at a time; verifies) and finalize
//     (publishes the draft). JOB_JSON: {apiUrl, token, repository, commit, tag, version, concurrency,
//     artifacts}. Prints JSON: seconds (in all and per phase), the result's status and message, the CPU
//     used, the peak RSS once the code is loaded (idle) and at the end (MiB).
// Each mode loads only its own code (import()), so the client's idle RSS does not carry the server.
import type { BuildArtifact } from '../src/types.js'

const MIB = 1024 * 1024
const peakMiB = (): number => process.resourceUsage().maxRSS / 1024
const since = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e9
const cpuSeconds = (usage: NodeJS.CpuUsage): number => (usage.user + usage.system) / 1e6

const [mode, ...args] = process.argv.slice(2)

async function server(bytesPerSecond: number, latencyMs: number): Promise<void> {
  const { GitHubServer } = await import('../test/servers/github.js')
  const github = await new GitHubServer({ latencyMs, bytesPerSecond }).start()
  const token = github.token({ contents: 'write' })
  const cpuAtStart = process.cpuUsage()
  console.log(JSON.stringify({ apiUrl: github.apiUrl, token, owner: github.owner, repo: github.repo, commit: github.commits[0] }))
  let stopping = false
  const stop = async (): Promise<void> => {
    if (stopping) return
    stopping = true
    const cpu = cpuSeconds(process.cpuUsage(cpuAtStart))
    const releases = github.releases.map(release => ({
      tagName: release.tagName,
      draft: release.draft,
      assets: release.assets.map(asset => ({ name: asset.name, size: asset.size, sha256: asset.sha256, state: asset.state }))
    }))
    const violations = github.violations.slice()
    await github.stop()
    console.log(JSON.stringify({ releases, violations, cpuSeconds: cpu, peakRssMiB: peakMiB() }))
    process.exit(0)
  }
  process.stdin.on('end', () => void stop())
  process.stdin.on('close', () => void stop())
  process.stdin.resume()
  process.on('SIGTERM', () => void stop())
}

interface Job {
  apiUrl: string
  token: string
  repository: string
  commit: string
  tag: string
  version: string
  concurrency: number
  artifacts: BuildArtifact[]
}

async function client(job: Job): Promise<void> {
  const { GitHubTarget } = await import('../src/publish/github.js')
  // The target loads Octokit lazily on its first request; loaded here, so that idle holds all the code.
  await import('../src/publish/github-api.js')
  const idleRssMiB = process.memoryUsage().rss / MIB
  const idlePeakMiB = peakMiB()
  const verbose = process.env.BENCH_VERBOSE === '1'
  const logger = { info: (m: string) => void (verbose && console.error(m)), debug: () => {} }
  const target = new GitHubTarget({
    token: job.token,
    apiUrl: job.apiUrl,
    repository: job.repository,
    commit: job.commit,
    tag: job.tag,
    name: job.tag,
    notes: 'A release made by the upload benchmark.',
    keepDraft: false,
    prerelease: false,
    makeLatest: undefined,
    overwriteAssets: false,
    concurrency: job.concurrency,
    version: job.version,
    tagPrefix: 'v',
    mayWrite: true,
    logger
  })
  const cpuAtStart = process.cpuUsage()
  const start = process.hrtime.bigint()
  const preflight = await target.preflight(job.artifacts)
  const preflightSeconds = since(start)
  if (!preflight.ready) {
    console.log(JSON.stringify({ status: 'not ready', message: preflight.message }))
    process.exitCode = 1
    return
  }
  const publishStart = process.hrtime.bigint()
  const published = await target.publish(preflight)
  const publishSeconds = since(publishStart)
  const finalizeStart = process.hrtime.bigint()
  const result = published.status === 'published' ? await target.finalize(published) : published
  const finalizeSeconds = since(finalizeStart)
  const seconds = since(start)
  console.log(
    JSON.stringify({
      seconds,
      preflightSeconds,
      publishSeconds,
      finalizeSeconds,
      cpuSeconds: cpuSeconds(process.cpuUsage(cpuAtStart)),
      status: result.status,
      message: result.message,
      uploaded: result.uploaded.length,
      url: result.url,
      idleRssMiB,
      idlePeakMiB,
      peakRssMiB: peakMiB()
    })
  )
  if (result.status !== 'published') process.exitCode = 1
}

if (mode === 'server') await server(Number(args[0]), Number(args[1]))
else if (mode === 'client') await client(JSON.parse(args[0] ?? '') as Job)
else {
  console.error('usage: node index.js server BYTES_PER_SECOND LATENCY_MS | client JOB_JSON')
  process.exitCode = 2
}
