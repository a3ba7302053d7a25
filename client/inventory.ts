// What a server runs, install by install, and how it is asked about. The registry judges one
// version per app; a server that runs an app as several sites at different versions is asked
// once per distinct version: request k carries the k-th distinct version of each such app and
// the one version of every other app, so every request is a configuration this server runs.
import type { Detection } from './detect/types.ts';

export interface Install {
  app: string;
  version: string;
  /** The site's install directory (`/var/www/example.com`); null for a command or a version given by hand. */
  site: string | null;
  /** Where the version was read, or "given" for --installed and the config file. */
  source: string;
  /** Given by hand (--installed or the config file): an error in it is the user's to fix (exit 3). */
  given: boolean;
}

/** Every install found, and every version given by hand (which replaces what was detected for that app). */
export function collectInstalls(detections: Detection[] | null, given: Record<string, string>): Install[] {
  const installs: Install[] = [];
  for (const d of detections ?? []) {
    if (d.status !== 'found' || d.version === null || Object.hasOwn(given, d.app)) continue;
    installs.push({ app: d.app, version: d.version, site: d.site, source: d.source ?? d.app, given: false });
  }
  for (const [app, version] of Object.entries(given)) installs.push({ app, version, site: null, source: 'given', given: true });
  return installs;
}

/** The inventories to ask about: one, unless an app runs at several versions. */
export function versionSets(installs: Install[]): Array<Record<string, string>> {
  const versions = new Map<string, string[]>();
  for (const install of installs) {
    const list = versions.get(install.app) ?? [];
    if (!list.includes(install.version)) list.push(install.version);
    versions.set(install.app, list);
  }
  const count = Math.max(1, ...[...versions.values()].map((list) => list.length));
  const sets: Array<Record<string, string>> = [];
  for (let k = 0; k < count; k++) {
    const set: Record<string, string> = {};
    for (const [app, list] of versions) set[app] = list[k] ?? list[0]!;
    sets.push(set);
  }
  return sets;
}

/** Apps installed more than once: their lines name the site. */
export function appsWithSeveralSites(installs: Install[]): Set<string> {
  const counts = new Map<string, number>();
  for (const install of installs) counts.set(install.app, (counts.get(install.app) ?? 0) + 1);
  return new Set([...counts].filter(([, n]) => n > 1).map(([app]) => app));
}
