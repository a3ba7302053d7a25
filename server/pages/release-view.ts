// An app's releases on one stack as the app page lists them: grouped by series, long stretches of
// never-tested history folded (matrix/release-groups.ts), each release with its status on the
// stack and why: the relevant runs (the deciding one first) or the rule's reason.
import type { Evidence, Release, UpgradeStatus } from '../../matrix/contract.ts';
import { runVersions, type AppEntry, type Registry } from '../../matrix/registry.ts';
import { groupReleases } from '../../matrix/release-groups.ts';
import { describeComponents } from './format.ts';
import { safeHref } from './html.ts';
import type { RunDetail } from './public-data.ts';
import { releaseBadges, type Badge } from './status.ts';
import { blamedWords, type AppNames } from './verdict-words.ts';

export interface EvidenceView {
  runId: number;
  verdict: 'pass' | 'fail';
  testedAt: string;
  /** The run's other components with their versions, e.g. `PHP 8.2.26 and Debian 12.8`; empty when it tested the app alone. */
  testedWith: string;
  /** For a failure: what it blamed, e.g. `Nextcloud`. */
  blamed: string | null;
  /** The run that decides the status (the newest relevant one). */
  deciding: boolean;
  notes: string | null;
  /** Only http(s) evidence becomes a link. */
  evidenceHref: string | null;
  /** Evidence that is not an http(s) URL, shown as text. */
  evidenceText: string | null;
}

export interface ReleaseRowView {
  version: string;
  /** Fragment id of the row, linked from the feeds. */
  anchor: string;
  tag: string | null;
  href: string | null;
  /** Upstream URL that is not http(s), shown as text. */
  urlText: string | null;
  /** Null when upstream did not say: the row then shows no date at all. */
  publishedAt: string | null;
  prerelease: boolean;
  security: boolean;
  /** Upstream lists it as having known vulnerabilities. */
  insecure: boolean;
  status: UpgradeStatus;
  badge: Badge;
  /** The rule's reason for untested, blocked and withdrawn. */
  reason: string | null;
  /** The runs that count on this stack, the deciding one first. */
  evidence: EvidenceView[];
  /** Runs of the release not shown (older ones, and those that do not count on this stack). */
  otherRuns: number;
}

export type ReleaseSectionView =
  | { kind: 'series'; series: string; id: string; title: string; blocks: Array<{ kind: 'shown' | 'folded'; rows: ReleaseRowView[]; summary: string }> }
  | { kind: 'quiet-series'; title: string; groups: Array<{ series: string; id: string; title: string; rows: ReleaseRowView[] }> };

// Enough to judge the evidence at a glance; the API has every run.
export const evidencePerRelease = 3;
// Three never-tested releases in a row still read as rows; from four on they fold.
const minFold = 4;

/** Ids of the runs whose notes and evidence the page shows. */
export function shownRunIds(releases: Release[]): number[] {
  return releases.flatMap((release) => (release.evidence ?? []).slice(0, evidencePerRelease).map((evidence) => evidence.run));
}

export interface ReleaseListInput {
  registry: Registry;
  app: AppEntry;
  appName: string;
  names: AppNames;
  /** On the stack, newest first. */
  releases: Release[];
  runDetails: Map<number, RunDetail>;
}

export function releaseRows(input: ReleaseListInput): ReleaseRowView[] {
  return input.releases.map((release) => releaseRow(input, release));
}

/** The rows grouped by series; stretches of releases nobody ever ran (but never the newest) folded. */
export function releaseSections(input: ReleaseListInput, rows: ReleaseRowView[]): ReleaseSectionView[] {
  const { app, appName } = input;
  const seriesOf = new Map(app.releases.map((entry) => [entry.info.version, entry.series]));
  const neverRun = new Set(app.releases.filter((entry) => entry.runs.length === 0).map((entry) => entry.info.version));
  const newest = rows[0]?.version;
  const sections = groupReleases(rows, {
    seriesOf: (row) => seriesOf.get(row.version) ?? row.version,
    quiet: (row) => row.version !== newest && row.status === 'untested' && neverRun.has(row.version),
    minFold,
  });
  return sections.map((section): ReleaseSectionView => {
    if (section.kind === 'quiet-series') {
      const groups = section.groups.map((group) => ({ series: group.series, id: seriesAnchor(group.series), title: `${appName} ${group.series}`, rows: group.items }));
      const count = groups.reduce((sum, group) => sum + group.rows.length, 0);
      const span = `${groups.at(-1)!.series} to ${groups[0]!.series}`;
      return { kind: 'quiet-series', title: `${appName} ${span}: ${count} releases, none ever tested`, groups };
    }
    const { series, blocks } = section.group;
    return {
      kind: 'series',
      series,
      id: seriesAnchor(series),
      title: `${appName} ${series}`,
      blocks: blocks.map((block) => ({
        kind: block.kind,
        rows: block.items,
        summary: `${block.items.length} releases never tested (${block.items.at(-1)!.version} to ${block.items[0]!.version})`,
      })),
    };
  });
}

function releaseRow(input: ReleaseListInput, release: Release): ReleaseRowView {
  const runs = input.app.byVersion.get(release.version)?.runs.length ?? 0;
  const evidence = (release.evidence ?? []).slice(0, evidencePerRelease).map((e, i) => evidenceView(input, e, i === 0));
  const href = safeHref(release.url);
  return {
    version: release.version,
    anchor: releaseAnchor(release.version),
    tag: release.tag,
    href,
    urlText: href === null ? release.url : null,
    publishedAt: release.publishedAt,
    prerelease: release.prerelease,
    security: release.security,
    insecure: release.insecure,
    status: release.status,
    badge: releaseBadges[release.status],
    reason: release.reason ?? null,
    evidence,
    otherRuns: Math.max(0, runs - evidence.length),
  };
}

function evidenceView(input: ReleaseListInput, evidence: Evidence, deciding: boolean): EvidenceView {
  const appId = input.app.info.id;
  const detail = input.runDetails.get(evidence.run);
  // The index keeps each run's exact versions; the evidence names only their series.
  const components = runVersions(input.registry, evidence.run) ?? evidence.with;
  const others: Record<string, string> = {};
  for (const [id, version] of Object.entries(components)) if (id !== appId) others[id] = version;
  const href = safeHref(detail?.evidenceUrl);
  return {
    runId: evidence.run,
    verdict: evidence.verdict,
    testedAt: evidence.testedAt,
    testedWith: describeComponents(others, input.names),
    blamed: evidence.verdict === 'fail' ? blamedWords(evidence.failed, input.names) : null,
    deciding,
    notes: detail?.notes ?? null,
    evidenceHref: href,
    evidenceText: href === null ? (detail?.evidenceUrl ?? null) : null,
  };
}

/** `v30.0.2`: a fragment id that is valid HTML whatever the version's characters. */
export function releaseAnchor(version: string): string {
  return `v${version.replace(/[^A-Za-z0-9._-]/g, '_')}`;
}

function seriesAnchor(series: string): string {
  return `series-${series.replace(/[^A-Za-z0-9._-]/g, '_')}`;
}
