// The github target keeps its own earlier upload by origin (issue 24), in-process against the local GitHub (every
// request checked against GitHub's OpenAPI description): the release keeps this commit's release manifest as an
// asset; a re-run of the same commit whose rebuild has other members keeps the assets that manifest lists, with a
// notice; a run of another commit is refused as before, and never replaces the other commit's record.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { parseManifest, releaseManifest } from '../src/build/manifest.js'
import { readEnvironment } from '../src/env.js'
import { GitHubTarget, type GitHubSettings } from '../src/publish/github.js'
import { githubClient } from '../src/publish/github-api.js'
import type { OriginRecord, ReleaseOrigin } from '../src/publish/origin.js'
import type { BuildArtifact, PublishResult } from '../src/types.js'
import { GitHubServer } from '../test/servers/github.js'
import { buildReleases } from './helpers/builds.js'

const FAST_RETRY = { attempts: 4, baseDelayMs: 20, maxDelayMs: 5000 }
const sha256 = (content: Buffer): string => createHash('sha256').update(content).digest('hex')
const env = readEnvironment({}, '/')

const recordOf = (origin: ReleaseOrigin): OriginRecord => ({
  origin,
  manifest: artifacts =>
    releaseManifest({
      project: artifacts[0]?.metadata.name ?? '',
      version: '0.3.1',
      certification: undefined,
      artifacts,
      env: { ...env, repository: origin.repository ?? undefined, sha: origin.sha },
      frontend: 'build',
      python: undefined,
      artifact: undefined
    })
})

describe('github target: a re-run keeps its own earlier upload by origin', () => {
  let first: BuildArtifact[]
  let changed: BuildArtifact[]
  let server: GitHubServer
  let logs: string[]

  const settings = (overrides: Partial<GitHubSettings> = {}): GitHubSettings => {
    const token = server.token({ contents: 'write' })
    const logger = { info: (message: string) => logs.push(message), debug: () => {} }
    return {
      token,
      apiUrl: server.apiUrl,
      repository: `${server.owner}/${server.repo}`,
      commit: server.commits[0],
      tag: 'v0.3.1',
      name: 'v0.3.1',
      notes: 'notes',
      keepDraft: false,
      prerelease: false,
      makeLatest: undefined,
      overwriteAssets: false,
      concurrency: 4,
      version: '0.3.1',
      tagPrefix: 'v',
      mayWrite: true,
      logger,
      retry: FAST_RETRY,
      client: async () => githubClient({ token, apiUrl: server.apiUrl, logger, retry: FAST_RETRY }),
      ...overrides
    }
  }
  const release = async (artifacts: BuildArtifact[], overrides: Partial<GitHubSettings> = {}) => {
    const target = new GitHubTarget(settings(overrides))
    const preflight = await target.preflight(artifacts)
    let published: PublishResult | undefined
    if (preflight.ready) published = await target.finalize(await target.publish(preflight))
    return { preflight, published }
  }
  const stored = (): Record<string, string> =>
    Object.fromEntries((server.publishedRelease('v0.3.1')?.assets ?? []).map(asset => [asset.name, sha256(asset.content)]))

  beforeAll(async () => {
    ;({ first, changed } = await buildReleases())
  }, 120_000)
  beforeEach(async () => {
    logs = []
    server = await new GitHubServer().start()
  })
  afterEach(async () => {
    expect(server.violations).toEqual([])
    await server.stop()
  })

  it('records the manifest as an asset; the same commit keeps its assets with a notice; another commit is refused and leaves the record', async () => {
    const ours = recordOf({ repository: `${server.owner}/${server.repo}`, sha: server.commits[0]! })
    const sha12 = server.commits[0]!.slice(0, 12)
    const record = `release-manifest.sample_greeter-0.3.1.${sha12}.json`
    const one = await release(first, { origin: ours })
    expect(one.published).toMatchObject({ status: 'published' })
    const assets = stored()
    expect(Object.keys(assets).sort()).toEqual([...first.map(a => a.filename), 'SHA256SUMS', record].sort())
    const asset = server.publishedRelease('v0.3.1')!.assets.find(a => a.name === record)!
    const manifest = parseManifest(asset.content.toString('utf8'), record)
    expect(manifest.source).toMatchObject({ repository: `${server.owner}/${server.repo}`, sha: server.commits[0] })
    expect(Object.fromEntries(manifest.files.map(f => [f.filename, f.sha256]))).toEqual(Object.fromEntries(first.map(a => [a.filename, a.sha256])))
    // SHA256SUMS lists the distributions only
    const sums = server
      .publishedRelease('v0.3.1')!
      .assets.find(a => a.name === 'SHA256SUMS')!
      .content.toString('utf8')
    expect(sums).not.toContain('release-manifest')

    // the same commit, rebuilt with other members: kept, with a notice naming the evidence; nothing uploaded
    const rerun = await release(changed, { origin: ours })
    expect(rerun.preflight.ready).toBe(true)
    expect(rerun.preflight.files.map(f => f.action)).toEqual(['skip-origin', 'skip-origin'])
    expect(rerun.preflight.annotations.filter(a => a.level === 'notice').map(a => a.message)).toEqual(
      changed.map(a =>
        expect.stringMatching(
          new RegExp(
            `^${a.filename.replace(/\./g, '\\.')} kept: uploaded by an earlier run of ${server.owner}/${server.repo}@${sha12} \\(the release's asset ${record.replace(/\./g, '\\.')} lists its sha256 [0-9a-f]{12}…\\)$`
          )
        )
      )
    )
    expect(rerun.published).toMatchObject({ status: 'skipped', uploaded: [] })
    expect(rerun.published?.message).toContain(`2 kept as uploaded by an earlier run of ${server.owner}/${server.repo}@${sha12}`)
    expect(stored()).toEqual(assets)

    // another commit, or no origin: another release, refused as before
    for (const origin of [recordOf({ repository: `${server.owner}/${server.repo}`, sha: 'f'.repeat(40) }), undefined]) {
      const refused = await release(changed, { origin })
      expect(refused.preflight.ready).toBe(false)
      expect(refused.preflight.message).toContain('is already on the release with different content')
      expect(refused.preflight.annotations.filter(a => a.level === 'notice' && a.message.includes('kept:'))).toEqual([])
    }
    expect(stored()).toEqual(assets)
  }, 120_000)
})
