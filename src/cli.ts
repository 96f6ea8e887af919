// The same pipeline from a terminal: flags named like the inputs, a readable report or JSON on stdout.
// Exit status: 0 released (or certified), 1 the release failed, 2 a usage error.
import { parseArgs } from 'node:util'
import { getInputs, INPUT_NAMES, UsageError, type InputName } from './inputs.js'
import { readEnvironment } from './env.js'
import { ProjectError } from './project.js'
import { runPipeline } from './pipeline.js'
import { collectAnnotations } from './report/annotations.js'
import { buildOutputs } from './report/outputs.js'
import { renderText } from './report/text.js'
import { addInputSecrets, Redactor } from './report/redact.js'
import { neutralizeCommands } from './report/commands.js'
import { processSink } from './report/sink.js'
import { describeError } from './errors.js'
import { cliUsageMessage, flagOf, readInputDocs, renderOptions, suggestOption, wrap } from './cli-help.js'

export interface CliStreams {
  stdout: (text: string) => void
  stderr: (text: string) => void
}

const processStreams: CliStreams = {
  stdout: text => process.stdout.write(text),
  stderr: text => process.stderr.write(text)
}

const BOOLEAN_INPUTS: InputName[] = [
  'build-isolation',
  'check-reproducible',
  'wheel-from-sdist',
  'fail-on-partial',
  'dry-run',
  'upload-artifact',
  'skip-existing',
  'strict-record',
  'attestations',
  'release-draft',
  'overwrite-assets',
  'require-certification'
]

/**
 * Secrets come from the environment only: a flag is visible to every user of the machine in the process
 * list and stays in the shell's history. Each secret input's variables, first one set wins.
 */
const SECRET_ENVIRONMENT: Partial<Record<InputName, string[]>> = {
  password: ['TWINE_PASSWORD', 'PYPI_TOKEN'],
  'testpypi-password': ['TESTPYPI_PASSWORD', 'TESTPYPI_TOKEN'],
  'github-token': ['GITHUB_TOKEN']
}
const SECRET_FLAGS = Object.keys(SECRET_ENVIRONMENT) as InputName[]

/** The command line's own defaults: from a terminal nothing goes to a public index unless named. */
const CLI_DEFAULTS: Partial<Record<InputName, string>> = { targets: 'local' }

/** The tool's version (package.json's; a test keeps them equal). */
export const TOOL_VERSION = '1.0.0'

/** The command line's own flags, after the inputs' in --help. */
const CLI_FLAGS: [string, string][] = [
  ['--json', 'print the result as JSON instead of the report'],
  ['--verbose', 'print debug lines on stderr'],
  ['-V, --version', "print the tool's version (--version <value> is the release version)"],
  ['-h, --help', 'show this help']
]
const OWN_OPTIONS = ['json', 'verbose', 'help', 'version']
/** Every flag the command line takes, for "did you mean". */
const KNOWN_FLAGS = [...INPUT_NAMES.filter(name => !SECRET_FLAGS.includes(name)), ...OWN_OPTIONS]

/**
 * --help: each option with action.yml's description (the one source of what an input does), its default
 * and, for a fixed set, the values it takes; wrapped to the terminal, grouped by stage.
 */
export async function helpText(columns?: number): Promise<string> {
  const width = Math.min(Math.max(columns ?? 80, 60), 100)
  const options = renderOptions(await readInputDocs(), { booleans: BOOLEAN_INPUTS, hidden: SECRET_FLAGS, defaults: CLI_DEFAULTS, columns: width })
  const flagWidth = Math.max(...INPUT_NAMES.filter(name => !SECRET_FLAGS.includes(name)).map(name => flagOf(name, BOOLEAN_INPUTS).length)) + 2
  const paragraph = (text: string): string => wrap(text, width).join('\n')
  const own = CLI_FLAGS.map(([flag, text]) =>
    wrap(text, width - flagWidth - 2)
      .map((line, i) => `  ${(i === 0 ? flag : '').padEnd(flagWidth)}${line}`)
      .join('\n')
  )
  return `Usage: python-release-action [options]

${paragraph(
  'Certify, build, preflight and publish a Python release, as the GitHub Action does. From a terminal the target is the local directory unless --targets names another: nothing goes to PyPI by accident.'
)}

${paragraph("Options are the action's inputs of the same name (action.yml); the default is in brackets.")}

${options}

Output:
${own.join('\n')}

${paragraph(
  "Secrets are read from the environment only, never from flags: TWINE_PASSWORD or PYPI_TOKEN (the pypi target's token), TESTPYPI_PASSWORD or TESTPYPI_TOKEN (testpypi's), GITHUB_TOKEN (the github target)."
)}
${paragraph(
  "Environment: GITHUB_REF (a tag refs/tags/<tag-prefix><version> gives the version), GITHUB_WORKSPACE (repository root for annotation paths), SOURCE_DATE_EPOCH, TWINE_USERNAME (instead of --username); for the github target GITHUB_REPOSITORY (owner/name), GITHUB_API_URL (for GitHub Enterprise Server) and GITHUB_SHA (the commit a new tag is created at; default the checkout's HEAD)."
)}
${paragraph(`A stage silent for ${HEARTBEAT_MS / 1000} s prints a line on stderr saying it still runs, with its elapsed time.`)}
Exit status: 0 success, 1 the release failed, 2 usage error.
`
}

/** A stage that prints nothing for this long (an isolated build installing its backend) gets a line saying it still runs. */
export const HEARTBEAT_MS = 10_000

/**
 * The heartbeat: after `intervalMs` with no line on stderr, one line naming the current phase and the time
 * it has taken, then again after each further silent interval. Only the command line has it: in the action
 * every log line carries GitHub's own timestamp. The timer never keeps the process alive.
 */
export function startHeartbeat(write: (line: string) => void, intervalMs: number, now: () => number = Date.now) {
  const phases: { title: string; start: number }[] = [{ title: 'Preparing', start: now() }]
  let stopped = false
  const timer = setTimeout(function beat() {
    const phase = phases[phases.length - 1]!
    const seconds = (now() - phase.start) / 1000
    write(`… ${phase.title}: still running (${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s)\n`)
    timer.refresh()
  }, intervalMs).unref()
  return {
    /** Something was printed: the silence starts again (not once stopped: refresh() would restart the timer). */
    touch: (): void => void (stopped || timer.refresh()),
    enter: (title: string): void => {
      phases.push({ title, start: now() })
      if (!stopped) timer.refresh()
    },
    leave: (): void => {
      const left = phases.length > 1 ? phases.pop()! : phases[0]!
      // what runs between two stages (reading the next one's inputs, the report) is its own phase
      if (phases.length === 1) phases[0] = { title: `After ${left.title}`, start: now() }
    },
    stop: (): void => {
      stopped = true
      clearTimeout(timer)
    }
  }
}

/** Where the command line's inputs come from: its flags, secrets from the environment, its own defaults. */
export function cliInputSource(
  values: Record<string, string | boolean | undefined>,
  env: NodeJS.ProcessEnv = process.env
): (name: InputName) => string | undefined {
  return name => {
    const flag = values[name] as string | undefined
    if (flag !== undefined) return flag
    if (name === 'username' && env['TWINE_USERNAME'] !== undefined) return env['TWINE_USERNAME']
    for (const variable of SECRET_ENVIRONMENT[name] ?? []) if (env[variable] !== undefined && env[variable] !== '') return env[variable]
    return CLI_DEFAULTS[name]
  }
}

/**
 * `--dry-run` alone means true; `--dry-run false` and `--dry-run=false` also work; `--dry-run maybe` is a
 * usage error saying the value is not a boolean. `-V`, and `--version` with no value after it, ask for the
 * tool's version. A secret's flag is refused, saying where the secret goes instead.
 */
function expandFlags(argv: string[]): string[] | { version: true } | { error: string } {
  const expanded: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    const next = argv[i + 1]
    if (arg === '-V' || (arg === '--version' && (next === undefined || next.startsWith('-')))) return { version: true }
    const [flag, value] = arg.split(/=(.*)/s, 2) as [string, string | undefined]
    const name = flag.slice(2) as InputName
    if (flag.startsWith('--') && SECRET_FLAGS.includes(name)) {
      const variables = SECRET_ENVIRONMENT[name]!.join(' or ')
      return {
        error: `--${name} is refused: a secret on the command line is visible to every user of the machine and stays in the shell's history. Set ${variables} in the environment instead`
      }
    }
    if (flag.startsWith('--') && flag !== '--' && !KNOWN_FLAGS.includes(name)) {
      const suggestion = suggestOption(flag.slice(2), KNOWN_FLAGS)
      return { error: `unknown option ${flag}${suggestion ? `; did you mean --${suggestion}?` : ''}` }
    }
    if (flag.startsWith('--') && BOOLEAN_INPUTS.includes(name)) {
      if (value !== undefined) {
        if (!/^(true|false)$/i.test(value)) return { error: `--${name} takes true or false, got '${value}'` }
        expanded.push(arg)
      } else if (next !== undefined && /^(true|false)$/i.test(next)) {
        expanded.push(`${arg}=${next}`)
        i++
      } else if (next !== undefined && !next.startsWith('-')) {
        return { error: `--${name} takes true or false, got '${next}'` }
      } else expanded.push(`${arg}=true`)
    } else if (flag.startsWith('--') && value === undefined && INPUT_NAMES.includes(name) && next !== undefined) {
      // its value, whatever it looks like, is no flag to check (parseArgs says when it is missing)
      expanded.push(arg, next)
      i++
    } else expanded.push(arg)
  }
  return expanded
}

export interface CliOptions {
  /** Silence after which the heartbeat prints (HEARTBEAT_MS); tests shorten it. */
  heartbeatMs?: number
  /** The terminal's width for --help (default: stdout's, else 80). */
  columns?: number
}

export async function cli(argv: string[], streams: CliStreams = processStreams, options: CliOptions = {}): Promise<number> {
  // What the command line prints may be read by a runner (a `run:` step): no secret, no workflow command.
  // The redactor knows the credential shapes from the start and the run's secrets once the inputs are read.
  // the process sink's own (index.ts, bin.ts), so what the libraries print is redacted with the same secrets
  const redactor = processSink()?.redactor ?? new Redactor()
  const safe = (text: string): string => neutralizeCommands(redactor.redact(text))
  const usage = (message: string): number => {
    streams.stderr(`python-release-action: ${safe(message)}\nTry 'python-release-action --help'.\n`)
    return 2
  }
  const args = expandFlags(argv)
  if ('version' in args) {
    streams.stdout(`python-release-action ${TOOL_VERSION}\n`)
    return 0
  }
  if ('error' in args) return usage(args.error)
  let values: Record<string, string | boolean | undefined>
  try {
    values = parseArgs({
      args,
      options: {
        ...Object.fromEntries(INPUT_NAMES.map(name => [name, { type: 'string' as const }])),
        json: { type: 'boolean' },
        verbose: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' }
      },
      allowPositionals: false,
      strict: true
    }).values
  } catch (error) {
    return usage((error as Error).message)
  }
  if (values['help']) {
    streams.stdout(await helpText(options.columns ?? process.stdout.columns))
    return 0
  }
  const env = readEnvironment()
  for (const secret of env.secrets) redactor.add(secret)
  const heartbeat = startHeartbeat(line => streams.stderr(safe(line)), options.heartbeatMs ?? HEARTBEAT_MS)
  const log = (text: string): void => {
    heartbeat.touch()
    streams.stderr(`${safe(text)}\n`)
  }
  try {
    const inputs = getInputs(cliInputSource(values))
    addInputSecrets(redactor, inputs)
    const result = redactor.redactDeep(
      await runPipeline(inputs, env, {
        logger: { info: log, debug: values['verbose'] ? log : () => {} },
        group: async (title, fn) => {
          log(`== ${title}`)
          heartbeat.enter(title)
          try {
            return await fn()
          } finally {
            heartbeat.leave()
          }
        },
        setSecret: secret => redactor.add(secret),
        redactor
      })
    )
    const annotations = collectAnnotations(result)
    if (values['json']) {
      const outputs = buildOutputs(result, env.workspace)
      streams.stdout(
        `${JSON.stringify(
          {
            ok: result.ok,
            version: outputs.version,
            certification: result.certification ?? null,
            artifacts: JSON.parse(outputs.artifacts),
            preflights: result.preflights,
            published: result.published,
            stages: result.stages,
            annotations,
            outputs
          },
          null,
          2
          // a JSON string may hold a legacy `##[` command; \u0023 is the same '#' to a JSON reader
        ).replaceAll('##[', '#\\u0023[')}\n`
      )
    } else {
      streams.stdout(safe(renderText(result, annotations)))
    }
    return result.ok ? 0 : 1
  } catch (error) {
    if (error instanceof UsageError) return usage(cliUsageMessage(error.message, error.input, SECRET_ENVIRONMENT))
    if (error instanceof ProjectError) return usage(cliUsageMessage(error.message, undefined, SECRET_ENVIRONMENT))
    if (values['verbose']) log(error instanceof Error ? (error.stack ?? error.message) : String(error))
    streams.stderr(`python-release-action: ${safe(describeError(error))}; nothing was published\n`)
    return 1
  } finally {
    heartbeat.stop()
  }
}
