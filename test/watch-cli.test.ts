// `vetted watch` as a sysadmin runs it, against the recorded upstream.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtInCatalogPath, loadCatalog } from '../scrapers/catalog.ts';
import { migratedDataDir, runVetted } from './helpers/spawn-vetted.ts';
import { pointCatalogAt } from './upstream/point-catalog.ts';
import { startRecordedUpstream, type RecordedUpstream } from './upstream/server.ts';

describe('vetted watch', () => {
  let upstream: RecordedUpstream;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    upstream = await startRecordedUpstream();
    const dir = await mkdtemp(path.join(tmpdir(), 'vetted-watch-cli-'));
    const catalogFile = path.join(dir, 'catalog.json');
    await writeFile(catalogFile, JSON.stringify(pointCatalogAt(await loadCatalog(builtInCatalogPath), upstream.url)));
    env = { DATA_DIR: await migratedDataDir('vetted-watch-cli-data-'), VETTED_CATALOG: catalogFile, GITHUB_API_URL: upstream.url, LOG_LEVEL: 'error' };
  }, 120_000);
  afterAll(async () => {
    await upstream.close();
  }, 120_000);

  it('shows progress per app and ends with what is new', async () => {
    const result = await runVetted(['watch', 'debian', 'mybb', 'roundpin'], env, 60_000);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    // In catalogue order, one line per app.
    expect(result.stdout.split('\n').slice(0, 3)).toEqual([
      expect.stringMatching(/^\[ 1\/3\] roundpin\s+no upstream feed/),
      expect.stringMatching(/^\[ 2\/3\] mybb\s+12 new releases \(1 request\)$/),
      expect.stringMatching(/^\[ 3\/3\] debian\s+4 new releases \(1 request\)$/),
    ]);
    expect(result.stdout).toContain('New upstream: 16 releases');
    expect(result.stdout).toContain('  debian: 13.0, 13.6, 12.0, 12.15');
  }, 120_000);

  it('says nothing is new the second time, with one conditional request per source', async () => {
    upstream.clearLog();
    const result = await runVetted(['watch', 'debian', 'mybb'], env, 60_000);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/debian\s+not modified \(1 request\)/);
    expect(result.stdout).toContain('Nothing new upstream (2 requests).');
    expect(upstream.requests.every((r) => r.status === 304)).toBe(true);
  }, 120_000);

  it('exits 1 naming the failed source', async () => {
    upstream.inject({ path: '/www.debian.org/releases/', fault: { kind: 'changed-html' } });
    const result = await runVetted(['watch', 'debian'], { ...env, LOG_LEVEL: 'info' }, 60_000);
    upstream.clearFaults();
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/debian\s+FAILED: html: .*has the page changed/);
    // The report alone on stdout (for a cron mail or a pipe); the log line on stderr.
    expect(result.stdout).not.toContain('{"level"');
    expect(result.stderr).toMatch(/"msg":"source poll failed"/);
  }, 120_000);

  it('says which stored releases upstream now lists as insecure, and names the instance to upstreams', async () => {
    const first = await runVetted(['watch', 'wordpress'], { ...env, PUBLIC_URL: 'https://vetted.example.org' }, 60_000);
    expect(first.code).toBe(0);
    expect(upstream.requests.filter((r) => r.path.includes('ordpress')).every((r) => r.userAgent?.includes('; instance https://vetted.example.org)'))).toBe(true);
    let latest = '';
    upstream.replaceWeb('/api.wordpress.org/core/stable-check/1.0/', (body) => {
      const entries = JSON.parse(body) as Record<string, string>;
      latest = Object.keys(entries).find((version) => entries[version] === 'latest')!;
      return JSON.stringify({ ...entries, [latest]: 'insecure' });
    });
    const result = await runVetted(['watch', 'wordpress'], env, 60_000);
    expect(result.code).toBe(0);
    const version = latest.split('.').length === 2 ? `${latest}.0` : latest;
    expect(result.stdout).toMatch(new RegExp(`wordpress\\s+nothing new \\(2 requests\\); now listed insecure upstream: ${version.replaceAll('.', '\\.')}$`, 'm'));
    expect(result.stdout).toContain(`Now listed insecure upstream: wordpress ${version}.`);
  }, 120_000);

  it('rejects an unknown app', async () => {
    const result = await runVetted(['watch', 'owncloud'], env, 60_000);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/unknown app: owncloud/);
  }, 120_000);
});
