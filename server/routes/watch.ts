// POST /api/v1/watch: poll upstream now (admin), answering when the watch is done.
import { z } from 'zod';
import { UnknownAppsError } from '../../scrapers/watch/watch-results.ts';
import { ApiError, unprocessable } from '../errors.ts';
import { defineRoute, type RouteSpec } from '../http/route.ts';
import { AppId } from '../http/schemas.ts';
import type { AppDeps } from '../deps.ts';

const WatchBody = z.strictObject({
  apps: z.array(AppId).max(100).optional().describe('App ids to poll; default every app with a source'),
});

const SourceResult = z.object({
  key: z.string(),
  kind: z.string(),
  status: z.enum(['ok', 'not-modified', 'failed', 'skipped']),
  error: z.string().nullable(),
  releases: z.number(),
  dropped: z.number(),
  requests: z.number(),
  nextAttemptAt: z.string().nullable(),
});

export const WatchSummarySchema = z.object({
  startedAt: z.string(),
  finishedAt: z.string(),
  newReleases: z.number(),
  requests: z.number(),
  apps: z.array(z.object({
    app: z.string(),
    status: z.enum(['updated', 'unchanged', 'not-modified', 'partial', 'failed', 'skipped', 'no-sources']),
    newVersions: z.array(z.string()),
    newlyInsecure: z.array(z.string()).describe('Stored versions upstream now lists as having known vulnerabilities'),
    supportChanged: z.array(z.string()).describe('Series whose support dates upstream states anew (a new series, a changed date or LTS flag)'),
    requests: z.number(),
    sources: z.array(SourceResult),
  })),
});

export function watchRoutes(deps: AppDeps): RouteSpec[] {
  const { watcher } = deps;
  return [
    defineRoute({
      method: 'post',
      path: '/api/v1/watch',
      tag: 'watch',
      summary: 'Poll upstream now (all apps, or the ones named) and answer with what was found per app',
      auth: 'admin',
      body: WatchBody,
      responses: {
        200: { description: 'The watch ran', schema: WatchSummarySchema },
        409: { description: 'A watch is already running (here or on another instance)' },
        422: { description: 'Unknown app ids' },
      },
      async handler({ body }) {
        try {
          const outcome = await watcher.runNow({ ...(body.apps ? { apps: body.apps } : {}), force: true });
          if (!outcome.ran) throw new ApiError(409, 'watch_in_progress', 'a watch is already running; try again when it has finished');
          return outcome.summary;
        } catch (error) {
          if (error instanceof UnknownAppsError) {
            throw unprocessable(error.message, error.apps.map((app) => ({ path: 'body.apps', message: `unknown app "${app}"` })));
          }
          throw error;
        }
      },
    }),
  ];
}
