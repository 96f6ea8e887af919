import { describe, expect, it } from '@jest/globals'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ProjectError, readProject, versionLine } from '../src/project.js'

async function project(toml: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'pra-project-'))
  await writeFile(join(dir, 'pyproject.toml'), toml)
  return dir
}

describe('readProject', () => {
  it('reads name, static version, readme, license, requires-python and the backend', async () => {
    const dir = await project(`
[build-system]
requires = ["hatchling"]
build-backend = "hatchling.build"

[project]
name = "demo-pkg"
version = "1.2.3"
readme = "README.md"
license = { text = "MIT" }
requires-python = ">=3.9"
`)
    const read = await readProject(dir)
    expect(read).toMatchObject({
      name: 'demo-pkg',
      version: '1.2.3',
      dynamicVersion: false,
      readme: 'README.md',
      license: 'MIT',
      requiresPython: '>=3.9',
      buildBackend: 'hatchling.build',
      buildRequires: ['hatchling']
    })
    expect(await versionLine(read.pyprojectPath)).toBe(8)
  })

  it('knows a dynamic version', async () => {
    const dir = await project(`[project]\nname = "scm-pkg"\ndynamic = ["version"]\nreadme = { file = "README.rst", content-type = "text/x-rst" }\n`)
    expect(await readProject(dir)).toMatchObject({ version: undefined, dynamicVersion: true, readme: 'README.rst' })
  })

  it('names the input when pyproject.toml is missing', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'pra-empty-'))
    await expect(readProject(dir)).rejects.toThrow(/Input 'project-dir': no pyproject.toml in/)
    await expect(readProject(join(dir, 'nope'))).rejects.toThrow(/Input 'project-dir': .* is not a directory/)
  })

  it('gives the line of invalid TOML', async () => {
    const dir = await project('[project]\nname = "x"\nversion = \n')
    const error = (await readProject(dir).then(() => undefined, (e: unknown) => e)) as ProjectError
    expect(error).toBeInstanceOf(ProjectError)
    expect(error.line).toBe(3)
    expect(error.message).toMatch(/is not valid TOML: .*\(line 3, column \d+\)/)
  })
})
