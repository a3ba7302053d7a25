// npm run bench: POST /api/v1/check over a registry of 16 apps × 300 releases × 20,000 runs — one
// fixed old inventory asked again and again (answered from the advice cache) and a different
// realistic inventory on every request (as real servers send them: never cached), each against a
// route of the same express app answering precomputed bytes of the same size and a bare node:http
// server. Then CPU per check at 10k, 100k and 1M runs (scale.ts), index start-up (startup.ts) and
// the load figures of pages and feeds (load.ts).
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Express, RequestHandler } from 'express';
import pino from 'pino';
import { createApp } from '../../server/app.ts';
import type { AppDeps } from '../../server/deps.ts';
import { createChangeBus } from '../../server/changes.ts';
import { openDatabase } from '../../server/db/database.ts';
import { parseEnv } from '../../server/env.ts';
import { createRegistryHolder } from '../../server/registry/holder.ts';
import { addRuns, writtenRun } from '../../server/repositories/runs.ts';
import { createWatcher } from '../../server/watcher.ts';
import { createTokenVerifier } from '../../server/repositories/tokens.ts';
import { vettedVersion } from '../../server/version.ts';
import { runLoad } from './load.ts';
import { realisticInventories } from './generate.ts';
import { measureScale, printScale } from './scale.ts';
import { benchInventories, benchInventory, benchSize, seedBench } from './seed.ts';
import { measureStartup, printStartup } from './startup.ts';

const run = promisify(execFile);
const autocannonCli = createRequire(import.meta.url).resolve('autocannon/autocannon.js');

// Long enough for a steady rate on 2 cores, short enough for the whole bench to take about a minute.
const durationSeconds = Number(process.env.BENCH_SECONDS ?? 8);
// Rounds run the three targets in turn, so a burst of load elsewhere on the machine hits all alike.
const rounds = Number(process.env.BENCH_ROUNDS ?? 2);
const warmupSeconds = 2;
const connections = 10;
const baselineHeader = 'x-bench-baseline';
// Answers per baseline pool: enough for the skewed sizes to average out within a measurement.
const baselinePool = 500;

interface Result {
  name: string;
  requestsPerSecond: number;
  /** CPU of this process (the server) per request answered, µs: less at the mercy of a shared machine than req/s. */
  cpuPerRequest: number;
  p50: number;
  p99: number;
  non2xx: number;
  errors: number;
}

async function autocannon(url: string, body: string, headers: Record<string, string>, seconds: number): Promise<string> {
  const headerArgs = Object.entries({ 'content-type': 'application/json', ...headers }).flatMap(([k, v]) => ['-H', `${k}=${v}`]);
  const args = [autocannonCli, '-c', String(connections), '-d', String(seconds), '-m', 'POST', '-b', body, ...headerArgs, '-j', url];
  // autocannon in its own process, so it does not share the server's event loop.
  const { stdout } = await run(process.execPath, args, { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

async function distinctLoad(url: string, candidates: string, seconds: number, seed: number, headers: Record<string, string>): Promise<string> {
  const script = fileURLToPath(new URL('./distinct-load.ts', import.meta.url));
  const { stdout } = await run(process.execPath, ['--import', 'tsx', script, url, String(seconds), String(connections), candidates, String(seed), JSON.stringify(headers)], { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

interface Target {
  name: string;
  url: string;
  /**
   * Fixed body, or `distinct:<candidates>` for a different realistic inventory on every request
   * (sent by the same load generator to the check and to its precomputed baseline).
   */
  body: string;
  headers: Record<string, string>;
}

let seedCounter = 1;

async function measure(target: Target): Promise<Result> {
  const { name, url, body, headers } = target;
  const send = (seconds: number) => (body.startsWith('distinct:') ? distinctLoad(url, body.slice('distinct:'.length), seconds, seedCounter++, headers) : autocannon(url, body, headers, seconds));
  // Warm-up: JIT, connection pools and caches settle before the measured run.
  await send(warmupSeconds);
  const cpuBefore = process.cpuUsage();
  const stdout = await send(durationSeconds);
  const cpu = process.cpuUsage(cpuBefore);
  const report = JSON.parse(stdout) as { requests: { average: number; total: number }; latency: { p50: number; p99: number }; non2xx: number; errors: number };
  const cpuPerRequest = (cpu.user + cpu.system) / Math.max(1, report.requests.total);
  return { name, requestsPerSecond: report.requests.average, cpuPerRequest, p50: report.latency.p50, p99: report.latency.p99, non2xx: report.non2xx, errors: report.errors };
}

function line(r: Result): string {
  return `${r.name.padEnd(30)} ${r.requestsPerSecond.toFixed(0).padStart(7)}  ${r.cpuPerRequest.toFixed(0).padStart(9)}  ${r.p50.toFixed(1).padStart(7)}  ${r.p99.toFixed(1).padStart(7)}  ${String(r.non2xx).padStart(7)}  ${String(r.errors).padStart(6)}`;
}

function average(list: Result[]): Result {
  const total: Result = { name: list[0]!.name, requestsPerSecond: 0, cpuPerRequest: 0, p50: 0, p99: 0, non2xx: 0, errors: 0 };
  for (const r of list) {
    total.requestsPerSecond += r.requestsPerSecond / list.length;
    total.cpuPerRequest += r.cpuPerRequest / list.length;
    total.p50 += r.p50 / list.length;
    total.p99 += r.p99 / list.length;
    total.non2xx += r.non2xx;
    total.errors += r.errors;
  }
  return total;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/**
 * The baseline route of the same app: placed just before the API router, so it runs after exactly
 * the middleware the check route runs after. For the check itself it only looks at one header.
 * Each request gets the next answer of its pool, so the baseline sends what the check sends: bytes
 * of the same sizes, in the same proportions.
 */
function addBaselineRoute(app: Express, pools: Record<string, { answers: Buffer[]; headers: Record<string, string> }>): void {
  const sent: Record<string, number> = {};
  const baseline: RequestHandler = (req, res, next) => {
    const name = req.get(baselineHeader) ?? '';
    const pool = pools[name];
    if (pool === undefined) {
      next();
      return;
    }
    const count = sent[name] ?? 0;
    sent[name] = count + 1;
    res.set(pool.headers);
    res.send(pool.answers[count % pool.answers.length]);
  };
  app.post('/api/v1/check', baseline);
  const stack = (app as unknown as { router: { stack: Array<{ name?: string; handle: unknown }> } }).router.stack;
  const added = stack.pop()!;
  const routerIndex = stack.findIndex((layer) => layer.name === 'router');
  stack.splice(routerIndex, 0, added);
}

async function main(): Promise<void> {
  const started = performance.now();
  const log = pino({ level: 'silent' });
  const database = await openDatabase({ url: process.env.BENCH_DATABASE_URL || null, dataDir: null });
  await database.migrate();
  const seeded = await seedBench(database.db);
  console.log(`seeded ${benchSize.apps} apps × ${benchSize.releasesPerApp} releases, ${benchSize.runs} runs (${seeded.components} components) in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const changes = createChangeBus(database, log);
  const config = parseEnv({ WATCH_SCHEDULE: 'off' });
  const clock = { now: () => new Date() };
  const deps: AppDeps = {
    registry: createRegistryHolder({ database, catalog: seeded.catalog, changes, log }),
    config, database, catalog: seeded.catalog, log, clock, changes,
    watcher: createWatcher({ config, database, catalog: seeded.catalog, log, clock, changes }),
    tokens: createTokenVerifier(database.db, null),
    version: vettedVersion,
  };
  const app = createApp(deps);
  const loadStarted = performance.now();
  await deps.registry.ready();
  console.log(`registry loaded in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s`);

  const server = createServer(app);
  const url = await listen(server);
  const body = JSON.stringify({ installed: benchInventory(seeded) });
  const first = performance.now();
  const response = await fetch(`${url}/api/v1/check`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const bytes = Buffer.from(await response.arrayBuffer());
  const firstMs = performance.now() - first;
  if (response.status !== 200) throw new Error(`check answered ${response.status}: ${bytes.toString()}`);
  const advice = JSON.parse(bytes.toString()) as { apps: Array<{ upgrades: Array<{ status: string }> }> };
  const statuses: Record<string, number> = {};
  for (const entry of advice.apps) for (const upgrade of entry.upgrades) statuses[upgrade.status] = (statuses[upgrade.status] ?? 0) + 1;
  console.log(`first (uncached) check of the fixed old inventory: ${firstMs.toFixed(1)} ms, ${bytes.length} bytes, ${advice.apps.length} apps, candidates ${JSON.stringify(statuses)}`);

  // Baselines of the distinct checks: the answers to other distinct inventories of the same
  // generator, one after the other. A single answer of the median size would send less than the
  // check does on average (the sizes are skewed: one app in ten lags far behind).
  const pools: Record<string, Buffer[]> = {};
  for (const candidates of ['summary', 'all']) {
    const next = realisticInventories(seeded.catalog, seeded.versions, 99);
    const answers: Buffer[] = [];
    for (let i = 0; i < baselinePool; i++) {
      const answer = await fetch(`${url}/api/v1/check`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ installed: next(), candidates }) });
      answers.push(Buffer.from(await answer.arrayBuffer()));
    }
    pools[candidates] = answers;
    const sizes = answers.map((a) => a.length).sort((a, b) => a - b);
    const mean = sizes.reduce((sum, size) => sum + size, 0) / sizes.length;
    console.log(`distinct inventories (${candidates}): answers of ${sizes[0]}–${sizes.at(-1)} bytes, median ${sizes[sizes.length >> 1]}, mean ${mean.toFixed(0)}`);
  }
  const headers = { 'content-type': 'application/json; charset=utf-8', etag: response.headers.get('etag')!, 'cache-control': 'no-cache' };
  addBaselineRoute(app, {
    fixed: { answers: [bytes], headers },
    summary: { answers: pools.summary!, headers },
    all: { answers: pools.all!, headers },
  });
  const bare = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { ...headers, 'content-length': bytes.length });
      res.end(bytes);
    });
  });
  const bareUrl = await listen(bare);

  const check = `${url}/api/v1/check`;
  const targets: Target[] = [
    { name: 'fixed inventory (cached)', url: check, body, headers: {} },
    { name: '  precomputed bytes, same app', url: check, body, headers: { [baselineHeader]: 'fixed' } },
    { name: '  bare node:http, same bytes', url: bareUrl, body, headers: {} },
    { name: 'distinct inventories, summary', url: check, body: 'distinct:summary', headers: {} },
    { name: '  precomputed bytes, same app', url: check, body: 'distinct:summary', headers: { [baselineHeader]: 'summary' } },
    { name: 'distinct inventories, all', url: check, body: 'distinct:all', headers: {} },
    { name: '  precomputed bytes, same app', url: check, body: 'distinct:all', headers: { [baselineHeader]: 'all' } },
  ];
  const results: Result[][] = targets.map(() => []);
  console.log(`\n${connections} connections, ${durationSeconds} s per measurement after ${warmupSeconds} s warm-up, ${rounds} rounds\n`);
  console.log('round  target                         req/s   CPU µs/req   p50 ms   p99 ms   non-2xx  errors');
  for (let round = 1; round <= rounds; round++) {
    for (const [i, target] of targets.entries()) {
      const r = await measure(target);
      results[i]!.push(r);
      console.log(`${String(round).padEnd(6)} ${line(r)}`);
    }
  }
  const means = results.map((list) => average(list));
  console.log('\nmean   target                         req/s   CPU µs/req   p50 ms   p99 ms   non-2xx  errors');
  for (const r of means) console.log(`       ${line(r)}`);
  const [fixedCheck, fixedBaseline, bareHttp, summaryCheck, summaryBaseline, allCheck, allBaseline] = means as [Result, Result, Result, Result, Result, Result, Result];
  const ratio = (a: Result, b: Result) => (a.requestsPerSecond / b.requestsPerSecond).toFixed(2);
  // The same ratio read from the server's CPU per request (baseline / check): what the check costs
  // the server, whatever share of the 2 cores the load generator took meanwhile.
  const cpuRatio = (a: Result, b: Result) => (b.cpuPerRequest / a.cpuPerRequest).toFixed(2);
  console.log('\n                                                req/s ratio   CPU per request ratio');
  console.log(`fixed inventory (cached) / precomputed bytes:   ${ratio(fixedCheck, fixedBaseline).padStart(11)}   ${cpuRatio(fixedCheck, fixedBaseline).padStart(21)}   (req/s / bare node:http ${ratio(fixedCheck, bareHttp)})`);
  console.log(`distinct inventories, summary / precomputed:    ${ratio(summaryCheck, summaryBaseline).padStart(11)}   ${cpuRatio(summaryCheck, summaryBaseline).padStart(21)}   (the same load generator for both)`);
  console.log(`distinct inventories, all / precomputed:        ${ratio(allCheck, allBaseline).padStart(11)}   ${cpuRatio(allCheck, allBaseline).padStart(21)}`);

  // What a write costs the instance: the catch-up of its index, then one uncached check.
  const writeStarted = performance.now();
  const [run] = await addRuns(database.db, seeded.catalog, [{ components: { app01: seeded.versions[150]!, app02: seeded.versions[150]! }, verdict: 'pass', testedAt: new Date() }], 'bench');
  await deps.changes.publish({ kind: 'runs-added', runs: [writtenRun(run!)] });
  const writeMs = performance.now() - writeStarted;
  const recheckStarted = performance.now();
  const recheck = await fetch(`${url}/api/v1/check`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  await recheck.arrayBuffer();
  console.log(`a run recorded and caught up by the index in ${writeMs.toFixed(0)} ms; the next check (recomputed) took ${(performance.now() - recheckStarted).toFixed(0)} ms`);

  // Issue 14: the whole-stack plan beside the check, both uncached (every inventory asked once).
  const plans = await comparePlans(url, benchInventories(seeded, Number(process.env.BENCH_PLANS ?? 40)));

  // Issue 7's load figures: pages, feeds and GET checks under 100 connections (BENCH_LOAD_SECONDS=0 skips).
  const loadSeconds = Number(process.env.BENCH_LOAD_SECONDS ?? 60);
  let loadOk = true;
  if (loadSeconds > 0) {
    const checkQuery = new URLSearchParams(benchInventory(seeded)).toString();
    loadOk = await runLoad(app, url, checkQuery, { seconds: loadSeconds, connections: 100 });
  }
  server.closeAllConnections();
  bare.closeAllConnections();
  await Promise.all([new Promise((resolve) => server.close(resolve)), new Promise((resolve) => bare.close(resolve))]);
  await deps.registry.close();
  await database.close();

  // Issue 13: CPU per uncached check as the registry grows, built straight in memory.
  const scaleRuns = (process.env.BENCH_SCALE_RUNS ?? '10000,100000,1000000').split(',').map(Number).filter((n) => n > 0);
  if (scaleRuns.length > 0) printScale(measureScale(scaleRuns, Number(process.env.BENCH_CHECKS ?? 2000)));
  // Start-up seeds a database of that size first (minutes for a million runs on PGlite): opt in.
  const startupRuns = (process.env.BENCH_STARTUP_RUNS ?? '').split(',').map(Number).filter((n) => n > 0);
  if (startupRuns.length > 0) {
    const rows = [];
    for (const runs of startupRuns) rows.push(await measureStartup(runs));
    printStartup(rows);
  }
  console.log(`total ${((performance.now() - started) / 1000).toFixed(0)} s`);
  if (means.some((r) => r.non2xx + r.errors > 0) || !loadOk || !plans) process.exitCode = 1;
}

function percentile(sorted: number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

async function timedPost(url: string, body: unknown): Promise<{ ms: number; status: number; json: any }> {
  const started = performance.now();
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = await response.json();
  return { ms: performance.now() - started, status: response.status, json };
}

/** One uncached check and one uncached plan per inventory, in turn; prints p50/p99 of each. */
async function comparePlans(url: string, inventories: Array<Record<string, string>>): Promise<boolean> {
  const checks: number[] = [];
  const plans: number[] = [];
  let complete = 0;
  let steps = 0;
  let ok = true;
  for (const installed of inventories) {
    const check = await timedPost(`${url}/api/v1/check`, { installed });
    const plan = await timedPost(`${url}/api/v1/plan`, { installed });
    ok &&= check.status === 200 && plan.status === 200;
    checks.push(check.ms);
    plans.push(plan.ms);
    if (plan.json.complete) complete++;
    steps += plan.json.steps?.length ?? 0;
  }
  checks.sort((a, b) => a - b);
  plans.sort((a, b) => a - b);
  const apps = Object.keys(inventories[0]!).length;
  console.log(`\nuncached, ${inventories.length} distinct ${apps}-app inventories (one request at a time)   p50 ms   p99 ms`);
  console.log(`POST /api/v1/check                                                   ${percentile(checks, 0.5).toFixed(1).padStart(7)}  ${percentile(checks, 0.99).toFixed(1).padStart(7)}`);
  console.log(`POST /api/v1/plan                                                    ${percentile(plans, 0.5).toFixed(1).padStart(7)}  ${percentile(plans, 0.99).toFixed(1).padStart(7)}`);
  console.log(`plan / check at p50: ${(percentile(plans, 0.5) / percentile(checks, 0.5)).toFixed(1)}; plans complete ${complete}/${inventories.length}, ${(steps / inventories.length).toFixed(1)} steps on average`);
  return ok;
}

await main();
