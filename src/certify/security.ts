// The `security` check: findings from pip-audit JSON, bandit JSON and SARIF 2.1.0 (any
// scanner), told apart by content, gate the release at `fail-on-severity`. With
// `security-scan: bandit` and no report, the action runs bandit on the sources itself.
import { readFile, rm, stat } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as exec from '@actions/exec'
import { findFiles } from './globs.js'
import type { Annotation, CertificationCheck } from '../types.js'
import { normalizeName, requirementName } from '../names.js'
import { RepositoryPaths } from './report-paths.js'
import { ReportError, asReportProblem, displayPath, errorMessage, excerpt, jsonSyntaxProblem, reportFilesOf, type ReportContext } from './reports.js'
import { runnerTempDir } from '../env.js'

const INPUT = 'security-report'

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const
export type Severity = (typeof SEVERITIES)[number]
export const FAIL_ON_SEVERITIES = [...SEVERITIES, 'none'] as const
export type FailOnSeverity = (typeof FAIL_ON_SEVERITIES)[number]
export const SECURITY_SCANS = ['none', 'bandit'] as const
export type SecurityScan = (typeof SECURITY_SCANS)[number]

export type SecurityFormat = 'pip-audit' | 'bandit' | 'sarif'

export interface SecurityFinding {
  /** The scanner: pip-audit, bandit, or a SARIF run's tool name. */
  tool: string
  /** The vulnerability or rule id (PYSEC-…, GHSA-…, B602, py/sql-injection). */
  id: string
  /** Every id the finding answers to for `ignore-vulns` (the id, its aliases). */
  ids: string[]
  /** undefined: the scanner grades nothing (pip-audit), so the finding fails at any threshold but none. */
  severity: Severity | undefined
  confidence?: string
  /** One line: what was found. */
  summary: string
  /** The file as the report names it, and the 1-based line. */
  path?: string
  line?: number
  /** pip-audit: the vulnerable dependency. */
  dependency?: { name: string; version: string; fixVersions: string[] }
}

export interface SecurityReport {
  format: SecurityFormat
  findings: SecurityFinding[]
  /** Things the report says it could not check (skipped dependencies, files bandit could not parse, no runs). */
  gaps: string[]
  /** Tool names, for the summary. */
  tools: string[]
}

export interface SecurityOptions {
  patterns: string
  failOnSeverity: FailOnSeverity
  ignoreVulns: string[]
  scan: SecurityScan
  python: string
  /** The project's name, to find its import package for a bandit scan. */
  projectName: string | undefined
}

/** Reports larger than this are refused rather than parsed whole. */
const MAX_REPORT_BYTES = 256 * 1024 * 1024
/** Findings described in annotations; the rest are counted. */
const MAX_LISTED = 200
/** Findings listed in the job summary (a line each; the summary is cut at 1 MiB anyway). */
const MAX_LISTED_IN_SUMMARY = 5000

function check(status: CertificationCheck['status'], message: string, extra: Partial<CertificationCheck> = {}): CertificationCheck {
  return { name: 'security', status, message, annotations: [], metrics: {}, details: [], ...extra }
}

// ---- parsing -----------------------------------------------------------------

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
type JsonObject = { [key: string]: Json }

const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value)
const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined)
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [])

export async function parseSecurityReport(file: string): Promise<SecurityReport> {
  const info = await stat(file)
  if (info.size === 0) throw new ReportError('is empty')
  if (info.size > MAX_REPORT_BYTES) throw new ReportError(`is ${info.size} bytes; security reports over ${MAX_REPORT_BYTES} bytes are not read`)
  let text = (await readFile(file)).toString('utf8')
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1)
  if (text.trim() === '') throw new ReportError('is empty')
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    const trimmed = text.trimStart()
    const what = trimmed.startsWith('<') ? 'is XML, not JSON' : 'is not valid JSON'
    throw new ReportError(
      `${what} (${jsonSyntaxProblem(error)}; it begins '${excerpt(text)}'); pass pip-audit JSON (-f json), bandit JSON (-f json) or SARIF 2.1.0`
    )
  }
  if (Array.isArray(data) && data.every(item => isObject(item) && typeof item.name === 'string')) return parsePipAudit(data)
  if (isObject(data)) {
    if (Array.isArray(data.runs) || data.runs === null || /sarif/i.test(str(data.$schema) ?? '')) return parseSarif(data)
    if (Array.isArray(data.dependencies)) return parsePipAudit(data.dependencies)
    if (Array.isArray(data.results) && (isObject(data.metrics) || 'generated_at' in data || 'errors' in data)) return parseBandit(data)
  }
  throw new ReportError(
    'is JSON but neither pip-audit JSON (a "dependencies" list), bandit JSON ("results" and "metrics") nor SARIF 2.1.0 ("version" and "runs")'
  )
}

/** pip-audit `-f json`: {dependencies: [{name, version, vulns: [{id, fix_versions, aliases?, description?}]} | {name, skip_reason}], fixes}; before 2.0 the bare list. */
function parsePipAudit(dependencies: Json[]): SecurityReport {
  const findings: SecurityFinding[] = []
  const gaps: string[] = []
  for (const dependency of dependencies) {
    if (!isObject(dependency)) throw new ReportError('has a dependency entry that is not an object')
    const name = str(dependency.name)
    if (name === undefined) throw new ReportError('has a dependency without a "name"')
    const skip = str(dependency.skip_reason)
    if (skip !== undefined) {
      gaps.push(`pip-audit skipped ${name}: ${skip}`)
      continue
    }
    const version = str(dependency.version) ?? '?'
    if (dependency.vulns !== undefined && !Array.isArray(dependency.vulns)) throw new ReportError(`has "vulns" of ${name} that is not a list`)
    for (const vuln of (dependency.vulns as Json[] | undefined) ?? []) {
      if (!isObject(vuln) || str(vuln.id) === undefined) throw new ReportError(`has a vulnerability of ${name} without an "id"`)
      const id = vuln.id as string
      const aliases = strings(vuln.aliases)
      const fixVersions = strings(vuln.fix_versions)
      const fix = fixVersions.length > 0 ? `fixed in ${fixVersions.join(', ')}` : 'no fixed version published'
      const also = aliases.length > 0 ? ` (${aliases.join(', ')})` : ''
      findings.push({
        tool: 'pip-audit',
        id,
        ids: [id, ...aliases],
        severity: undefined,
        summary: `${name} ${version}: ${id}${also}; ${fix}`,
        dependency: { name, version, fixVersions }
      })
    }
  }
  return { format: 'pip-audit', findings, gaps, tools: ['pip-audit'] }
}

const BANDIT_SEVERITY: Record<string, Severity> = { LOW: 'low', MEDIUM: 'medium', HIGH: 'high', CRITICAL: 'critical' }

/** bandit `-f json`: {errors: [{filename, reason}], results: [{filename, line_number, test_id, test_name, issue_severity, issue_confidence, issue_text, more_info}]}. */
function parseBandit(data: JsonObject): SecurityReport {
  const findings: SecurityFinding[] = []
  for (const result of data.results as Json[]) {
    if (!isObject(result)) throw new ReportError('has a result that is not an object')
    const id = str(result.test_id)
    if (id === undefined) throw new ReportError('has a result without a "test_id"')
    const severityText = (str(result.issue_severity) ?? '').toUpperCase()
    const name = str(result.test_name)
    const line = typeof result.line_number === 'number' && result.line_number > 0 ? result.line_number : undefined
    findings.push({
      tool: 'bandit',
      id,
      ids: [id, ...(name ? [name] : [])],
      // UNDEFINED (a plugin that sets none) is graded low: listed, not gating.
      severity: BANDIT_SEVERITY[severityText] ?? 'low',
      confidence: str(result.issue_confidence)?.toLowerCase(),
      summary: `${id}${name ? ` (${name})` : ''}: ${str(result.issue_text) ?? 'issue'}${str(result.more_info) ? ` ${result.more_info}` : ''}`,
      path: str(result.filename),
      line
    })
  }
  const gaps = (Array.isArray(data.errors) ? data.errors : []).map(error =>
    isObject(error) ? `bandit could not scan ${str(error.filename) ?? '?'}: ${str(error.reason) ?? 'error'}` : 'bandit reported an error'
  )
  return { format: 'bandit', findings, gaps, tools: ['bandit'] }
}

/** CVSS v3 bands, as GitHub code scanning grades `security-severity`. */
export function severityFromScore(score: number): Severity {
  if (score >= 9) return 'critical'
  if (score >= 7) return 'high'
  if (score >= 4) return 'medium'
  return 'low'
}

const SARIF_LEVEL: Record<string, Severity> = { error: 'high', warning: 'medium', note: 'low', none: 'low' }

function securitySeverity(properties: Json | undefined): number | undefined {
  if (!isObject(properties)) return undefined
  const value = properties['security-severity']
  const score = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN
  return Number.isFinite(score) ? score : undefined
}

/** SARIF 2.1.0 (OASIS): runs[].tool.driver.rules, runs[].results with ruleId/ruleIndex, level, locations, suppressions. */
function parseSarif(data: JsonObject): SecurityReport {
  const version = str(data.version)
  if (version !== '2.1.0') throw new ReportError(`is SARIF version ${excerpt(JSON.stringify(data.version ?? null))}; only SARIF 2.1.0 is read`)
  if (!Array.isArray(data.runs)) throw new ReportError('is SARIF with "runs": null: the scanner failed before it ran')
  const findings: SecurityFinding[] = []
  const gaps: string[] = []
  const tools: string[] = []
  if (data.runs.length === 0) gaps.push('the SARIF file holds no runs: no scanner result is in it')
  data.runs.forEach((run, runIndex) => {
    if (!isObject(run) || !isObject(run.tool) || !isObject(run.tool.driver)) throw new ReportError(`has run ${runIndex} without tool.driver`)
    const driver = run.tool.driver
    const tool = str(driver.name) ?? 'SARIF'
    if (!tools.includes(tool)) tools.push(tool)
    const rules: JsonObject[] = [driver, ...(Array.isArray(run.tool.extensions) ? run.tool.extensions : [])].flatMap(component =>
      isObject(component) && Array.isArray(component.rules) ? component.rules.filter(isObject) : []
    )
    const driverRules = Array.isArray(driver.rules) ? driver.rules : []
    const baseIds = isObject(run.originalUriBaseIds) ? run.originalUriBaseIds : {}
    const artifacts = Array.isArray(run.artifacts) ? run.artifacts : []
    if (run.results === null || run.results === undefined) {
      gaps.push(`${tool} (run ${runIndex}) has no results list: it did not finish its scan`)
      return
    }
    if (!Array.isArray(run.results)) throw new ReportError(`has run ${runIndex} whose "results" is not a list`)
    for (const result of run.results) {
      if (!isObject(result)) throw new ReportError(`has a result in run ${runIndex} that is not an object`)
      // Only failures are findings (kind defaults to fail); accepted suppressions hide a result.
      const kind = str(result.kind) ?? 'fail'
      if (kind !== 'fail') continue
      if (str(result.baselineState) === 'absent') continue
      const suppressions = Array.isArray(result.suppressions) ? result.suppressions : []
      if (suppressions.length > 0 && suppressions.every(s => isObject(s) && (s.status === undefined || s.status === 'accepted'))) continue

      const ruleRef = isObject(result.rule) ? result.rule : {}
      const ruleIndex = typeof result.ruleIndex === 'number' ? result.ruleIndex : typeof ruleRef.index === 'number' ? ruleRef.index : undefined
      const ruleId = str(result.ruleId) ?? str(ruleRef.id)
      let rule: JsonObject | undefined
      if (ruleIndex !== undefined && !isObject(ruleRef.toolComponent) && isObject(driverRules[ruleIndex])) rule = driverRules[ruleIndex] as JsonObject
      rule ??= ruleId !== undefined ? rules.find(candidate => candidate.id === ruleId) : undefined
      const id = ruleId ?? str(rule?.id) ?? 'unnamed-rule'
      const score = securitySeverity(result.properties) ?? securitySeverity(rule?.properties)
      const defaults = isObject(rule?.defaultConfiguration) ? rule.defaultConfiguration : {}
      const level = str(result.level) ?? str(defaults.level) ?? 'warning'
      const severity = score !== undefined ? severityFromScore(score) : (SARIF_LEVEL[level] ?? 'medium')
      const message = isObject(result.message) ? (str(result.message.text) ?? str(result.message.markdown)) : undefined
      const ruleText = isObject(rule?.shortDescription) ? str(rule.shortDescription.text) : undefined
      const location = sarifLocation(result, baseIds, artifacts)
      const confidence = isObject(result.properties) ? (str(result.properties.confidence) ?? str(result.properties.precision)) : undefined
      findings.push({
        tool,
        id,
        ids: [id, ...(str(rule?.name) ? [rule!.name as string] : [])],
        severity,
        confidence: confidence ?? (isObject(rule?.properties) ? str(rule.properties.precision) : undefined),
        summary: `${id}: ${firstLine(message ?? ruleText ?? 'finding')}${score !== undefined ? ` (security-severity ${score})` : ''}`,
        ...location
      })
    }
  })
  return { format: 'sarif', findings, gaps, tools }
}

function firstLine(text: string): string {
  const line = text.trim().split('\n')[0] ?? ''
  return line.length > 500 ? `${line.slice(0, 499)}…` : line
}

/** A result's first physical location: its URI resolved through uriBaseId, as a path, and its start line. */
function sarifLocation(result: JsonObject, baseIds: JsonObject, artifacts: Json[]): { path?: string; line?: number } {
  const locations = Array.isArray(result.locations) ? result.locations : []
  const physical = isObject(locations[0]) && isObject(locations[0].physicalLocation) ? locations[0].physicalLocation : undefined
  if (physical === undefined) return {}
  let artifact = isObject(physical.artifactLocation) ? physical.artifactLocation : undefined
  if (artifact && str(artifact.uri) === undefined && typeof artifact.index === 'number') {
    const listed = artifacts[artifact.index]
    if (isObject(listed) && isObject(listed.location)) artifact = listed.location
  }
  const region = isObject(physical.region) ? physical.region : {}
  const line = typeof region.startLine === 'number' && region.startLine > 0 ? region.startLine : undefined
  const uri = artifact ? str(artifact.uri) : undefined
  if (uri === undefined) return line !== undefined ? { line } : {}
  return { path: resolveUri(uri, artifact ? str(artifact.uriBaseId) : undefined, baseIds), ...(line !== undefined ? { line } : {}) }
}

function resolveUri(uri: string, baseId: string | undefined, baseIds: JsonObject, depth = 0): string {
  if (/^file:/i.test(uri)) {
    try {
      return fileURLToPath(uri)
    } catch {
      return decodeURIComponent(uri.replace(/^file:\/*/i, '/'))
    }
  }
  let path = uri
  try {
    path = decodeURIComponent(uri)
  } catch {
    // a stray % stays as written
  }
  const base = baseId !== undefined ? baseIds[baseId] : undefined
  if (isObject(base) && depth < 8) {
    const baseUri = str(base.uri)
    if (baseUri !== undefined) {
      const prefix = resolveUri(baseUri, str(base.uriBaseId), baseIds, depth + 1)
      return prefix === '' ? path : `${prefix.replace(/\/?$/, '/')}${path}`
    }
  }
  return path
}

// ---- gating ------------------------------------------------------------------

const rank = (severity: Severity): number => SEVERITIES.indexOf(severity)

/** Whether a finding fails the gate at the threshold; pip-audit's ungraded findings fail at any threshold but none. */
export function gates(finding: SecurityFinding, threshold: FailOnSeverity): boolean {
  if (threshold === 'none') return false
  if (finding.severity === undefined) return true
  return rank(finding.severity) >= rank(threshold)
}

export async function checkSecurity(options: SecurityOptions, ctx: ReportContext): Promise<CertificationCheck> {
  const given = options.patterns.trim() !== ''
  if (!given && options.scan === 'none') {
    return check('skip', `no security report given (input '${INPUT}') and no scan asked for (input 'security-scan')`)
  }
  const paths = new RepositoryPaths(ctx.workspace, ctx.projectDir)
  const reports: Array<{ file: string; shown: string; report: SecurityReport }> = []
  const problems: string[] = []
  const problemAnnotations: Annotation[] = []
  if (given) {
    const found = await reportFilesOf(
      INPUT,
      options.patterns,
      'did the scan step write its report there (pip-audit -f json -o PATH, bandit -f json -o PATH, a SARIF file)?',
      ctx
    )
    if ('problem' in found) return check('fail', found.problem)
    for (const file of found.files) {
      const shown = displayPath(file, ctx.workspace)
      try {
        reports.push({ file, shown, report: await parseSecurityReport(file) })
      } catch (error) {
        const problem = `security report ${shown} ${asReportProblem(error).message}`
        problems.push(problem)
        const located = paths.locate(file)
        problemAnnotations.push({
          level: 'error',
          title: 'Unreadable security report',
          message: `${problem} (input '${INPUT}')`,
          ...(located ? { file: paths.relative(located) } : {})
        })
      }
    }
  } else {
    const scanned = await runBandit(options, ctx)
    if ('problem' in scanned) return check('fail', scanned.problem)
    reports.push({ file: '', shown: 'bandit scan', report: scanned.report })
  }
  if (problems.length > 0) {
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more unreadable reports)` : ''
    return check('fail', `${problems[0]}${more}`, { annotations: problemAnnotations, details: problems.length > 1 ? problems : [] })
  }

  const ignores = new Map(options.ignoreVulns.map(id => [id.toUpperCase(), { id, used: 0 }]))
  const kept: SecurityFinding[] = []
  let ignored = 0
  for (const { report } of reports) {
    for (const finding of report.findings) {
      const matches = finding.ids.map(id => ignores.get(id.toUpperCase())).filter(entry => entry !== undefined)
      if (matches.length > 0) {
        for (const entry of matches) entry.used++
        ignored++
        continue
      }
      kept.push(finding)
    }
  }
  const failing = kept.filter(finding => gates(finding, options.failOnSeverity))
  const below = kept.filter(finding => !gates(finding, options.failOnSeverity))
  const stale = [...ignores.values()].filter(entry => entry.used === 0).map(entry => entry.id)
  const gaps = reports.flatMap(({ shown, report }) => report.gaps.map(gap => `${shown}: ${gap}`))

  const declarations = new DependencyDeclarations(ctx.projectDir, paths)
  const annotations: Annotation[] = []
  for (const finding of [...failing, ...below].slice(0, MAX_LISTED)) {
    annotations.push(await annotate(finding, gates(finding, options.failOnSeverity) ? 'error' : 'warning', paths, declarations))
  }
  for (const id of stale) {
    annotations.push({
      level: 'warning',
      title: 'Stale ignore',
      message: `input 'ignore-vulns': '${id}' matched no finding in the security reports; remove it so that it cannot hide a future one`
    })
  }
  for (const gap of gaps) annotations.push({ level: 'warning', title: 'Not fully scanned', message: gap })

  const tools = [...new Set(reports.flatMap(({ report }) => report.tools))]
  const threshold = options.failOnSeverity === 'none' ? 'never fails (fail-on-severity: none)' : `fails at ${options.failOnSeverity} and above`
  const counts =
    (kept.length === 0 ? 'no findings' : `${kept.length} findings (${failing.length} at or above the threshold, ${below.length} below)`) +
    (ignored > 0 ? `, ${ignored} ignored` : '')
  const message = `${counts} from ${tools.join(', ') || 'no scanner'} in ${reports.length} report${reports.length === 1 ? '' : 's'}; ${threshold}`
  const details = [
    ...reports.map(({ shown, report }) => `${shown}: ${report.format} (${report.tools.join(', ')}), ${report.findings.length} findings`),
    ...stale.map(id => `stale ignore: '${id}' matched no finding`),
    ...gaps
  ]
  const metrics = { findings: kept.length, failing: failing.length, below: below.length, ignored }
  const status = failing.length > 0 ? 'fail' : below.length > 0 || stale.length > 0 || gaps.length > 0 ? 'warn' : 'pass'
  const listed = [...failing, ...below].slice(0, MAX_LISTED_IN_SUMMARY)
  const list = {
    title: `${kept.length} findings`,
    items: listed.map(finding => `${gates(finding, options.failOnSeverity) ? '❌' : '⚠️'} ${describe(finding)}`),
    more: kept.length - listed.length
  }
  return check(status, message, { annotations, metrics, details, ...(kept.length > 0 ? { list } : {}) })
}

function describe(finding: SecurityFinding): string {
  const grade = finding.severity !== undefined ? `${finding.severity}${finding.confidence ? `, confidence ${finding.confidence}` : ''}` : 'known vulnerability'
  const where = finding.path !== undefined ? ` at ${finding.path}${finding.line !== undefined ? `:${finding.line}` : ''}` : ''
  return `${finding.tool} ${finding.summary} [${grade}]${where}`
}

async function annotate(
  finding: SecurityFinding,
  level: 'error' | 'warning',
  paths: RepositoryPaths,
  declarations: DependencyDeclarations
): Promise<Annotation> {
  let file: string | undefined
  let line = finding.line
  if (finding.dependency !== undefined) {
    const declared = await declarations.find(finding.dependency.name)
    if (declared) ({ file, line } = declared)
  } else if (finding.path !== undefined) {
    const located = paths.locate(finding.path)
    if (located !== undefined) file = paths.relative(located)
  }
  let message: string
  let title: string
  if (finding.dependency !== undefined) {
    const { name, version, fixVersions } = finding.dependency
    title = `Vulnerable dependency ${name} ${version}`
    const fix = fixVersions.length > 0 ? `upgrade to ${fixVersions.join(' or ')}` : 'no fixed version is published'
    message = `${name} ${version} has ${finding.ids.join(' / ')}: ${fix}. To accept the risk, add ${finding.id} to input 'ignore-vulns'.`
  } else {
    const grade = `severity ${finding.severity}${finding.confidence ? `, confidence ${finding.confidence}` : ''}`
    title = `${finding.tool} ${finding.id} (${grade})`
    message = `${finding.summary}${file === undefined && finding.path !== undefined ? ` (${finding.path}${finding.line ? `:${finding.line}` : ''})` : ''}`
  }
  return { level, title, message, ...(file !== undefined ? { file, ...(line !== undefined ? { line } : {}) } : {}) }
}

// ---- where a dependency is declared --------------------------------------------

/** Finds the line of pyproject.toml or a requirements file that declares a dependency. */
class DependencyDeclarations {
  private files: Promise<Array<{ path: string; lines: string[] }>> | undefined

  constructor(
    private readonly projectDir: string,
    private readonly paths: RepositoryPaths
  ) {}

  async find(name: string): Promise<{ file: string; line: number } | undefined> {
    const wanted = normalizeName(name)
    for (const { path, lines } of await this.load()) {
      const isToml = path.endsWith('.toml')
      let table = ''
      for (let i = 0; i < lines.length; i++) {
        const text = lines[i]!
        const header = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$/.exec(text)
        if (header) table = header[1]!
        if (isToml) {
          // "name>=1.0" / 'name[extra]; marker' in a dependency list
          for (const match of text.matchAll(/["']\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?=[[<>=!~;@ "',]|$)/g)) {
            if (normalizeName(match[1]!) === wanted && !/^\s*(name|version|description|requires-python)\s*=/.test(text)) {
              return { file: this.paths.relative(path), line: i + 1 }
            }
          }
          // name = "^1.0" under a table of dependencies (Poetry, PDM)
          const key = /^\s*["']?([A-Za-z0-9][A-Za-z0-9._-]*)["']?\s*=/.exec(text)
          if (key && /dependencies/i.test(table) && normalizeName(key[1]!) === wanted) return { file: this.paths.relative(path), line: i + 1 }
        } else {
          const requirement = requirementName(text.replace(/#.*/, ''))
          if (requirement !== undefined && normalizeName(requirement) === wanted) return { file: this.paths.relative(path), line: i + 1 }
        }
      }
    }
    return undefined
  }

  private load(): Promise<Array<{ path: string; lines: string[] }>> {
    this.files ??= (async () => {
      // bounded, inside the project, and through no link out of it
      const scope = { cwd: this.projectDir, root: this.projectDir }
      const found = await Promise.all(
        ['requirements*.txt', 'requirements/*.txt', '*requirements*.in'].map(pattern =>
          findFiles(pattern, scope).then(
            result => result.files.map(file => file.path),
            () => []
          )
        )
      )
      const paths = [join(this.projectDir, 'pyproject.toml'), ...found.flat().sort()]
      const loaded: Array<{ path: string; lines: string[] }> = []
      for (const path of [...new Set(paths)]) {
        try {
          loaded.push({ path, lines: (await readFile(path, 'utf8')).split(/\r?\n/) })
        } catch {
          // not there
        }
      }
      return loaded
    })()
    return this.files
  }
}

// ---- security-scan: bandit -----------------------------------------------------

/** What bandit scans: src/, else the import package named after the project, else the project minus tests and environments. */
export function banditTargets(projectDir: string, projectName: string | undefined): { targets: string[]; exclude: string[] } {
  if (existsSync(join(projectDir, 'src'))) return { targets: ['src'], exclude: [] }
  if (projectName !== undefined) {
    const module = projectName.toLowerCase().replace(/[-.]+/g, '_')
    for (const candidate of [module, `${module}.py`]) {
      if (existsSync(join(projectDir, candidate))) return { targets: [candidate], exclude: [] }
    }
  }
  const exclude = ['tests', 'test', 'docs', '.venv', 'venv', '.tox', '.nox', 'build', 'dist', 'node_modules'].map(dir => `./${dir}`)
  return { targets: ['.'], exclude }
}

async function runBandit(options: SecurityOptions, ctx: ReportContext): Promise<{ report: SecurityReport } | { problem: string }> {
  const { targets, exclude } = banditTargets(ctx.projectDir, options.projectName)
  const dir = await runnerTempDir(process.env.RUNNER_TEMP, 'bandit-')
  const out = join(dir, 'bandit.json')
  const args = ['-m', 'bandit', '-r', ...targets, '-f', 'json', '-o', out, '-q', ...(exclude.length > 0 ? ['-x', exclude.join(',')] : [])]
  ctx.logger.info(`security: ${options.python} ${args.join(' ')} (in ${displayPath(ctx.projectDir, ctx.workspace)})`)
  try {
    let result: exec.ExecOutput
    try {
      result = await exec.getExecOutput(options.python, args, { cwd: ctx.projectDir, silent: true, ignoreReturnCode: true })
    } catch (error) {
      return { problem: `input 'security-scan' is bandit, but the interpreter '${options.python}' (input 'python') could not be run: ${errorMessage(error)}` }
    }
    if (/No module named bandit/.test(result.stderr)) {
      return {
        problem: `input 'security-scan' is bandit, but bandit is not installed for '${options.python}' (input 'python'): run '${options.python} -m pip install bandit' first`
      }
    }
    // bandit exits 1 when it finds issues; anything else without a report is a failed scan.
    if (!existsSync(out) || (result.exitCode !== 0 && result.exitCode !== 1)) {
      const tail = result.stderr.trim().split('\n').slice(-10).join('\n')
      return { problem: `input 'security-scan': bandit exited with code ${result.exitCode} and wrote no report${tail ? `:\n${tail}` : ''}` }
    }
    try {
      const report = await parseSecurityReport(out)
      // bandit names files relative to where it ran: the project directory.
      for (const finding of report.findings) if (finding.path !== undefined) finding.path = resolve(ctx.projectDir, finding.path)
      return { report }
    } catch (error) {
      return { problem: `input 'security-scan': bandit's report ${asReportProblem(error).message}` }
    }
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}
