// Clauses 1–4 of the rule (API.md, "The rule that decides safe"): the status of one candidate
// release of one app for an inventory, with the evidence or the reason behind it.
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
  /** For untested (what is missing), blocked and withdrawn. */
  reason?: string;
  /** For safe and broken: the relevant runs, the deciding one first. */
  evidence?: Evidence[];
}

// Enough runs to show whether the verdict is settled, few enough to keep an answer small.
export const evidenceLimit = 5;
// An untested candidate's reason names its nearest run among this many of its newest ones: older
// runs of a release are rarely nearer, and the reason stays cheap however many runs it has.
const nearestWindow = 32;

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
    if (!isRelevant(entry, inventory, app.info.id)) continue;
    decider ??= entry;
    evidence.push(toEvidence(entry, app.info.id));
    if (evidence.length === evidenceLimit) break;
  }
  if (!decider) return { status: 'untested', reason: untestedReason(inventory, app, candidate.version, runs) };
  return { status: decider.run.verdict === 'pass' ? 'safe' : 'broken', evidence };
}

/**
 * Clause 1: the run agrees on the series of every other app present in both (1b) and, when it
 * failed, everything it blames is on the server (1c). `R[A] == C` (1a) holds by the index.
 */
export function isRelevant(entry: RunEntry, inventory: ResolvedInventory, appId: string): boolean {
  for (const [otherId, series] of entry.series) {
    if (otherId === appId) continue;
    const installed = inventory.get(otherId);
    if (installed !== undefined && installed.series !== series) return false;
  }
  if (entry.run.verdict === 'fail') {
    for (const blamed of entry.blamed) if (blamed !== appId && !inventory.has(blamed)) return false;
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

export function toEvidence(entry: RunEntry, appId: string): Evidence {
  const withSeries: Record<string, string> = {};
  for (const [otherId, series] of entry.series) if (otherId !== appId) withSeries[otherId] = series;
  const evidence: Evidence = { run: entry.run.id, verdict: entry.run.verdict, testedAt: entry.run.testedAt.toISOString(), with: withSeries };
  if (entry.run.verdict === 'fail') evidence.failed = entry.blamed;
  return evidence;
}

interface Difference {
  entry: RunEntry;
  /** Apps the run has at another series than the server. */
  series: Array<{ appId: string; run: string; server: string }>;
  /** Apps the failure blames that the server does not run. */
  absent: string[];
}

/** What keeps the candidate untested: no run at all, or where its nearest run differs from the server. */
function untestedReason(inventory: ResolvedInventory, app: AppEntry, version: string, runs: RunEntry[]): string {
  let nearest: Difference | null = null;
  for (const entry of runs.slice(0, nearestWindow)) {
    const difference = differenceOf(entry, inventory, app.info.id);
    const size = difference.series.length + difference.absent.length;
    if (nearest === null || size < nearest.series.length + nearest.absent.length) nearest = difference;
  }
  if (nearest === null) return `no run of ${version} yet`;
  const names = (appId: string) => app.names.get(appId) ?? appId;
  const { entry } = nearest;
  const tested = nearest.series.map((d) => `${names(d.appId)} ${d.run}`).join(' and ');
  const server = nearest.series.map((d) => `${names(d.appId)} ${d.server}`).join(' and ');
  const absent = nearest.absent.map((appId) => `${names(appId)}${entry.series.has(appId) ? ` ${entry.series.get(appId)}` : ''}`).join(' and ');
  if (absent === '') return `tested only with ${tested} (run ${entry.run.id}); this server runs ${server}`;
  const blamed = `run ${entry.run.id} failed with ${absent}, which this server does not run`;
  return tested === '' ? blamed : `${blamed}; it was tested with ${tested}, this server runs ${server}`;
}

function differenceOf(entry: RunEntry, inventory: ResolvedInventory, appId: string): Difference {
  const difference: Difference = { entry, series: [], absent: [] };
  for (const [otherId, series] of entry.series) {
    if (otherId === appId) continue;
    const installed = inventory.get(otherId);
    if (installed !== undefined && installed.series !== series) difference.series.push({ appId: otherId, run: series, server: installed.series });
  }
  if (entry.run.verdict === 'fail') {
    for (const blamed of entry.blamed) if (blamed !== appId && !inventory.has(blamed)) difference.absent.push(blamed);
  }
  return difference;
}
