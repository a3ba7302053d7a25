// The in-memory index the rule reads: releases sorted per app, the runs of each release newest
// first, the constraints touching each app, the declared stacks. Runs are kept compactly (typed
// arrays: what the rule needs, not every row as read), and each release compiles its runs into
// bitsets (matrix/run-masks.ts) so that finding the deciding run is a few word operations per
// 32 runs instead of a walk over every run. Built once from plain data and patched on every write.
import type { Evidence, Stack } from './contract.ts';
import { compileMasks, type ReleaseMasks } from './run-masks.ts';
import { mergeSupport, type SupportIndex, type SupportRecord } from './support.ts';
import type { AppInfo, ConstraintInfo, ReleaseInfo, RunInfo, Verdict } from './types.ts';
import { compareParsed, compileRange, seriesOf, type ParsedVersion } from './versions.ts';

export interface ReleaseEntry {
  info: ReleaseInfo;
  /** Series of the version in its app's scheme. */
  series: string;
  /** The series as a small number, unique within the app (inventory vectors use it). */
  seriesId: number;
  /** The app's position in the catalogue. */
  appIndex: number;
  /** Position in Registry.releaseList. */
  index: number;
  /** Slots (RunStore) of the runs that include this release, newest first. */
  runs: number[];
  /** The runs compiled for the rule; null until first needed after a change. */
  masks: ReleaseMasks | null;
}

export interface AppEntry {
  info: AppInfo;
  /** The app's position in the catalogue. */
  index: number;
  /** Oldest first, by the app's version scheme. */
  releases: ReleaseEntry[];
  byVersion: Map<string, ReleaseEntry>;
  /** Constraints in which the app is X or Y, lowest id first. */
  constraints: ConstraintInfo[];
  /** The same constraints with their ranges read once. */
  rules: ConstraintRule[];
  /** Every app's display name by id (shared by all entries), for the reasons the rule gives. */
  names: ReadonlyMap<string, string>;
  /** Series → seriesId. */
  seriesIds: Map<string, number>;
  /** The registry the entry belongs to (the rule reads the runs' store through it). */
  registry: Registry;
}

/**
 * Runs as columns, one slot per run. A run's components are the releases it names that the
 * registry knows, in catalogue order; a component it names that the registry does not know (an
 * app since removed from the catalogue) is only remembered as a blame that no server can satisfy.
 */
export interface RunStore {
  count: number;
  ids: Int32Array;
  /** Milliseconds since the epoch. */
  testedAt: Float64Array;
  /** 0 pass, 1 fail. */
  verdicts: Uint8Array;
  /** Slot → index of its first component in componentReleases; slot + 1 → end. */
  componentStart: Int32Array;
  /** Release indices (Registry.releaseList), run after run. */
  componentReleases: Int32Array;
  /** 1 where a failure blames that component (its `failed`, or every component when none is named). */
  componentBlamed: Uint8Array;
  /** 1 for a failure that blames an app the registry does not know. */
  blamesUnknown: Uint8Array;
  /** Run id → slot. */
  slotById: Map<number, number>;
}

export interface Registry {
  /** In catalogue order. */
  apps: Map<string, AppEntry>;
  /** By app index. */
  appList: AppEntry[];
  /** Every release, by ReleaseEntry.index. */
  releaseList: ReleaseEntry[];
  store: RunStore;
  constraints: Map<number, ConstraintInfo>;
  /** Declared stacks, the default first; empty when none is declared. */
  stacks: Stack[];
  /** Support dates per app and series, every origin merged (matrix/support.ts). */
  support: SupportIndex;
  /** The records `support` was merged from, to tell whether a reload changed anything. */
  supportRecords: SupportRecord[];
  /** Runs already made into evidence, for the next check that quotes them. */
  quoted: QuotedRuns;
}

/**
 * Runs as the advice quotes them (matrix/status.ts), made when first quoted: a run never changes,
 * and the same few runs are quoted to many servers. Two generations of at most `limit` each: when
 * the current one is full it becomes the previous one (the older one is dropped), and a run found
 * in the previous one moves to the current one, so the runs still quoted stay.
 */
export interface QuotedRuns {
  /** By slot × apps + app index (a run's evidence leaves out the app it is quoted for). */
  current: Map<number, Evidence>;
  previous: Map<number, Evidence>;
  limit: number;
}

// Some 270 bytes each, so about 35 MB with both generations full. Unbounded, a registry of a million
// runs asked by many servers would keep hundreds of MB of them.
const quotedLimit = 65_536;

/** A constraint with its ranges compiled (clause 3 is checked for every candidate). */
export interface ConstraintRule {
  constraint: ConstraintInfo;
  inRange: (version: ParsedVersion) => boolean;
  inRequiredRange: (version: ParsedVersion) => boolean;
}

export interface RegistryData {
  apps: AppInfo[];
  releases: ReleaseInfo[];
  runs: RunInfo[];
  constraints: ConstraintInfo[];
  /** Default first; absent: none declared. */
  stacks?: Stack[];
  /** Support dates of every origin (catalogue, upstream, admin); absent: none known. */
  support?: SupportRecord[];
}

/** A run as the rule quotes it (evidence, feeds, pages); made on demand from the store. */
export interface RunView {
  id: number;
  verdict: Verdict;
  testedAt: Date;
  /** app → version of the components the registry knows, in catalogue order. */
  components: Map<string, ReleaseEntry>;
  /** For a failure: the apps it blames in catalogue order (unknown ones last); empty for a pass. */
  blamed: string[];
}

export function createRegistry(data: RegistryData): Registry {
  const registry = emptyRegistry(data.apps, data.stacks ?? []);
  setSupport(registry, data.support ?? []);
  for (const release of data.releases) addReleaseEntry(registry, release, false);
  for (const app of registry.appList) {
    app.releases.sort(compareReleaseEntries);
    numberSeriesInOrder(app);
  }
  const sorted = [...data.runs].sort((a, b) => a.id - b.id);
  for (const run of sorted) {
    if (registry.store.slotById.has(run.id)) continue;
    appendRun(registry, run.id, run.verdict, run.testedAt.getTime(), componentsOf(registry, run), blamesUnknownOf(registry, run));
  }
  for (const release of registry.releaseList) release.runs.sort(newestFirst(registry.store));
  for (const constraint of [...data.constraints].sort((a, b) => a.id - b.id)) addConstraint(registry, constraint);
  return registry;
}

/**
 * Numbers an app's series oldest first, whatever order its releases were read in: a release's runs
 * name the other apps near their own time, so the series they name are then neighbouring ids, and
 * the masks' series tables (run-masks.ts) span only those.
 */
function numberSeriesInOrder(app: AppEntry): void {
  app.seriesIds.clear();
  for (const release of app.releases) {
    let seriesId = app.seriesIds.get(release.series);
    if (seriesId === undefined) app.seriesIds.set(release.series, (seriesId = app.seriesIds.size));
    release.seriesId = seriesId;
  }
}

function emptyRegistry(apps: AppInfo[], stacks: Stack[]): Registry {
  const names = new Map(apps.map((app) => [app.id, app.name]));
  const registry: Registry = { apps: new Map(), appList: [], releaseList: [], store: emptyStore(), constraints: new Map(), stacks, support: new Map(), supportRecords: [], quoted: { current: new Map(), previous: new Map(), limit: quotedLimit } };
  for (const [index, info] of apps.entries()) {
    const entry: AppEntry = { info, index, releases: [], byVersion: new Map(), constraints: [], rules: [], names, seriesIds: new Map(), registry };
    registry.apps.set(info.id, entry);
    registry.appList.push(entry);
  }
  return registry;
}

function addReleaseEntry(registry: Registry, release: ReleaseInfo, keepSorted: boolean): ReleaseEntry | null {
  const app = registry.apps.get(release.appId);
  if (!app || app.byVersion.has(release.version)) return null;
  const series = seriesOf(release.parsed, app.info.series, app.info.versioning);
  let seriesId = app.seriesIds.get(series);
  if (seriesId === undefined) {
    seriesId = app.seriesIds.size;
    app.seriesIds.set(series, seriesId);
  }
  const entry: ReleaseEntry = { info: release, series, seriesId, appIndex: app.index, index: registry.releaseList.length, runs: [], masks: null };
  registry.releaseList.push(entry);
  if (keepSorted) app.releases.splice(insertionIndex(app.releases, entry, compareReleaseEntries), 0, entry);
  else app.releases.push(entry);
  app.byVersion.set(release.version, entry);
  return entry;
}

/** Adds a release, or replaces the stored one with the same canonical version. */
export function upsertRelease(registry: Registry, release: ReleaseInfo): void {
  const existing = registry.apps.get(release.appId)?.byVersion.get(release.version);
  if (existing) {
    existing.info = release;
    return;
  }
  addReleaseEntry(registry, release, true);
}

/** Marks a release withdrawn (or restores it); false when the registry does not know it. */
export function setWithdrawn(registry: Registry, appId: string, version: string, withdrawn: boolean, reason: string | null): boolean {
  const entry = registry.apps.get(appId)?.byVersion.get(version);
  if (!entry) return false;
  entry.info = { ...entry.info, withdrawn, withdrawnReason: withdrawn ? reason : null };
  return true;
}

/** Adds a run; its components that name no known release are kept only as blames. */
export function addRun(registry: Registry, run: RunInfo): void {
  if (registry.store.slotById.has(run.id)) return;
  const slot = appendRun(registry, run.id, run.verdict, run.testedAt.getTime(), componentsOf(registry, run), blamesUnknownOf(registry, run));
  const order = newestFirst(registry.store);
  for (const release of releasesOfSlot(registry, slot)) {
    release.runs.pop();
    release.runs.splice(insertionIndex(release.runs, slot, order), 0, slot);
  }
}

export function hasRun(registry: Registry, id: number): boolean {
  return registry.store.slotById.has(id);
}

export function runCount(registry: Registry): number {
  return registry.store.count;
}

/**
 * A run already resolved to releases, for the loader's fast path (no RunInfo per run): its known
 * components in catalogue order, whether the failure blames each (its `failed`, or all of them when
 * it names none), and whether it blames an app the registry does not know.
 */
export interface ResolvedComponents {
  releases: ReleaseEntry[];
  blamed: boolean[];
}

/** Adds a resolved run (see ResolvedComponents); the arrays may be reused by the caller afterwards. */
export function addResolvedRun(registry: Registry, id: number, verdict: Verdict, testedAtMs: number, components: ResolvedComponents, blamesUnknown: boolean): void {
  if (registry.store.slotById.has(id)) return;
  appendRun(registry, id, verdict, testedAtMs, components, blamesUnknown);
}

/**
 * After addResolvedRun calls in any order: each release's runs newest first. All runs are put in
 * that order once and dealt out to their releases, rather than each release's list sorted apart.
 */
export function finishLoading(registry: Registry): void {
  const { store, releaseList } = registry;
  const slots = new Int32Array(store.count);
  for (let slot = 0; slot < store.count; slot++) slots[slot] = slot;
  slots.sort(newestFirst(store));
  for (const release of releaseList) release.runs.length = 0;
  for (const slot of slots) {
    for (let at = store.componentStart[slot]!; at < store.componentStart[slot + 1]!; at++) releaseList[store.componentReleases[at]!]!.runs.push(slot);
  }
}

function componentsOf(registry: Registry, run: RunInfo): ResolvedComponents {
  const releases: ReleaseEntry[] = [];
  const blamed: boolean[] = [];
  // Catalogue order, so evidence lists the components the same way whatever order they came in.
  for (const app of registry.appList) {
    const version = run.components[app.info.id];
    const release = version === undefined ? undefined : app.byVersion.get(version);
    if (!release) continue;
    releases.push(release);
    blamed.push(run.verdict === 'fail' && (run.failed === null || run.failed.includes(app.info.id)));
  }
  return { releases, blamed };
}

/** Clause 1c: a failure blaming an app (or a component) the registry does not know counts on no server. */
function blamesUnknownOf(registry: Registry, run: RunInfo): boolean {
  if (run.verdict === 'pass') return false;
  const blamed = run.failed ?? Object.keys(run.components);
  return blamed.some((appId) => {
    const version = run.components[appId];
    return !registry.apps.has(appId) || (version !== undefined && !registry.apps.get(appId)!.byVersion.has(version));
  });
}

function appendRun(registry: Registry, id: number, verdict: Verdict, testedAtMs: number, components: ResolvedComponents, blamesUnknown: boolean): number {
  const store = registry.store;
  ensureCapacity(store, components.releases.length);
  const slot = store.count;
  store.ids[slot] = id;
  store.testedAt[slot] = testedAtMs;
  store.verdicts[slot] = verdict === 'pass' ? 0 : 1;
  store.blamesUnknown[slot] = blamesUnknown ? 1 : 0;
  let at = store.componentStart[slot]!;
  for (const [i, release] of components.releases.entries()) {
    store.componentReleases[at] = release.index;
    store.componentBlamed[at] = components.blamed[i] ? 1 : 0;
    at += 1;
    release.runs.push(slot);
    release.masks = null;
  }
  store.componentStart[slot + 1] = at;
  store.count += 1;
  store.slotById.set(id, slot);
  return slot;
}

function* releasesOfSlot(registry: Registry, slot: number): Generator<ReleaseEntry> {
  const { store } = registry;
  for (let at = store.componentStart[slot]!; at < store.componentStart[slot + 1]!; at++) yield registry.releaseList[store.componentReleases[at]!]!;
}

/** The run in a slot, as the rule quotes it. */
export function runView(registry: Registry, slot: number): RunView {
  const { store } = registry;
  const components = new Map<string, ReleaseEntry>();
  const blamed: string[] = [];
  const verdict: Verdict = store.verdicts[slot] === 0 ? 'pass' : 'fail';
  for (let at = store.componentStart[slot]!; at < store.componentStart[slot + 1]!; at++) {
    const release = registry.releaseList[store.componentReleases[at]!]!;
    components.set(release.info.appId, release);
    if (store.componentBlamed[at] === 1) blamed.push(release.info.appId);
  }
  if (store.blamesUnknown[slot] === 1) blamed.push('(an app the registry no longer knows)');
  return { id: store.ids[slot]!, verdict, testedAt: new Date(store.testedAt[slot]!), components, blamed };
}

/** Compiles every release's runs now (otherwise each is compiled on first use); returns how many were. */
export function compileAll(registry: Registry): number {
  let compiled = 0;
  for (const release of registry.releaseList) {
    if (release.masks !== null || release.runs.length === 0) continue;
    masksOf(registry, release);
    compiled += 1;
  }
  return compiled;
}

/** The compiled runs of a release, compiled on first use after a change. */
export function masksOf(registry: Registry, release: ReleaseEntry): ReleaseMasks {
  release.masks ??= compileMasks(registry, release);
  return release.masks;
}

export function addConstraint(registry: Registry, constraint: ConstraintInfo): void {
  if (registry.constraints.has(constraint.id)) return;
  registry.constraints.set(constraint.id, constraint);
  const rule: ConstraintRule = { constraint, inRange: compileRange(constraint.range), inRequiredRange: compileRange(constraint.requiresRange) };
  for (const appId of new Set([constraint.appId, constraint.requiresAppId])) {
    const app = registry.apps.get(appId);
    if (!app) continue;
    app.constraints.splice(insertionIndex(app.constraints, constraint, (a, b) => a.id - b.id), 0, constraint);
    app.rules.splice(insertionIndex(app.rules, rule, (a, b) => a.constraint.id - b.constraint.id), 0, rule);
  }
}

/** Removes a constraint; false when there was none with that id. */
export function removeConstraint(registry: Registry, id: number): boolean {
  const constraint = registry.constraints.get(id);
  if (!constraint) return false;
  registry.constraints.delete(id);
  for (const appId of new Set([constraint.appId, constraint.requiresAppId])) {
    const app = registry.apps.get(appId);
    if (!app) continue;
    app.constraints = app.constraints.filter((c) => c.id !== id);
    app.rules = app.rules.filter((rule) => rule.constraint.id !== id);
  }
  return true;
}

/** Replaces the support dates (a few rows per app, read as a whole). */
export function setSupport(registry: Registry, records: SupportRecord[]): void {
  registry.supportRecords = records;
  registry.support = mergeSupport(records);
}

/** Replaces the declared stacks (they are few and change as a whole list). */
export function setStacks(registry: Registry, stacks: Stack[]): void {
  registry.stacks = stacks;
}

function compareReleaseEntries(a: ReleaseEntry, b: ReleaseEntry): number {
  // Two spellings can compare equal (2.10.0 and 2.10.0.0); the string keeps the order stable.
  return compareParsed(a.info.parsed, b.info.parsed) || (a.info.version < b.info.version ? -1 : a.info.version > b.info.version ? 1 : 0);
}

/** Newest first: tested later, then recorded later (higher id) when tested at the same moment. */
function newestFirst(store: RunStore): (a: number, b: number) => number {
  return (a, b) => store.testedAt[b]! - store.testedAt[a]! || store.ids[b]! - store.ids[a]!;
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

function emptyStore(): RunStore {
  return {
    count: 0,
    ids: new Int32Array(64),
    testedAt: new Float64Array(64),
    verdicts: new Uint8Array(64),
    componentStart: new Int32Array(65),
    componentReleases: new Int32Array(256),
    componentBlamed: new Uint8Array(256),
    blamesUnknown: new Uint8Array(64),
    slotById: new Map(),
  };
}

function ensureCapacity(store: RunStore, components: number): void {
  if (store.count + 1 >= store.ids.length) {
    const size = store.ids.length * 2;
    store.ids = grow(store.ids, size);
    store.testedAt = grow(store.testedAt, size);
    store.verdicts = grow(store.verdicts, size);
    store.blamesUnknown = grow(store.blamesUnknown, size);
    store.componentStart = grow(store.componentStart, size + 1);
  }
  const needed = store.componentStart[store.count]! + components;
  if (needed > store.componentReleases.length) {
    const size = Math.max(needed, store.componentReleases.length * 2);
    store.componentReleases = grow(store.componentReleases, size);
    store.componentBlamed = grow(store.componentBlamed, size);
  }
}

function grow<T extends Int32Array | Float64Array | Uint8Array>(array: T, size: number): T {
  const bigger = new (array.constructor as new (length: number) => T)(size);
  bigger.set(array);
  return bigger;
}

/** A run's components at their exact versions (app → version), by run id; null when the index has no such run. */
export function runVersions(registry: Registry, id: number): Record<string, string> | null {
  const slot = registry.store.slotById.get(id);
  if (slot === undefined) return null;
  const versions: Record<string, string> = {};
  for (const [appId, release] of runView(registry, slot).components) versions[appId] = release.info.version;
  return versions;
}
