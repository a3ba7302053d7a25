// The `vetted` command line. Each command parses its flags and calls plain functions.
import { Command, InvalidArgumentError, Option } from 'commander';
import { runCheckCommand, type CheckCommandOptions } from '../client/check-command.ts';
import { CatalogError } from '../scrapers/catalog.ts';
import { roles, type Role } from './auth.ts';
import { ConfigError, parseEnv, type Config } from './env.ts';
import { Id, textProblem } from './http/schemas.ts';
import { createLogger } from './logger.ts';
import { serve } from './main.ts';
import { ApiError } from './errors.ts';
import { addStack, listStacks, removeStack } from './repositories/stacks.ts';
import { createToken, listTokens, revokeToken } from './repositories/tokens.ts';
import { openServices, StartupError } from './services.ts';
import { vettedVersion } from './version.ts';
import { runWatchCommand } from './watch-command.ts';

/** Errors that end a command with one line on stderr and exit status 1. */
function isExpected(error: unknown): error is Error {
  return error instanceof ConfigError || error instanceof CatalogError || error instanceof StartupError;
}

function loadConfig(): Config {
  return parseEnv(process.env);
}

function quietLogger(config: Config) {
  // Commands other than serve print their own output; the log only says what went wrong.
  return createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, { stream: 'stderr' });
}

async function withServices<T>(fn: (services: Awaited<ReturnType<typeof openServices>>) => Promise<T>, explain?: (error: unknown) => never): Promise<T> {
  const config = loadConfig();
  const services = await openServices(config, quietLogger(config));
  try {
    return await fn(services);
  } catch (error) {
    explain?.(error);
    throw error;
  } finally {
    await services.database.close();
  }
}

/** An API error of a stack command (unknown app, taken id) becomes the one-line message of the CLI. */
function stackErrors(error: unknown): never {
  if (error instanceof ApiError) {
    const details = Array.isArray(error.details) ? (error.details as Array<{ path?: string; message?: string }>) : [];
    throw new StartupError(details.length > 0 ? details.map((d) => d.message).join('; ') : error.message);
  }
  throw error;
}

function idArgument(value: string): number {
  const parsed = Id.safeParse(value);
  if (!parsed.success) throw new InvalidArgumentError(parsed.error.issues[0]!.message);
  return parsed.data;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('must be a positive number');
  return n;
}

export function buildCli(): Command {
  const program = new Command('vetted')
    .description('vetted: which upgrades of your self-hosted suite are tested safe together')
    .version(vettedVersion)
    .showHelpAfterError();

  program
    .command('serve')
    .description('run the service: JSON API, pages, feeds and the scheduled watcher (configured by environment variables, see README)')
    .action(async () => {
      await serve(loadConfig());
    });

  program
    .command('migrate')
    .description('apply database migrations (serve also does this at start)')
    .action(async () => {
      await withServices(async ({ database }) => {
        console.log(`migrations applied (${database.kind})`);
      });
    });

  const token = program.command('token').description('manage API tokens');
  token
    .command('create')
    .description('create a token; its secret is printed once')
    .addOption(new Option('--role <role>', 'tester (records runs) or admin (everything)').choices(roles).makeOptionMandatory())
    .requiredOption('--name <name>', 'who or what uses it, e.g. "ci-nextcloud"')
    .action(async (options: { role: Role; name: string }) => {
      const name = options.name.trim();
      if (name.length === 0 || name.length > 100) throw new InvalidArgumentError('--name must be 1 to 100 characters');
      const problem = textProblem(name);
      if (problem) throw new InvalidArgumentError(`--name ${problem}`);
      await withServices(async ({ database }) => {
        const { token: created, secret } = await createToken(database.db, { name, role: options.role, actor: 'cli' });
        console.log(`created token ${created.id} "${created.name}" (${created.role}). Its secret, shown only now:\n${secret}`);
      });
    });
  token
    .command('list')
    .description('list tokens (never their secrets)')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      await withServices(async ({ database }) => {
        const rows = await listTokens(database.db);
        if (options.json) {
          console.log(JSON.stringify(rows, null, 2));
          return;
        }
        if (rows.length === 0) console.log('no tokens yet: vetted token create --role tester --name NAME');
        for (const row of rows) {
          const state = row.revokedAt ? `revoked ${row.revokedAt.toISOString()}` : 'active';
          console.log(`${String(row.id).padStart(4)}  ${row.role.padEnd(6)}  ${row.name}  (created ${row.createdAt.toISOString()}, ${state})`);
        }
      });
    });
  token
    .command('revoke')
    .description('revoke a token by id')
    .argument('<id>', 'token id from "vetted token list"', idArgument)
    .action(async (id: number) => {
      await withServices(async ({ database }) => {
        if (!(await revokeToken(database.db, id, 'cli'))) {
          throw new StartupError(`no active token with id ${id}`);
        }
        console.log(`token ${id} revoked`);
      });
    });

  const stack = program.command('stack').description('manage stacks: the platforms pages, feeds and release statuses are judged on');
  stack
    .command('add')
    .description('declare a stack, e.g. vetted stack add bookworm --component debian=12 --component php=8.2 --component mariadb=10.11')
    .argument('<id>', 'lowercase id, e.g. bookworm')
    .requiredOption('--component <app=series>', 'a platform piece and its series (repeatable)', collect)
    .option('--name <name>', 'display name (default: the components, e.g. "Debian 12 · PHP 8.2 · MariaDB 10.11")')
    .option('--default', 'make it the default stack (the one the public page leads with)')
    .action(async (id: string, options: { component: string[]; name?: string; default?: boolean }) => {
      const components: Record<string, string> = {};
      for (const pair of options.component) {
        const [app, series] = pair.split('=', 2);
        if (!app || !series) throw new InvalidArgumentError(`--component ${pair}: write app=series, e.g. php=8.2`);
        components[app.trim()] = series.trim();
      }
      await withServices(async ({ database, catalog }) => {
        const added = await addStack(database.db, catalog, { id, name: options.name, components, default: options.default }, 'cli');
        console.log(`stack "${added.id}" declared: ${added.name}`);
      }, stackErrors);
    });
  stack
    .command('list')
    .description('list the stacks, the default first')
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      await withServices(async ({ database }) => {
        const stacks = await listStacks(database.db);
        if (options.json) {
          console.log(JSON.stringify(stacks, null, 2));
          return;
        }
        if (stacks.length === 0) console.log('no stacks yet: pages judge on any platform. Declare one: vetted stack add ID --component debian=12 --component php=8.2');
        for (const [i, entry] of stacks.entries()) console.log(`${entry.id.padEnd(16)} ${entry.name}${i === 0 ? '  (default)' : ''}`);
      });
    });
  stack
    .command('remove')
    .description('remove a stack')
    .argument('<id>', 'stack id from "vetted stack list"')
    .action(async (id: string) => {
      await withServices(async ({ database }) => {
        const removed = await removeStack(database.db, id, 'cli');
        console.log(`stack "${removed.id}" removed`);
      }, stackErrors);
    });

  program
    .command('watch')
    .description('poll upstream once now (sources backing off too), showing progress per app, and print what is new; exit status 1 when a source failed')
    .argument('[app...]', 'app ids to poll (default: every app with a source)')
    .option('--json', 'print the summary as JSON')
    .action(async (apps: string[], options: { json?: boolean }) => {
      const config = loadConfig();
      process.exitCode = await runWatchCommand(config, quietLogger(config), apps, options);
    });

  program
    .command('check')
    .description('ask a registry which upgrades of this server are tested safe; exit status 0 nothing to do, 1 safe upgrade available, 2 installed version broken or withdrawn, 3 error')
    .option('--server <url>', 'registry URL (default: $VETTED_SERVER, the config file, or http://127.0.0.1:3000)')
    .option('--installed <app=version>', 'an installed version, given by hand (repeatable; wins over --detect)', collect)
    .option('--detect', 'read installed versions from where each app keeps them on this server')
    .option('--root <dir>', 'prefix every install path with this directory (for tests and chroots)')
    .option('--config <file>', 'client config file (default: /etc/vetted/client.json, if present)')
    .option('--path <app=dir>', 'install directory of an app, for --detect (repeatable)', collect)
    .option('--timeout <seconds>', 'how long to wait for the registry (default 10)', positiveNumber)
    .option('--include-prereleases', 'consider prereleases as upgrades too')
    .option('--json', 'print JSON for scripts instead of a table')
    .action(async (options: CheckCommandOptions) => {
      process.exitCode = await runCheckCommand(options, { stdout: process.stdout, stderr: process.stderr, env: process.env });
    });

  return program;
}

export async function runCli(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (error) {
    if (isExpected(error)) {
      console.error(`vetted: ${error.message}`);
      process.exit(1);
    }
    if (error instanceof InvalidArgumentError) {
      console.error(`vetted: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
}
