// Versions in a JSON document: a list of objects, or an object keyed by version (php.net's
// releases endpoint, WordPress's stable-check, MariaDB's REST API).
//
// Options (source-config.ts JsonSource): url (required); items, dot path to the collection
// (default: the document); name, where the version is in an entry (default `$key`, the entry's
// key); date (default: none); link (default: none); prereleaseWhen and securityWhen,
// `{field, pattern}` markers (default: none); annotateOnly (default false); include, exclude,
// template, prerelease on the name (defaults: every name, none, the name, none).
import { z } from 'zod';
import { createNameMatcher } from './name-match.ts';
import { parseLooseDate } from './normalize.ts';
import type { ScrapedRelease, ScrapeContext, ScrapeResult } from './scrape-types.ts';
import { ScrapeError } from './scrape-types.ts';
import type { JsonMarker, JsonSource } from './source-config.ts';

/** The collection of entries: a list, or an object keyed by version. */
export const JsonCollection = z.union([z.array(z.unknown()), z.record(z.string(), z.unknown())]);
export type JsonCollection = z.infer<typeof JsonCollection>;

/** A scalar read from an entry (name, date, link). */
const JsonScalar = z.union([z.string(), z.number()]).transform(String);

export async function scrapeJson(source: JsonSource, ctx: ScrapeContext): Promise<ScrapeResult> {
  const response = await ctx.http.getConditional(source.url, 'application/json');
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
    releases.push({
      version: match.version,
      tag: null,
      publishedAt: date?.success ? parseLooseDate(date.data) : null,
      prerelease: match.prerelease || prereleaseMarker(entry, key),
      draft: false,
      url: link?.success ? link.data : null,
      security: securityMarker(entry, key),
      insecure: insecureMarker(entry, key),
      title: null,
      notes: null,
    });
  }
  return { status: 'ok', releases, dropped, annotateOnly: source.annotateOnly, partial: false };
}

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
