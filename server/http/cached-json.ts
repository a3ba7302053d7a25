// A JSON answer serialised once (the check's and the plan's caches) with its strong ETag, and sent.
import { createHash } from 'node:crypto';
import type { Response } from 'express';

export interface JsonAnswer {
  /** Strong ETag over the answer without its generatedAt, so it survives recomputation and other instances. */
  etag: string;
  /** The JSON, UTF-8. */
  body: Buffer;
}

/** Serialises an answer stamped with generatedAt: the ETag hashes the bytes after the stamp, which the body shares. */
export function jsonAnswer({ generatedAt, ...rest }: { generatedAt: string }): JsonAnswer {
  const inner = Buffer.from(JSON.stringify(rest));
  const etag = `"${createHash('sha256').update(inner).digest('base64url').slice(0, 32)}"`;
  return { etag, body: Buffer.concat([Buffer.from(`{"generatedAt":${JSON.stringify(generatedAt)},`), inner.subarray(1)]) };
}

export function sendCachedJson(res: Response, { etag, body }: JsonAnswer): undefined {
  // express answers 304 itself when a GET's If-None-Match has this ETag.
  res.set({ 'Content-Type': 'application/json; charset=utf-8', ETag: etag, 'Cache-Control': 'no-cache' });
  res.send(body);
  return undefined;
}
