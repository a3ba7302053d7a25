// `vetted check`: detect or take the installed versions, ask the registry, report, and return the
// exit status of API.md. The CLI only parses flags and calls runCheckCommand.
import { exitStatusFor, type ExitStatus } from './actions.ts';
import type { Advice } from './advice.ts';
import { fetchAdvice, RegistryError } from './check.ts';
import { detectInstalled } from './detect/run-detectors.ts';
import type { Detection } from './detect/types.ts';
import { renderJson, renderText, useColour, type CheckReport } from './report.ts';
import { ClientConfigError, resolveCheckSettings, type CheckCommandOptions } from './settings.ts';

export type { CheckCommandOptions } from './settings.ts';

export interface CheckIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
  /** The process environment (VETTED_SERVER, NO_COLOR, PATH for the version commands). */
  env: NodeJS.ProcessEnv;
  /** Injected in tests; the global fetch otherwise. */
  fetch?: typeof fetch;
}

export async function runCheckCommand(options: CheckCommandOptions, io: CheckIo): Promise<ExitStatus> {
  let server = options.server ?? io.env.VETTED_SERVER ?? '';
  let detections: Detection[] | null = null;
  let installed: Record<string, string> = {};
  const fail = (message: string): ExitStatus => {
    const report: CheckReport = { server, installed, detections, advice: null, error: message, exitStatus: 3 };
    if (options.json) io.stdout.write(renderJson(report));
    else if (detections) io.stdout.write(renderText(report, useColour(io.stdout, io.env)));
    io.stderr.write(`vetted check: ${message}\n`);
    return 3;
  };

  try {
    const settings = await resolveCheckSettings(options, io.env);
    server = settings.server;
    if (!settings.detect && Object.keys(settings.given).length === 0) {
      return fail('nothing to check: give --installed app=version (repeatable) or --detect');
    }
    if (settings.detect) {
      detections = await detectInstalled(settings.detect);
      for (const d of detections) if (d.status === 'found' && d.version) installed[d.app] = d.version;
    }
    installed = { ...installed, ...settings.given };
    if (Object.keys(installed).length === 0) return fail('no installed app was found on this server; check the paths (--path app=/dir, --config) or give --installed app=version');

    let advice: Advice;
    try {
      advice = await fetchAdvice({ server, installed, includePrereleases: settings.includePrereleases, timeoutMs: settings.timeoutMs, fetch: io.fetch });
    } catch (error) {
      if (error instanceof RegistryError) return fail(error.message);
      throw error;
    }
    const exitStatus = exitStatusFor(advice);
    const report: CheckReport = { server, installed, detections, advice, error: null, exitStatus };
    io.stdout.write(options.json ? renderJson(report) : renderText(report, useColour(io.stdout, io.env)));
    return exitStatus;
  } catch (error) {
    if (error instanceof ClientConfigError) return fail(error.message);
    return fail(`unexpected error: ${error instanceof Error ? error.message : String(error)}`);
  }
}
