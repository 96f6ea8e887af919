// Bundled and run by scripts/screenshots.mjs: the three runs of __tests__/helpers/summaries.ts, their
// summaries written to the directory given (the test servers are TypeScript; ncc compiles them, as for bench/).
import { writeSummaries } from '../__tests__/helpers/summaries.js'

const runs = await writeSummaries(process.argv[2] ?? '.')
console.log(JSON.stringify(Object.fromEntries(Object.entries(runs).map(([name, run]) => [name, run.code]))))
// the servers' keep-alive sockets must not hold the process open
process.exit(0)
