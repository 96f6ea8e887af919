// The `release certification` check run: the job summary and every annotation on the commit, so none
// is lost to the workflow commands' 10 per type per step. GitHub takes 50 annotations per request and
// 65,535 characters of summary; the first batch creates the run, the rest are added by updates.
import type { GitHubClient } from '../publish/github-api.js'
import type { Annotation, Logger } from '../types.js'
import { CertificationStatus } from '../types.js'
import type { RunnerEnvironment } from '../env.js'
import type { PipelineResult } from '../outcome.js'
import { describeError } from '../errors.js'
import { collectAnnotations, readableMessage } from './annotations.js'
import { renderSummary } from './summary.js'

export const CHECK_RUN_NAME = 'release certification'
/** GitHub's limits: annotations per request, characters of output.summary and output.text, of a title. */
export const ANNOTATIONS_PER_REQUEST = 50
export const OUTPUT_LIMIT = 65_535
const TITLE_LIMIT = 255
const MESSAGE_LIMIT = 64 * 1024

export interface CheckRunRequest {
  client: () => Promise<GitHubClient>
  /** owner/name. */
  repository: string
  /** The commit the check belongs to: a pull request's head, else GITHUB_SHA. */
  headSha: string
  status: CertificationStatus
  /** The job summary (Markdown); cut to GitHub's limit here. */
  summary: string
  annotations: Annotation[]
  logger: Logger
}

export type CheckRunOutcome = { id: number; url: string; annotations: number } | { notice: string }

const LEVELS = { error: 'failure', warning: 'warning', notice: 'notice' } as const
const CONCLUSIONS = { [CertificationStatus.PASS]: 'success', [CertificationStatus.PARTIAL]: 'neutral', [CertificationStatus.FAIL]: 'failure' } as const

/** Text cut to `limit` characters, saying so at the end. */
export function cut(text: string, limit: number, what: string): string {
  if (text.length <= limit) return text
  const note = `\n\n… (${what} cut to GitHub's limit of ${limit} characters)`
  return text.slice(0, limit - note.length) + note
}

/**
 * An annotation as the Checks API takes it: a file and line are required, so annotations without one go in the text.
 * The message is the few lines a step's annotation shows (readableMessage); the whole text, when that is shorter,
 * is its raw_details ("Details about this annotation", which GitHub shows folded under it).
 */
function checkAnnotation(annotation: Annotation & { file: string }): Record<string, unknown> {
  const message = readableMessage(annotation.message)
  return {
    path: annotation.file,
    start_line: annotation.line ?? 1,
    end_line: annotation.line ?? 1,
    annotation_level: LEVELS[annotation.level],
    message: cut(message, MESSAGE_LIMIT, 'message'),
    ...(annotation.title ? { title: annotation.title.slice(0, TITLE_LIMIT) } : {}),
    ...(message !== annotation.message.trimEnd() ? { raw_details: cut(annotation.message, MESSAGE_LIMIT, 'details') } : {})
  }
}

export async function createCheckRun(request: CheckRunRequest): Promise<CheckRunOutcome> {
  const [owner, repo] = request.repository.split('/') as [string, string]
  const located = request.annotations.filter((a): a is Annotation & { file: string } => a.file !== undefined)
  const unlocated = request.annotations.filter(a => a.file === undefined)
  const text = unlocated.map(a => `- **${a.level}**${a.title ? ` ${a.title}` : ''}: ${a.message}`).join('\n')
  const batches: Array<Array<Record<string, unknown>>> = []
  for (let start = 0; start < located.length; start += ANNOTATIONS_PER_REQUEST) {
    batches.push(located.slice(start, start + ANNOTATIONS_PER_REQUEST).map(checkAnnotation))
  }
  const output = {
    title: `Certification ${request.status}`,
    summary: cut(request.summary, OUTPUT_LIMIT, 'summary'),
    ...(text ? { text: cut(`Findings without a file:\n\n${text}`, OUTPUT_LIMIT, 'text') } : {})
  }
  const octokit = await request.client()
  let id: number
  let url: string
  try {
    const created = await octokit.rest.checks.create({
      owner,
      repo,
      name: CHECK_RUN_NAME,
      head_sha: request.headSha,
      status: 'completed',
      conclusion: CONCLUSIONS[request.status],
      completed_at: new Date().toISOString(),
      output: { ...output, annotations: (batches[0] ?? []) as never }
    })
    id = created.data.id
    url = created.data.html_url ?? ''
  } catch (error) {
    const status = (error as { status?: number }).status
    if (status === 403 || status === 404) {
      return {
        notice:
          `The check run '${CHECK_RUN_NAME}' was not created: the token may not create check runs (HTTP ${status}). ` +
          'Give the job `permissions: checks: write` to get every annotation on the commit; the workflow run shows 10 of each kind per step, and the rest are in the log.'
      }
    }
    throw error
  }
  for (const batch of batches.slice(1)) {
    await octokit.rest.checks.update({ owner, repo, check_run_id: id, output: { ...output, annotations: batch as never } })
  }
  request.logger.info(
    `check run '${CHECK_RUN_NAME}' (id ${id}) created on ${request.headSha} with ${located.length} annotations in ${Math.max(1, batches.length)} requests`
  )
  return { id, url, annotations: located.length }
}

export interface CertificationReport {
  /** The run's result with every secret redacted: the check run is readable by anyone who can read the repository. */
  shown: PipelineResult
  /** The certification's verdict; no check run without one. */
  status: CertificationStatus | undefined
  /** 'github-token'; no check run without one. */
  token: string
  env: RunnerEnvironment
  logger: Logger
}

export type CertificationReported = { checkRun: { id: number; url: string } } | { annotation: Annotation }

/**
 * The certification as a check run on the commit, when there is a token, a repository and a commit.
 * Returns the check run, or the finding that says why there is none (undefined when none was asked for).
 */
export async function reportCheckRun(report: CertificationReport): Promise<CertificationReported | undefined> {
  const { shown, status, token, env, logger } = report
  const headSha = env.pullRequestHeadSha ?? env.sha
  if (!status || !token || !env.repository || !headSha) return undefined
  try {
    const outcome = await createCheckRun({
      client: async () => (await import('../publish/github-api.js')).githubClient({ token, apiUrl: env.apiUrl, logger }),
      repository: env.repository,
      headSha,
      status,
      summary: renderSummary(shown, { limit: OUTPUT_LIMIT, env }),
      annotations: collectAnnotations(shown),
      logger
    })
    if ('notice' in outcome) return { annotation: { level: 'notice', title: 'Check run not created', message: outcome.notice } }
    return { checkRun: { id: outcome.id, url: outcome.url } }
  } catch (error) {
    const message = `The check run '${CHECK_RUN_NAME}' could not be created: ${describeError(error)}. The annotations are on the workflow run and in the log.`
    return { annotation: { level: 'warning', title: 'Check run failed', message } }
  }
}
