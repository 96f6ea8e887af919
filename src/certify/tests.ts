// The `tests` check: JUnit XML reports must show a pass rate of at least min-pass-rate.
import type { Annotation, CertificationCheck } from '../types.js'
import { parseJUnit, type FailedTestCase, type JUnitReport } from './junit.js'
import { RepositoryPaths } from './report-paths.js'
import { ReportError, asReportProblem, displayPath, formatPercent, reportFilesOf, type ReportContext } from './reports.js'

const INPUT = 'junit-xml'
/**
 * Failures annotated: a step shows 10 per kind, but the check run takes them all (50 per request), so
 * enough for a bad day; describing tens of thousands would only cost memory and API requests.
 */
export const MAX_ANNOTATED_FAILURES = 500
const MAX_ANNOTATION_MESSAGE = 4096
/** The list of every failed test, for the job summary (whose limit is 1 MiB). */
const MAX_INDEX_BYTES = 512 * 1024

function check(status: CertificationCheck['status'], message: string, extra: Partial<CertificationCheck> = {}): CertificationCheck {
  return { name: 'tests', status, message, annotations: [], metrics: {}, details: [], ...extra }
}

export async function checkTests(options: { patterns: string; minPassRate: number }, ctx: ReportContext): Promise<CertificationCheck> {
  if (options.patterns.trim() === '') return check('skip', `no JUnit report given (input '${INPUT}')`)

  const found = await reportFilesOf(INPUT, options.patterns, 'did the test step write its report there (pytest --junitxml=PATH)?', ctx)
  if ('problem' in found) return check('fail', found.problem)
  const { files } = found

  const totals = { total: 0, passed: 0, failed: 0, skipped: 0, flaky: 0 }
  const failures: FailedTestCase[] = []
  const index: string[] = []
  let unindexed = 0
  let indexBudget = MAX_INDEX_BYTES
  const flaky: FailedTestCase[] = []
  let unlisted = 0
  const details: string[] = []
  const problems: Array<{ file: string; error: ReportError }> = []
  for (const file of files) {
    let report: JUnitReport
    try {
      report = await parseJUnit(file, { maxFailures: MAX_ANNOTATED_FAILURES - failures.length, maxIndexBytes: Math.max(0, indexBudget) })
    } catch (error) {
      problems.push({ file, error: asReportProblem(error) })
      continue
    }
    ctx.logger.info(`tests: ${displayPath(file, ctx.workspace)}: ${counts(report)}`)
    totals.total += report.total
    totals.passed += report.passed
    totals.failed += report.failed
    totals.skipped += report.skipped
    totals.flaky += report.flaky
    failures.push(...report.failures)
    const prefix = files.length > 1 ? `${displayPath(file, ctx.workspace)}: ` : ''
    for (const line of report.failureIndex) {
      index.push(`${prefix}${line}`)
      indexBudget -= line.length
    }
    unindexed += report.unindexedFailures
    flaky.push(...report.flakyCases.slice(0, MAX_ANNOTATED_FAILURES - flaky.length))
    unlisted += report.unlistedFailures
    details.push(`${displayPath(file, ctx.workspace)}: ${counts(report)}`)
  }

  const paths = new RepositoryPaths(ctx.workspace, ctx.projectDir)
  if (problems.length > 0) return malformed(problems, paths, ctx)

  const executed = totals.total - totals.skipped
  const metrics = { ...totals }
  if (executed === 0) {
    const why = totals.total === 0 ? 'hold no test cases' : `hold only skipped tests (${totals.skipped})`
    return check('fail', `the JUnit reports ${why}; no test was executed`, { metrics, details: several(details) })
  }
  const passRate = (totals.passed / executed) * 100
  const passed = passRate >= options.minPassRate
  const flakyNote = totals.flaky > 0 ? `, ${totals.flaky} flaky: passed only on a rerun` : ''
  const message =
    `${formatPercent(passRate, options.minPassRate)} of ${totals.total} tests passed ` +
    `(${totals.failed} failed, ${totals.skipped} skipped${flakyNote}); minimum ${options.minPassRate}%`
  const annotations = [
    ...failures.map(failure => annotate(failure, paths, passed ? 'warning' : 'error')),
    ...flaky.map(test => {
      const annotation = annotate(test, paths, 'warning')
      return { ...annotation, title: `Flaky: ${annotation.title ?? test.id}`, message: `passed only on a rerun; it first failed with:\n${annotation.message}` }
    })
  ]
  const extra = several(details)
  if (unlisted > 0) extra.push(`${unlisted} more failed tests are counted but not annotated`)
  // A flaky test does not fail the gate, but it is something to fix.
  return check(!passed ? 'fail' : totals.flaky > 0 ? 'warn' : 'pass', message, {
    annotations,
    ...(index.length + unindexed > 0 ? { list: { title: `${totals.failed} failed tests`, items: index, more: unindexed } } : {}),
    metrics: { passRate, ...metrics },
    details: extra
  })
}

function counts(report: JUnitReport): string {
  const flaky = report.flaky > 0 ? ` (${report.flaky} flaky)` : ''
  return `${report.total} tests, ${report.passed} passed${flaky}, ${report.failed} failed, ${report.skipped} skipped`
}

/** Per-file lines only say something when there are several files. */
function several(details: string[]): string[] {
  return details.length > 1 ? details : []
}

function malformed(problems: Array<{ file: string; error: ReportError }>, paths: RepositoryPaths, ctx: ReportContext): CertificationCheck {
  const lines = problems.map(({ file, error }) => `JUnit report ${displayPath(file, ctx.workspace)} ${error.message}`)
  const annotations: Annotation[] = problems.map(({ file, error }) => {
    const inRepository = paths.locate(file) !== undefined
    return {
      level: 'error',
      title: 'Unreadable JUnit report',
      message: `${displayPath(file, ctx.workspace)} ${error.message}; pass a JUnit XML file as written by pytest --junitxml (input '${INPUT}')`,
      ...(inRepository ? { file: paths.relative(file), line: error.line } : {})
    }
  })
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more unreadable reports)` : ''
  return check('fail', `${lines[0]}${more}`, { annotations, details: problems.length > 1 ? lines : [] })
}

/** Where a failure points: the deepest frame in the repository, the testcase's file/line, or its module. */
function locateFailure(failure: FailedTestCase, paths: RepositoryPaths): { file?: string; line?: number } {
  for (const frame of failure.frames) {
    const found = paths.locate(frame.path)
    if (found !== undefined) return { file: paths.relative(found), line: frame.line }
  }
  if (failure.file !== undefined) {
    const found = paths.locate(failure.file)
    if (found !== undefined) return { file: paths.relative(found), line: failure.line }
  }
  if (failure.classname !== undefined) {
    // tests.test_mod.TestCls → tests/test_mod/TestCls.py, tests/test_mod.py, tests.py
    const parts = failure.classname.split('.')
    for (let length = parts.length; length >= 1; length--) {
      const found = paths.locate(`${parts.slice(0, length).join('/')}.py`)
      if (found !== undefined) return { file: paths.relative(found) }
    }
  }
  return {}
}

function annotate(failure: FailedTestCase, paths: RepositoryPaths, level: 'error' | 'warning'): Annotation {
  let message = [failure.message, failure.excerpt].filter(part => part !== '').join('\n\n')
  if (message === '') message = `test ${failure.kind === 'error' ? 'errored' : 'failed'} without a message`
  if (message.length > MAX_ANNOTATION_MESSAGE) message = `${message.slice(0, MAX_ANNOTATION_MESSAGE - 1)}…`
  const { file, line } = locateFailure(failure, paths)
  return {
    level,
    title: failure.id,
    message,
    ...(file !== undefined ? { file } : {}),
    ...(file !== undefined && line !== undefined ? { line } : {})
  }
}
