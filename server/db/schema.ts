// Every table of vetted, in one place. drizzle-kit generates migrations/ from this file.
import { sql } from 'drizzle-orm';
import {
  bigint, bigserial, boolean, check, date, index, integer, jsonb, pgTable, primaryKey, serial, text, uniqueIndex,
} from 'drizzle-orm/pg-core';
import { timestamptz } from './timestamptz.ts';

const now = sql`now()`;

/** The largest id a `serial` column holds (PostgreSQL's integer); a larger one in a query is an error. */
export const maxSerialId = 2 ** 31 - 1;

/** The catalogue as last synced at start-up; `in_catalog` false for apps since removed from it. */
export const apps = pgTable('apps', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  kind: text('kind', { enum: ['app', 'platform'] }).notNull(),
  homepage: text('homepage').notNull(),
  series: integer('series').notNull(),
  versioning: text('versioning').notNull(),
  policy: jsonb('policy').$type<{ maxMajorStep?: number }>().notNull(),
  position: integer('position').notNull(),
  inCatalog: boolean('in_catalog').notNull().default(true),
  updatedAt: timestamptz('updated_at').notNull().default(now),
});

/** One upstream version of an app, as the watcher found it or an admin entered it. Never deleted. */
export const releases = pgTable('releases', {
  id: serial('id').primaryKey(),
  appId: text('app_id').notNull().references(() => apps.id),
  /** Canonical spelling in the app's version scheme (matrix/versions.ts). */
  version: text('version').notNull(),
  /** Upstream tag or name; null when entered by hand without one. */
  tag: text('tag'),
  /** When upstream published it; null when the source does not say. */
  publishedAt: timestamptz('published_at'),
  prerelease: boolean('prerelease').notNull().default(false),
  url: text('url'),
  /** The release fixes vulnerabilities (php.net `security` tag, "security" in a title, CVE ids in notes). */
  security: boolean('security').notNull().default(false),
  /** Upstream lists this version as having known vulnerabilities (WordPress stable-check `insecure`); a watch may set it later. */
  insecure: boolean('insecure').notNull().default(false),
  /** `manual` or the source kind that first found it. */
  origin: text('origin').notNull(),
  firstSeenAt: timestamptz('first_seen_at').notNull().default(now),
  withdrawn: boolean('withdrawn').notNull().default(false),
  /** Why it was withdrawn; null while it is not. */
  withdrawnReason: text('withdrawn_reason'),
  withdrawnAt: timestamptz('withdrawn_at'),
  /** registry_state.change_seq of the write that last inserted or changed it (0: before it was kept). */
  changeSeq: bigint('change_seq', { mode: 'number' }).notNull().default(0),
}, (t) => [uniqueIndex('releases_app_version_key').on(t.appId, t.version), index('releases_change_seq_idx').on(t.changeSeq)]);

/** Health of one upstream source of one app (`source_key` is its position and kind, e.g. `0:github-tags`). */
export const watchSources = pgTable('watch_sources', {
  appId: text('app_id').notNull().references(() => apps.id),
  sourceKey: text('source_key').notNull(),
  lastAttemptAt: timestamptz('last_attempt_at'),
  /** Null until a poll of this source has succeeded. */
  lastSuccessAt: timestamptz('last_success_at'),
  /** Null after a success. */
  lastError: text('last_error'),
  consecutiveFailures: integer('consecutive_failures').notNull().default(0),
  /** Backoff: the earliest time the scheduled watch polls it again; null means at once. */
  nextAttemptAt: timestamptz('next_attempt_at'),
  lastResult: text('last_result'),
  releasesSeen: integer('releases_seen').notNull().default(0),
}, (t) => [primaryKey({ columns: [t.appId, t.sourceKey] })]);

/** HTTP validators per URL, for conditional requests. */
export const httpValidators = pgTable('http_validators', {
  url: text('url').primaryKey(),
  etag: text('etag'),
  lastModified: text('last_modified'),
  updatedAt: timestamptz('updated_at').notNull().default(now),
});

/** One tested configuration and its verdict. */
export const runs = pgTable('runs', {
  id: serial('id').primaryKey(),
  verdict: text('verdict', { enum: ['pass', 'fail'] }).notNull(),
  testedAt: timestamptz('tested_at').notNull(),
  notes: text('notes'),
  evidenceUrl: text('evidence_url'),
  /** Name of the token that recorded it. */
  recordedBy: text('recorded_by').notNull(),
  createdAt: timestamptz('created_at').notNull().default(now),
  /** registry_state.change_seq of the write that recorded it (0: before it was kept). */
  changeSeq: bigint('change_seq', { mode: 'number' }).notNull().default(0),
  /**
   * The run as the in-memory index reads it at start-up, written with it and never changed (runs
   * are immutable): `<1 if failed, else 0> <tested_at in epoch ms> <release_id>[!] …`, ! where the
   * failure names that component (run_components stays the relational record). One row per run to
   * read instead of ten makes loading a million runs take seconds (docs/operations.md).
   */
  // No default, so every insert must write it (TypeScript says so), and the check refuses an empty one.
  indexEntry: text('index_entry').notNull(),
}, (t) => [
  index('runs_tested_at_idx').on(t.testedAt), index('runs_change_seq_idx').on(t.changeSeq),
  check('runs_verdict_check', sql`${t.verdict} in ('pass', 'fail')`), check('runs_index_entry_check', sql`${t.indexEntry} <> ''`),
]);

/** The `app → version` pairs of a run. */
export const runComponents = pgTable('run_components', {
  runId: integer('run_id').notNull().references(() => runs.id, { onDelete: 'cascade' }),
  appId: text('app_id').notNull().references(() => apps.id),
  releaseId: integer('release_id').notNull().references(() => releases.id),
  version: text('version').notNull(),
  /** The tester named this component as what failed (`failed`); when no component of a failed run is named, all are blamed. */
  failed: boolean('failed').notNull().default(false),
}, (t) => [primaryKey({ columns: [t.runId, t.appId] }), index('run_components_release_idx').on(t.releaseId)]);

/** "app in range needs requires_app in requires_range", declared by an admin. */
export const constraints = pgTable('constraints', {
  id: serial('id').primaryKey(),
  appId: text('app_id').notNull().references(() => apps.id),
  range: text('range').notNull(),
  requiresAppId: text('requires_app_id').notNull().references(() => apps.id),
  requiresRange: text('requires_range').notNull(),
  reason: text('reason').notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: timestamptz('created_at').notNull().default(now),
});

/** A named platform the suite runs on, as series per app; the lowest position is the default stack. */
export const stacks = pgTable('stacks', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  /** app → series, e.g. {"debian": "12", "php": "8.2"}. */
  components: jsonb('components').$type<Record<string, string>>().notNull(),
  position: integer('position').notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: timestamptz('created_at').notNull().default(now),
});

/**
 * Support dates of one series of an app, as one origin says them: `upstream` (the watcher's support
 * sources) or `admin` (entered through the API or the CLI). Both rows are kept: an admin's value
 * wins field by field, and the watcher never writes the admin row (docs/api.md, Support).
 * Dates are calendar days (`YYYY-MM-DD`); null where the origin does not say.
 */
export const seriesSupport = pgTable('series_support', {
  appId: text('app_id').notNull().references(() => apps.id),
  series: text('series').notNull(),
  origin: text('origin', { enum: ['upstream', 'admin'] }).notNull(),
  releasedAt: date('released_at', { mode: 'string' }),
  activeSupportEnd: date('active_support_end', { mode: 'string' }),
  securitySupportEnd: date('security_support_end', { mode: 'string' }),
  lts: boolean('lts'),
  /** Upstream's URL, or the admin token's name. */
  source: text('source').notNull(),
  /** The admin's note on why the dates were set by hand; null for upstream rows. */
  note: text('note'),
  updatedAt: timestamptz('updated_at').notNull().default(now),
  /** registry_state.change_seq of the write that last changed it. */
  changeSeq: bigint('change_seq', { mode: 'number' }).notNull().default(0),
}, (t) => [primaryKey({ columns: [t.appId, t.series, t.origin] })]);

/** API tokens; only a SHA-256 of the secret is kept. */
export const tokens = pgTable('tokens', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  role: text('role', { enum: ['tester', 'admin'] }).notNull(),
  hash: text('hash').notNull(),
  createdAt: timestamptz('created_at').notNull().default(now),
  /** Null while the token is valid. */
  revokedAt: timestamptz('revoked_at'),
  lastUsedAt: timestamptz('last_used_at'),
}, (t) => [uniqueIndex('tokens_hash_key').on(t.hash)]);

/** Every write, with who made it. */
export const auditLog = pgTable('audit_log', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  at: timestamptz('at').notNull().default(now),
  /** Token name, `bootstrap-admin` for VETTED_ADMIN_TOKEN, `watcher` or `cli`. */
  actor: text('actor').notNull(),
  action: text('action').notNull(),
  subject: text('subject').notNull(),
  details: jsonb('details'),
}, (t) => [index('audit_log_at_idx').on(t.at)]);

/**
 * One row: a counter bumped by every write, so each instance sharing the database can tell
 * cheaply that its in-memory index is stale.
 */
export const registryState = pgTable('registry_state', {
  id: integer('id').primaryKey(),
  changeSeq: bigint('change_seq', { mode: 'number' }).notNull().default(0),
  /** The catalogue's bootstrap stacks were stored once; an admin's later deletions stay deleted. */
  stacksSeeded: boolean('stacks_seeded').notNull().default(false),
});
