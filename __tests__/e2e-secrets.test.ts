// Hostile servers end to end: an index, a proxy or GitHub that repeats the request's credentials back
// (in its error page, its reason phrase, a redirect's URL; on a 4xx and a 5xx), while the bundled action
// and the command line publish. No secret the run holds (API tokens, the GitHub token, the OIDC token,
// the minted token) may show in any sink, in any form it travels in: the log, the annotations, the
// outputs, the job summary, the command line's report and its JSON.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { join } from 'node:path'
import { PyPIIndex, type EchoWay } from '../test/servers/pypi-index.js'
import { GitHubServer } from '../test/servers/github.js'
import { OidcProvider } from '../test/servers/oidc.js'
import { PYTHON, ROOT, runAction, runCli, workspaceWith, type ActionRun } from './helpers/action.js'

const SAMPLE = join(ROOT, 'examples', 'sample-project')

/** Every form a secret travels in over HTTP: raw, in a Basic header, base64 alone, URL-encoded. */
function forms(secret: string): string[] {
  const basic = (user: string): string => Buffer.from(`${user}:${secret}`).toString('base64')
  return [
    secret,
    basic('__token__'),
    basic('x-access-token'),
    Buffer.from(secret).toString('base64').replace(/=+$/, ''),
    encodeURIComponent(secret),
    encodeURIComponent(basic('__token__')),
    encodeURIComponent(`Basic ${basic('__token__')}`)
  ]
}

/** Every sink of an action run, the runner's own mask commands aside (the log is the only sink the runner masks). */
function sinks(run: ActionRun): Record<string, string> {
  return {
    log: run.stdout
      .split('\n')
      .filter(line => !line.startsWith('::add-mask::'))
      .join('\n'),
    stderr: run.stderr,
    outputs: JSON.stringify(run.outputs),
    summary: run.summary
  }
}

function expectNoSecret(where: Record<string, string>, secrets: string[]): void {
  const leaks: string[] = []
  for (const [sink, text] of Object.entries(where)) {
    for (const secret of secrets) {
      for (const form of forms(secret)) if (text.includes(form)) leaks.push(`${sink} holds ${form.slice(0, 12)}…`)
    }
  }
  expect(leaks).toEqual([])
}

describe('a server that echoes credentials never puts a secret in a sink', () => {
  let workspace: string
  beforeAll(async () => {
    workspace = (await workspaceWith(SAMPLE)).workspace
  })
  const base = { 'project-dir': 'sub', stages: 'build,preflight,publish', python: PYTHON, 'build-isolation': 'false' }

  describe('the pypi target with an API token', () => {
    let index: PyPIIndex
    beforeAll(async () => {
      index = await new PyPIIndex().start()
    })
    afterAll(async () => index.stop())

    const cases: Array<[EchoWay, 403 | 502, number]> = [
      ['body', 403, 99],
      ['reason', 403, 99],
      ['redirect', 403, 99],
      // a 5xx is retried: the echo reaches the log of the retry, then the upload goes through
      ['body', 502, 1],
      ['reason', 502, 1]
    ]
    it.each(cases)('echoed in the %s of a %i', async (echo, status, times) => {
      const token = index.projectToken('sample-greeter')
      const before = index.faults.length
      index.inject({ on: 'upload', status, echo, times })
      const run = await runAction(workspace, { ...base, targets: 'pypi', 'repository-url': index.uploadUrl, password: token })
      expect(index.faults.length).toBeGreaterThan(before)
      expectNoSecret(sinks(run), [token])
      if (times > 1) {
        expect(run.code).toBe(1)
        expect(run.annotations.filter(a => a.level === 'error').length).toBeGreaterThan(0)
        expect(JSON.parse(run.outputs['published'] ?? '[]')).toEqual([expect.objectContaining({ target: 'pypi', status: 'failed' })])
      }
    })

    it('from the command line, in the report and in --json', async () => {
      const token = index.projectToken('sample-greeter')
      const args = [
        '--project-dir',
        'sub',
        '--stages',
        'build,preflight,publish',
        '--targets',
        'pypi',
        '--repository-url',
        index.uploadUrl,
        '--python',
        PYTHON,
        '--build-isolation',
        'false'
      ]
      // a fresh version, so that the upload is attempted again
      for (const json of [false, true]) {
        index.inject({ on: 'upload', status: 403, echo: 'body', times: 99 })
        const result = await runCli(workspace, [...args, '--version', json ? '0.3.1' : '0.3.1', ...(json ? ['--json'] : [])], {
          TWINE_PASSWORD: token,
          GITHUB_REF: 'refs/tags/v0.3.1'
        })
        expect(result.code).toBe(1)
        expect(result.stdout).toContain(json ? '"status": "failed"' : 'Release FAILED at publish')
        expectNoSecret({ stdout: result.stdout, stderr: result.stderr }, [token])
      }
      index.inject({ on: 'any', status: 403, echo: 'body', times: 0 })
      // a token pasted where an argument goes is not echoed by the usage error
      const pasted = await runCli(workspace, ['--targets', 'pypi', token])
      expect(pasted.code).toBe(2)
      expect(pasted.stderr).toContain('python-release-action:')
      expectNoSecret({ stdout: pasted.stdout, stderr: pasted.stderr }, [token])
    })
  })

  describe('the pypi target with trusted publishing', () => {
    let oidc: OidcProvider
    let index: PyPIIndex
    beforeAll(async () => {
      oidc = await new OidcProvider().start()
      index = await new PyPIIndex({
        trustedPublishing: {
          issuer: oidc.issuer,
          publicKey: oidc.publicKey,
          publishers: [{ project: 'sample-greeter', repository: 'octo/greeter', workflow: 'release.yml', environment: 'pypi' }]
        }
      }).start()
    })
    afterAll(async () => Promise.all([oidc.stop(), index.stop()]))
    const actions = { GITHUB_ACTIONS: 'true', GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/tags/v0.3.1' }
    // the upload must be reached: no signing with the public-good Sigstore (e2e-attestations signs with a local one)
    const unsigned = { attestations: 'false' }

    it('the token exchange echoing the OIDC token, and the upload echoing the minted token', async () => {
      index.inject({ on: 'mint', status: 403, echo: 'body' })
      const first = await runAction(
        workspace,
        { ...base, ...unsigned, targets: 'pypi', 'repository-url': index.uploadUrl },
        { ...actions, ...oidc.environment({ environment: 'pypi' }) }
      )
      expect(first.code).toBe(1)
      expect(oidc.issuedTokens.length).toBeGreaterThan(0)

      index.inject({ on: 'upload', status: 403, echo: 'reason', times: 99 })
      const second = await runAction(
        workspace,
        { ...base, ...unsigned, targets: 'pypi', 'repository-url': index.uploadUrl },
        { ...actions, ...oidc.environment({ environment: 'pypi' }) }
      )
      expect(second.code).toBe(1)
      expect(index.mintedTokens.length).toBeGreaterThan(0)
      const environment = oidc.environment({ environment: 'pypi' })
      const runnerSecrets = Object.entries(environment)
        .filter(([name]) => name === 'ACTIONS_ID_TOKEN_REQUEST_TOKEN')
        .map(([, value]) => value)
      for (const run of [first, second]) expectNoSecret(sinks(run), [...oidc.issuedTokens, ...index.mintedTokens, ...runnerSecrets])
    })
  })

  describe('the github target and the check run', () => {
    let server: GitHubServer
    beforeAll(async () => {
      server = await new GitHubServer().start()
    })
    afterAll(async () => server.stop())

    it.each([
      ['body', 401, 99],
      ['reason', 401, 99],
      ['redirect', 401, 99],
      ['body', 502, 1]
    ] as const)('echoed in the %s of a %i', async (echo, status, times) => {
      const token = server.token({ contents: 'write', checks: 'write' })
      const before = server.faults.length
      server.inject({ on: 'api', status, echo, times })
      const run = await runAction(
        workspace,
        { ...base, stages: 'certify,build,preflight,publish', targets: 'github', 'github-token': token, 'docs-required': '' },
        {
          GITHUB_API_URL: server.apiUrl,
          GITHUB_SERVER_URL: server.serverUrl,
          GITHUB_REPOSITORY: `${server.owner}/${server.repo}`,
          GITHUB_REF: 'refs/tags/v0.3.1',
          GITHUB_SHA: server.commits[0]!,
          GITHUB_ACTIONS: 'true'
        }
      )
      server.inject()
      expect(server.faults.length).toBeGreaterThan(before)
      expectNoSecret(sinks(run), [token])
      // what the check run shows anyone who can read the repository
      expectNoSecret({ checkRuns: JSON.stringify(server.checkRuns) }, [token])
    })
  })
})
