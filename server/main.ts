// The composition root of `vetted serve`: the only place that builds deps, listens and handles signals.
import type { AddressInfo } from 'node:net';
import { createApp } from './app.ts';
import type { AppDeps } from './deps.ts';
import { createChangeBus } from './changes.ts';
import { systemClock } from './clock.ts';
import type { Config } from './env.ts';
import { createHttpServer } from './http/http-server.ts';
import { createLogger } from './logger.ts';
import { createRegistryHolder } from './registry/holder.ts';
import { createTokenVerifier } from './repositories/tokens.ts';
import { runAdmin } from './admin/run-admin.ts';
import { controlSocketPath } from './control/control-protocol.ts';
import { startControlServer, type ControlServer } from './control/control-server.ts';
import { openServices, StartupError } from './services.ts';
import { vettedVersion } from './version.ts';
import { createWatcher } from './watcher.ts';

export async function serve(config: Config): Promise<void> {
  const started = performance.now();
  const log = createLogger(config.logLevel);
  const { catalog, database } = await openServices(config, log);
  const changes = createChangeBus(database, log);
  const watcher = createWatcher({ config, database, catalog, log, clock: systemClock, changes });
  const registry = createRegistryHolder({ database, catalog, changes, log });
  // Answers wait for the index; loading it before listening keeps the first requests fast.
  await registry.ready();
  const deps: AppDeps = {
    config, database, catalog, log, changes,
    clock: systemClock,
    tokens: createTokenVerifier(database.db, config.adminToken),
    version: vettedVersion,
    registry,
    watcher,
  };
  const app = createApp(deps);
  const server = createHttpServer(app);
  // Behind a reverse proxy keeping connections open, outlive its idle timeout (nginx: 75 s).
  server.keepAliveTimeout = 76_000;
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, resolve);
    });
  } catch (error) {
    await registry.close();
    await database.close();
    throw new StartupError(`cannot listen on ${config.host}:${config.port}: ${listenProblem(error as NodeJS.ErrnoException)}`);
  }
  const { port } = server.address() as AddressInfo;
  log.info({ url: `http://${config.host}:${port}/`, database: database.kind, startupMs: Math.round(performance.now() - started) }, 'vetted is listening');
  // The embedded database is this process's alone: `vetted token|stack|watch` ask it through here.
  let control: ControlServer | null = null;
  if (config.databaseUrl === null) {
    control = await startControlServer({
      socketPath: controlSocketPath(config.dataDir),
      handle: (request, out) => runAdmin(request, { database, catalog, changes, out, watcher: () => watcher }),
      log,
    }).catch((error: unknown) => {
      log.warn({ err: error }, 'no control socket: vetted token, stack and watch cannot run beside this service');
      return null;
    });
  }
  // Every instance schedules; the watch advisory lock lets only one of them poll at each tick.
  watcher.start();

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down: finishing in-flight requests');
    // Stop taking commands now; one in flight (a watch) gets the same 10 s as requests.
    const controlClosed = control?.close() ?? Promise.resolve();
    server.close();
    server.closeIdleConnections();
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        server.closeAllConnections();
        resolve();
      }, 10_000);
      server.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
    });
    // Each app's results are stored in one transaction, so a watch cut short loses nothing stored.
    await Promise.race([Promise.all([watcher.stop(), controlClosed]), new Promise((resolve) => setTimeout(resolve, 10_000))]);
    await registry.close();
    await database.close();
    log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

/** Why listen() failed, in words an operator can act on. */
function listenProblem(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'EADDRINUSE':
      return 'the address is already in use (another vetted, or another service?)';
    case 'EADDRNOTAVAIL':
      return 'HOST is not an address of this machine';
    case 'EACCES':
      return 'permission denied (ports below 1024 need privileges)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'HOST is not a name this machine can resolve';
    default:
      return error.message;
  }
}
