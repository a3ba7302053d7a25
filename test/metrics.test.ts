import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bumpChangeSeq } from '../server/db/change-seq.ts';
import { watchSources } from '../server/db/schema.ts';
import { databaseKinds } from './helpers/test-database.ts';
import { startTestApp, type TestApp } from './helpers/test-app.ts';

/** `name{labels} value` lines of the Prometheus text format, by name and labels. */
function samples(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const match = /^(\S+?)(\{.*\})?\s+(\S+)$/.exec(line);
    if (match) values.set(`${match[1]}${match[2] ?? ''}`, Number(match[3]));
  }
  return values;
}

describe.each(databaseKinds)('GET /metrics on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(kind);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('shows releases per app, runs, the change counter and each source watch health', async () => {
    for (const version of ['30.0.1', '30.0.2']) {
      expect((await t.request('/api/v1/apps/nextcloud/releases', { method: 'POST', token: t.adminToken, json: { version } })).status).toBe(201);
    }
    expect((await t.request('/api/v1/runs', { method: 'POST', token: t.testerToken, json: { components: { nextcloud: '30.0.2' }, verdict: 'pass' } })).status).toBe(201);
    await t.deps.database.db.insert(watchSources).values([
      { appId: 'roundcube', sourceKey: '0:github-releases', lastAttemptAt: new Date('2026-11-24T09:05:00Z'), lastSuccessAt: new Date('2026-11-20T09:00:00Z'), consecutiveFailures: 3, lastError: 'HTTP 503' },
      { appId: 'php', sourceKey: '0:json', lastAttemptAt: new Date('2026-11-24T09:00:00Z'), consecutiveFailures: 1, lastError: 'timeout' },
    ]);
    await bumpChangeSeq(t.deps.database.db);

    const res = await t.request('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const values = samples(await res.text());
    expect(values.get('vetted_releases{app="nextcloud"}')).toBe(2);
    expect(values.get('vetted_releases{app="php"}')).toBe(0);
    expect(values.get('vetted_runs')).toBe(1);
    expect(values.get('vetted_change_seq')).toBe(t.deps.registry.changeSeq);
    expect(values.get('vetted_watch_consecutive_failures{app="roundcube",source="0:github-releases"}')).toBe(3);
    expect(values.get('vetted_watch_last_success_timestamp_seconds{app="roundcube",source="0:github-releases"}')).toBe(Date.parse('2026-11-20T09:00:00Z') / 1000);
    expect(values.has('vetted_watch_last_success_timestamp_seconds{app="php",source="0:json"}')).toBe(false);
    expect(values.get('vetted_process_resident_memory_bytes')).toBeGreaterThan(0);
  });
});
