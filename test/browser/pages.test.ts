// The pages as a person sees them, in Debian's Chromium: one browser for the whole file.
import { mkdir } from 'node:fs/promises';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { watchSources } from '../../server/db/schema.ts';
import { bumpChangeSeq } from '../../server/db/change-seq.ts';
import { databaseKinds } from '../helpers/test-database.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';
import { addRelease, bookwormName, hostile, markInsecure, php83Name, recordRun, seedHistory, seedOneMoreFailure, seedPhpReport, seedRegistry, startSupportWorld, trixieName, type Seeded } from './seed.ts';

const screenshots = new URL('../../test-results/', import.meta.url).pathname;

let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  await mkdir(screenshots, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
});

interface Watched {
  page: Page;
  context: BrowserContext;
  dialogs: string[];
  /** Requests to anything but the app under test (there must be none). */
  outside: string[];
}

async function open(t: TestApp, options: { javaScriptEnabled?: boolean; width?: number } = {}): Promise<Watched> {
  const context = await browser.newContext({ javaScriptEnabled: options.javaScriptEnabled ?? true, viewport: { width: options.width ?? 1200, height: 900 } });
  const page = await context.newPage();
  const dialogs: string[] = [];
  const outside: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('request', (request) => {
    if (!request.url().startsWith(t.baseUrl)) outside.push(request.url());
  });
  return { page, context, dialogs, outside };
}

describe.each(databaseKinds)('the public pages on %s', (kind) => {
  describe('on a fresh registry', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp(kind);
    });
    afterAll(async () => {
      await t?.close();
    });

    it('says there is nothing yet and how to fill it, and still lists every app', async () => {
      const { page, context } = await open(t);
      const res = await page.goto(`${t.baseUrl}/`);
      expect(res?.status()).toBe(200);
      await expect(page.title()).resolves.toBe('Tested versions · vetted');
      const notice = page.getByRole('region', { name: 'Nothing here yet' });
      await expect(notice.innerText()).resolves.toMatch(/npx vetted watch/);
      expect(await notice.innerText()).toMatch(/api\/v1\/runs/);
      expect(await notice.innerText()).toMatch(/token create --role tester/);
      // The catalogue's stacks: trixie, the default, and bookworm.
      const stacks = page.getByRole('navigation', { name: 'Stacks' });
      expect(await stacks.innerText()).toContain(`Judged on ${trixieName} (the default stack)`);
      expect(await stacks.getByRole('link', { name: bookwormName }).getAttribute('href')).toBe('/stacks/bookworm');
      const table = page.getByRole('table', { name: 'Newest confirmed and newest upstream version of every app' });
      const rows = table.locator('tr.status-row');
      expect(await rows.count()).toBe(18);
      const nextcloud = rows.filter({ hasText: 'Nextcloud' });
      expect(await nextcloud.innerText()).toMatch(/No releases known yet/);
      expect(await rows.filter({ hasText: 'Roundpin' }).innerText()).toMatch(/entered by hand/);
      await page.setViewportSize({ width: 390, height: 844 });
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await page.screenshot({ path: `${screenshots}home-empty-390-${kind}.png` });
      await context.close();
    });

    it('shows an empty app page that says where releases come from', async () => {
      const { page, context } = await open(t);
      await page.goto(`${t.baseUrl}/apps/roundpin`);
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Roundpin');
      expect(await page.locator('main').innerText()).toMatch(/No releases of Roundpin are known yet\. It has no public release feed/);
      await context.close();
    });

    it('with every stack removed, judges on any platform and tells an admin how to declare a stack', async () => {
      for (const id of ['trixie', 'bookworm']) expect((await t.request(`/api/v1/stacks/${id}`, { method: 'DELETE', token: t.adminToken })).status).toBe(200);
      const { page, context } = await open(t, { javaScriptEnabled: false });
      await page.goto(`${t.baseUrl}/`);
      expect(await page.getByRole('navigation', { name: 'Stacks' }).innerText()).toMatch(/Judged on any platform: no stack is declared/);
      expect(await page.getByRole('table', { name: /every app, on any platform/ }).count()).toBe(1);
      const notice = await page.getByRole('region', { name: 'No stack declared' }).innerText();
      expect(notice).toContain('vetted stack add bookworm --component debian=12 --component php=8.2 --component mariadb=10.11');
      expect(notice).toContain(`${t.baseUrl}/api/v1/stacks`);
      await page.goto(`${t.baseUrl}/apps/nextcloud`);
      expect(await page.getByRole('heading', { name: 'On any platform', exact: true }).count()).toBe(1);
      expect(await page.getByRole('heading', { level: 2, name: 'Releases on any platform' }).count()).toBe(1);
      expect((await page.goto(`${t.baseUrl}/stacks/trixie`))?.status()).toBe(404);
      await context.close();
    });
  });

  describe('with releases and runs', () => {
    let t: TestApp;
    let seeded: Seeded;
    beforeAll(async () => {
      t = await startTestApp(kind);
      seeded = await seedRegistry(t);
      await seedHistory(t);
    });
    afterAll(async () => {
      await t?.close();
    });

    it('shows each app’s confirmed and newest version on the default stack with a plain status and why', async () => {
      const { page, context, dialogs, outside } = await open(t);
      await page.goto(`${t.baseUrl}/`);
      expect(await page.getByRole('region', { name: 'Nothing here yet' }).count()).toBe(0);
      expect(await page.getByRole('region', { name: 'No stack declared' }).count()).toBe(0);
      const stacks = page.getByRole('navigation', { name: 'Stacks' });
      expect(await stacks.innerText()).toContain(`Judged on ${bookwormName} (the default stack)`);
      expect(await stacks.getByRole('link', { name: trixieName }).getAttribute('href')).toBe('/stacks/trixie');
      const row = (name: string) => page.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
      const nextcloud = await row('Nextcloud').innerText();
      expect(nextcloud).toMatch(/30\.0\.2\s+tested 22 Nov 2026/);
      expect(nextcloud).toMatch(/30\.0\.3\s+released 18 Nov 2026/);
      expect(nextcloud).toMatch(/Newer release not yet tested/);
      expect(nextcloud).toMatch(/30\.0\.3 not yet tested/);
      const roundcube = await row('Roundcube').innerText();
      expect(roundcube).toMatch(/1\.6\.9\s+tested 12 Sep 2026/);
      expect(roundcube).toMatch(/Newer release broken/);
      expect(roundcube).toContain(`1.6.10 failed with PHP 8.2 (run ${seeded.runs.rc1610fail}), blamed on Roundcube and PHP`);
      expect(await row('WordPress').innerText()).toMatch(/6\.7\.0[\s\S]*6\.7\.0[\s\S]*Up to date/);
      expect(await row('Asterisk').innerText()).toMatch(/none yet[\s\S]*none known[\s\S]*No releases known yet[\s\S]*Not checked yet/);
      expect(await row('PHP').innerText()).toMatch(/8\.3\.14/);
      expect(await row('Nextcloud').getByRole('link', { name: 'Nextcloud' }).getAttribute('href')).toBe('/apps/nextcloud');
      expect(dialogs).toEqual([]);
      expect(outside).toEqual([]);
      await context.close();
    });

    it('gives another stack a page of its own, judged by the rule on that stack', async () => {
      const { page, context } = await open(t);
      await page.goto(`${t.baseUrl}/stacks/trixie`);
      const stacks = page.getByRole('navigation', { name: 'Stacks' });
      expect(await stacks.innerText()).toContain(`Judged on ${trixieName}:`);
      expect(await stacks.getByRole('link', { name: bookwormName }).getAttribute('href')).toBe('/');
      const row = (name: string) => page.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
      // Every run tested PHP 8.2 or 8.3: nothing counts on PHP 8.4.
      const nextcloud = await row('Nextcloud').innerText();
      expect(nextcloud).toMatch(/none yet/);
      expect(nextcloud).toMatch(/Not yet tested/);
      expect(nextcloud).toContain('29.0.9 is blocked: Nextcloud 29 and older do not run on PHP 8.4');
      expect(await row('WordPress').innerText()).toMatch(/6\.7\.0 not yet tested on this stack: tested only with PHP 8\.2 and MariaDB 10\.11 \(run \d+\)/);
      expect(await page.getByRole('table', { name: /every app, on Debian 13/ }).innerText()).not.toMatch(/Up to date|30\.0\.2\s+tested/);
      expect(await row('Nextcloud').getByRole('link', { name: 'Nextcloud' }).getAttribute('href')).toBe('/stacks/trixie/apps/nextcloud');
      expect(await page.locator('link[rel="alternate"][href="/stacks/trixie/feed.xml"]').count()).toBe(1);
      const missing = await page.goto(`${t.baseUrl}/stacks/sid`);
      expect(missing?.status()).toBe(404);
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('No such stack');
      expect(await page.getByRole('link', { name: trixieName }).getAttribute('href')).toBe('/stacks/trixie');
      await context.close();
    });

    it('links to each app page, the feeds and the API docs', async () => {
      const { page, context } = await open(t);
      await page.goto(`${t.baseUrl}/`);
      const nav = page.getByRole('navigation', { name: 'Site' });
      for (const [name, href] of [['RSS', '/feed.xml'], ['Atom', '/feed.atom'], ['JSON Feed', '/feed.json'], ['API', '/api/docs']]) {
        expect(await nav.getByRole('link', { name, exact: true }).getAttribute('href')).toBe(href);
      }
      expect(await page.locator('link[rel="alternate"][type="application/rss+xml"]').first().getAttribute('href')).toBe('/feed.xml');
      await page.getByRole('link', { name: 'Nextcloud', exact: true }).click();
      await page.waitForURL(`${t.baseUrl}/apps/nextcloud`);
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Nextcloud');
      await page.goto(`${t.baseUrl}/api/docs`);
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('API documentation');
      await context.close();
    });

    it('answers first: where the app stands on each stack, why, and the constraints that involve it', async () => {
      const { page, context } = await open(t);
      await page.goto(`${t.baseUrl}/apps/nextcloud`);
      const here = page.getByRole('region', { name: `On ${bookwormName} (this page)`, exact: true });
      const answer = await here.innerText();
      expect(answer).toMatch(/Confirmed working\s+30\.0\.2, tested 22 Nov 2026 \(run \d+\)/);
      expect(answer).toMatch(/Newest release\s+30\.0\.3, released 18 Nov 2026/);
      expect(answer).toMatch(/Newer release not yet tested\s+30\.0\.3 not yet tested/);
      const trixie = page.getByRole('region', { name: `On ${trixieName}`, exact: true });
      expect(await trixie.innerText()).toMatch(/Confirmed working\s+none yet/);
      expect(await trixie.innerText()).toContain('29.0.9 is blocked: Nextcloud 29 and older do not run on PHP 8.4');
      expect(await trixie.getByRole('link', { name: trixieName }).getAttribute('href')).toBe('/stacks/trixie/apps/nextcloud');
      expect(await page.locator('#constraints + ul').innerText()).toBe('Nextcloud <30 needs PHP <8.4: Nextcloud 29 and older do not run on PHP 8.4');
      // The answer comes before the support of its series, then the grid, then the releases.
      const order = await page.locator('h2').allInnerTexts();
      expect(order.slice(0, 4)).toEqual(['Where Nextcloud stands', 'Support and end of life', 'Tested with the platform', `Releases on ${bookwormName}`]);
      await context.close();
    });

    it('lists releases by series with their status on the stack and why, history folded', async () => {
      const { page, context } = await open(t);
      await page.goto(`${t.baseUrl}/apps/nextcloud`);
      const releases = page.getByRole('region', { name: `Releases on ${bookwormName}` });
      const series = await releases.locator('h3').allTextContents();
      expect(series).toEqual(['Nextcloud 30', 'Nextcloud 29', ...[28, 27, 26, 25, 24, 23, 22, 21, 20].map((major) => `Nextcloud ${major}`)]);
      const series30 = page.getByRole('table', { name: 'Nextcloud 30 releases' });
      expect((await series30.getByRole('rowheader').allInnerTexts()).map((text) => text.split(/\s/)[0])).toEqual(['30.0.3', '30.0.2', '30.0.1']);
      const row = (version: string) => page.locator(`tr#v${version.replaceAll('.', '\\.')}`);
      expect(await row('30.0.3').innerText()).toMatch(/Not yet tested[\s\S]*no run of 30\.0\.3 yet/);
      const confirmed = await row('30.0.2').innerText();
      expect(confirmed).toMatch(/Confirmed working/);
      expect(confirmed).toMatch(/passed\s+22 Nov 2026 with PHP 8\.2\.26, Debian 12\.8 and MariaDB 10\.11\.6[\s\S]*decides[\s\S]*passed\s+20 Nov 2026/);
      expect(await row('30.0.2').getByRole('link', { name: 'evidence' }).getAttribute('href')).toBe('https://ci.example.org/jobs/42');
      expect(await row('30.0.1').innerText()).toMatch(/Withdrawn[\s\S]*Reason: breaks calendars/);
      // The failure with PHP 8.3 does not count on PHP 8.2: confirmed, and the other run one link away.
      const old = await row('29.0.9').innerText();
      expect(old).toMatch(/Confirmed working[\s\S]*passed\s+5 Oct 2026 with PHP 8\.2\.26/);
      expect(old).not.toMatch(/login loop/);
      expect(await row('29.0.9').getByRole('link', { name: '1 other run, on any platform' }).getAttribute('href')).toBe('/api/v1/apps/nextcloud/releases/29.0.9');
      // Upstream's word that a version is vulnerable, never mistaken for a security fix.
      expect(await row('29.0.9').getByRole('rowheader').innerText()).toMatch(/vulnerable, says upstream/);
      expect(await row('29.0.9').innerText()).not.toMatch(/security fix/);
      expect(await row('30.0.2').innerText()).not.toMatch(/vulnerable/);
      // Nine years nobody tested, folded shut: one line until opened, no script needed.
      const fold = page.locator('details.fold--series');
      expect(await fold.locator('summary').innerText()).toBe('Nextcloud 20 to 28: 144 releases, none ever tested');
      expect(await row('28.0.15').isVisible()).toBe(false);
      await fold.locator('summary').click();
      expect(await row('28.0.15').innerText()).toMatch(/Not yet tested[\s\S]*no run of 28\.0\.15 yet/);
      // A link to a folded row opens its fold.
      await page.goto(`${t.baseUrl}/apps/nextcloud?includePrereleases=false#v21.0.3`);
      expect(await row('21.0.3').isVisible()).toBe(true);
      expect(await page.getByText('31.0.0-rc.1').count()).toBe(0);
      await page.getByRole('link', { name: 'Include prereleases' }).click();
      await page.waitForURL(/includePrereleases=true/);
      expect(await page.locator('tr#v31\\.0\\.0-rc\\.1').innerText()).toMatch(/prerelease[\s\S]*Confirmed working/);
      await context.close();
    });

    it('shows an app on another stack by path or by ?stack=, with that stack’s statuses', async () => {
      const { page, context } = await open(t);
      for (const path of ['/stacks/trixie/apps/nextcloud', '/apps/nextcloud?stack=trixie']) {
        expect((await page.goto(`${t.baseUrl}${path}`))?.status(), path).toBe(200);
        expect(await page.getByRole('heading', { level: 2, name: `Releases on ${trixieName}` }).count(), path).toBe(1);
        expect(await page.locator('tr#v29\\.0\\.9').innerText(), path).toMatch(/Blocked by a constraint[\s\S]*Reason: Nextcloud 29 and older do not run on PHP 8\.4/);
        expect(await page.locator('tr#v30\\.0\\.2').innerText(), path).toMatch(/Not yet tested[\s\S]*tested only with PHP 8\.2 and Debian 12 and MariaDB 10\.11 \(run \d+\)/);
        expect(await page.getByRole('link', { name: 'Tested versions' }).last().getAttribute('href'), path).toBe('/stacks/trixie');
      }
      expect((await page.goto(`${t.baseUrl}/apps/nextcloud?stack=sid`))?.status()).toBe(404);
      expect((await page.goto(`${t.baseUrl}/stacks/sid/apps/nextcloud`))?.status()).toBe(404);
      await context.close();
    });

    it('leaves out dates upstream never gave instead of saying “unknown”', async () => {
      const { page, context } = await open(t, { width: 375 });
      await page.goto(`${t.baseUrl}/apps/roundcube`);
      const undated = await page.locator('tr#v1\\.6\\.8').innerText();
      expect(undated).toMatch(/1\.6\.8[\s\S]*Not yet tested/);
      expect(undated).not.toMatch(/unknown/i);
      expect(await page.locator('tr#v1\\.6\\.8 td[data-label="Released"]').isVisible()).toBe(false);
      expect(await page.locator('tr#v1\\.6\\.9 td[data-label="Released"]').innerText()).toBe('10 Sep 2026');
      await context.close();
    });

    it('draws the grid against each platform series with a legend in words', async () => {
      const { page, context } = await open(t);
      await page.goto(`${t.baseUrl}/apps/nextcloud`);
      const php = page.getByRole('table', { name: 'Nextcloud versions (rows) tested with PHP series (columns)' });
      expect(await php.getByRole('columnheader').allInnerTexts()).toEqual(['Nextcloud', 'PHP 8.3', 'PHP 8.2']);
      const cells = async (version: string) => {
        const texts = await php.getByRole('row').filter({ has: page.getByRole('rowheader', { name: version }) }).getByRole('cell').allTextContents();
        return texts.map((text) => text.replace(/\s+/g, ' ').trim());
      };
      expect(await cells('30.0.2')).toEqual(['– not tested', '✓ passed, 2 runs']);
      expect(await cells('29.0.9')).toEqual(['✗ failed', '✓ passed']);
      expect(await php.locator('td.cell--fail').count()).toBe(1);
      const legend = await page.getByRole('list', { name: 'Legend' }).innerText();
      expect(legend).toMatch(/passed latest run passed/);
      expect(legend).toMatch(/failed latest run failed/);
      expect(legend).toMatch(/not tested/);
      expect(await page.getByRole('table', { name: /tested with MariaDB series/ }).getByRole('columnheader').allInnerTexts()).toEqual(['Nextcloud', 'MariaDB 10.11']);
      expect(await page.getByRole('group', { name: 'Release timeline' }).getByRole('link').count()).toBe(24);
      await context.close();
    });

    it('shows hostile upstream and tester text as text and runs nothing', async () => {
      const { page, context, dialogs, outside } = await open(t);
      await page.goto(`${t.baseUrl}/apps/nextcloud`);
      const row = page.locator('tr#v30\\.0\\.2');
      expect(await row.innerText()).toContain(`tag ${hostile}`);
      expect(await row.innerText()).toContain(`“${hostile}”`);
      expect(await page.locator('tr#v30\\.0\\.1').innerText()).toContain(`breaks calendars ${hostile}`);
      expect(await page.locator('img').count()).toBe(0);
      await page.waitForTimeout(100);
      expect(dialogs).toEqual([]);
      expect(outside).toEqual([]);
      await context.close();
    });

    it('works with JavaScript turned off', async () => {
      const { page, context } = await open(t, { javaScriptEnabled: false });
      await page.goto(`${t.baseUrl}/`);
      expect(await page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Nextcloud', exact: true }) }).innerText()).toMatch(/Newer release not yet tested/);
      await page.getByRole('link', { name: 'Roundcube', exact: true }).click();
      await page.waitForURL(`${t.baseUrl}/apps/roundcube`);
      expect(await page.locator('tr#v1\\.6\\.10').innerText()).toMatch(/security fix[\s\S]*Broken/);
      expect(await page.locator('script').count()).toBe(0);
      await context.close();
    });

    it('reads on a phone: no sideways scrolling of the page, each value labelled', async () => {
      const { page, context } = await open(t, { width: 390 });
      await page.goto(`${t.baseUrl}/`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      const label = await page.locator('tr.status-row td[data-label="Confirmed working"]').first().evaluate((cell) => getComputedStyle(cell, '::before').content);
      expect(label).toBe('"Confirmed working"');
      await page.screenshot({ path: `${screenshots}home-390-${kind}.png`, fullPage: true });
      await page.goto(`${t.baseUrl}/apps/nextcloud`);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
      await page.screenshot({ path: `${screenshots}app-390-${kind}.png`, fullPage: true });
      await context.close();
    });

    it('keeps a long history short on a phone: 150 releases fit in a few screens', async () => {
      const { page, context } = await open(t, { width: 375 });
      await page.goto(`${t.baseUrl}/apps/nextcloud`);
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      await page.screenshot({ path: `${screenshots}app-history-375-${kind}.png`, fullPage: true });
      // 148 final releases, 144 of them never tested: 38,000 px of "Not yet tested" before issue 12.
      expect(height, `page height at 375 px: ${height}`).toBeLessThan(6000);
      await context.close();
    });

    it('is built for assistive technology: language, captions, header scopes, contrast', async () => {
      const { page, context } = await open(t);
      for (const path of ['/', '/stacks/trixie', '/apps/nextcloud', '/stacks/trixie/apps/nextcloud', '/api/docs']) {
        await page.goto(`${t.baseUrl}${path}`);
        expect(await page.getAttribute('html', 'lang')).toBe('en');
        expect(await page.locator('meta[name="viewport"]').getAttribute('content')).toBe('width=device-width, initial-scale=1');
        expect(await page.locator('table:not(:has(caption))').count(), path).toBe(0);
        expect(await page.locator('th:not([scope])').count(), path).toBe(0);
        const worst = await page.evaluate(lowestContrast);
        expect(worst.ratio, `${path}: ${worst.text}`).toBeGreaterThanOrEqual(4.5);
      }
      await context.close();
    });

    it('shows the release watch of each app: checked, or failing since when, with the error as text', async () => {
      const { db } = t.deps.database;
      await db.insert(watchSources).values([
        { appId: 'wordpress', sourceKey: '0:github-tags', lastAttemptAt: new Date('2026-11-24T09:00:00Z'), lastSuccessAt: new Date('2026-11-24T09:00:00Z'), consecutiveFailures: 0 },
        { appId: 'roundcube', sourceKey: '0:github-releases', lastAttemptAt: new Date('2026-11-24T09:05:00Z'), lastSuccessAt: new Date('2026-11-20T09:00:00Z'), consecutiveFailures: 3, lastError: `HTTP 503 ${hostile}` },
      ]);
      // As the watch run does with the health it records.
      await bumpChangeSeq(db);
      await t.deps.registry.sync();
      const { page, context, dialogs } = await open(t);
      await page.goto(`${t.baseUrl}/`);
      const row = (name: string) => page.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
      expect(await row('WordPress').innerText()).toMatch(/OK, checked 24 Nov 2026, 09:00 UTC/);
      const roundcube = await row('Roundcube').innerText();
      expect(roundcube).toMatch(/Watch failing since the check after 20 Nov 2026, 09:00 UTC \(3 failed checks, last 24 Nov 2026, 09:05 UTC\)/);
      expect(roundcube).toContain(`Last error: HTTP 503 ${hostile}`);
      expect(await page.locator('img').count()).toBe(0);
      expect(dialogs).toEqual([]);
      await context.close();
    });

    it('answers an unknown app with an HTML 404 page listing the apps', async () => {
      const { page, context } = await open(t);
      const res = await page.goto(`${t.baseUrl}/apps/${encodeURIComponent('<b>nope</b>')}`);
      expect(res?.status()).toBe(404);
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('No such app');
      expect(await page.locator('main').innerText()).toContain('no app called “<b>nope</b>”');
      await page.getByRole('link', { name: 'WordPress' }).click();
      await page.waitForURL(`${t.baseUrl}/apps/wordpress`);
      const other = await page.goto(`${t.baseUrl}/no/such/page`);
      expect(other?.status()).toBe(404);
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Page not found');
      await context.close();
    });

    it('documents every endpoint of the OpenAPI document on /api/docs', async () => {
      const document = (await (await t.request('/api/v1/openapi.json')).json()) as { paths: Record<string, Record<string, unknown>> };
      const { page, context } = await open(t);
      await page.goto(`${t.baseUrl}/api/docs`);
      const headings = (await page.locator('article.endpoint h3').allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
      const expected = Object.entries(document.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`));
      expect(headings.sort()).toEqual(expected.sort());
      const runs = page.locator('article', { has: page.getByRole('heading', { name: 'POST /api/v1/runs' }) });
      const verdict = runs.getByRole('table', { name: 'Request body (JSON)' }).getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'verdict' }) });
      expect(await verdict.getByRole('cell').allInnerTexts()).toEqual(['"pass" | "fail"', 'yes', '']);
      await context.close();
    });
  });
});

describe.each(databaseKinds)('support and security on the pages on %s', (kind) => {
  // 10 Dec 2026: PHP 8.2's security support ends in 21 days, Nextcloud 30's ended on 1 Oct.
  let t: TestApp;
  beforeAll(async () => {
    t = await startSupportWorld(kind);
    await seedHistory(t);
    // PHP 8.3.15, a security release, confirmed on bookworm (a platform release is judged with the
    // stack's other components); Roundcube 1.6.11 above the security fix 1.6.10; WordPress 6.7.1, a
    // security fix above 6.7.0, which upstream now lists as vulnerable.
    await addRelease(t, 'php', { version: '8.3.15', publishedAt: '2026-11-21T00:00:00Z', security: true });
    await recordRun(t, { components: { php: '8.3.15', debian: '12.8', mariadb: '10.11.6' }, verdict: 'pass', testedAt: '2026-11-25T08:00:00Z' });
    await addRelease(t, 'roundcube', { version: '1.6.11', publishedAt: '2026-12-01T00:00:00Z' });
    await addRelease(t, 'wordpress', { version: '6.7.1', publishedAt: '2026-12-02T00:00:00Z', security: true });
    await markInsecure(t, 'wordpress', '6.7.0');
  });
  afterAll(async () => {
    await t?.close();
  });

  const row = (page: Page, name: string) => page.getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) });
  const cell = async (page: Page, name: string, label: string) => (await row(page, name).locator(`td[data-label="${label}"]`).innerText()).replace(/\s+/g, ' ').trim();

  it('shows the support of the stack’s series, flags an end within 30 days or past, and marks security fixes and vulnerable releases, at desktop and phone width', async () => {
    for (const width of [1200, 375]) {
      const { page, context, dialogs } = await open(t, { width, javaScriptEnabled: width === 1200 });
      expect((await page.goto(`${t.baseUrl}/`))?.status()).toBe(200);
      expect(await page.getByRole('columnheader', { name: 'Support' }).count()).toBe(1);
      // The platform: the series the stack runs, and a newer one confirmed here.
      expect(await cell(page, 'PHP', 'Support'), `${width}`).toBe('⚠ PHP 8.2: security support until 31 Dec 2026 (ends in 21 days) 8.3 confirmed');
      expect(await row(page, 'PHP').locator('.support--ending').count()).toBe(1);
      expect(await cell(page, 'Debian', 'Support')).toBe('Debian 12: security support until 30 Jun 2028');
      expect(await cell(page, 'MariaDB', 'Support')).toBe('MariaDB 10.11: supported until 16 Feb 2028 set by an admin');
      // The apps: the series of the newest confirmed release.
      expect(await cell(page, 'Nextcloud', 'Support')).toBe('✗ Nextcloud 30: ended 1 Oct 2026 set by an admin');
      expect(await row(page, 'Nextcloud').locator('.support--ended').count()).toBe(1);
      // Nothing known, nothing said.
      expect(await cell(page, 'Roundcube', 'Support')).toBe('');
      expect(await row(page, 'Roundcube').locator('td[data-label="Support"]').isVisible()).toBe(width === 1200);
      // Marks: a confirmed security release, a security fix between the confirmed and the newest, a vulnerable confirmed release.
      expect(await cell(page, 'PHP', 'Confirmed working')).toMatch(/^8\.3\.15 security fix tested 25 Nov 2026$/);
      expect(await cell(page, 'Roundcube', 'Newest release')).toBe('1.6.11 released 1 Dec 2026 security fix in 1.6.10');
      expect(await cell(page, 'WordPress', 'Confirmed working')).toBe('6.7.0 vulnerable tested 13 Nov 2026');
      expect(await cell(page, 'WordPress', 'Newest release')).toBe('6.7.1 security fix released 2 Dec 2026');
      expect(await row(page, 'WordPress').locator('.tag-note--insecure').isVisible()).toBe(true);
      if (width === 375) {
        const label = await row(page, 'PHP').locator('td[data-label="Support"]').evaluate((td) => getComputedStyle(td, '::before').content);
        expect(label).toBe('"Support"');
      }
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `${width} px`).toBeLessThanOrEqual(width);
      await page.screenshot({ path: `${screenshots}home-support-${width}-${kind}.png`, fullPage: true });
      // The other stack: its own series.
      await page.goto(`${t.baseUrl}/stacks/trixie`);
      expect(await cell(page, 'Debian', 'Support')).toBe('Debian 13: supported until 9 Aug 2028, security fixes until 30 Jun 2030');
      expect(await cell(page, 'PHP', 'Support')).toBe('');
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `${width} px`).toBeLessThanOrEqual(width);
      expect(dialogs).toEqual([]);
      await context.close();
    }
  });

  it('links the support calendar from the footer, the tested-versions page and the app pages', async () => {
    const { page, context } = await open(t, { javaScriptEnabled: false });
    await page.goto(`${t.baseUrl}/`);
    expect(await page.locator('footer').getByRole('link', { name: 'end-of-support calendar' }).getAttribute('href')).toBe('/support.ics');
    expect(await page.locator('main').getByRole('link', { name: 'this stack’s platform' }).getAttribute('href')).toBe('/support.ics?stack=bookworm');
    await page.goto(`${t.baseUrl}/apps/php`);
    expect(await page.locator('main').getByRole('link', { name: 'end-of-support calendar' }).getAttribute('href')).toBe('/apps/php/support.ics');
    await context.close();
  });

  it('app pages: a table of every series’ support, who set it, and security marks on the releases', async () => {
    for (const width of [1200, 375]) {
      const { page, context, dialogs } = await open(t, { width });
      await page.goto(`${t.baseUrl}/apps/php`);
      const table = page.getByRole('table', { name: 'Support of each PHP series, newest first' });
      expect(await table.getByRole('columnheader').allInnerTexts()).toEqual(['Series', 'Released', 'Active support until', 'Security support until', 'LTS', 'State']);
      const series = async (name: string) => (await table.getByRole('row').filter({ has: page.getByRole('rowheader', { name }) }).innerText()).replace(/\s+/g, ' ').trim();
      const text83 = await series('PHP 8.3');
      const text82 = await series('PHP 8.2');
      expect(text83).toBe('PHP 8.3 23 Nov 2023 31 Dec 2025 31 Dec 2027 Security fixes only Source: https://www.php.net/supported-versions.php');
      expect(text82).toBe('PHP 8.2 this stack 8 Dec 2022 31 Dec 2024 31 Dec 2026 ⚠ Security fixes only (ends in 21 days) Source: https://www.php.net/supported-versions.php');
      if (width === 375) {
        // A card per series, its labelled values side by side where they fit.
        const released = table.locator('td[data-label="Released"]').first();
        expect(await released.evaluate((td) => [getComputedStyle(td).display, getComputedStyle(td, '::before').content, getComputedStyle(td, '::before').display])).toEqual(['inline-block', '"Released: "', 'inline']);
        expect(await table.locator('thead').evaluate((head) => head.getBoundingClientRect().height)).toBeLessThanOrEqual(1);
      }
      expect(await table.getByRole('link', { name: 'https://www.php.net/supported-versions.php' }).first().getAttribute('href')).toBe('https://www.php.net/supported-versions.php');
      expect(await page.locator('tr#v8\\.3\\.15').getByRole('rowheader').innerText()).toMatch(/security fix/);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `${width} px`).toBeLessThanOrEqual(width);
      await page.screenshot({ path: `${screenshots}app-php-support-${width}-${kind}.png`, fullPage: true });

      await page.goto(`${t.baseUrl}/apps/mariadb`);
      const mariadb = (await page.getByRole('table', { name: 'Support of each MariaDB series, newest first' }).innerText()).replace(/\s+/g, ' ');
      expect(mariadb).toContain('16 Feb 2028');
      expect(mariadb).toContain('yes');
      expect(mariadb).toContain('set by an admin (test-admin)');
      expect(mariadb).toContain(`“long-term series ${hostile}”`);
      expect(await page.locator('img').count()).toBe(0);

      await page.goto(`${t.baseUrl}/apps/nextcloud`);
      const nextcloud = page.getByRole('table', { name: 'Support of each Nextcloud series, newest first' });
      expect((await nextcloud.innerText()).replace(/\s+/g, ' ')).toMatch(/Nextcloud 30 this stack .*1 Oct 2026 .*✗ Ended set by an admin \(test-admin\)/);
      expect(await page.locator('tr#v29\\.0\\.9').getByRole('rowheader').innerText()).toMatch(/vulnerable, says upstream/);
      expect(await page.evaluate(() => document.documentElement.scrollWidth), `${width} px`).toBeLessThanOrEqual(width);
      if (width === 375) {
        const height = await page.evaluate(() => document.documentElement.scrollHeight);
        expect(height, `page height at 375 px: ${height}`).toBeLessThan(6000);
      }
      // An app with no dates says so.
      await page.goto(`${t.baseUrl}/apps/roundpin`);
      expect(await page.getByRole('region', { name: 'Support and end of life' }).innerText()).toMatch(/No support dates are known for any Roundpin series/);
      expect(dialogs).toEqual([]);
      await context.close();
    }
  });
});

describe.each(databaseKinds)('issue 12, the PHP 8.2 report, in the browser on %s', (kind) => {
  let t: TestApp;
  let seeded: Seeded;
  beforeAll(async () => {
    t = await startTestApp(kind);
    seeded = await seedPhpReport(t);
  });
  afterAll(async () => {
    await t?.close();
  });

  async function nextcloudRow(page: Page): Promise<{ confirmed: string; status: string; text: string }> {
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Nextcloud', exact: true }) });
    return {
      confirmed: (await row.locator('td[data-label="Confirmed working"]').innerText()).trim(),
      status: (await row.locator('td[data-label="Status"]').innerText()).trim(),
      text: await row.innerText(),
    };
  }

  it('symptom: the page of a PHP 8.2 stack does not call Nextcloud up to date when 34.0.3 failed with PHP 8.2 and passed only with 8.3', async () => {
    for (const width of [1200, 375]) {
      const { page, context } = await open(t, { width });
      expect((await page.goto(`${t.baseUrl}/`))?.status()).toBe(200);
      const row = await nextcloudRow(page);
      expect(row.text, `${width} px`).not.toMatch(/Up to date/);
      expect(row.confirmed).toMatch(/^33\.0\.8\s+tested 1 Feb 2026/);
      expect(row.status).toMatch(/Newer release broken/);
      expect(row.status).toContain(`34.0.3 failed with PHP 8.2, Debian 12 and MariaDB 10.11 (run ${seeded.runs.nc3403fail82}), blamed on Nextcloud`);
      expect(await page.locator('main').innerText()).toContain(bookwormName);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await context.close();
    }
  });

  it('symptom: after one more failure no row reads both “Confirmed working 34.0.3” and “Newer release broken: 34.0.3”', async () => {
    await seedOneMoreFailure(t);
    const expected = { '/': { stack: php83Name, confirmed: '34.0.3', status: /Up to date/ }, '/stacks/bookworm': { stack: bookwormName, confirmed: '33.0.8', status: /Newer release broken/ } };
    for (const width of [1200, 375]) {
      const { page, context } = await open(t, { width });
      for (const [path, want] of Object.entries(expected)) {
        expect((await page.goto(`${t.baseUrl}${path}`))?.status(), path).toBe(200);
        const row = await nextcloudRow(page);
        const confirmedVersion = row.confirmed.split(/\s/)[0];
        expect(confirmedVersion, path).toBe(want.confirmed);
        expect(row.status, path).toMatch(want.status);
        // The contradiction of the report: one row, one version, two opposite verdicts.
        expect(row.status.includes(`${confirmedVersion} failed`) || (/broken/i.test(row.status) && confirmedVersion === '34.0.3'), `${path}: ${row.text}`).toBe(false);
        expect(await page.locator('main').innerText(), path).toContain(want.stack);
      }
      await context.close();
    }
  });
});

/** The lowest contrast ratio of any visible text on the page against its (nearest opaque) background. */
function lowestContrast(): { ratio: number; text: string } {
  function parse(color: string): [number, number, number, number] {
    const m = color.match(/rgba?\(([^)]+)\)/);
    if (!m) return [0, 0, 0, 0];
    const parts = m[1]!.split(/[,\s/]+/).filter(Boolean).map(Number);
    return [parts[0]!, parts[1]!, parts[2]!, parts[3] ?? 1];
  }
  function luminance([r, g, b]: number[]): number {
    const channel = (v: number) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * channel(r!) + 0.7152 * channel(g!) + 0.0722 * channel(b!);
  }
  function background(element: Element | null): number[] {
    for (let e = element; e; e = e.parentElement) {
      const color = parse(getComputedStyle(e).backgroundColor);
      if (color[3] > 0.5) return color;
    }
    return [255, 255, 255, 1];
  }
  let worst = { ratio: 21, text: '' };
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const element = node.parentElement;
    if (!element || !node.textContent?.trim()) continue;
    const rect = element.getBoundingClientRect();
    if (rect.width === 0 || rect.height === 0 || getComputedStyle(element).visibility === 'hidden') continue;
    if (element.closest('.visually-hidden, .skip-link')) continue;
    const fg = luminance(parse(getComputedStyle(element).color));
    const bg = luminance(background(element));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    if (ratio < worst.ratio) worst = { ratio, text: node.textContent.trim().slice(0, 60) };
  }
  return worst;
}
