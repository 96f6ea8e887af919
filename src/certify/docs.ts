// The `docs` check: what a maintainer ships with every release. Each item is either required
// (input 'docs-required': missing fails) or optional (missing warns); a changelog that exists
// must have an entry for the release, whose text becomes the `release-notes` output.
import { readdir, readFile, stat } from 'node:fs/promises'
import { extname, join } from 'node:path'
import * as exec from '@actions/exec'
import { findFiles } from './globs.js'
import type { Annotation, CertificationCheck, CheckStatus } from '../types.js'
import type { PythonProject } from '../project.js'
import { annotationPath, relativePosix } from '../paths.js'
import { findChangelog, findEntry, pendingFragments } from './changelog.js'
import { describeError } from '../errors.js'

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
}

/** What one item found: pass, missing (fails or warns by requiredness), wrong (always fails) or unverified (warns). */
interface Finding {
  item: DocItem
  outcome: 'pass' | 'missing' | 'wrong' | 'unverified'
  message: string
  file?: string
  line?: number
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

async function validateRst(python: string, file: string): Promise<{ ok: boolean; message: string } | undefined> {
  try {
    const { exitCode, stdout } = await exec.getExecOutput(python, ['-c', RST_CHECK, file], { silent: true, ignoreReturnCode: true })
    if (exitCode === 3) return undefined
    return { ok: exitCode === 0, message: stdout.trim() }
  } catch {
    return undefined
  }
}

async function checkReadme(options: DocsOptions): Promise<Finding> {
  const { project } = options
  if (project.readme === undefined) return { item: 'readme', outcome: 'missing', message: 'pyproject.toml declares no readme ([project] readme)' }
  const path = join(project.dir, project.readme)
  const file = annotationPath(path, options.workspace)
  const state = await nonEmptyFile(path)
  // A readme that pyproject.toml names but that is absent or empty breaks the build or the project page.
  if (state !== 'ok') return { item: 'readme', outcome: 'wrong', message: `readme ${project.readme} (named by [project] readme) is ${state}`, file }
  const byExtension = README_TYPES[extname(path).toLowerCase()]
  const declared = project.readmeContentType?.split(';')[0]?.trim().toLowerCase()
  if (byExtension === undefined && declared === undefined) {
    return { item: 'readme', outcome: 'wrong', message: `readme ${project.readme} has no known extension (.md, .rst, .txt) and no content-type`, file }
  }
  if (declared !== undefined && byExtension !== undefined && declared !== byExtension) {
    return { item: 'readme', outcome: 'wrong', message: `readme ${project.readme} is declared as ${declared} but its extension says ${byExtension}`, file }
  }
  if ((declared ?? byExtension) === 'text/x-rst') {
    const checked = await validateRst(options.python, path)
    if (!checked) {
      return { item: 'readme', outcome: 'unverified', message: `readme ${project.readme} is reST, and neither readme_renderer nor docutils is installed in '${options.python}' to check that PyPI can render it`, file }
    }
    if (!checked.ok) {
      const line = /:(\d+): \(/.exec(checked.message)?.[1]
      return { item: 'readme', outcome: 'wrong', message: `readme ${project.readme} is not valid reST, PyPI would not render it: ${checked.message.split('\n')[0]}`, file, ...(line ? { line: Number(line) } : {}) }
    }
  }
  return { item: 'readme', outcome: 'pass', message: `readme ${project.readme}` }
}

async function checkLicense(options: DocsOptions): Promise<Finding> {
  const { project } = options
  const named = [...(project.licenseFile ? [project.licenseFile] : [])]
  for (const name of named) {
    if ((await nonEmptyFile(join(project.dir, name))) !== 'ok') {
      return { item: 'license', outcome: 'wrong', message: `license file ${name} (named by [project] license) is missing or empty`, file: annotationPath(project.pyprojectPath, options.workspace) }
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
      return { item: 'license', outcome: 'wrong', message: `license-files pattern ${why}`, file: annotationPath(project.pyprojectPath, options.workspace) }
    }
    if (matched.length === 0) {
      return { item: 'license', outcome: 'wrong', message: `license-files pattern '${pattern}' matches no file`, file: annotationPath(project.pyprojectPath, options.workspace) }
    }
    named.push(...matched)
  }
  if (named.length > 0) return { item: 'license', outcome: 'pass', message: `license ${named.join(', ')}` }
  const found = (await readdir(project.dir)).filter(name => LICENSE_NAME.test(name)).sort()
  if (found.length > 0) return { item: 'license', outcome: 'pass', message: `license ${found.join(', ')}` }
  if (project.license !== undefined) {
    return { item: 'license', outcome: 'unverified', message: `the license is declared as '${project.license.slice(0, 80)}' but no license file (LICENSE*, COPYING*) ships with it` }
  }
  return { item: 'license', outcome: 'missing', message: 'no license: no LICENSE*/COPYING* file and no [project] license' }
}

async function checkChangelog(options: DocsOptions): Promise<Finding & { notes?: string }> {
  const found = await findChangelog(options.project.dir)
  const { path } = found
  if (found.problem !== undefined) {
    return { item: 'changelog', outcome: 'missing', message: found.problem.message, file: annotationPath(found.problem.config, options.workspace) }
  }
  if (!path) return { item: 'changelog', outcome: 'missing', message: 'no changelog (CHANGELOG, CHANGES, HISTORY or NEWS, .md/.rst/.txt, here or under docs/)' }
  const file = annotationPath(path, options.workspace)
  const shown = file ?? path
  if (options.version === undefined) {
    return { item: 'changelog', outcome: 'unverified', message: `${shown}: the release version is known only after the build (dynamic version, no tag), so its entry was not checked`, file }
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
    const where = unreleasedLine !== undefined
      ? `; the changes are only under 'Unreleased' (line ${unreleasedLine}): give them a heading for ${options.version}`
      : pending.length > 0
        ? `; ${pending.length} towncrier fragment(s) wait in ${annotationPath(found.fragments!, options.workspace) ?? found.fragments}: run towncrier build --version ${options.version}`
        : ''
    return { item: 'changelog', outcome: 'wrong', message: `${shown} has no entry for ${options.version}${where}`, file, ...(unreleasedLine ? { line: unreleasedLine } : {}) }
  }
  if (entry.text === '') return { item: 'changelog', outcome: 'wrong', message: `${shown}: the entry for ${options.version} ('${entry.heading}') is empty`, file, line: entry.line }
  return { item: 'changelog', outcome: 'pass', message: `changelog entry '${entry.heading}' in ${shown}`, notes: entry.text }
}

function checkUrls(options: DocsOptions): Finding {
  const labels = Object.keys(options.project.urls)
  const found = labels.find(label => HOME_OR_SOURCE.has(label.toLowerCase().replace(/[^a-z]/g, '')))
  if (found) return { item: 'urls', outcome: 'pass', message: `urls: ${found}` }
  return {
    item: 'urls',
    outcome: 'missing',
    message: labels.length === 0 ? 'no [project.urls]' : `[project.urls] has no homepage or source link (has ${labels.join(', ')})`,
    file: annotationPath(options.project.pyprojectPath, options.workspace)
  }
}

/**
 * One item's finding, whatever its code meets: an error it did not expect (a path it cannot read)
 * fails a required item and leaves an optional one unverified (a warning), naming what went wrong;
 * the other items are still checked.
 */
async function isolated(item: DocItem, options: DocsOptions, find: () => Promise<Finding & { notes?: string }> | Finding): Promise<Finding & { notes?: string }> {
  try {
    return await find()
  } catch (error) {
    return { item, outcome: options.required.includes(item) ? 'wrong' : 'unverified', message: `the ${item} could not be checked: ${describeError(error)}` }
  }
}

export async function checkDocs(options: DocsOptions): Promise<{ check: CertificationCheck; releaseNotes: string | undefined }> {
  const [readme, license, changelog, urls] = await Promise.all([
    isolated('readme', options, () => checkReadme(options)),
    isolated('license', options, () => checkLicense(options)),
    isolated('changelog', options, () => checkChangelog(options)),
    isolated('urls', options, () => checkUrls(options))
  ])
  const findings: Finding[] = [readme, license, changelog, urls]
  const required = (f: Finding): boolean => options.required.includes(f.item)
  const fails = (f: Finding): boolean => f.outcome === 'wrong' || (f.outcome === 'missing' && required(f))
  const warns = (f: Finding): boolean => !fails(f) && f.outcome !== 'pass'

  const annotations: Annotation[] = findings
    .filter(f => f.outcome !== 'pass')
    .map(f => ({
      level: fails(f) ? 'error' : 'warning',
      title: `Documentation: ${f.item}${f.outcome === 'missing' ? (required(f) ? ' missing (required)' : ' missing') : ''}`,
      message: f.outcome === 'missing' && required(f) ? `${f.message}; it is required by input 'docs-required'` : f.message,
      ...(f.file !== undefined ? { file: f.file } : {}),
      ...(f.file !== undefined && f.line !== undefined ? { line: f.line } : {})
    }))
  const status: CheckStatus = findings.some(fails) ? 'fail' : findings.some(warns) ? 'warn' : 'pass'
  const problems = findings.filter(f => f.outcome !== 'pass')
  const message =
    problems.length === 0
      ? `${findings.map(f => f.item).join(', ')} in order`
      : problems.map(f => `${f.item}: ${f.message}`).join('; ')
  const details = findings.map(f => `${f.item} (${required(f) ? 'required' : 'optional'}): ${f.outcome === 'pass' ? 'ok' : f.outcome} — ${f.message}`)
  return {
    check: { name: 'docs', status, message, annotations, metrics: {}, details },
    releaseNotes: changelog.notes
  }
}
