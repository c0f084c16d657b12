import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // SIEMKIT_PROPERTY_SEED replays a property failure from its printed seed.
    setupFiles: ['test/helpers/property-seed.ts'],
    // Two cores in CI; forks isolate the servers and child processes that integration tests start.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
