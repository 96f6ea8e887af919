// A promotion (`artifact-run-id`) publishes files another workflow run built: before anything of that run is
// downloaded, the run itself is asked for through the REST API (GET /repos/{owner}/{repo}/actions/runs/{run_id},
// "Get a workflow run") and judged here, one rule per function, each with its own test
// (__tests__/source-run.test.ts). The fields are the REST API's workflow-run object (GitHub's OpenAPI
// description, components/schemas/workflow-run): id, html_url, event, status, conclusion, head_sha, and
// repository / head_repository (minimal-repository: full_name).

/** What the rules read of a workflow run. */
export interface SourceRun {
  id: number
  html_url: string
  event: string
  /** queued, in_progress, completed, …; null while GitHub has none. */
  status: string | null
  /** success, failure, cancelled, …; null until the run completes. */
  conclusion: string | null
  head_sha: string
  repository: { full_name: string }
  /** The repository the head commit came from: a fork's, for a pull request from a fork. */
  head_repository: { full_name: string } | null
}

/** The run, for every message: its id and its page. */
export function runName(run: Pick<SourceRun, 'id' | 'html_url'>): string {
  return `run ${run.id} (${run.html_url})`
}

const ADVICE = "Promote a run of this repository's own workflow that built and certified the release ('artifact-run-id')"

/** The run is one of the repository that is releasing (GITHUB_REPOSITORY). */
export function sameRepository(run: SourceRun, repository: string): string | undefined {
  if (run.repository.full_name.toLowerCase() === repository.toLowerCase()) return undefined
  return `${runName(run)} is a run of ${run.repository.full_name}, not of ${repository}, which is releasing; nothing of it is downloaded. ${ADVICE}`
}

/**
 * The run did not build a fork's code: a pull request from a fork runs the fork's commit (its
 * head_repository is the fork), and whoever controls the fork controls what that run built. Any event whose
 * head repository is another one is refused (pull_request and pull_request_target alike).
 */
export function notFromFork(run: SourceRun): string | undefined {
  const head = run.head_repository?.full_name
  if (head === undefined) {
    return `${runName(run)} does not say which repository its commit came from (no head_repository), so it may be a fork's; nothing of it is downloaded`
  }
  if (head.toLowerCase() === run.repository.full_name.toLowerCase()) return undefined
  return (
    `${runName(run)} is a ${run.event} run of ${head}'s commit ${run.head_sha}, a fork of ${run.repository.full_name}: ` +
    `a fork's build is never published; nothing of it is downloaded. ${ADVICE}`
  )
}

/** The run completed and succeeded: a failed, cancelled or unfinished run's artifacts are not a release's. */
export function concludedSuccessfully(run: SourceRun): string | undefined {
  if (run.status === 'completed' && run.conclusion === 'success') return undefined
  const state = run.status === 'completed' ? `concluded ${run.conclusion ?? 'without a conclusion'}` : `is ${run.status ?? 'in no known state'}, not completed`
  return `${runName(run)} ${state}; only a run that concluded successfully is promoted, and nothing of it is downloaded`
}

/** Every reason the run is not one to promote; [] when it is. */
export function runProblems(run: SourceRun, repository: string | undefined): string[] {
  return [repository === undefined ? undefined : sameRepository(run, repository), notFromFork(run), concludedSuccessfully(run)].filter(
    (problem): problem is string => problem !== undefined
  )
}

/**
 * Reads the REST answer into a SourceRun; a field that is missing or of the wrong type is an error naming it
 * (the answer comes from the network).
 */
export function readSourceRun(data: unknown, runId: number): SourceRun {
  const object = (value: unknown): Record<string, unknown> | undefined =>
    typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined
  const body = object(data)
  const fail = (field: string): never => {
    throw new Error(`GitHub's answer for workflow run ${runId} has no usable ${field}`)
  }
  if (!body) return fail('body')
  const text = (key: string): string => (typeof body[key] === 'string' ? (body[key] as string) : fail(key))
  const nullable = (key: string): string | null => (body[key] === null ? null : text(key))
  const repository = (key: string): { full_name: string } | null => {
    if (body[key] === null) return null
    const value = object(body[key])
    return typeof value?.['full_name'] === 'string' ? { full_name: value['full_name'] } : fail(`${key}.full_name`)
  }
  if (body['id'] !== runId) fail(`id (it should be ${runId})`)
  return {
    id: runId,
    html_url: text('html_url'),
    event: text('event'),
    status: nullable('status'),
    conclusion: nullable('conclusion'),
    head_sha: text('head_sha'),
    repository: repository('repository') ?? fail('repository'),
    head_repository: repository('head_repository')
  }
}
