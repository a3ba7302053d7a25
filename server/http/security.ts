// Security middleware: browser headers, CORS, and rate limits on writes (per token) and failed
// sign-ins (per address).
import cors from 'cors';
import type { Request, RequestHandler } from 'express';
import { rateLimit } from 'express-rate-limit';
import helmet from 'helmet';
import { bearerSecret, type Actor, type RequestTokens } from '../auth.ts';
import type { Logger } from '../logger.ts';
import type { RateLimitOptions } from './rate-limits.ts';

export { defaultRateLimits, type RateLimitOptions } from './rate-limits.ts';

/** Headers for pages: no inline script, no framing, no sniffing. */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'none'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
      },
    },
    // Feeds and the JSON API are read by other sites' readers and dashboards.
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  });
}

const readMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

// POSTs that only read: an inventory is too long for some query strings.
const readPosts = new Set(['/api/v1/check', '/api/v1/plan']);

/** Whether a request changes something (POST /api/v1/check and /api/v1/plan only read). */
export function isWrite(method: string, path: string): boolean {
  return !readMethods.has(method) && !readPosts.has(path);
}

/**
 * CORS: any origin may read the API (and POST a check or a plan); writes get no CORS headers, so browsers
 * on other origins cannot send them with a visitor's credentials.
 */
export function apiCors(): RequestHandler {
  const open = cors({ origin: '*', methods: ['GET', 'HEAD', 'POST'], allowedHeaders: ['Content-Type', 'If-None-Match'], maxAge: 600 });
  return (req, res, next) => {
    const method = req.method === 'OPTIONS' ? (req.get('access-control-request-method') ?? 'GET') : req.method;
    if (isWrite(method.toUpperCase(), req.baseUrl + req.path)) {
      next();
      return;
    }
    open(req, res, next);
  };
}

function tooMany(message: string) {
  return { error: { code: 'rate_limited', message } };
}

/**
 * Limits writes per token, not per address: several CI jobs behind one NAT or proxy each have
 * their own budget. A write without a valid token is not counted here (it is answered 401, and
 * counted per address by failedAuthRateLimit).
 */
export function writeRateLimit(options: RateLimitOptions, log: Logger, tokens: RequestTokens): RequestHandler {
  const actorOf = async (req: Request): Promise<Actor | null> => {
    const secret = bearerSecret(req.get('authorization'));
    return secret === undefined ? null : tokens.actorOf(req, secret);
  };
  return rateLimit({
    windowMs: options.windowMs,
    limit: options.writesPerWindow,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    async skip(req) {
      return !isWrite(req.method, req.path) || (await actorOf(req)) === null;
    },
    // The bootstrap admin token has no id: it gets a budget of its own.
    keyGenerator: async (req) => {
      const actor = await actorOf(req);
      return actor?.tokenId != null ? `token:${actor.tokenId}` : `token:${actor?.name ?? 'none'}`;
    },
    handler: (req, res) => {
      void actorOf(req).then((actor) => log.warn({ token: actor?.name, method: req.method, path: req.path }, 'write rate limit reached'));
      res.status(429).json(tooMany('too many writes with this token; wait and retry (see the RateLimit headers)'));
    },
  });
}

/**
 * Refuses a client address after a burst of requests with a bad token. A request with a valid
 * token is never counted nor refused, so someone guessing behind the same NAT as a tester's CI
 * does not lock the CI out.
 */
export function failedAuthRateLimit(options: RateLimitOptions, log: Logger, tokens: RequestTokens): RequestHandler {
  return rateLimit({
    windowMs: options.windowMs,
    limit: options.failedAuthPerWindow,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    // Only answers of 401 count: a valid token is never slowed by this.
    skipSuccessfulRequests: true,
    requestWasSuccessful: (_req, res) => res.statusCode !== 401,
    async skip(req) {
      const header = req.get('authorization');
      if (header === undefined) return !isWrite(req.method, req.path);
      const secret = bearerSecret(header);
      return secret !== undefined && (await tokens.actorOf(req, secret)) !== null;
    },
    handler: (req, res) => {
      log.warn({ ip: req.ip, method: req.method, path: req.path }, 'too many failed sign-ins');
      res.status(429).json(tooMany('too many requests with an invalid token from this address; wait and retry'));
    },
  });
}
