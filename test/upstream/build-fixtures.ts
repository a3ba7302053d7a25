// Builds the recorded-upstream fixtures in test/fixtures/{github,web,expected} from the real
// version lists of shared/upstream (releases/*.json, recorded/golden) and, for the apps that have
// none, from the tag patterns and quirks that shared/upstream/README.md describes.
//
//   npx tsx test/upstream/build-fixtures.ts [path/to/shared/upstream]
//
// Fixtures carry only the fields the scrapers read (plus an id or sha where GitHub always sends one).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { VersionScheme } from '../../matrix/versions.ts';

const upstreamDir = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, '../../../shared/upstream'));
const fixturesDir = path.join(import.meta.dirname, '../fixtures');

interface RealVersion {
  version: string;
  tag: string | null;
  date: string | null;
  prerelease: boolean;
}

interface ExpectedRelease {
  version: string;
  prerelease: boolean;
  security?: boolean;
  insecure?: boolean;
}

interface WebRoute {
  /** `/host/path`, as the recorded server serves it. */
  path: string;
  /** The query string without `?`; empty for none. */
  query: string;
  type: string;
  /** Relative to test/fixtures/web. */
  file: string;
}

function real(app: string): RealVersion[] {
  return (JSON.parse(readFileSync(path.join(upstreamDir, 'releases', `${app}.json`), 'utf8')) as { versions: RealVersion[] }).versions;
}

function sha(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

function isoDate(date: string | null): string | null {
  return date ? `${date}T12:00:00Z` : null;
}

function writeJson(file: string, data: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(data, null, 0).replace(/\},\{/g, '},\n{')}\n`);
}

function tags(repo: string, names: string[]): void {
  writeJson(path.join(fixturesDir, 'github', repo, 'tags.json'), names.map((name) => ({ name, commit: { sha: sha(`${repo}@${name}`) } })));
}

interface ReleaseSpec {
  tag: string;
  date: string | null;
  prerelease?: boolean;
  draft?: boolean;
  title?: string;
  body?: string;
}

function releases(repo: string, specs: ReleaseSpec[]): void {
  writeJson(path.join(fixturesDir, 'github', repo, 'releases.json'), specs.map((spec, index) => ({
    id: 100_000 + index,
    tag_name: spec.tag,
    name: spec.title ?? spec.tag,
    draft: spec.draft ?? false,
    prerelease: spec.prerelease ?? false,
    published_at: spec.draft ? null : isoDate(spec.date),
    html_url: `https://github.com/${repo}/releases/tag/${encodeURIComponent(spec.tag)}`,
    body: spec.body ?? '',
  })));
}

const routes: WebRoute[] = [];
/** The support sources' documents (scrapers/support/support.upstream.ts serves them), listed apart. */
const supportRoutes: WebRoute[] = [];
function web(url: string, type: string, body: string, list: WebRoute[] = routes): void {
  const parsed = new URL(url);
  const file = `${parsed.hostname}${parsed.pathname.replace(/\/$/, '/index')}${parsed.search ? `-${parsed.search.slice(1).replace(/[^\w.-]+/g, '_')}` : ''}${type.includes('json') ? '.json' : '.html'}`;
  mkdirSync(path.dirname(path.join(fixturesDir, 'web', file)), { recursive: true });
  writeFileSync(path.join(fixturesDir, 'web', file), body);
  list.push({ path: `/${parsed.hostname}${parsed.pathname}`, query: parsed.search.slice(1), type, file });
}

// How each scheme spells a stored version, written out here from the contract (docs/api.md:
// `v31.0.0rc1` → `31.0.0-rc.1`) and not computed by matrix/versions.ts, the code under test, so
// that a normalisation bug shows as a difference: release parts padded to the scheme's minimum
// (and width), a prerelease as `-word.N`, a post-release number as the scheme writes it.
const spellings: Record<VersionScheme, { parts: number; widths: number[]; post: string }> = {
  semver: { parts: 3, widths: [], post: '-p' },
  calver: { parts: 2, widths: [4, 2], post: '-' },
  debian: { parts: 2, widths: [], post: '+' },
  asterisk: { parts: 2, widths: [], post: '-cert' },
  collabora: { parts: 3, widths: [2, 2], post: '-' },
};
const preWords: Record<string, string> = { a: 'alpha', alpha: 'alpha', b: 'beta', beta: 'beta', rc: 'rc', pre: 'pre', unstable: 'dev' };

/** The spelling a version as upstream writes it (without its tag prefix) is stored with. */
function spelled(raw: string, scheme: VersionScheme): string {
  const found = /^(?<release>\d+(?:\.\d+)*)(?:-cert(?<cert>\d+))?(?:-?(?<word>alpha|beta|rc|pre|unstable|a|b)\.?(?<pre>\d+(?:\.\d+)*)?)?(?:(?:pl|-)(?<post>\d+))?$/i.exec(raw);
  if (!found?.groups) throw new Error(`no spelling rule for ${raw}`);
  const { release, cert, word, pre, post } = found.groups;
  const rule = spellings[scheme];
  const parts = release!.split('.');
  while (parts.length < rule.parts) parts.push('0');
  const text = parts.map((part, i) => String(Number(part)).padStart(rule.widths[i] ?? 0, '0')).join('.');
  const preText = word ? `-${preWords[word.toLowerCase()]}${pre ? `.${pre}` : ''}` : '';
  const certText = cert ? `-cert${cert}` : '';
  return `${text}${certText}${preText}${post ? `${rule.post}${post}` : ''}`;
}

const expected: Record<string, ExpectedRelease[]> = {};
function expect(app: string, scheme: VersionScheme, list: Array<{ version: string; prerelease: boolean; security?: boolean; insecure?: boolean }>): void {
  const byVersion = new Map<string, ExpectedRelease>();
  for (const item of list) {
    const version = spelled(item.version, scheme);
    const seen = byVersion.get(version);
    byVersion.set(version, {
      version,
      prerelease: (seen?.prerelease ?? false) || item.prerelease,
      ...((seen?.security ?? item.security) !== undefined ? { security: Boolean(seen?.security) || Boolean(item.security) } : {}),
      ...((seen?.insecure ?? item.insecure) !== undefined ? { insecure: Boolean(seen?.insecure) || Boolean(item.insecure) } : {}),
    });
  }
  expected[app] = [...byVersion.values()].sort((a, b) => a.version.localeCompare(b.version));
}

rmSync(path.join(fixturesDir, 'github'), { recursive: true, force: true });
rmSync(path.join(fixturesDir, 'web'), { recursive: true, force: true });
rmSync(path.join(fixturesDir, 'expected'), { recursive: true, force: true });

// Nextcloud: tags on nextcloud/server, finals and rc/beta/alpha, newest first, plus branch-like noise.
{
  const list = real('nextcloud');
  tags('nextcloud/server', [...list.map((v) => v.tag!), 'v35.0.0-dev-snapshot', 'nightly']);
  expect('nextcloud', 'semver', list);
}

// Roundcube: GitHub Releases; `1.7-rc2` has no patch component. Security updates say so in their notes.
{
  const list = real('roundcube');
  releases('roundcube/roundcubemail', list.map((v) => ({
    tag: v.tag!,
    date: v.date,
    prerelease: v.prerelease,
    title: `Roundcube Webmail ${v.version}`,
    ...(v.version === '1.6.11' ? { body: 'This is a security update to the stable version 1.6 of Roundcube Webmail. It fixes a post-auth RCE via PHP object deserialization (CVE-2025-49113).' } : {}),
    ...(v.version === '1.5.10' ? { title: 'Roundcube Webmail 1.5.10 security update' } : {}),
  })));
  expect('roundcube', 'semver', list.map((v) => ({ ...v, ...(v.version === '1.6.11' || v.version === '1.5.10' ? { security: true } : {}) })));
}

// WordPress: wordpress-develop tags (`6.7`, no `.0`), and stable-check marking each version
// latest / outdated (newest of its branch) / insecure (everything older).
{
  const list = real('wordpress');
  tags('WordPress/wordpress-develop', list.map((v) => v.tag!));
  const newestOfBranch = new Map<string, string>();
  for (const v of list) {
    const branch = v.version.split('.').slice(0, 2).join('.');
    if (!newestOfBranch.has(branch)) newestOfBranch.set(branch, v.version);
  }
  const stableCheck: Record<string, string> = {};
  for (const v of [...list].reverse()) {
    const branch = v.version.split('.').slice(0, 2).join('.');
    stableCheck[v.version] = v === list[0] ? 'latest' : newestOfBranch.get(branch) === v.version ? 'outdated' : 'insecure';
  }
  web('https://api.wordpress.org/core/stable-check/1.0/', 'application/json', JSON.stringify(stableCheck));
  expect('wordpress', 'semver', list.map((v) => ({ ...v, security: false, insecure: stableCheck[v.version] === 'insecure' })));
}

// Asterisk: GitHub Releases since the move to GitHub (with rcs, `-pre1` of a new major, certified
// `certified-20.7-cert3` and `certified-20.7-cert1-rc1`), a draft, and the tags including the older
// slash spelling `certified/18.9-cert4` next to `certified-18.9-cert4`.
{
  const specs: ReleaseSpec[] = [];
  const finals: Array<[string, string]> = [
    ['23.0.0', '2025-10-15'], ['22.6.0', '2025-10-15'], ['21.11.0', '2025-10-15'], ['20.16.0', '2025-10-15'],
    ['22.5.2', '2025-08-28'], ['21.10.2', '2025-08-28'], ['20.15.2', '2025-08-28'],
    ['22.5.1', '2025-07-24'], ['21.10.1', '2025-07-24'], ['20.15.1', '2025-07-24'],
    ['22.5.0', '2025-07-03'], ['21.10.0', '2025-07-03'], ['20.15.0', '2025-07-03'],
    ['22.0.0', '2024-10-16'], ['21.5.0', '2024-10-16'], ['20.10.0', '2024-10-16'], ['18.25.0', '2024-10-16'],
    ['21.0.0', '2023-10-18'], ['20.5.0', '2023-10-18'], ['18.20.0', '2023-10-18'],
  ];
  const pre: Array<[string, string]> = [
    ['23.0.0-rc1', '2025-09-24'], ['23.0.0-pre1', '2025-09-03'], ['22.6.0-rc1', '2025-09-24'], ['21.11.0-rc1', '2025-09-24'], ['20.16.0-rc1', '2025-09-24'],
    ['22.0.0-rc1', '2024-09-25'], ['22.0.0-pre1', '2024-09-04'], ['21.0.0-rc1', '2023-09-27'], ['21.0.0-pre1', '2023-09-06'],
  ];
  const certified: Array<[string, string, boolean]> = [
    ['certified-20.7-cert7', '2025-09-04', false], ['certified-20.7-cert6', '2025-07-17', false],
    ['certified-20.7-cert5', '2025-05-29', false], ['certified-20.7-cert4', '2025-02-26', false], ['certified-20.7-cert3', '2024-12-12', false],
    ['certified-20.7-cert2', '2024-10-17', false], ['certified-20.7-cert1', '2024-07-25', false], ['certified-20.7-cert1-rc1', '2024-07-11', true],
    ['certified-18.9-cert17', '2025-07-17', false], ['certified-18.9-cert5', '2023-08-09', false],
  ];
  for (const [tag, date] of finals) {
    specs.push({ tag, date, title: `Asterisk Release ${tag}`, ...(tag === '20.5.0' || tag === '18.20.0' ? { body: 'The following issues are resolved in this release: GHSA-5743-x3p5-3rg7 (CVE-2023-37457) res_pjsip_header_funcs: segfault' } : {}) });
  }
  for (const [tag, date] of pre) specs.push({ tag, date, prerelease: true, title: `Asterisk Release ${tag}` });
  for (const [tag, date, isPre] of certified) specs.push({ tag, date, prerelease: isPre, title: `Asterisk Release ${tag}` });
  specs.push({ tag: '22.7.0-rc1', date: null, draft: true, prerelease: true, title: 'Asterisk Release 22.7.0-rc1 (draft)' });
  specs.sort((a, b) => (b.date ?? '9999').localeCompare(a.date ?? '9999'));
  releases('asterisk/asterisk', specs);
  const tagNames = [...specs.filter((s) => !s.draft).map((s) => s.tag), 'certified-18.9-cert4', 'certified/18.9-cert4', 'certified/18.9-cert3', '16.30.1', '16.30.0', '13.38.3'];
  tags('asterisk/asterisk', tagNames);
  const versionOf = (tag: string) => tag.replace(/^certified[-/]/, '');
  expect('asterisk', 'asterisk', tagNames.map((tag) => ({
    version: versionOf(tag),
    prerelease: /-(rc|pre)\d/.test(tag),
    security: tag === '20.5.0' || tag === '18.20.0',
  })));
}

// Postfix Admin: `postfixadmin-3.3.13`, since 2025-09 also `v4.0.5`; noise `push`, `v4.0.2-test`,
// the misspelled `postfxadmin-3.3.16`; two- and four-part versions; `-unstable`.
{
  const names = [
    'v4.0.5', 'postfixadmin-4.0.5', 'v4.0.4', 'postfixadmin-4.0.4', 'postfixadmin-4.0.3', 'v4.0.2-test', 'postfixadmin-4.0.2', 'postfixadmin-4.0.1',
    'postfixadmin-4.0.0', 'postfxadmin-3.3.16', 'postfixadmin-3.3.16', 'postfixadmin-4.0-beta1', 'postfixadmin-3.3.15', 'postfixadmin-3.3.13',
    'push', 'postfixadmin-3.3.11', 'postfixadmin-3.3.0', 'postfixadmin-3.3.0-rc1', 'postfixadmin-3.3-unstable', 'postfixadmin-3.2.4', 'postfixadmin-3.2',
    'postfixadmin-3.1', 'postfixadmin-3.0.2', 'postfixadmin-3.0', 'postfixadmin-2.91', 'postfixadmin-2.3.8', 'postfixadmin-2.3', 'postfixadmin-2.3rc1',
    'postfixadmin-2.3beta', 'postfixadmin-2.2.1.1',
  ];
  tags('postfixadmin/postfixadmin', names);
  expect('postfixadmin', 'semver', names.filter((n) => n !== 'push' && n !== 'v4.0.2-test' && !n.startsWith('postfxadmin')).map((n) => ({
    version: n.replace(/^(postfixadmin-|v)/, ''),
    prerelease: /rc|beta|unstable/.test(n),
  })));
}

// phpList: `v3.6.15` since 3.6.3, earlier `3.5.9`, `v.3.3.8`; upper-case `-RC3`, once `-RC` alone;
// duplicates `v.3.6.5`/`v3.6.5` and `3.6.4`/`v3.6.4`.
{
  const names = [
    'v3.6.15', 'v3.6.15-RC3', 'v3.6.15-RC2', 'v3.6.15-RC1', 'v3.6.14', 'v3.6.13', 'v3.6.12', 'v3.6.12-RC', 'v3.6.6', 'v3.6.5', 'v.3.6.5',
    'v3.6.4', '3.6.4', 'v3.6.3', '3.6.0', '3.5.9', 'v3.4.0', 'v.3.3.8', '3.2.0', '3.2.0-RC1',
  ];
  tags('phpList/phplist3', names);
  expect('phplist', 'semver', names.map((n) => ({ version: n.replace(/^v\.?/, ''), prerelease: /RC/.test(n) })));
}

// phpMyAdmin: RELEASE_5_2_1; four-part RELEASE_2_10_0_2; prerelease tags as create-release.sh writes them.
{
  const list = real('phpmyadmin');
  const extra = [
    { version: '5.2.0-rc1', tag: 'RELEASE_5_2_0RC1', date: null, prerelease: true },
    { version: '5.1.0-rc2', tag: 'RELEASE_5_1_0RC2', date: null, prerelease: true },
    { version: '2.7.1-rc1', tag: 'RELEASE_2_7_1RC1', date: null, prerelease: true },
  ];
  tags('phpmyadmin/phpmyadmin', [...list.map((v) => v.tag!), ...extra.map((v) => v.tag), 'STABLE', 'QA_5_2']);
  expect('phpmyadmin', 'semver', [...list, ...extra]);
}

// Dolibarr: GitHub Releases named by the plain version.
{
  const list = real('dolibarr');
  releases('Dolibarr/dolibarr', list.map((v) => ({ tag: v.version, date: v.date, title: `Dolibarr ERP CRM ${v.version}` })));
  expect('dolibarr', 'semver', list);
}

// Collabora Online: CODE tags `cp-YY.MM.minor-build` (older `cp-6.4.13-3`), and other tags of the repository.
{
  const names = [
    'cp-25.04.5-2', 'cp-25.04.5-1', 'cp-25.04.4-3', 'cp-24.04.13-3', 'cp-24.04.13-2', 'cp-24.04.12-4', 'cp-24.04.11-2', 'cp-23.05.18-1',
    'cp-22.05.25-1', 'cp-21.11.9-2', 'cp-6.4.13-3', 'libreoffice-6.4.0.1', 'co-4.2.0-1', 'distro/collabora/co-24.04',
  ];
  tags('CollaboraOnline/online', names);
  expect('collabora', 'collabora', names.filter((n) => n.startsWith('cp-')).map((n) => ({ version: n.slice('cp-'.length), prerelease: false })));
}

// MyBB: `mybb_1837` = 1.8.37; `mybb_1820-rc`; patch level `mybb_1821pl1`; `_build` tags are not
// releases; some tags are literally named `tags/mybb_1830`.
{
  const names = [
    'mybb_1837', 'mybb_1837_build', 'mybb_1836', 'mybb_1835', 'tags/mybb_1830', 'mybb_1830', 'tags/mybb_1826', 'mybb_1826', 'mybb_1821pl1', 'mybb_1821',
    'mybb_1820', 'mybb_1820-rc', 'mybb_1800', 'mybb_1618', 'mybb_1600', 'mybb_140',
  ];
  tags('mybb/mybb', names);
  const expectedNames = ['1.8.37', '1.8.36', '1.8.35', '1.8.30', '1.8.26', '1.8.21pl1', '1.8.21', '1.8.20', '1.8.20-rc', '1.8.0', '1.6.18', '1.6.0'];
  expect('mybb', 'semver', expectedNames.map((version) => ({ version, prerelease: version.endsWith('-rc') })));
}

// Friendica: calendar `YYYY.MM` tags since 2018.05, hotfix `-1`; numbered `2.1` … `3.6` before
// (hotfix `3.4.3-2`), kept as history (issue 11); RCs live on branches now, and the old prerelease
// tags (`3.3-RC`, `2.3beta1`) and a stray backup tag are left out by the catalogue's include.
{
  const calendar = [
    '2024.08', '2024.03', '2023.12', '2023.05', '2023.04-1', '2023.04', '2023.01', '2022.12', '2022.10', '2022.06', '2022.03', '2021.09',
    '2021.07', '2021.04', '2021.01', '2020.09-1', '2020.09', '2020.07-1', '2020.07', '2020.03', '2019.12', '2018.05',
  ];
  const numbered = ['3.6', '3.5.4', '3.5.3', '3.5.2', '3.5.1', '3.5', '3.4.3-2', '3.4.3', '3.4.2', '3.4.1', '3.4', '3.3.3', '3.3.2', '3.3.1', '3.3', '3.2', '3.1', '3.0', '2.3', '2.2', '2.1'];
  tags('friendica/friendica', [...calendar, 'backup/develop-22-28-06', ...numbered, '3.3-RC', '2.3beta1']);
  // Written out by hand, not through normalizeVersion: each tag is its own canonical spelling.
  expect('friendica', 'calver', [...calendar, ...numbered].map((version) => ({ version, prerelease: false })));
}

// Matomo: GitHub Releases, betas `-bN`, `-rc1`, timestamped previews; a draft and one dated in the future.
{
  const specs: ReleaseSpec[] = [
    { tag: '5.3.0-b1', date: '2027-01-15', prerelease: true },
    { tag: '5.2.0-b5', date: '2024-10-21', prerelease: true },
    { tag: '5.2.0-b4.20241001110010', date: '2024-10-01', prerelease: true },
    { tag: '5.2.0-b4', date: '2024-09-30', prerelease: true },
    { tag: '5.1.2', date: '2024-10-01', title: 'Matomo 5.1.2', body: 'This is a security release. Fixes CVE-2024-41953.' },
    { tag: '5.1.2-rc1', date: '2024-09-24', prerelease: true },
    { tag: '5.2.0-alpha.20240816150537', date: '2024-08-16', prerelease: true },
    { tag: '5.1.1', date: '2024-08-12' },
    { tag: '5.1.0', date: '2024-06-17' },
    { tag: '5.0.3', date: '2024-03-11', title: 'Matomo 5.0.3 security release' },
    { tag: '5.0.0', date: '2023-12-18' },
    { tag: '5.0.0-rc1', date: '2023-11-27', prerelease: true },
    { tag: '4.16.1', date: '2024-03-11' },
    { tag: '4.16.0', date: '2024-01-15' },
    { tag: '5.2.1', date: null, draft: true },
  ];
  releases('matomo-org/matomo', specs);
  expect('matomo', 'semver', specs.filter((s) => !s.draft && s.date! < '2026-11-25').map((s) => ({
    version: s.tag,
    prerelease: Boolean(s.prerelease),
    security: /security|CVE/i.test(`${s.title ?? ''} ${s.body ?? ''}`),
  })));
}

// PHP: php.net's releases endpoint (the exact recorded answer for ?json&max=-1&version=8) and the
// php-src tags, `php-8.4.0RC1` without a separator.
{
  const list = real('php');
  tags('php/php-src', list.map((v) => v.tag!));
  const recorded = readFileSync(path.join(upstreamDir, 'recorded/golden/php_json_max_-1_version_8.json'), 'utf8');
  // Trimmed: the per-file `source` lists (names, checksums) are dropped; keys, order, dates and tags stay exact.
  const phpNet = JSON.parse(recorded) as Record<string, { tags?: string[]; source?: unknown }>;
  const trimmed = Object.fromEntries(Object.entries(phpNet).map(([version, { source: _source, ...entry }]) => [version, entry]));
  web('https://www.php.net/releases/index.php?json&max=-1&version=8', 'application/json', JSON.stringify(trimmed));
  expect('php', 'semver', [
    ...list,
    ...Object.entries(phpNet).map(([version, entry]) => ({ version, prerelease: false, security: (entry.tags ?? []).includes('security') })),
  ]);
}

// Debian: the releases page states the stable and oldstable releases, each as its first version
// and its latest point release with their dates (webwml english/releases/index.wml).
{
  const page = `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8"><title>Debian -- Debian Releases </title></head>
<body><div id="content">
<h1>Debian Releases</h1>
<p>Debian always has at least three releases in active maintenance: <q>stable</q>, <q>testing</q> and <q>unstable</q>.</p>
<dl>
<dt><a href="stable/">stable</a></dt>
<dd>
<p>The <q>stable</q> distribution contains the latest officially released distribution of Debian.</p>
<p>This is the production release of Debian, the one which we primarily recommend using.</p>
<p>The current <q>stable</q> distribution of Debian is version 13, codenamed <em>trixie</em>.
  It was initially released as version 13 on August 9th, 2025 and its latest
  update, version 13.6, was released on July 11th, 2026.</p>
</dd>
<dt><a href="oldstable/">oldstable</a></dt>
<dd>
<p>The <q>oldstable</q> distribution of Debian is version 12, codenamed <em>bookworm</em>.
  It was initially released as version 12 on June 10th, 2023 and its latest
  update, version 12.15, was released on July 11th, 2026.</p>
</dd>
<dt><a href="testing/">testing</a></dt>
<dd><p>The current <q>testing</q> distribution is <em>forky</em>.</p></dd>
</dl>
<h2>Index of releases</h2>
<ul>
<li><a href="forky/">Debian 14 (<q>forky</q>)</a> &mdash; testing release, no release date has been set</li>
<li><a href="trixie/">Debian 13 (<q>trixie</q>)</a> &mdash; current stable release</li>
<li><a href="bookworm/">Debian 12 (<q>bookworm</q>)</a> &mdash; current oldstable release</li>
<li><a href="bullseye/">Debian 11 (<q>bullseye</q>)</a> &mdash; obsolete stable release</li>
</ul>
</div></body></html>
`;
  web('https://www.debian.org/releases/', 'text/html; charset=utf-8', page);
  expect('debian', 'debian', ['13', '13.6', '12', '12.15'].map((version) => ({ version, prerelease: false })));
}

// MariaDB: the REST API's all-releases list, each with its `status`; the first patches of a series
// are pre-GA (the release-data ga_threshold_excludes), which only that status tells apart.
{
  const list = real('mariadb');
  const preGa: Array<{ release_number: string; release_name: string; release_date: string | null; status: string }> = [];
  const seriesSeen = new Set(list.map((v) => v.version.split('.').slice(0, 2).join('.')));
  const preGaPatches: Record<string, string[]> = { '10.6': ['alpha', 'beta', 'rc'], '10.11': ['preview', 'rc'] };
  for (const series of seriesSeen) {
    const [major, minor] = series.split('.').map(Number) as [number, number];
    const statuses = preGaPatches[series] ?? (major >= 11 ? ['preview', 'rc'] : []);
    statuses.forEach((status, patch) => {
      if (!list.some((v) => v.version === `${series}.${patch}`)) {
        preGa.push({ release_number: `${series}.${patch}`, release_name: `MariaDB Server ${series}.${patch}`, release_date: null, status });
      }
    });
    void minor;
  }
  const all = [
    ...preGa,
    ...list.map((v) => ({ release_number: v.version, release_name: `MariaDB Server ${v.version}`, release_date: v.date, status: 'stable' })),
  ];
  web('https://downloads.mariadb.org/rest-api/mariadb/all-releases/?olderReleases=true', 'application/json', JSON.stringify({ releases: all }));
  expect('mariadb', 'semver', all.map((r) => ({ version: r.release_number, prerelease: r.status !== 'stable' })));
}

// PHP's branch states (web-php releases/states.php: json_encode of majors, then branches, both
// krsort-ed, dates as `DateTime::format('c')`). Dates from shared/upstream/README.md: active support
// two years, security support to 31 Dec of the third (8.1 extended to 2025-12-31); 8.6 has no
// release yet, so no dates.
{
  const c = (day: string | null) => (day ? `${day}T00:00:00+00:00` : null);
  const branch = (state: string, initial: string | null, active: string | null, security: string | null) => (
    { state, initial_release: c(initial), active_support_end: c(active), security_support_end: c(security) }
  );
  const states = {
    8: {
      '8.6': branch('future', null, null, null),
      '8.5': branch('stable', '2025-11-20', '2027-12-31', '2029-12-31'),
      '8.4': branch('stable', '2024-11-21', '2026-12-31', '2028-12-31'),
      '8.3': branch('security', '2023-11-23', '2025-12-31', '2027-12-31'),
      '8.2': branch('security', '2022-12-08', '2024-12-31', '2026-12-31'),
      '8.1': branch('eol', '2021-11-25', '2023-11-25', '2025-12-31'),
    },
    7: {
      '7.4': branch('eol', '2019-11-28', '2021-11-28', '2022-11-28'),
    },
  };
  // JSON.stringify writes integer-like keys in ascending order; PHP keeps krsort's, newest first.
  const body = `{${Object.entries(states).reverse().map(([major, branches]) => `"${major}":${JSON.stringify(branches)}`).join(',')}}`;
  web('https://www.php.net/releases/states.php', 'application/json', body, supportRoutes);
}

// MariaDB's series (the REST API's root, newest first): LTS series with their end of life,
// rolling and short-term ones, and an LTS series still in RC with no end date yet.
{
  const major = (id: string, status: string, support: string, eol: string | null) => (
    { release_id: id, release_name: `MariaDB Server ${id}`, release_status: status, release_support_type: support, release_eol_date: eol }
  );
  const majors = [
    major('12.3', 'RC', 'Long Term Support', null),
    major('12.2', 'Stable', 'Rolling', null),
    major('12.1', 'Old Stable', 'Rolling', '2026-02-12'),
    major('12.0', 'Old Stable', 'Rolling', '2025-11-18'),
    major('11.8', 'Stable', 'Long Term Support', '2030-06-04'),
    major('11.7', 'Old Stable', 'Rolling', '2025-06-04'),
    major('11.4', 'Stable', 'Long Term Support', '2029-05-29'),
    major('11.2', 'Old Stable', 'Short Term Support', '2024-11-21'),
    major('10.11', 'Stable', 'Long Term Support', '2028-02-16'),
    major('10.6', 'Old Stable', 'Long Term Support', '2026-07-06'),
    major('10.5', 'Old Stable', 'Long Term Support', '2025-06-24'),
  ];
  web('https://downloads.mariadb.org/rest-api/mariadb/', 'application/json', JSON.stringify({ major_releases: majors }), supportRoutes);
}

writeJson(path.join(fixturesDir, 'web', 'routes.json'), routes);
writeJson(path.join(fixturesDir, 'web', 'support-routes.json'), supportRoutes);
for (const [app, list] of Object.entries(expected)) writeJson(path.join(fixturesDir, 'expected', `${app}.json`), list);
console.log(`fixtures written to ${fixturesDir}: ${Object.keys(expected).length} apps, ${routes.length} web routes`);
