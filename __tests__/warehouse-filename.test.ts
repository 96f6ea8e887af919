// PyPI's filename rules (src/warehouse/filename.ts), each case one change from a name PyPI accepts, each citing
// the line of pypi/warehouse (6b62157) or the packaging it pins (26.2) that decides it. The messages are PyPI's own
// answers; they were compared during development with warehouse's code run on packaging 26.2 (every generated name agreed).
import { describe, expect, it } from '@jest/globals'
import { checkFilename, validPlatformTag, type FileType } from '../src/warehouse/filename.js'

const check = (filename: string, filetype: FileType = filename.endsWith('.whl') ? 'bdist_wheel' : 'sdist', name = 'my-pkg', version = '1.0.4') =>
  checkFilename({ filename, filetype, name, version })

describe('positive controls: names PyPI takes', () => {
  it.each([
    ['my_pkg-1.0.4.tar.gz'],
    ['my_pkg-1.0.4-py3-none-any.whl'],
    ['my_pkg-1.0.4-1-py3-none-any.whl'], // a build tag that starts with a digit (packaging/utils.py:_build_tag_regex)
    ['my_pkg-1.0.4-2abc-py2.py3-none-any.whl'],
    ['my_pkg-1.0.4-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl'],
    ['my_pkg-1.0.4-cp312-cp312-musllinux_1_2_aarch64.whl'],
    ['my_pkg-1.0.4-cp312-cp312-macosx_10_9_x86_64.whl'],
    ['my_pkg-1.0.4-cp312-cp312-macosx_11_0_arm64.whl'],
    ['my_pkg-1.0.4-cp312-cp312-macosx_26_0_universal2.whl'],
    ['my_pkg-1.0.4-cp312-cp312-win_amd64.whl'],
    ['my_pkg-1.0.4-py3-none-linux_armv7l.whl'],
    ['my_pkg-1.0.4-cp313-cp313-ios_13_0_arm64_iphoneos.whl'],
    ['my_pkg-1.0.4-cp313-cp313-android_24_arm64_v8a.whl'],
    ['my_pkg-1.0.4-cp313-cp313-pyemscripten_2025_0_wasm32.whl'],
    ['my_pkg-1.0.04-py3-none-any.whl'] // wheel versions compare as Version objects: 1.0.04 == 1.0.4 (legacy.py:1496)
  ])('%s', filename => {
    expect(check(filename)).toEqual([])
  })
})

describe('legacy.py:243 _validate_filename', () => {
  it('refuses control characters and DEL (legacy.py:249)', () => {
    expect(check('my_pkg-1.0.4\x7f.tar.gz')[0]).toMatchObject({ rule: 'filename', source: 'warehouse/forklift/legacy.py:250' })
    expect(check('my_pkg-1.0.4\x01.tar.gz')[0]!.message).toBe(
      'Cannot upload a file with non-printable characters (ordinals 0-31) or the DEL character (ordinal 127) in the name.'
    )
  })
  it("refuses '/' and '\\' (legacy.py:262)", () => {
    expect(check('a\\my_pkg-1.0.4.tar.gz')[0]!.message).toBe("Cannot upload a file with '/' or '\\' in the name.")
  })
  it('takes .tar.gz, .zip and .whl only, each for its file type, in the case written (legacy.py:268-283, PEP 527)', () => {
    expect(check('my_pkg-1.0.4.tar.bz2')[0]!.message).toMatch(/^Invalid file extension: Use \.tar\.gz, \.whl or \.zip extension\./)
    expect(check('my_pkg-1.0.4.egg')[0]!.message).toMatch(/^Invalid file extension: Use/)
    expect(check('my_pkg-1.0.4.whl', 'sdist')[0]!.message).toBe(
      'Invalid file extension: Extension .whl is invalid for filetype sdist. See https://www.python.org/dev/peps/pep-0527 for more information.'
    )
    expect(check('my_pkg-1.0.4-py3-none-any.WHL', 'bdist_wheel')[0]!.message).toMatch(/Extension \.WHL is invalid for filetype bdist_wheel/)
  })
})

describe('sdist names (legacy.py:1317-1395, PEP 625)', () => {
  it('refuses a name that packaging cannot parse (legacy.py:1329, packaging/utils.py parse_sdist_filename)', () => {
    expect(check('my_pkg.tar.gz')[0]!.message).toBe('Invalid source distribution filename: my_pkg.tar.gz')
    expect(check('my_pkg-1.0.x.tar.gz')[0]!.message).toBe('Invalid source distribution filename: my_pkg-1.0.x.tar.gz')
  })
  it('refuses a file named for another project (legacy.py:1372)', () => {
    expect(check('other-1.0.4.tar.gz')[0]!.message).toBe("Start filename for 'my-pkg' with 'my_pkg'.")
  })
  it('refuses an unnormalized name, as old setuptools wrote (legacy.py:1389)', () => {
    expect(check('my-pkg-1.0.4.tar.gz')[0]).toMatchObject({
      rule: 'sdist-filename',
      message: "Filename 'my-pkg-1.0.4.tar.gz' is invalid, should be 'my_pkg-1.0.4.tar.gz'.",
      source: 'warehouse/forklift/legacy.py:1389'
    })
    expect(check('My_Pkg-1.0.4.tar.gz', 'sdist', 'My-Pkg')[0]!.message).toBe("Filename 'My_Pkg-1.0.4.tar.gz' is invalid, should be 'my_pkg-1.0.4.tar.gz'.")
  })
  it('compares the version text as str(Version) prints it: 1.0.04 is refused (legacy.py:1382)', () => {
    expect(check('my_pkg-1.0.04.tar.gz', 'sdist', 'my-pkg', '1.0.04')[0]!.message).toBe(
      "Filename 'my_pkg-1.0.04.tar.gz' is invalid, should be 'my_pkg-1.0.4.tar.gz'."
    )
    expect(check('my_pkg-1.0.4.zip')[0]!.message).toBe("Filename 'my_pkg-1.0.4.zip' is invalid, should be 'my_pkg-1.0.4.tar.gz'.")
  })
  it('reads a hyphenated post-release as warehouse does (legacy.py:1340-1358)', () => {
    expect(check('my_pkg-1.0.post1.tar.gz', 'sdist', 'my-pkg', '1.0-1')).toEqual([])
    expect(check('my_pkg-1.0-1.tar.gz', 'sdist', 'my-pkg', '1.0-1')[0]!.message).toBe(
      "Filename 'my_pkg-1.0-1.tar.gz' is invalid, should be 'my_pkg-1.0.post1.tar.gz'."
    )
  })
})

describe('wheel names (legacy.py:1425-1506, packaging/utils.py parse_wheel_filename)', () => {
  it('refuses a wrong number of parts', () => {
    expect(check('my_pkg-1.0.4-py3-any.whl')[0]!.message).toBe("Invalid wheel filename (wrong number of parts): 'my_pkg-1.0.4-py3-any'")
  })
  it('refuses a build tag that does not start with a digit', () => {
    expect(check('my_pkg-1.0.4-x1-py3-none-any.whl')[0]!.message).toBe("Invalid build number: x1 in 'my_pkg-1.0.4-x1-py3-none-any'")
  })
  it('refuses an invalid version and an invalid project name part; packaging 26.2 does not check the interpreter tag', () => {
    expect(check('my_pkg-1.0.x-py3-none-any.whl')[0]!.message).toBe("Invalid wheel filename (invalid version): 'my_pkg-1.0.x-py3-none-any'")
    expect(check('my__pkg-1.0.4-py3-none-any.whl')[0]!.message).toBe("Invalid project name: 'my__pkg-1.0.4-py3-none-any'")
    // 26.3 refuses these ('invalid tag component'); warehouse pins 26.2 (requirements/main.txt), which takes them
    expect(check('my_pkg-1.0.4-3py-none-any.whl')).toEqual([])
    // an empty platform part is no platform PyPI lists
    expect(check('my_pkg-1.0.4-py3-none-.whl')[0]!.message).toBe("Binary wheel 'my_pkg-1.0.4-py3-none-.whl' has an unsupported platform tag ''.")
  })
  it('refuses platforms outside PyPI list (legacy.py:1446, legacy.py:199)', () => {
    expect(check('my_pkg-1.0.4-cp312-cp312-linux_x86_64.whl')[0]).toMatchObject({
      rule: 'platform-tag',
      message: "Binary wheel 'my_pkg-1.0.4-cp312-cp312-linux_x86_64.whl' has an unsupported platform tag 'linux_x86_64'."
    })
    // macOS 11 and later: minor version 0 only; the 10.x series any minor
    expect(check('my_pkg-1.0.4-cp312-cp312-macosx_11_3_arm64.whl')[0]!.message).toMatch(/unsupported platform tag 'macosx_11_3_arm64'/)
    expect(check('my_pkg-1.0.4-cp312-cp312-macosx_16_0_arm64.whl')[0]!.message).toMatch(/'macosx_16_0_arm64'/)
    // manylinux takes ppc64 (big endian), musllinux does not
    expect(check('my_pkg-1.0.4-cp312-cp312-manylinux_2_28_ppc64.whl')).toEqual([])
    expect(check('my_pkg-1.0.4-cp312-cp312-musllinux_1_2_ppc64.whl')[0]!.message).toMatch(/'musllinux_1_2_ppc64'/)
    // one bad platform in a compressed set refuses the file
    expect(check('my_pkg-1.0.4-cp312-cp312-manylinux_2_17_x86_64.linux_x86_64.whl')[0]!.message).toMatch(/'linux_x86_64'/)
  })
  it('refuses a wheel of another project, and an unnormalized name (legacy.py:1460, 1484)', () => {
    expect(check('other-1.0.4-py3-none-any.whl')[0]!.message).toBe("Start filename for 'my-pkg' with 'my_pkg'.")
    expect(check('My_Pkg-1.0.4-py3-none-any.whl')[0]!.message).toBe(
      "Filename 'My_Pkg-1.0.4-py3-none-any.whl' should contain the normalized project name 'my_pkg', not 'My_Pkg'."
    )
  })
  it('refuses a version other than the metadata one (legacy.py:1499)', () => {
    expect(check('my_pkg-1.0.5-py3-none-any.whl')[0]!.message).toBe("Version in filename should be '1.0.4' not '1.0.5'.")
  })
})

describe('the length PyPI can store (legacy.py:1141, 1604-1616)', () => {
  it("refuses a wheel whose '<name>.metadata' exceeds NAME_MAX, with PyPI's words", () => {
    const name = 'p'.repeat(230)
    expect(check(`${name}-1.0-py3-none-any.whl`, 'bdist_wheel', name, '1.0')[0]).toMatchObject({
      rule: 'filename-length',
      message: `Filename is too long: '${name}-1.0-py3-none-any.whl'`
    })
    const fits = 'p'.repeat(220)
    expect(check(`${fits}-1.0-py3-none-any.whl`, 'bdist_wheel', fits, '1.0')).toEqual([])
  })
  it('refuses any name over 255 bytes (the upload cannot be stored)', () => {
    const name = 'é'.repeat(130)
    // the open() fails with OSError, which warehouse does not catch: HTTP 500, not a 400 with a reason
    expect(check(`${name}-1.0.tar.gz`, 'sdist', name, '1.0')[0]).toMatchObject({ rule: 'filename-length', status: 500 })
  })
})

describe('validPlatformTag (legacy.py:199) edge cases', () => {
  it.each([
    ['manylinux1_x86_64', true],
    ['manylinux2014_riscv64', false], // not in the static list; only manylinux_2_31_riscv64 style
    ['manylinux_2_31_riscv64', true],
    ['win_arm64', true],
    ['win_amd64_extra', false],
    ['linux_armv6l', true],
    ['linux_aarch64', false],
    ['ios_13_0_x86_64_iphonesimulator', true],
    ['android_21_mips', false],
    ['macosx_10_15_intel', true],
    ['macosx_27_0_arm64', false]
  ])('%s → %s', (tag, valid) => {
    expect(validPlatformTag(tag)).toBe(valid)
  })
})
