// Workflow-command injection end to end: every source of outside text (JUnit names and failure texts,
// coverage paths, bandit, SARIF and pip-audit findings, the changelog, pyproject fields, an index's error
// page) carries lines that the runner would obey, through the bundled action and the command line. No
// line of their output may be a command that is not ours. Then a fuzz run: random bytes and random
// Unicode through every report parser and every input into a certify run: no crash, no forged command,
// outputs written, in bounded time.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PyPIIndex } from '../test/servers/pypi-index.js'
import { INPUT_NAMES } from '../src/inputs.js'
import { OUTPUT_NAMES } from '../src/report/outputs.js'
import { PYTHON, ROOT, runAction, runCli, workspaceWith, type ActionRun } from './helpers/action.js'
import { FORGED, HOSTILE_LINES, forgedCommands, hostileBytes, hostileString, random, xmlText } from './helpers/hostile.js'

const SAMPLE = join(ROOT, 'examples', 'sample-project')
const TOML_STRING = (text: string): string => JSON.stringify(text).replace(/\\u([0-9a-f]{4})/g, '\\u$1')

/** The reports and project files of a workspace whose every text field carries HOSTILE_LINES. */
async function writeHostileProject(project: string): Promise<void> {
  const hostile = HOSTILE_LINES
  const cases = Array.from(
    { length: 14 },
    (_, n) =>
      `<testcase classname="tests.test_greeter${xmlText(hostile)}" name="test_${n}${xmlText(hostile)}" file="tests/test_greeter.py" line="${n + 1}">` +
      `<failure message="boom ${n}${xmlText(hostile)}">tests/test_greeter.py:${n + 1}: AssertionError${xmlText(hostile)}</failure></testcase>`
  )
  await writeFile(
    join(project, 'junit.xml'),
    `<?xml version="1.0"?><testsuites><testsuite name="pytest${xmlText(hostile)}">${cases.join('')}<testcase classname="t" name="ok"/></testsuite></testsuites>`
  )
  await writeFile(
    join(project, 'coverage.xml'),
    `<?xml version="1.0"?><coverage line-rate="0.5" branch-rate="0.5" version="7.4"><sources><source>src${xmlText(hostile)}</source></sources><packages><package name="p${xmlText(hostile)}" line-rate="0.5">` +
      `<classes><class name="m" filename="sample_greeter/${xmlText(hostile)}.py" line-rate="0.5"><lines><line number="1" hits="1"/><line number="2" hits="0"/></lines></class></classes></package></packages></coverage>`
  )
  const bandit = {
    errors: [{ filename: `src/x${hostile}.py`, reason: `syntax error${hostile}` }],
    generated_at: '2026-11-25T00:00:00Z',
    metrics: {},
    results: Array.from({ length: 12 }, (_, n) => ({
      filename: `src/sample_greeter/greeting.py${hostile}`,
      line_number: n + 1,
      test_id: 'B101',
      test_name: `assert_used${hostile}`,
      issue_severity: 'LOW',
      issue_confidence: 'HIGH',
      issue_text: `Use of assert detected.${hostile}`,
      more_info: `https://bandit.readthedocs.io/${hostile}`
    }))
  }
  await writeFile(join(project, 'bandit.json'), JSON.stringify(bandit))
  const sarif = {
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: { name: `Scanner${hostile}`, rules: [{ id: 'R1', shortDescription: { text: `rule${hostile}` }, defaultConfiguration: { level: 'note' } }] }
        },
        results: Array.from({ length: 12 }, (_, n) => ({
          ruleId: 'R1',
          level: 'note',
          message: { text: `finding ${n}${hostile}` },
          locations: [{ physicalLocation: { artifactLocation: { uri: `src/sample_greeter/greeting.py${hostile}` }, region: { startLine: n + 1 } } }]
        }))
      }
    ]
  }
  await writeFile(join(project, 'scan.sarif'), JSON.stringify(sarif))
  const audit = {
    dependencies: [
      {
        name: `requests${hostile}`,
        version: `2.0${hostile}`,
        vulns: [{ id: 'PYSEC-2023-74', fix_versions: [`9${hostile}`], aliases: [], description: `proxy headers${hostile}` }]
      }
    ]
  }
  await writeFile(join(project, 'audit.json'), JSON.stringify(audit))
  const changelog = await readFile(join(project, 'CHANGELOG.md'), 'utf8')
  await writeFile(join(project, 'CHANGELOG.md'), changelog.replace('### Fixed\n', `### Fixed\n${hostile}\n`))
  const pyproject = await readFile(join(project, 'pyproject.toml'), 'utf8')
  await writeFile(
    join(project, 'pyproject.toml'),
    pyproject
      .replace(/^description = .*$/m, `description = ${TOML_STRING(`Greetings${hostile}`)}`)
      .replace(/^Homepage = .*$/m, `${TOML_STRING(`Home${hostile}`)} = ${TOML_STRING(`https://example.org/${hostile}`)}`)
      .replace('authors = [{ name = "python-release-action developers" }]', `authors = [{ name = ${TOML_STRING(`dev${hostile}`)} }]`)
  )
}

describe('no text from outside becomes a workflow command', () => {
  let workspace: string
  let index: PyPIIndex
  beforeAll(async () => {
    const made = await workspaceWith(SAMPLE)
    workspace = made.workspace
    await writeHostileProject(made.project)
    index = await new PyPIIndex().start()
  })
  afterAll(async () => index.stop())

  const inputs = (): Record<string, string> => ({
    'project-dir': 'sub',
    python: PYTHON,
    'build-isolation': 'false',
    'junit-xml': 'sub/junit.xml',
    'min-pass-rate': '0',
    'coverage-report': 'sub/coverage.xml',
    'security-report': 'sub/bandit.json\nsub/scan.sarif\nsub/audit.json',
    'fail-on-severity': 'critical',
    // a vulnerable dependency fails at any threshold: accepted, so that the run goes on to the index
    'ignore-vulns': 'PYSEC-2023-74',
    'docs-required': '',
    targets: 'pypi',
    'repository-url': index.uploadUrl,
    password: index.userToken
  })

  it("through the bundled action: reports, changelog, pyproject, PyPI's rules quoting the metadata, and an index error page", async () => {
    // The hostile Summary (line breaks) and Project-URL label (over 32 characters) break PyPI's rules: preflight quotes them
    const refused: ActionRun = await runAction(workspace, inputs())
    expect(refused.code).toBe(1)
    expect(refused.annotations.some(a => a.level === 'error' && /'summary' must be a single line/.test(a.message))).toBe(true)
    expect(refused.annotations.some(a => a.level === 'error' && /must be 32 characters or less/.test(a.message) && a.message.includes(FORGED))).toBe(true)
    expect(index.uploads).toEqual([])
    expect(forgedCommands(refused.stdout, [index.userToken])).toEqual([])
    expect(forgedCommands(refused.stderr)).toEqual([])
    // metadata PyPI takes (the hostile text in the author's name only) goes on to the index, whose error page is hostile too
    const pyproject = join(workspace, 'sub', 'pyproject.toml')
    await writeFile(
      pyproject,
      (await readFile(pyproject, 'utf8'))
        .replace(/^description = .*$/m, 'description = "Greetings"')
        .replace(/^".*" = ".*"$/m, 'Homepage = "https://example.org/"')
    )
    index.inject({ on: 'upload', status: 403, page: `<html><body>Forbidden${HOSTILE_LINES}</body></html>`, times: 99 })
    const run: ActionRun = await runAction(workspace, inputs())
    // the text did reach every sink: the log, the annotations (escaped), the summary
    expect(run.stdout.split(FORGED).length).toBeGreaterThan(50)
    expect(run.annotations.some(a => a.message.includes(`\n::add-mask::${FORGED}`))).toBe(true)
    expect(JSON.parse(run.outputs['published'] ?? '[]')).toEqual([expect.objectContaining({ target: 'pypi', status: 'failed' })])
    expect(run.stdout).toContain('Forbidden')
    expect(forgedCommands(run.stdout, [index.userToken])).toEqual([])
    expect(forgedCommands(run.stderr)).toEqual([])
  })

  it('through the command line, its report and its log', async () => {
    const args = [
      '--project-dir',
      'sub',
      '--python',
      PYTHON,
      '--build-isolation',
      'false',
      '--junit-xml',
      'sub/junit.xml',
      '--min-pass-rate',
      '0',
      '--coverage-report',
      'sub/coverage.xml',
      '--security-report',
      'sub/bandit.json,sub/scan.sarif,sub/audit.json',
      '--fail-on-severity',
      'critical',
      '--ignore-vulns',
      'PYSEC-2023-74',
      '--docs-required',
      '',
      '--targets',
      'local',
      '--local-dir',
      join(await mkdtemp(join(tmpdir(), 'pra-cli-')), 'release'),
      '--verbose'
    ]
    for (const json of [false, true]) {
      const result = await runCli(workspace, json ? [...args, '--json'] : args)
      expect(result.code).toBe(0)
      expect(`${result.stdout}${result.stderr}`.split(FORGED).length).toBeGreaterThan(20)
      expect(forgedCommands(result.stdout)).toEqual([])
      expect(forgedCommands(result.stderr)).toEqual([])
      // the JSON still reads back to the text that came in
      if (json) expect(JSON.stringify(JSON.parse(result.stdout))).toContain('##[add-mask]FORGED')
    }
  })
})

describe('fuzz: random bytes and Unicode through every report parser and every input', () => {
  const seed = Number(process.env['FUZZ_SEED'] ?? 740)
  let workspace: string
  beforeAll(async () => {
    workspace = (await workspaceWith(SAMPLE)).workspace
  })

  /** A certify-only run: never a crash, never a forged command, every output written, and an end. */
  async function certify(given: Record<string, string>, label: string): Promise<void> {
    const run = await runAction(workspace, { 'project-dir': 'sub', stages: 'certify', targets: 'local', 'docs-required': '', ...given }, { FUZZ_CASE: label })
    const where = `${label} (FUZZ_SEED=${seed})`
    expect({ where, code: run.code === 0 || run.code === 1 }).toEqual({ where, code: true })
    const secrets = ['password', 'testpypi-password', 'github-token'].flatMap(name => (given[name]?.trim() ? [given[name].trim()] : []))
    expect({ where, forged: forgedCommands(run.stdout, secrets) }).toEqual({ where, forged: [] })
    expect({ where, crash: run.annotations.filter(a => a.properties['title'] === 'python-release-action failed' || /\n\s+at /.test(a.message)) }).toEqual({
      where,
      crash: []
    })
    expect({ where, stack: /^\s+at .+\(.+:\d+:\d+\)$/m.test(run.stdout + run.stderr) }).toEqual({ where, stack: false })
    expect({ where, outputs: Object.keys(run.outputs).sort() }).toEqual({ where, outputs: [...OUTPUT_NAMES].sort() })
  }

  it('report files of random bytes and of random text in every field', async () => {
    const next = random(seed)
    for (let round = 0; round < 6; round++) {
      const dir = await mkdtemp(join(workspace, 'fuzz-'))
      const name = (file: string): string => join(dir, file)
      await writeFile(
        name('junit.xml'),
        round % 2
          ? hostileBytes(next, 2000)
          : `<testsuites><testsuite name="${xmlText(hostileString(next))}"><testcase classname="${xmlText(hostileString(next))}" name="${xmlText(hostileString(next))}"><failure message="${xmlText(hostileString(next))}">${xmlText(hostileString(next, 40))}</failure></testcase></testsuite></testsuites>`
      )
      await writeFile(
        name('coverage.xml'),
        round % 2
          ? hostileBytes(next, 2000)
          : `<coverage line-rate="${hostileString(next, 2)}"><packages><package name="x"><classes><class filename="${xmlText(hostileString(next))}" line-rate="0.5"><lines><line number="1" hits="0"/></lines></class></classes></package></packages></coverage>`
      )
      await writeFile(
        name('coverage.lcov'),
        round % 2 ? hostileBytes(next, 500) : `SF:${hostileString(next)}\nDA:1,0\nLF:${hostileString(next, 2)}\nend_of_record\n`
      )
      await writeFile(
        name('bandit.json'),
        round % 2
          ? hostileBytes(next, 500)
          : JSON.stringify({
              metrics: {},
              results: [
                {
                  filename: hostileString(next),
                  line_number: hostileString(next, 2),
                  test_id: hostileString(next, 3),
                  issue_severity: hostileString(next, 2),
                  issue_text: hostileString(next, 30)
                }
              ]
            })
      )
      await writeFile(
        name('scan.sarif'),
        round % 2
          ? hostileBytes(next, 500)
          : JSON.stringify({
              version: '2.1.0',
              runs: [
                {
                  tool: { driver: { name: hostileString(next) } },
                  results: [
                    {
                      ruleId: hostileString(next),
                      level: 'error',
                      message: { text: hostileString(next, 30) },
                      locations: [{ physicalLocation: { artifactLocation: { uri: hostileString(next) }, region: { startLine: next() * 1e9 } } }]
                    }
                  ]
                }
              ]
            })
      )
      await writeFile(
        name('audit.json'),
        round % 2
          ? hostileBytes(next, 500)
          : JSON.stringify({
              dependencies: [
                {
                  name: hostileString(next),
                  version: hostileString(next),
                  vulns: [{ id: 'PYSEC-1', description: hostileString(next, 30), fix_versions: [hostileString(next)] }]
                }
              ]
            })
      )
      const rel = dir.slice(workspace.length + 1)
      await certify({ 'junit-xml': `${rel}/junit.xml`, 'min-pass-rate': '0' }, `round ${round}: junit`)
      await certify({ 'coverage-report': `${rel}/coverage.${round % 3 ? 'xml' : 'lcov'}` }, `round ${round}: coverage`)
      await certify({ 'security-report': `${rel}/bandit.json\n${rel}/scan.sarif\n${rel}/audit.json` }, `round ${round}: security`)
    }
  }, 300_000)

  it('every input given random Unicode', async () => {
    const next = random(seed + 1)
    // stages and targets stay a certify-only run: a random stage list is a usage error anyway
    for (const name of INPUT_NAMES) {
      // an environment variable cannot hold NUL, so no runner can pass one
      const value = hostileString(next).replace(/\u0000/g, '')
      await certify({ [name]: value }, `input ${name}=${JSON.stringify(value)}`)
    }
  }, 300_000)
})
