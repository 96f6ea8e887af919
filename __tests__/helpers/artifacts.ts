// Runs the unmodified @actions/artifact client against a local ArtifactService; copies and tampers with a run's artifacts.
import { execFile, execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { ArtifactService } from '../../test/servers/artifact-service.js'
import { PYTHON, ROOT } from './action.js'

const run = promisify(execFile)
const CLIENT = join(ROOT, 'test', 'servers', 'artifact-client.mjs')

/** Runs the unmodified client in its own process, as an action would; returns its JSON answer. */
export async function artifactClient(service: ArtifactService, args: string[], env: Record<string, string> = {}): Promise<any> {
  const { stdout } = await run(process.execPath, [CLIENT, ...args], {
    cwd: ROOT,
    env: { PATH: process.env['PATH'] ?? '', ...service.environment(), ...env },
    maxBuffer: 64 * 1024 * 1024
  })
  return JSON.parse(stdout.trim().split('\n').pop() as string)
}

/** Copies run `from`'s artifacts into run `to` (as its build jobs), letting `change` edit each one's files first. */
export async function copyRunArtifacts(service: ArtifactService, from: number, to: number, change: (dir: string) => Promise<void>): Promise<void> {
  for (const artifact of service.runArtifacts(from)) {
    const dir = join(await mkdtemp(join(tmpdir(), 'pra-copy-')), artifact.name)
    await mkdir(dir)
    await artifactClient(service, ['download', String(artifact.id), dir], service.jobEnvironment(from, 'copier'))
    await change(dir)
    const files = (await readdir(dir)).map(name => join(dir, name))
    const job = artifact.name.replace(/^dists-/, '')
    await artifactClient(service, ['upload', artifact.name, dir, ...files], service.jobEnvironment(to, job))
    await rm(dir, { recursive: true, force: true })
  }
}

/**
 * The artifact's zip with `wheel` changed and its manifest's digests made to agree: one byte flipped (the
 * wheel no longer inspects), or a comment given to the wheel's zip ('comment': still a valid wheel, so only
 * the artifact service's own digest of the upload tells).
 */
export function tamperedZip(zip: Buffer, wheel: string, how: 'flip' | 'comment' = 'flip'): Buffer {
  const script = `
import hashlib, io, json, sys, zipfile
source = zipfile.ZipFile(io.BytesIO(sys.stdin.buffer.read()))
members = {name: source.read(name) for name in source.namelist()}
data = bytearray(members[sys.argv[1]])
if sys.argv[2] == 'comment':
    assert data[-22:-18] == b'PK\\x05\\x06' and data[-2:] == b'\\x00\\x00', 'the wheel has a zip comment already'
    data[-2:] = len(b'changed in storage').to_bytes(2, 'little') + b'changed in storage'
else:
    data[-30] ^= 1
data = bytes(data)
members[sys.argv[1]] = data
for name in members:
    if name.startswith('release-manifest'):
        manifest = json.loads(members[name])
        for entry in manifest['files']:
            if entry['filename'] == sys.argv[1]:
                entry.update(size=len(data), sha256=hashlib.sha256(data).hexdigest(), md5=hashlib.md5(data).hexdigest(), blake2b_256=hashlib.blake2b(data, digest_size=32).hexdigest())
        members[name] = json.dumps(manifest).encode()
out = io.BytesIO()
with zipfile.ZipFile(out, 'w') as target:
    for name, content in members.items():
        target.writestr(name, content)
sys.stdout.buffer.write(out.getvalue())
`
  return execFileSync(PYTHON, ['-c', script, wheel, how], { input: zip, maxBuffer: 64 * 1024 * 1024 })
}
