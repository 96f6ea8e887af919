// The part of picomatch 4 (which has no types of its own) that certify/globs.ts uses.
declare module 'picomatch' {
  interface PicomatchOptions {
    dot?: boolean
    windows?: boolean
    nocase?: boolean
  }
  interface ScanResult {
    base: string
    glob: string
    isGlob: boolean
    negated: boolean
  }
  interface Picomatch {
    (glob: string | string[], options?: PicomatchOptions): (path: string) => boolean
    scan(pattern: string, options?: PicomatchOptions): ScanResult
  }
  const picomatch: Picomatch
  export default picomatch
}
