// The client against the real service: `vetted check --detect` on the fake server root, asking
// the real /api/v1/check over HTTP, for each exit status; and the Renovate datasource over HTTP.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCheckCommand, type CheckCommandOptions } from '../client/check-command.ts';
import { runPlanCommand, type PlanCommandOptions } from '../client/plan-command.ts';
import { startTestApp, type TestApp } from './helpers/test-app.ts';

const root = fileURLToPath(new URL('./fixtures/server-root', import.meta.url));
const env = { PATH: `${path.join(root, 'usr/bin')}:${process.env.PATH ?? ''}`, NO_COLOR: '1' };

// What the fake server root has installed (test/fixtures/server-root/README.md), as detected.
const detected: Record<string, string> = {
  nextcloud: '28.0.4', wordpress: '6.6.2', roundcube: '1.6.9', phpmyadmin: '5.2.1', postfixadmin: '3.3.13',
  phplist: '3.6.15', dolibarr: '20.0.2', mybb: '1.8.38', friendica: '2024.08', matomo: '5.1.2', debian: '12.8',
  asterisk: '20.10.0', collabora: '24.04.10.2', php: '8.2.26', mariadb: '10.11.6',
};
// The same in each app's canonical spelling, as the registry stores and shows it.
const installed: Record<string, string> = { ...detected, collabora: '24.04.10-2' };

describe('vetted check --detect against the real service', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('pglite', { clock: { now: () => new Date('2026-11-25T10:00:00Z') } });
    for (const [app, version] of Object.entries(installed)) await addRelease(app, version);
    // The whole fake server, tested together and passing.
    await addRun({ components: installed, verdict: 'pass', testedAt: '2026-11-01T10:00:00Z' });
  });
  afterAll(async () => {
    await t?.close();
  });

  async function addRelease(app: string, version: string, publishedAt?: string) {
    const res = await t.request(`/api/v1/apps/${app}/releases`, { method: 'POST', token: t.adminToken, json: { version, ...(publishedAt ? { publishedAt } : {}) } });
    expect(res.status).toBe(201);
  }
  async function addRun(body: unknown) {
    const res = await t.request('/api/v1/runs', { method: 'POST', token: t.testerToken, json: body });
    expect(res.status).toBe(201);
  }
  async function check(options: CheckCommandOptions = {}) {
    let out = '';
    let err = '';
    const status = await runCheckCommand({ detect: true, root, server: t.baseUrl, ...options }, {
      stdout: { write: (text: string) => (out += text), isTTY: false },
      stderr: { write: (text: string) => (err += text) },
      env,
    });
    return { status, out, err };
  }

  it('exits 0 and shows every detected app up to date when nothing newer is known', async () => {
    const result = await check();
    expect(result.err).toBe('');
    expect(result.status).toBe(0);
    for (const version of Object.values(installed)) {
      const v = version.replace(/\./g, '\\.');
      expect(result.out).toMatch(new RegExp(`\\s${v}\\s+safe\\s+${v}\\s+up to date$`, 'm'));
    }
    expect(result.out).not.toContain('Not found on this server');
  });

  it('exits 1 with the path and the holds when a safe upgrade exists', async () => {
    await addRelease('nextcloud', '29.0.9', '2026-10-24T12:00:00Z');
    await addRelease('nextcloud', '30.0.2', '2026-11-14T12:00:00Z');
    await addRelease('roundcube', '1.7.0');
    await addRelease('php', '8.2.18');
    await addRun({ components: { nextcloud: '29.0.9', php: '8.2.26', debian: '12.8', mariadb: '10.11.6' }, verdict: 'pass', testedAt: '2026-11-10T10:00:00Z' });
    await addRun({ components: { nextcloud: '30.0.2', php: '8.2.18', debian: '12.8' }, verdict: 'pass', testedAt: '2026-11-20T10:00:00Z' });

    const result = await check();
    expect(result.status).toBe(1);
    expect(result.out).toMatch(/^Nextcloud\s+28\.0\.4\s+safe\s+30\.0\.2\s+upgrade to 29\.0\.9 \(then 30\.0\.2\)$/m);
    expect(result.out).toMatch(/^Roundcube\s+1\.6\.9\s+safe\s+1\.7\.0\s+hold: 1\.7\.0 untested: no run of 1\.7\.0 yet$/m);
    expect(result.out).toContain('Safe upgrade available: Nextcloud.');

    const json = JSON.parse((await check({ json: true })).out);
    expect(json).toMatchObject({ exitStatus: 1, outcome: 'upgrade-available', installed: detected });
    expect(json.actions.find((a: { app: string }) => a.app === 'nextcloud')).toMatchObject({ action: 'upgrade', nextStep: '29.0.9', path: ['29.0.9', '30.0.2'] });
  });

  it('exits 2 when an installed version is withdrawn', async () => {
    const res = await t.request('/api/v1/apps/matomo/releases/5.1.2', { method: 'PATCH', token: t.adminToken, json: { withdrawn: true, reason: 'corrupts archives on MariaDB 10.11' } });
    expect(res.status).toBe(200);
    const result = await check();
    expect(result.status).toBe(2);
    expect(result.out).toMatch(/^Matomo\s+5\.1\.2\s+withdrawn\s+5\.1\.2\s+installed version withdrawn: corrupts archives on MariaDB 10\.11; no newer release yet$/m);
    expect(result.out).toContain('Installed version broken, withdrawn or blocked: Matomo.');
  });

  it('lists versions the registry does not know and goes on', async () => {
    const result = await check({ installed: ['roundpin=9.9.9', 'mybb=1.8.99'] });
    expect(result.status).toBe(2);
    expect(result.out).toContain('Not known to the registry (no verdict; an admin can add a release, or the next watch finds it):\n  Roundpin 9.9.9: unknown version\n  MyBB 1.8.99: unknown version');
  });

  it('exits 3 when the service answers with an error', async () => {
    const result = await check({ server: `${t.baseUrl}/not-a-registry` });
    expect(result.status).toBe(3);
    expect(result.err).toContain(`the registry at ${t.baseUrl}/not-a-registry refused the request (HTTP 404`);
  });

  describe('the Renovate datasource', () => {
    it('lists only the releases safe with the given stack', async () => {
      const res = await t.request('/api/v1/renovate/nextcloud?php=8.2.26&debian=12.8&mariadb=10.11.6');
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({
        releases: [
          { version: '28.0.4', isStable: true },
          { version: '29.0.9', releaseTimestamp: '2026-10-24T12:00:00.000Z', isStable: true },
          { version: '30.0.2', releaseTimestamp: '2026-11-14T12:00:00.000Z', isStable: true },
        ],
        homepage: 'https://nextcloud.com/',
      });
    });

    it('lists one step at a time with currentValue', async () => {
      const res = await t.request('/api/v1/renovate/nextcloud?php=8.2.26&currentValue=28.0.4');
      expect(((await res.json()) as { releases: Array<{ version: string }> }).releases.map((r) => r.version)).toEqual(['28.0.4', '29.0.9']);
    });

    it('answers errors as the API does', async () => {
      const unknownApp = await t.request('/api/v1/renovate/nextclod?php=8.2.26');
      expect(unknownApp.status).toBe(404);
      const typo = await t.request('/api/v1/renovate/nextcloud?ph=8.2.26');
      expect(typo.status).toBe(422);
      expect(await typo.json()).toEqual({ error: { code: 'invalid_request', message: 'invalid query: query.ph: unknown app', details: [{ path: 'query.ph', message: 'unknown app' }] } });
      const twice = await t.request('/api/v1/renovate/nextcloud?php=8.2.26&php=8.3.1');
      expect(twice.status).toBe(422);
    });

    it('is described in the OpenAPI document', async () => {
      const document = (await (await t.request('/api/v1/openapi.json')).json()) as { paths: Record<string, unknown> };
      expect(Object.keys(document.paths)).toContain('/api/v1/renovate/{app}');
    });
  });
});

// Issue 12's symptoms, against the real service: each exit status says what it means.
describe('vetted check exit statuses against the real service (issue 12)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('pglite', { clock: { now: () => new Date('2026-11-25T10:00:00Z') } });
    for (const [app, version] of [['nextcloud', '29.0.16'], ['nextcloud', '30.0.11'], ['nextcloud', '33.0.8'], ['php', '8.4.24'], ['php', '8.3.30'], ['debian', '12.8']] as const) {
      const res = await t.request(`/api/v1/apps/${app}/releases`, { method: 'POST', token: t.adminToken, json: { version } });
      expect(res.status).toBe(201);
    }
    const constraint = await t.request('/api/v1/constraints', {
      method: 'POST', token: t.adminToken,
      json: { app: 'nextcloud', range: '<30', requires: { app: 'php', range: '<8.4' }, reason: 'Nextcloud 29 and older do not run on PHP 8.4' },
    });
    expect(constraint.status).toBe(201);
  });
  afterAll(async () => {
    await t?.close();
  });

  async function check(options: CheckCommandOptions) {
    let out = '';
    let err = '';
    const status = await runCheckCommand({ server: t.baseUrl, ...options }, {
      stdout: { write: (text: string) => (out += text), isTTY: false },
      stderr: { write: (text: string) => (err += text) },
      env,
    });
    return { status, out, err };
  }

  it('exits 2 with the constraint\'s reason when the installed version is blocked', async () => {
    const result = await check({ installed: ['nextcloud=29.0.16', 'php=8.4.24'] });
    expect(result.out).not.toContain('Nothing to do');
    expect(result.out).toContain('Nextcloud 29 and older do not run on PHP 8.4');
    expect(result.status).toBe(2);
  });

  it('exits 3 on an unknown app given by hand, naming it and the closest known app', async () => {
    const result = await check({ installed: ['nextclod=33.0.8', 'php=8.4.24'] });
    expect(result.err).toContain('nextclod: unknown app; did you mean nextcloud?');
    expect(result.out).not.toContain('Nothing to do');
    expect(result.status).toBe(3);
  });

  it('exits 3 on an unreadable version given by hand, naming it', async () => {
    const result = await check({ installed: ['nextcloud=banana', 'php=8.4.24'] });
    expect(result.err).toMatch(/nextcloud=banana: "banana" is not a version/);
    expect(result.status).toBe(3);
  });

  it('warns about a detected version the registry does not know, and never says "Nothing to do"', async () => {
    // The fake server root's Debian 12.8 and PHP 8.2.26 … only Debian is known here; PHP 8.2.26 is not.
    const result = await check({ detect: true, root, installed: ['php=8.3.30'], path: ['nextcloud=/nowhere'] });
    expect(result.out).not.toContain('Nothing to do');
    expect(result.out).toMatch(/not known to the registry/i);
    expect(result.out).toMatch(/MariaDB 10\.11\.6/);
  });
});

// Issue 17 against the real service: a security matter first and marked, the installed series'
// support in words from the answer's day, the plan's marks, and the registry's fields in --json.
describe('vetted check and plan: security upgrades and end of support against the real service', () => {
  let t: TestApp;
  const installedHere = ['wordpress=6.8.1', 'php=8.2.33', 'debian=12.11'];
  beforeAll(async () => {
    t = await startTestApp('pglite', { clock: { now: () => new Date('2026-11-30T09:00:00Z') } });
    const releases: Array<[string, string, Record<string, boolean>]> = [
      ['wordpress', '6.8.1', { insecure: true }], ['wordpress', '6.8.3', { security: true }],
      ['php', '8.2.33', {}], ['php', '8.3.30', {}], ['debian', '12.11', {}],
    ];
    for (const [app, version, flags] of releases) {
      expect((await t.request(`/api/v1/apps/${app}/releases`, { method: 'POST', token: t.adminToken, json: { version, ...flags } })).status).toBe(201);
    }
    const runs = [
      { components: { wordpress: '6.8.1', php: '8.2.33', debian: '12.11' }, verdict: 'pass', testedAt: '2026-11-01T00:00:00Z' },
      { components: { wordpress: '6.8.3', php: '8.2.33', debian: '12.11' }, verdict: 'pass', testedAt: '2026-11-20T00:00:00Z' },
      { components: { wordpress: '6.8.3', php: '8.3.30', debian: '12.11' }, verdict: 'pass', testedAt: '2026-11-21T00:00:00Z' },
    ];
    expect((await t.request('/api/v1/runs', { method: 'POST', token: t.testerToken, json: runs })).status).toBe(201);
    // Every date set by hand, so the catalogue's own dates cannot change what these series say.
    const support: Array<[string, string, Record<string, unknown>]> = [
      ['php', '8.2', { releasedAt: '2022-12-08', activeSupportEnd: '2024-12-31', securitySupportEnd: '2026-12-31', lts: false }],
      ['php', '8.3', { releasedAt: '2023-11-23', activeSupportEnd: '2025-12-31', securitySupportEnd: '2027-12-31', lts: false }],
      ['wordpress', '6.8', { releasedAt: '2025-04-15', activeSupportEnd: '2025-12-02', securitySupportEnd: '2026-10-31', lts: false }],
    ];
    for (const [app, series, dates] of support) {
      expect((await t.request(`/api/v1/apps/${app}/series/${series}/support`, { method: 'PUT', token: t.adminToken, json: dates })).status).toBe(200);
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  async function run(command: 'check' | 'plan', options: CheckCommandOptions & PlanCommandOptions = {}) {
    let out = '';
    let err = '';
    const io = { stdout: { write: (text: string) => (out += text), isTTY: false }, stderr: { write: (text: string) => (err += text) }, env };
    const all = { server: t.baseUrl, installed: installedHere, ...options };
    const status = command === 'check' ? await runCheckCommand(all, io) : await runPlanCommand(all, io);
    return { status, out, err };
  }

  it('vetted check: the security matter first, marked with the registry\'s reason; each series\' support in words', async () => {
    const result = await run('check');
    expect(result.err).toBe('');
    expect(result.status).toBe(1);
    const table = result.out.split('\n').filter((line) => /^(WordPress|PHP|Debian) /.test(line));
    expect(table[0]).toMatch(/^WordPress\s+6\.8\.1\s+safe\s+6\.8\.3\s+SECURITY: upstream lists 6\.8\.1 as vulnerable; 6\.8\.3 fixes vulnerabilities and is safe here; upgrade to 6\.8\.3$/);
    expect(result.out).toContain('Support of the installed series (as of 30 Nov 2026):\n');
    expect(result.out).toContain('\n! WordPress 6.8: security support ended 31 Oct 2026 (30 days ago)\n');
    expect(result.out).toContain('\n! PHP 8.2: security support ends 31 Dec 2026 (in 31 days); 8.3 is confirmed on your stack\n');
    expect(result.out).toContain('Security upgrades, to take first: WordPress → 6.8.3.\nSecurity support ended: WordPress 6.8.\nSecurity support ends within 90 days: PHP 8.2.\n');
  });

  it('vetted check --json: the registry\'s fields, for cron', async () => {
    const result = await run('check', { json: true });
    expect(result.status).toBe(1);
    const document = JSON.parse(result.out);
    expect(document.actions[0]).toMatchObject({
      app: 'wordpress',
      security: { installedInsecure: true, fixes: ['6.8.3'], upgradeTo: '6.8.3' },
      installedSupport: { series: '6.8', state: 'ended', securitySupportEnd: '2026-10-31', daysLeft: -30, newerSeries: null },
    });
    const php = document.advice.apps.find((app: { app: string }) => app.app === 'php');
    expect(php.installedSupport).toMatchObject({ series: '8.2', state: 'security', daysLeft: 31, newerSeries: { series: '8.3', version: '8.3.30', state: 'security' } });
    expect(php.upgrades[0]).toMatchObject({ version: '8.3.30', support: { series: '8.3', securitySupportEnd: '2027-12-31' } });
  });

  it('vetted plan: the security step marked and first, the new series\' support on its step', async () => {
    const result = await run('plan');
    expect(result.err).toBe('');
    expect(result.status).toBe(1);
    expect(result.out).toContain('Security matter: WordPress; the steps marked SECURITY come first where the evidence allows.');
    expect(result.out).toContain(' 1. WordPress 6.8.1 → 6.8.3  [SECURITY]\n    security: upstream lists 6.8.1 as vulnerable; 6.8.3 fixes vulnerabilities and is safe here\n');
    expect(result.out).toMatch(/ 2\. PHP 8\.2\.33 → 8\.3\.30\n(?: {4}.*\n)*? {4}→ PHP 8\.3, security support until 31 Dec 2027\n/);
    expect(result.out).toContain('2 steps to take, in this order (security: WordPress).');

    const json = JSON.parse((await run('plan', { json: true })).out);
    expect(json.plan.security).toEqual(['wordpress']);
    expect(json.plan.steps[0]).toMatchObject({ app: 'wordpress', security: true });
    expect(json.plan.support.php).toMatchObject({ series: '8.3', state: 'security', daysLeft: 396 });
  });
});
