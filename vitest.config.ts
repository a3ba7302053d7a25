import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['{server,scrapers,matrix,client,test}/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores here: a worker per core, each test file with its own in-memory database.
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
  },
});
