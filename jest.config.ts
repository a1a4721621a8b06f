import type { Config } from 'jest';

// ESM TypeScript: ts-jest transpiles each file on its own (type checking is `npm run typecheck`),
// and `.js` specifiers written for NodeNext resolve to the `.ts` sources.
const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test', '<rootDir>/rules'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json', diagnostics: false }],
  },
  reporters: ['default', '<rootDir>/test/support/summary-reporter.cjs'],
  // One temp folder per run, TMPDIR for tests and their children, removed at the end (CONTRIBUTING "Tests").
  globalSetup: '<rootDir>/test/support/temp-root.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 30_000,
  maxWorkers: 2,
};

export default config;
