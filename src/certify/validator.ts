// ReleaseValidator: runs the certification gates and rolls them up into a ReleaseCertification.
import type { BuildArtifact, CertificationCheck, Logger, ReleaseCertification } from '../types.js'
import { describeError } from '../errors.js'
import { CertificationStatus } from '../types.js'
import type { ReportContext } from './reports.js'
import { checkTests } from './tests.js'
import { checkCoverage } from './coverage.js'
import { checkVersion, type VersionEvidence } from './version-check.js'
import { checkDocs, type DocItem, type DocsOptions } from './docs.js'
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
  /** The build follows in this run: the docs check's readme, license and urls wait for the built files. */
  buildFollows?: boolean
}

/** FAIL if any check fails, PARTIAL if any warns or was skipped, else PASS. */
export function certificationStatus(checks: CertificationCheck[]): CertificationStatus {
  if (checks.some(check => check.status === 'fail')) return CertificationStatus.FAIL
  if (checks.some(check => check.status === 'warn' || check.status === 'skip')) return CertificationStatus.PARTIAL
  return CertificationStatus.PASS
}

/**
 * Runs one check; an error it did not expect becomes that check's own result (`fail`, or `warn`
 * for what is optional), with one line naming what it could not do (the stack goes to the debug log).
 */
async function isolated<T>(name: string, logger: Logger, status: 'fail' | 'warn', run: () => Promise<T>, wrap: (check: CertificationCheck) => T): Promise<T> {
  try {
    return await run()
  } catch (error) {
    logger.debug(`${name} check: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`)
    const message = `the ${name} check stopped on an unexpected error: ${describeError(error)}`
    return wrap({
      name,
      status,
      message,
      annotations: [{ level: status === 'fail' ? 'error' : 'warning', title: `Certification: ${name} check could not run`, message }],
      metrics: {},
      details: []
    })
  }
}

export class ReleaseValidator {
  constructor(private readonly options: ValidatorOptions) {}

  async certify(): Promise<ReleaseCertification> {
    const { options } = this
    const { logger } = options.context
    // Each check is isolated: an error it did not expect becomes its own failure (a warning for docs
    // when no item is required), and every other check still runs, so the report is complete.
    const version = await isolated(
      'version',
      logger,
      'fail',
      async () => checkVersion(options.version),
      check => ({ check, releaseVersion: undefined })
    )
    const [tests, coverage, security, docs] = await Promise.all([
      isolated(
        'tests',
        logger,
        'fail',
        () => checkTests({ patterns: options.junitXml, minPassRate: options.minPassRate }, options.context),
        check => check
      ),
      isolated(
        'coverage',
        logger,
        'fail',
        () =>
          checkCoverage({ patterns: options.coverageReport, minCoverage: options.minCoverage, minBranchCoverage: options.minBranchCoverage }, options.context),
        check => check
      ),
      isolated(
        'security',
        logger,
        'fail',
        () =>
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
        check => check
      ),
      isolated(
        'docs',
        logger,
        options.docsRequired.length > 0 ? 'fail' : 'warn',
        () =>
          checkDocs({
            project: options.version.project,
            required: options.docsRequired,
            version: version.releaseVersion,
            python: options.python,
            workspace: options.context.workspace,
            ...(options.buildFollows ? { built: 'later' as const } : {})
          }),
        check => ({ check, releaseNotes: undefined })
      )
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

/**
 * The certification once the files are built: the docs check is taken again with them, since only what
 * ships decides the readme, the license and the urls (the changelog finding is kept as it was).
 */
export async function recertifyDocs(
  certification: ReleaseCertification,
  options: Omit<DocsOptions, 'built' | 'previous' | 'version'> & { built: BuildArtifact[] }
): Promise<ReleaseCertification> {
  const previous = certification.checks.find(check => check.name === 'docs')
  if (!previous) return certification
  let docs: CertificationCheck
  let releaseNotes = certification.releaseNotes
  try {
    const rechecked = await checkDocs({ ...options, version: certification.version, previous })
    docs = rechecked.check
    // the changelog's entry, when only the built files' version let it be found
    releaseNotes ??= rechecked.releaseNotes
  } catch (error) {
    const status = options.required.length > 0 ? 'fail' : 'warn'
    const message = `the docs check stopped on an unexpected error reading the built files: ${describeError(error)}`
    docs = {
      name: 'docs',
      status,
      message,
      annotations: [{ level: status === 'fail' ? 'error' : 'warning', title: 'Certification: docs check could not run', message }],
      metrics: {},
      details: []
    }
  }
  const checks = certification.checks.map(check => (check.name === 'docs' ? docs : check))
  return { ...certification, status: certificationStatus(checks), checks, ...(releaseNotes !== undefined ? { releaseNotes } : {}) }
}
