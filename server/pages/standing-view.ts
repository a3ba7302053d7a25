// Where an app stands on one stack, in words: the tested-versions row and the app page's answer
// per stack. Everything comes from appStanding (matrix/app-facts.ts), one judgement of the rule per
// release, so a release is never shown as both confirmed and broken.
import type { LatestConfirmed, LatestRelease, Standing } from '../../matrix/app-facts.ts';
import { appBadge, releaseBadges, type AppStatus, type Badge } from './status.ts';
import { releaseWhy, type AppNames } from './verdict-words.ts';

export interface ProblemView {
  version: string;
  badge: Badge;
  /** The failing run or the constraint. */
  why: string;
}

export interface StandingView {
  confirmed: LatestConfirmed | null;
  latest: { version: string; publishedAt: string | null } | null;
  status: AppStatus;
  badge: Badge;
  /** Why: the run or the reason behind the status; null when up to date or nothing is known. */
  detail: string | null;
  /** Broken or blocked releases newer than the confirmed one, newest first. */
  problems: ProblemView[];
  /** The few problems after the first (which `detail` names), for a list under the status. */
  otherProblems: ProblemView[];
  /** Problems in neither `detail` nor `otherProblems`. */
  moreProblems: number;
  /** How many releases newer than the confirmed one are not yet tested. */
  untested: number;
}

// A constraint can block years of releases at once; a few name the problem, a count says the rest.
const problemsListed = 3;

export function standingView(standing: Standing, names: AppNames): StandingView {
  const { latest, confirmed } = standing;
  const status = appStatus(latest);
  const problems = standing.problems.map((problem): ProblemView => ({ version: problem.version, badge: releaseBadges[problem.status], why: releaseWhy(problem, names) }));
  return {
    confirmed,
    latest: latest && { version: latest.version, publishedAt: latest.publishedAt },
    status,
    badge: appBadge(status, confirmed !== null),
    detail: statusDetail(standing, problems),
    problems,
    otherProblems: problems.slice(1, 1 + problemsListed),
    moreProblems: Math.max(0, problems.length - 1 - problemsListed),
    untested: standing.untested,
  };
}

function appStatus(latest: LatestRelease | null): AppStatus {
  if (!latest) return 'no-releases';
  if (latest.status === 'safe') return 'up-to-date';
  if (latest.status === 'broken' || latest.status === 'blocked') return latest.status;
  return 'untested';
}

function statusDetail(standing: Standing, problems: ProblemView[]): string | null {
  const { latest } = standing;
  if (!latest || latest.status === 'safe') return null;
  if (latest.status !== 'untested') return problems[0]?.why ?? null;
  const others = standing.untested - 1;
  let text = others > 0 ? `${latest.version} and ${others} other ${others === 1 ? 'release' : 'releases'} not yet tested` : `${latest.version} not yet tested`;
  // "no run of 30.0.3 yet" only repeats the words before it; a nearer miss is worth saying.
  if (latest.reason && latest.reason !== `no run of ${latest.version} yet`) text += ` on this stack: ${latest.reason}`;
  if (problems.length > 0) text += `; ${problems[0]!.why}`;
  return text;
}
