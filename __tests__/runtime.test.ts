import { describe, expect, it } from '@jest/globals'
import * as core from '@actions/core'

describe('runtime', () => {
  it('runs the suite on Node 24, the runtime action.yml declares', () => {
    expect(process.version).toMatch(/^v24\./)
  })

  it('loads the ESM-only toolkit', () => {
    expect(typeof core.getInput).toBe('function')
  })
})
