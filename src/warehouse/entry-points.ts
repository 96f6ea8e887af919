// A wheel's entry_points.txt as PyPI judges it (warehouse/utils/wheel.py validate_entrypoints): UTF-8, read by
// Python's configparser with '=' as the only delimiter and case-sensitive keys, and every console_scripts and
// gui_scripts name matching [\w.-]+. The parts of configparser (CPython 3.14) that raise are ported line by line:
// a key before any section, a section or key given twice, a line that is neither, and indented continuation lines.

// str.isspace() / the \s of a str pattern
const PY_SPACE = '\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000'
const isPySpace = (ch: string): boolean => PY_SPACE.includes(ch)

/** str.strip() with Python's notion of whitespace (JavaScript's trim() differs: U+FEFF, U+001C-U+001F). */
export function pyStrip(text: string): string {
  let start = 0
  let end = text.length
  while (start < end && isPySpace(text[start] as string)) start++
  while (end > start && isPySpace(text[end - 1] as string)) end--
  return text.slice(start, end)
}

const pyRstrip = (text: string): string => {
  let end = text.length
  while (end > 0 && isPySpace(text[end - 1] as string)) end--
  return text.slice(0, end)
}

// RawConfigParser.SECTCRE, matched at the start: '[' then everything up to the last ']' of the line
const SECTION = /^\[([^\n]+)\]/
// _OPT_TMPL with delimiters ('=',): the key is everything before the first '=' (spaces around it dropped)
const OPTION = new RegExp(`^([^\\n]*?)[${PY_SPACE}]*(=)[${PY_SPACE}]*([^\\n]*)$`)
const DEFAULT_SECTION = 'DEFAULT'

/** What configparser read: sections in order with their keys, and the DEFAULT section's keys. */
interface Parsed {
  sections: Map<string, Map<string, string[]>>
  defaults: Map<string, string[]>
}

/** ConfigParser(delimiters=('=',)).read_string with optionxform=str; returns the error configparser raises, if any. */
export function readConfig(text: string): { parsed: Parsed; error: string | null } {
  const parsed: Parsed = { sections: new Map(), defaults: new Map() }
  const added = new Set<string>()
  const errors: number[] = []
  let section: Map<string, string[]> | null = null
  let sectionName: string | null = null
  let option: string | null = null
  let indentLevel = 0
  // io.StringIO iterates lines split at '\n' only, each keeping its '\n'
  const lines = text.split(/(?<=\n)/)
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index] as string
    const lineno = index + 1
    const stripped = pyStrip(line)
    const isComment = stripped.startsWith('#') || stripped.startsWith(';')
    const clean = isComment ? '' : stripped
    if (!clean) {
      // empty_lines_in_values: a blank line (not a comment) becomes part of the current value
      if (!isComment && section && option) section.get(option)?.push('')
      continue
    }
    const curIndent = indentOf(line)
    if (section && option && curIndent > indentLevel) {
      section.get(option)?.push(clean)
      continue
    }
    indentLevel = curIndent
    const header = SECTION.exec(clean)
    if (!header && !section) return { parsed, error: `File contains no section headers. line: ${lineno}` }
    if (header) {
      sectionName = header[1] as string
      if (parsed.sections.has(sectionName)) {
        if (added.has(`s:${sectionName}`)) return { parsed, error: `Section ${sectionName} already exists (line ${lineno})` }
        section = parsed.sections.get(sectionName) as Map<string, string[]>
        added.add(`s:${sectionName}`)
      } else if (sectionName === DEFAULT_SECTION) {
        section = parsed.defaults
      } else {
        section = new Map()
        parsed.sections.set(sectionName, section)
        added.add(`s:${sectionName}`)
      }
      option = null
      continue
    }
    const match = OPTION.exec(clean)
    if (!match) {
      errors.push(lineno)
      continue
    }
    if (!match[1]) errors.push(lineno)
    option = pyRstrip(match[1] as string)
    const key = `o:${sectionName}\0${option}`
    if (added.has(key)) return { parsed, error: `Option ${option} in section ${sectionName} already exists (line ${lineno})` }
    added.add(key)
    ;(section as Map<string, string[]>).set(option, [pyStrip(match[3] as string)])
  }
  return { parsed, error: errors.length ? `Source contains parsing errors: lines ${errors.join(', ')}` : null }
}

/** Where the first non-whitespace character is (NONSPACECRE.search(line).start()), counted in code points as Python does. */
function indentOf(line: string): number {
  let index = 0
  for (const ch of line) {
    if (!isPySpace(ch)) return index
    index += 1
  }
  return 0
}

// _ENTRY_POINT_NAME_RE = [\w.-]+ (fullmatch); \w of a str pattern: letters, numbers and '_'
const ENTRY_POINT_NAME = /^[\p{L}\p{N}_.-]+$/u

/**
 * validate_entrypoints on the member's bytes: null when PyPI accepts them, else why not (PyPI itself only answers
 * "has invalid entry points defined in the entry_points.txt file").
 */
export function entryPointsProblem(content: Buffer): string | null {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(content)
  } catch {
    return 'entry_points.txt is not decodable as UTF-8'
  }
  const { parsed, error } = readConfig(text)
  if (error) return `entry_points.txt is not a valid INI file: ${error}`
  for (const name of ['console_scripts', 'gui_scripts']) {
    const section = parsed.sections.get(name)
    if (!section) continue
    // iterating a SectionProxy yields its keys, then the DEFAULT section's
    const keys = [...section.keys(), ...[...parsed.defaults.keys()].filter(key => !section.has(key))]
    const bad = keys.find(key => !ENTRY_POINT_NAME.test(key))
    if (bad !== undefined) return `Invalid entry point name '${bad}' in '${name}'`
  }
  return null
}
