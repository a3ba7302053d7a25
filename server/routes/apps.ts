import { z } from 'zod';
import { defineRoute, type RouteSpec } from '../http/route.ts';
import { listAppSummaries } from '../repositories/app-summaries.ts';
import type { AppDeps } from '../deps.ts';

const Watch = z.object({
  state: z.enum(['manual', 'never', 'ok', 'failing']),
  lastAttemptAt: z.string().nullable(),
  lastSuccessAt: z.string().nullable(),
  lastError: z.string().nullable(),
  consecutiveFailures: z.number(),
  nextAttemptAt: z.string().nullable(),
});

export const AppSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['app', 'platform']),
  homepage: z.string(),
  series: z.number().describe('Leading version parts that decide compatibility'),
  versioning: z.string(),
  policy: z.object({ maxMajorStep: z.number().optional() }),
  notes: z.string().nullable(),
  latestRelease: z.object({ version: z.string(), publishedAt: z.string().nullable() }).nullable(),
  latestConfirmed: z.object({ version: z.string(), testedAt: z.string() }).nullable(),
  watch: Watch,
});

export function appRoutes(deps: AppDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/apps',
      tag: 'catalogue',
      summary: 'The catalogue: every app with its latest upstream and confirmed releases and watch health',
      responses: { 200: { description: 'The apps', schema: z.object({ apps: z.array(AppSummarySchema) }) } },
      async handler() {
        const registry = await deps.registry.current();
        return { apps: await listAppSummaries(deps.database.db, deps.catalog, registry) };
      },
    }),
  ];
}
