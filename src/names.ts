// Project names as Python packaging compares them.

/** PEP 503 normalization: lower case, runs of -, _ and . become one -. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-')
}

/** The project name a PEP 508 requirement starts with ("requests[socks]>=2; …" → "requests"), or undefined. */
export function requirementName(requirement: string): string | undefined {
  return /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(requirement)?.[1]
}
