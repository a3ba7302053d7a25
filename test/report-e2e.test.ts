// `vetted report` against the real service (issue 15): the run as stored, with and without probes,
// and what it changed per stack.
import { mkdtemp, writeFile, chmod } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runReportCommand, type ReportCommandOptions } from '../client/report-command.ts';
import { startTestApp, type TestApp } from './helpers/test-app.ts';

// A stand-in for the tested server's sites: Nextcloud's status.php (its state set by each test), a
// WordPress page, and a URL that never answers.
let nextcloud = { installed: true, maintenance: false, needsDbUpgrade: false, version: '30.0.2.2', versionstring: '30.0.2', edition: '', productname: 'Nextcloud' };
let site: Server;
let siteUrl: string;

describe('vetted report against the real service', () => {
  let t: TestApp;
  let dir: string;
  beforeAll(async () => {
    site = createServer((req, res) => {
      if (req.url === '/cloud/status.php') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(nextcloud));
      } else if (req.url === '/blog/') {
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<html><body>Just another WordPress site</body></html>');
      } else if (req.url === '/hang') {
        // Never answers: the probe's own time limit must end it.
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    t = await startTestApp('pglite', { clock: { now: () => new Date('2026-11-25T10:00:00Z') } });
    for (const [app, version] of [['nextcloud', '30.0.2'], ['wordpress', '6.7.1'], ['php', '8.2.26'], ['debian', '12.8'], ['mariadb', '10.11.6']] as const) {
      expect((await t.request(`/api/v1/apps/${app}/releases`, { method: 'POST', token: t.adminToken, json: { version } })).status).toBe(201);
    }
    dir = await mkdtemp(path.join(tmpdir(), 'vetted-report-'));
    await writeFile(path.join(dir, 'occ-status'), '#!/bin/sh\necho "  - installed: true"\nexit 0\n');
    await writeFile(path.join(dir, 'wp-broken'), '#!/bin/sh\necho "PHP Fatal error: Uncaught Error" >&2\nexit 255\n');
    await chmod(path.join(dir, 'occ-status'), 0o755);
    await chmod(path.join(dir, 'wp-broken'), 0o755);
  });
  afterAll(async () => {
    await t?.close();
    site?.closeAllConnections();
    await new Promise((resolve) => site?.close(resolve));
  });

  async function config(probes: unknown[]): Promise<string> {
    const file = path.join(dir, `client-${Math.random().toString(36).slice(2)}.json`);
    await writeFile(file, JSON.stringify({ server: t.baseUrl, probes }), { mode: 0o600 });
    return file;
  }

  const stack = ['nextcloud=30.0.2', 'wordpress=6.7.1', 'php=8.2.26', 'debian=12.8', 'mariadb=10.11.6'];

  async function report(options: ReportCommandOptions, env: NodeJS.ProcessEnv = { VETTED_TOKEN: t.testerToken }) {
    let out = '';
    let err = '';
    const status = await runReportCommand({ server: t.baseUrl, installed: stack, ...options }, {
      stdout: { write: (text: string) => (out += text) },
      stderr: { write: (text: string) => (err += text) },
      env: { PATH: process.env.PATH, ...env },
    });
    return { status, out, err };
  }

  async function latestRun() {
    const body = (await (await t.request('/api/v1/runs?limit=1')).json()) as { runs: Array<{ verdict: string; failed: string[] | null; notes: string | null; components: Record<string, string> }> };
    return body.runs[0]!;
  }

  it('records a pass by hand and says what it confirmed on each stack', async () => {
    const result = await report({ pass: true, notes: 'upgraded Nextcloud 29 → 30', evidence: 'https://ci.example.org/jobs/12' });
    expect(result.err).toBe('');
    expect(result.status).toBe(0);
    expect(result.out).toMatch(/^Recorded run \d+ at .*: pass, tested 2026-11-25T10:00:00\.000Z by test-tester\n  with Nextcloud 30\.0\.2, WordPress 6\.7\.1, PHP 8\.2\.26, Debian 12\.8, MariaDB 10\.11\.6\n  evidence: https:\/\/ci\.example\.org\/jobs\/12\n/);
    expect(result.out).toContain('Nextcloud 30.0.2 is now confirmed on Debian 12 · PHP 8.2 · MariaDB 10.11');
    expect(await latestRun()).toMatchObject({ verdict: 'pass', failed: null, notes: 'upgraded Nextcloud 29 → 30' });
  });

  it('records a failure blaming what the tester names', async () => {
    const result = await report({ fail: true, failed: ['wordpress'], json: true });
    expect(result.status).toBe(0);
    const document = JSON.parse(result.out);
    expect(document).toMatchObject({ stored: true, run: { verdict: 'fail', failed: ['wordpress'] } });
    expect(document.changes).toContainEqual(expect.objectContaining({ app: 'wordpress', version: '6.7.1', after: 'broken', message: 'WordPress 6.7.1 is now broken on Debian 12 · PHP 8.2 · MariaDB 10.11 (it was confirmed)' }));
  });

  it('records a pass decided by probes, with their results in the notes', async () => {
    const file = await config([
      { kind: 'nextcloud-status', url: `${siteUrl}/cloud` },
      { kind: 'http', name: 'blog home', app: 'wordpress', url: `${siteUrl}/blog/`, text: 'Just another WordPress site' },
      { kind: 'command', name: 'occ status', app: 'nextcloud', argv: [path.join(dir, 'occ-status')], text: 'installed: true' },
    ]);
    const result = await report({ probe: true, config: file });
    expect(result.err).toBe('');
    expect(result.status).toBe(0);
    expect(result.out).toMatch(/^  ok   Nextcloud http:.*\/cloud\/status\.php \(Nextcloud\): installed, not in maintenance, no upgrade pending, 30\.0\.2 \(\d+ ms\)$/m);
    expect(result.out).toMatch(/^  ok   blog home \(WordPress\): HTTP 200 \(\d+ ms\)$/m);
    const run = await latestRun();
    expect(run).toMatchObject({ verdict: 'pass', failed: null });
    expect(run.notes).toMatch(/^Probes:\nok   Nextcloud .*\nok   blog home .*\nok   occ status \(Nextcloud\): exit status 0 \(\d+ ms\)$/);
  });

  it('fails the run when a probe fails, blaming the probe\'s app, and no probe can hang it', async () => {
    nextcloud = { ...nextcloud, maintenance: true };
    const file = await config([
      { kind: 'nextcloud-status', url: `${siteUrl}/cloud/` },
      { kind: 'http', name: 'blog home', app: 'wordpress', url: `${siteUrl}/hang`, timeoutSeconds: 0.5 },
      { kind: 'command', name: 'wp core verify', app: 'wordpress', argv: [path.join(dir, 'wp-broken')] },
      // Roundcube is not in this run: its probe is left out rather than blaming an app the run does not have.
      { kind: 'http', app: 'roundcube', url: `${siteUrl}/nowhere` },
    ]);
    const result = await report({ probe: true, config: file, notes: 'nightly' });
    nextcloud = { ...nextcloud, maintenance: false };
    expect(result.status).toBe(0);
    expect(result.out).toMatch(/: FAIL, tested/);
    expect(result.out).toMatch(/^  FAIL Nextcloud .*: in maintenance mode \(\d+ ms\)$/m);
    expect(result.out).toMatch(/^  FAIL blog home \(WordPress\): no answer within 0\.5 s \(\d+ ms\)$/m);
    expect(result.out).toMatch(/^  FAIL wp core verify \(WordPress\): exit status 255, expected 0: PHP Fatal error: Uncaught Error \(\d+ ms\)$/m);
    expect(result.out).not.toContain('roundcube');
    const run = await latestRun();
    expect(run).toMatchObject({ verdict: 'fail', failed: ['nextcloud', 'wordpress'] });
    expect(run.notes).toMatch(/^nightly\n\nProbes:\n/);
  });

  it('reports a Nextcloud that says another version than the one reported', async () => {
    const file = await config([{ kind: 'nextcloud-status', url: `${siteUrl}/cloud` }]);
    const result = await report({ probe: true, config: file, installed: ['nextcloud=30.0.2', 'php=8.2.26'] });
    expect(result.status).toBe(0);
    nextcloud = { ...nextcloud, versionstring: '30.0.1' };
    const mismatch = await report({ probe: true, config: file, installed: ['nextcloud=30.0.2', 'php=8.2.26'] });
    nextcloud = { ...nextcloud, versionstring: '30.0.2' };
    expect(mismatch.out).toContain('reports 30.0.1, but 30.0.2 is being reported');
  });

  it.each<[string, ReportCommandOptions, string]>([
    ['no verdict', {}, 'say what happened: --pass, --fail, or --probe'],
    ['two verdicts', { pass: true, fail: true }, '--pass and --fail exclude each other'],
    ['--failed with --pass', { pass: true, failed: ['php'] }, '--failed names what failed, so it goes with --fail'],
    ['--failed naming what was not tested', { fail: true, failed: ['roundcube'] }, '--failed roundcube: not among the versions reported'],
    ['--probe without probes', { probe: true }, '--probe: no probes declared'],
  ])('exits 3 on %s', async (_name, options, message) => {
    const result = await report(options);
    expect(result.status).toBe(3);
    expect(result.err).toContain(message);
  });

  it('exits 3 naming the refusal when the registry does not know a version', async () => {
    const result = await report({ pass: true, installed: ['nextcloud=99.0.0'] });
    expect(result.status).toBe(3);
    expect(result.err).toMatch(/refused the request \(HTTP 422\).*99\.0\.0/);
  });

  it('exits 3 with a bad token', async () => {
    const result = await report({ pass: true }, { VETTED_TOKEN: 'vt_not_a_real_token_at_all' });
    expect(result.status).toBe(3);
    expect(result.err).toContain('refused the request (HTTP 401): the token is unknown or has been revoked');
  });
});
