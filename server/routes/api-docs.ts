// GET /api/docs: the OpenAPI document as a readable page, rendered on the server from the
// document itself (no script, no assets from elsewhere).
import { z } from 'zod';
import { defineRoute, type RouteSpec } from '../http/route.ts';
import { buildApiDocsView } from '../pages/api-docs-view.ts';
import { answerIfFresh, makeEtag } from '../pages/conditional.ts';
import { buildId, renderPage, setHtmlHeaders, siteFeeds } from '../pages/render.ts';

export function apiDocsRoutes(getDocument: () => Record<string, unknown>, version: string, startedAt: Date): RouteSpec[] {
  let page: { etag: string; html: string } | null = null;
  return [
    defineRoute({
      method: 'get',
      path: '/api/docs',
      tag: 'service',
      summary: 'This API documented as an HTML page, generated from the OpenAPI document',
      responses: {
        200: { description: 'The page', schema: z.string(), contentType: 'text/html' },
        304: { description: 'Not modified' },
      },
      handler({ req, res }) {
        // The document is fixed for the life of the process: render it once.
        page ??= { etag: makeEtag(buildId, version, 'api-docs'), html: renderPage('./api-docs', { title: 'API documentation', feeds: siteFeeds, view: buildApiDocsView(getDocument()) }) };
        setHtmlHeaders(res);
        if (answerIfFresh(req, res, { etag: page.etag, lastModified: startedAt })) return undefined;
        res.send(page.html);
        return undefined;
      },
    }),
  ];
}
