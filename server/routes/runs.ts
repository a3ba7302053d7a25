import { z } from 'zod';
import { Run, VerdictChange } from '../../matrix/contract.ts';
import { snapshotVerdicts, verdictChanges, type ReleaseRef } from '../../matrix/verdict-changes.ts';
import { unprocessable } from '../errors.ts';
import { requireApp } from '../http/lookups.ts';
import { defineRoute, type RouteSpec } from '../http/route.ts';
import { AppId, HttpUrl, IdParam, maxAppIdLength, maxVersionLength, Text, Timestamp, VersionText } from '../http/schemas.ts';
import { normalizeAppVersion } from '../repositories/releases.ts';
import { getRun, listRuns, parseRunCursor, resolveRuns, runsRefused, storeRuns, writtenRun, type NewRun, type UnknownRelease } from '../repositories/runs.ts';
import { createUpstreamLookup } from '../registry/upstream-lookup.ts';
import type { AppDeps } from '../deps.ts';

// A run names a configuration of the suite: 18 apps today, room for the catalogue to grow.
const maxComponents = 64;
// A test history imported at once; larger ones are sent in several requests.
const maxBatch = 500;

// Clocks of CI runners drift; a testedAt further ahead would outrank every later run for days.
const maxFutureMs = 5 * 60_000;

const NewRunBody = z.strictObject({
  components: z.record(AppId, VersionText)
    .refine((c) => Object.keys(c).length > 0, 'name at least one app')
    .refine((c) => Object.keys(c).length <= maxComponents, `at most ${maxComponents} apps`)
    .describe('app → version tested, read as loosely as the check reads it: {"nextcloud": "30.0.2", "php": "8.2.26-1+deb12u1"}'),
  verdict: z.enum(['pass', 'fail']),
  failed: z.array(AppId).min(1).max(maxComponents).refine((apps) => new Set(apps).size === apps.length, 'names an app twice').optional()
    .describe('Only with verdict fail: the components the tester saw fail. Without it a failure blames every component, so it counts only on servers that run all of them'),
  testedAt: Timestamp.optional().describe('When it was tested; default now'),
  notes: Text.max(10_000).optional(),
  evidenceUrl: HttpUrl.optional().describe('CI job or log that shows the result'),
});

const RunsBody = z.union([NewRunBody, z.array(NewRunBody).min(1).max(maxBatch).describe(`Up to ${maxBatch} runs, stored all or none`)]);

const Recorded = Run.extend({ changes: z.array(VerdictChange).describe('Verdicts this run changed, per stack') });
const RecordedBatch = z.object({ runs: z.array(Run), changes: z.array(VerdictChange) });

const ListQuery = z.strictObject({
  app: z.string().max(maxAppIdLength).optional(),
  version: z.string().max(maxVersionLength).optional().describe('Only with app'),
  verdict: z.enum(['pass', 'fail']).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.string().max(100).optional().describe('Cursor: nextBefore of the previous page'),
});

export function runRoutes(deps: AppDeps): RouteSpec[] {
  const { db } = deps.database;
  const upstream = createUpstreamLookup({ watcher: deps.watcher, catalog: deps.catalog, clock: deps.clock });

  /** Resolves, polls upstream once for versions the registry does not know yet, and stores. */
  async function record(inputs: NewRun[], batch: boolean, actor: string) {
    const prefix = (index: number) => (batch ? `body.${index}` : 'body');
    let resolution = await resolveRuns(db, deps.catalog, inputs, prefix);
    let polled: Map<string, string> = new Map();
    if (!resolution.ok && resolution.problems.length === 0) {
      polled = await upstream.poll(resolution.unknown.map((release) => release.appId));
      resolution = await resolveRuns(db, deps.catalog, inputs, prefix);
    }
    if (!resolution.ok) throw runsRefused(resolution.problems, resolution.unknown, (release) => unknownHint(release, polled.get(release.appId)));
    const touched: ReleaseRef[] = [...new Map(resolution.runs.flatMap((run) => run.components).map((c) => [`${c.appId}@${c.version}`, { appId: c.appId, version: c.version }])).values()];
    const before = snapshotVerdicts(await deps.registry.current(), touched);
    const runs = await storeRuns(db, resolution.runs, actor);
    await deps.changes.publish({ kind: 'runs-added', runs: runs.map(writtenRun) });
    const registry = await deps.registry.current();
    return { runs, changes: verdictChanges(registry, touched, before, snapshotVerdicts(registry, touched)) };
  }

  function unknownHint(release: UnknownRelease, polled: string | undefined): string {
    const app = deps.catalog.apps.find((a) => a.id === release.appId)!;
    const add = `an admin can add it: POST /api/v1/apps/${app.id}/releases {"version": "${release.version}"}`;
    if (app.sources.length === 0) return `${app.name} ${release.version} is not a known release (${app.name} has no upstream feed); ${add}`;
    return `${app.name} ${release.version} is not a known release${polled ? `; ${app.name}'s upstream was ${polled}` : ''}; ${add}`;
  }

  return [
    defineRoute({
      method: 'post',
      path: '/api/v1/runs',
      tag: 'runs',
      summary: 'Record a tested configuration and its verdict, or an array of up to 500 (all or none)',
      auth: 'tester',
      body: RunsBody,
      status: 201,
      responses: {
        201: { description: 'Recorded: the run with the verdicts it changed (for an array: {runs, changes})', schema: z.union([Recorded, RecordedBatch]) },
        422: { description: 'An unknown app, an unreadable version or one the registry does not know even after polling its upstream (details names each); nothing stored' },
      },
      async handler({ body, actor }) {
        const batch = Array.isArray(body);
        const now = deps.clock.now();
        const inputs = (batch ? body : [body]).map((run, index): NewRun => {
          const testedAt = run.testedAt ?? now;
          if (testedAt.getTime() > now.getTime() + maxFutureMs) {
            const path = batch ? `body.${index}.testedAt` : 'body.testedAt';
            throw unprocessable(`invalid body: ${path}: lies in the future`, [{ path, message: 'lies in the future' }]);
          }
          return { ...run, testedAt };
        });
        const { runs, changes } = await record(inputs, batch, actor!.name);
        return batch ? { runs, changes } : { ...runs[0]!, changes };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/runs',
      tag: 'runs',
      summary: 'Runs newest first, filtered by app, version and verdict',
      query: ListQuery,
      responses: { 200: { description: 'One page of runs', schema: z.object({ runs: z.array(Run), nextBefore: z.string().nullable() }) }, 404: { description: 'Unknown app' } },
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
      responses: { 200: { description: 'The run', schema: Run }, 404: { description: 'No such run' } },
      async handler({ params }) {
        return getRun(db, params.id);
      },
    }),
  ];
}
