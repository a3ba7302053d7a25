// Absolute links (feeds, their self links) need the address people reach vetted at.
import type { Request } from 'express';
import type { Config } from '../env.ts';
import { badRequest } from '../errors.ts';

/**
 * PUBLIC_URL when configured; otherwise the request's own scheme and host, which express reads
 * from X-Forwarded-Proto/-Host only when the proxy is trusted (`trust proxy`). A Host that makes
 * no URL is refused rather than written into a feed.
 */
export function baseUrl(config: Config, req: Request): string {
  if (config.publicUrl) return config.publicUrl;
  try {
    const url = new URL(`${req.protocol}://${req.host}`);
    if (url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password) return url.origin;
  } catch {
    // Falls through to the refusal.
  }
  throw badRequest('the Host header is not a host name');
}
