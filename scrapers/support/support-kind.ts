// What a support source kind finds: per-series support dates as upstream states them. Shaped like
// the release kinds (source-kind.ts): options schema plus `scrape(source, ctx)`, writing nothing;
// only the result differs, so a support kind is a `SourceKind` with its own `Found`.
import { z } from 'zod';
import type { SupportDates } from '../../matrix/contract.ts';
import { ScrapeError, type SourceKind } from '../source-kind.ts';

/**
 * One series' dates as upstream gives them: days `YYYY-MM-DD`, null where upstream says nothing;
 * `lts` null when upstream has no such notion (PHP).
 */
export interface ScrapedSupport extends SupportDates {
  /** The series as upstream writes it (`8.4`, `11.4`); the watch reads it in the app's scheme. */
  series: string;
}

/** What a support kind found. */
export interface SupportList {
  series: ScrapedSupport[];
  /** Entries that named no series upstream's way (a malformed id); skipped, not fatal. */
  dropped: number;
}

export type SupportKind<Options extends z.ZodObject = z.ZodObject> = SourceKind<Options, SupportList>;

/** Declares a support kind with its types inferred from its options schema. */
export function defineSupportKind<Options extends z.ZodObject>(kind: SupportKind<Options>): SupportKind<Options> {
  return kind;
}

/** A series as upstreams write them in these lists: `8.4`, `10.11`. */
export const seriesId = /^\d+\.\d+$/;

/**
 * A day as upstream writes it, read as the calendar day it names: a date (`2029-05-29`) or a date
 * and time with an offset (`2028-12-31T00:00:00+00:00`, PHP's `DateTime::format('c')`). The day is
 * taken as written, not moved to UTC: an end "on 31 Dec" stays 31 Dec whatever the offset.
 */
export const UpstreamDay = z.union([z.iso.date(), z.iso.datetime({ offset: true })], {
  error: 'expected a date (YYYY-MM-DD) or an ISO 8601 date and time',
}).transform((text) => text.slice(0, 10));

/** Parses upstream's JSON body against `schema`; a ScrapeError naming where and what is wrong otherwise. */
export function parseBody<Schema extends z.ZodType>(url: string, body: string, schema: Schema): z.output<Schema> {
  let document: unknown;
  try {
    document = JSON.parse(body);
  } catch (error) {
    throw new ScrapeError(`${url}: malformed JSON (${(error as Error).message})`);
  }
  return parseShape(url, document, schema);
}

/** Checks one value of a document; `at` is where it sits, for the message. */
export function parseShape<Schema extends z.ZodType>(url: string, value: unknown, schema: Schema, at: PropertyKey[] = []): z.output<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const path = [...at, ...issue.path].map(String).join(' → ') || '(document)';
  throw new ScrapeError(`${url}: unexpected shape at ${path}: ${issue.message}; has the format changed?`);
}
