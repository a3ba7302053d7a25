import type { Response } from 'express';
import { z } from 'zod';
import { unprocessable } from '../errors.ts';
import { defineRoute, type RouteSpec } from '../http/route.ts';
import { createAdviceCache } from '../registry/advice-cache.ts';
import type { AppDeps } from '../deps.ts';

const Status = z.enum(['safe', 'untested', 'broken', 'withdrawn', 'blocked']);

export const AdviceSchema = z.object({
  generatedAt: z.string(),
  apps: z.array(z.object({
    app: z.string(),
    installed: z.string().describe('The installed version, normalised'),
    installedStatus: Status,
    installedReason: z.string().optional().describe('Why the installed version is withdrawn or blocked'),
    installedInsecure: z.literal(true).optional().describe('Present when upstream lists the installed version as having known vulnerabilities (WordPress stable-check); upgrade even if nothing newer is tested'),
    latest: z.string().nullable(),
    latestSafe: z.string().nullable(),
    nextStep: z.string().nullable(),
    path: z.array(z.string()),
    pathComplete: z.boolean(),
    upgrades: z.array(z.object({
      version: z.string(),
      status: Status,
      direct: z.boolean(),
      reason: z.string().optional(),
      evidence: z.array(z.object({ run: z.number(), testedAt: z.string(), with: z.record(z.string(), z.string()) })).optional(),
      insecure: z.literal(true).optional().describe('Present when upstream lists this version as having known vulnerabilities'),
    })),
  })),
  unknown: z.object({ apps: z.array(z.string()), versions: z.array(z.object({ app: z.string(), version: z.string() })) }),
});

// Any one server runs a handful of the suite's apps; the bound only keeps requests small.
const maxApps = 64;

const Installed = z.record(z.string().min(1).max(40), z.string().min(1).max(100))
  .refine((installed) => Object.keys(installed).length > 0, 'name at least one app')
  .refine((installed) => Object.keys(installed).length <= maxApps, `at most ${maxApps} apps`);

const CheckBody = z.strictObject({
  installed: Installed.describe('app → installed version, loosely written: {"nextcloud": "28.0.4", "php": "8.2.18"}'),
  includePrereleases: z.boolean().default(false),
});

const CheckQuery = z.object({
  includePrereleases: z.enum(['true', 'false']).default('false').describe('Every other parameter is app=version'),
}).catchall(z.string().min(1).max(100));

export function checkRoutes(deps: AppDeps): RouteSpec[] {
  const { registry } = deps;
  const cache = createAdviceCache({ clock: deps.clock });

  async function answer(res: Response, installed: Record<string, string>, includePrereleases: boolean): Promise<undefined> {
    const index = registry.registry ?? (await registry.ready());
    const { etag, body } = cache.answer(index, registry.revision, installed, includePrereleases);
    // express answers 304 itself when a GET's If-None-Match has this ETag.
    res.set({ 'Content-Type': 'application/json; charset=utf-8', ETag: etag, 'Cache-Control': 'no-cache' });
    res.send(body);
    return undefined;
  }

  return [
    defineRoute({
      method: 'post',
      path: '/api/v1/check',
      tag: 'check',
      summary: 'Which upgrades of an inventory are safe, with the evidence',
      body: CheckBody,
      responses: { 200: { description: 'The advice', schema: AdviceSchema } },
      handler: ({ body, res }) => answer(res, body.installed, body.includePrereleases),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/check',
      tag: 'check',
      summary: 'The same advice for curl: /api/v1/check?nextcloud=28.0.4&php=8.2.18',
      query: CheckQuery,
      responses: { 200: { description: 'The advice', schema: AdviceSchema }, 304: { description: 'Unchanged since the ETag sent in If-None-Match' } },
      handler({ query, res }) {
        const { includePrereleases, ...installed } = query;
        if (Object.keys(installed).length === 0) {
          throw unprocessable('invalid query: name at least one app, e.g. ?nextcloud=28.0.4&php=8.2.18', [{ path: 'query', message: 'name at least one app' }]);
        }
        if (Object.keys(installed).length > maxApps) throw unprocessable(`invalid query: at most ${maxApps} apps`, [{ path: 'query', message: `at most ${maxApps} apps` }]);
        const long = Object.keys(installed).find((app) => app.length > 40);
        if (long !== undefined) throw unprocessable(`invalid query: "${long.slice(0, 40)}…" is not an app id`, [{ path: `query.${long.slice(0, 40)}`, message: 'app ids have at most 40 characters' }]);
        return answer(res, installed as Record<string, string>, includePrereleases === 'true');
      },
    }),
  ];
}
