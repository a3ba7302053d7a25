// The public pages: GET / (tested versions) and GET /apps/{app}. Server-rendered, no script.
import { z } from 'zod';
import { defineRoute, type RouteSpec } from '../http/route.ts';
import { findCatalogApp } from '../repositories/apps.ts';
import { buildAppView, shownRunIds } from '../pages/app-view.ts';
import { baseUrl } from '../pages/base-url.ts';
import { buildHomeRow, buildHomeView } from '../pages/home-view.ts';
import { renderPage, siteFeeds } from '../pages/render.ts';
import { sendErrorPage, serveCached, shorten, type PublicContext } from '../pages/public-context.ts';

const Html = z.string().describe('An HTML page');

// Pages are reached from links and bookmarks: unknown query fields are ignored, not refused.
const AppPageQuery = z.object({
  includePrereleases: z.enum(['true', 'false']).optional().describe('Also list prereleases'),
});

const AppPageParams = z.object({ app: z.string().describe('App id from the catalogue, e.g. nextcloud') });

// The newest releases; an app with years of history would otherwise make a page of megabytes.
const releasesShown = 150;

const conditional = {
  304: { description: 'Not modified: the ETag (If-None-Match) or Last-Modified (If-Modified-Since) the client holds is current' },
};

export function pageRoutes(context: PublicContext): RouteSpec[] {
  const { data } = context;
  const { catalog } = context.deps;
  return [
    defineRoute({
      method: 'get',
      path: '/',
      tag: 'pages',
      summary: 'Tested versions: every app with its newest confirmed and newest upstream release, its status and watch health',
      responses: { 200: { description: 'The page (ETag, Last-Modified, Cache-Control for a CDN)', schema: Html, contentType: 'text/html' }, ...conditional },
      async handler({ req, res }) {
        const origin = baseUrl(context.deps.config, req);
        await serveCached(context, req, res, {
          key: `home ${origin}`,
          type: 'html',
          async render(state) {
            const summaries = await data.summaries(state.registry);
            return renderPage('./home', { title: 'Tested versions', feeds: siteFeeds, view: buildHomeView(summaries, state.registry), origin });
          },
        });
        return undefined;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/apps/:app',
      tag: 'pages',
      summary: "One app's releases with their status and evidence, and its grid against the platform (PHP, Debian, MariaDB series)",
      params: AppPageParams,
      query: AppPageQuery,
      responses: {
        200: { description: 'The page (ETag, Last-Modified, Cache-Control for a CDN)', schema: Html, contentType: 'text/html' },
        ...conditional,
        404: { description: 'No such app (an HTML page listing the known ones)', schema: Html, contentType: 'text/html' },
      },
      async handler({ params, query, req, res }) {
        const app = findCatalogApp(catalog, params.app);
        if (!app) {
          sendErrorPage(res, 404, 'No such app', `This registry has no app called “${shorten(params.app)}”.`, { apps: catalog.apps });
          return undefined;
        }
        const includePrereleases = query.includePrereleases === 'true';
        await serveCached(context, req, res, {
          key: `app ${app.id} ${includePrereleases}`,
          type: 'html',
          async render(state) {
            const { registry } = state;
            const summaries = await data.summaries(registry);
            const page = data.releases(registry, app, { includePrereleases, limit: releasesShown });
            const runDetails = await data.runDetails(shownRunIds(registry, app.id, page.releases));
            const summary = summaries.find((s) => s.id === app.id) ?? null;
            const view = buildAppView({ app, catalog, summary, registry, releases: page.releases, moreReleases: page.more, runDetails, includePrereleases });
            const status = summary ? buildHomeRow(summary, registry) : { confirmed: null, badge: { tone: 'none', symbol: '–', label: 'No releases known yet' }, statusDetail: null };
            const feeds = [
              { title: `${app.name} releases confirmed working (RSS)`, type: 'application/rss+xml', href: `/apps/${encodeURIComponent(app.id)}/feed.xml` },
              { title: `${app.name} releases confirmed working (Atom)`, type: 'application/atom+xml', href: `/apps/${encodeURIComponent(app.id)}/feed.atom` },
              { title: `${app.name} releases confirmed working (JSON Feed)`, type: 'application/feed+json', href: `/apps/${encodeURIComponent(app.id)}/feed.json` },
              ...siteFeeds,
            ];
            return renderPage('./app', { title: app.name, feeds, view, status });
          },
        });
        return undefined;
      },
    }),
  ];
}
