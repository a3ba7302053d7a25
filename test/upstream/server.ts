// The recorded upstream: one loopback HTTP server answering like GitHub's REST API (tags and
// releases with per_page/page, Link headers, ETag + 304, x-ratelimit-* headers) and like the web
// pages and JSON endpoints of the catalogue (under /<host>/<path>), from test/fixtures. Faults can
// be injected per path; every request is logged so tests can count them and check that every
// fixture was used and no URL went without one.
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';

export const fixturesDir = path.join(import.meta.dirname, '../fixtures');

export type Fault =
  /** Answer with this status (500, 502, 503…) and a short error body. */
  | { kind: 'status'; status: number }
  /** Accept the request and never answer (the client's timeout must end it). */
  | { kind: 'hang' }
  /** 200 with a JSON body cut in the middle. */
  | { kind: 'malformed-json' }
  /** 200 with a redesigned page that holds none of the expected markup. */
  | { kind: 'changed-html' }
  /** GitHub's primary (403, x-ratelimit-remaining 0, reset) or secondary/429 (retry-after) rate limit. */
  | { kind: 'rate-limit'; status: 403 | 429; retryAfterSeconds?: number; resetInSeconds?: number }
  /** 200 with an empty list. */
  | { kind: 'empty' };

export interface FaultRule {
  /** Matched against the request path (`/repos/nextcloud/server/tags`, `/www.php.net/releases/index.php`). */
  path: string | RegExp;
  fault: Fault;
  /** How many requests it hits before it stops; default every one. */
  times?: number;
}

export interface LoggedRequest {
  method: string;
  path: string;
  query: string;
  status: number;
  /** It carried If-None-Match or If-Modified-Since. */
  conditional: boolean;
  userAgent: string | null;
  /** The fixture that answered; null for none (404) or an injected fault. */
  fixture: string | null;
  fault: Fault['kind'] | null;
}

export interface RecordedUpstream {
  /** http://127.0.0.1:port — also the GITHUB_API_URL to use. */
  url: string;
  requests: LoggedRequest[];
  inject(rule: FaultRule): void;
  clearFaults(): void;
  clearLog(): void;
  /** Upstream changes a web page or JSON document (`/host/path`): its body and so its ETag change. */
  replaceWeb(path: string, change: (body: string) => string): void;
  /** Upstream publishes something: the item goes first in that GitHub list. */
  prependGithub(repo: string, what: 'tags' | 'releases', item: Record<string, unknown>): void;
  /** Fixtures never answered with 200 or 304. */
  unusedFixtures(): string[];
  /** Requests that found no fixture. */
  unmatched(): LoggedRequest[];
  close(): Promise<void>;
}

interface WebRoute {
  path: string;
  query: string;
  type: string;
  file: string;
}

interface GithubList {
  key: string;
  repo: string;
  what: 'tags' | 'releases';
  id: number;
  items: unknown[];
}

// GitHub's default and largest page sizes (REST docs, "Using pagination in the REST API").
const defaultPerPage = 30;
const maxPerPage = 100;
// Unauthenticated REST limit per hour (REST docs, "Rate limits for the REST API").
const rateLimit = 60;
// Fixed Last-Modified of the web fixtures, so If-Modified-Since is deterministic.
const webLastModified = 'Sat, 01 Aug 2026 00:00:00 GMT';

function loadGithubLists(): GithubList[] {
  const root = path.join(fixturesDir, 'github');
  const lists: GithubList[] = [];
  let id = 1000;
  for (const owner of readdirSync(root).sort()) {
    for (const name of readdirSync(path.join(root, owner)).sort()) {
      for (const what of ['tags', 'releases'] as const) {
        const file = path.join(root, owner, name, `${what}.json`);
        if (!statSync(file, { throwIfNoEntry: false })) continue;
        lists.push({ key: `github/${owner}/${name}/${what}`, repo: `${owner}/${name}`, what, id: id++, items: JSON.parse(readFileSync(file, 'utf8')) as unknown[] });
      }
    }
  }
  return lists;
}

function loadWebRoutes(): Array<WebRoute & { body: string }> {
  const routes = JSON.parse(readFileSync(path.join(fixturesDir, 'web', 'routes.json'), 'utf8')) as WebRoute[];
  return routes.map((route) => ({ ...route, body: readFileSync(path.join(fixturesDir, 'web', route.file), 'utf8') }));
}

function etagOf(body: string): string {
  return `W/"${createHash('sha1').update(body).digest('hex')}"`;
}

export async function startRecordedUpstream(): Promise<RecordedUpstream> {
  const lists = loadGithubLists();
  const webRoutes = loadWebRoutes();
  const requests: LoggedRequest[] = [];
  let faults: Array<FaultRule & { hits: number }> = [];
  const sockets = new Set<Socket>();
  const hanging = new Set<ServerResponse>();
  let remaining = rateLimit;
  let baseUrl = '';

  function takeFault(requestPath: string): Fault | null {
    for (const rule of faults) {
      const matches = typeof rule.path === 'string' ? requestPath === rule.path || requestPath.startsWith(`${rule.path}`) : rule.path.test(requestPath);
      if (!matches) continue;
      if (rule.times !== undefined && rule.hits >= rule.times) continue;
      rule.hits++;
      return rule.fault;
    }
    return null;
  }

  function rateHeaders(): Record<string, string> {
    return {
      'x-ratelimit-limit': String(rateLimit),
      'x-ratelimit-remaining': String(Math.max(remaining, 0)),
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
      'x-ratelimit-used': String(rateLimit - Math.max(remaining, 0)),
      'x-ratelimit-resource': 'core',
    };
  }

  function applyFault(fault: Fault, req: IncomingMessage, res: ServerResponse, isGithub: boolean): number {
    switch (fault.kind) {
      case 'status':
        res.writeHead(fault.status, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Server Error' }));
        return fault.status;
      case 'hang':
        hanging.add(res);
        req.on('close', () => hanging.delete(res));
        return 0;
      case 'malformed-json':
        res.writeHead(200, { 'content-type': 'application/json' }).end('{"8.5.9": {"announcement": true, "tags": ["secu');
        return 200;
      case 'changed-html':
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end('<!DOCTYPE html><html><body><main class="releases-grid"><section><h2>Releases</h2><span>See our new release portal.</span></section></main></body></html>');
        return 200;
      case 'rate-limit': {
        const reset = Math.floor(Date.now() / 1000) + (fault.resetInSeconds ?? 0);
        const headers: Record<string, string> = { 'content-type': 'application/json', ...rateHeaders(), 'x-ratelimit-reset': String(reset) };
        if (fault.status === 403) headers['x-ratelimit-remaining'] = '0';
        if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
        const message = fault.status === 403
          ? 'API rate limit exceeded for 127.0.0.1. (But here\'s the good news: Authenticated requests get a higher rate limit.)'
          : 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.';
        res.writeHead(fault.status, headers).end(JSON.stringify({ message, documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api' }));
        return fault.status;
      }
      case 'empty':
        res.writeHead(200, { 'content-type': 'application/json' }).end(isGithub ? '[]' : '{}');
        return 200;
    }
  }

  function serveGithub(list: GithubList, url: URL, req: IncomingMessage, res: ServerResponse): number {
    const perPage = Math.min(Number(url.searchParams.get('per_page') ?? defaultPerPage) || defaultPerPage, maxPerPage);
    const page = Math.max(Number(url.searchParams.get('page') ?? 1) || 1, 1);
    const lastPage = Math.max(Math.ceil(list.items.length / perPage), 1);
    const body = JSON.stringify(list.items.slice((page - 1) * perPage, page * perPage));
    const etag = etagOf(body);
    const link = (p: number) => `<${baseUrl}/repositories/${list.id}/${list.what}?per_page=${perPage}&page=${p}>`;
    const links: string[] = [];
    if (page > 1) links.push(`${link(page - 1)}; rel="prev"`, `${link(1)}; rel="first"`);
    if (page < lastPage) links.push(`${link(page + 1)}; rel="next"`, `${link(lastPage)}; rel="last"`);
    const headers: Record<string, string> = { etag, ...rateHeaders(), 'cache-control': 'public, max-age=60, s-maxage=60', vary: 'Accept, Accept-Encoding' };
    if (links.length > 0) headers.link = links.join(', ');
    if (req.headers['if-none-match'] === etag) {
      // Conditional requests answered 304 do not count against the rate limit (REST docs, "Use conditional requests").
      res.writeHead(304, headers).end();
      return 304;
    }
    remaining--;
    res.writeHead(200, { ...headers, 'content-type': 'application/json; charset=utf-8' }).end(body);
    return 200;
  }

  function serveWeb(route: WebRoute & { body: string }, req: IncomingMessage, res: ServerResponse): number {
    const etag = etagOf(route.body);
    const headers = { etag, 'last-modified': webLastModified };
    const since = req.headers['if-modified-since'];
    const unchangedSince = since !== undefined && Date.parse(since) >= Date.parse(webLastModified);
    if (req.headers['if-none-match'] === etag || (req.headers['if-none-match'] === undefined && unchangedSince)) {
      res.writeHead(304, headers).end();
      return 304;
    }
    res.writeHead(200, { ...headers, 'content-type': route.type }).end(route.body);
    return 200;
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', baseUrl);
    const entry: LoggedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.search.slice(1),
      status: 0,
      conditional: req.headers['if-none-match'] !== undefined || req.headers['if-modified-since'] !== undefined,
      userAgent: req.headers['user-agent'] ?? null,
      fixture: null,
      fault: null,
    };
    requests.push(entry);
    const repoMatch = /^\/repos\/([^/]+)\/([^/]+)\/(tags|releases)$/.exec(url.pathname);
    const idMatch = /^\/repositories\/(\d+)\/(tags|releases)$/.exec(url.pathname);
    const list = repoMatch
      ? lists.find((l) => l.repo.toLowerCase() === `${repoMatch[1]}/${repoMatch[2]}`.toLowerCase() && l.what === repoMatch[3])
      : idMatch ? lists.find((l) => l.id === Number(idMatch[1]) && l.what === idMatch[2]) : undefined;
    const isGithub = repoMatch !== null || idMatch !== null;
    const fault = takeFault(list ? `/repos/${list.repo}/${list.what}` : url.pathname);
    if (fault) {
      entry.fault = fault.kind;
      entry.status = applyFault(fault, req, res, isGithub);
      return;
    }
    if (list) {
      entry.fixture = list.key;
      entry.status = serveGithub(list, url, req, res);
      return;
    }
    const route = webRoutes.find((r) => r.path === url.pathname && r.query === url.search.slice(1));
    if (route) {
      entry.fixture = `web/${route.file}`;
      entry.status = serveWeb(route, req, res);
      return;
    }
    entry.status = 404;
    res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Not Found', documentation_url: 'https://docs.github.com/rest' }));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url: baseUrl,
    requests,
    inject(rule) {
      faults.push({ ...rule, hits: 0 });
    },
    clearFaults() {
      faults = [];
    },
    clearLog() {
      requests.length = 0;
    },
    replaceWeb(routePath, change) {
      const route = webRoutes.find((r) => r.path === routePath);
      if (!route) throw new Error(`no web fixture for ${routePath}`);
      route.body = change(route.body);
    },
    prependGithub(repo, what, item) {
      const list = lists.find((l) => l.repo === repo && l.what === what);
      if (!list) throw new Error(`no GitHub fixture for ${repo} ${what}`);
      list.items.unshift(item);
    },
    unusedFixtures() {
      const used = new Set(requests.filter((r) => r.status === 200 || r.status === 304).map((r) => r.fixture));
      return [...lists.map((l) => l.key), ...webRoutes.map((r) => `web/${r.file}`)].filter((key) => !used.has(key));
    },
    unmatched() {
      return requests.filter((r) => r.status === 404);
    },
    async close() {
      for (const res of hanging) res.destroy();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
