// Regenerates the data PyPI judges classifiers and license expressions with (src/warehouse/data/), from the
// Python packages warehouse itself imports: trove-classifiers (all_classifiers, deprecated_classifiers) and
// packaging (licenses/_spdx.py: LICENSES, EXCEPTIONS). The data is read by Python from the package, never
// copied by hand, and the source (package, version, file, sha256; for packaging also the sha256 of _spdx.py)
// is recorded beside it. packaging is the release warehouse pins (PACKAGING_PIN), not the newest: PyPI
// judges License-Expression with that one.
//
// Usage: node scripts/refresh-pypi-data.mjs [--check] [--trove SOURCE] [--packaging SOURCE] [--python PATH]
//                                           [--only trove|packaging] [--data DIR]
//   SOURCE  a wheel (.whl), a directory that holds the package and its .dist-info (a site-packages),
//           for packaging also a source tree's src/ (e.g. a checkout of its git tag 26.2: the version is then
//           packaging.__version__), or pip:REQUIREMENT (`python -m pip download`, needs an index), e.g.
//           pip:trove-classifiers to take the newest. Default: trove-classifiers at the version the committed
//           data records; packaging at PACKAGING_PIN.
//   --check     writes nothing; exits 1 with a summary of the differences when the committed data is not
//               what the sources give (version, classifiers, deprecations, SPDX ids).
//   --python    the interpreter that reads the packages (default: $PYTHON or python3); it imports them
//               from SOURCE only (-I -S: no site-packages of its own).
//   --only      one of the two data files (trove: classifiers.json, packaging: spdx.json).
//   --data      the data directory (default src/warehouse/data; the tests check a copy with one change).
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { basename, dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const DATA_DIR = join(root, 'src', 'warehouse', 'data')
// warehouse's pin (requirements/main.txt:1551 at 6b62157124ab: packaging==26.2); move it when warehouse does.
export const PACKAGING_PIN = '26.2'

// Runs in the chosen interpreter with SOURCE first on sys.path; prints the package's data as JSON.
const EXTRACT = `
import importlib.metadata, json, os, sys
kind, source = sys.argv[1], sys.argv[2]
sys.path.insert(0, source)
if kind == "trove":
    name = "trove-classifiers"
    import trove_classifiers as module
    listed = getattr(module, "sorted_classifiers", None) or sorted(module.classifiers)
    content = {
        "classifiers": list(listed),
        "deprecated": {k: list(v) for k, v in module.deprecated_classifiers.items()},
    }
    extra = {}
else:
    name = "packaging"
    from packaging.licenses import _spdx as module
    def table(entries):
        return {k: {"id": v["id"], "deprecated": bool(v["deprecated"])} for k, v in entries.items()}
    content = {"licenses": table(module.LICENSES), "exceptions": table(module.EXCEPTIONS)}
    extra = {"spdxVersion": module.VERSION}
import hashlib
module_sha256 = hashlib.sha256(module.__loader__.get_data(module.__file__)).hexdigest()
if not os.path.abspath(module.__file__).startswith(os.path.abspath(source)):
    sys.exit(f"{module.__name__} was imported from {module.__file__}, not from {source}")
versions = [d.version for d in importlib.metadata.distributions(name=name, path=[source])]
if not versions and name == "packaging" and os.path.isdir(source):
    import packaging  # a source tree (src/ of a git checkout) has no .dist-info
    versions = [packaging.__version__]
if len(versions) != 1:
    sys.exit(f"{source}: expected one {name} distribution, found {versions}")
print(json.dumps({"version": versions[0], "moduleSha256": module_sha256, "extra": extra, "content": content}))
`

/** The digest the data records over its lists (src/warehouse/data/*.json `contentSha256`). */
export function contentDigest(content) {
  return createHash('sha256').update(JSON.stringify(content)).digest('hex')
}

function sha256File(file) {
  return createHash('sha256').update(readFileSync(file)).digest('hex')
}

/** Turns a SOURCE into a local path (downloading with pip when asked); returns { path, cleanup }. */
function localSource(spec, python) {
  if (!spec.startsWith('pip:')) return { path: resolve(spec), cleanup: () => {} }
  const dir = mkdtempSync(join(tmpdir(), 'refresh-pypi-data-'))
  execFileSync(python, ['-m', 'pip', 'download', '--quiet', '--no-deps', '--only-binary=:all:', '--dest', dir, spec.slice(4)], {
    stdio: ['ignore', 'inherit', 'inherit']
  })
  const wheels = readdirSync(dir).filter(f => f.endsWith('.whl'))
  if (wheels.length !== 1) throw new Error(`pip download ${spec.slice(4)} gave ${wheels.length} wheels`)
  return { path: join(dir, wheels[0]), cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

/** Reads one package's data: { source, extra, content }. */
export function extract(kind, spec, python) {
  const { path, cleanup } = localSource(spec, python)
  try {
    const out = execFileSync(python, ['-I', '-S', '-c', EXTRACT, kind, path], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    const { version, moduleSha256, extra, content } = JSON.parse(out)
    const source = { package: kind === 'trove' ? 'trove-classifiers' : 'packaging', version }
    if (statSync(path).isFile()) Object.assign(source, { file: basename(path), sha256: sha256File(path) })
    // a directory's path is this machine's; the module's digest says what was read
    if (kind === 'packaging') Object.assign(source, { module: 'packaging/licenses/_spdx.py', moduleSha256 })
    return { source, extra, content }
  } finally {
    cleanup()
  }
}

/** The data file's text: a key per line, one list item (or table entry) per line, so a refresh diffs well. */
function render({ source, extra, content }) {
  const lines = ['{', `  "source": ${JSON.stringify(source)},`]
  for (const [key, value] of Object.entries(extra)) lines.push(`  ${JSON.stringify(key)}: ${JSON.stringify(value)},`)
  lines.push(`  "contentSha256": ${JSON.stringify(contentDigest(content))},`)
  const parts = Object.entries(content)
  parts.forEach(([key, value], index) => {
    const items = Array.isArray(value) ? value.map(v => JSON.stringify(v)) : Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`)
    const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}']
    lines.push(
      `  ${JSON.stringify(key)}: ${open}`,
      ...items.map((item, i) => `    ${item}${i < items.length - 1 ? ',' : ''}`),
      `  ${close}${index < parts.length - 1 ? ',' : ''}`
    )
  })
  lines.push('}', '')
  return lines.join('\n')
}

/** What differs between the committed data and the package's, one line each (empty: the same). */
export function differences(committed, fresh) {
  const out = []
  const { package: name } = fresh.source
  if (committed.source?.version !== fresh.source.version) out.push(`${name}: committed ${committed.source?.version}, source ${fresh.source.version}`)
  if (fresh.source.sha256 && committed.source?.file === fresh.source.file && committed.source?.sha256 !== fresh.source.sha256) {
    out.push(`${name}: ${fresh.source.file} has sha256 ${fresh.source.sha256}, the data records ${committed.source?.sha256}`)
  }
  if (fresh.source.moduleSha256 && committed.source?.moduleSha256 !== fresh.source.moduleSha256) {
    out.push(`${name}: ${fresh.source.module} has sha256 ${fresh.source.moduleSha256}, the data records ${committed.source?.moduleSha256}`)
  }
  for (const [key, value] of Object.entries(fresh.extra)) if (committed[key] !== value) out.push(`${name}: ${key} committed ${committed[key]}, source ${value}`)
  if (committed.contentSha256 !== contentDigest(committed.content)) out.push(`${name}: contentSha256 does not match the committed lists`)
  for (const [key, value] of Object.entries(fresh.content)) {
    const mine = committed.content[key] ?? (Array.isArray(value) ? [] : {})
    const show = list =>
      list
        .slice(0, 5)
        .map(v => JSON.stringify(v))
        .join(', ') + (list.length > 5 ? `, … (${list.length})` : '')
    const [theirs, ours] = Array.isArray(value) ? [value, mine] : [Object.keys(value), Object.keys(mine)]
    const [theirSet, ourSet] = [new Set(theirs), new Set(ours)]
    const added = theirs.filter(k => !ourSet.has(k))
    const removed = ours.filter(k => !theirSet.has(k))
    const changed = Array.isArray(value) ? [] : theirs.filter(k => Object.hasOwn(mine, k) && JSON.stringify(mine[k]) !== JSON.stringify(value[k]))
    if (added.length) out.push(`${name} ${key}: missing from the data: ${show(added)}`)
    if (removed.length) out.push(`${name} ${key}: not in the source: ${show(removed)}`)
    if (changed.length) out.push(`${name} ${key}: changed: ${show(changed)}`)
    if (!added.length && !removed.length && !changed.length && JSON.stringify(mine) !== JSON.stringify(value))
      out.push(`${name} ${key}: same entries, different order`)
  }
  return out
}

function readCommitted(file, contentKeys) {
  const data = JSON.parse(readFileSync(file, 'utf8'))
  return { ...data, content: Object.fromEntries(contentKeys.map(k => [k, data[k]])) }
}

function parseArgs(argv) {
  const options = { check: false, python: process.env.PYTHON ?? 'python3', data: DATA_DIR }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--check') options.check = true
    else if (['--trove', '--packaging', '--python', '--only', '--data'].includes(arg) && argv[i + 1] !== undefined) options[arg.slice(2)] = argv[++i]
    else
      throw new Error(
        `unknown argument '${arg}' (usage: refresh-pypi-data.mjs [--check] [--trove SOURCE] [--packaging SOURCE] [--python PATH] [--only trove|packaging] [--data DIR])`
      )
  }
  return options
}

function committedVersion(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8')).source.version
  } catch {
    return undefined
  }
}

function main() {
  const options = parseArgs(process.argv.slice(2))
  if (options.only !== undefined && !['trove', 'packaging'].includes(options.only)) throw new Error(`--only takes trove or packaging, not '${options.only}'`)
  const targets = [
    { kind: 'trove', file: join(options.data, 'classifiers.json'), keys: ['classifiers', 'deprecated'], pkg: 'trove-classifiers' },
    { kind: 'packaging', file: join(options.data, 'spdx.json'), keys: ['licenses', 'exceptions'], pkg: 'packaging', version: PACKAGING_PIN }
  ].filter(target => options.only === undefined || target.kind === options.only)
  const problems = []
  for (const target of targets) {
    const pinned = target.version ?? committedVersion(target.file)
    const spec = options[target.kind] ?? `pip:${target.pkg}${pinned ? `==${pinned}` : ''}`
    const fresh = extract(target.kind, spec, options.python)
    if (options.check) {
      problems.push(...differences(readCommitted(target.file, target.keys), fresh))
    } else {
      writeFileSync(target.file, render(fresh))
      process.stdout.write(`${relative(root, target.file)}: ${fresh.source.package} ${fresh.source.version}\n`)
    }
  }
  if (options.check) {
    if (problems.length === 0) {
      process.stdout.write(`${relative(root, options.data)} is what the packages give\n`)
      return
    }
    process.stderr.write(
      `${relative(root, options.data)} is not what the packages give (run node scripts/refresh-pypi-data.mjs with the same sources):\n${problems.map(p => `  - ${p}`).join('\n')}\n`
    )
    process.exitCode = 1
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main()
