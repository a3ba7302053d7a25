// One registry holder per running instance, shared by every route that reads the index (check,
// matrix, pages, feeds). Keyed by the instance's change bus: the holder listens to that bus.
import type { Catalog } from '../../scrapers/catalog.ts';
import type { ChangeBus } from '../changes.ts';
import type { Database } from '../db/database.ts';
import type { Logger } from '../logger.ts';
import { createRegistryHolder, type RegistryHolder } from './holder.ts';

export interface RegistryDeps {
  database: Database;
  catalog: Catalog;
  changes: ChangeBus;
  log: Logger;
}

const holders = new WeakMap<ChangeBus, RegistryHolder>();

export function registryFor(deps: RegistryDeps): RegistryHolder {
  let holder = holders.get(deps.changes);
  if (!holder) {
    holder = createRegistryHolder(deps);
    holders.set(deps.changes, holder);
  }
  return holder;
}
