import { z } from 'zod';
import { databaseRetryAfterSeconds } from '../http/classify-error.ts';
import { defineRoute, type RouteSpec } from '../http/route.ts';
import type { AppDeps } from '../deps.ts';

const Health = z.object({ status: z.enum(['ok', 'unavailable']), db: z.enum(['ok', 'unreachable']) });

export function healthRoutes(deps: AppDeps): RouteSpec[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/health',
      tag: 'service',
      summary: 'Whether the service and its database answer',
      responses: { 200: { description: 'Healthy', schema: Health }, 503: { description: 'The database is unreachable', schema: Health } },
      async handler({ res }) {
        res.set('Cache-Control', 'no-store');
        try {
          await deps.database.ping(1000);
          return { status: 'ok', db: 'ok' };
        } catch {
          res.set('Retry-After', String(databaseRetryAfterSeconds));
          res.status(503).json({ status: 'unavailable', db: 'unreachable', error: { code: 'database_unavailable', message: 'the database is unreachable' } });
          return undefined;
        }
      },
    }),
  ];
}
