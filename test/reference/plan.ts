// Test support, not used by the service: the whole-stack plan's definition (docs/api.md) read
// literally over the reference rule of rule.ts. Every configuration reachable by valid steps is
// enumerated one single-app step at a time, each step and each status judged by referenceAdvice.
import fc from 'fast-check';
import type { AppAdvice, AppInfo, ConstraintInfo, RunInfo, UpgradeStatus } from '../../matrix/types.ts';
import { readVersion } from '../../matrix/read-version.ts';
import { compareParsed, formatVersion, parseVersion } from '../../matrix/versions.ts';
import { propertyApps, referenceAdvice, release, type World } from './rule.ts';

/** app → canonical version, the server's apps in catalogue order. */
export type Configuration = Record<string, string>;

export interface ReferencePlanSpace {
  /** The inventory as the rule reads it: readable versions only. */
  start: Configuration;
  /** Every configuration reachable from `start` by valid steps, `start` included. */
  reachable: Configuration[];
  /** Whether `app` may step to `to` in `config`: safe, direct, and no app left broken, blocked or withdrawn that was not so before. */
  isValid(config: Configuration, app: string, to: string): boolean;
  /** The advice for `config` as installed, per app. */
  adviceAt(config: Configuration): Map<string, AppAdvice>;
  /** Strictly monotone order of docs/api.md: more apps moved, then newer in catalogue order. */
  compare(a: Configuration, b: Configuration): number;
  /** `a` is at least as new as `b` everywhere and newer somewhere. */
  dominates(a: Configuration, b: Configuration): boolean;
}

const bad: ReadonlySet<UpgradeStatus> = new Set(['broken', 'blocked', 'withdrawn']);
const now = new Date('2026-11-25T10:00:00Z');

export function referencePlanSpace(world: World, hold: readonly string[]): ReferencePlanSpace {
  const { data } = world;
  const start: Configuration = {};
  for (const app of data.apps) {
    if (!(app.id in world.installed)) continue;
    const parsed = readVersion(world.installed[app.id]!, app.versioning);
    if (parsed) start[app.id] = formatVersion(parsed, app.versioning);
  }
  const ids = Object.keys(start);
  const parse = (app: string, version: string) => parseVersion(version, data.apps.find((a) => a.id === app)!.versioning)!;
  const cache = new Map<string, Map<string, AppAdvice>>();
  function adviceAt(config: Configuration): Map<string, AppAdvice> {
    const key = JSON.stringify(config);
    let advice = cache.get(key);
    if (!advice) {
      advice = new Map(referenceAdvice({ ...world, installed: config }, now).apps.map((a) => [a.app, a]));
      cache.set(key, advice);
    }
    return advice;
  }
  const before = adviceAt(start);
  const badBefore = new Set(ids.filter((id) => bad.has(before.get(id)!.installedStatus)));

  function isValid(config: Configuration, app: string, to: string): boolean {
    if (hold.includes(app)) return false;
    const upgrade = adviceAt(config).get(app)!.upgrades.find((u) => u.version === to);
    if (!upgrade || upgrade.status !== 'safe' || !upgrade.direct) return false;
    const after = adviceAt({ ...config, [app]: to });
    return ids.every((id) => badBefore.has(id) || !bad.has(after.get(id)!.installedStatus));
  }

  const reachable: Configuration[] = [start];
  const seen = new Set([JSON.stringify(start)]);
  for (let i = 0; i < reachable.length; i++) {
    const config = reachable[i]!;
    for (const [app, advice] of adviceAt(config)) {
      for (const upgrade of advice.upgrades) {
        if (!isValid(config, app, upgrade.version)) continue;
        const next = { ...config, [app]: upgrade.version };
        const key = JSON.stringify(next);
        if (!seen.has(key)) {
          seen.add(key);
          reachable.push(next);
        }
      }
    }
  }

  // A version's rank: how many eligible releases newer than the installed one it is at or above.
  const ranked = new Map(ids.map((id) => {
    const newer = data.releases
      .filter((r) => r.appId === id && (world.includePrereleases || !r.prerelease) && compareParsed(r.parsed, parse(id, start[id]!)) > 0)
      .map((r) => r.parsed);
    return [id, newer];
  }));
  const rank = (app: string, version: string) => ranked.get(app)!.filter((v) => compareParsed(v, parse(app, version)) <= 0).length;
  const newer = (a: Configuration, b: Configuration, app: string) => compareParsed(parse(app, a[app]!), parse(app, b[app]!));

  return {
    start,
    reachable,
    isValid,
    adviceAt,
    compare(a, b) {
      const moved = (c: Configuration) => ids.filter((id) => c[id] !== start[id]).length;
      if (moved(a) !== moved(b)) return moved(a) - moved(b);
      for (const id of ids) if (rank(id, a[id]!) !== rank(id, b[id]!)) return rank(id, a[id]!) - rank(id, b[id]!);
      return 0;
    },
    dominates(a, b) {
      return ids.every((id) => newer(a, b, id) >= 0) && ids.some((id) => newer(a, b, id) > 0);
    },
  };
}

const universe = ['1.0.0', '1.0.1', '1.1.0', '2.0.0-rc.1', '2.0.0', '2.0.1', '2.1.0', '3.0.0', '3.1.0', '4.0.0'];
const ranges = ['>=2.0.0', '<2', '^1.1.0', '>=1.1.0 <3.0.0', '~2.1', '>=3.0.0', '<4.0.0-0', '!=2.0.1'];

/**
 * Random registries dense enough for plans: every app installed at one of its oldest releases, runs
 * that mostly pass over a few components each (so many steps are safe somewhere and the order of
 * steps matters), failures with blame, constraints, withdrawals and the apps' major-step policies.
 */
export function planWorldArbitrary(apps: AppInfo[] = propertyApps): fc.Arbitrary<World> {
  return fc
  .tuple(
    fc.tuple(...apps.map(() => fc.subarray(universe, { minLength: 2, maxLength: 6 }))),
    fc.array(fc.tuple(
      fc.constantFrom('pass' as const, 'pass' as const, 'pass' as const, 'fail' as const),
      fc.integer({ min: 1, max: 8 }),
      fc.array(fc.option(fc.nat(), { nil: null, freq: 3 }), { minLength: apps.length, maxLength: apps.length }),
      fc.option(fc.array(fc.boolean(), { minLength: apps.length, maxLength: apps.length }), { nil: null }),
    ), { minLength: 4, maxLength: 30 }),
    fc.array(fc.tuple(fc.nat(apps.length - 1), fc.constantFrom(...ranges), fc.nat(apps.length - 1), fc.constantFrom(...ranges)), { maxLength: 2 }),
    fc.array(fc.tuple(fc.nat(apps.length - 1), fc.nat()), { maxLength: 2 }),
    fc.array(fc.option(fc.nat(1), { nil: null, freq: 8 }), { minLength: apps.length, maxLength: apps.length }),
    fc.boolean(),
  )
  .map(([versionsPerApp, runSpecs, constraintSpecs, withdrawnSpecs, installedSpecs, includePrereleases]) => {
    const pick = (a: number, i: number) => versionsPerApp[a]![i % versionsPerApp[a]!.length]!;
    const withdrawn = new Set(withdrawnSpecs.map(([a, i]) => `${apps[a]!.id}@${pick(a, i)}`));
    const releases = apps.flatMap((app, a) => versionsPerApp[a]!.map((v) => release(app, v, withdrawn.has(`${app.id}@${v}`))));
    const runs: RunInfo[] = [];
    runSpecs.forEach(([verdict, when, picks, blame], i) => {
      const components: Record<string, string> = {};
      picks.forEach((choice, a) => {
        if (choice !== null) components[apps[a]!.id] = pick(a, choice);
      });
      if (Object.keys(components).length === 0) return;
      const named = blame === null ? [] : apps.filter((app, a) => blame[a] && components[app.id] !== undefined).map((app) => app.id);
      runs.push({ id: i + 1, verdict, testedAt: new Date(Date.UTC(2026, 10, when)), components, failed: verdict === 'fail' && named.length > 0 ? named : null });
    });
    const constraints: ConstraintInfo[] = constraintSpecs.map(([x, r, y, q], i) => ({
      id: i + 1, appId: apps[x]!.id, range: r, requiresAppId: apps[y]!.id, requiresRange: q, reason: `rule ${i + 1}`, createdAt: new Date(Date.UTC(2026, 9, 1)),
    }));
    const installed: Record<string, string> = {};
    installedSpecs.forEach((spec, a) => {
      if (spec !== null) installed[apps[a]!.id] = [...versionsPerApp[a]!].sort((x, y) => compareParsed(parseVersion(x)!, parseVersion(y)!))[spec]!;
    });
    return { data: { apps, releases, runs, constraints }, installed, includePrereleases };
  });
}
