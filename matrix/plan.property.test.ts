// Property tests: the planner against the brute-force reference of test/reference/plan.ts, which
// enumerates every configuration reachable by valid steps in small random registries.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { computePlan } from './plan.ts';
import { createRegistry } from './registry.ts';
import type { Plan } from './contract.ts';
import { planWorldArbitrary, referencePlanSpace, type Configuration, type ReferencePlanSpace } from '../test/reference/plan.ts';
import { propertyApps, worldArbitrary, type World } from '../test/reference/rule.ts';

const now = new Date('2026-11-25T10:00:00Z');
const holdArbitrary = fc.subarray(propertyApps.map((app) => app.id), { maxLength: 2 });

function planOf(world: World, hold: string[], checks?: number): Plan {
  const request = { installed: world.installed, includePrereleases: world.includePrereleases, hold };
  return computePlan(createRegistry(world.data), request, now, checks === undefined ? {} : { budget: { checks } });
}

/** Replays the plan's steps, checking each against the reference; returns where they lead. */
function replay(plan: Plan, space: ReferencePlanSpace): Configuration {
  let config = space.start;
  for (const step of plan.steps) {
    expect(step.from).toBe(config[step.app]);
    expect(space.isValid(config, step.app, step.to)).toBe(true);
    expect(step.evidence).toEqual(space.adviceAt(config).get(step.app)!.upgrades.find((u) => u.version === step.to)!.evidence);
    config = { ...config, [step.app]: step.to };
  }
  return config;
}

/** docs/api.md: a step is needed for a later one when, with its app back where it stood before it, the later one would not be valid. */
function expectedUnlocks(plan: Plan, space: ReferencePlanSpace): string[][] {
  const unlocks: string[][] = plan.steps.map(() => []);
  const names = new Map(propertyApps.map((app) => [app.id, app.name]));
  const latest = new Map<string, number>();
  let config = space.start;
  for (const [index, step] of plan.steps.entries()) {
    for (const [app, earlier] of latest) {
      if (!space.isValid({ ...config, [app]: plan.steps[earlier]!.from }, step.app, step.to)) unlocks[earlier]!.push(`needed for ${names.get(step.app)} ${step.to}`);
    }
    config = { ...config, [step.app]: step.to };
    latest.set(step.app, index);
  }
  return unlocks;
}

describe('the plan agrees with the reference', () => {
  it('takes only valid steps, to the best reachable configuration, which no reachable one dominates', () => {
    fc.assert(
      fc.property(fc.oneof(planWorldArbitrary(), worldArbitrary()), holdArbitrary, (world, hold) => {
        const plan = planOf(world, hold);
        const space = referencePlanSpace(world, hold);
        const final = replay(plan, space);
        expect(plan.final).toEqual(final);
        expect(plan.complete).toBe(true);
        for (const other of space.reachable) {
          expect(space.dominates(other, final)).toBe(false);
          expect(space.compare(other, final)).toBeLessThanOrEqual(0);
        }
        expect(plan.steps.map((step) => step.unlocks)).toEqual(expectedUnlocks(plan, space));
      }),
      { numRuns: 300 },
    );
  });

  it('lists every app left below its newest release, with a reason', () => {
    fc.assert(
      fc.property(planWorldArbitrary(), holdArbitrary, (world, hold) => {
        const plan = planOf(world, hold);
        const space = referencePlanSpace(world, hold);
        const advice = space.adviceAt(plan.final);
        const below = [...advice.values()].filter((a) => a.latest !== null && a.upgrades.some((u) => u.version === a.latest));
        expect(plan.held.map((h) => [h.app, h.at, h.newest])).toEqual(below.map((a) => [a.app, a.installed, a.latest]));
        for (const held of plan.held) {
          if (hold.includes(held.app)) expect(held.reason).toBe('held by request');
          else expect(held.reason).toMatch(/\S/);
        }
      }),
      { numRuns: 150 },
    );
  });

  it('gives the same answer on every call', () => {
    fc.assert(
      fc.property(planWorldArbitrary(), holdArbitrary, (world, hold) => {
        expect(planOf(world, hold)).toEqual(planOf(world, hold));
      }),
      { numRuns: 100 },
    );
  });

  it('still takes only valid steps when the budget stops the search, and says so unless it had finished', () => {
    fc.assert(
      fc.property(planWorldArbitrary(), holdArbitrary, fc.double({ min: 0, max: 3, noNaN: true }), (world, hold, checks) => {
        const plan = planOf(world, hold, checks);
        const space = referencePlanSpace(world, hold);
        const final = replay(plan, space);
        if (plan.complete) {
          for (const other of space.reachable) expect(space.compare(other, final)).toBeLessThanOrEqual(0);
        }
      }),
      { numRuns: 150 },
    );
  });
});
