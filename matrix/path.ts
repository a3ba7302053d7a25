// Clause 6 and the path: which steps an app's upgrade policy lets one take directly, and the
// chain of safe direct steps from the installed version up to latestSafe.
import type { UpgradePolicy } from './types.ts';
import { compareParsed, majorOf, type ParsedVersion } from './versions.ts';

export interface Step {
  version: string;
  parsed: ParsedVersion;
}

/** Whether `to` can be installed straight over `from` under the policy. */
export function isDirect(policy: UpgradePolicy, from: ParsedVersion, to: ParsedVersion): boolean {
  if (policy.maxMajorStep === undefined) return true;
  return majorOf(to) - majorOf(from) <= policy.maxMajorStep;
}

export interface PlannedPath {
  path: string[];
  complete: boolean;
}

/**
 * From `from`, repeatedly steps to the highest safe candidate that is direct from where one stands,
 * until the highest safe one is reached. `safe` must be newest first and all newer than `from`.
 */
export function planPath(policy: UpgradePolicy, from: ParsedVersion, safe: Step[]): PlannedPath {
  const target = safe[0];
  if (!target) return { path: [], complete: true };
  const path: string[] = [];
  let current = from;
  while (current !== target.parsed) {
    const here = current;
    const next = safe.find((step) => compareParsed(step.parsed, here) > 0 && isDirect(policy, here, step.parsed));
    if (!next) return { path, complete: false };
    path.push(next.version);
    current = next.parsed;
  }
  return { path, complete: true };
}
