// packaging 26.2's Requirement, SpecifierSet and Version (src/warehouse/pep508.ts), on the cases where 26.2, the
// release warehouse pins, reads differently from 26.3. Each expectation was checked against packaging 26.2.
import { describe, expect, it } from '@jest/globals'
import { InvalidRequirement, PackagingCrash, parseRequirement, parseSpecifierSet, requirementString, specifierSetString } from '../src/warehouse/pep508.js'

const crashOf = (text: string): string | undefined => {
  try {
    parseRequirement(text)
  } catch (error) {
    if (error instanceof PackagingCrash) return error.exception
    throw error
  }
  return undefined
}

describe('packaging 26.2 Requirement', () => {
  it('ends at `$`: one final newline is allowed, two are not (packaging/_tokenizer.py:87)', () => {
    expect(requirementString(parseRequirement('foo>=1\n'))).toBe('foo>=1')
    expect(() => parseRequirement('foo>=1\n\n')).toThrow(InvalidRequirement)
    expect(() => parseRequirement('foo>=1\nx')).toThrow(InvalidRequirement)
  })
  it('lets SyntaxError escape for a bad quoted marker value (packaging/_parser.py:371)', () => {
    expect(crashOf("foo; os_name == '\\x4'")).toBe('SyntaxError')
    expect(crashOf("foo; os_name == 'ok'")).toBeUndefined()
  })
  it('lets InvalidSpecifier escape for a specifier SpecifierSet refuses (packaging/requirements.py:61)', () => {
    expect(crashOf('foo===1,2')).toBe('InvalidSpecifier')
    expect(crashOf('foo===1')).toBeUndefined()
  })
  it("has one message for '.*' after any specifier (packaging/_parser.py:268)", () => {
    expect(() => parseRequirement('foo==1.0a1.*')).toThrow('.* suffix can only be used with `==` or `!=` operators')
    expect(() => parseRequirement('foo>=1.0.*')).toThrow('.* suffix can only be used with `==` or `!=` operators')
  })
  it('normalizes only top-level extra comparisons and prints values in double quotes (packaging/markers.py:152, _parser.py:69)', () => {
    expect(parseRequirement('foo; extra == "A_b"').marker).toBe('extra == "a-b"')
    expect(parseRequirement('foo; (extra == "A_b")').marker).toBe('extra == "A_b"')
    expect(parseRequirement('foo; "A_b" in extras').marker).toBe('"A_b" in extras')
    expect(parseRequirement(`foo; os_name == 'a"b'`).marker).toBe('os_name == "a"b"')
  })
  it('drops the parentheses of a doubly parenthesized group (packaging/markers.py:190)', () => {
    expect(parseRequirement('foo; ((os_name == "a" or os_name == "b")) and extra == "x"').marker).toBe('os_name == "a" or os_name == "b" and extra == "x"')
    expect(parseRequirement('foo; (os_name == "a" or os_name == "b") and extra == "x"').marker).toBe('(os_name == "a" or os_name == "b") and extra == "x"')
  })
})

describe('packaging 26.2 SpecifierSet', () => {
  it('prints specifiers sorted, dropping those equal to an earlier one (packaging/specifiers.py:1407)', () => {
    expect(specifierSetString(parseSpecifierSet('==1.0.0,==1,>=2'))).toBe('==1,>=2')
    expect(specifierSetString(parseSpecifierSet('~=1.0,~=1.0.0'))).toBe('~=1.0,~=1.0.0')
  })
  it("fails to print two specifiers when a '~=' version is one Version() refuses (packaging/specifiers.py:630)", () => {
    expect(specifierSetString(parseSpecifierSet('~=1.0.poſt1'))).toBe('~=1.0.poſt1')
    expect(() => specifierSetString(parseSpecifierSet('~=1.0.poſt1,>=1'))).toThrow(PackagingCrash)
  })
})
