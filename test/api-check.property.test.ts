// The HTTP answers of /api/v1/check against the brute-force reference of test/reference/rule.ts:
// random registries written to the database, read back by a fresh instance's index, asked over HTTP.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referenceAdvice, worldArbitrary } from './reference/rule.ts';
import type { AppInfo } from '../matrix/types.ts';
import { createApp } from '../server/app.ts';
import { createChangeBus } from '../server/changes.ts';
import { createRegistryHolder } from '../server/registry/holder.ts';
import { appInfos } from '../server/registry/load.ts';
import { storeWorld } from './helpers/store-world.ts';
import { databaseKinds } from './helpers/test-database.ts';
import { startTestApp, type TestApp } from './helpers/test-app.ts';

const now = new Date('2026-11-25T10:00:00Z');

describe.each(databaseKinds)('check over HTTP agrees with the reference on %s', (kind) => {
  let t: TestApp;
  let apps: AppInfo[];
  beforeAll(async () => {
    t = await startTestApp(kind, { clock: { now: () => now } });
    // Three catalogue apps with different series and policies: Nextcloud (1, maxMajorStep 1), Roundcube, PHP.
    const infos = appInfos(t.deps.catalog);
    apps = ['nextcloud', 'roundcube', 'php'].map((id) => infos.find((app) => app.id === id)!);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('for random registries and inventories', async () => {
    await fc.assert(
      fc.asyncProperty(worldArbitrary(apps), async (world) => {
        await storeWorld(t.deps.database, world.data);
        // A fresh instance: its index is loaded from what was just written.
        const changes = createChangeBus(t.deps.database, t.deps.log);
        const deps = { ...t.deps, changes, registry: createRegistryHolder({ ...t.deps, changes }) };
        const server = createServer(createApp(deps));
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        try {
          const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/check`;
          // A check must name at least one app; an unknown one stands in for an empty inventory.
          const installed = Object.keys(world.installed).length > 0 ? world.installed : { unknownapp: '1.0' };
          const expected = referenceAdvice({ ...world, installed }, now);
          const posted = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ installed, includePrereleases: world.includePrereleases }) });
          expect(posted.status).toBe(200);
          expect(await posted.json()).toEqual(expected);
          const query = new URLSearchParams({ ...installed, includePrereleases: String(world.includePrereleases) });
          const got = await fetch(`${url}?${query}`);
          expect(await got.json()).toEqual(expected);
        } finally {
          server.closeAllConnections();
          await new Promise<void>((resolve) => server.close(() => resolve()));
          await deps.registry.close();
        }
      }),
      { numRuns: 25 },
    );
  });
});
