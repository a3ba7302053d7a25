// The whole-stack plan of POST /api/v1/plan (docs/api.md, "Whole-stack plan"): the ordered
// single-app steps that bring a server as far forward as the evidence allows, each explained.
import { requestKey, resolveInventory, type ResolvedRequest } from './advice.ts';
import type { Plan, PlanStep, SupportNote } from './contract.ts';
import { heldApps } from './plan-held.ts';
import { searchPlan } from './plan-search.ts';
import { createPlanSpace, type Budget, type Rung } from './plan-space.ts';
import { explainMoves, movesThrough } from './plan-steps.ts';
import type { Registry } from './registry.ts';
import { supportNote } from './support.ts';
import type { Inventory } from './types.ts';

export type { Budget } from './plan-space.ts';

export interface PlanRequest {
  installed: Inventory;
  includePrereleases: boolean;
  /** Apps the admin will not touch now; names of apps not installed are ignored. */
  hold: string[];
}

export interface PlanOptions {
  /** Ids of the platform pieces (php, debian, …): tried first when paths tie. */
  platform?: ReadonlySet<string>;
  budget?: Budget;
}

// The brief of issue 14: a plan should cost at most a few checks. Registries where many orders of
// upgrades are possible need more to be searched exhaustively; they get the best plan found.
export const defaultBudget: Budget = { checks: 8 };

export function computePlan(registry: Registry, request: PlanRequest, now: Date, options: PlanOptions = {}): Plan {
  return planResolved(resolveInventory(registry, request.installed), request, now, options);
}

export function planResolved(resolved: ResolvedRequest, request: Omit<PlanRequest, 'installed'>, now: Date, options: PlanOptions = {}): Plan {
  const space = createPlanSpace(resolved, {
    includePrereleases: request.includePrereleases,
    hold: new Set(request.hold),
    platform: options.platform ?? new Set(),
    budget: options.budget ?? defaultBudget,
    now,
  });
  const { regions, movers, complete } = searchPlan(space);
  const moves = explainMoves(space, movesThrough(space, regions, movers));
  const final = space.apps.map(() => 0);
  for (const move of moves) final[move.app] = move.to;
  const name = (app: number) => space.apps[app]!.entry.info.name;
  const versionOf = (app: number, rung: number) => space.apps[app]!.ladder[rung]!.at.version;
  const supportAt = (app: number, rung: number) => {
    const { entry, ladder } = space.apps[app]!;
    const support = entry.registry.support.get(entry.info.id)?.get(ladder[rung]!.at.series);
    return support ? supportNote(support, now) : undefined;
  };
  const steps = moves.map((move) => {
    const step: PlanStep = {
      app: space.apps[move.app]!.entry.info.id,
      from: versionOf(move.app, move.from),
      to: versionOf(move.app, move.to),
      evidence: move.evidence,
      unlocks: move.unlocks.map((later) => `needed for ${name(moves[later]!.app)} ${versionOf(moves[later]!.app, moves[later]!.to)}`),
    };
    if (takesSecurityFix(space.apps[move.app]!.ladder, move.from, move.to)) step.security = true;
    const support = supportAt(move.app, move.to);
    if (support) step.support = support;
    return step;
  });
  const support: Record<string, SupportNote> = {};
  space.apps.forEach((app, i) => {
    const note = supportAt(i, final[i]!);
    if (note) support[app.entry.info.id] = note;
  });
  return {
    generatedAt: now.toISOString(),
    steps,
    final: Object.fromEntries(space.apps.map((app, i) => [app.entry.info.id, versionOf(i, final[i]!)])),
    held: heldApps(space, final),
    complete,
    support,
    security: [...new Set(steps.filter((step) => step.security).map((step) => step.app))],
    unknown: resolved.unknown,
  };
}

/** The step leaves a version upstream lists as vulnerable, or passes a release that fixes vulnerabilities. */
function takesSecurityFix(ladder: Rung[], from: number, to: number): boolean {
  if (ladder[from]!.at.release?.info.insecure) return true;
  for (let r = from + 1; r <= to; r++) if (ladder[r]!.at.release?.info.security) return true;
  return false;
}

/** A key equal for two plan requests exactly when their plans are (at one state of the registry). */
export function planKey(resolved: ResolvedRequest, request: Omit<PlanRequest, 'installed'>): string {
  const hold = [...new Set(request.hold)].filter((app) => resolved.inventory.has(app)).sort();
  return `${requestKey(resolved, request.includePrereleases)}${JSON.stringify(hold)}`;
}
