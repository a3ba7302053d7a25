// Renders the result of a check: a table for a person, or one JSON document for scripts.
import type { Advice, AppAdvice } from '../matrix/contract.ts';
import { installedAtRisk, settled, type ActionKind, type AppAction, type ExitStatus } from './actions.ts';
import { appName } from './app-names.ts';
import type { Detection } from './detect/types.ts';
import type { Install } from './inventory.ts';
import { answerDay, describeSupport, newerSeriesClause, supportLevel, warnDays, type SupportLevel } from './support-text.ts';
import { paint, statusColour, useColour, type Colour } from './terminal.ts';

export { useColour };

export interface CheckRow {
  advice: AppAdvice;
  action: AppAction;
  /** The site's install directory when the app runs as several sites; null otherwise. */
  site: string | null;
}

export interface CheckReport {
  server: string;
  /** The inventories asked about (one unless an app runs at several versions). */
  sets: Array<Record<string, string>>;
  /** Null without --detect. */
  detections: Detection[] | null;
  installs: Install[];
  rows: CheckRow[];
  /** The registry's answer per inventory; empty when the check failed before advice came back. */
  advices: Advice[];
  /** Null unless the check failed. */
  error: string | null;
  exitStatus: ExitStatus;
}

export type Outcome = 'up-to-date' | 'upgrade-available' | 'installed-broken' | 'error';

const outcomes: Record<ExitStatus, Outcome> = { 0: 'up-to-date', 1: 'upgrade-available', 2: 'installed-broken', 3: 'error' };

/** Versions the registry does not know (or cannot read), each once, across every answer. */
export function unknownOf(advices: Advice[]): Advice['unknown'] {
  const apps = [...new Set(advices.flatMap((advice) => advice.unknown.apps))];
  const seen = new Set<string>();
  const versions = advices.flatMap((advice) => advice.unknown.versions).filter((v) => {
    const key = `${v.app}\u0000${v.version}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return { apps, versions };
}

export function renderJson(report: CheckReport): string {
  const document = {
    exitStatus: report.exitStatus,
    outcome: outcomes[report.exitStatus],
    server: report.server,
    error: report.error,
    installed: report.sets[0] ?? Object.fromEntries(report.installs.map((i) => [i.app, i.version])),
    detected: report.detections,
    actions: report.rows.map(({ advice, action, site }) => ({
      app: advice.app,
      site,
      installed: advice.installed,
      installedStatus: advice.installedStatus,
      action: action.kind,
      message: action.text,
      nextStep: advice.nextStep,
      path: advice.path,
      latestSafe: advice.latestSafe,
      latest: advice.latest,
      // The registry's own fields, unchanged, so a script can act on every site from `actions`.
      security: advice.security ?? null,
      installedSupport: advice.installedSupport ?? null,
    })),
    unknown: unknownOf(report.advices),
    advice: report.advices[0] ?? null,
    otherAdvice: report.advices.slice(1).map((advice, i) => ({ installed: report.sets[i + 1], advice })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

const kindColour: Record<ActionKind, Colour> = { 'up-to-date': 'green', upgrade: 'yellow', hold: 'dim', broken: 'red', withdrawn: 'red', blocked: 'red' };

function label(row: CheckRow): string {
  return row.site ? `${appName(row.advice.app)} ${row.site}` : appName(row.advice.app);
}

export function renderText(report: CheckReport, colour: boolean): string {
  const p = (text: string, c: Colour): string => paint(text, c, colour);
  const lines: string[] = [];
  const when = report.advices[0] ? `, advice of ${report.advices[0].generatedAt}` : '';
  lines.push(p(`vetted check: ${report.server}${when}`, 'bold'));
  if (report.sets.length > 1) lines.push(`(${report.sets.length} questions to the registry: some apps run as several sites at different versions)`);
  lines.push('');

  if (report.rows.length > 0) {
    const rows = report.rows.map((row) => ({ cells: [label(row), row.advice.installed, row.advice.installedStatus, row.advice.latest ?? '-', row.action.text], row }));
    const header = ['APP', 'INSTALLED', 'TESTED', 'LATEST', 'ACTION'];
    const widths = header.map((title, col) => Math.max(title.length, ...rows.map((r) => r.cells[col]!.length)));
    const line = (cells: string[], paintCell: (text: string, col: number) => string): string =>
      cells.map((cell, col) => paintCell(col === cells.length - 1 ? cell : cell.padEnd(widths[col]!), col)).join('  ').trimEnd();
    lines.push(line(header, (text) => p(text, 'bold')));
    for (const { cells, row } of rows) {
      lines.push(line(cells, (text, col) => {
        if (col === 2) return p(text, statusColour(row.advice.installedStatus));
        if (col === 4) return p(text, row.advice.security ? 'red' : kindColour[row.action.kind]);
        return text;
      }));
    }
    lines.push('');
  }

  const support = supportLines(report);
  if (support.length > 0) {
    lines.push(p(`Support of the installed series (as of ${answerDay(report.advices[0]!.generatedAt)}):`, 'bold'));
    for (const { text, level } of support) lines.push(level === 'ok' ? `  ${text}` : p(`! ${text}`, level === 'ended' ? 'red' : 'yellow'));
    lines.push('');
  }

  if (report.advices.length === 0 && report.installs.length > 0) {
    lines.push('Installed (no advice yet):');
    for (const install of report.installs) lines.push(`  ${appName(install.app)} ${install.version}  (${install.site ?? install.source})`);
    lines.push('');
  }

  const missing = (report.detections ?? []).filter((d) => d.status !== 'found');
  const unreadable = missing.filter((d) => d.status === 'error');
  const absent = missing.filter((d) => d.status === 'not-found');
  if (unreadable.length > 0) {
    lines.push(p('Could not read the version of:', 'yellow'));
    for (const d of unreadable) lines.push(`  ${appName(d.app)}: ${d.reason}`);
    lines.push('');
  }
  if (absent.length > 0) {
    lines.push('Not found on this server (skipped):');
    for (const d of absent) lines.push(`  ${appName(d.app)}: ${d.reason}`);
    lines.push('');
  }
  const unknown = unknownOf(report.advices);
  if (unknown.apps.length > 0 || unknown.versions.length > 0) {
    lines.push(p('Not known to the registry (no verdict; an admin can add a release, or the next watch finds it):', 'yellow'));
    for (const app of unknown.apps) lines.push(`  ${app}: unknown app`);
    for (const { app, version } of unknown.versions) lines.push(`  ${appName(app)} ${version}: unknown version`);
    lines.push('');
  }

  // An error goes to stderr, where the caller writes it.
  if (!report.error) lines.push(...urgency(report, support, p), summary(report, p));
  return `${lines.join('\n')}\n`;
}

interface SupportLine {
  app: string;
  series: string;
  text: string;
  level: SupportLevel;
}

/** "PHP 8.2: security support ends 31 Dec 2026 (in 31 days); 8.3 is confirmed on your stack", once per app and series, in the table's order. */
function supportLines(report: CheckReport): SupportLine[] {
  const lines: SupportLine[] = [];
  const seen = new Set<string>();
  for (const { advice } of report.rows) {
    const support = advice.installedSupport;
    if (!support) continue;
    const key = `${advice.app}\u0000${support.series}`;
    if (seen.has(key)) continue;
    seen.add(key);
    // Days count from the day of the answer that holds this app (every answer of one check has its own generatedAt).
    const generatedAt = report.advices.find((answer) => answer.apps.includes(advice))?.generatedAt ?? report.advices[0]!.generatedAt;
    const text = `${appName(advice.app)} ${support.series}: ${describeSupport(support, generatedAt)}${newerSeriesClause(support)}`;
    lines.push({ app: advice.app, series: support.series, text, level: supportLevel(support, generatedAt) });
  }
  return lines;
}

/** The lines before the summary that a mail reader must not miss: security matters, and series at or near their end. */
function urgency(report: CheckReport, support: SupportLine[], p: (text: string, c: Colour) => string): string[] {
  const lines: string[] = [];
  const urgent = report.rows.filter((row) => row.advice.security);
  const named = (rows: CheckRow[], withTarget: boolean): string =>
    [...new Set(rows.map((row) => `${label(row)}${withTarget ? ` → ${row.advice.security!.upgradeTo}` : ''}`))].join(', ');
  const fixable = urgent.filter((row) => row.advice.security!.upgradeTo !== null);
  const stuck = urgent.filter((row) => row.advice.security!.upgradeTo === null);
  if (fixable.length > 0) lines.push(p(`Security upgrades, to take first: ${named(fixable, true)}.`, 'red'));
  if (stuck.length > 0) lines.push(p(`Security matter with no safe upgrade yet: ${named(stuck, false)}.`, 'red'));
  const series = (level: SupportLevel): string => support.filter((line) => line.level === level).map((line) => `${appName(line.app)} ${line.series}`).join(', ');
  if (series('ended')) lines.push(p(`Security support ended: ${series('ended')}.`, 'red'));
  if (series('soon')) lines.push(p(`Security support ends within ${warnDays} days: ${series('soon')}.`, 'yellow'));
  return lines;
}

function summary(report: CheckReport, p: (text: string, c: Colour) => string): string {
  const apps = report.rows.map((row) => row.advice);
  const names = (filter: (app: AppAdvice) => boolean): string => [...new Set(apps.filter(filter).map((app) => appName(app.app)))].join(', ');
  switch (report.exitStatus) {
    case 2:
      return p(`Installed version broken, withdrawn or blocked: ${names(installedAtRisk)}.`, 'red');
    case 1:
      return p(`Safe upgrade available: ${names((app) => app.upgrades.some((upgrade) => upgrade.status === 'safe'))}.`, 'yellow');
    default: {
      const open = openQuestions(report);
      if (open.length === 0) return p('Nothing to do: every installed app is safe and up to date.', 'green');
      return p(`No safe upgrade yet, but not everything is confirmed: ${open.join('; ')}.`, 'yellow');
    }
  }
}

/** Why "Nothing to do" would be untrue: what is untested, unknown or unread. */
function openQuestions(report: CheckReport): string[] {
  const open: string[] = [];
  const unsettled = [...new Set(report.rows.map((row) => row.advice).filter((app) => !settled(app)).map((app) => appName(app.app)))];
  if (unsettled.length > 0) open.push(`waiting for a verdict: ${unsettled.join(', ')}`);
  const unknown = unknownOf(report.advices);
  const strangers = [...unknown.apps, ...unknown.versions.map((v) => `${appName(v.app)} ${v.version}`)];
  if (strangers.length > 0) open.push(`not known to the registry: ${strangers.join(', ')}`);
  const unread = (report.detections ?? []).filter((d) => d.status === 'error').map((d) => appName(d.app));
  if (unread.length > 0) open.push(`version not read: ${unread.join(', ')}`);
  return open;
}
