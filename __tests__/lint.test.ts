// eslint (its and typescript-eslint's recommended rules, jest's for the tests) and prettier's formatting,
// as eslint.config.mjs sets them, over the whole repository: CI runs the suite, so CI enforces both.
// `npm run lint` shows the same findings; `npm run format` fixes the formatting ones.
import { describe, expect, it } from '@jest/globals'
import { ESLint } from 'eslint'
import { ROOT } from './helpers/action.js'

describe('lint', () => {
  it('finds nothing in the sources, tests, servers, benchmarks and scripts', async () => {
    const eslint = new ESLint({ cwd: ROOT })
    const results = await eslint.lintFiles(['.'])
    const findings = results.flatMap(result =>
      result.messages.map(message => `${result.filePath.slice(ROOT.length + 1)}:${message.line}:${message.column} ${message.ruleId ?? ''} ${message.message}`)
    )
    expect(findings).toEqual([])
    // it looked at the code, not at nothing
    expect(results.length).toBeGreaterThan(100)
  }, 120_000)
})
