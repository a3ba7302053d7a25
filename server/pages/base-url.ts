// Absolute links (feeds, their self links) need the address people reach vetted at.
import type { Request } from 'express';
import type { Config } from '../env.ts';

/**
 * PUBLIC_URL when configured; otherwise the request's own scheme and host, which express reads
 * from X-Forwarded-Proto/-Host only when the proxy is trusted (`trust proxy`).
 */
export function baseUrl(config: Config, req: Request): string {
  if (config.publicUrl) return config.publicUrl;
  return `${req.protocol}://${req.host}`;
}
