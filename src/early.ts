// Work started before its stage's turn (the build, while certify runs): its log lines wait in a
// buffer until its stage's log group opens, so the log reads as if the stages ran one after the other.
import type { Logger } from './types.js'

type Settled<T> = { value: T } | { error: unknown }

export interface EarlyWork<T> {
  /** Opens the log (the buffered lines first, then every later line as it comes) and waits for the result. */
  take(): Promise<T>
  /** The work is not wanted (its stage does not run): waits for it to end; its log lines are dropped. */
  discard(): Promise<void>
  /** Whether take() was called. */
  readonly taken: boolean
  /**
   * Resolves once the work logged a line `startedWhen` accepts (its subprocess is starting), once it
   * settled, or after `maxWaitMs`, whichever comes first; never rejects.
   */
  readonly started: Promise<void>
}

export interface EarlyOptions {
  /** The log line that says the work's main part is under way (the build's `$ command`). */
  startedWhen?: (line: string) => boolean
  /** The longest `started` waits. */
  maxWaitMs?: number
}

export function startEarly<T>(work: (logger: Logger) => Promise<T>, target: Logger, options: EarlyOptions = {}): EarlyWork<T> {
  let buffer: Array<['info' | 'debug', string]> | undefined = []
  let dropped = false
  let taken = false
  let markStarted: () => void = () => {}
  const started = new Promise<void>(resolve => {
    const timer = setTimeout(resolve, options.maxWaitMs ?? 100)
    markStarted = () => {
      clearTimeout(timer)
      resolve()
    }
  })
  const write = (kind: 'info' | 'debug', message: string): void => {
    if (kind === 'info' && options.startedWhen?.(message)) markStarted()
    if (dropped) return
    if (buffer) buffer.push([kind, message])
    else target[kind](message)
  }
  const logger: Logger = { info: message => write('info', message), debug: message => write('debug', message) }
  // Settled at once, so that a failure waits for take() without being an unhandled rejection.
  const settled: Promise<Settled<T>> = Promise.resolve()
    .then(() => work(logger))
    .then(
      value => ({ value }),
      (error: unknown) => ({ error })
    )
  void settled.then(() => markStarted())
  return {
    started,
    get taken() {
      return taken
    },
    async take() {
      taken = true
      const lines = buffer ?? []
      buffer = undefined
      for (const [kind, message] of lines) target[kind](message)
      const outcome = await settled
      if ('error' in outcome) throw outcome.error
      return outcome.value
    },
    async discard() {
      dropped = true
      buffer = undefined
      await settled
    }
  }
}
