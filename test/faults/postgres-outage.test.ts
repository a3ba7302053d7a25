// PostgreSQL stopped under a running service: answers turn 503 quickly, every acknowledged
// write survives, and the service recovers by itself when the server is back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOwnPostgres, type OwnPostgres } from '../helpers/own-postgres.ts';
import { startService, type RunningService } from '../helpers/spawn-vetted.ts';

const adminToken = 'outage-admin-token-0123456789';

describe('PostgreSQL outage', () => {
  let postgres: OwnPostgres | null;
  let service: RunningService;
  beforeAll(async () => {
    postgres = await createOwnPostgres();
    if (!postgres) return;
    await postgres.start();
    service = await startService({ DATABASE_URL: postgres.url, VETTED_ADMIN_TOKEN: adminToken });
  }, 120_000);
  afterAll(async () => {
    await service?.stop();
    await postgres?.destroy();
  });

  async function addRelease(version: string): Promise<number> {
    try {
      const res = await fetch(`${service.baseUrl}/api/v1/apps/suite-panel/releases`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ version }),
        signal: AbortSignal.timeout(5000),
      });
      return res.status;
    } catch {
      return 0;
    }
  }

  it('answers 503 within a second while it is down, loses no acknowledged write, and recovers', async (ctx) => {
    if (!postgres) ctx.skip();
    const acknowledged: string[] = [];
    for (let i = 0; i < 20; i++) if ((await addRelease(`1.0.${i}`)) === 201) acknowledged.push(`1.0.${i}`);
    expect(acknowledged).toHaveLength(20);

    // Writers keep going through the outage; every answer must be 201 or 503, never a 5xx crash.
    let writing = true;
    let counter = 0;
    const statuses = new Map<number, number>();
    const writers = Array.from({ length: 8 }, async () => {
      while (writing) {
        const version = `2.0.${counter++}`;
        const status = await addRelease(version);
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (status === 201) acknowledged.push(version);
        if (status !== 201) await new Promise((resolve) => setTimeout(resolve, 20));
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await postgres!.stop();
    const started = performance.now();
    const health = await fetch(`${service.baseUrl}/api/v1/health`).catch((error: unknown) => {
      throw new Error(`the service died when PostgreSQL stopped:\n${service.output()}`, { cause: error });
    });
    const healthMs = performance.now() - started;
    if (health.status !== 503) console.error(service.output());
    expect(health.status).toBe(503);
    expect(((await health.json()) as any).db).toBe('unreachable');
    expect(healthMs).toBeLessThan(2500);

    const apiStarted = performance.now();
    const runList = await fetch(`${service.baseUrl}/api/v1/runs`);
    expect(runList.status).toBe(503);
    expect(((await runList.json()) as any).error.code).toBe('database_unavailable');
    expect(performance.now() - apiStarted).toBeLessThan(5000);
    // Release lists are read from the in-memory index: they still answer while the database is down.
    expect((await fetch(`${service.baseUrl}/api/v1/apps/suite-panel/releases`)).status).toBe(200);
    const writeWhileDown = await addRelease('9.9.9');
    expect(writeWhileDown).toBe(503);

    await postgres!.start();
    let recovered = false;
    for (let i = 0; i < 50 && !recovered; i++) {
      recovered = (await fetch(`${service.baseUrl}/api/v1/health`)).status === 200;
      if (!recovered) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(recovered).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    writing = false;
    await Promise.all(writers);
    expect([...statuses.keys()].sort()).toEqual([201, 503]);
    expect(await addRelease('1.1.0')).toBe(201);
    acknowledged.push('1.1.0');
    const list = (await (await fetch(`${service.baseUrl}/api/v1/apps/suite-panel/releases?limit=500`)).json()) as { releases: Array<{ version: string }> };
    const stored = new Set(list.releases.map((release) => release.version));
    for (const version of acknowledged) expect(stored.has(version), version).toBe(true);
    expect(stored.has('9.9.9')).toBe(false);
    console.info(`health answered 503 in ${Math.round(healthMs)} ms with PostgreSQL down; writes during the run: ${JSON.stringify(Object.fromEntries(statuses))}, all ${acknowledged.length} acknowledged present`);
  }, 120_000);

  it('answers every request within seconds while PostgreSQL hangs (SIGSTOP), and recovers after SIGCONT', async (ctx) => {
    if (!postgres) ctx.skip();
    const auth = { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' };
    const requests: Array<[string, string, unknown?]> = [
      ['GET', '/api/v1/health'],
      ['GET', '/api/v1/apps'],
      ['GET', '/api/v1/apps/suite-panel/releases'],
      ['GET', '/api/v1/runs'],
      ['GET', '/api/v1/constraints'],
      ['GET', '/'],
      ['GET', '/apps/suite-panel'],
      ['GET', '/feed.xml'],
      ['POST', '/api/v1/apps/suite-panel/releases', { version: '7.0.0' }],
      ['POST', '/api/v1/runs', { components: { 'suite-panel': '1.0.0' }, verdict: 'pass' }],
      ['POST', '/api/v1/constraints', { app: 'suite-panel', range: '>=1', requires: { app: 'php', range: '>=8' }, reason: 'needs PHP 8' }],
    ];
    const send = async ([method, path, body]: [string, string, unknown?]) => {
      const started = performance.now();
      const res = await fetch(`${service.baseUrl}${path}`, { method, headers: auth, body: body === undefined ? undefined : JSON.stringify(body), signal: AbortSignal.timeout(15_000) });
      const text = await res.text();
      return { method, path, status: res.status, ms: performance.now() - started, retryAfter: res.headers.get('retry-after'), text };
    };
    // Every connection of the pool open and idle: the ones a hung server holds hostage.
    await Promise.all(Array.from({ length: 12 }, () => send(['GET', '/api/v1/runs'])));
    const acknowledged: string[] = [];
    for (const version of ['6.0.0', '6.0.1']) if ((await send(['POST', '/api/v1/apps/suite-panel/releases', { version }])).status === 201) acknowledged.push(version);
    expect(acknowledged).toHaveLength(2);

    await postgres!.pause();
    let slowest = 0;
    try {
      // Twice: the first round meets the hung pooled connections, the second whatever the first left behind.
      for (let round = 0; round < 2; round++) {
        const answers = await Promise.all(requests.map(send));
        for (const answer of answers) {
          const what = `${answer.method} ${answer.path} (round ${round + 1}) → ${answer.status} in ${Math.round(answer.ms)} ms: ${answer.text.slice(0, 200)}`;
          slowest = Math.max(slowest, answer.ms);
          expect(answer.ms, what).toBeLessThan(5000);
          if (answer.method === 'POST') expect(answer.status, what).toBe(503);
          expect([200, 503], what).toContain(answer.status);
          if (answer.status !== 503) continue;
          expect(answer.retryAfter, what).toBe('5');
          if (answer.path.startsWith('/api/')) expect((JSON.parse(answer.text) as { error: { code: string } }).error.code, what).toBe('database_unavailable');
        }
      }
    } finally {
      await postgres!.resume();
    }

    let recovered = false;
    for (let i = 0; i < 50 && !recovered; i++) {
      recovered = (await send(['GET', '/api/v1/health'])).status === 200;
      if (!recovered) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(recovered).toBe(true);
    const after = await send(['POST', '/api/v1/apps/suite-panel/releases', { version: '6.0.2' }]);
    expect(after.status).toBe(201);
    acknowledged.push('6.0.2');
    const list = (await (await fetch(`${service.baseUrl}/api/v1/apps/suite-panel/releases?limit=500`)).json()) as { releases: Array<{ version: string }> };
    const stored = new Set(list.releases.map((release) => release.version));
    const found = acknowledged.filter((version) => stored.has(version));
    expect(found).toEqual(acknowledged);
    expect(stored.has('7.0.0')).toBe(false);
    console.info(`PostgreSQL hung (SIGSTOP): the slowest of ${requests.length * 2} requests answered in ${Math.round(slowest)} ms; writes acknowledged ${acknowledged.length}, found ${found.length}`);
  }, 120_000);
});
