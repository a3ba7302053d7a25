// The HTTP answers of /api/v1/check against the brute-force reference of test/reference/rule.ts:
// random registries written to the database, read back by a fresh instance's index, asked over HTTP.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { referenceAdvice, worldArbitrary, type World } from './reference/rule.ts';
import type { AppInfo } from '../matrix/types.ts';
import { createApp } from '../server/app.ts';
import { createChangeBus } from '../server/changes.ts';
import { bumpChangeSeq } from '../server/db/change-seq.ts';
import { constraints, releases, runComponents, runs } from '../server/db/schema.ts';
import { createRegistryHolder } from '../server/registry/holder.ts';
import { runIndexEntry } from '../server/repositories/runs.ts';
import { databaseKinds } from './helpers/test-database.ts';
import { startTestApp, type TestApp } from './helpers/test-app.ts';

const now = new Date('2026-11-25T10:00:00Z');

describe.each(databaseKinds)('check over HTTP agrees with the reference on %s', (kind) => {
  let t: TestApp;
  let apps: AppInfo[];
  beforeAll(async () => {
    t = await startTestApp(kind, { clock: { now: () => now } });
    // Three catalogue apps with different series and policies: Nextcloud (1, maxMajorStep 1), Roundcube, PHP.
    apps = ['nextcloud', 'roundcube', 'php'].map((id) => {
      const app = t.deps.catalog.apps.find((a) => a.id === id)!;
      return { id, name: app.name, series: app.series, versioning: app.versioning, policy: app.policy };
    });
  });
  afterAll(async () => {
    await t?.close();
  });

  async function store(world: World): Promise<void> {
    await t.deps.database.db.transaction(async (tx) => {
      // Tables in the order the registry holder's catch-up reads them, so a catch-up running at the
      // same time makes this wait instead of deadlocking with it.
      await tx.execute(sql`truncate ${releases}, ${runs}, ${constraints}, ${runComponents} restart identity`);
      const ids = new Map<string, number>();
      if (world.data.releases.length > 0) {
        const rows = await tx.insert(releases).values(world.data.releases.map((r) => ({
          appId: r.appId, version: r.version, prerelease: r.prerelease, withdrawn: r.withdrawn, withdrawnReason: r.withdrawnReason, origin: 'manual',
          insecure: r.insecure, security: r.security,
        }))).returning({ id: releases.id, appId: releases.appId, version: releases.version });
        for (const row of rows) ids.set(`${row.appId}@${row.version}`, row.id);
      }
      if (world.data.runs.length > 0) {
        const componentsOf = (run: (typeof world.data.runs)[number]) => Object.entries(run.components).map(([appId, version]) => ({
          runId: run.id, appId, version, releaseId: ids.get(`${appId}@${version}`)!, failed: run.failed?.includes(appId) ?? false,
        }));
        await tx.insert(runs).values(world.data.runs.map((run) => ({ id: run.id, verdict: run.verdict, testedAt: run.testedAt, recordedBy: 'property', indexEntry: runIndexEntry(run.verdict, run.testedAt, componentsOf(run)) })));
        const components = world.data.runs.flatMap(componentsOf);
        if (components.length > 0) await tx.insert(runComponents).values(components);
      }
      if (world.data.constraints.length > 0) {
        await tx.insert(constraints).values(world.data.constraints.map((c) => ({ ...c, createdBy: 'property' })));
      }
      await bumpChangeSeq(tx);
    });
  }

  it('for random registries and inventories', async () => {
    await fc.assert(
      fc.asyncProperty(worldArbitrary(apps), async (world) => {
        await store(world);
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
