// DistributionManager: preflight every target, then publish; one method per stage, one module per target.
import type { BuildArtifact, PreflightResult, PublishResult } from '../types.js'
import { DistributionTarget } from '../types.js'
import { preflightLocal, publishLocal } from './local.js'

export interface DistributionOptions {
  /** Absolute directory of the local target. */
  localDir: string
}

export class DistributionManager {
  constructor(private readonly options: DistributionOptions) {}

  async preflight(target: DistributionTarget, artifacts: BuildArtifact[]): Promise<PreflightResult> {
    if (target === DistributionTarget.LOCAL) return preflightLocal(this.options.localDir, artifacts)
    const message = `Target '${target}' is not available yet in this version of python-release-action; publish to 'local' for now (input 'targets').`
    return {
      target,
      ready: false,
      message,
      files: [],
      annotations: [{ level: 'error', title: `Target '${target}' not available`, message }]
    }
  }

  async publish(preflight: PreflightResult): Promise<PublishResult> {
    if (!preflight.ready) {
      return { target: preflight.target, status: 'failed', url: '', message: 'preflight did not pass', files: [] }
    }
    if (preflight.target === DistributionTarget.LOCAL) return publishLocal(preflight, this.options.localDir)
    throw new Error(`no publisher for target '${preflight.target}'`)
  }
}
