// Real builds of the sample project for the publish targets' tests: hatchling through Debian's
// `python -m build`, so a rebuild with another SOURCE_DATE_EPOCH has new bytes and the same members.
import { spawn } from 'node:child_process'
import { cp, mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describeArtifact } from '../../src/build/builder.js'
import type { BuildArtifact } from '../../src/types.js'
import { PYTHON, ROOT } from './action.js'

const SAMPLE = join(ROOT, 'examples', 'sample-project')

/** Builds the sample project (optionally changed) with a given SOURCE_DATE_EPOCH; the described files, wheel first. */
export async function buildSample(epoch: string, change?: (project: string) => Promise<void>): Promise<BuildArtifact[]> {
  const work = await mkdtemp(join(tmpdir(), 'pra-build-'))
  const project = join(work, 'project')
  await cp(SAMPLE, project, { recursive: true, filter: source => !/(__pycache__|\.pytest_cache|\/dist$|\/reports$)/.test(source) })
  if (change) await change(project)
  const out = join(work, 'dist')
  const built = await new Promise<{ code: number | null; stderr: string }>(resolve => {
    const child = spawn(PYTHON, ['-m', 'build', '--no-isolation', '--skip-dependency-check', '--outdir', out, project], {
      env: { ...process.env, SOURCE_DATE_EPOCH: epoch }
    })
    let stderr = ''
    child.stderr.on('data', chunk => (stderr += chunk))
    child.on('close', code => resolve({ code, stderr }))
  })
  if (built.code !== 0) throw new Error(built.stderr)
  const files = (await readdir(out)).sort((a, b) => Number(b.endsWith('.whl')) - Number(a.endsWith('.whl')))
  return Promise.all(files.map(file => describeArtifact(join(out, file))))
}

/**
 * Three builds of version 0.3.1: `first`; `rebuilt` at another time (new bytes, the same members: a
 * re-run's rebuild); `changed` with a source file edited (the same names, other members).
 */
export async function buildReleases(): Promise<{ first: BuildArtifact[]; rebuilt: BuildArtifact[]; changed: BuildArtifact[] }> {
  const [first, rebuilt, changed] = await Promise.all([
    buildSample('1700000000'),
    buildSample('1710000000'),
    buildSample('1700000000', async project => {
      const init = join(project, 'src', 'sample_greeter', '__init__.py')
      await writeFile(init, `${await readFile(init, 'utf8')}\n# changed after the release\n`)
    })
  ])
  return { first, rebuilt, changed }
}
