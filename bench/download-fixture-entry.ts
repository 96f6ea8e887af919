// Bundled by bench/download.mjs (setup, not timed): writes each build job's release manifest beside its
// files, as the build stage does: describeArtifact on every file, then releaseManifest and writeManifest
// with a PASS certification.
//   node index.js RUN_ID ARTIFACT_NAME=DIR...
// Prints the described files as JSON (filename, sha256, size), so the bench can check what arrives.
import { readdir } from 'node:fs/promises'
import { join } from 'node:path'
import { describeArtifact } from '../src/build/builder.js'
import { CERTIFICATION_GATES, releaseManifest, writeManifest } from '../src/build/manifest.js'
import type { RunnerEnvironment } from '../src/env.js'
import { CertificationStatus } from '../src/types.js'

const [runId, ...pairs] = process.argv.slice(2) as [string, ...string[]]
const described = []
for (const [index, pair] of pairs.entries()) {
  const [artifact, dir] = pair.split('=') as [string, string]
  const names = (await readdir(dir)).filter(name => name.endsWith('.whl') || name.endsWith('.tar.gz')).sort()
  const artifacts = []
  for (const name of names) artifacts.push(await describeArtifact(join(dir, name)))
  const first = artifacts[0]!
  const env = {
    repository: 'bench/bench-download',
    sha: '0123456789abcdef0123456789abcdef01234567',
    ref: 'refs/tags/v1.0',
    workflow: 'release',
    job: `build-${index}`,
    runId,
    runAttempt: '1',
    runnerOs: 'Linux',
    runnerArch: 'X64'
  } as RunnerEnvironment
  const manifest = releaseManifest({
    project: first.metadata.name,
    version: first.metadata.version,
    certification: {
      version: first.metadata.version,
      status: CertificationStatus.PASS,
      // every gate, as a real certification lists them (require-certification refuses one left out)
      checks: CERTIFICATION_GATES.map(name => ({ name, status: 'pass' as const, message: 'the bench says so', annotations: [], metrics: {}, details: [] }))
    },
    artifacts,
    env,
    frontend: 'build',
    python: '3.12',
    artifact
  })
  await writeManifest(dir, manifest)
  described.push(...artifacts.map(a => ({ artifact, filename: a.filename, sha256: a.sha256, size: a.size })))
}
console.log(JSON.stringify(described))
