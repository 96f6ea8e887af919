// The release vocabulary (SEED-release-module.md), shared by every stage.
// Stages return these; only main.ts, cli.ts and report/ turn them into output.

export type AnnotationLevel = 'error' | 'warning' | 'notice'

/** One finding to show the user; file is relative to the repository root. */
export interface Annotation {
  level: AnnotationLevel
  message: string
  title?: string
  file?: string
  line?: number
}

/** The stage's logger: progress lines for the log, never a secret. */
export interface Logger {
  info(message: string): void
  debug(message: string): void
}

export const silentLogger: Logger = { info: () => {}, debug: () => {} }

// ---- certify ---------------------------------------------------------------

export enum CertificationStatus {
  PASS = 'PASS',
  FAIL = 'FAIL',
  PARTIAL = 'PARTIAL'
}

/** pass; fail; warn: passed but found something to fix; skip: no report given. */
export type CheckStatus = 'pass' | 'fail' | 'warn' | 'skip'

export interface CertificationCheck {
  name: string
  status: CheckStatus
  message: string
  annotations: Annotation[]
  /** Figures the check measured (e.g. pass rate, coverage), unrounded. */
  metrics: Record<string, number>
  /** Extra lines for the job summary (e.g. one row per report file). */
  details: string[]
  /** Every finding of the check (each failed test, each security finding), for the job summary only. */
  list?: CheckList
}

/** A long list for the job summary: as many items as fit, and how many more there were. */
export interface CheckList {
  title: string
  items: string[]
  /** Items left out because the list was cut (memory bound or the summary's size). */
  more: number
}

export interface ReleaseCertification {
  version: string | undefined
  status: CertificationStatus
  checks: CertificationCheck[]
  /** The changelog's entry for the release, when there is one. */
  releaseNotes?: string
}

// ---- build -----------------------------------------------------------------

export type ArtifactFormat = 'sdist' | 'wheel'

export interface PackageMetadata {
  metadataVersion: string
  name: string
  version: string
  summary: string | undefined
  requiresPython: string | undefined
}

export interface BuildArtifact {
  /** Absolute path of the built file. */
  path: string
  filename: string
  format: ArtifactFormat
  size: number
  sha256: string
  /** md5 and blake2b-256 (hex), as PyPI's upload form and JSON API name them. */
  md5: string
  blake2b_256: string
  metadata: PackageMetadata
  /** Every core-metadata field by lower-case name (the index's upload form carries them); absent for files this run did not build. */
  coreMetadata?: Map<string, string[]>
  /** What inspection found inside the archive (absent for files this run did not build). */
  contents?: {
    files: number
    largest: Array<{ name: string; size: number }>
    warnings: string[]
    /** A wheel's files against its RECORD: stricter than PyPI (preflight decides per target, 'strict-record'). */
    record?: string[]
    /** A wheel's tags as its WHEEL file states them, verified equal to its filename's (build/inspect.ts wheelTagProblems). */
    wheel?: { tags: string[]; purelib: boolean }
  }
  /** Whether its long description renders as PyPI renders it, where it is reST (taken where Python is, or from a verified manifest). */
  description?: DescriptionVerdict
}

/** A reST long description rendered as PyPI renders it (readme_renderer), by the interpreter that could. */
export interface DescriptionVerdict {
  renders: boolean
  /** docutils' complaint when it does not render. */
  message: string
  /** What rendered it: 'readme_renderer 43.0', or docutils when readme_renderer was not there. */
  renderer: string
}

export interface BuildReport {
  outputDir: string
  artifacts: BuildArtifact[]
  /** The command that built them, for the log and summary. */
  command: string[]
  annotations: Annotation[]
  /** Where the files came from in a job without build (artifacts, dist-dir); absent when this run built them. */
  received?: string
  /** The program that built them (release manifest's builder); absent for files this run did not build. */
  frontend?: 'build' | 'hatch' | 'hatchling' | 'uv'
}

// ---- preflight and publish ---------------------------------------------------

export enum DistributionTarget {
  PYPI = 'pypi',
  TEST_PYPI = 'testpypi',
  GITHUB = 'github',
  LOCAL = 'local'
}

/**
 * What a target does with a file: upload it, or keep the file already there under its name, because it is the same
 * bytes, an equivalent rebuild (the same archive members), or this release's own earlier upload by its recorded
 * origin (publish/origin.ts: this repository and commit, for these bytes) when a rebuild is neither.
 */
export type FileAction = 'upload' | 'skip-identical' | 'skip-equivalent' | 'skip-origin'

/**
 * Whether GitHub holds build provenance for a release asset's digest: 'present', 'absent', or 'unknown'
 * (GitHub would not say: a token without attestations: read, a failure after retries).
 */
export type ProvenanceStanding = 'present' | 'absent' | 'unknown'

export interface PlannedFile {
  artifact: BuildArtifact
  action: FileAction
  /** Where the file will live (path, URL). */
  destination: string
  /**
   * github target, a file already on the release with this sha256 ('skip-identical') in a run that attests:
   * whether the repository holds its build provenance. Undefined: not asked (a file to upload is attested anyway).
   */
  provenance?: ProvenanceStanding
  /** 'skip-origin': what a target says of the file it keeps, naming the origin and the evidence (origin.ts keptByOrigin). */
  kept?: string
}

export interface PreflightResult {
  target: DistributionTarget
  ready: boolean
  message: string
  files: PlannedFile[]
  annotations: Annotation[]
}

export type PublishStatus = 'published' | 'skipped' | 'failed'

export interface PublishResult {
  target: DistributionTarget
  status: PublishStatus
  url: string
  message: string
  /** Filenames published (or found already in place). */
  files: string[]
  /** Of those, the files this run sent, and the files already there that were kept. */
  uploaded: string[]
  skipped: string[]
  /** The GitHub Release's id (github target). */
  releaseId?: number
  /** The build provenance attestations this run stored for the release's assets (github target). */
  attestations?: Array<{ asset: string; id: number; url: string }>
  /** What became of the files' provenance, for the summary's row: the github target's build provenance, an index target's read-back; undefined: not asked for. */
  provenance?: string
  /** Notices and warnings of this target's publish (a missing permission that did not stop it, a file an index shows without its attestation). */
  annotations?: Annotation[]
}
