// Renders the result of a check: a table for a person, or one JSON document for scripts.
import { decideAction, type ActionKind, type ExitStatus } from './actions.ts';
import type { Advice, AppAdvice } from './advice.ts';
import { appName } from './app-names.ts';
import type { Detection } from './detect/types.ts';

export interface CheckReport {
  server: string;
  /** What was asked about: app → version. */
  installed: Record<string, string>;
  /** Null without --detect. */
  detections: Detection[] | null;
  /** Null when the check failed before advice came back. */
  advice: Advice | null;
  /** Null unless the check failed. */
  error: string | null;
  exitStatus: ExitStatus;
}

export type Outcome = 'up-to-date' | 'upgrade-available' | 'installed-broken' | 'error';

const outcomes: Record<ExitStatus, Outcome> = { 0: 'up-to-date', 1: 'upgrade-available', 2: 'installed-broken', 3: 'error' };

export function renderJson(report: CheckReport): string {
  const actions = report.advice ? report.advice.apps.map((app) => decideAction(app, report.installed)) : [];
  const document = {
    exitStatus: report.exitStatus,
    outcome: outcomes[report.exitStatus],
    server: report.server,
    error: report.error,
    installed: report.installed,
    detected: report.detections,
    actions: report.advice?.apps.map((app, i) => ({
      app: app.app,
      installed: app.installed,
      installedStatus: app.installedStatus,
      action: actions[i]!.kind,
      message: actions[i]!.text,
      nextStep: app.nextStep,
      path: app.path,
      latestSafe: app.latestSafe,
      latest: app.latest,
    })) ?? [],
    unknown: report.advice?.unknown ?? { apps: [], versions: [] },
    advice: report.advice,
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

type Colour = 'red' | 'green' | 'yellow' | 'dim' | 'bold';
const codes: Record<Colour, [number, number]> = { red: [31, 39], green: [32, 39], yellow: [33, 39], dim: [2, 22], bold: [1, 22] };

/** Colour only for a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function useColour(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  return stream.isTTY === true && (env.NO_COLOR === undefined || env.NO_COLOR === '') && env.TERM !== 'dumb';
}

const kindColour: Record<ActionKind, Colour> = { 'up-to-date': 'green', upgrade: 'yellow', hold: 'dim', broken: 'red', withdrawn: 'red' };

export function renderText(report: CheckReport, colour: boolean): string {
  const paint = (text: string, c: Colour): string => (colour ? `\u001b[${codes[c][0]}m${text}\u001b[${codes[c][1]}m` : text);
  const lines: string[] = [];
  const when = report.advice ? `, advice of ${report.advice.generatedAt}` : '';
  lines.push(paint(`vetted check: ${report.server}${when}`, 'bold'));
  lines.push('');

  if (report.advice && report.advice.apps.length > 0) {
    const actions = report.advice.apps.map((app) => decideAction(app, report.installed));
    const rows = report.advice.apps.map((app, i) => ({ cells: [appName(app.app), app.installed, app.installedStatus, app.latest ?? '-', actions[i]!.text], action: actions[i]! }));
    const header = ['APP', 'INSTALLED', 'TESTED', 'LATEST', 'ACTION'];
    const widths = header.map((title, col) => Math.max(title.length, ...rows.map((row) => row.cells[col]!.length)));
    const line = (cells: string[], paintCell: (text: string, col: number) => string): string =>
      cells.map((cell, col) => paintCell(col === cells.length - 1 ? cell : cell.padEnd(widths[col]!), col)).join('  ').trimEnd();
    lines.push(line(header, (text) => paint(text, 'bold')));
    for (const row of rows) {
      lines.push(line(row.cells, (text, col) => {
        if (col === 2) return paint(text, statusColour(row.cells[2]!));
        if (col === 4) return paint(text, kindColour[row.action.kind]);
        return text;
      }));
    }
    lines.push('');
  }

  if (!report.advice && Object.keys(report.installed).length > 0) {
    lines.push('Installed (no advice yet):');
    const found = new Map((report.detections ?? []).map((d) => [d.app, d.source]));
    for (const [app, version] of Object.entries(report.installed)) lines.push(`  ${appName(app)} ${version}${found.get(app) ? `  (${found.get(app)})` : ''}`);
    lines.push('');
  }

  const missing = (report.detections ?? []).filter((d) => d.status !== 'found');
  const unreadable = missing.filter((d) => d.status === 'error');
  const absent = missing.filter((d) => d.status === 'not-found');
  if (unreadable.length > 0) {
    lines.push(paint('Could not read the version of:', 'yellow'));
    for (const d of unreadable) lines.push(`  ${appName(d.app)}: ${d.reason}`);
    lines.push('');
  }
  if (absent.length > 0) {
    lines.push('Not found on this server (skipped):');
    for (const d of absent) lines.push(`  ${appName(d.app)}: ${d.reason}`);
    lines.push('');
  }
  const unknown = report.advice?.unknown;
  if (unknown && (unknown.apps.length > 0 || unknown.versions.length > 0)) {
    lines.push(paint('Not known to the registry (no advice):', 'yellow'));
    for (const app of unknown.apps) lines.push(`  ${app}: unknown app`);
    for (const { app, version } of unknown.versions) lines.push(`  ${appName(app)} ${version}: unknown version`);
    lines.push('');
  }

  // An error goes to stderr, where the caller writes it.
  if (!report.error) lines.push(summary(report, paint));
  return `${lines.join('\n')}\n`;
}

function statusColour(status: string): Colour {
  if (status === 'safe') return 'green';
  if (status === 'broken' || status === 'withdrawn' || status === 'blocked') return 'red';
  return 'dim';
}

function summary(report: CheckReport, paint: (text: string, c: Colour) => string): string {
  const apps = report.advice?.apps ?? [];
  const names = (filter: (app: AppAdvice) => boolean): string => apps.filter(filter).map((app) => appName(app.app)).join(', ');
  switch (report.exitStatus) {
    case 2:
      return paint(`Installed version broken or withdrawn: ${names((app) => app.installedStatus === 'broken' || app.installedStatus === 'withdrawn')}.`, 'red');
    case 1:
      return paint(`Safe upgrade available: ${names((app) => app.upgrades.some((upgrade) => upgrade.status === 'safe'))}.`, 'yellow');
    default:
      return paint('Nothing to do: every installed app is safe or has nothing newer confirmed.', 'green');
  }
}
