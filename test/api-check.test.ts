import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChangeBus } from '../server/changes.ts';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp } from '../server/app.ts';
import { createRegistryHolder } from '../server/registry/holder.ts';
import { databaseKinds } from './helpers/test-database.ts';
import { startTestApp, type TestApp } from './helpers/test-app.ts';

describe.each(databaseKinds)('runs, constraints, check and matrix on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind, { clock: { now: () => new Date('2026-11-25T10:00:00Z') } });
    const releases: Record<string, string[]> = {
      nextcloud: ['28.0.4', '28.0.14', '29.0.8', '29.0.9', '30.0.2', '31.0.0rc1'],
      php: ['8.1.31', '8.2.18', '8.2.26', '8.3.14'],
      roundcube: ['1.6.9', '1.7.0'],
    };
    for (const [app, versions] of Object.entries(releases)) {
      for (const version of versions) {
        const res = await t.request(`/api/v1/apps/${app}/releases`, { method: 'POST', token: t.adminToken, json: { version } });
        expect(res.status).toBe(201);
      }
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  async function postRun(body: unknown, token = t.testerToken) {
    return t.request('/api/v1/runs', { method: 'POST', token, json: body });
  }
  async function check(installed: Record<string, string>, extra: Record<string, unknown> = {}) {
    const res = await t.request('/api/v1/check', { method: 'POST', json: { installed, ...extra } });
    expect(res.status).toBe(200);
    return (await res.json()) as any;
  }
  // fetch adds "Cache-Control: no-cache" to a request with If-None-Match unless one is given, and a
  // server must not answer no-cache with 304; curl and feed readers send none.
  function conditional(etag: string) {
    return { 'if-none-match': etag, 'cache-control': 'max-age=0' };
  }
  function upgrade(advice: any, app: string, version: string) {
    return advice.apps.find((a: any) => a.app === app).upgrades.find((u: any) => u.version === version);
  }

  it('records a run, normalising versions, with who recorded it', async () => {
    const res = await postRun({ components: { nextcloud: 'v30.0.2', php: '8.2.26' }, verdict: 'pass', testedAt: '2026-11-20T10:00:00Z', notes: 'CI', evidenceUrl: 'https://ci.example/1' });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({
      id: expect.any(Number), verdict: 'pass', testedAt: '2026-11-20T10:00:00.000Z',
      components: { nextcloud: '30.0.2', php: '8.2.26' }, notes: 'CI', evidenceUrl: 'https://ci.example/1', recordedBy: 'test-tester',
    });
  });

  it('defaults testedAt to now and refuses one in the future', async () => {
    const res = await postRun({ components: { nextcloud: '29.0.9', php: '8.2.26' }, verdict: 'pass' });
    expect(((await res.json()) as any).testedAt).toBe('2026-11-25T10:00:00.000Z');
    const future = await postRun({ components: { nextcloud: '29.0.9' }, verdict: 'pass', testedAt: '2026-12-25T10:00:00Z' });
    expect(future.status).toBe(422);
  });

  it('refuses a run naming unknown apps or versions with 422 naming each, storing nothing', async () => {
    const before = ((await (await t.request('/api/v1/runs')).json()) as any).runs.length;
    const res = await postRun({ components: { nextcloud: '30.0.99', wat: '1.0', php: 'eight', roundcube: '1.7.0' }, verdict: 'fail' });
    expect(res.status).toBe(422);
    const { error } = (await res.json()) as any;
    expect(error.details.map((d: any) => d.path).sort()).toEqual(['body.components.nextcloud', 'body.components.php', 'body.components.wat']);
    expect(error.message).toContain('30.0.99');
    expect(error.message).toContain('"wat"');
    expect(((await (await t.request('/api/v1/runs')).json()) as any).runs.length).toBe(before);
  });

  it('asks for a tester token to record a run', async () => {
    expect((await postRun({ components: { php: '8.2.26' }, verdict: 'pass' }, '')).status).toBe(401);
    expect((await postRun({ components: {}, verdict: 'pass' })).status).toBe(422);
    expect((await postRun({ components: { php: '8.2.26' }, verdict: 'maybe' })).status).toBe(422);
    expect((await postRun({ components: { php: '8.2.26' }, verdict: 'pass', extra: 1 })).status).toBe(422);
  });

  it('answers the example of API.md', async () => {
    expect((await postRun({ components: { nextcloud: '29.0.8', php: '8.2.26' }, verdict: 'fail', testedAt: '2026-11-19T10:00:00Z' })).status).toBe(201);
    const advice = await check({ nextcloud: '28.0.4', php: '8.2.18' });
    expect(advice.generatedAt).toBe('2026-11-25T10:00:00.000Z');
    expect(advice.apps[0]).toMatchObject({
      app: 'nextcloud', installed: '28.0.4', installedStatus: 'untested', latest: '30.0.2', latestSafe: '30.0.2',
      nextStep: '29.0.9', path: ['29.0.9', '30.0.2'], pathComplete: true,
    });
    expect(advice.apps[0].upgrades.map((u: any) => [u.version, u.status, u.direct])).toEqual([
      ['30.0.2', 'safe', false], ['29.0.9', 'safe', true], ['29.0.8', 'broken', true], ['28.0.14', 'untested', true],
    ]);
    expect(upgrade(advice, 'nextcloud', '30.0.2').evidence[0]).toMatchObject({ testedAt: '2026-11-20T10:00:00.000Z', with: { php: '8.2' } });
    expect(advice.apps[1]).toMatchObject({ app: 'php', installed: '8.2.18', latest: '8.3.14' });
  });

  it('lists unknown apps and versions instead of failing', async () => {
    const advice = await check({ nextcloud: '28.0.5', nope: '1', php: 'x.y' });
    expect(advice.unknown).toEqual({ apps: ['nope'], versions: [{ app: 'nextcloud', version: '28.0.5' }, { app: 'php', version: 'x.y' }] });
  });

  it('honours includePrereleases', async () => {
    expect((await check({ nextcloud: '30.0.2' })).apps[0].upgrades).toEqual([]);
    expect((await check({ nextcloud: '30.0.2' }, { includePrereleases: true })).apps[0].upgrades.map((u: any) => u.version)).toEqual(['31.0.0-rc.1']);
  });

  it('answers GET like POST, with an ETag, and 304 on a repeat', async () => {
    const res = await t.request('/api/v1/check?nextcloud=28.0.4&php=8.2.18');
    expect(res.status).toBe(200);
    const etag = res.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    const body = (await res.json()) as any;
    expect(body.apps).toEqual((await check({ nextcloud: '28.0.4', php: '8.2.18' })).apps);
    const again = await t.request('/api/v1/check?php=8.2.18&nextcloud=v28.0.4', { headers: conditional(etag!) });
    expect(again.status).toBe(304);
  });

  it('rejects malformed checks with 422', async () => {
    expect((await t.request('/api/v1/check')).status).toBe(422);
    expect((await t.request(`/api/v1/check?${'a'.repeat(41)}=1.0`)).status).toBe(422);
    expect((await t.request('/api/v1/check?php=8.2.18&php=8.2.26')).status).toBe(422);
    expect((await t.request('/api/v1/check', { method: 'POST', json: { installed: {} } })).status).toBe(422);
    expect((await t.request('/api/v1/check', { method: 'POST', json: { installed: { php: 8 } } })).status).toBe(422);
    expect((await t.request('/api/v1/check', { method: 'POST', json: { installed: { php: '8.2.18' }, colour: 1 } })).status).toBe(422);
  });

  it('names each entry of an inventory that is out of bounds, and the bound', async () => {
    const long = 'a'.repeat(41);
    const res = await t.request('/api/v1/check', { method: 'POST', json: { installed: { [long]: '1.0', php: '', nextcloud: '9'.repeat(101) } } });
    expect(res.status).toBe(422);
    const { error } = (await res.json()) as any;
    expect(error.details).toEqual([
      { path: `body.installed.${long}`, message: 'app ids have 1 to 40 characters' },
      { path: 'body.installed.php', message: 'a version has 1 to 100 characters' },
      { path: 'body.installed.nextcloud', message: 'a version has 1 to 100 characters' },
    ]);
    // A GET is held to the same bounds, named the same way.
    const get = await t.request(`/api/v1/check?${long}=1.0&php=8.2.18`);
    expect(get.status).toBe(422);
    expect(((await get.json()) as any).error.details).toEqual([{ path: `query.${long}`, message: 'app ids have 1 to 40 characters' }]);
    const empty = await t.request('/api/v1/check?php=&nextcloud=28.0.4');
    expect(((await empty.json()) as any).error.details).toEqual([{ path: 'query.php', message: 'a version has 1 to 100 characters' }]);
    const many = Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`app${i}`, '1.0']));
    const tooMany = await t.request('/api/v1/check', { method: 'POST', json: { installed: many } });
    expect(((await tooMany.json()) as any).error.details).toEqual([{ path: 'body.installed', message: 'at most 64 apps' }]);
  });

  it('answers HEAD with the headers of GET and no body', async () => {
    const get = await t.request('/api/v1/check?nextcloud=28.0.4&php=8.2.18');
    const bytes = Buffer.from(await get.arrayBuffer());
    const head = await t.request('/api/v1/check?nextcloud=28.0.4&php=8.2.18', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('etag')).toBe(get.headers.get('etag'));
    expect(head.headers.get('content-length')).toBe(String(bytes.length));
    expect((await head.arrayBuffer()).byteLength).toBe(0);
  });

  it('changes its answer and ETag after a new run', async () => {
    const first = await t.request('/api/v1/check?nextcloud=28.0.4&php=8.2.18');
    const etag = first.headers.get('etag')!;
    expect((await postRun({ components: { nextcloud: '28.0.14', php: '8.2.18' }, verdict: 'pass', testedAt: '2026-11-21T10:00:00Z' })).status).toBe(201);
    const second = await t.request('/api/v1/check?nextcloud=28.0.4&php=8.2.18', { headers: conditional(etag) });
    expect(second.status).toBe(200);
    expect(upgrade(await second.json(), 'nextcloud', '28.0.14').status).toBe('safe');
  });

  it('applies a withdrawal at once', async () => {
    const res = await t.request('/api/v1/apps/nextcloud/releases/29.0.9', { method: 'PATCH', token: t.adminToken, json: { withdrawn: true, reason: 'breaks calendars' } });
    expect(res.status).toBe(200);
    const advice = await check({ nextcloud: '28.0.4', php: '8.2.18' });
    expect(upgrade(advice, 'nextcloud', '29.0.9')).toEqual({ version: '29.0.9', status: 'withdrawn', direct: true, reason: 'breaks calendars' });
    expect(advice.apps[0]).toMatchObject({ latestSafe: '30.0.2', path: ['28.0.14'], pathComplete: false });
    await t.request('/api/v1/apps/nextcloud/releases/29.0.9', { method: 'PATCH', token: t.adminToken, json: { withdrawn: false } });
    expect(upgrade(await check({ nextcloud: '28.0.4', php: '8.2.18' }), 'nextcloud', '29.0.9').status).toBe('safe');
  });

  it('says which versions upstream lists as insecure, in the releases and in the advice', async () => {
    const added = await t.request('/api/v1/apps/roundcube/releases', { method: 'POST', token: t.adminToken, json: { version: '1.6.8', insecure: true } });
    expect(added.status).toBe(201);
    expect(await added.json()).toMatchObject({ version: '1.6.8', insecure: true, security: false });
    const advice = await check({ roundcube: '1.6.8' });
    expect(advice.apps[0]).toMatchObject({ app: 'roundcube', installed: '1.6.8', installedInsecure: true });
    const fixed = await check({ roundcube: '1.6.9' });
    expect(fixed.apps[0].installedInsecure).toBeUndefined();
    const listed = (await (await t.request('/api/v1/apps/roundcube/releases')).json()) as any;
    expect(listed.releases.map((r: any) => [r.version, r.insecure])).toEqual([['1.7.0', false], ['1.6.9', false], ['1.6.8', true]]);
  });

  it('declares, lists and removes constraints, which block and unblock at once', async () => {
    const body = { app: 'roundcube', range: '>=1.7.0', requires: { app: 'php', range: '>=8.2' }, reason: 'Roundcube 1.7 needs PHP 8.2' };
    expect((await t.request('/api/v1/constraints', { method: 'POST', token: t.testerToken, json: body })).status).toBe(403);
    const created = await t.request('/api/v1/constraints', { method: 'POST', token: t.adminToken, json: body });
    expect(created.status).toBe(201);
    const constraint = (await created.json()) as any;
    expect(constraint).toMatchObject({ id: expect.any(Number), ...body, createdBy: 'test-admin' });
    expect(((await (await t.request('/api/v1/constraints')).json()) as any).constraints).toEqual([constraint]);
    expect(upgrade(await check({ roundcube: '1.6.9', php: '8.1.31' }), 'roundcube', '1.7.0')).toEqual({
      version: '1.7.0', status: 'blocked', direct: true, reason: 'Roundcube 1.7 needs PHP 8.2',
      // The catalogue knows when Roundcube 1.7 came out.
      support: expect.objectContaining({ series: '1.7', releasedAt: '2026-05-10' }),
    });
    expect(upgrade(await check({ roundcube: '1.6.9', php: '8.2.18' }), 'roundcube', '1.7.0').status).toBe('untested');
    expect((await t.request(`/api/v1/constraints/${constraint.id}`, { method: 'DELETE', token: t.adminToken })).status).toBe(200);
    expect((await t.request(`/api/v1/constraints/${constraint.id}`, { method: 'DELETE', token: t.adminToken })).status).toBe(404);
    expect(upgrade(await check({ roundcube: '1.6.9', php: '8.1.31' }), 'roundcube', '1.7.0').status).toBe('untested');
  });

  it.each([
    ['a bad range', { app: 'roundcube', range: '>=banana', requires: { app: 'php', range: '>=8.1' }, reason: 'r' }, 'body.range'],
    ['a bad required range', { app: 'roundcube', range: '>=1.7', requires: { app: 'php', range: '=>>8' }, reason: 'r' }, 'body.requires.range'],
    ['an unknown app', { app: 'roundcube', range: '>=1.7', requires: { app: 'perl', range: '>=5' }, reason: 'r' }, 'body.requires.app'],
    ['no reason', { app: 'roundcube', range: '>=1.7', requires: { app: 'php', range: '>=8' } }, 'body.reason'],
  ])('refuses a constraint with %s (422)', async (_label, body, field) => {
    const res = await t.request('/api/v1/constraints', { method: 'POST', token: t.adminToken, json: body });
    expect(res.status).toBe(422);
    expect(JSON.stringify(((await res.json()) as any).error.details)).toContain(field);
  });

  it('lists runs newest first with filters and a cursor', async () => {
    const all = ((await (await t.request('/api/v1/runs')).json()) as any).runs;
    expect(all.map((r: any) => r.testedAt)).toEqual([...all.map((r: any) => r.testedAt)].sort().reverse());
    const fails = ((await (await t.request('/api/v1/runs?verdict=fail')).json()) as any).runs;
    expect(fails.every((r: any) => r.verdict === 'fail')).toBe(true);
    const one = ((await (await t.request('/api/v1/runs?app=nextcloud&version=v30.0.2')).json()) as any).runs;
    expect(one.map((r: any) => r.components.nextcloud)).toEqual(['30.0.2']);
    const page = (await (await t.request('/api/v1/runs?limit=2')).json()) as any;
    expect(page.runs).toEqual(all.slice(0, 2));
    const next = (await (await t.request(`/api/v1/runs?limit=2&before=${encodeURIComponent(page.nextBefore)}`)).json()) as any;
    expect(next.runs).toEqual(all.slice(2, 4));
    expect((await t.request('/api/v1/runs?version=1.0')).status).toBe(422);
    expect((await t.request('/api/v1/runs?app=nope')).status).toBe(404);
    expect((await t.request(`/api/v1/runs/${all[0].id}`)).status).toBe(200);
    expect((await t.request('/api/v1/runs/999999')).status).toBe(404);
  });

  it('advises a Friendica server still on 3.x: both eras stored and ordered (issue 11)', async () => {
    for (const version of ['3.4.3-2', '3.6', '2018.05', '2024.08']) {
      const res = await t.request('/api/v1/apps/friendica/releases', { method: 'POST', token: t.adminToken, json: { version } });
      expect(res.status, version).toBe(201);
      expect(((await res.json()) as { version: string }).version).toBe(version);
    }
    expect((await postRun({ components: { friendica: '2018.05', php: '8.2.18' }, verdict: 'pass', testedAt: '2026-11-01T00:00:00Z' })).status).toBe(201);
    const advice = await check({ friendica: '3.6', php: '8.2.26' });
    const friendica = advice.apps.find((a: any) => a.app === 'friendica');
    expect(friendica).toMatchObject({ installed: '3.6', latest: '2024.08', latestSafe: '2018.05' });
    expect(friendica.upgrades.map((u: any) => u.version)).toEqual(['2024.08', '2018.05']);
    const list = (await (await t.request('/api/v1/apps/friendica/releases')).json()) as any;
    expect(list.releases.map((r: any) => r.version)).toEqual(['2024.08', '2018.05', '3.6', '3.4.3-2']);
  });

  it('draws the matrix of one app against another', async () => {
    const res = await t.request('/api/v1/matrix?app=nextcloud&with=php');
    expect(res.status).toBe(200);
    const grid = (await res.json()) as any;
    expect(grid.columns).toEqual(['8.3', '8.2', '8.1']);
    expect(grid.rows.map((r: any) => r.version)).toEqual(['30.0.2', '29.0.9', '29.0.8', '28.0.14', '28.0.4']);
    expect(grid.rows[0].cells['8.2']).toEqual({ pass: 1, fail: 0, latest: 'pass' });
    expect(grid.rows[2].cells['8.2']).toEqual({ pass: 0, fail: 1, latest: 'fail' });
    const again = await t.request('/api/v1/matrix?app=nextcloud&with=php', { headers: conditional(res.headers.get('etag')!) });
    expect(again.status).toBe(304);
    expect((await t.request('/api/v1/matrix?app=nextcloud&with=nope')).status).toBe(404);
    expect((await t.request('/api/v1/matrix?app=nextcloud')).status).toBe(422);
  });

  it('describes its endpoints in the OpenAPI document', async () => {
    const { paths } = (await (await t.request('/api/v1/openapi.json')).json()) as any;
    expect(Object.keys(paths)).toEqual(expect.arrayContaining(['/api/v1/runs', '/api/v1/runs/{id}', '/api/v1/constraints', '/api/v1/constraints/{id}', '/api/v1/check', '/api/v1/matrix']));
    expect(Object.keys(paths['/api/v1/check'])).toEqual(['post', 'get']);
    expect(paths['/api/v1/runs'].post.security).toEqual([{ bearer: [] }]);
  });

  it('picks up writes made by another instance sharing the database', async () => {
    const otherChanges = createChangeBus(t.deps.database, t.deps.log);
    const otherDeps = { ...t.deps, changes: otherChanges, registry: createRegistryHolder({ ...t.deps, changes: otherChanges }) };
    const other = createServer(createApp(otherDeps));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const otherUrl = `http://127.0.0.1:${(other.address() as AddressInfo).port}`;
      const created = await fetch(`${otherUrl}/api/v1/constraints`, {
        method: 'POST',
        headers: { authorization: `Bearer ${t.adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ app: 'nextcloud', range: '>=30', requires: { app: 'php', range: '>=8.3' }, reason: 'from the other instance' }),
      });
      expect(created.status).toBe(201);
      // No explicit sync: the NOTIFY reaches this instance well before its poll would.
      let status = '';
      for (let i = 0; i < 50 && status !== 'blocked'; i++) {
        status = upgrade(await check({ nextcloud: '29.0.9', php: '8.2.18' }), 'nextcloud', '30.0.2').status;
        if (status !== 'blocked') await new Promise((resolve) => setTimeout(resolve, 40));
      }
      expect(status).toBe('blocked');
      expect(t.deps.registry.changeSeq).toBe(otherDeps.registry.changeSeq);
      await otherDeps.registry.close();
    } finally {
      other.closeAllConnections();
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
  });
});
