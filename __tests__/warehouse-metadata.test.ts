// PyPI's rules on an upload form's metadata (src/warehouse/metadata.ts): each case changes ONE field of a form
// PyPI takes (built by uploadFields() from a METADATA text, as the publisher sends it) and expects warehouse's
// own answer, citing the line of pypi/warehouse (6b62157) or packaging that decides it. During
// development every message here (and some thousands of generated forms, requirements, versions, e-mail
// addresses, content types and URLs) was compared with warehouse's forklift/metadata.py run on packaging 26.3;
// where 26.2 (warehouse's pin) decides otherwise, the case follows 26.2 and says so.
import { describe, expect, it } from '@jest/globals'
import { parseCoreMetadata } from '../src/build/metadata.js'
import { uploadFields } from '../src/publish/upload.js'
import type { BuildArtifact } from '../src/types.js'
import { checkFormMetadata } from '../src/warehouse/metadata.js'
import { isValidUri } from '../src/warehouse/uri.js'
import { parseRequirement, parseSpecifierSet, parseVersion } from '../src/warehouse/pep508.js'
import { emailValidatorError, parseaddr } from '../src/warehouse/email.js'
import { pyRepr } from '../src/warehouse/python.js'

const SEE = 'See https://packaging.python.org/specifications/core-metadata for more information.'

/** A wheel's METADATA as hatchling writes it (Metadata 2.4, License-Expression beside License :: classifiers). */
const HATCHLING = `Metadata-Version: 2.4
Name: demo-pkg
Version: 1.0.4
Summary: A demo package
Project-URL: Homepage, https://example.com/demo
Project-URL: Source, https://github.com/example/demo
Author-email: Jane Doe <jane@example.com>
License-Expression: MIT OR Apache-2.0
License-File: LICENSE
License-File: LICENSES/Apache-2.0.txt
Keywords: demo,packaging
Classifier: Development Status :: 5 - Production/Stable
Classifier: License :: OSI Approved :: MIT License
Classifier: Programming Language :: Python :: 3
Requires-Python: >=3.9
Requires-Dist: requests>=2.31
Requires-Dist: tomli>=1.1.0; python_version < "3.11"
Requires-Dist: pytest>=8; extra == "test"
Provides-Extra: test
Description-Content-Type: text/markdown

# demo
`

function artifact(format: 'wheel' | 'sdist', filename: string): BuildArtifact {
  return {
    path: `/dist/${filename}`,
    filename,
    format,
    size: 1,
    sha256: 'a'.repeat(64),
    md5: 'b'.repeat(32),
    blake2b_256: 'c'.repeat(64),
    metadata: { metadataVersion: '2.4', name: 'demo-pkg', version: '1.0.4' }
  } as BuildArtifact
}

const wheel = (text: string): Array<[string, string]> => uploadFields(artifact('wheel', 'demo_pkg-1.0.4-py3-none-any.whl'), parseCoreMetadata(text))
const sdist = (text: string): Array<[string, string]> => uploadFields(artifact('sdist', 'demo_pkg-1.0.4.tar.gz'), parseCoreMetadata(text))

/** The valid form with one field's values replaced (undefined: the field left out), or one value added. */
function withField(name: string, values: string[] | undefined, form = wheel(HATCHLING)): Array<[string, string]> {
  const at = form.findIndex(([k]) => k === name)
  const rest = form.filter(([k]) => k !== name)
  if (values === undefined) return rest
  const added = values.map((v): [string, string] => [name, v])
  rest.splice(at < 0 ? rest.length : at, 0, ...added)
  return rest
}

const only = (form: Array<[string, string]>) => {
  const breaches = checkFormMetadata(form)
  expect(breaches).toHaveLength(1)
  return breaches[0]!
}

describe('positive controls: forms PyPI takes', () => {
  it('Metadata 2.4 from hatchling: License-Expression, License-File and License :: classifiers together', () => {
    expect(checkFormMetadata(wheel(HATCHLING))).toEqual([])
  })

  it('Metadata 2.5: Import-Name and Import-Namespace (packaging/metadata.py:788)', () => {
    const form = withField('metadata_version', ['2.5'])
    form.push(['import_name', 'demo_pkg'], ['import_name', 'demo_pkg._speedups; private'], ['import_namespace', 'demo'])
    expect(checkFormMetadata(form)).toEqual([])
  })

  it('Metadata 2.2 sdist from setuptools, with Dynamic, License and many markers', () => {
    const setuptools = `Metadata-Version: 2.2
Name: Demo.Pkg
Version: 1.0.4.post1
Summary: Old-style setuptools project
Home-page: https://example.com/demo
Author: Jane Doe
Author-email: jane@example.com
Maintainer-email: "Doe, Jane" <jane@example.com>, John <john@example.org>
License: BSD-3-Clause
Platform: any
Classifier: License :: OSI Approved :: BSD License
Classifier: Operating System :: OS Independent
Requires-Python: >=3.8, !=3.9.0
Description-Content-Type: text/x-rst
Requires-Dist: numpy>=1.22; python_version >= "3.10" and platform_machine != "arm64"
Requires-Dist: importlib-metadata>=4.6; python_version < "3.10"
Requires-Dist: colorama; sys_platform == "win32" or os_name == 'nt'
Requires-Dist: sphinx (>=7.0); extra == 'Docs'
Requires-Dist: pywin32>=306; (platform_system == "Windows") and (implementation_name == "cpython")
Provides-Extra: Docs
Dynamic: license
Dynamic: requires-dist

Long description.
`
    expect(checkFormMetadata(sdist(setuptools))).toEqual([])
  })

  it('flit (Metadata 2.1) and poetry (Metadata 2.3) METADATA with extras and markers', () => {
    const flit = `Metadata-Version: 2.1
Name: flit_demo
Version: 0.3.0rc1
Summary: Flit project
Author-email: Someone <someone@example.co.uk>
Classifier: License :: OSI Approved :: MIT License
Requires-Dist: docutils
Requires-Dist: pytest >=2.7.3 ; extra == "test"
Requires-Dist: pytest-cov ; extra == "test"
Project-URL: Documentation, https://flit.example.org/
Provides-Extra: test
`
    const poetry = `Metadata-Version: 2.3
Name: poetry-demo
Version: 2.0.0
Summary: Poetry project
License: MIT
Author: Jane
Author-email: jane@example.com
Requires-Python: >=3.9,<4.0
Classifier: License :: OSI Approved :: MIT License
Classifier: Programming Language :: Python :: 3.12
Provides-Extra: fast
Requires-Dist: orjson (>=3.9,<4.0) ; extra == "fast"
Requires-Dist: typing-extensions (>=4.5) ; python_version < "3.11"
Requires-Dist: uvloop (>=0.19) ; (sys_platform != "win32") and (extra == "fast")
Project-URL: Repository, https://github.com/example/poetry-demo
Description-Content-Type: text/markdown
`
    expect(checkFormMetadata(wheel(flit))).toEqual([])
    expect(checkFormMetadata(wheel(poetry))).toEqual([])
  })

  it("'UNKNOWN' values are dropped before anything reads them (decorators.py:30)", () => {
    expect(checkFormMetadata(withField('license', ['UNKNOWN']))).toEqual([])
  })
})

describe('legacy.py:652 file_upload and forms.py UploadForm', () => {
  it('refuses another protocol version (legacy.py:652)', () => {
    expect(only(withField('protocol_version', ['2']))).toEqual({
      rule: 'protocol-version',
      field: 'protocol_version',
      message: 'Unknown protocol version.',
      source: 'warehouse/forklift/legacy.py:652'
    })
  })
  it('requires a Name (forms.py:34), worded as legacy.py:674 words the Name field', () => {
    expect(checkFormMetadata(withField('name', undefined))[0]).toEqual({
      rule: 'form-name',
      field: 'name',
      message: `'' is an invalid value for Name. Error: This field is required. ${SEE}`,
      source: 'warehouse/forklift/forms.py:34'
    })
  })
  it('refuses a name outside PROJECT_NAME_RE (forms.py:35), showing 30 characters each side of a long one (legacy.py:676)', () => {
    const name = `${'a'.repeat(40)}_${'b'.repeat(40)}-`
    const breach = checkFormMetadata(withField('name', [name]))[0]!
    expect(breach.message).toBe(
      `'${'a'.repeat(30)}...${'b'.repeat(29)}-' is an invalid value for Name. Error: Start and end with a letter or numeral containing only ASCII numeric and '.', '_' and '-'. ${SEE}`
    )
    expect(breach.source).toBe('warehouse/forklift/forms.py:35')
  })
  it('refuses an unknown file type (forms.py:51)', () => {
    expect(only(withField('filetype', ['bdist_egg']))).toMatchObject({
      message: 'Invalid value for filetype. Error: Use a known file type.',
      source: 'warehouse/forklift/forms.py:51'
    })
  })
  it('requires a Python version for a wheel (forms.py:97)', () => {
    expect(only(withField('pyversion', undefined)).message).toBe(
      'Invalid value for pyversion. Error: Python version is required for binary distribution uploads.'
    )
  })
  it("requires pyversion 'source' for an sdist (forms.py:108)", () => {
    expect(only(withField('pyversion', ['py3'], sdist(HATCHLING))).message).toBe(
      "Invalid value for pyversion. Error: Use 'source' as Python version for an sdist."
    )
  })
  it('requires one digest (forms.py:118)', () => {
    const form = withField('sha256_digest', undefined, withField('blake2_256_digest', undefined))
    expect(only(form)).toMatchObject({ field: 'digests', message: 'Error: Include at least one message digest.' })
  })
  it('refuses a digest that is not 64 hex digits (forms.py:61)', () => {
    expect(only(withField('sha256_digest', ['abc'])).message).toBe('Invalid value for sha256_digest. Error: Use a valid, hex-encoded, SHA256 message digest.')
  })
})

describe('metadata.py:300 parse_form_metadata', () => {
  it('refuses a single-use field given twice (metadata.py:377, 383)', () => {
    expect(only(withField('summary', ['One', 'Two']))).toEqual({
      rule: 'unparsed',
      field: 'Summary',
      message: `'summary' has invalid data. ${SEE}`,
      source: 'warehouse/forklift/metadata.py:383'
    })
  })
  it('refuses a Project-URL label given twice (metadata.py:371-373)', () => {
    expect(only(withField('project_urls', ['Homepage, https://a.example', 'Homepage, https://b.example'])).message).toBe(
      `'project_urls' has invalid data. ${SEE}`
    )
  })
})

describe('packaging 26.3 Metadata.from_raw', () => {
  it('refuses an unknown Metadata-Version (packaging/metadata.py:625)', () => {
    expect(only(withField('metadata_version', ['3.0']))).toMatchObject({
      field: 'Metadata-Version',
      message: `'3.0' is not a valid metadata version. ${SEE}`,
      source: 'packaging/metadata.py:625'
    })
  })
  it('names a field newer than the declared Metadata-Version (packaging/metadata.py:873)', () => {
    const breaches = checkFormMetadata(withField('metadata_version', ['2.1']))
    expect(breaches.map(b => b.message)).toEqual([
      `license-expression introduced in metadata version 2.4, not 2.1. ${SEE}`,
      `license-file introduced in metadata version 2.4, not 2.1. ${SEE}`
    ])
  })
  it('refuses an invalid Name (packaging/metadata.py:636) and a missing Version (643)', () => {
    expect(only(withField('version', undefined)).message).toBe(`'version' is a required field. ${SEE}`)
  })
  it('refuses a version PEP 440 does not know (packaging/metadata.py:648)', () => {
    expect(only(withField('version', ['1.0-final'])).message).toBe(`'1.0-final' is invalid for 'version'. ${SEE}`)
  })
  it('refuses a Summary of two lines (packaging/metadata.py:654)', () => {
    expect(only(withField('summary', ['One\nTwo'])).message).toBe(`'summary' must be a single line. ${SEE}`)
  })
  it('refuses a Description-Content-Type outside the three (packaging/metadata.py:686)', () => {
    // packaging prints a set literal here; its order varies between PyPI's processes
    expect(only(withField('description_content_type', ['text/html'])).message).toBe(
      `'description-content-type' must be one of ['text/plain', 'text/x-rst', 'text/markdown'], not 'text/html'. ${SEE}`
    )
  })
  it("takes charset=UTF-8, refuses any other spelling: packaging 26.2, warehouse's pin, compares exactly (packaging/metadata.py:689-691)", () => {
    expect(checkFormMetadata(withField('description_content_type', ['text/markdown; charset=UTF-8']))).toEqual([])
    expect(only(withField('description_content_type', ['text/markdown; charset=utf-8'])).message).toBe(
      `'description-content-type' can only specify the UTF-8 charset, not 'utf-8'. ${SEE}`
    )
    expect(only(withField('description_content_type', ['text/markdown; charset=latin-1'])).message).toBe(
      `'description-content-type' can only specify the UTF-8 charset, not 'latin-1'. ${SEE}`
    )
  })
  it('refuses a Markdown variant other than GFM and CommonMark (packaging/metadata.py:698)', () => {
    expect(only(withField('description_content_type', ['text/markdown; variant=gfm'])).message).toBe(
      `valid Markdown variants for 'description-content-type' are ['GFM', 'CommonMark'], not 'gfm'. ${SEE}`
    )
  })
  it('takes a header the email parser finds defective: packaging 26.2 does not look at its defects (26.3 would, packaging/metadata.py:674)', () => {
    expect(checkFormMetadata(withField('description_content_type', ['text/markdown; charset=UTF-8; stray']))).toEqual([])
  })
  it('refuses Dynamic: Version (packaging/metadata.py:708)', () => {
    const form = withField('metadata_version', ['2.4'])
    form.push(['dynamic', 'Version'])
    expect(only(form).message).toBe(`'version' is not allowed as a dynamic field. ${SEE}`)
  })
  it('refuses an extra name that is no valid name (packaging/metadata.py:726)', () => {
    expect(only(withField('provides_extra', ['test suite'])).message).toBe(`'test suite' is invalid for 'provides-extra'. ${SEE}`)
  })
  it('refuses a Requires-Python that is no specifier set (packaging/metadata.py:736)', () => {
    expect(only(withField('requires_python', ['>=3.9.*'])).message).toBe(`'>=3.9.*' is invalid for 'requires-python'. ${SEE}`)
  })
  it('refuses a Requires-Dist PEP 508 does not parse (packaging/metadata.py:749)', () => {
    expect(only(withField('requires_dist', ['requests>=2.31', 'tomli; python_version < 3.11'])).message).toBe(
      `'tomli; python_version < 3.11' is invalid for 'requires-dist'. ${SEE}`
    )
  })
  it('refuses a License-Expression SPDX does not know (packaging/metadata.py:759)', () => {
    expect(only(withField('license_expression', ['MIT OR Nonsense-1.0'])).message).toBe(`'MIT OR Nonsense-1.0' is invalid for 'license-expression'. ${SEE}`)
  })
  it.each([
    ['../LICENSE', 'parent directory indicators are not allowed'],
    ['LICENSE*', 'paths must be resolved'],
    ['/LICENSE', 'paths must be relative'],
    ['LICENSES\\MIT.txt', "paths must use '/' delimiter"]
  ])('refuses License-File %j (packaging/metadata.py:766-784)', (path, why) => {
    expect(only(withField('license_file', [path])).message).toBe(`${pyRepr(path)} is invalid for 'license-file', ${why}. ${SEE}`)
  })
  it('refuses an Import-Name that is a keyword (packaging/metadata.py:801)', () => {
    const form = withField('metadata_version', ['2.5'])
    form.push(['import_name', 'demo.class'])
    expect(only(form).message).toBe(`'demo.class' is invalid for 'import-name'; 'class' is a keyword. ${SEE}`)
  })
})

describe('metadata.py:99 _validate_metadata', () => {
  it('refuses Metadata-Version 2.6, which packaging knows and PyPI does not yet (metadata.py:107)', () => {
    expect(only(withField('metadata_version', ['2.6'])).message).toBe(`'2.6' is not a valid metadata version. ${SEE}`)
  })
  it('refuses a local version, with its own link (metadata.py:116, legacy.py:725)', () => {
    expect(only(withField('version', ['1.0.4+Ubuntu-1']))).toEqual({
      rule: 'local-version',
      field: 'Version',
      message:
        "The use of local versions in '1.0.4+ubuntu.1' is not allowed. See https://packaging.python.org/en/latest/specifications/version-specifiers/#local-version-identifiers for more information.",
      source: 'warehouse/forklift/metadata.py:116'
    })
  })
  it('refuses a Summary over 512 characters (metadata.py:135)', () => {
    expect(only(withField('summary', ['x'.repeat(513)])).message).toBe(`'summary' field must be 512 characters or less. ${SEE}`)
  })
  it('refuses an Author-email email_validator refuses (metadata.py:158)', () => {
    expect(only(withField('author_email', ['Jane <jane@localhost>'])).message).toBe(
      `'jane@localhost' is not a valid email address: The part after the @-sign is not valid. It should have a period. ${SEE}`
    )
  })
  it('takes several addresses in one field: parseaddr finds none, so nothing is checked (metadata.py:150)', () => {
    expect(checkFormMetadata(withField('author_email', ['a@localhost, b@localhost']))).toEqual([])
  })
  it('refuses an unknown classifier (metadata.py:164)', () => {
    expect(only(withField('classifiers', ['Programming Language :: Cobol :: 2025'])).message).toBe(
      `'Programming Language :: Cobol :: 2025' is not a valid classifier. ${SEE}`
    )
  })
  it('refuses a deprecated classifier, naming its replacement (metadata.py:180)', () => {
    expect(only(withField('classifiers', ['Natural Language :: Ukranian'])).message).toBe(
      `The classifier 'Natural Language :: Ukranian' has been deprecated, use one of ['Natural Language :: Ukrainian'] instead. ${SEE}`
    )
  })
  it('refuses a deprecated classifier without replacement (metadata.py:188)', () => {
    expect(only(withField('classifiers', ['License :: OSI Approved :: Intel Open Source License'])).message).toBe(
      `The classifier 'License :: OSI Approved :: Intel Open Source License' has been deprecated. ${SEE}`
    )
  })
  it('refuses a Home-page that is no http(s) URL (metadata.py:202)', () => {
    expect(only(withField('home_page', ['git@github.com:example/demo.git'])).message).toBe(`'git@github.com:example/demo.git' is not a valid url. ${SEE}`)
  })
  it('refuses a Project-URL label over 32 characters (metadata.py:215)', () => {
    const label = 'Documentation for the current release'
    expect(only(withField('project_urls', [`${label}, https://docs.example.com`])).message).toBe(`'${label}' must be 32 characters or less. ${SEE}`)
  })
  it('refuses a Project-URL without URL (metadata.py:219) and with a bad one (221)', () => {
    expect(only(withField('project_urls', ['Homepage'])).message).toBe(`Must have a URL. ${SEE}`)
    expect(only(withField('project_urls', ['Homepage, ftp://example.com/'])).message).toBe(`'ftp://example.com/' is not a valid url. ${SEE}`)
  })
  it("refuses a Provides-Dist PEP 508 does not parse, with packaging's error (metadata.py:234)", () => {
    const form = wheel(HATCHLING)
    form.push(['provides_dist', 'demo (1.0)'])
    expect(only(form).message).toBe(
      `'demo (1.0)' is invalid: Expected matching RIGHT_PARENTHESIS for LEFT_PARENTHESIS, after version specifier\n    demo (1.0)\n         ~^. ${SEE}`
    )
  })
  it('refuses a Requires-Dist with a direct URL, printed as packaging prints it (metadata.py:259)', () => {
    expect(only(withField('requires_dist', ['Foo[b,a] @ https://example.com/foo.whl ; extra == "Test_X"'])).message).toBe(
      `Can't have direct dependency: Foo[a,b] @ https://example.com/foo.whl ; extra == "test-x". ${SEE}`
    )
  })
  it('refuses Dynamic: Dynamic, which packaging allows and PyPI does not (metadata.py:272)', () => {
    const form = wheel(HATCHLING)
    form.push(['dynamic', 'Dynamic'])
    expect(only(form).message).toBe(`Dynamic field 'dynamic' is not a valid dynamic field. ${SEE}`)
  })
  it('refuses License beside License-Expression (metadata.py:283)', () => {
    const form = wheel(HATCHLING)
    form.push(['license', 'MIT'])
    expect(only(form)).toMatchObject({
      field: 'License',
      message: `License is deprecated when License-Expression is present. Only License-Expression should be present. ${SEE}`
    })
  })
})

describe('packaging 26.2 (warehouse pins it): where it fails with a server error, or words a refusal its own way', () => {
  const HTTP_500 = 'PyPI fails with a server error (HTTP 500) on '
  it('takes a Requires-Dist ending in a newline: the tokenizer END is `$` (packaging/_tokenizer.py:87)', () => {
    expect(checkFormMetadata(withField('requires_dist', ['requests>=2.31\n']))).toEqual([])
    expect(only(withField('requires_dist', ['requests>=2.31\n\n'])).source).toBe('packaging/metadata.py:749')
  })
  it('fails on a marker value ast.literal_eval refuses: SyntaxError escapes Requirement (packaging/_parser.py:371)', () => {
    const breach = only(withField('requires_dist', ["foo; os_name == '\\x4'"]))
    expect(breach.message.startsWith(`${HTTP_500}"foo; os_name == '\\\\x4'": packaging 26.2 raises SyntaxError`)).toBe(true)
    expect(breach.source).toBe('packaging/metadata.py:749')
  })
  it('fails on a specifier SpecifierSet refuses inside a requirement: InvalidSpecifier escapes (packaging/requirements.py:61)', () => {
    expect(only(withField('requires_dist', ['foo===1,2'])).message).toBe(
      `${HTTP_500}'foo===1,2': packaging 26.2 raises InvalidSpecifier (Invalid specifier: '2'), which nothing catches`
    )
    const provides = wheel(HATCHLING)
    provides.push(['provides_dist', 'foo===1,2'])
    expect(only(provides)).toMatchObject({ field: 'Provides-Dist', source: 'warehouse/forklift/metadata.py:229' })
  })
  it("words '.*' after a pre-release with 26.2's one message (packaging/_parser.py:268)", () => {
    expect(only(withField('requires_dist', ['foo==1.0a1.*'])).message).toBe("'foo==1.0a1.*' is invalid for 'requires-dist'. " + SEE)
    const provides = wheel(HATCHLING)
    provides.push(['provides_dist', 'foo==1.0a1.*'])
    expect(only(provides).message).toContain("'foo==1.0a1.*' is invalid: .* suffix can only be used with `==` or `!=` operators")
  })
  it('prints marker values in double quotes, even one holding a double quote (packaging/_parser.py:69)', () => {
    expect(only(withField('requires_dist', ["foo @ https://example.com/foo.whl ; os_name == 'a\"b'"])).message).toBe(
      `Can't have direct dependency: foo @ https://example.com/foo.whl ; os_name == "a"b". ${SEE}`
    )
  })
  it('passes messages through format_map: {field} in a value is replaced, a lone brace fails (packaging/metadata.py:576)', () => {
    expect(only(withField('requires_python', ['{field}'])).message).toBe(`''requires-python'' is invalid for 'requires-python'. ${SEE}`)
    const breach = only(withField('requires_python', ['>=3.9{']))
    expect(breach.message.startsWith(`${HTTP_500}requires-python: packaging 26.2 passes its message`)).toBe(true)
    expect(breach.source).toBe('packaging/metadata.py:576')
    expect(checkFormMetadata(withField('requires_python', ['>=3.9']))).toEqual([])
  })
  it("fails when storing a Requires-Python whose '~=' version Version() refuses, beside another (legacy.py:1821)", () => {
    expect(checkFormMetadata(withField('requires_python', ['~=3.9.poſt1']))).toEqual([])
    expect(only(withField('requires_python', ['~=3.9.poſt1,>=3']))).toMatchObject({
      message: `${HTTP_500}'~=3.9.poſt1,>=3': packaging 26.2 raises AssertionError (str(SpecifierSet) hashes '~=3.9.poſt1', whose version Version() refuses), which nothing catches`,
      source: 'warehouse/forklift/legacy.py:1821'
    })
  })
})

describe('the ports underneath, on cases where Python differs from JavaScript', () => {
  it('versions: Python whitespace and normalization (packaging/version.py:396)', () => {
    expect(parseVersion(' 1.0\x85')?.normalized).toBe('1.0')
    expect(parseVersion('1.0\ufeff')).toBeUndefined()
    expect(parseVersion('V1!02.0-RC.3.POST4.dev5+Abc-1')).toEqual({ normalized: '1!2.0rc3.post4.dev5+abc.1', local: 'abc.1' })
  })
  it("specifiers: IGNORECASE lets 'ſ' stand for 's' in ~= (packaging/specifiers.py:294)", () => {
    expect(parseSpecifierSet('~=1.0.poſt1').specifiers).toEqual(['~=1.0.poſt1'])
    expect(() => parseSpecifierSet('>=1.0.poſt1')).toThrow("Invalid specifier: '>=1.0.poſt1'")
  })
  it("requirements: Python's \\b is Unicode-aware (packaging/_tokenizer.py:82)", () => {
    expect(() => parseRequirement('fooé')).toThrow('Expected package name at the start of dependency specifier')
    expect(parseRequirement('foo; os_name == "\\x41"').marker).toBe('os_name == "A"')
  })
  it('URLs: rfc3986 drops an authority it cannot parse, and checks the port (warehouse/utils/http.py:48)', () => {
    expect(isValidUri('https://exa mple.com/', { requireAuthority: false })).toBe(true)
    expect(isValidUri('https://example.com:65536/', { requireAuthority: false })).toBe(false)
    expect(isValidUri('https://example.com/a[1]', { requireAuthority: false })).toBe(false)
  })
  it('e-mail: strict parseaddr (CPython 3.14) and email_validator 2.3.0', () => {
    expect(parseaddr('Jane (x <jane@example.com>')).toEqual(['', ''])
    expect(emailValidatorError('jane doe@example.com')).toBe('The email address contains invalid characters before the @-sign: SPACE.')
    expect(emailValidatorError('x@xn--bcher-kva.example')).toBeUndefined()
    expect(emailValidatorError('x@☃.example')).toBe("The part after the @-sign is invalid (Codepoint U+2603 at position 1 of '☃' not allowed).")
  })
  it('stays cheap on hostile input: 100 fields of 64 KiB each', () => {
    const hostile = 'a'.repeat(65536)
    const form = wheel(HATCHLING)
    for (const name of ['requires_dist', 'provides_dist', 'classifiers', 'project_urls', 'author_email', 'license_file']) {
      for (let i = 0; i < 16; i++) form.push([name, `${'('.repeat(200)}${hostile} ;;; ${'1'.repeat(5000)}`])
    }
    form.push(
      ['description_content_type', `text/plain; ${'a=b; '.repeat(13000)}`],
      ['home_page', `https://${hostile}:${'9'.repeat(65536)}`],
      ['maintainer_email', `${'a.'.repeat(30000)}@${'b-'.repeat(30000)}.com`],
      ['summary', `${'x'.repeat(65536)}\n`]
    )
    let start = performance.now()
    checkFormMetadata(form)
    expect(performance.now() - start).toBeLessThan(5000)
    // and an ordinary form costs well under a millisecond or two
    start = performance.now()
    for (let i = 0; i < 100; i++) checkFormMetadata(wheel(HATCHLING))
    expect((performance.now() - start) / 100).toBeLessThan(20)
  })
})
