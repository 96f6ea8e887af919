// The runner's environment, read in one place (GITHUB_*, RUNNER_*, SOURCE_DATE_EPOCH).
import { resolve } from 'node:path'

export interface RunnerEnvironment {
  /** Repository root: GITHUB_WORKSPACE on a runner, else the working directory. */
  workspace: string
  /** GITHUB_REF, e.g. refs/tags/v1.2.3. */
  ref: string | undefined
  /** GITHUB_EVENT_NAME, e.g. push, pull_request, workflow_dispatch. */
  eventName: string | undefined
  sha: string | undefined
  /** RUNNER_TEMP, where build output goes on a runner. */
  runnerTemp: string | undefined
  sourceDateEpoch: string | undefined
}

export function readEnvironment(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): RunnerEnvironment {
  const nonEmpty = (name: string): string | undefined => (env[name] ? env[name] : undefined)
  const workspace = nonEmpty('GITHUB_WORKSPACE')
  return {
    workspace: workspace ? resolve(cwd, workspace) : cwd,
    ref: nonEmpty('GITHUB_REF'),
    eventName: nonEmpty('GITHUB_EVENT_NAME'),
    sha: nonEmpty('GITHUB_SHA'),
    runnerTemp: nonEmpty('RUNNER_TEMP'),
    sourceDateEpoch: nonEmpty('SOURCE_DATE_EPOCH')
  }
}

/** Events whose runs check a pull request: the pipeline never publishes from them. */
export const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target'])

/** An input's value as the runner passes it: INPUT_<NAME> (spaces → _, upper case); undefined when unset. */
export function inputFromEnv(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  return env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`]
}
