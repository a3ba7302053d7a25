// The JSON shapes of the contract (docs/api.md), defined once. The engine's answers are typed by
// them, the routes validate and document with them (OpenAPI), and the client parses with them, so
// the three can never disagree. Pure data: zod and nothing else.
import * as z from 'zod';

export const Verdict = z.enum(['pass', 'fail']);
export type Verdict = z.infer<typeof Verdict>;

export const UpgradeStatus = z.enum(['safe', 'untested', 'broken', 'withdrawn', 'blocked']);
export type UpgradeStatus = z.infer<typeof UpgradeStatus>;

/** One run behind a verdict, as the advice, the plan and the pages quote it. */
export const Evidence = z.object({
  run: z.number().int(),
  verdict: Verdict,
  /** ISO 8601. */
  testedAt: z.string(),
  with: z.record(z.string(), z.string()).describe("The run's other components, by series"),
  failed: z.array(z.string()).optional().describe('For a failure: the components it blamed (those the tester named, or all of them)'),
});
export type Evidence = z.infer<typeof Evidence>;

/** Where a series stands on a day: not released yet, fully supported, security fixes only, past its end, or no dates known. */
export const SupportState = z.enum(['future', 'supported', 'security', 'ended', 'unknown']);
export type SupportState = z.infer<typeof SupportState>;

/** Calendar day, `YYYY-MM-DD`. */
const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

/** The support dates of one series as one origin says them. */
export const SupportDates = z.object({
  releasedAt: Day.nullable().describe('First release of the series'),
  activeSupportEnd: Day.nullable().describe('End of active support (bug fixes); null when not known'),
  securitySupportEnd: Day.nullable().describe('End of security support: after it the series gets no fixes at all'),
  lts: z.boolean().nullable().describe('Whether upstream calls it a long-term support series; null when not known'),
});
export type SupportDates = z.infer<typeof SupportDates>;

/** Support of one series, as the advice, the plan and the pages show it (docs/api.md, Support). */
export const SupportNote = SupportDates.extend({
  series: z.string(),
  state: SupportState.describe('On the day of the answer'),
  daysLeft: z.number().int().nullable().describe('Days until security support ends (negative once past); null when no end is known'),
});
export type SupportNote = z.infer<typeof SupportNote>;

/** One series' support as GET /api/v1/support lists it. */
export const SeriesSupport = SupportNote.extend({
  app: z.string(),
  origin: z.enum(['upstream', 'admin', 'catalogue']).describe('Where the dates come from: admin when any of them was set by hand'),
  source: z.string().nullable().describe("Upstream's URL, the catalogue, or the admin token's name"),
  note: z.string().nullable().describe("The admin's note"),
  upstream: SupportDates.optional().describe("What upstream says, shown when an admin's dates differ from it (an admin's value always wins)"),
});
export type SeriesSupport = z.infer<typeof SeriesSupport>;

/** Why an app's upgrade is urgent: upstream flags the installed version, or a newer safe release fixes vulnerabilities. */
export const SecurityUrgency = z.object({
  installedInsecure: z.boolean().describe('Upstream lists the installed version as having known vulnerabilities'),
  fixes: z.array(z.string()).describe('Newer safe releases upstream marks as security fixes, newest first'),
  upgradeTo: z.string().nullable().describe('The safe release that takes every fix (latestSafe); null when no safe upgrade exists yet'),
  reason: z.string(),
});
export type SecurityUrgency = z.infer<typeof SecurityUrgency>;

export const UpgradeAdvice = z.object({
  version: z.string(),
  status: UpgradeStatus,
  direct: z.boolean().describe("Whether the app's upgrade policy lets the installed version step straight to it"),
  reason: z.string().optional().describe('Why it is untested (what is missing), blocked (the constraint) or withdrawn (the admin)'),
  evidence: z.array(Evidence).optional().describe('For safe and broken: the relevant runs, the deciding one first'),
  insecure: z.literal(true).optional().describe('Upstream lists this version as having known vulnerabilities'),
  security: z.literal(true).optional().describe('Upstream says this release fixes vulnerabilities'),
  support: SupportNote.optional().describe("Support of the candidate's series, where known"),
});
export type UpgradeAdvice = z.infer<typeof UpgradeAdvice>;

export const AppAdvice = z.object({
  app: z.string(),
  installed: z.string().describe('The installed version, normalised'),
  installedStatus: UpgradeStatus,
  installedReason: z.string().optional().describe('Why the installed version is untested, blocked or withdrawn'),
  installedEvidence: z.array(Evidence).optional().describe('For a safe or broken installed version: the relevant runs, the deciding one first'),
  installedInsecure: z.literal(true).optional().describe('Upstream lists the installed version as having known vulnerabilities'),
  installedSupport: SupportNote.extend({
    newerSeries: z.object({ series: z.string(), version: z.string(), state: SupportState }).nullable()
      .describe('The newest series with a safe candidate for this server, and that candidate'),
  }).optional().describe("Support of the installed series, where known"),
  security: SecurityUrgency.optional().describe('Present when the upgrade is a security matter: tools put this app first'),
  latest: z.string().nullable().describe('Newest release the registry knows; null when it knows none'),
  latestSafe: z.string().nullable(),
  nextStep: z.string().nullable(),
  path: z.array(z.string()),
  pathComplete: z.boolean(),
  upgrades: z.array(UpgradeAdvice).describe('Candidates newer than the installed version, newest first (with candidates=summary: per series the newest candidate and the newest safe one)'),
  omitted: z.number().int().optional().describe('With candidates=summary: how many candidates were left out of upgrades'),
});
export type AppAdvice = z.infer<typeof AppAdvice>;

export const UnknownVersion = z.object({ app: z.string(), version: z.string() });
export type UnknownVersion = z.infer<typeof UnknownVersion>;

export const Advice = z.object({
  generatedAt: z.string(),
  apps: z.array(AppAdvice),
  unknown: z.object({ apps: z.array(z.string()), versions: z.array(UnknownVersion) }),
});
export type Advice = z.infer<typeof Advice>;

/** A named platform the suite runs on, as series: `{"debian": "12", "php": "8.2"}`. */
export const Stack = z.object({
  id: z.string(),
  name: z.string(),
  components: z.record(z.string(), z.string()),
});
export type Stack = z.infer<typeof Stack>;

/** A run as stored and returned by the runs API. */
export const Run = z.object({
  id: z.number().int(),
  verdict: Verdict,
  testedAt: z.string(),
  components: z.record(z.string(), z.string()).describe('app → canonical version'),
  failed: z.array(z.string()).nullable().describe('For a failure: the components the tester saw fail; null when not named (the failure blames every component)'),
  notes: z.string().nullable(),
  evidenceUrl: z.string().nullable(),
  recordedBy: z.string().describe('Name of the token that recorded it'),
  createdAt: z.string(),
});
export type Run = z.infer<typeof Run>;

/** A release as the releases API shows it, with its status on one stack. */
export const Release = z.object({
  version: z.string(),
  tag: z.string().nullable(),
  publishedAt: z.string().nullable(),
  prerelease: z.boolean(),
  url: z.string().nullable(),
  security: z.boolean().describe('The release fixes vulnerabilities (upstream tag, "security" in its title, CVE ids in its notes)'),
  insecure: z.boolean().describe('Upstream lists this version as having known vulnerabilities (WordPress stable-check)'),
  status: UpgradeStatus.describe("The rule's verdict for a server that runs only the stack's platform (docs/api.md, Stacks)"),
  reason: z.string().optional().describe('Why it is untested, blocked or withdrawn'),
  evidence: z.array(Evidence).optional().describe('For safe and broken: the relevant runs, the deciding one first'),
  firstSeenAt: z.string(),
  withdrawn: z.boolean(),
  withdrawnReason: z.string().nullable(),
});
export type Release = z.infer<typeof Release>;

/** The stack a page or list is judged on: `{id: "", name: "any platform"}` when none is declared. */
export const StackRef = z.object({ id: z.string(), name: z.string() });
export type StackRef = z.infer<typeof StackRef>;

/** A verdict a write changed: a release's status on a stack before and after it. */
export const VerdictChange = z.object({
  app: z.string(),
  version: z.string(),
  stack: StackRef,
  before: UpgradeStatus,
  after: UpgradeStatus,
});
export type VerdictChange = z.infer<typeof VerdictChange>;

/** One single-app step of the whole-stack plan (docs/api.md, "Whole-stack plan"). */
export const PlanStep = z.object({
  app: z.string(),
  from: z.string(),
  to: z.string(),
  evidence: z.array(Evidence).describe('The runs that make this step safe where the plan takes it, the deciding one first'),
  unlocks: z.array(z.string()).describe('What this step makes possible, e.g. "needed for Nextcloud 34.0.3"'),
  security: z.literal(true).optional().describe('The step takes a security fix, or leaves a version upstream lists as vulnerable'),
  support: SupportNote.optional().describe("Support of the series the step leads to, where known"),
});
export type PlanStep = z.infer<typeof PlanStep>;

/** An app the plan leaves below its newest release, and why. */
export const HeldApp = z.object({
  app: z.string(),
  at: z.string().describe('The version the plan leaves it at'),
  newest: z.string().describe('Its newest release'),
  reason: z.string().describe('What holds it: the run that broke the next release, the constraint, the missing test, or "held by request"'),
});
export type HeldApp = z.infer<typeof HeldApp>;

/** The answer of /api/v1/plan (docs/api.md, "Whole-stack plan"): ordered steps, where they lead, and what stays behind. */
export const Plan = z.object({
  generatedAt: z.string(),
  steps: z.array(PlanStep).describe('Single-app upgrades in the order to take them'),
  final: z.record(z.string(), z.string()).describe('app → version after every step'),
  held: z.array(HeldApp).describe('Every app left below its newest release'),
  complete: z.boolean().describe('False only when the bounded search stopped early: the plan is then the best one found'),
  support: z.record(z.string(), SupportNote).optional().describe("app → support of its series in `final`, where known"),
  security: z.array(z.string()).optional().describe('Apps whose steps are a security matter (docs/api.md, Security urgency); their steps come first where the evidence allows'),
  unknown: z.object({ apps: z.array(z.string()), versions: z.array(UnknownVersion) }),
});
export type Plan = z.infer<typeof Plan>;
