// Runs one administrative command against open services and writes what a sysadmin reads. The
// CLI calls it in its own process when no service runs; `vetted serve` calls it for requests on
// its control socket. Expected failures become one "vetted: …" line on stderr and exit status 1.
import type { Catalog } from '../../scrapers/catalog.ts';
import type { ChangeBus } from '../changes.ts';
import type { Database } from '../db/database.ts';
import { ApiError } from '../errors.ts';
import { addStack, listStacks, removeStack } from '../repositories/stacks.ts';
import { createToken, listTokens, revokeToken } from '../repositories/tokens.ts';
import { StartupError } from '../startup-error.ts';
import { runWatch } from '../watch-command.ts';
import type { Watcher } from '../watcher.ts';
import type { AdminRequest } from './admin-request.ts';

export interface CommandOutput {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
}

export interface AdminContext {
  database: Database;
  catalog: Catalog;
  /** Tells the in-memory registry (of the service, or of other instances) that stacks changed. */
  changes: ChangeBus;
  /** The watcher to poll with (the service's own, inside serve). */
  watcher(): Watcher;
  out: CommandOutput;
}

export async function runAdmin(request: AdminRequest, ctx: AdminContext): Promise<number> {
  try {
    return await dispatch(request, ctx);
  } catch (error) {
    const message = expectedMessage(error);
    if (message === null) throw error;
    ctx.out.stderr.write(`vetted: ${message}\n`);
    return 1;
  }
}

/** The one-line message of an error a sysadmin can act on; null for a bug. */
function expectedMessage(error: unknown): string | null {
  if (error instanceof StartupError) return error.message;
  if (error instanceof ApiError) {
    const details = Array.isArray(error.details) ? (error.details as Array<{ message?: string }>) : [];
    return details.length > 0 ? details.map((d) => d.message).join('; ') : error.message;
  }
  return null;
}

async function dispatch(request: AdminRequest, ctx: AdminContext): Promise<number> {
  const { db } = ctx.database;
  const print = (line: string) => ctx.out.stdout.write(`${line}\n`);
  switch (request.command) {
    case 'token.create': {
      const { token, secret } = await createToken(db, { name: request.name, role: request.role, actor: 'cli' });
      print(`created token ${token.id} "${token.name}" (${token.role}). Its secret, shown only now:\n${secret}`);
      return 0;
    }
    case 'token.list': {
      const rows = await listTokens(db);
      if (request.json) {
        print(JSON.stringify(rows, null, 2));
        return 0;
      }
      if (rows.length === 0) print('no tokens yet: vetted token create --role tester --name NAME');
      for (const row of rows) {
        const state = row.revokedAt ? `revoked ${row.revokedAt.toISOString()}` : 'active';
        print(`${String(row.id).padStart(4)}  ${row.role.padEnd(6)}  ${row.name}  (created ${row.createdAt.toISOString()}, ${state})`);
      }
      return 0;
    }
    case 'token.revoke':
      if (!(await revokeToken(db, request.id, 'cli'))) throw new StartupError(`no active token with id ${request.id}`);
      print(`token ${request.id} revoked`);
      return 0;
    case 'stack.add': {
      const added = await addStack(db, ctx.catalog, { id: request.id, name: request.name, components: request.components, default: request.default }, 'cli');
      await ctx.changes.publish({ kind: 'stacks-changed' });
      print(`stack "${added.id}" declared: ${added.name}`);
      return 0;
    }
    case 'stack.list': {
      const stacks = await listStacks(db);
      if (request.json) {
        print(JSON.stringify(stacks, null, 2));
        return 0;
      }
      if (stacks.length === 0) print('no stacks yet: pages judge on any platform. Declare one: vetted stack add ID --component debian=12 --component php=8.2');
      for (const [i, entry] of stacks.entries()) print(`${entry.id.padEnd(16)} ${entry.name}${i === 0 ? '  (default)' : ''}`);
      return 0;
    }
    case 'stack.remove': {
      const removed = await removeStack(db, request.id, 'cli');
      await ctx.changes.publish({ kind: 'stacks-changed' });
      print(`stack "${removed.id}" removed`);
      return 0;
    }
    case 'watch':
      return runWatch(ctx.watcher(), ctx.catalog, request.apps, { json: request.json }, { stdout: { write: (t) => ctx.out.stdout.write(t), isTTY: request.tty }, stderr: ctx.out.stderr });
  }
}
