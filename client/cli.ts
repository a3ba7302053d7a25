// The client's commands — check, plan, report — as the light bundle (client/main.ts) and the full
// `vetted` executable (server/cli.ts) both offer them. Nothing here loads the service.
import { Command } from 'commander';
import { runCheckCommand, type CheckCommandOptions, type CommandIo } from './check-command.ts';
import { collect, positiveNumber } from './cli-args.ts';
import { runPlanCommand, type PlanCommandOptions } from './plan-command.ts';
import { runReportCommand, type ReportCommandOptions } from './report-command.ts';

function processIo(): CommandIo {
  return { stdout: process.stdout, stderr: process.stderr, env: process.env };
}

/** The flags every client command shares: where the registry is and what this server runs. */
function inventoryOptions(command: Command): Command {
  return command
    .option('--server <url>', 'registry URL (default: $VETTED_SERVER, the config file, or http://127.0.0.1:3000)')
    .option('--installed <app=version>', 'an installed version, given by hand (repeatable; wins over --detect)', collect)
    .option('--detect', 'read installed versions from where each app keeps them on this server (every site under /var/www/*/ too)')
    .option('--root <dir>', 'prefix every install path with this directory (for tests and chroots)')
    .option('--config <file>', 'client config file (default: /etc/vetted/client.json, if present)')
    .option('--path <app=dir>', 'install directory of an app for --detect, * for every folder of a level (repeatable)', collect)
    .option('--timeout <seconds>', 'how long to wait for the registry (default 10)', positiveNumber);
}

export function addClientCommands(program: Command): Command {
  inventoryOptions(program.command('check'))
    .description('ask a registry which upgrades of this server are tested safe; exit status 0 nothing to do, 1 safe upgrade available, 2 installed version broken, withdrawn or blocked, 3 error')
    .option('--include-prereleases', 'consider prereleases as upgrades too')
    .option('--json', 'print JSON for scripts instead of a table')
    .action(async (options: CheckCommandOptions) => {
      process.exitCode = await runCheckCommand(options, processIo());
    });

  inventoryOptions(program.command('plan'))
    .description('the whole-stack plan for this server: which upgrades to take, in which order, and what stays behind; exit status as check (1: steps to take)')
    .option('--hold <app>', 'leave this app where it is (repeatable)', collect)
    .option('--include-prereleases', 'consider prereleases as upgrades too')
    .option('--json', 'print JSON for scripts')
    .action(async (options: PlanCommandOptions) => {
      process.exitCode = await runPlanCommand(options, processIo());
    });

  inventoryOptions(program.command('report'))
    .description('record a run from a test server: the versions it runs and the verdict (token from $VETTED_TOKEN or the config file); exit status 0 stored, 3 error')
    .option('--pass', 'everything worked')
    .option('--fail', 'something failed (name it with --failed)')
    .option('--probe', 'run the probes of the config file and record the verdict they give')
    .option('--failed <app>', 'a component that failed, with --fail (repeatable; default: the failure blames every component)', collect)
    .option('--notes <text>', 'what was tested, what went wrong')
    .option('--evidence <url>', 'link to the CI job or log')
    .option('--json', 'print JSON for scripts')
    .action(async (options: ReportCommandOptions) => {
      process.exitCode = await runReportCommand(options, processIo());
    });
  return program;
}

/** The light client on its own: what GET /client/vetted.cjs serves. */
export function buildClientCli(version: string): Command {
  const program = new Command('vetted')
    .description('vetted client: which upgrades of this server are tested safe together (check, plan), and record test runs (report)')
    .version(version)
    .showHelpAfterError();
  return addClientCommands(program);
}
