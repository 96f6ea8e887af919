// Bundled by bench/digests.mjs: the build stage's digests of one file, with seconds and peak RSS, as JSON.
import { digestFile } from '../src/build/digest.js'

const start = process.hrtime.bigint()
const digests = await digestFile(process.argv[2] as string)
const seconds = Number(process.hrtime.bigint() - start) / 1e9
console.log(JSON.stringify({ seconds, maxRssMiB: process.resourceUsage().maxRSS / 1024, ...digests }))
