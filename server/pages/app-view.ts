// One app's page on a stack as data, in the order the page answers: where the app stands on each
// stack (confirmed, newest, what is broken or blocked and why, the constraints that involve it),
// then its grid against the platform, then its releases on this stack grouped by series.
import { appStanding } from '../../matrix/app-facts.ts';
import type { Release, Stack } from '../../matrix/contract.ts';
import type { Registry } from '../../matrix/registry.ts';
import { anyPlatform, stackInventory } from '../../matrix/stacks.ts';
import type { Catalog, CatalogApp } from '../../scrapers/catalog.ts';
import type { AppSummary } from '../repositories/app-summaries.ts';
import { gridView, type GridView } from './grid-view.ts';
import { safeHref } from './html.ts';
import { appPagePath, calendarPath, feedLinks, isDefaultStack, stackHomePath, type FeedLinks } from './paths.ts';
import type { RunDetail } from './public-data.ts';
import { releaseRows, releaseSections, type ReleaseRowView, type ReleaseSectionView } from './release-view.ts';
import { stackNav, type StackLink, type StackNavView } from './stack-nav.ts';
import { standingView, type StandingView } from './standing-view.ts';
import { watchView, type Badge, type WatchView } from './status.ts';
import { seriesOnStack, supportRows, type SupportRowView } from './support-view.ts';

export interface StackAnswer extends StandingView {
  stack: StackLink;
}

export interface ConstraintView {
  /** `Nextcloud <30 needs PHP <8.4`. */
  text: string;
  reason: string;
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
  stack: StackNavView;
  /** The tested-versions page of this stack. */
  homeHref: string;
  /** One per declared stack (or any platform), this page's stack first. */
  answers: StackAnswer[];
  constraints: ConstraintView[];
  summary: AppSummary | null;
  watch: WatchView | null;
  feeds: { all: FeedLinks; stack: FeedLinks | null };
  /** Support and end of life of each series with known dates, newest first. */
  support: SupportRowView[];
  /** The app's end-of-support calendar (iCalendar). */
  calendar: string;
  /** The releases of this stack as JSON. */
  releasesJson: string;
  /** This page with and without prereleases. */
  pageHref: string;
  includePrereleases: boolean;
  sections: ReleaseSectionView[];
  releaseCount: number;
  moreReleases: boolean;
  grids: GridView[];
  timeline: { points: TimelinePoint[]; from: string; to: string } | null;
}

// The newest releases; a timeline of hundreds of dots says nothing.
const timelineSize = 24;

export interface AppViewInput {
  app: CatalogApp;
  catalog: Catalog;
  summary: AppSummary | null;
  registry: Registry;
  stack: Stack;
  /** On `stack`, newest first. */
  releases: Release[];
  moreReleases: boolean;
  runDetails: Map<number, RunDetail>;
  includePrereleases: boolean;
  /** The calendar day (UTC, `YYYY-MM-DD`) support states are judged on. */
  today: string;
}

export function buildAppView(input: AppViewInput): AppView {
  const { app, catalog, registry, stack } = input;
  const names = new Map(catalog.apps.map((a) => [a.id, a.name]));
  const entry = registry.apps.get(app.id)!;
  const listInput = { registry, app: entry, appName: app.name, names, releases: input.releases, runDetails: input.runDetails };
  const rows = releaseRows(listInput);
  const nav = stackNav(registry, stack, (other) => appPagePath(registry, other, app.id));
  const grids: GridView[] = [];
  for (const platform of catalog.apps) {
    if (platform.kind !== 'platform' || platform.id === app.id) continue;
    grids.push(gridView(registry, app, platform, input.includePrereleases));
  }
  const stackQuery = isDefaultStack(registry, stack) ? '' : `?stack=${encodeURIComponent(stack.id)}`;
  const stackAnswers = answers(registry, stack, app.id, nav, names);
  const here = stackAnswers.find((answer) => answer.stack.current) ?? stackAnswers[0];
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
    stack: nav,
    homeHref: stackHomePath(registry, stack),
    answers: stackAnswers,
    constraints: entry.constraints.map((c) => ({ text: `${names.get(c.appId) ?? c.appId} ${c.range} needs ${names.get(c.requiresAppId) ?? c.requiresAppId} ${c.requiresRange}`, reason: c.reason })),
    summary: input.summary,
    watch: input.summary ? watchView(input.summary.watch) : null,
    feeds: { all: feedLinks(null, app.id), stack: registry.stacks.length > 1 ? feedLinks(stack, app.id) : null },
    support: supportRows(registry, app.id, seriesOnStack(registry, stack, app.id, here?.confirmed?.version ?? null), input.today),
    calendar: calendarPath(null, app.id),
    releasesJson: `/api/v1/apps/${encodeURIComponent(app.id)}/releases${stackQuery}`,
    pageHref: appPagePath(registry, stack, app.id),
    includePrereleases: input.includePrereleases,
    sections: releaseSections(listInput, rows),
    releaseCount: rows.length,
    moreReleases: input.moreReleases,
    grids,
    timeline: timeline(rows),
  };
}

function answers(registry: Registry, stack: Stack, appId: string, nav: StackNavView, names: Map<string, string>): StackAnswer[] {
  const app = registry.apps.get(appId);
  if (registry.stacks.length === 0) {
    const link: StackLink = { id: anyPlatform.id, name: anyPlatform.name, href: appPagePath(registry, stack, appId), isDefault: true, current: true };
    return [{ stack: link, ...standingView(appStanding(stackInventory(registry, anyPlatform), app), names) }];
  }
  const list = registry.stacks.map((other): StackAnswer => ({
    stack: nav.links.find((link) => link.id === other.id)!,
    ...standingView(appStanding(stackInventory(registry, other), app), names),
  }));
  return [...list.filter((a) => a.stack.current), ...list.filter((a) => !a.stack.current)];
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

function timeline(rows: ReleaseRowView[]): AppView['timeline'] {
  const dated = rows.filter((r): r is ReleaseRowView & { publishedAt: string } => r.publishedAt !== null).slice(0, timelineSize);
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
