// pyproject.toml: what the release needs to know about the project before it is built.
import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { parse, TomlError } from 'smol-toml'

export interface PythonProject {
  dir: string
  pyprojectPath: string
  name: string | undefined
  /** The static `[project] version`, when the project declares one. */
  version: string | undefined
  /** True when `version` is listed in `[project] dynamic` (setuptools-scm, hatch-vcs, ...). */
  dynamicVersion: boolean
  readme: string | undefined
  /** `readme = {file, content-type}`: the declared content type. */
  readmeContentType: string | undefined
  /** The license text, SPDX expression or file name, whichever is declared. */
  license: string | undefined
  /** `license = {file = ...}` */
  licenseFile: string | undefined
  /** PEP 639 `license-files` globs. */
  licenseFiles: string[]
  /** `[project.urls]`, label -> URL. */
  urls: Record<string, string>
  requiresPython: string | undefined
  buildBackend: string | undefined
  buildRequires: string[]
}

/** A pyproject.toml that cannot be read or understood: a usage error. */
export class ProjectError extends Error {
  constructor(
    message: string,
    readonly file: string,
    readonly line?: number
  ) {
    super(message)
    this.name = 'ProjectError'
  }
}

type Table = Record<string, unknown>

const isTable = (value: unknown): value is Table =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined)

export async function readProject(dir: string): Promise<PythonProject> {
  const pyprojectPath = join(dir, 'pyproject.toml')
  const dirStat = await stat(dir).catch(() => undefined)
  if (!dirStat?.isDirectory()) {
    throw new ProjectError(`Input 'project-dir': ${dir} is not a directory`, dir)
  }
  let text: string
  try {
    text = await readFile(pyprojectPath, 'utf8')
  } catch {
    throw new ProjectError(
      `Input 'project-dir': no pyproject.toml in ${dir}. Point project-dir at the directory that holds the project's pyproject.toml.`,
      pyprojectPath
    )
  }
  let doc: Table
  try {
    doc = parse(text) as Table
  } catch (error) {
    if (error instanceof TomlError) {
      const reason = error.message.split('\n')[0]?.replace(/^Invalid TOML document: /, '')
      throw new ProjectError(
        `${pyprojectPath} is not valid TOML: ${reason} (line ${error.line}, column ${error.column})`,
        pyprojectPath,
        error.line
      )
    }
    throw error
  }
  const project = isTable(doc['project']) ? doc['project'] : {}
  const buildSystem = isTable(doc['build-system']) ? doc['build-system'] : {}
  const dynamic = Array.isArray(project['dynamic']) ? project['dynamic'] : []
  const readme = project['readme']
  const license = project['license']
  const requires = buildSystem['requires']
  const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [])
  const urls = isTable(project['urls']) ? project['urls'] : {}
  return {
    dir,
    pyprojectPath,
    name: str(project['name']),
    version: str(project['version']),
    dynamicVersion: dynamic.includes('version'),
    readme: isTable(readme) ? str(readme['file']) : str(readme),
    readmeContentType: isTable(readme) ? str(readme['content-type']) : undefined,
    license: isTable(license) ? (str(license['text']) ?? str(license['file'])) : str(license),
    licenseFile: isTable(license) ? str(license['file']) : undefined,
    licenseFiles: strings(project['license-files']),
    urls: Object.fromEntries(Object.entries(urls).filter((entry): entry is [string, string] => typeof entry[1] === 'string')),
    requiresPython: str(project['requires-python']),
    buildBackend: str(buildSystem['build-backend']),
    buildRequires: strings(requires)
  }
}

/** The line of `version = ...` in [project], for annotations. */
export async function versionLine(pyprojectPath: string): Promise<number | undefined> {
  const lines = (await readFile(pyprojectPath, 'utf8')).split(/\r?\n/)
  let inProject = false
  for (const [index, line] of lines.entries()) {
    const header = /^\s*\[([^\]]+)\]/.exec(line)
    if (header) inProject = header[1]?.trim() === 'project'
    else if (inProject && /^\s*version\s*=/.test(line)) return index + 1
  }
  return undefined
}
