// A counter bumped by every write, in the write's transaction: an instance whose in-memory
// index was built at an older value knows it must catch up. A write bumps it first and stamps the
// rows it writes with the new value: the bump locks the counter's row until the write commits,
// so writes commit in counter order, and "rows stamped above N" is exactly what an index at N
// has not seen.
import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from './database.ts';
import { registryState } from './schema.ts';

export const changesChannel = 'vetted_changes';

export async function bumpChangeSeq(tx: DbOrTx): Promise<number> {
  const [row] = await tx
    .insert(registryState)
    .values({ id: 1, changeSeq: 1 })
    .onConflictDoUpdate({ target: registryState.id, set: { changeSeq: sql`${registryState.changeSeq} + 1` } })
    .returning({ changeSeq: registryState.changeSeq });
  return row!.changeSeq;
}

export async function readChangeSeq(tx: DbOrTx): Promise<number> {
  const [row] = await tx.select({ changeSeq: registryState.changeSeq }).from(registryState).where(eq(registryState.id, 1));
  return row?.changeSeq ?? 0;
}
