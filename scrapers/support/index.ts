// The registry of support source kinds, beside the release kinds' (kinds/index.ts): adding one is
// a module in this folder and a line here.
import { z } from 'zod';
import type { ScrapeContext, ScrapeResult } from '../source-kind.ts';
import { mariadbMajors } from './mariadb-majors.ts';
import { phpStates } from './php-states.ts';
import type { SupportKind, SupportList } from './support-kind.ts';

export const supportKinds = checkKeys({
  'mariadb-majors': mariadbMajors,
  'php-states': phpStates,
});

export type SupportKindName = keyof typeof supportKinds;

const optionSchemas = Object.values(supportKinds).map((kind) => kind.options);

/** A support source of a catalogue entry: a zod discriminated union on `kind` of every support kind's options. */
export const SupportSource = z.discriminatedUnion('kind', optionSchemas as [(typeof optionSchemas)[number], ...(typeof optionSchemas)[number][]]);
export type SupportSource = z.infer<typeof SupportSource>;

/** Runs the kind of a support source. */
export function scrapeSupportSource(source: SupportSource, ctx: ScrapeContext): Promise<ScrapeResult<SupportList>> {
  // As in kinds/index.ts: the registry's keys are checked against the kinds' literals instead.
  const kind = supportKinds[source.kind] as unknown as SupportKind;
  return kind.scrape(source, ctx);
}

/** The registry's keys must be the kinds' own `kind` literals (a type error otherwise). */
function checkKeys<T extends { [Name in keyof T]: SupportKind<z.ZodObject<{ kind: z.ZodLiteral<Name & string> }>> }>(kinds: T): T {
  return kinds;
}
