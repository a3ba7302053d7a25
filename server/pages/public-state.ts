// What the pages and feeds are validated against: the change counter of the in-memory registry,
// bumped by every write (a watch poll too, since the pages show watch health) and caught up by
// the registry holder. Costs no query and no rendering.
import type { Registry } from '../../matrix/registry.ts';
import type { Clock } from '../clock.ts';
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

export function createPublicStateReader(holder: RegistryHolder, clock: Clock): ReadPublicState {
  const firstSeen = new Map<string, Date>();
  return async () => {
    const registry = await holder.current();
    const key = String(holder.changeSeq);
    let since = firstSeen.get(key);
    if (!since) {
      since = clock.now();
      firstSeen.set(key, since);
      if (firstSeen.size > rememberedKeys) firstSeen.delete(firstSeen.keys().next().value!);
    }
    return { key, since, registry };
  };
}
