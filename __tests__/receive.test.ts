// How a job without the build stage finds the files other jobs built: dist-dir's layouts, artifact
// name patterns, and downloads that the artifact service's own digest vouches for. The artifact
// source is a double here; the end-to-end tests use the unmodified @actions/artifact client.
import { describe, expect, it } from '@jest/globals'
import { mkdir, mkdtemp, readdir, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { artifactMatcher, distDirArrivals, downloadArrivals, ReceiveError, type ArtifactSource } from '../src/publish/receive.js'
import { silentLogger } from '../src/types.js'

const temp = (): Promise<string> => mkdtemp(join(tmpdir(), 'pra-receive-'))

describe('dist-dir', () => {
  it('one directory per artifact (download-artifact without merge-multiple): a source each; empty ones are left out', async () => {
    const dir = await temp()
    for (const name of ['dist-linux', 'dist-macos', 'empty']) await mkdir(join(dir, name))
    await writeFile(join(dir, 'dist-linux', 'a-1.0-py3-none-manylinux_2_17_x86_64.whl'), 'x')
    await writeFile(join(dir, 'dist-macos', 'release-manifest.dist-macos.json'), '{}')
    expect(await distDirArrivals(dir)).toEqual([
      { source: join(dir, 'dist-linux'), dir: join(dir, 'dist-linux') },
      { source: join(dir, 'dist-macos'), dir: join(dir, 'dist-macos') }
    ])
  })

  it('files in the directory itself (merge-multiple, a wheelhouse): the directory is the source', async () => {
    const dir = await temp()
    await writeFile(join(dir, 'a-1.0.tar.gz'), 'x')
    expect(await distDirArrivals(dir)).toEqual([{ source: dir, dir, merged: true }])
  })

  it('refuses a directory that is missing, a file, or holds nothing to publish, naming the input', async () => {
    const dir = await temp()
    await expect(distDirArrivals(join(dir, 'nope'))).rejects.toThrow(/^Input 'dist-dir' \(.*nope\) does not exist/)
    await writeFile(join(dir, 'file'), 'x')
    await expect(distDirArrivals(join(dir, 'file'))).rejects.toThrow(/^Input 'dist-dir' \(.*file\) is not a directory$/)
    await mkdir(join(dir, 'hollow', 'deeper', 'deepest'), { recursive: true })
    await writeFile(join(dir, 'hollow', 'deeper', 'deepest', 'a-1.0.tar.gz'), 'x')
    await expect(distDirArrivals(join(dir, 'hollow'))).rejects.toThrow(/holds no distribution file \(\.whl, \.tar\.gz\) and no release manifest/)
  })

  it('does not follow a symbolic link to a directory elsewhere', async () => {
    const dir = await temp()
    const elsewhere = await temp()
    await writeFile(join(elsewhere, 'a-1.0.tar.gz'), 'x')
    await symlink(elsewhere, join(dir, 'linked'))
    await writeFile(join(dir, 'b-1.0.tar.gz'), 'x')
    expect(await distDirArrivals(dir)).toEqual([{ source: dir, dir, merged: true }])
  })
})

describe('artifact name patterns', () => {
  it('globs, and an artifact-name template whose placeholders match anything', () => {
    const match = artifactMatcher(['python-package-distributions-{job}-{os}', 'cibw-*'])
    expect(['python-package-distributions-build-linux', 'cibw-wheels-ubuntu-latest-0', 'python-package-distributions', 'other'].map(match)).toEqual([
      true,
      true,
      false,
      false
    ])
  })
})

/** An artifact source double: `stored` artifacts, a download writes one file; `tampered` ids mismatch their digest. */
function source(stored: Array<{ id: number; name: string; digest?: string }>, tampered: number[] = []): ArtifactSource & { runs: Array<number | undefined> } {
  const runs: Array<number | undefined> = []
  return {
    runs,
    async list(runId) {
      runs.push(runId)
      return stored.map(a => ({ ...a, size: 10 }))
    },
    async download(id, directory, options) {
      await writeFile(join(directory, `file-${id}.whl`), 'x')
      return { digestMismatch: options.expectedDigest !== undefined && tampered.includes(id) }
    }
  }
}

describe('downloads', () => {
  const stored = [
    { id: 3, name: 'dist-windows', digest: 'sha256:cc' },
    { id: 1, name: 'dist-linux', digest: 'sha256:aa' },
    { id: 2, name: 'dist-macos', digest: 'sha256:bb' },
    { id: 4, name: 'coverage-report' }
  ]

  it('downloads every matching artifact into its own directory, in name order; another run by its id', async () => {
    const work = await temp()
    const from = source(stored)
    const arrivals = await downloadArrivals({ source: from, patterns: ['dist-*'], runId: 100, workDir: join(work, 'in'), logger: silentLogger })
    expect(arrivals.map(a => a.source)).toEqual(["artifact 'dist-linux' (id 1)", "artifact 'dist-macos' (id 2)", "artifact 'dist-windows' (id 3)"])
    for (const [index, arrival] of arrivals.entries()) expect(await readdir(arrival.dir)).toEqual([`file-${index + 1}.whl`])
    expect(from.runs).toEqual([100])
  })

  it("refuses an artifact that does not match the service's digest of its upload", async () => {
    const work = await temp()
    const download = downloadArrivals({ source: source(stored, [2]), patterns: ['dist-*'], workDir: work, logger: silentLogger })
    await expect(download).rejects.toThrow(ReceiveError)
    await expect(downloadArrivals({ source: source(stored, [2]), patterns: ['dist-*'], workDir: join(work, 'again'), logger: silentLogger })).rejects.toThrow(
      "artifact 'dist-macos' (id 2) of this workflow run does not match the digest the artifact service recorded when it was uploaded (sha256:bb)"
    )
  })

  it('a download that fails stops the rest taking more, and names the artifact and the permission another run needs', async () => {
    const work = await temp()
    const many = Array.from({ length: 60 }, (_, i) => ({ id: i + 1, name: `dist-${String(i + 1).padStart(2, '0')}`, digest: `sha256:${i}` }))
    let started = 0
    const failing: ArtifactSource = {
      list: async () => many.map(a => ({ ...a, size: 1 })),
      async download(id) {
        started++
        await new Promise(resolve => setTimeout(resolve, 5))
        if (id === 2) throw new Error('Unexpected HTTP response from blob storage: 403 Forbidden')
        return { digestMismatch: false }
      }
    }
    await expect(downloadArrivals({ source: failing, patterns: ['dist-*'], runId: 9, workDir: work, logger: silentLogger })).rejects.toThrow(
      "Downloading artifact 'dist-02' (id 2) of workflow run 9 (input 'artifact-run-id') failed: Unexpected HTTP response from blob storage: 403 Forbidden. " +
        "Another run's artifacts need 'github-token' with `permissions: actions: read` in this job"
    )
    expect(started).toBeLessThan(many.length)
  })

  it('says when the service gave no digest to check a download against', async () => {
    const work = await temp()
    const lines: string[] = []
    await downloadArrivals({
      source: source([{ id: 1, name: 'dist-old' }]),
      patterns: ['dist-*'],
      workDir: work,
      logger: { info: l => lines.push(l), debug: () => {} }
    })
    expect(lines).toContain("downloaded artifact 'dist-old' (id 1) (10 bytes, no digest to check it against)")
    expect(lines).toContain("the artifact service gave no digest for artifact 'dist-old' (id 1): their manifests alone vouch for them")
  })

  it('a pattern that matches nothing is an error naming it and what the run has', async () => {
    const work = await temp()
    await expect(downloadArrivals({ source: source(stored), patterns: ['dist-*', 'wheels-*'], workDir: work, logger: silentLogger })).rejects.toThrow(
      "Input 'download-artifacts': no artifact of this workflow run matches 'wheels-*' (it has coverage-report, dist-linux, dist-macos, dist-windows)."
    )
    await expect(downloadArrivals({ source: source([]), patterns: ['dist-*'], runId: 7, workDir: work, logger: silentLogger })).rejects.toThrow(
      "no artifact of workflow run 7 (input 'artifact-run-id') matches 'dist-*' (it has none)"
    )
  })
})
