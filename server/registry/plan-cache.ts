// Answers of /api/v1/plan, computed once per request and registry revision: a plan costs a few
// checks, and a pathological registry up to its bound, so a repeated one must cost nothing.
import { LRUCache } from 'lru-cache';
import { resolveInventory } from '../../matrix/advice.ts';
import { planKey, planResolved, type PlanRequest } from '../../matrix/plan.ts';
import type { Registry } from '../../matrix/registry.ts';
import { dayOf } from '../../matrix/support.ts';
import type { Clock } from '../clock.ts';
import { jsonAnswer, kept, stillCurrent, type JsonAnswer, type KeptAnswer } from '../http/cached-json.ts';

export interface PlanLimits {
  /** Judgements one plan may make, in checks of the same inventory. */
  checks: number;
  /** Most milliseconds one plan may search, by the injected clock. */
  milliseconds: number;
}

export interface PlanCacheOptions {
  clock: Clock;
  /** Ids of the catalogue's platform pieces: tried first when paths tie. */
  platform: ReadonlySet<string>;
  limits: PlanLimits;
  /** Bytes of answers kept. */
  maxBytes?: number;
}

export interface PlanCache {
  answer(registry: Registry, revision: number, request: PlanRequest): JsonAnswer;
}

// A plan answer is a few KB; this keeps thousands of servers' plans.
const defaultMaxBytes = 16 * 1024 * 1024;

export function createPlanCache(options: PlanCacheOptions): PlanCache {
  const cache = new LRUCache<string, KeptAnswer>({
    maxSize: options.maxBytes ?? defaultMaxBytes,
    sizeCalculation: (entry, key) => entry.body.length + key.length,
  });
  return {
    answer(registry, revision, request) {
      const resolved = resolveInventory(registry, request.installed);
      const key = planKey(resolved, request);
      const cached = cache.get(key);
      const day = dayOf(options.clock.now());
      if (stillCurrent(cached, revision, day)) return cached;
      const started = options.clock.now().getTime();
      const budget = { checks: options.limits.checks, expired: () => options.clock.now().getTime() - started > options.limits.milliseconds };
      const answer = jsonAnswer(planResolved(resolved, request, options.clock.now(), { platform: options.platform, budget }));
      cache.set(key, kept(answer, revision, day));
      return answer;
    },
  };
}
