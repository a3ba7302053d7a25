// The CLI beside a running service (issue 15): while `vetted serve` holds the embedded database,
// `vetted token|stack|watch` ask it over its control socket and print what they print on their own.
import { mkdtemp, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInCatalogPath, loadCatalog } from '../../scrapers/catalog.ts';
import { migratedDataDir, runVetted, startService, type RunningService } from '../helpers/spawn-vetted.ts';
import { pointCatalogAt } from '../upstream/point-catalog.ts';
import { startRecordedUpstream, type RecordedUpstream } from '../upstream/server.ts';

const adminToken = 'e2e-admin-token-0123456789';
// Opening PGlite alone (the last test) has taken over 30 s on a loaded two-core machine.
const slow = 90_000;

describe('vetted token, stack and watch while vetted serve runs on PGlite', () => {
  let upstream: RecordedUpstream;
  let service: RunningService;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    upstream = await startRecordedUpstream();
    const dir = await mkdtemp(path.join(tmpdir(), 'vetted-control-'));
    const catalogFile = path.join(dir, 'catalog.json');
    await writeFile(catalogFile, JSON.stringify(pointCatalogAt(await loadCatalog(builtInCatalogPath), upstream.url)));
    env = { DATA_DIR: await migratedDataDir('vetted-control-data-'), VETTED_CATALOG: catalogFile, GITHUB_API_URL: upstream.url, VETTED_ADMIN_TOKEN: adminToken, LOG_LEVEL: 'error' };
    service = await startService(env);
  }, 180_000);
  afterAll(async () => {
    await service?.stop();
    await upstream?.close();
  });

  it('listens on a socket in the data folder that only its owner may use (0600)', async () => {
    const info = await stat(path.join(env.DATA_DIR!, 'vetted.sock'));
    expect(info.isSocket()).toBe(true);
    expect(info.mode & 0o777).toBe(0o600);
  });

  it('creates, lists and revokes tokens through the service, and the service knows them at once', async () => {
    const created = await runVetted(['token', 'create', '--role', 'tester', '--name', 'ci-nextcloud'], env, slow);
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);
    const [first, secret] = created.stdout.trim().split('\n');
    expect(first).toMatch(/^created token (\d+) "ci-nextcloud" \(tester\)\. Its secret, shown only now:$/);
    const id = Number(/token (\d+)/.exec(first!)![1]);

    // The new token signs a write at once: a bad body is 422, not 401.
    const write = await fetch(`${service.baseUrl}/api/v1/runs`, { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' }, body: '{}' });
    expect(write.status).toBe(422);

    const listed = await runVetted(['token', 'list'], env, slow);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(new RegExp(`^\\s+${id}  tester  ci-nextcloud  \\(created .*, active\\)$`, 'm'));

    const revoked = await runVetted(['token', 'revoke', String(id)], env, slow);
    expect(revoked).toMatchObject({ code: 0, stdout: `token ${id} revoked\n` });
    const again = await runVetted(['token', 'revoke', String(id)], env, slow);
    expect(again).toMatchObject({ code: 1, stderr: `vetted: no active token with id ${id}\n` });
    const refused = await fetch(`${service.baseUrl}/api/v1/runs`, { method: 'POST', headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' }, body: '{}' });
    expect(refused.status).toBe(401);
  }, 180_000);

  it('sets and clears a series’ support dates through the service, which the API shows at once', async () => {
    const set = await runVetted(['support', 'set', 'roundcube', '1.6.11', '--security-end', '2027-05-10', '--lts', '--note', 'LTS announcement'], env, slow);
    expect(set).toMatchObject({ code: 0, stderr: '' });
    expect(set.stdout).toContain('roundcube 1.6: support dates set by hand');
    const listed = (await (await fetch(`${service.baseUrl}/api/v1/support?app=roundcube`)).json()) as { series: Array<Record<string, unknown>> };
    // The catalogue's active-support end stays; the admin's security end and LTS flag are added.
    expect(listed.series.find((s) => s.series === '1.6')).toMatchObject({ activeSupportEnd: '2026-05-10', securitySupportEnd: '2027-05-10', lts: true, origin: 'admin', note: 'LTS announcement' });
    const bad = await runVetted(['support', 'set', 'roundcube', '1.6', '--security-end', '10.05.2027'], env, slow);
    expect(bad).toMatchObject({ code: 1, stderr: 'vetted: --security-end must be a calendar day, YYYY-MM-DD (e.g. 2026-12-31)\n' });
    const list = await runVetted(['support', 'list', 'roundcube'], env, slow);
    expect(list.stdout).toMatch(/^roundcube 1\.6 +\S+ +released \?, active until 2026-05-10, security until 2027-05-10, LTS +\(set by cli\)$/m);
    expect((await runVetted(['support', 'clear', 'roundcube', '1.6'], env, slow))).toMatchObject({ code: 0, stdout: 'roundcube 1.6: dates set by hand cleared\n' });
    const after = (await (await fetch(`${service.baseUrl}/api/v1/support?app=roundcube`)).json()) as { series: Array<Record<string, unknown>> };
    expect(after.series.find((s) => s.series === '1.6')).toMatchObject({ securitySupportEnd: null, origin: 'catalogue' });
  });

  it('declares and removes stacks through the service, which pages and API see at once', async () => {
    const added = await runVetted(['stack', 'add', 'staging', '--component', 'debian=12', '--component', 'php=8.2.33-1+deb12u1'], env, slow);
    expect(added).toMatchObject({ code: 0, stderr: '', stdout: 'stack "staging" declared: PHP 8.2 · Debian 12\n' });
    const stacks = (await (await fetch(`${service.baseUrl}/api/v1/stacks`)).json()) as { stacks: Array<{ id: string }> } | Array<{ id: string }>;
    const ids = (Array.isArray(stacks) ? stacks : stacks.stacks).map((s) => s.id);
    expect(ids).toContain('staging');
    const listed = await runVetted(['stack', 'list'], env, slow);
    expect(listed.stdout).toMatch(/^staging\s+PHP 8\.2 · Debian 12$/m);
    const unknown = await runVetted(['stack', 'add', 'typo', '--component', 'phpp=8.2'], env, slow);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^vetted: .*unknown app "phpp"/);
    const removed = await runVetted(['stack', 'remove', 'staging'], env, slow);
    expect(removed).toMatchObject({ code: 0, stdout: 'stack "staging" removed\n' });
  }, 180_000);

  it('polls upstream inside the service, with progress per app and what is new', async () => {
    const result = await runVetted(['watch', 'debian', 'mybb'], env, 60_000);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^\[ 1\/2\] mybb\s+12 new releases \(1 request\)$/m);
    expect(result.stdout).toContain('New upstream: 16 releases');
    // The service's own index has them: the API lists the new Debian releases.
    const releases = (await (await fetch(`${service.baseUrl}/api/v1/apps/debian/releases`)).json()) as { releases: Array<{ version: string }> };
    expect(releases.releases.map((r) => r.version)).toContain('12.15');
    const unknown = await runVetted(['watch', 'owncloud'], env, slow);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/unknown app: owncloud/);
  }, 180_000);

  it('prints the same as the command on its own once the service has stopped', async () => {
    await runVetted(['stack', 'add', 'same', '--component', 'debian=13'], env, slow);
    const beside = await runVetted(['stack', 'list'], env, slow);
    const tokensBeside = await runVetted(['token', 'list', '--json'], env, slow);
    expect(await service.stop()).toBe(0);
    await expect(stat(path.join(env.DATA_DIR!, 'vetted.sock'))).rejects.toMatchObject({ code: 'ENOENT' });
    const alone = await runVetted(['stack', 'list'], env, slow);
    expect(alone).toMatchObject({ code: 0, stdout: beside.stdout });
    const tokensAlone = await runVetted(['token', 'list', '--json'], env, slow);
    expect(tokensAlone.stdout).toBe(tokensBeside.stdout);
  }, 180_000);
});
