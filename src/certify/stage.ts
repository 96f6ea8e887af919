// The certify stage: the earlier release tags, the gates (ReleaseValidator), and whether the verdict
// lets the release go on (a PARTIAL one stops it when fail-on-partial is true).
import type { Logger, ReleaseCertification } from '../types.js'
import { CertificationStatus } from '../types.js'
import type { ReleaseInputs } from '../inputs.js'
import type { StageReport } from '../outcome.js'
import { readTagHistory } from '../git.js'
import { ReleaseValidator, type ValidatorOptions } from './validator.js'
import type { VersionEvidence } from './version-check.js'

/** The inputs the gates read; ValidatorOptions calls them by the same names, so they are handed on as they are. */
const GATE_INPUTS = [
  'junitXml',
  'minPassRate',
  'coverageReport',
  'minCoverage',
  'minBranchCoverage',
  'securityReport',
  'failOnSeverity',
  'ignoreVulns',
  'securityScan',
  'docsRequired',
  'python'
] as const satisfies ReadonlyArray<keyof ReleaseInputs & keyof ValidatorOptions>

type GateInputs = Pick<ReleaseInputs, (typeof GATE_INPUTS)[number]>

/** Every input the certify stage reads. */
export type CertifyInputs = GateInputs & Pick<ReleaseInputs, 'projectDir' | 'tagPrefix' | 'failOnPartial' | 'stages'>

export interface CertifyContext {
  /** What the version check compares (the input, the tag, pyproject.toml). */
  evidence: VersionEvidence
  /** Repository root (GITHUB_WORKSPACE). */
  workspace: string
  logger: Logger
}

export interface CertifyStageResult extends StageReport {
  certification: ReleaseCertification
  /** The evidence with the earlier release tags, which the version check after the build compares with too. */
  evidence: VersionEvidence
}

export async function certifyStage(inputs: CertifyInputs, { evidence, workspace, logger }: CertifyContext): Promise<CertifyStageResult> {
  // Earlier release tags matter only to certification (and the version check after the build).
  const withHistory: VersionEvidence = { ...evidence, history: await readTagHistory(inputs.projectDir, inputs.tagPrefix) }
  const gates = Object.fromEntries(GATE_INPUTS.map(name => [name, inputs[name]])) as GateInputs
  const validator = new ReleaseValidator({
    ...gates,
    version: withHistory,
    buildFollows: inputs.stages.includes('build'),
    context: { workspace, projectDir: inputs.projectDir, logger }
  })
  const certification = await validator.certify()
  for (const check of certification.checks) logger.info(`${check.name}: ${check.status} — ${check.message}`)
  const status = certification.status
  const failed = status === CertificationStatus.FAIL || (status === CertificationStatus.PARTIAL && inputs.failOnPartial)
  const why = status === CertificationStatus.PARTIAL && inputs.failOnPartial ? ' (fail-on-partial is true)' : ''
  logger.info(`certification: ${status}${why}`)
  return { status: failed ? 'failed' : 'ok', message: `certification ${status}${why}`, annotations: [], certification, evidence: withHistory }
}
