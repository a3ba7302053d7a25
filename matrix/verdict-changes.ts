// What a write changed: the status of the releases it touched on every stack (or on any platform
// when none is declared), before and after. `vetted report` prints these ("Nextcloud 34.0.3 is now
// confirmed on Debian 12 · PHP 8.2 · MariaDB 10.11").
import type { Stack, UpgradeStatus, VerdictChange } from './contract.ts';
import type { Registry } from './registry.ts';
import { anyPlatform, judgeOnStack, stackInventory } from './stacks.ts';

export interface ReleaseRef {
  appId: string;
  version: string;
}

/** Statuses of the releases on each stack, keyed `stack|app|version`. */
export type VerdictSnapshot = Map<string, UpgradeStatus>;

function stacksOf(registry: Registry): Stack[] {
  return registry.stacks.length > 0 ? registry.stacks : [anyPlatform];
}

export function snapshotVerdicts(registry: Registry, releases: ReleaseRef[]): VerdictSnapshot {
  const snapshot: VerdictSnapshot = new Map();
  for (const stack of stacksOf(registry)) {
    const inventory = stackInventory(registry, stack);
    for (const { appId, version } of releases) {
      const app = registry.apps.get(appId);
      const release = app?.byVersion.get(version);
      if (!app || !release) continue;
      snapshot.set(`${stack.id}|${appId}|${version}`, judgeOnStack(inventory, app, release).status);
    }
  }
  return snapshot;
}

/** The statuses that differ between two snapshots, in stack order then in the order of `releases`. */
export function verdictChanges(registry: Registry, releases: ReleaseRef[], before: VerdictSnapshot, after: VerdictSnapshot): VerdictChange[] {
  const changes: VerdictChange[] = [];
  for (const stack of stacksOf(registry)) {
    for (const { appId, version } of releases) {
      const key = `${stack.id}|${appId}|${version}`;
      const now = after.get(key);
      if (now === undefined) continue;
      const was = before.get(key) ?? 'untested';
      if (was !== now) changes.push({ app: appId, version, stack: { id: stack.id, name: stack.name }, before: was, after: now });
    }
  }
  return changes;
}
