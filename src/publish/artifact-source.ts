// The ArtifactSource backed by the unmodified @actions/artifact client: this run's artifacts through the
// runtime token, another run's (artifact-run-id) through the REST API with the github-token. Only
// main.ts imports this module; the client itself loads on first use (it is large).
import type { Logger } from '../types.js'
import type { ArtifactSource } from './receive.js'
import { readSourceRun } from './source-run.js'

export function actionsArtifactSource(options: {
  /** For another run's artifacts: a token that may read them (actions: read), and the repository. */
  token: string
  repository: string | undefined
  /** GITHUB_API_URL, where another run is asked about before its artifacts are downloaded. */
  apiUrl: string
  logger: Logger
}): ArtifactSource {
  let loaded: Promise<import('@actions/artifact').ArtifactClient> | undefined
  const client = (): Promise<import('@actions/artifact').ArtifactClient> =>
    (loaded ??= import('@actions/artifact').then(module => new module.DefaultArtifactClient()))
  const findBy = (runId: number | undefined) => {
    if (runId === undefined) return {}
    const [owner, name] = (options.repository ?? '').split('/')
    if (!owner || !name) throw new Error('GITHUB_REPOSITORY is not set, so the repository of artifact-run-id is unknown')
    return { findBy: { token: options.token, workflowRunId: runId, repositoryOwner: owner, repositoryName: name } }
  }
  return {
    describe(runId) {
      // this run's artifacts come from ACTIONS_RESULTS_URL; another run's are found through the REST API
      const host = (variable: string, fallback: string): string => {
        try {
          return new URL(process.env[variable] || fallback).host
        } catch {
          return process.env[variable] ?? fallback
        }
      }
      return runId === undefined
        ? `the Actions artifact service (${host('ACTIONS_RESULTS_URL', 'https://results-receiver.actions.githubusercontent.com')})`
        : `the Actions artifact service (through the GitHub API at ${host('GITHUB_API_URL', 'https://api.github.com')})`
    },
    async list(runId) {
      const { artifacts } = await (await client()).listArtifacts({ latest: true, ...findBy(runId) })
      return artifacts.map(a => ({ id: a.id, name: a.name, size: a.size, digest: a.digest }))
    },
    async download(id, directory, { runId, expectedDigest }) {
      const result = await (
        await client()
      ).downloadArtifact(id, { path: directory, ...(expectedDigest ? { expectedHash: expectedDigest } : {}), ...findBy(runId) })
      return { digestMismatch: result.digestMismatch === true }
    },
    async workflowRun(runId) {
      const [owner, repo] = (options.repository ?? '').split('/')
      if (!owner || !repo) throw new Error('GITHUB_REPOSITORY is not set, so the repository of artifact-run-id is unknown')
      const { githubClient } = await import('./github-api.js')
      const octokit = githubClient({ token: options.token, apiUrl: options.apiUrl, logger: options.logger })
      const { data } = await octokit.rest.actions.getWorkflowRun({ owner, repo, run_id: runId })
      return readSourceRun(data, runId)
    }
  }
}
