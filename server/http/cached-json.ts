// A JSON answer serialised once (the check's and the plan's caches) with its strong ETag, and sent.
import { hash } from 'node:crypto';
import type { Request, Response } from 'express';

export interface JsonAnswer {
  /** Strong ETag over the answer without its generatedAt, so it survives recomputation and other instances. */
  etag: string;
  /**
   * The JSON. Kept as a string: most answers are sent once, and the socket encodes a string as it
   * writes it, without a Buffer of its own.
   */
  body: string;
}

/**
 * Serialises an answer stamped with generatedAt, which must be its first field: the ETag hashes the
 * bytes after the stamp (as `{…}`), so one serialisation serves both.
 */
export function jsonAnswer(answer: { generatedAt: string }): JsonAnswer {
  const body = JSON.stringify(answer);
  const stamp = `{"generatedAt":${JSON.stringify(answer.generatedAt)},`;
  if (!body.startsWith(stamp)) throw new Error('an answer must begin with its generatedAt');
  const etag = `"${hash('sha256', `{${body.slice(stamp.length)}`, 'base64url').slice(0, 32)}"`;
  return { etag, body };
}

export function sendCachedJson(req: Request, res: Response, { etag, body }: JsonAnswer): undefined {
  res.set({ 'Content-Type': 'application/json; charset=utf-8', ETag: etag, 'Cache-Control': 'no-cache' });
  // What express's res.send does for a GET or HEAD whose If-None-Match has this ETag.
  if (req.fresh) {
    res.status(304).end();
    return undefined;
  }
  res.set('Content-Length', String(Buffer.byteLength(body)));
  // HEAD: node's http sends the headers only.
  res.end(body);
  return undefined;
}
