// The ArtifactStore backed by the unmodified @actions/artifact client. Only main.ts imports this module,
// so the command line's bundle carries no artifact client; the client itself loads on first use.
import type { ArtifactStore } from './handoff.js'

/** The store backed by the unmodified @actions/artifact client (imported on first use: it is large). */
export function actionsArtifactStore(): ArtifactStore {
  let loaded: Promise<import('@actions/artifact').ArtifactClient> | undefined
  const client = (): Promise<import('@actions/artifact').ArtifactClient> =>
    (loaded ??= import('@actions/artifact').then(module => new module.DefaultArtifactClient()))
  return {
    async find(name) {
      try {
        const { artifact } = await (await client()).getArtifact(name)
        return { id: artifact.id, size: artifact.size }
      } catch (error) {
        if (error instanceof Error && error.name === 'ArtifactNotFoundError') return undefined
        throw error
      }
    },
    async download(id, directory) {
      await (await client()).downloadArtifact(id, { path: directory })
    },
    async remove(name) {
      await (await client()).deleteArtifact(name)
    },
    async upload(name, files, root, retentionDays) {
      const result = await (await client()).uploadArtifact(name, files, root, retentionDays ? { retentionDays } : {})
      if (result.id === undefined) throw new Error('the artifact service returned no artifact id')
      return { id: result.id, size: result.size ?? 0, digest: result.digest }
    }
  }
}
