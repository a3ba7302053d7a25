// A JSON answer serialised once (the check's and the plan's caches) with its strong ETag, and sent.
import { hash } from 'node:crypto';
import type { Request, Response } from 'express';

export interface JsonAnswer {
  /** Strong ETag over the answer without its generatedAt, so it survives recomputation and other instances. */
  etag: string;
  /**
   * The JSON: a string when made (most answers are sent once, and the socket encodes a string as it
   * writes it), UTF-8 bytes once a cache keeps it (sent again and again without encoding).
   */
  body: string | Buffer;
}

/** The answer as a cache keeps it. */
export function kept(answer: JsonAnswer): JsonAnswer {
  return typeof answer.body === 'string' ? { etag: answer.etag, body: Buffer.from(answer.body) } : answer;
}

/**
 * Serialises an answer stamped with generatedAt, which must be its first field: the ETag hashes the
 * bytes after the stamp (as `{…}`), so one serialisation serves both.
 */
export function jsonAnswer(answer: { generatedAt: string }): JsonAnswer & { body: string } {
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
  res.set('Content-Length', String(typeof body === 'string' ? Buffer.byteLength(body) : body.length));
  // HEAD: node's http sends the headers only.
  res.end(body);
  return undefined;
}
