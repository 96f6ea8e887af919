// "Already there" decided by origin when bytes cannot decide. A rebuild of the same commit is not always the
// same bytes, nor even the same archive members (a C extension compiled in a temporary directory that ends up
// in the binary, setuptools' SOURCES.txt from another tree), so a re-run (GitHub's way to recover from anything)
// would find its own earlier upload "different" and refuse it. A file whose recorded origin names this
// repository and this commit, for these very bytes (its sha256), is this release's own earlier upload: it is
// kept, and the run says so and on what evidence. Another commit, another repository, or no evidence at all is
// "another release", refused as before. Each target records and reads its own evidence: the local directory a
// release manifest beside SHA256SUMS (local.ts), an index its PEP 740 provenance (pypi.ts), a GitHub Release
// its manifest asset (github.ts).
import type { ReleaseManifest } from '../build/manifest.js'
import type { RunnerEnvironment } from '../env.js'
import type { BuildArtifact } from '../types.js'
import { cleanHeadCommit } from '../git.js'

/** The repository and commit this run publishes a release of. */
export interface ReleaseOrigin {
  /** owner/repo on a runner (GITHUB_REPOSITORY); null on a local command-line run, which knows no repository. */
  repository: string | null
  /** The full commit SHA. */
  sha: string
}

/** This release's origin and how to write its record (the local directory's manifest file, the GitHub Release's manifest asset). */
export interface OriginRecord {
  origin: ReleaseOrigin
  /** The release manifest for the files this run vouches for (the build's, with the source set to the origin). */
  manifest: (artifacts: BuildArtifact[]) => ReleaseManifest
}

/**
 * The origin of the release this run publishes, or undefined when it cannot be named (then only bytes decide):
 * - a job that received files built elsewhere (split build and publish): the commit their release manifests agree
 *   on (received.ts) — the files are that commit's, whichever commit this job runs at — in this repository; none
 *   when no manifest names a commit;
 * - a runner (GITHUB_SHA set): GITHUB_REPOSITORY at GITHUB_SHA, the commit the job checked out and built;
 * - a local command-line run: the project's git HEAD, with no repository, and only when its tracked files are as
 *   committed (uncommitted changes make files that are no commit's; untracked files such as a 'local-dir' inside
 *   the project do not count). A runner's record and a local run's never match each other (repository differs).
 */
export async function releaseOrigin(
  env: Pick<RunnerEnvironment, 'repository' | 'sha'>,
  /** received: this job publishes files another job built; commit: the commit their manifests agree on, if any. */
  files: { received: boolean; commit: string | undefined },
  projectDir: string
): Promise<ReleaseOrigin | undefined> {
  // received files no manifest vouches for (cibuildwheel's) are no known commit's: bytes alone decide for them
  if (files.received) return files.commit ? { repository: env.repository ?? null, sha: files.commit } : undefined
  if (env.sha) return { repository: env.repository ?? null, sha: env.sha }
  const head = await cleanHeadCommit(projectDir)
  return head ? { repository: null, sha: head } : undefined
}

/** Whether a recorded source (a manifest's, a certificate's) names this origin: the same commit of the same repository. */
export function sameOrigin(recorded: { repository: string | null; sha: string | null }, origin: ReleaseOrigin): boolean {
  // GitHub's owner and repository names are case-insensitive
  return (
    recorded.sha !== null && recorded.sha.toLowerCase() === origin.sha.toLowerCase() && recorded.repository?.toLowerCase() === origin.repository?.toLowerCase()
  )
}

/** The origin in a message: owner/repo@<12 digits of the commit>. */
export function describeOrigin(origin: ReleaseOrigin): string {
  return `${origin.repository ?? 'this checkout'}@${origin.sha.slice(0, 12)}`
}

/** What a target says of a file it keeps on the strength of its origin. */
export function keptByOrigin(filename: string, origin: ReleaseOrigin, evidence: string): string {
  return `${filename} kept: uploaded by an earlier run of ${describeOrigin(origin)} (${evidence})`
}

/** The evidence a record (a release manifest of this origin) gives for a file of this name, size and sha256: whether it lists it so. */
export function recordLists(record: ReleaseManifest, file: { filename: string; size: number; sha256: string }): boolean {
  return record.files.some(entry => entry.filename === file.filename && entry.size === file.size && entry.sha256 === file.sha256)
}

/**
 * The record a target keeps after this run: what an earlier run of the same origin recorded, with every file this run
 * vouches for (uploads it, or finds byte-identical) over it. Files kept as an equivalent rebuild are not listed:
 * another commit may have placed them. JSON text, as manifest.ts writes a manifest, its files in name order; undefined when
 * the earlier record already lists every file vouched for.
 */
export function mergedRecord(earlier: ReleaseManifest | undefined, vouched: ReleaseManifest): string | undefined {
  // a re-run that vouches for nothing new leaves the record as it is (a re-run changes nothing)
  if (earlier && vouched.files.every(file => recordLists(earlier, file))) return undefined
  const names = new Set(vouched.files.map(file => file.filename))
  const files = [...(earlier?.files ?? []).filter(file => !names.has(file.filename)), ...vouched.files].sort((a, b) => (a.filename < b.filename ? -1 : 1))
  return `${JSON.stringify({ ...vouched, files }, null, 2)}\n`
}
