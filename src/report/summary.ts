// The job summary: "did it ship, and if not why" in the first screenful, then one section per stage that ran.
// Order, top to bottom: the outcome heading (mark, project, version, where it went or why not) and its links;
// the stages, each with its mark; the failing tests with file:line linked to the commit; the other failed
// checks; the least covered files with the lines missed (here when coverage failed, else after the certification
// table); the full list of failures (collapsed); the certification table and each check's details (collapsed);
// the build (collapsed, short digests, the full ones in their own collapsed block), or in a job that receives other
// jobs' files, what each artifact's manifest says (job, runner, certification, expect-wheels); preflight; publish.
// Every piece of outside text goes through one Writer: absolute runner paths made relative, then escaped.
import { fileURLToPath } from 'node:url'
import type { PipelineResult, ReceivedSource, StageOutcome } from '../outcome.js'
import type { ManifestCertificationStatus } from '../build/manifest.js'
import type { Annotation, CertificationCheck, CheckStatus, CoverageGap, PublishResult, PublishStatus } from '../types.js'
import { withoutAddresses } from './annotations.js'
import { htmlText, markdownBlock, markdownCode, markdownLink, markdownTable, markdownText, markdownUrl } from './markdown.js'

/** What the summary reads of the runner's environment (a RunnerEnvironment fits): where paths are, and the commit for links. */
export interface SummaryContext {
  /** GITHUB_WORKSPACE: paths under it are shown relative to it. */
  workspace?: string
  /** RUNNER_TEMP: paths under it are shown as `$RUNNER_TEMP/…`. */
  runnerTemp?: string
  /** GITHUB_SERVER_URL, GITHUB_REPOSITORY and GITHUB_SHA: a failing test's file:line links to the file at the commit. */
  serverUrl?: string
  repository?: string
  sha?: string
}

export interface SummaryOptions {
  /** The most bytes the summary may take (default SUMMARY_LIMIT). */
  limit?: number
  env?: SummaryContext
}

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`
}

/** GitHub refuses a step summary over 1 MiB; we stay under it with room for the note that says what was cut. */
export const SUMMARY_LIMIT = 1024 * 1024 - 4 * 1024
/** Failing tests listed at the top; the rest are in the collapsed list below them and in the annotations. */
export const TOP_FAILURES = 30
/** Hex digits of a digest in a table: enough to tell files apart and compare by eye; the full digest is in a details block. */
const SHORT_DIGEST = 12
/** A failure's message at the top: its first line, cut here (the annotation and the log have all of it). */
const MESSAGE_CHARS = 200

const CHECK_MARK: Record<CheckStatus, string> = { pass: '✅ pass', fail: '❌ fail', warn: '⚠️ warn', skip: '⏭️ skip' }
const PUBLISH_MARK: Record<PublishStatus, string> = { published: '✅ published', skipped: '✅ already there', failed: '❌ failed' }
const STAGE_MARK: Record<StageOutcome['status'], string> = { ok: '✅', failed: '❌', skipped: '⏭️', 'not-run': '➖' }
const MANIFEST_CERTIFICATION_MARK: Record<ManifestCertificationStatus, string> = {
  PASS: '✅ PASS',
  PARTIAL: '⚠️ PARTIAL',
  FAIL: '❌ FAIL',
  'NOT-RUN': '➖ not run'
}
const TARGET_LINK: Record<string, string> = { pypi: 'PyPI', testpypi: 'TestPyPI', github: 'GitHub Release' }

/**
 * Outside text as the summary shows it: absolute paths of the runner made relative (the workspace's to the
 * repository root, RUNNER_TEMP's to `$RUNNER_TEMP/…`), then escaped by the one function for its kind.
 */
class Writer {
  private readonly roots: Array<{ root: string; as: string }>

  constructor(private readonly env: SummaryContext) {
    const roots = [
      { root: env.workspace, as: '' },
      { root: env.runnerTemp, as: '$RUNNER_TEMP/' }
    ].flatMap(({ root, as }) => (root && root.replace(/[\\/]+$/, '').length > 1 ? [{ root: root.replace(/[\\/]+$/, ''), as }] : []))
    // the longer root first: one may hold the other (a workspace inside RUNNER_TEMP in a test, a container's layout)
    this.roots = roots.sort((a, b) => b.root.length - a.root.length)
  }

  /** `text` with the runner's absolute paths made relative. */
  relative(text: string): string {
    let shown = text
    for (const { root, as } of this.roots) {
      const quoted = root.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
      shown = shown.replace(new RegExp(`(?:file://)?${quoted}[\\\\/]`, 'g'), as)
      shown = shown.replace(new RegExp(`(?:file://)?${quoted}(?![\\w.-])`, 'g'), as === '' ? '.' : '$RUNNER_TEMP')
    }
    return shown
  }

  /** Prose from outside (a message, a reason); `midLine` after other text on its line or in a table cell. */
  text(text: string, midLine = false): string {
    return markdownText(this.relative(text), { midLine })
  }

  /** A name or a path from outside, in a code span. */
  code(text: string, inTable = false): string {
    return markdownCode(this.relative(text), { inTable })
  }

  /** Text inside `<summary>`. */
  html(text: string): string {
    return htmlText(this.relative(text))
  }

  /** The file at the commit, at the line: undefined without a repository and commit, or for a path outside the repository. */
  blobUrl(file: string, line: number | undefined): string | undefined {
    const { repository, sha } = this.env
    if (!repository || !sha || file.startsWith('/') || file.split('/').includes('..') || /^[a-zA-Z]:/.test(file)) return undefined
    const server = (this.env.serverUrl ?? 'https://github.com').replace(/\/+$/, '')
    const path = file.split('/').map(encodeURIComponent).join('/')
    return `${server}/${repository}/blob/${sha}/${path}${line ? `#L${line}` : ''}`
  }

  /** `file:line` in a code span, linked to the file at the commit when known. */
  location(annotation: Annotation): string {
    if (!annotation.file) return ''
    const label = this.code(annotation.line ? `${annotation.file}:${annotation.line}` : annotation.file)
    return markdownLink(label, this.blobUrl(annotation.file, annotation.line))
  }
}

/** The job summary, never longer than the limit in bytes: long lists are cut, with a note, to fit. */
export function renderSummary(result: PipelineResult, options: SummaryOptions = {}): string {
  const limit = options.limit ?? SUMMARY_LIMIT
  const w = new Writer(options.env ?? {})
  const head = renderHead(result, w)
  const tail = renderTail(result, w)
  const lists = (result.certification?.checks ?? []).flatMap(check => (check.list ? [{ check: check.name, list: check.list }] : []))
  let budget = limit - Buffer.byteLength(head) - Buffer.byteLength(tail) - 2
  const sections: string[] = []
  for (const { check, list } of lists) {
    const open = `<details><summary>${w.html(check)}: ${w.html(list.title)}</summary>\n\n`
    const close = '\n\n</details>\n'
    const note = (more: number): string => `\n- … and ${more} more, not listed (the job summary is limited to 1 MiB)`
    budget -= Buffer.byteLength(open) + Buffer.byteLength(close) + Buffer.byteLength(note(list.items.length + list.more)) + 1
    if (budget < 0) break
    const items: string[] = []
    for (const item of list.items) {
      const line = `- ${w.text(withoutAddresses(item))}\n`
      const size = Buffer.byteLength(line)
      if (size > budget) break
      budget -= size
      items.push(line)
    }
    const more = list.items.length - items.length + list.more
    sections.push(`${open}${items.join('').trimEnd()}${more > 0 ? note(more) : ''}${close}`)
  }
  return [head, ...sections, tail].filter(part => part !== '').join('\n')
}

/** The first screenful: the outcome, where it went, the stages, and what failed. */
function renderHead(result: PipelineResult, w: Writer): string {
  const parts: string[] = [`## ${outcomeLine(result, w)}`]
  const where = destinations(result, w)
  if (where.length > 0) parts.push(`Published to ${where.join(' · ')}`)
  if (!result.ok && result.stages.every(s => s.status === 'not-run')) {
    const error = result.annotations.find(a => a.level === 'error')
    const why = error ? `: ${w.text(error.title ? `${error.title}: ${error.message}` : error.message, true)}` : '.'
    parts.push(`❌ The release stopped before any stage ran${why}`)
  }
  if (result.stages.length > 0)
    parts.push(
      markdownTable(
        ['Stage', 'Outcome'],
        result.stages.map(s => [
          `${STAGE_MARK[s.status]} ${stageName(s, result)}`,
          s.status === 'not-run' ? 'not run (an earlier stage failed)' : `${s.status}: ${w.text(stageMessage(s), true)}`
        ])
      )
    )
  const checks = result.certification?.checks ?? []
  const tests = failingTests(checks)
  if (tests.length > 0) {
    const total = checks.find(c => c.name === 'tests')?.metrics['failed'] ?? tests.length
    const items = tests
      .slice(0, TOP_FAILURES)
      .map(a => `- ${[w.location(a), `${w.code(a.title ?? 'test')}:`, w.text(withoutAddresses(firstLine(a.message)), true)].filter(Boolean).join(' ')}`)
    const more = total - Math.min(tests.length, TOP_FAILURES)
    if (more > 0) items.push(`- … and ${more} more failing tests: the list below, the annotations and the log have them all`)
    parts.push(`### ❌ Failing tests (${total})\n\n${items.join('\n')}`)
  }
  const failed = checks.filter(c => c.status === 'fail' && !(c.name === 'tests' && tests.length > 0))
  if (failed.length > 0) {
    const items = failed.map(c => {
      const found = c.annotations.filter(a => a.level === 'error').slice(0, 5)
      const nested = found.map(
        a => `  - ${[w.location(a), a.title ? `${w.text(a.title, true)}:` : '', w.text(firstLine(a.message), true)].filter(Boolean).join(' ')}`
      )
      return [`- ${w.code(c.name)}: ${w.text(c.message, true)}`, ...nested].join('\n')
    })
    parts.push(`### ❌ Failed checks\n\n${items.join('\n')}`)
  }
  const coverage = checks.find(c => c.name === 'coverage')
  if (coverage?.status === 'fail' && coverage.worstFiles?.length) parts.push(renderCoverageGaps(coverage.worstFiles, w, '❌ '))
  return `${parts.join('\n\n')}\n`
}

/** The least covered files: each linked to its first missed line at the commit, its coverage, and the lines missed. */
function renderCoverageGaps(gaps: CoverageGap[], w: Writer, mark = ''): string {
  const rows = gaps.map(gap => {
    const first = Number(/^\d+/.exec(gap.missing)?.[0]) || undefined
    // floored: 99.96% is not shown as 100.0%
    const percent = Math.floor((gap.covered / gap.valid) * 1000) / 10
    return [
      markdownLink(w.code(gap.path, true), gap.inRepository ? w.blobUrl(gap.path, first) : undefined),
      `${percent.toFixed(1)}% (${gap.covered}/${gap.valid} lines)`,
      w.code(gap.missing, true)
    ]
  })
  const title = gaps.length === 1 ? 'the least covered file' : `the ${gaps.length} least covered files`
  return `### ${mark}Coverage: ${title}\n\n${markdownTable(['File', 'Coverage', 'Lines missed'], rows)}`
}

/** The details: certification, build, preflight, publish. */
function renderTail(result: PipelineResult, w: Writer): string {
  const parts: string[] = []
  const certification = result.certification
  if (certification) {
    const mark = certification.status === 'PASS' ? '✅' : certification.status === 'FAIL' ? '❌' : '⚠️'
    parts.push(`### ${mark} Certification: ${certification.status}`)
    parts.push(
      markdownTable(
        ['Check', 'Status', 'Result'],
        // check names are this action's own (tests, coverage, …): plain words
        certification.checks.map(c => [w.text(c.name, true), CHECK_MARK[c.status], w.text(c.message, true)])
      )
    )
    const coverage = certification.checks.find(c => c.name === 'coverage')
    if (coverage && coverage.status !== 'fail' && coverage.worstFiles?.length) parts.push(renderCoverageGaps(coverage.worstFiles, w))
    for (const check of certification.checks.filter(c => c.details.length > 0)) {
      parts.push(`<details><summary>${w.html(check.name)}</summary>\n\n${check.details.map(d => `- ${w.text(d)}`).join('\n')}\n\n</details>`)
    }
  }
  if (result.build) parts.push(...renderBuild(result, w))
  if (result.preflights.length > 0) {
    parts.push('### Preflight')
    parts.push(
      markdownTable(
        ['Target', 'Ready', 'Result'],
        result.preflights.map(p => [p.target, p.ready ? '✅ ready' : '❌ not ready', w.text(p.message, true)])
      )
    )
  }
  if (result.published.length > 0) {
    parts.push('### Publish')
    parts.push(
      markdownTable(
        ['Target', 'Status', 'Where', 'Files'],
        result.published.map(p => [
          p.target,
          PUBLISH_MARK[p.status],
          [place(p, w, true), p.message ? w.text(p.message, true) : '', provenanceCell(p, w)].filter(Boolean).join('; '),
          p.files.map(file => (p.skipped.includes(file) ? `${w.code(file, true)} (already there)` : w.code(file, true))).join(', ')
        ])
      )
    )
  }
  return parts.length > 0 ? `${parts.join('\n\n')}\n` : ''
}

/** The build, collapsed: short digests in the table, the full ones in their own block (as in SHA256SUMS). */
function renderBuild(result: PipelineResult, w: Writer): string[] {
  const build = result.build!
  const formats = ['sdist', 'wheel'].flatMap(format => {
    const count = build.artifacts.filter(a => a.format === format).length
    return count > 0 ? [`${count} ${format}${count > 1 ? 's' : ''}`] : []
  })
  const from = build.received ? `, received from ${build.received}` : ''
  const rows = build.artifacts.map(a => [
    w.code(a.filename, true),
    a.format,
    formatSize(a.size),
    String(a.contents?.files ?? ''),
    (a.contents?.largest ?? []).map(file => `${w.code(file.name, true)} (${formatSize(file.size)})`).join(', '),
    markdownCode(shortDigest(a.sha256), { inTable: true })
  ])
  const body = [markdownTable(['File', 'Format', 'Size', 'Files', 'Largest files', 'SHA-256'], rows)]
  if (result.artifact) {
    const { name, id, size, replaced } = result.artifact
    body.push(
      `Artifact **${w.text(name, true)}** (id ${id}, ${formatSize(size)}): the files above and their release manifest` +
        (replaced ? `; it replaces artifact ${replaced} from an earlier attempt of this job.` : '.')
    )
  }
  const sums = build.artifacts.map(a => `${a.sha256}  ${w.relative(a.filename)}`).join('\n')
  const files = `${build.artifacts.length} file${build.artifacts.length === 1 ? '' : 's'} (${formats.join(', ') || 'none'})`
  const heading = result.receipt ? ['### Received', renderReceipt(result.receipt.sources, w)].filter(Boolean).join('\n\n') : '### Build'
  return [
    `${heading}\n\n<details><summary>${w.html(`${files}${result.receipt ? '' : from}`)}</summary>\n\n${body.join('\n\n')}\n\n</details>`,
    `<details><summary>SHA-256 digests (the format of SHA256SUMS)</summary>\n\n${markdownBlock(sums)}\n\n</details>`
  ]
}

/**
 * The receiving job's own view: per artifact, the job that built it, its runner, its certification (the release
 * manifest's account, verified against the bytes that arrived), and each file, a wheel with the expect-wheels
 * patterns it meets.
 */
function renderReceipt(sources: ReceivedSource[], w: Writer): string {
  if (sources.length === 0) return ''
  const rows = sources.map(source => {
    const files = source.files
      .map(file => {
        const name = w.code(file.filename, true)
        if (file.expectWheels.length === 0) return name
        return `${name} meets expect-wheels ${file.expectWheels.map(pattern => w.code(pattern, true)).join(', ')}`
      })
      .join('<br>')
    const manifest = source.manifest
    if (!manifest) return [w.code(source.artifact, true), 'no release manifest', 'unknown', '➖ none: inspected and digested here only', files]
    const job = manifest.job ? w.code(manifest.job, true) : 'not named'
    return [
      w.code(source.artifact, true),
      manifest.otherRun ? `${job} of run ${w.code(manifest.otherRun, true)}` : job,
      manifest.runner ? w.text(manifest.runner, true) : 'unknown',
      MANIFEST_CERTIFICATION_MARK[manifest.certification],
      files
    ]
  })
  return markdownTable(['Artifact', 'Built by job', 'Runner', 'Certification', 'Files'], rows)
}

/** The stage's row: its summary when its message repeats a table below (the targets' messages in the Publish table). */
function stageMessage(stage: StageOutcome): string {
  return stage.summary ?? stage.message
}

/** The stage's name as the summary shows it: a job that receives other jobs' files does not build them. */
export function stageName(stage: StageOutcome, result: PipelineResult): string {
  return stage.stage === 'build' && result.receipt ? 'receive' : stage.stage
}

/** The first line of the outcome: its mark, the project and version, and where it went or why not. */
function outcomeLine(result: PipelineResult, w: Writer): string {
  const who = [result.projectName ? w.code(result.projectName) : 'the project', result.version ? w.text(result.version, true) : ''].filter(Boolean).join(' ')
  const reached = result.published.filter(p => p.status !== 'failed').map(p => p.target)
  const failed = result.stages.find(s => s.status === 'failed')
  if (!result.ok && result.stages.length > 0 && result.stages.every(s => s.status === 'not-run')) {
    const error = result.annotations.find(a => a.level === 'error')
    return `❌ ${who} not released: stopped before any stage ran${error?.title ? ` (${w.text(error.title, true)})` : ''}`
  }
  if (failed || !result.ok) {
    const why = failed ? failureReason(failed, result, w) : 'the release failed'
    return reached.length > 0 ? `❌ ${who} partly released (to ${reached.join(', ')}): ${why}` : `❌ ${who} not released: ${why}`
  }
  if (reached.length > 0) return `✅ Released ${who} to ${reached.join(', ')}`
  const skipped = result.stages.find(s => s.status === 'skipped')
  if (skipped) return `⏭️ ${who} not published: ${stageName(skipped, result)} skipped (${w.text(cut(skipped.message), true)})`
  const ran = result.stages.filter(s => s.status === 'ok').map(s => stageName(s, result))
  return `✅ ${who} passed ${ran.join(', ') || 'every stage'}; nothing to publish in this job`
}

/** Why a stage failed, in a few words: the failed checks (with the failing tests' count) or the stage's own message. */
function failureReason(stage: StageOutcome, result: PipelineResult, w: Writer): string {
  if (stage.stage === 'certify' && result.certification) {
    const failed = result.certification.checks
      .filter(c => c.status === 'fail')
      .map(c => (c.name === 'tests' && (c.metrics['failed'] ?? 0) > 0 ? `tests: ${c.metrics['failed']} failed` : c.name))
    if (failed.length > 0) return `certification failed (${w.text(failed.join(', '), true)})`
  }
  return `${stageName(stage, result)} failed${stage.message ? ` (${w.text(cut(stageMessage(stage)), true)})` : ''}`
}

/** The failing tests with their place: the tests check's errors (a failing check), other than an unreadable report. */
function failingTests(checks: CertificationCheck[]): Annotation[] {
  const tests = checks.find(c => c.name === 'tests' && c.status === 'fail')
  return (tests?.annotations ?? []).filter(a => a.level === 'error' && a.title !== undefined && a.title !== 'Unreadable JUnit report')
}

/** Where each target that holds the release is: links to the release pages, the local directory as a path. */
function destinations(result: PipelineResult, w: Writer): string[] {
  return result.published
    .filter(p => p.status !== 'failed')
    .flatMap(p => {
      const where = place(p, w, false)
      return where ? [`${p.target}: ${where}`] : []
    })
}

/** A target's place: a link to its page (PyPI's release page, the GitHub Release), or the local directory relative to the workspace. */
function place(p: PublishResult, w: Writer, inTable: boolean): string {
  if (!p.url) return ''
  if (p.url.startsWith('file:')) {
    let path = p.url
    try {
      path = fileURLToPath(p.url)
    } catch {
      // shown as given
    }
    return w.code(path, inTable)
  }
  const href = markdownUrl(p.url)
  if (!href) return w.text(p.url, true)
  return markdownLink(TARGET_LINK[p.target] ? markdownText(TARGET_LINK[p.target]!) : w.code(p.url, inTable), href)
}

/** The github row's build provenance: a link per stored attestation, or why there is none. */
function provenanceCell(p: PublishResult, w: Writer): string {
  if (!p.provenance) return ''
  const links = (p.attestations ?? []).map(a => markdownLink(w.code(a.asset, true), a.url))
  return links.length > 0 ? `${w.text(p.provenance, true)}: ${links.join(', ')}` : w.text(p.provenance, true)
}

function shortDigest(hex: string): string {
  return /^[0-9a-f]{64}$/i.test(hex) ? `${hex.slice(0, SHORT_DIGEST)}…` : hex
}

function firstLine(message: string): string {
  return cut(message.split(/\r?\n/).find(line => line.trim() !== '') ?? '')
}

function cut(text: string, chars = MESSAGE_CHARS): string {
  return text.length > chars ? `${text.slice(0, chars - 1)}…` : text
}
