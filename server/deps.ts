// What the express app is built from (createApp), and so what every route and page may use.
// Its own module, so that the routes import it without importing the app that mounts them.
import type { Catalog } from '../scrapers/catalog.ts';
import type { TokenVerifier } from './auth.ts';
import type { ChangeBus } from './changes.ts';
import type { Clock } from './clock.ts';
import type { Database } from './db/database.ts';
import type { Config } from './env.ts';
import type { RateLimitOptions } from './http/security.ts';
import type { Logger } from './logger.ts';
import type { RegistryHolder } from './registry/holder.ts';
import type { Watcher } from './watcher.ts';

export interface AppDeps {
  config: Config;
  database: Database;
  catalog: Catalog;
  log: Logger;
  clock: Clock;
  changes: ChangeBus;
  tokens: TokenVerifier;
  /** vetted's own version, for the User-Agent and OpenAPI. */
  version: string;
  /** The in-memory index of releases, runs and constraints that answers reads. */
  registry: RegistryHolder;
  /** Limits on writes per token and failed sign-ins per address; default: the configured ones (config.rateLimits). */
  rateLimits?: RateLimitOptions;
  /** The watcher: POST /api/v1/watch, and runs naming a version not known yet (main.ts passes the scheduled one). */
  watcher: Watcher;
}
