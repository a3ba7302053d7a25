// Runs one administrative command against open services and writes what a sysadmin reads. The
// CLI calls it in its own process when no service runs; `vetted serve` calls it for requests on
// its control socket. Expected failures become one "vetted: …" line on stderr and exit status 1.
import type { Catalog } from '../../scrapers/catalog.ts';
import type { ChangeBus } from '../changes.ts';
import type { Database } from '../db/database.ts';
import { ApiError } from '../errors.ts';
import { addStack, listStacks, removeStack } from '../repositories/stacks.ts';
import { catalogueSupport, clearAdminSupport, listStoredSupport, setAdminSupport } from '../repositories/support.ts';
import { mergeSupport, supportList } from '../../matrix/support.ts';
import { compareVersions } from '../../matrix/versions.ts';
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
    case 'support.list': {
      if (request.app !== undefined && !ctx.catalog.apps.some((app) => app.id === request.app)) throw new StartupError(`there is no app "${request.app}"`);
      const index = mergeSupport([...catalogueSupport(ctx.catalog), ...(await listStoredSupport(db))]);
      const apps = ctx.catalog.apps.filter((app) => request.app === undefined || app.id === request.app);
      const versioning = new Map(apps.map((app) => [app.id, app.versioning]));
      const list = supportList(index, apps.map((app) => app.id), new Date(), (app, a, b) => compareVersions(a, b, versioning.get(app)));
      if (request.json) {
        print(JSON.stringify(list, null, 2));
        return 0;
      }
      if (list.length === 0) print('no support dates known yet. Set some: vetted support set php 8.2 --security-end 2026-12-31');
      for (const entry of list) {
        const dates = [`released ${entry.releasedAt ?? '?'}`, `active until ${entry.activeSupportEnd ?? '?'}`, `security until ${entry.securitySupportEnd ?? '?'}`];
        print(`${`${entry.app} ${entry.series}`.padEnd(18)} ${entry.state.padEnd(9)} ${dates.join(', ')}${entry.lts ? ', LTS' : ''}  (${entry.origin === 'admin' ? `set by ${entry.source}` : entry.origin})`);
      }
      return 0;
    }
    case 'support.set': {
      const { command: _command, app, series, ...dates } = request;
      const record = await setAdminSupport(db, ctx.catalog, app, series, dates, 'cli');
      await ctx.changes.publish({ kind: 'support-changed' });
      print(`${app} ${record.series}: support dates set by hand (they win over upstream's; vetted support clear ${app} ${record.series} undoes it)`);
      return 0;
    }
    case 'support.clear': {
      const cleared = await clearAdminSupport(db, ctx.catalog, request.app, request.series, 'cli');
      await ctx.changes.publish({ kind: 'support-changed' });
      print(`${cleared.app} ${cleared.series}: dates set by hand cleared`);
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
