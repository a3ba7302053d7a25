// The light client (issue 15): `vetted check|plan|report` load nothing of the service, and the
// registry serves them as one file that a server downloads and runs with Node.js alone.
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildClientBundle } from '../server/client-bundle.ts';
import { vettedVersion } from '../server/version.ts';
import { startTestApp, type TestApp } from './helpers/test-app.ts';
import { vettedBin } from './helpers/spawn-vetted.ts';

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv, cwd?: string): Promise<Ran> {
  return new Promise((resolve) => {
    const child = execFile(command, args, { env: { PATH: process.env.PATH, NO_COLOR: '1', ...env }, cwd, timeout: 60_000 }, (_error, stdout, stderr) => resolve({ code: child.exitCode, stdout, stderr }));
  });
}

const serviceModules = /node_modules\/(@electric-sql|express|pg|@octokit|drizzle-orm|pino|cheerio|eta|helmet|node-cron|prom-client|ky)\//;

describe('the client loads nothing of the service', () => {
  it('bundles only client/, matrix/contract.ts, zod and commander', async () => {
    const { inputs } = await buildClientBundle(vettedVersion);
    const ours = inputs.filter((input) => !input.startsWith('node_modules/'));
    expect(ours.filter((input) => !input.startsWith('client/'))).toEqual(['matrix/contract.ts']);
    expect([...new Set(inputs.filter((input) => input.startsWith('node_modules/')).map((input) => input.split('/')[1]))].sort()).toEqual(['commander', 'zod']);
  });

  it('`vetted check --help` from a checkout resolves no service module', async () => {
    const log = path.join(await mkdtemp(path.join(tmpdir(), 'vetted-loads-')), 'loads.txt');
    const hooks = path.resolve(import.meta.dirname, 'helpers/record-loads.mjs');
    const result = await run(process.execPath, ['--import', hooks, vettedBin, 'check', '--help'], { VETTED_LOAD_LOG: log });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: vetted check [options]');
    const loaded = [...new Set((await readFile(log, 'utf8')).split('\n').filter(Boolean))];
    const repository = new URL('..', import.meta.url).href;
    const ours = loaded.filter((url) => url.startsWith(repository) && !url.includes('/node_modules/')).map((url) => url.slice(repository.length));
    expect(ours.filter((file) => file.startsWith('server/')).sort()).toEqual(['server/cli.ts', 'server/version.ts']);
    expect(ours.filter((file) => file.startsWith('scrapers/'))).toEqual([]);
    expect(loaded.filter((url) => serviceModules.test(url))).toEqual([]);
  });
});

describe('GET /client/vetted.cjs, downloaded and run against the service', () => {
  let t: TestApp;
  let dir: string;
  let file: string;
  beforeAll(async () => {
    t = await startTestApp('pglite', { clock: { now: () => new Date('2026-11-25T10:00:00Z') } });
    for (const [app, version] of [['nextcloud', '29.0.16'], ['nextcloud', '30.0.2'], ['php', '8.2.26'], ['php', '8.4.24'], ['debian', '12.8'], ['mariadb', '10.11.6']] as const) {
      expect((await t.request(`/api/v1/apps/${app}/releases`, { method: 'POST', token: t.adminToken, json: { version } })).status).toBe(201);
    }
    expect((await t.request('/api/v1/constraints', { method: 'POST', token: t.adminToken, json: { app: 'nextcloud', range: '<30', requires: { app: 'php', range: '<8.4' }, reason: 'Nextcloud 29 and older do not run on PHP 8.4' } })).status).toBe(201);
    // Only the downloaded file, in a folder with no node_modules anywhere above it.
    dir = await mkdtemp(path.join(tmpdir(), 'vetted-client-file-'));
    file = path.join(dir, 'vetted');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('serves one JavaScript file with an ETag, and 304 when it has not changed', async () => {
    const res = await t.request('/client/vetted.cjs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const code = await res.text();
    expect(code.startsWith('#!/usr/bin/env node\n')).toBe(true);
    const etag = res.headers.get('etag')!;
    expect((await t.request('/client/vetted.cjs', { headers: { 'if-none-match': etag, 'cache-control': 'max-age=0' } })).status).toBe(304);
    await writeFile(file, code);
    await chmod(file, 0o755);
    console.log(`client file: ${code.length} bytes (${Math.round(code.length / 1024)} KiB)`);
  });

  it('prints its help and version when run as a program', async () => {
    const help = await run(file, ['check', '--help'], {}, dir);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--detect');
    expect((await run(file, ['--version'], {}, dir)).stdout.trim()).toBe(vettedVersion);
  });

  // Debian 12's Node.js is 18: point NODE18 at such a binary to run the same file with it.
  const nodes = [process.execPath, ...(process.env.NODE18 ? [process.env.NODE18] : [])];

  it.each(nodes)('checks against the service with %s: a blocked installed version exits 2 with the reason', async (node) => {
    const result = await run(node, [file, 'check', '--server', t.baseUrl, '--installed', 'nextcloud=29.0.16', '--installed', 'php=8.4.24'], {}, dir);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/^Nextcloud\s+29\.0\.16\s+blocked\s+30\.0\.2\s+installed version blocked: .*Nextcloud 29 and older do not run on PHP 8\.4/m);
  });

  it.each(nodes)('names a typo with %s and exits 3', async (node) => {
    const result = await run(node, [file, 'check', '--server', t.baseUrl, '--installed', 'nextclod=33.0.8'], {}, dir);
    expect(result.code).toBe(3);
    expect(result.stderr).toBe('vetted check: nextclod: unknown app; did you mean nextcloud?\n');
  });

  it('records a run with the token from VETTED_TOKEN and says what it confirmed', async () => {
    const result = await run(process.execPath, [file, 'report', '--pass', '--server', t.baseUrl, '--installed', 'nextcloud=30.0.2', '--installed', 'php=8.2.26-1+deb12u1', '--installed', 'debian=12.8', '--installed', 'mariadb=10.11.6', '--notes', 'staging upgrade'], { VETTED_TOKEN: t.testerToken }, dir);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Recorded run \d+ at .*: pass, tested 2026-11-25T10:00:00\.000Z by test-tester$/m);
    expect(result.stdout).toContain('Nextcloud 30.0.2 is now confirmed on Debian 12 · PHP 8.2 · MariaDB 10.11');
  });

  it('refuses to report without a token, exit 3', async () => {
    const result = await run(process.execPath, [file, 'report', '--pass', '--server', t.baseUrl, '--installed', 'nextcloud=30.0.2'], {}, dir);
    expect(result.code).toBe(3);
    expect(result.stderr).toMatch(/^vetted report: no token: set VETTED_TOKEN/);
  });
});
