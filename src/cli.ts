// The same pipeline from a terminal: flags named like the inputs, a readable report or JSON on stdout.
// Exit status: 0 released (or certified), 1 the release failed, 2 a usage error.
import { parseArgs } from 'node:util'
import { getInputs, INPUT_DEFAULTS, INPUT_NAMES, UsageError, type InputName } from './inputs.js'
import { readEnvironment } from './env.js'
import { ProjectError } from './project.js'
import { runPipeline } from './pipeline.js'
import { collectAnnotations } from './report/annotations.js'
import { buildOutputs } from './report/outputs.js'
import { renderText } from './report/text.js'
import { addInputSecrets, Redactor } from './report/redact.js'
import { neutralizeCommands } from './report/commands.js'
import { describeError } from './errors.js'

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
  'release-draft',
  'overwrite-assets',
  'require-certification'
]

/** Secrets come from the environment, not flags (a flag is visible to every user in the process list). */
const SECRET_ENVIRONMENT: Partial<Record<InputName, string>> = {
  username: 'TWINE_USERNAME',
  password: 'TWINE_PASSWORD',
  'testpypi-password': 'TESTPYPI_PASSWORD',
  'github-token': 'GITHUB_TOKEN'
}

export const HELP = `Usage: python-release-action [options]

Certify, build, preflight and publish a Python release, as the GitHub Action does.

Options (each is the action input of the same name; default in brackets):
${INPUT_NAMES.map(name => `  --${name}${BOOLEAN_INPUTS.includes(name) ? '[=true|false]' : ' <value>'}`.padEnd(34) + ` [${name === 'github-token' ? 'GITHUB_TOKEN' : INPUT_DEFAULTS[name]}]`).join('\n')}
  --json                          print the result as JSON instead of the report
  --verbose                       print debug lines on stderr
  -h, --help                      show this help

Environment: GITHUB_REF (a tag refs/tags/<tag-prefix><version> gives the version),
GITHUB_WORKSPACE (repository root for annotation paths), SOURCE_DATE_EPOCH,
TWINE_USERNAME and TWINE_PASSWORD (the pypi target's credentials, instead of
--username and --password), TESTPYPI_PASSWORD (instead of --testpypi-password);
for the github target GITHUB_TOKEN (instead of --github-token), GITHUB_REPOSITORY
(owner/name), GITHUB_API_URL (for GitHub Enterprise Server) and GITHUB_SHA (the
commit a new tag is created at; default the checkout's HEAD).
Exit status: 0 success, 1 the release failed, 2 usage error.
`

/** `--dry-run` alone means true; `--dry-run false` and `--dry-run=false` also work. */
function expandBooleanFlags(argv: string[]): string[] {
  const expanded: string[] = []
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string
    const name = arg.slice(2) as InputName
    if (arg.startsWith('--') && BOOLEAN_INPUTS.includes(name)) {
      const next = argv[i + 1]
      if (next !== undefined && /^(true|false)$/i.test(next)) {
        expanded.push(`${arg}=${next}`)
        i++
      } else expanded.push(`${arg}=true`)
    } else expanded.push(arg)
  }
  return expanded
}

export async function cli(argv: string[], streams: CliStreams = processStreams): Promise<number> {
  // What the command line prints may be read by a runner (a `run:` step): no secret, no workflow command.
  // The redactor knows the credential shapes from the start and the run's secrets once the inputs are read.
  const redactor = new Redactor()
  const safe = (text: string): string => neutralizeCommands(redactor.redact(text))
  const usage = (message: string): number => {
    streams.stderr(`python-release-action: ${safe(message)}\nTry 'python-release-action --help'.\n`)
    return 2
  }
  let values: Record<string, string | boolean | undefined>
  try {
    values = parseArgs({
      args: expandBooleanFlags(argv),
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
    streams.stdout(HELP)
    return 0
  }
  const env = readEnvironment()
  for (const secret of env.secrets) redactor.add(secret)
  const log = (text: string): void => streams.stderr(`${safe(text)}\n`)
  try {
    const inputs = getInputs(name => {
      const variable = SECRET_ENVIRONMENT[name]
      return (values[name] as string | undefined) ?? (variable ? process.env[variable] : undefined)
    })
    addInputSecrets(redactor, inputs)
    const result = redactor.redactDeep(
      await runPipeline(inputs, env, {
        logger: { info: log, debug: values['verbose'] ? log : () => {} },
        group: async (title, fn) => {
          log(`== ${title}`)
          return fn()
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
    if (error instanceof UsageError || error instanceof ProjectError) return usage(error.message)
    if (values['verbose']) log(error instanceof Error ? (error.stack ?? error.message) : String(error))
    streams.stderr(`python-release-action: ${safe(describeError(error))}; nothing was published\n`)
    return 1
  }
}
