import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{server,scrapers,matrix,client,test}/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // One migrated embedded database for the run, which test files' PGlite and spawned vetted start from.
    globalSetup: ['test/helpers/pglite-template.setup.ts'],
    // Two cores here: a worker per core, each test file with its own in-memory database.
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
