// The step outputs, computed from the run's result. action.yml declares every name here (a test checks).
import { relativePosix } from '../workspace-paths.js'
import type { PipelineResult } from '../outcome.js'
import { parseVersion } from '../pep440.js'
import { DistributionTarget } from '../types.js'

export const OUTPUT_NAMES = [
  'certification',
  'version',
  'artifacts',
  'published',
  'pass-rate',
  'coverage',
  'branch-coverage',
  'release-notes',
  'prerelease',
  'dist-dir',
  'artifact-id',
  'artifact-name',
  'release-url',
  'release-id',
  'check-run-id',
  'attestation-ids'
] as const
export type OutputName = (typeof OUTPUT_NAMES)[number]

/** A check's metric with two decimals; empty when the check was skipped or did not measure it. */
function metric(result: PipelineResult, check: string, name: string): string {
  const found = result.certification?.checks.find(c => c.name === check)
  const value = found && found.status !== 'skip' ? found.metrics[name] : undefined
  return value === undefined ? '' : value.toFixed(2)
}

export function buildOutputs(result: PipelineResult, workspace: string): Record<OutputName, string> {
  const github = result.published.find(p => p.target === DistributionTarget.GITHUB && p.status !== 'failed')
  return {
    certification: result.certification?.status ?? '',
    version: result.version ?? '',
    artifacts: JSON.stringify(
      (result.build?.artifacts ?? []).map(a => ({
        path: relativePosix(workspace, a.path),
        filename: a.filename,
        format: a.format,
        size: a.size,
        sha256: a.sha256,
        md5: a.md5,
        blake2b_256: a.blake2b_256
      }))
    ),
    published: JSON.stringify(result.published),
    'pass-rate': metric(result, 'tests', 'passRate'),
    coverage: metric(result, 'coverage', 'coverage'),
    'branch-coverage': metric(result, 'coverage', 'branchCoverage'),
    'release-notes': result.certification?.releaseNotes ?? '',
    prerelease: result.version === undefined ? '' : String(parseVersion(result.version)?.isPrerelease ?? false),
    'dist-dir': result.build && result.build.received === undefined ? result.build.outputDir : '',
    'artifact-id': result.artifact ? String(result.artifact.id) : '',
    'artifact-name': result.artifact?.name ?? '',
    'release-url': github?.url ?? '',
    'release-id': github?.releaseId === undefined ? '' : String(github.releaseId),
    'check-run-id': result.checkRun?.id === undefined ? '' : String(result.checkRun.id),
    'attestation-ids': JSON.stringify((github?.attestations ?? []).map(({ asset, id }) => ({ asset, id })))
  }
}
