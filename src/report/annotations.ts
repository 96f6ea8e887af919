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

/** GitHub shows this many annotations of each type per step; the rest are dropped silently. */
export const GITHUB_ANNOTATIONS_PER_TYPE = 10

/**
 * The annotations worth GitHub's few slots: per level, one per file (or title) first, in the
 * order given, then the repeats; the last one shown says how many more there are. `rest`
 * goes to the log, so nothing is lost.
 */
export function selectForGitHub(annotations: Annotation[], perType = GITHUB_ANNOTATIONS_PER_TYPE): { shown: Annotation[]; rest: Annotation[] } {
  const shown: Annotation[] = []
  const rest: Annotation[] = []
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
    if (dropped.length > 0) {
      const last = kept[kept.length - 1]!
      kept[kept.length - 1] = {
        ...last,
        message: `${last.message}\n\n(${dropped.length} more ${level === 'error' ? 'errors' : level + 's'} are in the log and the job summary: GitHub shows ${perType} per type per step)`
      }
    }
    shown.push(...kept)
    rest.push(...dropped)
  }
  return { shown, rest }
}
