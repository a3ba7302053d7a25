// The registry of release source kinds. Adding a kind: one module in this folder, one line here.
import { z } from 'zod';
import type { ReleaseList, ScrapeContext, ScrapeResult, SourceKind } from '../source-kind.ts';
import { githubReleases } from './github-releases.ts';
import { githubTags } from './github-tags.ts';
import { html } from './html.ts';
import { json } from './json.ts';

export const sourceKinds = checkKeys({
  'github-releases': githubReleases,
  'github-tags': githubTags,
  html,
  json,
});

type Kinds = typeof sourceKinds;
export type SourceKindName = keyof Kinds;

const optionSchemas = Object.values(sourceKinds).map((kind) => kind.options);

/** A source of a catalogue entry: a zod discriminated union on `kind` of every kind's options. */
export const Source = z.discriminatedUnion('kind', optionSchemas as [(typeof optionSchemas)[number], ...(typeof optionSchemas)[number][]]);
export type Source = z.infer<typeof Source>;

/** Runs the kind of a source. */
export function scrapeSource(source: Source, ctx: ScrapeContext): Promise<ScrapeResult> {
  // Each entry of the registry pairs a kind with its own options, a correlation TypeScript cannot
  // follow through an index by `source.kind`: the registry's keys are checked against it instead.
  const kind = sourceKinds[source.kind] as unknown as SourceKind<z.ZodObject, ReleaseList>;
  return kind.scrape(source, ctx);
}

/** The registry's keys must be the kinds' own `kind` literals (a type error otherwise). */
function checkKeys<T extends { [Name in keyof T]: SourceKind<z.ZodObject<{ kind: z.ZodLiteral<Name & string> }>> }>(kinds: T): T {
  return kinds;
}
