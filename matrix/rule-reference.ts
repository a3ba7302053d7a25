// Test support, not used by the service: the rule of API.md read literally, scanning every
// release, run and constraint for each question, and random registries to try it on. The engine
// (matrix/advice.ts over matrix/registry.ts) and the HTTP API are both checked against it.
import fc from 'fast-check';
import type { RegistryData } from './registry.ts';
import type { Advice, AppAdvice, AppInfo, ConstraintInfo, Evidence, Inventory, ReleaseInfo, RunInfo, UpgradeAdvice, UpgradeStatus } from './types.ts';
import { compareParsed, formatVersion, parseVersion, satisfiesRange, seriesOf, type ParsedVersion } from './versions.ts';

export const propertyApps: AppInfo[] = [
  { id: 'core', series: 1, versioning: 'semver', policy: { maxMajorStep: 1 } },
  { id: 'web', series: 2, versioning: 'semver', policy: {} },
  { id: 'lang', series: 2, versioning: 'semver', policy: { maxMajorStep: 2 } },
];

const universe = ['1.0.0', '1.0.1', '1.1.0', '2.0.0-rc.1', '2.0.0', '2.1.0', '3.0.0', '3.1.0', '4.0.0'];
const ranges = ['>=2.0.0', '<2', '^1.1.0', '>=1.1.0 <3.0.0', '*', '~2.1', '>=3.0.0', '<4.0.0-0'];

export interface World {
  data: RegistryData;
  installed: Inventory;
  includePrereleases: boolean;
}

export function release(app: AppInfo, version: string, withdrawn: boolean): ReleaseInfo {
  const parsed = parseVersion(version, app.versioning)!;
  return { appId: app.id, version, parsed, prerelease: parsed.pre !== null, withdrawn, withdrawnReason: withdrawn ? `${app.id} ${version} pulled` : null, publishedAt: null, insecure: false };
}

/** Random registries over three apps (catalogue order), with an inventory and includePrereleases. */
export function worldArbitrary(apps: AppInfo[] = propertyApps): fc.Arbitrary<World> {
  return fc
  .tuple(
    fc.tuple(...apps.map(() => fc.subarray(universe, { minLength: 1 }))),
    fc.array(fc.tuple(fc.constantFrom('pass' as const, 'pass' as const, 'fail' as const), fc.integer({ min: 1, max: 6 }), fc.array(fc.option(fc.nat(), { nil: null, freq: 2 }), { minLength: 3, maxLength: 3 })), { maxLength: 60 }),
    fc.array(fc.tuple(fc.nat(2), fc.constantFrom(...ranges), fc.nat(2), fc.constantFrom(...ranges)), { maxLength: 2 }),
    fc.array(fc.tuple(fc.nat(2), fc.nat()), { maxLength: 3 }),
    fc.array(fc.option(fc.tuple(fc.constantFrom('1.0.0', '1.0.1', 'v1.1', '2.0.0', ...universe, '0.9', 'v2.1', '5.0.0', 'nope')), { nil: null, freq: 3 }), { minLength: 3, maxLength: 3 }),
    fc.boolean(),
  )
  .map(([versionsPerApp, runSpecs, constraintSpecs, withdrawnSpecs, installedSpecs, includePrereleases]) => {
    const withdrawn = new Set(withdrawnSpecs.map(([a, i]) => `${apps[a]!.id}@${versionsPerApp[a]![i % versionsPerApp[a]!.length]}`));
    const releases = apps.flatMap((app, a) => versionsPerApp[a]!.map((v) => release(app, v, withdrawn.has(`${app.id}@${v}`))));
    const runs: RunInfo[] = runSpecs.map(([verdict, when, picks], i) => {
      const components: Record<string, string> = {};
      picks.forEach((pick, a) => {
        if (pick !== null) components[apps[a]!.id] = versionsPerApp[a]![pick % versionsPerApp[a]!.length]!;
      });
      // Ids not in time order, so order by testedAt is really exercised.
      return { id: ((i * 7) % 41) + 1, verdict, testedAt: new Date(Date.UTC(2026, 10, when)), components };
    });
    const constraints: ConstraintInfo[] = constraintSpecs.map(([x, r, y, q], i) => ({
      id: 10 - i, appId: apps[x]!.id, range: r, requiresAppId: apps[y]!.id, requiresRange: q, reason: `rule ${10 - i}`,
    }));
    const installed: Inventory = {};
    installedSpecs.forEach((spec, a) => {
      if (spec !== null) installed[apps[a]!.id] = spec[0];
    });
    return { data: { apps, releases, runs: dedupeIds(runs), constraints }, installed, includePrereleases };
  });
}

function dedupeIds(runs: RunInfo[]): RunInfo[] {
  const seen = new Set<number>();
  return runs.filter((run) => !seen.has(run.id) && seen.add(run.id));
}

/** The advice, by the letter of the rule: slow, no index. */
export function referenceAdvice(world: World, now: Date): Advice {
  const { data, installed, includePrereleases } = world;
  const appOf = (id: string) => data.apps.find((a) => a.id === id)!;
  const seriesFor = (id: string, version: ParsedVersion) => seriesOf(version, appOf(id).series, appOf(id).versioning);
  const inventory: Record<string, ParsedVersion> = {};
  const unknown: Advice['unknown'] = { apps: Object.keys(installed).filter((id) => !data.apps.some((a) => a.id === id)).sort(), versions: [] };
  for (const app of data.apps) {
    if (!(app.id in installed)) continue;
    const parsed = parseVersion(installed[app.id]!, app.versioning);
    if (!parsed) {
      unknown.versions.push({ app: app.id, version: installed[app.id]! });
      continue;
    }
    inventory[app.id] = parsed;
    const version = formatVersion(parsed, app.versioning);
    if (!data.releases.some((r) => r.appId === app.id && r.version === version)) unknown.versions.push({ app: app.id, version });
  }

  function status(appId: string, version: string, parsed: ParsedVersion): { status: UpgradeStatus; reason?: string; evidence?: Evidence[] } {
    const known = data.releases.find((r) => r.appId === appId && r.version === version);
    if (known?.withdrawn) return { status: 'withdrawn', reason: known.withdrawnReason ?? 'withdrawn by an admin' };
    const upgraded = { ...inventory, [appId]: parsed };
    const blocking = [...data.constraints]
      .sort((a, b) => a.id - b.id)
      .find((c) => (c.appId === appId || c.requiresAppId === appId)
        && upgraded[c.appId] !== undefined && upgraded[c.requiresAppId] !== undefined
        && satisfiesRange(upgraded[c.appId]!, c.range) && !satisfiesRange(upgraded[c.requiresAppId]!, c.requiresRange));
    if (blocking) return { status: 'blocked', reason: blocking.reason };
    const matching = data.runs
      .filter((run) => run.components[appId] === version)
      .filter((run) => Object.keys(inventory).every((other) => other === appId || run.components[other] === undefined
        || seriesFor(other, parseVersion(run.components[other]!, appOf(other).versioning)!) === seriesFor(other, inventory[other]!)))
      .sort((a, b) => b.testedAt.getTime() - a.testedAt.getTime() || b.id - a.id);
    if (matching.length === 0) return { status: 'untested' };
    const evidence = matching.slice(0, 5).map((run) => ({
      run: run.id,
      testedAt: run.testedAt.toISOString(),
      with: Object.fromEntries(Object.entries(run.components).filter(([other]) => other !== appId).map(([other, v]) => [other, seriesFor(other, parseVersion(v, appOf(other).versioning)!)])),
    }));
    return { status: matching[0]!.verdict === 'pass' ? 'safe' : 'broken', evidence };
  }

  const direct = (app: AppInfo, from: ParsedVersion, to: ParsedVersion) =>
    app.policy.maxMajorStep === undefined || to.release[0]! - from.release[0]! <= app.policy.maxMajorStep;

  const result: AppAdvice[] = [];
  for (const app of data.apps) {
    const from = inventory[app.id];
    if (!from) continue;
    const eligible = data.releases
      .filter((r) => r.appId === app.id && (includePrereleases || !r.prerelease))
      .sort((a, b) => compareParsed(b.parsed, a.parsed));
    const candidates = eligible.filter((r) => compareParsed(r.parsed, from) > 0);
    const upgrades: UpgradeAdvice[] = candidates.map((c) => {
      const s = status(app.id, c.version, c.parsed);
      return { version: c.version, status: s.status, direct: direct(app, from, c.parsed), ...(s.reason !== undefined ? { reason: s.reason } : {}), ...(s.evidence ? { evidence: s.evidence } : {}) };
    });
    const safe = candidates.filter((_c, i) => upgrades[i]!.status === 'safe');
    const latestSafe = safe[0] ?? null;
    const path: string[] = [];
    let complete = true;
    if (latestSafe) {
      let here = from;
      while (compareParsed(here, latestSafe.parsed) !== 0) {
        const next = safe.filter((c) => compareParsed(c.parsed, here) > 0 && compareParsed(c.parsed, latestSafe.parsed) <= 0 && direct(app, here, c.parsed))[0];
        if (!next) {
          complete = false;
          break;
        }
        path.push(next.version);
        here = next.parsed;
      }
    }
    const version = formatVersion(from, app.versioning);
    const own = status(app.id, version, from);
    result.push({
      app: app.id,
      installed: version,
      installedStatus: own.status,
      ...(own.reason === undefined ? {} : { installedReason: own.reason }),
      latest: eligible[0]?.version ?? null,
      latestSafe: latestSafe?.version ?? null,
      nextStep: path[0] ?? null,
      path,
      pathComplete: complete,
      upgrades,
    });
  }
  return { generatedAt: now.toISOString(), apps: result, unknown };
}

