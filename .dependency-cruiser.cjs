// The directions the layers may depend in (README, "How the pieces fit"), checked by `npm test`
// (test/dependency-rules.test.ts). A rule here fails CI, not a review.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle makes two modules one: neither can be read, tested or moved alone.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'matrix-no-io-builtins',
      severity: 'error',
      comment: 'matrix/ is pure logic over plain data: no file system, network, processes or hashing.',
      from: { path: '^matrix/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'matrix-only-pure-packages',
      severity: 'error',
      comment: 'matrix/ may use zod and semver (its tests vitest and fast-check); no database, HTTP or parser packages.',
      from: { path: '^matrix/' },
      to: { path: 'node_modules/', pathNot: 'node_modules/(zod|semver|vitest|fast-check|@vitest)/' },
    },
    {
      name: 'matrix-not-other-layers',
      severity: 'error',
      comment: 'matrix/ is used by the other folders and uses none of them.',
      from: { path: '^matrix/' },
      to: { path: '^(server|scrapers|client)/' },
    },
    {
      name: 'scrapers-not-server-or-client',
      severity: 'error',
      comment: 'The watch run gets its store and lock from the composition root; a source kind gets everything in its context.',
      from: { path: '^scrapers/' },
      to: { path: '^(server|client)/' },
    },
    {
      name: 'client-not-server-or-scrapers',
      severity: 'error',
      comment: 'vetted check runs on the servers being checked and talks to a registry over HTTP only.',
      from: { path: '^client/' },
      to: { path: '^(server|scrapers)/' },
    },
    {
      name: 'production-not-tests',
      severity: 'error',
      comment: 'Tests, the recorded upstreams and test helpers are never part of what runs.',
      from: { path: '^(server|scrapers|client|matrix|bin)/', pathNot: '(\\.test\\.ts|\\.upstream\\.ts)$' },
      to: { path: '^test/|\\.test\\.ts$|\\.upstream\\.ts$' },
    },
  ],
  options: {
    // Packages are leaves: their own imports are not this project's.
    doNotFollow: { path: 'node_modules' },
    // TypeScript 7 has no JavaScript compiler API; swc parses TypeScript, type-only imports included.
    parser: 'swc',
  },
};
