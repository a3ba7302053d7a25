// createApp(deps) builds the express app without listening; server/main.ts composes and listens.
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import { createRequestTokens } from './auth.ts';
import type { AppDeps } from './deps.ts';
import { errorBody, errorMiddleware, maxBodyBytes } from './http/classify-error.ts';
import { openApiDocument } from './http/openapi.ts';
import { createRouter, defineRoute, mountRoutes, type RouteSpec } from './http/route.ts';
import type { Logger } from './logger.ts';
import { apiCors, failedAuthRateLimit, securityHeaders, writeRateLimit } from './http/security.ts';
import { createMetrics } from './metrics.ts';
import { appRoutes } from './routes/apps.ts';
import { metricsRoutes } from './routes/metrics.ts';
import { healthRoutes } from './routes/health.ts';
import { releaseRoutes } from './routes/releases.ts';
import { checkRoutes } from './routes/check.ts';
import { planRoutes } from './routes/plan.ts';
import { clientFileRoutes } from './routes/client-file.ts';
import { constraintRoutes } from './routes/constraints.ts';
import { matrixRoutes } from './routes/matrix.ts';
import { runRoutes } from './routes/runs.ts';
import { stackRoutes } from './routes/stacks.ts';
import { supportRoutes } from './routes/support.ts';
import { publicSurfaces } from './pages/public-surfaces.ts';
import { renovateRoutes } from './routes/renovate.ts';
import { watchRoutes } from './routes/watch.ts';

export function apiRoutes(deps: AppDeps): RouteSpec[] {
  return [
    // The check first: it is the hot path, and express tries routes in order.
    ...checkRoutes(deps), ...planRoutes(deps), ...healthRoutes(deps), ...appRoutes(deps), ...releaseRoutes(deps),
    ...runRoutes(deps), ...constraintRoutes(deps), ...stackRoutes(deps), ...supportRoutes(deps), ...matrixRoutes(deps),
    ...renovateRoutes(deps), ...watchRoutes(deps), ...metricsRoutes(createMetrics(deps)), ...clientFileRoutes(deps),
  ];
}

export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  app.set('etag', 'strong');
  app.use(securityHeaders());
  app.use('/api', apiCors());
  const limits = deps.rateLimits ?? deps.config.rateLimits;
  const tokens = createRequestTokens(deps.tokens);
  app.use(failedAuthRateLimit(limits, deps.log, tokens));
  app.use(writeRateLimit(limits, deps.log, tokens));
  app.use(express.json({ limit: maxBodyBytes, strict: true, type: ['application/json', 'application/*+json'] }));

  const specs = apiRoutes(deps);
  const openapi = defineRoute({
    method: 'get',
    path: '/api/v1/openapi.json',
    tag: 'service',
    summary: 'This OpenAPI 3.1 document',
    responses: { 200: { description: 'The document' } },
    handler: () => document,
  });
  // Pages, feeds and /api/docs: in the OpenAPI document, but answered with HTML errors.
  const surfaces = publicSurfaces(deps, () => document, tokens);
  const document = openApiDocument([...specs, openapi, ...surfaces.specs], { version: deps.version });
  const router = createRouter();
  mountRoutes(router, [...specs, openapi], tokens);
  app.use(router);
  app.use(surfaces.router);

  app.use('/api', apiNotFound);
  app.use(surfaces.notFound);
  app.use(errorHandler(deps.log));
  return app;
}

const apiNotFound: RequestHandler = (req, res) => {
  res.status(404).json({ error: { code: 'not_found', message: `no such endpoint: ${req.method} ${req.originalUrl.split('?')[0]}` } });
};

function errorHandler(log: Logger): ErrorRequestHandler {
  return errorMiddleware(log, (res, classified) => res.status(classified.status).json(errorBody(classified)));
}
