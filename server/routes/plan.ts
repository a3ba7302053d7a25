// POST/GET /api/v1/plan: the whole-stack plan for an inventory (docs/api.md, "Whole-stack plan").
import type { Request, Response } from 'express';
import { z } from 'zod';
import { Plan } from '../../matrix/contract.ts';
import type { PlanRequest } from '../../matrix/plan.ts';
import { sendCachedJson } from '../http/cached-json.ts';
import { defineRoute, type RouteSpec } from '../http/route.ts';
import { AppId } from '../http/schemas.ts';
import { createPlanCache, type PlanLimits } from '../registry/plan-cache.ts';
import type { AppDeps } from '../deps.ts';
import { Installed, installedBounds, installedFromQuery } from './check.ts';

// Issue 14: a plan should cost at most a few checks, and answer within a fixed time however
// pathological the registry; past either bound the answer is the best plan found (complete: false).
// The search runs on the event loop, so the time bound is also how long other requests may wait.
export const planLimits: PlanLimits = { checks: 8, milliseconds: 500 };

const PlanBody = z.strictObject({
  installed: Installed.describe(`app → installed version, loosely written: {"nextcloud": "33.0.8", "php": "8.2.33"} (${installedBounds})`),
  includePrereleases: z.boolean().default(false),
  hold: z.array(AppId).max(64).default([]).describe('Apps the admin will not touch now: they stay where they are'),
});

const PlanQuery = z.object({
  includePrereleases: z.enum(['true', 'false']).default('false').describe('Every other parameter but hold is app=version'),
  hold: z.union([z.string().max(64 * 41), z.array(z.string().max(64 * 41)).max(64)]).optional().describe('Apps not to touch now, comma-separated: hold=roundcube,wordpress'),
  // Each app=version given once; its bounds are Installed's (installedFromQuery), as for a POST.
}).catchall(z.string());

export function planRoutes(deps: AppDeps): RouteSpec[] {
  const { registry } = deps;
  const platform = new Set(deps.catalog.apps.filter((app) => app.kind === 'platform').map((app) => app.id));
  const cache = createPlanCache({ clock: deps.clock, platform, limits: planLimits });

  async function answer(req: Request, res: Response, request: PlanRequest): Promise<undefined> {
    const index = await registry.current();
    return sendCachedJson(req, res, cache.answer(index, registry.revision, request));
  }

  return [
    defineRoute({
      method: 'post',
      path: '/api/v1/plan',
      tag: 'check',
      summary: 'The whole-stack plan: ordered single-app upgrades, each safe where it is taken, with the reasons for what stays behind',
      body: PlanBody,
      responses: { 200: { description: 'The plan', schema: Plan } },
      handler: ({ body, req, res }) => answer(req, res, body),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/plan',
      tag: 'check',
      summary: 'The same plan for curl: /api/v1/plan?nextcloud=33.0.8&php=8.2.33&hold=roundcube',
      query: PlanQuery,
      responses: { 200: { description: 'The plan', schema: Plan }, 304: { description: 'Unchanged since the ETag sent in If-None-Match' } },
      handler({ query, req, res }) {
        const { includePrereleases, hold, ...installed } = query;
        const held = [hold ?? []].flat().flatMap((list) => list.split(',')).map((app) => app.trim()).filter((app) => app !== '');
        return answer(req, res, { installed: installedFromQuery(installed as Record<string, string>), includePrereleases: includePrereleases === 'true', hold: held });
      },
    }),
  ];
}
