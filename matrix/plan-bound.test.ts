// The plan's search is bounded: on a registry where every order of upgrades is possible it answers
// within its budget, with the best plan found and `complete: false`.
import { describe, expect, it } from 'vitest';
import { computeAdvice } from './advice.ts';
import { computePlan } from './plan.ts';
import { createRegistry, type Registry } from './registry.ts';
import { testData, testRun, type TestRun } from './test-registry.ts';
import type { AppInfo, RunInfo } from './types.ts';

const now = new Date('2026-11-25T10:00:00Z');
const apps: AppInfo[] = Array.from({ length: 8 }, (_v, i) => ({ id: `app${i}`, name: `App ${i}`, series: 1, versioning: 'semver', policy: {} }));
const majors = [1, 2, 3, 4, 5, 6, 7];

/**
 * Eight apps, seven majors each; every release passes in a run of its own, so it is safe whatever the
 * others run, and every one of the 7^8 combinations of majors is reachable. `newestTested: false`
 * tests each app's newest release only beside a release of the next app that no server on this path
 * runs (0.1.0): it could be safe somewhere, never here, so only an exhaustive search could prove a
 * plan best.
 */
function pathological(newestTested: boolean): Registry {
  const releases = Object.fromEntries(apps.map((app) => [app.id, ['0.1.0', ...majors.map((m) => `${m}.0.0`)]]));
  const runs: RunInfo[] = [];
  for (const [i, app] of apps.entries()) {
    for (const m of majors) {
      const elsewhere = m === majors.at(-1) && !newestTested ? { [apps[(i + 1) % apps.length]!.id]: '0.1.0' } : {};
      const run: TestRun = [runs.length + 1, 'pass', 1, { [app.id]: `${m}.0.0`, ...elsewhere }];
      runs.push(testRun(run));
    }
  }
  return createRegistry({ ...testData({ apps, releases }), runs });
}

const installed = Object.fromEntries(apps.map((app) => [app.id, '1.0.0']));

describe('the bound on the search', () => {
  it('answers within its judgement budget with the best plan found and complete: false', () => {
    const plan = computePlan(pathological(false), { installed, includePrereleases: false, hold: [] }, now, { budget: { checks: 40 } });
    expect(plan.complete).toBe(false);
    // The best found is still the best there is: every app on its newest release tested here.
    expect(plan.final).toEqual(Object.fromEntries(apps.map((app) => [app.id, '6.0.0'])));
    expect(plan.steps).toHaveLength(apps.length);
    for (const held of plan.held) expect(held.reason).toMatch(/^7\.0\.0 is untested: tested only with App \d 0 \(run \d+\); this server runs App \d 6$/);
    expectValidSteps(pathological(false), plan.steps);
  });

  it('answers within its region budget where judgements cost nothing', () => {
    const plan = computePlan(pathological(false), { installed, includePrereleases: false, hold: [] }, now, { budget: { checks: Number.POSITIVE_INFINITY, regions: 20 } });
    expect(plan.complete).toBe(false);
    expectValidSteps(pathological(false), plan.steps);
  });

  it('stops when the time passed in says so', () => {
    let asked = 0;
    const plan = computePlan(pathological(false), { installed, includePrereleases: false, hold: [] }, now, {
      budget: { checks: Number.POSITIVE_INFINITY, expired: () => ++asked > 3 },
    });
    expect(plan.complete).toBe(false);
    // Once told, it asks no more: the search stops there.
    expect(asked).toBe(4);
    expectValidSteps(pathological(false), plan.steps);
  });

  it('finishes at once when every app reaches its newest release, however many orders there are', () => {
    const plan = computePlan(pathological(true), { installed, includePrereleases: false, hold: [] }, now, { budget: { checks: 40 } });
    expect(plan.complete).toBe(true);
    expect(plan.final).toEqual(Object.fromEntries(apps.map((app) => [app.id, '7.0.0'])));
    expect(plan.held).toEqual([]);
  });
});

/** Each step is safe and direct where it is taken, by the check's own advice. */
function expectValidSteps(registry: Registry, steps: Array<{ app: string; from: string; to: string }>): void {
  const config = { ...installed };
  for (const step of steps) {
    expect(config[step.app]).toBe(step.from);
    const advice = computeAdvice(registry, { installed: config, includePrereleases: false }, now).apps.find((a) => a.app === step.app)!;
    expect(advice.upgrades.find((u) => u.version === step.to)).toMatchObject({ status: 'safe', direct: true });
    config[step.app] = step.to;
  }
}
