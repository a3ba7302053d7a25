// Renders a whole-stack plan as numbered steps a person can follow, each with why it is safe
// and what it unlocks, then what stays behind and why.
import type { Advice, Plan } from '../matrix/contract.ts';
import { installedAtRisk, type ExitStatus } from './actions.ts';
import { appName } from './app-names.ts';
import type { Detection } from './detect/types.ts';
import { describeEvidence } from './explain.ts';
import type { Install } from './inventory.ts';
import { describeStepSupport, describeSupport, supportLevel, warnDays } from './support-text.ts';
import { paint, type Colour } from './terminal.ts';

export interface PlanReport {
  server: string;
  detections: Detection[] | null;
  installs: Install[];
  /** One plan per inventory asked about (one unless an app runs as several sites at different versions). */
  plans: Array<{ installed: Record<string, string>; plan: Plan; advice: Advice }>;
  error: string | null;
  exitStatus: ExitStatus;
}

const outcomes: Record<ExitStatus, string> = { 0: 'up-to-date', 1: 'steps-available', 2: 'installed-broken', 3: 'error' };

export function renderPlanJson(report: PlanReport): string {
  const document = {
    exitStatus: report.exitStatus,
    outcome: outcomes[report.exitStatus],
    server: report.server,
    error: report.error,
    installed: report.plans[0]?.installed ?? Object.fromEntries(report.installs.map((i) => [i.app, i.version])),
    detected: report.detections,
    plan: report.plans[0]?.plan ?? null,
    otherPlans: report.plans.slice(1).map(({ installed, plan }) => ({ installed, plan })),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

export function renderPlanText(report: PlanReport, colour: boolean): string {
  const p = (text: string, c: Colour): string => paint(text, c, colour);
  const lines: string[] = [];
  for (const [i, { installed, plan, advice }] of report.plans.entries()) {
    if (i === 0) lines.push(p(`vetted plan: ${report.server}, plan of ${plan.generatedAt}`, 'bold'), '');
    if (report.plans.length > 1) lines.push(p(`For the sites running ${differing(report, installed)}:`, 'bold'), '');
    lines.push(...planLines(plan, advice, p));
  }
  const steps = report.plans.reduce((n, { plan }) => n + plan.steps.length, 0);
  const held = report.plans.some(({ plan }) => plan.held.length > 0);
  const security = [...new Set(report.plans.flatMap(({ plan }) => plan.steps.filter((step) => step.security).map((step) => appName(step.app))))];
  const first = security.length > 0 ? ` (security: ${security.join(', ')})` : '';
  if (report.exitStatus === 2) lines.push(p('An installed version is broken, withdrawn or blocked: see above.', 'red'));
  else if (steps > 0) lines.push(p(`${steps === 1 ? '1 step' : `${steps} steps`} to take, in this order${first}.`, security.length > 0 ? 'red' : 'yellow'));
  else if (held) lines.push(p('No step to take yet: what stays behind waits for the evidence above.', 'yellow'));
  else lines.push(p('Nothing to do: every app is at its newest release.', 'green'));
  return `${lines.join('\n')}\n`;
}

/** "WordPress 6.4.5": the versions that set this inventory apart from the first. */
function differing(report: PlanReport, installed: Record<string, string>): string {
  const first = report.plans[0]!.installed;
  const apps = Object.keys(installed).filter((app) => report.plans.some((other) => other.installed[app] !== first[app]));
  return apps.map((app) => `${appName(app)} ${installed[app]}`).join(', ');
}

function planLines(plan: Plan, advice: Advice, p: (text: string, c: Colour) => string): string[] {
  const lines: string[] = [];
  const atRisk = advice.apps.filter(installedAtRisk);
  for (const app of atRisk) {
    const why = app.installedReason ?? (app.installedEvidence?.[0] ? describeEvidence(app.installedEvidence[0]) : 'no reason given');
    lines.push(p(`Installed version ${app.installedStatus}: ${appName(app.app)} ${app.installed}: ${why}`, 'red'));
  }
  if (atRisk.length > 0) lines.push('');

  if (plan.security && plan.security.length > 0) {
    lines.push(p(`Security matter: ${plan.security.map(appName).join(', ')}; the steps marked SECURITY come first where the evidence allows.`, 'red'), '');
  }

  if (plan.steps.length > 0) {
    lines.push(p('Steps:', 'bold'));
    const width = String(plan.steps.length).length;
    // The series each app is at as the steps go, to say when a step leads into a new one.
    const series = new Map(advice.apps.map((app) => [app.app, app.installedSupport?.series]));
    const explained = new Set<string>();
    for (const [i, step] of plan.steps.entries()) {
      const indent = ' '.repeat(width + 3);
      const head = `${String(i + 1).padStart(width + 1)}. ${appName(step.app)} ${step.from} → ${step.to}`;
      lines.push(step.security ? `${head}  ${p('[SECURITY]', 'red')}` : head);
      const urgency = advice.apps.find((app) => app.app === step.app && app.installed === step.from)?.security;
      if (step.security && urgency && !explained.has(step.app)) {
        explained.add(step.app);
        lines.push(p(`${indent}security: ${urgency.reason}`, 'red'));
      }
      const deciding = step.evidence[0];
      lines.push(`${indent}safe because it ${deciding ? describeEvidence(deciding) : 'is confirmed (no run quoted)'}`);
      if (step.unlocks.length > 0) lines.push(`${indent}unlocks: ${step.unlocks.join('; ')}`);
      if (step.support && leadsIntoNewSeries(step.from, step.support.series, series.get(step.app))) {
        const level = supportLevel(step.support, plan.generatedAt);
        const text = `${indent}→ ${appName(step.app)} ${step.support.series}, ${describeStepSupport(step.support, plan.generatedAt)}`;
        lines.push(level === 'ok' ? text : p(text, level === 'ended' ? 'red' : 'yellow'));
      }
      series.set(step.app, step.support?.series);
    }
    lines.push('');
  }
  if (plan.held.length > 0) {
    lines.push(p('Held back:', 'bold'));
    for (const held of plan.held) lines.push(`  ${appName(held.app)} stays at ${held.at} (newest ${held.newest}): ${held.reason}`);
    lines.push('');
  }
  if (plan.steps.length > 0) {
    const changed = Object.entries(plan.final).filter(([app, version]) => plan.steps.some((step) => step.app === app) && version !== undefined);
    lines.push(`After these steps: ${changed.map(([app, version]) => `${appName(app)} ${version}`).join(', ')}.`);
  }
  const ending = Object.keys(plan.final).flatMap((app) => {
    const note = plan.support?.[app];
    return note && supportLevel(note, plan.generatedAt) !== 'ok' ? [{ app, note }] : [];
  });
  if (ending.length > 0) {
    if (plan.steps.length > 0) lines.push('');
    lines.push(p(`Security support ended or ending within ${warnDays} days${plan.steps.length > 0 ? ', after these steps' : ''}:`, 'bold'));
    for (const { app, note } of ending) {
      lines.push(p(`! ${appName(app)} ${note.series}: ${describeSupport(note, plan.generatedAt)}`, supportLevel(note, plan.generatedAt) === 'ended' ? 'red' : 'yellow'));
    }
  }
  if (!plan.complete) lines.push(p('The registry stopped searching early: the plan is safe, but there may be a further one.', 'yellow'));
  if (plan.steps.length > 0 || !plan.complete || ending.length > 0) lines.push('');
  return lines;
}

/**
 * Whether a step to a version of `series` leaves the series the app was at: known from the support
 * of the series before (the installed one, or the previous step's), else from the version itself.
 */
function leadsIntoNewSeries(from: string, series: string, before: string | undefined): boolean {
  if (before !== undefined) return before !== series;
  return from !== series && !from.startsWith(`${series}.`) && !from.startsWith(`${series}-`);
}
