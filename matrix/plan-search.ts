// The search behind the whole-stack plan. A step that keeps an app's face (a patch release: same
// series, same side of every constraint's range) changes nothing another app's verdict reads, so it
// needs no place among the other steps; only where the app stands matters, to the later steps that
// must not leave it broken. So the search walks regions, not configurations: per app, the set of
// rungs it may stand on between two face-changing steps, every combination of which is reachable.
// A face-changing step leads from a region to the next, where each other app keeps the rungs on
// which it is still not broken, blocked or withdrawn (unless it was so before the plan) and gains
// the patch releases now safe above them. Every configuration the steps can reach lies in some
// region, and each region's top (every app on its highest rung) is as new as any configuration of
// it, so the best top over all regions is the best reachable configuration.
import { isDirect } from './path.ts';
import { BudgetSpent, isBad, type Configuration, type PlanSpace } from './plan-space.ts';

export interface Region {
  /** Discovery order; breaks ties deterministically. */
  id: number;
  /** Per app, the rungs (ascending) it may stand on here. */
  rungs: number[][];
  /** Every app on its highest rung: reachable, and at least as new as any configuration of the region. */
  top: number[];
  /** The order finals are chosen by: apps moved, then their rungs in catalogue order. */
  score: number[];
  /** The apps whose face-changing steps out of it are still to be looked for, the next first. */
  pending: number[] | null;
  /** Face-changing steps out of it found so far. */
  exits: Exit[];
}

export interface Exit {
  /** The app that changes face. */
  app: number;
  to: Region;
}

export interface SearchResult {
  /** The regions from the installed configuration's to the chosen final's, and the steps between them. */
  regions: Region[];
  movers: number[];
  complete: boolean;
}

export function searchPlan(space: PlanSpace): SearchResult {
  const known = new Map<string, Region>();
  // The installed configuration's region is always built, so even a spent budget answers a plan.
  const root = region(known, startingRungs(space));
  space.charge(true);
  let best = root;
  let complete = false;
  try {
    const ceiling = scoreOf(ceilings(space));
    const stack = [root];
    while (stack.length > 0 && compareScores(best.score, ceiling) < 0) {
      const current = stack.at(-1)!;
      if (!current.pending) {
        space.expand();
        current.pending = lookOrder(space, current);
      }
      // One app at a time, so the search dives after the first steps found instead of judging
      // every candidate of every app before going one step deeper.
      const app = current.pending.shift();
      if (app === undefined) {
        stack.pop();
        continue;
      }
      const fresh: Region[] = [];
      for (const rungs of exitsOf(space, current, app)) {
        const key = keyOf(rungs);
        let to = known.get(key);
        if (!to) {
          to = region(known, rungs, key);
          fresh.push(to);
        }
        current.exits.push({ app, to });
      }
      // Depth first, most promising first: a good final early, so a spent budget still answers well.
      fresh.sort((a, b) => compareScores(a.score, b.score) || b.id - a.id);
      for (const next of fresh) {
        stack.push(next);
        if (compareScores(next.score, best.score) > 0) best = next;
      }
    }
    complete = true;
  } catch (error) {
    if (!(error instanceof BudgetSpent)) throw error;
  } finally {
    space.charge(false);
  }
  const { regions, movers } = shortestPath(space, root, preferSupported(space, [...known.values()], best));
  return { regions, movers, complete };
}

// Tops are compared with this many other regions at most when looking for a better-supported final.
const preferenceChecks = 2_000_000;

/**
 * Among the finals no other found one dominates (every app at least as new, one newer), the one
 * with the fewest apps on a series past its end of support; `best` on a tie. Only finals that no
 * found final dominates qualify, so the plan stays Pareto-maximal: support only chooses between
 * finals the evidence cannot tell apart.
 */
function preferSupported(space: PlanSpace, regions: Region[], best: Region): Region {
  const endedCount = (region: Region) => region.top.reduce((n, rung, app) => n + (space.ended(app, rung) ? 1 : 0), 0);
  const bestEnded = endedCount(best);
  if (bestEnded === 0) return best;
  const better = regions
    .map((region) => ({ region, ended: endedCount(region) }))
    .filter((c) => c.ended < bestEnded)
    .sort((a, b) => a.ended - b.ended || compareScores(b.region.score, a.region.score) || a.region.id - b.region.id);
  let checks = 0;
  for (const { region } of better) {
    if (checks > preferenceChecks) break;
    checks += regions.length;
    if (!regions.some((other) => dominates(other.top, region.top))) return region;
  }
  return best;
}

function dominates(a: readonly number[], b: readonly number[]): boolean {
  let newer = false;
  for (let i = 0; i < a.length; i++) {
    if (a[i]! < b[i]!) return false;
    if (a[i]! > b[i]!) newer = true;
  }
  return newer;
}

function region(known: Map<string, Region>, rungs: number[][], key = keyOf(rungs)): Region {
  const top = rungs.map((list) => list.at(-1)!);
  const created: Region = { id: known.size, rungs, top, score: scoreOf(top), pending: null, exits: [] };
  known.set(key, created);
  return created;
}

function keyOf(rungs: number[][]): string {
  return rungs.map((list) => list.join('.')).join('|');
}

/** Strictly monotone: a configuration at least as new everywhere and newer somewhere scores higher. */
function scoreOf(top: readonly number[]): number[] {
  let moved = 0;
  for (const rung of top) if (rung > 0) moved++;
  return [moved, ...top];
}

export function compareScores(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return 0;
}

/** The installed configuration's region: each app with the patch releases safe where it stands. */
function startingRungs(space: PlanSpace): number[][] {
  const installed = space.apps.map(() => 0);
  return space.apps.map((app, i) => (app.held ? [0] : widen(space, installed, i, [0])));
}

/**
 * `kept` plus every rung of the same face above its lowest that is safe with the others as in
 * `config`: where the app can get by steps that change nothing the others read.
 */
function widen(space: PlanSpace, config: Configuration, app: number, kept: number[]): number[] {
  const { ladder } = space.apps[app]!;
  const low = kept[0]!;
  const face = ladder[low]!.face;
  const rungs = [...kept];
  const have = new Set(kept);
  for (let r = low + 1; r < ladder.length; r++) {
    if (ladder[r]!.face !== face || have.has(r)) continue;
    if (space.status(config, app, r) === 'safe') rungs.push(r);
  }
  return rungs.sort((a, b) => a - b);
}

/** Apps not moved yet first (moving one counts most), then the rest, each in catalogue order. */
function lookOrder(space: PlanSpace, region: Region): number[] {
  const apps = space.apps.flatMap((app, i) => (app.held ? [] : [i]));
  return apps.sort((a, b) => Number(region.top[a]! > 0) - Number(region.top[b]! > 0) || a - b);
}

/** The regions one app's face-changing steps lead to from a region, one per face it can reach. */
function exitsOf(space: PlanSpace, from: Region, app: number): number[][][] {
  const { ladder, entry } = space.apps[app]!;
  const low = from.rungs[app]![0]!;
  const here = ladder[low]!;
  const byFace = new Map<number, number[]>();
  for (let r = low + 1; r < ladder.length; r++) {
    const rung = ladder[r]!;
    // Majors only grow up the ladder: past the first rung out of reach, all are.
    if (!isDirect(entry.info.policy, here.at.parsed, rung.at.parsed)) break;
    if (rung.face === here.face || space.status(from.top, app, r) !== 'safe') continue;
    const targets = byFace.get(rung.face);
    if (targets) targets.push(r);
    else byFace.set(rung.face, [r]);
  }
  const found: number[][][] = [];
  for (const targets of byFace.values()) {
    const rungs = enter(space, from, app, targets);
    if (rungs) found.push(rungs);
  }
  return found;
}

/**
 * The region after `app` steps to one of `targets` (one new face, all safe and direct from its
 * lowest rung): every other app keeps the rungs the step leaves it fit on, and widens from there.
 * Null when some app would have none left: the step is never valid.
 */
function enter(space: PlanSpace, from: Region, app: number, targets: number[]): number[][] | null {
  const config = [...from.top];
  config[app] = targets[0]!;
  const rungs: number[][] = [];
  for (const [i, other] of space.apps.entries()) {
    if (i === app) {
      rungs.push(targets);
      continue;
    }
    const before = from.rungs[i]!;
    const kept = other.badBefore ? before : before.filter((r) => !isBad(space.status(config, i, r)));
    if (kept.length === 0) return null;
    rungs.push(other.held ? kept : widen(space, config, i, kept));
  }
  return rungs;
}

/** Security matters first, then platform pieces, then the apps, each in catalogue order: how ties between steps are broken. */
export function moveOrder(space: PlanSpace): number[] {
  const order = space.apps.map((_app, i) => i);
  const rank = (i: number) => (space.apps[i]!.urgent ? 0 : 2) + (space.apps[i]!.platform ? 0 : 1);
  return order.sort((a, b) => rank(a) - rank(b) || a - b);
}

/**
 * Per app, the highest rung it could ever reach: one that could be safe somewhere, by steps its
 * policy allows through such rungs. No final can be better than all of them at once.
 */
function ceilings(space: PlanSpace): number[] {
  return space.apps.map((app, i) => {
    if (app.held) return 0;
    const { ladder, entry } = app;
    if (entry.info.policy.maxMajorStep === undefined) {
      for (let r = ladder.length - 1; r > 0; r--) if (space.couldBeSafe(i, r)) return r;
      return 0;
    }
    let highest = 0;
    for (let r = 1; r < ladder.length; r++) {
      if (!isDirect(entry.info.policy, ladder[highest]!.at.parsed, ladder[r]!.at.parsed)) break;
      if (space.couldBeSafe(i, r)) highest = r;
    }
    return highest;
  });
}

interface Link {
  from: Region;
  app: number;
}

/**
 * The fewest face-changing steps from the installed region to one whose top is the best found
 * (steps tried platform pieces first, then catalogue order), among the regions the search expanded.
 */
function shortestPath(space: PlanSpace, root: Region, best: Region): { regions: Region[]; movers: number[] } {
  const rank = new Map(moveOrder(space).map((app, i) => [app, i]));
  const byMoveOrder = (exits: Exit[]) => [...exits].sort((a, b) => rank.get(a.app)! - rank.get(b.app)! || a.to.rungs[a.app]![0]! - b.to.rungs[b.app]![0]!);
  const parent = new Map<Region, Link | null>([[root, null]]);
  let queue = [root];
  let target: Region | null = null;
  while (queue.length > 0 && !target) {
    const next: Region[] = [];
    for (const current of queue) {
      if (compareScores(current.score, best.score) === 0 && (!target || current.id < target.id)) target = current;
      for (const exit of byMoveOrder(current.exits)) {
        if (parent.has(exit.to)) continue;
        parent.set(exit.to, { from: current, app: exit.app });
        next.push(exit.to);
      }
    }
    queue = next;
  }
  const regions: Region[] = [];
  const movers: number[] = [];
  for (let at: Region | null = target ?? best; at; ) {
    regions.unshift(at);
    const link: Link | null = parent.get(at) ?? null;
    if (link) movers.unshift(link.app);
    at = link?.from ?? null;
  }
  return { regions, movers };
}
