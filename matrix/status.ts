// Clauses 1–4 of the rule (API.md, "The rule that decides safe"): the status of one candidate
// release of one app for an inventory, with the evidence or the reason behind it. Finding the
// relevant runs is a lookup in the release's bitsets (matrix/run-masks.ts), not a walk over runs.
import type { UpgradeStatus } from './contract.ts';
import { masksOf, runView, type AppEntry, type Registry, type ReleaseEntry, type RunView } from './registry.ts';
import { ABSENT, relevanceRows, relevantPositions, type SeriesVector } from './run-masks.ts';
import type { ConstraintInfo, Evidence } from './types.ts';
import { satisfiesRange, type ParsedVersion } from './versions.ts';

/** One installed app as the rule reads it. */
export interface InstalledApp {
  app: AppEntry;
  /** Canonical spelling. */
  version: string;
  parsed: ParsedVersion;
  series: string;
  /** The series' id in the app (AppEntry.seriesIds); ELSEWHERE (run-masks.ts) when no release of the registry has it. */
  seriesId: number;
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

/** An app installed at a release of the registry. */
export function installedAt(app: AppEntry, release: ReleaseEntry): InstalledApp {
  return { app, version: release.info.version, parsed: release.info.parsed, series: release.series, seriesId: release.seriesId, release };
}

/** Judges `candidate` of `app` against the rest of `inventory`; the app's own installed version plays no part. */
export function judge(inventory: ResolvedInventory, app: AppEntry, candidate: Candidate): Judgement {
  const before = precedence(inventory, app, candidate);
  if (before) return before;
  const release = candidate.release;
  const slots = release ? relevantRuns(inventory, app, release, evidenceLimit) : [];
  if (slots.length === 0) return { status: 'untested', reason: untestedReason(inventory, app, candidate.version, release) };
  const evidence = slots.map((slot) => toEvidence(runView(app.registry, slot), app.info.id));
  return { status: evidence[0]!.verdict === 'pass' ? 'safe' : 'broken', evidence };
}

/** The status alone, without the evidence or the reason: what the advice needs for candidates it does not show. */
export function statusOf(inventory: ResolvedInventory, app: AppEntry, candidate: Candidate): UpgradeStatus {
  const before = precedence(inventory, app, candidate);
  if (before) return before.status;
  const [decider] = candidate.release ? relevantRuns(inventory, app, candidate.release, 1) : [];
  if (decider === undefined) return 'untested';
  return app.registry.store.verdicts[decider] === 0 ? 'safe' : 'broken';
}

/** Clauses 4 and 3: withdrawn, then blocked, outrank every run. */
function precedence(inventory: ResolvedInventory, app: AppEntry, candidate: Candidate): Judgement | null {
  const release = candidate.release?.info;
  if (release?.withdrawn) return { status: 'withdrawn', reason: release.withdrawnReason ?? 'withdrawn by an admin' };
  const constraint = blockingConstraint(inventory, app, candidate);
  if (constraint) return { status: 'blocked', reason: constraint.reason };
  return null;
}

/**
 * Clause 1: the slots of the runs relevant to a server running `inventory` with `release`, newest
 * first, at most `limit`: the run agrees on the series of every other app in both (1b) and, when it
 * failed, everything it blames is on the server (1c). `R[A] == C` (1a) holds by the index.
 */
export function relevantRuns(inventory: ResolvedInventory, app: AppEntry, release: ReleaseEntry, limit = Infinity): number[] {
  if (release.runs.length === 0) return [];
  const masks = masksOf(app.registry, release);
  const positions = relevantPositions(masks, relevanceRows(masks, seriesVector(app.registry, inventory)), limit);
  return positions.map((position) => release.runs[position]!);
}

/** The inventory as one seriesId per app index (ABSENT where the server does not run the app). */
export function seriesVector(registry: Registry, inventory: ResolvedInventory): SeriesVector {
  const vector = new Int32Array(registry.appList.length).fill(ABSENT);
  for (const installed of inventory.values()) vector[installed.app.index] = installed.seriesId;
  return vector;
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

export function toEvidence(run: RunView, appId: string): Evidence {
  const withSeries: Record<string, string> = {};
  for (const [otherId, release] of run.components) if (otherId !== appId) withSeries[otherId] = release.series;
  const evidence: Evidence = { run: run.id, verdict: run.verdict, testedAt: run.testedAt.toISOString(), with: withSeries };
  if (run.verdict === 'fail') evidence.failed = run.blamed;
  return evidence;
}

interface Difference {
  run: RunView;
  /** Apps the run has at another series than the server. */
  series: Array<{ appId: string; run: string; server: string }>;
  /** Apps the failure blames that the server does not run. */
  absent: string[];
}

/** What keeps the candidate untested: no run at all, or where its nearest run differs from the server. */
function untestedReason(inventory: ResolvedInventory, app: AppEntry, version: string, release: ReleaseEntry | null): string {
  let nearest: Difference | null = null;
  for (const slot of release?.runs.slice(0, nearestWindow) ?? []) {
    const difference = differenceOf(runView(app.registry, slot), inventory, app.info.id);
    const size = difference.series.length + difference.absent.length;
    if (nearest === null || size < nearest.series.length + nearest.absent.length) nearest = difference;
  }
  if (nearest === null) return `no run of ${version} yet`;
  const names = (appId: string) => app.names.get(appId) ?? appId;
  const { run } = nearest;
  const tested = nearest.series.map((d) => `${names(d.appId)} ${d.run}`).join(' and ');
  const server = nearest.series.map((d) => `${names(d.appId)} ${d.server}`).join(' and ');
  const absent = nearest.absent.map((appId) => `${names(appId)}${run.components.has(appId) ? ` ${run.components.get(appId)!.series}` : ''}`).join(' and ');
  if (absent === '') return `tested only with ${tested} (run ${run.id}); this server runs ${server}`;
  const blamed = `run ${run.id} failed with ${absent}, which this server does not run`;
  return tested === '' ? blamed : `${blamed}; it was tested with ${tested}, this server runs ${server}`;
}

function differenceOf(run: RunView, inventory: ResolvedInventory, appId: string): Difference {
  const difference: Difference = { run, series: [], absent: [] };
  for (const [otherId, release] of run.components) {
    if (otherId === appId) continue;
    const installed = inventory.get(otherId);
    if (installed !== undefined && installed.series !== release.series) difference.series.push({ appId: otherId, run: release.series, server: installed.series });
  }
  if (run.verdict === 'fail') {
    for (const blamed of run.blamed) if (blamed !== appId && !inventory.has(blamed)) difference.absent.push(blamed);
  }
  return difference;
}

