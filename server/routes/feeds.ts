// Feeds of releases as they become confirmed working on a stack, and stop being so: RSS, Atom and
// JSON Feed, of every stack or one (/stacks/{id}/feed.*, ?stack=), of all apps or one.
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { Stack } from '../../matrix/contract.ts';
import type { Registry } from '../../matrix/registry.ts';
import { findStack } from '../../matrix/stacks.ts';
import { dayOf } from '../../matrix/support.ts';
import type { CatalogApp } from '../../scrapers/catalog.ts';
import { feedEntries, feedEvents, feedSize } from '../feeds/feed-entries.ts';
import { JsonFeed } from '../feeds/json-feed.ts';
import { feedFormats, renderFeed, type FeedFormat } from '../feeds/render-feed.ts';
import { supportEntries } from '../feeds/support-entries.ts';
import { defineRoute, type RouteSpec } from '../http/route.ts';
import { baseUrl } from '../pages/base-url.ts';
import { appPagePath, feedPath, stackHomePath } from '../pages/paths.ts';
import { findSubject, serveCached, type PublicContext } from '../pages/public-context.ts';

const AppParams = z.object({ app: z.string().describe('App id from the catalogue, e.g. nextcloud') });
const StackParams = z.object({ stack: z.string().describe('Stack id (GET /api/v1/stacks), e.g. bookworm') });
// Feed readers are given links: unknown query fields are ignored, not refused.
const FeedQuery = z.object({ stack: z.string().max(40).optional().describe('Only this stack (GET /api/v1/stacks); default: every stack') });

const formats: FeedFormat[] = ['rss', 'atom', 'json'];

function feedSchema(format: FeedFormat): z.ZodType {
  return format === 'json' ? JsonFeed : z.string().describe(format === 'rss' ? 'RSS 2.0' : 'Atom 1.0');
}

const notModified = { description: 'Not modified: the ETag or Last-Modified the reader holds is current' };
const notFound = { description: 'No such app or stack (an HTML page)' };

/** The page a feed belongs to: the app's or the tested versions, on its stack (the default one for every stack). */
function pagePath(registry: Registry, app: CatalogApp | null, stack: Stack | null): string {
  if (app) return stack ? appPagePath(registry, stack, app.id) : `/apps/${encodeURIComponent(app.id)}`;
  return stack ? stackHomePath(registry, stack) : '/';
}

export function feedRoutes(context: PublicContext): RouteSpec[] {
  const { catalog } = context.deps;
  const routes: RouteSpec[] = [];

  async function answer(req: Request, res: Response, format: FeedFormat, appId: string | null, stackId: string | undefined): Promise<undefined> {
    const subject = await findSubject(context, res, appId, stackId, 'feed');
    if (!subject) return undefined;
    const { app, stack } = subject;
    const origin = baseUrl(context.deps.config, req);
    // Items about the end of support come due at midnight (UTC) with no write.
    const today = dayOf(context.deps.clock.now());
    await serveCached(context, req, res, {
      key: `feed ${format} ${app?.id ?? '*'} ${stack?.id ?? '*'} ${origin}`,
      type: feedFormats[format].contentType,
      day: today,
      async render(state) {
        const { registry } = state;
        // The stack again in the state being rendered: an admin may have just changed the list.
        const on = stack ? findStack(registry, stack.id) ?? stack : null;
        const scope = { registry, catalog, appId: app?.id ?? null, stack: on };
        const events = feedEvents(scope);
        const details = await context.data.runDetails(events.flatMap((event) => (event.run ? [event.run.run] : [])));
        // Stable: at the same moment, release events before support items.
        const entries = [...feedEntries(scope, events, origin, details), ...supportEntries(scope, today, origin)]
          .sort((a, b) => b.at.getTime() - a.at.getTime())
          .slice(0, app ? feedSize.app : feedSize.all);
        const about = app ? `${app.name} releases` : 'Releases';
        const where = on ? ` on ${on.name}` : '';
        return renderFeed(format, {
          title: `${about} confirmed working${where} · vetted`,
          description: app
            ? `Each ${app.name} release as it becomes confirmed working${on ? ` on ${on.name}` : ' on a stack'}, and when it no longer is (a failing run that counts there, a withdrawal, a constraint)${app.kind === 'platform' ? `; and 30 days before, and the day after, the end of security support of the ${app.name} series a stack runs` : ''}.`
            : `Each release of the suite’s apps as it becomes confirmed working${on ? ` on ${on.name}` : ' on a stack'}, and when it no longer is (a failing run that counts there, a withdrawal, a constraint); and 30 days before, and the day after, the end of security support of each series ${on ? 'the stack' : 'a stack'} runs (PHP, Debian, MariaDB). The platform’s releases have a feed per component.`,
          pageUrl: `${origin}${pagePath(registry, app, on)}`,
          feedUrls: { rss: `${origin}${feedPath(on, app?.id ?? null, 'xml')}`, atom: `${origin}${feedPath(on, app?.id ?? null, 'atom')}`, json: `${origin}${feedPath(on, app?.id ?? null, 'json')}` },
          version: context.deps.version,
          fallbackUpdated: state.since,
        }, entries);
      },
    });
    return undefined;
  }

  for (const format of formats) {
    const { extension, contentType, label } = feedFormats[format];
    const mediaType = contentType.split(';')[0]!;
    const ok = { description: `The ${label} feed`, schema: feedSchema(format), contentType: mediaType };
    routes.push(defineRoute({
      method: 'get',
      path: `/feed.${extension}`,
      tag: 'feeds',
      summary: `${label} of releases as they become confirmed working on each stack (?stack= for one) and stop being so, newest first`,
      query: FeedQuery,
      responses: { 200: ok, 304: notModified, 404: notFound },
      handler: ({ query, req, res }) => answer(req, res, format, null, query.stack),
    }));
    routes.push(defineRoute({
      method: 'get',
      path: `/stacks/:stack/feed.${extension}`,
      tag: 'feeds',
      summary: `${label} of releases as they become confirmed working on one stack and stop being so`,
      params: StackParams,
      responses: { 200: ok, 304: notModified, 404: notFound },
      handler: ({ params, req, res }) => answer(req, res, format, null, params.stack),
    }));
    routes.push(defineRoute({
      method: 'get',
      path: `/apps/:app/feed.${extension}`,
      tag: 'feeds',
      summary: `${label} of one app's releases as they become confirmed working on each stack (?stack= for one) and stop being so`,
      params: AppParams,
      query: FeedQuery,
      responses: { 200: ok, 304: notModified, 404: notFound },
      handler: ({ params, query, req, res }) => answer(req, res, format, params.app, query.stack),
    }));
  }
  return routes;
}
