import { run } from './main.js'

await run()
// Everything is reported. A request we stopped waiting for (a server that never answers) must not hold the job open.
setTimeout(() => process.exit(), 1000).unref()
