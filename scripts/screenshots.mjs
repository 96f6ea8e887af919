// `npm run screenshots`: the pictures of the job summary in README.md (docs/images/summary-*.png), made the way
// a reader sees it. Three real runs of the bundle (dist/index.js; run `npm run package` after changing src/)
// write their summaries (__tests__/helpers/summaries.ts: a release that ships, a release whose tests failed,
// the publish job of a build matrix); each is rendered as GitHub renders a job summary, GitHub-flavoured
// Markdown (marked, gfm) in GitHub's own Markdown styles (github-markdown-css, light), and photographed
// by headless Chromium (Debian's `chromium`; CHROMIUM=/path/to/chrome to use another). Not run in CI: the
// tests check the rendered HTML (the text, its order, its escaping), not pixels.
//   node scripts/screenshots.mjs [outdir]      outdir defaults to docs/images
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { marked } from 'marked'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const out = resolve(process.argv[2] ?? join(root, 'docs', 'images'))
/** The width of the summary's column on a run's page at GitHub's usual layout (the Markdown box, in CSS pixels). */
const WIDTH = 1012
/** The most a picture may be tall: a longer summary is cut (its first screens are what the picture is for). */
const MAX_HEIGHT = 4000
const TITLES = {
  'passing-release': 'release summary',
  'failed-certification': 'release summary',
  'matrix-publish': 'publish summary'
}

function findChromium() {
  const candidates = [process.env['CHROMIUM'], '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter(Boolean)
  const found = candidates.find(path => existsSync(path))
  if (!found) {
    console.error(
      'screenshots: no Chromium found (tried ' +
        candidates.join(', ') +
        '). On Debian or Ubuntu: sudo apt-get install -y chromium fonts-noto-color-emoji fonts-liberation2; or set CHROMIUM to a Chrome binary.'
    )
    process.exit(1)
  }
  return found
}

/** A job summary as its own page: GitHub's Markdown styles in a box like the one a run's page shows it in. */
function summaryPage(markdown, title) {
  const css = readFileSync(join(root, 'node_modules', 'github-markdown-css', 'github-markdown-light.css'), 'utf8')
  const body = marked.parse(markdown, { gfm: true, async: false })
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<style>${css}</style>
<style>
  html, body { margin: 0; background: #f6f8fa; }
  .box { box-sizing: border-box; width: ${WIDTH - 32}px; margin: 16px; background: #ffffff; border: 1px solid #d1d9e0; border-radius: 6px; }
  .box > header { padding: 12px 16px; border-bottom: 1px solid #d1d9e0; font: 600 14px -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; color: #1f2328; }
  .markdown-body { padding: 16px 24px 24px; }
</style></head>
<body><div class="box"><header>${title}</header><article class="markdown-body">
${body}
</article></div>
<script>addEventListener('load', () => { document.title = 'height:' + Math.ceil(document.documentElement.scrollHeight) })</script>
</body></html>
`
}

function chromium(binary, profile, args) {
  return execFileSync(
    binary,
    ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', '--force-device-scale-factor=1', `--user-data-dir=${profile}`, ...args],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 1024 * 1024 }
  )
}

/** The page's height, as the page itself measured it once loaded (Chromium's --screenshot takes the window only). */
function pageHeight(binary, profile, url) {
  const dom = chromium(binary, profile, [`--window-size=${WIDTH},800`, '--virtual-time-budget=2000', '--dump-dom', url])
  const height = Number(/<title>height:(\d+)<\/title>/.exec(dom)?.[1])
  if (!height) throw new Error(`screenshots: Chromium did not report the height of ${url}`)
  return Math.min(height, MAX_HEIGHT)
}

const binary = findChromium()
if (!existsSync(join(root, 'dist', 'index.js'))) {
  console.error('screenshots: dist/index.js is missing; run npm run package first')
  process.exit(1)
}
const work = mkdtempSync(join(tmpdir(), 'pra-screenshots-'))
const runs = join(root, 'node_modules', `.screenshots-runs-${process.pid}`)
try {
  // the runs: their helpers and the test servers are TypeScript, bundled with ncc as bench/ does, two levels
  // below the repository as the helpers are (helpers/action.ts finds the repository from its own directory)
  console.log('== Running the three releases (dist/index.js)')
  execFileSync(join(root, 'node_modules', '.bin', 'ncc'), ['build', join(root, 'scripts', 'screenshots-runs.ts'), '-o', runs, '--quiet'], {
    cwd: root,
    stdio: 'inherit'
  })
  const summaries = join(work, 'summaries')
  mkdirSync(summaries)
  const codes = execFileSync(process.execPath, [join(runs, 'index.js'), summaries], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
  console.log(`exit codes: ${codes.trim()}`)

  mkdirSync(out, { recursive: true })
  const profile = join(work, 'profile')
  for (const [name, title] of Object.entries(TITLES)) {
    const markdown = readFileSync(join(summaries, `${name}.md`), 'utf8')
    if (!markdown.trim()) throw new Error(`screenshots: the ${name} run wrote no summary`)
    const page = join(work, `${name}.html`)
    writeFileSync(page, summaryPage(markdown, title))
    const url = pathToFileURL(page).href
    const height = pageHeight(binary, profile, url)
    const png = join(out, `summary-${name}.png`)
    chromium(binary, profile, [`--window-size=${WIDTH},${height}`, '--virtual-time-budget=2000', `--screenshot=${png}`, url])
    console.log(`${png.slice(root.length + 1)}: ${WIDTH}x${height}, ${Math.round(statSync(png).size / 1024)} KiB`)
  }
} finally {
  rmSync(work, { recursive: true, force: true })
  rmSync(runs, { recursive: true, force: true })
}
