// Writes a random registry of test/reference straight to the database, replacing what was there,
// so that a fresh instance's index loads exactly it.
import { sql } from 'drizzle-orm';
import type { RegistryData } from '../../matrix/registry.ts';
import type { RunInfo } from '../../matrix/types.ts';
import { bumpChangeSeq } from '../../server/db/change-seq.ts';
import type { Database } from '../../server/db/database.ts';
import { constraints, releases, runComponents, runs } from '../../server/db/schema.ts';
import { runIndexEntry } from '../../server/repositories/runs.ts';

export async function storeWorld(database: Database, data: RegistryData): Promise<void> {
  await database.db.transaction(async (tx) => {
    // Tables in the order the registry holder's catch-up reads them, so a catch-up running at the
    // same time makes this wait instead of deadlocking with it.
    await tx.execute(sql`truncate ${releases}, ${runs}, ${constraints}, ${runComponents} restart identity`);
    const ids = new Map<string, number>();
    if (data.releases.length > 0) {
      const rows = await tx.insert(releases).values(data.releases.map((r) => ({
        appId: r.appId, version: r.version, prerelease: r.prerelease, withdrawn: r.withdrawn, withdrawnReason: r.withdrawnReason, origin: 'manual',
        insecure: r.insecure, security: r.security,
      }))).returning({ id: releases.id, appId: releases.appId, version: releases.version });
      for (const row of rows) ids.set(`${row.appId}@${row.version}`, row.id);
    }
    if (data.runs.length > 0) {
      const componentsOf = (run: RunInfo) => Object.entries(run.components).map(([appId, version]) => ({
        runId: run.id, appId, version, releaseId: ids.get(`${appId}@${version}`)!, failed: run.failed?.includes(appId) ?? false,
      }));
      await tx.insert(runs).values(data.runs.map((run) => ({
        id: run.id, verdict: run.verdict, testedAt: run.testedAt, recordedBy: 'property', indexEntry: runIndexEntry(run.verdict, run.testedAt, componentsOf(run)),
      })));
      const components = data.runs.flatMap(componentsOf);
      if (components.length > 0) await tx.insert(runComponents).values(components);
    }
    if (data.constraints.length > 0) {
      await tx.insert(constraints).values(data.constraints.map((c) => ({ ...c, createdBy: 'property' })));
    }
    await bumpChangeSeq(tx);
  });
}
