// Holds the in-memory registry of one instance: loaded at start, caught up with the database
// after every write. Local writes reach it through the change bus before their response is sent;
// writes of other instances sharing the database through NOTIFY, with a cheap poll of
// registry_state.change_seq as the fallback when a notification is lost (a dropped connection).
import { gt } from 'drizzle-orm';
import { addConstraint, addRun, hasRun, removeConstraint, runCount, setStacks, setSupport, upsertRelease, type Registry } from '../../matrix/registry.ts';
import type { ReleaseInfo } from '../../matrix/types.ts';
import type { Catalog } from '../../scrapers/catalog.ts';
import type { ChangeBus, RegistryChange } from '../changes.ts';
import { changesChannel, readChangeSeq } from '../db/change-seq.ts';
import type { Database } from '../db/database.ts';
import { constraints, releases, runs } from '../db/schema.ts';
import type { Logger } from '../logger.ts';
import { listStacks } from '../repositories/stacks.ts';
import { catalogueSupport, listStoredSupport } from '../repositories/support.ts';
import { appInfos, loadRegistry, loadRuns, releaseColumns, toConstraintInfo, toReleaseInfo } from './load.ts';

export interface RegistryHolderOptions {
  database: Database;
  catalog: Catalog;
  changes: ChangeBus;
  log: Logger;
  /** How often change_seq is compared with the database; 0 turns the poll off. */
  pollMs?: number;
}

export interface RegistryHolder {
  /** The index; null until the first load finished. */
  readonly registry: Registry | null;
  /** Bumped whenever the index changes; answers cached at an older revision are stale. */
  readonly revision: number;
  /** registry_state.change_seq the index reflects. */
  readonly changeSeq: number;
  /** The index once loaded; rejects when the first load failed. */
  ready(): Promise<Registry>;
  /** The index now: at once when loaded, else once the first load finishes. Every read goes through here. */
  current(): Promise<Registry>;
  /** Catches up with every write committed before the call. */
  sync(): Promise<void>;
  close(): Promise<void>;
}

// A lost NOTIFY is noticed within this; the query is one primary-key row.
const defaultPollMs = 5000;

const closedDatabase = /PGlite is closed|Cannot use a pool after calling end/i;

export function createRegistryHolder(options: RegistryHolderOptions): RegistryHolder {
  const { database, catalog, log } = options;
  const { db } = database;
  const apps = new Map(appInfos(catalog).map((app) => [app.id, app]));
  const fromCatalogue = catalogueSupport(catalog);
  let registry: Registry | null = null;
  let revision = 0;
  let changeSeq = -1;
  let closed = false;
  // Loads and catch-ups run one at a time, in order.
  let chain: Promise<unknown> = Promise.resolve();
  let queued: Promise<void> | null = null;
  let stopListening: (() => Promise<void>) | null = null;

  let loading: Promise<Registry> | null = null;

  /** The first load; after a failure the next caller tries again. */
  function ready(): Promise<Registry> {
    if (registry) return Promise.resolve(registry);
    if (loading) return loading;
    loading = enqueue(async () => {
      const started = performance.now();
      const loaded = await loadRegistry(database, catalog);
      registry = loaded.registry;
      changeSeq = loaded.changeSeq;
      revision += 1;
      log.info({ runs: runCount(loaded.registry), releases: loaded.registry.releaseList.length, changeSeq, loadMs: Math.round(performance.now() - started) }, 'registry loaded');
      return loaded.registry;
    });
    loading.catch((error: unknown) => {
      loading = null;
      log.error({ err: error }, 'registry load failed');
    });
    return loading;
  }
  void ready().catch(() => {});

  function enqueue<T>(task: () => Promise<T>): Promise<T> {
    const result = chain.then(task);
    chain = result.catch(() => {});
    return result;
  }

  function sync(): Promise<void> {
    // A catch-up queued but not started yet will see every write committed before now.
    if (queued) return queued;
    const task = enqueue(async () => {
      queued = null;
      await catchUp();
    });
    queued = task;
    return task;
  }

  async function catchUp(): Promise<void> {
    if (!registry || closed) return;
    if ((await readChangeSeq(db)) === changeSeq) return;
    const current = registry;
    // Read everything first, then patch the index in one synchronous step: a check answered
    // meanwhile sees the index before or after the catch-up, never half of it.
    const since = changeSeq;
    const read = await db.transaction(async (tx) => {
      const seq = await readChangeSeq(tx);
      // Only rows written since the index's change_seq (writes stamp what they write, see
      // server/db/change-seq.ts); constraints are few and may be deleted, so all of them.
      // One query at a time: a transaction is one connection.
      const releaseRows = await tx.select(releaseColumns).from(releases).where(gt(releases.changeSeq, since));
      const runIds = await tx.select({ id: runs.id }).from(runs).where(gt(runs.changeSeq, since));
      const constraintRows = await tx.select().from(constraints);
      const stackList = await listStacks(tx);
      const supportList = [...fromCatalogue, ...(await listStoredSupport(tx))];
      const missingRuns = await loadRuns(tx, runIds.map((row) => row.id).filter((id) => !hasRun(current, id)));
      return { seq, releaseRows, missingRuns, constraintRows, stackList, supportList };
    }, { isolationLevel: 'repeatable read', accessMode: 'read only' });
    if (registry !== current) return;
    let changed = 0;
    for (const row of read.releaseRows) {
      const info = toReleaseInfo(row, apps);
      if (!info) continue;
      const known = current.apps.get(info.appId)?.byVersion.get(info.version)?.info;
      if (known && sameRelease(known, info)) continue;
      upsertRelease(current, info);
      changed += 1;
    }
    for (const run of read.missingRuns) addRun(current, run);
    changed += read.missingRuns.length;
    const present = new Set<number>();
    for (const row of read.constraintRows) {
      present.add(row.id);
      if (current.constraints.has(row.id)) continue;
      addConstraint(current, toConstraintInfo(row));
      changed += 1;
    }
    for (const id of [...current.constraints.keys()]) {
      if (present.has(id)) continue;
      removeConstraint(current, id);
      changed += 1;
    }
    if (JSON.stringify(read.stackList) !== JSON.stringify(current.stacks)) {
      setStacks(current, read.stackList);
      changed += 1;
    }
    if (JSON.stringify(read.supportList) !== JSON.stringify(current.supportRecords)) {
      setSupport(current, read.supportList);
      changed += 1;
    }
    changeSeq = read.seq;
    if (changed > 0) revision += 1;
  }

  async function poll(): Promise<void> {
    try {
      await sync();
    } catch (error) {
      if (closedDatabase.test((error as Error)?.message ?? '')) {
        stop();
        return;
      }
      log.warn({ err: error }, 'registry catch-up failed; retrying at the next poll');
    }
  }

  /** What a local write made, straight into the index (idempotent: the catch-up reads it again). */
  function applyWritten(change: RegistryChange): void {
    if (!registry) return;
    if (change.kind === 'release-added' || change.kind === 'release-updated') upsertRelease(registry, change.release);
    else if (change.kind === 'runs-added') for (const run of change.runs) addRun(registry, run);
    else return;
    revision += 1;
  }

  // Queued behind a load in progress, so a write committed after its snapshot is still read.
  const unsubscribe = options.changes.subscribe((change) => {
    applyWritten(change);
    return sync();
  });
  const pollMs = options.pollMs ?? defaultPollMs;
  const timer = pollMs > 0 ? setInterval(() => void poll(), pollMs) : null;
  // The poll must not keep a finished process (a CLI command, a test) alive.
  timer?.unref();
  database.listen(changesChannel, () => void poll()).then(
    (unlisten) => {
      if (closed) void unlisten().catch(() => {});
      else stopListening = unlisten;
    },
    (error: unknown) => log.warn({ err: error }, 'cannot LISTEN for changes; relying on the poll'),
  );

  function stop(): void {
    closed = true;
    if (timer) clearInterval(timer);
    unsubscribe();
  }

  return {
    get registry() {
      return registry;
    },
    get revision() {
      return revision;
    },
    get changeSeq() {
      return changeSeq;
    },
    ready,
    current: () => (registry ? Promise.resolve(registry) : ready()),
    sync,
    async close() {
      stop();
      await stopListening?.().catch(() => {});
      await chain;
    },
  };
}

function sameRelease(a: ReleaseInfo, b: ReleaseInfo): boolean {
  return a.withdrawn === b.withdrawn && a.withdrawnReason === b.withdrawnReason && a.prerelease === b.prerelease && a.insecure === b.insecure && a.security === b.security
    && (a.publishedAt?.getTime() ?? null) === (b.publishedAt?.getTime() ?? null);
}
