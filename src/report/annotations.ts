// Annotations of the whole run, most useful first: GitHub shows 10 per type per step,
// so errors come before warnings and notices, each in stage order.
import type { Annotation, AnnotationLevel, CertificationCheck } from '../types.js'
import type { Stage } from '../inputs.js'
import { STAGES } from '../inputs.js'
import type { PipelineResult } from '../pipeline.js'

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
    ...(result.certification?.checks ?? []).flatMap(check =>
      checkAnnotations(check).map(annotation => ({ ...annotation, stage: 'certify' as const }))
    ),
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
