// Sentences for why a verdict is what it is: the run behind it (what it was tested with, what it
// blamed) or the stack a release was judged against.
import type { Evidence } from '../matrix/contract.ts';
import { appName, platformSeries } from './app-names.ts';

/** "failed on 2026-11-20 with PHP 8.1, Debian 12, blaming Nextcloud (run 398)". */
export function describeEvidence(evidence: Evidence): string {
  const verb = evidence.verdict === 'fail' ? 'failed' : 'passed';
  const date = evidence.testedAt.slice(0, 10);
  const tested = Object.keys(evidence.with).length > 0 ? ` with ${describeWith(evidence.with)}` : '';
  const blamed = evidence.verdict === 'fail' && evidence.failed && evidence.failed.length > 0 ? `, blaming ${evidence.failed.map(appName).join(', ')}` : '';
  return `${verb} on ${date}${tested}${blamed} (run ${evidence.run})`;
}

/** "PHP 8.1, Debian 12": components as `app → series`. */
export function describeWith(components: Record<string, string>): string {
  return Object.entries(components).map(([app, series]) => `${appName(app)} ${series}`).join(', ');
}

/** "PHP 8.1, Debian 12": the platform an inventory runs, by series, which is what a run matches on. */
export function stackOf(inventory: Record<string, string>, except: string): string {
  const parts: string[] = [];
  for (const [platform, series] of Object.entries(platformSeries)) {
    const version = inventory[platform];
    if (platform === except || version === undefined) continue;
    parts.push(`${appName(platform)} ${version.split(/[.+~-]/).slice(0, series).join('.')}`);
  }
  return parts.length > 0 ? parts.join(', ') : 'this stack';
}
