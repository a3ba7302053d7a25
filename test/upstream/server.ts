// The recorded upstream: one loopback HTTP server for the upstreams of every source kind, each
// answered by the handler beside its kind (scrapers/kinds/*.upstream.ts: GitHub's REST API, the
// HTML pages and JSON endpoints of the catalogue under /<host>/<path>) from test/fixtures. Faults
// can be injected per path; every request is logged so tests can count them and check that every
// fixture was used and no URL went without one.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { githubRateLimit, recordedGithubApi } from '../../scrapers/kinds/github.upstream.ts';
import { recordedHtmlPages } from '../../scrapers/kinds/html.upstream.ts';
import { recordedJsonDocuments } from '../../scrapers/kinds/json.upstream.ts';
import { recordedSupportDocuments } from '../../scrapers/support/support.upstream.ts';
import type { UpstreamHandler } from './upstream-handler.ts';

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
  /**
   * GitHub's primary rate limit (403, x-ratelimit-remaining 0, reset) or its secondary one (429,
   * or 403 with `secondary`; retry-after when given).
   */
  | { kind: 'rate-limit'; status: 403 | 429; secondary?: boolean; retryAfterSeconds?: number; resetInSeconds?: number }
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

export async function startRecordedUpstream(): Promise<RecordedUpstream> {
  const github = recordedGithubApi(fixturesDir);
  const pages = recordedHtmlPages(fixturesDir);
  const documents = recordedJsonDocuments(fixturesDir);
  const supportDocuments = recordedSupportDocuments(fixturesDir);
  const handlers: UpstreamHandler[] = [github, pages, documents, supportDocuments];
  const requests: LoggedRequest[] = [];
  let faults: Array<FaultRule & { hits: number }> = [];
  const sockets = new Set<Socket>();
  const hanging = new Set<ServerResponse>();
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

  function applyFault(fault: Fault, req: IncomingMessage, res: ServerResponse, handler: UpstreamHandler | null): number {
    switch (fault.kind) {
      case 'status':
        res.writeHead(fault.status, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Server Error' }));
        return fault.status;
      case 'hang':
        hanging.add(res);
        req.on('close', () => hanging.delete(res));
        return 0;
      case 'rate-limit': {
        const reset = Math.floor(Date.now() / 1000) + (fault.resetInSeconds ?? 0);
        const secondary = fault.status === 429 || fault.secondary === true;
        const headers: Record<string, string> = {
          'content-type': 'application/json',
          'x-ratelimit-limit': String(githubRateLimit),
          'x-ratelimit-remaining': secondary ? String(githubRateLimit - 1) : '0',
          'x-ratelimit-reset': String(reset),
        };
        if (fault.retryAfterSeconds !== undefined) headers['retry-after'] = String(fault.retryAfterSeconds);
        const message = secondary
          ? 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.'
          : 'API rate limit exceeded for 127.0.0.1. (But here\'s the good news: Authenticated requests get a higher rate limit.)';
        res.writeHead(fault.status, headers).end(JSON.stringify({ message, documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api' }));
        return fault.status;
      }
      default: {
        const shaped = handler?.faultBodies[fault.kind];
        if (!shaped) throw new Error(`the ${fault.kind} fault has no body for ${req.url}`);
        res.writeHead(200, { 'content-type': shaped.type }).end(shaped.body);
        return 200;
      }
    }
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
    let claimed = null;
    let handler: UpstreamHandler | null = null;
    for (const candidate of handlers) {
      claimed = candidate.claim(url);
      if (claimed) {
        handler = candidate;
        break;
      }
    }
    const fault = takeFault(claimed?.faultPath ?? url.pathname);
    if (fault) {
      entry.fault = fault.kind;
      entry.status = applyFault(fault, req, res, handler);
      return;
    }
    if (claimed) {
      Object.assign(entry, claimed.serve(req, res, baseUrl));
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
      if (![pages, documents, supportDocuments].some((handler) => handler.replace(routePath, change))) throw new Error(`no web fixture for ${routePath}`);
    },
    prependGithub(repo, what, item) {
      github.prepend(repo, what, item);
    },
    unusedFixtures() {
      const used = new Set(requests.filter((r) => r.status === 200 || r.status === 304).map((r) => r.fixture));
      return handlers.flatMap((h) => h.fixtures()).filter((key) => !used.has(key));
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
