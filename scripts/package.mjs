// Bundles the action (dist/index.js), the command line (dist/cli/index.js) and the Redactor for the release
// script (dist/redact/index.js) with ncc.
// `node scripts/package.mjs [outdir]`: outdir defaults to dist; the staleness test bundles into a temp dir.
// The bundles are built beside outdir and then replace it whole, so no chunk of an earlier module graph
// is left behind (ncc writes its files but never deletes one).
import { execFileSync } from 'node:child_process'
import { existsSync, rmSync, renameSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const out = resolve(process.argv[2] ?? join(root, 'dist'))
const staging = `${out}.building-${process.pid}`
const ncc = join(root, 'node_modules', '.bin', 'ncc')
const bundle = (entry, dir, ...flags) => execFileSync(ncc, ['build', join(root, entry), '-o', dir, '--quiet', ...flags], { cwd: root, stdio: 'inherit' })

const previous = `${out}.previous-${process.pid}`
try {
  bundle('src/index.ts', staging, '--license', 'licenses.txt')
  bundle('src/bin.ts', join(staging, 'cli'))
  // the Redactor alone, for scripts/release-action.mjs (which runs with no node_modules, from the tagged dist/)
  bundle('src/report/redact.ts', join(staging, 'redact'))
  // the old bundle is set aside, not deleted, until the new one is in place (a rename can fail on Windows)
  if (existsSync(out)) renameSync(out, previous)
  try {
    renameSync(staging, out)
  } catch (error) {
    if (existsSync(previous)) renameSync(previous, out)
    throw error
  }
} finally {
  rmSync(staging, { recursive: true, force: true })
  rmSync(previous, { recursive: true, force: true })
}
