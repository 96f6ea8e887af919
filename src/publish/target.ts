// What every publish target does, in the order DistributionManager calls it: preflight (all targets
// before any publish), publish, then finalize once every target has published (a GitHub Release drafted
// by publish is published only then), or abandon when publish does not run.
import type { BuildArtifact, PreflightResult, PublishResult } from '../types.js'

export interface PublishTarget {
  /** Checks everything publish will need and decides per file (upload, or keep the file there); changes nothing the user sees. */
  preflight(artifacts: BuildArtifact[]): Promise<PreflightResult>
  /** Publishes what preflight planned; called only with this target's preflight, and only when it was ready. */
  publish(preflight: PreflightResult): Promise<PublishResult>
  /** Called once every target has published: makes a drafted release visible. Returns the result, updated; a no-op without a draft step. */
  finalize(result: PublishResult): Promise<PublishResult>
  /** Called when publish does not run (a dry run, a failed preflight): undoes what preflight created. A no-op where there is nothing to undo. */
  abandon(): Promise<void>
}
