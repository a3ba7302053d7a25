// `vetted plan`: the whole-stack plan for this server, step by step. The plan says what to do;
// the check's advice, asked alongside, says whether an installed version is already broken,
// withdrawn or blocked, so the exit statuses mean what they mean for `vetted check`.
import type { Advice, Plan } from '../matrix/contract.ts';
import { exitStatusFor, type ExitStatus } from './actions.ts';
import { appNames } from './app-names.ts';
import type { CommandIo } from './check-command.ts';
import { gatherInstalls } from './gather.ts';
import { givenProblems } from './given-problems.ts';
import { versionSets } from './inventory.ts';
import { renderPlanJson, renderPlanText, type PlanReport } from './plan-output.ts';
import { fetchAdvice, fetchAppIds, fetchPlan, type Connection } from './registry-answers.ts';
import { RegistryError } from './registry-request.ts';
import { ClientConfigError, resolveCheckSettings, type PlanCommandOptions } from './settings.ts';
import { useColour } from './terminal.ts';

export type { PlanCommandOptions } from './settings.ts';

export async function runPlanCommand(options: PlanCommandOptions, io: CommandIo): Promise<ExitStatus> {
  let report: PlanReport = { server: options.server ?? io.env.VETTED_SERVER ?? '', detections: null, installs: [], plans: [], error: null, exitStatus: 3 };
  const fail = (message: string): ExitStatus => {
    report = { ...report, error: message, exitStatus: 3 };
    if (options.json) io.stdout.write(renderPlanJson(report));
    io.stderr.write(`vetted plan: ${message}\n`);
    return 3;
  };
  try {
    const settings = await resolveCheckSettings(options, io.env);
    report.server = settings.server;
    if (!settings.detect && Object.keys(settings.given).length === 0) return fail('nothing to plan: give --installed app=version (repeatable) or --detect');
    const gathered = await gatherInstalls(settings.detect, settings.given);
    report = { ...report, detections: gathered.detections, installs: gathered.installs };
    if (gathered.installs.length === 0) return fail('no installed app was found on this server; check the paths (--path app=/dir, --config) or give --installed app=version');

    const connection: Connection = { server: settings.server, timeoutMs: settings.timeoutMs, fetch: io.fetch };
    const hold = [...new Set(options.hold ?? [])];
    const plans: PlanReport['plans'] = [];
    try {
      for (const installed of versionSets(gathered.installs)) {
        const [plan, advice]: [Plan, Advice] = await Promise.all([
          fetchPlan(connection, installed, settings.includePrereleases, hold),
          fetchAdvice(connection, installed, settings.includePrereleases),
        ]);
        plans.push({ installed, plan, advice });
      }
    } catch (error) {
      if (error instanceof RegistryError) return fail(error.status === 404 ? `${error.message} (this registry has no whole-stack plan yet; vetted check still works)` : error.message);
      throw error;
    }
    report = { ...report, plans };
    const problems = await givenProblems(plans[0]!.advice, gathered.installs, () => fetchAppIds(connection).catch(() => Object.keys(appNames)));
    const unknownHolds = hold.filter((app) => !Object.hasOwn(plans[0]!.installed, app));
    for (const app of unknownHolds) problems.push(`--hold ${app}: not among the installed apps (${Object.keys(plans[0]!.installed).join(', ')})`);
    if (problems.length > 0) return fail(problems.join('; '));

    report = { ...report, exitStatus: planExitStatus(plans) };
    io.stdout.write(options.json ? renderPlanJson(report) : renderPlanText(report, useColour(io.stdout, io.env)));
    return report.exitStatus;
  } catch (error) {
    if (error instanceof ClientConfigError) return fail(error.message);
    return fail(`unexpected error: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** 2 when an installed version is broken, withdrawn or blocked; 1 when there are steps; 0 otherwise. */
export function planExitStatus(plans: PlanReport['plans']): ExitStatus {
  if (exitStatusFor(plans.map((p) => p.advice)) === 2) return 2;
  return plans.some((p) => p.plan.steps.length > 0) ? 1 : 0;
}
