// A streaming JUnit XML reader: counts test cases and keeps a bounded account of
// each failure. Understands pytest (xunit1, xunit2), unittest-xml-reporting and any
// producer that writes <testsuites>/<testsuite>/<testcase> with <failure>, <error>
// and <skipped> children.
import type { SaxesTagPlain } from 'saxes'
import { ReportError, detach, excerpt, streamXml } from './reports.js'

export interface FailureFrame {
  /** As the failure text names it: relative or absolute, maybe from another machine. */
  path: string
  line: number
}

export interface FailedTestCase {
  /** `classname.name`, else `file::name`, else the name. */
  id: string
  classname: string | undefined
  name: string
  kind: 'failure' | 'error'
  /** First line of the failure's message attribute (or its type). */
  message: string
  /** The failure text, cut to its beginning and end when long. */
  excerpt: string
  /** `path:N` frames in the failure text, deepest (last) first, one per path. */
  frames: FailureFrame[]
  /** The testcase's file attribute. */
  file: string | undefined
  /** The testcase's line attribute, made 1-based. */
  line: number | undefined
}

export interface JUnitReport {
  total: number
  passed: number
  /** Test cases with a <failure> or an <error>. */
  failed: number
  skipped: number
  /** The first failed test cases, up to maxFailures. */
  failures: FailedTestCase[]
  /** Failed test cases beyond maxFailures: counted, not described. */
  unlistedFailures: number
  /** Test cases that failed and then passed on a rerun: counted as passed. */
  flaky: number
  /** The first flaky test cases, up to maxFailures, described like failures. */
  flakyCases: FailedTestCase[]
  /** One line per failed test case (id and message), as many as fit in maxIndexBytes. */
  failureIndex: string[]
  /** Failed test cases left out of failureIndex. */
  unindexedFailures: number
}

export interface JUnitOptions {
  /** How many failed test cases to describe; the rest are only counted. */
  maxFailures?: number
  /** Characters of failureIndex lines to keep; the rest are counted. */
  maxIndexBytes?: number
}

const DEFAULT_MAX_INDEX_BYTES = 512 * 1024
/** An index line names the test and its message; both are cut to this. */
const MAX_INDEX_PART = 300
const cut = (text: string): string => (text.length > MAX_INDEX_PART ? `${text.slice(0, MAX_INDEX_PART - 1)}…` : text)

const DEFAULT_MAX_FAILURES = 50
/** The excerpt keeps this much of the beginning and of the end of a failure text. */
const EXCERPT_HEAD = 2048
const EXCERPT_TAIL = 2048
/** A line longer than this is no traceback frame; it is skipped, not buffered. */
const MAX_FRAME_LINE = 4096
/** Distinct frame paths remembered per failure (the deepest ones are kept). */
const MAX_FRAME_PATHS = 64

// `File "/abs/tests/test_x.py", line 12, in test_y` (Python tracebacks)
const TRACEBACK_FRAME = /^\s*File "([^"]+)", line (\d+)/
// `tests/test_x.py:12: AssertionError` (pytest's long and short reports; indented inside Surefire's <stackTrace>)
const LOCATION_FRAME = /^\s*((?:[A-Za-z]:[\\/])?[^\s:"<>][^:"<>]*):(\d+):(?:\s|$)/
// `AssertionError: 0.5 != 0.4` ending a Python traceback; `E   AssertionError: …` in pytest's report
const EXCEPTION_LINE = /^(?:E\s+)?((?:[A-Za-z_]\w*\.)*[A-Z]\w*(?:Error|Exception|Failure|Exit|Interrupt)(?::.*)?)$/
/** Messages some producers put on every failure (nose2: "test failure"): they say nothing. */
const GENERIC_MESSAGE = /^(test failure|failure|error|failed|)$/i

/**
 * Collects one failure's text as it streams in, holding at most its beginning, its
 * end, the current line and the frames seen so far, however long the text is.
 */
export class FailureText {
  private head = ''
  private tail = ''
  private length = 0
  private currentLine = ''
  private lineTooLong = false
  /** path → line, in order of last appearance, so the deepest frame is last. */
  private readonly frames = new Map<string, number>()
  /** The last `SomeError: message` line: what a traceback ends with. */
  private exception: string | undefined

  add(text: string): void {
    this.length += text.length
    if (this.head.length < EXCERPT_HEAD + EXCERPT_TAIL) {
      this.head += text.slice(0, EXCERPT_HEAD + EXCERPT_TAIL - this.head.length)
    }
    this.tail = (this.tail + text.slice(-EXCERPT_TAIL)).slice(-EXCERPT_TAIL)
    let start = 0
    for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', start)) {
      this.extendLine(text.slice(start, newline))
      this.endLine()
      start = newline + 1
    }
    this.extendLine(text.slice(start))
  }

  finish(): { excerpt: string; frames: FailureFrame[]; exception: string | undefined } {
    this.endLine()
    let excerpt = this.head
    if (this.length > EXCERPT_HEAD + EXCERPT_TAIL) {
      const omitted = this.length - EXCERPT_HEAD - EXCERPT_TAIL
      excerpt = `${this.head.slice(0, EXCERPT_HEAD)}\n… (${omitted} characters left out) …\n${this.tail}`
    }
    const frames = [...this.frames].reverse().map(([path, line]) => ({ path, line }))
    return { excerpt: excerpt.trim(), frames, exception: this.exception }
  }

  private extendLine(part: string): void {
    if (this.lineTooLong) return
    if (this.currentLine.length + part.length > MAX_FRAME_LINE) {
      this.lineTooLong = true
      this.currentLine = ''
      return
    }
    this.currentLine += part
  }

  private endLine(): void {
    if (!this.lineTooLong) {
      const exception = EXCEPTION_LINE.exec(this.currentLine.trim())?.[1]
      if (exception !== undefined) this.exception = exception.length > 500 ? `${exception.slice(0, 499)}…` : exception
      const match = TRACEBACK_FRAME.exec(this.currentLine) ?? LOCATION_FRAME.exec(this.currentLine)
      if (match?.[1] !== undefined && match[2] !== undefined) {
        const line = Number(match[2])
        if (line > 0) this.remember(match[1], line)
      }
    }
    this.currentLine = ''
    this.lineTooLong = false
  }

  private remember(path: string, line: number): void {
    this.frames.delete(path)
    this.frames.set(path, line)
    if (this.frames.size > MAX_FRAME_PATHS) {
      const oldest = this.frames.keys().next()
      if (oldest.done !== true) this.frames.delete(oldest.value)
    }
  }
}

interface OpenTestCase {
  depth: number
  classname: string | undefined
  name: string
  file: string | undefined
  line: number | undefined
  failure: { kind: 'failure' | 'error'; message: string } | undefined
  /** The first <flakyFailure>/<flakyError>: failed, then passed on a rerun (Surefire's format). */
  flaky: { kind: 'failure' | 'error'; message: string } | undefined
  skipped: boolean
  text: FailureText | undefined
}

const ROOTS = new Set(['testsuites', 'testsuite'])

function attribute(tag: SaxesTagPlain, name: string): string | undefined {
  const value = tag.attributes[name]
  return value === undefined || value === '' ? undefined : value
}

function firstLine(text: string | undefined): string {
  return (text ?? '').trim().split('\n')[0]?.trim() ?? ''
}

/**
 * The line a testcase's `line` attribute means, 1-based: pytest (its testsuite is
 * named "pytest") writes the 0-based line of the test function, other producers
 * (unittest-xml-reporting) the 1-based one.
 */
function testcaseLine(value: string | undefined, suiteName: string | undefined): number | undefined {
  if (value === undefined || !/^\d+$/.test(value)) return undefined
  const line = Number(value) + (suiteName === 'pytest' ? 1 : 0)
  return line >= 1 ? line : undefined
}

/** Reads one JUnit XML file as a stream; throws ReportError when it is not one. */
export async function parseJUnit(file: string, options: JUnitOptions = {}): Promise<JUnitReport> {
  const maxFailures = options.maxFailures ?? DEFAULT_MAX_FAILURES
  let indexBudget = options.maxIndexBytes ?? DEFAULT_MAX_INDEX_BYTES
  const report: JUnitReport = {
    total: 0,
    passed: 0,
    failed: 0,
    skipped: 0,
    failures: [],
    unlistedFailures: 0,
    flaky: 0,
    flakyCases: [],
    failureIndex: [],
    unindexedFailures: 0
  }
  const testId = (open: OpenTestCase): string =>
    open.classname !== undefined ? `${open.classname}.${open.name}` : open.file !== undefined ? `${open.file}::${open.name}` : open.name
  const describe = (open: OpenTestCase, outcome: { kind: 'failure' | 'error'; message: string }, text: FailureText): FailedTestCase => {
    const { excerpt, frames, exception } = text.finish()
    const id = testId(open)
    // A message that says nothing gives way to the exception line the traceback ends with.
    const message = GENERIC_MESSAGE.test(outcome.message) && exception !== undefined ? exception : outcome.message
    return { id, classname: open.classname, name: open.name, kind: outcome.kind, message, excerpt, frames, file: open.file, line: open.line }
  }
  const suiteNames: Array<string | undefined> = []
  let depth = 0
  let testcase: OpenTestCase | undefined
  /** Depth of the <failure>/<error> whose text is being collected. */
  let collecting: number | undefined

  const closeTestCase = (open: OpenTestCase): void => {
    report.total++
    if (open.failure !== undefined) {
      report.failed++
      const described = open.text !== undefined ? describe(open, open.failure, open.text) : undefined
      const message = described?.message ?? open.failure.message
      const line = `${cut(testId(open))} (${open.failure.kind})${message !== '' ? `: ${cut(message)}` : ''}`
      if (line.length <= indexBudget) {
        report.failureIndex.push(detach(line))
        indexBudget -= line.length
      } else {
        report.unindexedFailures++
        indexBudget = 0
      }
      if (report.failures.length >= maxFailures || described === undefined) {
        report.unlistedFailures++
        return
      }
      report.failures.push(described)
    } else if (open.skipped) {
      report.skipped++
    } else {
      report.passed++
      if (open.flaky !== undefined) {
        report.flaky++
        if (report.flakyCases.length < maxFailures) report.flakyCases.push(describe(open, open.flaky, open.text ?? new FailureText()))
      }
    }
  }

  await streamXml(file, {
    opentag(tag) {
      depth++
      if (depth === 1 && !ROOTS.has(tag.name)) {
        throw new ReportError(`is not a JUnit XML report: its root element is <${excerpt(tag.name)}>, not <testsuites> or <testsuite>`)
      }
      if (tag.name === 'testsuite') {
        suiteNames.push(attribute(tag, 'name'))
      } else if (tag.name === 'testcase' && testcase === undefined) {
        testcase = {
          depth,
          classname: attribute(tag, 'classname'),
          name: attribute(tag, 'name') ?? '(unnamed)',
          file: attribute(tag, 'file'),
          line: testcaseLine(attribute(tag, 'line'), suiteNames.at(-1)),
          failure: undefined,
          flaky: undefined,
          skipped: false,
          text: undefined
        }
      } else if (testcase !== undefined && depth === testcase.depth + 1) {
        if (tag.name === 'failure' || tag.name === 'error') {
          if (testcase.failure === undefined) {
            testcase.failure = {
              kind: tag.name,
              message: firstLine(attribute(tag, 'message') ?? attribute(tag, 'type'))
            }
          }
          // Every failure's text is read (for its exception line); only a bounded part is kept.
          testcase.text ??= new FailureText()
          collecting = depth
        } else if ((tag.name === 'flakyFailure' || tag.name === 'flakyError') && testcase.flaky === undefined && testcase.failure === undefined) {
          testcase.flaky = { kind: tag.name === 'flakyError' ? 'error' : 'failure', message: firstLine(attribute(tag, 'message') ?? attribute(tag, 'type')) }
          if (report.flakyCases.length < maxFailures) {
            testcase.text ??= new FailureText()
            collecting = depth
          }
        } else if (tag.name === 'skipped') {
          testcase.skipped = true
        }
      }
    },
    closetag(tag) {
      if (collecting === depth) collecting = undefined
      if (testcase !== undefined && depth === testcase.depth) {
        closeTestCase(testcase)
        testcase = undefined
      } else if (tag.name === 'testsuite') {
        suiteNames.pop()
      }
      depth--
    },
    wantText: () => collecting !== undefined,
    text(text) {
      testcase?.text?.add(text)
    }
  })
  return report
}
