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

/** An answer as a cache keeps it: its bytes, and what it was made from. */
export interface KeptAnswer extends JsonAnswer {
  body: Buffer;
  revision: number;
  /** The UTC day it was made: support states and days left change at midnight. */
  day: string;
}

export function kept(answer: JsonAnswer, revision: number, day: string): KeptAnswer {
  return { etag: answer.etag, body: typeof answer.body === 'string' ? Buffer.from(answer.body) : answer.body, revision, day };
}

/** Whether a kept answer still holds: made from this revision of the registry, on this day. */
export function stillCurrent(entry: KeptAnswer | undefined, revision: number, day: string): entry is KeptAnswer {
  return entry !== undefined && entry.revision === revision && entry.day === day;
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
