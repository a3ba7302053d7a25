// After a write commits, its change is published here: in-process listeners (the in-memory
// registry) apply it at once, and other instances sharing the database hear a NOTIFY.
import type { Database } from './db/database.ts';
import { changesChannel } from './db/change-seq.ts';
import type { Logger } from './logger.ts';

export type RegistryChange =
  | { kind: 'release-added'; appId: string; version: string }
  | { kind: 'release-updated'; appId: string; version: string }
  | { kind: 'releases-watched'; appIds: string[] }
  | { kind: 'runs-added'; runIds: number[] }
  | { kind: 'constraint-added'; constraintId: number }
  | { kind: 'constraint-removed'; constraintId: number }
  | { kind: 'stacks-changed' };

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
