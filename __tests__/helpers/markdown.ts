// The job summary as GitHub shows it: GitHub-flavoured Markdown rendered to HTML (marked, GFM on), and the text a
// reader sees in it. Tests check what renders, not how the Markdown is spelled: an escaped `\[tool.x\]` and a
// plain `[tool.x]` read the same, a `__init__` that renders bold does not.
import { marked } from 'marked'

/** The HTML of GFM Markdown; raw HTML passes through, as in GitHub's renderer before it sanitizes. */
export function renderGfm(markdown: string): string {
  return (marked.parse(markdown, { gfm: true, async: false }) as string).trim()
}

/** The text a reader sees in an HTML fragment: tags dropped, entities decoded. */
export function htmlToText(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .trim()
}

/** The text a reader sees in rendered Markdown. */
export function shownText(markdown: string): string {
  return htmlToText(renderGfm(markdown))
}
