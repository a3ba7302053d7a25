// Clauses 1–4 of the rule (API.md, "The rule that decides safe"): the status of one candidate
// release of one app for an inventory, with the reason or the evidence behind it.
import type { AppEntry, ReleaseEntry, RunEntry } from './registry.ts';
import type { ConstraintInfo, Evidence, UpgradeStatus } from './types.ts';
import { satisfiesRange, type ParsedVersion } from './versions.ts';

/** One installed app as the rule reads it. */
export interface InstalledApp {
  app: AppEntry;
  /** Canonical spelling. */
  version: string;
  parsed: ParsedVersion;
  series: string;
  /** Null when the registry knows no such release. */
  release: ReleaseEntry | null;
}

/** The inventory as the rule reads it: known apps with readable versions, by app id. */
export type ResolvedInventory = Map<string, InstalledApp>;

export interface Candidate {
  version: string;
  parsed: ParsedVersion;
  /** Null for a version the registry does not know (an installed one typed by hand). */
  release: ReleaseEntry | null;
}

export interface Judgement {
  status: UpgradeStatus;
  reason?: string;
  evidence?: Evidence[];
}

// Enough runs to show whether the verdict is settled, few enough to keep an answer small.
export const evidenceLimit = 5;

/** Judges `candidate` of `app` against the rest of `inventory`; the app's own installed version plays no part. */
export function judge(inventory: ResolvedInventory, app: AppEntry, candidate: Candidate): Judgement {
  const release = candidate.release?.info;
  if (release?.withdrawn) return { status: 'withdrawn', reason: release.withdrawnReason ?? 'withdrawn by an admin' };
  const constraint = blockingConstraint(inventory, app, candidate);
  if (constraint) return { status: 'blocked', reason: constraint.reason };
  const runs = candidate.release?.runs ?? [];
  let decider: RunEntry | null = null;
  const evidence: Evidence[] = [];
  for (const entry of runs) {
    if (!matches(entry, inventory, app.info.id)) continue;
    decider ??= entry;
    evidence.push(toEvidence(entry, app.info.id));
    if (evidence.length === evidenceLimit) break;
  }
  if (!decider) return { status: 'untested' };
  return { status: decider.run.verdict === 'pass' ? 'safe' : 'broken', evidence };
}

/** Clause 1: every other app present in both agrees on its series (R[A] == C holds by the index). */
export function matches(entry: RunEntry, inventory: ResolvedInventory, appId: string): boolean {
  for (const [otherId, installed] of inventory) {
    if (otherId === appId) continue;
    const series = entry.series.get(otherId);
    if (series !== undefined && series !== installed.series) return false;
  }
  return true;
}

/** Clause 3: the first constraint (lowest id) that the inventory with the upgrade breaks. */
export function blockingConstraint(inventory: ResolvedInventory, app: AppEntry, candidate: Candidate): ConstraintInfo | null {
  const appId = app.info.id;
  for (const constraint of app.constraints) {
    const x = constraint.appId === appId ? candidate.parsed : inventory.get(constraint.appId)?.parsed;
    const y = constraint.requiresAppId === appId ? candidate.parsed : inventory.get(constraint.requiresAppId)?.parsed;
    if (!x || !y) continue;
    if (satisfiesRange(x, constraint.range) && !satisfiesRange(y, constraint.requiresRange)) return constraint;
  }
  return null;
}

function toEvidence(entry: RunEntry, appId: string): Evidence {
  const withSeries: Record<string, string> = {};
  for (const [otherId, series] of entry.series) if (otherId !== appId) withSeries[otherId] = series;
  return { run: entry.run.id, testedAt: entry.run.testedAt.toISOString(), with: withSeries };
}
