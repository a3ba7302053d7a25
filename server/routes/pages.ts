// The public pages, per stack (docs/api.md, Stacks): GET / and /stacks/{id} (tested versions),
// GET /apps/{app} (?stack=) and /stacks/{id}/apps/{app}. Server-rendered, no script.
import type { Request, Response } from 'express';
import { z } from 'zod';
import type { Stack } from '../../matrix/contract.ts';
import type { Registry } from '../../matrix/registry.ts';
import { defaultStack, findStack } from '../../matrix/stacks.ts';
import { dayOf } from '../../matrix/support.ts';
import type { CatalogApp } from '../../scrapers/catalog.ts';
import { defineRoute, type RouteSpec } from '../http/route.ts';
import { findCatalogApp } from '../repositories/apps.ts';
import { buildAppView } from '../pages/app-view.ts';
import { baseUrl } from '../pages/base-url.ts';
import { buildHomeView } from '../pages/home-view.ts';
import { feedPath } from '../pages/paths.ts';
import { shownRunIds } from '../pages/release-view.ts';
import { renderPage, siteFeeds, type FeedLink } from '../pages/render.ts';
import { sendErrorPage, serveCached, shorten, type PublicContext } from '../pages/public-context.ts';

const Html = z.string().describe('An HTML page');

const StackId = z.string().describe('Stack id (GET /api/v1/stacks), e.g. bookworm');
const StackQuery = z.string().max(40).optional().describe('Stack id the statuses are judged on; default: the default stack');
const IncludePrereleases = z.enum(['true', 'false']).optional().describe('Also list prereleases');

// Pages are reached from links and bookmarks: unknown query fields are ignored, not refused.
const AppPageQuery = z.object({ includePrereleases: IncludePrereleases, stack: StackQuery });
const StackAppPageQuery = z.object({ includePrereleases: IncludePrereleases });
const AppPageParams = z.object({ app: z.string().describe('App id from the catalogue, e.g. nextcloud') });
const StackPageParams = z.object({ stack: StackId });
const StackAppPageParams = z.object({ stack: StackId, app: z.string().describe('App id from the catalogue, e.g. nextcloud') });

// The newest releases; an app with years of history would otherwise make a page of megabytes.
const releasesShown = 150;

const conditional = {
  304: { description: 'Not modified: the ETag (If-None-Match) or Last-Modified (If-Modified-Since) the client holds is current' },
};
const page200 = { description: 'The page (ETag, Last-Modified, Cache-Control for a CDN)', schema: Html, contentType: 'text/html' };
const noStack = { description: 'No such stack or app (an HTML page listing the known ones)', schema: Html, contentType: 'text/html' };

export function pageRoutes(context: PublicContext): RouteSpec[] {
  const { data } = context;
  const { catalog } = context.deps;

  /** The stack a path or query names (the default one when none), or null after answering 404. */
  async function stackOr404(res: Response, id: string | undefined): Promise<Stack | null> {
    const registry = await context.deps.registry.current();
    const stack = id === undefined ? defaultStack(registry) : findStack(registry, id);
    if (!stack) sendErrorPage(res, 404, 'No such stack', `This registry has no stack called “${shorten(id ?? '')}”.`, { stacks: registry.stacks, apps: catalog.apps });
    return stack;
  }

  /** The stack again in the state being rendered (an admin may have just changed the list). */
  function current(registry: Registry, stack: Stack): Stack {
    return findStack(registry, stack.id) ?? defaultStack(registry);
  }

  async function home(req: Request, res: Response, stackId: string | undefined): Promise<undefined> {
    const stack = await stackOr404(res, stackId);
    if (!stack) return undefined;
    const origin = baseUrl(context.deps.config, req);
    // Support states change at midnight (UTC) with no write.
    const today = dayOf(context.deps.clock.now());
    await serveCached(context, req, res, {
      key: `home ${stack.id} ${origin}`,
      type: 'html',
      day: today,
      async render(state) {
        const on = current(state.registry, stack);
        const view = buildHomeView(await data.summaries(state.registry, on), state.registry, on, today);
        // The default stack's page offers the feed of every stack first, another stack's its own.
        const feeds: FeedLink[] = !view.feeds.stack ? siteFeeds : view.stack.current.isDefault ? [...siteFeeds, ...stackFeeds(on)] : [...stackFeeds(on), ...siteFeeds];
        return renderPage('./home', { title: 'Tested versions', feeds, view, origin });
      },
    });
    return undefined;
  }

  async function appPage(req: Request, res: Response, appId: string, stackId: string | undefined, includePrereleases: boolean): Promise<undefined> {
    const app = findCatalogApp(catalog, appId);
    if (!app) {
      sendErrorPage(res, 404, 'No such app', `This registry has no app called “${shorten(appId)}”.`, { apps: catalog.apps });
      return undefined;
    }
    const stack = await stackOr404(res, stackId);
    if (!stack) return undefined;
    const today = dayOf(context.deps.clock.now());
    await serveCached(context, req, res, {
      key: `app ${app.id} ${stack.id} ${includePrereleases}`,
      type: 'html',
      day: today,
      async render(state) {
        const { registry } = state;
        const on = current(registry, stack);
        const summary = (await data.summaries(registry, on)).find((s) => s.id === app.id) ?? null;
        const page = data.releases(registry, app, { stack: on, includePrereleases, limit: releasesShown });
        const runDetails = await data.runDetails(shownRunIds(page.releases));
        const view = buildAppView({ app, catalog, summary, registry, stack: on, releases: page.releases, moreReleases: page.more, runDetails, includePrereleases, today });
        const feeds = [...(registry.stacks.length > 1 ? appFeeds(app, on) : []), ...appFeeds(app, null), ...siteFeeds];
        return renderPage('./app', { title: app.name, feeds, view });
      },
    });
    return undefined;
  }

  return [
    defineRoute({
      method: 'get',
      path: '/',
      tag: 'pages',
      summary: 'Tested versions on the default stack: every app with its newest confirmed and newest upstream release, its status and why, and watch health',
      responses: { 200: page200, ...conditional },
      handler: ({ req, res }) => home(req, res, undefined),
    }),
    defineRoute({
      method: 'get',
      path: '/stacks/:stack',
      tag: 'pages',
      summary: 'Tested versions on one stack',
      params: StackPageParams,
      responses: { 200: page200, ...conditional, 404: noStack },
      handler: ({ params, req, res }) => home(req, res, params.stack),
    }),
    defineRoute({
      method: 'get',
      path: '/apps/:app',
      tag: 'pages',
      summary: 'One app on a stack (?stack=, default: the default stack): where it stands on each stack and why, its grid against the platform, its releases grouped by series with their status and evidence',
      params: AppPageParams,
      query: AppPageQuery,
      responses: { 200: page200, ...conditional, 404: noStack },
      handler: ({ params, query, req, res }) => appPage(req, res, params.app, query.stack, query.includePrereleases === 'true'),
    }),
    defineRoute({
      method: 'get',
      path: '/stacks/:stack/apps/:app',
      tag: 'pages',
      summary: 'One app on one stack (the same page as /apps/{app}?stack=)',
      params: StackAppPageParams,
      query: StackAppPageQuery,
      responses: { 200: page200, ...conditional, 404: noStack },
      handler: ({ params, query, req, res }) => appPage(req, res, params.app, params.stack, query.includePrereleases === 'true'),
    }),
  ];
}

function stackFeeds(stack: Stack): FeedLink[] {
  return [
    { title: `Releases confirmed working on ${stack.name} (RSS)`, type: 'application/rss+xml', href: feedPath(stack, null, 'xml') },
    { title: `Releases confirmed working on ${stack.name} (Atom)`, type: 'application/atom+xml', href: feedPath(stack, null, 'atom') },
    { title: `Releases confirmed working on ${stack.name} (JSON Feed)`, type: 'application/feed+json', href: feedPath(stack, null, 'json') },
  ];
}

/** The app's feeds of every stack, and of this one when there are several. */
function appFeeds(app: CatalogApp, stack: Stack | null): FeedLink[] {
  const on = stack ? ` on ${stack.name}` : '';
  return [
    { title: `${app.name} releases confirmed working${on} (RSS)`, type: 'application/rss+xml', href: feedPath(stack, app.id, 'xml') },
    { title: `${app.name} releases confirmed working${on} (Atom)`, type: 'application/atom+xml', href: feedPath(stack, app.id, 'atom') },
    { title: `${app.name} releases confirmed working${on} (JSON Feed)`, type: 'application/feed+json', href: feedPath(stack, app.id, 'json') },
  ];
}
