// Finding the release's entry in a changelog: Markdown headings (Keep a Changelog
// `## [1.2.3] - date`, `## 1.2.3 (date)`, towncrier's) and reST underlined titles. A heading
// names a version when its first version-like word is PEP 440-equal to the release.
import { parseVersion, versionsEqual } from '../version.js'

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
