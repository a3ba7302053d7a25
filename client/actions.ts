// Turns the advice into what a person should do, app by app, and into the exit status of
// API.md ("Command line"): 2 when an installed version is broken or withdrawn, 1 when a safe
// upgrade exists, 0 otherwise. 3 (error) is decided by the caller.
import type { Advice, AppAdvice, UpgradeAdvice } from './advice.ts';
import { appName, platformSeries } from './app-names.ts';

export type ActionKind = 'up-to-date' | 'upgrade' | 'hold' | 'broken' | 'withdrawn';

export interface AppAction {
  app: string;
  kind: ActionKind;
  /** One line: "upgrade to 29.0.9 (then 30.0.2)", "hold: 30.0.2 untested with PHP 8.1", … */
  text: string;
}

export type ExitStatus = 0 | 1 | 2 | 3;

export function exitStatusFor(advice: Advice): ExitStatus {
  if (advice.apps.some((app) => app.installedStatus === 'broken' || app.installedStatus === 'withdrawn')) return 2;
  if (advice.apps.some((app) => app.upgrades.some((upgrade) => upgrade.status === 'safe'))) return 1;
  return 0;
}

/** What to do about one app, given the whole inventory that was asked about. */
export function decideAction(app: AppAdvice, inventory: Record<string, string>): AppAction {
  const action = judgeAction(app, inventory);
  // Upstream's own word that the installed version is vulnerable comes first on the line.
  return app.installedInsecure ? { ...action, text: `upstream lists ${app.installed} as insecure; ${action.text}` } : action;
}

function judgeAction(app: AppAdvice, inventory: Record<string, string>): AppAction {
  const plan = upgradePlan(app);
  if (app.installedStatus === 'withdrawn' || app.installedStatus === 'broken') {
    const why = app.installedReason ? `: ${app.installedReason}` : app.installedStatus === 'broken' ? ` with ${stackOf(inventory, app.app)}` : '';
    const next = plan ?? (app.upgrades.length > 0 ? 'no safe upgrade yet' : 'no newer release yet');
    return { app: app.app, kind: app.installedStatus, text: `installed version ${app.installedStatus}${why}; ${next}` };
  }
  if (plan) return { app: app.app, kind: 'upgrade', text: plan };
  if (app.latestSafe) {
    return { app: app.app, kind: 'hold', text: `hold: ${app.latestSafe} is safe, but there is no safe step to it from ${app.installed} yet` };
  }
  const target = app.upgrades.find((upgrade) => upgrade.version === app.latest) ?? app.upgrades[0];
  if (!target) return { app: app.app, kind: 'up-to-date', text: app.latest === null ? 'up to date (the registry knows no release of it)' : 'up to date' };
  return { app: app.app, kind: 'hold', text: `hold: ${target.version} ${describe(target, inventory, app.app)}` };
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

function describe(upgrade: UpgradeAdvice, inventory: Record<string, string>, app: string): string {
  switch (upgrade.status) {
    case 'untested':
      return `untested with ${stackOf(inventory, app)}`;
    case 'broken': {
      const tested = upgrade.evidence?.[0]?.with;
      return `broken with ${tested && Object.keys(tested).length > 0 ? describeWith(tested) : stackOf(inventory, app)}`;
    }
    case 'blocked':
    case 'withdrawn':
      return upgrade.reason ? `${upgrade.status}: ${upgrade.reason}` : upgrade.status;
    case 'safe':
      return 'safe';
  }
}

// "PHP 8.1, Debian 12": the platform the server runs, by series, which is what a run matches on.
function stackOf(inventory: Record<string, string>, except: string): string {
  const parts: string[] = [];
  for (const [platform, series] of Object.entries(platformSeries)) {
    const version = inventory[platform];
    if (platform === except || version === undefined) continue;
    parts.push(`${appName(platform)} ${version.split(/[.+~-]/).slice(0, series).join('.')}`);
  }
  return parts.length > 0 ? parts.join(', ') : 'this stack';
}

function describeWith(components: Record<string, string>): string {
  return Object.entries(components).map(([app, series]) => `${appName(app)} ${series}`).join(', ');
}
