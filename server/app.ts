// createApp(deps) builds the express app without listening; server/main.ts composes and listens.
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import type { Catalog } from '../scrapers/catalog.ts';
import { createRequestTokens, type TokenVerifier } from './auth.ts';
import type { RegistryHolder } from './registry/holder.ts';
import type { ChangeBus } from './changes.ts';
import type { Clock } from './clock.ts';
import type { Database } from './db/database.ts';
import type { Config } from './env.ts';
import { ApiError, isDatabaseUnavailable } from './errors.ts';
import { openApiDocument } from './http/openapi.ts';
import { createRouter, defineRoute, mountRoutes, type RouteSpec } from './http/route.ts';
import type { Logger } from './logger.ts';
import { apiCors, failedAuthRateLimit, securityHeaders, writeRateLimit, type RateLimitOptions } from './http/security.ts';
import { createMetrics } from './metrics.ts';
import { appRoutes } from './routes/apps.ts';
import { metricsRoutes } from './routes/metrics.ts';
import { healthRoutes } from './routes/health.ts';
import { releaseRoutes } from './routes/releases.ts';
import { checkRoutes } from './routes/check.ts';
import { clientFileRoutes } from './routes/client-file.ts';
import { constraintRoutes } from './routes/constraints.ts';
import { matrixRoutes } from './routes/matrix.ts';
import { runRoutes } from './routes/runs.ts';
import { stackRoutes } from './routes/stacks.ts';
import { publicSurfaces } from './pages/public-surfaces.ts';
import { renovateRoutes } from './routes/renovate.ts';
import { watchRoutes } from './routes/watch.ts';
import type { Watcher } from './watcher.ts';

export interface AppDeps {
  config: Config;
  database: Database;
  catalog: Catalog;
  log: Logger;
  clock: Clock;
  changes: ChangeBus;
  tokens: TokenVerifier;
  /** vetted's own version, for the User-Agent and OpenAPI. */
  version: string;
  /** The in-memory index of releases, runs and constraints that answers reads. */
  registry: RegistryHolder;
  /** Limits on writes per token and failed sign-ins per address; default: the configured ones (config.rateLimits). */
  rateLimits?: RateLimitOptions;
  /** The watcher: POST /api/v1/watch, and runs naming a version not known yet (main.ts passes the scheduled one). */
  watcher: Watcher;
}

// Bodies are small JSON documents; anything larger is a mistake or an attack.
const maxBodyBytes = '256kb';

export function apiRoutes(deps: AppDeps): RouteSpec[] {
  return [
    // The check first: it is the hot path, and express tries routes in order.
    ...checkRoutes(deps), ...healthRoutes(deps), ...appRoutes(deps), ...releaseRoutes(deps),
    ...runRoutes(deps), ...constraintRoutes(deps), ...stackRoutes(deps), ...matrixRoutes(deps),
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

// body-parser's errors carry a `type`; each maps to a message the caller can act on.
const bodyErrors: Record<string, { status: number; code: string; message: string }> = {
  'entity.parse.failed': { status: 400, code: 'invalid_json', message: 'the request body is not valid JSON' },
  'entity.too.large': { status: 413, code: 'body_too_large', message: `the request body is larger than ${maxBodyBytes}` },
  'encoding.unsupported': { status: 415, code: 'unsupported_encoding', message: 'unsupported content encoding' },
  'charset.unsupported': { status: 415, code: 'unsupported_charset', message: 'unsupported charset; send UTF-8' },
  'request.aborted': { status: 400, code: 'request_aborted', message: 'the request was aborted' },
  'entity.verify.failed': { status: 400, code: 'invalid_body', message: 'the request body was rejected' },
};

function errorHandler(log: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    if (res.headersSent) {
      res.end();
      return;
    }
    if (error instanceof ApiError) {
      res.status(error.status).json({ error: { code: error.code, message: error.message, ...(error.details === undefined ? {} : { details: error.details }) } });
      return;
    }
    const bodyError = typeof error?.type === 'string' ? bodyErrors[error.type] : undefined;
    if (bodyError) {
      res.status(bodyError.status).json({ error: { code: bodyError.code, message: bodyError.message } });
      return;
    }
    if (typeof error?.status === 'number' && error.status >= 400 && error.status < 500) {
      res.status(error.status).json({ error: { code: 'bad_request', message: 'the request could not be read' } });
      return;
    }
    if (isDatabaseUnavailable(error)) {
      log.warn({ method: req.method, path: req.path }, 'database unavailable');
      res.status(503).set('Retry-After', '5').json({ error: { code: 'database_unavailable', message: 'the database is unreachable; try again shortly' } });
      return;
    }
    log.error({ err: error, method: req.method, path: req.path }, 'unhandled error');
    res.status(500).json({ error: { code: 'internal', message: 'internal error; it has been logged' } });
  };
}
