// `vetted check`: detect or take the installed versions, ask the registry (once per distinct
// version set, see inventory.ts), report one line per app or site, and return the exit status of
// API.md. The CLI only parses flags and calls runCheckCommand.
import type { Advice } from '../matrix/contract.ts';
import { decideAction, exitStatusFor, type ExitStatus } from './actions.ts';
import { appNames } from './app-names.ts';
import { renderJson, renderText, useColour, type CheckReport, type CheckRow } from './check-output.ts';
import { gatherInstalls, type Gathered } from './gather.ts';
import { givenProblems } from './given-problems.ts';
import { appsWithSeveralSites, versionSets, type Install } from './inventory.ts';
import { fetchAdvice, fetchAppIds, type Connection } from './registry-answers.ts';
import { RegistryError } from './registry-request.ts';
import { ClientConfigError, resolveCheckSettings, type CheckCommandOptions } from './settings.ts';

export type { CheckCommandOptions } from './settings.ts';

export interface CommandIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
  /** The process environment (VETTED_SERVER, VETTED_TOKEN, NO_COLOR, PATH for the version commands). */
  env: NodeJS.ProcessEnv;
  /** Injected in tests; the global fetch otherwise. */
  fetch?: typeof fetch;
}
export type CheckIo = CommandIo;

export async function runCheckCommand(options: CheckCommandOptions, io: CommandIo): Promise<ExitStatus> {
  let report: CheckReport = { server: options.server ?? io.env.VETTED_SERVER ?? '', sets: [], detections: null, installs: [], rows: [], advices: [], error: null, exitStatus: 3 };
  const fail = (message: string): ExitStatus => {
    report = { ...report, error: message, exitStatus: 3 };
    if (options.json) io.stdout.write(renderJson(report));
    else if (report.detections) io.stdout.write(renderText(report, useColour(io.stdout, io.env)));
    io.stderr.write(`vetted check: ${message}\n`);
    return 3;
  };

  try {
    const settings = await resolveCheckSettings(options, io.env);
    report.server = settings.server;
    if (!settings.detect && Object.keys(settings.given).length === 0) {
      return fail('nothing to check: give --installed app=version (repeatable) or --detect');
    }
    const gathered: Gathered = await gatherInstalls(settings.detect, settings.given);
    report = { ...report, detections: gathered.detections, installs: gathered.installs };
    if (gathered.installs.length === 0) return fail('no installed app was found on this server; check the paths (--path app=/dir, --config) or give --installed app=version');

    const connection: Connection = { server: settings.server, timeoutMs: settings.timeoutMs, fetch: io.fetch };
    const sets = versionSets(gathered.installs);
    const advices: Advice[] = [];
    try {
      for (const set of sets) advices.push(await fetchAdvice(connection, set, settings.includePrereleases));
    } catch (error) {
      if (error instanceof RegistryError) return fail(error.message);
      throw error;
    }
    report = { ...report, sets, advices, rows: rowsOf(sets, advices, gathered.installs) };

    const problems = await givenProblems(advices[0]!, gathered.installs, () => fetchAppIds(connection).catch(() => Object.keys(appNames)));
    if (problems.length > 0) return fail(problems.join('; '));

    const exitStatus = exitStatusFor(advices);
    report = { ...report, exitStatus };
    io.stdout.write(options.json ? renderJson(report) : renderText(report, useColour(io.stdout, io.env)));
    return exitStatus;
  } catch (error) {
    if (error instanceof ClientConfigError) return fail(error.message);
    return fail(`unexpected error: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * One row per app, or per site for an app installed several times: each site's row comes from
 * the answer about the version that site runs.
 */
export function rowsOf(sets: Array<Record<string, string>>, advices: Advice[], installs: Install[]): CheckRow[] {
  const several = appsWithSeveralSites(installs);
  const rows: CheckRow[] = [];
  const shown = new Set<string>();
  for (const [k, advice] of advices.entries()) {
    const set = sets[k]!;
    for (const app of advice.apps) {
      // An app the registry answered about unasked is shown once, from the first answer.
      const sent = set[app.app] ?? (k === 0 ? app.installed : undefined);
      const key = `${app.app}\u0000${sent}`;
      if (sent === undefined || shown.has(key)) continue;
      shown.add(key);
      const action = decideAction(app, set);
      const sites = several.has(app.app) ? installs.filter((install) => install.app === app.app && install.version === sent) : [null];
      for (const site of sites) rows.push({ advice: app, action, site: site?.site ?? (site ? site.source : null) });
    }
  }
  // An app's sites together, in the order of the first answer (the catalogue's), except that
  // apps whose upgrade is a security matter come first (any site of theirs, and those sites first).
  const order = new Map(advices[0]?.apps.map((app, i) => [app.app, i]) ?? []);
  const urgent = new Set(rows.filter((row) => row.advice.security).map((row) => row.advice.app));
  const rank = (row: CheckRow): number => (urgent.has(row.advice.app) ? 0 : 1);
  return rows.sort((a, b) =>
    rank(a) - rank(b) || (order.get(a.advice.app) ?? 0) - (order.get(b.advice.app) ?? 0) || (a.advice.security ? 0 : 1) - (b.advice.security ? 0 : 1));
}
