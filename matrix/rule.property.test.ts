// Property tests: the indexed engine against a deliberately simple reference that reads API.md's
// rule literally, scanning every release, run and constraint for each question.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeAdvice } from './advice.ts';
import { confirmations } from './confirmations.ts';
import { buildGrid } from './grid.ts';
import { addConstraint, addRun, createRegistry, removeConstraint, setWithdrawn, upsertRelease, type RegistryData } from './registry.ts';
import type { Advice, AppAdvice, AppInfo, ConstraintInfo, Evidence, Inventory, ReleaseInfo, RunInfo, UpgradeAdvice, UpgradeStatus } from './types.ts';
import { compareParsed, formatVersion, parseVersion, satisfiesRange, seriesOf, type ParsedVersion } from './versions.ts';

const now = new Date('2026-11-25T10:00:00Z');

const apps: AppInfo[] = [
  { id: 'core', series: 1, versioning: 'semver', policy: { maxMajorStep: 1 } },
  { id: 'web', series: 2, versioning: 'semver', policy: {} },
  { id: 'lang', series: 2, versioning: 'semver', policy: { maxMajorStep: 2 } },
];

const universe = ['1.0.0', '1.0.1', '1.1.0', '2.0.0-rc.1', '2.0.0', '2.1.0', '3.0.0', '3.1.0', '4.0.0'];
const ranges = ['>=2.0.0', '<2', '^1.1.0', '>=1.1.0 <3.0.0', '*', '~2.1', '>=3.0.0', '<4.0.0-0'];

interface World {
  data: RegistryData;
  installed: Inventory;
  includePrereleases: boolean;
}

function release(app: AppInfo, version: string, withdrawn: boolean): ReleaseInfo {
  const parsed = parseVersion(version, app.versioning)!;
  return { appId: app.id, version, parsed, prerelease: parsed.pre !== null, withdrawn, withdrawnReason: withdrawn ? `${app.id} ${version} pulled` : null, publishedAt: null };
}

const worldArbitrary: fc.Arbitrary<World> = fc
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

function dedupeIds(runs: RunInfo[]): RunInfo[] {
  const seen = new Set<number>();
  return runs.filter((run) => !seen.has(run.id) && seen.add(run.id));
}

// ---- the reference: literal, slow, no index ----

function referenceAdvice(world: World): Advice {
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
    const safe = candidates.filter((c, i) => upgrades[i]!.status === 'safe');
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
    result.push({
      app: app.id,
      installed: version,
      installedStatus: status(app.id, version, from).status,
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

describe('the engine agrees with the reference', () => {
  it('on the whole advice', () => {
    fc.assert(
      fc.property(worldArbitrary, (world) => {
        const registry = createRegistry(world.data);
        expect(computeAdvice(registry, { installed: world.installed, includePrereleases: world.includePrereleases }, now)).toEqual(referenceAdvice(world));
      }),
      { numRuns: 500 },
    );
  });

  it('when the index is built write by write instead of at once', () => {
    fc.assert(
      fc.property(worldArbitrary, fc.integer({ min: 0, max: 2 ** 31 }), (world, seed) => {
        const { data } = world;
        const registry = createRegistry({ apps: data.apps, releases: [], runs: [], constraints: [] });
        const releases = shuffle(data.releases, seed);
        for (const r of releases) upsertRelease(registry, { ...r, withdrawn: false, withdrawnReason: null });
        for (const run of shuffle(data.runs, seed + 1)) addRun(registry, run);
        addConstraint(registry, { id: 99, appId: 'core', range: '*', requiresAppId: 'web', requiresRange: '<0', reason: 'temporary' });
        for (const c of shuffle(data.constraints, seed + 2)) addConstraint(registry, c);
        for (const r of releases) if (r.withdrawn) setWithdrawn(registry, r.appId, r.version, true, r.withdrawnReason);
        removeConstraint(registry, 99);
        const request = { installed: world.installed, includePrereleases: world.includePrereleases };
        expect(computeAdvice(registry, request, now)).toEqual(computeAdvice(createRegistry(data), request, now));
      }),
      { numRuns: 200 },
    );
  });

  it('on the grid', () => {
    fc.assert(
      fc.property(worldArbitrary, fc.nat(2), fc.nat(2), (world, a, b) => {
        const app = apps[a]!;
        const other = apps[b]!;
        const grid = buildGrid(createRegistry(world.data), app.id, other.id, { includePrereleases: world.includePrereleases })!;
        const eligible = (r: ReleaseInfo) => world.includePrereleases || !r.prerelease;
        const seriesOfRun = (run: RunInfo) => seriesOf(parseVersion(run.components[other.id]!, other.versioning)!, other.series, other.versioning);
        const rows = world.data.releases.filter((r) => r.appId === app.id && eligible(r)).sort((x, y) => compareParsed(y.parsed, x.parsed));
        const columns = [...new Set(world.data.releases.filter((r) => r.appId === other.id && eligible(r)).sort((x, y) => compareParsed(y.parsed, x.parsed)).map((r) => seriesOf(r.parsed, other.series, other.versioning)))];
        expect(grid.rows.map((r) => r.version)).toEqual(rows.map((r) => r.version));
        for (const row of grid.rows) {
          for (const [series, cell] of Object.entries(row.cells)) {
            const runs = world.data.runs
              .filter((run) => run.components[app.id] === row.version && run.components[other.id] !== undefined && seriesOfRun(run) === series)
              .sort((x, y) => y.testedAt.getTime() - x.testedAt.getTime() || y.id - x.id);
            expect(cell).toEqual({ pass: runs.filter((r) => r.verdict === 'pass').length, fail: runs.filter((r) => r.verdict === 'fail').length, latest: runs[0]?.verdict ?? null });
          }
          for (const column of columns) expect(row.cells[column]).toBeDefined();
        }
      }),
      { numRuns: 200 },
    );
  });

  it('on first confirmations', () => {
    fc.assert(
      fc.property(worldArbitrary, (world) => {
        const events = confirmations(createRegistry(world.data));
        const expected = world.data.releases.flatMap((r) => {
          const first = world.data.runs
            .filter((run) => run.verdict === 'pass' && run.components[r.appId] === r.version)
            .sort((x, y) => x.testedAt.getTime() - y.testedAt.getTime() || x.id - y.id)[0];
          return first ? [{ key: `${r.appId}@${r.version}`, runId: first.id, at: first.testedAt.getTime() }] : [];
        });
        expect(events.map((e) => ({ key: `${e.appId}@${e.version}`, runId: e.runId, at: e.at.getTime() })).sort(byKey)).toEqual(expected.sort(byKey));
        for (let i = 1; i < events.length; i++) expect(events[i - 1]!.at.getTime()).toBeGreaterThanOrEqual(events[i]!.at.getTime());
      }),
      { numRuns: 200 },
    );
  });
});

function byKey(a: { key: string }, b: { key: string }): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

function shuffle<T>(items: T[], seed: number): T[] {
  const copy = [...items];
  let state = seed || 1;
  for (let i = copy.length - 1; i > 0; i--) {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    const j = state % (i + 1);
    [copy[i], copy[j]] = [copy[j]!, copy[i]!];
  }
  return copy;
}

describe('the path', () => {
  const versions = ['1.0.0', '1.2.0', '2.0.0', '2.3.0', '3.0.0', '3.1.0', '4.0.0', '5.0.0', '5.5.0', '6.0.0'];
  it('steps up through safe direct candidates only, ending at latestSafe exactly when complete', () => {
    fc.assert(
      fc.property(fc.subarray(versions, { minLength: 1 }), fc.nat(3), fc.integer({ min: 1, max: 2 }), (safeVersions, start, maxMajorStep) => {
        const app: AppInfo = { id: 'core', series: 1, versioning: 'semver', policy: { maxMajorStep } };
        const releases = versions.map((v) => release(app, v, false));
        const runs: RunInfo[] = safeVersions.map((v, i) => ({ id: i + 1, verdict: 'pass', testedAt: now, components: { core: v } }));
        const installed = `${start}.5.0`;
        const world: World = { data: { apps: [app], releases, runs, constraints: [] }, installed: { core: installed }, includePrereleases: false };
        const [advice] = computeAdvice(createRegistry(world.data), { installed: world.installed, includePrereleases: false }, now).apps;
        expect(advice).toEqual(referenceAdvice(world).apps[0]);
        let here = parseVersion(installed)!;
        for (const step of advice!.path) {
          const next = parseVersion(step)!;
          expect(compareParsed(next, here)).toBeGreaterThan(0);
          expect(next.release[0]! - here.release[0]!).toBeLessThanOrEqual(maxMajorStep);
          expect(safeVersions).toContain(step);
          here = next;
        }
        if (advice!.latestSafe !== null) expect(advice!.pathComplete).toBe(advice!.path.at(-1) === advice!.latestSafe);
      }),
      { numRuns: 300 },
    );
  });
});
