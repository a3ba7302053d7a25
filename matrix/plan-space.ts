// What the whole-stack planner sees of a server: for each of its apps the versions it may stand on
// during a plan (its ladder), what the other apps see of each (its face), and the rule's
// judgements, cached by exactly what they depend on and counted against the search's budget.
import type { ResolvedRequest } from './advice.ts';
import type { AppEntry } from './registry.ts';
import { installedAt, judge, statusOf, type InstalledApp, type Judgement, type ResolvedInventory } from './status.ts';
import { dayOf, supportState } from './support.ts';
import type { UpgradeStatus } from './types.ts';
import { compareParsed, majorOf, satisfiesRange, type ParsedVersion } from './versions.ts';

/** One version an app may stand on: the installed one, or a newer eligible release. */
export interface Rung {
  /** As the rule reads an installed app. */
  at: InstalledApp;
  /** Id of what the other apps' judgements read of it (its series and the constraint ranges it falls in). */
  face: number;
}

export interface PlanApp {
  entry: AppEntry;
  /** Rung 0 is the installed version; then every eligible newer release, oldest first. */
  ladder: Rung[];
  /** Asked to stay where it is (`hold`). */
  held: boolean;
  /** Its installed version was broken, blocked or withdrawn before the plan, so no step is refused for leaving it so. */
  badBefore: boolean;
  platform: boolean;
  /** Upstream lists the installed version as vulnerable, or a newer release fixes vulnerabilities: its steps go first where they can. */
  urgent: boolean;
}

/** A configuration: for each app (in catalogue order), the rung it stands on. */
export type Configuration = readonly number[];

export interface Budget {
  /** The search judges at most as many candidates as this many checks of the same inventory would (cache hits are free), and at least 2,000. */
  checks: number;
  /** Regions it may expand, however cheap their judgements; default 10,000. */
  regions?: number;
  /** Asked now and then; true stops the search with what it found. How time reaches the pure planner. */
  expired?: () => boolean;
}

/** Thrown inside the search when the budget is spent. */
export class BudgetSpent extends Error {}

export interface PlanSpace {
  apps: PlanApp[];
  /** Whether the series of rung `rung` of app `app` is past the end of its security support (docs/api.md, Support). */
  ended(app: number, rung: number): boolean;
  /** The rule's verdict on rung `rung` of app `app` with the others as in `config` (its own rung there plays no part). */
  judge(config: Configuration, app: number, rung: number): Judgement;
  /** The same verdict's status alone: what the search asks, at a fraction of the cost (no evidence, no reason). */
  status(config: Configuration, app: number, rung: number): UpgradeStatus;
  /**
   * Whether rung `rung` of app `app` could be safe on some server at all: judged with the app alone,
   * every pass counts, so `untested` there means no run of it ever passed (and withdrawn or a
   * constraint on itself holds it everywhere). Not cached: asked once per rung.
   */
  couldBeSafe(app: number, rung: number): boolean;
  /** Charges judgements to the budget from now on (the search), or stops charging (explaining the plan). */
  charge(on: boolean): void;
  /** Charges one expanded region; throws BudgetSpent past the budget. */
  expand(): void;
  judgements(): number;
}

export interface SpaceOptions {
  includePrereleases: boolean;
  hold: ReadonlySet<string>;
  platform: ReadonlySet<string>;
  budget: Budget;
  /** The day support states are read on. */
  now: Date;
}

const badStatuses: ReadonlySet<UpgradeStatus> = new Set(['broken', 'blocked', 'withdrawn']);

export function isBad(status: UpgradeStatus): boolean {
  return badStatuses.has(status);
}

// Small registries are searched to the end whatever the budget in checks: a check of them costs next to nothing.
const minJudgements = 2000;
// Regions hold a few arrays each: this many stay far below a few MB however small the ladders.
const defaultRegions = 10_000;
// The clock is asked once per this many judgements: often enough to stop on time, rarely enough to cost nothing.
const expiryStride = 32;

export function createPlanSpace(resolved: ResolvedRequest, options: SpaceOptions): PlanSpace {
  const present = new Set(resolved.inventory.keys());
  const apps: PlanApp[] = [];
  for (const installed of resolved.inventory.values()) {
    const entry = installed.app;
    const ladder = ladderOf(entry, installed, options.includePrereleases, present);
    const urgent = (installed.release?.info.insecure ?? false) || ladder.some((rung, r) => r > 0 && (rung.at.release?.info.security ?? false));
    apps.push({ entry, ladder, held: options.hold.has(entry.info.id), badBefore: false, platform: options.platform.has(entry.info.id), urgent });
  }
  const cache = new Map<string, Judgement>();
  const statuses = new Map<string, UpgradeStatus>();
  let charging = false;
  let spent = 0;
  let expanded = 0;
  // What one check of this inventory judges: every candidate of every app, and its installed version.
  let checkSize = 0;
  for (const app of apps) checkSize += app.ladder.length;
  const judgementLimit = Math.max(options.budget.checks * checkSize, minJudgements);
  const regionLimit = options.budget.regions ?? defaultRegions;

  function inventoryOf(config: Configuration): ResolvedInventory {
    const inventory: ResolvedInventory = new Map();
    apps.forEach((app, i) => inventory.set(app.entry.info.id, app.ladder[config[i]!]!.at));
    return inventory;
  }

  function spend(): void {
    if (charging) {
      if (spent >= judgementLimit) throw new BudgetSpent('judgement budget spent');
      if (spent % expiryStride === 0 && options.budget.expired?.()) throw new BudgetSpent('time budget spent');
    }
    spent++;
  }

  // The rule reads the other apps only through their faces, so equal faces give equal verdicts.
  function keyOf(config: Configuration, app: number, rung: number): string {
    let key = `${app}:${rung}`;
    for (let j = 0; j < apps.length; j++) if (j !== app) key += `,${apps[j]!.ladder[config[j]!]!.face}`;
    return key;
  }

  const today = dayOf(options.now);
  const space: PlanSpace = {
    apps,
    ended(app, rung) {
      const { entry, ladder } = apps[app]!;
      const support = entry.registry.support.get(entry.info.id)?.get(ladder[rung]!.at.series);
      return support !== undefined && supportState(support.dates, today) === 'ended';
    },
    judge(config, app, rung) {
      const key = keyOf(config, app, rung);
      const cached = cache.get(key);
      if (cached) return cached;
      spend();
      const { at } = apps[app]!.ladder[rung]!;
      const judgement = judge(inventoryOf(config), apps[app]!.entry, { version: at.version, parsed: at.parsed, release: at.release });
      cache.set(key, judgement);
      statuses.set(key, judgement.status);
      return judgement;
    },
    status(config, app, rung) {
      const key = keyOf(config, app, rung);
      const cached = statuses.get(key);
      if (cached) return cached;
      spend();
      const { entry } = apps[app]!;
      const { at } = apps[app]!.ladder[rung]!;
      const status = statusOf(inventoryOf(config), entry, { version: at.version, parsed: at.parsed, release: at.release });
      statuses.set(key, status);
      return status;
    },
    couldBeSafe(app, rung) {
      spend();
      const { entry, ladder } = apps[app]!;
      const { at } = ladder[rung]!;
      const status = statusOf(new Map([[entry.info.id, at]]), entry, { version: at.version, parsed: at.parsed, release: at.release });
      return status === 'safe' || status === 'broken';
    },
    charge(on) {
      charging = on;
    },
    expand() {
      if (expanded >= regionLimit || options.budget.expired?.()) throw new BudgetSpent('region budget spent');
      expanded++;
    },
    judgements: () => spent,
  };
  const installed = apps.map(() => 0);
  apps.forEach((app, i) => {
    app.badBefore = isBad(space.status(installed, i, 0));
  });
  return space;
}

/** The installed version, then the eligible releases newer than it, oldest first, each with its face. */
function ladderOf(entry: AppEntry, installed: InstalledApp, includePrereleases: boolean, present: ReadonlySet<string>): Rung[] {
  const faces = new Map<string, number>();
  const faceOf = (parsed: ParsedVersion, series: string) => {
    const key = faceKey(entry, parsed, series, present);
    let id = faces.get(key);
    if (id === undefined) faces.set(key, (id = faces.size));
    return id;
  };
  const ladder: Rung[] = [{ at: installed, face: faceOf(installed.parsed, installed.series) }];
  for (const release of entry.releases) {
    const { info } = release;
    if (info.prerelease && !includePrereleases) continue;
    if (compareParsed(info.parsed, installed.parsed) <= 0) continue;
    const at: InstalledApp = installedAt(entry, release);
    ladder.push({ at, face: faceOf(info.parsed, release.series) });
  }
  return ladder;
}

/**
 * What another app's verdict can read of this version (docs/api.md, the rule): its series (1b) and,
 * for each constraint binding it to another app of the server, whether it lies in its range (3).
 * The major is part of it too, so one face never spans two majors and every step within a face is direct.
 */
function faceKey(entry: AppEntry, parsed: ParsedVersion, series: string, present: ReadonlySet<string>): string {
  let key = `${majorOf(parsed)}|${series}|`;
  const id = entry.info.id;
  for (const constraint of entry.constraints) {
    if (constraint.appId === constraint.requiresAppId) continue;
    if (constraint.appId === id && present.has(constraint.requiresAppId)) key += satisfiesRange(parsed, constraint.range) ? '1' : '0';
    if (constraint.requiresAppId === id && present.has(constraint.appId)) key += satisfiesRange(parsed, constraint.requiresRange) ? '1' : '0';
  }
  return key;
}
