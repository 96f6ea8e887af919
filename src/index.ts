// The sink goes in before anything else loads (ES modules evaluate in import order): whatever the action,
// the toolkit libraries or Node print passes the run's Redactor and has its command lines neutralized.
import './sink-installed.js'
import { run } from './main.js'

await run()
// Everything is reported. A request we stopped waiting for (a server that never answers) must not hold the job open.
setTimeout(() => process.exit(), 1000).unref()
