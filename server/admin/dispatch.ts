// Where an administrative command runs: inside `vetted serve` when it holds the embedded database
// (asked over its control socket), otherwise in this process on the database opened here.
import { createChangeBus } from '../changes.ts';
import { systemClock } from '../clock.ts';
import type { Config } from '../env.ts';
import type { Logger } from '../logger.ts';
import { askService } from '../control/control-client.ts';
import { controlSocketPath } from '../control/control-protocol.ts';
import { openServices } from '../services.ts';
import { createWatcher, type Watcher } from '../watcher.ts';
import { AdminRequest } from './admin-request.ts';
import { runAdmin, type CommandOutput } from './run-admin.ts';

export async function dispatchAdmin(config: Config, log: Logger, given: AdminRequest, out: CommandOutput): Promise<number> {
  // The options as typed are checked here, before anything opens: a bad one is one line naming it.
  const parsed = AdminRequest.safeParse(given);
  if (!parsed.success) {
    out.stderr.write(`vetted: ${parsed.error.issues.map((issue) => issue.message).join('; ')}\n`);
    return 1;
  }
  const request = parsed.data;
  // PostgreSQL is shared by design; only the embedded database is one process's at a time.
  if (config.databaseUrl === null) {
    const answered = await askService(controlSocketPath(config.dataDir), request, out);
    if (answered !== null) return answered;
  }
  const { catalog, database } = await openServices(config, log);
  try {
    const changes = createChangeBus(database, log);
    let watcher: Watcher | null = null;
    return await runAdmin(request, {
      database, catalog, changes, out,
      watcher: () => (watcher ??= createWatcher({ config, database, catalog, log, clock: systemClock, changes })),
    });
  } finally {
    await database.close();
  }
}
