// Everything outside /api/v1 that people and feed readers see: the pages, the feeds, the API
// documentation and the stylesheet, with HTML answers for errors and unknown addresses.
import express, { type ErrorRequestHandler, type RequestHandler, type Router } from 'express';
import type { RequestTokens } from '../auth.ts';
import type { AppDeps } from '../deps.ts';
import { ApiError } from '../errors.ts';
import { errorMiddleware, type ClassifiedError } from '../http/classify-error.ts';
import { createRouter, mountRoutes, type RouteSpec } from '../http/route.ts';
import type { Logger } from '../logger.ts';
import { apiDocsRoutes } from '../routes/api-docs.ts';
import { feedRoutes } from '../routes/feeds.ts';
import { pageRoutes } from '../routes/pages.ts';
import { supportCalendarRoutes } from '../routes/support-calendar.ts';
import { createPublicContext, sendErrorPage, shorten } from './public-context.ts';
import { createPublicData } from './public-data.ts';
import { staticDir } from './render.ts';

export interface PublicSurfaces {
  /** For the OpenAPI document. */
  specs: RouteSpec[];
  router: Router;
  /** HTML 404 for any address nothing else answered. */
  notFound: RequestHandler;
}

export function publicSurfaces(deps: AppDeps, getDocument: () => Record<string, unknown>, tokens: RequestTokens): PublicSurfaces {
  const data = createPublicData({ db: deps.database.db, catalog: deps.catalog, clock: deps.clock, holder: deps.registry });
  const context = createPublicContext(deps, data);
  const specs = [...pageRoutes(context), ...feedRoutes(context), ...supportCalendarRoutes(context), ...apiDocsRoutes(getDocument, deps.version, deps.clock.now())];
  const router = createRouter();
  // The stylesheet's URL carries its hash, so a day's caching never serves an old one to a new page.
  router.use('/static', express.static(staticDir, { maxAge: '1d', index: false, redirect: false }));
  mountRoutes(router, specs, tokens);
  router.use(htmlErrors(deps.log));
  const notFound: RequestHandler = (req, res) => {
    sendErrorPage(res, 404, 'Page not found', `There is nothing at ${shorten(req.path)}.`, { apps: deps.catalog.apps });
  };
  return { specs, router, notFound };
}

// Headings of the HTML error page, by who is at fault; the message is the classified one for a
// caller's mistake and a plain sentence otherwise (no codes for people).
function pageText(classified: ClassifiedError, error: unknown): { heading: string; message: string } {
  if (classified.status === 503) return { heading: 'Temporarily unavailable', message: 'The registry’s database cannot be reached right now. Try again in a moment.' };
  if (classified.status >= 500) return { heading: 'Something went wrong', message: 'The error has been logged. Try again later.' };
  return { heading: 'That address cannot be answered', message: error instanceof ApiError ? classified.message : 'The address could not be read.' };
}

function htmlErrors(log: Logger): ErrorRequestHandler {
  return errorMiddleware(log, (res, classified, error) => {
    const { heading, message } = pageText(classified, error);
    sendErrorPage(res, classified.status, heading, message);
  });
}
