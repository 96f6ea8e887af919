// Finding the release's entry in a changelog: Markdown headings (Keep a Changelog
// `## [1.2.3] - date`, `## 1.2.3 (date)`, towncrier's) and reST underlined titles. A heading
// names a version when its first version-like word is PEP 440-equal to the release.
import { readdir, readFile, stat } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { parse } from 'smol-toml'
import { parseVersion, versionsEqual } from '../pep440.js'

export interface ChangelogEntry {
  /** 1-based line of the heading. */
  line: number
  heading: string
  /** The entry's text, heading excluded, trimmed. */
  text: string
}

export interface ChangelogScan {
  entry: ChangelogEntry | undefined
  /** The line of an `Unreleased` heading, when there is one. */
  unreleasedLine: number | undefined
}

interface Heading {
  index: number
  /** Lines the heading takes (2 for a reST title with its underline, 3 with an overline). */
  span: number
  title: string
  /** Markdown: number of #; reST: order in which its adornment style first appeared (1 = top). */
  level: number
}

const ADORNMENT = /^([=\-~^"'`#*+_:.])\1{2,}\s*$/

function headings(lines: string[]): Heading[] {
  const found: Heading[] = []
  const rstStyles: string[] = []
  const rstLevel = (style: string): number => {
    if (!rstStyles.includes(style)) rstStyles.push(style)
    return rstStyles.indexOf(style) + 1
  }
  let fence = false
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? ''
    if (/^\s*(```|~~~)/.test(line)) fence = !fence
    if (fence) continue
    const atx = /^(#{1,6})\s+(.*?)\s*#*\s*$/.exec(line)
    if (atx) {
      found.push({ index: i, span: 1, title: atx[2] ?? '', level: atx[1]!.length })
      continue
    }
    const next = lines[i + 1] ?? ''
    const over = ADORNMENT.exec(line)
    if (over && line.trim() !== '' && (lines[i + 1] ?? '').trim() !== '' && ADORNMENT.exec(lines[i + 2] ?? '')?.[1] === over[1]) {
      found.push({ index: i, span: 3, title: (lines[i + 1] ?? '').trim(), level: rstLevel(`over${over[1]}`) })
      i += 2
      continue
    }
    const under = ADORNMENT.exec(next)
    if (under && line.trim() !== '' && !ADORNMENT.test(line) && next.trim().length >= line.trim().length) {
      found.push({ index: i, span: 2, title: line.trim(), level: rstLevel(under[1]!) })
      i += 1
    }
  }
  return found
}

/** The first word of a heading that parses as a version (`[1.2.3]`, `v1.2.3`, `1.2.3:` all do). */
function headingVersion(title: string): string | undefined {
  for (const word of title.split(/[\s,()[\]]+/)) {
    const candidate = word.replace(/^(release|version|v)(?=\d)/i, '').replace(/[:\-–—]+$/, '')
    if (/^\d/.test(candidate) && parseVersion(candidate)) return candidate
  }
  return undefined
}

export function findEntry(text: string, version: string): ChangelogScan {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/)
  const all = headings(lines)
  let unreleasedLine: number | undefined
  for (const [n, heading] of all.entries()) {
    if (/^\[?unreleased\]?/i.test(heading.title) && unreleasedLine === undefined) unreleasedLine = heading.index + 1
    const named = headingVersion(heading.title)
    if (named === undefined || !versionsEqual(named, version)) continue
    const end = all.slice(n + 1).find(other => other.level <= heading.level)?.index ?? lines.length
    const body = lines.slice(heading.index + heading.span, end)
    // Keep a Changelog's link references (`[1.2.3]: https://…`) belong to no entry
    const text = body
      .filter(line => !/^\s*\[[^\]]+\]:\s*\S+/.test(line))
      .join('\n')
      .trim()
    return { entry: { line: heading.index + 1, heading: heading.title, text }, unreleasedLine }
  }
  return { entry: undefined, unreleasedLine }
}

/** Where the changelog is: the file, and what named it. */
export interface ChangelogLocation {
  /** The changelog file; undefined when there is none. */
  path: string | undefined
  /** What named it: `[tool.towncrier] filename in pyproject.toml`, or a name search. */
  source: string | undefined
  /** Why the file a configuration names cannot be the changelog (missing, a directory, ...), and the configuration file. */
  problem?: { message: string; config: string }
  /** towncrier's fragments directory, when it is configured. */
  fragments?: string
}

/** Changelog names found by search: CHANGELOG, CHANGES, HISTORY, NEWS with or without .md/.rst/.txt. */
const CHANGELOG_NAME = /^(changelog|changes|history|news)(\.(md|rst|txt|markdown))?$/i

interface Towncrier {
  /** The file that holds `[tool.towncrier]`, as shown in messages. */
  file: string
  /** `filename`, when set; towncrier's default is NEWS.rst. */
  filename: string | undefined
  directory: string | undefined
  /** Without `directory`, towncrier reads fragments from `<package_dir>/<package>/newsfragments`. */
  packageFragments: string | undefined
}

const isTable = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

/** `[tool.towncrier]` from towncrier.toml (which towncrier reads first) or pyproject.toml; undefined when neither has one. */
async function readTowncrier(dir: string): Promise<Towncrier | undefined> {
  for (const file of ['towncrier.toml', 'pyproject.toml']) {
    let doc: Record<string, unknown>
    try {
      doc = parse(await readFile(join(dir, file), 'utf8'))
    } catch {
      continue // absent, or not TOML: pyproject.toml's own problems are reported elsewhere
    }
    const table = isTable(doc['tool']) ? doc['tool']['towncrier'] : undefined
    if (!isTable(table)) continue
    const text = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined)
    const pkg = text(table['package'])
    const packageFragments = pkg === undefined ? undefined : join(text(table['package_dir']) ?? '.', ...pkg.split('.'), 'newsfragments')
    return { file, filename: text(table['filename']), directory: text(table['directory']), packageFragments }
  }
  return undefined
}

/** What is at a path: a file, a directory, something else, or nothing (a broken link counts as nothing). */
async function kindOf(path: string): Promise<'file' | 'directory' | 'other' | 'missing'> {
  const info = await stat(path).catch(() => undefined)
  if (!info) return 'missing'
  return info.isFile() ? 'file' : info.isDirectory() ? 'directory' : 'other'
}

/**
 * The project's changelog file, looked for in each of `folders` in turn, nearest first (the project
 * folder, then those above it up to the repository root: a monorepo keeps it at the root): in each,
 * the one `[tool.towncrier] filename` names, else the first file (never a directory: towncrier keeps
 * fragments in `changelog.d/`, `CHANGES/`, `docs/changelog/`) named CHANGELOG, CHANGES, HISTORY or
 * NEWS (.md, .rst, .txt) in the folder, then its docs/.
 */
export async function findChangelog(dir: string, folders: string[] = [dir]): Promise<ChangelogLocation> {
  let fragments: string | undefined
  for (const folder of folders) {
    const found = await findChangelogIn(folder)
    fragments ??= found.fragments
    if (found.path !== undefined || found.problem !== undefined) return { ...found, ...(fragments ? { fragments } : {}) }
  }
  return { path: undefined, source: undefined, ...(fragments ? { fragments } : {}) }
}

async function findChangelogIn(dir: string): Promise<ChangelogLocation> {
  const towncrier = await readTowncrier(dir)
  const fragmentsDir = towncrier?.directory ?? towncrier?.packageFragments
  const fragments = fragmentsDir !== undefined ? resolve(dir, fragmentsDir) : undefined
  if (towncrier) {
    const named = towncrier.filename ?? 'NEWS.rst'
    const path = resolve(dir, named)
    const kind = await kindOf(path)
    const source = `[tool.towncrier] filename in ${towncrier.file}${towncrier.filename === undefined ? " (towncrier's default)" : ''}`
    if (kind === 'file') return { path, source, ...(fragments ? { fragments } : {}) }
    // towncrier's default name need not exist: the project may keep its changelog under another name
    if (towncrier.filename !== undefined) {
      const what = kind === 'missing' ? 'which does not exist' : kind === 'directory' ? 'which is a directory, not a file' : 'which is not a regular file'
      return {
        path: undefined,
        source,
        problem: {
          message: `[tool.towncrier] filename in ${towncrier.file} names ${named}, ${what}; run towncrier build, or point filename at the changelog file`,
          config: join(dir, towncrier.file)
        },
        ...(fragments ? { fragments } : {})
      }
    }
  }
  for (const base of [dir, join(dir, 'docs')]) {
    const names = (await readdir(base).catch(() => [] as string[])).filter(name => CHANGELOG_NAME.test(name)).sort()
    for (const name of names) {
      const path = join(base, name)
      if (path === fragments) continue
      if ((await kindOf(path)) === 'file') return { path, source: undefined, ...(fragments ? { fragments } : {}) }
    }
  }
  return { path: undefined, source: undefined, ...(fragments ? { fragments } : {}) }
}

/** towncrier fragment files waiting in the fragments directory (its template and .gitignore left out). */
export async function pendingFragments(fragments: string | undefined): Promise<string[]> {
  if (fragments === undefined) return []
  const entries = await readdir(fragments, { withFileTypes: true }).catch(() => [])
  return entries
    .filter(
      entry => entry.isFile() && !entry.name.startsWith('.') && !/^template\./i.test(entry.name) && entry.name !== 'README.md' && entry.name !== 'README.rst'
    )
    .map(entry => entry.name)
    .sort()
}
