// The hand-off logic against a store held in memory: which existing artifact is this job's to replace.
import { describe, expect, it } from '@jest/globals'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { invalidNameTemplate, resolveArtifactName, uploadRelease, type ArtifactStore } from '../src/build/handoff.js'
import { releaseManifest, writeManifest, type ReleaseManifest } from '../src/build/manifest.js'
import { readEnvironment } from '../src/env.js'
import { silentLogger, type BuildArtifact } from '../src/types.js'

async function built(names: string[]): Promise<BuildArtifact[]> {
  const dir = await mkdtemp(join(tmpdir(), 'pra-handoff-'))
  const artifacts: BuildArtifact[] = []
  for (const filename of names) {
    await writeFile(join(dir, filename), filename)
    artifacts.push({
      path: join(dir, filename),
      filename,
      format: filename.endsWith('.whl') ? 'wheel' : 'sdist',
      size: filename.length,
      sha256: 'a'.repeat(64),
      md5: 'b'.repeat(32),
      blake2b_256: 'c'.repeat(64),
      metadata: { metadataVersion: '2.1', name: 'demo', version: '1.0', summary: undefined, requiresPython: undefined }
    } as BuildArtifact)
  }
  return artifacts
}

/** A store holding one artifact whose download writes `held` (no manifest when undefined). */
function storeHolding(held: ReleaseManifest | undefined, uploadError?: Error): ArtifactStore & { removed: string[]; uploaded: string[][] } {
  const store = {
    removed: [] as string[],
    uploaded: [] as string[][],
    find: async () => ({ id: 7, size: 10 }),
    download: async (_id: number, dir: string) => {
      await writeFile(join(dir, held ? 'release-manifest.json' : 'demo-1.0.tar.gz'), held ? JSON.stringify(held) : 'x')
    },
    remove: async (name: string) => void store.removed.push(name),
    upload: async (_name: string, files: string[]) => {
      if (uploadError) throw uploadError
      store.uploaded.push(files.map(f => f.split('/').pop() as string))
      return { id: 8, size: 20, digest: 'd' }
    }
  }
  return store
}

const env = readEnvironment({ GITHUB_JOB: 'build', GITHUB_WORKFLOW: 'Release', GITHUB_RUN_ATTEMPT: '2' }, '/')
const manifestFor = (artifacts: BuildArtifact[], over: Partial<ReleaseManifest['source']> = {}): ReleaseManifest => {
  const manifest = releaseManifest({
    project: 'demo',
    version: '1.0',
    certification: undefined,
    artifacts,
    env,
    frontend: 'build',
    python: 'python3',
    artifact: 'dists'
  })
  return { ...manifest, source: { ...manifest.source, ...over } }
}

/** The manifest written as the build stage writes it, for uploadRelease's manifestPath. */
async function written(manifest: ReleaseManifest): Promise<string> {
  return writeManifest(await mkdtemp(join(tmpdir(), 'pra-handoff-manifest-')), manifest)
}

describe('uploadRelease', () => {
  it("replaces this job's earlier upload and stages the files flat beside the manifest", async () => {
    const artifacts = await built(['demo-1.0.tar.gz', 'demo-1.0-py3-none-any.whl'])
    const store = storeHolding(manifestFor(artifacts.slice(0, 1), { run_attempt: '1' }))
    const result = await uploadRelease({
      store,
      name: 'dists',
      artifacts,
      manifest: manifestFor(artifacts),
      manifestPath: await written(manifestFor(artifacts)),
      retentionDays: undefined,
      workDir: tmpdir(),
      logger: silentLogger
    })
    expect(result).toMatchObject({ id: 8, replaced: 7 })
    expect(store.removed).toEqual(['dists'])
    expect(store.uploaded).toEqual([['demo-1.0.tar.gz', 'demo-1.0-py3-none-any.whl', expect.stringMatching(/^release-manifest\.dists\.[0-9a-f]{12}\.json$/)]])
  })

  it.each([
    ['no manifest', undefined, /holds no release manifest this action can read/],
    ['another job', 'other-job', /job 'other-job' of workflow 'Release' uploaded it/],
    ['a file this run lacks', 'lacks', /holds demo-1.0-cp312-cp312-win_amd64.whl, which this job did not build/]
  ])('refuses to replace an artifact with %s, removing nothing', async (_what, how, message) => {
    const artifacts = await built(['demo-1.0.tar.gz'])
    let held: ReleaseManifest | undefined
    if (how === 'other-job') held = manifestFor(artifacts, { job: 'other-job' })
    if (how === 'lacks') held = manifestFor(await built(['demo-1.0.tar.gz', 'demo-1.0-cp312-cp312-win_amd64.whl']))
    const store = storeHolding(held)
    await expect(
      uploadRelease({
        store,
        name: 'dists',
        artifacts,
        manifest: manifestFor(artifacts),
        manifestPath: await written(manifestFor(artifacts)),
        retentionDays: undefined,
        workDir: tmpdir(),
        logger: silentLogger
      })
    ).rejects.toMatchObject({ title: 'Artifact name taken', message: expect.stringMatching(message) })
    expect(store.removed).toEqual([])
    expect(store.uploaded).toEqual([])
  })

  it('names the race when another job takes the name during the upload (the service answers 409)', async () => {
    const artifacts = await built(['demo-1.0.tar.gz'])
    const conflict = new Error(
      'Failed to CreateArtifact: Received non-retryable error: Failed request: (409) Conflict: an artifact with this name already exists on the workflow run'
    )
    const store = { ...storeHolding(undefined, conflict), find: async () => undefined }
    await expect(
      uploadRelease({
        store,
        name: 'dists',
        artifacts,
        manifest: manifestFor(artifacts),
        manifestPath: await written(manifestFor(artifacts)),
        retentionDays: undefined,
        workDir: tmpdir(),
        logger: silentLogger
      })
    ).rejects.toMatchObject({ title: 'Artifact name taken', message: expect.stringContaining('another job uploaded it while this one was uploading') })
  })
})

describe('artifact-name templates', () => {
  it('accepts the known placeholders and refuses the rest', () => {
    expect(invalidNameTemplate('dists-{job}-{os}-{arch}-{name}-{version}')).toBeUndefined()
    expect(invalidNameTemplate('dists-{python}')).toMatch(/unknown placeholder '\{python\}'/)
    expect(invalidNameTemplate('dists|x')).toMatch(/vertical bar/)
    expect(invalidNameTemplate('   ')).toBe('it is empty')
    expect(resolveArtifactName('d-{os}-{job}', { job: 'wheels', os: 'linux', arch: undefined, name: undefined, version: undefined })).toBe('d-linux-wheels')
  })
})
