// Issue 12 and the runs API of issue 15 over HTTP: blame, every verdict explained, stacks, release
// statuses per stack, runs as testers write them (loose versions, batches, versions the watcher has
// not stored yet).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInCatalogPath, loadCatalog } from '../scrapers/catalog.ts';
import { createWatcher } from '../server/watcher.ts';
import { startTestApp, type TestApp } from './helpers/test-app.ts';
import { databaseKinds } from './helpers/test-database.ts';
import { pointCatalogAt } from './upstream/point-catalog.ts';
import { startRecordedUpstream, type RecordedUpstream } from './upstream/server.ts';
import { pinnedNow, testPolicy } from './upstream/watch-harness.ts';

describe.each(databaseKinds)('verdicts over HTTP on %s', (kind) => {
  let t: TestApp;
  let upstream: RecordedUpstream;
  let now = pinnedNow;

  beforeAll(async () => {
    upstream = await startRecordedUpstream();
    const catalog = pointCatalogAt(await loadCatalog(builtInCatalogPath), upstream.url);
    t = await startTestApp(kind, {
      catalog,
      clock: { now: () => now },
      customize(deps) {
        const config = { ...deps.config, githubApiUrl: upstream.url };
        return { ...deps, config, watcher: createWatcher({ ...deps, config, httpPolicy: testPolicy }) };
      },
    });
    const releases: Record<string, string[]> = {
      nextcloud: ['31.0.14', '33.0.8', '34.0.3'], dolibarr: ['22.0.0'], collabora: ['25.04.5-1', '25.04.5-2'],
      php: ['8.2.33', '8.3.30', '8.4.24'], debian: ['12.11', '13.2'], mariadb: ['10.11.14', '11.8.3'],
    };
    for (const [app, versions] of Object.entries(releases)) {
      for (const version of versions) expect((await t.request(`/api/v1/apps/${app}/releases`, { method: 'POST', token: t.adminToken, json: { version } })).status).toBe(201);
    }
  });
  afterAll(async () => {
    await t?.close();
    await upstream?.close();
  });

  async function run(body: unknown, token = t.testerToken): Promise<{ status: number; json: any }> {
    const response = await t.request('/api/v1/runs', { method: 'POST', token, json: body });
    return { status: response.status, json: await response.json() };
  }

  it('stores what a failure blames and returns it', async () => {
    const stored = await run({ components: { nextcloud: '34.0.3', php: '8.2.33', mariadb: '10.11.14' }, verdict: 'fail', failed: ['nextcloud'], testedAt: '2026-03-01T00:00:00Z', notes: 'upgrade step 12 crashes' });
    expect(stored.status).toBe(201);
    expect(stored.json).toMatchObject({ verdict: 'fail', failed: ['nextcloud'], components: { nextcloud: '34.0.3', php: '8.2.33', mariadb: '10.11.14' } });
    const again = (await (await t.request(`/api/v1/runs/${stored.json.id}`)).json()) as any;
    expect(again.failed).toEqual(['nextcloud']);
    const pass = await run({ components: { nextcloud: '34.0.3', php: '8.3.30' }, verdict: 'pass', testedAt: '2026-03-02T00:00:00Z' });
    expect(pass.json.failed).toBeNull();
  });

  it('refuses a blame that is not the run’s own, or on a pass, naming the field; stores nothing', async () => {
    const before = ((await (await t.request('/api/v1/runs?limit=500')).json()) as any).runs.length;
    const foreign = await run({ components: { nextcloud: '34.0.3', php: '8.2.33' }, verdict: 'fail', failed: ['dolibarr'] });
    expect(foreign.status).toBe(422);
    expect(foreign.json.error.details).toEqual([{ path: 'body.failed.0', message: '"dolibarr" is not one of the run\'s components' }]);
    const onPass = await run({ components: { nextcloud: '34.0.3' }, verdict: 'pass', failed: ['nextcloud'] });
    expect(onPass.status).toBe(422);
    expect(onPass.json.error.details[0].path).toBe('body.failed');
    const twice = await run({ components: { nextcloud: '34.0.3' }, verdict: 'fail', failed: ['nextcloud', 'nextcloud'] });
    expect(twice.status).toBe(422);
    expect(((await (await t.request('/api/v1/runs?limit=500')).json()) as any).runs.length).toBe(before);
  });

  it('reproduces the report: a Dolibarr failure does not break PHP and Debian on a server without Dolibarr', async () => {
    await run({ components: { nextcloud: '31.0.14', php: '8.2.33', debian: '12.11' }, verdict: 'pass', testedAt: '2026-02-01T00:00:00Z' });
    await run({ components: { dolibarr: '22.0.0', php: '8.2.33', debian: '12.11' }, verdict: 'fail', testedAt: '2026-03-01T00:00:00Z', notes: 'dolibarr module crash' });
    const advice = (await (await t.request('/api/v1/check?nextcloud=31.0.14&php=8.2.33&debian=12.11')).json()) as any;
    for (const app of advice.apps) {
      expect([app.app, app.installedStatus]).toEqual([app.app, 'safe']);
      expect(app.installedEvidence[0]).toMatchObject({ verdict: 'pass', testedAt: '2026-02-01T00:00:00.000Z' });
    }
    // On a server that runs Dolibarr too, the same failure counts, blamed on everything it tested.
    const withDolibarr = (await (await t.request('/api/v1/check?dolibarr=22.0.0&php=8.2.33&debian=12.11')).json()) as any;
    const php = withDolibarr.apps.find((a: any) => a.app === 'php');
    expect(php.installedStatus).toBe('broken');
    expect(php.installedEvidence[0]).toMatchObject({ verdict: 'fail', failed: ['dolibarr', 'php', 'debian'] });
  });

  it('says what is missing for an untested candidate: the Collabora report', async () => {
    await run({ components: { collabora: '25.04.5-2', nextcloud: '33.0.8', php: '8.2.33', debian: '12.11', mariadb: '10.11.14' }, verdict: 'pass', testedAt: '2026-04-01T00:00:00Z' });
    const advice = (await (await t.request('/api/v1/check?nextcloud=31.0.14&collabora=25.04.5-1&php=8.2.33&debian=12.11&mariadb=10.11.14')).json()) as any;
    const collabora = advice.apps.find((a: any) => a.app === 'collabora');
    expect(collabora.upgrades[0]).toMatchObject({ version: '25.04.5-2', status: 'untested' });
    expect(collabora.upgrades[0].reason).toMatch(/^tested only with Nextcloud 33 \(run \d+\); this server runs Nextcloud 31$/);
    expect(collabora.installedReason).toBe('no run of 25.04.5-1 yet');
  });

  it('reads versions as testers write them, and stores a batch all or none', async () => {
    const loose = await run({ components: { php: '8.4.24-1+deb13u1', mariadb: '1:11.8.3-0+deb13u1', debian: '13.2', nextcloud: 'v34.0.3' }, verdict: 'pass', testedAt: '2026-05-01T00:00:00Z' });
    expect(loose.status).toBe(201);
    expect(loose.json.components).toEqual({ nextcloud: '34.0.3', php: '8.4.24', debian: '13.2', mariadb: '11.8.3' });

    const count = async () => ((await (await t.request('/api/v1/runs?limit=500')).json()) as any).runs.length;
    const before = await count();
    const bad = await run([
      { components: { nextcloud: '33.0.8', php: '8.3.30' }, verdict: 'pass' },
      { components: { nextcloud: '33.0.8', owncloud: '10.0' }, verdict: 'pass' },
    ]);
    expect(bad.status).toBe(422);
    expect(bad.json.error.details).toEqual([{ path: 'body.1.components.owncloud', message: 'unknown app "owncloud"' }]);
    expect(await count()).toBe(before);
    const batch = await run([
      { components: { nextcloud: '33.0.8', php: '8.3.30' }, verdict: 'pass', testedAt: '2026-05-02T00:00:00Z' },
      { components: { nextcloud: '33.0.8', php: '8.4.24' }, verdict: 'fail', failed: ['nextcloud'], testedAt: '2026-05-03T00:00:00Z' },
    ]);
    expect(batch.status).toBe(201);
    expect(batch.json.runs.map((r: any) => r.verdict)).toEqual(['pass', 'fail']);
    expect(await count()).toBe(before + 2);
    const tooMany = await run(Array.from({ length: 501 }, () => ({ components: { nextcloud: '33.0.8' }, verdict: 'pass' })));
    expect(tooMany.status).toBe(422);
  });

  it('polls the upstream of a version it does not know yet, once, and stores the run when found', async () => {
    const found = await run({ components: { nextcloud: '34.0.2', php: '8.4.24' }, verdict: 'pass', testedAt: '2026-05-04T00:00:00Z' });
    expect(found.status).toBe(201);
    expect(found.json.components.nextcloud).toBe('34.0.2');
    const missing = await run({ components: { nextcloud: '34.0.9', php: '8.4.24' }, verdict: 'pass' });
    expect(missing.status).toBe(422);
    expect(missing.json.error.details[0]).toEqual({
      path: 'body.components.nextcloud',
      message: expect.stringMatching(/^Nextcloud 34\.0\.9 is not a known release; Nextcloud's upstream was last polled 1 min ago \(at most once every 5 min\); an admin can add it: POST \/api\/v1\/apps\/nextcloud\/releases/),
    });
    now = new Date(pinnedNow.getTime() + 6 * 60_000);
    const later = await run({ components: { nextcloud: '34.0.9' }, verdict: 'pass', testedAt: '2026-05-04T00:00:00Z' });
    expect(later.json.error.details[0].message).toMatch(/upstream was polled just now and does not list it/);
    const roundpin = await run({ components: { roundpin: '1.0.0' }, verdict: 'pass' });
    expect(roundpin.json.error.details[0].message).toMatch(/Roundpin has no upstream feed\); an admin can add it/);
  });

  it('judges release statuses per stack: the confirmed-whatever-the-platform report', async () => {
    // Nextcloud 34.0.3 failed with PHP 8.2 (blamed on Nextcloud) and passed with PHP 8.3 and 8.4 (earlier tests).
    const list = async (query: string) => (await (await t.request(`/api/v1/apps/nextcloud/releases${query}`)).json()) as any;
    const bookworm = await list('?stack=bookworm');
    expect(bookworm.stack).toEqual({ id: 'bookworm', name: 'Debian 12 · PHP 8.2 · MariaDB 10.11' });
    const broken = bookworm.releases.find((r: any) => r.version === '34.0.3');
    expect(broken.status).toBe('broken');
    expect(broken.evidence[0]).toMatchObject({ verdict: 'fail', failed: ['nextcloud'] });
    const trixie = await list('');
    expect(trixie.stack.id).toBe('trixie');
    expect(trixie.releases.find((r: any) => r.version === '34.0.3')).toMatchObject({ status: 'safe' });
    expect((await t.request('/api/v1/apps/nextcloud/releases?stack=sid')).status).toBe(404);
    const one = (await (await t.request('/api/v1/apps/nextcloud/releases/34.0.3?stack=bookworm')).json()) as any;
    expect(one).toMatchObject({ status: 'broken', stack: { id: 'bookworm' } });
    expect(one.runs.map((r: any) => r.verdict)).toContain('fail');
  });

  it('reports latestRelease and latestConfirmed per stack in GET /api/v1/apps, naming the stack, as the pages do', async () => {
    const apps = async (query: string) => (await (await t.request(`/api/v1/apps${query}`)).json()) as any;
    const trixie = await apps('');
    expect(trixie.stack).toEqual({ id: 'trixie', name: 'Debian 13 · PHP 8.4 · MariaDB 11.8' });
    const onTrixie = trixie.apps.find((a: any) => a.id === 'nextcloud');
    expect(onTrixie.latestRelease).toMatchObject({ version: '34.0.3', status: 'safe' });
    expect(onTrixie.latestConfirmed).toMatchObject({ version: '34.0.3' });
    const bookworm = await apps('?stack=bookworm');
    expect(bookworm.stack).toEqual({ id: 'bookworm', name: 'Debian 12 · PHP 8.2 · MariaDB 10.11' });
    const onBookworm = bookworm.apps.find((a: any) => a.id === 'nextcloud');
    expect(onBookworm.latestRelease).toMatchObject({ version: '34.0.3', status: 'broken', evidence: [expect.objectContaining({ verdict: 'fail', failed: ['nextcloud'] })] });
    expect(onBookworm.latestConfirmed?.version).not.toBe('34.0.3');
    const page = await (await t.request('/stacks/bookworm')).text();
    expect(page).toContain(onBookworm.latestConfirmed ? `<span class="version">${onBookworm.latestConfirmed.version}</span>` : 'none yet');
    expect((await t.request('/api/v1/apps?stack=sid')).status).toBe(404);
    expect((await t.request('/api/v1/apps?stak=bookworm')).status).toBe(422);
  });

  it('declares and removes stacks; the first is the default', async () => {
    const listed = (await (await t.request('/api/v1/stacks')).json()) as any;
    expect(listed.default).toBe('trixie');
    expect(listed.stacks.map((s: any) => s.id)).toEqual(['trixie', 'bookworm']);
    const added = await t.request('/api/v1/stacks', { method: 'POST', token: t.adminToken, json: { id: 'bullseye', components: { debian: '11', php: '7.4.33', mariadb: '10.5' }, default: true } });
    expect(added.status).toBe(201);
    expect(await added.json()).toEqual({ id: 'bullseye', name: 'PHP 7.4 · Debian 11 · MariaDB 10.5', components: { php: '7.4', debian: '11', mariadb: '10.5' } });
    expect(((await (await t.request('/api/v1/stacks')).json()) as any).default).toBe('bullseye');
    expect((await t.request('/api/v1/stacks', { method: 'POST', token: t.adminToken, json: { id: 'bullseye', components: { debian: '11' } } })).status).toBe(409);
    const bad = await t.request('/api/v1/stacks', { method: 'POST', token: t.adminToken, json: { id: 'x', components: { debain: '11', php: 'eight' } } });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as any).error.details.map((d: any) => d.path)).toEqual(['body.components.php', 'body.components.debain']);
    expect((await t.request('/api/v1/stacks', { method: 'POST', token: t.testerToken, json: { id: 'y', components: { debian: '11' } } })).status).toBe(403);
    expect((await t.request('/api/v1/stacks/bullseye', { method: 'DELETE', token: t.adminToken })).status).toBe(200);
    expect((await t.request('/api/v1/stacks/bullseye', { method: 'DELETE', token: t.adminToken })).status).toBe(404);
    expect(((await (await t.request('/api/v1/stacks')).json()) as any).default).toBe('trixie');
  });

  it('says which verdicts a run changed, per stack', async () => {
    const stored = await run({ components: { dolibarr: '22.0.0', php: '8.4.24', debian: '13.2', mariadb: '11.8.3' }, verdict: 'pass', testedAt: '2026-06-01T00:00:00Z' });
    expect(stored.json.changes).toContainEqual({ app: 'dolibarr', version: '22.0.0', stack: { id: 'trixie', name: 'Debian 13 · PHP 8.4 · MariaDB 11.8' }, before: 'untested', after: 'safe' });
    expect(stored.json.changes.some((c: any) => c.stack.id === 'bookworm' && c.app === 'dolibarr')).toBe(false);
  });
});
