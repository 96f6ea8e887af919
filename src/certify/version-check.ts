// The `version` check: every version source that exists agrees by PEP 440 equality.
import { relativePosix } from '../workspace-paths.js'
import type { Annotation, CertificationCheck } from '../types.js'
import type { PythonProject, VersionDerivation } from '../project.js'
import { compareVersions, isPlaceholderVersion, parseVersion, tagFromRef, versionFromTag, versionsEqual } from '../pep440.js'
import type { TagHistory } from '../git.js'

export interface VersionEvidence {
  /** The normalized `version` input, when given. */
  input: string | undefined
  /** GITHUB_REF. */
  ref: string | undefined
  tagPrefix: string
  project: PythonProject
  /** Line of `version =` in pyproject.toml, for the annotation. */
  projectVersionLine: number | undefined
  /** After the build: each built file and the version in its metadata. */
  built?: Array<{ filename: string; version: string }>
  /** Repository root, for annotation paths. */
  workspace: string
  /** Earlier release tags, when the project is in a git repository. */
  history?: TagHistory
}

interface Source {
  /** Who states it: the input, the pushed tag, pyproject.toml, or a built file (the backend). */
  kind: 'input' | 'tag' | 'pyproject' | 'built'
  label: string
  text: string
  file?: string
  line?: number
}

export interface VersionDecision {
  check: CertificationCheck
  /** The normalized release version, when one could be determined. */
  releaseVersion: string | undefined
}

/** Why the backend, not a file this action reads, decides the version. */
const DECIDED_BY_BACKEND: Record<VersionDerivation['declared'], string> = {
  dynamic: 'the version is dynamic in pyproject.toml',
  'no-project-table': 'pyproject.toml has no [project] table',
  'no-pyproject': "there is no pyproject.toml (setuptools' legacy backend runs setup.py, as python -m build does)"
}

export function checkVersion(evidence: VersionEvidence): VersionDecision {
  const annotations: Annotation[] = []
  const sources: Source[] = []
  // pyproject.toml, or without one the file that declares the project (setup.cfg, setup.py)
  const pyprojectFile = relativePosix(evidence.workspace, evidence.project.pyprojectPath ?? evidence.project.configPath)

  if (evidence.input !== undefined) sources.push({ kind: 'input', label: "input 'version'", text: evidence.input })
  const tag = tagFromRef(evidence.ref)
  if (tag !== undefined) {
    const fromTag = versionFromTag(tag, evidence.tagPrefix)
    if (fromTag.kind === 'not-prefixed') {
      annotations.push({
        level: 'notice',
        title: 'Tag not used as a version',
        message: `Tag '${tag}' does not start with tag-prefix '${evidence.tagPrefix}', so it is not read as a release version.`
      })
    } else {
      sources.push({ kind: 'tag', label: `tag '${tag}'`, text: fromTag.kind === 'version' ? fromTag.version.normalized : fromTag.text })
    }
  }
  if (evidence.project.version !== undefined) {
    sources.push({
      kind: 'pyproject',
      label: 'pyproject.toml [project] version',
      text: evidence.project.version,
      file: pyprojectFile,
      line: evidence.projectVersionLine
    })
  }
  for (const file of evidence.built ?? []) sources.push({ kind: 'built', label: `built file ${file.filename}`, text: file.version })

  const fail = (message: string, extra: Annotation[] = []): VersionDecision => ({
    check: {
      name: 'version',
      status: 'fail',
      message,
      annotations: [...annotations, ...extra],
      metrics: {},
      details: sources.map(s => `${s.label}: ${s.text}`)
    },
    releaseVersion: undefined
  })

  for (const source of sources) {
    if (!parseVersion(source.text)) {
      return fail(`${source.label} is '${source.text}', which is not a PEP 440 version`, [
        {
          level: 'error',
          title: 'Invalid version',
          message: `${source.label} is '${source.text}', which is not a PEP 440 version`,
          file: source.file,
          line: source.line
        }
      ])
    }
  }

  // The backend decides the version when pyproject.toml lists it as dynamic, has no [project] table, or is absent.
  const { project } = evidence
  const derivation = project.versionDerivation
  const backendDecides = project.dynamicVersion || derivation !== undefined
  if (derivation?.status === 'unconfigured') {
    const outcome = derivation.backend === 'setuptools' ? 'setuptools builds the placeholder version 0.0.0' : `${derivation.backend} cannot build it`
    const why =
      derivation.declared === 'dynamic'
        ? `${pyprojectFile} lists "version" in [project] dynamic, but nothing tells ${derivation.backend} how to compute it, so ${outcome}: a version the project never stated is not a release.`
        : `${derivation.declared === 'no-pyproject' ? `There is no pyproject.toml beside ${pyprojectFile}` : `${pyprojectFile} has no [project] table`}, and no setup.cfg or setup.py states a version, so ${outcome}: a version the project never stated is not a release.`
    const message = `${why} ${derivation.howTo}.`
    return fail(message, [{ level: 'error', title: 'Version not declared', message, file: pyprojectFile, line: derivation.line }])
  }
  if (!backendDecides && project.version === undefined) {
    // PEP 621: version is required unless it is dynamic; build backends refuse such a [project] table.
    const message =
      `no release version: ${pyprojectFile} has a [project] table without version, and "version" is not in its dynamic list (build backends refuse that). ` +
      `Add version = "1.2.3" to [project], or list "version" in dynamic with a backend configured to derive it (setuptools-scm, hatch-vcs, [tool.setuptools.dynamic] version, ...).`
    return fail(message, [{ level: 'error', title: 'No release version', message, file: pyprojectFile }])
  }

  const first = sources[0]
  if (!first) {
    const by = derivation?.source ?? derivation?.backend ?? 'the build backend'
    return {
      check: {
        name: 'version',
        status: 'pass',
        message: `${DECIDED_BY_BACKEND[derivation?.declared ?? 'dynamic']}: ${by} derives it when the build runs, and the built files must agree with it`,
        annotations,
        metrics: {},
        details: []
      },
      releaseVersion: undefined
    }
  }

  const releaseVersion = parseVersion(first.text)?.normalized as string
  const disagreeing = sources.filter(source => !versionsEqual(source.text, releaseVersion))
  if (disagreeing.length > 0) {
    const list = sources.map(s => `${s.label} is ${s.text}`).join(', ')
    return fail(
      `versions disagree: ${list}`,
      disagreeing.map(source => ({
        level: 'error' as const,
        title: 'Version mismatch',
        message: `${source.label} is ${source.text}, but ${first.label} is ${first.text}. Make every version source name the release version.`,
        file: source.file,
        line: source.line
      }))
    )
  }

  // Only the built files name the version: it must be one the project states through its backend,
  // not what a backend makes up when it has nothing to go by.
  if (backendDecides && first.kind === 'built') {
    const unstated = unstatedVersion(first.text, derivation, pyprojectFile, evidence.tagPrefix)
    if (unstated) return fail(unstated, [{ level: 'error', title: 'Version not declared', message: unstated, file: pyprojectFile, line: derivation?.line }])
  }

  const history = compareWithHistory(releaseVersion, evidence.history)
  if (history.error) return fail(history.error.message, [history.error])
  annotations.push(...history.notes)

  return {
    check: {
      name: 'version',
      status: 'pass',
      message: `${releaseVersion} (${sources.map(s => s.label).join(', ')} agree)${first.kind === 'built' && derivation?.source ? `, derived by ${derivation.source}` : ''}`,
      annotations,
      metrics: {},
      details: sources.map(s => `${s.label}: ${s.text}`)
    },
    releaseVersion
  }
}

/** Why a version only the built files give is not a release the project states; undefined when it is one. */
function unstatedVersion(built: string, derivation: VersionDerivation | undefined, pyprojectFile: string, tagPrefix: string): string | undefined {
  const orName = `Or name the release: push a tag '${tagPrefix}<version>' or set input 'version'.`
  const fallback = derivation?.fallbackVersion
  if (fallback && versionsEqual(built, fallback.version)) {
    return (
      `the built files have version ${built}, which is ${fallback.option} in ${pyprojectFile}: the version ${derivation?.source ?? derivation?.backend} ` +
      `stands in when it finds no git repository (an sdist, an archive or a copy without .git), not a release. Build from the git ` +
      `checkout of the release tag (actions/checkout with fetch-depth: 0). ${orName}`
    )
  }
  if (isPlaceholderVersion(built)) {
    const by = derivation?.source ? `${derivation.source} gave` : `${derivation?.backend ?? 'the build backend'} built`
    return (
      `the built files have version ${built}: ${by} a placeholder that backends make up when nothing tells them the version, ` +
      `not a release version the project states. ${derivation ? `${derivation.howTo}. ` : ''}${orName}`
    )
  }
  return undefined
}

/**
 * The release must be newer than every release tag reachable from the released commit (a
 * backport on a 1.x branch after 2.0 is fine: 2.0's tag is not reachable). A tag of the same
 * version is fine only on the released commit itself (a re-run of the tag's workflow).
 *
 * A shallow clone holds the pushed tag and little else, so its remote's tags are read too. Those
 * whose commit the clone does not hold cannot be placed: they count as earlier releases (a
 * backport then needs fetch-depth: 0, which tells). When the remote cannot be asked, a notice
 * says what was not compared.
 */
function compareWithHistory(releaseVersion: string, history: TagHistory | undefined): { error?: Annotation; notes: Annotation[] } {
  if (!history) return { notes: [] }
  const unplaced = history.remote?.unplaced ?? []
  const notes: Annotation[] = []
  if (history.shallow && history.remoteProblem !== undefined) {
    const inClone =
      history.tags.length === 0
        ? 'no release tag'
        : `only ${history.tags
            .map(t => t.tag)
            .slice(0, 5)
            .join(', ')}`
    notes.push({
      level: 'notice',
      title: 'Earlier releases not compared',
      message:
        `This is a shallow clone (actions/checkout's default fetch-depth: 1) holding ${inClone}, and its remote's tags could not be read ` +
        `(${history.remoteProblem}), so release ${releaseVersion} was not compared with every earlier release tag; ` +
        'use actions/checkout with fetch-depth: 0 to compare.'
    })
  }
  const all = [...history.tags, ...unplaced]
  if (all.length === 0) return { notes }
  const newer = history.tags.filter(tag => compareVersions(tag.version, releaseVersion) > 0)
  const sameElsewhere = all.filter(tag => compareVersions(tag.version, releaseVersion) === 0 && tag.commit !== history.head)
  const latest = [...all].sort((a, b) => compareVersions(b.version, a.version))[0]!
  if (newer.length > 0) {
    const names = newer
      .map(t => t.tag)
      .slice(0, 5)
      .join(', ')
    return {
      notes,
      error: {
        level: 'error',
        title: 'Version not newer than earlier releases',
        message: `release ${releaseVersion} is not newer than the release tag(s) ${names} reachable from this commit (latest: ${latest.tag}); bump the version`
      }
    }
  }
  const newerUnplaced = unplaced.filter(tag => compareVersions(tag.version, releaseVersion) > 0)
  if (newerUnplaced.length > 0) {
    const names = newerUnplaced
      .sort((a, b) => compareVersions(b.version, a.version))
      .map(t => t.tag)
      .slice(0, 5)
      .join(', ')
    return {
      notes,
      error: {
        level: 'error',
        title: 'Version not newer than earlier releases',
        message:
          `release ${releaseVersion} is not newer than the release tag(s) ${names} on remote '${history.remote?.name}' (latest: ${latest.tag}); bump the version. ` +
          'This shallow clone cannot tell whether those tags are reachable from this commit, so they count as earlier releases; ' +
          'for a backport on a maintenance branch, use actions/checkout with fetch-depth: 0 so that only tags reachable from the released commit count.'
      }
    }
  }
  if (sameElsewhere.length > 0) {
    return {
      notes,
      error: {
        level: 'error',
        title: 'Version already released',
        message: `release ${releaseVersion} is already tagged at ${sameElsewhere.every(t => history.tags.includes(t)) ? 'an earlier commit' : 'another commit'} (${sameElsewhere.map(t => t.tag).join(', ')}); bump the version`
      }
    }
  }
  return { notes }
}
