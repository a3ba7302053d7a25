// Plain data the rule works on. The shapes of its answers are the contract's (contract.ts).
import type { Verdict } from './contract.ts';
import type { ParsedVersion, VersionScheme } from './versions.ts';

export type { Advice, AppAdvice, Evidence, UnknownVersion, UpgradeAdvice, UpgradeStatus, Verdict } from './contract.ts';

export interface UpgradePolicy {
  /** Most majors one upgrade may jump; absent means any step is direct. */
  maxMajorStep?: number;
}

export interface AppInfo {
  id: string;
  /** Display name, for the reasons the rule gives ("tested only with Nextcloud 33"). */
  name: string;
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
  /** When it was withdrawn; null while it is not (or when the time was not kept). */
  withdrawnAt: Date | null;
  /** Null when the source does not say. */
  publishedAt: Date | null;
  /** Upstream lists this version as having known vulnerabilities. Shown, not part of the rule. */
  insecure: boolean;
  /** Upstream says the release fixes vulnerabilities. Shown, not part of the rule. */
  security: boolean;
  /** Upstream tag or name; null when entered by hand without one. Shown, not part of the rule. */
  tag: string | null;
  /** Link to the release upstream; null when there is none. Shown, not part of the rule. */
  url: string | null;
  /** When the registry first stored it. */
  firstSeenAt: Date;
}

export interface RunInfo {
  id: number;
  verdict: Verdict;
  testedAt: Date;
  /** app → canonical version, every one a known release. */
  components: Record<string, string>;
  /** For a failure, the apps the tester saw fail; null when not named (then every component is blamed). */
  failed: string[] | null;
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
  /** When an admin declared it: from then on it blocks what it blocks (the feeds' history). */
  createdAt: Date;
}

/** What one server has installed: app → version, as typed (loosely) by its admin. */
export type Inventory = Record<string, string>;

export interface AdviceRequest {
  installed: Inventory;
  includePrereleases: boolean;
  /** Which candidates `upgrades` lists (matrix/advice.ts CandidateList); default every one. */
  candidates?: 'all' | 'summary';
}

