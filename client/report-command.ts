// `vetted report`: record a run from a test server — the versions it runs (detected or given),
// the verdict (given, or decided by probes), notes and evidence — and say what it changed.
import { stat } from 'node:fs/promises';
import type { ExitStatus } from './actions.ts';
import { appName } from './app-names.ts';
import type { CommandIo } from './check-command.ts';
import { gatherInstalls } from './gather.ts';
import { appOf, runProbes, type ProbeResult } from './probes/run-probes.ts';
import { recordRun, type NewRun } from './registry-answers.ts';
import { RegistryError } from './registry-request.ts';
import { renderRecorded, renderRecordedJson, probeNotes } from './report-output.ts';
import { ClientConfigError, resolveCheckSettings, type ReportCommandOptions } from './settings.ts';
import type { Install } from './inventory.ts';

export type { ReportCommandOptions } from './settings.ts';

export async function runReportCommand(options: ReportCommandOptions, io: CommandIo): Promise<ExitStatus> {
  const fail = (message: string): ExitStatus => {
    if (options.json) io.stdout.write(`${JSON.stringify({ stored: false, error: message }, null, 2)}\n`);
    io.stderr.write(`vetted report: ${message}\n`);
    return 3;
  };
  try {
    const verdicts = [options.pass && '--pass', options.fail && '--fail', options.probe && '--probe'].filter(Boolean);
    if (verdicts.length !== 1) return fail(verdicts.length === 0 ? 'say what happened: --pass, --fail, or --probe to decide by the probes in the config file' : `${verdicts.join(' and ')} exclude each other`);
    if (options.failed && options.failed.length > 0 && !options.fail) return fail('--failed names what failed, so it goes with --fail');

    const settings = await resolveCheckSettings({ ...options, includePrereleases: false }, io.env);
    if (!settings.token) return fail('no token: set VETTED_TOKEN, or "token" in the config file (an admin creates one: vetted token create --role tester --name NAME)');
    if (settings.tokenOrigin === 'config' && settings.configFile) await warnIfShared(settings.configFile, io);
    if (!settings.detect && Object.keys(settings.given).length === 0) return fail('nothing to report: give --installed app=version (repeatable) or --detect');

    const { installs } = await gatherInstalls(settings.detect, settings.given);
    const components = componentsOf(installs);
    if (typeof components === 'string') return fail(components);
    if (Object.keys(components).length === 0) return fail('no installed app was found on this server; check the paths (--path app=/dir, --config) or give --installed app=version');
    const outside = (options.failed ?? []).filter((app) => !Object.hasOwn(components, app));
    if (outside.length > 0) return fail(`--failed ${outside.join(', ')}: not among the versions reported (${Object.keys(components).join(', ')})`);

    let run: NewRun = { components, verdict: options.fail ? 'fail' : 'pass' };
    if (options.failed && options.failed.length > 0) run.failed = [...new Set(options.failed)];
    let probes: ProbeResult[] = [];
    if (options.probe) {
      const declared = settings.config.probes ?? [];
      if (declared.length === 0) return fail(`--probe: no probes declared in ${settings.configFile ?? 'the config file (/etc/vetted/client.json)'}; see docs/testers.md`);
      // A probe of an app this run does not include cannot blame it: skipped, and said so.
      const runnable = declared.filter((probe) => appOf(probe) === null || Object.hasOwn(components, appOf(probe)!));
      probes = await runProbes(runnable, { components, env: io.env, fetch: io.fetch });
      run = { ...run, ...verdictOf(probes) };
    }
    const notes = [options.notes?.trim(), probes.length > 0 ? probeNotes(probes) : undefined].filter((part): part is string => Boolean(part));
    if (notes.length > 0) run.notes = notes.join('\n\n');
    if (options.evidence) run.evidenceUrl = options.evidence;

    let recorded;
    try {
      recorded = await recordRun({ server: settings.server, timeoutMs: settings.timeoutMs, fetch: io.fetch }, settings.token, run);
    } catch (error) {
      if (error instanceof RegistryError) return fail(error.message);
      throw error;
    }
    io.stdout.write(options.json ? renderRecordedJson(settings.server, recorded, probes) : renderRecorded(settings.server, recorded, probes));
    return 0;
  } catch (error) {
    if (error instanceof ClientConfigError) return fail(error.message);
    return fail(`unexpected error: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** One version per app; a run is one configuration, so an app found at several versions must be named. */
function componentsOf(installs: Install[]): Record<string, string> | string {
  const components: Record<string, string> = {};
  for (const install of installs) {
    const seen = components[install.app];
    if (seen !== undefined && seen !== install.version) {
      const sites = installs.filter((i) => i.app === install.app).map((i) => `${i.version} in ${i.site ?? i.source}`);
      return `${appName(install.app)} runs at several versions here (${sites.join(', ')}); say which one was tested: --installed ${install.app}=VERSION or --path ${install.app}=/dir`;
    }
    components[install.app] = install.version;
  }
  return components;
}

/** Any failed probe fails the run, blaming the apps of the failed probes (all, if one has no app). */
function verdictOf(probes: ProbeResult[]): Pick<NewRun, 'verdict' | 'failed'> {
  const failed = probes.filter((probe) => !probe.ok);
  if (failed.length === 0) return { verdict: 'pass' };
  if (failed.some((probe) => probe.app === null)) return { verdict: 'fail' };
  return { verdict: 'fail', failed: [...new Set(failed.map((probe) => probe.app!))] };
}

async function warnIfShared(file: string, io: CommandIo): Promise<void> {
  const info = await stat(file).catch(() => null);
  // Others who can read the file can record runs in the tester's name.
  if (info && (info.mode & 0o077) !== 0) io.stderr.write(`vetted report: warning: ${file} holds a token and is readable by others; chmod 600 ${file}\n`);
}
