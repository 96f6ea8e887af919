import { describe, expect, it } from '@jest/globals'
import { getInputs, INPUT_DEFAULTS, UsageError, type InputName } from '../src/inputs.js'
import { DistributionTarget } from '../src/types.js'

const from = (values: Partial<Record<InputName, string>>) => (name: InputName) => values[name]

describe('getInputs', () => {
  it('takes action.yml defaults for unset inputs', () => {
    const inputs = getInputs(from({}), '/work/repo')
    expect(inputs).toEqual({
      projectDir: '/work/repo',
      version: undefined,
      tagPrefix: 'v',
      stages: ['certify', 'build', 'preflight', 'publish'],
      targets: [DistributionTarget.PYPI],
      localDir: '/work/repo/release',
      python: 'python3',
      builder: 'build',
      buildIsolation: true,
      buildRequirements: 'check',
      checkReproducible: false,
      wheelFromSdist: true,
      junitXml: '',
      minPassRate: 100,
      coverageReport: '',
      minCoverage: 0,
      minBranchCoverage: 0,
      securityReport: '',
      failOnSeverity: 'high',
      ignoreVulns: [],
      securityScan: 'none',
      docsRequired: ['readme', 'license'],
      failOnPartial: false,
      dryRun: false,
      uploadArtifact: true,
      artifactName: 'python-package-distributions',
      retentionDays: undefined,
      receive: undefined,
      expectWheels: [],
      requireCertification: false,
      repositoryUrl: 'https://upload.pypi.org/legacy/',
      testpypiRepositoryUrl: 'https://test.pypi.org/legacy/',
      indexUrl: undefined,
      username: '__token__',
      password: '',
      testpypiPassword: '',
      skipExisting: true,
      strictRecord: false,
      attestations: true,
      githubToken: '',
      releaseTag: undefined,
      releaseName: undefined,
      releaseNotes: undefined,
      releaseDraft: false,
      prerelease: undefined,
      makeLatest: undefined,
      overwriteAssets: false,
      uploadConcurrency: 4,
      publishTimeout: 10
    })
    expect(Object.keys(INPUT_DEFAULTS)).toHaveLength(52)
  })

  it('reads the github target inputs: a token it needs, a valid tag name, tri-state prerelease and make-latest', () => {
    const read = (values: Record<string, string>) => () => getInputs(name => values[name], '/work/repo')
    // The runner expands the default; unexpanded, it means no token.
    expect(read({ targets: 'github', 'github-token': '${{ github.token }}' })).toThrow(/Input 'github-token' is empty; the github target needs a token/)
    expect(read({ targets: 'github', 'github-token': '  ' })).toThrow(/Input 'github-token' is empty/)
    // Without the github target (or when only certifying) no token is needed.
    expect(read({ targets: 'local' })().githubToken).toBe('')
    expect(read({ targets: 'github', stages: 'certify' })().githubToken).toBe('')
    const inputs = read({
      targets: 'github',
      'github-token': 'ghs_abc',
      'release-tag': 'release/1.0',
      'release-name': ' Greeter 1.0 ',
      'release-notes': '## Changes\n- one\n',
      prerelease: 'False',
      'make-latest': 'legacy',
      'release-draft': 'true',
      'overwrite-assets': 'true',
      'upload-concurrency': '8'
    })()
    expect(inputs).toMatchObject({
      githubToken: 'ghs_abc',
      releaseTag: 'release/1.0',
      releaseName: 'Greeter 1.0',
      releaseNotes: '## Changes\n- one\n',
      prerelease: false,
      makeLatest: 'legacy',
      releaseDraft: true,
      overwriteAssets: true,
      uploadConcurrency: 8
    })
    for (const [tag, why] of [
      ['v1.0 final', 'it contains a space'],
      ['v1..0', "it contains '..'"],
      ['v1.0.lock', "the component 'v1.0.lock' ends with '.lock'"],
      ['/v1', 'it has an empty path component'],
      ['v1:0', "it contains ':'"],
      ['.v1', "the component '.v1' starts with '.'"],
      ['v1@{0}', "it contains '@{'"]
    ]) {
      expect(read({ targets: 'github', 'github-token': 't', 'release-tag': tag! })).toThrow(`Input 'release-tag' ('${tag}') is not a valid tag name: ${why}`)
    }
    expect(read({ 'upload-concurrency': '0' })).toThrow("Input 'upload-concurrency' must be a whole number from 1 to 16 (uploads at once), got '0'")
    expect(read({ 'upload-concurrency': '2.5' })).toThrow(/Input 'upload-concurrency'/)
    expect(read({ 'make-latest': 'yes' })).toThrow("Input 'make-latest' must be one of true, false, legacy, got 'yes'")
    expect(read({ prerelease: 'maybe' })).toThrow("Input 'prerelease' must be true or false, got 'maybe'")
  })

  it('checks index URLs of the selected targets and never echoes credentials in them', () => {
    const read = (values: Record<string, string>) => () => getInputs(name => values[name], '/work/repo')
    expect(read({ targets: 'pypi', 'repository-url': 'ftp://files.example.com/upload/' })).toThrow(
      "Input 'repository-url' (ftp://files.example.com/upload/) cannot be used: its scheme ftp: is not https:"
    )
    expect(read({ targets: 'pypi', 'repository-url': 'http://pypi.example.com/legacy/' })).toThrow(/plain http:\/\/, which would send the token unencrypted/)
    const withCredentials = read({ targets: 'pypi', 'repository-url': 'https://alice:s3cr3t-token@pypi.example.com/legacy/' })
    expect(withCredentials).toThrow("Input 'repository-url' (https://pypi.example.com/legacy/) cannot be used: it has credentials in it")
    expect(() => withCredentials()).toThrow(expect.objectContaining({ message: expect.not.stringContaining('s3cr3t') }))
    expect(read({ targets: 'testpypi', 'testpypi-repository-url': 'not a url' })).toThrow("Input 'testpypi-repository-url' (")
    expect(read({ targets: 'pypi', 'index-url': 'https://pypi.example.com/simple?x=1' })).toThrow("Input 'index-url'")
    expect(read({ targets: 'pypi', username: ' ' })).toThrow("Input 'username' is empty")
    // Loopback may be plain http; an unused target's URL is not checked.
    expect(read({ targets: 'pypi', 'repository-url': 'http://127.0.0.1:8080/legacy/' })().repositoryUrl).toBe('http://127.0.0.1:8080/legacy/')
    expect(read({ targets: 'local', 'testpypi-repository-url': 'ftp://x/' })().targets).toEqual(['local'])
    expect(read({ 'skip-existing': 'no' })).toThrow("Input 'skip-existing' must be true or false, got 'no'")
    expect(read({ attestations: 'sometimes' })).toThrow("Input 'attestations' must be true or false, got 'sometimes'")
  })

  it('reads docs-required as a list of known items, empty meaning none required', () => {
    expect(getInputs(from({ 'docs-required': 'Changelog, urls\nreadme,urls' })).docsRequired).toEqual(['changelog', 'urls', 'readme'])
    expect(getInputs(from({ 'docs-required': '' })).docsRequired).toEqual([])
    expect(() => getInputs(from({ 'docs-required': 'readme,manual' }))).toThrow(
      "Input 'docs-required' has an unknown item 'manual'; use any of readme, license, changelog, urls"
    )
  })

  it('reads the security inputs, naming the input and the allowed values on a bad one', () => {
    const inputs = getInputs(
      from({ 'fail-on-severity': 'Critical', 'security-scan': 'bandit', 'ignore-vulns': 'PYSEC-2024-1, GHSA-abcd-efgh-ijkl\nB602\nB602' })
    )
    expect(inputs).toMatchObject({ failOnSeverity: 'critical', securityScan: 'bandit', ignoreVulns: ['PYSEC-2024-1', 'GHSA-abcd-efgh-ijkl', 'B602'] })
    expect(() => getInputs(from({ 'fail-on-severity': 'severe' }))).toThrow(
      "Input 'fail-on-severity' must be one of low, medium, high, critical, none, got 'severe'"
    )
    expect(() => getInputs(from({ 'security-scan': 'safety' }))).toThrow("Input 'security-scan' must be one of none, bandit, got 'safety'")
    expect(() => getInputs(from({ 'ignore-vulns': 'CVE-2024-1 CVE-2024-2' }))).toThrow(
      /Input 'ignore-vulns' has 'CVE-2024-1 CVE-2024-2', which is no vulnerability or rule id/
    )
    expect(() => getInputs(from({ builder: 'poetry' }))).toThrow("Input 'builder' must be one of build, hatch, uv, got 'poetry'")
    expect(() => getInputs(from({ 'build-requirements': 'skip' }))).toThrow("Input 'build-requirements' must be one of check, ignore, got 'skip'")
    expect(getInputs(from({ 'build-requirements': 'ignore' })).buildRequirements).toBe('ignore')
    expect(() => getInputs(from({ 'min-branch-coverage': '101' }))).toThrow(/Input 'min-branch-coverage' must be a number from 0 to 100/)
  })

  it('reads numbers in plain decimal digits only: no hex, binary, octal, exponent, sign or Infinity', () => {
    for (const [value, number] of [
      ['85', 85],
      ['92.5', 92.5],
      ['.5', 0.5],
      ['0', 0],
      ['100', 100],
      [' 80 ', 80],
      ['007', 7]
    ] as const) {
      expect(getInputs(from({ 'min-coverage': value })).minCoverage).toBe(number)
    }
    const rejected = ['0x10', '0X10', '0b1010', '0o17', '1e1', '1E1', '+50', '-0', 'Infinity', '50.', '5 0', '٥٠', '50%']
    for (const name of ['min-coverage', 'min-branch-coverage', 'min-pass-rate'] as const) {
      for (const value of rejected) {
        expect(() => getInputs(from({ [name]: value }))).toThrow(
          `Input '${name}' must be a number from 0 to 100 (a percentage in decimal digits, such as 85 or 92.5), got '${value}'`
        )
      }
    }
    for (const value of ['0x10', '0b1', '0o7', '1e1', '+5', '5.0', ' 5e0 ']) {
      expect(() => getInputs(from({ 'retention-days': value }))).toThrow(/^Input 'retention-days' must be a whole number of days/)
      expect(() => getInputs(from({ 'upload-concurrency': value }))).toThrow(/^Input 'upload-concurrency' must be a whole number/)
    }
  })

  it('reads publish-timeout as minutes above 0, decimals allowed, and names the input otherwise', () => {
    for (const [value, minutes] of [
      ['10', 10],
      ['0.1', 0.1],
      ['.5', 0.5],
      [' 2.5 ', 2.5],
      ['360', 360]
    ] as const) {
      expect(getInputs(from({ 'publish-timeout': value })).publishTimeout).toBe(minutes)
    }
    for (const value of ['0', '0.0', '-1', '', 'ten', '1e1', '0x10', '+5', '5.', '10m', '361', 'Infinity']) {
      expect(() => getInputs(from({ 'publish-timeout': value }))).toThrow(
        `Input 'publish-timeout' must be a number of minutes above 0 and at most 360 (a job's limit), such as 10 or 0.5, got '${value.trim()}'`
      )
    }
  })

  it('keeps an input set to the empty string empty', () => {
    expect(getInputs(from({ 'tag-prefix': '' })).tagPrefix).toBe('')
  })

  it('normalizes the version, lists and stage order', () => {
    const inputs = getInputs(from({ version: '1.0.0-rc1', targets: 'local,\n testpypi, local', stages: 'publish,build,preflight' }), '/w')
    expect(inputs.version).toBe('1.0.0rc1')
    expect(inputs.targets).toEqual(['local', 'testpypi'])
    expect(inputs.stages).toEqual(['build', 'preflight', 'publish'])
    expect(getInputs(from({ version: '1.0.0.beta' })).version).toBe('1.0.0b0')
    // a local version keeps its dots (not pep440.clean's '4.0.0+local,1')
    expect(getInputs(from({ version: '4.0.0+local.1' })).version).toBe('4.0.0+local.1')
    expect(getInputs(from({ version: '4.0+Ubuntu-1' })).version).toBe('4.0+ubuntu.1')
  })

  it('a job without build receives the files: artifacts named like the build jobs name them by default, a pattern, another run, or a directory', () => {
    const publishJob = (more: Partial<Record<InputName, string>> = {}) => getInputs(from({ stages: 'preflight,publish', ...more }), '/w').receive
    expect(publishJob()).toEqual({ from: 'artifacts', patterns: ['python-package-distributions'], runId: undefined, timeoutMs: 300_000 })
    expect(publishJob({ 'artifact-name': 'dist-{os}-{arch}' })).toEqual({
      from: 'artifacts',
      patterns: ['dist-{os}-{arch}'],
      runId: undefined,
      timeoutMs: 300_000
    })
    expect(publishJob({ 'download-artifacts': 'cibw-*,\n sdist', 'artifact-run-id': '4242', 'github-token': 't', 'receive-timeout': '0.5' })).toEqual({
      from: 'artifacts',
      patterns: ['cibw-*', 'sdist'],
      runId: 4242,
      timeoutMs: 30_000
    })
    for (const bad of ['0', '-1', 'soon', '361', '']) {
      expect(() => publishJob({ 'receive-timeout': bad })).toThrow(/Input 'receive-timeout' must be a number of minutes above 0 and at most 360/)
    }
    expect(() => getInputs(from({ stages: 'certify,build', 'receive-timeout': '1' }), '/w')).toThrow(/Input 'receive-timeout' checks files other jobs built/)
    expect(publishJob({ 'dist-dir': 'wheelhouse' })).toEqual({ from: 'directory', dir: '/w/wheelhouse' })
    expect(getInputs(from({ stages: 'certify' }), '/w').receive).toBeUndefined()
    expect(getInputs(from({ stages: 'build,preflight,publish' }), '/w').receive).toBeUndefined()
    expect(
      getInputs(from({ stages: 'preflight,publish', 'expect-wheels': 'win_amd64,*manylinux*x86_64', 'require-certification': 'true' }), '/w')
    ).toMatchObject({
      expectWheels: ['win_amd64', '*manylinux*x86_64'],
      requireCertification: true
    })
  })

  it('reads YAML booleans', () => {
    expect(getInputs(from({ 'dry-run': 'True', 'build-isolation': 'FALSE' }))).toMatchObject({ dryRun: true, buildIsolation: false })
  })

  it.each<[Partial<Record<InputName, string>>, RegExp]>([
    [{ version: '1.0..0' }, /Input 'version' must be a PEP 440 version .* got '1.0..0'/],
    [{ version: 'latest' }, /Input 'version' .* got 'latest'/],
    [{ 'min-pass-rate': 'abc' }, /Input 'min-pass-rate' must be a number from 0 to 100 .* got 'abc'/],
    [{ 'min-pass-rate': '150' }, /Input 'min-pass-rate' .* got '150'/],
    [{ 'min-coverage': '' }, /Input 'min-coverage' .* got ''/],
    [{ targets: 'pypi,artifactory' }, /Input 'targets' has an unknown target 'artifactory'; use any of pypi, testpypi, github, local/],
    [{ targets: '' }, /Input 'targets' is empty/],
    [{ stages: 'certify,ship' }, /Input 'stages' has an unknown stage 'ship'/],
    [
      { stages: 'certify,publish' },
      /Input 'stages' runs certify,publish, which skips build: a job runs a contiguous part of certify, build, preflight, publish/
    ],
    [{ stages: 'certify,preflight' }, /Input 'stages' runs certify,preflight, which skips build/],
    [{ stages: 'build,publish' }, /Input 'stages' runs build,publish, which skips preflight/],
    [
      { 'download-artifacts': 'dist-*' },
      /Input 'download-artifacts' is for a job that publishes files other jobs built .* this job runs certify,build,preflight,publish/
    ],
    [{ stages: 'certify', 'dist-dir': 'dist' }, /Input 'dist-dir' is for a job that publishes files other jobs built/],
    [
      { stages: 'preflight,publish', 'download-artifacts': 'dist-*', 'dist-dir': 'dist' },
      /Input 'dist-dir' names files already here, and input 'download-artifacts' asks to download them: give one of the two/
    ],
    [{ stages: 'preflight,publish', 'artifact-run-id': '12ab' }, /Input 'artifact-run-id' must be a workflow run id .* got '12ab'/],
    [{ stages: 'preflight,publish', 'artifact-run-id': '0' }, /Input 'artifact-run-id' must be a workflow run id/],
    [{ stages: 'preflight,publish', 'artifact-run-id': '99999999999999999999' }, /Input 'artifact-run-id' must be a workflow run id/],
    [
      { stages: 'preflight,publish', 'artifact-run-id': '123', 'github-token': '' },
      /Input 'github-token' is empty; downloading another run's artifacts \(input 'artifact-run-id'\) needs a token/
    ],
    [{ stages: 'preflight,publish', 'download-artifacts': 'dist/*' }, /Input 'download-artifacts' has 'dist\/\*', which no artifact name can match/],
    [{ stages: 'preflight,publish', 'expect-wheels': 'win_amd64, linux x86' }, /Input 'expect-wheels' has 'linux x86', which is no platform tag or pattern/],
    [{ stages: 'preflight,publish', 'require-certification': 'maybe' }, /Input 'require-certification' must be true or false, got 'maybe'/],
    [
      { 'expect-wheels': 'win_amd64' },
      /Input 'expect-wheels' checks files other jobs built, in the job that publishes them .* this job runs certify,build,preflight,publish/
    ],
    [{ stages: 'certify,build', 'require-certification': 'true' }, /Input 'require-certification' checks files other jobs built/],
    [{ 'dry-run': 'yes' }, /Input 'dry-run' must be true or false, got 'yes'/],
    [{ python: ' ' }, /Input 'python' is empty/],
    [{ targets: 'local', 'local-dir': '' }, /Input 'local-dir' is empty/]
  ])('rejects %p with an error naming the input', (values, message) => {
    let thrown: unknown
    try {
      getInputs(from(values))
    } catch (error) {
      thrown = error
    }
    expect(thrown).toBeInstanceOf(UsageError)
    expect((thrown as Error).message).toMatch(message)
    expect((thrown as UsageError).input).toBe(Object.keys(values).at(-1))
  })

  it('lets certify run alone without targets', () => {
    expect(getInputs(from({ stages: 'certify', targets: '' })).targets).toEqual([])
  })

  it("refuses a 'local-dir' that is the project directory (published files would be build input); reads wheel-from-sdist", () => {
    for (const [localDir, projectDir] of [
      ['.', ''],
      ['sub', 'sub'],
      ['./sub/', 'sub']
    ]) {
      expect(() => getInputs(from({ 'local-dir': localDir, 'project-dir': projectDir }), '/work/repo')).toThrow(
        new UsageError(
          `Input 'local-dir' (${localDir}) is the project directory itself: published files would become build input; name a directory inside or outside it, such as 'release'`,
          'local-dir'
        )
      )
    }
    expect(getInputs(from({ 'local-dir': 'sub/release', 'project-dir': 'sub' }), '/work/repo').localDir).toBe('/work/repo/sub/release')
    expect(getInputs(from({ 'wheel-from-sdist': 'false' }), '/work/repo').wheelFromSdist).toBe(false)
  })
})
