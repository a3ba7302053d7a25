import { z } from 'zod';
import { unprocessable } from '../errors.ts';
import { defineRoute, type RouteSpec } from '../http/route.ts';
import { HttpUrl, IdParam, Text, Timestamp } from '../http/schemas.ts';
import { normalizeAppVersion } from '../repositories/releases.ts';
import { addRun, getRun, listRuns, parseRunCursor } from '../repositories/runs.ts';
import type { AppDeps } from '../app.ts';
import { requireApp } from './releases.ts';

export const RunViewSchema = z.object({
  id: z.number(),
  verdict: z.enum(['pass', 'fail']),
  testedAt: z.string(),
  components: z.record(z.string(), z.string()).describe('app → canonical version'),
  notes: z.string().nullable(),
  evidenceUrl: z.string().nullable(),
  recordedBy: z.string().describe('Name of the token that recorded it'),
  createdAt: z.string(),
});

// A run names a configuration of the suite: 18 apps today, room for the catalogue to grow.
const maxComponents = 64;

// Clocks of CI runners drift; a testedAt further ahead would outrank every later run for days.
const maxFutureMs = 5 * 60_000;

const NewRunBody = z.strictObject({
  components: z.record(z.string().min(1).max(40), z.string().min(1).max(100))
    .refine((c) => Object.keys(c).length > 0, 'name at least one app')
    .refine((c) => Object.keys(c).length <= maxComponents, `at most ${maxComponents} apps`)
    .describe('app → version tested, e.g. {"nextcloud": "30.0.2", "php": "8.2.26"}'),
  verdict: z.enum(['pass', 'fail']),
  testedAt: Timestamp.optional().describe('When it was tested; default now'),
  notes: Text.max(10_000).optional(),
  evidenceUrl: HttpUrl.optional().describe('CI job or log that shows the result'),
});

const ListQuery = z.strictObject({
  app: z.string().max(40).optional(),
  version: z.string().max(100).optional().describe('Only with app'),
  verdict: z.enum(['pass', 'fail']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.string().max(100).optional().describe('Cursor: nextBefore of the previous page'),
});

export function runRoutes(deps: AppDeps): RouteSpec[] {
  const { db } = deps.database;
  return [
    defineRoute({
      method: 'post',
      path: '/api/v1/runs',
      tag: 'runs',
      summary: 'Record a tested configuration and its verdict',
      auth: 'tester',
      body: NewRunBody,
      status: 201,
      responses: { 201: { description: 'Recorded', schema: RunViewSchema }, 422: { description: 'An unknown app or version (details names each); nothing stored' } },
      async handler({ body, actor }) {
        const now = deps.clock.now();
        const testedAt = body.testedAt ?? now;
        if (testedAt.getTime() > now.getTime() + maxFutureMs) {
          throw unprocessable('invalid body: body.testedAt: lies in the future', [{ path: 'body.testedAt', message: 'lies in the future' }]);
        }
        const run = await addRun(db, deps.catalog, { ...body, testedAt }, actor!.name);
        await deps.changes.publish({ kind: 'run-added', runId: run.id });
        return run;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/runs',
      tag: 'runs',
      summary: 'Runs newest first, filtered by app, version and verdict',
      query: ListQuery,
      responses: { 200: { description: 'One page of runs', schema: z.object({ runs: z.array(RunViewSchema), nextBefore: z.string().nullable() }) }, 404: { description: 'Unknown app' } },
      async handler({ query }) {
        if (query.version !== undefined && query.app === undefined) {
          throw unprocessable('invalid query: query.version: needs app', [{ path: 'query.version', message: 'needs app' }]);
        }
        const app = query.app === undefined ? undefined : requireApp(deps.catalog, query.app);
        const version = app && query.version !== undefined ? normalizeAppVersion(app, query.version) : undefined;
        const before = query.before === undefined ? undefined : parseRunCursor(query.before);
        if (before === null) throw unprocessable('invalid query: query.before: not a cursor from nextBefore', [{ path: 'query.before', message: 'not a cursor' }]);
        return listRuns(db, { appId: app?.id, version, verdict: query.verdict, limit: query.limit, before });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/runs/:id',
      tag: 'runs',
      summary: 'One run',
      params: IdParam,
      responses: { 200: { description: 'The run', schema: RunViewSchema }, 404: { description: 'No such run' } },
      async handler({ params }) {
        return getRun(db, params.id);
      },
    }),
  ];
}
