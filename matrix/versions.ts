// The one module that knows how an app writes its versions. Everything else (scrapers, the rule,
// the API) parses, compares and takes series through it; nothing else imports semver.
import semver from 'semver';

/** How an app's versions are written. Chosen per app in the catalogue (`versioning`). */
export type VersionScheme = 'semver' | 'calver' | 'debian' | 'asterisk' | 'collabora';

export const versionSchemes = ['semver', 'calver', 'debian', 'asterisk', 'collabora'] as const;

/** A version as one app's scheme reads it. */
export interface ParsedVersion {
  /** Numeric release parts, padded to the scheme's minimum: 30.0.2 → [30, 0, 2]. */
  release: number[];
  /** Prerelease identifiers (`['rc', 1]`); null for a final release. */
  pre: Array<string | number> | null;
  /** Post-release number (Friendica hotfix `-1`, Asterisk `-cert3`, Collabora build `-3`); null if none. */
  post: number | null;
}

interface SchemeRules {
  /** Release parts kept at least (missing ones become 0). */
  minParts: number;
  /** Digits each release part is written with (Friendica `2024.08`); missing → no padding. */
  widths: number[];
  /**
   * Pad to `widths` only when the first part is a year: Friendica numbered its releases (2.1 … 3.6,
   * 3.4.3-2) before it switched to `YYYY.MM` in 2018, and 3.6 must stay 3.6, not 0003.06.
   */
  widthsForYearsOnly?: boolean;
  /** How a post-release number is written after the release. */
  postPrefix: string;
  /** Whether the post-release number is written before the prerelease (`20.7-cert1-rc.1`). */
  postBeforePre?: boolean;
}

const rules: Record<VersionScheme, SchemeRules> = {
  semver: { minParts: 3, widths: [], postPrefix: '-p' },
  calver: { minParts: 2, widths: [4, 2], postPrefix: '-', widthsForYearsOnly: true },
  debian: { minParts: 2, widths: [], postPrefix: '+' },
  asterisk: { minParts: 2, widths: [], postPrefix: '-cert', postBeforePre: true },
  collabora: { minParts: 3, widths: [2, 2], postPrefix: '-' },
};

// Spellings of prerelease labels seen upstream, mapped to one word each (PHP `RC1`, Matomo `-b5`,
// Nextcloud `beta4`, Asterisk `-pre1`, Roundcube `-beta`).
const preLabels: Record<string, string> = {
  alpha: 'alpha', a: 'alpha',
  beta: 'beta', b: 'beta',
  rc: 'rc', cr: 'rc',
  pre: 'pre', preview: 'pre',
  dev: 'dev', snapshot: 'dev', unstable: 'dev',
};

// Ranks make alpha < beta < pre < rc for the same release; dev sorts first.
const preRank: Record<string, number> = { dev: 0, alpha: 1, beta: 2, pre: 3, rc: 4 };

// Every number is read exactly or the text is not a version: 15 digits stay below 2^53 (a 14-digit
// Matomo preview timestamp fits), while `rc.1000000000000000000000` would become 1e+21 and
// `rc.9007199254740993` would silently turn into …992 (issue 11).
const maxDigits = 15;

function readNumber(digits: string): number | null {
  return digits.length <= maxDigits ? Number(digits) : null;
}

function readNumbers(parts: string[]): number[] | null {
  const numbers: number[] = [];
  for (const part of parts) {
    const n = readNumber(part);
    if (n === null) return null;
    numbers.push(n);
  }
  return numbers;
}

// Asterisk's certified releases put the build before the prerelease (`20.7-cert1-rc1`), so a
// `-certN` may come straight after the release as well as at the end.
const loosePattern =
  /^(?<release>\d+(?:[._]\d+)*)(?:-cert(?<cert>\d+))?(?:(?:[-_.~ ]?)(?<label>alpha|beta|preview|pre|rc|cr|dev|snapshot|unstable|a|b)(?:[-_. ]?(?<pre>\d+(?:\.\d+)*))?)?(?:(?:-|\+|-?pl|-cert|-p)(?<post>\d+))?$/i;

/**
 * Reads a raw tag or a loosely typed version (`v30.0.2`, `php-8.3.14`, `mariadb-11.4.4`,
 * `certified-20.7-cert3`, `6.7`, `1.7-beta`, `31.0.0rc1`, `35.0.0 beta 4`) in one app's scheme.
 * Returns null when it is not a version.
 */
export function parseVersion(raw: string, scheme: VersionScheme = 'semver'): ParsedVersion | null {
  let text = raw.trim();
  if (text.length === 0 || text.length > 100) return null;
  // Leading words before the first digit: `v`, `v.`, `php-`, `mariadb-`, `certified-`, `cp-`.
  text = text.replace(/^v\.?(?=\d)/i, '').replace(/^[a-z][a-z_-]*?[-_/]?(?=v?\.?\d)/i, '');
  text = text.replace(/^v\.?(?=\d)/i, '');
  // Spaces inside prerelease words, as Nextcloud's updater writes them ("34.0.0 RC 5").
  text = text.replace(/\s+/g, ' ');
  const match = loosePattern.exec(text);
  if (!match?.groups) return null;
  const { release: releaseText, label, pre: preText, post: postText, cert: certText } = match.groups;
  if (certText !== undefined && postText !== undefined) return null;
  const release = readNumbers(releaseText!.split(/[._]/));
  if (!release || release.length > 5) return null;
  const { minParts } = rules[scheme];
  while (release.length < minParts) release.push(0);
  let pre: Array<string | number> | null = null;
  if (label) {
    const preNumbers = preText ? readNumbers(preText.split('.')) : [];
    if (!preNumbers) return null;
    pre = [preLabels[label.toLowerCase()]!, ...preNumbers];
  }
  const postRaw = certText ?? postText;
  let post = postRaw === undefined ? null : readNumber(postRaw);
  if (postRaw !== undefined && post === null) return null;
  // `coolwsd --version` prints the build as a fourth part (24.04.13.3) where the tag has cp-24.04.13-3.
  if (scheme === 'collabora' && post === null && release.length === 4) post = release.pop()!;
  return { release, pre, post };
}

/** The one spelling a version is stored and shown with, e.g. `31.0.0-rc.1`, `2024.08-1`. */
export function formatVersion(version: ParsedVersion, scheme: VersionScheme = 'semver'): string {
  const { postPrefix, postBeforePre } = rules[scheme];
  let text = formatRelease(version.release, scheme);
  const pre = version.pre ? `-${version.pre.join('.')}` : '';
  const post = version.post !== null ? `${postPrefix}${version.post}` : '';
  text += postBeforePre ? post + pre : pre + post;
  return text;
}

function formatRelease(parts: number[], scheme: VersionScheme): string {
  const { widths, widthsForYearsOnly } = rules[scheme];
  if (widthsForYearsOnly && (parts[0] ?? 0) < 1000) return parts.join('.');
  return parts.map((n, i) => String(n).padStart(widths[i] ?? 0, '0')).join('.');
}

/** Parses and re-formats: the canonical spelling, or null when `raw` is not a version. */
export function normalizeVersion(raw: string, scheme: VersionScheme = 'semver'): string | null {
  const parsed = parseVersion(raw, scheme);
  return parsed ? formatVersion(parsed, scheme) : null;
}

/** Orders two parsed versions: negative when a is older. */
export function compareParsed(a: ParsedVersion, b: ParsedVersion): number {
  const length = Math.max(a.release.length, b.release.length);
  for (let i = 0; i < length; i++) {
    const diff = (a.release[i] ?? 0) - (b.release[i] ?? 0);
    if (diff !== 0) return diff;
  }
  // A post-release (hotfix, certified build) comes after its release, a prerelease before it.
  const postDiff = (a.post ?? -1) - (b.post ?? -1);
  // Two different certified builds: the build decides before any prerelease of it (cert2-rc1 > cert1).
  if (a.post !== null && b.post !== null && postDiff !== 0) return postDiff;
  if (a.pre === null || b.pre === null) {
    if (a.pre !== b.pre) return a.pre === null ? 1 : -1;
    return postDiff;
  }
  const preDiff = comparePre(a.pre, b.pre);
  return preDiff !== 0 ? preDiff : postDiff;
}

function comparePre(a: Array<string | number>, b: Array<string | number>): number {
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a[i];
    const y = b[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (typeof x === 'string' && typeof y === 'string') {
      const diff = (preRank[x] ?? 0) - (preRank[y] ?? 0);
      if (diff !== 0) return diff;
    } else if (typeof x === 'number' && typeof y === 'number') {
      if (x !== y) return x - y;
    } else {
      return typeof x === 'number' ? -1 : 1;
    }
  }
  return 0;
}

/** Orders two canonical version strings of one app; unparseable ones sort first. */
export function compareVersions(a: string, b: string, scheme: VersionScheme = 'semver'): number {
  const pa = parseVersion(a, scheme);
  const pb = parseVersion(b, scheme);
  if (!pa || !pb) return pa ? 1 : pb ? -1 : a.localeCompare(b);
  return compareParsed(pa, pb);
}

/** The leading `parts` release numbers that decide compatibility: `series(30.0.2, 1)` → `30`. */
export function seriesOf(version: ParsedVersion, parts: number, scheme: VersionScheme = 'semver'): string {
  const release = version.release.slice(0, parts);
  while (release.length < parts) release.push(0);
  return formatRelease(release, scheme);
}

/** The major release number (the first part). */
export function majorOf(version: ParsedVersion): number {
  return version.release[0] ?? 0;
}

// node-semver reads three numeric parts: a fourth release part or a post-release number is left
// out of range checks (phpMyAdmin 2.10.0.2 satisfies what 2.10.0 satisfies).
function toSemver(version: ParsedVersion): string {
  const [major = 0, minor = 0, patch = 0] = version.release;
  const pre = version.pre ? `-${version.pre.join('.')}` : '';
  return `${major}.${minor}.${patch}${pre}`;
}

/** Whether `range` is a node-semver range that can be checked. */
export function isValidRange(range: string): boolean {
  return range.trim().length > 0 && range.length <= 200 && semver.validRange(range) !== null;
}

/** Whether a version lies in a node-semver range; prereleases count when the range allows them. */
export function satisfiesRange(version: ParsedVersion, range: string): boolean {
  return semver.satisfies(toSemver(version), range, { includePrerelease: true });
}

/** A range read once, for checking many versions against it (constraints are checked on every candidate). */
export function compileRange(range: string): (version: ParsedVersion) => boolean {
  // Like satisfiesRange (node-semver's satisfies): a range it cannot read holds no version.
  if (semver.validRange(range, { includePrerelease: true }) === null) return () => false;
  const compiled = new semver.Range(range, { includePrerelease: true });
  // The index's versions are objects for life, and a constraint asks about the same few again and again.
  const answers = new WeakMap<ParsedVersion, boolean>();
  return (version) => {
    let answer = answers.get(version);
    if (answer === undefined) {
      answer = compiled.test(semverOf(version));
      answers.set(version, answer);
    }
    return answer;
  };
}

// A release's parsed version is one object for its whole life in the index: read it as node-semver once.
const semverVersions = new WeakMap<ParsedVersion, semver.SemVer>();

function semverOf(version: ParsedVersion): semver.SemVer {
  let read = semverVersions.get(version);
  if (!read) {
    read = new semver.SemVer(toSemver(version), { includePrerelease: true });
    semverVersions.set(version, read);
  }
  return read;
}
