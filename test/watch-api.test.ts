// POST /api/v1/watch and the watch health in GET /api/v1/apps, on the real app against the
// recorded upstream.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from './helpers/test-app.ts';
import { databaseKinds } from './helpers/test-database.ts';
import type { RecordedUpstream } from './upstream/server.ts';
import { startWatchingApp } from './upstream/watch-harness.ts';

describe.each(databaseKinds)('POST /api/v1/watch on %s', (kind) => {
  let upstream: RecordedUpstream;
  let app: TestApp;
  let world: Awaited<ReturnType<typeof startWatchingApp>>;
  beforeAll(async () => {
    world = await startWatchingApp(kind);
    ({ upstream, app } = world);
  });
  afterAll(async () => {
    await world.close();
  });

  it('needs an admin token', async () => {
    expect((await app.request('/api/v1/watch', { method: 'POST', json: {} })).status).toBe(401);
    expect((await app.request('/api/v1/watch', { method: 'POST', json: {}, token: app.testerToken })).status).toBe(403);
  });

  it('rejects unknown apps and unknown fields with 422', async () => {
    const unknownApp = await app.request('/api/v1/watch', { method: 'POST', json: { apps: ['owncloud'] }, token: app.adminToken });
    expect(unknownApp.status).toBe(422);
    expect((await unknownApp.json()).error.message).toMatch(/owncloud/);
    const unknownField = await app.request('/api/v1/watch', { method: 'POST', json: { app: 'nextcloud' }, token: app.adminToken });
    expect(unknownField.status).toBe(422);
  });

  it('polls the named apps and answers with what it found', async () => {
    const res = await app.request('/api/v1/watch', { method: 'POST', json: { apps: ['roundcube', 'debian'] }, token: app.adminToken });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.apps.map((a: { app: string }) => a.app)).toEqual(['roundcube', 'debian']);
    const debian = body.apps.find((a: { app: string }) => a.app === 'debian');
    expect(debian).toMatchObject({ status: 'updated', newVersions: ['13.0', '13.6', '12.0', '12.15'] });
    const releases = await (await app.request('/api/v1/apps/debian/releases')).json();
    expect(releases.releases.map((r: { version: string }) => r.version)).toContain('13.6');
  });

  it('shows each app\'s watch health in GET /api/v1/apps', async () => {
    upstream.inject({ path: '/www.debian.org/releases/', fault: { kind: 'changed-html' } });
    await app.request('/api/v1/watch', { method: 'POST', json: { apps: ['debian', 'roundcube'] }, token: app.adminToken });
    upstream.clearFaults();
    const { apps } = await (await app.request('/api/v1/apps')).json();
    const byId = new Map(apps.map((a: { id: string }) => [a.id, a]));
    expect(byId.get('roundcube')).toMatchObject({ watch: { state: 'ok', consecutiveFailures: 0, lastError: null } });
    expect(byId.get('debian')).toMatchObject({ watch: { state: 'failing', consecutiveFailures: 1 } });
    expect((byId.get('debian') as { watch: { lastError: string } }).watch.lastError).toMatch(/has the page changed/);
    expect(byId.get('roundpin')).toMatchObject({ watch: { state: 'manual' } });
    expect(byId.get('nextcloud')).toMatchObject({ watch: { state: 'never' } });
  });
});
