// The matrix of GET /api/v1/matrix?app=A&with=B: A's versions against B's series, each cell the
// runs that tested them together.
import type { Registry } from './registry.ts';
import type { Verdict } from './types.ts';
import { seriesOf } from './versions.ts';

export interface GridCell {
  pass: number;
  fail: number;
  /** Verdict of the newest run in the cell; null when there is none. */
  latest: Verdict | null;
}

export interface GridRow {
  version: string;
  prerelease: boolean;
  withdrawn: boolean;
  /** By series of B, one per column. */
  cells: Record<string, GridCell>;
}

export interface Grid {
  app: string;
  with: string;
  /** B's series, newest first. */
  columns: string[];
  /** A's versions, newest first. */
  rows: GridRow[];
}

export interface GridOptions {
  includePrereleases: boolean;
}

/** Null when either app is unknown. */
export function buildGrid(registry: Registry, appId: string, withId: string, options: GridOptions): Grid | null {
  const app = registry.apps.get(appId);
  const other = registry.apps.get(withId);
  if (!app || !other) return null;
  const columns: string[] = [];
  const seen = new Set<string>();
  for (let i = other.releases.length - 1; i >= 0; i--) {
    const info = other.releases[i]!.info;
    if (info.prerelease && !options.includePrereleases) continue;
    const series = seriesOf(info.parsed, other.info.series, other.info.versioning);
    if (!seen.has(series)) {
      seen.add(series);
      columns.push(series);
    }
  }
  const rows: GridRow[] = [];
  for (let i = app.releases.length - 1; i >= 0; i--) {
    const release = app.releases[i]!;
    const { info } = release;
    if (info.prerelease && !options.includePrereleases) continue;
    const cells: Record<string, GridCell> = {};
    for (const series of columns) cells[series] = { pass: 0, fail: 0, latest: null };
    // Runs are newest first, so the first run seen in a cell is its latest.
    for (const slot of release.runs) {
      const series = seriesIn(registry, slot, other.index);
      if (series === undefined) continue;
      const verdict = registry.store.verdicts[slot] === 0 ? 'pass' : 'fail';
      const cell = (cells[series] ??= { pass: 0, fail: 0, latest: null });
      cell[verdict] += 1;
      cell.latest ??= verdict;
    }
    rows.push({ version: info.version, prerelease: info.prerelease, withdrawn: info.withdrawn, cells });
  }
  return { app: appId, with: withId, columns, rows };
}

/** The series at which the run in `slot` has the app at `appIndex`; undefined when it does not have it. */
function seriesIn(registry: Registry, slot: number, appIndex: number): string | undefined {
  const { store, releaseList } = registry;
  for (let at = store.componentStart[slot]!; at < store.componentStart[slot + 1]!; at++) {
    const release = releaseList[store.componentReleases[at]!]!;
    if (release.appIndex === appIndex) return release.series;
  }
  return undefined;
}
