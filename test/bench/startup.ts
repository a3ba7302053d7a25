// Start-up of the index at a registry size: seeds the bench registry with N runs into an embedded
// database in a temporary folder (or BENCH_DATABASE_URL), then, in a fresh process, opens it and
// loads the index as `vetted serve` does, reporting the load time and the process's memory.
// `node --expose-gc --import tsx test/bench/startup.ts 100000 1000000`
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pino from 'pino';
import { runCount } from '../../matrix/registry.ts';
import { createChangeBus } from '../../server/changes.ts';
import { openDatabase } from '../../server/db/database.ts';
import { createRegistryHolder } from '../../server/registry/holder.ts';
import { benchCatalog, benchSize } from './generate.ts';
import { seedBench } from './seed.ts';

const run = promisify(execFile);

export interface StartupRow {
  runs: number;
  seedSeconds: number;
  loadSeconds: number;
  rssMb: number;
  heapMb: number;
}

/** In the child: opens the database and loads the index, printing one JSON line. */
async function loadOnce(dataDir: string | null, url: string | null, runs: number): Promise<void> {
  const database = await openDatabase({ url, dataDir });
  const log = pino({ level: 'silent' });
  const catalog = benchCatalog({ ...benchSize, runs });
  const started = performance.now();
  const holder = createRegistryHolder({ database, catalog, changes: createChangeBus(database, log), log, pollMs: 0 });
  const registry = await holder.ready();
  const loadSeconds = (performance.now() - started) / 1000;
  (globalThis as { gc?: () => void }).gc?.();
  const memory = process.memoryUsage();
  console.log(JSON.stringify({ loadSeconds, runs: runCount(registry), rssMb: memory.rss / 2 ** 20, heapMb: memory.heapUsed / 2 ** 20 }));
  await holder.close();
  await database.close();
}

export async function measureStartup(runs: number): Promise<StartupRow> {
  const url = process.env.BENCH_DATABASE_URL || null;
  const dataDir = url ? null : await mkdtemp(join(tmpdir(), 'vetted-bench-'));
  try {
    const seedStarted = performance.now();
    const database = await openDatabase({ url, dataDir });
    await database.migrate();
    await seedBench(database.db, { ...benchSize, runs }, (done) => {
      if (done % 100_000 === 0) process.stderr.write(`  seeded ${done} runs\n`);
    });
    await database.close();
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const { stdout } = await run(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), '--load', dataDir ?? '', String(runs)], { env: process.env, maxBuffer: 1 << 20 });
    const loaded = JSON.parse(stdout.trim().split('\n').at(-1)!) as { loadSeconds: number; runs: number; rssMb: number; heapMb: number };
    if (loaded.runs !== runs) throw new Error(`loaded ${loaded.runs} runs of ${runs}`);
    return { runs, seedSeconds, loadSeconds: loaded.loadSeconds, rssMb: loaded.rssMb, heapMb: loaded.heapMb };
  } finally {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }
}

export function printStartup(rows: StartupRow[]): void {
  console.log(`\nStart-up: loading the index from ${process.env.BENCH_DATABASE_URL ? 'PostgreSQL' : 'embedded PGlite'} in a fresh process (16 apps × 300 releases)`);
  console.log('runs       load s   RSS MB   heap MB   (seeding took)');
  for (const r of rows) console.log(`${String(r.runs).padEnd(10)} ${r.loadSeconds.toFixed(1).padStart(6)}   ${r.rssMb.toFixed(0).padStart(6)}   ${r.heapMb.toFixed(0).padStart(7)}   (${r.seedSeconds.toFixed(0)} s)`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (process.argv[2] === '--load') {
    await loadOnce(process.argv[3] || null, process.env.BENCH_DATABASE_URL || null, Number(process.argv[4]));
  } else {
    const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
    const rows: StartupRow[] = [];
    for (const runs of sizes.length > 0 ? sizes : [100_000]) rows.push(await measureStartup(runs));
    printStartup(rows);
  }
}
