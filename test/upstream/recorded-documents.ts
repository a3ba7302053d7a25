// Recorded web documents (test/fixtures/web, listed in routes.json or another list there) served
// under /<host>/<path> with an ETag and a fixed Last-Modified, answering If-None-Match and
// If-Modified-Since with 304. The html and json kinds each serve theirs through this
// (scrapers/kinds/{html,json}.upstream.ts), the support kinds theirs (scrapers/support/support.upstream.ts).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { DocumentRoute, UpstreamHandler } from './upstream-handler.ts';

// Fixed Last-Modified of the web fixtures, so If-Modified-Since is deterministic.
const webLastModified = 'Sat, 01 Aug 2026 00:00:00 GMT';

export function etagOf(body: string): string {
  return `W/"${createHash('sha1').update(body).digest('hex')}"`;
}

export interface RecordedDocuments extends UpstreamHandler {
  /** Upstream changes a document (`/host/path`): its body and so its ETag change. False: not one of these. */
  replace(path: string, change: (body: string) => string): boolean;
}

export function recordedDocuments(
  fixturesDir: string,
  serves: (route: DocumentRoute) => boolean,
  faultBodies: UpstreamHandler['faultBodies'],
  /** The list of routes in test/fixtures/web. */
  routesFile = 'routes.json',
): RecordedDocuments {
  const all = JSON.parse(readFileSync(path.join(fixturesDir, 'web', routesFile), 'utf8')) as DocumentRoute[];
  const routes = all.filter(serves).map((route) => ({ ...route, body: readFileSync(path.join(fixturesDir, 'web', route.file), 'utf8') }));
  return {
    faultBodies,
    fixtures: () => routes.map((route) => `web/${route.file}`),
    claim(url) {
      const route = routes.find((r) => r.path === url.pathname && r.query === url.search.slice(1));
      if (!route) return null;
      return {
        faultPath: url.pathname,
        serve(req, res) {
          const fixture = `web/${route.file}`;
          const etag = etagOf(route.body);
          const headers = { etag, 'last-modified': webLastModified };
          const since = req.headers['if-modified-since'];
          const unchangedSince = since !== undefined && Date.parse(since) >= Date.parse(webLastModified);
          if (req.headers['if-none-match'] === etag || (req.headers['if-none-match'] === undefined && unchangedSince)) {
            res.writeHead(304, headers).end();
            return { status: 304, fixture };
          }
          res.writeHead(200, { ...headers, 'content-type': route.type }).end(route.body);
          return { status: 200, fixture };
        },
      };
    },
    replace(routePath, change) {
      const route = routes.find((r) => r.path === routePath);
      if (!route) return false;
      route.body = change(route.body);
      return true;
    },
  };
}
