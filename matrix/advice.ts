// The advice of /api/v1/check: per installed app, every newer candidate judged by the rule, the
// highest safe one, and the path of safe direct steps to it.
import type { UpgradeStatus } from './contract.ts';
import { isDirect, planPath, type Step } from './path.ts';
import { readVersion } from './read-version.ts';
import type { Registry, ReleaseEntry } from './registry.ts';
import { ELSEWHERE } from './run-masks.ts';
import { evidenceLimit, judgeContext, judgeIn, statusIn, type InstalledApp, type JudgeContext, type ResolvedInventory } from './status.ts';
import type { Advice, AdviceRequest, AppAdvice, Inventory, UnknownVersion, UpgradeAdvice } from './types.ts';
import { compareParsed, formatVersion, seriesOf } from './versions.ts';

export interface ResolvedRequest {
  inventory: ResolvedInventory;
  unknown: Advice['unknown'];
}

/** `all`: every candidate; `summary`: the newest of each series and every safe one (docs/api.md). */
export type CandidateList = 'all' | 'summary';

/**
 * Reads an inventory as typed (`v30.0.2`, `6.7`, `8.2.33-1+deb12u1`) through each app's scheme.
 * Unknown apps and unreadable versions go to `unknown` and play no part in the rule; a readable
 * version the registry has no release for is listed there too but still advised on.
 */
export function resolveInventory(registry: Registry, installed: Inventory): ResolvedRequest {
  const inventory: ResolvedInventory = new Map();
  const unknownApps: string[] = [];
  const unknownVersions: UnknownVersion[] = [];
  for (const appId of Object.keys(installed)) {
    if (!registry.apps.has(appId)) unknownApps.push(appId);
  }
  // Catalogue order, whatever order the caller wrote.
  for (const [appId, app] of registry.apps) {
    if (!Object.hasOwn(installed, appId)) continue;
    const raw = installed[appId]!;
    const parsed = readVersion(raw, app.info.versioning);
    if (!parsed) {
      unknownVersions.push({ app: appId, version: raw });
      continue;
    }
    const version = formatVersion(parsed, app.info.versioning);
    const release = app.byVersion.get(version) ?? null;
    if (!release) unknownVersions.push({ app: appId, version });
    const series = seriesOf(parsed, app.info.series, app.info.versioning);
    inventory.set(appId, { app, version, parsed, series, seriesId: app.seriesIds.get(series) ?? ELSEWHERE, release });
  }
  unknownApps.sort();
  return { inventory, unknown: { apps: unknownApps, versions: unknownVersions } };
}

/** A key equal for two requests exactly when their advice is (at one state of the registry). */
export function requestKey(resolved: ResolvedRequest, includePrereleases: boolean, candidates: CandidateList = 'all'): string {
  const parts: string[] = [`${includePrereleases ? 'p' : 'f'}${candidates === 'all' ? 'a' : 's'}`];
  for (const [appId, installed] of resolved.inventory) parts.push(`${appId}=${installed.version}`);
  for (const appId of resolved.unknown.apps) parts.push(`?${appId}`);
  for (const { app, version } of resolved.unknown.versions) {
    if (!resolved.inventory.has(app)) parts.push(`!${app}=${version}`);
  }
  return JSON.stringify(parts);
}

interface Judged {
  index: number;
  status: UpgradeStatus;
}

/** One app's advice; `context` is the inventory's (judgeContext), made once for all its apps. */
export function adviseApp(context: JudgeContext, installed: InstalledApp, includePrereleases: boolean, candidates: CandidateList = 'all'): AppAdvice {
  const { app } = installed;
  const policy = app.info.policy;
  // Statuses first, cheaply; evidence and reasons only for the candidates the answer shows.
  const judged: Judged[] = [];
  const safe: Step[] = [];
  let latest: string | null = null;
  for (let i = app.releases.length - 1; i >= 0; i--) {
    const release = app.releases[i]!;
    const info = release.info;
    if (info.prerelease && !includePrereleases) continue;
    latest ??= info.version;
    if (compareParsed(info.parsed, installed.parsed) <= 0) break;
    const status = statusIn(context, app, release);
    judged.push({ index: i, status });
    if (status === 'safe') safe.push({ version: info.version, parsed: info.parsed });
  }
  const shown = candidates === 'all' ? judged : summaryOf(app.releases, judged);
  // A summary quotes the deciding run of each candidate; the full list up to five relevant runs.
  const evidencePerCandidate = candidates === 'all' ? evidenceLimit : 1;
  // Plain loops and objects built field by field: a check builds hundreds of these.
  const upgrades: UpgradeAdvice[] = [];
  for (const { index } of shown) {
    const release = app.releases[index]!;
    const { info } = release;
    const judgement = judgeIn(context, app, { version: info.version, parsed: info.parsed, release }, evidencePerCandidate);
    const upgrade: UpgradeAdvice = { version: info.version, status: judgement.status, direct: isDirect(policy, installed.parsed, info.parsed) };
    if (judgement.reason !== undefined) upgrade.reason = judgement.reason;
    if (judgement.evidence !== undefined) upgrade.evidence = judgement.evidence;
    if (info.insecure) upgrade.insecure = true;
    if (info.security) upgrade.security = true;
    upgrades.push(upgrade);
  }
  const { path, complete } = planPath(policy, installed.parsed, safe);
  const own = judgeIn(context, app, { version: installed.version, parsed: installed.parsed, release: installed.release });
  return {
    app: app.info.id,
    installed: installed.version,
    installedStatus: own.status,
    ...(own.reason === undefined ? {} : { installedReason: own.reason }),
    ...(own.evidence === undefined ? {} : { installedEvidence: own.evidence }),
    ...(installed.release?.info.insecure ? { installedInsecure: true as const } : {}),
    latest,
    latestSafe: safe[0]?.version ?? null,
    nextStep: path[0] ?? null,
    path,
    pathComplete: complete,
    upgrades,
    ...(candidates === 'summary' ? { omitted: judged.length - shown.length } : {}),
  };
}

/** The newest candidate of each series and every safe one, newest first. */
function summaryOf(releases: ReleaseEntry[], judged: Judged[]): Judged[] {
  const seen = new Set<string>();
  const shown: Judged[] = [];
  for (const candidate of judged) {
    const { series } = releases[candidate.index]!;
    if (!seen.has(series) || candidate.status === 'safe') shown.push(candidate);
    seen.add(series);
  }
  return shown;
}


/** The whole advice for a request; `now` stamps it. */
export function computeAdvice(registry: Registry, request: AdviceRequest, now: Date): Advice {
  return adviseResolved(resolveInventory(registry, request.installed), request.includePrereleases, now, request.candidates ?? 'all');
}

export function adviseResolved(resolved: ResolvedRequest, includePrereleases: boolean, now: Date, candidates: CandidateList = 'all'): Advice {
  const apps: AppAdvice[] = [];
  const first = resolved.inventory.values().next().value;
  const context = first ? judgeContext(first.app.registry, resolved.inventory) : null;
  for (const installed of resolved.inventory.values()) apps.push(adviseApp(context!, installed, includePrereleases, candidates));
  return { generatedAt: now.toISOString(), apps, unknown: resolved.unknown };
}
