// Everything outside /api/v1 that people and feed readers see: the pages, the feeds, the API
// documentation and the stylesheet, with HTML answers for errors and unknown addresses.
import express, { type ErrorRequestHandler, type RequestHandler, type Router } from 'express';
import type { RequestTokens } from '../auth.ts';
import type { AppDeps } from '../deps.ts';
import { ApiError, isDatabaseUnavailable } from '../errors.ts';
import { createRouter, mountRoutes, type RouteSpec } from '../http/route.ts';
import type { Logger } from '../logger.ts';
import { apiDocsRoutes } from '../routes/api-docs.ts';
import { feedRoutes } from '../routes/feeds.ts';
import { pageRoutes } from '../routes/pages.ts';
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
  const specs = [...pageRoutes(context), ...feedRoutes(context), ...apiDocsRoutes(getDocument, deps.version, deps.clock.now())];
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

function htmlErrors(log: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    if (res.headersSent) {
      res.end();
      return;
    }
    if (error instanceof ApiError && error.status < 500) {
      sendErrorPage(res, error.status, 'That address cannot be answered', error.message);
      return;
    }
    // express's own 4xx errors, e.g. a path whose percent-encoding does not decode.
    if (typeof error?.status === 'number' && error.status >= 400 && error.status < 500) {
      sendErrorPage(res, error.status, 'That address cannot be answered', 'The address could not be read.');
      return;
    }
    if (isDatabaseUnavailable(error)) {
      log.warn({ method: req.method, path: req.path }, 'database unavailable');
      res.set('Retry-After', '5');
      sendErrorPage(res, 503, 'Temporarily unavailable', 'The registry’s database cannot be reached right now. Try again in a moment.');
      return;
    }
    log.error({ err: error, method: req.method, path: req.path }, 'unhandled error');
    sendErrorPage(res, 500, 'Something went wrong', 'The error has been logged. Try again later.');
  };
}
