/** @type {import('jest').Config} */
export default {
  preset: 'ts-jest/presets/default-esm',
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }]
  },
  // the @actions/* packages ship ESM only
  transformIgnorePatterns: ['node_modules/(?!@actions)'],
  testTimeout: 120000,
  // names any missing Python module or command (scripts/system-packages.txt) before a test runs
  globalSetup: '<rootDir>/__tests__/helpers/preflight.mjs',
  maxWorkers: 2
}
