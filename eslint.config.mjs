// eslint's flat config, after the actions/typescript-action template: eslint's and typescript-eslint's
// recommended rules, jest's for the tests, and prettier's formatting checked as a lint rule.
// `npm run lint` (and __tests__/lint.test.ts, so CI enforces it); `npm run format` rewrites.
import js from '@eslint/js'
import jest from 'eslint-plugin-jest'
import prettier from 'eslint-plugin-prettier/recommended'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', '__tests__/fixtures/', 'examples/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      // `_name` marks a binding kept for its position (a destructured field left out, an unused parameter)
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // outside text is hostile: finding control characters in it is what these patterns are for
      'no-control-regex': 'off'
    }
  },
  {
    // the tests and the local servers read arbitrary JSON (API answers, manifests) to assert on its shape
    files: ['__tests__/**/*.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' }
  },
  {
    files: ['__tests__/**/*.ts'],
    ...jest.configs['flat/recommended'],
    settings: { jest: { version: 30 } },
    rules: {
      ...jest.configs['flat/recommended'].rules,
      // assertions often live in the test's own helpers (expectPublished, publishedNowhere, …)
      'jest/expect-expect': ['error', { assertFunctionNames: ['expect', 'expect*', '*Nowhere', 'assert*', 'check*', 'certify'] }],
      // parametrized tests branch on their case (each branch runs for its cases); afterEach hooks assert
      // that a server saw no protocol violation
      'jest/no-conditional-expect': 'off',
      'jest/no-standalone-expect': 'off'
    }
  },
  prettier
)
