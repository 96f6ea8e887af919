// Python's repr() of the values warehouse puts in its messages with `{value!r}`, so that a refusal
// predicted here reads exactly as PyPI's answer would.

/** One character as repr() escapes it when it is not printable (str.isprintable()). */
function escapeChar(char: string): string {
  if (char === '\n') return '\\n'
  if (char === '\r') return '\\r'
  if (char === '\t') return '\\t'
  const code = char.codePointAt(0)!
  if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`
  if (code <= 0xffff) return `\\u${code.toString(16).padStart(4, '0')}`
  return `\\U${code.toString(16).padStart(8, '0')}`
}

/** repr(str): single quotes unless the text holds a single quote and no double quote; unprintable characters escaped. */
export function pyRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'"
  let out = quote
  for (const char of text) {
    if (char === '\\') out += '\\\\'
    else if (char === quote) out += `\\${quote}`
    // Python's printable: every character but categories Cc, Cf, Cs, Co, Cn, Zl, Zp, Zs (except the space itself)
    else if (char !== ' ' && /[\p{C}\p{Z}]/u.test(char)) out += escapeChar(char)
    else out += char
  }
  return out + quote
}

/** repr(list[str]): ['a', 'b']. */
export function pyReprList(items: readonly string[]): string {
  return `[${items.map(pyRepr).join(', ')}]`
}
