// The matrix of an app against one platform app as the app page draws it: the verdict of the
// newest run for each version and platform series, whatever the stack (matrix/grid.ts).
import { buildGrid } from '../../matrix/grid.ts';
import type { Registry } from '../../matrix/registry.ts';
import type { CatalogApp } from '../../scrapers/catalog.ts';
import { releaseAnchor } from './release-view.ts';

export type CellState = 'pass' | 'fail' | 'none';

export interface GridCellView {
  series: string;
  state: CellState;
  pass: number;
  fail: number;
  /** Words for the cell, e.g. `latest passed (2 passed, 1 failed)`. */
  label: string;
}

export interface GridView {
  platformId: string;
  platformName: string;
  columns: string[];
  rows: Array<{ version: string; anchor: string; withdrawn: boolean; cells: GridCellView[] }>;
}

export function gridView(registry: Registry, app: CatalogApp, platform: CatalogApp, includePrereleases: boolean): GridView {
  const grid = buildGrid(registry, app.id, platform.id, { includePrereleases });
  const view: GridView = { platformId: platform.id, platformName: platform.name, columns: [], rows: [] };
  if (!grid) return view;
  // Only versions and series that were tested together: an empty row or column tells nothing.
  const tested = grid.rows.filter((row) => Object.values(row.cells).some((cell) => cell.latest !== null));
  view.columns = grid.columns.filter((series) => tested.some((row) => row.cells[series]?.latest != null));
  view.rows = tested.map((row) => ({
    version: row.version,
    anchor: releaseAnchor(row.version),
    withdrawn: row.withdrawn,
    cells: view.columns.map((series): GridCellView => {
      const cell = row.cells[series] ?? { pass: 0, fail: 0, latest: null };
      return { series, state: cell.latest ?? 'none', pass: cell.pass, fail: cell.fail, label: cellLabel(cell.pass, cell.fail, cell.latest) };
    }),
  }));
  return view;
}

function cellLabel(pass: number, fail: number, latest: 'pass' | 'fail' | null): string {
  if (latest === null) return 'not tested';
  const word = latest === 'pass' ? 'passed' : 'failed';
  if (pass + fail === 1) return word;
  if (pass === 0 || fail === 0) return `${word}, ${pass + fail} runs`;
  return `${word} (${pass} pass, ${fail} fail)`;
}
