// The rules a receiving job applies to what arrived, once the files are read and digested (arrival.ts
// verifyArrivals) — one check each, in a function of its own with its own test (__tests__/arrival-rules.test.ts),
// so that the list stays readable as it grows. A rule returns what it found (an error, a warning, a notice)
// and never throws; verifyArrivals collects the findings, and any error means nothing is published.
//
// What a manifest may vouch for: the bytes it lists (arrival.ts), a certification whose status is what its
// checks add up to (manifest.ts statusDisagreement, checked as it is read), every gate when certification is
// required, this repository, and the commit being released. What a wheel may stand for in `expect-wheels`:
// the tags its WHEEL file states, which inspection verified equal to its filename's (build/inspect.ts).
import picomatch from 'picomatch'
import { CERTIFICATION_GATES, excerpt } from '../build/manifest.js'
import { tagPlatforms } from '../build/inspect.js'
import { normalizeName } from '../names.js'
import { parseVersion, versionsEqual } from '../pep440.js'
import type { BuildArtifact } from '../types.js'
import type { ArrivedManifest } from './arrival.js'

export interface Finding {
  level: 'error' | 'warning' | 'notice'
  message: string
}

const error = (message: string): Finding => ({ level: 'error', message })

/** Who vouched: the job that wrote the manifest, the manifest's file and the arrival it came in. */
export function who(manifest: ArrivedManifest): string {
  const job = manifest.manifest.source.job
  const place = `${manifest.file} in ${excerpt(manifest.source, 100)}`
  return job ? `job ${excerpt(job)} (${place})` : place
}

/** The checks of a manifest that did not pass, for a message: `'tests': fail`. */
function notPassed(manifest: ArrivedManifest): string {
  const checks = manifest.manifest.certification.checks.filter(check => check.status !== 'pass')
  return checks.map(check => `${excerpt(check.name)}: ${check.status}`).join(', ')
}

/**
 * The certification a manifest records lets its files go on: FAIL never; PARTIAL is an error with
 * fail-on-partial and a warning without; NOT-RUN is an error when certification is required. (That the
 * status is what the checks add up to, parseManifest has already made sure.)
 */
export function certificationAllowed(manifest: ArrivedManifest, options: { failOnPartial?: boolean; requireCertification?: boolean }): Finding | undefined {
  const { status } = manifest.manifest.certification
  const failing = notPassed(manifest)
  if (status === 'FAIL') return error(`The files of ${who(manifest)} come from a failed certification (FAIL: ${failing}); nothing from it may be published`)
  if (status === 'PARTIAL' && options.failOnPartial) {
    return error(`The files of ${who(manifest)} come from a PARTIAL certification (${failing}), and fail-on-partial is set`)
  }
  if (status === 'PARTIAL') return { level: 'warning', message: `The files of ${who(manifest)} come from a PARTIAL certification (${failing})` }
  if (status === 'NOT-RUN' && options.requireCertification) {
    return error(`The files of ${who(manifest)} were built without certification (NOT-RUN), and certification is required`)
  }
  return undefined
}

/**
 * With `require-certification`: the certification lists every gate this action's certification takes
 * (manifest.ts CERTIFICATION_GATES), each once. A gate left out (or listed twice, a passing copy after the
 * failing one) is a manifest edited after it was written: what it does not show, it cannot vouch for. A
 * gate the build job gave no input is listed as `skip` (not configured); a configured gate that failed
 * makes the status FAIL, which certificationAllowed refuses.
 */
export function gatesListed(manifest: ArrivedManifest): Finding | undefined {
  const { checks, status } = manifest.manifest.certification
  if (status === 'NOT-RUN') return undefined // certificationAllowed says so
  const counts = (gate: string): number => checks.filter(check => check.name === gate).length
  const missing = CERTIFICATION_GATES.filter(gate => counts(gate) === 0)
  const twice = CERTIFICATION_GATES.filter(gate => counts(gate) > 1)
  if (missing.length === 0 && twice.length === 0) return undefined
  const what = [
    ...(missing.length > 0 ? [`does not list the ${missing.join(', ')} ${missing.length === 1 ? 'gate' : 'gates'}`] : []),
    ...(twice.length > 0 ? [`lists the ${twice.join(', ')} ${twice.length === 1 ? 'gate' : 'gates'} more than once`] : [])
  ]
  return error(
    `The certification in ${who(manifest)} ${what.join(' and ')}; certification is required, and a certification lists every gate ` +
      `(${CERTIFICATION_GATES.join(', ')}) once, so this one cannot vouch for its files`
  )
}

/**
 * The manifest names the repository that is releasing (GITHUB_REPOSITORY): files another repository's
 * workflow built are not this project's build, whatever they contain. A manifest that names none (written
 * outside Actions, by the command line) is an error when certification is required, else a notice.
 */
export function fromThisRepository(manifest: ArrivedManifest, repository: string | undefined, strict: boolean): Finding | undefined {
  if (repository === undefined) return undefined
  const named = manifest.manifest.source.repository
  if (named === null) {
    const message = `${who(manifest)} does not name the repository it was built in, so nothing shows that it is ${repository}'s build`
    return strict ? error(`${message}, and certification is required`) : { level: 'notice', message }
  }
  // GitHub's owner and repository names are case-insensitive
  if (named.toLowerCase() === repository.toLowerCase()) return undefined
  return error(
    `${who(manifest)} was built in the repository ${excerpt(named, 100)}, not in ${repository}, which is releasing: nothing from it may be published`
  )
}

/**
 * The manifest names the commit being released: for this run's files GITHUB_SHA (a tag push releases the
 * commit it tagged), for a promotion the source run's head commit. Files built from another commit are
 * another release's, even when project and version agree. A manifest that names no commit is an error when
 * certification is required, else a notice.
 */
export function builtFromCommit(manifest: ArrivedManifest, commit: { sha: string; what: string } | undefined, strict: boolean): Finding | undefined {
  if (commit === undefined) return undefined
  const sha = manifest.manifest.source.sha
  if (sha === null) {
    const message = `${who(manifest)} does not name the commit it was built from, so nothing shows that it is ${commit.what} (${commit.sha})`
    return strict ? error(`${message}, and certification is required`) : { level: 'notice', message }
  }
  if (sha === commit.sha.toLowerCase()) return undefined
  return error(`${who(manifest)} was built from commit ${sha}, but this release is of ${commit.what}, ${commit.sha}: nothing from it may be published`)
}

/**
 * A promotion's manifests were written by the run being promoted: a manifest in its artifacts that names
 * another run is another run's build, handed on through this one.
 */
export function fromSourceRun(manifest: ArrivedManifest, run: { id: number; url: string } | undefined): Finding | undefined {
  if (run === undefined) return undefined
  const named = manifest.manifest.source.run_id
  if (named === String(run.id)) return undefined
  return error(
    `${who(manifest)} was written by ${named === null ? 'no named run' : `run ${excerpt(named)}`}, not by run ${run.id} (${run.url}), whose artifacts are being promoted`
  )
}

/**
 * A file no manifest lists (cibuildwheel's, maturin's) carries no certification: an error when
 * certification is required, else a notice that it was inspected and digested here only.
 */
export function unvouchedFile(file: { filename: string; source: string }, strict: boolean): Finding {
  const what = `No build manifest vouches for ${excerpt(file.filename, 80)} in ${excerpt(file.source, 100)}`
  if (strict) return error(`${what}, so nothing shows that it was certified, and certification is required`)
  return { level: 'notice', message: `${what}: it was inspected and digested here, but nothing shows which job built it or that it is unchanged since` }
}

/** The manifests that name a commit name one: a release is built from one commit (a GitHub Release is tagged there). */
export function oneCommit(manifests: readonly ArrivedManifest[]): Finding | undefined {
  const commits = new Map<string, string[]>()
  for (const arrived of manifests) {
    const sha = arrived.manifest.source.sha
    if (sha !== null) commits.set(sha, [...(commits.get(sha) ?? []), excerpt(arrived.manifest.source.job ?? arrived.source)])
  }
  if (commits.size < 2) return undefined
  const which = [...commits].map(([sha, jobs]) => `${sha} (${jobs.join(', ')})`).join(', ')
  return error(`the files received were built from different commits: ${which}; one release is built from one commit`)
}

/**
 * The files are one release, by their own metadata (the truth: a manifest only says what its job saw): one
 * project (PEP 503 names) at one version (PEP 440, normalized). The release, when they are.
 */
export function oneRelease(files: readonly BuildArtifact[]): { release?: { name: string; version: string }; finding?: Finding } {
  const releases = new Map<string, BuildArtifact[]>()
  for (const file of files) {
    const { name, version } = file.metadata
    const key = `${normalizeName(name)} ${parseVersion(version)?.normalized ?? version}`
    releases.set(key, [...(releases.get(key) ?? []), file])
  }
  if (releases.size === 1) return { release: { name: files[0]!.metadata.name, version: files[0]!.metadata.version } }
  if (releases.size === 0) return {}
  const listed = [...releases.values()].map(group => {
    const { name, version } = group[0]!.metadata
    return `${name} ${version} (${group.map(file => excerpt(file.filename, 80)).join(', ')})`
  })
  return { finding: error(`The arrived files are not one release: ${listed.join('; ')}`) }
}

/** The manifest is for the release the files are (its project and version, as the job that wrote it saw them). */
export function manifestForRelease(manifest: ArrivedManifest, release: { name: string; version: string }): Finding | undefined {
  const { project, version } = manifest.manifest
  if (normalizeName(project) === normalizeName(release.name) && versionsEqual(version, release.version)) return undefined
  return error(`${who(manifest)} is for ${excerpt(project)} ${excerpt(version)}, but the files are ${release.name} ${release.version}`)
}

/** A wheel for a message: its name and the tags its WHEEL file states (none when they were not verified). */
function shown(wheel: BuildArtifact): string {
  const tags = wheel.contents?.wheel?.tags
  return `${excerpt(wheel.filename, 80)} (${tags ? `WHEEL tags ${tags.join(', ')}` : 'tags not verified'})`
}

/**
 * `expect-wheels`: every platform tag or pattern is met by a wheel's verified tags, the ones its WHEEL file
 * states and inspection found equal to its filename's (build/inspect.ts wheelTagProblems); a wheel whose
 * tags were not verified meets none. A pattern met only by wheels that say they are pure Python
 * (Root-Is-Purelib: true) is met, with a warning: a pure wheel tagged for a platform (bdist_wheel
 * --plat-name) is legitimate, but a compiled build that went missing looks the same.
 */
export function expectedWheels(wheels: readonly BuildArtifact[], patterns: readonly string[]): Finding[] {
  const findings: Finding[] = []
  for (const expected of patterns) {
    // tags are lower case (packaging's Tag lower-cases them, tags.py:148-150), and so are the verified ones
    const pattern = expected.trim().toLowerCase()
    if (pattern === '') continue
    const glob = /[*?[\]{}]/.test(pattern) ? picomatch(pattern, { dot: true }) : undefined
    // one argument only: picomatch's matcher takes a second (return an object) that Array.some would fill with the index
    const matches = (platform: string): boolean => (glob ? glob(platform) : platform === pattern)
    const matched = (wheel: BuildArtifact): string[] => tagPlatforms(wheel.contents?.wheel?.tags ?? []).filter(platform => matches(platform))
    const meeting = wheels.filter(wheel => matched(wheel).length > 0)
    // a pure wheel meeting `any` is what `any` asks for
    const pureForPlatform = (wheel: BuildArtifact): boolean => wheel.contents?.wheel?.purelib === true && !matched(wheel).includes('any')
    if (meeting.length === 0) {
      const present = wheels.map(shown).join(', ')
      findings.push(error(`No wheel for the expected platform ${excerpt(expected.trim(), 80)}: the wheels that arrived are ${present || 'none'}`))
    } else if (meeting.every(pureForPlatform)) {
      findings.push({
        level: 'warning',
        message:
          `The expected platform ${excerpt(expected.trim(), 80)} is met only by ${meeting.map(shown).join(', ')}, whose WHEEL says Root-Is-Purelib: true ` +
          '(pure Python, tagged for a platform): if that platform needs compiled code, its build did not make it'
      })
    }
  }
  return findings
}
