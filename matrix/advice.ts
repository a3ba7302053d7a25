// The advice of /api/v1/check: per installed app, every newer candidate judged by the rule, the
// highest safe one, and the path of safe direct steps to it.
import { isDirect, planPath, type Step } from './path.ts';
import type { Registry } from './registry.ts';
import { judge, type InstalledApp, type ResolvedInventory } from './status.ts';
import type { Advice, AdviceRequest, AppAdvice, Inventory, UnknownVersion, UpgradeAdvice } from './types.ts';
import { readVersion } from './read-version.ts';
import { compareParsed, formatVersion, seriesOf } from './versions.ts';

export interface ResolvedRequest {
  inventory: ResolvedInventory;
  unknown: Advice['unknown'];
}

/**
 * Reads an inventory as typed (`v30.0.2`, `6.7`, `8.2.33-1+deb12u1`) through each app's scheme. Unknown apps and
 * unreadable versions go to `unknown` and play no part in the rule; a readable version the registry
 * has no release for is listed there too but still advised on.
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
    inventory.set(appId, { app, version, parsed, series: seriesOf(parsed, app.info.series, app.info.versioning), release });
  }
  unknownApps.sort();
  return { inventory, unknown: { apps: unknownApps, versions: unknownVersions } };
}

/** A key equal for two requests exactly when their advice is (at one state of the registry). */
export function requestKey(resolved: ResolvedRequest, includePrereleases: boolean): string {
  const parts: string[] = [includePrereleases ? 'p' : 'f'];
  for (const [appId, installed] of resolved.inventory) parts.push(`${appId}=${installed.version}`);
  for (const appId of resolved.unknown.apps) parts.push(`?${appId}`);
  for (const { app, version } of resolved.unknown.versions) {
    if (!resolved.inventory.has(app)) parts.push(`!${app}=${version}`);
  }
  return JSON.stringify(parts);
}

export function adviseApp(inventory: ResolvedInventory, installed: InstalledApp, includePrereleases: boolean): AppAdvice {
  const { app } = installed;
  const policy = app.info.policy;
  const upgrades: UpgradeAdvice[] = [];
  const safe: Step[] = [];
  let latest: string | null = null;
  for (let i = app.releases.length - 1; i >= 0; i--) {
    const release = app.releases[i]!;
    const info = release.info;
    if (info.prerelease && !includePrereleases) continue;
    latest ??= info.version;
    if (compareParsed(info.parsed, installed.parsed) <= 0) break;
    const judgement = judge(inventory, app, { version: info.version, parsed: info.parsed, release });
    upgrades.push({
      version: info.version,
      status: judgement.status,
      direct: isDirect(policy, installed.parsed, info.parsed),
      ...reasonOrEvidence(judgement),
      ...(info.insecure ? { insecure: true as const } : {}),
      ...(info.security ? { security: true as const } : {}),
    });
    if (judgement.status === 'safe') safe.push({ version: info.version, parsed: info.parsed });
  }
  const { path, complete } = planPath(policy, installed.parsed, safe);
  const own = judge(inventory, app, { version: installed.version, parsed: installed.parsed, release: installed.release });
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
  };
}

function reasonOrEvidence(judgement: ReturnType<typeof judge>): Pick<UpgradeAdvice, 'reason' | 'evidence'> {
  if (judgement.reason !== undefined) return { reason: judgement.reason };
  if (judgement.evidence !== undefined) return { evidence: judgement.evidence };
  return {};
}

/** The whole advice for a request; `now` stamps it. */
export function computeAdvice(registry: Registry, request: AdviceRequest, now: Date): Advice {
  return adviseResolved(resolveInventory(registry, request.installed), request.includePrereleases, now);
}

export function adviseResolved(resolved: ResolvedRequest, includePrereleases: boolean, now: Date): Advice {
  const apps: AppAdvice[] = [];
  for (const installed of resolved.inventory.values()) apps.push(adviseApp(resolved.inventory, installed, includePrereleases));
  return { generatedAt: now.toISOString(), apps, unknown: resolved.unknown };
}
