// Per-app facts the catalogue API and the tested-versions page both show, read from the index.
import type { AppEntry } from './registry.ts';

export interface LatestRelease {
  version: string;
  /** ISO 8601; null when upstream did not say. */
  publishedAt: string | null;
}

export interface LatestConfirmed {
  version: string;
  /** ISO 8601 time of its newest passing run. */
  testedAt: string;
}

/** The newest final, not withdrawn release; null when there is none. */
export function latestFinalRelease(app: AppEntry | undefined): LatestRelease | null {
  if (!app) return null;
  for (let i = app.releases.length - 1; i >= 0; i--) {
    const { info } = app.releases[i]!;
    if (info.prerelease || info.withdrawn) continue;
    return { version: info.version, publishedAt: info.publishedAt?.toISOString() ?? null };
  }
  return null;
}

/**
 * The newest release a sysadmin could take that has passed a test: final and not withdrawn,
 * with the time of its newest passing run; null when none has passed.
 */
export function latestConfirmed(app: AppEntry | undefined): LatestConfirmed | null {
  if (!app) return null;
  for (let i = app.releases.length - 1; i >= 0; i--) {
    const release = app.releases[i]!;
    if (release.info.prerelease || release.info.withdrawn) continue;
    const pass = release.runs.find((entry) => entry.run.verdict === 'pass');
    if (pass) return { version: release.info.version, testedAt: pass.run.testedAt.toISOString() };
  }
  return null;
}
