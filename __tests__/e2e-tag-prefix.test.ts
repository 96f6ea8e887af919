// Issue 26: a tag push whose tag does not carry 'tag-prefix' published without a word (certify's notice
// only, and nothing at all without certify). Now a run that would publish stops before any stage, naming
// the input and the tag; 'version' (or a tag that carries the prefix) lets it go on; a dry run is left alone.
import { describe, expect, it } from '@jest/globals'
import { join } from 'node:path'
import { unprefixedTagProblem } from '../src/pipeline.js'
import { localRelease, releasedFiles, ROOT, runAction, workspaceWith } from './helpers/action.js'

const FIXTURE = join(ROOT, '__tests__', 'fixtures', 'projects', 'flit-basic')
const TAG_PUSH = (tag: string): Record<string, string> => ({ GITHUB_EVENT_NAME: 'push', GITHUB_REF: `refs/tags/${tag}` })

describe('a tag push whose tag lacks tag-prefix', () => {
  it('stops before any stage, naming tag-prefix and the tag; nothing is published', async () => {
    const { workspace } = await workspaceWith(FIXTURE)
    const run = await runAction(workspace, localRelease({ stages: 'build,preflight,publish' }), TAG_PUSH('3.1.0'))
    expect(run.code).toBe(1)
    const errors = run.annotations.filter(a => a.level === 'error').map(a => a.message)
    expect(errors.join('\n')).toMatch(/Input 'tag-prefix' is 'v', but this run is for tag '3\.1\.0', which does not start with it/)
    expect(await releasedFiles(workspace)).toEqual({})
  })

  it("publishes when 'version' says which release this is", async () => {
    const { workspace } = await workspaceWith(FIXTURE)
    const run = await runAction(workspace, localRelease({ stages: 'build,preflight,publish', version: '3.1.0' }), TAG_PUSH('3.1.0'))
    expect(run.code).toBe(0)
    expect(Object.keys(await releasedFiles(workspace))).toContain('flit_basic-3.1.0-py3-none-any.whl')
  })

  it('a tag carrying the prefix, a dry run, a run without publish or no tag at all: no such error', () => {
    type Given = Parameters<typeof unprefixedTagProblem>[0]
    const inputs: Given = { stages: ['build', 'publish'], dryRun: false, version: undefined, tagPrefix: 'v' }
    const given = (more: Partial<Given>, ref = 'refs/tags/3.1.0') => unprefixedTagProblem({ ...inputs, ...more }, { ref })
    expect(given({})).toMatch(/^Input 'tag-prefix'/)
    expect(given({}, 'refs/tags/v3.1.0')).toBeUndefined()
    expect(given({ dryRun: true })).toBeUndefined()
    expect(given({ stages: ['certify', 'build'] })).toBeUndefined()
    expect(given({}, 'refs/heads/main')).toBeUndefined()
    expect(given({ tagPrefix: '' })).toBeUndefined()
  })
})
