// How Python shows values in the messages the local servers reproduce word for word (warehouse's, pydantic's):
// repr() of a string, of a parsed JSON value, and a value's type name.

/** Python's repr of a string. */
export const pyRepr = (text: string): string =>
  text.includes("'") && !text.includes('"') ? `"${text}"` : `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`

/** Python's repr of a parsed JSON value: how pydantic shows an input it refused. */
export function pyValue(value: unknown): string {
  if (value === null) return 'None'
  if (typeof value === 'boolean') return value ? 'True' : 'False'
  if (typeof value === 'string') return pyRepr(value)
  if (Array.isArray(value)) return `[${value.map(pyValue).join(', ')}]`
  if (typeof value === 'object')
    return `{${Object.entries(value)
      .map(([key, item]) => `${pyRepr(key)}: ${pyValue(item)}`)
      .join(', ')}}`
  return String(value)
}

/** The name of a parsed JSON value's Python type. */
export const pyType = (value: unknown): string =>
  value === null
    ? 'NoneType'
    : Array.isArray(value)
      ? 'list'
      : typeof value === 'object'
        ? 'dict'
        : typeof value === 'string'
          ? 'str'
          : typeof value === 'boolean'
            ? 'bool'
            : Number.isInteger(value)
              ? 'int'
              : 'float'
