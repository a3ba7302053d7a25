// What the page, feed and API-docs routes share: the data they read, the rendered-body cache and
// the one way they answer: validators first, 304 when current, render only on a miss.
import type { Request, Response } from 'express';
import type { Stack } from '../../matrix/contract.ts';
import { findStack } from '../../matrix/stacks.ts';
import type { CatalogApp } from '../../scrapers/catalog.ts';
import type { AppDeps } from '../deps.ts';
import { findCatalogApp } from '../repositories/apps.ts';
import { answerIfFresh, createBodyCache, makeEtag, type BodyCache } from './conditional.ts';
import type { PublicState } from './public-state.ts';
import type { PublicData } from './public-data.ts';
import { buildId, renderPage, setHtmlHeaders, siteFeeds } from './render.ts';

export interface PublicContext {
  deps: AppDeps;
  data: PublicData;
  cache: BodyCache;
}

export interface CachedAnswer {
  /** Everything besides the registry state that the body depends on (path, query, base URL). */
  key: string;
  /** Content-Type, e.g. `html` or `application/rss+xml; charset=utf-8`. */
  type: string;
  /**
   * The calendar day (UTC, `YYYY-MM-DD`) the body depends on, for answers that change at midnight
   * with no write (support states, feed items that come due): a new day is a new ETag, and the
   * answer is never older than the day's start.
   */
  day?: string;
  render(state: PublicState): Promise<string>;
}

/** Answers with the validators of the current state: 304 when the client is current, else the (cached) body. */
export async function serveCached(context: PublicContext, req: Request, res: Response, answer: CachedAnswer): Promise<void> {
  const state = await context.data.state();
  const etag = makeEtag(buildId, context.deps.version, state.key, answer.key, answer.day ?? '');
  if (answer.type === 'html') setHtmlHeaders(res);
  const dayStart = answer.day === undefined ? 0 : Date.parse(`${answer.day}T00:00:00Z`);
  const lastModified = dayStart > state.since.getTime() ? new Date(dayStart) : state.since;
  if (answerIfFresh(req, res, { etag, lastModified })) return;
  let body = context.cache.get(etag);
  if (body === undefined) {
    body = Buffer.from(await answer.render(state), 'utf8');
    context.cache.set(etag, body);
  }
  res.type(answer.type).send(body);
}

// Pages and feeds of the last few states; each body is a few tens of kilobytes.
const cachedBodies = 200;

export function createPublicContext(deps: AppDeps, data: PublicData): PublicContext {
  return { deps, data, cache: createBodyCache(cachedBodies) };
}

/** A plain HTML page that says what went wrong; never cached for long. */
export function sendErrorPage(res: Response, status: number, heading: string, message: string, extra: Record<string, unknown> = {}): void {
  setHtmlHeaders(res);
  res.set('Cache-Control', status >= 500 ? 'no-store' : 'public, max-age=60');
  res.status(status).send(renderPage('./error', { title: heading, feeds: siteFeeds, status, heading, message, apps: [], stacks: [], ...extra }));
}

/** Text from the request echoed on an error page: a few kilobytes of it help nobody. */
export function shorten(text: string): string {
  return text.length > 80 ? `${text.slice(0, 80)}…` : text;
}

/**
 * The app and the stack a feed or calendar is about (each null for "all"); null once a 404 page
 * naming the unknown one has been sent.
 */
export async function findSubject(context: PublicContext, res: Response, appId: string | null, stackId: string | undefined, what: string): Promise<{ app: CatalogApp | null; stack: Stack | null } | null> {
  const { catalog } = context.deps;
  let app: CatalogApp | null = null;
  if (appId !== null) {
    app = findCatalogApp(catalog, appId) ?? null;
    if (!app) {
      sendErrorPage(res, 404, 'No such app', `This registry has no app called “${shorten(appId)}”, so it has no ${what}.`, { apps: catalog.apps });
      return null;
    }
  }
  let stack: Stack | null = null;
  if (stackId !== undefined) {
    const registry = await context.deps.registry.current();
    stack = findStack(registry, stackId);
    if (!stack) {
      sendErrorPage(res, 404, 'No such stack', `This registry has no stack called “${shorten(stackId)}”, so it has no ${what}.`, { stacks: registry.stacks });
      return null;
    }
  }
  return { app, stack };
}
