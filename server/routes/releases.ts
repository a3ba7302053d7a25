import { z } from 'zod';
import { Release, Run, StackRef } from '../../matrix/contract.ts';
import { listReleases, releaseOnStack } from '../../matrix/release-list.ts';
import { stackInventory } from '../../matrix/stacks.ts';
import { parseVersion } from '../../matrix/versions.ts';
import type { CatalogApp } from '../../scrapers/catalog.ts';
import { notFound, unprocessable } from '../errors.ts';
import { requireApp, requireStack } from '../http/lookups.ts';
import { defineRoute, type RouteSpec } from '../http/route.ts';
import { AppIdParam, AppVersionParams, HttpUrl, Text, Timestamp } from '../http/schemas.ts';
import { writtenRelease } from '../registry/load.ts';
import { addRelease, normalizeAppVersion, releaseRuns, setWithdrawn } from '../repositories/releases.ts';
import type { AppDeps } from '../deps.ts';

const StackQuery = z.string().max(40).optional().describe('Stack id the status is judged on (GET /api/v1/stacks); default: the default stack');

const ListQuery = z.strictObject({
  stack: StackQuery,
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

const OneQuery = z.strictObject({ stack: StackQuery });

export function releaseRoutes(deps: AppDeps): RouteSpec[] {
  const { db } = deps.database;

  /** One release from the index, judged on a stack; 404 when the registry does not know it. */
  async function release(app: CatalogApp, version: string, stackId: string | undefined): Promise<Release & { stack: StackRef }> {
    const registry = await deps.registry.current();
    const stack = requireStack(registry, stackId);
    const entry = registry.apps.get(app.id);
    const found = entry?.byVersion.get(version);
    if (!entry || !found) throw notFound(`${app.name} ${version} is not a known release`);
    return { ...releaseOnStack(stackInventory(registry, stack), entry, found), stack: { id: stack.id, name: stack.name } };
  }

  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/apps/:app/releases',
      tag: 'releases',
      summary: "An app's releases, newest first",
      params: AppIdParam,
      query: ListQuery,
      responses: {
        200: { description: 'One page of releases, each with its status on the stack', schema: z.object({ app: z.string(), stack: StackRef, releases: z.array(Release), nextBefore: z.string().nullable() }) },
        404: { description: 'Unknown app or stack' },
      },
      async handler({ params, query }) {
        const app = requireApp(deps.catalog, params.app);
        const before = query.before === undefined ? null : readBefore(app, query.before);
        const registry = await deps.registry.current();
        const stack = requireStack(registry, query.stack);
        const page = listReleases(registry, registry.apps.get(app.id)!, { stack, includePrereleases: query.includePrereleases, limit: query.limit, before });
        return { app: app.id, stack: { id: stack.id, name: stack.name }, ...page };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/apps/:app/releases/:version',
      tag: 'releases',
      summary: 'One release, its status on a stack, and every run that included it',
      params: AppVersionParams,
      query: OneQuery,
      responses: { 200: { description: 'The release', schema: Release.extend({ stack: StackRef, runs: z.array(Run) }) }, 404: { description: 'Unknown app, release or stack' } },
      async handler({ params, query }) {
        const app = requireApp(deps.catalog, params.app);
        const version = normalizeAppVersion(app, params.version);
        const view = await release(app, version, query.stack);
        return { ...view, runs: await releaseRuns(db, app, version) };
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
      responses: { 201: { description: 'Added, with its status on the default stack', schema: Release.extend({ stack: StackRef }) }, 404: { description: 'Unknown app' }, 409: { description: 'That version is already registered' } },
      async handler({ params, body, actor }) {
        const app = requireApp(deps.catalog, params.app);
        const row = await addRelease(db, app, body, actor!.name);
        await deps.changes.publish({ kind: 'release-added', release: writtenRelease(row, deps.catalog) });
        return release(app, row.version, undefined);
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
      responses: { 200: { description: 'Updated, with its status on the default stack', schema: Release.extend({ stack: StackRef }) }, 404: { description: 'Unknown app or release' } },
      async handler({ params, body, actor }) {
        const app = requireApp(deps.catalog, params.app);
        const row = await setWithdrawn(db, app, params.version, { withdrawn: body.withdrawn, reason: body.reason ?? null }, actor!.name, deps.clock.now());
        await deps.changes.publish({ kind: 'release-updated', release: writtenRelease(row, deps.catalog) });
        return release(app, row.version, undefined);
      },
    }),
  ];
}

function readBefore(app: CatalogApp, raw: string) {
  const parsed = parseVersion(raw, app.versioning);
  if (!parsed) throw unprocessable(`invalid query: before: "${raw}" is not a ${app.name} version`, [{ path: 'query.before', message: 'not a version' }]);
  return parsed;
}
