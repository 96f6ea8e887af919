// Bundled by bench/upload.mjs: the local index (test/servers/pypi-index.ts) in a process of its own, so
// that the uploading client's CPU is measured apart from the server's. Starts an index that takes files up
// to 2 GiB, prints {uploadUrl, origin, token} as one JSON line on stdout, and stays up until stdin closes
// or SIGTERM; then prints {files, cpuSeconds} (what it holds, and the CPU it used) and exits.
import { PyPIIndex } from '../test/servers/pypi-index.js'

const index = await new PyPIIndex({ maxFileSize: 2 * 1024 * 1024 * 1024 }).start()
const cpuAtStart = process.cpuUsage()
console.log(JSON.stringify({ uploadUrl: index.uploadUrl, origin: index.origin, token: index.userToken }))

let stopping = false
async function stop(): Promise<void> {
  if (stopping) return
  stopping = true
  const cpu = process.cpuUsage(cpuAtStart)
  const files = index.files.length
  await index.stop()
  console.log(JSON.stringify({ files, cpuSeconds: (cpu.user + cpu.system) / 1e6 }))
  process.exit(0)
}
process.stdin.on('end', () => void stop())
process.stdin.on('close', () => void stop())
process.stdin.resume()
process.on('SIGTERM', () => void stop())
