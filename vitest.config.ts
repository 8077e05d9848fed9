import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Starts a throw-away PostgreSQL for the PostgreSQL suite, or says loudly that it is skipped.
    globalSetup: ['tests/helpers/pgGlobalSetup.ts'],
  },
});
