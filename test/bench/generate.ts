// The benchmark registry as plain data, deterministic: N apps × M releases and runs of whole-suite
// configurations as testers record them (each run tests 6 to 12 apps, each near where the suite
// stood at that time of the year), a few constraints, and the inventories servers send. Seeded into
// a database by seed.ts, or straight into an in-memory index by scale.ts.
import { parseCatalog, type Catalog } from '../../scrapers/catalog.ts';

export interface BenchSize {
  apps: number;
  releasesPerApp: number;
  runs: number;
}

export const benchSize: BenchSize = { apps: 16, releasesPerApp: 300, runs: 20_000 };

export const yearStart = Date.UTC(2025, 0, 1);
const year = 365 * 86_400_000;

/** Deterministic, so every bench run measures the same registry and the same inventories. */
export function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function benchCatalog(size: BenchSize): Catalog {
  const apps = [];
  for (let i = 1; i <= size.apps; i++) {
    apps.push({
      id: `app${String(i).padStart(2, '0')}`,
      name: `App ${i}`,
      kind: i > size.apps - 3 ? 'platform' : 'app',
      homepage: `https://app${i}.example/`,
      // Like the real catalogue: some apps decide compatibility by major, most by major.minor.
      series: i % 4 === 0 ? 1 : 2,
      policy: i % 5 === 0 ? { maxMajorStep: 1 } : {},
    });
  }
  return parseCatalog({ apps }, 'bench');
}

/** 10 majors × 6 minors × 5 patches = 300 versions, oldest first. */
export function benchVersions(count: number): string[] {
  const versions: string[] = [];
  for (let major = 1; versions.length < count; major++) {
    for (let minor = 0; minor < 6 && versions.length < count; minor++) {
      for (let patch = 0; patch < 5 && versions.length < count; patch++) versions.push(`${major}.${minor}.${patch}`);
    }
  }
  return versions;
}

export interface BenchRun {
  id: number;
  verdict: 'pass' | 'fail';
  testedAtMs: number;
  /** app id → version. */
  components: Array<[string, string]>;
}

/** The runs, in id order (id = position in time), generated one at a time so a million fit in memory. */
export function* benchRuns(catalog: Catalog, versions: string[], count: number): Generator<BenchRun> {
  const next = random(20261125);
  const appIds = catalog.apps.map((app) => app.id);
  for (let id = 1; id <= count; id++) {
    const t = id / count;
    const verdict = next() < 0.8 ? 'pass' : 'fail';
    // A run tests 6 to 12 apps, each near where the suite stood at that time.
    const size = 6 + Math.floor(next() * 7);
    const chosen = [...appIds].sort(() => next() - 0.5).slice(0, size);
    const components: Array<[string, string]> = [];
    for (const appId of chosen) {
      const index = Math.min(versions.length - 1, Math.max(0, Math.round(t * versions.length + (next() - 0.5) * 20)));
      components.push([appId, versions[index]!]);
    }
    yield { id, verdict, testedAtMs: yearStart + t * year, components };
  }
}

export const benchConstraints = [
  { appId: 'app01', range: '>=8.0.0', requiresAppId: 'app16', requiresRange: '>=7.0.0', reason: 'app01 8 needs app16 7' },
  { appId: 'app02', range: '<3.0.0', requiresAppId: 'app15', requiresRange: '<9.0.0', reason: 'app02 before 3 stops at app15 8' },
  { appId: 'app03', range: '^6.2.0', requiresAppId: 'app14', requiresRange: '>=5.3.0', reason: 'app03 6.2 needs app14 5.3' },
];

/** Ten of the apps, installed where the suite stood in the middle of the year: one old server, asked about again and again. */
export function fixedInventory(catalog: Catalog, versions: string[]): Record<string, string> {
  const installed: Record<string, string> = {};
  for (const [i, app] of catalog.apps.slice(0, 10).entries()) installed[app.id] = versions[140 + i]!;
  return installed;
}

/**
 * What one real server sends: 6 to 12 of the apps, the platform always, each installed a few
 * releases behind the newest (most servers upgrade every month or two; one app in ten lags by up
 * to a year). Every call draws a different one.
 */
export function realisticInventories(catalog: Catalog, versions: string[], seed: number): () => Record<string, string> {
  const next = random(seed);
  const platform = catalog.apps.filter((app) => app.kind === 'platform').map((app) => app.id);
  const apps = catalog.apps.filter((app) => app.kind === 'app').map((app) => app.id);
  return () => {
    const count = 3 + Math.floor(next() * 7);
    const chosen = [...platform, ...[...apps].sort(() => next() - 0.5).slice(0, count)];
    const installed: Record<string, string> = {};
    for (const appId of chosen) {
      const behind = next() < 0.1 ? Math.floor(next() * 150) : Math.floor(next() * 15);
      installed[appId] = versions[Math.max(0, versions.length - 1 - behind)]!;
    }
    return installed;
  };
}
