import { desc } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/database.ts';
import { auditLog } from '../db/schema.ts';

export interface AuditEntry {
  /** Token name, `bootstrap-admin`, `watcher` or `cli`. */
  actor: string;
  /** What was done, e.g. `release.create`, `run.create`. */
  action: string;
  /** What it was done to, e.g. `release:nextcloud@30.0.2`. */
  subject: string;
  details: unknown;
}

/** Records a write; call it inside the write's own transaction. */
export async function recordAudit(tx: DbOrTx, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({ actor: entry.actor, action: entry.action, subject: entry.subject, details: entry.details ?? null });
}

export async function listAudit(db: Db, limit = 100) {
  return db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(limit);
}
