// The load part of `npm run bench`: GET /, GET /feed.xml and GET /api/v1/check under 100
// concurrent connections, each against two baselines answering its identical bytes (a route of
// the same express app, and bare node:http), plus the same requests made conditional (304).
// Reports req/s, p50/p99, errors, peak memory and heap growth across the run.
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import type { Express, RequestHandler } from 'express';

const run = promisify(execFile);
const autocannonCli = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
const baselineHeader = 'x-bench-baseline';

export interface LoadOptions {
  /** Seconds per measurement (the issue asks for 60). */
  seconds: number;
  connections: number;
}

export interface LoadResult {
  name: string;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  /** Answers other than the expected status. */
  unexpected: number;
  errors: number;
  timeouts: number;
  /** Highest resident set size of this process seen during the measurement, MB. */
  peakRssMb: number;
}

interface Target {
  name: string;
  url: string;
  headers: Record<string, string>;
  expectStatus: number;
}

async function autocannon(target: Target, options: LoadOptions, seconds: number): Promise<{ requests: { average: number }; latency: { p50: number; p99: number }; errors: number; timeouts: number; statusCodeStats?: Record<string, { count: number }> }> {
  const headerArgs = Object.entries(target.headers).flatMap(([k, v]) => ['-H', `${k}=${v}`]);
  // autocannon runs in its own process, so it does not share the server's event loop.
  const { stdout } = await run(process.execPath, [autocannonCli, '-c', String(options.connections), '-d', String(seconds), ...headerArgs, '-j', target.url], { maxBuffer: 64 * 1024 * 1024 });
  return JSON.parse(stdout);
}

async function measure(target: Target, options: LoadOptions): Promise<LoadResult> {
  await autocannon(target, options, 2);
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 250);
  try {
    const report = await autocannon(target, options, options.seconds);
    let total = 0;
    let expected = 0;
    for (const [status, { count }] of Object.entries(report.statusCodeStats ?? {})) {
      total += count;
      if (Number(status) === target.expectStatus) expected += count;
    }
    return {
      name: target.name,
      requestsPerSecond: report.requests.average,
      p50: report.latency.p50,
      p99: report.latency.p99,
      unexpected: total - expected,
      errors: report.errors,
      timeouts: report.timeouts,
      peakRssMb: peakRss / 1024 / 1024,
    };
  } finally {
    clearInterval(sampler);
  }
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

interface Precomputed {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

async function capture(url: string): Promise<Precomputed> {
  const res = await fetch(url);
  const body = Buffer.from(await res.arrayBuffer());
  const headers: Record<string, string> = {};
  for (const name of ['content-type', 'etag', 'last-modified', 'cache-control']) {
    const value = res.headers.get(name);
    if (value) headers[name] = value;
  }
  if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${body.toString().slice(0, 200)}`);
  return { status: res.status, headers, body };
}

/**
 * Baseline routes of the same app, keyed by path, placed just before the app's router so they run
 * after exactly the middleware the real routes run after.
 */
function addBaselineRoutes(app: Express, answers: Map<string, Precomputed>): void {
  const baseline: RequestHandler = (req, res, next) => {
    const answer = req.get(baselineHeader) === undefined ? undefined : answers.get(req.path);
    if (!answer) {
      next();
      return;
    }
    res.status(answer.status).set(answer.headers).send(answer.body);
  };
  app.use(baseline);
  const stack = (app as unknown as { router: { stack: Array<{ name?: string; handle: unknown }> } }).router.stack;
  const added = stack.pop()!;
  const routerIndex = stack.findIndex((layer) => layer.name === 'router');
  stack.splice(routerIndex, 0, added);
}

function line(r: LoadResult): string {
  return `${r.name.padEnd(44)} ${r.requestsPerSecond.toFixed(0).padStart(7)} ${r.p50.toFixed(1).padStart(7)} ${r.p99.toFixed(1).padStart(7)} ${String(r.unexpected + r.errors + r.timeouts).padStart(7)} ${r.peakRssMb.toFixed(0).padStart(8)}`;
}

function heapMb(): number {
  globalThis.gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

/** Runs the load section against a listening app; returns false when any request failed. */
export async function runLoad(app: Express, appUrl: string, checkQuery: string, options: LoadOptions): Promise<boolean> {
  const paths = ['/', '/feed.xml', `/api/v1/check`];
  const query = new Map([['/api/v1/check', `?${checkQuery}`]]);
  const answers = new Map<string, Precomputed>();
  for (const path of paths) answers.set(path, await capture(`${appUrl}${path}${query.get(path) ?? ''}`));
  addBaselineRoutes(app, answers);

  const bareServers: Server[] = [];
  const bareUrls = new Map<string, string>();
  for (const [path, answer] of answers) {
    const bare = createServer((req, res) => {
      res.writeHead(answer.status, { ...answer.headers, 'content-length': answer.body.length });
      res.end(answer.body);
    });
    bareServers.push(bare);
    bareUrls.set(path, await listen(bare));
  }

  console.log(`\nload: ${options.connections} connections, ${options.seconds} s per measurement after 2 s warm-up`);
  console.log(`response sizes: ${paths.map((path) => `${path} ${answers.get(path)!.body.length} B`).join(', ')}`);
  console.log(`${'target'.padEnd(44)}   req/s  p50 ms  p99 ms  failed  peak RSS MB`);
  const heapBefore = heapMb();
  const rssBefore = process.memoryUsage().rss / 1024 / 1024;
  let ok = true;
  const summary: string[] = [];
  for (const path of paths) {
    const url = `${appUrl}${path}${query.get(path) ?? ''}`;
    const etag = answers.get(path)!.headers.etag;
    const targets: Target[] = [
      { name: `GET ${path}`, url, headers: {}, expectStatus: 200 },
      { name: `  same app, precomputed bytes`, url, headers: { [baselineHeader]: '1' }, expectStatus: 200 },
      { name: `  bare node:http, same bytes`, url: `${bareUrls.get(path)!}${path}`, headers: {}, expectStatus: 200 },
    ];
    if (etag) targets.push({ name: `  GET ${path} with If-None-Match (304)`, url, headers: { 'if-none-match': etag }, expectStatus: 304 });
    const results: LoadResult[] = [];
    for (const target of targets) {
      const result = await measure(target, options);
      results.push(result);
      console.log(line(result));
      if (result.unexpected + result.errors + result.timeouts > 0) ok = false;
    }
    const [real, sameApp, bare, conditional] = results as [LoadResult, LoadResult, LoadResult, LoadResult | undefined];
    summary.push(`GET ${path}: ${(real.requestsPerSecond / sameApp.requestsPerSecond).toFixed(2)} of same-app baseline, ${(real.requestsPerSecond / bare.requestsPerSecond).toFixed(2)} of bare node:http`
      + (conditional ? `; 304 path ${(conditional.requestsPerSecond / sameApp.requestsPerSecond).toFixed(2)} of same-app 200 baseline` : ''));
  }
  const heapAfter = heapMb();
  const rssAfter = process.memoryUsage().rss / 1024 / 1024;
  console.log('');
  for (const entry of summary) console.log(entry);
  console.log(`heap in use ${heapBefore.toFixed(1)} MB before the load, ${heapAfter.toFixed(1)} MB after${globalThis.gc ? ' (after GC)' : ''}; RSS ${rssBefore.toFixed(0)} → ${rssAfter.toFixed(0)} MB`);
  console.log(ok ? 'zero failed requests' : 'SOME REQUESTS FAILED');
  for (const bare of bareServers) {
    bare.closeAllConnections();
    await new Promise((resolve) => bare.close(resolve));
  }
  return ok;
}
