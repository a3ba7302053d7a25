// Sends a JSON answer serialised once (the check's and the plan's caches) with its strong ETag.
import type { Response } from 'express';
import type { AdviceAnswer } from '../registry/advice-cache.ts';

export function sendCachedJson(res: Response, { etag, body }: AdviceAnswer): undefined {
  // express answers 304 itself when a GET's If-None-Match has this ETag.
  res.set({ 'Content-Type': 'application/json; charset=utf-8', ETag: etag, 'Cache-Control': 'no-cache' });
  res.send(body);
  return undefined;
}
