// The process killed with SIGKILL during a stream of writes on the embedded database: after a
// restart the database opens and every acknowledged write is there.
import { describe, expect, it } from 'vitest';
import { migratedDataDir, startService } from '../helpers/spawn-vetted.ts';

const adminToken = 'sigkill-admin-token-0123456789';

describe('SIGKILL on PGlite', () => {
  it('keeps every acknowledged write', async () => {
    const env = { DATA_DIR: await migratedDataDir('vetted-kill-'), VETTED_ADMIN_TOKEN: adminToken };
    const service = await startService(env);
    const acknowledged: string[] = [];
    let writing = true;
    let counter = 0;
    const writers = Array.from({ length: 4 }, async () => {
      while (writing) {
        const version = `3.0.${counter++}`;
        try {
          const res = await fetch(`${service.baseUrl}/api/v1/apps/security-probe/releases`, {
            method: 'POST',
            headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
            body: JSON.stringify({ version }),
          });
          if (res.status === 201) acknowledged.push(version);
        } catch {
          return; // the process is gone
        }
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    service.child.kill('SIGKILL');
    writing = false;
    await Promise.all(writers);
    await service.stop();
    expect(acknowledged.length).toBeGreaterThan(10);

    const restarted = await startService(env, 30_000);
    const list = (await (await fetch(`${restarted.baseUrl}/api/v1/apps/security-probe/releases?limit=500`)).json()) as { releases: Array<{ version: string }> };
    const stored = new Set(list.releases.map((release) => release.version));
    const missing = acknowledged.filter((version) => !stored.has(version));
    expect(missing).toEqual([]);
    console.info(`${acknowledged.length} writes acknowledged before SIGKILL; all present after restart`);
    expect(await restarted.stop()).toBe(0);
  }, 90_000);
});
