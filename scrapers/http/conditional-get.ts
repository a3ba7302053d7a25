// Conditional GET, written once for both clients (ky for plain HTTP, octokit for GitHub): send
// the stored validators of a URL, report `not-modified` on 304, otherwise remember the answer's
// validators and hand the answer back (RFC 9110 §13.1; STYLE.md, HTTP 13).
import type { ValidatorCache } from './validator-cache.ts';

/** What `send` brings back: a status and the headers that carry the validators. */
export interface ValidatedAnswer {
  status: number;
  headers: Pick<Headers, 'get'>;
}

export type ConditionalAnswer<Answer> = { status: 'not-modified' } | { status: 'ok'; answer: Answer };

/**
 * Sends `If-None-Match`/`If-Modified-Since` from the cache through `send`; a 304 is
 * `not-modified`, any other answer's ETag and Last-Modified go into the cache (kept until the
 * watch run commits them with the releases they describe).
 */
export async function conditionalGet<Answer extends ValidatedAnswer>(
  url: string,
  validators: ValidatorCache,
  send: (headers: Record<string, string>) => Promise<Answer>,
): Promise<ConditionalAnswer<Answer>> {
  const stored = validators.get(url);
  const headers: Record<string, string> = {};
  if (stored?.etag) headers['if-none-match'] = stored.etag;
  if (stored?.lastModified) headers['if-modified-since'] = stored.lastModified;
  const answer = await send(headers);
  if (answer.status === 304) return { status: 'not-modified' };
  validators.set(url, { etag: answer.headers.get('etag'), lastModified: answer.headers.get('last-modified') });
  return { status: 'ok', answer };
}
