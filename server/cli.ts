// The `vetted` command line. The client's commands (check, plan, report) come from client/cli.ts
// and load nothing of the service; every service command imports what it needs when it runs.
import { Command, InvalidArgumentError, Option } from 'commander';
import { addClientCommands } from '../client/cli.ts';
import { collect, positiveInt } from '../client/cli-args.ts';
import type { AdminRequest } from './admin/admin-request.ts';
import type { Role } from './auth.ts';
import { vettedVersion } from './version.ts';

async function loadConfig() {
  const { parseEnv } = await import('./env.ts');
  return parseEnv(process.env);
}

/** Tokens, stacks and watches: run by `vetted serve` when it holds the embedded database, here otherwise. */
async function runAdminRequest(request: AdminRequest): Promise<void> {
  const config = await loadConfig();
  const [{ createLogger }, { dispatchAdmin }] = await Promise.all([import('./logger.ts'), import('./admin/dispatch.ts')]);
  // Commands other than serve print their own output; the log only says what went wrong.
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, { stream: 'stderr' });
  process.exitCode = await dispatchAdmin(config, log, request, { stdout: process.stdout, stderr: process.stderr });
}

// Spelled here rather than imported, so `vetted check` loads nothing of the service.
const roles = ['tester', 'admin'] as const satisfies readonly Role[];

export function buildCli(): Command {
  const program = new Command('vetted')
    .description('vetted: which upgrades of your self-hosted suite are tested safe together')
    .version(vettedVersion)
    .showHelpAfterError();

  program
    .command('serve')
    .description('run the service: JSON API, pages, feeds and the scheduled watcher (configured by environment variables, see README)')
    .action(async () => {
      const config = await loadConfig();
      const { serve } = await import('./main.ts');
      await serve(config);
    });

  program
    .command('migrate')
    .description('apply database migrations (serve also does this at start)')
    .action(async () => {
      const config = await loadConfig();
      const [{ createLogger }, { openServices }] = await Promise.all([import('./logger.ts'), import('./services.ts')]);
      const { database } = await openServices(config, createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, { stream: 'stderr' }));
      await database.close();
      console.log(`migrations applied (${database.kind})`);
    });

  const beside = ' (asks a running "vetted serve" on the embedded database to do it)';
  const token = program.command('token').description('manage API tokens');
  token
    .command('create')
    .description(`create a token; its secret is printed once${beside}`)
    .addOption(new Option('--role <role>', 'tester (records runs) or admin (everything)').choices(roles).makeOptionMandatory())
    .requiredOption('--name <name>', 'who or what uses it, e.g. "ci-nextcloud"')
    .action(async (options: { role: 'tester' | 'admin'; name: string }) => {
      const name = options.name.trim();
      if (name.length === 0 || name.length > 100) throw new InvalidArgumentError('--name must be 1 to 100 characters');
      const { textProblem } = await import('./http/schemas.ts');
      const problem = textProblem(name);
      if (problem) throw new InvalidArgumentError(`--name ${problem}`);
      await runAdminRequest({ command: 'token.create', role: options.role, name });
    });
  token
    .command('list')
    .description(`list tokens (never their secrets)${beside}`)
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      await runAdminRequest({ command: 'token.list', json: options.json ?? false });
    });
  token
    .command('revoke')
    .description(`revoke a token by id${beside}`)
    .argument('<id>', 'token id from "vetted token list"', positiveInt)
    .action(async (id: number) => {
      await runAdminRequest({ command: 'token.revoke', id });
    });

  const stack = program.command('stack').description('manage stacks: the platforms pages, feeds and release statuses are judged on');
  stack
    .command('add')
    .description(`declare a stack, e.g. vetted stack add bookworm --component debian=12 --component php=8.2 --component mariadb=10.11${beside}`)
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
      await runAdminRequest({ command: 'stack.add', id, components, default: options.default ?? false, ...(options.name ? { name: options.name } : {}) });
    });
  stack
    .command('list')
    .description(`list the stacks, the default first${beside}`)
    .option('--json', 'print JSON')
    .action(async (options: { json?: boolean }) => {
      await runAdminRequest({ command: 'stack.list', json: options.json ?? false });
    });
  stack
    .command('remove')
    .description(`remove a stack${beside}`)
    .argument('<id>', 'stack id from "vetted stack list"')
    .action(async (id: string) => {
      await runAdminRequest({ command: 'stack.remove', id });
    });

  const support = program.command('support').description('support and end-of-life dates per series: list them, or set them by hand where upstream publishes none');
  support
    .command('list')
    .description(`list the known support dates, newest series first${beside}`)
    .argument('[app]', 'only this app')
    .option('--json', 'print JSON')
    .action(async (app: string | undefined, options: { json?: boolean }) => {
      await runAdminRequest({ command: 'support.list', json: options.json ?? false, ...(app ? { app } : {}) });
    });
  support
    .command('set')
    .description(`set or correct a series' dates, e.g. vetted support set roundcube 1.6 --security-end 2027-05-10 --lts; they win over upstream's, field by field${beside}`)
    .argument('<app>', 'app id, e.g. roundcube')
    .argument('<series>', 'series (a version is read down to it), e.g. 1.6')
    .option('--released <day>', 'first release of the series, YYYY-MM-DD')
    .option('--active-end <day>', 'end of active support, YYYY-MM-DD')
    .option('--security-end <day>', 'end of security support, YYYY-MM-DD')
    .option('--lts', 'a long-term support series')
    .option('--no-lts', 'not a long-term support series')
    .option('--note <text>', 'why the dates were set by hand')
    .action(async (app: string, series: string, options: { released?: string; activeEnd?: string; securityEnd?: string; lts?: boolean; note?: string }) => {
      await runAdminRequest({
        command: 'support.set', app, series,
        ...(options.released ? { releasedAt: options.released } : {}),
        ...(options.activeEnd ? { activeSupportEnd: options.activeEnd } : {}),
        ...(options.securityEnd ? { securitySupportEnd: options.securityEnd } : {}),
        ...(options.lts === undefined ? {} : { lts: options.lts }),
        ...(options.note ? { note: options.note } : {}),
      });
    });
  support
    .command('clear')
    .description(`clear the dates set by hand for a series (upstream's show again)${beside}`)
    .argument('<app>', 'app id')
    .argument('<series>', 'series, e.g. 1.6')
    .action(async (app: string, series: string) => {
      await runAdminRequest({ command: 'support.clear', app, series });
    });

  program
    .command('watch')
    .description(`poll upstream once now (sources backing off too), showing progress per app, and print what is new; exit status 1 when a source failed${beside}`)
    .argument('[app...]', 'app ids to poll (default: every app with a source)')
    .option('--json', 'print the summary as JSON')
    .action(async (apps: string[], options: { json?: boolean }) => {
      await runAdminRequest({ command: 'watch', apps, json: options.json ?? false, tty: process.stdout.isTTY === true });
    });

  return addClientCommands(program);
}

export async function runCli(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (error) {
    if (error instanceof InvalidArgumentError) {
      console.error(`vetted: ${error.message}`);
      process.exit(1);
    }
    // Loaded only on the way out, so a client command never pays for the service's modules.
    const { expectedMessage } = await import('./command-errors.ts');
    const message = expectedMessage(error);
    if (message === null) throw error;
    console.error(`vetted: ${message}`);
    process.exit(1);
  }
}
