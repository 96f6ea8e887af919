// Outside text in GitHub-flavoured Markdown: what a project, a report or a manifest says (a module path such
// as `tern_codec/__init__.py`, a test's message `**x**`, a job name `<script>`) is shown as written, never as
// markup. Two ways in, one per kind of text: names and paths go in code spans (read as they are, copied as they
// are), prose is backslash-escaped. Every writer of the job summary and the check run uses these two.

/**
 * Prose, shown as written: every character that starts inline markup is backslash-escaped (CommonMark lets any
 * ASCII punctuation be escaped, and GitHub's renderer honours it), so `__init__` stays underscores, `<script>` stays
 * text, `&lt;` stays five characters and `|` does not end a table cell. A character that would start a block (a
 * heading, a list, a quote) is escaped at the start only. Line breaks become spaces: callers put prose inside a line
 * of their own (a list item, a table cell), which a line break would end. `midLine`: the text follows other text on its
 * line or fills a table cell, where no block starts, so the start needs no escape (a version reads `1.0.0`, not `1\.0.0`).
 */
export function markdownText(text: string, options: { midLine?: boolean } = {}): string {
  const line = text.replace(/\r?\n|\r/g, ' ')
  // inline: emphasis (* _ ~), code (`), links and images ([ ]: with `[` escaped, `!` starts no image), HTML and
  // autolinks (< >), entities (&), tables (|), math ($, rendered by GitHub), and the backslash itself
  const inline = line.replace(/[\\`*_~[\]<>&|$]/g, '\\$&')
  if (options.midLine) return inline
  // block: # heading, - + list, > quote (already escaped above), = setext, 1. or 1) ordered list
  return inline.replace(/^(\s*)([#+=-])/, '$1\\$2').replace(/^(\s*\d+)([.)])/, '$1\\$2')
}

/**
 * A code span that shows `text` exactly: delimited by one more backtick than the longest run of backticks inside,
 * and padded with a space when the text starts or ends with a backtick or a space (CommonMark strips one space
 * from each side of a padded span). Line breaks become spaces, as they would in any code span.
 * In a table cell, `|` is escaped (`\|`): GFM splits cells before it reads code spans.
 */
export function markdownCode(text: string, options: { inTable?: boolean } = {}): string {
  let content = text.replace(/\r?\n|\r/g, ' ')
  if (content === '') return ''
  if (options.inTable) content = content.replace(/\|/g, '\\|')
  const longest = Math.max(0, ...(content.match(/`+/g) ?? []).map(run => run.length))
  const fence = '`'.repeat(longest + 1)
  const pad = /^[` ]|[` ]$/.test(content) && content.trim() !== '' ? ' ' : ''
  return `${fence}${pad}${content}${pad}${fence}`
}

/**
 * A fenced code block holding `text` as written: the fence is longer than any run of backticks in the text, so no
 * line of it can close the block early.
 */
export function markdownBlock(text: string): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map(run => run.length))
  const fence = '`'.repeat(longest + 1)
  return `${fence}text\n${text.replace(/\r\n?/g, '\n')}\n${fence}`
}

/**
 * A link's destination as GFM reads it: only http(s) URLs (never `javascript:`), with the characters that would end
 * or break the destination (space, parentheses, angle brackets) percent-encoded. Undefined for anything else.
 */
export function markdownUrl(url: string): string | undefined {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    return undefined
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return undefined
  return parsed.href.replace(/[ ()<>]/g, c => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`)
}

/** A link whose text is Markdown already written by the caller (escaped prose or a code span); the text alone when the URL is not one to link. */
export function markdownLink(label: string, url: string | undefined): string {
  const href = url === undefined ? undefined : markdownUrl(url)
  return href ? `[${label}](${href})` : label
}

/** A GFM table; every cell is Markdown already written with the functions above (code spans with inTable). */
export function markdownTable(header: string[], rows: string[][]): string {
  const line = (cells: string[]): string => `| ${cells.join(' | ')} |`
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n')
}

/**
 * Text inside an HTML block (`<details><summary>…</summary>`): GFM does not read Markdown there, so backslashes
 * would show; HTML entities are what keeps `<script>` text.
 */
export function htmlText(text: string): string {
  return text
    .replace(/\r?\n|\r/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
}
