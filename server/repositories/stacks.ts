// Stacks: named platforms the suite runs on, declared by admins (and seeded once from the
// catalogue). The first by position is the default one the public page leads with.
import { asc, eq, sql } from 'drizzle-orm';
import type { Stack } from '../../matrix/contract.ts';
import { readVersion } from '../../matrix/read-version.ts';
import { seriesOf } from '../../matrix/versions.ts';
import type { Catalog } from '../../scrapers/catalog.ts';
import { bumpChangeSeq } from '../db/change-seq.ts';
import type { Db, DbOrTx } from '../db/database.ts';
import { registryState, stacks } from '../db/schema.ts';
import { conflict, notFound, unprocessable } from '../errors.ts';
import { recordAudit } from './audit.ts';

export interface NewStack {
  id: string;
  /** Default: the components' names and series, e.g. `Debian 12 · PHP 8.2 · MariaDB 10.11`. */
  name?: string | undefined;
  /** app → series (a version is read down to its series). */
  components: Record<string, string>;
  /** Put it first, making it the default stack. */
  default?: boolean | undefined;
}

/** Reads the components through each app's scheme; 422 naming every unknown app or unreadable series. */
export function normalizeStack(catalog: Catalog, input: NewStack, at = 'body'): Stack {
  const problems: Array<{ path: string; message: string }> = [];
  const components: Record<string, string> = {};
  // Catalogue order, whatever order the admin wrote.
  for (const app of catalog.apps) {
    const raw = input.components[app.id];
    if (raw === undefined) continue;
    const parsed = readVersion(raw, app.versioning);
    if (!parsed) problems.push({ path: `${at}.components.${app.id}`, message: `"${raw}" is not a ${app.name} series (e.g. ${app.series === 1 ? '12' : '8.2'})` });
    else components[app.id] = seriesOf(parsed, app.series, app.versioning);
  }
  for (const appId of Object.keys(input.components)) {
    if (!catalog.apps.some((app) => app.id === appId)) problems.push({ path: `${at}.components.${appId}`, message: `unknown app "${appId}"` });
  }
  if (problems.length > 0) throw unprocessable(`invalid stack: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, problems);
  const name = input.name?.trim() || Object.entries(components).map(([appId, series]) => `${catalog.apps.find((a) => a.id === appId)!.name} ${series}`).join(' · ');
  return { id: input.id, name, components };
}

export async function listStacks(db: DbOrTx): Promise<Stack[]> {
  const rows = await db.select().from(stacks).orderBy(asc(stacks.position), asc(stacks.id));
  return rows.map((row) => ({ id: row.id, name: row.name, components: row.components }));
}

/** Declares a stack; 409 when the id is taken. */
export async function addStack(db: Db, catalog: Catalog, input: NewStack, actor: string): Promise<Stack> {
  const stack = normalizeStack(catalog, input);
  await db.transaction(async (tx) => {
    await bumpChangeSeq(tx);
    if (!(await insertStack(tx, stack, input.default ?? false, actor))) throw conflict(`there is already a stack "${stack.id}"`, { id: stack.id });
    await recordAudit(tx, { actor, action: 'stack.create', subject: `stack:${stack.id}`, details: stack });
  });
  return stack;
}

async function insertStack(tx: DbOrTx, stack: Stack, first: boolean, actor: string): Promise<boolean> {
  const edge = first ? sql`coalesce((select min(position) from ${stacks}), 1) - 1` : sql`coalesce((select max(position) from ${stacks}), -1) + 1`;
  const inserted = await tx
    .insert(stacks)
    .values({ id: stack.id, name: stack.name, components: stack.components, position: edge, createdBy: actor })
    .onConflictDoNothing({ target: stacks.id })
    .returning({ id: stacks.id });
  return inserted.length > 0;
}

/** Removes a stack; 404 when there is none with that id. */
export async function removeStack(db: Db, id: string, actor: string): Promise<Stack> {
  const removed = await db.transaction(async (tx) => {
    await bumpChangeSeq(tx);
    const [row] = await tx.delete(stacks).where(eq(stacks.id, id)).returning();
    if (!row) throw notFound(`there is no stack "${id}"; GET /api/v1/stacks lists them`);
    const stack: Stack = { id: row.id, name: row.name, components: row.components };
    await recordAudit(tx, { actor, action: 'stack.delete', subject: `stack:${id}`, details: stack });
    return stack;
  });
  return removed;
}

/**
 * Stores the catalogue's bootstrap stacks the first time a database is started with them, so a
 * fresh install has them; an admin's later changes are never undone by a restart.
 */
export async function seedStacks(db: Db, catalog: Catalog): Promise<void> {
  const wanted = catalog.stacks ?? [];
  if (wanted.length === 0) return;
  await db.transaction(async (tx) => {
    const [state] = await tx.select({ seeded: registryState.stacksSeeded }).from(registryState).where(eq(registryState.id, 1)).for('update');
    if (state?.seeded) return;
    await bumpChangeSeq(tx);
    for (const input of wanted) {
      const stack = normalizeStack(catalog, input, `catalogue stack "${input.id}"`);
      if (await insertStack(tx, stack, false, 'catalogue')) await recordAudit(tx, { actor: 'catalogue', action: 'stack.create', subject: `stack:${stack.id}`, details: stack });
    }
    await tx.update(registryState).set({ stacksSeeded: true }).where(eq(registryState.id, 1));
  });
}
