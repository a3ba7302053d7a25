// GET /client/vetted.cjs: the light client as one file (server/client-bundle.ts), so a server
// installs it with curl and runs it with the Node.js its distribution ships.
import { defineRoute, type RouteSpec } from '../http/route.ts';
import { createClientBundleCache } from '../client-bundle.ts';
import type { AppDeps } from '../deps.ts';

export function clientFileRoutes(deps: AppDeps): RouteSpec[] {
  const bundle = createClientBundleCache(deps.version);
  return [
    defineRoute({
      method: 'get',
      path: '/client/vetted.cjs',
      tag: 'client',
      summary: 'The vetted client (check, plan, report) as one file for Node.js 18 or newer: curl -o /usr/local/bin/vetted …; chmod +x',
      responses: { 200: { description: 'The client', contentType: 'text/javascript' }, 304: { description: 'Unchanged since the ETag sent in If-None-Match' } },
      async handler({ res }) {
        const { code, etag } = await bundle();
        // express answers 304 itself when If-None-Match has this ETag.
        res.set({ 'Content-Type': 'text/javascript; charset=utf-8', ETag: etag, 'Cache-Control': 'no-cache', 'Content-Disposition': 'inline; filename="vetted"' });
        res.send(code);
        return undefined;
      },
    }),
  ];
}
