// Is the file a target already holds under a release file's name the same release? The local directory,
// the index and the GitHub Release each ask it of a file they find in the way; the answer is decided here
// once, and each target words its own message around it. Identical: the same bytes (the same sha256).
// Equivalent: a rebuild with the same archive members and contents (other timestamps or member order),
// which skip-existing keeps. Different: another release of the same version, with the differing members.
import { listDifferences, memberDifferences, readArchive, type ArchiveMember } from '../build/archive.js'
import { sha256File } from '../build/digest.js'
import type { BuildArtifact } from '../types.js'

/** skip-existing's default: keep a file already there when it is the same release, so a re-run completes a release (action.yml says the same). */
export const DEFAULT_SKIP_EXISTING = true

/** What the target holds under the name: what is known of it without reading it, and where its bytes are. */
export interface HeldFile {
  /** Its sha256: as the target lists it (an index, GitHub), or as read from disk; absent when the target lists none. */
  sha256?: string
  /** Its size, when the target lists it: a file of another size is not the same bytes, whatever the digest says. */
  size?: number
  /** Where its bytes are on disk (the local target's file). */
  path?: string
  /**
   * Fetches its bytes to disk and returns where (an index's file, a release asset); run only when the digests do
   * not settle the question. The bytes fetched must have the listed sha256 (else DigestMismatch).
   */
  download?: () => Promise<string>
  /** Compare members without their first path component: an sdist of another filename, whose top directory is named after it. */
  ignoreTop?: boolean
}

export type Sameness =
  | { verdict: 'identical'; sha256: string }
  /** sha256: the held file's own digest, when known (always after a download). */
  | { verdict: 'equivalent'; sha256: string | undefined }
  /** differences: in words, for a message; unreadable: why the held file is not a readable archive, when that is the difference. */
  | { verdict: 'different'; differences: string; unreadable?: string }

/** The bytes fetched from a target are not the ones it lists: a transfer or the target is at fault, not the release. */
export class DigestMismatch extends Error {
  constructor(
    /** The sha256 of the bytes fetched. */
    readonly fetched: string,
    /** The sha256 the target lists. */
    readonly listed: string
  ) {
    super(`the file fetched has sha256 ${fetched}, not the ${listed} listed`)
    this.name = 'DigestMismatch'
  }
}

/** Whether the digest the target gives for its file says it is this artifact's bytes (no reading needed). */
export function sameDigest(artifact: BuildArtifact, held: Pick<HeldFile, 'sha256' | 'size'>): boolean {
  return held.sha256 !== undefined && held.sha256 === artifact.sha256 && (held.size === undefined || held.size === artifact.size)
}

/** Members with the first path component dropped: an sdist's top directory is named after its filename. */
const withoutTop = (members: ArchiveMember[]): ArchiveMember[] =>
  members.map(member => ({ ...member, name: member.name.split('/').slice(1).join('/') })).filter(member => member.name !== '')

/**
 * Compares the file a target holds with the built artifact: by digest first, then (the bytes read or
 * downloaded) by archive members. Throws what reading the held file (or downloading it) throws, and
 * DigestMismatch; a held file that is not a readable archive is 'different', with `unreadable` set.
 */
export async function compareExisting(artifact: BuildArtifact, held: HeldFile): Promise<Sameness> {
  if (sameDigest(artifact, held)) return { verdict: 'identical', sha256: artifact.sha256 }
  let sha256 = held.sha256
  let path = held.path
  if (held.download) {
    path = await held.download()
    const fetched = await sha256File(path)
    if (held.sha256 && fetched !== held.sha256) throw new DigestMismatch(fetched, held.sha256)
    if (fetched === artifact.sha256) return { verdict: 'identical', sha256: fetched }
    sha256 = fetched
  }
  if (path === undefined) throw new Error(`${artifact.filename}: the file in place has neither a path nor a download to compare`)
  let theirs: ArchiveMember[]
  try {
    theirs = (await readArchive(path)).members
  } catch (error) {
    const unreadable = (error as Error).message
    return { verdict: 'different', differences: `it is not a readable archive (${unreadable})`, unreadable }
  }
  const ours = (await readArchive(artifact.path)).members
  const differences = held.ignoreTop ? memberDifferences(withoutTop(theirs), withoutTop(ours)) : memberDifferences(theirs, ours)
  return differences.length === 0 ? { verdict: 'equivalent', sha256 } : { verdict: 'different', differences: listDifferences(differences) }
}
