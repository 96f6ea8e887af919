// The action: INPUT_* → ReleaseInputs → the pipeline → annotations, outputs, job summary, exit status.
import * as core from '@actions/core'
import { getInputs, INPUT_NAMES, SECRET_INPUTS, UsageError } from './inputs.js'
import { inputFromEnv, readEnvironment } from './env.js'
import { ProjectError } from './project.js'
import { annotationPath } from './paths.js'
import { runPipeline } from './pipeline.js'
import { collectAnnotations, selectForGitHub } from './report/annotations.js'
import { buildOutputs } from './report/outputs.js'
import { actionsArtifactStore } from './report/artifact-client.js'
import { renderSummary } from './report/summary.js'
import type { Annotation } from './types.js'

function annotate(annotation: Annotation): void {
  const properties: core.AnnotationProperties = { title: annotation.title, file: annotation.file, startLine: annotation.line }
  if (annotation.level === 'error') core.error(annotation.message, properties)
  else if (annotation.level === 'warning') core.warning(annotation.message, properties)
  else core.notice(annotation.message, properties)
}

/**
 * The runner's OIDC token for an audience. Without ACTIONS_ID_TOKEN_REQUEST_URL the job was not
 * given `id-token: write`; outside Actions there is no OIDC at all (undefined).
 */
function idTokenSource(): ((audience: string) => Promise<string>) | undefined {
  if (process.env['ACTIONS_ID_TOKEN_REQUEST_URL']) return audience => core.getIDToken(audience)
  if (process.env['GITHUB_ACTIONS'] !== 'true') return undefined
  return async () => {
    throw new Error("ACTIONS_ID_TOKEN_REQUEST_URL is not set, so the job lacks 'permissions: id-token: write'")
  }
}

export async function run(): Promise<void> {
  // Before anything can log them: a secret passed from a non-secret expression is masked too.
  for (const name of SECRET_INPUTS) {
    const value = inputFromEnv(name)?.trim()
    if (value) core.setSecret(value)
  }
  const env = readEnvironment()
  try {
    const inputs = getInputs(name => inputFromEnv(name))
    core.debug(`inputs read: ${INPUT_NAMES.join(', ')}`)
    const result = await runPipeline(inputs, env, {
      logger: { info: message => core.info(message), debug: message => core.debug(message) },
      group: (title, fn) => core.group(title, fn),
      artifacts: actionsArtifactStore(),
      idToken: idTokenSource(),
      setSecret: secret => core.setSecret(secret)
    })
    const { shown, rest } = selectForGitHub(collectAnnotations(result))
    for (const annotation of shown) annotate(annotation)
    for (const annotation of rest) {
      const where = annotation.file ? ` (${annotation.file}${annotation.line ? `:${annotation.line}` : ''})` : ''
      core.info(`${annotation.level}: ${annotation.title ? `${annotation.title}: ` : ''}${annotation.message}${where}`)
    }
    for (const [name, value] of Object.entries(buildOutputs(result, env.workspace))) core.setOutput(name, value)
    await core.summary.addRaw(renderSummary(result)).write()
    if (!result.ok) {
      const failed = result.stages.find(stage => stage.status === 'failed')
      process.exitCode = core.ExitCode.Failure
      core.info(`Release failed at ${failed?.stage ?? 'a stage'}: ${failed?.message ?? ''}; nothing after it ran.`)
    }
  } catch (error) {
    if (error instanceof UsageError) {
      annotate({ level: 'error', title: error.input ? `Invalid input '${error.input}'` : 'Invalid input', message: error.message })
    } else if (error instanceof ProjectError) {
      annotate({ level: 'error', title: 'Invalid project', message: error.message, file: annotationPath(error.file, env.workspace), line: error.line })
    } else {
      annotate({ level: 'error', title: 'python-release-action failed', message: error instanceof Error ? (error.stack ?? error.message) : String(error) })
    }
    process.exitCode = core.ExitCode.Failure
  }
}
