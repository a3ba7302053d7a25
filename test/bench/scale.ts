// How the check scales with the number of runs: the bench registry's apps and releases with 10k,
// 100k and 1M runs built straight into an in-memory index (the loader's path, no database), then
// CPU per uncached check for distinct realistic inventories (every one different, as real servers
// send them) and for the one old fixed inventory, each answer serialised as the route does. The
// sizes are measured in interleaved rounds, so their ratio is one of the same run.
import { performance } from 'node:perf_hooks';
import { computeAdvice, type CandidateList } from '../../matrix/advice.ts';
import { addResolvedRun, compileAll, createRegistry, finishLoading, type Registry } from '../../matrix/registry.ts';
import { parseVersion } from '../../matrix/versions.ts';
import { appInfos } from '../../server/registry/load.ts';
import { benchCatalog, benchConstraints, benchRuns, benchVersions, fixedInventory, realisticInventories, type BenchSize } from './generate.ts';

export interface ScaleRow {
  runs: number;
  buildSeconds: number;
  /** Compiling every release's bitsets (otherwise done on first use), seconds. */
  compileSeconds: number;
  /** Heap held by the index in use (every release compiled, the runs it quoted kept), after a full GC, MB. */
  heapMb: number;
  rssMb: number;
  /** CPU µs per check: distinct realistic inventories, every candidate listed. */
  distinctAll: number;
  /** The same, `candidates: summary`. */
  distinctSummary: number;
  /** The fixed old inventory (1,500+ candidates), uncached, every candidate. */
  fixedAll: number;
  /** Mean answer size of a distinct check, bytes (all / summary). */
  bytesAll: number;
  bytesSummary: number;
}

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

export function buildRegistry(size: BenchSize): Registry {
  const catalog = benchCatalog(size);
  const versions = benchVersions(size.releasesPerApp);
  const apps = appInfos(catalog);
  const releases = apps.flatMap((app) => versions.map((version) => ({
    appId: app.id, version, parsed: parseVersion(version)!, prerelease: false, withdrawn: false, withdrawnReason: null, withdrawnAt: null,
    publishedAt: null, insecure: false, security: false, tag: version, url: null, firstSeenAt: new Date(0),
  })));
  const constraints = benchConstraints.map((c, i) => ({ ...c, id: i + 1, createdAt: new Date(0) }));
  const registry = createRegistry({ apps, releases, runs: [], constraints });
  for (const run of benchRuns(catalog, versions, size.runs)) {
    const releases = run.components.map(([appId, version]) => registry.apps.get(appId)!.byVersion.get(version)!).sort((a, b) => a.appIndex - b.appIndex);
    addResolvedRun(registry, run.id, run.verdict, run.testedAtMs, { releases, blamed: releases.map(() => run.verdict === 'fail') }, false);
  }
  finishLoading(registry);
  return registry;
}

/** One measured batch of checks: CPU µs per check and mean answer bytes. */
function cpuPerCheck(registry: Registry, inventories: () => Record<string, string>, candidates: CandidateList, count: number): { micros: number; bytes: number } {
  const now = new Date();
  let bytes = 0;
  const started = process.cpuUsage();
  for (let i = 0; i < count; i++) bytes += JSON.stringify(computeAdvice(registry, { installed: inventories(), includePrereleases: false, candidates }, now)).length;
  const used = process.cpuUsage(started);
  return { micros: (used.user + used.system) / count, bytes: bytes / count };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

interface Sized {
  runs: number;
  registry: Registry;
  buildSeconds: number;
  compileSeconds: number;
  /** Each kind of check draws from its own generator, so every size sees the same inventories. */
  distinctAll: () => Record<string, string>;
  distinctSummary: () => Record<string, string>;
  fixed: Record<string, string>;
}

function build(runs: number): Sized {
  const size: BenchSize = { apps: 16, releasesPerApp: 300, runs };
  const started = performance.now();
  const registry = buildRegistry(size);
  const buildSeconds = (performance.now() - started) / 1000;
  const compileStarted = performance.now();
  compileAll(registry);
  const compileSeconds = (performance.now() - compileStarted) / 1000;
  if (registry.store.count !== runs) throw new Error('index lost runs');
  const catalog = benchCatalog(size);
  const versions = benchVersions(size.releasesPerApp);
  return {
    runs, registry, buildSeconds, compileSeconds,
    distinctAll: realisticInventories(catalog, versions, 7),
    distinctSummary: realisticInventories(catalog, versions, 8),
    fixed: fixedInventory(catalog, versions),
  };
}

/**
 * CPU per check at each size, the sizes measured in turn, round after round, each figure the median
 * of its rounds: load elsewhere on a shared machine then falls on every size alike, so the ratio
 * between sizes holds even when the absolute figures drift.
 */
export function measureScale(sizes: number[], checks: number, rounds = 5): ScaleRow[] {
  const held: Array<Sized | null> = sizes.map(build);
  const measured = measureRounds(held as Sized[], checks, rounds);
  // What each index holds once in use (the runs it quoted as evidence included): the heap it frees.
  return measured.map((row, i) => {
    gc();
    const before = process.memoryUsage().heapUsed;
    held[i] = null;
    gc();
    return { ...row, heapMb: (before - process.memoryUsage().heapUsed) / 2 ** 20 };
  });
}

/** The rounds, in a frame of their own: once it returns, nothing but `built` holds an index. */
function measureRounds(built: Sized[], checks: number, rounds: number): Array<Omit<ScaleRow, 'heapMb'>> {
  const perRound = Math.max(20, Math.round(checks / rounds));
  const kinds = [
    { name: 'distinctAll', candidates: 'all' as const, next: (s: Sized) => s.distinctAll, count: perRound },
    { name: 'distinctSummary', candidates: 'summary' as const, next: (s: Sized) => s.distinctSummary, count: perRound },
    { name: 'fixedAll', candidates: 'all' as const, next: (s: Sized) => () => s.fixed, count: Math.max(5, Math.round(perRound / 20)) },
  ];
  const samples = built.map(() => new Map<string, Array<{ micros: number; bytes: number }>>());
  // Warm-up: JIT and every release's bitsets compiled before the first measured round.
  for (const sized of built) for (const kind of kinds) cpuPerCheck(sized.registry, kind.next(sized), kind.candidates, Math.min(200, kind.count));
  for (let round = 0; round < rounds; round++) {
    for (const [i, sized] of built.entries()) {
      for (const kind of kinds) {
        const list = samples[i]!.get(kind.name) ?? [];
        list.push(cpuPerCheck(sized.registry, kind.next(sized), kind.candidates, kind.count));
        samples[i]!.set(kind.name, list);
      }
    }
  }
  gc();
  const rssMb = process.memoryUsage().rss / 2 ** 20;
  return built.map((sized, i) => {
    const of = (name: string) => samples[i]!.get(name)!;
    const micros = (name: string) => median(of(name).map((sample) => sample.micros));
    const bytes = (name: string) => of(name).reduce((sum, sample) => sum + sample.bytes, 0) / of(name).length;
    return {
      runs: sized.runs, buildSeconds: sized.buildSeconds, compileSeconds: sized.compileSeconds, rssMb,
      distinctAll: micros('distinctAll'), distinctSummary: micros('distinctSummary'), fixedAll: micros('fixedAll'),
      bytesAll: bytes('distinctAll'), bytesSummary: bytes('distinctSummary'),
    };
  });
}

export function printScale(rows: ScaleRow[]): void {
  console.log('\nCPU per uncached check by registry size (16 apps × 300 releases; distinct realistic inventories of 6–12 apps; median of 5 interleaved rounds)');
  console.log('runs       build s  compile s  index MB  RSS MB   distinct µs (all / summary)   answer KB (all / summary)   old fixed inventory µs');
  for (const r of rows) {
    console.log(`${String(r.runs).padEnd(10)} ${r.buildSeconds.toFixed(1).padStart(7)}  ${r.compileSeconds.toFixed(1).padStart(9)}  ${r.heapMb.toFixed(0).padStart(8)}  ${r.rssMb.toFixed(0).padStart(6)}   ${r.distinctAll.toFixed(0).padStart(8)} / ${r.distinctSummary.toFixed(0).padEnd(16)}  ${(r.bytesAll / 1024).toFixed(1).padStart(8)} / ${(r.bytesSummary / 1024).toFixed(1).padEnd(14)}  ${r.fixedAll.toFixed(0).padStart(8)}`);
  }
  const first = rows[0];
  const last = rows.at(-1);
  if (first && last && first !== last) {
    console.log(`${last.runs} runs / ${first.runs} runs, distinct check CPU: ${(last.distinctAll / first.distinctAll).toFixed(2)}× (all), ${(last.distinctSummary / first.distinctSummary).toFixed(2)}× (summary)`);
    // More runs confirm more candidates, so answers grow with the registry: the cost per byte of
    // answer is what the index must keep flat (issue 13: "depends on the size of the answer").
    const perKb = (micros: number, bytes: number) => micros / (bytes / 1024);
    const all = perKb(last.distinctAll, last.bytesAll) / perKb(first.distinctAll, first.bytesAll);
    const summary = perKb(last.distinctSummary, last.bytesSummary) / perKb(first.distinctSummary, first.bytesSummary);
    console.log(`${last.runs} runs / ${first.runs} runs, CPU per KB of answer: ${all.toFixed(2)}× (all), ${summary.toFixed(2)}× (summary)`);
  }
}

// `node --expose-gc --import tsx test/bench/scale.ts [runs…]` on its own.
if (import.meta.url === `file://${process.argv[1]}`) {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  printScale(measureScale(sizes.length > 0 ? sizes : [10_000, 100_000, 1_000_000], Number(process.env.BENCH_CHECKS ?? 2000)));
}
