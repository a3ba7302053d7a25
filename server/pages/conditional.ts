// ETag, Last-Modified and Cache-Control for pages and feeds, and the 304 when the client (or the
// CDN in front) already holds the current answer. Freshness is judged by express's req.fresh
// (the `fresh` package), which gives If-None-Match precedence over If-Modified-Since.
import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';

// A CDN may serve a page for a minute without asking, and keep serving the stale copy while it
// revalidates or while vetted is down (RFC 5861).
export const publicCacheControl = 'public, max-age=60, stale-while-revalidate=300, stale-if-error=86400';

export interface Validators {
  etag: string;
  lastModified: Date;
}

/** A strong ETag over everything the body depends on. */
export function makeEtag(...parts: string[]): string {
  return `"${createHash('sha256').update(parts.join('\u0000')).digest('base64url').slice(0, 27)}"`;
}

/** Sets the validators and caching headers; answers 304 and returns true when the client's copy is current. */
export function answerIfFresh(req: Request, res: Response, validators: Validators): boolean {
  res.set('ETag', validators.etag);
  res.set('Last-Modified', validators.lastModified.toUTCString());
  res.set('Cache-Control', publicCacheControl);
  if (!req.fresh) return false;
  res.status(304).end();
  return true;
}

/** Rendered bodies by ETag, encoded once, so a repeated request without validators is neither rendered nor encoded again. */
export interface BodyCache {
  get(etag: string): Buffer | undefined;
  set(etag: string, body: Buffer): void;
}

export function createBodyCache(maxEntries: number): BodyCache {
  const bodies = new Map<string, Buffer>();
  return {
    get(etag) {
      return bodies.get(etag);
    },
    set(etag, body) {
      bodies.delete(etag);
      bodies.set(etag, body);
      while (bodies.size > maxEntries) bodies.delete(bodies.keys().next().value!);
    },
  };
}
