// docs/testers.md's staging cron script, run end to end as written: it downloads the client from
// a running service, "upgrades" (a stand-in), probes and records the run there.
import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultInstallDirs } from '../client/detect/debian-defaults.ts';
import { startTestApp, type TestApp } from './helpers/test-app.ts';

const root = fileURLToPath(new URL('./fixtures/server-root', import.meta.url));
// What the fake server root runs (test/fixtures/server-root/README.md), in the registry's spelling.
const installed: Record<string, string> = {
  nextcloud: '28.0.4', wordpress: '6.6.2', roundcube: '1.6.9', phpmyadmin: '5.2.1', postfixadmin: '3.3.13',
  phplist: '3.6.15', dolibarr: '20.0.2', mybb: '1.8.38', friendica: '2024.08', matomo: '5.1.2', debian: '12.8',
  asterisk: '20.10.0', collabora: '24.04.10-2', php: '8.2.26', mariadb: '10.11.6',
};

async function recipe(): Promise<string> {
  const doc = await readFile(fileURLToPath(new URL('../docs/testers.md', import.meta.url)), 'utf8');
  const match = /<!-- recipe:staging-cron -->\n```sh\n([\s\S]*?)```/.exec(doc);
  if (!match) throw new Error('docs/testers.md has no staging-cron recipe');
  return match[1]!;
}

describe('the staging cron recipe of docs/testers.md', () => {
  let t: TestApp;
  let site: Server;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    t = await startTestApp('pglite');
    for (const [app, version] of Object.entries(installed)) {
      expect((await t.request(`/api/v1/apps/${app}/releases`, { method: 'POST', token: t.adminToken, json: { version } })).status).toBe(201);
    }
    // The staging site the probe looks at.
    site = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end('<html><body>Just another WordPress site</body></html>');
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    const siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}/`;

    dir = await mkdtemp(path.join(tmpdir(), 'vetted-recipe-'));
    await mkdir(path.join(dir, 'bin'));
    await writeFile(path.join(dir, 'vetted-staging'), await recipe());
    await writeFile(path.join(dir, 'upgrade-ok'), '#!/bin/sh\necho "upgraded Nextcloud 27.1.11 -> 28.0.4"\n');
    await writeFile(path.join(dir, 'upgrade-broken'), '#!/bin/sh\necho "Nextcloud: occ upgrade: database migration failed" >&2\nexit 1\n');
    for (const file of ['vetted-staging', 'upgrade-ok', 'upgrade-broken']) await chmod(path.join(dir, file), 0o755);
    // The fake server root's versions, wherever its apps are; the token where the recipe says.
    const paths = Object.fromEntries(Object.entries(defaultInstallDirs).map(([app, dirs]) => [app, dirs.filter((d) => !d.includes('*')).map((d) => path.join(root, d))]));
    await writeFile(path.join(dir, 'client.json'), JSON.stringify({ token: t.testerToken, paths, probes: [{ kind: 'http', name: 'blog home', app: 'wordpress', url: siteUrl, text: 'WordPress' }] }), { mode: 0o600 });
    env = {
      PATH: `${path.join(root, 'usr/bin')}:${process.env.PATH ?? ''}`,
      VETTED_SERVER: t.baseUrl,
      VETTED_CLIENT: path.join(dir, 'bin/vetted'),
      VETTED_CONFIG: path.join(dir, 'client.json'),
      NO_COLOR: '1',
    };
  });
  afterAll(async () => {
    await t?.close();
    site?.closeAllConnections();
    await new Promise((resolve) => site?.close(resolve));
  });

  function runRecipe(upgrade: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
    return new Promise((resolve) => {
      const child = execFile('sh', [path.join(dir, 'vetted-staging')], { env: { ...env, UPGRADE: path.join(dir, upgrade) }, timeout: 60_000 }, (_error, stdout, stderr) =>
        resolve({ code: child.exitCode, stdout, stderr }));
    });
  }

  async function latestRun() {
    const body = (await (await t.request('/api/v1/runs?limit=1')).json()) as { runs: Array<{ verdict: string; failed: string[] | null; notes: string | null; components: Record<string, string>; recordedBy: string }> };
    return body.runs[0]!;
  }

  it('records a pass decided by the probes after an upgrade that worked', async () => {
    const result = await runRecipe('upgrade-ok');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Recorded run \d+ at .*: pass, tested .* by test-tester$/m);
    expect(result.stdout).toMatch(/^  ok   blog home \(WordPress\): HTTP 200/m);
    const run = await latestRun();
    expect(run).toMatchObject({ verdict: 'pass', recordedBy: 'test-tester', components: installed });
    expect(run.notes).toMatch(/^nightly upgrade on .+\n\nProbes:\nok   blog home/);
  });

  it('records a failure with the end of the upgrade\'s output when the upgrade fails', async () => {
    const result = await runRecipe('upgrade-broken');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/: FAIL, tested/);
    const run = await latestRun();
    expect(run).toMatchObject({ verdict: 'fail', failed: null });
    expect(run.notes).toMatch(/^upgrade failed on .+:\nNextcloud: occ upgrade: database migration failed$/);
  });

  it('exits 3 with the reason when the registry refuses', async () => {
    const config = JSON.parse(await readFile(env.VETTED_CONFIG!, 'utf8')) as Record<string, unknown>;
    await writeFile(env.VETTED_CONFIG!, JSON.stringify({ ...config, token: 'vt_revoked_or_mistyped_token' }), { mode: 0o600 });
    const result = await runRecipe('upgrade-ok');
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('refused the request (HTTP 401)');
  });
});
