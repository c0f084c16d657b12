import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Two cores in CI; forks isolate the servers and child processes that integration tests start.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
