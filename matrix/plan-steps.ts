// From the regions the search chose to the steps a sysadmin takes: each app's own moves, as few as
// the regions allow, in order (each face-changing step, then the patch steps it makes possible),
// with the runs that make each step safe and the later steps each one is needed for.
import { isDirect } from './path.ts';
import { isBad, type Configuration, type PlanSpace } from './plan-space.ts';
import { moveOrder, type Region } from './plan-search.ts';
import type { Evidence } from './types.ts';

export interface Move {
  app: number;
  from: number;
  to: number;
}

export interface ExplainedMove extends Move {
  evidence: Evidence[];
  /** Indices of later moves that would not be valid without this one. */
  unlocks: number[];
}

/** Whether `app` may step to rung `to` in `config` (docs/api.md, "Whole-stack plan"). */
export function isValidStep(space: PlanSpace, config: Configuration, app: number, to: number): boolean {
  const { ladder, entry } = space.apps[app]!;
  const from = config[app]!;
  if (to <= from || !isDirect(entry.info.policy, ladder[from]!.at.parsed, ladder[to]!.at.parsed)) return false;
  if (space.status(config, app, to) !== 'safe') return false;
  const after = [...config];
  after[app] = to;
  return space.apps.every((other, j) => j === app || other.badBefore || !isBad(space.status(after, j, after[j]!)));
}

/** The moves through `regions` (`movers[p]` changes face between regions p and p + 1) to the last one's top. */
export function movesThrough(space: PlanSpace, regions: Region[], movers: number[]): Move[] {
  const byPhase: Move[][] = regions.map(() => []);
  const perApp = space.apps.map((_app, i) => trajectory(space, regions, movers, i));
  for (const app of moveOrder(space)) {
    for (const { phase, from, to } of perApp[app]!) {
      // The face-changing step opens its phase; the patch steps it allows follow.
      if (phase > 0 && movers[phase - 1] === app) byPhase[phase]!.unshift({ app, from, to });
      else byPhase[phase]!.push({ app, from, to });
    }
  }
  return byPhase.flat();
}

interface Node {
  moves: number;
  /** The rung it stood on at the end of the previous phase (this one's own, in phase 0: the installed rung). */
  from: number;
  moved: boolean;
}

/** One app's fewest moves through the regions to its top rung in the last one. */
function trajectory(space: PlanSpace, regions: Region[], movers: number[], app: number): Array<{ phase: number } & Omit<Move, 'app'>> {
  const { badBefore } = space.apps[app]!;
  const layers: Array<Map<number, Node>> = [new Map(regions[0]!.rungs[app]!.map((r) => [r, { moves: r === 0 ? 0 : 1, from: 0, moved: r !== 0 }]))];
  for (let phase = 1; phase < regions.length; phase++) {
    const previous = layers[phase - 1]!;
    const { rungs, top } = regions[phase]!;
    const layer = new Map<number, Node>();
    if (movers[phase - 1] === app) {
      for (const to of rungs[app]!) layer.set(to, cheapest(previous, [...previous.keys()].filter((r) => r < to))!);
    } else {
      const kept = [...previous.keys()].filter((r) => badBefore || !isBad(space.status(top, app, r)));
      for (const to of rungs[app]!) {
        const stay = kept.includes(to) ? { moves: previous.get(to)!.moves, from: to, moved: false } : null;
        const step = space.status(top, app, to) === 'safe' ? cheapest(previous, kept.filter((r) => r < to)) : null;
        layer.set(to, step && (!stay || step.moves < stay.moves) ? step : stay!);
      }
    }
    layers.push(layer);
  }
  const moves: Array<{ phase: number } & Omit<Move, 'app'>> = [];
  let at = regions.at(-1)!.top[app]!;
  for (let phase = layers.length - 1; phase >= 0; phase--) {
    const node = layers[phase]!.get(at)!;
    if (node.moved) moves.unshift({ phase, from: node.from, to: at });
    at = node.from;
  }
  return moves;
}

/** The move from the cheapest of `from` (lowest rung on a tie), as a node one move dearer. */
function cheapest(layer: Map<number, Node>, from: number[]): Node | null {
  let best: Node | null = null;
  for (const r of from.sort((a, b) => a - b)) {
    const moves = layer.get(r)!.moves + 1;
    if (!best || moves < best.moves) best = { moves, from: r, moved: true };
  }
  return best;
}

/** Evidence and what each move unlocks, replaying the moves from the installed configuration. */
export function explainMoves(space: PlanSpace, moves: Move[]): ExplainedMove[] {
  const explained: ExplainedMove[] = [];
  const config = space.apps.map(() => 0);
  const latest = new Map<number, number>();
  for (const [index, move] of moves.entries()) {
    explained.push({ ...move, evidence: space.judge(config, move.app, move.to).evidence ?? [], unlocks: [] });
    for (const earlier of latest.values()) {
      if (isNeeded(space, config, moves[earlier]!, move)) explained[earlier]!.unlocks.push(index);
    }
    config[move.app] = move.to;
    latest.set(move.app, index);
  }
  return explained;
}

/** Whether `later`, valid in `config`, would not be if `earlier`'s app stood where it did before `earlier`. */
function isNeeded(space: PlanSpace, config: Configuration, earlier: Move, later: Move): boolean {
  const { ladder, entry, badBefore } = space.apps[earlier.app]!;
  const before = ladder[earlier.from]!;
  // Its own earlier step: the verdict does not depend on where the app stands, only the policy does.
  if (earlier.app === later.app) return !isDirect(entry.info.policy, before.at.parsed, ladder[later.to]!.at.parsed);
  const without = [...config];
  without[earlier.app] = earlier.from;
  if (before.face !== ladder[earlier.to]!.face) return !isValidStep(space, without, later.app, later.to);
  // A patch step changes nothing the other apps' verdicts read: only its own app's status after `later` can differ.
  if (badBefore) return false;
  without[later.app] = later.to;
  return isBad(space.status(without, earlier.app, earlier.from));
}
