// Constraints: "app X in range r needs app Y in range q", declared by admins.
import { asc, eq } from 'drizzle-orm';
import { isValidRange } from '../../matrix/versions.ts';
import type { Catalog } from '../../scrapers/catalog.ts';
import { bumpChangeSeq } from '../db/change-seq.ts';
import type { Db } from '../db/database.ts';
import { constraints } from '../db/schema.ts';
import { notFound, unprocessable } from '../errors.ts';
import { recordAudit } from './audit.ts';

export interface ConstraintView {
  id: number;
  app: string;
  range: string;
  requires: { app: string; range: string };
  reason: string;
  createdBy: string;
  createdAt: string;
}

export interface NewConstraint {
  app: string;
  range: string;
  requires: { app: string; range: string };
  reason: string;
}

function toView(row: typeof constraints.$inferSelect): ConstraintView {
  return {
    id: row.id,
    app: row.appId,
    range: row.range,
    requires: { app: row.requiresAppId, range: row.requiresRange },
    reason: row.reason,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}

/** Declares a constraint; 422 naming each unknown app and each range node-semver cannot read. */
export async function addConstraint(db: Db, catalog: Catalog, input: NewConstraint, actor: string): Promise<ConstraintView> {
  const problems: Array<{ path: string; message: string }> = [];
  for (const [path, appId] of [['body.app', input.app], ['body.requires.app', input.requires.app]] as const) {
    if (!catalog.apps.some((app) => app.id === appId)) problems.push({ path, message: `unknown app "${appId}"` });
  }
  for (const [path, range] of [['body.range', input.range], ['body.requires.range', input.requires.range]] as const) {
    if (!isValidRange(range)) problems.push({ path, message: `"${range}" is not a node-semver range (e.g. ">=8.1", "<30", "^1.6.0")` });
  }
  if (problems.length > 0) throw unprocessable(`invalid constraint: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, problems);
  const row = await db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(constraints)
      .values({ appId: input.app, range: input.range.trim(), requiresAppId: input.requires.app, requiresRange: input.requires.range.trim(), reason: input.reason, createdBy: actor })
      .returning();
    await recordAudit(tx, { actor, action: 'constraint.create', subject: `constraint:${inserted!.id}`, details: input });
    await bumpChangeSeq(tx);
    return inserted!;
  });
  return toView(row);
}

export async function listConstraints(db: Db): Promise<ConstraintView[]> {
  const rows = await db.select().from(constraints).orderBy(asc(constraints.id));
  return rows.map(toView);
}

/** Removes a constraint; 404 when there is none with that id. */
export async function removeConstraint(db: Db, id: number, actor: string): Promise<ConstraintView> {
  const row = await db.transaction(async (tx) => {
    const [deleted] = await tx.delete(constraints).where(eq(constraints.id, id)).returning();
    if (!deleted) return undefined;
    await recordAudit(tx, { actor, action: 'constraint.delete', subject: `constraint:${id}`, details: toView(deleted) });
    await bumpChangeSeq(tx);
    return deleted;
  });
  if (!row) throw notFound(`there is no constraint ${id}`);
  return toView(row);
}
