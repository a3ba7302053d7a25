import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../db/database.ts';
import { tokens } from '../db/schema.ts';
import { bootstrapAdminName, generateTokenSecret, hashToken, matchesSecret, type Actor, type Role, type TokenVerifier } from '../auth.ts';
import { recordAudit } from './audit.ts';

export interface TokenRow {
  id: number;
  name: string;
  role: Role;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

/** Creates a token; the secret is returned once and only its hash is kept. */
export async function createToken(db: Db, input: { name: string; role: Role; actor: string }): Promise<{ token: TokenRow; secret: string }> {
  const secret = generateTokenSecret();
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(tokens).values({ name: input.name, role: input.role, hash: hashToken(secret) }).returning();
    await recordAudit(tx, { actor: input.actor, action: 'token.create', subject: `token:${row!.id}`, details: { name: input.name, role: input.role } });
    return { token: toRow(row!), secret };
  });
}

export async function listTokens(db: Db): Promise<TokenRow[]> {
  const rows = await db.select().from(tokens).orderBy(asc(tokens.id));
  return rows.map(toRow);
}

/** Revokes a token; false when there is no such active token. */
export async function revokeToken(db: Db, id: number, actor: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await tx.update(tokens).set({ revokedAt: new Date() }).where(and(eq(tokens.id, id), isNull(tokens.revokedAt))).returning({ id: tokens.id });
    if (rows.length === 0) return false;
    await recordAudit(tx, { actor, action: 'token.revoke', subject: `token:${id}`, details: null });
    return true;
  });
}

function toRow(row: typeof tokens.$inferSelect): TokenRow {
  return { id: row.id, name: row.name, role: row.role, createdAt: row.createdAt, revokedAt: row.revokedAt, lastUsedAt: row.lastUsedAt };
}

/** Verifies secrets against stored hashes and the optional bootstrap admin token. */
export function createTokenVerifier(db: Db, bootstrapAdminToken: string | null): TokenVerifier {
  return {
    async verify(secret) {
      if (bootstrapAdminToken && matchesSecret(secret, bootstrapAdminToken)) {
        return { name: bootstrapAdminName, role: 'admin', tokenId: null } satisfies Actor;
      }
      // Looking up by hash never compares secrets byte by byte, so timing reveals nothing.
      const [row] = await db.select().from(tokens).where(and(eq(tokens.hash, hashToken(secret)), isNull(tokens.revokedAt))).limit(1);
      if (!row) return null;
      return { name: row.name, role: row.role, tokenId: row.id };
    },
  };
}
