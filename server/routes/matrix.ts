import { z } from 'zod';
import { buildGrid } from '../../matrix/grid.ts';
import { unprocessable } from '../errors.ts';
import { defineRoute, type RouteSpec } from '../http/route.ts';
import { AppId } from '../http/schemas.ts';
import type { AppDeps } from '../deps.ts';
import { requireApp } from '../http/lookups.ts';

const Cell = z.object({ pass: z.number(), fail: z.number(), latest: z.enum(['pass', 'fail']).nullable() });

export const GridSchema = z.object({
  app: z.string(),
  with: z.string(),
  columns: z.array(z.string()).describe("The other app's series, newest first"),
  rows: z.array(z.object({
    version: z.string(),
    prerelease: z.boolean(),
    withdrawn: z.boolean(),
    cells: z.record(z.string(), Cell).describe('By series, one per column: runs that tested this version with that series'),
  })).describe("The app's versions, newest first"),
});

const MatrixQuery = z.strictObject({
  app: AppId,
  with: AppId,
  includePrereleases: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
});

export function matrixRoutes(deps: AppDeps): RouteSpec[] {
  const { registry } = deps;
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/matrix',
      tag: 'check',
      summary: "An app's versions against another app's series: pass and fail counts and the latest verdict",
      query: MatrixQuery,
      responses: { 200: { description: 'The grid', schema: GridSchema }, 404: { description: 'Unknown app' } },
      async handler({ query, res }) {
        requireApp(deps.catalog, query.app);
        requireApp(deps.catalog, query.with);
        if (query.app === query.with) throw unprocessable('invalid query: with: must be another app than app', [{ path: 'query.with', message: 'must differ from app' }]);
        const index = await registry.current();
        res.set('Cache-Control', 'no-cache');
        // express adds a strong ETag over the body and answers a matching If-None-Match with 304.
        return buildGrid(index, query.app, query.with, { includePrereleases: query.includePrereleases });
      },
    }),
  ];
}
