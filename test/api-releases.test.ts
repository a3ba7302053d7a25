import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAudit } from '../server/repositories/audit.ts';
import { revokeToken } from '../server/repositories/tokens.ts';
import { databaseKinds } from './helpers/test-database.ts';
import { bootstrapAdminToken, startTestApp, type TestApp } from './helpers/test-app.ts';

describe.each(databaseKinds)('catalogue and releases API on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(async () => {
    await t?.close();
  });

  async function add(app: string, body: unknown, token = t.adminToken) {
    return t.request(`/api/v1/apps/${app}/releases`, { method: 'POST', token, json: body });
  }

  it('answers health with the database state', async () => {
    const res = await t.request('/api/v1/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', db: 'ok' });
  });

  it('lists every catalogue app with series, policy and watch state', async () => {
    const res = await t.request('/api/v1/apps');
    const { apps } = (await res.json()) as { apps: Array<Record<string, any>> };
    expect(apps).toHaveLength(18);
    const nextcloud = apps.find((app) => app.id === 'nextcloud')!;
    expect(nextcloud).toMatchObject({ name: 'Nextcloud', kind: 'app', series: 1, policy: { maxMajorStep: 1 }, latestRelease: null, latestConfirmed: null });
    expect(apps.find((app) => app.id === 'roundpin')!.watch.state).toBe('manual');
  });

  it('adds a release by hand, normalising the version, and refuses the same version twice', async () => {
    const created = await add('nextcloud', { version: 'v30.0.2', publishedAt: '2024-11-01T10:00:00Z', url: 'https://example.org/30.0.2' });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ version: '30.0.2', prerelease: false, status: 'untested', publishedAt: '2024-11-01T10:00:00.000Z', withdrawn: false });
    const again = await add('nextcloud', { version: '30.0.2' });
    expect(again.status).toBe(409);
    expect(((await again.json()) as any).error).toMatchObject({ code: 'conflict', message: 'Nextcloud 30.0.2 is already registered' });
  });

  it('flags a prerelease by its version and hides it unless asked', async () => {
    expect((await add('nextcloud', { version: '31.0.0rc1' })).status).toBe(201);
    const plain = (await (await t.request('/api/v1/apps/nextcloud/releases')).json()) as any;
    expect(plain.releases.map((r: any) => r.version)).not.toContain('31.0.0-rc.1');
    const all = (await (await t.request('/api/v1/apps/nextcloud/releases?includePrereleases=true')).json()) as any;
    expect(all.releases[0]).toMatchObject({ version: '31.0.0-rc.1', prerelease: true });
  });

  it('pages releases newest first by version, not by string', async () => {
    for (const version of ['1.6.9', '1.6.10', '1.6.11', '1.7.0']) expect((await add('roundcube', { version })).status).toBe(201);
    const first = (await (await t.request('/api/v1/apps/roundcube/releases?limit=2')).json()) as any;
    expect(first.releases.map((r: any) => r.version)).toEqual(['1.7.0', '1.6.11']);
    expect(first.nextBefore).toBe('1.6.11');
    const second = (await (await t.request(`/api/v1/apps/roundcube/releases?limit=2&before=${first.nextBefore}`)).json()) as any;
    expect(second.releases.map((r: any) => r.version)).toEqual(['1.6.10', '1.6.9']);
    expect(second.nextBefore).toBeNull();
  });

  it('reads WordPress 6.7 as 6.7.0 and finds it by either spelling', async () => {
    expect((await add('wordpress', { version: '6.7' })).status).toBe(201);
    const res = await t.request('/api/v1/apps/wordpress/releases/6.7');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ version: '6.7.0', runs: [] });
  });

  it('withdraws a release with a reason and shows it withdrawn', async () => {
    const noReason = await t.request('/api/v1/apps/nextcloud/releases/30.0.2', { method: 'PATCH', token: t.adminToken, json: { withdrawn: true } });
    expect(noReason.status).toBe(422);
    const res = await t.request('/api/v1/apps/nextcloud/releases/30.0.2', { method: 'PATCH', token: t.adminToken, json: { withdrawn: true, reason: 'corrupts calendars' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'withdrawn', withdrawn: true, withdrawnReason: 'corrupts calendars' });
    const list = (await (await t.request('/api/v1/apps/nextcloud/releases')).json()) as any;
    expect(list.releases.find((r: any) => r.version === '30.0.2').status).toBe('withdrawn');
  });

  it('answers 401 without a valid token and 403 for the wrong role', async () => {
    expect((await add('php', { version: '8.4.1' }, '')).status).toBe(401);
    expect((await add('php', { version: '8.4.1' }, 'vt_not-a-real-token')).status).toBe(401);
    const forbidden = await add('php', { version: '8.4.1' }, t.testerToken);
    expect(forbidden.status).toBe(403);
    expect(((await forbidden.json()) as any).error.code).toBe('forbidden');
    expect((await add('php', { version: '8.4.1' }, bootstrapAdminToken)).status).toBe(201);
  });

  it('stops accepting a revoked token', async () => {
    const { createToken } = await import('../server/repositories/tokens.ts');
    const { token, secret } = await createToken(t.deps.database.db, { name: 'temp', role: 'admin', actor: 'test' });
    expect((await add('php', { version: '8.4.2' }, secret)).status).toBe(201);
    await revokeToken(t.deps.database.db, token.id, 'test');
    expect((await add('php', { version: '8.4.3' }, secret)).status).toBe(401);
  });

  it('records every write in the audit log with the token name', async () => {
    const entries = await listAudit(t.deps.database.db, 500);
    const actions = entries.map((entry) => `${entry.actor} ${entry.action} ${entry.subject}`);
    expect(actions).toContain('test-admin release.create release:nextcloud@30.0.2');
    expect(actions).toContain('test-admin release.withdraw release:nextcloud@30.0.2');
    expect(actions).toContain('bootstrap-admin release.create release:php@8.4.1');
  });

  it.each([
    ['an unknown field', { version: '1.0.0', colour: 'red' }, 'body.colour'],
    ['a version that is not one', { version: 'banana' }, 'body.version'],
    ['a wrong type', { version: 42 }, 'body.version'],
    ['a bad date', { version: '1.0.1', publishedAt: 'yesterday' }, 'body.publishedAt'],
    ['a non-http URL', { version: '1.0.2', url: 'javascript:alert(1)' }, 'body.url'],
  ])('rejects %s with 422 naming the field', async (_label, body, field) => {
    const res = await add('matomo', body);
    expect(res.status).toBe(422);
    const { error } = (await res.json()) as any;
    expect(error.code).toBe('invalid_request');
    expect(JSON.stringify(error.details ?? error.message)).toContain(field);
  });

  it('answers client mistakes with 4xx JSON, never 5xx', async () => {
    const cases: Array<[string, RequestInit & { token?: string }]> = [
      ['/api/v1/apps/nope/releases', {}],
      ['/api/v1/apps/nextcloud/releases/not..a..version', {}],
      ['/api/v1/apps/nextcloud/releases/99.0.0', {}],
      ['/api/v1/apps/nextcloud/releases?limit=0', {}],
      ['/api/v1/apps/nextcloud/releases?limit=abc', {}],
      ['/api/v1/apps/nextcloud/releases?before=zzz', {}],
      ['/api/v1/apps/nextcloud/releases?sort=asc', {}],
      ['/api/v1/apps/nextcloud/releases', { method: 'POST', token: t.adminToken, body: '{"version":', headers: { 'content-type': 'application/json' } }],
      ['/api/v1/apps/nextcloud/releases', { method: 'POST', token: t.adminToken, body: JSON.stringify({ version: 'x'.repeat(300_000) }), headers: { 'content-type': 'application/json' } }],
      ['/api/v1/nothing-here', {}],
    ];
    for (const [path, init] of cases) {
      const res = await t.request(path, init);
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.status, path).toBeLessThan(500);
      const body = (await res.json()) as any;
      expect(typeof body.error.code, path).toBe('string');
      expect(JSON.stringify(body), path).not.toMatch(/\bat .*\.ts:\d+/);
    }
  });

  it('publishes an OpenAPI 3.1 document describing these endpoints', async () => {
    const doc = (await (await t.request('/api/v1/openapi.json')).json()) as any;
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/health', '/api/v1/apps', '/api/v1/apps/{app}/releases', '/api/v1/apps/{app}/releases/{version}', '/api/v1/openapi.json']));
    const post = doc.paths['/api/v1/apps/{app}/releases'].post;
    expect(post.security).toEqual([{ bearer: [] }]);
    expect(post.requestBody.content['application/json'].schema.properties.version.type).toBe('string');
    expect(post.requestBody.content['application/json'].schema.additionalProperties).toBe(false);
  });
});
