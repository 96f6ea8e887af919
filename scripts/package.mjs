// Bundles the action (dist/index.js) and the command line (dist/cli/index.js) with ncc.
// `node scripts/package.mjs [outdir]`: outdir defaults to dist; the staleness test bundles into a temp dir.
import { execFileSync } from 'node:child_process'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const out = resolve(process.argv[2] ?? join(root, 'dist'))
const ncc = join(root, 'node_modules', '.bin', 'ncc')
const bundle = (entry, dir, ...flags) => execFileSync(ncc, ['build', join(root, entry), '-o', dir, '--quiet', ...flags], { cwd: root, stdio: 'inherit' })

bundle('src/index.ts', out, '--license', 'licenses.txt')
bundle('src/bin.ts', join(out, 'cli'))
