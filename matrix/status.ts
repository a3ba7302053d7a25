// Clauses 1–4 of the rule (API.md, "The rule that decides safe"): the status of one candidate
// release of one app for an inventory, with the evidence or the reason behind it. Finding the
// relevant runs is a lookup in the release's bitsets (matrix/run-masks.ts), not a walk over runs.
import type { UpgradeStatus } from './contract.ts';
import { masksOf, runView, type AppEntry, type Registry, type ReleaseEntry, type RunView } from './registry.ts';
import { ABSENT, fillRows, firstRelevant, newestWord, NONE_LEFT, passedAt, relevantPositions, type ReleaseMasks, type SeriesVector } from './run-masks.ts';
import type { ConstraintInfo, Evidence } from './types.ts';
import type { ParsedVersion } from './versions.ts';

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

/**
 * One server as the rule reads it, for judging many candidates: the inventory, its series per app
 * index, and room for the rows of one candidate. Made once per inventory (judgeContext), used for
 * every candidate; the inventory must not change meanwhile.
 */
export interface JudgeContext {
  inventory: ResolvedInventory;
  server: SeriesVector;
  /** The series the server runs, by app index ('' where it does not run the app), for reasons. */
  serverSeries: string[];
  rows: Int32Array;
  /** The masks `rows` was filled for, and how many rows (fillRows): a candidate's status, evidence and reason read the same rows. */
  rowsOf: ReleaseMasks | null;
  rowCount: number;
  /** Bit planes counting, per run of a release's newest word, in how many apps it differs from the server. */
  planes: Int32Array;
}

export function judgeContext(registry: Registry, inventory: ResolvedInventory): JudgeContext {
  const serverSeries = registry.appList.map((app) => inventory.get(app.info.id)?.series ?? '');
  return { inventory, server: seriesVector(registry, inventory), serverSeries, rows: new Int32Array(registry.appList.length + 1), rowsOf: null, rowCount: -1, planes: new Int32Array(Math.ceil(Math.log2(registry.appList.length + 2))) };
}

/**
 * The server's rows for a release's masks (fillRows), filled once for consecutive reads of one
 * candidate. With `stopWhenNone`, NONE_LEFT when no run is relevant (the rows are then not kept).
 */
function serverRows(context: JudgeContext, masks: ReleaseMasks, stopWhenNone = false): number {
  if (context.rowsOf === masks) return context.rowCount;
  const count = fillRows(context.rows, masks, context.server, stopWhenNone);
  context.rowsOf = count === NONE_LEFT ? null : masks;
  context.rowCount = count;
  return count;
}

/** Judges `candidate` of `app` against the rest of `inventory`; the app's own installed version plays no part. */
export function judge(inventory: ResolvedInventory, app: AppEntry, candidate: Candidate): Judgement {
  return judgeIn(judgeContext(app.registry, inventory), app, candidate);
}

/**
 * judge, within a context made for the inventory; `limit` runs of evidence at most. `decided` is
 * what decidingRun gave for the candidate, when the caller has it: the runs are not searched again.
 */
export function judgeIn(context: JudgeContext, app: AppEntry, candidate: Candidate, limit = evidenceLimit, decided?: number): Judgement {
  const release = candidate.release;
  if (release !== null && decided === UNTESTED) return { status: 'untested', reason: untestedReason(context, app, candidate.version, release) };
  if (release !== null && decided !== undefined && decided >= 0 && limit === 1) {
    const evidence = [quoted(app, release.runs[decided]!)];
    return { status: evidence[0]!.verdict === 'pass' ? 'safe' : 'broken', evidence };
  }
  const before = precedence(context.inventory, app, candidate);
  if (before) return before;
  if (release === null || release.runs.length === 0) return { status: 'untested', reason: untestedReason(context, app, candidate.version, release) };
  const masks = masksOf(app.registry, release);
  const positions = relevantPositions(masks, context.rows, serverRows(context, masks), limit);
  if (positions.length === 0) return { status: 'untested', reason: untestedReason(context, app, candidate.version, release) };
  const evidence = positions.map((position) => quoted(app, release.runs[position]!));
  return { status: evidence[0]!.verdict === 'pass' ? 'safe' : 'broken', evidence };
}

/** The run in `slot` as evidence for `app`, kept in the registry's bounded memo (Registry.quoted). */
function quoted(app: AppEntry, slot: number): Evidence {
  const { registry } = app;
  const memo = registry.quoted;
  const key = slot * registry.appList.length + app.index;
  const kept = memo.current.get(key);
  if (kept) return kept;
  const evidence = memo.previous.get(key) ?? evidenceOf(registry, slot, app.index);
  if (memo.current.size >= memo.limit) {
    memo.previous = memo.current;
    memo.current = new Map();
  }
  memo.current.set(key, evidence);
  return evidence;
}

/** The status alone, without the evidence or the reason. */
export function statusOf(inventory: ResolvedInventory, app: AppEntry, candidate: Candidate): UpgradeStatus {
  const context = judgeContext(app.registry, inventory);
  if (candidate.release === null) return precedence(inventory, app, candidate)?.status ?? 'untested';
  return statusIn(context, app, candidate.release, candidate.parsed);
}

/** The status alone, without the evidence or the reason: what the advice needs for candidates it does not show. */
export function statusIn(context: JudgeContext, app: AppEntry, release: ReleaseEntry, parsed: ParsedVersion = release.info.parsed): UpgradeStatus {
  return statusOfDecision(app, release, decidingRun(context, app, release, parsed));
}

// What decidingRun gives besides a run's position.
export const WITHDRAWN = -3;
export const BLOCKED = -2;
export const UNTESTED = -1;

/** The position of the candidate's deciding run among its runs, or WITHDRAWN, BLOCKED or UNTESTED (clauses 4, 3, 2). */
export function decidingRun(context: JudgeContext, app: AppEntry, release: ReleaseEntry, parsed: ParsedVersion = release.info.parsed): number {
  const { info } = release;
  if (info.withdrawn) return WITHDRAWN;
  if (app.rules.length > 0 && blockingConstraint(context.inventory, app, { version: info.version, parsed, release })) return BLOCKED;
  if (release.runs.length === 0) return UNTESTED;
  const masks = masksOf(app.registry, release);
  const count = serverRows(context, masks, true);
  if (count === NONE_LEFT) return UNTESTED;
  const position = firstRelevant(masks, context.rows, count);
  return position < 0 ? UNTESTED : position;
}

export function statusOfDecision(app: AppEntry, release: ReleaseEntry, decided: number): UpgradeStatus {
  if (decided === WITHDRAWN) return 'withdrawn';
  if (decided === BLOCKED) return 'blocked';
  if (decided === UNTESTED) return 'untested';
  return passedAt(masksOf(app.registry, release), decided) ? 'safe' : 'broken';
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
  return slotsIn(judgeContext(app.registry, inventory), app, release, limit);
}

function slotsIn(context: JudgeContext, app: AppEntry, release: ReleaseEntry, limit: number): number[] {
  if (release.runs.length === 0) return [];
  const masks = masksOf(app.registry, release);
  const positions = relevantPositions(masks, context.rows, serverRows(context, masks), limit);
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
  for (const { constraint, inRange, inRequiredRange } of app.rules) {
    const x = constraint.appId === appId ? candidate.parsed : inventory.get(constraint.appId)?.parsed;
    const y = constraint.requiresAppId === appId ? candidate.parsed : inventory.get(constraint.requiresAppId)?.parsed;
    if (!x || !y) continue;
    if (inRange(x) && !inRequiredRange(y)) return constraint;
  }
  return null;
}

/** A run as evidence, read straight from the store: its other components by series, and what a failure blamed. */
export function evidenceOf(registry: Registry, slot: number, appIndex: number): Evidence {
  const { store, releaseList } = registry;
  const withSeries: Record<string, string> = {};
  const blamed: string[] = [];
  const fail = store.verdicts[slot] === 1;
  for (let at = store.componentStart[slot]!; at < store.componentStart[slot + 1]!; at++) {
    const release = releaseList[store.componentReleases[at]!]!;
    if (release.appIndex !== appIndex) withSeries[release.info.appId] = release.series;
    if (fail && store.componentBlamed[at] === 1) blamed.push(release.info.appId);
  }
  const evidence: Evidence = { run: store.ids[slot]!, verdict: fail ? 'fail' : 'pass', testedAt: new Date(store.testedAt[slot]!).toISOString(), with: withSeries };
  if (fail) evidence.failed = store.blamesUnknown[slot] === 1 ? runView(registry, slot).blamed : blamed;
  return evidence;
}

export function toEvidence(run: RunView, appId: string): Evidence {
  const withSeries: Record<string, string> = {};
  for (const [otherId, release] of run.components) if (otherId !== appId) withSeries[otherId] = release.series;
  const evidence: Evidence = { run: run.id, verdict: run.verdict, testedAt: run.testedAt.toISOString(), with: withSeries };
  if (run.verdict === 'fail') evidence.failed = run.blamed;
  return evidence;
}

/**
 * What keeps the candidate untested: no run at all, or where its nearest run differs from the
 * server (read straight from the store: the components come in catalogue order).
 */
function untestedReason(context: JudgeContext, app: AppEntry, version: string, release: ReleaseEntry | null): string {
  const slot = release === null ? null : nearestSlot(context, app, release);
  if (slot === null) return `no run of ${version} yet`;
  const { store, releaseList } = app.registry;
  const fail = store.verdicts[slot] === 1;
  const id = store.ids[slot]!;
  const { appList } = app.registry;
  let tested = '';
  let installed = '';
  let absent = '';
  for (let at = store.componentStart[slot]!; at < store.componentStart[slot + 1]!; at++) {
    const other = releaseList[store.componentReleases[at]!]!;
    if (other.appIndex === app.index) continue;
    const series = context.server[other.appIndex]!;
    const name = appList[other.appIndex]!.info.name;
    if (series === ABSENT) {
      if (fail && store.componentBlamed[at] === 1) absent += `${absent ? ' and ' : ''}${name} ${other.series}`;
    } else if (series !== other.seriesId) {
      tested += `${tested ? ' and ' : ''}${name} ${other.series}`;
      installed += `${installed ? ' and ' : ''}${name} ${context.serverSeries[other.appIndex]}`;
    }
  }
  if (fail && store.blamesUnknown[slot] === 1) absent += `${absent ? ' and ' : ''}an app the registry no longer knows`;
  if (absent === '') return `tested only with ${tested} (run ${id}); this server runs ${installed}`;
  const blamed = `run ${id} failed with ${absent}, which this server does not run`;
  return tested === '' ? blamed : `${blamed}; it was tested with ${tested}, this server runs ${installed}`;
}

/**
 * Among the newest runs of the release (the first word of its bitsets), the one differing from the
 * server in the fewest apps, the newer on a tie. Each row of the server's relevance clears the runs
 * that differ in one app (or blame one the server lacks), so a run's differences are its cleared
 * bits: they are counted for all 32 runs at once, in bit planes (plane k holds bit k of each count).
 */
function nearestSlot(context: JudgeContext, app: AppEntry, release: ReleaseEntry): number | null {
  if (release.runs.length === 0) return null;
  const masks = masksOf(app.registry, release);
  const count = serverRows(context, masks);
  // Every run has an app the server runs at a series none of them has: each differs there.
  if (count < 0) return release.runs[0]!;
  const window = Math.min(release.runs.length, nearestWindow);
  const valid = window === 32 ? -1 : (2 ** window - 1) | 0;
  const { planes } = context;
  planes.fill(0);
  for (let r = 0; r < count; r++) {
    let carry = ~newestWord(masks, context.rows[r]!) & valid;
    for (let k = 0; carry !== 0; k++) {
      const next = planes[k]! & carry;
      planes[k]! ^= carry;
      carry = next;
    }
  }
  // The runs with the fewest differences: from the highest plane down, keep those with a 0 there if any.
  let fewest = valid;
  for (let k = planes.length - 1; k >= 0; k--) {
    const zero = fewest & ~planes[k]!;
    if (zero !== 0) fewest = zero;
  }
  return release.runs[31 - Math.clz32(fewest & -fewest)]!;
}


