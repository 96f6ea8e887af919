// Bundled by bench/digests.mjs, prints JSON with the seconds taken and the process's peak RSS:
//   node index.js digest FILE    the build stage's three digests of one file
//   node index.js inspect FILE   the build stage's digests, streaming read and inspection of one wheel
import { digestFile } from '../src/build/digest.js'
import { describeArtifact } from '../src/build/builder.js'

const [mode, file] = process.argv.slice(2) as [string, string]
const start = process.hrtime.bigint()
const result = mode === 'inspect' ? { files: (await describeArtifact(file)).contents?.files } : await digestFile(file)
const seconds = Number(process.hrtime.bigint() - start) / 1e9
console.log(JSON.stringify({ seconds, maxRssMiB: process.resourceUsage().maxRSS / 1024, ...result }))
