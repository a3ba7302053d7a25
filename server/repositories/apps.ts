import { notInArray } from 'drizzle-orm';
import type { CatalogApp, Catalog } from '../../scrapers/catalog.ts';
import type { Db } from '../db/database.ts';
import { apps } from '../db/schema.ts';
import { seedStacks } from './stacks.ts';

/** Writes the catalogue into the apps table (apps no longer in it are kept but marked) and seeds its stacks once. */
export async function syncCatalog(db: Db, catalog: Catalog): Promise<void> {
  await db.transaction(async (tx) => {
    for (const [position, app] of catalog.apps.entries()) {
      const values = {
        id: app.id, name: app.name, kind: app.kind, homepage: app.homepage, series: app.series,
        versioning: app.versioning, policy: app.policy, position, inCatalog: true, updatedAt: new Date(),
      };
      await tx.insert(apps).values(values).onConflictDoUpdate({ target: apps.id, set: values });
    }
    const ids = catalog.apps.map((app) => app.id);
    await tx.update(apps).set({ inCatalog: false }).where(notInArray(apps.id, ids));
  });
  await seedStacks(db, catalog);
}

/** Looks an app up in the catalogue by id. */
export function findCatalogApp(catalog: Catalog, id: string): CatalogApp | undefined {
  return catalog.apps.find((app) => app.id === id);
}
