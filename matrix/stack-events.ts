// The history the feeds tell, per stack: when each release first became confirmed working there,
// and when one that was confirmed stopped being so (a later relevant failure, a withdrawal, a
// constraint), and when it was confirmed again. Replayed from the runs by the same rule as the
// advice, so a reader who acted on an item learns of the next one, and the newest item about a
// release always agrees with its page.
import type { Evidence, Stack } from './contract.ts';
import { runView, type AppEntry, type Registry, type ReleaseEntry, type RunView } from './registry.ts';
import { stackInventory } from './stacks.ts';
import { blockingConstraint, relevantRuns, toEvidence, type ResolvedInventory } from './status.ts';

export type StackEventKind = 'confirmed' | 'reconfirmed' | 'broken' | 'blocked' | 'withdrawn';

export interface StackEvent {
  kind: StackEventKind;
  appId: string;
  version: string;
  stack: Stack;
  at: Date;
  /** The run behind confirmed, reconfirmed and broken; null for blocked and withdrawn. */
  run: Evidence | null;
  /** The constraint's reason (blocked) or the admin's (withdrawn); null otherwise. */
  reason: string | null;
}

type State = 'safe' | 'broken' | 'untested' | 'blocked' | 'withdrawn';

type Moment =
  | { at: Date; order: number; kind: 'run'; run: RunView }
  | { at: Date; order: number; kind: 'blocked'; reason: string }
  | { at: Date; order: number; kind: 'withdrawn'; reason: string };

/** Every event of the apps' final releases on one stack, oldest first. */
export function stackEvents(registry: Registry, stack: Stack, appIds: ReadonlySet<string> | null = null): StackEvent[] {
  const inventory = stackInventory(registry, stack);
  const events: StackEvent[] = [];
  for (const [appId, app] of registry.apps) {
    if (appIds !== null && !appIds.has(appId)) continue;
    for (const release of app.releases) {
      if (release.info.prerelease) continue;
      events.push(...releaseEvents(inventory, app, release, stack));
    }
  }
  return events.sort((a, b) => a.at.getTime() - b.at.getTime() || (a.run?.run ?? 0) - (b.run?.run ?? 0));
}

function releaseEvents(inventory: ResolvedInventory, app: AppEntry, release: ReleaseEntry, stack: Stack): StackEvent[] {
  const appId = app.info.id;
  const moments: Moment[] = [];
  // Relevant runs come newest first; the replay goes forward in time.
  const slots = relevantRuns(inventory, app, release);
  for (let i = slots.length - 1; i >= 0; i--) {
    const run = runView(app.registry, slots[i]!);
    moments.push({ at: run.testedAt, order: 0, kind: 'run', run });
  }
  if (moments.length === 0) return [];
  const { info } = release;
  const constraint = blockingConstraint(inventory, app, { version: info.version, parsed: info.parsed, release });
  if (constraint) moments.push({ at: constraint.createdAt, order: 1, kind: 'blocked', reason: constraint.reason });
  // Withdrawn with no time kept: it never stood as confirmed.
  if (info.withdrawn) moments.push({ at: info.withdrawnAt ?? new Date(0), order: 2, kind: 'withdrawn', reason: info.withdrawnReason ?? 'withdrawn by an admin' });
  moments.sort((a, b) => a.at.getTime() - b.at.getTime() || a.order - b.order);

  const events: StackEvent[] = [];
  let verdict: State = 'untested';
  let blocked = false;
  let withdrawn = false;
  let state: State = 'untested';
  let announced = false;
  for (const moment of moments) {
    if (moment.kind === 'run') verdict = moment.run.verdict === 'pass' ? 'safe' : 'broken';
    else if (moment.kind === 'blocked') blocked = true;
    else withdrawn = true;
    const next: State = withdrawn ? 'withdrawn' : blocked ? 'blocked' : verdict;
    if (next === state) continue;
    const base = { appId, version: info.version, stack, at: moment.at };
    if (next === 'safe' && moment.kind === 'run') {
      events.push({ ...base, kind: announced ? 'reconfirmed' : 'confirmed', run: toEvidence(moment.run, appId), reason: null });
      announced = true;
    } else if (state === 'safe') {
      const run = moment.kind === 'run' ? toEvidence(moment.run, appId) : null;
      const reason = moment.kind === 'run' ? null : moment.reason;
      events.push({ ...base, kind: next === 'broken' ? 'broken' : next === 'blocked' ? 'blocked' : 'withdrawn', run, reason });
    }
    state = next;
  }
  return events;
}
