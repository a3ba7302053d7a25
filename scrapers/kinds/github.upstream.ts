// The GitHub kinds' recorded upstream: GitHub's REST API for the tag and release lists of
// test/fixtures/github/<owner>/<repo>/{tags,releases}.json, with per_page/page, Link headers,
// an ETag per page answered 304, and the x-ratelimit-* headers; a page cut in the middle
// (`malformed-json`) and an empty list (`empty`).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { etagOf } from '../../test/upstream/recorded-documents.ts';
import type { UpstreamHandler } from '../../test/upstream/upstream-handler.ts';
import type { GithubList } from './github-api.ts';

interface RecordedList {
  key: string;
  repo: string;
  what: GithubList;
  id: number;
  items: unknown[];
}

// GitHub's default and largest page sizes (REST docs, "Using pagination in the REST API").
const defaultPerPage = 30;
const maxPerPage = 100;
// Unauthenticated REST limit per hour (REST docs, "Rate limits for the REST API").
export const githubRateLimit = 60;

export interface RecordedGithubApi extends UpstreamHandler {
  /** Upstream publishes something: the item goes first in that list. */
  prepend(repo: string, what: GithubList, item: Record<string, unknown>): void;
}

export function recordedGithubApi(fixturesDir: string): RecordedGithubApi {
  const lists = loadLists(fixturesDir);
  let remaining = githubRateLimit;

  function rateHeaders(): Record<string, string> {
    return {
      'x-ratelimit-limit': String(githubRateLimit),
      'x-ratelimit-remaining': String(Math.max(remaining, 0)),
      'x-ratelimit-reset': String(Math.floor(Date.now() / 1000) + 3600),
      'x-ratelimit-used': String(githubRateLimit - Math.max(remaining, 0)),
      'x-ratelimit-resource': 'core',
    };
  }

  return {
    faultBodies: {
      empty: { type: 'application/json', body: '[]' },
      'malformed-json': { type: 'application/json; charset=utf-8', body: '[{"name":"v35.0.0beta4","commit":{"sha":"4c1' },
    },
    fixtures: () => lists.map((list) => list.key),
    claim(url) {
      const byRepo = /^\/repos\/([^/]+)\/([^/]+)\/(tags|releases)$/.exec(url.pathname);
      const byId = /^\/repositories\/(\d+)\/(tags|releases)$/.exec(url.pathname);
      const list = byRepo
        ? lists.find((l) => l.repo.toLowerCase() === `${byRepo[1]}/${byRepo[2]}`.toLowerCase() && l.what === byRepo[3])
        : byId ? lists.find((l) => l.id === Number(byId[1]) && l.what === byId[2]) : undefined;
      if (!list) return null;
      return {
        faultPath: `/repos/${list.repo}/${list.what}`,
        serve(req, res, baseUrl) {
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
            return { status: 304, fixture: list.key };
          }
          remaining--;
          res.writeHead(200, { ...headers, 'content-type': 'application/json; charset=utf-8' }).end(body);
          return { status: 200, fixture: list.key };
        },
      };
    },
    prepend(repo, what, item) {
      const list = lists.find((l) => l.repo === repo && l.what === what);
      if (!list) throw new Error(`no GitHub fixture for ${repo} ${what}`);
      list.items.unshift(item);
    },
  };
}

function loadLists(fixturesDir: string): RecordedList[] {
  const root = path.join(fixturesDir, 'github');
  const lists: RecordedList[] = [];
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
