// The runner's workflow commands and file commands, written as @actions/core 3.0.1 writes them
// (lib/command.js, lib/file-command.js, lib/utils.js, lib/core.js, lib/summary.js: same text, escapes,
// delimiters and error messages), for main.ts. @actions/core itself loads @actions/http-client at start
// (for getIDToken), and with it undici and node's http, https and http2: about a third of the bundle's
// start-up (bench:pipeline), which every run paid and only a run that asks for an OIDC token needs. It
// is still the one that fetches the token, imported then, and the one that takes the outputs and the
// summary when the runner gave no file for them (outputSink: a host that replaces it, @github/local-action).
import { randomUUID } from 'node:crypto'
import { appendFileSync, constants, existsSync } from 'node:fs'
import { access, appendFile } from 'node:fs/promises'
import { EOL } from 'node:os'
import { processSink } from './sink.js'

/** The step's exit codes (core.ExitCode). */
export enum ExitCode {
  Success = 0,
  Failure = 1
}

/** Where an annotation points (core.AnnotationProperties). */
export interface AnnotationProperties {
  title?: string
  file?: string
  startLine?: number
  endLine?: number
  startColumn?: number
  endColumn?: number
}

/** core's toCommandValue: strings as they are, anything else as JSON, nothing as ''. */
function toCommandValue(input: unknown): string {
  if (input === null || input === undefined) return ''
  if (typeof input === 'string' || input instanceof String) return input as string
  return JSON.stringify(input)
}

const escapeData = (value: unknown): string => toCommandValue(value).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
const escapeProperty = (value: unknown): string => escapeData(value).replace(/:/g, '%3A').replace(/,/g, '%2C')

/**
 * `::command key=value,…::message` (core's Command.toString): properties with an empty value are left out,
 * and the space after the command comes with any property key, set or not (`::error ::message`).
 */
function issueCommand(command: string, properties: Record<string, unknown>, message: unknown): void {
  const set = Object.entries(properties).filter(([, value]) => value)
  const props = Object.keys(properties).length > 0 ? ` ${set.map(([key, value]) => `${key}=${escapeProperty(value)}`).join(',')}` : ''
  const line = `::${command}${props}::${escapeData(message)}${EOL}`
  // Our own commands take the sink's privileged path (sink.ts): redacted, not neutralized; an add-mask as it is.
  const sink = processSink()
  if (!sink) process.stdout.write(line)
  else if (command === 'add-mask') sink.mask(line)
  else sink.command(line)
}

/** core's toCommandProperties. */
function toCommandProperties(properties: AnnotationProperties): Record<string, unknown> {
  if (Object.keys(properties).length === 0) return {}
  const { title, file, startLine: line, endLine, startColumn: col, endColumn } = properties
  return { title, file, line, endLine, col, endColumn }
}

export function info(message: string): void {
  process.stdout.write(message + EOL)
}

export function debug(message: string): void {
  issueCommand('debug', {}, message)
}

export function setSecret(secret: string): void {
  issueCommand('add-mask', {}, secret)
}

export function error(message: string, properties: AnnotationProperties = {}): void {
  issueCommand('error', toCommandProperties(properties), message)
}

export function warning(message: string, properties: AnnotationProperties = {}): void {
  issueCommand('warning', toCommandProperties(properties), message)
}

export function notice(message: string, properties: AnnotationProperties = {}): void {
  issueCommand('notice', toCommandProperties(properties), message)
}

export async function group<T>(name: string, fn: () => Promise<T>): Promise<T> {
  issueCommand('group', {}, name)
  try {
    return await fn()
  } finally {
    issueCommand('endgroup', {}, '')
  }
}

/** A step output: `name<<ghadelimiter_<uuid>` in GITHUB_OUTPUT, or the deprecated command without it (core.setOutput). */
export function setOutput(name: string, value: unknown): void {
  const filePath = process.env['GITHUB_OUTPUT'] || ''
  if (!filePath) {
    process.stdout.write(EOL)
    issueCommand('set-output', { name }, toCommandValue(value))
    return
  }
  const delimiter = `ghadelimiter_${randomUUID()}`
  const converted = toCommandValue(value)
  if (name.includes(delimiter)) throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`)
  if (converted.includes(delimiter)) throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`)
  if (!existsSync(filePath)) throw new Error(`Missing file at path: ${filePath}`)
  appendFileSync(filePath, `${name}<<${delimiter}${EOL}${converted}${EOL}${delimiter}${EOL}`, { encoding: 'utf8' })
}

/** Appends to the job summary (core.summary.addRaw(text).write()). */
export async function appendSummary(text: string): Promise<void> {
  const path = process.env['GITHUB_STEP_SUMMARY']
  if (!path) throw new Error('Unable to find environment variable for $GITHUB_STEP_SUMMARY. Check if your runtime environment supports job summaries.')
  try {
    await access(path, constants.R_OK | constants.W_OK)
  } catch {
    throw new Error(`Unable to access summary file: '${path}'. Check if the file has correct read/write permissions.`)
  }
  await appendFile(path, text, { encoding: 'utf8' })
}

/**
 * Whether the runner gave this step its file for `variable` (GITHUB_OUTPUT, GITHUB_STEP_SUMMARY). A runner
 * makes both for every step (actions/runner's FileCommandManager), so on GitHub this is always true.
 */
export function hasRunnerFile(variable: 'GITHUB_OUTPUT' | 'GITHUB_STEP_SUMMARY'): boolean {
  const path = process.env[variable]
  return Boolean(path) && existsSync(path as string)
}

/** Where the step's outputs and its summary go: the runner's files, or @actions/core's own functions. */
export interface OutputSink {
  setOutput: (name: string, value: unknown) => void
  appendSummary: (text: string) => Promise<void>
}

/**
 * The outputs and the summary where the runner gave no file for them: @actions/core's own setOutput and
 * core.summary (loaded then). This never happens on GitHub. Elsewhere the toolkit does what the functions
 * above do (the same set-output command, the same errors for a missing file), while a host that replaces
 * the toolkit gets what it expects: @github/local-action runs src/main.ts with its own stub for
 * @actions/core (src/stubs/core), which lists the outputs in its "Action Outputs" table and creates the file
 * its .env names in GITHUB_STEP_SUMMARY (it never sets GITHUB_OUTPUT; its .env.example leaves both out).
 * Written by hand here, the outputs would be a set-output command that host does not read, and the summary
 * an error ("Unable to access summary file") where the user asked for a file.
 */
export async function outputSink(): Promise<OutputSink> {
  const own: OutputSink = { setOutput, appendSummary }
  const output = hasRunnerFile('GITHUB_OUTPUT')
  const summary = hasRunnerFile('GITHUB_STEP_SUMMARY')
  if (output && summary) return own
  const core = await import('@actions/core')
  return {
    setOutput: output ? setOutput : core.setOutput,
    appendSummary: summary ? appendSummary : async text => void (await core.summary.addRaw(text).write())
  }
}

/** The runner's OIDC token for an audience, fetched by @actions/core (loaded now, by the run that needs it). */
export async function getIDToken(audience: string): Promise<string> {
  const core = await import('@actions/core')
  return core.getIDToken(audience)
}
