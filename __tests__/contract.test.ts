// action.yml is the contract: every input the code reads is declared (with a description and the same
// default), every declared input is read, every output written is declared.
import { describe, expect, it } from '@jest/globals'
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { getInputs, INPUT_DEFAULTS, type InputName } from '../src/inputs.js'
import { OUTPUT_NAMES } from '../src/report/outputs.js'

interface ActionYml {
  name: string
  description: string
  branding: { icon: string; color: string }
  inputs: Record<string, { description?: string; default?: string; required?: boolean }>
  outputs: Record<string, { description?: string }>
  runs: { using: string; main: string }
}

const root = join(import.meta.dirname, '..')
const action = parse(readFileSync(join(root, 'action.yml'), 'utf8')) as ActionYml

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap(entry => {
    const path = join(dir, entry)
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : []
  })
}

describe('action.yml', () => {
  it('runs the bundle on node24 and has a name, description and branding', () => {
    expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' })
    expect(action.name).toBeTruthy()
    expect(action.description).toBeTruthy()
    // the Marketplace takes at most 125 characters; the long explanation is the README's
    expect(action.description.length).toBeLessThan(125)
    expect(action.branding.icon).toBeTruthy()
    expect(action.branding.color).toBeTruthy()
  })

  it('declares every input the code reads, with a description and the same default', () => {
    expect(Object.keys(action.inputs).sort()).toEqual(Object.keys(INPUT_DEFAULTS).sort())
    for (const [name, input] of Object.entries(action.inputs)) {
      expect({ name, description: typeof input.description }).toEqual({ name, description: 'string' })
      expect({ name, default: input.default }).toEqual({ name, default: INPUT_DEFAULTS[name as InputName] })
    }
  })

  it('has every declared input read by getInputs', () => {
    const read = new Set<string>()
    getInputs(name => {
      read.add(name)
      return name === 'targets' ? 'local' : undefined
    })
    expect([...read].sort()).toEqual(Object.keys(action.inputs).sort())
  })

  it('reads inputs only in inputs.ts, never through core.getInput elsewhere', () => {
    const offenders = sources(join(root, 'src')).filter(file => /core\.get(Boolean|Multiline)?Input\(/.test(readFileSync(file, 'utf8')))
    expect(offenders).toEqual([])
  })

  it('declares every output the code writes, each with a description', () => {
    expect(Object.keys(action.outputs).sort()).toEqual([...OUTPUT_NAMES].sort())
    for (const [name, output] of Object.entries(action.outputs)) {
      expect({ name, description: typeof output.description }).toEqual({ name, description: 'string' })
    }
    // report/runner.ts defines setOutput (written as @actions/core writes it); only main.ts calls it
    const writers = sources(join(root, 'src')).filter(file =>
      readFileSync(file, 'utf8')
        .replace(/function setOutput\(/g, '')
        .includes('setOutput(')
    )
    expect(writers.map(file => file.slice(root.length + 1))).toEqual(['src/main.ts'])
  })
})

describe('the workflows that use the action', () => {
  const workflows = [
    ...readdirSync(join(root, 'examples', 'workflows')).map(name => join(root, 'examples', 'workflows', name)),
    join(root, '.github', 'workflows', 'ci.yml')
  ]
  type Step = { uses?: string; with?: Record<string, unknown> }
  const uses = workflows.flatMap(file => {
    const jobs = (parse(readFileSync(file, 'utf8')) as { jobs: Record<string, { steps: Step[] }> }).jobs
    return Object.values(jobs)
      .flatMap(job => job.steps)
      .filter(step => step.uses === './' || step.uses?.startsWith('python-release-action/python-release-action@'))
      .map(step => ({ file, inputs: Object.keys(step.with ?? {}) }))
  })

  it('pass only inputs that action.yml declares', () => {
    expect(uses.length).toBeGreaterThanOrEqual(3)
    for (const { file, inputs } of uses) {
      expect({ file, undeclared: inputs.filter(name => !(name in action.inputs)) }).toEqual({ file, undeclared: [] })
    }
  })
})
