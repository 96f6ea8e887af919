// The runner's environment, read in one place (GITHUB_*, RUNNER_*, ACTIONS_*, SOURCE_DATE_EPOCH).
import type { SearchPath } from './python.js'
import { readFileSync } from 'node:fs'
import { mkdir, mkdtemp } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export interface RunnerEnvironment {
  /** Repository root: GITHUB_WORKSPACE on a runner, else the working directory. */
  workspace: string
  /** Where programs are found (the default 'python' input looks for an interpreter there). */
  searchPath?: SearchPath
  /** GITHUB_REF, e.g. refs/tags/v1.2.3. */
  ref: string | undefined
  /** GITHUB_EVENT_NAME, e.g. push, pull_request, workflow_dispatch. */
  eventName: string | undefined
  sha: string | undefined
  /** RUNNER_TEMP, where build output goes on a runner. */
  runnerTemp: string | undefined
  sourceDateEpoch: string | undefined
  /** GITHUB_REPOSITORY, GITHUB_WORKFLOW, GITHUB_JOB, GITHUB_RUN_ID, GITHUB_RUN_ATTEMPT: who built, for the release manifest. */
  repository: string | undefined
  /** GITHUB_WORKFLOW_REF: owner/repo/.github/workflows/<file>@<ref> of the top-level workflow. */
  workflowRef: string | undefined
  workflow: string | undefined
  job: string | undefined
  runId: string | undefined
  runAttempt: string | undefined
  /** RUNNER_OS and RUNNER_ARCH, e.g. Linux and X64. */
  runnerOs: string | undefined
  runnerArch: string | undefined
  /** Why the Actions artifact service cannot be used in this run; undefined when it can. */
  artifactServiceUnavailable: string | undefined
  /** GITHUB_API_URL (default https://api.github.com). */
  apiUrl: string
  /** The pull request's head commit on pull_request events (from GITHUB_EVENT_PATH): checks belong there, not on the merge commit. */
  pullRequestHeadSha: string | undefined
  /** GITHUB_SERVER_URL (default https://github.com). */
  serverUrl?: string
  /**
   * The repository's visibility, from the event payload (GITHUB_EVENT_PATH: repository.visibility, else
   * repository.private); undefined when the payload does not say.
   */
  repositoryVisibility?: 'public' | 'private' | 'internal'
  /** SIGSTORE_FULCIO_URL, SIGSTORE_REKOR_URL, SIGSTORE_TSA_URL, SIGSTORE_TRUSTED_ROOT: another Sigstore instance than public-good (attest/sign.ts sigstoreSettings). */
  sigstore: Record<(typeof SIGSTORE_VARIABLES)[number], string | undefined>
  /** The runner's own credentials (ACTIONS_RUNTIME_TOKEN, ACTIONS_ID_TOKEN_REQUEST_TOKEN): never shown, whatever echoes them. */
  secrets: string[]
  /** PYTHON_RELEASE_TRACE=1: log when each milestone of the run passes (trace.ts; bench:pipeline reads it). */
  trace?: boolean
}

/** The head SHA of the event's pull request, when GITHUB_EVENT_PATH holds one. */
function pullRequestHeadSha(path: string | undefined): string | undefined {
  if (!path) return undefined
  try {
    const event = JSON.parse(readFileSync(path, 'utf8')) as { pull_request?: { head?: { sha?: unknown } } }
    const sha = event.pull_request?.head?.sha
    return typeof sha === 'string' && /^[0-9a-f]{40,64}$/.test(sha) ? sha : undefined
  } catch {
    return undefined
  }
}

/** The repository's visibility as the event payload gives it (actions/attest reads the same field). */
function repositoryVisibility(path: string | undefined): RunnerEnvironment['repositoryVisibility'] {
  if (!path) return undefined
  try {
    const event = JSON.parse(readFileSync(path, 'utf8')) as { repository?: { visibility?: unknown; private?: unknown } }
    const visibility = event.repository?.visibility
    if (visibility === 'public' || visibility === 'private' || visibility === 'internal') return visibility
    if (typeof event.repository?.private === 'boolean') return event.repository.private ? 'private' : 'public'
    return undefined
  } catch {
    return undefined
  }
}

/** Why @actions/artifact cannot run here: outside Actions (no runtime token or results URL), or on GHES. */
function artifactServiceUnavailable(env: NodeJS.ProcessEnv): string | undefined {
  if (!env['ACTIONS_RUNTIME_TOKEN'] || !env['ACTIONS_RESULTS_URL']) {
    return 'this is not a GitHub Actions job step (ACTIONS_RUNTIME_TOKEN and ACTIONS_RESULTS_URL are not set)'
  }
  let host: string
  try {
    host = new URL(env['GITHUB_SERVER_URL'] || 'https://github.com').hostname.toLowerCase()
  } catch {
    return `GITHUB_SERVER_URL '${env['GITHUB_SERVER_URL']}' is not a URL`
  }
  if (host !== 'github.com' && !host.endsWith('.ghe.com') && !host.endsWith('.localhost')) {
    return `GitHub Enterprise Server (${host}) does not offer the artifact service that @actions/artifact v2+ needs`
  }
  return undefined
}

/** The variables that point signing at a private Sigstore deployment or a test instance. */
export const SIGSTORE_VARIABLES = ['SIGSTORE_FULCIO_URL', 'SIGSTORE_REKOR_URL', 'SIGSTORE_TSA_URL', 'SIGSTORE_TRUSTED_ROOT'] as const

export function readEnvironment(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): RunnerEnvironment {
  const nonEmpty = (name: string): string | undefined => (env[name] ? env[name] : undefined)
  const workspace = nonEmpty('GITHUB_WORKSPACE')
  return {
    workspace: workspace ? resolve(cwd, workspace) : cwd,
    searchPath: { path: env['PATH'] ?? env['Path'], pathExt: env['PATHEXT'], platform: process.platform },
    ref: nonEmpty('GITHUB_REF'),
    eventName: nonEmpty('GITHUB_EVENT_NAME'),
    sha: nonEmpty('GITHUB_SHA'),
    runnerTemp: nonEmpty('RUNNER_TEMP'),
    sourceDateEpoch: nonEmpty('SOURCE_DATE_EPOCH'),
    repository: nonEmpty('GITHUB_REPOSITORY'),
    workflowRef: nonEmpty('GITHUB_WORKFLOW_REF'),
    workflow: nonEmpty('GITHUB_WORKFLOW'),
    job: nonEmpty('GITHUB_JOB'),
    runId: nonEmpty('GITHUB_RUN_ID'),
    runAttempt: nonEmpty('GITHUB_RUN_ATTEMPT'),
    runnerOs: nonEmpty('RUNNER_OS'),
    runnerArch: nonEmpty('RUNNER_ARCH'),
    artifactServiceUnavailable: artifactServiceUnavailable(env),
    apiUrl: nonEmpty('GITHUB_API_URL') ?? 'https://api.github.com',
    pullRequestHeadSha: PULL_REQUEST_EVENTS.has(env['GITHUB_EVENT_NAME'] ?? '') ? pullRequestHeadSha(nonEmpty('GITHUB_EVENT_PATH')) : undefined,
    serverUrl: nonEmpty('GITHUB_SERVER_URL') ?? 'https://github.com',
    repositoryVisibility: repositoryVisibility(nonEmpty('GITHUB_EVENT_PATH')),
    sigstore: Object.fromEntries(SIGSTORE_VARIABLES.map(name => [name, nonEmpty(name)])) as RunnerEnvironment['sigstore'],
    secrets: ['ACTIONS_RUNTIME_TOKEN', 'ACTIONS_ID_TOKEN_REQUEST_TOKEN'].flatMap(name => nonEmpty(name) ?? []),
    trace: env['PYTHON_RELEASE_TRACE'] === '1'
  }
}

/** Events whose runs check a pull request: the pipeline never publishes from them. */
export const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target'])

/** An input's value as the runner passes it: INPUT_<NAME> (spaces → _, upper case); undefined when unset. */
export function inputFromEnv(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`]
}

/**
 * A new directory for this run's own files under RUNNER_TEMP (the OS's temp directory outside a runner):
 * RUNNER_TEMP is made first when it does not exist yet (a self-hosted runner's cleaned temp, a local run).
 */
export async function runnerTempDir(runnerTemp: string | undefined, prefix: string): Promise<string> {
  const base = runnerTemp || tmpdir()
  await mkdir(base, { recursive: true }).catch(() => {}) // a failure is mkdtemp's to report, with the path
  return mkdtemp(join(base, prefix))
}
