// Plain data the rule works on, and the advice it returns (the JSON of API.md's /api/v1/check).
import type { ParsedVersion, VersionScheme } from './versions.ts';

export type Verdict = 'pass' | 'fail';

export type UpgradeStatus = 'safe' | 'untested' | 'broken' | 'withdrawn' | 'blocked';

export interface UpgradePolicy {
  /** Most majors one upgrade may jump; absent means any step is direct. */
  maxMajorStep?: number;
}

export interface AppInfo {
  id: string;
  /** Leading version parts that decide compatibility. */
  series: number;
  versioning: VersionScheme;
  policy: UpgradePolicy;
}

export interface ReleaseInfo {
  appId: string;
  /** Canonical spelling in the app's scheme. */
  version: string;
  parsed: ParsedVersion;
  /** True when upstream marked it so or its version carries a prerelease tag. */
  prerelease: boolean;
  withdrawn: boolean;
  /** Null while not withdrawn, or when withdrawn without a reason. */
  withdrawnReason: string | null;
  /** Null when the source does not say. */
  publishedAt: Date | null;
  /** Upstream lists this version as having known vulnerabilities. Shown, not part of the rule. */
  insecure: boolean;
}

export interface RunInfo {
  id: number;
  verdict: Verdict;
  testedAt: Date;
  /** app → canonical version, every one a known release. */
  components: Record<string, string>;
}

export interface ConstraintInfo {
  id: number;
  /** X: the app the range applies to. */
  appId: string;
  range: string;
  /** Y: the app that X needs in requiresRange. */
  requiresAppId: string;
  requiresRange: string;
  reason: string;
}

/** What one server has installed: app → version, as typed (loosely) by its admin. */
export type Inventory = Record<string, string>;

export interface AdviceRequest {
  installed: Inventory;
  includePrereleases: boolean;
}

export interface Evidence {
  run: number;
  /** ISO 8601. */
  testedAt: string;
  /** The run's other components, by series. */
  with: Record<string, string>;
}

export interface UpgradeAdvice {
  version: string;
  status: UpgradeStatus;
  direct: boolean;
  /** For blocked and withdrawn. */
  reason?: string;
  /** For safe and broken: matching runs, the deciding one first. */
  evidence?: Evidence[];
  /** Present (true) when upstream lists this version as having known vulnerabilities. */
  insecure?: true;
}

export interface AppAdvice {
  app: string;
  /** The installed version in the app's canonical spelling. */
  installed: string;
  installedStatus: UpgradeStatus;
  /** Why the installed version is withdrawn or blocked; absent otherwise. */
  installedReason?: string;
  /** Present (true) when upstream lists the installed version as having known vulnerabilities. */
  installedInsecure?: true;
  /** Newest release the registry knows (prereleases only when asked for); null when it knows none. */
  latest: string | null;
  /** Highest safe candidate; null when none is safe. */
  latestSafe: string | null;
  /** path[0]; null when the path is empty. */
  nextStep: string | null;
  path: string[];
  /** False when some step towards latestSafe has no safe direct candidate. */
  pathComplete: boolean;
  /** Every candidate newer than installed, newest first. */
  upgrades: UpgradeAdvice[];
}

export interface UnknownVersion {
  app: string;
  version: string;
}

export interface Advice {
  generatedAt: string;
  apps: AppAdvice[];
  unknown: { apps: string[]; versions: UnknownVersion[] };
}
