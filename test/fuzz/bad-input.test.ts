// Thousands of generated malformed requests against every endpoint: each must get a 4xx with the
// JSON error shape (never a 5xx, never a stack trace), and rejected writes must change nothing.
import fc from 'fast-check';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseVersion } from '../../matrix/versions.ts';
import { databaseKinds } from '../helpers/test-database.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

type Json = unknown;

interface Template {
  method: 'POST' | 'PATCH';
  path: string;
  token: 'admin' | 'tester';
  valid: Record<string, Json>;
  required: string[];
  /** Per field: values that are wrong for it whatever the rest says. */
  wrong: Record<string, fc.Arbitrary<Json>>;
}

const notAString = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 }), fc.object({ maxDepth: 1 }));
const notABoolean = fc.oneof(fc.string(), fc.integer(), fc.constant(null), fc.array(fc.boolean(), { maxLength: 2 }));
const hostile = ['../../etc/passwd', '%00', '\u0000', '<script>alert(1)</script>', "' OR 1=1 --", '١٢٣', '𝟘.𝟙.𝟚', '1.2.3\n4', '..', '%2e%2e%2f', '\\\\', '1..2', '-1.0.0', '1.2.3.4.5.6.7', 'NaN', '∞'];
const notAVersion = fc.oneof(
  fc.constantFrom(...hostile, '', ' ', 'x'.repeat(101), 'banana'),
  fc.string({ unit: 'grapheme', maxLength: 30 }).filter((s) => parseVersion(s) === null),
);
const notARange = fc.constantFrom('>>=1', '=>1.0', '1.0.0 -', 'latest', '^^1', '<script>', '', '>=1.0.0 <', 'x'.repeat(201));
const notAnApp = fc.oneof(fc.constantFrom(...hostile, 'nextcloud ', 'NextCloud', 'x'.repeat(41)), fc.string({ minLength: 1, maxLength: 20 }).filter((s) => !/^[a-z][a-z0-9-]*$/.test(s)));

// Issue 11's classes. Numbers a version cannot hold exactly, in every numeric part.
const hugeDigits = fc.bigInt({ min: 10n ** 15n, max: 10n ** 30n }).map(String);
const hugeVersion = fc.tuple(hugeDigits, fc.constantFrom('%.0.0', '1.%.0', '1.0.%', '1.0.0-rc.%', '1.0.0-beta.1.%', '1.2.3-p%')).map(([digits, shape]) => shape.replace('%', digits));
// Dates before 1990, years 0–99 first: drivers read those back as 19xx or 20xx, year 0 not at all.
const earlyDate = fc.oneof(
  fc.tuple(fc.integer({ min: 0, max: 99 }), fc.integer({ min: 1, max: 12 })).map(([year, month]) => `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-01T00:00:00Z`),
  fc.integer({ min: 100, max: 1989 }).map((year) => `${String(year).padStart(4, '0')}-06-15T12:00:00+02:00`),
);
// Text PostgreSQL cannot keep: NUL, and UTF-16 surrogates without their pair.
const unstorableText = fc.tuple(fc.string({ maxLength: 10 }), fc.constantFrom('\u0000', '\ud800', '\udbff', '\udc00', '\udfff'), fc.string({ maxLength: 10 })).map(([a, bad, b]) => `${a}${bad}${b}`);
const unstorableUrl = unstorableText.map((text) => `https://example.org/${text}`);
// Ids in any spelling but plain decimal digits, each meaning 1 to Number().
const nonDecimalId = fc.constantFrom('0x1', '0X1', '1e0', '1E0', ' 1', '1 ', '+1', '1.0', '0b1', '0o1', '１', '\t1', '1\n');

// A deeply nested array in place of a field; JSON.parse handles it, the schemas must refuse it.
const deep = fc.integer({ min: 50, max: 800 }).map((depth) => JSON.parse('['.repeat(depth) + ']'.repeat(depth)) as Json);

const templates: Template[] = [
  {
    method: 'POST', path: '/api/v1/apps/roundpin/releases', token: 'admin',
    valid: { version: '9.9.9', tag: 'v9.9.9', publishedAt: '2026-01-01T00:00:00Z', prerelease: false, url: 'https://example.org/r' },
    required: ['version'],
    wrong: {
      version: fc.oneof(notAString, notAVersion, hugeVersion, deep),
      tag: fc.oneof(notAString.filter((v) => typeof v !== 'string'), unstorableText, fc.constant('')),
      publishedAt: fc.oneof(notAString, fc.constantFrom('yesterday', '2026-13-45', '1e9'), earlyDate),
      prerelease: notABoolean,
      url: fc.oneof(notAString, fc.constantFrom('javascript:alert(1)', 'ftp://x', 'not a url'), unstorableUrl),
    },
  },
  {
    method: 'PATCH', path: '/api/v1/apps/nextcloud/releases/30.0.2', token: 'admin',
    valid: { withdrawn: true, reason: 'breaks calendars' },
    required: ['withdrawn', 'reason'],
    wrong: { withdrawn: notABoolean, reason: fc.oneof(fc.integer(), fc.constant(null), fc.constant('   '), fc.constant('x'.repeat(2001)), unstorableText, deep) },
  },
  {
    method: 'POST', path: '/api/v1/runs', token: 'tester',
    valid: { components: { nextcloud: '30.0.2', php: '8.2.26' }, verdict: 'pass', testedAt: '2026-11-01T00:00:00Z', notes: 'ok', evidenceUrl: 'https://ci.example/1' },
    required: ['components', 'verdict'],
    wrong: {
      components: fc.oneof(notAString.filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)), fc.constant({}), fc.record({ nextcloud: notAVersion }), fc.record({ nextcloud: hugeVersion }), fc.record({ nextcloud: fc.constant('99.99.99') }), fc.dictionary(notAnApp, fc.constant('1.0.0'), { minKeys: 1, maxKeys: 3 }), deep),
      verdict: fc.oneof(notAString, fc.constantFrom('PASS', 'ok', 'passed', '')),
      testedAt: fc.oneof(fc.integer(), fc.constantFrom('now', '2026-02-30T00:00:00Z', ''), earlyDate),
      notes: fc.oneof(fc.integer(), fc.constant('n'.repeat(10_001)), unstorableText),
      evidenceUrl: fc.oneof(fc.constantFrom('javascript:alert(1)', 'file:///etc/passwd', 'nope', ''), unstorableUrl),
    },
  },
  {
    method: 'POST', path: '/api/v1/constraints', token: 'admin',
    valid: { app: 'roundcube', range: '>=1.7.0', requires: { app: 'php', range: '>=8.1' }, reason: 'Roundcube 1.7 needs PHP 8.1' },
    required: ['app', 'range', 'requires', 'reason'],
    wrong: {
      app: fc.oneof(notAString, notAnApp),
      range: fc.oneof(notAString, notARange),
      requires: fc.oneof(notAString, fc.record({ app: notAnApp, range: fc.constant('>=8.1') }), fc.record({ app: fc.constant('php'), range: notARange }), fc.constant({ app: 'php' })),
      reason: fc.oneof(fc.integer(), fc.constant(''), fc.constant('r'.repeat(2001)), unstorableText),
    },
  },
  {
    method: 'POST', path: '/api/v1/watch', token: 'admin',
    valid: { apps: ['nextcloud'] },
    required: [],
    wrong: { apps: fc.oneof(fc.string(), fc.integer(), fc.array(notAnApp, { minLength: 1, maxLength: 3 }), deep) },
  },
  {
    method: 'POST', path: '/api/v1/check', token: 'tester',
    valid: { installed: { nextcloud: '28.0.4', php: '8.2.18' }, includePrereleases: false },
    required: ['installed'],
    wrong: {
      installed: fc.oneof(notAString.filter((v) => typeof v !== 'object' || v === null || Array.isArray(v)), fc.constant({}), fc.record({ nextcloud: fc.oneof(fc.integer(), fc.constant(null), fc.constant(''), fc.constant('v'.repeat(101))) }), fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }), fc.constant('1.0'), { minKeys: 65, maxKeys: 80 }), deep),
      includePrereleases: notABoolean,
    },
  },
];

/** A body that is wrong in at least one way the template's schema must catch. */
function malformed(template: Template): fc.Arbitrary<Json> {
  const keys = Object.keys(template.valid);
  const options: Array<fc.Arbitrary<Json>> = [
    fc.constantFrom(...keys).chain((key) => template.wrong[key]!.map((value) => ({ ...template.valid, [key]: value }))),
    fc.string({ minLength: 1, maxLength: 20 }).filter((key) => !keys.includes(key) && key !== '__proto__').map((key) => ({ ...template.valid, [key]: 1 })),
    fc.oneof(fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }), fc.string(), fc.integer(), fc.constant(null), fc.boolean()),
  ];
  if (template.required.length > 0) {
    options.push(fc.constantFrom(...template.required).map((key) => Object.fromEntries(Object.entries(template.valid).filter(([k]) => k !== key))));
  }
  return fc.oneof(...options);
}

// `.` and `..` are resolved by the URL parser before the request leaves, so they name other routes.
const pathSegment = fc.oneof(fc.constantFrom(...hostile, 'x'.repeat(300)), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 })).filter((s) => s !== '.' && s !== '..');

describe.each(databaseKinds)('malformed requests on %s', (kind) => {
  let t: TestApp;
  let counts: () => Promise<Record<string, number>>;
  let before: Record<string, number>;
  const tally = new Map<number, number>();

  beforeAll(async () => {
    t = await startTestApp(kind, { customize: (deps) => ({ ...deps, rateLimits: { writesPerWindow: 1e6, failedAuthPerWindow: 1e6, windowMs: 60_000 } }) });
    for (const [app, version] of [['nextcloud', '30.0.2'], ['php', '8.2.26'], ['roundcube', '1.7.0']] as const) {
      const res = await t.request(`/api/v1/apps/${app}/releases`, { method: 'POST', token: t.adminToken, json: { version } });
      expect(res.status).toBe(201);
    }
    // A run and a constraint numbered 1, which ids like 0x1 or 1e0 must not reach.
    const run = await t.request('/api/v1/runs', { method: 'POST', token: t.testerToken, json: { components: { nextcloud: '30.0.2', php: '8.2.26' }, verdict: 'pass' } });
    expect(((await run.json()) as { id: number }).id).toBe(1);
    const constraint = await t.request('/api/v1/constraints', { method: 'POST', token: t.adminToken, json: { app: 'roundcube', range: '>=1.7.0', requires: { app: 'php', range: '>=8.1' }, reason: 'needs PHP 8.1' } });
    expect(((await constraint.json()) as { id: number }).id).toBe(1);
    const { db } = t.deps.database;
    counts = async () => {
      const result = await db.execute(sql`select
        (select count(*) from releases)::int as releases,
        (select count(*) from releases where withdrawn)::int as withdrawn,
        (select count(*) from runs)::int as runs,
        (select count(*) from run_components)::int as components,
        (select count(*) from constraints)::int as constraints,
        (select count(*) from tokens)::int as tokens,
        (select coalesce(max(change_seq), 0) from registry_state)::int as change_seq`);
      return (result as unknown as { rows: Array<Record<string, number>> }).rows[0]!;
    };
    before = await counts();
  });
  afterAll(async () => {
    await t?.close();
    const tried = [...tally.values()].reduce((sum, n) => sum + n, 0);
    const serverErrors = [...tally].filter(([status]) => status >= 500).reduce((sum, [, n]) => sum + n, 0);
    console.info(`[${kind}] ${tried} generated malformed requests tried, ${serverErrors} answered 5xx; statuses: ${JSON.stringify(Object.fromEntries([...tally].sort()))}`);
  });

  /** Every generated request goes through here, so the tally counts each one, whatever it got. */
  async function send(path: string, init?: Parameters<TestApp['request']>[1]): Promise<Response> {
    const res = await t.request(path, init);
    tally.set(res.status, (tally.get(res.status) ?? 0) + 1);
    return res;
  }

  async function expectClientError(res: Response, what: string): Promise<void> {
    const text = await res.text();
    expect(res.status, `${what} → ${res.status} ${text.slice(0, 300)}`).toBeGreaterThanOrEqual(400);
    expect(res.status, `${what} → ${text.slice(0, 300)}`).toBeLessThan(500);
    const body = JSON.parse(text) as { error?: { code?: unknown; message?: unknown } };
    expect(typeof body.error?.code, what).toBe('string');
    expect(typeof body.error?.message, what).toBe('string');
    expect(text, what).not.toMatch(/\n\s+at |node_modules|\.ts:\d+/);
  }

  it('rejects malformed write and check bodies with 4xx', async () => {
    for (const template of templates) {
      await fc.assert(
        fc.asyncProperty(malformed(template), async (body) => {
          const res = await send(template.path, { method: template.method, token: template.token === 'admin' ? t.adminToken : t.testerToken, json: body });
          await expectClientError(res, `${template.method} ${template.path} ${JSON.stringify(body).slice(0, 200)}`);
        }),
        { numRuns: 250 },
      );
    }
  }, 240_000);

  it('rejects bodies that are not JSON, too large or too deep', async () => {
    const raw: Array<[string, string, string]> = [
      ['application/json', '{"version":', 'truncated JSON'],
      ['application/json', '{"version": "1.0.0",}', 'trailing comma'],
      ['application/json', 'null', 'null'],
      ['application/json', `{"version": "${'9'.repeat(300_000)}"}`, 'a 300 kB body'],
      ['application/json', '['.repeat(200_000) + ']'.repeat(200_000), '200,000 levels deep'],
      ['text/plain', 'version=1.0.0', 'not JSON at all'],
    ];
    for (const path of ['/api/v1/apps/roundpin/releases', '/api/v1/runs', '/api/v1/constraints', '/api/v1/check']) {
      for (const [type, body, label] of raw) {
        const res = await send(path, { method: 'POST', token: t.adminToken, body, headers: { 'content-type': type } });
        await expectClientError(res, `${path} with ${label}`);
      }
    }
  });

  it('rejects hostile paths, ids and query parameters with 4xx', async () => {
    const requests = fc.oneof(
      fc.tuple(pathSegment, pathSegment).map(([app, version]) => ['GET', `/api/v1/apps/${encodeURIComponent(app)}/releases/${encodeURIComponent(version)}`] as const),
      pathSegment.map((app) => ['GET', `/api/v1/apps/${encodeURIComponent(app)}/releases`] as const),
      pathSegment.map((version) => ['GET', `/api/v1/apps/nextcloud/releases/${encodeURIComponent(version)}`] as const),
      fc.oneof(pathSegment, nonDecimalId, fc.constantFrom('0', '-1', '1.5', '1e3', '99999999999', 'NaN')).map((id) => ['DELETE', `/api/v1/constraints/${encodeURIComponent(id)}`] as const),
      fc.oneof(pathSegment, nonDecimalId, fc.constantFrom('0', '-1', '99999999999')).map((id) => ['GET', `/api/v1/runs/${encodeURIComponent(id)}`] as const),
      hugeVersion.map((version) => ['GET', `/api/v1/apps/nextcloud/releases/${encodeURIComponent(version)}`] as const),
      fc.constantFrom('-271821-04-20T00:00:00.000Z_1', '+275760-09-13T00:00:00.000Z_1', '2026-11-25T10:00:00.000Z_9999999999').map((cursor) => ['GET', `/api/v1/runs?before=${encodeURIComponent(cursor)}`] as const),
      fc.tuple(fc.constantFrom('limit', 'before', 'includePrereleases'), pathSegment).filter(([key, value]) => !(key === 'limit' && /^\s*[1-9]\d{0,2}\s*$/.test(value) && Number(value) <= 500)).map(([key, value]) => ['GET', `/api/v1/apps/nextcloud/releases?${key}=${encodeURIComponent(value)}`] as const),
      fc.tuple(fc.constantFrom('verdict', 'limit', 'version', 'before'), pathSegment).filter(([key, value]) => !(key === 'limit' && /^\s*[1-9]\d{0,2}\s*$/.test(value) && Number(value) <= 500)).map(([key, value]) => ['GET', `/api/v1/runs?${key}=${encodeURIComponent(value)}`] as const),
      fc.tuple(pathSegment, pathSegment).map(([app, other]) => ['GET', `/api/v1/matrix?app=${encodeURIComponent(app)}&with=${encodeURIComponent(other)}`] as const),
      fc.string({ minLength: 1, maxLength: 10 }).filter((key) => !['__proto__'].includes(key)).map((key) => ['GET', `/api/v1/apps?${encodeURIComponent(key)}=1`] as const),
      fc.tuple(pathSegment, fc.string({ maxLength: 10 })).map(([app, stack]) => ['GET', `/api/v1/renovate/${encodeURIComponent(app)}?php=${encodeURIComponent(stack)}`] as const),
    );
    await fc.assert(
      fc.asyncProperty(requests, async ([method, path]) => {
        const res = await send(path, { method, token: t.adminToken });
        await expectClientError(res, `${method} ${path}`);
      }),
      { numRuns: 1500 },
    );
  }, 240_000);

  it('never answers a GET check with a 5xx, whatever the parameters', async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.string({ minLength: 1, maxLength: 12 }), fc.string({ maxLength: 20 }), { maxKeys: 6 }), async (params) => {
        const query = new URLSearchParams(params).toString();
        const res = await send(`/api/v1/check?${query}`);
        expect(res.status, query).toBeLessThan(500);
        if (res.status >= 400) await expectClientError(res, `GET /api/v1/check?${query}`);
      }),
      { numRuns: 300 },
    );
  }, 120_000);

  it('left the database as it was', async () => {
    expect(await counts()).toEqual(before);
  });
});
