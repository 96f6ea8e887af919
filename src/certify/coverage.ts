// The `coverage` check: line coverage from Cobertura XML, coverage.py JSON or LCOV
// (told apart by content) must reach min-coverage. Every format is read down to its
// per-line data, so one coverage.py run gives the same figure in all three, and
// several reports merge as the union of covered lines per file.
import { createReadStream } from 'node:fs'
import { open, readFile } from 'node:fs/promises'
import { posix } from 'node:path'
import { createInterface } from 'node:readline'
import type { CertificationCheck, CoverageGap } from '../types.js'
import { RepositoryPaths } from './report-paths.js'
import {
  ReportError,
  asReportProblem,
  detach,
  displayPath,
  errorMessage,
  excerpt,
  formatPercent,
  jsonSyntaxProblem,
  reportFilesOf,
  streamXml,
  type ReportContext
} from './reports.js'

const INPUT = 'coverage-report'
/** Files the job summary names as the least covered: the first places to add a test. */
export const WORST_FILES = 5
/** Ranges of missed lines listed per file; the rest are counted. */
const MISSING_RANGES = 20

export type CoverageFormat = 'cobertura' | 'coverage.py json' | 'lcov'

/** Line number → covered. */
export type LineCoverage = Map<number, boolean>
/**
 * Branch → covered, keyed the way the format names a branch: coverage.py JSON by arc
 * (`a:14>16`), LCOV by `l:line,block,branch`, Cobertura (which records only counts per line) by
 * `c:line#i` with the covered ones first, so that a union of Cobertura reports is the best run per line.
 * The formats name branches differently, so reports of different formats for one file are not
 * united: the format that covers most of its branches counts (see branchTotals).
 */
export type BranchCoverage = Map<string, boolean>

export interface FileCoverage {
  /** Paths the report may mean, best guess first (Cobertura: each <source> joined with the filename). */
  candidates: string[]
  lines: LineCoverage
  /** Absent when the report has no branch data for the file. */
  branches?: BranchCoverage
}

export interface CoverageReport {
  format: CoverageFormat
  files: FileCoverage[]
}

function check(status: CertificationCheck['status'], message: string, extra: Partial<CertificationCheck> = {}): CertificationCheck {
  return { name: 'coverage', status, message, annotations: [], metrics: {}, details: [], ...extra }
}

export async function checkCoverage(
  options: { patterns: string; minCoverage: number; minBranchCoverage?: number },
  ctx: ReportContext
): Promise<CertificationCheck> {
  if (options.patterns.trim() === '') return check('skip', `no coverage report given (input '${INPUT}')`)

  const found = await reportFilesOf(
    INPUT,
    options.patterns,
    'did the test step write its report there (pytest --cov-report=xml:PATH, coverage json/xml/lcov -o PATH)?',
    ctx
  )
  if ('problem' in found) return check('fail', found.problem)
  const { files } = found

  const paths = new RepositoryPaths(ctx.workspace, ctx.projectDir)
  const merged = new Map<string, { path: string; inRepository: boolean; lines: LineCoverage; branches?: BranchCoverage }>()
  const details: string[] = []
  const problems: string[] = []
  for (const file of files) {
    const shown = displayPath(file, ctx.workspace)
    let report: CoverageReport
    try {
      report = await parseCoverage(file)
    } catch (error) {
      problems.push(`coverage report ${shown} ${asReportProblem(error).message}`)
      continue
    }
    const own = totalsOf(report.files.map(entry => entry.lines))
    const ownBranches = report.files.some(entry => entry.branches !== undefined)
      ? branchTotals(report.files.flatMap(entry => (entry.branches ? [entry.branches] : [])))
      : undefined
    const line =
      `${shown}: ${report.format}, ${report.files.length} files, ${own.covered}/${own.valid} lines` +
      (ownBranches ? `, ${ownBranches.covered}/${ownBranches.valid} branches` : '')
    ctx.logger.info(`coverage: ${line}`)
    details.push(line)
    for (const entry of report.files) {
      const found = locateFile(entry.candidates, paths)
      const key = found ?? `?${entry.candidates[0] ?? ''}`
      const target = merged.get(key) ?? {
        path: found ?? entry.candidates[0] ?? '',
        inRepository: found !== undefined,
        lines: new Map<number, boolean>(),
        branches: undefined as BranchCoverage | undefined
      }
      // A line is covered when any run covered it (the union of partial runs).
      for (const [number, covered] of entry.lines) target.lines.set(number, covered || target.lines.get(number) === true)
      if (entry.branches !== undefined) {
        target.branches ??= new Map()
        for (const [branch, covered] of entry.branches) target.branches.set(branch, covered || target.branches.get(branch) === true)
      }
      merged.set(key, target)
    }
  }
  if (problems.length > 0) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more unreadable reports)` : ''
    return check('fail', `${problems[0]}${more}`, { details: problems.length > 1 ? problems : [] })
  }

  const { covered, valid } = totalsOf([...merged.values()].map(entry => entry.lines))
  const extra = details.length > 1 ? details : []
  if (valid === 0) {
    return check('fail', 'the coverage reports measure no lines; was coverage collected for the right package (--cov=PACKAGE)?', {
      metrics: { linesCovered: 0, linesValid: 0 },
      details: extra
    })
  }
  const coverage = (covered / valid) * 100
  const metrics: Record<string, number> = { coverage, linesCovered: covered, linesValid: valid }
  const worstFiles = worstCovered([...merged.values()], paths)
  const minBranch = options.minBranchCoverage ?? 0
  let message = `${formatPercent(coverage, options.minCoverage)} line coverage (${covered}/${valid} lines); ` + `minimum ${options.minCoverage}%`
  const withBranches = [...merged.values()].filter(entry => entry.branches !== undefined)
  let branchShort = false
  if (withBranches.length > 0) {
    const branches = branchTotals(withBranches.map(entry => entry.branches!))
    // No branch at all (straight-line code) is complete branch coverage, as coverage.py counts it.
    const branchCoverage = branches.valid === 0 ? 100 : (branches.covered / branches.valid) * 100
    Object.assign(metrics, { branchCoverage, branchesCovered: branches.covered, branchesValid: branches.valid })
    message +=
      `; ${formatPercent(branchCoverage, minBranch)} branch coverage (${branches.covered}/${branches.valid} branches)` +
      (minBranch > 0 ? `, minimum ${minBranch}%` : '')
    branchShort = branchCoverage < minBranch
  } else if (minBranch > 0) {
    message += `; the reports have no branch data, so input 'min-branch-coverage' (${minBranch}%) cannot be met: measure branches (coverage run --branch, pytest --cov-branch)`
    branchShort = true
  }
  if (coverage < options.minCoverage || branchShort) return check('fail', message, { metrics, details: extra, worstFiles })

  const inProject = [...merged.values()].some(entry => entry.inRepository && paths.inProject(entry.path))
  if (!inProject) {
    const example = [...merged.values()][0]?.path ?? ''
    const project = ctx.projectDir === ctx.workspace ? '.' : displayPath(ctx.projectDir, ctx.workspace)
    const warning =
      `None of the ${merged.size} files in the coverage report (such as '${example}') is a file of the project in ` +
      `'${project}'. Was the report made from another project, or with ` +
      'the wrong --cov/source setting?'
    return check('warn', `${message}; but no file in the report belongs to the project`, {
      metrics,
      details: extra,
      worstFiles,
      annotations: [{ level: 'warning', title: 'Coverage report does not match the project', message: warning }]
    })
  }
  return check('pass', message, { metrics, details: extra, worstFiles })
}

/** The files with the lowest line coverage (then the most lines missed), at most WORST_FILES, only those with a line missed. */
function worstCovered(files: Array<{ path: string; inRepository: boolean; lines: LineCoverage }>, paths: RepositoryPaths): CoverageGap[] {
  return files
    .map(file => ({ file, ...totalsOf([file.lines]) }))
    .filter(({ covered, valid }) => covered < valid)
    .map(({ file, covered, valid }) => ({
      path: file.inRepository ? paths.relative(file.path) : file.path,
      inRepository: file.inRepository,
      covered,
      valid,
      lines: file.lines
    }))
    .sort((a, b) => a.covered / a.valid - b.covered / b.valid || b.valid - b.covered - (a.valid - a.covered) || (a.path < b.path ? -1 : 1))
    .slice(0, WORST_FILES)
    .map(({ lines, ...gap }) => ({ ...gap, missing: missingRanges(lines) }))
}

/**
 * The missed lines as coverage.py's report prints them (coverage/results.py, format_lines): a range runs over
 * consecutive measured lines, so the blank lines and comments between two missed statements do not split it
 * (`12-15` when 12, 13 and 15 were missed and 14 is no statement). At most MISSING_RANGES ranges; the rest are counted.
 */
export function missingRanges(lines: LineCoverage): string {
  const ranges: string[] = []
  let start: number | undefined
  let end = 0
  const close = (): void => {
    if (start !== undefined) ranges.push(start === end ? String(start) : `${start}-${end}`)
    start = undefined
  }
  for (const number of [...lines.keys()].sort((a, b) => a - b)) {
    if (lines.get(number) === true) close()
    else {
      start ??= number
      end = number
    }
  }
  close()
  const more = ranges.length - MISSING_RANGES
  return more > 0 ? `${ranges.slice(0, MISSING_RANGES).join(', ')}, … (${more} more ranges)` : ranges.join(', ')
}

function totalsOf(tables: Array<Map<unknown, boolean>>): { covered: number; valid: number } {
  let covered = 0
  let valid = 0
  for (const lines of tables) {
    valid += lines.size
    for (const hit of lines.values()) if (hit) covered++
  }
  return { covered, valid }
}

/** Branch totals over files; a file with branch data from several formats counts the format that covers most. */
function branchTotals(tables: BranchCoverage[]): { covered: number; valid: number } {
  let covered = 0
  let valid = 0
  for (const table of tables) {
    const byFormat = new Map<string, { covered: number; valid: number }>()
    for (const [key, hit] of table) {
      const totals = byFormat.get(key[0]!) ?? { covered: 0, valid: 0 }
      totals.valid++
      if (hit) totals.covered++
      byFormat.set(key[0]!, totals)
    }
    const best = [...byFormat.values()].sort((a, b) => b.covered - a.covered || b.valid - a.valid)[0]
    covered += best?.covered ?? 0
    valid += best?.valid ?? 0
  }
  return { covered, valid }
}

function locateFile(candidates: string[], paths: RepositoryPaths): string | undefined {
  for (const candidate of candidates) {
    const found = paths.locate(candidate)
    if (found !== undefined) return found
  }
  return undefined
}

// ---- reading the three formats -------------------------------------------------

/** Reads one coverage report, whatever its format; throws ReportError when it is none of them. */
export async function parseCoverage(file: string): Promise<CoverageReport> {
  const format = await detectFormat(file)
  switch (format) {
    case 'coverage.py json':
      return { format, files: await parseCoveragePyJson(file) }
    case 'cobertura':
      return { format, files: await parseCobertura(file) }
    case 'lcov':
      return { format, files: await parseLcov(file) }
  }
}

export async function detectFormat(file: string): Promise<CoverageFormat> {
  let start: string
  try {
    const handle = await open(file, 'r')
    try {
      const buffer = Buffer.alloc(4096)
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0)
      start = buffer
        .subarray(0, bytesRead)
        .toString('utf8')
        .replace(/^\uFEFF/, '')
        .trimStart()
    } finally {
      await handle.close()
    }
  } catch (error) {
    throw new ReportError(`cannot be read: ${errorMessage(error)}`)
  }
  if (start === '') throw new ReportError('is empty')
  if (start.startsWith('{')) return 'coverage.py json'
  if (start.startsWith('<')) return 'cobertura'
  if (/^(TN|SF|VER):/.test(start)) return 'lcov'
  throw new ReportError('is in no format this action reads: expected Cobertura XML (coverage xml), coverage.py JSON (coverage json) or LCOV (coverage lcov)')
}

/**
 * coverage.py 6.x on Python 3.11+ also lists a module docstring's line as executed, though
 * it is no statement: its JSON has one more executed line than `num_statements`, its LCOV one
 * more DA line than `LF` (and LH > LF), while its Cobertura lists statements only. The module
 * docstring comes before every statement, so the surplus is the lowest executed lines, ahead
 * of any missed one; drop those, and all three formats of a run agree again.
 */
function dropNonStatements(lines: LineCoverage, statements: number | undefined): void {
  if (statements === undefined || !Number.isInteger(statements) || lines.size <= statements) return
  const numbers = [...lines.keys()].sort((a, b) => a - b)
  const surplus = numbers.slice(0, lines.size - statements)
  if (surplus.every(line => lines.get(line) === true)) for (const line of surplus) lines.delete(line)
}

function isLineNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value > 0
}

/** coverage.py JSON: measured lines are executed_lines ∪ missing_lines (percent_covered mixes in branches). */
export async function parseCoveragePyJson(file: string): Promise<FileCoverage[]> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw new ReportError(`cannot be read: ${errorMessage(error)}`)
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new ReportError(`is not valid JSON: ${jsonSyntaxProblem(error)}; it begins '${excerpt(text)}'`)
  }
  const files = (data as { files?: unknown } | null)?.files
  if (typeof files !== 'object' || files === null || Array.isArray(files)) {
    throw new ReportError("is not a coverage.py JSON report: it has no 'files' object")
  }
  const result: FileCoverage[] = []
  for (const [path, entry] of Object.entries(files as Record<string, unknown>)) {
    const { executed_lines: executed, missing_lines: missing } = (entry ?? {}) as Record<string, unknown>
    if (!Array.isArray(executed) || !Array.isArray(missing) || ![...executed, ...missing].every(isLineNumber)) {
      throw new ReportError(`is not a coverage.py JSON report: file '${excerpt(path)}' lacks executed_lines/missing_lines line numbers`)
    }
    const lines: LineCoverage = new Map()
    for (const line of missing as number[]) lines.set(line, false)
    for (const line of executed as number[]) lines.set(line, true)
    const summary = (entry as Record<string, unknown>).summary as Record<string, unknown> | undefined
    dropNonStatements(lines, typeof summary?.num_statements === 'number' ? summary.num_statements : undefined)
    const { executed_branches: taken, missing_branches: notTaken } = (entry ?? {}) as Record<string, unknown>
    // Present only when coverage ran with --branch.
    if (Array.isArray(taken) && Array.isArray(notTaken)) {
      const branches: BranchCoverage = new Map()
      const arc = (value: unknown): string => {
        if (!Array.isArray(value) || value.length !== 2 || !value.every(n => Number.isInteger(n))) {
          throw new ReportError(`is not a coverage.py JSON report: file '${excerpt(path)}' has a branch that is not a [from, to] pair`)
        }
        return `a:${value[0]}>${value[1]}`
      }
      for (const branch of notTaken) branches.set(arc(branch), false)
      for (const branch of taken) branches.set(arc(branch), true)
      // coverage.py 6.x on Python 3.11+ also lists a comprehension's inner loop arc (n→n) as an
      // executed branch without counting it in num_branches (its LCOV puts it at line 0, its
      // Cobertura leaves it out): drop such arcs while there are more arcs than branches.
      const counted = summary?.num_branches
      if (typeof counted === 'number' && branches.size > counted) {
        const inner = [...branches.keys()].filter(key => {
          const [from, to] = key.slice(2).split('>')
          return from === to && branches.get(key) === true
        })
        for (const key of inner.slice(0, branches.size - counted)) branches.delete(key)
      }
      result.push({ candidates: [path], lines, branches })
    } else {
      result.push({ candidates: [path], lines })
    }
  }
  return result
}

/** Cobertura XML, streamed: <line number hits> of each <class>; filenames are relative to the <source> roots. */
export async function parseCobertura(file: string): Promise<FileCoverage[]> {
  const sources: string[] = []
  const byFilename = new Map<string, LineCoverage>()
  const branchesOf = new Map<string, BranchCoverage>()
  const stack: string[] = []
  let source: string | undefined
  let lines: LineCoverage | undefined
  let branches: BranchCoverage | undefined

  await streamXml(file, {
    opentag(tag) {
      if (stack.length === 0 && tag.name !== 'coverage') {
        throw new ReportError(`is not a Cobertura coverage report: its root element is <${excerpt(tag.name)}>, not <coverage>`)
      }
      const parent = stack.at(-1)
      stack.push(tag.name)
      if (tag.name === 'source' && parent === 'sources') {
        source = ''
      } else if (tag.name === 'class') {
        // detached: a slice would keep the whole read chunk it came from alive
        const filename = tag.attributes.filename === undefined ? undefined : detach(tag.attributes.filename)
        if (filename === undefined || filename === '') throw new ReportError('has a <class> without a filename')
        lines = byFilename.get(filename) ?? new Map()
        byFilename.set(filename, lines)
        branches = branchesOf.get(filename) ?? new Map()
        branchesOf.set(filename, branches)
      } else if (tag.name === 'line' && parent === 'lines' && stack.at(-3) === 'class' && lines !== undefined) {
        // <class><lines><line>: the per-file lines (<method><lines> repeats some of them)
        const number = Number(tag.attributes.number)
        const hits = Number(tag.attributes.hits)
        if (!isLineNumber(number) || Number.isNaN(hits)) {
          throw new ReportError(`has a <line> without a valid number and hits (number="${excerpt(tag.attributes.number ?? '')}")`)
        }
        lines.set(number, hits > 0 || lines.get(number) === true)
        // condition-coverage="50% (1/2)" on a line with branch="true"
        const condition = /\((\d+)\/(\d+)\)/.exec(tag.attributes['condition-coverage'] ?? '')
        if (tag.attributes.branch === 'true' && condition && branches !== undefined) {
          const [taken, total] = [Number(condition[1]), Number(condition[2])]
          for (let i = 0; i < total; i++) branches.set(`c:${number}#${i}`, i < taken || branches.get(`c:${number}#${i}`) === true)
        }
      }
    },
    closetag(tag) {
      stack.pop()
      if (tag.name === 'source' && source !== undefined) {
        if (source.trim() !== '') sources.push(detach(source.trim()))
        source = undefined
      } else if (tag.name === 'class') {
        lines = undefined
        branches = undefined
      }
    },
    wantText: () => source !== undefined,
    text(text) {
      // a path, not a novel: a <source> longer than this is not one
      if (source !== undefined && source.length < 8192) source += text
    }
  })
  // Cobertura says branch-rate for every file; only branch="true" lines carry data.
  const hasBranches = [...branchesOf.values()].some(table => table.size > 0)
  return [...byFilename].map(([filename, table]) => ({
    candidates: [...sources.map(root => joinReportPath(root, filename)), filename],
    lines: table,
    ...(hasBranches ? { branches: branchesOf.get(filename) } : {})
  }))
}

/** Joins a report's root and a path as the report's machine would (it may not be this one). */
function joinReportPath(root: string, path: string): string {
  const normalized = path.replace(/\\/g, '/')
  if (normalized.startsWith('/') || /^[A-Za-z]:\//.test(normalized)) return normalized
  return posix.join(root.replace(/\\/g, '/'), normalized)
}

/** LCOV: DA:<line>,<hits>[,<checksum>] under each SF:<path>. */
export async function parseLcov(file: string): Promise<FileCoverage[]> {
  const byPath = new Map<string, LineCoverage>()
  const branchesOf = new Map<string, BranchCoverage>()
  let lines: LineCoverage | undefined
  let branches: BranchCoverage | undefined
  let branchesMeasured = false
  let lineNumber = 0
  const input = createReadStream(file, { encoding: 'utf8' })
  const reader = createInterface({ input, crlfDelay: Infinity })
  try {
    for await (const raw of reader) {
      lineNumber++
      const record = raw.trim()
      if (record.startsWith('SF:')) {
        const path = detach(record.slice(3))
        lines = byPath.get(path) ?? new Map()
        byPath.set(path, lines)
        branches = branchesOf.get(path) ?? new Map()
        branchesOf.set(path, branches)
      } else if (record.startsWith('LF:') && lines !== undefined) {
        dropNonStatements(lines, Number(record.slice(3)))
      } else if (record === 'end_of_record') {
        lines = undefined
        branches = undefined
      } else if (record.startsWith('BRF:')) {
        branchesMeasured = true
      } else if (record.startsWith('BRDA:')) {
        // BRDA:<line>,<block>,<branch>,<taken: count or ->
        const fields = record.slice(5).split(',')
        const taken = fields.at(-1)
        // coverage.py 6.x writes a comprehension's inner loop arc as a branch at line 0, outside its BRF count
        if (fields[0] === '0') continue
        if (branches === undefined || fields.length < 4 || taken === undefined || (taken !== '-' && Number.isNaN(Number(taken)))) {
          throw new ReportError(`is not valid LCOV: line ${lineNumber}: '${excerpt(record)}' is not BRDA:<line>,<block>,<branch>,<taken>`, lineNumber)
        }
        const key = `l:${fields.slice(0, -1).join(',')}`
        branches.set(key, (taken !== '-' && Number(taken) > 0) || branches.get(key) === true)
      } else if (record.startsWith('DA:')) {
        const [line, hits] = record.slice(3).split(',')
        const number = Number(line)
        const count = Number(hits)
        if (lines === undefined) throw new ReportError(`is not valid LCOV: line ${lineNumber}: DA outside an SF record`, lineNumber)
        if (!isLineNumber(number) || hits === undefined || hits === '' || Number.isNaN(count)) {
          throw new ReportError(`is not valid LCOV: line ${lineNumber}: '${excerpt(record)}' is not DA:<line>,<hits>`, lineNumber)
        }
        lines.set(number, count > 0 || lines.get(number) === true)
      }
    }
  } catch (error) {
    if (error instanceof ReportError) throw error
    throw new ReportError(`cannot be read: ${errorMessage(error)}`)
  } finally {
    reader.close()
    input.destroy()
  }
  if (byPath.size === 0) throw new ReportError('is not valid LCOV: it has no SF: records')
  const hasBranches = branchesMeasured || [...branchesOf.values()].some(table => table.size > 0)
  return [...byPath].map(([path, table]) => ({
    candidates: [path],
    lines: table,
    ...(hasBranches ? { branches: branchesOf.get(path) } : {})
  }))
}
