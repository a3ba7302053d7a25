// "First confirmed" events for the feeds: a release becomes confirmed at its earliest passing run.
import { runView, type Registry, type ReleaseEntry } from './registry.ts';

export interface Confirmation {
  appId: string;
  version: string;
  prerelease: boolean;
  withdrawn: boolean;
  /** When the confirming run was tested. */
  at: Date;
  runId: number;
  /** The run's other components: app → version. */
  with: Record<string, string>;
}

/** The release's earliest passing run (lowest id among equals), or null while it has none. */
export function firstConfirmation(registry: Registry, appId: string, release: ReleaseEntry): Confirmation | null {
  // Runs are newest first: the last passing one is the earliest.
  for (let i = release.runs.length - 1; i >= 0; i--) {
    const run = runView(registry, release.runs[i]!);
    if (run.verdict !== 'pass') continue;
    const withVersions: Record<string, string> = {};
    for (const [otherId, other] of run.components) if (otherId !== appId) withVersions[otherId] = other.info.version;
    const { info } = release;
    return { appId, version: info.version, prerelease: info.prerelease, withdrawn: info.withdrawn, at: run.testedAt, runId: run.id, with: withVersions };
  }
  return null;
}

export interface ConfirmationOptions {
  /** Only this app's releases; all apps when absent. */
  appId?: string;
  /** At most this many events, newest first. */
  limit?: number;
}

/** Every release's first confirmation, newest first (later confirmation, then higher run id). */
export function confirmations(registry: Registry, options: ConfirmationOptions = {}): Confirmation[] {
  const events: Confirmation[] = [];
  for (const [appId, app] of registry.apps) {
    if (options.appId !== undefined && appId !== options.appId) continue;
    for (const release of app.releases) {
      const event = firstConfirmation(registry, appId, release);
      if (event) events.push(event);
    }
  }
  events.sort((a, b) => b.at.getTime() - a.at.getTime() || b.runId - a.runId || (a.appId < b.appId ? -1 : a.appId > b.appId ? 1 : 0));
  return options.limit === undefined ? events : events.slice(0, options.limit);
}
