// Property tests: the indexed engine against the deliberately simple reference of test/reference/rule.ts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computeAdvice } from './advice.ts';
import { buildGrid } from './grid.ts';
import { addConstraint, addRun, createRegistry, removeConstraint, setWithdrawn, upsertRelease } from './registry.ts';
import { recentStackEvents, stackEvents } from './stack-events.ts';
import { anyPlatform, judgeOnStack, stackInventory } from './stacks.ts';
import { propertyApps, referenceAdvice, release, worldArbitrary, type World } from '../test/reference/rule.ts';
import type { AppInfo, ReleaseInfo, RunInfo } from './types.ts';
import { compareParsed, parseVersion, seriesOf } from './versions.ts';

const now = new Date('2026-11-25T10:00:00Z');

describe('the engine agrees with the reference', () => {
  it('on the whole advice', () => {
    fc.assert(
      fc.property(worldArbitrary(), (world) => {
        const registry = createRegistry(world.data);
        expect(computeAdvice(registry, { installed: world.installed, includePrereleases: world.includePrereleases }, now)).toEqual(referenceAdvice(world, now));
      }),
      { numRuns: 500 },
    );
  });

  it('with hundreds of runs on a few releases (several bitset words per release)', () => {
    fc.assert(
      fc.property(worldArbitrary(propertyApps, { maxRuns: 400, versions: ['1.0.0', '2.0.0', '2.1.0', '3.0.0'] }), (world) => {
        const registry = createRegistry(world.data);
        expect(computeAdvice(registry, { installed: world.installed, includePrereleases: world.includePrereleases }, now)).toEqual(referenceAdvice(world, now));
      }),
      { numRuns: 150 },
    );
  });

  it('lists per series the newest candidate and the newest safe one (every step of the path among them), each with its deciding run, when asked for a summary', () => {
    fc.assert(
      fc.property(worldArbitrary(), (world) => {
        const registry = createRegistry(world.data);
        const request = { installed: world.installed, includePrereleases: world.includePrereleases };
        const full = computeAdvice(registry, request, now);
        const summary = computeAdvice(registry, { ...request, candidates: 'summary' }, now);
        expect(summary.apps.map((a) => a.app)).toEqual(full.apps.map((a) => a.app));
        for (const [i, app] of summary.apps.entries()) {
          const all = full.apps[i]!;
          const { upgrades, omitted, installedEvidence, ...rest } = app;
          const { upgrades: allUpgrades, installedEvidence: allInstalledEvidence, ...allRest } = all;
          expect(rest).toEqual(allRest);
          expect(installedEvidence).toEqual(allInstalledEvidence?.slice(0, 1));
          const info = propertyApps.find((p) => p.id === app.app)!;
          const seriesOfVersion = (v: string) => seriesOf(parseVersion(v, info.versioning)!, info.series, info.versioning);
          const sameSeries = (u: { version: string }) => (o: { version: string }) => seriesOfVersion(o.version) === seriesOfVersion(u.version);
          const expected = allUpgrades.filter((u, j) =>
            allUpgrades.findIndex(sameSeries(u)) === j
            || (u.status === 'safe' && allUpgrades.findIndex((o) => o.status === 'safe' && sameSeries(u)(o)) === j));
          // A summary quotes only the deciding run.
          expect(upgrades).toEqual(expected.map((u) => (u.evidence ? { ...u, evidence: u.evidence.slice(0, 1) } : u)));
          expect(omitted).toBe(allUpgrades.length - expected.length);
          // What the path steps through is listed, with its evidence.
          for (const step of all.path) expect(upgrades.map((u) => u.version)).toContain(step);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('when the index is built write by write instead of at once', () => {
    fc.assert(
      fc.property(worldArbitrary(), fc.integer({ min: 0, max: 2 ** 31 }), (world, seed) => {
        const { data } = world;
        const registry = createRegistry({ apps: data.apps, releases: [], runs: [], constraints: [] });
        const releases = shuffle(data.releases, seed);
        for (const r of releases) upsertRelease(registry, { ...r, withdrawn: false, withdrawnReason: null });
        for (const run of shuffle(data.runs, seed + 1)) addRun(registry, run);
        addConstraint(registry, { id: 99, appId: 'core', range: '*', requiresAppId: 'web', requiresRange: '<0', reason: 'temporary', createdAt: now });
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
      fc.property(worldArbitrary(), fc.nat(2), fc.nat(2), (world, a, b) => {
        const app = propertyApps[a]!;
        const other = propertyApps[b]!;
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

  it('on the stack events the feeds tell: the newest event about a release agrees with its status on the stack', () => {
    const stacks = [anyPlatform, { id: 'web2', name: 'Web 2.0', components: { web: '2.0' } }, { id: 'both', name: 'Web 1.1 · Lang 3.0', components: { web: '1.1', lang: '3.0' } }];
    fc.assert(
      fc.property(worldArbitrary(), fc.constantFrom(...stacks), (world, stack) => {
        const registry = createRegistry(world.data);
        const events = stackEvents(registry, stack);
        for (let i = 1; i < events.length; i++) expect(events[i - 1]!.at.getTime()).toBeLessThanOrEqual(events[i]!.at.getTime());
        const inventory = stackInventory(registry, stack);
        for (const app of registry.apps.values()) {
          for (const release of app.releases) {
            const mine = events.filter((e) => e.appId === app.info.id && e.version === release.info.version);
            if (release.info.prerelease) {
              expect(mine).toEqual([]);
              continue;
            }
            const status = judgeOnStack(inventory, app, release).status;
            // Confirmed once, then alternating: no longer confirmed, confirmed again, …
            mine.forEach((event, i) => {
              expect(event.kind, `${app.info.id} ${release.info.version} event ${i}`).toSatisfy((kind: string) => (i === 0 ? kind === 'confirmed' : i % 2 === 0 ? kind === 'reconfirmed' : ['broken', 'blocked', 'withdrawn'].includes(kind)));
              expect(event.stack).toBe(stack);
              if (event.kind === 'confirmed' || event.kind === 'reconfirmed' || event.kind === 'broken') expect(event.run?.verdict).toBe(event.kind === 'broken' ? 'fail' : 'pass');
            });
            const last = mine.at(-1);
            if (status === 'safe') expect(last?.kind).toMatch(/^(re)?confirmed$/);
            else if (last) expect(last.kind).toBe(status);
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('on the newest stack events: replaying only the releases that can reach them gives the same tail', () => {
    const stacks = [anyPlatform, { id: 'web2', name: 'Web 2.0', components: { web: '2.0' } }];
    fc.assert(
      fc.property(worldArbitrary(), fc.constantFrom(...stacks), fc.nat(12), fc.boolean(), (world, stack, limit, one) => {
        // Constraints declared and releases withdrawn at different moments, some after the runs.
        const constraints = world.data.constraints.map((c, i) => ({ ...c, createdAt: new Date(Date.UTC(2026, 10, 1 + i * 3)) }));
        const releases = world.data.releases.map((r, i) => (r.withdrawn ? { ...r, withdrawnAt: new Date(Date.UTC(2026, 10, 2 + (i % 6))) } : r));
        const registry = createRegistry({ ...world.data, releases, constraints });
        const apps = one ? new Set(['core']) : null;
        const all = stackEvents(registry, stack, apps);
        expect(recentStackEvents(registry, stack, apps, limit)).toEqual(limit === 0 ? [] : all.slice(-limit));
      }),
      { numRuns: 400 },
    );
  });
});

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
        const app: AppInfo = { id: 'core', name: 'Core', series: 1, versioning: 'semver', policy: { maxMajorStep } };
        const releases = versions.map((v) => release(app, v, false));
        const runs: RunInfo[] = safeVersions.map((v, i) => ({ id: i + 1, verdict: 'pass', testedAt: now, components: { core: v }, failed: null }));
        const installed = `${start}.5.0`;
        const world: World = { data: { apps: [app], releases, runs, constraints: [] }, installed: { core: installed }, includePrereleases: false };
        const [advice] = computeAdvice(createRegistry(world.data), { installed: world.installed, includePrereleases: false }, now).apps;
        expect(advice).toEqual(referenceAdvice(world, now).apps[0]);
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
