// Bundled by bench/download.mjs: the local Actions artifact service (test/servers/artifact-service.ts) in a
// process of its own, so that the timed downloading client does not share its event loop with the server.
//   node index.js JOBS
// Prints one JSON line on stdout: the run id, the environment of each of JOBS build jobs of one workflow run
// (what the runner gives their steps) and of its publish job; stays up until stdin closes or SIGTERM, then
// prints {artifacts, cpuSeconds} (what it holds, and the CPU it used) and exits.
import { ArtifactService } from '../test/servers/artifact-service.js'

const jobs = Number(process.argv[2] ?? 1)
const service = await new ArtifactService().start()
const runId = service.runId
const cpuAtStart = process.cpuUsage()
console.log(
  JSON.stringify({
    runId,
    builds: Array.from({ length: jobs }, (_, i) => service.jobEnvironment(runId, `build-${i}`)),
    publish: service.jobEnvironment(runId, 'publish')
  })
)

let stopping = false
async function stop(): Promise<void> {
  if (stopping) return
  stopping = true
  const cpu = process.cpuUsage(cpuAtStart)
  const artifacts = service.artifacts.filter(a => a.finalized).length
  await service.stop()
  console.log(JSON.stringify({ artifacts, cpuSeconds: (cpu.user + cpu.system) / 1e6 }))
  process.exit(0)
}
process.stdin.on('end', () => void stop())
process.stdin.on('close', () => void stop())
process.stdin.resume()
process.on('SIGTERM', () => void stop())
