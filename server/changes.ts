// After a write commits, its change is published here: in-process listeners (the in-memory
// registry) apply it at once, and other instances sharing the database hear a NOTIFY.
import type { ReleaseInfo, RunInfo } from '../matrix/types.ts';
import type { Database } from './db/database.ts';
import { changesChannel } from './db/change-seq.ts';
import type { Logger } from './logger.ts';

/**
 * A change as its write made it. Releases and runs travel with their data, so this instance's index
 * takes them even when the catch-up read that follows fails (the database went away right after
 * the commit): a write that was acknowledged is always in the index that answered it.
 */
export type RegistryChange =
  | { kind: 'release-added'; release: ReleaseInfo }
  | { kind: 'release-updated'; release: ReleaseInfo }
  | { kind: 'releases-watched'; appIds: string[] }
  | { kind: 'runs-added'; runs: RunInfo[] }
  | { kind: 'constraint-added'; constraintId: number }
  | { kind: 'constraint-removed'; constraintId: number }
  | { kind: 'stacks-changed' }
  | { kind: 'support-changed' };

export type ChangeListener = (change: RegistryChange) => void | Promise<void>;

export interface ChangeBus {
  publish(change: RegistryChange): Promise<void>;
  subscribe(listener: ChangeListener): () => void;
}

export function createChangeBus(database: Database, log: Logger): ChangeBus {
  const listeners = new Set<ChangeListener>();
  return {
    async publish(change) {
      for (const listener of listeners) {
        try {
          await listener(change);
        } catch (error) {
          log.error({ err: error, change }, 'change listener failed');
        }
      }
      await database.notify(changesChannel).catch((error: unknown) => log.warn({ err: error }, 'could not notify other instances'));
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
