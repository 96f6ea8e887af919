// Hostile text for tests: strings that would be workflow commands if printed as they are, a seeded
// generator of random Unicode and bytes, and the check that a run printed no command of anyone's but ours.

/** The marker every forged command carries where a command's name and properties go. */
export const FORGED = 'FORGED'

/** Lines the runner would obey if they reached the log as they are. */
export const COMMAND_PAYLOADS = [
  `::add-mask::${FORGED}`,
  `::stop-commands::${FORGED}`,
  `::set-output name=${FORGED}::1`,
  `::error title=${FORGED}::forged error`,
  `  \t::warning file=${FORGED}.py::indented`,
  `\u00a0::notice title=${FORGED}::after a no-break space`,
  `\ufeff::debug title=${FORGED}::after a BOM`,
  `::save-state name=${FORGED}::1`,
  `##[add-mask]${FORGED}`,
  `::echo::on ${FORGED}`
]

/** One text holding every payload, each on a line of its own (after \n, \r\n and a lone \r). */
export const HOSTILE_LINES = COMMAND_PAYLOADS.map((payload, i) => `${['\n', '\r\n', '\r'][i % 3]}${payload}`).join('')

/** The commands @actions/core prints for us, and the properties it writes on them. */
const OUR_COMMANDS = new Set(['add-mask', 'debug', 'group', 'endgroup', 'error', 'warning', 'notice'])
const OUR_PROPERTIES = new Set(['title', 'file', 'line', 'endLine', 'col', 'endColumn'])

/**
 * The lines of a step's output the runner would obey that are not ours, read as the runner reads them
 * (a line that starts with `::` after white space; else a legacy `##[` anywhere): a command we never
 * print, a command line with white space before it (ours start at column 0), a property we never
 * write or whose value is a forged payload's, an add-mask of anything but the run's own secrets. Any
 * `##[` at all is counted, though the runner tries it only when the line is no `::` command.
 */
export function forgedCommands(output: string, secrets: string[] = []): string[] {
  const forged: string[] = []
  for (const line of output.split(/\r\n|\r|\n/)) {
    // the run's own secrets, masked (a secret may hold anything)
    if (line.startsWith('::add-mask::') && secrets.includes(unescapeData(line.slice('::add-mask::'.length)))) continue
    if (line.includes('##[')) {
      forged.push(line)
      continue
    }
    const trimmed = line.replace(/^[\s\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]+/u, '')
    if (!trimmed.startsWith('::')) continue
    const end = trimmed.indexOf('::', 2)
    if (end < 0) continue
    const info = trimmed.slice(2, end)
    const space = info.indexOf(' ')
    const name = space < 0 ? info : info.slice(0, space)
    const properties =
      space < 0
        ? []
        : info
            .slice(space + 1)
            .split(',')
            .map(pair => pair.split('=', 2) as [string, string | undefined])
    const data = trimmed.slice(end + 2)
    if (
      trimmed !== line ||
      !OUR_COMMANDS.has(name) ||
      properties.some(([key, value]) => !OUR_PROPERTIES.has(key.trim()) || (value ?? '').startsWith(FORGED)) ||
      (name === 'add-mask' && !secrets.includes(unescapeData(data)))
    ) {
      forged.push(line)
    }
  }
  return forged
}

/** A command's data as the runner reads it back. */
const unescapeData = (data: string): string => data.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')

/** A small seeded generator (mulberry32), so a failing case can be replayed from its seed. */
export function random(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const FRAGMENTS = [
  ...COMMAND_PAYLOADS,
  '\n',
  '\r',
  '\r\n',
  '::',
  '%0A',
  '%0D',
  '%25',
  '%3A',
  '\u0000',
  '\u0007',
  '\u202e',
  '\u200f',
  '\u2028',
  '\u0085',
  '\ufeff',
  '<',
  '>',
  '&',
  '&amp;',
  ']]>',
  '"',
  "'",
  '`',
  '|',
  '\\',
  '$',
  '${{ secrets.X }}',
  'é',
  '𝔘',
  '日本',
  ' ',
  '\t',
  '../',
  '/',
  '*',
  '**',
  '?',
  '[',
  ']',
  '{',
  '}',
  ',',
  '=',
  '#',
  '0',
  '1.0',
  '-1',
  '1e9',
  'NaN',
  'true'
]

/** A random string of Unicode and the fragments above, up to `max` pieces. */
export function hostileString(next: () => number, max = 12): string {
  const pieces: string[] = []
  const count = 1 + Math.floor(next() * max)
  for (let i = 0; i < count; i++) {
    const r = next()
    if (r < 0.6) pieces.push(FRAGMENTS[Math.floor(next() * FRAGMENTS.length)] as string)
    else if (r < 0.8) pieces.push(String.fromCodePoint(0x20 + Math.floor(next() * 0x5f)))
    else {
      const code = Math.floor(next() * 0x10ffff)
      // lone surrogates are not text a file or an environment variable can carry
      pieces.push(code >= 0xd800 && code <= 0xdfff ? '\ufffd' : String.fromCodePoint(code))
    }
  }
  return pieces.join('')
}

/** Random bytes, sometimes starting like a report so that the parsers get past their first check. */
export function hostileBytes(next: () => number, size: number): Buffer {
  const starts = ['', '<?xml version="1.0"?>\n<testsuites>', '{"dependencies": [', '{"runs": [', 'SF:', '<coverage line-rate="', '\ufeff{']
  const start = starts[Math.floor(next() * starts.length)] as string
  const bytes = Buffer.alloc(size)
  for (let i = 0; i < size; i++) bytes[i] = Math.floor(next() * 256)
  return Buffer.concat([Buffer.from(start), bytes, Buffer.from(hostileString(next))])
}

/** Text for inside an XML attribute or element: the payloads' line breaks as character references, the rest escaped. */
export function xmlText(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\r/g, '&#13;')
    .replace(/\n/g, '&#10;')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
}
