// What callers send is refused at the boundary, with a 422 naming the field, when the database
// could not keep it faithfully (issue 11): implausible dates, NUL and lone surrogates in text,
// ids that are not plain decimal integers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from './helpers/test-database.ts';
import { startTestApp, type TestApp } from './helpers/test-app.ts';

const now = new Date('2026-11-25T10:00:00Z');

describe.each(databaseKinds)('input boundaries on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind, { clock: { now: () => now } });
    for (const version of ['1.0.0', '2.0.0']) {
      expect((await t.request('/api/v1/apps/roundpin/releases', { method: 'POST', token: t.adminToken, json: { version } })).status).toBe(201);
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  async function expect422(res: Response, field: string): Promise<void> {
    const text = await res.text();
    expect(res.status, text).toBe(422);
    const { error } = JSON.parse(text) as { error: { code: string; details: Array<{ path: string }> } };
    expect(error.code).toBe('invalid_request');
    expect(error.details.map((d) => d.path)).toContain(field);
  }

  const run = { components: { roundpin: '1.0.0' }, verdict: 'pass' };

  describe('dates', () => {
    it.each(['0000-01-01T00:00:00Z', '0001-01-01T00:00:00Z', '0049-06-01T00:00:00Z', '0099-12-31T23:59:59Z', '1989-12-31T23:59:59Z'])(
      'refuses a run tested at %s',
      async (testedAt) => {
        await expect422(await t.request('/api/v1/runs', { method: 'POST', token: t.testerToken, json: { ...run, testedAt } }), 'body.testedAt');
      },
    );

    it.each(['0000-01-01T00:00:00Z', '0049-06-01T00:00:00Z'])('refuses a release published at %s', async (publishedAt) => {
      await expect422(await t.request('/api/v1/apps/roundpin/releases', { method: 'POST', token: t.adminToken, json: { version: '3.0.0', publishedAt } }), 'body.publishedAt');
    });

    it('refuses a run tested more than 5 minutes ahead of the clock', async () => {
      await expect422(await t.request('/api/v1/runs', { method: 'POST', token: t.testerToken, json: { ...run, testedAt: '2026-11-25T10:06:00Z' } }), 'body.testedAt');
    });

    it('keeps a run tested on 1990-01-01 and reads it back as it was sent', async () => {
      const res = await t.request('/api/v1/runs', { method: 'POST', token: t.testerToken, json: { ...run, testedAt: '1990-01-01T00:00:00Z' } });
      expect(res.status).toBe(201);
      const { id } = (await res.json()) as { id: number };
      expect(((await (await t.request(`/api/v1/runs/${id}`)).json()) as { testedAt: string }).testedAt).toBe('1990-01-01T00:00:00.000Z');
    });
  });

  describe('text the database cannot hold', () => {
    const bad: Array<[string, string]> = [['NUL', 'a\u0000b'], ['a lone high surrogate', 'a\ud800b'], ['a lone low surrogate', '\udc00']];

    it.each(bad)('refuses %s in every free-text and URL field', async (_label, value) => {
      const url = `https://example.org/${value}`;
      const cases: Array<[string, string, string, unknown, string]> = [
        ['POST', '/api/v1/runs', t.testerToken, { ...run, notes: value }, 'body.notes'],
        ['POST', '/api/v1/runs', t.testerToken, { ...run, evidenceUrl: url }, 'body.evidenceUrl'],
        ['POST', '/api/v1/apps/roundpin/releases', t.adminToken, { version: '4.0.0', tag: value }, 'body.tag'],
        ['POST', '/api/v1/apps/roundpin/releases', t.adminToken, { version: '4.0.0', url }, 'body.url'],
        ['PATCH', '/api/v1/apps/roundpin/releases/1.0.0', t.adminToken, { withdrawn: true, reason: value }, 'body.reason'],
        ['POST', '/api/v1/constraints', t.adminToken, { app: 'roundpin', range: '>=1', requires: { app: 'php', range: '>=8' }, reason: value }, 'body.reason'],
      ];
      for (const [method, path, token, json, field] of cases) {
        await expect422(await t.request(path, { method, token, json }), field);
      }
    });

    it('keeps text with a surrogate pair (an emoji) intact', async () => {
      const res = await t.request('/api/v1/runs', { method: 'POST', token: t.testerToken, json: { ...run, notes: 'fine 🚀' } });
      expect(res.status).toBe(201);
      expect(((await res.json()) as { notes: string }).notes).toBe('fine 🚀');
    });

    it('stored nothing for the refused requests', async () => {
      const releases = (await (await t.request('/api/v1/apps/roundpin/releases')).json()) as { releases: Array<{ version: string; withdrawn: boolean }> };
      expect(releases.releases.map((r) => [r.version, r.withdrawn])).toEqual([['2.0.0', false], ['1.0.0', false]]);
      expect(((await (await t.request('/api/v1/constraints')).json()) as { constraints: unknown[] }).constraints).toEqual([]);
    });
  });

  describe('ids', () => {
    it.each(['0x1', '1e0', '%201', '1%20', '+1', '1.0', '0b1', '1_0'])('refuses the id %s', async (id) => {
      await expect422(await t.request(`/api/v1/constraints/${id}`, { method: 'DELETE', token: t.adminToken }), 'path.id');
      await expect422(await t.request(`/api/v1/runs/${id}`), 'path.id');
    });

    it.each(['-271821-04-20T00:00:00.000Z_1', '+275760-09-13T00:00:00.000Z_1', '2026-11-25T10:00:00.000Z_9999999999', '2026-11-25T10:00:00.000Z_0x1', '1e3_1'])(
      'refuses the run cursor %s',
      async (cursor) => {
        await expect422(await t.request(`/api/v1/runs?before=${encodeURIComponent(cursor)}`), 'query.before');
      },
    );

    it('still finds a constraint and a run by their plain decimal ids', async () => {
      const created = await t.request('/api/v1/constraints', { method: 'POST', token: t.adminToken, json: { app: 'roundpin', range: '>=1', requires: { app: 'php', range: '>=8' }, reason: 'needs PHP 8' } });
      const { id } = (await created.json()) as { id: number };
      expect((await t.request(`/api/v1/constraints/${id}`, { method: 'DELETE', token: t.adminToken })).status).toBe(200);
      expect((await t.request('/api/v1/runs/1')).status).toBe(200);
    });
  });

  describe('fields left out', () => {
    it('names a required field that is missing as required, with its type', async () => {
      const res = await t.request('/api/v1/apps/roundpin/releases/1.0.0', { method: 'PATCH', token: t.adminToken, json: {} });
      expect(res.status).toBe(422);
      const { error } = (await res.json()) as { error: { message: string; details: Array<{ path: string; message: string }> } };
      expect(error.details).toContainEqual({ path: 'body.withdrawn', message: 'required (boolean)' });
      expect(error.message).toContain('body.withdrawn: required (boolean)');
    });
  });
});
