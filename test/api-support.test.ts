// Issue 17 over HTTP: support dates per series (catalogue, admin), in the support list, the advice
// and the plan; an admin's dates win field by field and clearing them shows the others again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './helpers/test-app.ts';
import { databaseKinds } from './helpers/test-database.ts';

const now = new Date('2026-11-30T09:00:00Z');

describe.each(databaseKinds)('support per series over HTTP on %s', (kind) => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp(kind, { clock: { now: () => now } });
    const releases: Record<string, string[]> = { php: ['8.2.33', '8.3.30'], debian: ['12.11', '13.2'], wordpress: ['6.8.3', '6.9.1'] };
    for (const [app, versions] of Object.entries(releases)) {
      for (const version of versions) expect((await t.request(`/api/v1/apps/${app}/releases`, { method: 'POST', token: t.adminToken, json: { version } })).status).toBe(201);
    }
    const runs = [
      { components: { php: '8.3.30', debian: '12.11', wordpress: '6.8.3' }, verdict: 'pass', testedAt: '2026-11-20T00:00:00Z' },
      { components: { php: '8.3.30', debian: '12.11', wordpress: '6.9.1' }, verdict: 'pass', testedAt: '2026-11-21T00:00:00Z' },
    ];
    expect((await t.request('/api/v1/runs', { method: 'POST', token: t.testerToken, json: runs })).status).toBe(201);
  });
  afterAll(async () => {
    await t?.close();
  });

  async function get(path: string): Promise<{ status: number; json: any }> {
    const response = await t.request(path);
    return { status: response.status, json: await response.json() };
  }

  async function put(path: string, json: unknown, token = t.adminToken): Promise<{ status: number; json: any }> {
    const response = await t.request(path, { method: 'PUT', token, json });
    return { status: response.status, json: await response.json() };
  }

  it('lists the catalogue’s dates with their state on the day', async () => {
    const { status, json } = await get('/api/v1/support?app=debian');
    expect(status).toBe(200);
    expect(json.series.map((s: any) => [s.series, s.state, s.securitySupportEnd, s.origin])).toEqual([
      ['13', 'supported', '2030-06-30', 'catalogue'],
      ['12', 'security', '2028-06-30', 'catalogue'],
      ['11', 'ended', '2026-08-31', 'catalogue'],
    ]);
    // Debian 12's end of active support (2026-07-11) is past: on 2026-11-30 it gets security fixes only.
    expect((await get('/api/v1/support?app=debian')).json.series[1].activeSupportEnd).toBe('2026-07-11');
  });

  it('lets an admin set a series’ dates, read through the app’s scheme, and says where they came from', async () => {
    const set = await put('/api/v1/apps/php/series/8.2.33/support', { releasedAt: '2022-12-08', activeSupportEnd: '2024-12-31', securitySupportEnd: '2026-12-31', note: 'php.net supported versions page' });
    expect(set.status).toBe(200);
    expect(set.json).toMatchObject({ app: 'php', series: '8.2', state: 'security', daysLeft: 31, origin: 'admin', source: 'test-admin', note: 'php.net supported versions page' });
    const listed = await get('/api/v1/support?app=php');
    expect(listed.json.series.map((s: any) => s.series)).toEqual(['8.2']);
  });

  it('shows the installed series’ support in the advice, with the newer series confirmed here', async () => {
    const { json } = await get('/api/v1/check?php=8.2.33&debian=12.11&wordpress=6.8.3');
    const php = json.apps.find((a: any) => a.app === 'php');
    expect(php.installedSupport).toEqual({
      series: '8.2', state: 'security', releasedAt: '2022-12-08', activeSupportEnd: '2024-12-31', securitySupportEnd: '2026-12-31', lts: null, daysLeft: 31,
      newerSeries: { series: '8.3', version: '8.3.30', state: 'unknown' },
    });
    const debian = json.apps.find((a: any) => a.app === 'debian');
    expect(debian.installedSupport).toMatchObject({ series: '12', state: 'security', securitySupportEnd: '2028-06-30' });
    expect(json.apps.find((a: any) => a.app === 'wordpress').installedSupport).toBeUndefined();
  });

  it('gives the plan the support of each app’s final series', async () => {
    const response = await t.request('/api/v1/plan', { method: 'POST', json: { installed: { php: '8.2.33', debian: '12.11', wordpress: '6.8.3' } } });
    const plan = (await response.json()) as any;
    expect(plan.final).toEqual({ wordpress: '6.9.1', php: '8.3.30', debian: '12.11' });
    expect(plan.support.debian).toMatchObject({ series: '12', state: 'security' });
    expect(plan.support.php).toBeUndefined();
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const bad = await put('/api/v1/apps/php/series/8.2/support', { securitySupportEnd: '31/12/2026' });
    expect(bad.status).toBe(422);
    expect(JSON.stringify(bad.json.error)).toContain('securitySupportEnd');
    const order = await put('/api/v1/apps/php/series/8.2/support', { activeSupportEnd: '2027-01-01', securitySupportEnd: '2026-12-31' });
    expect(order.status).toBe(422);
    expect(order.json.error.message).toContain('before the end of active support');
    const empty = await put('/api/v1/apps/php/series/8.2/support', {});
    expect(empty.status).toBe(422);
    expect((await put('/api/v1/apps/phq/series/8.2/support', { lts: true })).status).toBe(404);
    expect((await put('/api/v1/apps/php/series/eight/support', { lts: true })).status).toBe(422);
    expect((await put('/api/v1/apps/php/series/8.2/support', { lts: true }, t.testerToken)).status).toBe(403);
    expect((await put('/api/v1/apps/php/series/8.2/support', { lts: true }, '')).status).toBe(401);
    expect((await get('/api/v1/support?app=php')).json.series[0]).toMatchObject({ securitySupportEnd: '2026-12-31', lts: null });
  });

  it('overrides the catalogue field by field, and clearing shows the catalogue again', async () => {
    const set = await put('/api/v1/apps/debian/series/12/support', { securitySupportEnd: '2026-11-29' });
    expect(set.json).toMatchObject({ series: '12', state: 'ended', releasedAt: '2023-06-10', securitySupportEnd: '2026-11-29', origin: 'admin', daysLeft: -1 });
    const advice = (await get('/api/v1/check?debian=12.11')).json;
    expect(advice.apps[0].installedSupport).toMatchObject({ state: 'ended', newerSeries: null });
    const cleared = await t.request('/api/v1/apps/debian/series/12/support', { method: 'DELETE', token: t.adminToken });
    expect(cleared.status).toBe(200);
    expect(await cleared.json()).toMatchObject({ series: '12', securitySupportEnd: '2028-06-30', origin: 'catalogue' });
    expect((await t.request('/api/v1/apps/debian/series/12/support', { method: 'DELETE', token: t.adminToken })).status).toBe(404);
  });

  it('limits the list to a stack’s series', async () => {
    const stacks = (await get('/api/v1/stacks')).json;
    const trixie = stacks.stacks.find((s: any) => s.id === 'trixie');
    const { json } = await get('/api/v1/support?stack=trixie');
    for (const entry of json.series) expect(trixie.components[entry.app]).toBe(entry.series);
    expect(json.series.map((s: any) => `${s.app} ${s.series}`)).toContain('debian 13');
    expect((await get('/api/v1/support?stack=nope')).status).toBe(404);
  });
});
