// What the command line says about its options: --help from action.yml's own descriptions, "did you mean"
// for a mistyped flag, and usage errors that name the flag rather than the action input.
//
// action.yml is the contract and the only place an input is described. The help reads it, never a copy:
// from the sources it is the file beside src/, and ncc sees `readFileSync(new URL(…, import.meta.url))`,
// copies action.yml into dist/cli/ and points the bundle at that copy, so the installed CLI describes
// exactly the inputs the action it was built with has. The YAML parser is loaded only for --help (its own
// chunk of the bundle), so a release run does not pay for it.
import { readFileSync } from 'node:fs'
import { INPUT_DEFAULTS, INPUT_NAMES, type InputName } from './inputs.js'
import { BUILDERS } from './build/builder.js'
import { BUILD_REQUIREMENTS } from './build/requirements.js'
import { FAIL_ON_SEVERITIES, SECURITY_SCANS } from './certify/security.js'

/** An input as action.yml describes it. */
export interface InputDoc {
  description: string
  default: string
}

/** action.yml's inputs: each one's description (whitespace as YAML folds it) and default. */
export async function readInputDocs(): Promise<Record<string, InputDoc>> {
  const { parse } = await import('yaml')
  const action = parse(readFileSync(new URL('../action.yml', import.meta.url), 'utf8')) as {
    inputs: Record<string, { description?: string; default?: string }>
  }
  return Object.fromEntries(
    Object.entries(action.inputs).map(([name, input]) => [name, { description: String(input.description ?? ''), default: String(input.default ?? '') }])
  )
}

/**
 * The options in the order a release meets them. Every input that may be a flag is in one group (a test
 * says so), so a new input cannot be left out of --help; one no group names still shows under "Other".
 */
export const OPTION_GROUPS: { title: string; inputs: InputName[] }[] = [
  { title: 'What to release', inputs: ['project-dir', 'version', 'tag-prefix', 'stages', 'targets', 'dry-run'] },
  {
    title: 'Certify (the checks before anything is built)',
    inputs: [
      'junit-xml',
      'min-pass-rate',
      'coverage-report',
      'min-coverage',
      'min-branch-coverage',
      'security-report',
      'security-scan',
      'fail-on-severity',
      'ignore-vulns',
      'docs-required',
      'fail-on-partial'
    ]
  },
  {
    title: 'Build',
    inputs: [
      'python',
      'builder',
      'build-isolation',
      'build-requirements',
      'check-reproducible',
      'wheel-from-sdist',
      'upload-artifact',
      'artifact-name',
      'retention-days'
    ]
  },
  {
    title: "Receive (a job publishing other jobs' files: --stages preflight,publish)",
    inputs: ['download-artifacts', 'artifact-run-id', 'dist-dir', 'expect-wheels', 'require-certification', 'receive-timeout']
  },
  {
    title: 'Preflight and publish',
    inputs: [
      'local-dir',
      'repository-url',
      'testpypi-repository-url',
      'index-url',
      'username',
      'skip-existing',
      'strict-record',
      'attestations',
      'publish-timeout'
    ]
  },
  {
    title: 'GitHub Release (the github target)',
    inputs: ['release-tag', 'release-name', 'release-notes', 'release-draft', 'prerelease', 'make-latest', 'overwrite-assets', 'upload-concurrency']
  }
]

/**
 * The values an input with a fixed set accepts, from the lists its validation uses (src/inputs.ts), so the
 * help cannot offer a value the validation refuses. Booleans say so in their flag.
 */
export const ALLOWED_VALUES: Partial<Record<InputName, readonly string[]>> = {
  builder: BUILDERS,
  'build-requirements': BUILD_REQUIREMENTS,
  'fail-on-severity': FAIL_ON_SEVERITIES,
  'security-scan': SECURITY_SCANS,
  prerelease: ['true', 'false', '(empty)'],
  'make-latest': ['true', 'false', 'legacy', '(empty)']
}

export interface HelpOptions {
  /** Flags that take true or false. */
  booleans: readonly InputName[]
  /** Inputs that are no flag (secrets come from the environment). */
  hidden: readonly InputName[]
  /** The command line's own defaults where they differ from the action's. */
  defaults: Partial<Record<InputName, string>>
  /** The terminal's width; the help wraps to it, within 60 to 100 columns. */
  columns?: number
}

export const flagOf = (name: string, booleans: readonly string[]): string => `--${name}${booleans.includes(name) ? '[=true|false]' : ' <value>'}`

/** Words of `text` in lines of at most `width` characters (a longer word, such as a URL, stands alone). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = []
  let line = ''
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line)
      line = word
    } else line = line === '' ? word : `${line} ${word}`
  }
  if (line !== '') lines.push(line)
  return lines
}

const INDENT = '      '

/** The options part of --help: per group, each flag with its default, then its description wrapped below. */
export function renderOptions(docs: Record<string, InputDoc>, options: HelpOptions): string {
  const width = Math.min(Math.max(options.columns ?? 80, 60), 100)
  const shown = INPUT_NAMES.filter(name => !options.hidden.includes(name))
  const flagWidth = Math.max(...shown.map(name => flagOf(name, options.booleans).length)) + 2
  const grouped = new Set(OPTION_GROUPS.flatMap(group => group.inputs))
  const groups = [...OPTION_GROUPS, { title: 'Other', inputs: shown.filter(name => !grouped.has(name)) }]
  const sections: string[] = []
  for (const group of groups) {
    const names = group.inputs.filter(name => shown.includes(name))
    if (names.length === 0) continue
    const lines = [`${group.title}:`]
    for (const name of names) {
      const fallback = options.defaults[name] ?? docs[name]?.default ?? INPUT_DEFAULTS[name]
      lines.push(`  ${flagOf(name, options.booleans).padEnd(flagWidth)}[${fallback}]`)
      const allowed = ALLOWED_VALUES[name]
      const description = `${docs[name]?.description ?? ''}${allowed ? ` Values: ${allowed.join(', ')}.` : ''}`
      lines.push(...wrap(description, width - INDENT.length).map(line => `${INDENT}${line}`))
    }
    sections.push(lines.join('\n'))
  }
  return sections.join('\n\n')
}

/** Levenshtein distance, with a swap of two neighbours counted as one edit ("dyr-run"). */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)))
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1)
      d[i]![j] = best
    }
  }
  return d[a.length]![b.length]!
}

/**
 * The option a mistyped one most likely meant: the nearest within a third of its length (at least 2 edits,
 * so `--dryrun` and `--target` find theirs), else the only option it begins (`--junit` → `--junit-xml`).
 */
export function suggestOption(typed: string, known: readonly string[]): string | undefined {
  const name = typed.toLowerCase().replaceAll('_', '-')
  let best: { option: string; distance: number } | undefined
  for (const option of known) {
    const distance = editDistance(name, option)
    if (!best || distance < best.distance) best = { option, distance }
  }
  if (best && best.distance <= Math.max(2, Math.floor(name.length / 3))) return best.option
  const prefixed = known.filter(option => name.length >= 3 && option.startsWith(name))
  return prefixed.length === 1 ? prefixed[0] : undefined
}

/**
 * A usage error in the words of the command line. Validation (src/inputs.ts) speaks of action inputs,
 * "Input 'min-coverage' must be …"; from a terminal the user typed --min-coverage, and a secret input was
 * an environment variable. The message is translated, not re-validated: every "input 'name'" (and "Set
 * 'name'") becomes the flag (or the variables), and when the error's `input` is still not named, the flag
 * leads the message.
 */
export function cliUsageMessage(message: string, input: InputName | undefined, secretVariables: Partial<Record<InputName, string[]>>): string {
  const flag = (name: InputName): string => secretVariables[name]?.join(' or ') ?? `--${name}`
  // "Input 'x'" and "input 'x'" name an input; "Set 'x' to …" tells which one to set
  const translated = message.replace(/\b(?:[Ii]nput|(Set)) '([a-z-]+)'/g, (whole, set: string | undefined, name: string) =>
    (INPUT_NAMES as string[]).includes(name) ? `${set ? `${set} ` : ''}${flag(name as InputName)}` : whole
  )
  if (input === undefined || translated.includes(flag(input))) return translated
  return `${flag(input)}: ${translated}`
}
