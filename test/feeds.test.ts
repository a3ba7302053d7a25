import Parser from 'rss-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchSources } from '../server/db/schema.ts';
import { bumpChangeSeq } from '../server/db/change-seq.ts';
import { ConfigError, parseEnv } from '../server/env.ts';
import { JsonFeed } from '../server/feeds/json-feed.ts';
import { databaseKinds } from './helpers/test-database.ts';
import { startTestApp, type TestApp } from './helpers/test-app.ts';
import { bookwormName, catalogWithSupport, debianSupport, hostile, php83Name, recordRun, seedOneMoreFailure, seedPhpReport, seedRegistry, seedSupport, supportRows, trixieName, type Seeded } from './browser/seed.ts';

interface ItemFields {
  'content:encoded': string;
  'content:encodedSnippet': string;
  /** Atom's entry id. */
  id: string;
}

const parser = new Parser<Record<string, unknown>, ItemFields>({ customFields: { item: ['content:encoded'] } });

/** Atom titles are HTML (type="html"); read as text they are what RSS and JSON Feed carry. */
function htmlText(value: string | undefined): string | undefined {
  return value?.replace(/&(lt|gt|quot|#39|amp);/g, (_, name: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[name]!);
}

const on = ` on ${bookwormName}`;

describe.each(databaseKinds)('feeds of confirmed releases on %s', (kind) => {
  let t: TestApp;
  let seeded: Seeded;
  beforeAll(async () => {
    t = await startTestApp(kind);
    seeded = await seedRegistry(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  // fetch adds `Cache-Control: no-cache` to a conditional request (an end-to-end reload), which
  // must not get a 304; feed readers and curl send none.
  function conditional(headers: Record<string, string>): Record<string, string> {
    return { ...headers, 'cache-control': 'max-age=0' };
  }

  async function text(path: string, init: RequestInit = {}): Promise<{ res: Response; body: string }> {
    const res = await t.request(path, init);
    return { res, body: await res.text() };
  }

  const withdrawnTitle = `Nextcloud 30.0.1 no longer confirmed${on}: withdrawn (breaks calendars ${hostile})`;

  it('RSS: one item per event on each stack, newest first, each naming its stack', async () => {
    const { res, body } = await text('/feed.xml');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/rss+xml; charset=utf-8');
    const feed = await parser.parseString(body);
    expect(feed.title).toBe('Releases confirmed working · vetted');
    expect(feed.link).toBe(`${t.baseUrl}/`);
    // Nothing counts on trixie (PHP 8.4): every run tested PHP 8.2 or 8.3.
    expect(feed.items.map((item) => item.title)).toEqual([
      withdrawnTitle,
      `Nextcloud 30.0.2 confirmed working${on}`,
      `WordPress 6.7.0 confirmed working${on}`,
      `Nextcloud 30.0.1 confirmed working${on}`,
      `Nextcloud 29.0.9 confirmed working${on}`,
      `Roundcube 1.6.9 confirmed working${on}`,
    ]);
    const confirmed = feed.items[1]!;
    expect(confirmed.guid).toBe(`tag:vetted,2026:stack/bookworm/nextcloud/30.0.2/confirmed/run-${seeded.runs.nc3002pass}`);
    // The first passing run (20 Nov), not the later one (22 Nov).
    expect(confirmed.isoDate).toBe('2026-11-20T10:30:00.000Z');
    expect(confirmed.link).toBe(`${t.baseUrl}/apps/nextcloud#v30.0.2`);
    expect(confirmed.contentSnippet).toContain('with PHP 8.2.26, Debian 12.8 and MariaDB 10.11.6');
  });

  it('leaves out untested, broken-only and prerelease versions and the platform, and tells when a confirmed release is withdrawn', async () => {
    const feed = await parser.parseString((await text('/feed.xml')).body);
    const guids = feed.items.map((item) => item.guid!);
    for (const left of ['/nextcloud/30.0.3/', '/roundcube/1.6.10/', '31.0.0', '/php/', 'stack/trixie/']) expect(guids.some((guid) => guid.includes(left)), left).toBe(false);
    const confirmed = feed.items.find((item) => item.guid === `tag:vetted,2026:stack/bookworm/nextcloud/30.0.1/confirmed/run-${seeded.runs.nc3001pass}`);
    expect(confirmed?.isoDate).toBe('2026-10-16T12:00:00.000Z');
    const withdrawn = feed.items.find((item) => item.title === withdrawnTitle)!;
    expect(withdrawn.guid).toMatch(/^tag:vetted,2026:stack\/bookworm\/nextcloud\/30\.0\.1\/withdrawn\/\d{4}-\d\d-\d\dT[\d:.]+Z$/);
    expect(withdrawn['content:encodedSnippet']).toMatch(new RegExp(`^An admin withdrew Nextcloud 30\\.0\\.1 on .*: breaks calendars ${hostile.replace(/[()]/g, '\\$&')}\\.`));
    expect(Date.parse(withdrawn.isoDate!)).toBeGreaterThan(Date.parse(confirmed!.isoDate!));
  });

  it('escapes hostile tester notes and admin reasons in the items', async () => {
    const feed = await parser.parseString((await text('/feed.xml')).body);
    const item = feed.items.find((i) => i.title === `Nextcloud 30.0.2 confirmed working${on}`)!;
    const html = item['content:encoded'] as string;
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain(hostile);
    // Read as text, the notes are exactly what the tester wrote.
    expect(item['content:encodedSnippet']).toContain(hostile);
    const withdrawn = feed.items.find((i) => i.title === withdrawnTitle)!;
    expect(withdrawn['content:encoded']).not.toContain(hostile);
  });

  it('Atom carries the same entries with stable ids, times and links', async () => {
    const { res, body } = await text('/feed.atom');
    expect(res.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
    const feed = await parser.parseString(body);
    const rss = await parser.parseString((await text('/feed.xml')).body);
    expect(feed.items.map((item) => htmlText(item.title))).toEqual(rss.items.map((item) => item.title));
    expect(feed.items.map((item) => item.id)).toEqual(rss.items.map((item) => item.guid));
    // RSS dates carry whole seconds; a withdrawal's time has milliseconds.
    const seconds = (iso: string | undefined) => iso?.replace(/\.\d{3}Z$/, '.000Z');
    expect(feed.items.map((item) => seconds(item.isoDate))).toEqual(rss.items.map((item) => item.isoDate));
    expect(feed.items[1]!.link).toBe(`${t.baseUrl}/apps/nextcloud#v30.0.2`);
    // RFC 4287: a feed whose entries name no author names one itself.
    expect(body).toMatch(/<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom">[\s\S]*<author>\s*<name>vetted<\/name>/);
  });

  it('JSON Feed is valid 1.1 with the same items', async () => {
    const { res, body } = await text('/feed.json');
    expect(res.headers.get('content-type')).toBe('application/feed+json; charset=utf-8');
    const feed = JsonFeed.parse(JSON.parse(body));
    expect(feed.feed_url).toBe(`${t.baseUrl}/feed.json`);
    expect(feed.authors).toEqual([{ name: 'vetted', url: `${t.baseUrl}/` }]);
    const rss = await parser.parseString((await text('/feed.xml')).body);
    expect(feed.items.map((item) => item.id)).toEqual(rss.items.map((item) => item.guid));
    expect(feed.items.map((item) => item.title)).toEqual(rss.items.map((item) => item.title));
    expect(feed.items[1]).toMatchObject({
      id: `tag:vetted,2026:stack/bookworm/nextcloud/30.0.2/confirmed/run-${seeded.runs.nc3002pass}`,
      title: `Nextcloud 30.0.2 confirmed working${on}`,
      url: `${t.baseUrl}/apps/nextcloud#v30.0.2`,
      date_published: '2026-11-20T10:30:00.000Z',
    });
    expect(feed.items[1]!.summary).toBe(`Nextcloud 30.0.2 passed on 20 Nov 2026, 10:30 UTC with PHP 8.2.26, Debian 12.8 and MariaDB 10.11.6 (run ${seeded.runs.nc3002pass}): confirmed working${on}.`);
  });

  it('per-app feeds hold only that app, in every format', async () => {
    const rss = await parser.parseString((await text('/apps/nextcloud/feed.xml')).body);
    expect(rss.items.map((item) => item.title)).toEqual([
      withdrawnTitle,
      `Nextcloud 30.0.2 confirmed working${on}`,
      `Nextcloud 30.0.1 confirmed working${on}`,
      `Nextcloud 29.0.9 confirmed working${on}`,
    ]);
    expect(rss.link).toBe(`${t.baseUrl}/apps/nextcloud`);
    const atom = await parser.parseString((await text('/apps/roundcube/feed.atom')).body);
    expect(atom.items.map((item) => item.title)).toEqual([`Roundcube 1.6.9 confirmed working${on}`]);
    const json = JsonFeed.parse(JSON.parse((await text('/apps/php/feed.json')).body));
    // A platform release is judged with the stack's other components (its own series plays no part,
    // docs/api.md): the Roundcube run with PHP 8.2.26 alone counts on both stacks.
    expect(json.items.map((item) => item.title)).toEqual([`PHP 8.2.26 confirmed working${on}`, `PHP 8.2.26 confirmed working on ${trixieName}`]);
    const roundpin = JsonFeed.parse(JSON.parse((await text('/apps/roundpin/feed.json')).body));
    expect(roundpin.items).toEqual([]);
  });

  it('per-stack feeds hold only that stack: /stacks/{id}/feed.* and ?stack=', async () => {
    const trixie = JsonFeed.parse(JSON.parse((await text('/stacks/trixie/feed.json')).body));
    expect(trixie).toMatchObject({ title: `Releases confirmed working on ${trixieName} · vetted`, home_page_url: `${t.baseUrl}/stacks/trixie`, feed_url: `${t.baseUrl}/stacks/trixie/feed.json`, items: [] });
    const bookworm = await parser.parseString((await text('/stacks/bookworm/feed.xml')).body);
    const all = await parser.parseString((await text('/feed.xml')).body);
    expect(bookworm.items.map((item) => item.guid)).toEqual(all.items.map((item) => item.guid));
    expect(bookworm.link).toBe(`${t.baseUrl}/`);
    const query = await parser.parseString((await text('/feed.atom?stack=bookworm')).body);
    expect(query.items.map((item) => item.id)).toEqual(all.items.map((item) => item.guid));
    const app = JsonFeed.parse(JSON.parse((await text('/apps/nextcloud/feed.json?stack=trixie')).body));
    expect(app).toMatchObject({ home_page_url: `${t.baseUrl}/stacks/trixie/apps/nextcloud`, feed_url: `${t.baseUrl}/apps/nextcloud/feed.json?stack=trixie`, items: [] });
    for (const path of ['/stacks/sid/feed.xml', '/feed.json?stack=sid', '/apps/nextcloud/feed.atom?stack=sid']) {
      const { res, body } = await text(path);
      expect(res.status, path).toBe(404);
      expect(body, path).toContain('no stack called “sid”');
    }
  });

  it('answers an unknown app’s feed with a 404 page', async () => {
    const { res, body } = await text('/apps/nope/feed.xml');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(body).toContain('no app called “nope”');
  });

  it('answers conditional requests with 304, and changes its validators when a release is confirmed', async () => {
    const first = await t.request('/feed.xml');
    const etag = first.headers.get('etag')!;
    const lastModified = first.headers.get('last-modified')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers.get('cache-control')).toBe('public, max-age=60, stale-while-revalidate=300, stale-if-error=86400');
    expect((await t.request('/feed.xml', { headers: conditional({ 'if-none-match': etag }) })).status).toBe(304);
    expect((await t.request('/feed.xml', { headers: conditional({ 'if-modified-since': lastModified }) })).status).toBe(304);
    for (const path of ['/feed.atom', '/feed.json', '/apps/nextcloud/feed.xml', '/apps/nextcloud/feed.atom', '/apps/nextcloud/feed.json', '/stacks/trixie/feed.xml', '/apps/nextcloud/feed.xml?stack=trixie', '/', '/stacks/trixie', '/apps/nextcloud', '/stacks/trixie/apps/nextcloud', '/api/docs']) {
      const res = await t.request(path);
      expect((await t.request(path, { headers: conditional({ 'if-none-match': res.headers.get('etag')! }) })).status, path).toBe(304);
    }

    // A watch poll that finds nothing new changes only the watch health the page shows.
    const page = await t.request('/');
    await t.deps.database.db.insert(watchSources).values({ appId: 'nextcloud', sourceKey: '0:github-tags', lastAttemptAt: new Date('2026-11-24T07:00:00Z'), lastSuccessAt: new Date('2026-11-24T07:00:00Z') });
    // As the watch run does with the health it records.
    await bumpChangeSeq(t.deps.database.db);
    await t.deps.registry.sync();
    expect((await t.request('/', { headers: conditional({ 'if-none-match': page.headers.get('etag')! }) })).status).toBe(200);

    await recordRun(t, { components: { nextcloud: '30.0.3', php: '8.2.26' }, verdict: 'pass', testedAt: '2026-11-24T08:00:00Z' });
    const after = await t.request('/feed.xml', { headers: conditional({ 'if-none-match': etag }) });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    const feed = await parser.parseString(await after.text());
    expect(feed.items.find((item) => item.title === `Nextcloud 30.0.3 confirmed working${on}`)?.isoDate).toBe('2026-11-24T08:00:00.000Z');
  });

  it('builds absolute links from X-Forwarded-Proto and Host behind a trusted proxy', async () => {
    const feed = await parser.parseString((await text('/feed.xml', { headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'vetted.example.org' } })).body);
    expect(feed.link).toBe('https://vetted.example.org/');
    expect(feed.items[0]!.link).toMatch(/^https:\/\/vetted\.example\.org\/apps\/nextcloud#v30\.0\.\d$/);
  });

  it('documents the pages and feeds in the OpenAPI document', async () => {
    const document = (await (await t.request('/api/v1/openapi.json')).json()) as { paths: Record<string, Record<string, any>> };
    for (const path of ['/', '/stacks/{stack}', '/apps/{app}', '/stacks/{stack}/apps/{app}', '/feed.xml', '/feed.atom', '/feed.json', '/stacks/{stack}/feed.xml', '/stacks/{stack}/feed.atom', '/stacks/{stack}/feed.json', '/apps/{app}/feed.xml', '/apps/{app}/feed.atom', '/apps/{app}/feed.json', '/api/docs']) {
      expect(document.paths[path]?.get, path).toBeDefined();
    }
    expect(Object.keys(document.paths['/feed.xml']!.get.responses['200'].content)).toEqual(['application/rss+xml']);
    expect(Object.keys(document.paths['/apps/{app}']!.get.responses['404'].content)).toEqual(['text/html']);
    expect(document.paths['/feed.json']!.get.responses['200'].content['application/feed+json'].schema.properties.version.const).toBe('https://jsonfeed.org/version/1.1');
  });

  it('stays well-formed when notes hold characters XML forbids and CDATA terminators', async () => {
    await t.request('/api/v1/apps/wordpress/releases', { method: 'POST', token: t.adminToken, json: { version: '6.7.1' } });
    await recordRun(t, { components: { wordpress: '6.7.1' }, verdict: 'pass', testedAt: '2026-11-14T08:00:00Z', notes: 'bell \u0007 and ]]> and <![CDATA[ x' });
    for (const path of ['/feed.xml', '/feed.atom']) {
      const feed = await parser.parseString((await text(path)).body);
      const item = feed.items.find((i) => i.title === `WordPress 6.7.1 confirmed working${on}`);
      expect(item, path).toBeDefined();
    }
    const rss = await parser.parseString((await text('/feed.xml')).body);
    expect(rss.items.find((i) => i.title === `WordPress 6.7.1 confirmed working${on}`)!['content:encodedSnippet']).toContain('bell  and ]]> and <![CDATA[ x');
    const json = JsonFeed.parse(JSON.parse((await text('/feed.json')).body));
    expect(json.items.some((item) => item.title === `WordPress 6.7.1 confirmed working${on}`)).toBe(true);
  });
});

describe.each(databaseKinds)('issue 12, the PHP 8.2 report, in the feeds on %s', (kind) => {
  let t: TestApp;
  let seeded: Seeded;
  beforeAll(async () => {
    t = await startTestApp(kind);
    seeded = await seedPhpReport(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  interface Read {
    title: string;
    id: string;
    date: string;
    text: string;
  }

  /** The items as a reader sees them: RSS and Atom through rss-parser, JSON Feed validated against the 1.1 structure. */
  async function read(path: string): Promise<Read[]> {
    const res = await t.request(path);
    expect(res.status, path).toBe(200);
    const body = await res.text();
    if (path.includes('.json')) {
      return JsonFeed.parse(JSON.parse(body)).items.map((item) => ({ title: item.title ?? '', id: item.id, date: item.date_published ?? '', text: item.content_html ?? '' }));
    }
    const feed = await parser.parseString(body);
    return feed.items.map((item) => ({ title: item.title ?? '', id: (path.includes('.atom') ? item.id : item.guid) ?? '', date: item.isoDate ?? '', text: item['content:encodedSnippet'] ?? item.contentSnippet ?? '' }));
  }

  it('symptom: no feed says Nextcloud 34.0.3 is confirmed working on a PHP 8.2 stack, where it failed with PHP 8.2', async () => {
    for (const path of ['/feed.xml', '/feed.atom', '/feed.json', '/stacks/bookworm/feed.xml', '/stacks/bookworm/feed.atom', '/stacks/bookworm/feed.json', '/apps/nextcloud/feed.xml?stack=bookworm', '/feed.json?stack=bookworm']) {
      const items = await read(path);
      expect(items.filter((item) => /^Nextcloud 34\.0\.3 confirmed working/.test(item.title)), path).toEqual([]);
      const confirmed = items.find((item) => item.title === `Nextcloud 33.0.8 confirmed working on ${bookwormName}`);
      expect(confirmed, path).toBeDefined();
      expect(confirmed!.text, path).toContain('PHP 8.2.33, Debian 12.11 and MariaDB 10.11.14');
      expect(confirmed!.date, path).toBe('2026-02-01T00:00:00.000Z');
    }
  });

  it('symptom: after one more failure each stack’s feed tells its own truth, every item naming its stack', async () => {
    await seedOneMoreFailure(t);
    const php83 = await read('/stacks/php83/feed.atom');
    expect(php83.map((item) => item.title)).toContain(`Nextcloud 34.0.3 confirmed working on ${php83Name}`);
    expect(php83.find((item) => item.title.startsWith('Nextcloud 34.0.3'))!.text).toContain('PHP 8.3.30');
    for (const path of ['/feed.xml', '/feed.json', '/stacks/bookworm/feed.xml']) {
      const items = await read(path);
      expect(items.some((item) => item.title === `Nextcloud 34.0.3 confirmed working on ${bookwormName}`), path).toBe(false);
      for (const item of items) expect(item.title, path).toMatch(new RegExp(` on (${bookwormName}|${php83Name})`));
    }
    const all = await read('/feed.xml');
    // 33.0.8 passed only with PHP 8.2: nothing about it on the PHP 8.3 stack.
    expect(all.map((item) => [item.title, item.date])).toEqual([
      [`Nextcloud 34.0.3 confirmed working on ${php83Name}`, '2026-03-02T00:00:00.000Z'],
      [`Nextcloud 33.0.8 confirmed working on ${bookwormName}`, '2026-02-01T00:00:00.000Z'],
    ]);
    expect(all[0]!.id).toBe(`tag:vetted,2026:stack/php83/nextcloud/34.0.3/confirmed/run-${seeded.runs.nc3403pass83}`);
    expect(all[1]!.id).toBe(`tag:vetted,2026:stack/bookworm/nextcloud/33.0.8/confirmed/run-${seeded.runs.nc3308pass}`);
  });
  it('tells a reader who acted on a confirmation when it no longer holds, and when it holds again', async () => {
    const platform = { php: '8.2.33', debian: '12.11', mariadb: '10.11.14' };
    const failed = await recordRun(t, { components: { nextcloud: '33.0.8', ...platform }, verdict: 'fail', failed: ['nextcloud'], testedAt: '2026-03-04T00:00:00Z', notes: 'calendar sync breaks' });
    const again = await recordRun(t, { components: { nextcloud: '33.0.8', ...platform }, verdict: 'pass', testedAt: '2026-03-05T00:00:00Z' });
    const constraint = await t.request('/api/v1/constraints', { method: 'POST', token: t.adminToken, json: { app: 'nextcloud', range: '>=33', requires: { app: 'php', range: '>=8.3' }, reason: 'Nextcloud 33 needs PHP 8.3 or newer' } });
    expect(constraint.status).toBe(201);
    for (const path of ['/stacks/bookworm/feed.xml', '/stacks/bookworm/feed.atom', '/apps/nextcloud/feed.json?stack=bookworm']) {
      const items = await read(path);
      expect(items.map((item) => htmlText(item.title)), path).toEqual([
        `Nextcloud 33.0.8 no longer confirmed on ${bookwormName}: blocked (Nextcloud 33 needs PHP 8.3 or newer)`,
        `Nextcloud 33.0.8 confirmed working again on ${bookwormName}`,
        `Nextcloud 33.0.8 no longer confirmed on ${bookwormName}: failed with PHP 8.2, Debian 12 and MariaDB 10.11 (run ${failed})`,
        `Nextcloud 33.0.8 confirmed working on ${bookwormName}`,
      ]);
      expect(items[2]!.text, path).toContain(`failed on 4 Mar 2026, 00:00 UTC with PHP 8.2.33, Debian 12.11 and MariaDB 10.11.14 (run ${failed}), blamed on Nextcloud`);
      expect(items[2]!.text, path).toContain('calendar sync breaks');
      expect(items.map((item) => item.id), path).toEqual([
        expect.stringMatching(/^tag:vetted,2026:stack\/bookworm\/nextcloud\/33\.0\.8\/blocked\/\d{4}-/),
        `tag:vetted,2026:stack/bookworm/nextcloud/33.0.8/reconfirmed/run-${again}`,
        `tag:vetted,2026:stack/bookworm/nextcloud/33.0.8/broken/run-${failed}`,
        `tag:vetted,2026:stack/bookworm/nextcloud/33.0.8/confirmed/run-${seeded.runs.nc3308pass}`,
      ]);
    }
    // The newest item about a release agrees with its status on the stack.
    const release = (await (await t.request('/api/v1/apps/nextcloud/releases/33.0.8?stack=bookworm')).json()) as { status: string };
    expect(release.status).toBe('blocked');
  });
});

describe.each(databaseKinds)('feed items about the end of security support on %s', (kind) => {
  let t: TestApp;
  // The day the feeds are read on; the tests move it.
  let now = new Date('2026-11-30T12:00:00Z');
  beforeAll(async () => {
    const catalog = await catalogWithSupport({ debian: debianSupport });
    t = await startTestApp(kind, { catalog, clock: { now: () => now } });
    await seedRegistry(t);
    // PHP 8.2's security support ends 31 Dec 2026 (php.net); an admin ended MariaDB 10.11's on 15 Nov 2026.
    await seedSupport(t, [...supportRows.filter((row) => row.app !== 'mariadb'), { app: 'mariadb', series: '10.11', origin: 'admin', securitySupportEnd: '2026-11-15', source: 'test-admin', note: hostile }]);
  });
  afterAll(async () => {
    await t?.close();
  });

  const phpSoon = `PHP 8.2 security support ends 31 Dec 2026 (${bookwormName})`;
  const phpEnded = `PHP 8.2 security support ended 31 Dec 2026 (${bookwormName})`;
  const mariadbSoon = `MariaDB 10.11 security support ends 15 Nov 2026 (${bookwormName})`;
  const mariadbEnded = `MariaDB 10.11 security support ended 15 Nov 2026 (${bookwormName})`;

  async function rss(path: string): Promise<Parser.Output<ItemFields>> {
    const res = await t.request(path);
    expect(res.status, path).toBe(200);
    return parser.parseString(await res.text());
  }

  it('an item 30 days before the end and one the day after, each once its day has come, interleaved by date', async () => {
    // 30 Nov: PHP 8.2's item is due tomorrow; MariaDB 10.11's two are out.
    const before = await rss('/feed.xml');
    expect(before.items.map((item) => [item.title, item.isoDate])).toEqual([
      [`Nextcloud 30.0.1 no longer confirmed on ${bookwormName}: withdrawn (breaks calendars ${hostile})`, '2026-11-30T12:00:00.000Z'],
      [`Nextcloud 30.0.2 confirmed working on ${bookwormName}`, '2026-11-20T10:30:00.000Z'],
      [mariadbEnded, '2026-11-16T00:00:00.000Z'],
      [`WordPress 6.7.0 confirmed working on ${bookwormName}`, '2026-11-13T08:00:00.000Z'],
      [`Nextcloud 30.0.1 confirmed working on ${bookwormName}`, '2026-10-16T12:00:00.000Z'],
      [mariadbSoon, '2026-10-16T00:00:00.000Z'],
      [`Nextcloud 29.0.9 confirmed working on ${bookwormName}`, '2026-10-05T12:00:00.000Z'],
      [`Roundcube 1.6.9 confirmed working on ${bookwormName}`, '2026-09-12T08:00:00.000Z'],
    ]);
    now = new Date('2026-12-01T00:00:00Z');
    const due = await rss('/feed.xml');
    expect(due.items.map((item) => item.title).slice(0, 2)).toEqual([phpSoon, `Nextcloud 30.0.1 no longer confirmed on ${bookwormName}: withdrawn (breaks calendars ${hostile})`]);
    const item = due.items[0]!;
    expect(item.isoDate).toBe('2026-12-01T00:00:00.000Z');
    expect(item.guid).toBe('tag:vetted,2026:stack/bookworm/support/php/8.2/2026-12-31/ends-soon');
    expect(item.link).toBe(`${t.baseUrl}/apps/php#support-8.2`);
    expect(item['content:encodedSnippet']).toContain(`PHP 8.2 gets security fixes only until 31 Dec 2026; after that day upstream fixes no vulnerabilities in it. ${bookwormName} runs PHP 8.2: plan the move to a newer series.`);
    expect(item['content:encodedSnippet']).toContain('Dates from https://www.php.net/supported-versions.php.');
    // 1 Jan 2027, the day after the last day of security support.
    now = new Date('2027-01-01T08:00:00Z');
    const ended = await rss('/feed.xml');
    expect(ended.items.map((entry) => entry.title).slice(0, 2)).toEqual([phpEnded, phpSoon]);
    expect(ended.items[0]!.isoDate).toBe('2027-01-01T00:00:00.000Z');
    expect(ended.items[0]!.guid).toBe('tag:vetted,2026:stack/bookworm/support/php/8.2/2026-12-31/ended');
    expect(ended.items[0]!.contentSnippet).toContain('PHP 8.2 no longer gets security fixes: its security support ended 31 Dec 2026.');
  });

  it('Atom and JSON Feed carry the same items; per-app and per-stack feeds only their own', async () => {
    now = new Date('2027-01-01T08:00:00Z');
    const atom = await rss('/feed.atom');
    const all = await rss('/feed.xml');
    expect(atom.items.map((item) => htmlText(item.title))).toEqual(all.items.map((item) => item.title));
    expect(atom.items.map((item) => item.id)).toEqual(all.items.map((item) => item.guid));
    const json = JsonFeed.parse(await (await t.request('/feed.json')).json());
    expect(json.items.map((item) => item.id)).toEqual(all.items.map((item) => item.guid));
    expect(json.items.find((item) => item.id === 'tag:vetted,2026:stack/bookworm/support/mariadb/10.11/2026-11-15/ended')).toMatchObject({
      title: mariadbEnded,
      url: `${t.baseUrl}/apps/mariadb#support-10.11`,
      date_published: '2026-11-16T00:00:00.000Z',
      summary: `MariaDB 10.11 no longer gets security fixes: its security support ended 15 Nov 2026. ${bookwormName} runs MariaDB 10.11: plan the move to a newer series. Dates from an admin (test-admin).`,
    });
    const php = await rss('/apps/php/feed.xml');
    expect(php.items.map((item) => item.title)).toEqual([phpEnded, phpSoon, `PHP 8.2.26 confirmed working on ${bookwormName}`, `PHP 8.2.26 confirmed working on ${trixieName}`]);
    const mariadb = JsonFeed.parse(await (await t.request('/apps/mariadb/feed.json?stack=bookworm')).json());
    expect(mariadb.items.map((item) => item.title)).toEqual([mariadbEnded, mariadbSoon, `MariaDB 10.11.6 confirmed working on ${bookwormName}`]);
    const nextcloud = await rss('/apps/nextcloud/feed.xml');
    expect(nextcloud.items.filter((item) => item.guid!.includes('/support/'))).toEqual([]);
    // Trixie runs Debian 13, PHP 8.4 and MariaDB 11.8: none ends within 30 days.
    const trixie = await rss('/stacks/trixie/feed.xml');
    expect(trixie.items).toEqual([]);
  });

  it('a feed read the day before is stale the next morning, with no write in between', async () => {
    now = new Date('2026-11-30T23:00:00Z');
    const evening = await t.request('/apps/php/feed.xml');
    const etag = evening.headers.get('etag')!;
    const conditional = (headers: Record<string, string>) => ({ headers: { ...headers, 'cache-control': 'max-age=0' } });
    expect((await t.request('/apps/php/feed.xml', conditional({ 'if-none-match': etag }))).status).toBe(304);
    now = new Date('2026-12-01T06:00:00Z');
    const morning = await t.request('/apps/php/feed.xml', conditional({ 'if-none-match': etag }));
    expect(morning.status).toBe(200);
    expect(morning.headers.get('last-modified')).toBe('Tue, 01 Dec 2026 00:00:00 GMT');
    expect((await parser.parseString(await morning.text())).items[0]!.title).toBe(phpSoon);
    expect((await t.request('/apps/php/feed.xml', conditional({ 'if-modified-since': evening.headers.get('last-modified')! }))).status).toBe(200);
  });

  it('escapes what an admin wrote', async () => {
    now = new Date('2027-01-01T08:00:00Z');
    for (const path of ['/apps/mariadb/feed.xml', '/apps/mariadb/feed.atom']) {
      const body = await (await t.request(path)).text();
      expect(body, path).not.toContain(hostile);
      const item = (await parser.parseString(body)).items.find((entry) => htmlText(entry.title) === mariadbEnded)!;
      // Read as text, the note is exactly what the admin wrote.
      expect(item['content:encodedSnippet'] ?? item.contentSnippet, path).toContain(`The admin’s note: ${hostile}`);
    }
  });
});

describe('PUBLIC_URL', () => {
  it('is an optional http(s) URL, kept without its trailing slash', () => {
    expect(parseEnv({}).publicUrl).toBeNull();
    expect(parseEnv({ PUBLIC_URL: 'https://vetted.example.org/' }).publicUrl).toBe('https://vetted.example.org');
    expect(() => parseEnv({ PUBLIC_URL: 'ftp://vetted.example.org' })).toThrow(ConfigError);
    expect(() => parseEnv({ PUBLIC_URL: 'vetted.example.org' })).toThrow(/PUBLIC_URL: must be an http\(s\) URL/);
  });
});

describe('feeds with PUBLIC_URL', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('pglite', { customize: (deps) => ({ ...deps, config: { ...deps.config, publicUrl: 'https://registry.example.net' } }) });
    await seedRegistry(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('links to the configured address whatever the request says', async () => {
    const feed = JsonFeed.parse(await (await t.request('/apps/wordpress/feed.json')).json());
    expect(feed.home_page_url).toBe('https://registry.example.net/apps/wordpress');
    expect(feed.items[0]!.url).toBe('https://registry.example.net/apps/wordpress#v6.7.0');
  });
});

describe('addresses and Host headers that make no sense', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp('pglite');
  });
  afterAll(async () => {
    await t?.close();
  });

  it('never answers a malformed page address with a 5xx', async () => {
    for (const path of ['/apps/%E0%A4%A', '/apps/%00', `/apps/${'x'.repeat(5000)}`, '/apps/nextcloud?includePrereleases=maybe', '/apps/__proto__/feed.json', '/static/%2e%2e/package.json']) {
      const res = await t.request(path);
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.status, path).toBeLessThan(500);
      expect(res.headers.get('content-type'), path).toMatch(/^text\/html/);
      expect((await res.text()).length, path).toBeLessThan(10_000);
    }
  });

  it('is refused with 400 rather than written into a feed', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(t.baseUrl);
      const req = request({ host: url.hostname, port: url.port, path: '/feed.xml', headers: { host: 'bad<host>' } }, (res) => {
        res.resume();
        resolve(res.statusCode!);
      });
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(400);
  });
});
