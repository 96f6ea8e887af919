import { describe, expect, it } from '@jest/globals'
import { canonicalizeLicenseExpression } from '../src/warehouse/licenses.js'
import { isKnownClassifier, deprecatedClassifier, CLASSIFIERS_SOURCE } from '../src/warehouse/classifiers.js'

describe('smoke', () => {
  it('works', () => {
    expect(canonicalizeLicenseExpression('mit and (apache-2.0 or bsd-2-clause)')).toBe('MIT AND (Apache-2.0 OR BSD-2-Clause)')
    expect(isKnownClassifier('License :: OSI Approved :: MIT License')).toBe(true)
    expect(deprecatedClassifier('Natural Language :: Ukranian')).toEqual(['Natural Language :: Ukrainian'])
    expect(CLASSIFIERS_SOURCE.version).toBe('2026.9.21.13')
  })
})
