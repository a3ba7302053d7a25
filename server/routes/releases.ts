import { z } from 'zod';
import { notFound, unprocessable } from '../errors.ts';
import { defineRoute, type RouteSpec } from '../http/route.ts';
import { AppIdParam, AppVersionParams, HttpUrl, Text, Timestamp } from '../http/schemas.ts';
import { findCatalogApp } from '../repositories/apps.ts';
import { addRelease, getRelease, listReleases, normalizeAppVersion, setWithdrawn } from '../repositories/releases.ts';
import type { AppDeps } from '../app.ts';
import type { Catalog, CatalogApp } from '../../scrapers/catalog.ts';

export const ReleaseSchema = z.object({
  version: z.string(),
  tag: z.string().nullable(),
  publishedAt: z.string().nullable(),
  prerelease: z.boolean(),
  url: z.string().nullable(),
  security: z.boolean().describe('The release fixes vulnerabilities (upstream tag, "security" in its title, CVE ids in its notes)'),
  insecure: z.boolean().describe('Upstream lists this version as having known vulnerabilities (WordPress stable-check)'),
  status: z.enum(['safe', 'broken', 'untested', 'withdrawn']).describe('Verdict of the latest run that included it, or withdrawn'),
  firstSeenAt: z.string(),
  withdrawn: z.boolean(),
  withdrawnReason: z.string().nullable(),
});

const RunSchema = z.object({
  id: z.number(),
  verdict: z.enum(['pass', 'fail']),
  testedAt: z.string(),
  components: z.record(z.string(), z.string()),
  notes: z.string().nullable(),
  evidenceUrl: z.string().nullable(),
  recordedBy: z.string(),
});

const ListQuery = z.strictObject({
  includePrereleases: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.string().max(100).optional().describe('Cursor: only versions older than this one (nextBefore of the previous page)'),
});

const NewReleaseBody = z.strictObject({
  version: z.string().min(1).max(100),
  tag: Text.min(1).max(200).optional(),
  publishedAt: Timestamp.optional(),
  prerelease: z.boolean().optional().describe('Default: whether the version has a prerelease label'),
  url: HttpUrl.optional(),
  security: z.boolean().optional().describe('The release fixes vulnerabilities. Default false'),
  insecure: z.boolean().optional().describe('Upstream lists this version as having known vulnerabilities. Default false'),
});

const WithdrawBody = z.strictObject({
  withdrawn: z.boolean(),
  reason: Text.trim().min(1).max(2000).optional(),
}).refine((body) => !body.withdrawn || body.reason !== undefined, { message: 'a reason is required to withdraw a release', path: ['reason'] });

export function requireApp(catalog: Catalog, id: string): CatalogApp {
  const app = findCatalogApp(catalog, id);
  if (!app) throw notFound(`unknown app "${id}"; GET /api/v1/apps lists them`);
  return app;
}

export function releaseRoutes(deps: AppDeps): RouteSpec[] {
  const { db } = deps.database;
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/apps/:app/releases',
      tag: 'releases',
      summary: "An app's releases, newest first",
      params: AppIdParam,
      query: ListQuery,
      responses: {
        200: { description: 'One page of releases', schema: z.object({ app: z.string(), releases: z.array(ReleaseSchema), nextBefore: z.string().nullable() }) },
        404: { description: 'Unknown app' },
      },
      async handler({ params, query }) {
        const app = requireApp(deps.catalog, params.app);
        const before = query.before === undefined ? null : normalizeBefore(app, query.before);
        const page = await listReleases(db, app, { includePrereleases: query.includePrereleases, limit: query.limit, before });
        return { app: app.id, ...page };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/apps/:app/releases/:version',
      tag: 'releases',
      summary: 'One release with every run that included it',
      params: AppVersionParams,
      responses: { 200: { description: 'The release', schema: ReleaseSchema.extend({ runs: z.array(RunSchema) }) }, 404: { description: 'Unknown app or release' } },
      async handler({ params }) {
        return getRelease(db, requireApp(deps.catalog, params.app), params.version);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/v1/apps/:app/releases',
      tag: 'releases',
      summary: 'Add a release by hand (apps with no upstream feed, or ahead of the watcher)',
      auth: 'admin',
      params: AppIdParam,
      body: NewReleaseBody,
      status: 201,
      responses: { 201: { description: 'Added', schema: ReleaseSchema }, 404: { description: 'Unknown app' }, 409: { description: 'That version is already registered' } },
      async handler({ params, body, actor }) {
        const app = requireApp(deps.catalog, params.app);
        const release = await addRelease(db, app, body, actor!.name);
        await deps.changes.publish({ kind: 'release-added', appId: app.id, version: release.version });
        return release;
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/api/v1/apps/:app/releases/:version',
      tag: 'releases',
      summary: 'Withdraw a release (or reinstate it)',
      auth: 'admin',
      params: AppVersionParams,
      body: WithdrawBody,
      responses: { 200: { description: 'Updated', schema: ReleaseSchema }, 404: { description: 'Unknown app or release' } },
      async handler({ params, body, actor }) {
        const app = requireApp(deps.catalog, params.app);
        const release = await setWithdrawn(db, app, params.version, { withdrawn: body.withdrawn, reason: body.reason ?? null }, actor!.name);
        await deps.changes.publish({ kind: 'release-updated', appId: app.id, version: release.version });
        return release;
      },
    }),
  ];
}

function normalizeBefore(app: CatalogApp, raw: string): string {
  try {
    return normalizeAppVersion(app, raw);
  } catch {
    throw unprocessable(`invalid query: before: "${raw}" is not a ${app.name} version`, [{ path: 'query.before', message: 'not a version' }]);
  }
}
