// The recorded upstream answers like GitHub's REST API and the catalogue's web endpoints.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRecordedUpstream, type RecordedUpstream } from './server.ts';

let upstream: RecordedUpstream;
beforeAll(async () => {
  upstream = await startRecordedUpstream();
});
afterAll(async () => {
  await upstream.close();
});

describe('the recorded GitHub API', () => {
  it('pages with per_page and page and links the next and last pages', async () => {
    const res = await fetch(`${upstream.url}/repos/nextcloud/server/tags?per_page=100&page=2`);
    expect(res.status).toBe(200);
    expect(await res.json()).toHaveLength(100);
    const link = res.headers.get('link')!;
    expect(link).toMatch(/<http:\/\/127\.0\.0\.1:\d+\/repositories\/\d+\/tags\?per_page=100&page=3>; rel="next"/);
    expect(link).toMatch(/page=8>; rel="last"/);
    expect(link).toMatch(/page=1>; rel="first"/);
  });

  it('sends 30 per page by default and at most 100', async () => {
    expect(await (await fetch(`${upstream.url}/repos/nextcloud/server/tags`)).json()).toHaveLength(30);
    expect(await (await fetch(`${upstream.url}/repos/nextcloud/server/tags?per_page=500`)).json()).toHaveLength(100);
  });

  it('answers a matching If-None-Match with 304 and rate-limit headers', async () => {
    const first = await fetch(`${upstream.url}/repos/roundcube/roundcubemail/releases?per_page=100`);
    const etag = first.headers.get('etag')!;
    expect(first.headers.get('x-ratelimit-limit')).toBe('60');
    const again = await fetch(`${upstream.url}/repos/roundcube/roundcubemail/releases?per_page=100`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('x-ratelimit-remaining')).not.toBeNull();
  });

  it('answers 404 for a repository it has no fixture for, and logs it as unmatched', async () => {
    upstream.clearLog();
    expect((await fetch(`${upstream.url}/repos/nobody/nothing/tags`)).status).toBe(404);
    expect(upstream.unmatched()).toHaveLength(1);
  });

  it('signals a primary rate limit as GitHub does', async () => {
    upstream.inject({ path: '/repos/mybb/mybb/tags', fault: { kind: 'rate-limit', status: 403, resetInSeconds: 60 }, times: 1 });
    const res = await fetch(`${upstream.url}/repos/mybb/mybb/tags`);
    expect(res.status).toBe(403);
    expect(res.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(res.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000);
    expect((await res.json()).message).toMatch(/rate limit exceeded/);
    expect((await fetch(`${upstream.url}/repos/mybb/mybb/tags`)).status).toBe(200);
  });
});

describe('the recorded web endpoints', () => {
  it('serves a page under /<host>/<path> with validators and answers If-Modified-Since with 304', async () => {
    const res = await fetch(`${upstream.url}/www.debian.org/releases/`);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const lastModified = res.headers.get('last-modified')!;
    expect((await fetch(`${upstream.url}/www.debian.org/releases/`, { headers: { 'if-modified-since': lastModified } })).status).toBe(304);
  });

  it('matches the query string exactly', async () => {
    expect((await fetch(`${upstream.url}/www.php.net/releases/index.php?json&max=-1&version=8`)).status).toBe(200);
    expect((await fetch(`${upstream.url}/www.php.net/releases/index.php?json`)).status).toBe(404);
  });
});
