// GET /support.ics read back the way a calendar app reads it: parsed by ical.js, never matched as text.
import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseKinds } from './helpers/test-database.ts';
import type { TestApp } from './helpers/test-app.ts';
import { hostile, seedSupport, startSupportWorld } from './browser/seed.ts';

interface ReadEvent {
  uid: string;
  summary: string;
  /** All-day: the start as `YYYY-MM-DD`. */
  start: string;
  end: string;
  allDay: boolean;
  description: string;
  url: string | null;
}

interface ReadCalendar {
  name: string;
  prodId: string;
  events: ReadEvent[];
}

function readCalendar(text: string): ReadCalendar {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const day = (time: ICAL.Time) => `${String(time.year).padStart(4, '0')}-${String(time.month).padStart(2, '0')}-${String(time.day).padStart(2, '0')}`;
  return {
    name: String(calendar.getFirstPropertyValue('x-wr-calname')),
    prodId: String(calendar.getFirstPropertyValue('prodid')),
    events: calendar.getAllSubcomponents('vevent').map((component) => {
      const event = new ICAL.Event(component);
      expect(component.getFirstPropertyValue('dtstamp'), event.uid).toBeTruthy();
      return {
        uid: event.uid,
        summary: event.summary,
        start: day(event.startDate),
        end: day(event.endDate),
        allDay: event.startDate.isDate && event.endDate.isDate,
        description: event.description,
        url: (component.getFirstPropertyValue('url') as string | null) ?? null,
      };
    }),
  };
}

describe.each(databaseKinds)('the support calendar on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startSupportWorld(kind);
  });
  afterAll(async () => {
    await t?.close();
  });

  async function calendar(path: string): Promise<ReadCalendar> {
    const res = await t.request(path);
    expect(res.status, path).toBe(200);
    expect(res.headers.get('content-type'), path).toBe('text/calendar; charset=utf-8');
    return readCalendar(await res.text());
  }

  it('has one all-day event per known end of support, per app and series, each with a stable UID', async () => {
    const cal = await calendar('/support.ics');
    expect(cal.name).toBe('vetted: end of support');
    expect(cal.prodId).toBe('-//vetted//support-calendar//EN');
    // Catalogue order (Nextcloud, …, PHP, Debian, MariaDB), newest series first, the earlier end first.
    expect(cal.events.map((event) => [event.uid, event.summary, event.start, event.end])).toEqual([
      ['support/nextcloud/30/security@vetted', 'Nextcloud 30: end of security support', '2026-10-01', '2026-10-02'],
      ['support/php/8.3/active@vetted', 'PHP 8.3: end of active support', '2025-12-31', '2026-01-01'],
      ['support/php/8.3/security@vetted', 'PHP 8.3: end of security support', '2027-12-31', '2028-01-01'],
      ['support/php/8.2/active@vetted', 'PHP 8.2: end of active support', '2024-12-31', '2025-01-01'],
      ['support/php/8.2/security@vetted', 'PHP 8.2: end of security support', '2026-12-31', '2027-01-01'],
      ['support/debian/13/active@vetted', 'Debian 13: end of active support', '2028-08-09', '2028-08-10'],
      ['support/debian/13/security@vetted', 'Debian 13: end of security support', '2030-06-30', '2030-07-01'],
      ['support/debian/12/active@vetted', 'Debian 12: end of active support', '2026-07-11', '2026-07-12'],
      ['support/debian/12/security@vetted', 'Debian 12: end of security support', '2028-06-30', '2028-07-01'],
      ['support/mariadb/10.11/security@vetted', 'MariaDB 10.11: end of security support', '2028-02-16', '2028-02-17'],
    ]);
    expect(cal.events.every((event) => event.allDay)).toBe(true);
  });

  it('describes each event with the dates and where they come from', async () => {
    const { events } = await calendar('/support.ics');
    const php = events.find((event) => event.uid === 'support/php/8.2/security@vetted')!;
    expect(php.description).toBe([
      '31 Dec 2026 is the last day of security support of PHP 8.2: after it, upstream fixes no vulnerabilities in it.',
      'PHP 8.2: released 8 Dec 2022; active support until 31 Dec 2024; security support until 31 Dec 2026.',
      'Source: https://www.php.net/supported-versions.php.',
    ].join('\n'));
    expect(php.url).toBe(`${t.baseUrl}/apps/php#support-8.2`);
    const debian = events.find((event) => event.uid === 'support/debian/12/active@vetted')!;
    expect(debian.description).toBe([
      '11 Jul 2026 is the last day of active support of Debian 12: after it, upstream fixes only vulnerabilities.',
      'Debian 12: released 10 Jun 2023; active support until 11 Jul 2026; security support until 30 Jun 2028.',
      'Source: vetted’s catalogue.',
    ].join('\n'));
    const mariadb = events.find((event) => event.uid === 'support/mariadb/10.11/security@vetted')!;
    // An admin's note is text in the calendar, as written.
    expect(mariadb.description).toBe([
      '16 Feb 2028 is the last day of security support of MariaDB 10.11: after it, upstream fixes no vulnerabilities in it.',
      'MariaDB 10.11: security support until 16 Feb 2028; long-term support.',
      'Source: an admin (test-admin).',
      `Note: long-term series ${hostile}`,
    ].join('\n'));
  });

  it('?stack= keeps the series that stack runs; /apps/{app}/support.ics one app', async () => {
    const bookworm = await calendar('/support.ics?stack=bookworm');
    expect(bookworm.name).toBe('vetted: end of support on Debian 12 · PHP 8.2 · MariaDB 10.11');
    expect(bookworm.events.map((event) => event.uid)).toEqual([
      'support/php/8.2/active@vetted',
      'support/php/8.2/security@vetted',
      'support/debian/12/active@vetted',
      'support/debian/12/security@vetted',
      'support/mariadb/10.11/security@vetted',
    ]);
    const trixie = await calendar('/support.ics?stack=trixie');
    expect(trixie.events.map((event) => event.uid)).toEqual(['support/debian/13/active@vetted', 'support/debian/13/security@vetted']);
    expect(trixie.events[0]!.url).toBe(`${t.baseUrl}/stacks/trixie/apps/debian#support-13`);
    const php = await calendar('/apps/php/support.ics');
    expect(php.name).toBe('PHP: end of support');
    expect(php.events.map((event) => event.summary)).toEqual(['PHP 8.3: end of active support', 'PHP 8.3: end of security support', 'PHP 8.2: end of active support', 'PHP 8.2: end of security support']);
    const phpOnTrixie = await calendar('/apps/php/support.ics?stack=trixie');
    expect(phpOnTrixie.events).toEqual([]);
    const roundpin = await calendar('/apps/roundpin/support.ics');
    expect(roundpin.events).toEqual([]);
  });

  it('makes one event of an end of active and security support on the same day', async () => {
    await seedSupport(t, [{ app: 'matomo', series: '5', origin: 'upstream', activeSupportEnd: '2027-03-01', securitySupportEnd: '2027-03-01', source: 'https://matomo.org/faq/' }]);
    const { events } = await calendar('/apps/matomo/support.ics');
    expect(events.map((event) => [event.uid, event.summary, event.start])).toEqual([['support/matomo/5/support@vetted', 'Matomo 5: end of active and security support', '2027-03-01']]);
  });

  it('answers conditional requests with 304 like the feeds, and a new ETag when the dates change', async () => {
    // fetch adds `Cache-Control: no-cache` to a conditional request; calendar apps send none.
    const conditional = (headers: Record<string, string>) => ({ headers: { ...headers, 'cache-control': 'max-age=0' } });
    const first = await t.request('/support.ics');
    const etag = first.headers.get('etag')!;
    const lastModified = first.headers.get('last-modified')!;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(first.headers.get('cache-control')).toBe('public, max-age=60, stale-while-revalidate=300, stale-if-error=86400');
    expect((await t.request('/support.ics', conditional({ 'if-none-match': etag }))).status).toBe(304);
    expect((await t.request('/support.ics', conditional({ 'if-modified-since': lastModified }))).status).toBe(304);
    for (const path of ['/support.ics?stack=bookworm', '/apps/php/support.ics']) {
      const res = await t.request(path);
      expect((await t.request(path, conditional({ 'if-none-match': res.headers.get('etag')! }))).status, path).toBe(304);
    }
    await seedSupport(t, [{ app: 'php', series: '8.4', origin: 'upstream', securitySupportEnd: '2028-12-31', source: 'https://www.php.net/supported-versions.php' }]);
    const after = await t.request('/support.ics', conditional({ 'if-none-match': etag }));
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    expect(readCalendar(await after.text()).events.some((event) => event.uid === 'support/php/8.4/security@vetted')).toBe(true);
  });

  it('answers an unknown app or stack with an HTML 404 page, and is in the OpenAPI document', async () => {
    for (const [path, text] of [['/apps/nope/support.ics', 'no app called “nope”'], ['/support.ics?stack=sid', 'no stack called “sid”'], ['/apps/php/support.ics?stack=sid', 'no stack called “sid”']] as const) {
      const res = await t.request(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type'), path).toMatch(/^text\/html/);
      expect(await res.text(), path).toContain(text);
    }
    const document = (await (await t.request('/api/v1/openapi.json')).json()) as { paths: Record<string, Record<string, any>> };
    for (const path of ['/support.ics', '/apps/{app}/support.ics']) {
      expect(Object.keys(document.paths[path]!.get.responses['200'].content), path).toEqual(['text/calendar']);
    }
  });
});
