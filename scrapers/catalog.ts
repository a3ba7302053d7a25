// The catalogue of apps: typed data, validated once at start-up (and in a unit test), so a typo
// fails CI rather than the 3 a.m. poll. Replaceable through VETTED_CATALOG.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { versionSchemes } from '../matrix/versions.ts';
import { Source } from './kinds/index.ts';
import { SupportSource } from './support/index.ts';

export const UpgradePolicy = z.strictObject({
  /** Most majors one upgrade may jump (Nextcloud: 1). Absent: any step is direct. */
  maxMajorStep: z.number().int().positive().optional(),
});
export type UpgradePolicy = z.infer<typeof UpgradePolicy>;

const Day = z.iso.date();

/** Support dates of a series written in the catalogue, where upstream publishes none a machine can read. */
export const CatalogSupport = z.strictObject({
  series: z.string().min(1).max(40),
  releasedAt: Day.optional(),
  activeSupportEnd: Day.optional(),
  securitySupportEnd: Day.optional(),
  lts: z.boolean().optional(),
});
export type CatalogSupport = z.infer<typeof CatalogSupport>;

export const CatalogApp = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'a lowercase id: letters, digits and dashes'),
  name: z.string().min(1).max(100),
  kind: z.enum(['app', 'platform']),
  homepage: z.url(),
  /** Leading version parts that decide compatibility (`1` → `30` for 30.0.2). */
  series: z.number().int().min(1).max(4).default(2),
  /** How the app writes versions; see matrix/versions.ts. */
  versioning: z.enum(versionSchemes).default('semver'),
  policy: UpgradePolicy.default({}),
  /** Where the watcher finds releases; empty for apps whose releases are entered by hand. */
  sources: z.array(Source).default([]),
  /** Where the watcher finds per-series support dates (scrapers/support/); empty where upstream publishes none a machine can read. */
  supportSources: z.array(SupportSource).default([]),
  /** Support dates per series known from upstream's documentation (the lowest precedence: the watcher's and an admin's win). */
  support: z.array(CatalogSupport).default([]),
  notes: z.string().max(1000).optional(),
});
export type CatalogApp = z.infer<typeof CatalogApp>;

/** A stack stored the first time a database starts with this catalogue (docs/api.md, Stacks). */
export const CatalogStack = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'a lowercase id: letters, digits and dashes'),
  name: z.string().min(1).max(100).optional(),
  /** app → series, e.g. {"debian": "13", "php": "8.4"}. */
  components: z.record(z.string(), z.string().min(1).max(40)),
});
export type CatalogStack = z.infer<typeof CatalogStack>;

export const Catalog = z
  .strictObject({ apps: z.array(CatalogApp).min(1), stacks: z.array(CatalogStack).optional() })
  .superRefine((catalog, ctx) => {
    const seen = new Set<string>();
    catalog.apps.forEach((app, index) => {
      if (seen.has(app.id)) ctx.addIssue({ code: 'custom', path: ['apps', index, 'id'], message: `duplicate app id "${app.id}"` });
      seen.add(app.id);
    });
    catalog.stacks?.forEach((stack, index) => {
      for (const appId of Object.keys(stack.components)) {
        if (!seen.has(appId)) ctx.addIssue({ code: 'custom', path: ['stacks', index, 'components', appId], message: `unknown app "${appId}"` });
      }
    });
  });
export type Catalog = z.infer<typeof Catalog>;

export const builtInCatalogPath = fileURLToPath(new URL('./catalog.json', import.meta.url));

export class CatalogError extends Error {}

/** Parses a catalogue; the error names the entry and field that is wrong. */
export function parseCatalog(data: unknown, origin: string): Catalog {
  const result = Catalog.safeParse(data);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const [list, index, ...rest] = issue.path;
  const kind = list === 'stacks' ? 'stack' : 'app';
  const entries = (data as Record<string, Array<{ id?: unknown }> | undefined> | null)?.[list === 'stacks' ? 'stacks' : 'apps'];
  const entry = typeof index === 'number' ? `${kind} #${index + 1}${typeof entries?.[index]?.id === 'string' ? ` ("${entries[index].id}")` : ''}` : 'catalogue';
  const field = rest.length > 0 ? ` field ${rest.join('.')}` : issue.path.length === 1 ? ` field ${String(issue.path[0])}` : '';
  throw new CatalogError(`invalid catalogue ${origin}: ${entry}${field}: ${issue.message}`);
}

/** Reads and validates a catalogue file. */
export async function loadCatalog(path: string = builtInCatalogPath): Promise<Catalog> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new CatalogError(`cannot read catalogue ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new CatalogError(`catalogue ${path} is not valid JSON: ${(error as Error).message}`);
  }
  return parseCatalog(data, path);
}
