// The plain words for why a release stands where it does on a stack ("34.0.3 failed with PHP 8.2
// (run 12), blamed on Nextcloud"), shared by the pages and the feeds so both say it the same way.
import type { Evidence, UpgradeStatus } from '../../matrix/contract.ts';
import { describeComponents } from './format.ts';

/** Display names by app id, in catalogue order (lists of components follow it). */
export type AppNames = Map<string, string>;

/** `Nextcloud` or `Nextcloud and PHP`; null when nothing is blamed. */
export function blamedWords(failed: string[] | undefined, names: AppNames): string | null {
  if (!failed || failed.length === 0) return null;
  const parts = failed.map((appId) => names.get(appId) ?? appId);
  return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} and ${parts.at(-1)}`;
}

/** `34.0.3 failed with PHP 8.2, Debian 12 and MariaDB 10.11 (run 12), blamed on Nextcloud`. */
export function runWords(version: string, evidence: Evidence, names: AppNames): string {
  const tested = describeComponents(evidence.with, names);
  const verb = evidence.verdict === 'pass' ? 'passed' : 'failed';
  const blamed = evidence.verdict === 'fail' ? blamedWords(evidence.failed, names) : null;
  return `${version} ${verb}${tested ? ` with ${tested}` : ''} (run ${evidence.run})${blamed ? `, blamed on ${blamed}` : ''}`;
}

export interface JudgedRelease {
  version: string;
  status: UpgradeStatus;
  reason?: string | undefined;
  evidence?: Evidence[] | undefined;
}

/** Why a release has its status: the deciding run when tested, else the rule's reason. */
export function releaseWhy(release: JudgedRelease, names: AppNames): string {
  const decider = release.evidence?.[0];
  if (decider) return runWords(release.version, decider, names);
  const reason = release.reason ?? 'no reason given';
  if (release.status === 'blocked') return `${release.version} is blocked: ${reason}`;
  if (release.status === 'withdrawn') return `${release.version} was withdrawn: ${reason}`;
  return `${release.version} is not yet tested: ${reason}`;
}
