import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from './helpers/test-database.ts';
import { startTestApp, type TestApp } from './helpers/test-app.ts';

// The story of issue 14: Nextcloud 34 fails on PHP 8.2 and passes on 8.3, everything else the
// server runs was tested on 8.3, and Roundcube 1.7.3 is broken with PHP 8.3.
const releases: Record<string, string[]> = {
  nextcloud: ['33.0.8', '34.0.3'],
  roundcube: ['1.6.12', '1.7.3'],
  wordpress: ['6.8.1', '6.8.2'],
  php: ['8.2.33', '8.3.30'],
  debian: ['12.9', '12.10'],
  mariadb: ['10.11.14'],
};
const server = { nextcloud: '33.0.8', roundcube: '1.6.12', wordpress: '6.8.1', php: '8.2.33', debian: '12.9', mariadb: '10.11.14' };
const runs = [
  { components: server, verdict: 'pass', testedAt: '2026-11-01T10:00:00Z' },
  { components: { ...server, nextcloud: '34.0.3' }, verdict: 'fail', failed: ['nextcloud'], testedAt: '2026-11-02T10:00:00Z' },
  { components: { ...server, wordpress: '6.8.2', php: '8.3.30' }, verdict: 'pass', testedAt: '2026-11-03T10:00:00Z' },
  { components: { ...server, nextcloud: '34.0.3', wordpress: '6.8.2', php: '8.3.30', debian: '12.10' }, verdict: 'pass', testedAt: '2026-11-04T10:00:00Z' },
  { components: { ...server, nextcloud: '34.0.3', roundcube: '1.7.3', wordpress: '6.8.2', php: '8.3.30', debian: '12.10' }, verdict: 'fail', failed: ['roundcube'], testedAt: '2026-11-05T10:00:00Z' },
];

describe.each(databaseKinds)('the whole-stack plan over HTTP on %s', (kind) => {
  let t: TestApp;
  const runIds: number[] = [];
  beforeAll(async () => {
    t = await startTestApp(kind, { clock: { now: () => new Date('2026-11-25T10:00:00Z') } });
    for (const [app, versions] of Object.entries(releases)) {
      for (const version of versions) {
        expect((await t.request(`/api/v1/apps/${app}/releases`, { method: 'POST', token: t.adminToken, json: { version } })).status).toBe(201);
      }
    }
    for (const run of runs) {
      const res = await t.request('/api/v1/runs', { method: 'POST', token: t.testerToken, json: run });
      expect(res.status).toBe(201);
      runIds.push(((await res.json()) as { id: number }).id);
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  async function plan(body: Record<string, unknown>) {
    const res = await t.request('/api/v1/plan', { method: 'POST', json: body });
    expect(res.status).toBe(200);
    return (await res.json()) as any;
  }
  function conditional(etag: string) {
    return { 'if-none-match': etag, 'cache-control': 'max-age=0' };
  }

  it('upgrades PHP first, then Nextcloud, and says why Roundcube stays', async () => {
    const answer = await plan({ installed: server });
    expect(answer.steps.map((s: any) => [s.app, s.from, s.to, s.unlocks])).toEqual([
      ['php', '8.2.33', '8.3.30', ['needed for WordPress 6.8.2', 'needed for Nextcloud 34.0.3', 'needed for Debian 12.10']],
      ['wordpress', '6.8.1', '6.8.2', []],
      ['nextcloud', '33.0.8', '34.0.3', ['needed for Debian 12.10']],
      ['debian', '12.9', '12.10', []],
    ]);
    expect(answer.steps[2].evidence[0]).toEqual({
      run: runIds[3], verdict: 'pass', testedAt: '2026-11-04T10:00:00.000Z',
      with: { roundcube: '1.6', wordpress: '6.8', php: '8.3', debian: '12', mariadb: '10.11' },
    });
    expect(answer.final).toEqual({ ...server, nextcloud: '34.0.3', wordpress: '6.8.2', php: '8.3.30', debian: '12.10' });
    expect(answer.held).toEqual([{
      app: 'roundcube', at: '1.6.12', newest: '1.7.3',
      reason: `1.7.3 is broken: run ${runIds[4]} failed with Nextcloud 34 and WordPress 6.8 and PHP 8.3 and Debian 12 and MariaDB 10.11 (it blamed Roundcube)`,
    }]);
    expect(answer).toMatchObject({ generatedAt: '2026-11-25T10:00:00.000Z', complete: true, unknown: { apps: [], versions: [] } });
  });

  it('leaves held apps where they are and says so', async () => {
    const answer = await plan({ installed: server, hold: ['php', 'roundcube'] });
    expect(answer.steps).toEqual([]);
    expect(answer.held.map((h: any) => [h.app, h.reason])).toEqual([
      ['nextcloud', '34.0.3 is broken: run ' + runIds[1] + ' failed with Roundcube 1.6 and WordPress 6.8 and PHP 8.2 and Debian 12 and MariaDB 10.11 (it blamed Nextcloud)'],
      ['roundcube', 'held by request'],
      ['wordpress', '6.8.2 is untested: tested only with PHP 8.3 (run ' + runIds[2] + '); this server runs PHP 8.2'],
      ['php', 'held by request'],
      ['debian', '12.10 is untested: tested only with Nextcloud 34 and PHP 8.3 (run ' + runIds[3] + '); this server runs Nextcloud 33 and PHP 8.2'],
    ]);
  });

  it('answers GET like POST, with an ETag, and 304 on a repeat', async () => {
    const query = new URLSearchParams({ ...server, hold: 'roundcube,wordpress' });
    const res = await t.request(`/api/v1/plan?${query}`);
    expect(res.status).toBe(200);
    const etag = res.headers.get('etag');
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(await res.json()).toEqual(await plan({ installed: server, hold: ['wordpress', 'roundcube'] }));
    const again = await t.request(`/api/v1/plan?${query}&hold=`, { headers: conditional(etag!) });
    expect(again.status).toBe(304);
  });

  it('lists unknown apps and versions like the check', async () => {
    const answer = await plan({ installed: { php: '8.2.33', mystery: '1.0', nextcloud: 'latest' } });
    expect(answer.unknown).toEqual({ apps: ['mystery'], versions: [{ app: 'nextcloud', version: 'latest' }] });
    // A server running PHP alone: every run of 8.3.30 speaks for it.
    expect(answer.final).toEqual({ php: '8.3.30' });
  });

  it('rejects malformed requests with 422', async () => {
    expect((await t.request('/api/v1/plan')).status).toBe(422);
    expect((await t.request('/api/v1/plan?hold=php')).status).toBe(422);
    expect((await t.request('/api/v1/plan', { method: 'POST', json: { installed: {} } })).status).toBe(422);
    expect((await t.request('/api/v1/plan', { method: 'POST', json: { installed: server, hold: 'php' } })).status).toBe(422);
    expect((await t.request('/api/v1/plan', { method: 'POST', json: { installed: server, colour: 1 } })).status).toBe(422);
  });

  it('changes its answer and ETag after a new run', async () => {
    const first = await t.request(`/api/v1/plan?${new URLSearchParams(server)}`);
    const etag = first.headers.get('etag')!;
    const res = await t.request('/api/v1/runs', { method: 'POST', token: t.testerToken, json: {
      components: { ...server, nextcloud: '34.0.3', roundcube: '1.7.3', wordpress: '6.8.2', php: '8.3.30', debian: '12.10' }, verdict: 'pass', testedAt: '2026-11-06T10:00:00Z',
    } });
    expect(res.status).toBe(201);
    const second = await t.request(`/api/v1/plan?${new URLSearchParams(server)}`, { headers: conditional(etag) });
    expect(second.status).toBe(200);
    const answer = (await second.json()) as any;
    expect(answer.final.roundcube).toBe('1.7.3');
    expect(answer.held).toEqual([]);
  });

  it('never answers a GET plan with a 5xx, whatever the parameters', async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.constantFrom('nextcloud', 'php', 'hold', 'includePrereleases', 'x'), fc.string({ maxLength: 20 }), { maxKeys: 4 }), async (params) => {
        const res = await t.request(`/api/v1/plan?${new URLSearchParams(params)}`);
        expect(res.status, JSON.stringify(params)).toBeLessThan(500);
      }),
      { numRuns: 60 },
    );
  });

  it('may be asked from any origin, like the check', async () => {
    const res = await t.request('/api/v1/plan', { method: 'POST', json: { installed: server }, headers: { origin: 'https://dashboard.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('is described in the OpenAPI document', async () => {
    const { paths } = (await (await t.request('/api/v1/openapi.json')).json()) as any;
    expect(Object.keys(paths['/api/v1/plan'])).toEqual(['post', 'get']);
    const schema = paths['/api/v1/plan'].post.responses['200'].content['application/json'].schema;
    expect(Object.keys(schema.properties)).toEqual(['generatedAt', 'steps', 'final', 'held', 'complete', 'support', 'security', 'unknown']);
    expect(paths['/api/v1/plan'].get.parameters.map((p: any) => p.name)).toEqual(['includePrereleases', 'hold']);
  });
});
