// Types for preflight.mjs (plain ESM, so that jest can load it as its globalSetup untransformed).
export interface Tool {
  kind: 'python' | 'module' | 'command'
  name: string
}
export interface SystemPackage {
  name: string
  provides: Tool[]
}
export interface Missing {
  package: string
  tool: string
  why: string
}
export const PACKAGE_LIST: string
export function readPackageList(file?: string): SystemPackage[]
export function findMissing(options?: { packages?: SystemPackage[]; python?: string; path?: string }): Missing[]
export function missingMessage(missing: Missing[], options?: { root?: boolean }): string
export default function preflight(): void
