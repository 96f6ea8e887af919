// The in-toto v1 statements this action signs: PyPI's publish attestation (PEP 740) for index uploads and
// SLSA build provenance for GitHub Release assets. Both are shaped as their reference producers shape
// them, so that a verifier written against those producers accepts ours:
// - publish: pypi-attestations `Attestation.sign` (sigstore-python's StatementBuilder, compact JSON in
//   the order _type, subject, predicateType, predicate; the predicate is null);
// - provenance: @actions/attest `buildSLSAProvenancePredicate` and `buildIntotoStatement` (JSON.stringify).

export const IN_TOTO_STATEMENT_V1 = 'https://in-toto.io/Statement/v1'
/** The DSSE payload type of an in-toto statement. */
export const IN_TOTO_PAYLOAD_TYPE = 'application/vnd.in-toto+json'
export const PYPI_PUBLISH_V1 = 'https://docs.pypi.org/attestations/publish/v1'
export const SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1'
export const GITHUB_WORKFLOW_BUILD_TYPE = 'https://actions.github.io/buildtypes/workflow/v1'

/** A file to attest: its own name (no directory) and its sha256 as lowercase hex. */
export interface AttestedFile {
  filename: string
  sha256: string
}

export interface StatementSubject {
  name: string
  digest: { sha256: string }
}

export interface InTotoStatement<Predicate> {
  _type: typeof IN_TOTO_STATEMENT_V1
  subject: StatementSubject[]
  predicateType: string
  predicate: Predicate
}

export type PublishStatement = InTotoStatement<null>
export type ProvenanceStatement = InTotoStatement<SlsaProvenancePredicate>

/**
 * The workflow run that signs, as the GitHub OIDC token's claims describe it (and the GITHUB_* variables
 * repeat): what @actions/attest reads from the token to build provenance.
 */
export interface WorkflowRun {
  /** GITHUB_SERVER_URL, e.g. https://github.com. */
  serverUrl: string
  /** owner/repo (claim `repository`, GITHUB_REPOSITORY). */
  repository: string
  /** Claim `repository_id`, GITHUB_REPOSITORY_ID. */
  repositoryId: string
  /** Claim `repository_owner_id`, GITHUB_REPOSITORY_OWNER_ID. */
  repositoryOwnerId: string
  /** owner/repo/.github/workflows/file.yml@ref (claim `workflow_ref`, GITHUB_WORKFLOW_REF). */
  workflowRef: string
  /**
   * The workflow file the job runs (claim `job_workflow_ref`): a reusable workflow's own ref when the job
   * calls one. No GITHUB_* variable carries it; undefined means the top-level workflow (workflowRef).
   */
  jobWorkflowRef?: string
  /** Claim `event_name`, GITHUB_EVENT_NAME. */
  eventName: string
  /** Claim `ref`, GITHUB_REF, e.g. refs/tags/v1.2.3. */
  ref: string
  /** Claim `sha`, GITHUB_SHA. */
  sha: string
  /** Claim `run_id`, GITHUB_RUN_ID. */
  runId: string
  /** Claim `run_attempt`, GITHUB_RUN_ATTEMPT. */
  runAttempt: string
  /** Claim `runner_environment`, RUNNER_ENVIRONMENT: github-hosted or self-hosted. */
  runnerEnvironment: string
}

export interface SlsaProvenancePredicate {
  buildDefinition: {
    buildType: typeof GITHUB_WORKFLOW_BUILD_TYPE
    externalParameters: { workflow: { ref: string; repository: string; path: string } }
    internalParameters: {
      github: { event_name: string; repository_id: string; repository_owner_id: string; runner_environment: string }
    }
    resolvedDependencies: { uri: string; digest: { gitCommit: string } }[]
  }
  runDetails: {
    builder: { id: string }
    metadata: { invocationId: string }
  }
}

const SHA256_HEX = /^[0-9a-f]{64}$/

function subjectOf(file: AttestedFile): StatementSubject {
  const { filename, sha256 } = file
  if (!filename || /[/\\]/.test(filename) || filename === '.' || filename === '..') {
    throw new Error(`Attestation subject '${filename}' must be a file name without a directory`)
  }
  if (!SHA256_HEX.test(sha256)) {
    throw new Error(`Attestation subject '${filename}': sha256 '${sha256}' is not 64 lowercase hex digits`)
  }
  return { name: filename, digest: { sha256 } }
}

/**
 * PyPI's publish attestation for one distribution file. The subject name is the file name exactly as
 * uploaded: pypi-attestations stopped normalizing it (pypi/warehouse#18128) and warehouse compares the
 * parsed name and version of subject and upload, so it must parse as a wheel or sdist name.
 */
export function publishStatement(file: AttestedFile): PublishStatement {
  const subject = subjectOf(file)
  if (!/\.(whl|tar\.gz|zip)$/.test(subject.name)) {
    throw new Error(`Cannot attest '${subject.name}' for an index: PyPI accepts attestations only for wheels (.whl) and sdists (.tar.gz, .zip)`)
  }
  return { _type: IN_TOTO_STATEMENT_V1, subject: [subject], predicateType: PYPI_PUBLISH_V1, predicate: null }
}

/** Splits owner/repo/.github/workflows/file.yml@refs/tags/a@b into the path and ref (a tag may hold '@'). */
function workflowPathAndRef(run: WorkflowRun): { path: string; ref: string } {
  const prefix = `${run.repository}/`
  const rest = run.workflowRef.startsWith(prefix) ? run.workflowRef.slice(prefix.length) : run.workflowRef
  const at = rest.indexOf('@')
  if (at <= 0) throw new Error(`Workflow ref '${run.workflowRef}' has no '@<ref>' after the workflow path`)
  return { path: rest.slice(0, at), ref: rest.slice(at + 1) }
}

/** The SLSA v1 predicate of actions/attest-build-provenance for this workflow run. */
export function provenancePredicate(run: WorkflowRun): SlsaProvenancePredicate {
  const { path, ref } = workflowPathAndRef(run)
  const server = run.serverUrl.replace(/\/+$/, '')
  return {
    buildDefinition: {
      buildType: GITHUB_WORKFLOW_BUILD_TYPE,
      externalParameters: { workflow: { ref, repository: `${server}/${run.repository}`, path } },
      internalParameters: {
        github: {
          event_name: run.eventName,
          repository_id: run.repositoryId,
          repository_owner_id: run.repositoryOwnerId,
          runner_environment: run.runnerEnvironment
        }
      },
      resolvedDependencies: [{ uri: `git+${server}/${run.repository}@${run.ref}`, digest: { gitCommit: run.sha } }]
    },
    runDetails: {
      builder: { id: `${server}/${run.jobWorkflowRef ?? run.workflowRef}` },
      metadata: {
        invocationId: `${server}/${run.repository}/actions/runs/${run.runId}/attempts/${run.runAttempt}`
      }
    }
  }
}

/** Build provenance for one GitHub Release asset, as actions/attest-build-provenance states it. */
export function provenanceStatement(file: AttestedFile, run: WorkflowRun): ProvenanceStatement {
  return {
    _type: IN_TOTO_STATEMENT_V1,
    subject: [subjectOf(file)],
    predicateType: SLSA_PROVENANCE_V1,
    predicate: provenancePredicate(run)
  }
}

/**
 * The bytes that are signed (the DSSE payload). Compact JSON in the statement's own key order: what
 * both reference producers emit. Verifiers parse the payload, so no canonical form is required; keeping
 * theirs makes our payloads byte-comparable with theirs.
 */
export function statementBytes(statement: InTotoStatement<unknown>): Buffer {
  return Buffer.from(JSON.stringify(statement), 'utf8')
}

const WORKFLOW_RUN_VARIABLES: [keyof WorkflowRun, string][] = [
  ['repository', 'GITHUB_REPOSITORY'],
  ['repositoryId', 'GITHUB_REPOSITORY_ID'],
  ['repositoryOwnerId', 'GITHUB_REPOSITORY_OWNER_ID'],
  ['workflowRef', 'GITHUB_WORKFLOW_REF'],
  ['eventName', 'GITHUB_EVENT_NAME'],
  ['ref', 'GITHUB_REF'],
  ['sha', 'GITHUB_SHA'],
  ['runId', 'GITHUB_RUN_ID'],
  ['runAttempt', 'GITHUB_RUN_ATTEMPT'],
  ['runnerEnvironment', 'RUNNER_ENVIRONMENT']
]

/**
 * The workflow run from the runner's variables (pass the environment object; src/env.ts reads it).
 * Throws naming every missing variable: provenance with a blank field would mislead its verifier.
 */
export function workflowRunFromEnv(env: Record<string, string | undefined>): WorkflowRun {
  const missing = WORKFLOW_RUN_VARIABLES.filter(([, name]) => !env[name]).map(([, name]) => name)
  if (missing.length > 0) {
    throw new Error(`Build provenance needs the GitHub Actions variables ${missing.join(', ')}; run the step in a GitHub Actions job`)
  }
  const run: Partial<WorkflowRun> = { serverUrl: env['GITHUB_SERVER_URL'] || 'https://github.com' }
  for (const [field, name] of WORKFLOW_RUN_VARIABLES) (run as Record<string, string>)[field] = env[name] as string
  return run as WorkflowRun
}

/** The workflow run from the OIDC token's claims, as @actions/attest reads it (this keeps job_workflow_ref). */
export function workflowRunFromClaims(claims: Record<string, unknown>, serverUrl: string): WorkflowRun {
  const text = (claim: string): string => {
    const value = claims[claim]
    if (typeof value !== 'string' || value === '') throw new Error(`The OIDC token has no '${claim}' claim`)
    return value
  }
  return {
    serverUrl,
    repository: text('repository'),
    repositoryId: text('repository_id'),
    repositoryOwnerId: text('repository_owner_id'),
    workflowRef: text('workflow_ref'),
    jobWorkflowRef: text('job_workflow_ref'),
    eventName: text('event_name'),
    ref: text('ref'),
    sha: text('sha'),
    runId: text('run_id'),
    runAttempt: text('run_attempt'),
    runnerEnvironment: text('runner_environment')
  }
}
