// The advice of /api/v1/check: per installed app, every newer candidate judged by the rule, the
// highest safe one, and the path of safe direct steps to it.
import type { SecurityUrgency, UpgradeStatus } from './contract.ts';
import { isDirect, planPath, type Step } from './path.ts';
import { readVersion } from './read-version.ts';
import type { AppEntry, Registry, ReleaseEntry } from './registry.ts';
import { dayOf, supportNote, supportState, type SupportEntry } from './support.ts';
import { ELSEWHERE } from './run-masks.ts';
import { decidingRun, evidenceLimit, installedAt, judgeContext, judgeIn, statusOfDecision, type InstalledApp, type JudgeContext, type ResolvedInventory } from './status.ts';
import type { Advice, AdviceRequest, AppAdvice, Inventory, UnknownVersion, UpgradeAdvice } from './types.ts';
import { compareParsed, formatVersion, seriesOf } from './versions.ts';

export interface ResolvedRequest {
  inventory: ResolvedInventory;
  unknown: Advice['unknown'];
}

/** `all`: every candidate; `summary`: per series the newest candidate and the newest safe one (docs/api.md). */
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
    // Most servers send a release's own spelling: its entry is the reading, without parsing again.
    const known = app.byVersion.get(raw);
    if (known) {
      inventory.set(appId, installedAt(app, known));
      continue;
    }
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

/** One app's advice; `context` is the inventory's (judgeContext), made once for all its apps. */
export function adviseApp(context: JudgeContext, installed: InstalledApp, includePrereleases: boolean, candidates: CandidateList, now: Date): AppAdvice {
  const { app } = installed;
  const support = app.registry.support.get(app.info.id);
  const policy = app.info.policy;
  // A candidate's status first, cheaply; its evidence or reason only when the answer shows it, in
  // the same pass. A summary shows per series the newest candidate and the newest safe one, and
  // needs no status below that: the path steps to the highest safe candidate a policy allows, which
  // is always the newest safe of its series. An older safe release of a series adds nothing to it,
  // and listing every one would make the answer grow with the runs recorded rather than with the
  // question.
  const all: number[] = [];
  const safe: Step[] = [];
  // A summary quotes the deciding run of each candidate (and of the installed version); the full list up to five relevant runs.
  const evidencePerCandidate = candidates === 'all' ? evidenceLimit : 1;
  // By seriesId, for a summary: 1 once its newest candidate is shown, 2 once its newest safe one is too.
  const seen = new Uint8Array(app.seriesIds.size);
  // Plain loops, and objects written as one literal with every field in the contract's order: a
  // check builds hundreds of these. An absent optional field is undefined, which JSON leaves out.
  const upgrades: UpgradeAdvice[] = [];
  let latest: string | null = null;
  for (let i = app.releases.length - 1; i >= 0; i--) {
    const release = app.releases[i]!;
    const info = release.info;
    if (info.prerelease && !includePrereleases) continue;
    latest ??= info.version;
    if (compareParsed(info.parsed, installed.parsed) <= 0) break;
    all.push(i);
    const { seriesId } = release;
    if (candidates === 'summary' && seen[seriesId] === 2) continue;
    const decided = decidingRun(context, app, release);
    const status = statusOfDecision(app, release, decided);
    if (status === 'safe') safe.push({ version: info.version, parsed: info.parsed });
    if (candidates === 'summary') {
      const shown = seen[seriesId] === 0 || status === 'safe';
      seen[seriesId] = status === 'safe' ? 2 : 1;
      if (!shown) continue;
    }
    const judgement = judgeIn(context, app, { version: info.version, parsed: info.parsed, release }, evidencePerCandidate, decided);
    const seriesSupport = support?.get(release.series);
    upgrades.push({
      version: info.version,
      status: judgement.status,
      direct: isDirect(policy, installed.parsed, info.parsed),
      reason: judgement.reason,
      evidence: judgement.evidence,
      insecure: info.insecure ? true : undefined,
      security: info.security ? true : undefined,
      support: seriesSupport ? supportNote(seriesSupport, now) : undefined,
    });
  }
  const { path, complete } = planPath(policy, installed.parsed, safe);
  const own = judgeIn(context, app, { version: installed.version, parsed: installed.parsed, release: installed.release }, evidencePerCandidate);
  const latestSafe = safe[0] ?? null;
  const installedSupport = support?.get(installed.series);
  return {
    app: app.info.id,
    installed: installed.version,
    installedStatus: own.status,
    installedReason: own.reason,
    installedEvidence: own.evidence,
    installedInsecure: installed.release?.info.insecure ? true : undefined,
    installedSupport: installedSupport ? { ...supportNote(installedSupport, now), newerSeries: newerSeries(app, support, installed, latestSafe, now) } : undefined,
    security: securityUrgency(app.releases, all, installed, latestSafe) ?? undefined,
    latest,
    latestSafe: latestSafe?.version ?? null,
    nextStep: path[0] ?? null,
    path,
    pathComplete: complete,
    upgrades,
    omitted: candidates === 'summary' ? all.length - upgrades.length : undefined,
  };
}

/** The series of the newest safe candidate, when it is not the installed one. */
function newerSeries(app: AppEntry, support: Map<string, SupportEntry> | undefined, installed: InstalledApp, latestSafe: Step | null, now: Date) {
  if (!latestSafe) return null;
  const series = seriesOf(latestSafe.parsed, app.info.series, app.info.versioning);
  if (series === installed.series) return null;
  const entry = support?.get(series);
  return { series, version: latestSafe.version, state: entry ? supportState(entry.dates, dayOf(now)) : 'unknown' as const };
}

/**
 * Security urgency (docs/api.md): upstream lists the installed version as vulnerable, or a release
 * the upgrade to the highest safe candidate takes (newer than installed, not above it) fixes
 * vulnerabilities.
 */
function securityUrgency(releases: ReleaseEntry[], candidates: number[], installed: InstalledApp, latestSafe: Step | null): SecurityUrgency | null {
  const insecure = installed.release?.info.insecure ?? false;
  const fixes: string[] = [];
  if (latestSafe) {
    for (const index of candidates) {
      const info = releases[index]!.info;
      if (info.security && compareParsed(info.parsed, latestSafe.parsed) <= 0) fixes.push(info.version);
    }
  }
  if (!insecure && fixes.length === 0) return null;
  return { installedInsecure: insecure, fixes, upgradeTo: latestSafe?.version ?? null, reason: securityReason(installed.version, insecure, fixes, latestSafe?.version ?? null) };
}

export function securityReason(installed: string, insecure: boolean, fixes: readonly string[], upgradeTo: string | null): string {
  const parts: string[] = [];
  if (insecure) parts.push(`upstream lists ${installed} as vulnerable`);
  if (fixes.length > 0) {
    const named = fixes.length > 3 ? `${fixes.slice(0, 3).join(', ')} and ${fixes.length - 3} more` : fixes.join(', ');
    parts.push(`${named} ${fixes.length === 1 ? 'fixes' : 'fix'} vulnerabilities`);
  }
  if (upgradeTo === null) parts.push('no upgrade is confirmed safe for this server yet');
  else if (fixes.length === 1 && fixes[0] === upgradeTo) parts[parts.length - 1] += ' and is safe here';
  else parts.push(`${upgradeTo} is safe here${fixes.length > 0 ? ` and takes ${fixes.length === 1 ? 'that fix' : 'those fixes'}` : ''}`);
  return parts.join('; ');
}

/** The whole advice for a request; `now` stamps it. */
export function computeAdvice(registry: Registry, request: AdviceRequest, now: Date): Advice {
  return adviseResolved(resolveInventory(registry, request.installed), request.includePrereleases, now, request.candidates ?? 'all');
}

export function adviseResolved(resolved: ResolvedRequest, includePrereleases: boolean, now: Date, candidates: CandidateList = 'all'): Advice {
  const apps: AppAdvice[] = [];
  const first = resolved.inventory.values().next().value;
  const context = first ? judgeContext(first.app.registry, resolved.inventory) : null;
  for (const installed of resolved.inventory.values()) apps.push(adviseApp(context!, installed, includePrereleases, candidates, now));
  return { generatedAt: now.toISOString(), apps, unknown: resolved.unknown };
}
