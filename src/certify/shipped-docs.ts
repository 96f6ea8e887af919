// The docs items judged from what ships: after the build, the readme, the URLs and the license come
// from each built file's core metadata (a wheel's METADATA, an sdist's PKG-INFO) and its members,
// whatever wrote them (pyproject.toml, a build hook, a backend's own table, a plugin).
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join, posix } from 'node:path'
import type { BuildArtifact } from '../types.js'
import { readArchive, type ArchiveMember } from '../build/archive.js'

export type ShippedItem = 'readme' | 'license' | 'urls'

export interface ShippedFinding {
  item: ShippedItem
  outcome: 'pass' | 'missing' | 'wrong' | 'unverified'
  message: string
}

export interface ShippedOptions {
  artifacts: BuildArtifact[]
  /** Checks reST as PyPI renders it; undefined when no renderer is installed. */
  validateRst: (file: string) => Promise<{ ok: boolean; message: string } | undefined>
  /** What the source tree declares, quoted when the built files lack it. */
  hints: Partial<Record<ShippedItem, string>>
  /** The interpreter named in the message when reST cannot be checked. */
  python: string
}

/** The content types PyPI accepts for Description-Content-Type. */
const CONTENT_TYPES = new Set(['text/plain', 'text/x-rst', 'text/markdown'])
const LICENSE_NAME = /^(licen[cs]e|copying)([.-].*)?$/i
const HOME_OR_SOURCE = new Set(['homepage', 'home', 'source', 'sourcecode', 'repository', 'repo', 'code', 'github', 'gitlab'])
const RANK: Record<ShippedFinding['outcome'], number> = { pass: 0, unverified: 1, missing: 2, wrong: 3 }

interface Built {
  artifact: BuildArtifact
  fields: Map<string, string[]>
  /** The member that holds the metadata, for messages: METADATA or PKG-INFO. */
  source: string
  members: ArchiveMember[]
  /** The dist-info directory of a wheel, the top directory of an sdist. */
  dir: string
  /** Fields marked `Dynamic:` (metadata 2.2), lower-case: an sdist leaves them to the wheel; in a wheel they are information only. */
  dynamic: Set<string>
}

/** Old setuptools wrote `UNKNOWN` for a field it was not given: that is no value. */
const given = (fields: Map<string, string[]>): Map<string, string[]> =>
  new Map(
    [...fields]
      .map(([name, values]) => [name, values.filter(value => value.trim() !== 'UNKNOWN')] as [string, string[]])
      .filter(([, values]) => values.length > 0)
  )

async function load(artifact: BuildArtifact): Promise<Built | undefined> {
  if (!artifact.coreMetadata) return undefined
  const fields = given(artifact.coreMetadata)
  const { members } = await readArchive(artifact.path)
  const names = new Set(members.map(m => m.name))
  const dir =
    artifact.format === 'wheel'
      ? ([...new Set(members.map(m => m.name.split('/')[0]!))].find(top => top.endsWith('.dist-info') && names.has(`${top}/METADATA`)) ?? '')
      : (members[0]?.name.split('/')[0] ?? '')
  return {
    artifact,
    fields,
    source: artifact.format === 'wheel' ? 'METADATA' : 'PKG-INFO',
    members,
    dir,
    dynamic: new Set((fields.get('dynamic') ?? []).map(v => v.toLowerCase()))
  }
}

async function readmeOf(built: Built, options: ShippedOptions): Promise<ShippedFinding> {
  const name = `${built.artifact.filename} (${built.source})`
  const description = built.fields.get('description')?.[0] ?? ''
  if (description.trim() === '') {
    const hint = options.hints.readme
    return hint
      ? {
          item: 'readme',
          outcome: 'wrong',
          message: `${name} has no long description, though ${hint}: the project page would be empty; check that the build backend reads the readme`
        }
      : { item: 'readme', outcome: 'missing', message: `${name} has no long description (Description): declare a readme in pyproject.toml` }
  }
  const declared = built.fields.get('description-content-type')?.[0]
  const type = declared?.split(';')[0]?.trim().toLowerCase()
  if (type !== undefined && !CONTENT_TYPES.has(type)) {
    return {
      item: 'readme',
      outcome: 'wrong',
      message: `${name} has Description-Content-Type '${declared}', which PyPI refuses (text/plain, text/x-rst or text/markdown)`
    }
  }
  if (type === undefined || type === 'text/x-rst') {
    // PyPI renders a description without a content type as reST too
    const dir = await mkdtemp(join(tmpdir(), 'pra-readme-'))
    try {
      const file = join(dir, 'description.rst')
      await writeFile(file, description)
      const checked = await options.validateRst(file)
      const as = type === undefined ? 'has no Description-Content-Type, so PyPI renders its description as reST' : 'has a reST description'
      if (!checked) {
        return {
          item: 'readme',
          outcome: 'unverified',
          message: `${name} ${as}, and neither readme_renderer nor docutils is installed in '${options.python}' to check that PyPI can render it`
        }
      }
      if (!checked.ok) {
        const hint = type === undefined ? ' (set the readme content type if it is Markdown)' : ''
        return { item: 'readme', outcome: 'wrong', message: `${name} ${as}, and PyPI would not render it${hint}: ${checked.message.split('\n')[0]}` }
      }
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }
  return { item: 'readme', outcome: 'pass', message: `${name}: description (${type ?? 'text/x-rst'}, ${description.length} characters)` }
}

function licenseOf(built: Built): ShippedFinding {
  const name = `${built.artifact.filename} (${built.source})`
  const byName = new Map(built.members.map(m => [m.name, m]))
  const shipped: string[] = []
  for (const license of built.fields.get('license-file') ?? []) {
    const places =
      built.artifact.format === 'wheel'
        ? [`${built.dir}/licenses/${license}`, `${built.dir}/license_files/${license}`, `${built.dir}/${license}`]
        : [`${built.dir}/${license}`]
    const member = places.map(place => byName.get(place)).find(m => m?.type === 'file')
    if (!member) return { item: 'license', outcome: 'wrong', message: `${name} names License-File '${license}', but ${places[0]} is not in the archive` }
    if (member.size === 0) return { item: 'license', outcome: 'wrong', message: `${name} names License-File '${license}', and ${member.name} is empty` }
    shipped.push(license)
  }
  if (shipped.length > 0) return { item: 'license', outcome: 'pass', message: `${name}: License-File ${shipped.join(', ')}` }
  // a license file the backend ships without naming it (poetry-core, older backends)
  const unnamed = built.members.filter(member => {
    if (member.type !== 'file' || member.size === 0 || !member.name.startsWith(`${built.dir}/`)) return false
    const inside = member.name.slice(built.dir.length + 1)
    if (built.artifact.format === 'wheel' && /^(licenses|license_files)\//.test(inside)) return true
    return !inside.includes('/') && LICENSE_NAME.test(posix.basename(inside))
  })
  if (unnamed.length > 0) return { item: 'license', outcome: 'pass', message: `${name}: ${unnamed.map(m => m.name.slice(built.dir.length + 1)).join(', ')}` }
  const declared =
    built.fields.get('license-expression')?.[0] ??
    built.fields.get('license')?.[0]?.split('\n')[0] ??
    built.fields.get('classifier')?.find(c => c.startsWith('License ::'))
  if (declared !== undefined && declared.trim() !== '') {
    return {
      item: 'license',
      outcome: 'unverified',
      message: `${name} declares the license '${declared.slice(0, 80)}' but ships no license file (License-File, LICENSE*, COPYING*)`
    }
  }
  return { item: 'license', outcome: 'missing', message: `${name} has no license: no License-Expression, License, license classifier or license file` }
}

function urlsOf(built: Built): ShippedFinding {
  const name = `${built.artifact.filename} (${built.source})`
  const home = built.fields.get('home-page')?.[0]
  if (home) return { item: 'urls', outcome: 'pass', message: `${name}: Home-page` }
  const labels = (built.fields.get('project-url') ?? []).map(value => value.split(',')[0]!.trim())
  const found = labels.find(label => HOME_OR_SOURCE.has(label.toLowerCase().replace(/[^a-z]/g, '')))
  if (found) return { item: 'urls', outcome: 'pass', message: `${name}: Project-URL ${found}` }
  return {
    item: 'urls',
    outcome: 'missing',
    message:
      labels.length === 0
        ? `${name} has no Home-page and no Project-URL`
        : `${name} has no Home-page and no homepage or source Project-URL (has ${labels.join(', ')})`
  }
}

/** The worst finding of the built files (each must ship the item), naming the other files where the same is wrong. */
function worst(findings: Array<ShippedFinding & { filename: string }>, item: ShippedItem): ShippedFinding {
  if (findings.length === 0) return { item, outcome: 'unverified', message: `no built file's metadata could be read for the ${item}` }
  const found = findings.reduce((a, b) => (RANK[b.outcome] > RANK[a.outcome] ? b : a))
  const same = findings.filter(f => f !== found && f.outcome === found.outcome && found.outcome !== 'pass').map(f => f.filename)
  return { item, outcome: found.outcome, message: same.length > 0 ? `${found.message} (so does ${same.join(', ')})` : found.message }
}

/** Field names (lower-case) per item; an sdist may leave them to the wheel with `Dynamic:`. */
const FIELDS: Record<ShippedItem, string[]> = {
  readme: ['description', 'description-content-type'],
  license: ['license', 'license-expression', 'license-file'],
  urls: ['home-page', 'project-url']
}

/** Judges the readme, the license and the URLs from every built file. */
export async function judgeShipped(options: ShippedOptions): Promise<Record<ShippedItem, ShippedFinding>> {
  const built = (await Promise.all(options.artifacts.map(load))).filter((b): b is Built => b !== undefined)
  // A field an sdist marks Dynamic and leaves out is the wheel's to give: that sdist is not judged for the
  // item. A field the file carries is always judged, Dynamic or not: setuptools >= 77 writes Metadata 2.4
  // with `License-File: LICENSE` and `Dynamic: license-file` in both files (the license files it found
  // itself, not listed in pyproject.toml), and in a wheel Dynamic is information only (PEP 643: "in any
  // context other than a source distribution, Dynamic is for information only").
  const judged = (item: ShippedItem): Built[] =>
    built.filter(b => b.artifact.format === 'wheel' || !FIELDS[item].some(field => b.dynamic.has(field)) || FIELDS[item].some(field => b.fields.has(field)))
  const named = (b: Built, finding: ShippedFinding) => ({ ...finding, filename: b.artifact.filename })
  const readme = await Promise.all(judged('readme').map(async b => named(b, await readmeOf(b, options))))
  return {
    readme: worst(readme, 'readme'),
    license: worst(
      judged('license').map(b => named(b, licenseOf(b))),
      'license'
    ),
    urls: worst(
      judged('urls').map(b => named(b, urlsOf(b))),
      'urls'
    )
  }
}
