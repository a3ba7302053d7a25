// Builds registries from terse test data: `{ nextcloud: ['29.0.9', '30.0.2'] }` and runs as
// `[id, verdict, day, { app: version }]`. Used by the tests of matrix/ and of the server.
import { createRegistry, type Registry } from './registry.ts';
import type { SupportRecord } from './support.ts';
import type { AppInfo, ConstraintInfo, ReleaseInfo, RunInfo, Verdict } from './types.ts';
import { formatVersion, parseVersion } from './versions.ts';

export const testApps: AppInfo[] = [
  { id: 'nextcloud', name: 'Nextcloud', series: 1, versioning: 'semver', policy: { maxMajorStep: 1 } },
  { id: 'roundcube', name: 'Roundcube', series: 2, versioning: 'semver', policy: {} },
  { id: 'wordpress', name: 'WordPress', series: 2, versioning: 'semver', policy: {} },
  { id: 'dolibarr', name: 'Dolibarr', series: 2, versioning: 'semver', policy: {} },
  { id: 'php', name: 'PHP', series: 2, versioning: 'semver', policy: {} },
  { id: 'debian', name: 'Debian', series: 1, versioning: 'debian', policy: {} },
  { id: 'mariadb', name: 'MariaDB', series: 2, versioning: 'semver', policy: {} },
];

/** The fifth element, for a failure, names what failed (`failed`); absent: every component is blamed. */
export type TestRun = [id: number, verdict: Verdict, day: number, components: Record<string, string>, failed?: string[]];

export interface TestData {
  apps?: AppInfo[];
  releases: Record<string, string[]>;
  runs?: TestRun[];
  constraints?: Array<Omit<ConstraintInfo, 'id' | 'reason' | 'createdAt'> & { id?: number; reason?: string; createdAt?: Date }>;
  withdrawn?: Record<string, Record<string, string | null>>;
  /** app → versions upstream lists as insecure. */
  insecure?: Record<string, string[]>;
  /** app → versions upstream marks as security fixes. */
  security?: Record<string, string[]>;
  support?: SupportRecord[];
}

/** Day n of November 2026, UTC. */
export function day(n: number): Date {
  return new Date(Date.UTC(2026, 10, n));
}

export function testRelease(app: AppInfo, raw: string, withdrawnReason?: string | null): ReleaseInfo {
  const parsed = parseVersion(raw, app.versioning);
  if (!parsed) throw new Error(`not a version: ${raw}`);
  return {
    appId: app.id,
    version: formatVersion(parsed, app.versioning),
    parsed,
    prerelease: parsed.pre !== null,
    withdrawn: withdrawnReason !== undefined,
    withdrawnReason: withdrawnReason ?? null,
    withdrawnAt: null,
    publishedAt: null,
    insecure: false,
    security: false,
    tag: raw,
    url: null,
    firstSeenAt: new Date(Date.UTC(2026, 9, 1)),
  };
}

export function testRun([id, verdict, when, components, failed]: TestRun): RunInfo {
  return { id, verdict, testedAt: day(when), components, failed: failed ?? null };
}

export function testData(data: TestData): { apps: AppInfo[]; releases: ReleaseInfo[]; runs: RunInfo[]; constraints: ConstraintInfo[]; support: SupportRecord[] } {
  const apps = data.apps ?? testApps;
  const releases: ReleaseInfo[] = [];
  for (const app of apps) {
    for (const raw of data.releases[app.id] ?? []) {
      const withdrawn = data.withdrawn?.[app.id];
      const release = testRelease(app, raw, withdrawn && Object.hasOwn(withdrawn, raw) ? withdrawn[raw] : undefined);
      releases.push({ ...release, insecure: data.insecure?.[app.id]?.includes(raw) ?? false, security: data.security?.[app.id]?.includes(raw) ?? false });
    }
  }
  const constraints = (data.constraints ?? []).map((c, i): ConstraintInfo => ({ ...c, id: c.id ?? i + 1, reason: c.reason ?? `constraint ${c.id ?? i + 1}`, createdAt: c.createdAt ?? day(0) }));
  return { apps, releases, runs: (data.runs ?? []).map(testRun), constraints, support: data.support ?? [] };
}

export function testRegistry(data: TestData): Registry {
  return createRegistry(testData(data));
}
