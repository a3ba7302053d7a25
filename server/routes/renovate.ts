// GET /api/v1/renovate/{app}?php=8.2.18&debian=12: Renovate's custom datasource format
// (https://docs.renovatebot.com/modules/datasource/custom/), listing only the releases of {app}
// that are `safe` with the given rest of the stack, so Renovate proposes only confirmed upgrades.
import { z } from 'zod';
import { resolveInventory } from '../../matrix/advice.ts';
import { isDirect } from '../../matrix/path.ts';
import type { Registry } from '../../matrix/registry.ts';
import { judge } from '../../matrix/status.ts';
import { parseVersion } from '../../matrix/versions.ts';
import type { Catalog } from '../../scrapers/catalog.ts';
import { invalidFields, notFound, unprocessable } from '../errors.ts';
import { defineRoute, type RouteSpec } from '../http/route.ts';
import { AppIdParam, ErrorBody, maxVersionLength, VersionText } from '../http/schemas.ts';
import type { RegistryHolder } from '../registry/holder.ts';

/** The fields of Renovate's custom datasource answer this endpoint fills. */
export const RenovateRelease = z.object({
  version: z.string(),
  /** ISO 8601; absent when upstream did not say when it was published. */
  releaseTimestamp: z.string().optional(),
  isStable: z.boolean(),
});
export type RenovateRelease = z.infer<typeof RenovateRelease>;

export const RenovateDatasource = z.object({
  releases: z.array(RenovateRelease),
  homepage: z.string().optional(),
});
export type RenovateDatasource = z.infer<typeof RenovateDatasource>;

// The stack is app=version pairs; the two options are camelCase so they can never be an app id
// (ids are lowercase, scrapers/catalog.ts).
export const RenovateQuery = z
  .object({
    currentValue: VersionText.optional().describe("Renovate's {{currentValue}}: list only releases one direct step away from it"),
    includePrereleases: z.enum(['true', 'false']).optional().describe('List safe prereleases too (isStable false)'),
  })
  .catchall(z.string({ error: 'must be given once, as app=version' }).min(1, 'must not be empty').max(maxVersionLength).describe('The rest of the stack: app id = installed version'));
export type RenovateQuery = z.infer<typeof RenovateQuery>;

export interface RenovateRequest {
  /** Rest of the stack: app → version as typed. */
  stack: Record<string, string>;
  /** Null: every safe release, whatever the upgrade policy. */
  currentValue: string | null;
  includePrereleases: boolean;
}

/**
 * The safe releases of one app for a stack, oldest first. Throws a 404 for an unknown app and a
 * 422 for an unknown app or an unreadable version in the stack: a typo there would silently
 * widen what counts as safe.
 */
export function renovateReleases(registry: Registry, catalog: Catalog, appId: string, request: RenovateRequest): RenovateDatasource {
  const app = registry.apps.get(appId);
  const catalogApp = catalog.apps.find((entry) => entry.id === appId);
  if (!app || !catalogApp) throw notFound(`no app "${appId}" in the catalogue`);

  const stack = Object.fromEntries(Object.entries(request.stack).filter(([id]) => id !== appId));
  const { inventory, unknown } = resolveInventory(registry, stack);
  const details = [
    ...unknown.apps.map((id) => ({ path: `query.${id}`, message: 'unknown app' })),
    ...unknown.versions.filter(({ app: id }) => !inventory.has(id)).map(({ app: id, version }) => ({ path: `query.${id}`, message: `"${version}" is not a version` })),
  ];
  if (details.length > 0) throw invalidFields('query', details);

  let from = null;
  if (request.currentValue !== null) {
    from = parseVersion(request.currentValue, app.info.versioning);
    if (!from) throw unprocessable(`invalid query: query.currentValue: "${request.currentValue}" is not a version`, [{ path: 'query.currentValue', message: 'not a version' }]);
  }

  const releases: RenovateRelease[] = [];
  for (const release of app.releases) {
    const { info } = release;
    if (info.prerelease && !request.includePrereleases) continue;
    if (from && !isDirect(app.info.policy, from, info.parsed)) continue;
    if (judge(inventory, app, { version: info.version, parsed: info.parsed, release }).status !== 'safe') continue;
    releases.push({ version: info.version, ...(info.publishedAt ? { releaseTimestamp: info.publishedAt.toISOString() } : {}), isStable: !info.prerelease });
  }
  return { releases, homepage: catalogApp.homepage };
}

export function renovateRoutes(deps: { catalog: Catalog; registry: RegistryHolder }): RouteSpec[] {
  const holder = deps.registry;
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/renovate/:app',
      tag: 'advice',
      summary: "Renovate custom datasource: the app's releases confirmed safe with the given rest of the stack",
      params: AppIdParam,
      query: RenovateQuery,
      responses: {
        200: { description: "Renovate's custom datasource format: only safe releases", schema: RenovateDatasource },
        404: { description: 'Unknown app', schema: ErrorBody },
        422: { description: 'Unknown app or unreadable version in the stack', schema: ErrorBody },
      },
      async handler({ params, query }) {
        const { currentValue, includePrereleases, ...stack } = query;
        const registry = await holder.current();
        return renovateReleases(registry, deps.catalog, params.app, {
          stack: stack as Record<string, string>,
          currentValue: currentValue ?? null,
          includePrereleases: includePrereleases === 'true',
        });
      },
    }),
  ];
}
