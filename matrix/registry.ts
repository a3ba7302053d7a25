// The in-memory index the rule reads: releases sorted per app, the runs of each release newest
// first, the constraints touching each app. Built once from plain data and patched on every
// write, so answering a check never scans all runs.
import type { Stack } from './contract.ts';
import type { AppInfo, ConstraintInfo, ReleaseInfo, RunInfo } from './types.ts';
import { compareParsed, seriesOf } from './versions.ts';

export interface RunEntry {
  run: RunInfo;
  /** app → series of the run's version, for the apps the registry knows, in catalogue order. */
  series: Map<string, string>;
  /** For a failure: the apps it blames (`failed`, or every component), in catalogue order; empty for a pass. */
  blamed: string[];
}

export interface ReleaseEntry {
  info: ReleaseInfo;
  /** Series of the version in its app's scheme. */
  series: string;
  /** Runs that include this release, newest first (tested later first, then higher id). */
  runs: RunEntry[];
}

export interface AppEntry {
  info: AppInfo;
  /** Oldest first, by the app's version scheme. */
  releases: ReleaseEntry[];
  byVersion: Map<string, ReleaseEntry>;
  /** Constraints in which the app is X or Y, lowest id first. */
  constraints: ConstraintInfo[];
  /** Every app's display name by id (shared by all entries), for the reasons the rule gives. */
  names: ReadonlyMap<string, string>;
}

export interface Registry {
  /** In catalogue order. */
  apps: Map<string, AppEntry>;
  runs: Map<number, RunEntry>;
  constraints: Map<number, ConstraintInfo>;
  /** Declared stacks, the default first; empty when none is declared. */
  stacks: Stack[];
}

export interface RegistryData {
  apps: AppInfo[];
  releases: ReleaseInfo[];
  runs: RunInfo[];
  constraints: ConstraintInfo[];
  /** Default first; absent: none declared. */
  stacks?: Stack[];
}

export function createRegistry(data: RegistryData): Registry {
  const registry: Registry = { apps: new Map(), runs: new Map(), constraints: new Map(), stacks: data.stacks ?? [] };
  const names = new Map(data.apps.map((app) => [app.id, app.name]));
  for (const app of data.apps) {
    registry.apps.set(app.id, { info: app, releases: [], byVersion: new Map(), constraints: [], names });
  }
  for (const release of data.releases) {
    const app = registry.apps.get(release.appId);
    if (!app || app.byVersion.has(release.version)) continue;
    const entry = newEntry(app.info, release);
    app.releases.push(entry);
    app.byVersion.set(release.version, entry);
  }
  for (const app of registry.apps.values()) app.releases.sort(compareReleaseEntries);
  for (const run of data.runs) indexRun(registry, run);
  for (const release of allReleases(registry)) release.runs.sort(compareRunEntries);
  for (const constraint of [...data.constraints].sort((a, b) => a.id - b.id)) addConstraint(registry, constraint);
  return registry;
}

function newEntry(app: AppInfo, release: ReleaseInfo): ReleaseEntry {
  return { info: release, series: seriesOf(release.parsed, app.series, app.versioning), runs: [] };
}

function* allReleases(registry: Registry): Generator<ReleaseEntry> {
  for (const app of registry.apps.values()) yield* app.releases;
}

/** Adds a release, or replaces the stored one with the same canonical version. */
export function upsertRelease(registry: Registry, release: ReleaseInfo): void {
  const app = registry.apps.get(release.appId);
  if (!app) return;
  const existing = app.byVersion.get(release.version);
  if (existing) {
    existing.info = release;
    return;
  }
  const entry = newEntry(app.info, release);
  app.releases.splice(insertionIndex(app.releases, entry, compareReleaseEntries), 0, entry);
  app.byVersion.set(release.version, entry);
}

/** Marks a release withdrawn (or restores it); false when the registry does not know it. */
export function setWithdrawn(registry: Registry, appId: string, version: string, withdrawn: boolean, reason: string | null): boolean {
  const entry = registry.apps.get(appId)?.byVersion.get(version);
  if (!entry) return false;
  entry.info = { ...entry.info, withdrawn, withdrawnReason: withdrawn ? reason : null };
  return true;
}

/** Adds a run; its components that name no known release are kept but not indexed. */
export function addRun(registry: Registry, run: RunInfo): void {
  if (registry.runs.has(run.id)) return;
  indexRun(registry, run, true);
}

function indexRun(registry: Registry, run: RunInfo, sorted = false): RunEntry {
  const entry: RunEntry = { run, series: new Map(), blamed: blamedBy(registry, run) };
  registry.runs.set(run.id, entry);
  // Catalogue order, so evidence lists the components the same way whatever order they came in.
  for (const [appId, app] of registry.apps) {
    const version = run.components[appId];
    const release = version === undefined ? undefined : app.byVersion.get(version);
    if (!release) continue;
    entry.series.set(appId, release.series);
    if (sorted) release.runs.splice(insertionIndex(release.runs, entry, compareRunEntries), 0, entry);
    else release.runs.push(entry);
  }
  return entry;
}

/** Clause 1c: a failure blames what the tester named, or every component when none was named. */
function blamedBy(registry: Registry, run: RunInfo): string[] {
  if (run.verdict === 'pass') return [];
  const blamed = run.failed ?? Object.keys(run.components);
  const known = [...registry.apps.keys()].filter((appId) => blamed.includes(appId));
  // An app no longer in the catalogue is still blamed: no server can run it, so the failure counts nowhere.
  return [...known, ...blamed.filter((appId) => !registry.apps.has(appId)).sort()];
}

export function addConstraint(registry: Registry, constraint: ConstraintInfo): void {
  if (registry.constraints.has(constraint.id)) return;
  registry.constraints.set(constraint.id, constraint);
  for (const appId of new Set([constraint.appId, constraint.requiresAppId])) {
    const list = registry.apps.get(appId)?.constraints;
    if (!list) continue;
    list.splice(insertionIndex(list, constraint, (a, b) => a.id - b.id), 0, constraint);
  }
}

/** Removes a constraint; false when there was none with that id. */
export function removeConstraint(registry: Registry, id: number): boolean {
  const constraint = registry.constraints.get(id);
  if (!constraint) return false;
  registry.constraints.delete(id);
  for (const appId of new Set([constraint.appId, constraint.requiresAppId])) {
    const app = registry.apps.get(appId);
    if (app) app.constraints = app.constraints.filter((c) => c.id !== id);
  }
  return true;
}

function compareReleaseEntries(a: ReleaseEntry, b: ReleaseEntry): number {
  // Two spellings can compare equal (2.10.0 and 2.10.0.0); the string keeps the order stable.
  return compareParsed(a.info.parsed, b.info.parsed) || (a.info.version < b.info.version ? -1 : a.info.version > b.info.version ? 1 : 0);
}

/** Newest first: tested later, then recorded later (higher id) when tested at the same moment. */
export function compareRunEntries(a: RunEntry, b: RunEntry): number {
  return b.run.testedAt.getTime() - a.run.testedAt.getTime() || b.run.id - a.run.id;
}

function insertionIndex<T>(list: T[], item: T, compare: (a: T, b: T) => number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (compare(list[mid]!, item) <= 0) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** Replaces the declared stacks (they are few and change as a whole list). */
export function setStacks(registry: Registry, stacks: Stack[]): void {
  registry.stacks = stacks;
}
