// Annotations of the whole run, most useful first: GitHub shows 10 per type per step,
// so errors come before warnings and notices, each in stage order.
import type { Annotation, AnnotationLevel, CertificationCheck } from '../types.js'
import type { Stage } from '../inputs.js'
import { STAGES } from '../inputs.js'
import type { PipelineResult } from '../outcome.js'

const LEVELS: AnnotationLevel[] = ['error', 'warning', 'notice']

/** A failed or warning check always shows in the annotations, with its own message when it has no finer ones. */
function checkAnnotations(check: CertificationCheck): Annotation[] {
  const level = check.status === 'fail' ? 'error' : check.status === 'warn' ? 'warning' : undefined
  if (level === undefined || check.annotations.some(annotation => annotation.level === level)) return check.annotations
  const title = `Certification check '${check.name}' ${check.status === 'fail' ? 'failed' : 'passed with a warning'}`
  return [{ level, title, message: check.message }, ...check.annotations]
}

export function collectAnnotations(result: PipelineResult): Annotation[] {
  const staged: Array<Annotation & { stage: Stage }> = [
    ...(result.certification?.checks ?? []).flatMap(check => checkAnnotations(check).map(annotation => ({ ...annotation, stage: 'certify' as const }))),
    ...(result.build?.annotations ?? []).map(annotation => ({ ...annotation, stage: 'build' as const })),
    ...result.preflights.flatMap(p => p.annotations.map(annotation => ({ ...annotation, stage: 'preflight' as const }))),
    ...result.annotations
  ]
  const rank = (a: Annotation & { stage: Stage }): number => LEVELS.indexOf(a.level) * STAGES.length + STAGES.indexOf(a.stage)
  return staged
    .map((annotation, index) => ({ annotation, index }))
    .sort((a, b) => rank(a.annotation) - rank(b.annotation) || a.index - b.index)
    .map(({ annotation: { stage: _stage, ...annotation } }) => annotation)
}

/**
 * GitHub shows this many annotations of each level per step and drops the rest silently: "10 warning annotations,
 * 10 error annotations, and 10 notice annotations per step; 50 annotations per job" (actions/toolkit,
 * docs/problem-matchers.md, "Limitations").
 */
export const GITHUB_ANNOTATIONS_PER_TYPE = 10
/** The most lines an annotation's message shows: the failed assertion and a few lines around it; the log has the rest. */
export const ANNOTATION_LINES = 12
/** A line of a shortened message is cut here: a traceback's line, not a dump. */
const LINE_CHARS = 500
/** An overflow annotation's one line in the log is cut here. */
const OVERFLOW_CHARS = 240
/** Lines before the failing line kept as its context (pytest's `>` line): the statements that led to it. */
const LINES_BEFORE = 3

/**
 * A memory address in a repr (`<Foo object at 0x7f3a2b1c4d50>`, `<function f at 0x…>`): it changes on every run
 * and says nothing to a reader. The repr form (` at 0x…`) goes whatever its length; a bare hex number goes when
 * it has an address's length (9 digits or more: 64-bit addresses are 12 on Linux, 16 on Windows), so that a
 * value such as `0xff` or `0xdeadbeef` in an assertion stays.
 */
const REPR_ADDRESS = / at 0x[0-9a-fA-F]+\b/g
const BARE_ADDRESS = /\b0x[0-9a-fA-F]{9,}\b/g
// pytest's long report marks the failing line with `>` and the exception's lines with `E`; a traceback frame is
// `File "path", line N, in name` (Python), `path:N: in name` (pytest --tb=short) or `path:N: Error` (pytest's location)
const FAILING_LINE = /^>\s/
const EXCEPTION_LINE = /^E(\s|$)/
const FRAME_HEADER = /^\s*File "[^"]+", line \d+|^\S[^:]*:\d+: in \S/
/** pytest's separator between frames (`_ _ _ _`) and between sections (`____ test ____`, `---- Captured ----`). */
const SEPARATOR = /^\s*(?:_ ){3,}_?\s*$|^\s*[_=-]{4,}/

/** `message` without memory addresses. */
export function withoutAddresses(message: string): string {
  return message.replace(REPR_ADDRESS, '').replace(BARE_ADDRESS, '0x…')
}

/**
 * An annotation's message a reader takes in where it shows (beside the line, in the run's list): at most
 * `maxLines` lines, no memory addresses. A longer one keeps its first line (a failed test's assertion, a
 * finding's gist) and, from a traceback, the deepest failing frame: the lines before the failing line, the
 * line itself and the exception's lines (pytest's `>` and `E` lines, or the last `File "…", line N` frame of a
 * Python traceback); other text keeps its first lines. The last line says how much was left out: the log holds
 * the whole text (main.ts prints it).
 */
export function readableMessage(message: string, maxLines = ANNOTATION_LINES): string {
  const scrubbed = withoutAddresses(message.replace(/\r\n?/g, '\n')).replace(/\s+$/, '')
  if (lineCount(scrubbed) <= maxLines) return scrubbed
  // the headline whole (an error's first line says what failed and what to do), the context's lines cut
  const [headline, ...lines] = scrubbed.split('\n')
  const body = lines.map(line => (line.length > LINE_CHARS ? `${line.slice(0, LINE_CHARS - 1)}…` : line))
  // the headline, a blank line, the context, the note
  const context = failingFrame(body, Math.max(0, maxLines - 3))
  const left = body.length - context.length
  const note = `… (${left} more line${left === 1 ? '' : 's'}: the log has the full text)`
  return [headline, ...(context.length > 0 ? ['', ...context] : []), note].slice(0, maxLines).join('\n')
}

/** Lines in a message as GitHub shows it (trailing blank lines are not shown). */
function lineCount(message: string): number {
  return message.replace(/\s+$/, '').split(/\r\n?|\n/).length
}

/** The lines of a traceback around its deepest failing frame, at most `budget`, without blank lines and separators. */
function failingFrame(body: string[], budget: number): string[] {
  const shown = (line: string): boolean => line.trim() !== '' && !SEPARATOR.test(line)
  // the last exception (a chained one ends the text) and the failing line or frame header just before it
  let exception = -1
  for (let i = body.length - 1; i >= 0; i--) {
    if (EXCEPTION_LINE.test(body[i]!)) exception = i
    else if (exception !== -1) break
  }
  const end = exception === -1 ? body.length : exception
  let anchor = -1
  for (let i = end - 1; i >= 0 && anchor === -1; i--) if (FAILING_LINE.test(body[i]!) || FRAME_HEADER.test(body[i]!)) anchor = i
  if (anchor === -1) return body.filter(shown).slice(0, budget)
  const before: string[] = []
  // pytest shows the frame's source before its `>` line; a frame header starts its frame
  if (FAILING_LINE.test(body[anchor]!)) {
    for (let i = anchor - 1; i >= 0 && before.length < LINES_BEFORE && shown(body[i]!) && !FRAME_HEADER.test(body[i]!); i--) before.unshift(body[i]!)
  }
  const after = body.slice(anchor).filter(shown)
  // the failing line and the exception first; the lines before it as far as they fit
  const kept = after.slice(0, budget)
  return [...before.slice(Math.max(0, before.length - (budget - kept.length))), ...kept]
}

/**
 * The annotations worth GitHub's few slots: per level, one per file (or title) first, in the order given, then
 * the repeats; each message made readable (readableMessage), and the last one shown says how many more there
 * are. `rest` (the overflow) is listed in the log, one line each; `shortened` holds the shown ones whose message
 * was cut, as they were, for the log.
 */
export function selectForGitHub(
  annotations: Annotation[],
  perType = GITHUB_ANNOTATIONS_PER_TYPE
): { shown: Annotation[]; rest: Annotation[]; shortened: Annotation[] } {
  const shown: Annotation[] = []
  const rest: Annotation[] = []
  const shortened: Annotation[] = []
  for (const level of LEVELS) {
    const ofLevel = annotations.filter(a => a.level === level)
    const seen = new Set<string>()
    const first: Annotation[] = []
    const repeats: Annotation[] = []
    for (const annotation of ofLevel) {
      const key = annotation.file ?? `title:${annotation.title ?? annotation.message}`
      ;(seen.has(key) ? repeats : first).push(annotation)
      seen.add(key)
    }
    const ordered = [...first, ...repeats]
    const kept = ordered.slice(0, perType)
    const dropped = ordered.slice(perType)
    kept.forEach((annotation, index) => {
      const last = index === kept.length - 1 && dropped.length > 0
      // the note on the last one takes two of its lines
      const maxLines = last ? ANNOTATION_LINES - 2 : ANNOTATION_LINES
      let message = readableMessage(annotation.message, maxLines)
      if (lineCount(annotation.message) > maxLines) shortened.push(annotation)
      if (last) {
        const more = `${dropped.length} more ${level === 'error' ? 'errors' : level + 's'}`
        message += `\n\n(${more} are listed in the log and the job summary: GitHub shows ${perType} per type per step)`
      }
      shown.push(message === annotation.message ? annotation : { ...annotation, message })
    })
    rest.push(...dropped)
  }
  return { shown, rest, shortened }
}

/**
 * One line for an annotation past GitHub's limit: where (file:line), its title, and its message's first line (a
 * failed test's assertion; what a finding with a shared title such as 'Arrived files' is about), cut to a line.
 */
export function overflowLine(annotation: Annotation): string {
  const where = annotation.file ? `${annotation.file}${annotation.line ? `:${annotation.line}` : ''}: ` : ''
  const first = withoutAddresses(annotation.message.split(/\r\n?|\n/).find(line => line.trim() !== '') ?? '').trim()
  const what = [annotation.title, first].filter(Boolean).join(': ')
  return `${annotation.level}: ${where}${what.length > OVERFLOW_CHARS ? `${what.slice(0, OVERFLOW_CHARS - 1)}…` : what}`
}
