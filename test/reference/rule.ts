// Test support, not used by the service: the rule of docs/api.md read literally, scanning every
// release, run and constraint for each question, and random registries to try it on. The engine
// (matrix/advice.ts over matrix/registry.ts) and the HTTP API are both checked against it.
import fc from 'fast-check';
import type { RegistryData } from '../../matrix/registry.ts';
import { securityReason } from '../../matrix/advice.ts';
import type { Advice, AppAdvice, AppInfo, ConstraintInfo, Evidence, Inventory, ReleaseInfo, RunInfo, UpgradeAdvice, UpgradeStatus } from '../../matrix/types.ts';
import { readVersion } from '../../matrix/read-version.ts';
import { compareParsed, formatVersion, parseVersion, satisfiesRange, seriesOf, type ParsedVersion } from '../../matrix/versions.ts';

export const propertyApps: AppInfo[] = [
  { id: 'core', name: 'Core', series: 1, versioning: 'semver', policy: { maxMajorStep: 1 } },
  { id: 'web', name: 'Web', series: 2, versioning: 'semver', policy: {} },
  { id: 'lang', name: 'Lang', series: 2, versioning: 'semver', policy: { maxMajorStep: 2 } },
];

const universe = ['1.0.0', '1.0.1', '1.1.0', '2.0.0-rc.1', '2.0.0', '2.1.0', '3.0.0', '3.1.0', '4.0.0'];
const ranges = ['>=2.0.0', '<2', '^1.1.0', '>=1.1.0 <3.0.0', '*', '~2.1', '>=3.0.0', '<4.0.0-0'];

export interface World {
  data: RegistryData;
  installed: Inventory;
  includePrereleases: boolean;
}

export function release(app: AppInfo, version: string, withdrawn: boolean, flags: { insecure?: boolean; security?: boolean } = {}): ReleaseInfo {
  const parsed = parseVersion(version, app.versioning)!;
  return {
    appId: app.id, version, parsed, prerelease: parsed.pre !== null, withdrawn,
    withdrawnReason: withdrawn ? `${app.id} ${version} pulled` : null, withdrawnAt: null, publishedAt: null,
    insecure: flags.insecure ?? false, security: flags.security ?? false, tag: version, url: null, firstSeenAt: new Date(Date.UTC(2026, 9, 1)),
  };
}

export interface WorldOptions {
  /** Most runs (default 60); many runs on few releases exercise several bitset words per release. */
  maxRuns?: number;
  /** Versions each app picks from (default all nine of the universe). */
  versions?: string[];
}

/** Random registries over three apps (catalogue order), with an inventory and includePrereleases. */
export function worldArbitrary(apps: AppInfo[] = propertyApps, options: WorldOptions = {}): fc.Arbitrary<World> {
  const maxRuns = options.maxRuns ?? 60;
  // A prime above twice the runs: ids i·7 mod p are distinct and not in time order.
  const idModulus = maxRuns <= 60 ? 41 : 1009;
  return fc
  .tuple(
    fc.tuple(...apps.map(() => fc.subarray(options.versions ?? universe, { minLength: 1 }))),
    fc.array(fc.tuple(
      fc.constantFrom('pass' as const, 'pass' as const, 'fail' as const),
      fc.integer({ min: 1, max: 6 }),
      fc.array(fc.option(fc.nat(), { nil: null, freq: 2 }), { minLength: 3, maxLength: 3 }),
      // Blame: null names none (every component is blamed), else which components failed.
      fc.option(fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }), { nil: null }),
    ), { minLength: maxRuns > 60 ? maxRuns / 2 : 0, maxLength: maxRuns }),
    fc.array(fc.tuple(fc.nat(2), fc.constantFrom(...ranges), fc.nat(2), fc.constantFrom(...ranges)), { maxLength: 2 }),
    fc.array(fc.tuple(fc.nat(2), fc.nat()), { maxLength: 3 }),
    fc.array(fc.option(fc.tuple(fc.constantFrom('1.0.0', '1.0.1', 'v1.1', '2.0.0', ...universe, '0.9', 'v2.1', '5.0.0', 'nope')), { nil: null, freq: 3 }), { minLength: 3, maxLength: 3 }),
    fc.boolean(),
    fc.array(fc.tuple(fc.nat(2), fc.nat(), fc.constantFrom('insecure' as const, 'security' as const)), { maxLength: 3 }),
  )
  .map(([versionsPerApp, runSpecs, constraintSpecs, withdrawnSpecs, installedSpecs, includePrereleases, flagSpecs]) => {
    const pick = (a: number, i: number) => `${apps[a]!.id}@${versionsPerApp[a]![i % versionsPerApp[a]!.length]}`;
    const withdrawn = new Set(withdrawnSpecs.map(([a, i]) => pick(a, i)));
    const flagged = new Set(flagSpecs.map(([a, i, flag]) => `${flag}:${pick(a, i)}`));
    const releases = apps.flatMap((app, a) => versionsPerApp[a]!.map((v) => release(app, v, withdrawn.has(`${app.id}@${v}`), {
      insecure: flagged.has(`insecure:${app.id}@${v}`), security: flagged.has(`security:${app.id}@${v}`),
    })));
    const runs: RunInfo[] = runSpecs.map(([verdict, when, picks, blame], i) => {
      const components: Record<string, string> = {};
      picks.forEach((choice, a) => {
        if (choice !== null) components[apps[a]!.id] = versionsPerApp[a]![choice % versionsPerApp[a]!.length]!;
      });
      const named = blame === null ? [] : apps.filter((app, a) => blame[a] && components[app.id] !== undefined).map((app) => app.id);
      // Ids not in time order, so order by testedAt is really exercised.
      return { id: ((i * 7) % idModulus) + 1, verdict, testedAt: new Date(Date.UTC(2026, 10, when)), components, failed: verdict === 'fail' && named.length > 0 ? named : null };
    });
    const constraints: ConstraintInfo[] = constraintSpecs.map(([x, r, y, q], i) => ({
      id: 10 - i, appId: apps[x]!.id, range: r, requiresAppId: apps[y]!.id, requiresRange: q, reason: `rule ${10 - i}`, createdAt: new Date(Date.UTC(2026, 9, 1)),
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

interface Status {
  status: UpgradeStatus;
  reason?: string;
  evidence?: Evidence[];
}

/** The advice, by the letter of the rule: slow, no index. */
export function referenceAdvice(world: World, now: Date): Advice {
  const { data, installed, includePrereleases } = world;
  const appOf = (id: string) => data.apps.find((a) => a.id === id)!;
  const seriesFor = (id: string, version: ParsedVersion) => seriesOf(version, appOf(id).series, appOf(id).versioning);
  const seriesOfRun = (run: RunInfo, id: string) => seriesFor(id, parseVersion(run.components[id]!, appOf(id).versioning)!);
  const inventory: Record<string, ParsedVersion> = {};
  const unknown: Advice['unknown'] = { apps: Object.keys(installed).filter((id) => !data.apps.some((a) => a.id === id)).sort(), versions: [] };
  for (const app of data.apps) {
    if (!(app.id in installed)) continue;
    const parsed = readVersion(installed[app.id]!, app.versioning);
    if (!parsed) {
      unknown.versions.push({ app: app.id, version: installed[app.id]! });
      continue;
    }
    inventory[app.id] = parsed;
    const version = formatVersion(parsed, app.versioning);
    if (!data.releases.some((r) => r.appId === app.id && r.version === version)) unknown.versions.push({ app: app.id, version });
  }
  const catalogueOrder = (ids: string[]) => data.apps.map((a) => a.id).filter((id) => ids.includes(id));
  const blamedBy = (run: RunInfo) => catalogueOrder(run.failed ?? Object.keys(run.components));
  // Clause 1b: apps present in both the run and the server (the candidate's own app aside) at another series.
  const mismatches = (run: RunInfo, appId: string) => Object.keys(run.components)
    .filter((other) => other !== appId && inventory[other] !== undefined && seriesOfRun(run, other) !== seriesFor(other, inventory[other]!));
  // Clause 1c: for a failure, what it blames that the server does not run.
  const absentBlamed = (run: RunInfo, appId: string) => run.verdict === 'fail' ? blamedBy(run).filter((b) => b !== appId && inventory[b] === undefined) : [];

  function status(appId: string, version: string, parsed: ParsedVersion): Status {
    const known = data.releases.find((r) => r.appId === appId && r.version === version);
    if (known?.withdrawn) return { status: 'withdrawn', reason: known.withdrawnReason ?? 'withdrawn by an admin' };
    const upgraded = { ...inventory, [appId]: parsed };
    const blocking = [...data.constraints]
      .sort((a, b) => a.id - b.id)
      .find((c) => (c.appId === appId || c.requiresAppId === appId)
        && upgraded[c.appId] !== undefined && upgraded[c.requiresAppId] !== undefined
        && satisfiesRange(upgraded[c.appId]!, c.range) && !satisfiesRange(upgraded[c.requiresAppId]!, c.requiresRange));
    if (blocking) return { status: 'blocked', reason: blocking.reason };
    const newestFirst = (a: RunInfo, b: RunInfo) => b.testedAt.getTime() - a.testedAt.getTime() || b.id - a.id;
    const ofCandidate = data.runs.filter((run) => run.components[appId] === version).sort(newestFirst);
    const relevant = ofCandidate.filter((run) => mismatches(run, appId).length === 0 && absentBlamed(run, appId).length === 0);
    if (relevant.length === 0) return { status: 'untested', reason: untestedReason(appId, version, ofCandidate) };
    const evidence = relevant.slice(0, 5).map((run): Evidence => ({
      run: run.id,
      verdict: run.verdict,
      testedAt: run.testedAt.toISOString(),
      with: Object.fromEntries(Object.keys(run.components).filter((other) => other !== appId).map((other) => [other, seriesOfRun(run, other)])),
      ...(run.verdict === 'fail' ? { failed: blamedBy(run) } : {}),
    }));
    return { status: relevant[0]!.verdict === 'pass' ? 'safe' : 'broken', evidence };
  }

  // docs/api.md: the nearest of the 32 newest runs (fewest differences, the newer on a tie).
  function untestedReason(appId: string, version: string, runs: RunInfo[]): string {
    const window = runs.slice(0, 32);
    if (window.length === 0) return `no run of ${version} yet`;
    const size = (run: RunInfo) => mismatches(run, appId).length + absentBlamed(run, appId).length;
    const nearest = window.reduce((best, run) => (size(run) < size(best) ? run : best));
    const name = (id: string) => appOf(id).name;
    const differing = catalogueOrder(mismatches(nearest, appId));
    const tested = differing.map((other) => `${name(other)} ${seriesOfRun(nearest, other)}`).join(' and ');
    const server = differing.map((other) => `${name(other)} ${seriesFor(other, inventory[other]!)}`).join(' and ');
    const absent = absentBlamed(nearest, appId).map((other) => `${name(other)} ${seriesOfRun(nearest, other)}`).join(' and ');
    if (absent === '') return `tested only with ${tested} (run ${nearest.id}); this server runs ${server}`;
    const blamed = `run ${nearest.id} failed with ${absent}, which this server does not run`;
    return tested === '' ? blamed : `${blamed}; it was tested with ${tested}, this server runs ${server}`;
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
      return {
        version: c.version, status: s.status, direct: direct(app, from, c.parsed),
        ...(s.reason !== undefined ? { reason: s.reason } : {}), ...(s.evidence ? { evidence: s.evidence } : {}),
        ...(c.insecure ? { insecure: true as const } : {}), ...(c.security ? { security: true as const } : {}),
      };
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
    const installedRelease = data.releases.find((r) => r.appId === app.id && r.version === version);
    // Security urgency: the installed version listed as vulnerable, or a fix the upgrade to latestSafe takes.
    const fixes = latestSafe ? candidates.filter((c) => c.security && compareParsed(c.parsed, latestSafe.parsed) <= 0).map((c) => c.version) : [];
    const insecure = installedRelease?.insecure ?? false;
    const security = insecure || fixes.length > 0
      ? { installedInsecure: insecure, fixes, upgradeTo: latestSafe?.version ?? null, reason: securityReason(version, insecure, fixes, latestSafe?.version ?? null) }
      : null;
    result.push({
      app: app.id,
      installed: version,
      installedStatus: own.status,
      ...(own.reason === undefined ? {} : { installedReason: own.reason }),
      ...(own.evidence === undefined ? {} : { installedEvidence: own.evidence }),
      ...(installedRelease?.insecure ? { installedInsecure: true as const } : {}),
      ...(security ? { security } : {}),
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
