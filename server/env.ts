// The process environment, parsed once. Nothing else reads process.env.
import { isIP, isIPv4 } from 'node:net';
import path from 'node:path';
import cron from 'node-cron';
import { z } from 'zod';
import { defaultRateLimits, type RateLimitOptions } from './http/rate-limits.ts';

const postgresUrl = z.string().refine((value) => {
  try {
    const url = new URL(value);
    return (url.protocol === 'postgres:' || url.protocol === 'postgresql:') && url.hostname.length > 0;
  } catch {
    return false;
  }
}, 'must be a URL like postgres://user:password@host:5432/database');

// Digits only: Number() would read "" (PORT=) as 0, a random port, and " 80" or "0x50" as 80.
const port = z
  .string()
  .regex(/^\d+$/, 'must be a port number')
  .transform(Number)
  .pipe(z.number().max(65535, 'must be between 0 and 65535'));

// An IPv4 address, a host name, or an IPv6 address; four dotted numbers must be a real IPv4
// address (999.1.1.1 is not one, and no resolver makes it one). Whether the machine has it is
// only known when listening (server/main.ts).
const host = z.string().refine((value) => {
  if (/^[\d.]+$/.test(value)) return isIPv4(value);
  return isIP(value) === 6 || /^(?=.{1,253}$)[a-z\d]([a-z\d-]{0,61}[a-z\d])?(\.[a-z\d]([a-z\d-]{0,61}[a-z\d])?)*$/i.test(value);
}, 'must be an IP address or a host name');

export const Env = z.object({
  PORT: port.default(3000),
  HOST: host.default('127.0.0.1'),
  DATABASE_URL: z.preprocess((v) => (v === '' ? undefined : v), postgresUrl.optional()),
  DATA_DIR: z.string().min(1).default('./data'),
  VETTED_CATALOG: z.preprocess((v) => (v === '' ? undefined : v), z.string().optional()),
  GITHUB_API_URL: z.url({ error: 'must be a URL like https://api.github.com' }).default('https://api.github.com'),
  GITHUB_TOKEN: z.preprocess((v) => (v === '' ? undefined : v), z.string().optional()),
  WATCH_SCHEDULE: z.string().default('0 * * * *').refine((value) => value === 'off' || cron.validate(value), 'must be a cron expression like "0 * * * *" or "off"'),
  VETTED_ADMIN_TOKEN: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(16, 'must be at least 16 characters').optional()),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number({ error: 'must be a number of seconds' }).int('must be a whole number of seconds').min(1, 'must be at least 1').max(86_400, 'must be at most 86400 (a day)').default(defaultRateLimits.windowMs / 1000),
  RATE_LIMIT_WRITES: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').default(defaultRateLimits.writesPerWindow),
  RATE_LIMIT_FAILED_SIGNINS: z.coerce.number({ error: 'must be a number' }).int('must be a whole number').min(1, 'must be at least 1').default(defaultRateLimits.failedAuthPerWindow),
  PUBLIC_URL: z.preprocess((v) => (v === '' ? undefined : v), z.url({ protocol: /^https?$/, error: 'must be an http(s) URL like https://vetted.example.org' }).optional()),
});

export interface Config {
  port: number;
  host: string;
  /** Null: embedded PGlite in dataDir. */
  databaseUrl: string | null;
  dataDir: string;
  /** Null: the built-in catalogue. */
  catalogPath: string | null;
  githubApiUrl: string;
  /** Null: unauthenticated GitHub requests (lower rate limit). */
  githubToken: string | null;
  /** Null: the watcher does not run on a schedule. */
  watchSchedule: string | null;
  /** Null: no bootstrap admin token. */
  adminToken: string | null;
  logLevel: z.infer<typeof Env>['LOG_LEVEL'];
  /** Base of absolute links in feeds, without a trailing slash; null: taken from each request. */
  publicUrl: string | null;
  /** Writes per token and failed sign-ins per address, per window. */
  rateLimits: RateLimitOptions;
}

export class ConfigError extends Error {}

/** Parses the environment; a ConfigError names the first bad variable in one line. */
export function parseEnv(env: NodeJS.ProcessEnv): Config {
  const result = Env.safeParse(env);
  if (!result.success) {
    const issue = result.error.issues[0]!;
    const name = String(issue.path[0]);
    const shown = name === 'VETTED_ADMIN_TOKEN' || name === 'GITHUB_TOKEN' || name === 'DATABASE_URL' ? '' : ` (got ${JSON.stringify(env[name])})`;
    throw new ConfigError(`invalid environment variable ${name}: ${issue.message}${shown}`);
  }
  const e = result.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL ?? null,
    dataDir: path.resolve(e.DATA_DIR),
    catalogPath: e.VETTED_CATALOG ? path.resolve(e.VETTED_CATALOG) : null,
    githubApiUrl: e.GITHUB_API_URL.replace(/\/+$/, ''),
    githubToken: e.GITHUB_TOKEN ?? null,
    watchSchedule: e.WATCH_SCHEDULE === 'off' ? null : e.WATCH_SCHEDULE,
    adminToken: e.VETTED_ADMIN_TOKEN ?? null,
    logLevel: e.LOG_LEVEL,
    publicUrl: e.PUBLIC_URL ? e.PUBLIC_URL.replace(/\/+$/, '') : null,
    rateLimits: { writesPerWindow: e.RATE_LIMIT_WRITES, failedAuthPerWindow: e.RATE_LIMIT_FAILED_SIGNINS, windowMs: e.RATE_LIMIT_WINDOW_SECONDS * 1000 },
  };
}
