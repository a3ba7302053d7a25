import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { day, testRegistry, type TestData } from '../../matrix/test-registry.ts';
import type { Catalog } from '../../scrapers/catalog.ts';
import { ApiError } from '../errors.ts';
import { RenovateQuery, renovateReleases, type RenovateRequest } from './renovate.ts';

// Renovate's custom datasource result as its documentation states it
// (https://docs.renovatebot.com/modules/datasource/custom/, "All available options"): `releases`
// is required, each with a string `version`; every other field is optional and typed; timestamps
// are ISO 8601. Strict, so a misspelt field fails here rather than being ignored by Renovate.
const RenovateTimestamp = z.string().refine((value) => !Number.isNaN(Date.parse(value)) && /^\d{4}-\d{2}-\d{2}T/.test(value), 'an ISO 8601 timestamp');
const RenovateCustomResult = z.strictObject({
  releases: z.array(z.strictObject({
    version: z.string().min(1),
    isDeprecated: z.boolean().optional(),
    releaseTimestamp: RenovateTimestamp.optional(),
    changelogUrl: z.string().optional(),
    sourceUrl: z.string().optional(),
    sourceDirectory: z.string().optional(),
    digest: z.string().optional(),
    isStable: z.boolean().optional(),
  })),
  sourceUrl: z.string().optional(),
  sourceDirectory: z.string().optional(),
  changelogUrl: z.string().optional(),
  homepage: z.string().optional(),
});

const catalog = {
  apps: ['nextcloud', 'roundcube', 'wordpress', 'php', 'mariadb'].map((id) => ({
    id, name: id, kind: 'app', homepage: `https://${id}.example/`, series: 2, versioning: 'semver', policy: {}, sources: [],
  })),
} as unknown as Catalog;

const data: TestData = {
  releases: {
    nextcloud: ['28.0.4', '29.0.8', '29.0.9', '30.0.2', '31.0.0-rc1', '31.0.1'],
    roundcube: ['1.6.9', '1.7.0'],
    php: ['8.1.30', '8.2.18', '8.2.26', '8.3.14'],
    mariadb: ['10.11.6'],
  },
  runs: [
    [1, 'pass', 1, { nextcloud: '29.0.9', php: '8.2.26' }],
    [2, 'pass', 2, { nextcloud: '30.0.2', php: '8.2.18', mariadb: '10.11.6' }],
    [3, 'fail', 3, { nextcloud: '29.0.8', php: '8.2.26' }],
    [4, 'pass', 4, { nextcloud: '31.0.0-rc.1', php: '8.2.26' }],
    [5, 'pass', 5, { nextcloud: '31.0.1', php: '8.3.14' }],
    [6, 'pass', 6, { nextcloud: '28.0.4', php: '8.2.26' }],
    [7, 'pass', 7, { roundcube: '1.7.0', php: '8.2.26' }],
  ],
  constraints: [{ appId: 'roundcube', range: '>=1.7.0', requiresAppId: 'php', requiresRange: '>=8.3', reason: 'Roundcube 1.7 needs PHP 8.3 here' }],
  withdrawn: { nextcloud: { '28.0.4': 'data loss' } },
};

function ask(app: string, request: Partial<RenovateRequest> = {}) {
  const registry = testRegistry(data);
  return renovateReleases(registry, catalog, app, { stack: {}, currentValue: null, includePrereleases: false, ...request });
}

function versions(app: string, request: Partial<RenovateRequest> = {}): string[] {
  return ask(app, request).releases.map((r) => r.version);
}

function thrown(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('did not throw');
}

describe('GET /api/v1/renovate/{app}', () => {
  it('lists only the releases safe with the given stack', () => {
    // 29.0.8 failed, 28.0.4 is withdrawn, 31.0.1 passed only with PHP 8.3, the rc is a prerelease.
    expect(versions('nextcloud', { stack: { php: '8.2.18', mariadb: '10.11.6' } })).toEqual(['29.0.9', '30.0.2']);
  });

  it('matches the stack by series, like /api/v1/check', () => {
    expect(versions('nextcloud', { stack: { php: '8.3.0' } })).toEqual(['31.0.1']);
  });

  it('leaves out releases blocked by a constraint', () => {
    expect(versions('roundcube', { stack: { php: '8.2.26' } })).toEqual([]);
  });

  it('lists safe prereleases, marked unstable, only when asked', () => {
    const answer = ask('nextcloud', { stack: { php: '8.2.26' }, includePrereleases: true });
    expect(answer.releases.map((r) => [r.version, r.isStable])).toEqual([['29.0.9', true], ['30.0.2', true], ['31.0.0-rc.1', false]]);
  });

  it('with currentValue, lists only what the upgrade policy allows in one step', () => {
    const registry = testRegistry(data);
    const answer = renovateReleases(registry, catalog, 'nextcloud', { stack: { php: '8.3.14' }, currentValue: '29.0.9', includePrereleases: false });
    expect(answer.releases).toEqual([]);
    const fromThirty = renovateReleases(registry, catalog, 'nextcloud', { stack: { php: '8.3.14' }, currentValue: '30.0.2', includePrereleases: false });
    expect(fromThirty.releases.map((r) => r.version)).toEqual(['31.0.1']);
  });

  it('ignores the app itself in the stack', () => {
    expect(versions('nextcloud', { stack: { nextcloud: '28.0.4', php: '8.2.18' } })).toEqual(['29.0.9', '30.0.2']);
  });

  it("answers in Renovate's documented custom datasource format", () => {
    const registry = testRegistry(data);
    const release = registry.apps.get('nextcloud')!.byVersion.get('30.0.2')!;
    release.info.publishedAt = day(14);
    const answer = renovateReleases(registry, catalog, 'nextcloud', { stack: { php: '8.2.18' }, currentValue: '29.0.9', includePrereleases: true });
    expect(RenovateCustomResult.parse(answer)).toEqual(answer);
    expect(answer).toEqual({
      releases: [
        { version: '29.0.9', isStable: true },
        { version: '30.0.2', releaseTimestamp: '2026-11-14T00:00:00.000Z', isStable: true },
      ],
      homepage: 'https://nextcloud.example/',
    });
  });

  it('is a 404 for an unknown app', () => {
    expect(thrown(() => ask('nextclod')).status).toBe(404);
  });

  it('is a 422 naming an unknown app or an unreadable version in the stack', () => {
    const error = thrown(() => ask('nextcloud', { stack: { ph: '8.2', mariadb: 'ten' } }));
    expect(error.status).toBe(422);
    expect(error.message).toBe('invalid query: query.ph: unknown app (and 1 more)');
    expect(error.details).toEqual([{ path: 'query.ph', message: 'unknown app' }, { path: 'query.mariadb', message: '"ten" is not a version' }]);
  });

  it('is a 422 for an unreadable currentValue', () => {
    expect(thrown(() => ask('nextcloud', { currentValue: 'latest' })).message).toBe('invalid query: query.currentValue: "latest" is not a version');
  });

  it('reads the query: stack pairs, and the two camelCase options', () => {
    expect(RenovateQuery.parse({ php: '8.2.18', currentValue: '28.0.4', includePrereleases: 'true' })).toEqual({ php: '8.2.18', currentValue: '28.0.4', includePrereleases: 'true' });
    expect(RenovateQuery.safeParse({ php: ['8.2', '8.3'] }).success).toBe(false);
    expect(RenovateQuery.safeParse({ includePrereleases: 'yes' }).success).toBe(false);
  });
});
