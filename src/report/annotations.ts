// Annotations of the whole run, most useful first: GitHub shows 10 per type per step,
// so errors come before warnings and notices, each in stage order.
import type { Annotation, AnnotationLevel } from '../types.js'
import type { Stage } from '../inputs.js'
import { STAGES } from '../inputs.js'
import type { PipelineResult } from '../pipeline.js'

const LEVELS: AnnotationLevel[] = ['error', 'warning', 'notice']

export function collectAnnotations(result: PipelineResult): Annotation[] {
  const staged: Array<Annotation & { stage: Stage }> = [
    ...(result.certification?.checks ?? []).flatMap(check =>
      check.annotations.map(annotation => ({ ...annotation, stage: 'certify' as const }))
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
