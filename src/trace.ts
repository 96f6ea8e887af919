// PYTHON_RELEASE_TRACE=1: one `trace: <milestone> at <ms> ms` log line per milestone of a run (the bundle
// loaded, each stage's start and end, the build's commands), the time counted from the process's start
// (performance.now()). bench:pipeline reads them to say where a run's time goes. The line is written
// when the milestone passes, not through a stage's buffered log (early.ts), so the times are true even
// for the build that runs alongside certify; off, a milestone costs one comparison.
let sink: ((line: string) => void) | undefined

/** Turns tracing on: every later milestone is written to `write` (main.ts: the log). */
export function startTrace(write: (line: string) => void): void {
  sink = write
  // what the event loop still held after the report shows as the time from 'reported' to here
  process.once('exit', () => trace('process exit'))
}

/** Marks a milestone, when tracing is on. */
export function trace(milestone: string): void {
  sink?.(`trace: ${milestone} at ${performance.now().toFixed(1)} ms`)
}
