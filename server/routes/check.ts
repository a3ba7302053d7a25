import type { Request, Response } from 'express';
import { z } from 'zod';
import type { CandidateList } from '../../matrix/advice.ts';
import { Advice } from '../../matrix/contract.ts';
import { unprocessable } from '../errors.ts';
import { sendCachedJson } from '../http/cached-json.ts';
import { defineRoute, parseInput, type RouteSpec } from '../http/route.ts';
import { maxAppIdLength, maxVersionLength } from '../http/schemas.ts';
import { createAdviceCache } from '../registry/advice-cache.ts';
import type { AppDeps } from '../deps.ts';

// Any one server runs a handful of the suite's apps; the bound only keeps requests small.
const maxApps = 64;

/** The bounds of an inventory, for the OpenAPI descriptions. */
export const installedBounds = `1 to ${maxApps} apps, ids of 1 to ${maxAppIdLength} characters, versions of 1 to ${maxVersionLength}`;

// The bounds are one check over the entries rather than a schema per key and per value: every
// check request is parsed here, and most name a dozen apps.
export const Installed = z.record(z.string(), z.string()).check((ctx) => {
  const apps = Object.keys(ctx.value);
  if (apps.length === 0) ctx.issues.push({ code: 'custom', message: 'name at least one app', input: ctx.value });
  if (apps.length > maxApps) ctx.issues.push({ code: 'custom', message: `at most ${maxApps} apps`, input: ctx.value });
  for (const app of apps) {
    if (app.length === 0 || app.length > maxAppIdLength) ctx.issues.push({ code: 'custom', message: `app ids have 1 to ${maxAppIdLength} characters`, input: app, path: [app] });
    const version = ctx.value[app]!;
    if (version.length === 0 || version.length > maxVersionLength) ctx.issues.push({ code: 'custom', message: `a version has 1 to ${maxVersionLength} characters`, input: version, path: [app] });
  }
});

const Candidates = z.enum(['all', 'summary']).default('all')
  .describe('Which candidates `upgrades` lists: every one (default, as the contract promises), or `summary`: per series the newest candidate and the newest safe one (what `vetted check` prints), with `omitted` counting the rest');

const CheckBody = z.strictObject({
  installed: Installed.describe(`app → installed version, loosely written: {"nextcloud": "28.0.4", "php": "8.2.18-1+deb12u1"} (${installedBounds})`),
  includePrereleases: z.boolean().default(false),
  candidates: Candidates,
});

// The options are camelCase so they can never be an app id (ids are lowercase, scrapers/catalog.ts).
const CheckQuery = z.object({
  includePrereleases: z.enum(['true', 'false']).default('false').describe('Every other parameter is app=version'),
  candidates: Candidates,
  // Each app=version given once; its bounds are Installed's (installedFromQuery), as for a POST.
}).catchall(z.string());

export function checkRoutes(deps: AppDeps): RouteSpec[] {
  const { registry } = deps;
  const cache = createAdviceCache({ clock: deps.clock });

  async function answer(req: Request, res: Response, installed: Record<string, string>, includePrereleases: boolean, candidates: CandidateList): Promise<undefined> {
    const index = await registry.current();
    return sendCachedJson(req, res, cache.answer(index, registry.revision, installed, includePrereleases, candidates));
  }

  return [
    defineRoute({
      method: 'post',
      path: '/api/v1/check',
      tag: 'check',
      summary: 'Which upgrades of an inventory are safe, with the evidence',
      body: CheckBody,
      responses: { 200: { description: 'The advice', schema: Advice } },
      handler: ({ body, req, res }) => answer(req, res, body.installed, body.includePrereleases, body.candidates),
    }),
    defineRoute({
      method: 'get',
      path: '/api/v1/check',
      tag: 'check',
      summary: 'The same advice for curl: /api/v1/check?nextcloud=28.0.4&php=8.2.18',
      query: CheckQuery,
      responses: { 200: { description: 'The advice', schema: Advice }, 304: { description: 'Unchanged since the ETag sent in If-None-Match' } },
      handler({ query, req, res }) {
        const { includePrereleases, candidates, ...installed } = query;
        return answer(req, res, installedFromQuery(installed as Record<string, string>), includePrereleases === 'true', candidates);
      },
    }),
  ];
}

/** The `app=version` parameters of a GET, held to the same bounds as a body's `installed`. */
export function installedFromQuery(installed: Record<string, string>): Record<string, string> {
  if (Object.keys(installed).length === 0) {
    throw unprocessable('invalid query: name at least one app, e.g. ?nextcloud=28.0.4&php=8.2.18', [{ path: 'query', message: 'name at least one app' }]);
  }
  return parseInput(Installed, installed, 'query');
}
