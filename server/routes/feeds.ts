// Feeds of releases as they become confirmed working: RSS, Atom and JSON Feed, for all apps and per app.
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { CatalogApp } from '../../scrapers/catalog.ts';
import { feedEntries, feedEvents } from '../feeds/feed-entries.ts';
import { JsonFeed } from '../feeds/json-feed.ts';
import { feedFormats, renderFeed, type FeedFormat } from '../feeds/render-feed.ts';
import { defineRoute, type RouteSpec } from '../http/route.ts';
import { findCatalogApp } from '../repositories/apps.ts';
import { baseUrl } from '../pages/base-url.ts';
import { sendErrorPage, serveCached, shorten, type PublicContext } from '../pages/public-context.ts';

const FeedParams = z.object({ app: z.string().describe('App id from the catalogue, e.g. nextcloud') });

const formats: FeedFormat[] = ['rss', 'atom', 'json'];

function feedSchema(format: FeedFormat): z.ZodType {
  return format === 'json' ? JsonFeed : z.string().describe(format === 'rss' ? 'RSS 2.0' : 'Atom 1.0');
}

const notModified = { description: 'Not modified: the ETag or Last-Modified the reader holds is current' };

export function feedRoutes(context: PublicContext): RouteSpec[] {
  const { catalog } = context.deps;
  const routes: RouteSpec[] = [];

  async function answer(req: Request, res: Response, format: FeedFormat, app: CatalogApp | null): Promise<void> {
    const origin = baseUrl(context.deps.config, req);
    const path = app ? `/apps/${encodeURIComponent(app.id)}` : '';
    await serveCached(context, req, res, {
      key: `feed ${format} ${app?.id ?? '*'} ${origin}`,
      type: feedFormats[format].contentType,
      async render(state) {
        const { registry } = state;
        const appId = app?.id ?? null;
        const details = await context.data.runDetails(feedEvents({ registry, catalog, appId }).map((event) => event.runId));
        const entries = feedEntries({ registry, catalog, baseUrl: origin, appId }, details);
        return renderFeed(format, {
          title: app ? `${app.name} releases confirmed working · vetted` : 'Releases confirmed working · vetted',
          description: app
            ? `Each ${app.name} release as it is first confirmed working with the rest of the suite.`
            : 'Each release of the suite’s apps as it is first confirmed working with the rest of the suite (the platform, PHP, Debian and MariaDB, has a feed per component).',
          pageUrl: `${origin}${path || '/'}`,
          feedBase: `${origin}${path}/feed`,
          version: context.deps.version,
          fallbackUpdated: state.since,
        }, entries);
      },
    });
  }

  for (const format of formats) {
    const { extension, contentType, label } = feedFormats[format];
    const mediaType = contentType.split(';')[0]!;
    routes.push(defineRoute({
      method: 'get',
      path: `/feed.${extension}`,
      tag: 'feeds',
      summary: `${label} of releases as they are first confirmed working, newest first`,
      responses: { 200: { description: `The ${label} feed`, schema: feedSchema(format), contentType: mediaType }, 304: notModified },
      async handler({ req, res }) {
        await answer(req, res, format, null);
        return undefined;
      },
    }));
  }
  for (const format of formats) {
    const { extension, contentType, label } = feedFormats[format];
    const mediaType = contentType.split(';')[0]!;
    routes.push(defineRoute({
      method: 'get',
      path: `/apps/:app/feed.${extension}`,
      tag: 'feeds',
      summary: `${label} of one app's releases as they are first confirmed working`,
      params: FeedParams,
      responses: {
        200: { description: `The ${label} feed`, schema: feedSchema(format), contentType: mediaType },
        304: notModified,
        404: { description: 'No such app (an HTML page)' },
      },
      async handler({ params, req, res }) {
        const app = findCatalogApp(catalog, params.app);
        if (!app) {
          sendErrorPage(res, 404, 'No such app', `This registry has no app called “${shorten(params.app)}”, so it has no feed.`, { apps: catalog.apps });
          return undefined;
        }
        await answer(req, res, format, app);
        return undefined;
      },
    }));
  }
  return routes;
}
