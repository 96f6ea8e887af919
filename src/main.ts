// The action: INPUT_* → ReleaseInputs → the pipeline → annotations, outputs, job summary, exit status.
// Every text reaches the runner through one Redactor (no secret in any sink) and every log line through
// neutralizeCommands (no text from outside becomes a workflow command).
import { resolve } from 'node:path'
import * as core from './report/runner.js'
import { getInputs, INPUT_NAMES, SECRET_INPUTS, UsageError } from './inputs.js'
import { inputFromEnv, readEnvironment } from './env.js'
import { ProjectError } from './project.js'
import { annotationPath } from './workspace-paths.js'
import { runPipeline } from './pipeline.js'
import { failedResult, type PipelineResult } from './outcome.js'
import { collectAnnotations, GITHUB_ANNOTATIONS_PER_TYPE, overflowLine, selectForGitHub } from './report/annotations.js'
import { buildOutputs } from './report/outputs.js'
import { actionsArtifactStore } from './build/artifact-client.js'
import { actionsArtifactSource } from './publish/artifact-source.js'
import { renderSummary } from './report/summary.js'
import { addInputSecrets, Redactor } from './report/redact.js'
import { commandValue, neutralizeCommands } from './report/commands.js'
import { processSink } from './report/sink.js'
import { describeError } from './errors.js'
import type { Annotation } from './types.js'
import { startTrace, trace } from './trace.js'

function annotate(annotation: Annotation): void {
  const properties: core.AnnotationProperties = { title: commandValue(annotation.title), file: commandValue(annotation.file), startLine: annotation.line }
  const message = commandValue(annotation.message)
  if (annotation.level === 'error') core.error(message, properties)
  else if (annotation.level === 'warning') core.warning(message, properties)
  else core.notice(message, properties)
}

/**
 * The runner's OIDC token for an audience. Without ACTIONS_ID_TOKEN_REQUEST_URL the job was not
 * given `id-token: write`; outside Actions there is no OIDC at all (undefined).
 */
function idTokenSource(redactor: Redactor): ((audience: string) => Promise<string>) | undefined {
  if (process.env['ACTIONS_ID_TOKEN_REQUEST_URL']) {
    return async audience => {
      const token = await core.getIDToken(audience)
      redactor.add(token)
      return token
    }
  }
  if (process.env['GITHUB_ACTIONS'] !== 'true') return undefined
  return async () => {
    throw new Error("ACTIONS_ID_TOKEN_REQUEST_URL is not set, so the job lacks 'permissions: id-token: write'")
  }
}

/**
 * Starts the run where a runner starts it. actions/runner starts a JavaScript action in GITHUB_WORKSPACE
 * (Runner.Worker/Handlers/NodeScriptActionHandler.cs: "Resolve the working directory", github.workspace), and
 * every relative path the action takes means a path from there: project-dir, local-dir, dist-dir, the report
 * patterns, the programs it runs. A host that starts it elsewhere gets the same start: @github/local-action
 * runs src/main.ts in the action's own directory (where it finds the toolkit it replaces), with
 * GITHUB_WORKSPACE from its .env. On a runner this changes nothing.
 */
function startInWorkspace(workspace: string): void {
  if (resolve(process.cwd()) === resolve(workspace)) return
  try {
    process.chdir(workspace)
  } catch (error) {
    throw new Error(`GITHUB_WORKSPACE (${workspace}) cannot be the working directory: ${describeError(error)}`)
  }
}

export async function run(): Promise<void> {
  // the process sink's own (index.ts, bin.ts), so what the libraries print is redacted with the same secrets
  const redactor = processSink()?.redactor ?? new Redactor()
  // Before anything can log them: a secret passed from a non-secret expression is masked too.
  for (const name of SECRET_INPUTS) {
    const value = inputFromEnv(name)?.trim()
    if (value) core.setSecret(value)
    redactor.add(value)
  }
  const env = readEnvironment()
  for (const secret of env.secrets) redactor.add(secret)
  const log = (message: string): void => core.info(neutralizeCommands(redactor.redact(message)))
  if (env.trace) startTrace(log)
  trace('bundle loaded')

  let result: PipelineResult
  try {
    startInWorkspace(env.workspace)
    const inputs = getInputs(name => inputFromEnv(name))
    addInputSecrets(redactor, inputs)
    core.debug(`inputs read: ${INPUT_NAMES.join(', ')}`)
    const logger = { info: log, debug: (message: string) => core.debug(redactor.redact(message)) }
    result = await runPipeline(inputs, env, {
      logger,
      group: (title, fn) => core.group(neutralizeCommands(redactor.redact(title)), fn),
      artifacts: actionsArtifactStore(),
      artifactSource: actionsArtifactSource({ token: inputs.githubToken, repository: env.repository, apiUrl: env.apiUrl, logger }),
      idToken: idTokenSource(redactor),
      setSecret: secret => {
        core.setSecret(secret)
        redactor.add(secret)
      },
      redactor
    })
  } catch (error) {
    // Nothing ran: an input or the project file is wrong, or (a defect) something escaped the stages.
    if (error instanceof UsageError) {
      result = failedResult({ level: 'error', title: error.input ? `Invalid input '${error.input}'` : 'Invalid input', message: error.message })
    } else if (error instanceof ProjectError) {
      result = failedResult({
        level: 'error',
        title: 'Invalid project',
        message: error.message,
        file: annotationPath(error.file, env.workspace),
        line: error.line
      })
    } else {
      core.debug(redactor.redact(error instanceof Error ? (error.stack ?? error.message) : String(error)))
      result = failedResult({ level: 'error', title: 'python-release-action failed', message: `${describeError(error)}; nothing was published` })
    }
  }
  const shown = redactor.redactDeep(result)
  const say = { log, redact: (text: string) => redactor.redact(text) }
  const sink = await core.outputSink()
  await report(shown, env.workspace, say, sink)
  try {
    await sink.appendSummary(renderSummary(shown, { env }))
  } catch (error) {
    channelFailed('GITHUB_STEP_SUMMARY', 'the job summary', error, shown, say, 'warning')
  }
  trace('reported')
}

/**
 * The runner's file for outputs or the summary could not be written (GITHUB_OUTPUT or GITHUB_STEP_SUMMARY
 * names a file that does not exist or cannot be written, or is not set): an annotation saying which and why,
 * not a crash. Outputs are the step's contract, so without them the step fails (a later step would read
 * nothing); the summary is for people, so without it a warning. The release itself ran as the log says.
 */
function channelFailed(variable: string, what: string, error: unknown, result: PipelineResult, say: Say, level: 'error' | 'warning' = 'error'): void {
  const ran = result.stages.length > 0 ? `the release ran (${result.stages.map(s => `${s.stage} ${s.status}`).join(', ')}); ` : ''
  // the toolkit's message names the file the runner's variable gave: outside text, redacted like every other
  const message = say.redact(
    `${what[0]?.toUpperCase()}${what.slice(1)} could not be written (${variable}): ${describeError(error)}; ${ran}the log above says what it would have held`
  )
  annotate({ level, title: `Could not write ${what}`, message })
  say.log(message)
  if (level === 'error') process.exitCode = core.ExitCode.Failure
}

/** Where report() writes: the log (commands neutralized, secrets redacted), and the redactor for text made here. */
interface Say {
  log: (message: string) => void
  redact: (text: string) => string
}

/**
 * Annotations, outputs and the exit status of a result whose every text is already redacted. An annotation shows
 * a few lines (the failed assertion and its frame); the full text of each one shortened goes to the log, in a group
 * of its own. The ones past GitHub's 10 per level are listed once, one line each (file:line and title): their full
 * text is the test report's and the test step's log, and the job summary lists them too.
 */
async function report(result: PipelineResult, workspace: string, { log, redact }: Say, sink: core.OutputSink): Promise<void> {
  const { shown, rest, shortened } = selectForGitHub(collectAnnotations(result))
  for (const annotation of shown) annotate(annotation)
  if (shortened.length > 0) {
    await core.group(`Full text of the ${shortened.length} annotation${shortened.length === 1 ? '' : 's'} shortened above`, async () => {
      for (const annotation of shortened) log(`${overflowLine(annotation)}\n${annotation.message}\n`)
    })
  }
  if (rest.length > 0) {
    log(
      `${rest.length} more finding${rest.length === 1 ? '' : 's'} than GitHub shows as annotations (${GITHUB_ANNOTATIONS_PER_TYPE} per level per step), ` +
        `listed once here:\n${rest.map(annotation => `  ${overflowLine(annotation)}`).join('\n')}`
    )
  }
  try {
    for (const [name, value] of Object.entries(buildOutputs(result, workspace))) sink.setOutput(name, value)
  } catch (error) {
    channelFailed('GITHUB_OUTPUT', 'the step outputs', error, result, { log, redact })
  }
  if (!result.ok) {
    const failed = result.stages.find(stage => stage.status === 'failed')
    process.exitCode = core.ExitCode.Failure
    log(
      failed
        ? `Release failed at ${failed.stage}: ${failed.message}; nothing after it ran.`
        : `Release failed before any stage ran: ${result.annotations[0]?.message ?? ''}`
    )
  }
}
