// Runs the unmodified @actions/artifact client against a local ArtifactService.
import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { ArtifactService } from '../../test/servers/artifact-service.js'
import { ROOT } from './action.js'

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
