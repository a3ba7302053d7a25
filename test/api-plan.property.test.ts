// The HTTP answers of /api/v1/plan on random registries written to the database and read back by a
// fresh instance's index: the same plan as the pure planner over the same data, and by the
// brute-force reference of test/reference/plan.ts each step valid and the final best reachable.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computePlan } from '../matrix/plan.ts';
import { createRegistry } from '../matrix/registry.ts';
import type { AppInfo } from '../matrix/types.ts';
import { createApp } from '../server/app.ts';
import { createChangeBus } from '../server/changes.ts';
import { createRegistryHolder } from '../server/registry/holder.ts';
import { appInfos } from '../server/registry/load.ts';
import { planWorldArbitrary, referencePlanSpace } from './reference/plan.ts';
import { storeWorld } from './helpers/store-world.ts';
import { databaseKinds } from './helpers/test-database.ts';
import { startTestApp, type TestApp } from './helpers/test-app.ts';

const now = new Date('2026-11-25T10:00:00Z');

describe.each(databaseKinds)('plan over HTTP agrees with the planner and the reference on %s', (kind) => {
  let t: TestApp;
  let apps: AppInfo[];
  beforeAll(async () => {
    t = await startTestApp(kind, { clock: { now: () => now } });
    // Nextcloud (series 1, maxMajorStep 1), Roundcube and PHP (a platform piece, tried first on ties).
    const infos = appInfos(t.deps.catalog);
    apps = ['nextcloud', 'roundcube', 'php'].map((id) => infos.find((app) => app.id === id)!);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('for random registries, inventories and holds', async () => {
    const platform = new Set(t.deps.catalog.apps.filter((app) => app.kind === 'platform').map((app) => app.id));
    await fc.assert(
      fc.asyncProperty(planWorldArbitrary(apps), fc.subarray(['nextcloud', 'roundcube', 'php'], { maxLength: 1 }), async (world, hold) => {
        await storeWorld(t.deps.database, world.data);
        const changes = createChangeBus(t.deps.database, t.deps.log);
        const deps = { ...t.deps, changes, registry: createRegistryHolder({ ...t.deps, changes }) };
        const server = createServer(createApp(deps));
        await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
        try {
          const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1/plan`;
          const installed = Object.keys(world.installed).length > 0 ? world.installed : { unknownapp: '1.0' };
          const request = { installed, includePrereleases: world.includePrereleases, hold };
          const expected = computePlan(createRegistry(world.data), request, now, { platform });
          const posted = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request) });
          expect(posted.status).toBe(200);
          const plan = await posted.json();
          expect(plan).toEqual(expected);
          const query = new URLSearchParams({ ...installed, includePrereleases: String(world.includePrereleases), hold: hold.join(',') });
          expect(await (await fetch(`${url}?${query}`)).json()).toEqual(expected);

          const space = referencePlanSpace({ ...world, installed }, hold);
          let config = space.start;
          for (const step of expected.steps) {
            expect(space.isValid(config, step.app, step.to)).toBe(true);
            config = { ...config, [step.app]: step.to };
          }
          for (const other of space.reachable) expect(space.compare(other, config)).toBeLessThanOrEqual(0);
        } finally {
          server.closeAllConnections();
          await new Promise<void>((resolve) => server.close(() => resolve()));
          await deps.registry.close();
        }
      }),
      { numRuns: 10 },
    );
  });
});
