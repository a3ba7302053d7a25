// Where an app stands on a stack: its newest release, the newest one confirmed working there, and
// what stands between them. The catalogue API, the tested-versions page and the app pages all show
// this, judged by the rule (matrix/stacks.ts), so a release is never confirmed in one place and
// broken in another.
import type { Evidence, UpgradeStatus } from './contract.ts';
import type { AppEntry, ReleaseEntry } from './registry.ts';
import { judgeOnStack } from './stacks.ts';
import type { ResolvedInventory } from './status.ts';

export interface LatestRelease {
  version: string;
  /** ISO 8601; null when upstream did not say. */
  publishedAt: string | null;
  status: UpgradeStatus;
  /** Why it is untested, blocked or withdrawn. */
  reason?: string;
  /** For safe and broken: the relevant runs, the deciding one first. */
  evidence?: Evidence[];
}

export interface LatestConfirmed {
  version: string;
  /** ISO 8601 time of the deciding passing run. */
  testedAt: string;
  run: number;
}

export interface Standing {
  /** The newest final, not withdrawn release; null when there is none. */
  latest: LatestRelease | null;
  /** The newest final, not withdrawn release that is safe on the stack; null when none is. */
  confirmed: LatestConfirmed | null;
  /** Final, not withdrawn releases newer than `confirmed` that are broken or blocked there, newest first. */
  problems: LatestRelease[];
  /** How many final, not withdrawn releases newer than `confirmed` are untested there. */
  untested: number;
}

export function appStanding(inventory: ResolvedInventory, app: AppEntry | undefined): Standing {
  const standing: Standing = { latest: null, confirmed: null, problems: [], untested: 0 };
  if (!app) return standing;
  for (let i = app.releases.length - 1; i >= 0; i--) {
    const release = app.releases[i]!;
    if (release.info.prerelease || release.info.withdrawn) continue;
    const judged = judgedRelease(inventory, app, release);
    standing.latest ??= judged;
    if (judged.status === 'safe') {
      const decider = judged.evidence![0]!;
      standing.confirmed = { version: judged.version, testedAt: decider.testedAt, run: decider.run };
      break;
    }
    if (judged.status === 'untested') standing.untested += 1;
    else standing.problems.push(judged);
  }
  return standing;
}

function judgedRelease(inventory: ResolvedInventory, app: AppEntry, release: ReleaseEntry): LatestRelease {
  const judgement = judgeOnStack(inventory, app, release);
  return {
    version: release.info.version,
    publishedAt: release.info.publishedAt?.toISOString() ?? null,
    status: judgement.status,
    ...(judgement.reason === undefined ? {} : { reason: judgement.reason }),
    ...(judgement.evidence === undefined ? {} : { evidence: judgement.evidence }),
  };
}
