// Turns the advice into what a person should do, app by app, each line with its reason, and into
// the exit status of API.md ("Command line"): 2 when an installed version is broken, withdrawn or
// blocked, 1 when a safe upgrade exists, 0 otherwise. 3 (error) is decided by the caller.
import type { Advice, AppAdvice, UpgradeAdvice } from '../matrix/contract.ts';
import { describeEvidence, stackOf } from './explain.ts';

export type ActionKind = 'up-to-date' | 'upgrade' | 'hold' | 'broken' | 'withdrawn' | 'blocked';

export interface AppAction {
  app: string;
  kind: ActionKind;
  /** One line: "upgrade to 29.0.9 (then 30.0.2)", "hold: 30.0.2 untested: no run of 30.0.2 yet", … */
  text: string;
}

export type ExitStatus = 0 | 1 | 2 | 3;

const actNow = new Set(['broken', 'withdrawn', 'blocked']);

/** Whether the installed version itself is broken, withdrawn or blocked here. */
export function installedAtRisk(app: AppAdvice): boolean {
  return actNow.has(app.installedStatus);
}

export function exitStatusFor(advices: Advice[]): ExitStatus {
  const apps = advices.flatMap((advice) => advice.apps);
  if (apps.some(installedAtRisk)) return 2;
  if (apps.some((app) => app.upgrades.some((upgrade) => upgrade.status === 'safe'))) return 1;
  return 0;
}

/** Safe where it stands and nothing newer: the only state "Nothing to do" may describe. */
export function settled(app: AppAdvice): boolean {
  return app.installedStatus === 'safe' && app.upgrades.length === 0;
}

/** What to do about one app, given the whole inventory that was asked about. */
export function decideAction(app: AppAdvice, inventory: Record<string, string>): AppAction {
  const action = judgeAction(app, inventory);
  // A security matter comes first on the line, with the registry's reason (which already says
  // when upstream lists the installed version as vulnerable).
  if (app.security) return { ...action, text: `SECURITY: ${app.security.reason}; ${action.text}` };
  // Upstream's own word that the installed version is vulnerable comes first on the line.
  return app.installedInsecure ? { ...action, text: `upstream lists ${app.installed} as insecure; ${action.text}` } : action;
}

function judgeAction(app: AppAdvice, inventory: Record<string, string>): AppAction {
  const plan = upgradePlan(app);
  if (installedAtRisk(app)) {
    const status = app.installedStatus as 'broken' | 'withdrawn' | 'blocked';
    const next = plan ?? (app.upgrades.length > 0 ? `no safe upgrade yet (${candidateLine(app, inventory)})` : 'no newer release yet');
    return { app: app.app, kind: status, text: `installed version ${status}: ${installedWhy(app, inventory)}; ${next}` };
  }
  if (plan) return { app: app.app, kind: 'upgrade', text: plan };
  if (app.latestSafe) {
    return { app: app.app, kind: 'hold', text: `hold: ${app.latestSafe} is safe, but there is no safe step to it from ${app.installed} yet` };
  }
  if (app.upgrades.length > 0) return { app: app.app, kind: 'hold', text: `hold: ${candidateLine(app, inventory)}` };
  if (app.latest === null) return { app: app.app, kind: 'up-to-date', text: 'the registry knows no release of it yet' };
  if (app.installedStatus === 'untested') return { app: app.app, kind: 'up-to-date', text: `up to date, but untested here: ${installedWhy(app, inventory)}` };
  return { app: app.app, kind: 'up-to-date', text: 'up to date' };
}

/** Why the installed version has its verdict: the admin's or the rule's reason, or the run behind it. */
function installedWhy(app: AppAdvice, inventory: Record<string, string>): string {
  if (app.installedReason) return app.installedReason;
  const deciding = app.installedEvidence?.[0];
  if (deciding) return describeEvidence(deciding);
  return `with ${stackOf(inventory, app.app)}`;
}

/** "30.0.2 untested: no run of 30.0.2 yet": the newest candidate and why it is not safe. */
function candidateLine(app: AppAdvice, inventory: Record<string, string>): string {
  const target = app.upgrades.find((upgrade) => upgrade.version === app.latest) ?? app.upgrades[0]!;
  return `${target.version} ${describeCandidate(target, inventory, app.app)}`;
}

function upgradePlan(app: AppAdvice): string | null {
  const [first, ...rest] = app.path;
  if (!first) return null;
  let text = `upgrade to ${first}`;
  if (rest.length > 0) text += ` (then ${rest.join(', then ')})`;
  const last = app.path.at(-1)!;
  if (!app.pathComplete && app.latestSafe && app.latestSafe !== last) text += `; ${app.latestSafe} is safe too, but no safe step beyond ${last} yet`;
  return text;
}

function describeCandidate(upgrade: UpgradeAdvice, inventory: Record<string, string>, app: string): string {
  switch (upgrade.status) {
    case 'untested':
      return upgrade.reason ? `untested: ${upgrade.reason}` : `untested with ${stackOf(inventory, app)}`;
    case 'broken': {
      const deciding = upgrade.evidence?.[0];
      return deciding ? `broken: ${describeEvidence(deciding)}` : `broken with ${stackOf(inventory, app)}`;
    }
    case 'blocked':
    case 'withdrawn':
      return upgrade.reason ? `${upgrade.status}: ${upgrade.reason}` : upgrade.status;
    case 'safe':
      return 'safe';
  }
}
