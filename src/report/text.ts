// The command line's report: the same facts as the job summary, as plain text.
import type { PipelineResult } from '../outcome.js'
import type { Annotation } from '../types.js'
import { formatSize, stageName } from './summary.js'

export function location(annotation: Annotation): string {
  if (!annotation.file) return ''
  return annotation.line ? `${annotation.file}:${annotation.line}: ` : `${annotation.file}: `
}

export function renderText(result: PipelineResult, annotations: Annotation[]): string {
  const lines: string[] = [`Python release ${result.projectName ?? ''} ${result.version ?? ''}`.trimEnd(), '']
  const certification = result.certification
  if (certification) {
    lines.push(`Certification: ${certification.status}`)
    const width = Math.max(...certification.checks.map(c => c.name.length))
    for (const check of certification.checks) {
      lines.push(`  ${check.name.padEnd(width)}  ${check.status.padEnd(4)}  ${check.message}`)
      for (const detail of check.details) lines.push(`  ${' '.repeat(width)}        ${detail}`)
    }
    lines.push('')
  }
  if (result.build) {
    // a job that receives other jobs' files does not build them (the summary's 'receive' too)
    lines.push(`${result.receipt ? 'Received' : 'Build'}: ${result.build.artifacts.length} files in ${result.build.outputDir}`)
    for (const a of result.build.artifacts) {
      lines.push(`  ${a.filename}  ${a.format}  ${formatSize(a.size)}  sha256:${a.sha256}`)
    }
    lines.push('')
  }
  if (result.preflights.length > 0) {
    lines.push('Preflight:')
    for (const p of result.preflights) lines.push(`  ${p.target}  ${p.ready ? 'ready' : 'NOT READY'}  ${p.message}`)
    lines.push('')
  }
  if (result.published.length > 0) {
    lines.push('Publish:')
    for (const p of result.published) lines.push(`  ${p.target}  ${p.status}  ${p.url}  ${p.message}${p.provenance ? `; ${p.provenance}` : ''}`)
    lines.push('')
  }
  if (annotations.length > 0) {
    lines.push('Findings:')
    for (const a of annotations) {
      const title = a.title ? `${a.title}: ` : ''
      lines.push(`  ${a.level}: ${location(a)}${title}${a.message.split('\n')[0]}`)
    }
    lines.push('')
  }
  const failed = result.stages.find(s => s.status === 'failed')
  const skipped = result.stages.find(s => s.status === 'skipped')
  lines.push(
    failed
      ? `Release FAILED at ${stageName(failed, result)}: ${failed.message}`
      : `Release OK: ${result.stages.map(s => `${stageName(s, result)} ${s.status}`).join(', ')}${skipped ? ` (${skipped.message})` : ''}`
  )
  return `${lines.join('\n')}\n`
}
