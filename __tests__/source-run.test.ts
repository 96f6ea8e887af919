// The rules a promotion's source run must meet (src/publish/source-run.ts), one test each, on workflow-run
// objects shaped as GitHub's REST API answers GET /repos/{owner}/{repo}/actions/runs/{run_id}; the bundle
// asks the local GitHub server for them end to end (e2e-handoff-trust.test.ts).
import { describe, expect, it } from '@jest/globals'
import { concludedSuccessfully, notFromFork, readSourceRun, runName, runProblems, sameRepository, type SourceRun } from '../src/publish/source-run.js'

const URL = 'https://github.com/octo/demo/actions/runs/100'
const run = (change: Partial<SourceRun> = {}): SourceRun => ({
  id: 100,
  html_url: URL,
  event: 'push',
  status: 'completed',
  conclusion: 'success',
  head_sha: 'a'.repeat(40),
  repository: { full_name: 'octo/demo' },
  head_repository: { full_name: 'octo/demo' },
  ...change
})

describe("a promotion's source run", () => {
  it('runName: its id and its page', () => {
    expect(runName(run())).toBe(`run 100 (${URL})`)
  })

  it('sameRepository: a run of the repository releasing (names compared without case)', () => {
    expect(sameRepository(run(), 'Octo/Demo')).toBeUndefined()
    expect(sameRepository(run({ repository: { full_name: 'mallory/demo' } }), 'octo/demo')).toMatch(
      new RegExp(`^run 100 \\(${URL}\\) is a run of mallory/demo, not of octo/demo, which is releasing; nothing of it is downloaded`)
    )
  })

  it("notFromFork: a pull request from a fork ran the fork's commit", () => {
    expect(notFromFork(run({ event: 'pull_request' }))).toBeUndefined()
    expect(notFromFork(run({ event: 'pull_request', head_repository: { full_name: 'mallory/demo' } }))).toBe(
      `run 100 (${URL}) is a pull_request run of mallory/demo's commit ${'a'.repeat(40)}, a fork of octo/demo: a fork's build is never published; ` +
        "nothing of it is downloaded. Promote a run of this repository's own workflow that built and certified the release ('artifact-run-id')"
    )
    expect(notFromFork(run({ event: 'pull_request_target', head_repository: { full_name: 'mallory/demo' } }))).toContain(
      'pull_request_target run of mallory/demo'
    )
    expect(notFromFork(run({ head_repository: null }))).toContain('does not say which repository its commit came from')
  })

  it('concludedSuccessfully: completed, with conclusion success', () => {
    expect(concludedSuccessfully(run())).toBeUndefined()
    expect(concludedSuccessfully(run({ conclusion: 'failure' }))).toBe(
      `run 100 (${URL}) concluded failure; only a run that concluded successfully is promoted, and nothing of it is downloaded`
    )
    expect(concludedSuccessfully(run({ status: 'in_progress', conclusion: null }))).toContain('is in_progress, not completed')
    expect(concludedSuccessfully(run({ conclusion: 'cancelled' }))).toContain('concluded cancelled')
  })

  it('runProblems: every reason at once', () => {
    expect(runProblems(run(), 'octo/demo')).toEqual([])
    expect(runProblems(run({ repository: { full_name: 'x/y' }, conclusion: 'failure' }), 'octo/demo')).toHaveLength(3)
  })

  it('readSourceRun: the REST fields, each checked', () => {
    const body = { ...run(), name: 'Release', node_id: 'x', run_attempt: 1, head_repository: { full_name: 'octo/demo', fork: false } }
    expect(readSourceRun(body, 100)).toEqual(run())
    expect(() => readSourceRun({ ...body, id: 101 }, 100)).toThrow("GitHub's answer for workflow run 100 has no usable id (it should be 100)")
    expect(() => readSourceRun({ ...body, head_sha: 7 }, 100)).toThrow('has no usable head_sha')
    expect(() => readSourceRun({ ...body, repository: null }, 100)).toThrow('has no usable repository')
    expect(() => readSourceRun([], 100)).toThrow('has no usable body')
    expect(readSourceRun({ ...body, head_repository: null, conclusion: null }, 100)).toMatchObject({ head_repository: null, conclusion: null })
  })
})
