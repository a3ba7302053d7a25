// Step 1 of watching an app: which of its sources to poll now, and how. A source backing off
// after failures waits (unless the watch is forced); one whose stored validators are missing or
// stale is read in full. Release and support sources are planned alike, under keys of their own.
import { createHash } from 'node:crypto';
import type { Validators } from '../http/validator-cache.ts';
import type { Source } from '../kinds/index.ts';
import type { SourceHealth } from './watch-store.ts';

export interface PlannedSource<S extends { kind: string } = Source> {
  position: number;
  source: S;
  /** `position:kind` (`support:position:kind` for a support source): the source's key in the watch health. */
  key: string;
  /** Digest of the source's options: its validators are kept per URL and digest. */
  digest: string;
  /** Set when the source is backing off and this watch leaves it alone. */
  backingOffUntil: Date | null;
  /** Read every page unconditionally instead of stopping at known releases. */
  fullRead: boolean;
}

// Backoff after consecutive failures: 15 min doubling per failure, at most a day. An hourly
// schedule so retries a broken source at 15 min, 30 min, 1 h, 2 h … 24 h.
const backoffBaseMs = 15 * 60_000;
const backoffMaxMs = 24 * 60 * 60_000;

export function backoffDelayMs(consecutiveFailures: number): number {
  return Math.min(backoffBaseMs * 2 ** Math.max(consecutiveFailures - 1, 0), backoffMaxMs);
}

// GitHub lists tags by name, not by date, so a new tag can land on a later page while the first
// page (the one asked conditionally) stays the same. Once a day each source is read in full,
// unconditionally and without stopping at known pages, so such a tag waits at most this long.
export const fullReadEveryMs = 24 * 60 * 60_000;

export function planSources<S extends { kind: string }>(
  sources: readonly S[],
  health: ReadonlyMap<string, SourceHealth>,
  storedValidators: ReadonlyMap<string, Validators>,
  now: Date,
  force: boolean,
  /** Prefix of the keys: '' for release sources, `support:` for support sources. */
  keyPrefix = '',
): PlannedSource<S>[] {
  const digestsWithValidators = new Set([...storedValidators.keys()].map((url) => /#source=([0-9a-f]+)$/.exec(url)?.[1]));
  return sources.map((source, position) => {
    const key = `${keyPrefix}${position}:${source.kind}`;
    const digest = sourceDigest(source);
    const backoff = health.get(key)?.nextAttemptAt ?? null;
    const backingOff = !force && backoff !== null && backoff.getTime() > now.getTime();
    // Validators older than a day were left out when loading, so a daily full read falls out of this.
    return { position, source, key, digest, backingOffUntil: backingOff ? backoff : null, fullRead: !digestsWithValidators.has(digest) };
  });
}

/** A short digest of how a source is read; validators are kept per URL and digest. */
export function sourceDigest(source: { kind: string }): string {
  return createHash('sha256').update(JSON.stringify(source)).digest('hex').slice(0, 12);
}
