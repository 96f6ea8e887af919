// Imported first by the entry points (index.ts, bin.ts): installs the process-level sink (report/sink.ts)
// before any other module is evaluated, so nothing can print around it. main.ts and cli.ts find it with
// processSink() and feed its Redactor.
import { installProcessSink } from './report/sink.js'

installProcessSink()
