import type { Config } from 'jest';

/**
 * API tests: unit specs beside the code (`src/**\/*.spec.ts`) and HTTP/integration specs under `test/<module>/`
 * (auth, cart, flash-sale, holds, orders, payments, products, sale-operations, platform), with their helpers in
 * `test/support/` (http: test apps and requests; fixtures: data builders; processes: API processes, faults,
 * local services).
 * Integration specs talk to the real Redis, FerretDB and stripe-mock that `npm run services:start` runs;
 * each jest worker gets its own MongoDB database and Redis database (see test/support/test-env.ts).
 */
const config: Config = {
  rootDir: '../..',
  roots: ['<rootDir>/apps/api/src', '<rootDir>/apps/api/test'],
  testMatch: ['**/*.spec.ts'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/apps/api/tsconfig.jest.json' }],
  },
  moduleNameMapper: {
    '^@flashline/contracts$': '<rootDir>/libs/contracts/src',
    '^@api/(.*)$': '<rootDir>/apps/api/src/$1',
  },
  setupFiles: ['<rootDir>/apps/api/test/support/test-env.ts'],
  testEnvironment: 'node',
  maxWorkers: 2,
  testTimeout: 60_000,
};

export default config;
