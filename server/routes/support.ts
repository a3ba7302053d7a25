// Support and end of life per series (docs/api.md, Support): what the watcher, the catalogue and
// admins say, merged; admins set and clear their own dates.
import { z } from 'zod';
import { SeriesSupport } from '../../matrix/contract.ts';
import { supportList } from '../../matrix/support.ts';
import { compareVersions } from '../../matrix/versions.ts';
import { notFound } from '../errors.ts';
import { defineRoute, type RouteSpec } from '../http/route.ts';
import { maxAppIdLength } from '../http/schemas.ts';
import { clearAdminSupport, setAdminSupport } from '../repositories/support.ts';
import type { AppDeps } from '../deps.ts';

const Day = z.iso.date().describe('A calendar day, YYYY-MM-DD');

const AdminSupportBody = z.strictObject({
  releasedAt: Day.optional(),
  activeSupportEnd: Day.optional(),
  securitySupportEnd: Day.optional(),
  lts: z.boolean().optional(),
  note: z.string().trim().min(1).max(500).optional().describe('Why the dates were set by hand, shown with them'),
});

const SupportQuery = z.strictObject({
  app: z.string().max(maxAppIdLength).optional().describe('Only this app'),
  stack: z.string().max(40).optional().describe("Only the series of this stack's components"),
});

const SeriesParams = z.strictObject({ app: z.string().max(maxAppIdLength), series: z.string().max(40) });

const SupportAnswer = z.object({ generatedAt: z.string(), series: z.array(SeriesSupport) });

export function supportRoutes(deps: AppDeps): RouteSpec[] {
  const { db } = deps.database;
  return [
    defineRoute({
      method: 'get',
      path: '/api/v1/support',
      tag: 'support',
      summary: 'Support and end-of-life dates per series, every origin merged (an admin’s date wins)',
      query: SupportQuery,
      responses: { 200: { description: 'Per app (catalogue order), newest series first', schema: SupportAnswer }, 404: { description: 'No such app or stack' } },
      async handler({ query }) {
        const registry = await deps.registry.current();
        const now = deps.clock.now();
        if (query.app !== undefined && !registry.apps.has(query.app)) throw notFound(`there is no app "${query.app}"; GET /api/v1/apps lists them`);
        const stack = query.stack === undefined ? null : registry.stacks.find((s) => s.id === query.stack);
        if (stack === undefined) throw notFound(`there is no stack "${query.stack}"; GET /api/v1/stacks lists them`);
        const apps = [...registry.apps.keys()].filter((id) => query.app === undefined || id === query.app);
        const compare = (app: string, a: string, b: string) => compareVersions(a, b, registry.apps.get(app)!.info.versioning);
        let series = supportList(registry.support, apps, now, compare);
        if (stack) series = series.filter((s) => stack.components[s.app] === s.series);
        return { generatedAt: now.toISOString(), series };
      },
    }),
    defineRoute({
      method: 'put',
      path: '/api/v1/apps/:app/series/:series/support',
      tag: 'support',
      summary: 'Set or correct a series’ support dates by hand; they win over upstream’s, field by field, and a watch never overwrites them',
      auth: 'admin',
      params: SeriesParams,
      body: AdminSupportBody,
      responses: { 200: { description: 'The series’ support as it now stands', schema: SeriesSupport }, 404: { description: 'No such app' }, 422: { description: 'Unreadable series, no dates, or dates out of order' } },
      async handler({ params, body, actor }) {
        const record = await setAdminSupport(db, deps.catalog, params.app, params.series, body, actor!.name);
        await deps.changes.publish({ kind: 'support-changed' });
        return currentSupport(deps, record.app, record.series);
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/v1/apps/:app/series/:series/support',
      tag: 'support',
      summary: 'Clear the dates an admin set for a series: upstream’s (or the catalogue’s) show again',
      auth: 'admin',
      params: SeriesParams,
      responses: { 200: { description: 'What remains known of the series, or `null` when nothing', schema: SeriesSupport.nullable() }, 404: { description: 'No such app, or no dates set by hand for it' } },
      async handler({ params, actor }) {
        const { app, series } = await clearAdminSupport(db, deps.catalog, params.app, params.series, actor!.name);
        await deps.changes.publish({ kind: 'support-changed' });
        return currentSupport(deps, app, series);
      },
    }),
  ];
}

async function currentSupport(deps: AppDeps, app: string, series: string): Promise<SeriesSupport | null> {
  const registry = await deps.registry.current();
  const versioning = registry.apps.get(app)!.info.versioning;
  const list = supportList(registry.support, [app], deps.clock.now(), (_app, a, b) => compareVersions(a, b, versioning));
  return list.find((entry) => entry.series === series) ?? null;
}
