// ReleaseValidator: runs the certification gates and rolls them up into a ReleaseCertification.
import type { CertificationCheck, ReleaseCertification } from '../types.js'
import { CertificationStatus } from '../types.js'
import type { ReportContext } from './reports.js'
import { checkTests } from './tests.js'
import { checkCoverage } from './coverage.js'
import { checkVersion, type VersionEvidence } from './version.js'
import { checkDocs, type DocItem } from './docs.js'
import { checkSecurity, type FailOnSeverity, type SecurityScan } from './security.js'

export interface ValidatorOptions {
  junitXml: string
  minPassRate: number
  coverageReport: string
  minCoverage: number
  minBranchCoverage: number
  securityReport: string
  failOnSeverity: FailOnSeverity
  ignoreVulns: string[]
  securityScan: SecurityScan
  version: VersionEvidence
  docsRequired: DocItem[]
  /** Interpreter that checks a reST readme. */
  python: string
  context: ReportContext
}

/** FAIL if any check fails, PARTIAL if any warns or was skipped, else PASS. */
export function certificationStatus(checks: CertificationCheck[]): CertificationStatus {
  if (checks.some(check => check.status === 'fail')) return CertificationStatus.FAIL
  if (checks.some(check => check.status === 'warn' || check.status === 'skip')) return CertificationStatus.PARTIAL
  return CertificationStatus.PASS
}

export class ReleaseValidator {
  constructor(private readonly options: ValidatorOptions) {}

  async certify(): Promise<ReleaseCertification> {
    const { options } = this
    const version = checkVersion(options.version)
    const [tests, coverage, security, docs] = await Promise.all([
      checkTests({ patterns: options.junitXml, minPassRate: options.minPassRate }, options.context),
      checkCoverage(
        { patterns: options.coverageReport, minCoverage: options.minCoverage, minBranchCoverage: options.minBranchCoverage },
        options.context
      ),
      checkSecurity(
        {
          patterns: options.securityReport,
          failOnSeverity: options.failOnSeverity,
          ignoreVulns: options.ignoreVulns,
          scan: options.securityScan,
          python: options.python,
          projectName: options.version.project.name
        },
        options.context
      ),
      checkDocs({
        project: options.version.project,
        required: options.docsRequired,
        version: version.releaseVersion,
        python: options.python,
        workspace: options.context.workspace
      })
    ])
    const checks = [version.check, tests, coverage, security, docs.check]
    return { version: version.releaseVersion, status: certificationStatus(checks), checks, releaseNotes: docs.releaseNotes }
  }
}

/** The certification once the built files' version is known: the version check is taken again with them. */
export function recertifyVersion(certification: ReleaseCertification, evidence: VersionEvidence): ReleaseCertification {
  const version = checkVersion(evidence)
  const checks = certification.checks.map(check => (check.name === 'version' ? version.check : check))
  return { ...certification, version: version.releaseVersion, status: certificationStatus(checks), checks }
}
