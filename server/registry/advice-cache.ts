// Answers of /api/v1/check, serialised once per inventory and registry revision: a repeated check
// costs a few version parses and a cache lookup, whatever the size of the registry.
import { LRUCache } from 'lru-cache';
import { adviseResolved, requestKey, resolveInventory, type CandidateList } from '../../matrix/advice.ts';
import type { Registry } from '../../matrix/registry.ts';
import { dayOf } from '../../matrix/support.ts';
import type { Inventory } from '../../matrix/types.ts';
import type { Clock } from '../clock.ts';
import { jsonAnswer, kept, stillCurrent, type JsonAnswer, type KeptAnswer } from '../http/cached-json.ts';

export interface AdviceCacheOptions {
  clock: Clock;
  /** Bytes of answers kept; a 10-app answer over a large registry is a few hundred KB. */
  maxBytes?: number;
}

export interface AdviceCache {
  answer(registry: Registry, revision: number, installed: Inventory, includePrereleases: boolean, candidates?: CandidateList): JsonAnswer;
}

const defaultMaxBytes = 64 * 1024 * 1024;
// Inventories remembered as asked once: an answer is kept from the second time it is asked.
const maxAskedOnce = 50_000;

export function createAdviceCache(options: AdviceCacheOptions): AdviceCache {
  const cache = new LRUCache<string, KeptAnswer>({
    maxSize: options.maxBytes ?? defaultMaxBytes,
    sizeCalculation: (entry, key) => entry.body.length + key.length,
  });
  // Most servers send an inventory of their own, asked once and not again until it changes or the
  // next day's check: keeping every such answer would churn megabytes of memory (and the garbage
  // collector) for no hit. A key is cheap to remember; its answer is kept once it is asked again.
  const askedOnce = new LRUCache<string, true>({ max: maxAskedOnce });
  return {
    answer(registry, revision, installed, includePrereleases, candidates = 'all') {
      const now = options.clock.now();
      const day = dayOf(now);
      // Reading the inventory is the cheap part of a check: a release's own spelling is looked up, not parsed.
      const resolved = resolveInventory(registry, installed);
      const key = requestKey(resolved, includePrereleases, candidates);
      const cached = cache.get(key);
      if (stillCurrent(cached, revision, day)) return cached;
      const answer = jsonAnswer(adviseResolved(resolved, includePrereleases, now, candidates));
      if (cached || askedOnce.has(key)) cache.set(key, kept(answer, revision, day));
      else askedOnce.set(key, true);
      return answer;
    },
  };
}
