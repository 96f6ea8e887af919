// One sink for everything the process prints. The action's and the command line's own lines pass the
// Redactor and neutralizeCommands where they are made, but they are not the only writers: the toolkit
// libraries print for themselves (@actions/artifact logs each retry with the service's error message, a
// response's headers and body, a download's Content-Disposition file name, through @actions/core or the
// console), and so do Octokit, the HTTP client and Node (its warnings). A 5xx body holding
// `\n::error::…\n::add-mask::…` printed that way became live workflow commands, and a token it echoed was
// printed raw. So the entry points (index.ts, bin.ts) install this sink before anything else loads: it
// replaces process.stdout.write and process.stderr.write once, and every text written either way is
// redacted with the run's one Redactor (the instance main.ts and cli.ts feed with the inputs' secrets, the
// runtime token and every token minted later) and has every line the runner would obey neutralized.
//
// A library's own add-mask (a single write of exactly that command) is not passed on but learned: its value
// joins the Redactor. The action's own workflow commands (::error::, ::group::, ::debug::, ::add-mask:: that runner.ts
// issues) take the privileged path, command(): redacted, never neutralized. An add-mask's value is the one
// text not redacted: the runner must be told the secret itself (a mask of *** hides nothing in later steps).
//
// A write may hold part of a line (a library's progress, a partial chunk): the sink keeps, per stream,
// whether the line being written could still become a command (only white space and at most one ':' so
// far) and how many '#' end it, so a command split over two writes is neutralized too. Bytes are decoded
// as UTF-8 with a decoder per stream, so a character split over two writes is kept whole. A secret split
// over two writes is not seen whole: every writer we know of writes a line (or more) at a time.
import { StringDecoder } from 'node:string_decoder'
import { commandValue, COMMAND_LINE, INVISIBLE, ZERO_WIDTH_SPACE } from './commands.js'
import { Redactor } from './redact.js'

/** A line that so far may still become a command: invisible characters and at most one ':'. */
const UNDECIDED = new RegExp(`^${INVISIBLE}*:?$`, 'u')
const LINE_BREAK = /\r\n|\r|\n/g
/**
 * A single write of exactly one debug command, as @actions/core's debug() writes it (its message escaped, so
 * it holds no line break): the toolkit's debug lines stay hidden debug lines instead of showing in every log.
 * A forged debug command does nothing but show text in a debug log, and this is the one command let through.
 */
const DEBUG_COMMAND = /^::debug::[^\r\n]*(\r?\n)?$/

/** No legacy `##[name]` command inside a command line either. */
const noLegacy = (text: string): string => commandValue(text)

/**
 * A single write of exactly one add-mask command, as @actions/core's setSecret() writes it (the artifact client
 * masks the signature of each signed URL it is given). It is not passed on: a text that forges one must not hide
 * the log from the runner. The value joins the Redactor instead, so this process never prints it.
 */
const MASK_COMMAND = /^::add-mask::([^\r\n]*)(\r?\n)?$/

/** A command's data as the runner reads it back (runner.ts's escapeData reversed). */
const unescapeData = (data: string): string => data.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')

type Write = (chunk: string, encoding: BufferEncoding, callback?: (error?: Error | null) => void) => boolean

/** A stream's line as written so far: what the next write continues. */
class LineState {
  /** The line so far while it may still become a command (see UNDECIDED); undefined once it cannot. */
  head: string | undefined = ''
  /** The '#' characters that end the line so far (at most two kept): a `##[` may be split over writes. */
  hashes = ''

  /** Text from outside, continuing the line: every line that would be a command neutralized. */
  neutralize(text: string): string {
    let out = ''
    let start = 0
    for (const match of text.matchAll(LINE_BREAK)) {
      out += this.piece(text.slice(start, match.index)) + match[0]
      this.head = ''
      this.hashes = ''
      start = match.index + match[0].length
    }
    return out + this.piece(text.slice(start))
  }

  /** Our own text, as it is: only the line state follows it. */
  pass(text: string): string {
    const lines = text.split(LINE_BREAK)
    const last = lines.length > 1 ? (lines.at(-1) as string) : undefined
    if (last !== undefined) {
      this.head = ''
      this.hashes = ''
    }
    this.follow(last ?? text)
    return text
  }

  /** Part of one line. */
  private piece(piece: string): string {
    if (piece === '') return piece
    let out = piece
    if (this.head !== undefined) {
      // the replacement keeps every character up to the first ':', so the line's head is cut off again unchanged
      const line = this.head + piece
      out = line.replace(COMMAND_LINE, `$1:${ZERO_WIDTH_SPACE}:`).slice(this.head.length)
    }
    // `##[` anywhere in the line, also across the previous write's end
    out = (this.hashes + out).replaceAll('##[', `##${ZERO_WIDTH_SPACE}[`).slice(this.hashes.length)
    this.follow(piece)
    return out
  }

  private follow(piece: string): void {
    if (this.head !== undefined) this.head = UNDECIDED.test(this.head + piece) ? this.head + piece : undefined
    this.hashes = (this.hashes + piece).match(/#{0,2}$/)?.[0] ?? ''
  }
}

export interface ProcessSink {
  /** The run's one Redactor: main.ts and cli.ts add the secrets to it, and every text written passes it. */
  readonly redactor: Redactor
  /** Our own workflow command line (ends with a line break): redacted, never neutralized. */
  command(line: string): void
  /** An `::add-mask::` command line: written as it is, for the runner must learn the secret itself. */
  mask(line: string): void
  /** Puts the original writes back (tests). */
  uninstall(): void
}

let installed: ProcessSink | undefined

/** The sink install() put in place, if any (a test calling run() or cli() in its own process has none). */
export function processSink(): ProcessSink | undefined {
  return installed
}

/**
 * Replaces process.stdout.write and process.stderr.write (once; a second call returns the first sink):
 * everything written from now on is redacted and has its command lines neutralized.
 */
export function installProcessSink(redactor = new Redactor()): ProcessSink {
  if (installed) return installed
  const wrap = (stream: NodeJS.WriteStream): { raw: Write; state: LineState; restore: () => void } => {
    const original = stream.write
    const raw = original.bind(stream) as Write
    const state = new LineState()
    const decoder = new StringDecoder('utf8')
    const write = function (
      chunk: string | Uint8Array,
      encoding?: BufferEncoding | ((error?: Error | null) => void),
      callback?: (error?: Error | null) => void
    ): boolean {
      if (typeof encoding === 'function') {
        callback = encoding
        encoding = undefined
      }
      const text =
        typeof chunk === 'string'
          ? encoding && encoding !== 'utf8' && encoding !== 'utf-8'
            ? Buffer.from(chunk, encoding).toString('utf8')
            : chunk
          : decoder.write(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength))
      const mask = state.head === '' ? MASK_COMMAND.exec(text) : null
      if (mask) {
        redactor.add(unescapeData(mask[1] as string))
        return raw('', 'utf8', callback)
      }
      const redacted = redactor.redact(text)
      const safe = state.head === '' && DEBUG_COMMAND.test(redacted) ? state.pass(noLegacy(redacted)) : state.neutralize(redacted)
      return raw(safe, 'utf8', callback)
    }
    stream.write = write as typeof stream.write
    return { raw, state, restore: () => (stream.write = original) }
  }
  const stdout = wrap(process.stdout)
  const stderr = wrap(process.stderr)
  installed = {
    redactor,
    command(line) {
      stdout.raw(stdout.state.pass(noLegacy(redactor.redact(line))), 'utf8')
    },
    mask(line) {
      stdout.raw(stdout.state.pass(line), 'utf8')
    },
    uninstall() {
      stdout.restore()
      stderr.restore()
      installed = undefined
    }
  }
  return installed
}
