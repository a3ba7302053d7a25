// Two processes on one DATA_DIR (issue 11): a second `vetted serve` never takes the embedded
// database from a first one that is still alive, only paused; a process whose lock is taken
// anyway stops at once with one line; and every acknowledged write is found afterwards.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { migratedDataDir, startService, tryStartService, type RunningService } from '../helpers/spawn-vetted.ts';

const adminToken = 'lock-admin-token-0123456789';

async function post(service: RunningService, path: string, body: unknown): Promise<Response | null> {
  try {
    return await fetch(`${service.baseUrl}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
  } catch {
    return null; // not listening, or gone
  }
}

/** Records a run whose notes name it; true when acknowledged (201). */
async function recordRun(service: RunningService, name: string): Promise<boolean> {
  const res = await post(service, '/api/v1/runs', { components: { 'suite-panel': '1.0.0' }, verdict: 'pass', notes: name });
  return res?.status === 201;
}

/** The notes of every stored run, read through a fresh process on the folder. */
async function storedRuns(env: NodeJS.ProcessEnv): Promise<Set<string>> {
  const service = await startService(env);
  const found = new Set<string>();
  let before: string | null = null;
  do {
    const query: string = before === null ? '' : `&before=${encodeURIComponent(before)}`;
    const page = (await (await fetch(`${service.baseUrl}/api/v1/runs?limit=500${query}`)).json()) as { runs: Array<{ notes: string }>; nextBefore: string | null };
    for (const run of page.runs) found.add(run.notes);
    before = page.nextBefore;
  } while (before !== null);
  expect(await service.stop()).toBe(0);
  return found;
}

describe('two processes on one DATA_DIR', () => {
  it('refuses to start a second process while the first is paused, and loses no acknowledged write', async () => {
    const dataDir = await migratedDataDir('vetted-lock-');
    const env = { DATA_DIR: dataDir, VETTED_ADMIN_TOKEN: adminToken };
    try {
      const first = await startService(env);
      expect((await post(first, '/api/v1/apps/suite-panel/releases', { version: '1.0.0' }))?.status).toBe(201);
      const acknowledged: string[] = [];
      for (let i = 0; i < 10; i++) if (await recordRun(first, `before-${i}`)) acknowledged.push(`before-${i}`);

      // Paused past the lock's 5 s staleness; the second starts meanwhile, as in the issue, and the
      // first resumes once the second has either given up or started serving.
      first.child.kill('SIGSTOP');
      await new Promise((resolve) => setTimeout(resolve, 6000));
      const second = await tryStartService(env, 30_000);
      first.child.kill('SIGCONT');
      const services = 'service' in second ? [first, second.service] : [first];
      if ('exit' in second) {
        expect(second.exit.code).toBe(1);
        const lines = second.exit.stderr.trim().split('\n');
        expect(lines, second.exit.stderr).toHaveLength(1);
        expect(lines[0]).toMatch(new RegExp(`^vetted: .*in use by vetted process ${first.child.pid}\\b`));
      }

      // 300 writes, alternating between the two (the second refuses connections when it did not start).
      for (let i = 0; i < 300; i++) if (await recordRun(services[i % services.length]!, `after-${i}`)) acknowledged.push(`after-${i}`);
      for (const service of services) await service.stop();

      const found = await storedRuns(env);
      const missing = acknowledged.filter((name) => !found.has(name));
      console.info(`first process paused, second ${'service' in second ? 'took over' : 'refused'}: writes acknowledged ${acknowledged.length}, found ${acknowledged.length - missing.length}`);
      expect('service' in second, 'a second process took the database over from a paused one').toBe(false);
      expect(acknowledged).toHaveLength(310);
      expect(missing).toEqual([]);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);

  it('stops at once, with one line, when its lock is taken from it, and loses no acknowledged write', async () => {
    const dataDir = await migratedDataDir('vetted-lock-');
    const env = { DATA_DIR: dataDir, VETTED_ADMIN_TOKEN: adminToken };
    try {
      const service = await startService(env);
      expect((await post(service, '/api/v1/apps/suite-panel/releases', { version: '1.0.0' }))?.status).toBe(201);
      const acknowledged: string[] = [];
      let writing = true;
      let counter = 0;
      const writers = Array.from({ length: 2 }, async () => {
        while (writing && service.child.exitCode === null) {
          const name = `run-${counter++}`;
          if (await recordRun(service, name)) acknowledged.push(name);
        }
      });
      await new Promise((resolve) => setTimeout(resolve, 500));
      // What a second process taking the lock over looks like to this one: the lock is not its own any more.
      await rm(path.join(dataDir, 'vetted.lock'), { recursive: true, force: true });
      // stop('SIGCONT') only waits for the exit: SIGCONT changes nothing for a running process.
      const code = await Promise.race([service.stop('SIGCONT'), new Promise((resolve) => setTimeout(() => resolve('still running'), 10_000))]);
      writing = false;
      await Promise.all(writers);
      expect(code).toBe(1);
      const lines = service.output().trim().split('\n').filter((line) => line.startsWith('vetted: '));
      expect(lines, service.output()).toHaveLength(1);
      expect(lines[0]).toMatch(/lost the lock/);
      expect(acknowledged.length).toBeGreaterThan(0);

      const found = await storedRuns(env);
      const missing = acknowledged.filter((name) => !found.has(name));
      console.info(`lock taken from a running process: it exited 1; writes acknowledged ${acknowledged.length}, found ${acknowledged.length - missing.length}`);
      expect(missing).toEqual([]);
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  }, 120_000);
});
