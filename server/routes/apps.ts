import { z } from 'zod';
import { Evidence, StackRef, UpgradeStatus } from '../../matrix/contract.ts';
import { requireStack } from '../http/lookups.ts';
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
  latestRelease: z.object({
    version: z.string(),
    publishedAt: z.string().nullable(),
    status: UpgradeStatus.describe('Its status on the stack'),
    reason: z.string().optional().describe('Why it is untested, blocked or withdrawn'),
    evidence: z.array(Evidence).optional().describe('For safe and broken: the relevant runs, the deciding one first'),
  }).nullable().describe('Newest final, not withdrawn release; null when none is known'),
  latestConfirmed: z.object({ version: z.string(), testedAt: z.string().describe('When its deciding run was tested'), run: z.number().int() })
    .nullable().describe('Newest final, not withdrawn release confirmed working on the stack; null when none is'),
  watch: Watch,
});

const AppsQuery = z.strictObject({
  stack: z.string().max(40).optional().describe('Stack id the releases are judged on (GET /api/v1/stacks); default: the default stack'),
});

export function appRoutes(deps: AppDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/apps',
      tag: 'catalogue',
      summary: 'The catalogue: every app with its latest upstream and confirmed releases on a stack, and watch health',
      query: AppsQuery,
      responses: {
        200: { description: 'The apps, judged on `stack` (`{"id": "", "name": "any platform"}` when none is declared)', schema: z.object({ stack: StackRef, apps: z.array(AppSummarySchema) }) },
        404: { description: 'Unknown stack' },
      },
      async handler({ query }) {
        const registry = await deps.registry.current();
        const stack = requireStack(registry, query.stack);
        return { stack: { id: stack.id, name: stack.name }, apps: await listAppSummaries(deps.database.db, deps.catalog, registry, stack) };
      },
    }),
  ];
}
