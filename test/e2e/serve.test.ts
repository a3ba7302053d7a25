// The foundation's promises, checked on the real executable: start-up, persistence across a
// restart, one-line configuration errors, token commands.
import { mkdtemp } from 'node:fs/promises';
import { connect, createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { createTestDatabase, databaseKinds, type TestDatabase } from '../helpers/test-database.ts';
import { migratedDataDir, runVetted, startService } from '../helpers/spawn-vetted.ts';

const adminToken = 'e2e-admin-token-0123456789';

describe('vetted serve', () => {
  it('exits 1 with one line naming a bad variable', async () => {
    const result = await runVetted(['serve'], { PORT: 'abc' });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual(['vetted: invalid environment variable PORT: must be a port number (got "abc")']);
  });

  it.each([
    ['PORT', '', 'vetted: invalid environment variable PORT: must be a port number (got "")'],
    ['HOST', '999.1.1.1', 'vetted: invalid environment variable HOST: must be an IP address or a host name (got "999.1.1.1")'],
    ['HOST', '', 'vetted: invalid environment variable HOST: must be an IP address or a host name (got "")'],
  ])('exits 1 with one line when %s is %j', async (name, value, line) => {
    const result = await runVetted(['serve'], { [name]: value });
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([line]);
  });

  it('exits 1 with one line when its port is in use', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      const result = await runVetted(['serve'], { PORT: String(port), DATA_DIR: await migratedDataDir('vetted-port-'), WATCH_SCHEDULE: 'off' }, 60_000);
      expect(result.code).toBe(1);
      expect(result.stderr.trim().split('\n')).toEqual([`vetted: cannot listen on 127.0.0.1:${port}: the address is already in use (another vetted, or another service?)`]);
    } finally {
      taken.close();
    }
  }, 60_000);

  it('exits 1 with one line when HOST names no address of this machine', async () => {
    const result = await runVetted(['serve'], { HOST: 'no-such-host.invalid', DATA_DIR: await migratedDataDir('vetted-host-'), WATCH_SCHEDULE: 'off' }, 60_000);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^vetted: cannot listen on no-such-host\.invalid:3000: HOST is not a name this machine can resolve/)]);
  }, 60_000);

  it('exits 1 naming an unreadable catalogue', async () => {
    const result = await runVetted(['serve'], { VETTED_CATALOG: '/nonexistent/catalog.json', DATA_DIR: await mkdtemp(path.join(tmpdir(), 'vetted-')) });
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('vetted: cannot read catalogue /nonexistent/catalog.json: ENOENT');
  });

  it('exits 1 after retrying when PostgreSQL is unreachable', async () => {
    const result = await runVetted(['migrate'], { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' }, 60_000);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^vetted: cannot open the database \(postgres:\/\/postgres@127\.0\.0\.1:1\/none\) after 5 attempts/m);
  }, 60_000);
});

describe('vetted serve stopping', () => {
  it('finishes a request in flight when SIGTERM arrives, then exits 0', async () => {
    const service = await startService({ DATA_DIR: await migratedDataDir('vetted-term-'), VETTED_ADMIN_TOKEN: adminToken });
    const { port } = new URL(service.baseUrl);
    const body = JSON.stringify({ version: '4.2.0' });
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', resolve));
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk));
    const closed = new Promise<void>((resolve) => socket.once('close', resolve));
    // Headers and half the body, then SIGTERM while the request is still arriving.
    socket.write(`POST /api/v1/apps/roundpin/releases HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${adminToken}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body.slice(0, 5)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const exited = service.stop('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    socket.end(body.slice(5));
    await closed;
    expect(answer).toMatch(/^HTTP\/1\.1 201 /);
    expect(await exited).toBe(0);
  }, 60_000);
});

describe('the embedded database folder', () => {
  it('is not opened by a second process while vetted serve holds it; commands the service can run are asked of it', async () => {
    const env = { DATA_DIR: await migratedDataDir('vetted-lock-'), VETTED_ADMIN_TOKEN: adminToken };
    const service = await startService(env);
    onTestFinished(async () => void (await service.stop()));
    // migrate has no service to ask: it is refused rather than opening the folder twice.
    const second = await runVetted(['migrate'], env);
    expect(second.code).toBe(1);
    expect(second.stderr.trim()).toBe(`vetted: the embedded database in ${env.DATA_DIR} is in use by vetted process ${service.child.pid} (a running "vetted serve"? if it does not answer, it is stopped or hung); stop it first, or share a PostgreSQL server through DATABASE_URL`);
    // token list goes through the service's control socket (test/e2e/control-socket.test.ts).
    expect((await runVetted(['token', 'list'], env)).code).toBe(0);
    expect((await fetch(`${service.baseUrl}/api/v1/health`)).status).toBe(200);
    expect(await service.stop()).toBe(0);
    expect((await runVetted(['token', 'list'], env)).code).toBe(0);
  }, 90_000);
});

describe.each(databaseKinds)('vetted serve on %s', (kind) => {
  const cleanups: Array<() => Promise<void>> = [];
  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
  });

  /** `firstStart`: an empty folder or database, as on a new machine; otherwise one already migrated where that is quicker. */
  async function environment(firstStart = false): Promise<NodeJS.ProcessEnv> {
    if (kind === 'pglite') return { DATA_DIR: firstStart ? await mkdtemp(path.join(tmpdir(), 'vetted-data-')) : await migratedDataDir('vetted-data-'), VETTED_ADMIN_TOKEN: adminToken };
    const testDatabase: TestDatabase = await createTestDatabase('postgres');
    // The service migrates it itself; this handle only reserves and later drops it.
    await testDatabase.database.close();
    cleanups.push(() => testDatabase.drop());
    return { DATABASE_URL: testDatabase.url!, VETTED_ADMIN_TOKEN: adminToken };
  }

  it('keeps a release added by hand across a restart, and stops cleanly on SIGTERM', async () => {
    const env = await environment(true);
    const first = await startService(env);
    console.info(`[${kind}] healthy ${Math.round(first.readyMs)} ms after spawn (first start)`);
    const created = await fetch(`${first.baseUrl}/api/v1/apps/roundpin/releases`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ version: '2.0.1', publishedAt: '2026-10-01T00:00:00Z' }),
    });
    expect(created.status).toBe(201);
    expect(await first.stop('SIGTERM')).toBe(0);

    const second = await startService(env);
    console.info(`[${kind}] healthy ${Math.round(second.readyMs)} ms after spawn (restart)`);
    const list = (await (await fetch(`${second.baseUrl}/api/v1/apps/roundpin/releases`)).json()) as { releases: Array<{ version: string }> };
    expect(list.releases.map((release) => release.version)).toEqual(['2.0.1']);
    expect(await second.stop('SIGTERM')).toBe(0);
  }, 90_000);

  it('creates, lists and revokes tokens; only a created secret works', async () => {
    const env = await environment();
    const created = await runVetted(['token', 'create', '--role', 'tester', '--name', 'ci-nextcloud'], env);
    expect(created.code, created.stderr).toBe(0);
    const secret = created.stdout.trim().split('\n').at(-1)!;
    expect(secret).toMatch(/^vt_[\w-]{40,}$/);

    const listed = await runVetted(['token', 'list', '--json'], env);
    const tokens = JSON.parse(listed.stdout) as Array<{ id: number; name: string; role: string; revokedAt: string | null }>;
    expect(tokens).toEqual([expect.objectContaining({ name: 'ci-nextcloud', role: 'tester', revokedAt: null })]);
    expect(listed.stdout).not.toContain(secret);

    const service = await startService(env);
    const asTester = (token: string) =>
      fetch(`${service.baseUrl}/api/v1/apps/roundpin/releases`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: '{"version":"1.0.0"}' });
    expect((await asTester(secret)).status).toBe(403);
    expect(await service.stop()).toBe(0);

    const revoked = await runVetted(['token', 'revoke', String(tokens[0]!.id)], env);
    expect(revoked.code).toBe(0);
    const again = await runVetted(['token', 'revoke', String(tokens[0]!.id)], env);
    expect(again.code).toBe(1);
    expect(again.stderr.trim()).toBe(`vetted: no active token with id ${tokens[0]!.id}`);
  }, 120_000);
});
