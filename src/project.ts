// pyproject.toml (or, without one, setup.cfg and setup.py): what the release needs to know about the
// project before it is built.
import { readFile, stat } from 'node:fs/promises'
import { join } from 'node:path'
import { parse, TomlError } from 'smol-toml'

export interface PythonProject {
  dir: string
  /** pyproject.toml; undefined when the project has none (setup.py, with or without setup.cfg, as six has). */
  pyprojectPath: string | undefined
  /** The file messages and annotations name for the project's metadata: pyproject.toml, else setup.cfg, else setup.py. */
  configPath: string
  /**
   * Where name, readme, license and urls were read: pyproject.toml's [project], setup.cfg's [metadata]
   * (no [project] table), or nowhere this action reads (setup.py computes them: only the built files show them).
   */
  metadataSource: 'pyproject' | 'setup.cfg' | 'setup.py'
  /** A setup.py is beside the metadata: it may set what setup.cfg does not, so an absent field is not known to be missing. */
  setupPy: boolean
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
  /**
   * How the build backend computes the version when pyproject.toml does not state it: when `version`
   * is in `[project] dynamic`, or there is no `[project]` table (setup.cfg or setup.py hold the metadata).
   */
  versionDerivation?: VersionDerivation
}

/** What pyproject.toml (and setup.cfg, setup.py beside it) tell about the way a backend derives the version. */
export interface VersionDerivation {
  /**
   * Why the backend decides: `version` is listed in `[project] dynamic`, there is no `[project]` table, or no
   * pyproject.toml at all (setuptools' legacy backend runs setup.py, as python -m build does).
   */
  declared: 'dynamic' | 'no-project-table' | 'no-pyproject'
  /** The line of `dynamic = ...` in [project]. */
  line?: number
  /** The build backend, by its usual name: setuptools, hatchling, flit, ... */
  backend: string
  /**
   * configured: the project tells the backend where the version comes from (`source`);
   * unconfigured: nothing does, so the backend builds a placeholder such as 0.0.0 or fails;
   * unknown: a plugin or code this action does not read may compute it.
   */
  status: 'configured' | 'unconfigured' | 'unknown'
  /** Where the version comes from, e.g. "setuptools-scm ([tool.setuptools_scm]) from git tags". */
  source?: string
  /** The version the derivation stands in when it finds no git metadata (setuptools-scm's fallback_version). */
  fallbackVersion?: { version: string; option: string }
  /** How to declare the version, for the backend at hand. */
  howTo: string
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

const isTable = (value: unknown): value is Table => typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined)

/** The name of a PEP 508 requirement, normalized (PEP 503): `setuptools_scm[toml]>=7` -> `setuptools-scm`. */
const requirementName = (requirement: string): string => (/^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(requirement)?.[1] ?? '').toLowerCase().replace(/[-_.]+/g, '-')

/** The line of `key = ...` in `[table]` of a TOML text, for annotations. */
export function keyLine(text: string, table: string, key: string): number | undefined {
  let inTable = false
  for (const [index, line] of text.split(/\r?\n/).entries()) {
    const header = /^\s*\[([^\]]+)\]/.exec(line)
    if (header) inTable = header[1]?.trim() === table
    else if (inTable && new RegExp(`^\\s*["']?${key.replace(/[-.]/g, '\\$&')}["']?\\s*=`).test(line)) return index + 1
  }
  return undefined
}

/** A string that TOML gave as another type: the file and line, and how to write it. */
function notAString(pyprojectPath: string, text: string, key: string, value: unknown): ProjectError {
  const line = keyLine(text, 'project', key)
  const what =
    typeof value === 'number'
      ? `the number ${String(value)}`
      : typeof value === 'boolean'
        ? `the boolean ${String(value)}`
        : Array.isArray(value)
          ? 'an array'
          : value instanceof Date
            ? 'a date'
            : 'a table'
  // The text as written (TOML reads version = 1.10 as the number 1.1): the hint quotes what the file says.
  const written = line ? /=\s*([^#]*?)\s*(?:#.*)?$/.exec(text.split(/\r?\n/)[line - 1] ?? '')?.[1] : undefined
  const hint = typeof value === 'number' || typeof value === 'boolean' ? `: quote it, ${key} = "${written || String(value)}"` : ''
  return new ProjectError(`${pyprojectPath}${line ? ` line ${line}` : ''}: [project] ${key} is ${what}, but it must be a string${hint}`, pyprojectPath, line)
}

/** setup.cfg as setuptools reads it (configparser): section -> option -> value; option names lower-case, `-` read as `_`. */
type SetupCfg = Map<string, Map<string, string>>

/**
 * Reads setup.cfg the way configparser does for setuptools: `key = value` or `key: value` (the first of
 * `=` and `:` separates), indented lines continue the value (joined with newlines), `#` and `;` start
 * a comment line; undefined when there is no setup.cfg.
 */
async function readSetupCfg(dir: string): Promise<SetupCfg | undefined> {
  const text = await readFile(join(dir, 'setup.cfg'), 'utf8').catch(() => undefined)
  if (text === undefined) return undefined
  const sections: SetupCfg = new Map()
  let section: Map<string, string> | undefined
  let key: string | undefined
  for (const line of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    if (/^\s*[#;]/.test(line)) continue
    if (/^\s/.test(line) && line.trim() !== '' && section && key !== undefined) {
      const before = section.get(key) ?? ''
      section.set(key, before === '' ? line.trim() : `${before}\n${line.trim()}`)
      continue
    }
    const header = /^\[([^\]]+)\]/.exec(line)
    if (header) {
      const name = header[1]!.trim()
      section = sections.get(name) ?? new Map<string, string>()
      sections.set(name, section)
      key = undefined
      continue
    }
    const option = /^([^=:\s][^=:]*?)\s*[=:]\s*(.*?)\s*$/.exec(line)
    if (option && section) {
      key = option[1]!.toLowerCase().replace(/-/g, '_')
      section.set(key, option[2]!)
    } else if (line.trim() === '') key = undefined
  }
  return sections
}

/** A setup.cfg list: comma-separated, or one item a line (a dangling list). */
const cfgList = (value: string | undefined): string[] =>
  value === undefined
    ? []
    : value
        .split(/[\n,]/)
        .map(item => item.trim())
        .filter(item => item !== '')

/** What setup.cfg's [metadata] declares of what certify reads (setuptools' declarative config, its own names). */
function setupCfgMetadata(
  cfg: SetupCfg | undefined
): Pick<PythonProject, 'name' | 'readme' | 'readmeContentType' | 'license' | 'licenseFiles' | 'urls' | 'requiresPython'> {
  const metadata = cfg?.get('metadata') ?? new Map<string, string>()
  const description = metadata.get('long_description')
  // `file: README.rst, CHANGES.rst` concatenates the files: the first is the readme a maintainer names
  const readme = description?.startsWith('file:') ? cfgList(description.slice('file:'.length))[0] : undefined
  const urls: Record<string, string> = {}
  const home = metadata.get('url') ?? metadata.get('home_page')
  if (home) urls['Homepage'] = home
  for (const line of (metadata.get('project_urls') ?? '').split('\n')) {
    const pair = /^([^=]+?)\s*=\s*(\S.*)$/.exec(line.trim())
    if (pair) urls[pair[1]!] = pair[2]!
  }
  return {
    name: metadata.get('name') || undefined,
    readme,
    readmeContentType: metadata.get('long_description_content_type') || undefined,
    license: metadata.get('license') || undefined,
    licenseFiles: [...cfgList(metadata.get('license_file')), ...cfgList(metadata.get('license_files'))],
    urls,
    requiresPython: cfg?.get('options')?.get('python_requires') || undefined
  }
}

const isFile = (path: string): Promise<boolean> =>
  stat(path).then(
    s => s.isFile(),
    () => false
  )

/** The version option of a tool table when it is a string. */
const option = (table: unknown, ...path: string[]): string | undefined => {
  let value: unknown = table
  for (const key of path) value = isTable(value) ? value[key] : undefined
  return str(value)
}

/** How the build backend derives a version pyproject.toml does not state. */
async function deriveVersion(
  dir: string,
  doc: Table,
  backendName: string | undefined,
  requires: string[],
  declared: VersionDerivation['declared'],
  line: number | undefined
): Promise<VersionDerivation> {
  const tool = isTable(doc['tool']) ? doc['tool'] : {}
  const base = { declared, ...(line ? { line } : {}) }
  const backend = backendName ?? 'setuptools.build_meta:__legacy__'
  const statically = declared === 'dynamic' ? ', or write the version itself: [project] version = "1.2.3" (and remove "version" from dynamic)' : ''

  if (backend.startsWith('setuptools.build_meta')) {
    const howTo =
      declared === 'dynamic'
        ? 'Declare where setuptools reads it: [tool.setuptools.dynamic] version = {attr = "package.__version__"} (or {file = "VERSION"}), ' +
          `or derive it from git tags with setuptools-scm in build-system requires and a [tool.setuptools_scm] table${statically}`
        : declared === 'no-pyproject'
          ? 'Set version in setup.cfg [metadata] (version = 1.2.3, or attr: package.__version__) or in setup.py'
          : 'Add a [project] table with name and version = "1.2.3" (PEP 621), or set version in setup.cfg [metadata] or in setup.py'
    const setup = { ...base, backend: 'setuptools', howTo }
    const dynamicVersion = isTable(tool['setuptools']) && isTable(tool['setuptools']['dynamic']) ? tool['setuptools']['dynamic']['version'] : undefined
    if (isTable(dynamicVersion)) {
      const attr = str(dynamicVersion['attr'])
      const file = dynamicVersion['file']
      const files = Array.isArray(file) ? file.filter((f): f is string => typeof f === 'string').join('", "') : str(file)
      if (attr !== undefined) return { ...setup, status: 'configured', source: `[tool.setuptools.dynamic] version = {attr = "${attr}"}` }
      if (files !== undefined) return { ...setup, status: 'configured', source: `[tool.setuptools.dynamic] version = {file = "${files}"}` }
    }
    const scm = tool['setuptools_scm'] ?? tool['setuptools-scm']
    if (isTable(scm)) {
      const fallback = option(scm, 'fallback_version')
      return {
        ...setup,
        status: 'configured',
        source: 'setuptools-scm ([tool.setuptools_scm]) from git tags',
        ...(fallback !== undefined ? { fallbackVersion: { version: fallback, option: '[tool.setuptools_scm] fallback_version' } } : {})
      }
    }
    const cfg = (await readSetupCfg(dir))?.get('metadata')?.get('version')
    if (cfg) return { ...setup, status: 'configured', source: `setup.cfg [metadata] version = ${cfg}` }
    if (await isFile(join(dir, 'setup.py'))) return { ...setup, status: 'unknown', source: 'setup.py' }
    for (const plugin of ['versioningit', 'setuptools-git-versioning', 'versioneer']) {
      if (isTable(tool[plugin])) return { ...setup, status: 'configured', source: `${plugin} ([tool.${plugin}])` }
    }
    const plugins = requires.map(requirementName).filter(name => !['setuptools', 'wheel'].includes(name) && name !== '')
    if (plugins.includes('setuptools-scm')) {
      return {
        ...setup,
        status: 'unknown',
        source: 'setuptools-scm (in build-system requires)',
        howTo:
          'setuptools-scm before version 8 derives the version only when pyproject.toml has a [tool.setuptools_scm] table: add one (it may be empty), ' +
          'or declare it with [tool.setuptools.dynamic] version = {attr = "package.__version__"}'
      }
    }
    if (plugins.length > 0) return { ...setup, status: 'unknown', source: `a build requirement (${plugins.join(', ')})` }
    return { ...setup, status: 'unconfigured' }
  }

  if (backend === 'hatchling.build') {
    const howTo = `Declare it: [tool.hatch.version] path = "src/package/__init__.py" (hatchling reads __version__ there), or source = "vcs" with hatch-vcs in build-system requires${statically}`
    const hatch = isTable(tool['hatch']) ? tool['hatch']['version'] : undefined
    if (!isTable(hatch)) return { ...base, backend: 'hatchling', status: 'unconfigured', howTo }
    const source = str(hatch['source']) ?? 'regex'
    if (source === 'vcs') {
      const fallback = option(hatch, 'fallback-version') ?? option(hatch, 'raw-options', 'fallback_version')
      const which =
        option(hatch, 'fallback-version') !== undefined ? '[tool.hatch.version] fallback-version' : '[tool.hatch.version.raw-options] fallback_version'
      return {
        ...base,
        backend: 'hatchling',
        status: 'configured',
        source: 'hatch-vcs ([tool.hatch.version] source = "vcs") from git tags',
        howTo,
        ...(fallback ? { fallbackVersion: { version: fallback, option: which } } : {})
      }
    }
    const path = str(hatch['path'])
    return {
      ...base,
      backend: 'hatchling',
      status: 'configured',
      source: path ? `[tool.hatch.version] path = "${path}"` : `[tool.hatch.version] source = "${source}"`,
      howTo
    }
  }

  if (backend === 'flit_core.buildapi' || backend === 'flit.buildapi') {
    return {
      ...base,
      backend: 'flit',
      status: 'configured',
      source: "the module's __version__ (flit)",
      howTo: `Set __version__ = "1.2.3" in the package's __init__.py${statically}`
    }
  }

  if (backend === 'pdm.backend' || backend === 'pdm.pep517.api') {
    const pdm = isTable(tool['pdm']) ? tool['pdm']['version'] : undefined
    const howTo = `Declare it: [tool.pdm.version] source = "scm" (from git tags) or source = "file" with path = "src/package/__init__.py"${statically}`
    if (!isTable(pdm)) return { ...base, backend: 'pdm-backend', status: 'unknown', howTo }
    const fallback = option(pdm, 'fallback_version')
    return {
      ...base,
      backend: 'pdm-backend',
      status: 'configured',
      source: `[tool.pdm.version] source = "${str(pdm['source']) ?? 'file'}"`,
      howTo,
      ...(fallback !== undefined ? { fallbackVersion: { version: fallback, option: '[tool.pdm.version] fallback_version' } } : {})
    }
  }

  if (backend.startsWith('poetry')) {
    const howTo = `Derive it from git tags with poetry-dynamic-versioning ([tool.poetry-dynamic-versioning] enable = true), or write it: [tool.poetry] version = "1.2.3"${statically}`
    const plugin = tool['poetry-dynamic-versioning']
    if (backend.startsWith('poetry_dynamic_versioning') || (isTable(plugin) && plugin['enable'] === true)) {
      return { ...base, backend: 'poetry', status: 'configured', source: 'poetry-dynamic-versioning from git tags', howTo }
    }
    const version = option(tool['poetry'], 'version')
    if (version !== undefined) return { ...base, backend: 'poetry', status: 'configured', source: `[tool.poetry] version = "${version}"`, howTo }
    return { ...base, backend: 'poetry', status: 'unknown', howTo }
  }

  if (backend === 'maturin') {
    return {
      ...base,
      backend: 'maturin',
      status: 'configured',
      source: "Cargo.toml's package version (maturin)",
      howTo: `Set version in Cargo.toml's [package]${statically}`
    }
  }
  if (backend === 'mesonpy') {
    return {
      ...base,
      backend: 'meson-python',
      status: 'configured',
      source: "meson.build's project() version (meson-python)",
      howTo: `Set version: in meson.build's project()${statically}`
    }
  }
  return { ...base, backend, status: 'unknown', howTo: `Configure ${backend} to derive the version${statically}` }
}

export async function readProject(dir: string): Promise<PythonProject> {
  const pyprojectPath = join(dir, 'pyproject.toml')
  const dirStat = await stat(dir).catch(() => undefined)
  if (!dirStat?.isDirectory()) {
    throw new ProjectError(`Input 'project-dir': ${dir} is not a directory`, dir)
  }
  let bytes: Buffer
  try {
    bytes = await readFile(pyprojectPath)
  } catch {
    return withoutPyproject(dir)
  }
  // pip and python -m build read pyproject.toml with tomllib as UTF-8, which refuses a byte order mark
  // ("Invalid statement (at line 1, column 1)") and bytes that are not UTF-8: so does this action.
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    throw new ProjectError(
      `${pyprojectPath} starts with a UTF-8 byte order mark (BOM), which pip and python -m build refuse ` +
        '(tomllib: "Invalid statement (at line 1, column 1)"). Save the file as UTF-8 without a BOM.',
      pyprojectPath,
      1
    )
  }
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    // A newline byte is never part of a multi-byte sequence: the first line that does not decode is the one.
    let line = 1
    for (let start = 0; start <= bytes.length; line++) {
      const end = bytes.indexOf(0x0a, start)
      const slice = bytes.subarray(start, end < 0 ? bytes.length : end)
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(slice)
      } catch {
        break
      }
      if (end < 0) break
      start = end + 1
    }
    throw new ProjectError(
      `${pyprojectPath} line ${line} is not UTF-8 text, which pip and python -m build require of pyproject.toml. Save the file as UTF-8.`,
      pyprojectPath,
      line
    )
  }
  let doc: Table
  try {
    doc = parse(text) as Table
  } catch (error) {
    if (error instanceof TomlError) {
      const reason = error.message.split('\n')[0]?.replace(/^Invalid TOML document: /, '')
      throw new ProjectError(`${pyprojectPath} is not valid TOML: ${reason} (line ${error.line}, column ${error.column})`, pyprojectPath, error.line)
    }
    throw error
  }
  const hasProjectTable = isTable(doc['project'])
  const setupPy = await isFile(join(dir, 'setup.py'))
  const project = isTable(doc['project']) ? doc['project'] : {}
  const buildSystem = isTable(doc['build-system']) ? doc['build-system'] : {}
  // A value of the wrong type is an error of the file, with its line, never read as "not given".
  for (const key of ['name', 'version']) {
    if (project[key] !== undefined && typeof project[key] !== 'string') throw notAString(pyprojectPath, text, key, project[key])
  }
  if (project['dynamic'] !== undefined && !(Array.isArray(project['dynamic']) && project['dynamic'].every(v => typeof v === 'string'))) {
    const line = keyLine(text, 'project', 'dynamic')
    throw new ProjectError(
      `${pyprojectPath}${line ? ` line ${line}` : ''}: [project] dynamic must be an array of field names, such as dynamic = ["version"]`,
      pyprojectPath,
      line
    )
  }
  const dynamic = Array.isArray(project['dynamic']) ? project['dynamic'] : []
  const dynamicVersion = dynamic.includes('version')
  if (dynamicVersion && project['version'] !== undefined) {
    const line = keyLine(text, 'project', 'version')
    throw new ProjectError(
      `${pyprojectPath}${line ? ` line ${line}` : ''}: [project] version is "${String(project['version'])}" and also listed in dynamic; ` +
        'a field is either given or dynamic (PEP 621), and build backends refuse both. Remove one.',
      pyprojectPath,
      line
    )
  }
  const readme = project['readme']
  const license = project['license']
  const requires = buildSystem['requires']
  const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [])
  const urls = isTable(project['urls']) ? project['urls'] : {}
  const buildBackend = str(buildSystem['build-backend'])
  const declared = dynamicVersion ? 'dynamic' : hasProjectTable ? undefined : 'no-project-table'
  const versionDerivation = declared
    ? await deriveVersion(dir, doc, buildBackend, strings(requires), declared, declared === 'dynamic' ? keyLine(text, 'project', 'dynamic') : undefined)
    : undefined
  // Without a [project] table, setuptools reads the metadata from setup.cfg (and setup.py): so does this.
  const setuptools = buildBackend === undefined || buildBackend.startsWith('setuptools.')
  const cfg = !hasProjectTable && setuptools ? await readSetupCfg(dir) : undefined
  if (cfg?.has('metadata')) {
    return {
      dir,
      pyprojectPath,
      configPath: join(dir, 'setup.cfg'),
      metadataSource: 'setup.cfg',
      setupPy,
      version: undefined,
      dynamicVersion,
      ...(versionDerivation ? { versionDerivation } : {}),
      ...setupCfgMetadata(cfg),
      licenseFile: undefined,
      buildBackend,
      buildRequires: strings(requires)
    }
  }
  return {
    dir,
    pyprojectPath,
    configPath: pyprojectPath,
    metadataSource: !hasProjectTable && setuptools && setupPy ? 'setup.py' : 'pyproject',
    setupPy,
    name: str(project['name']),
    version: str(project['version']),
    dynamicVersion,
    ...(versionDerivation ? { versionDerivation } : {}),
    readme: isTable(readme) ? str(readme['file']) : str(readme),
    readmeContentType: isTable(readme) ? str(readme['content-type']) : undefined,
    license: isTable(license) ? (str(license['text']) ?? str(license['file'])) : str(license),
    licenseFile: isTable(license) ? str(license['file']) : undefined,
    licenseFiles: strings(project['license-files']),
    urls: Object.fromEntries(Object.entries(urls).filter((entry): entry is [string, string] => typeof entry[1] === 'string')),
    requiresPython: str(project['requires-python']),
    buildBackend,
    buildRequires: strings(requires)
  }
}

/**
 * A project without pyproject.toml, as python -m build takes it: setup.py run by setuptools' legacy
 * backend (PEP 517's fallback), its metadata declared in setup.cfg's [metadata] or computed by setup.py.
 * Without setup.py either, build refuses the folder ("does not appear to be a Python project"): so does this.
 */
async function withoutPyproject(dir: string): Promise<PythonProject> {
  const pyprojectPath = join(dir, 'pyproject.toml')
  const setupPy = await isFile(join(dir, 'setup.py'))
  if (!setupPy) {
    throw new ProjectError(
      `Input 'project-dir': no pyproject.toml or setup.py in ${dir}, so python -m build would not take it as a Python project. ` +
        "Point project-dir at the directory that holds the project's pyproject.toml (or setup.py).",
      pyprojectPath
    )
  }
  const cfg = await readSetupCfg(dir)
  const metadata = cfg?.has('metadata')
    ? setupCfgMetadata(cfg)
    : { name: undefined, readme: undefined, readmeContentType: undefined, license: undefined, licenseFiles: [], urls: {}, requiresPython: undefined }
  // setup.cfg's [metadata] is read only to describe the project before the build; the version is the
  // build's to decide (setup.py may compute or override it), and the built files are judged.
  const versionDerivation = await deriveVersion(dir, {}, undefined, [], 'no-pyproject', undefined)
  return {
    dir,
    pyprojectPath: undefined,
    configPath: join(dir, cfg?.has('metadata') ? 'setup.cfg' : 'setup.py'),
    metadataSource: cfg?.has('metadata') ? 'setup.cfg' : 'setup.py',
    setupPy,
    version: undefined,
    dynamicVersion: false,
    versionDerivation,
    ...metadata,
    licenseFile: undefined,
    buildBackend: undefined,
    buildRequires: []
  }
}

/** The line of `version = ...` in [project], for annotations; undefined without pyproject.toml. */
export async function versionLine(pyprojectPath: string | undefined): Promise<number | undefined> {
  return pyprojectPath === undefined ? undefined : keyLine(await readFile(pyprojectPath, 'utf8'), 'project', 'version')
}
