// One app's page as data: its releases with status and evidence, its grid against each platform
// app, and a timeline of recent releases.
import { buildGrid } from '../../matrix/grid.ts';
import { runView, type Registry } from '../../matrix/registry.ts';
import type { Catalog, CatalogApp } from '../../scrapers/catalog.ts';
import type { AppSummary } from '../repositories/app-summaries.ts';
import type { Release } from '../../matrix/contract.ts';
import { describeComponents } from './format.ts';
import { safeHref } from './html.ts';
import type { RunDetail } from './public-data.ts';
import { releaseBadges, watchView, type Badge, type WatchView } from './status.ts';

export interface EvidenceView {
  runId: number;
  verdict: 'pass' | 'fail';
  testedAt: string;
  /** The run's other components, e.g. `PHP 8.2.26 and Debian 12.8`; empty when it tested the app alone. */
  testedWith: string;
  notes: string | null;
  /** Only http(s) evidence becomes a link. */
  evidenceHref: string | null;
  /** Evidence that is not an http(s) URL, shown as text. */
  evidenceText: string | null;
}

export interface ReleaseRowView {
  version: string;
  /** Fragment id of the row, linked from the feeds. */
  anchor: string;
  tag: string | null;
  href: string | null;
  /** Upstream URL that is not http(s), shown as text. */
  urlText: string | null;
  publishedAt: string | null;
  prerelease: boolean;
  security: boolean;
  /** Upstream lists it as having known vulnerabilities. */
  insecure: boolean;
  badge: Badge;
  withdrawnReason: string | null;
  /** Newest first. */
  evidence: EvidenceView[];
  moreRuns: number;
}

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

export interface TimelinePoint {
  version: string;
  anchor: string;
  publishedAt: string;
  tone: Badge['tone'];
  label: string;
  /** 0..1 along the axis, oldest left. */
  x: number;
}

export interface AppView {
  app: { id: string; name: string; kind: string; homepage: string | null; notes: string | null; seriesText: string; policy: string | null };
  summary: AppSummary | null;
  watch: WatchView | null;
  includePrereleases: boolean;
  releases: ReleaseRowView[];
  moreReleases: boolean;
  grids: GridView[];
  timeline: { points: TimelinePoint[]; from: string; to: string } | null;
}

// Enough to judge the evidence at a glance; the API has every run.
const evidencePerRelease = 3;
// The newest releases; a timeline of hundreds of dots says nothing.
const timelineSize = 24;

export interface AppViewInput {
  app: CatalogApp;
  catalog: Catalog;
  summary: AppSummary | null;
  registry: Registry;
  releases: Release[];
  moreReleases: boolean;
  runDetails: Map<number, RunDetail>;
  includePrereleases: boolean;
}

/** Ids of the runs whose notes and evidence the page shows. */
export function shownRunIds(registry: Registry, appId: string, releases: Release[]): number[] {
  const ids: number[] = [];
  const entry = registry.apps.get(appId);
  for (const release of releases) {
    for (const slot of entry?.byVersion.get(release.version)?.runs.slice(0, evidencePerRelease) ?? []) ids.push(registry.store.ids[slot]!);
  }
  return ids;
}

export function buildAppView(input: AppViewInput): AppView {
  const { app, catalog, registry } = input;
  const names = new Map(catalog.apps.map((a) => [a.id, a.name]));
  const entry = registry.apps.get(app.id);
  const releases = input.releases.map((release): ReleaseRowView => {
    const runs = entry?.byVersion.get(release.version)?.runs ?? [];
    const evidence = runs.slice(0, evidencePerRelease).map((slot): EvidenceView => {
      const run = runView(registry, slot);
      const detail = input.runDetails.get(run.id);
      const others: Record<string, string> = {};
      for (const [id, other] of run.components) if (id !== app.id) others[id] = other.info.version;
      const href = safeHref(detail?.evidenceUrl);
      return {
        runId: run.id,
        verdict: run.verdict,
        testedAt: run.testedAt.toISOString(),
        testedWith: describeComponents(others, names),
        notes: detail?.notes ?? null,
        evidenceHref: href,
        evidenceText: href === null ? (detail?.evidenceUrl ?? null) : null,
      };
    });
    const href = safeHref(release.url);
    return {
      version: release.version,
      anchor: releaseAnchor(release.version),
      tag: release.tag,
      href,
      urlText: href === null ? release.url : null,
      publishedAt: release.publishedAt,
      prerelease: release.prerelease,
      security: release.security,
      insecure: release.insecure,
      badge: releaseBadges[release.status],
      withdrawnReason: release.withdrawnReason,
      evidence,
      moreRuns: Math.max(0, runs.length - evidence.length),
    };
  });
  const grids: GridView[] = [];
  for (const platform of catalog.apps) {
    if (platform.kind !== 'platform' || platform.id === app.id) continue;
    grids.push(gridView(registry, app, platform, input.includePrereleases));
  }
  return {
    app: {
      id: app.id,
      name: app.name,
      kind: app.kind,
      homepage: safeHref(app.homepage),
      notes: app.notes ?? null,
      seriesText: seriesText(app.series, input.releases[0]?.version ?? null),
      policy: policyText(app.policy.maxMajorStep),
    },
    summary: input.summary,
    watch: input.summary ? watchView(input.summary.watch) : null,
    includePrereleases: input.includePrereleases,
    releases,
    moreReleases: input.moreReleases,
    grids,
    timeline: timeline(releases),
  };
}

/** `major.minor (8.2 for 8.2.26): runs count for every release of the same series`. */
function seriesText(series: number, example: string | null): string {
  const words = ['major', 'major.minor', 'major.minor.patch', 'the first four parts'][series - 1] ?? `the first ${series} parts`;
  const sample = example ? ` (${example.split(/[.-]/).slice(0, series).join('.')} for ${example})` : '';
  return `${words}${sample}: a run counts for every release of the same series`;
}

function policyText(maxMajorStep: number | undefined): string | null {
  if (maxMajorStep === undefined) return null;
  if (maxMajorStep === 1) return 'Upgrade one major version at a time: a major version cannot be skipped.';
  return `Upgrade at most ${maxMajorStep} major versions at a time.`;
}

/** `v30.0.2`: a fragment id that is valid HTML whatever the version's characters. */
export function releaseAnchor(version: string): string {
  return `v${version.replace(/[^A-Za-z0-9._-]/g, '_')}`;
}

function gridView(registry: Registry, app: CatalogApp, platform: CatalogApp, includePrereleases: boolean): GridView {
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

function timeline(releases: ReleaseRowView[]): AppView['timeline'] {
  const dated = releases.filter((r): r is ReleaseRowView & { publishedAt: string } => r.publishedAt !== null).slice(0, timelineSize);
  if (dated.length < 2) return null;
  const times = dated.map((r) => Date.parse(r.publishedAt));
  const from = Math.min(...times);
  const to = Math.max(...times);
  const span = to - from || 1;
  return {
    from: new Date(from).toISOString(),
    to: new Date(to).toISOString(),
    points: dated.map((r, i) => ({ version: r.version, anchor: r.anchor, publishedAt: r.publishedAt, tone: r.badge.tone, label: r.badge.label, x: (times[i]! - from) / span })),
  };
}
