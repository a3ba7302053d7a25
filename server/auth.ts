// Bearer tokens: role `tester` (records runs) or `admin` (everything). Only a SHA-256 of each
// secret is stored; the secrets are 256-bit random, so a fast hash is enough (no password stretching).
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Request } from 'express';
import { forbidden, unauthorized } from './errors.ts';

export type Role = 'tester' | 'admin';
export const roles = ['tester', 'admin'] as const;

/** Who made a request, as written to the audit log. */
export interface Actor {
  name: string;
  role: Role;
  /** Null for the bootstrap admin token from VETTED_ADMIN_TOKEN. */
  tokenId: number | null;
}

export interface TokenVerifier {
  /** The actor a secret belongs to, or null when it is unknown or revoked. */
  verify(secret: string): Promise<Actor | null>;
}

/** Verifies a request's token once, however many handlers ask (the failed sign-in limit, then the route). */
export interface RequestTokens {
  actorOf(req: Request, secret: string): Promise<Actor | null>;
}

export function createRequestTokens(verifier: TokenVerifier): RequestTokens {
  // Keyed by the request object, so an answer lives exactly as long as its request.
  const verified = new WeakMap<Request, { secret: string; actor: Promise<Actor | null> }>();
  return {
    actorOf(req, secret) {
      const seen = verified.get(req);
      if (seen && seen.secret === secret) return seen.actor;
      const actor = verifier.verify(secret);
      verified.set(req, { secret, actor });
      return actor;
    },
  };
}

/** The secret of a well-formed `Authorization: Bearer <token>` header; undefined otherwise. */
export function bearerSecret(header: string | undefined): string | undefined {
  return header === undefined ? undefined : /^Bearer\s+(\S{1,512})\s*$/i.exec(header)?.[1];
}

export const bootstrapAdminName = 'bootstrap-admin';

export function generateTokenSecret(): string {
  return `vt_${randomBytes(32).toString('base64url')}`;
}

export function hashToken(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Compares a presented secret with the bootstrap token in constant time. */
export function matchesSecret(presented: string, expected: string): boolean {
  const a = createHash('sha256').update(presented).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}

function satisfies(role: Role, needed: Role): boolean {
  return role === 'admin' || role === needed;
}

/** Checks the request's bearer token for a role; throws 401 or 403. */
export async function authenticate(req: Request, needed: Role, tokens: RequestTokens): Promise<Actor> {
  const header = req.get('authorization');
  if (!header) throw unauthorized('this request needs a token: send "Authorization: Bearer <token>"');
  const secret = bearerSecret(header);
  if (secret === undefined) throw unauthorized('the Authorization header must be "Bearer <token>"');
  const actor = await tokens.actorOf(req, secret);
  if (!actor) throw unauthorized('the token is unknown or has been revoked');
  if (!satisfies(actor.role, needed)) throw forbidden(`the token "${actor.name}" has the ${actor.role} role; this request needs ${needed}`);
  return actor;
}
