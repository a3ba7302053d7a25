// Versions in a JSON document: a list of objects, or an object keyed by version (php.net's
// releases endpoint, WordPress's stable-check, MariaDB's REST API).
//
// Options: url (required); items, dot path to the collection (default: the document); name,
// where the version is in an entry (default `$key`, the entry's key); date (default: none); link
// (default: none); prereleaseWhen, securityWhen and insecureWhen, `{field, pattern}` markers
// (default: none); annotateOnly (default false); include, exclude, template, prerelease on the
// name (defaults: every name, none, the name, none).
import { z } from 'zod';
import { createNameMatcher, nameOptions, Regex } from '../name-match.ts';
import { parseLooseDate } from '../normalize.ts';
import { defineSourceKind, ScrapeError, scrapedRelease, type ScrapedRelease } from '../source-kind.ts';

/** Where one value sits in a JSON item: a dot path, `$key` (the item's key in an object) or `$value` (the item itself). */
const jsonPath = z.string().min(1).max(200);

/** "This item is X when `field` (or any element of it, for an array) matches `pattern`." */
export const JsonMarker = z.strictObject({
  field: jsonPath,
  pattern: Regex,
});
export type JsonMarker = z.infer<typeof JsonMarker>;

export const JsonSource = z.strictObject({
  kind: z.literal('json'),
  url: z.url(),
  /** Dot path to the array or object holding one entry per release. Default: the document itself. */
  items: z.string().max(200).default(''),
  /** Where the release's name is in an entry. Default `$key` (objects keyed by version, like php.net's). */
  name: jsonPath.default('$key'),
  /** Where the release date is (ISO, `30 Jul 2026`, `July 11th, 2026`). Default: none. */
  date: jsonPath.optional(),
  /** Where a link to the release is. Default: none. */
  link: jsonPath.optional(),
  /** Marks an entry as a prerelease (MariaDB `status` `rc`). Default: none. */
  prereleaseWhen: JsonMarker.optional(),
  /** Marks an entry as a release that fixes vulnerabilities (php.net `tags` `security`). Default: none. */
  securityWhen: JsonMarker.optional(),
  /**
   * Marks an entry as a version upstream lists as having known vulnerabilities (WordPress
   * stable-check `insecure`). Unlike the other fields it may turn on for a release already stored.
   * Default: none.
   */
  insecureWhen: JsonMarker.optional(),
  /**
   * Entries only add flags (security, insecure, dates) to versions other sources of the app found in the same
   * watch, and never make a release of their own. Default false.
   */
  annotateOnly: z.boolean().default(false),
  ...nameOptions,
});
export type JsonSource = z.infer<typeof JsonSource>;

/** The collection of entries: a list, or an object keyed by version. */
export const JsonCollection = z.union([z.array(z.unknown()), z.record(z.string(), z.unknown())]);
export type JsonCollection = z.infer<typeof JsonCollection>;

/** A scalar read from an entry (name, date, link). */
const JsonScalar = z.union([z.string(), z.number()]).transform(String);

export const json = defineSourceKind({
  options: JsonSource,
  async scrape(source, ctx) {
    const response = await ctx.http.getConditional(source.url, { accept: 'application/json' });
    if (response.status === 'not-modified') return response;
    let document: unknown;
    try {
      document = JSON.parse(response.body);
    } catch (error) {
      throw new ScrapeError(`${source.url}: malformed JSON (${(error as Error).message})`);
    }
    const collection = JsonCollection.safeParse(source.items === '' ? document : readPath(document, source.items));
    if (!collection.success) {
      throw new ScrapeError(`${source.url}: no list or object at "${source.items || '(document)'}"; has the format changed?`);
    }
    const entries: Array<[string, unknown]> = Array.isArray(collection.data)
      ? collection.data.map((item, index) => [String(index), item])
      : Object.entries(collection.data);
    if (entries.length === 0) throw new ScrapeError(`${source.url}: the list is empty`);
    const matcher = createNameMatcher(source);
    const prereleaseMarker = compileMarker(source.prereleaseWhen);
    const securityMarker = compileMarker(source.securityWhen);
    const insecureMarker = compileMarker(source.insecureWhen);
    const releases: ScrapedRelease[] = [];
    let dropped = 0;
    for (const [key, entry] of entries) {
      const name = JsonScalar.safeParse(readField(entry, key, source.name));
      if (!name.success) {
        dropped++;
        continue;
      }
      const match = matcher.match(name.data);
      if (!match) continue;
      const date = source.date ? JsonScalar.safeParse(readField(entry, key, source.date)) : null;
      const link = source.link ? JsonScalar.safeParse(readField(entry, key, source.link)) : null;
      releases.push(scrapedRelease(match.version, {
        publishedAt: date?.success ? parseLooseDate(date.data) : null,
        prerelease: match.prerelease || prereleaseMarker(entry, key),
        url: link?.success ? link.data : null,
        security: securityMarker(entry, key),
        insecure: insecureMarker(entry, key),
      }));
    }
    return { status: 'ok', releases, dropped, annotateOnly: source.annotateOnly, partial: false };
  },
});

function readPath(value: unknown, path: string): unknown {
  let current = value;
  for (const part of path.split('.')) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string, unknown>)[part];
  }
  return current;
}

function readField(entry: unknown, key: string, path: string): unknown {
  if (path === '$key') return key;
  if (path === '$value') return entry;
  return readPath(entry, path);
}

function compileMarker(marker: JsonMarker | undefined): (entry: unknown, key: string) => boolean {
  if (!marker) return () => false;
  const pattern = new RegExp(marker.pattern);
  return (entry, key) => {
    const value = readField(entry, key, marker.field);
    const values = Array.isArray(value) ? value : [value];
    return values.some((v) => (typeof v === 'string' || typeof v === 'number') && pattern.test(String(v)));
  };
}
