// The `docs` check: what a maintainer ships with every release. Each item is either required
// (input 'docs-required': missing fails) or optional (missing warns); a changelog that exists
// must have an entry for the release, whose text becomes the `release-notes` output.
import { createHash } from 'node:crypto'
import { readdir, readFile, stat } from 'node:fs/promises'
import { extname, join } from 'node:path'
import * as exec from '@actions/exec'
import { findFiles } from './globs.js'
import type { Annotation, CertificationCheck, CheckStatus } from '../types.js'
import type { PythonProject } from '../project.js'
import { annotationPath, relativePosix } from '../workspace-paths.js'
import { findChangelog, findEntry, pendingFragments } from './changelog.js'
import { describeError } from '../errors.js'
import { parse } from 'smol-toml'
import type { BuildArtifact } from '../types.js'
import { judgeShipped, type ShippedItem } from './shipped-docs.js'
import { foldersUpToRoot, whereFound } from './upward.js'

export const DOC_ITEMS = ['readme', 'license', 'changelog', 'urls'] as const
export type DocItem = (typeof DOC_ITEMS)[number]

export interface DocsOptions {
  project: PythonProject
  required: DocItem[]
  /** The release version, when known before the build. */
  version: string | undefined
  /** Interpreter used to validate a reST readme (readme_renderer or docutils). */
  python: string
  workspace: string
  /**
   * The files this run built, when the check is taken again after the build: they decide the readme,
   * the license and the urls. 'later': the build follows in this run, so what the source tree shows is
   * a hint that fails nothing yet. Absent: certify runs without build; the source tree decides, and the
   * message says that the built metadata was not seen.
   */
  built?: BuildArtifact[] | 'later'
  /** The check this one replaces (after the build): its changelog finding is kept as it was. */
  previous?: CertificationCheck
}

/**
 * What one item found: pass, missing (fails or warns by requiredness), wrong (always fails),
 * unverified (warns) or pending (a source-tree hint the built files decide later in this run).
 */
interface Finding {
  item: DocItem
  outcome: 'pass' | 'missing' | 'wrong' | 'unverified' | 'pending'
  message: string
  file?: string
  line?: number
  /** The changelog's entry could not be looked for: the version is known only after the build. */
  awaitsVersion?: boolean
}

const README_TYPES: Record<string, string> = { '.md': 'text/markdown', '.markdown': 'text/markdown', '.rst': 'text/x-rst', '.txt': 'text/plain' }
const LICENSE_NAME = /^(licen[cs]e|copying)([.-].*)?$/i
/** [project.urls] labels (normalized as PEP 753 does) that point at the project's home or source. */
const HOME_OR_SOURCE = new Set(['homepage', 'home', 'source', 'sourcecode', 'repository', 'repo', 'code', 'github', 'gitlab'])

async function nonEmptyFile(path: string): Promise<'ok' | 'missing' | 'empty'> {
  const info = await stat(path).catch(() => undefined)
  if (!info?.isFile()) return 'missing'
  return info.size === 0 || (await readFile(path, 'utf8')).trim() === '' ? 'empty' : 'ok'
}

/** Renders reST the way PyPI does (readme_renderer), else checks it with docutils; undefined when neither is there. */
const RST_CHECK = `
import sys
text = open(sys.argv[1], encoding="utf-8").read()
try:
    import readme_renderer.rst, io
    err = io.StringIO()
    out = readme_renderer.rst.render(text, stream=err)
    if out is None:
        print(err.getvalue().strip() or "readme_renderer could not render it"); sys.exit(1)
    sys.exit(0)
except ImportError:
    pass
try:
    import docutils.core, docutils.utils
except ImportError:
    sys.exit(3)
try:
    docutils.core.publish_doctree(text, settings_overrides={"report_level": 2, "halt_level": 2, "warning_stream": False})
except docutils.utils.SystemMessage as e:
    print(str(e)); sys.exit(1)
`

type RstResult = { ok: boolean; message: string } | undefined

/**
 * One render per text and interpreter in a run: the readme rendered during certify (which runs
 * alongside the build) is, byte for byte, the description the built files carry, so the check after
 * the build takes that render instead of starting Python again; the sdist's and the wheel's
 * identical descriptions share one render too.
 */
const rstRenders = new Map<string, Promise<RstResult>>()

async function validateRst(python: string, file: string): Promise<RstResult> {
  let key: string
  try {
    key = `${python}\0${createHash('sha256')
      .update(await readFile(file))
      .digest('hex')}`
  } catch {
    return renderRst(python, file) // unreadable here: Python says why
  }
  let render = rstRenders.get(key)
  if (!render) {
    render = renderRst(python, file)
    rstRenders.set(key, render)
  }
  return render
}

async function renderRst(python: string, file: string): Promise<RstResult> {
  try {
    const { exitCode, stdout } = await exec.getExecOutput(python, ['-c', RST_CHECK, file], { silent: true, ignoreReturnCode: true })
    if (exitCode === 3) return undefined
    return { ok: exitCode === 0, message: stdout.trim() }
  } catch {
    return undefined
  }
}

type Table = Record<string, unknown>
const isTable = (value: unknown): value is Table => typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)
const strings = (value: unknown): string[] =>
  typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []

/**
 * What pyproject.toml declares outside [project] for the docs: the fields [project] leaves dynamic,
 * setuptools' `[tool.setuptools.dynamic] readme`, Poetry's `[tool.poetry]` readme, URLs and license.
 */
export interface BackendDocs {
  dynamic: Set<string>
  /** Readme files and who names them, with the declared content type. */
  readme?: { files: string[]; contentType?: string; namedBy: string }
  /** URL labels outside [project.urls]. */
  urls: string[]
  /** A license declared outside [project] (Poetry's license). */
  license?: string
}

async function backendDocs(project: PythonProject): Promise<BackendDocs> {
  if (project.pyprojectPath === undefined) return { dynamic: new Set(), urls: [] }
  const doc = parse(await readFile(project.pyprojectPath, 'utf8')) as Table
  const table = (value: unknown, ...keys: string[]): Table =>
    keys.reduce<Table>((t, key) => (isTable(t[key]) ? (t[key] as Table) : {}), isTable(value) ? value : {})
  const found: BackendDocs = { dynamic: new Set(strings(table(doc, 'project')['dynamic'])), urls: [] }
  const setuptools = table(doc, 'tool', 'setuptools', 'dynamic')['readme']
  if (found.dynamic.has('readme') && isTable(setuptools) && strings(setuptools['file']).length > 0) {
    const contentType = typeof setuptools['content-type'] === 'string' ? setuptools['content-type'] : undefined
    found.readme = { files: strings(setuptools['file']), namedBy: '[tool.setuptools.dynamic] readme', ...(contentType ? { contentType } : {}) }
  }
  const poetry = table(doc, 'tool', 'poetry')
  if (!found.readme && strings(poetry['readme']).length > 0) found.readme = { files: strings(poetry['readme']), namedBy: '[tool.poetry] readme' }
  for (const key of ['homepage', 'repository', 'documentation']) if (typeof poetry[key] === 'string') found.urls.push(key)
  found.urls.push(...Object.keys(table(poetry, 'urls')))
  if (typeof poetry['license'] === 'string') found.license = poetry['license']
  return found
}

/** The readme `file` (relative to the project) checked as PyPI will take it; `namedBy` says where pyproject.toml names it. */
async function checkReadmeFile(options: DocsOptions, readme: string, contentType: string | undefined, namedBy: string): Promise<Finding> {
  const path = join(options.project.dir, readme)
  const file = annotationPath(path, options.workspace)
  const state = await nonEmptyFile(path)
  // A readme that pyproject.toml names but that is absent or empty breaks the build or the project page.
  if (state !== 'ok') return { item: 'readme', outcome: 'wrong', message: `readme ${readme} (named by ${namedBy}) is ${state}`, file }
  const byExtension = README_TYPES[extname(path).toLowerCase()]
  const declared = contentType?.split(';')[0]?.trim().toLowerCase()
  if (byExtension === undefined && declared === undefined) {
    return { item: 'readme', outcome: 'wrong', message: `readme ${readme} has no known extension (.md, .rst, .txt) and no content-type`, file }
  }
  if (declared !== undefined && byExtension !== undefined && declared !== byExtension) {
    return { item: 'readme', outcome: 'wrong', message: `readme ${readme} is declared as ${declared} but its extension says ${byExtension}`, file }
  }
  if ((declared ?? byExtension) === 'text/x-rst') {
    const checked = await validateRst(options.python, path)
    if (!checked) {
      return {
        item: 'readme',
        outcome: 'unverified',
        message: `readme ${readme} is reST, and neither readme_renderer nor docutils is installed in '${options.python}' to check that PyPI can render it`,
        file
      }
    }
    if (!checked.ok) {
      const line = /:(\d+): \(/.exec(checked.message)?.[1]
      return {
        item: 'readme',
        outcome: 'wrong',
        message: `readme ${readme} is not valid reST, PyPI would not render it: ${checked.message.split('\n')[0]}`,
        file,
        ...(line ? { line: Number(line) } : {})
      }
    }
  }
  return { item: 'readme', outcome: 'pass', message: `readme ${readme}` }
}

/** The field that names each item where the project's metadata was read, for messages. */
const FIELD_NAMES = {
  pyproject: { readme: '[project] readme', license: '[project] license', licenseFiles: 'license-files', urls: '[project.urls]' },
  'setup.cfg': {
    readme: 'setup.cfg [metadata] long_description',
    license: 'setup.cfg [metadata] license',
    licenseFiles: 'setup.cfg [metadata] license_files',
    urls: 'setup.cfg [metadata] url or project_urls'
  }
} as const

/** What a source-tree check says when the project declares nothing this action reads: setup.py may compute it. */
function computedBySetupPy(project: PythonProject, item: 'readme' | 'license' | 'urls', what: string): Finding | undefined {
  if (project.metadataSource === 'pyproject' || (project.metadataSource === 'setup.cfg' && !project.setupPy)) return undefined
  const where = project.metadataSource === 'setup.cfg' ? `${FIELD_NAMES['setup.cfg'][item]} is not set, and setup.py` : 'setup.py'
  return { item, outcome: 'unverified', message: `${where} may set the ${what} when it runs: only the built files show it` }
}

async function checkReadme(options: DocsOptions, backend: BackendDocs): Promise<Finding> {
  const { project } = options
  const names = FIELD_NAMES[project.metadataSource === 'setup.cfg' ? 'setup.cfg' : 'pyproject']
  if (project.readme !== undefined) return checkReadmeFile(options, project.readme, project.readmeContentType, names.readme)
  if (backend.readme) {
    for (const readme of backend.readme.files) {
      const finding = await checkReadmeFile(options, readme, backend.readme.contentType, backend.readme.namedBy)
      if (finding.outcome !== 'pass') return finding
    }
    return { item: 'readme', outcome: 'pass', message: `readme ${backend.readme.files.join(', ')} (${backend.readme.namedBy})` }
  }
  if (backend.dynamic.has('readme')) {
    return {
      item: 'readme',
      outcome: 'unverified',
      message: 'the readme is dynamic ([project] dynamic): the build backend writes it, so only the built files show it'
    }
  }
  const computed = computedBySetupPy(project, 'readme', 'long description (the readme)')
  if (computed) return computed
  if (project.metadataSource === 'setup.cfg') return { item: 'readme', outcome: 'missing', message: `setup.cfg declares no readme (${names.readme})` }
  return { item: 'readme', outcome: 'missing', message: 'pyproject.toml declares no readme ([project] readme)' }
}

async function checkLicense(options: DocsOptions, backend: BackendDocs, folders: Promise<string[]>): Promise<Finding> {
  const { project } = options
  const names = FIELD_NAMES[project.metadataSource === 'setup.cfg' ? 'setup.cfg' : 'pyproject']
  const configFile = annotationPath(project.configPath, options.workspace)
  const named = [...(project.licenseFile ? [project.licenseFile] : [])]
  for (const name of named) {
    if ((await nonEmptyFile(join(project.dir, name))) !== 'ok') {
      return {
        item: 'license',
        outcome: 'wrong',
        message: `license file ${name} (named by [project] license) is missing or empty`,
        file: configFile
      }
    }
  }
  for (const pattern of project.licenseFiles) {
    let matched: string[]
    try {
      // PEP 639: relative to the project directory, never outside it
      const found = await findFiles(pattern, { cwd: project.dir, root: project.dir, rootName: 'the project directory' })
      matched = found.files.map(file => relativePosix(project.dir, file.path))
    } catch (error) {
      const why = error instanceof Error ? error.message : String(error)
      return { item: 'license', outcome: 'wrong', message: `${names.licenseFiles} pattern ${why}`, file: configFile }
    }
    if (matched.length === 0) {
      return {
        item: 'license',
        outcome: 'wrong',
        message: `${names.licenseFiles} pattern '${pattern}' matches no file`,
        file: configFile
      }
    }
    named.push(...matched)
  }
  if (named.length > 0) return { item: 'license', outcome: 'pass', message: `license ${named.join(', ')}` }
  // the project folder first, then the folders above it up to the repository root (a monorepo's LICENSE)
  const searched = await folders
  for (const folder of searched) {
    const found = (await readdir(folder)).filter(name => LICENSE_NAME.test(name)).sort()
    const shown = found.map(name => (folder === searched[0] ? name : relativePosix(options.workspace, join(folder, name))))
    if (shown.length > 0) return { item: 'license', outcome: 'pass', message: `license ${shown.join(', ')}${whereFound(folder, searched)}` }
  }
  const declared = project.license ?? backend.license
  if (declared !== undefined) {
    return {
      item: 'license',
      outcome: 'unverified',
      message: `the license is declared as '${declared.slice(0, 80)}' but no license file (LICENSE*, COPYING*) ships with it`
    }
  }
  if (backend.dynamic.has('license') || backend.dynamic.has('license-files')) {
    return {
      item: 'license',
      outcome: 'unverified',
      message: 'the license is dynamic ([project] dynamic) and no LICENSE*/COPYING* file is in the project: only the built files show it'
    }
  }
  const computed = computedBySetupPy(project, 'license', 'license')
  if (computed && project.metadataSource === 'setup.py') return computed
  const above = searched.length > 1 ? ' in the project folder or above it up to the repository root' : ''
  return { item: 'license', outcome: 'missing', message: `no license: no LICENSE*/COPYING* file${above} and no ${names.license}` }
}

/**
 * `builtVersion`: the version is the built files' (certify could not know it: setup.py, a dynamic version
 * without a tag): an entry found gives the release notes, a missing one warns, as before the build.
 */
async function checkChangelog(options: DocsOptions, folders: Promise<string[]>, builtVersion = false): Promise<Finding & { notes?: string }> {
  const searched = await folders
  const found = await findChangelog(options.project.dir, searched)
  const { path } = found
  if (found.problem !== undefined) {
    return { item: 'changelog', outcome: 'missing', message: found.problem.message, file: annotationPath(found.problem.config, options.workspace) }
  }
  if (!path) {
    const where = searched.length > 1 ? 'in the project folder or a folder above it up to the repository root, or their docs/' : 'here or under docs/'
    return { item: 'changelog', outcome: 'missing', message: `no changelog (CHANGELOG, CHANGES, HISTORY or NEWS, .md/.rst/.txt, ${where})` }
  }
  const file = annotationPath(path, options.workspace)
  const shown = file ?? path
  if (options.version === undefined) {
    return {
      item: 'changelog',
      outcome: 'unverified',
      message: `${shown}: the release version is known only after the build (dynamic version, no tag), so its entry was not checked`,
      file,
      awaitsVersion: true
    }
  }
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (error) {
    const outcome = options.required.includes('changelog') ? 'wrong' : 'unverified'
    return { item: 'changelog', outcome, message: `${shown} could not be read: ${describeError(error)}`, file }
  }
  const { entry, unreleasedLine } = findEntry(text, options.version)
  if (!entry) {
    const pending = await pendingFragments(found.fragments)
    const where =
      unreleasedLine !== undefined
        ? `; the changes are only under 'Unreleased' (line ${unreleasedLine}): give them a heading for ${options.version}`
        : pending.length > 0
          ? `; ${pending.length} towncrier fragment(s) wait in ${annotationPath(found.fragments!, options.workspace) ?? found.fragments}: run towncrier build --version ${options.version}`
          : ''
    return {
      item: 'changelog',
      outcome: builtVersion ? 'unverified' : 'wrong',
      message: `${shown} has no entry for ${options.version}${builtVersion ? ' (the version the built files carry)' : ''}${where}`,
      file,
      ...(unreleasedLine ? { line: unreleasedLine } : {})
    }
  }
  if (entry.text === '')
    return {
      item: 'changelog',
      outcome: builtVersion ? 'unverified' : 'wrong',
      message: `${shown}: the entry for ${options.version} ('${entry.heading}') is empty`,
      file,
      line: entry.line
    }
  return { item: 'changelog', outcome: 'pass', message: `changelog entry '${entry.heading}' in ${shown}`, notes: entry.text }
}

function checkUrls(options: DocsOptions, backend: BackendDocs): Finding {
  const labels = [...Object.keys(options.project.urls), ...backend.urls]
  const found = labels.find(label => HOME_OR_SOURCE.has(label.toLowerCase().replace(/[^a-z]/g, '')))
  if (found) return { item: 'urls', outcome: 'pass', message: `urls: ${found}` }
  const computed = labels.length === 0 ? computedBySetupPy(options.project, 'urls', 'urls') : undefined
  if (computed) return computed
  if (options.project.metadataSource === 'setup.cfg') {
    const message =
      labels.length === 0 ? 'setup.cfg [metadata] has no url or project_urls' : `setup.cfg [metadata] has no homepage or source link (has ${labels.join(', ')})`
    return { item: 'urls', outcome: 'missing', message, file: annotationPath(options.project.configPath, options.workspace) }
  }
  if (labels.length === 0 && backend.dynamic.has('urls')) {
    return { item: 'urls', outcome: 'unverified', message: 'the urls are dynamic ([project] dynamic): only the built files show them' }
  }
  return {
    item: 'urls',
    outcome: 'missing',
    message: labels.length === 0 ? 'no [project.urls]' : `[project.urls] has no homepage or source link (has ${labels.join(', ')})`,
    file: annotationPath(options.project.configPath, options.workspace)
  }
}

/**
 * One item's finding, whatever its code meets: an error it did not expect (a path it cannot read)
 * fails a required item and leaves an optional one unverified (a warning), naming what went wrong;
 * the other items are still checked.
 */
async function isolated(
  item: DocItem,
  options: DocsOptions,
  find: () => Promise<Finding & { notes?: string }> | Finding
): Promise<Finding & { notes?: string }> {
  try {
    return await find()
  } catch (error) {
    return { item, outcome: options.required.includes(item) ? 'wrong' : 'unverified', message: `the ${item} could not be checked: ${describeError(error)}` }
  }
}

/** Each docs check's findings, so the check taken again after the build keeps its changelog finding as it was. */
const findingsOf = new WeakMap<CertificationCheck, Array<Finding & { notes?: string }>>()

/** What the source tree says of each item, quoted when the built files lack it. */
function sourceHints(project: PythonProject, backend: BackendDocs): Partial<Record<ShippedItem, string>> {
  const readme = project.readme
    ? project.metadataSource === 'setup.cfg'
      ? `setup.cfg names ${project.readme} ([metadata] long_description)`
      : `pyproject.toml names ${project.readme} ([project] readme)`
    : backend.readme
      ? `pyproject.toml names ${backend.readme.files.join(', ')} (${backend.readme.namedBy})`
      : backend.dynamic.has('readme')
        ? 'pyproject.toml lists readme in [project] dynamic'
        : undefined
  return readme ? { readme } : {}
}

/** The readme, license and urls from the files this run built; an error reading them is each item's finding. */
async function shippedFindings(options: DocsOptions, artifacts: BuildArtifact[], backend: BackendDocs): Promise<Finding[]> {
  const file = annotationPath(options.project.configPath, options.workspace)
  try {
    const shipped = await judgeShipped({
      artifacts,
      validateRst: path => validateRst(options.python, path),
      hints: sourceHints(options.project, backend),
      python: options.python
    })
    return (['readme', 'license', 'urls'] as const).map(item => ({
      ...shipped[item],
      ...(shipped[item].outcome !== 'pass' && file !== undefined ? { file } : {})
    }))
  } catch (error) {
    return (['readme', 'license', 'urls'] as const).map(item => ({
      item,
      outcome: options.required.includes(item) ? ('wrong' as const) : ('unverified' as const),
      message: `the ${item} could not be checked in the built files: ${describeError(error)}`
    }))
  }
}

export async function checkDocs(options: DocsOptions): Promise<{ check: CertificationCheck; releaseNotes: string | undefined }> {
  const noBackend: BackendDocs = { dynamic: new Set(), urls: [] }
  const backend = await backendDocs(options.project).catch(() => noBackend)
  // the changelog as certify found it, unless only the version was missing and the built files now give it
  // (setup.py, a dynamic version without a tag)
  const previous = options.previous ? findingsOf.get(options.previous)?.find(f => f.item === 'changelog') : undefined
  const builtVersion = previous?.awaitsVersion === true && options.version !== undefined
  const kept = builtVersion ? undefined : previous
  // computed once, on first use: only the source-tree license and the changelog look above the project
  let folders: Promise<string[]> | undefined
  const upToRoot = (): Promise<string[]> => (folders ??= foldersUpToRoot(options.project.dir, options.workspace))
  const changelogFinding = kept ? Promise.resolve(kept) : isolated('changelog', options, () => checkChangelog(options, upToRoot(), builtVersion))
  let readme: Finding, license: Finding, urls: Finding, changelog: Finding & { notes?: string }
  if (Array.isArray(options.built)) {
    // Only what ships decides: the built files' metadata and members, whoever wrote them.
    ;[[readme, license, urls], changelog] = (await Promise.all([shippedFindings(options, options.built, backend), changelogFinding])) as [
      [Finding, Finding, Finding],
      Finding
    ]
  } else {
    ;[readme, license, changelog, urls] = await Promise.all([
      isolated('readme', options, () => checkReadme(options, backend)),
      isolated('license', options, () => checkLicense(options, backend, upToRoot())),
      changelogFinding,
      isolated('urls', options, () => checkUrls(options, backend))
    ])
    if (options.built === 'later') {
      // The build follows in this run: what the source tree shows is a hint, the built files decide.
      ;[readme, license, urls] = [readme, license, urls].map(f =>
        f.outcome === 'pass' ? f : { item: f.item, outcome: 'pending' as const, message: `${f.message} (a hint: the built files decide after the build)` }
      ) as [Finding, Finding, Finding]
    }
  }
  const findings: Finding[] = [readme, license, changelog, urls]
  const required = (f: Finding): boolean => options.required.includes(f.item)
  const fails = (f: Finding): boolean => f.outcome === 'wrong' || (f.outcome === 'missing' && required(f))
  const warns = (f: Finding): boolean => !fails(f) && f.outcome !== 'pass' && f.outcome !== 'pending'

  const annotations: Annotation[] = findings
    .filter(f => f.outcome !== 'pass' && f.outcome !== 'pending')
    .map(f => ({
      level: fails(f) ? 'error' : 'warning',
      title: `Documentation: ${f.item}${f.outcome === 'missing' ? (required(f) ? ' missing (required)' : ' missing') : ''}`,
      message: f.outcome === 'missing' && required(f) ? `${f.message}; it is required by input 'docs-required'` : f.message,
      ...(f.file !== undefined ? { file: f.file } : {}),
      ...(f.file !== undefined && f.line !== undefined ? { line: f.line } : {})
    }))
  const status: CheckStatus = findings.some(fails) ? 'fail' : findings.some(warns) ? 'warn' : 'pass'
  const problems = findings.filter(f => f.outcome !== 'pass')
  const where = Array.isArray(options.built)
    ? 'readme, license and urls judged from the built files'
    : options.built === 'later'
      ? undefined
      : "the built files' metadata was not seen (certify ran without build): readme, license and urls were judged from the source tree"
  const judged = problems.length === 0 ? `${findings.map(f => f.item).join(', ')} in order` : problems.map(f => `${f.item}: ${f.message}`).join('; ')
  const message = where ? `${judged}; ${where}` : judged
  const details = findings.map(f => `${f.item} (${required(f) ? 'required' : 'optional'}): ${f.outcome === 'pass' ? 'ok' : f.outcome} — ${f.message}`)
  const check: CertificationCheck = { name: 'docs', status, message, annotations, metrics: {}, details }
  findingsOf.set(check, [readme, license, changelog, urls])
  return { check, releaseNotes: changelog.notes }
}
