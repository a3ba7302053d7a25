// What the pages and feeds are validated against: the change counter of the in-memory registry
// (bumped by every write, caught up by the registry holder) plus the newest watch attempt, since
// the watch health shown on the pages changes on every poll, even one that finds nothing new.
// Costs one tiny query and no rendering.
import { sql } from 'drizzle-orm';
import type { Registry } from '../../matrix/registry.ts';
import type { Clock } from '../clock.ts';
import type { Db } from '../db/database.ts';
import { watchSources } from '../db/schema.ts';
import type { RegistryHolder } from '../registry/holder.ts';

export interface PublicState {
  /** Equal for two reads exactly when nothing a page or feed shows has changed in between. */
  key: string;
  /**
   * When this process first saw this state. A state is first seen after the write that made it
   * committed, so this never goes backwards across writes.
   */
  since: Date;
  /** The index at (at least) this state. */
  registry: Registry;
}

export type ReadPublicState = () => Promise<PublicState>;

// A handful of recent keys is enough: only the current one is ever looked up again.
const rememberedKeys = 16;

export function createPublicStateReader(db: Db, holder: RegistryHolder, clock: Clock): ReadPublicState {
  const firstSeen = new Map<string, Date>();
  return async () => {
    const registry = holder.registry ?? (await holder.ready());
    // Read before the query: data read after it is at least this new.
    const changeSeq = holder.changeSeq;
    const [watched] = await db.select({ at: sql<Date | null>`max(${watchSources.lastAttemptAt})`.mapWith(watchSources.lastAttemptAt) }).from(watchSources);
    const key = `${changeSeq}.${watched?.at ? new Date(watched.at).getTime() : 0}`;
    let since = firstSeen.get(key);
    if (!since) {
      since = clock.now();
      firstSeen.set(key, since);
      if (firstSeen.size > rememberedKeys) firstSeen.delete(firstSeen.keys().next().value!);
    }
    return { key, since, registry };
  };
}
