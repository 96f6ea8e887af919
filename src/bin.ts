#!/usr/bin/env node
// The sink goes in before anything else loads (ES modules evaluate in import order), as in index.ts.
import './sink-installed.js'
import { cli } from './cli.js'

process.exitCode = await cli(process.argv.slice(2))
// Everything is printed. A request we stopped waiting for (a server that never answers) must not hold the process open.
setTimeout(() => process.exit(), 1000).unref()
