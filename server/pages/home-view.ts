// The tested-versions page of one stack as data: one row per app, in catalogue order, apps before
// the platform, each judged on the stack by the rule (docs/public-surfaces.md).
import { appStanding } from '../../matrix/app-facts.ts';
import type { Stack } from '../../matrix/contract.ts';
import { runCount, type Registry } from '../../matrix/registry.ts';
import { stackInventory } from '../../matrix/stacks.ts';
import type { AppSummary } from '../repositories/app-summaries.ts';
import { appPagePath, calendarPath, feedLinks, stackHomePath, type FeedLinks } from './paths.ts';
import { stackNav, type StackNavView } from './stack-nav.ts';
import { standingView, type StandingView } from './standing-view.ts';
import { watchView, type WatchView } from './status.ts';
import { rowMarks, rowSupport, type RowMarks, type RowSupport } from './support-view.ts';

export interface HomeRow extends StandingView {
  id: string;
  name: string;
  /** The app's page on this stack. */
  href: string;
  /** Catalogue notes; null when none. */
  notes: string | null;
  watch: WatchView;
  /** The support of the series the stack runs (platform components) or has confirmed (the other apps). */
  support: RowSupport;
  /** Security fix and vulnerable marks of the confirmed and newest releases. */
  marks: RowMarks;
}

export interface HomeView {
  stack: StackNavView;
  apps: HomeRow[];
  platform: HomeRow[];
  /** `empty`: no releases at all; `untested`: releases but no runs; null: there is something to show. */
  emptyState: 'empty' | 'untested' | null;
  feeds: { all: FeedLinks; stack: FeedLinks | null };
  /** End-of-support calendars: of every app, and of this stack's platform (null when no stack is declared). */
  calendars: { all: string; stack: string | null };
}

/** `today`: the calendar day (UTC, `YYYY-MM-DD`) support states are judged on. */
export function buildHomeView(summaries: AppSummary[], registry: Registry, stack: Stack, today: string): HomeView {
  const names = new Map(summaries.map((summary) => [summary.id, summary.name]));
  const inventory = stackInventory(registry, stack);
  const rows = summaries.map((summary): HomeRow => {
    const standing = standingView(appStanding(inventory, registry.apps.get(summary.id)), names);
    const confirmed = standing.confirmed?.version ?? null;
    return {
      id: summary.id,
      name: summary.name,
      href: appPagePath(registry, stack, summary.id),
      notes: summary.notes,
      ...standing,
      watch: watchView(summary.watch),
      support: rowSupport(registry, stack, summary.id, confirmed, today),
      marks: rowMarks(registry, summary.id, confirmed, standing.latest?.version ?? null),
    };
  });
  const anyRelease = rows.some((row) => row.latest !== null);
  const declared = registry.stacks.length > 0;
  return {
    stack: stackNav(registry, stack, (other) => stackHomePath(registry, other)),
    apps: rows.filter((_, i) => summaries[i]!.kind === 'app'),
    platform: rows.filter((_, i) => summaries[i]!.kind === 'platform'),
    emptyState: !anyRelease ? 'empty' : runCount(registry) === 0 ? 'untested' : null,
    feeds: { all: feedLinks(null), stack: declared && registry.stacks.length > 1 ? feedLinks(stack) : null },
    calendars: { all: calendarPath(null, null), stack: declared ? calendarPath(stack, null) : null },
  };
}
