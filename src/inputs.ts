// Every input, read and validated once. Later modules take ReleaseInputs and never read inputs themselves.
import { resolve } from 'node:path'
import { DistributionTarget } from './types.js'
import { invalidTagName, parseVersion } from './pep440.js'
import { DOC_ITEMS, type DocItem } from './certify/docs.js'
import { BUILDERS, type Builder } from './build/builder.js'
import { BUILD_REQUIREMENTS, type BuildRequirementsMode } from './build/requirements.js'
import { invalidNameTemplate } from './build/handoff.js'
import { DEFAULT_SKIP_EXISTING } from './publish/existing.js'
import { displayUrl, invalidIndexUrl } from './publish/index-api.js'
import type { MakeLatest } from './publish/github.js'
import { FAIL_ON_SEVERITIES, SECURITY_SCANS, type FailOnSeverity, type SecurityScan } from './certify/security.js'

/** action.yml's defaults; a test keeps the two equal. An unset input takes its default, an empty one is empty. */
export const INPUT_DEFAULTS = {
  'project-dir': '.',
  version: '',
  'tag-prefix': 'v',
  stages: 'certify,build,preflight,publish',
  targets: 'pypi',
  'local-dir': 'release',
  python: 'python3',
  builder: 'build',
  'build-isolation': 'true',
  'build-requirements': 'check',
  'check-reproducible': 'false',
  'wheel-from-sdist': 'true',
  'junit-xml': '',
  'min-pass-rate': '100',
  'coverage-report': '',
  'min-coverage': '0',
  'min-branch-coverage': '0',
  'security-report': '',
  'fail-on-severity': 'high',
  'ignore-vulns': '',
  'security-scan': 'none',
  'docs-required': 'readme,license',
  'fail-on-partial': 'false',
  'upload-artifact': 'true',
  'artifact-name': 'python-package-distributions',
  'retention-days': '',
  'download-artifacts': '',
  'artifact-run-id': '',
  'dist-dir': '',
  'expect-wheels': '',
  'require-certification': 'false',
  'receive-timeout': '5',
  'repository-url': 'https://upload.pypi.org/legacy/',
  'testpypi-repository-url': 'https://test.pypi.org/legacy/',
  'index-url': '',
  username: '__token__',
  password: '',
  'testpypi-password': '',
  'skip-existing': String(DEFAULT_SKIP_EXISTING),
  'strict-record': 'false',
  attestations: 'true',
  'github-token': '${{ github.token }}',
  'release-tag': '',
  'release-name': '',
  'release-notes': '',
  'release-draft': 'false',
  prerelease: '',
  'make-latest': '',
  'overwrite-assets': 'false',
  'upload-concurrency': '4',
  'publish-timeout': '10',
  'dry-run': 'false'
} as const

/** Inputs whose values are secrets: masked in the log before anything else runs, never echoed. */
export const SECRET_INPUTS = ['password', 'testpypi-password', 'github-token'] as const

export type InputName = keyof typeof INPUT_DEFAULTS
export const INPUT_NAMES = Object.keys(INPUT_DEFAULTS) as InputName[]

/** Where input values come from: the runner's INPUT_* variables, or CLI flags. undefined = not set. */
export type InputSource = (name: InputName) => string | undefined

export const STAGES = ['certify', 'build', 'preflight', 'publish'] as const
export type Stage = (typeof STAGES)[number]

export interface ReleaseInputs {
  /** Absolute directory holding pyproject.toml. */
  projectDir: string
  /** The normalized version input, or undefined when empty (then the tag or pyproject decides). */
  version: string | undefined
  tagPrefix: string
  /** Stages to run, always in pipeline order. */
  stages: Stage[]
  targets: DistributionTarget[]
  /** Absolute directory the local target publishes to. */
  localDir: string
  python: string
  builder: Builder
  buildIsolation: boolean
  /** Without isolation: check [build-system] requires against the interpreter (check) or build anyway (ignore). */
  buildRequirements: BuildRequirementsMode
  checkReproducible: boolean
  /** Build the wheel from the sdist (default), not both from the tree. */
  wheelFromSdist: boolean
  junitXml: string
  minPassRate: number
  coverageReport: string
  minCoverage: number
  minBranchCoverage: number
  securityReport: string
  failOnSeverity: FailOnSeverity
  /** Vulnerability or rule ids to ignore, as written. */
  ignoreVulns: string[]
  securityScan: SecurityScan
  /** Documentation items whose absence fails the docs check (the others warn). */
  docsRequired: DocItem[]
  failOnPartial: boolean
  dryRun: boolean
  uploadArtifact: boolean
  /** The artifact name, placeholders unresolved. */
  artifactName: string
  /** Days the artifact is kept; undefined = the repository's setting. */
  retentionDays: number | undefined
  /**
   * Where a run without the build stage gets the files other jobs built: artifacts of this run (or of
   * run `artifactRunId`) whose names match `patterns`, or a directory already holding them.
   */
  receive:
    | {
        from: 'artifacts'
        patterns: string[]
        runId: number | undefined
        /** The time listing, downloads and their retries may take in all ('receive-timeout'). */
        timeoutMs: number
      }
    | { from: 'directory'; dir: string }
    | undefined
  /** Platform tags or patterns the received wheels must cover ('expect-wheels'). */
  expectWheels: string[]
  /** Refuse received files that no certification vouches for ('require-certification'). */
  requireCertification: boolean
  /** The pypi target's upload URL, and the testpypi target's. */
  repositoryUrl: string
  testpypiRepositoryUrl: string
  /** The pypi target's Simple API base when its JSON API is not at the upload URL's host; undefined = derived. */
  indexUrl: string | undefined
  username: string
  /** API tokens (or passwords); empty = trusted publishing. */
  password: string
  testpypiPassword: string
  skipExisting: boolean
  /** A wheel whose files do not match its RECORD fails pypi's and testpypi's preflight too (PyPI itself takes it). */
  strictRecord: boolean
  /** Sign a PEP 740 publish attestation for each file a pypi or testpypi target uploads with trusted publishing. */
  attestations: boolean
  /** The token for the github target and the check run; empty when none was given. */
  githubToken: string
  /** The release's tag; undefined → the pushed tag, else <tag-prefix><version>. */
  releaseTag: string | undefined
  /** undefined → the tag. */
  releaseName: string | undefined
  /** undefined → the changelog entry certification found, else GitHub's generated notes. */
  releaseNotes: string | undefined
  releaseDraft: boolean
  /** undefined → from the PEP 440 version. */
  prerelease: boolean | undefined
  /** undefined → true unless a published release has a higher version. */
  makeLatest: MakeLatest | undefined
  overwriteAssets: boolean
  uploadConcurrency: number
  /** Minutes publishing every target may take in all (> 0, decimals allowed). */
  publishTimeout: number
}

/** An input that cannot be understood: reported before any stage runs. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly input?: InputName
  ) {
    super(message)
    this.name = 'UsageError'
  }
}

/** A list input: comma- or newline-separated, blanks dropped. */
export function splitList(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map(item => item.trim())
    .filter(item => item !== '')
}

// The YAML 1.2 core-schema booleans, as core.getBooleanInput accepts them.
const TRUE = new Set(['true', 'True', 'TRUE'])
const FALSE = new Set(['false', 'False', 'FALSE'])

export function getInputs(source: InputSource, cwd: string = process.cwd()): ReleaseInputs {
  const raw = (name: InputName): string => source(name) ?? INPUT_DEFAULTS[name]
  const text = (name: InputName): string => raw(name).trim()

  const bool = (name: InputName): boolean => {
    const value = text(name)
    if (TRUE.has(value)) return true
    if (FALSE.has(value)) return false
    throw new UsageError(`Input '${name}' must be true or false, got '${value}'`, name)
  }

  // Plain decimal only (85, 92.5, .5): Number() alone would also take 0x10, 0b1, 0o7, 1e2, -0 and Infinity.
  const percent = (name: InputName): number => {
    const value = text(name)
    const number = /^(?:\d+|\d*\.\d+)$/.test(value) ? Number(value) : NaN
    if (!(number >= 0 && number <= 100)) {
      throw new UsageError(`Input '${name}' must be a number from 0 to 100 (a percentage in decimal digits, such as 85 or 92.5), got '${value}'`, name)
    }
    return number
  }

  const versionText = text('version')
  let version: string | undefined
  if (versionText !== '') {
    const parsed = parseVersion(versionText)
    if (!parsed) {
      throw new UsageError(`Input 'version' must be a PEP 440 version such as 1.2.3, 1.2.3rc1 or 1.2.3.post1, got '${versionText}'`, 'version')
    }
    version = parsed.normalized
  }

  const stageNames = splitList(raw('stages').toLowerCase())
  const unknownStage = stageNames.find(stage => !(STAGES as readonly string[]).includes(stage))
  if (unknownStage !== undefined) {
    throw new UsageError(`Input 'stages' has an unknown stage '${unknownStage}'; use any of ${STAGES.join(', ')}`, 'stages')
  }
  if (stageNames.length === 0) throw new UsageError(`Input 'stages' is empty; use any of ${STAGES.join(', ')}`, 'stages')
  const stages = STAGES.filter(stage => stageNames.includes(stage))
  // One job runs one contiguous part of the pipeline; the jobs before and after it run the rest.
  const gap = STAGES.slice(STAGES.indexOf(stages[0]!), STAGES.indexOf(stages.at(-1)!) + 1).find(stage => !stages.includes(stage))
  if (gap !== undefined) {
    throw new UsageError(
      `Input 'stages' runs ${stages.join(',')}, which skips ${gap}: a job runs a contiguous part of certify, build, preflight, publish ` +
        '(certify alone, certify,build or build in build jobs, preflight,publish in the publish job, or all four)',
      'stages'
    )
  }

  const validTargets = Object.values(DistributionTarget) as string[]
  const targets: DistributionTarget[] = []
  for (const name of splitList(raw('targets').toLowerCase())) {
    if (!validTargets.includes(name)) {
      throw new UsageError(`Input 'targets' has an unknown target '${name}'; use any of ${validTargets.join(', ')}`, 'targets')
    }
    if (!targets.includes(name as DistributionTarget)) targets.push(name as DistributionTarget)
  }
  if (targets.length === 0 && (stages.includes('preflight') || stages.includes('publish'))) {
    throw new UsageError(`Input 'targets' is empty; name at least one of ${validTargets.join(', ')}`, 'targets')
  }

  const localDir = text('local-dir')
  if (localDir === '' && targets.includes(DistributionTarget.LOCAL)) {
    throw new UsageError(`Input 'local-dir' is empty; the local target needs a directory`, 'local-dir')
  }
  const docsRequired: DocItem[] = []
  for (const item of splitList(raw('docs-required').toLowerCase())) {
    if (!(DOC_ITEMS as readonly string[]).includes(item)) {
      throw new UsageError(`Input 'docs-required' has an unknown item '${item}'; use any of ${DOC_ITEMS.join(', ')}`, 'docs-required')
    }
    if (!docsRequired.includes(item as DocItem)) docsRequired.push(item as DocItem)
  }

  const choice = <T extends string>(name: InputName, allowed: readonly T[]): T => {
    const value = text(name).toLowerCase()
    if (!(allowed as readonly string[]).includes(value)) {
      throw new UsageError(`Input '${name}' must be one of ${allowed.join(', ')}, got '${text(name)}'`, name)
    }
    return value as T
  }
  const ignoreVulns = [...new Set(splitList(raw('ignore-vulns')).map(id => id.replace(/\s+#.*$/, '')))]
  const badIgnore = ignoreVulns.find(id => !/^[A-Za-z0-9][\w.:/-]*$/.test(id))
  if (badIgnore !== undefined) {
    throw new UsageError(
      `Input 'ignore-vulns' has '${badIgnore}', which is no vulnerability or rule id (CVE-2024-1234, GHSA-xxxx-xxxx-xxxx, PYSEC-2024-1, B602)`,
      'ignore-vulns'
    )
  }

  const projectDir = text('project-dir')
  if (localDir !== '' && resolve(cwd, localDir) === resolve(cwd, projectDir === '' ? '.' : projectDir)) {
    throw new UsageError(
      `Input 'local-dir' (${localDir}) is the project directory itself: published files would become build input; name a directory inside or outside it, such as 'release'`,
      'local-dir'
    )
  }
  const python = text('python')
  if (python === '') throw new UsageError(`Input 'python' is empty; name the interpreter that builds, e.g. python3`, 'python')

  const artifactName = text('artifact-name')
  const badName = invalidNameTemplate(artifactName)
  if (badName !== undefined) {
    throw new UsageError(`Input 'artifact-name' cannot be '${artifactName.replace(/[\r\n]/g, ' ')}': ${badName}`, 'artifact-name')
  }
  const retentionText = text('retention-days')
  let retentionDays: number | undefined
  if (retentionText !== '') {
    retentionDays = Number(retentionText)
    if (!/^\d+$/.test(retentionText) || retentionDays < 1 || retentionDays > 400) {
      throw new UsageError(
        `Input 'retention-days' must be a whole number of days from 1 to 400 (empty: the repository's setting), got '${retentionText}'`,
        'retention-days'
      )
    }
  }

  // A job without build that preflights or publishes receives the files other jobs built.
  const receives = !stages.includes('build') && (stages.includes('preflight') || stages.includes('publish'))
  const patterns = splitList(raw('download-artifacts'))
  const runIdText = text('artifact-run-id')
  const distDir = text('dist-dir')
  for (const name of ['download-artifacts', 'artifact-run-id', 'dist-dir'] as const) {
    if (text(name) !== '' && !receives) {
      throw new UsageError(
        `Input '${name}' is for a job that publishes files other jobs built (stages preflight,publish without build); this job runs ${stages.join(',')}`,
        name
      )
    }
  }
  if (distDir !== '' && (patterns.length > 0 || runIdText !== '')) {
    throw new UsageError(
      `Input 'dist-dir' names files already here, and input '${patterns.length > 0 ? 'download-artifacts' : 'artifact-run-id'}' asks to download them: give one of the two`,
      'dist-dir'
    )
  }
  let artifactRunId: number | undefined
  if (runIdText !== '') {
    artifactRunId = Number(runIdText)
    if (!/^[1-9]\d{0,17}$/.test(runIdText) || !Number.isSafeInteger(artifactRunId)) {
      throw new UsageError(
        `Input 'artifact-run-id' must be a workflow run id (a whole number such as \${{ github.event.inputs.run-id }}), got '${runIdText}'`,
        'artifact-run-id'
      )
    }
  }
  for (const pattern of patterns) {
    if (/[\\/:"<>|\r]/.test(pattern)) {
      throw new UsageError(`Input 'download-artifacts' has '${pattern}', which no artifact name can match (names hold no / \\ : " < > |)`, 'download-artifacts')
    }
  }
  const receiveTimeoutText = text('receive-timeout')
  const receiveTimeout = Number(receiveTimeoutText)
  if (!/^(\d+(\.\d+)?|\.\d+)$/.test(receiveTimeoutText) || !(receiveTimeout > 0) || receiveTimeout > 360) {
    throw new UsageError(
      `Input 'receive-timeout' must be a number of minutes above 0 and at most 360 (a job's limit), such as 5 or 0.5, got '${receiveTimeoutText}'`,
      'receive-timeout'
    )
  }
  const receive: ReleaseInputs['receive'] = !receives
    ? undefined
    : distDir !== ''
      ? { from: 'directory', dir: resolve(cwd, distDir) }
      : { from: 'artifacts', patterns: patterns.length > 0 ? patterns : [artifactName], runId: artifactRunId, timeoutMs: receiveTimeout * 60_000 }
  for (const name of ['expect-wheels', 'require-certification', 'receive-timeout'] as const) {
    if (text(name) !== INPUT_DEFAULTS[name] && text(name) !== '' && !receives) {
      throw new UsageError(
        `Input '${name}' checks files other jobs built, in the job that publishes them (stages preflight,publish without build); this job runs ${stages.join(',')}`,
        name
      )
    }
  }
  const expectWheels = splitList(raw('expect-wheels'))
  const badPlatform = expectWheels.find(tag => !/^[A-Za-z0-9_.*?[\]-]+$/.test(tag))
  if (badPlatform !== undefined) {
    throw new UsageError(
      `Input 'expect-wheels' has '${badPlatform}', which is no platform tag or pattern (such as manylinux_2_17_x86_64, *manylinux*x86_64, macosx*arm64, win_amd64)`,
      'expect-wheels'
    )
  }

  const indexUrlInput = (name: InputName, needed: boolean): string => {
    const value = text(name)
    if (!needed || (value === '' && name === 'index-url')) return value
    if (value === '') throw new UsageError(`Input '${name}' is empty; give the index's upload URL`, name)
    const problem = invalidIndexUrl(value)
    if (problem) throw new UsageError(`Input '${name}' (${displayUrl(value)}) cannot be used: ${problem}`, name)
    return value
  }
  const username = text('username')
  if (username === '' && (targets.includes(DistributionTarget.PYPI) || targets.includes(DistributionTarget.TEST_PYPI))) {
    throw new UsageError(`Input 'username' is empty; API tokens use __token__ (the default)`, 'username')
  }

  // The runner expands action.yml's default; anywhere else the unexpanded expression means no token.
  const githubToken = raw('github-token') === INPUT_DEFAULTS['github-token'] ? '' : text('github-token')
  if (artifactRunId !== undefined && githubToken === '') {
    throw new UsageError(
      "Input 'github-token' is empty; downloading another run's artifacts (input 'artifact-run-id') needs a token that may read them (the default, ${{ github.token }}, with `permissions: actions: read`)",
      'github-token'
    )
  }
  const publishesToGitHub = targets.includes(DistributionTarget.GITHUB) && (stages.includes('preflight') || stages.includes('publish'))
  if (publishesToGitHub && githubToken === '') {
    throw new UsageError(
      "Input 'github-token' is empty; the github target needs a token that may write releases (the default, ${{ github.token }}, with `permissions: contents: write`)",
      'github-token'
    )
  }
  const releaseTag = text('release-tag')
  const badTag = releaseTag === '' ? undefined : invalidTagName(releaseTag)
  if (badTag) throw new UsageError(`Input 'release-tag' ('${releaseTag}') is not a valid tag name: ${badTag}`, 'release-tag')
  const optionalBool = (name: InputName): boolean | undefined => (text(name) === '' ? undefined : bool(name))
  const makeLatest = text('make-latest') === '' ? undefined : choice('make-latest', ['true', 'false', 'legacy'] as const)
  const concurrencyText = text('upload-concurrency')
  const uploadConcurrency = Number(concurrencyText)
  if (!/^\d+$/.test(concurrencyText) || uploadConcurrency < 1 || uploadConcurrency > 16) {
    throw new UsageError(`Input 'upload-concurrency' must be a whole number from 1 to 16 (uploads at once), got '${concurrencyText}'`, 'upload-concurrency')
  }
  const timeoutText = text('publish-timeout')
  const publishTimeout = Number(timeoutText)
  if (!/^(\d+(\.\d+)?|\.\d+)$/.test(timeoutText) || !(publishTimeout > 0) || publishTimeout > 360) {
    throw new UsageError(
      `Input 'publish-timeout' must be a number of minutes above 0 and at most 360 (a job's limit), such as 10 or 0.5, got '${timeoutText}'`,
      'publish-timeout'
    )
  }
  const optionalText = (name: InputName): string | undefined => (text(name) === '' ? undefined : raw(name))

  return {
    projectDir: resolve(cwd, projectDir === '' ? '.' : projectDir),
    version,
    tagPrefix: raw('tag-prefix').trim(),
    stages,
    targets,
    localDir: resolve(cwd, localDir),
    python,
    builder: choice('builder', BUILDERS),
    buildIsolation: bool('build-isolation'),
    buildRequirements: choice('build-requirements', BUILD_REQUIREMENTS),
    checkReproducible: bool('check-reproducible'),
    wheelFromSdist: bool('wheel-from-sdist'),
    junitXml: raw('junit-xml'),
    minPassRate: percent('min-pass-rate'),
    coverageReport: raw('coverage-report'),
    minCoverage: percent('min-coverage'),
    minBranchCoverage: percent('min-branch-coverage'),
    securityReport: raw('security-report'),
    failOnSeverity: choice('fail-on-severity', FAIL_ON_SEVERITIES),
    ignoreVulns,
    securityScan: choice('security-scan', SECURITY_SCANS),
    docsRequired,
    failOnPartial: bool('fail-on-partial'),
    dryRun: bool('dry-run'),
    uploadArtifact: bool('upload-artifact'),
    artifactName,
    retentionDays,
    receive,
    expectWheels,
    requireCertification: bool('require-certification'),
    repositoryUrl: indexUrlInput('repository-url', targets.includes(DistributionTarget.PYPI)),
    testpypiRepositoryUrl: indexUrlInput('testpypi-repository-url', targets.includes(DistributionTarget.TEST_PYPI)),
    indexUrl: indexUrlInput('index-url', targets.includes(DistributionTarget.PYPI)) || undefined,
    username,
    password: text('password'),
    testpypiPassword: text('testpypi-password'),
    skipExisting: bool('skip-existing'),
    strictRecord: bool('strict-record'),
    attestations: bool('attestations'),
    githubToken,
    releaseTag: releaseTag === '' ? undefined : releaseTag,
    releaseName: optionalText('release-name')?.trim(),
    releaseNotes: optionalText('release-notes'),
    releaseDraft: bool('release-draft'),
    prerelease: optionalBool('prerelease'),
    makeLatest,
    overwriteAssets: bool('overwrite-assets'),
    uploadConcurrency,
    publishTimeout
  }
}
