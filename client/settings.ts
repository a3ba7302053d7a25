// Everything `vetted check` needs to know before it starts, from (weakest first) built-in Debian
// defaults, the JSON config file, the environment and the flags.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as z from 'zod';
import { defaultCommands, defaultInstallDirs } from './detect/debian-defaults.ts';
import { commandApps, detectableApps, fileApps, type CommandApp, type DetectableApp, type FileApp } from './detect/index.ts';
import type { DetectSettings } from './detect/run-detectors.ts';
import { ProbeConfig } from './probes/probe-config.ts';

export const defaultConfigPath = '/etc/vetted/client.json';
export const defaultServer = 'http://127.0.0.1:3000';
// A registry that has not answered in 10 s is down for a cron job's purposes.
const defaultTimeoutSeconds = 10;
// `php -r` and `asterisk -V` answer in well under a second; 5 s leaves room for a loaded server.
const defaultCommandTimeoutSeconds = 5;

export class ClientConfigError extends Error {}

const appId = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'must be an app id like "nextcloud"');
const versionText = z.string().trim().min(1, 'must not be empty').max(100).regex(/^\S+$/, 'must be one version like "28.0.4"');
const absolutePath = z.string().min(1).refine((value) => path.isAbsolute(value), 'must be an absolute path');
const oneOrMore = <T extends z.ZodType>(item: T) => z.union([item, z.array(item).min(1)]);
const commandName = z.string().min(1).regex(/^[^\s]+$/, 'must be a command name or an absolute path, without arguments');

function optionalFields<K extends string, T extends z.ZodType>(keys: readonly K[], schema: T) {
  return z.strictObject(Object.fromEntries(keys.map((key) => [key, schema.optional()])) as Record<K, z.ZodOptional<T>>);
}

export const ClientConfigFile = z.strictObject({
  /** Registry base URL. */
  server: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL like https://vetted.example.org' }).optional(),
  /** How long to wait for the registry. */
  timeoutSeconds: z.number().positive().max(600).optional(),
  /** How long to wait for each version command. */
  commandTimeoutSeconds: z.number().positive().max(600).optional(),
  /** Install directory (or directories, tried in order) per app. */
  paths: optionalFields(fileApps, oneOrMore(absolutePath)).optional(),
  /** Command name or path (or several, tried in order) per command-detected app. */
  commands: optionalFields(commandApps, oneOrMore(commandName)).optional(),
  /** Apps not to look for. */
  skip: z.array(z.enum(detectableApps as [DetectableApp, ...DetectableApp[]])).optional(),
  /** Versions given by hand, for apps no detector can read (Roundpin, the suite's own tools). */
  installed: z.record(appId, versionText).optional(),
  /** A tester's token for `vetted report` (VETTED_TOKEN wins); keep the file readable by its owner only. */
  token: z.string().min(16, 'must be a token secret (16 characters or more)').max(512).regex(/^\S+$/, 'must not contain spaces').optional(),
  /** Smoke checks for `vetted report --probe`. */
  probes: z.array(ProbeConfig).max(50).optional(),
});
export type ClientConfigFile = z.infer<typeof ClientConfigFile>;

export interface CheckCommandOptions {
  /** Registry base URL (--server). */
  server?: string;
  /** `app=version` pairs (--installed). */
  installed?: string[];
  /** Read installed versions from this server (--detect). */
  detect?: boolean;
  /** Prefix for every install path (--root). */
  root?: string;
  /** Config file (--config); the default one may be absent, an explicit one may not. */
  config?: string;
  /** `app=/dir` install paths (--path). */
  path?: string[];
  /** Machine-readable output (--json). */
  json?: boolean;
  /** Seconds to wait for the registry (--timeout). */
  timeout?: number;
  /** Ask about prereleases too (--include-prereleases). */
  includePrereleases?: boolean;
}

export interface PlanCommandOptions extends CheckCommandOptions {
  /** Apps to leave where they are (--hold). */
  hold?: string[];
}

export interface ReportCommandOptions extends Omit<CheckCommandOptions, 'includePrereleases'> {
  pass?: boolean;
  fail?: boolean;
  /** Decide the verdict by the probes in the config file. */
  probe?: boolean;
  /** Components the tester saw fail (--failed, with --fail). */
  failed?: string[];
  notes?: string;
  /** Link to the CI job or log (--evidence). */
  evidence?: string;
}

export interface CheckSettings {
  server: string;
  /** The config file read (null when the default one is absent) and its content. */
  configFile: string | null;
  config: ClientConfigFile;
  /** VETTED_TOKEN, then `token` in the config file; null when neither. */
  token: string | null;
  /** Where the token came from, for messages. */
  tokenOrigin: 'VETTED_TOKEN' | 'config' | null;
  timeoutMs: number;
  includePrereleases: boolean;
  /** Null unless --detect. */
  detect: DetectSettings | null;
  /** Versions from the config file, then --installed (which wins). */
  given: Record<string, string>;
}

export async function resolveCheckSettings(options: CheckCommandOptions, env: NodeJS.ProcessEnv): Promise<CheckSettings> {
  const root = path.resolve(options.root ?? '/');
  const { config, file: configFile } = await loadClientConfig(options.config ?? null, root);

  const server = normaliseServer(options.server ?? nonEmpty(env.VETTED_SERVER) ?? config.server ?? defaultServer, options.server ? '--server' : nonEmpty(env.VETTED_SERVER) ? 'VETTED_SERVER' : 'server');
  const timeoutSeconds = options.timeout ?? config.timeoutSeconds ?? defaultTimeoutSeconds;
  if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) throw new ClientConfigError(`--timeout must be a positive number of seconds (got ${String(options.timeout)})`);

  const given: Record<string, string> = { ...config.installed };
  for (const pair of options.installed ?? []) {
    const [app, version] = splitPair(pair, '--installed', 'app=version');
    const parsedApp = appId.safeParse(app);
    if (!parsedApp.success) throw new ClientConfigError(`--installed ${pair}: "${app}" ${parsedApp.error.issues[0]!.message}`);
    const parsedVersion = versionText.safeParse(version);
    if (!parsedVersion.success) throw new ClientConfigError(`--installed ${pair}: the version ${parsedVersion.error.issues[0]!.message}`);
    given[app] = parsedVersion.data;
  }

  let detect: DetectSettings | null = null;
  if (options.detect) {
    const installDirs = { ...defaultInstallDirs };
    for (const [app, dirs] of Object.entries(config.paths ?? {})) if (dirs) installDirs[app as FileApp] = toList(dirs);
    for (const pair of options.path ?? []) {
      const [app, dir] = splitPair(pair, '--path', 'app=/dir');
      if (!(fileApps as string[]).includes(app)) throw new ClientConfigError(`--path ${pair}: no install path is read for "${app}" (known: ${fileApps.join(', ')})`);
      if (!path.isAbsolute(dir)) throw new ClientConfigError(`--path ${pair}: the directory must be an absolute path`);
      installDirs[app as FileApp] = [dir];
    }
    const commands = { ...defaultCommands };
    for (const [app, names] of Object.entries(config.commands ?? {})) if (names) commands[app as CommandApp] = toList(names);
    const skip = new Set<string>([...(config.skip ?? []), ...Object.keys(given)]);
    detect = {
      root,
      installDirs,
      commands,
      apps: detectableApps.filter((app) => !skip.has(app)),
      env,
      timeoutMs: (config.commandTimeoutSeconds ?? defaultCommandTimeoutSeconds) * 1000,
    };
  }

  const envToken = nonEmpty(env.VETTED_TOKEN)?.trim();
  const token = envToken ?? config.token ?? null;
  const tokenOrigin = envToken ? 'VETTED_TOKEN' : config.token ? 'config' : null;
  return { server, configFile, config, token, tokenOrigin, timeoutMs: timeoutSeconds * 1000, includePrereleases: options.includePrereleases ?? false, detect, given };
}

/** Reads the config file: an explicit path must exist; the default one (under --root) may be absent. */
export async function loadClientConfig(explicitPath: string | null, root: string): Promise<{ config: ClientConfigFile; file: string | null }> {
  const file = explicitPath ?? path.join(root, defaultConfigPath);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (explicitPath === null && code === 'ENOENT') return { config: {}, file: null };
    throw new ClientConfigError(`cannot read config file ${file}: ${code ?? String(error)}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new ClientConfigError(`config file ${file} is not valid JSON: ${(error as Error).message}`);
  }
  return { config: parseClientConfig(data, file), file };
}

/** Validates a config file's content; the error names the field that is wrong. */
export function parseClientConfig(data: unknown, origin: string): ClientConfigFile {
  const result = ClientConfigFile.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.map(String).join('.');
  let message = issue.message;
  if (issue.code === 'unrecognized_keys') {
    const known = field === 'paths' ? fileApps : field === 'commands' ? commandApps : Object.keys(ClientConfigFile.shape);
    message = `unknown ${issue.keys.length === 1 ? 'field' : 'fields'} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')} (known: ${known.join(', ')})`;
  }
  throw new ClientConfigError(`invalid config file ${origin}: ${field ? `${field}: ` : ''}${message}`);
}

function normaliseServer(value: string, origin: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ClientConfigError(`${origin} must be a URL like https://vetted.example.org (got ${JSON.stringify(value)})`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new ClientConfigError(`${origin} must be an http or https URL (got ${JSON.stringify(value)})`);
  return url.href.replace(/\/+$/, '');
}

function splitPair(pair: string, flag: string, shape: string): [string, string] {
  const at = pair.indexOf('=');
  if (at <= 0 || at === pair.length - 1) throw new ClientConfigError(`${flag} ${pair}: expected ${shape}`);
  return [pair.slice(0, at).trim(), pair.slice(at + 1).trim()];
}

function toList<T>(value: T | T[]): T[] {
  return Array.isArray(value) ? value : [value];
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value;
}
