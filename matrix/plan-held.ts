// Why an app stays below its newest release at the end of a plan, in the rule's own words: the run
// that broke the release it would step to, the constraint, the missing test, the app it would break.
import type { HeldApp } from './contract.ts';
import { isDirect } from './path.ts';
import { isBad, type Configuration, type PlanSpace } from './plan-space.ts';
import type { Evidence } from './types.ts';

export function heldApps(space: PlanSpace, final: Configuration): HeldApp[] {
  const held: HeldApp[] = [];
  for (const [i, app] of space.apps.entries()) {
    const newest = app.ladder.length - 1;
    if (final[i]! >= newest) continue;
    held.push({
      app: app.entry.info.id,
      at: app.ladder[final[i]!]!.at.version,
      newest: app.ladder[newest]!.at.version,
      reason: app.held ? 'held by request' : reasonFor(space, final, i),
    });
  }
  return held;
}

/** About the newest release the app could step to directly: the one a sysadmin would try. */
function reasonFor(space: PlanSpace, final: Configuration, app: number): string {
  const { ladder, entry } = space.apps[app]!;
  const here = ladder[final[app]!]!.at;
  let next = -1;
  for (let r = final[app]! + 1; r < ladder.length && isDirect(entry.info.policy, here.parsed, ladder[r]!.at.parsed); r++) next = r;
  if (next < 0) {
    const most = entry.info.policy.maxMajorStep;
    return `no release is a direct upgrade from ${here.version}: ${entry.info.name} may move at most ${most} major version${most === 1 ? '' : 's'} at a time`;
  }
  const version = ladder[next]!.at.version;
  const judgement = space.judge(final, app, next);
  switch (judgement.status) {
    case 'broken':
      return `${version} is broken: ${failure(space, judgement.evidence?.[0])}`;
    case 'safe':
      return `${version} is safe, but ${brokenBy(space, final, app, next)}`;
    default:
      return `${version} is ${judgement.status}: ${judgement.reason}`;
  }
}

/** What the step would leave broken, blocked or withdrawn that was not before the plan. */
function brokenBy(space: PlanSpace, final: Configuration, app: number, to: number): string {
  const after = [...final];
  after[app] = to;
  for (const [j, other] of space.apps.entries()) {
    if (j === app || other.badBefore) continue;
    const judgement = space.judge(after, j, after[j]!);
    if (!isBad(judgement.status)) continue;
    const what = `${other.entry.info.name} ${other.ladder[after[j]!]!.at.version}`;
    if (judgement.status === 'broken') return `it would leave ${what} broken: ${failure(space, judgement.evidence?.[0])}`;
    return `it would leave ${what} ${judgement.status}: ${judgement.reason}`;
  }
  // Only a search stopped by its bound leaves an app that could still move.
  return 'the search stopped at its bound before reaching it';
}

function failure(space: PlanSpace, evidence: Evidence | undefined): string {
  if (!evidence) return 'a failed run';
  const names = space.apps[0]!.entry.names;
  const name = (id: string) => names.get(id) ?? id;
  const tested = Object.entries(evidence.with).map(([id, series]) => `${name(id)} ${series}`).join(' and ');
  const blamed = evidence.failed && evidence.failed.length > 0 ? ` (it blamed ${evidence.failed.map(name).join(' and ')})` : '';
  return `run ${evidence.run} failed${tested === '' ? '' : ` with ${tested}`}${blamed}`;
}
