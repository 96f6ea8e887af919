// Text from outside (a test name, a finding, a project field, a server's message, the build's output)
// printed to a step's log must never become a workflow command. The runner reads its output line by
// line (a line ends at \n, \r\n or a lone \r), trims the leading white space, and takes a line that
// then starts with `::` as a command, or one that holds the older `##[name]` anywhere: `::add-mask::` hides the log,
// `::stop-commands::` turns our own commands off, `::error::` forges an annotation. Every line the
// action prints from such text goes through neutralizeCommands: a line that would be read as a command
// gets a zero-width space between its first two characters (and every `##[` one after its `##`), so it
// shows the same and does nothing.
// (Annotations, group titles and debug lines are command values, which @actions/core escapes itself.)

export const ZERO_WIDTH_SPACE = '\u200b'

/**
 * Leading characters the runner may trim (.NET's white space is wider than JavaScript's) or that show
 * nothing, so a line starting with them and then `::` is treated as a command line too (a character class;
 * the process-level sink, sink.ts, uses it as well).
 */
export const INVISIBLE = '[\\s\\u0000-\\u001f\\u007f\\u0085\\u00a0\\u180e\\u200b-\\u200f\\u2028-\\u202f\\u205f-\\u206f\\u3000\\ufeff]'
/** A line the runner takes as a command: the invisible characters it trims, then `::`. */
export const COMMAND_LINE = new RegExp(`^(${INVISIBLE}*)::`, 'u')

/** The text, one line per line the runner will read, with no line that the runner takes as a command. */
export function neutralizeCommands(text: string): string {
  if (!text.includes('::') && !text.includes('##[')) return text
  return text
    .split(/\r\n|\r|\n/)
    .map(line => line.replace(COMMAND_LINE, `$1:${ZERO_WIDTH_SPACE}:`).replaceAll('##[', `##${ZERO_WIDTH_SPACE}[`))
    .join('\n')
}

/**
 * A value inside one of our commands (an annotation's message, title or file). @actions/core escapes its
 * line breaks, so it cannot start a line; the runner tries the legacy `##[name]` form only on a line that
 * is no `::` command, but a value never holds one either, in case a runner ever reads the line both ways.
 */
export function commandValue(text: string): string
export function commandValue(text: string | undefined): string | undefined
export function commandValue(text: string | undefined): string | undefined {
  return text?.replaceAll('##[', `##${ZERO_WIDTH_SPACE}[`)
}
