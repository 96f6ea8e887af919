// PyPI's YARA scan of uploads (warehouse/utils/scanner.py with utils/scanner_rules/*.yar): Python sources (.py) and
// SourceDefender files (.pye) up to 5 MiB are matched against the rules; the first member that matches refuses the
// upload with the rule's `message`. The rules are plain text strings with `any of them` / `all of them`, so a
// substring search is the same match yara-x makes.

/** A rule of warehouse/utils/scanner_rules, as data: its strings and its condition. */
export interface ScanRule {
  identifier: string
  /** The rule's `message` metadata: PyPI's answer when it matches. */
  message: string
  strings: string[]
  condition: 'any' | 'all'
  /** Where the rule is written, for the Breach's source. */
  source: string
}

// Compiled in sorted file order (scanner.py compile_rules), so a member matching both reports pyarmor's.
export const SCAN_RULES: readonly ScanRule[] = [
  {
    identifier: 'pyarmor_encrypted',
    message: 'PyArmor-encrypted content is not allowed. See https://pypi.org/policy/acceptable-use-policy/ for more information.',
    strings: ['__pyarmor__(__name__, __file__,', '__pyarmor_enter__', '__pyarmor_exit__', '__pyarmor_assert__', '__pyarmor_bcc__'],
    condition: 'any',
    source: 'warehouse/utils/scanner_rules/pyarmor.yar:1'
  },
  {
    identifier: 'sourcedefender_encrypted',
    message: 'SourceDefender-encrypted content is not allowed. See https://pypi.org/policy/acceptable-use-policy/ for more information.',
    strings: ['---BEGIN PYE FILE---', '---END PYE FILE---'],
    condition: 'all',
    source: 'warehouse/utils/scanner_rules/sourcedefender.yar:1'
  }
]

/** _SCAN_MAX_FILE_SIZE: larger members are read but not scanned. */
export const SCAN_MAX_FILE_SIZE = 5 * 1024 * 1024
/** _BULK_SCAN_MAX_TOTAL: past this much scanned content, members are matched one by one as they are read. */
const BULK_SCAN_MAX_TOTAL = 50 * 1024 * 1024

/** PurePosixPath(name).suffix (Python 3.14: leading dots are not a suffix). */
export function pathSuffix(name: string): string {
  const parts = name.split('/').filter(part => part !== '' && part !== '.')
  const last = (parts[parts.length - 1] ?? '').replace(/^\.+/, '')
  const dot = last.lastIndexOf('.')
  return dot === -1 ? '' : last.slice(dot)
}

/** Whether warehouse scans a member of this name (_SCAN_EXTENSIONS, compared lower-cased). */
export function isScanned(name: string): boolean {
  const suffix = pathSuffix(name).toLowerCase()
  return suffix === '.py' || suffix === '.pye'
}

/** The text every string of an `any` rule starts with (pyarmor's five all start '__pyarmor'), searched first. */
function commonPrefix(strings: readonly string[]): string {
  let prefix = strings[0] ?? ''
  for (const text of strings) while (!text.startsWith(prefix)) prefix = prefix.slice(0, -1)
  return prefix
}
const PREFIXES = new Map(SCAN_RULES.map(rule => [rule, rule.condition === 'any' ? commonPrefix(rule.strings) : '']))

/** The first rule whose condition holds for `data`. */
export function matchingRule(data: Uint8Array): ScanRule | null {
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength)
  const found = (text: string): boolean => bytes.includes(text, 0, 'latin1')
  for (const rule of SCAN_RULES) {
    // one search over a source that holds none of a rule's strings, not one per string (sources are most of a wheel)
    const prefix = PREFIXES.get(rule)!
    if (prefix.length >= 4 && !found(prefix)) continue
    if (rule.condition === 'any' ? rule.strings.some(found) : rule.strings.every(found)) return rule
  }
  return null
}

export interface ScanMatch {
  rule: ScanRule
  member: string
}

/**
 * check_members' order, kept without holding members: below 50 MiB of scanned content nothing is decided until every
 * member was read (a read error later on wins); past it, each member is matched as soon as it is read.
 */
export class MemberScan {
  private pending: ScanMatch | null = null
  private total = 0
  private overflow = false
  private decided: ScanMatch | null = null

  /** One member as the archive yields it, with the rule its content matches (matchingRule). Returns a match once decided. */
  add(member: string, size: number, rule: ScanRule | null): ScanMatch | null {
    if (this.decided) return this.decided
    if (size > SCAN_MAX_FILE_SIZE) return null
    const match = rule ? { rule, member } : null
    if (this.overflow) {
      if (match) this.decided = match
      return match
    }
    this.pending ??= match
    this.total += size
    if (this.total > BULK_SCAN_MAX_TOTAL) {
      this.overflow = true
      this.decided = this.pending
      return this.pending
    }
    return null
  }

  /** After the last member: the first member that matched, if any. */
  finish(): ScanMatch | null {
    return this.decided ?? this.pending
  }
}
