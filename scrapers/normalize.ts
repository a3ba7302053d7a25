// The shared normalising step between the scrapers and the database: drops drafts and
// future-dated entries, reads versions in the app's scheme (an unreadable one is dropped and
// counted, not fatal), flags prereleases and security releases, and merges what several sources
// of one app say about the same version.
import { formatVersion, parseVersion, type VersionScheme } from '../matrix/versions.ts';
import type { ScrapedRelease } from './source-kind.ts';

/** A release ready to store: version in its canonical spelling. */
export interface NormalizedRelease {
  version: string;
  /** Null when no source gave a tag. */
  tag: string | null;
  /** Null when no source gave a date. */
  publishedAt: Date | null;
  prerelease: boolean;
  /** Null when no source gave a link. */
  url: string | null;
  security: boolean;
  insecure: boolean;
}

export interface DroppedCounts {
  drafts: number;
  future: number;
  unparseable: number;
}

export interface NormalizeOutcome {
  releases: NormalizedRelease[];
  dropped: DroppedCounts;
  /** A few of the raw versions that could not be read, for the log. */
  unparseableSamples: string[];
}

// "Security release", "security fix", … in a release title (Roundcube, Matomo, Asterisk titles).
const securityTitle = /\bsecurity\b/i;
// CVE ids as MITRE writes them: CVE-YYYY-NNNN with four or more digits (cve.org "CVE ID syntax").
const cveId = /\bCVE-\d{4}-\d{4,}\b/i;

export function normalizeReleases(items: ScrapedRelease[], options: { scheme: VersionScheme; now: Date }): NormalizeOutcome {
  const dropped: DroppedCounts = { drafts: 0, future: 0, unparseable: 0 };
  const unparseableSamples: string[] = [];
  const byVersion = new Map<string, NormalizedRelease>();
  for (const item of items) {
    if (item.draft) {
      dropped.drafts++;
      continue;
    }
    if (item.publishedAt && item.publishedAt.getTime() > options.now.getTime()) {
      dropped.future++;
      continue;
    }
    const parsed = parseVersion(item.version, options.scheme);
    if (!parsed) {
      dropped.unparseable++;
      if (unparseableSamples.length < 5) unparseableSamples.push(item.version);
      continue;
    }
    const release: NormalizedRelease = {
      version: formatVersion(parsed, options.scheme),
      tag: item.tag,
      publishedAt: item.publishedAt,
      prerelease: item.prerelease || parsed.pre !== null,
      url: item.url,
      security: item.security || securityTitle.test(item.title ?? '') || cveId.test(item.notes ?? '') || cveId.test(item.title ?? ''),
      insecure: item.insecure,
    };
    const seen = byVersion.get(release.version);
    byVersion.set(release.version, seen ? mergeRelease(seen, release) : release);
  }
  return { releases: [...byVersion.values()], dropped, unparseableSamples };
}

/** One source's normalised list, in catalogue order. */
export interface SourceReleases {
  releases: NormalizedRelease[];
  /** Only flags versions the other sources found (JsonSource.annotateOnly). */
  annotateOnly: boolean;
}

/**
 * Merges the lists of an app's sources: the first source naming a version decides its fields,
 * later ones fill what it left null; flags are or-ed. Annotating sources add no versions, but they
 * do annotate `stored` ones (releases an earlier watch stored) that no other source listed this time.
 */
export function mergeSources(lists: SourceReleases[], stored: { has(version: string): boolean } = new Set()): NormalizedRelease[] {
  const merged = new Map<string, NormalizedRelease>();
  for (const list of lists) {
    if (list.annotateOnly) continue;
    for (const release of list.releases) {
      const seen = merged.get(release.version);
      merged.set(release.version, seen ? mergeRelease(seen, release) : { ...release });
    }
  }
  for (const list of lists) {
    if (!list.annotateOnly) continue;
    for (const release of list.releases) {
      const seen = merged.get(release.version);
      if (seen) merged.set(release.version, mergeRelease(seen, release));
      else if (stored.has(release.version)) merged.set(release.version, { ...release });
    }
  }
  return [...merged.values()];
}

function mergeRelease(first: NormalizedRelease, later: NormalizedRelease): NormalizedRelease {
  return {
    version: first.version,
    tag: first.tag ?? later.tag,
    publishedAt: first.publishedAt ?? later.publishedAt,
    prerelease: first.prerelease || later.prerelease,
    url: first.url ?? later.url,
    security: first.security || later.security,
    insecure: first.insecure || later.insecure,
  };
}

/** Reads the dates upstreams write: ISO, php.net's `30 Jul 2026`, Debian's `July 11th, 2026`. */
export function parseLooseDate(text: string | null | undefined): Date | null {
  if (!text) return null;
  const trimmed = text.trim();
  if (/^\d{4}-\d{2}-\d{2}/.test(trimmed)) {
    const iso = /^\d{4}-\d{2}-\d{2}$/.test(trimmed) ? `${trimmed}T00:00:00Z` : trimmed;
    const at = Date.parse(iso);
    return Number.isNaN(at) ? null : new Date(at);
  }
  const plain = trimmed.replace(/(\d+)(st|nd|rd|th)\b/g, '$1');
  const at = Date.parse(`${plain} UTC`);
  return Number.isNaN(at) ? null : new Date(at);
}
