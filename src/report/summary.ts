// The job summary: one Markdown section per stage that ran.
import type { PipelineResult } from '../outcome.js'
import type { CheckStatus, PublishResult, PublishStatus } from '../types.js'

/**
 * A table cell: no pipes, no line breaks, no HTML, and no link or image (outside text such as a manifest's
 * job name could otherwise show an image from anywhere in the job summary).
 */
export function cell(text: string): string {
  return (
    text
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/\|/g, '\\|')
      // `](` is where a link or an image starts its URL: `]\(` is plain text, and `[tool.x]` stays as written
      .replace(/\]\(/g, ']\\(')
      .replace(/\r?\n/g, '<br>')
  )
}

function table(header: string[], rows: string[][]): string {
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`
  return [line(header), line(header.map(() => '---')), ...rows.map(row => line(row.map(cell)))].join('\n')
}

const CHECK_ICON: Record<CheckStatus, string> = { pass: '✅ pass', fail: '❌ fail', warn: '⚠️ warn', skip: '⏭️ skip' }
/** The github row's build provenance: a link per stored attestation, or why there is none. */
function provenanceCell(p: PublishResult): string {
  if (!p.provenance) return ''
  const links = (p.attestations ?? []).map(a => `[${a.asset}](${a.url})`)
  return links.length > 0 ? `${p.provenance}: ${links.join(', ')}` : p.provenance
}

const PUBLISH_ICON: Record<PublishStatus, string> = { published: '✅ published', skipped: '⏭️ skipped', failed: '❌ failed' }

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`
}

/** GitHub refuses a step summary over 1 MiB; we stay under it with room for the note that says what was cut. */
export const SUMMARY_LIMIT = 1024 * 1024 - 4 * 1024

/** The job summary, never longer than SUMMARY_LIMIT bytes: long lists are cut, with a note, to fit. */
export function renderSummary(result: PipelineResult, limit = SUMMARY_LIMIT): string {
  const lists = (result.certification?.checks ?? []).flatMap(check => (check.list ? [{ check: check.name, list: check.list }] : []))
  const body = renderBody(result)
  let budget = limit - Buffer.byteLength(body)
  const sections: string[] = []
  for (const { check, list } of lists) {
    const head = `<details><summary>${cell(check)}: ${cell(list.title)}</summary>\n\n`
    const tail = '\n\n</details>\n'
    const note = (more: number): string => `\n- … and ${more} more, not listed (the job summary is limited to 1 MiB)`
    budget -= Buffer.byteLength(head) + Buffer.byteLength(tail) + Buffer.byteLength(note(list.items.length + list.more))
    if (budget < 0) break
    const items: string[] = []
    for (const item of list.items) {
      const line = `- ${cell(item)}\n`
      const size = Buffer.byteLength(line)
      if (size > budget) break
      budget -= size
      items.push(line)
    }
    const more = list.items.length - items.length + list.more
    sections.push(`${head}${items.join('').trimEnd()}${more > 0 ? note(more) : ''}${tail}`)
  }
  return sections.length > 0 ? `${body}\n${sections.join('\n')}` : body
}

function renderBody(result: PipelineResult): string {
  const parts: string[] = [`## Python release ${cell(result.projectName ?? '')} ${cell(result.version ?? '')}`.trimEnd()]
  if (!result.ok && result.stages.every(s => s.status === 'not-run')) {
    const error = result.annotations.find(a => a.level === 'error')
    parts.push(`❌ The release stopped before any stage ran${error ? `: ${cell(error.title ? `${error.title}: ${error.message}` : error.message)}` : '.'}`)
  }
  if (result.stages.length > 0)
    parts.push(
      table(
        ['Stage', 'Outcome'],
        result.stages.map(s => [s.stage, s.status === 'not-run' ? 'not run (an earlier stage failed)' : `${s.status}: ${s.message}`])
      )
    )
  const certification = result.certification
  if (certification) {
    parts.push(`### Certification: ${certification.status}`)
    parts.push(
      table(
        ['Check', 'Status', 'Result'],
        certification.checks.map(c => [c.name, CHECK_ICON[c.status], c.message])
      )
    )
    for (const check of certification.checks.filter(c => c.details.length > 0)) {
      parts.push(`<details><summary>${cell(check.name)}</summary>\n\n${check.details.map(d => `- ${cell(d)}`).join('\n')}\n\n</details>`)
    }
  }
  if (result.build) {
    parts.push('### Build')
    parts.push(
      table(
        ['File', 'Format', 'Size', 'Files', 'Largest files', 'SHA256'],
        result.build.artifacts.map(a => [
          a.filename,
          a.format,
          formatSize(a.size),
          String(a.contents?.files ?? ''),
          (a.contents?.largest ?? []).map(file => `${file.name} (${formatSize(file.size)})`).join(', '),
          a.sha256
        ])
      )
    )
    if (result.artifact) {
      const { name, id, size, replaced } = result.artifact
      parts.push(
        `Artifact **${cell(name)}** (id ${id}, ${formatSize(size)}): the files above and their release manifest` +
          (replaced ? `; it replaces artifact ${replaced} from an earlier attempt of this job.` : '.')
      )
    }
  }
  if (result.preflights.length > 0) {
    parts.push('### Preflight')
    parts.push(
      table(
        ['Target', 'Ready', 'Result'],
        result.preflights.map(p => [p.target, p.ready ? '✅ ready' : '❌ not ready', p.message])
      )
    )
  }
  if (result.published.length > 0) {
    parts.push('### Publish')
    parts.push(
      table(
        ['Target', 'Status', 'Where', 'Files'],
        result.published.map(p => [
          p.target,
          PUBLISH_ICON[p.status],
          [p.url || p.message, provenanceCell(p)].filter(Boolean).join('; '),
          p.files.map(file => (p.skipped.includes(file) ? `${file} (already there)` : file)).join(', ')
        ])
      )
    )
  }
  return `${parts.join('\n\n')}\n`
}
