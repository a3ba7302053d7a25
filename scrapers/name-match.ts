// Which upstream names are releases, and what version each stands for: the `include`, `exclude`,
// `template` and `prerelease` options every source kind shares.
import { z } from 'zod';

/** A regular expression in the catalogue: checked when the catalogue is read, not at the 3 a.m. poll. */
export const Regex = z.string().superRefine((pattern, ctx) => {
  try {
    new RegExp(pattern);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `not a valid regular expression: ${(error as Error).message}` });
  }
});

/** Options every source kind takes, spread into its schema. */
export const nameOptions = {
  /** Regex a tag/name must match; named groups feed `template`. Default: everything. */
  include: Regex.optional(),
  /** Regex of names to skip even when `include` matches. Default: none. */
  exclude: Regex.optional(),
  /**
   * Builds the version from `include`'s named groups, e.g. `{{major}}.{{minor}}.{{patch}}`; a group
   * that did not take part becomes empty. Default: the group `version` if `include` has one, else the name.
   */
  template: z.string().optional(),
  /**
   * Regex on the name: a match flags a prerelease even when the version reads as final (MariaDB's
   * pre-GA patches). Default: none; prerelease words in the version and upstream's own flag count anyway.
   */
  prerelease: Regex.optional(),
};

export interface NameOptions {
  include?: string | undefined;
  exclude?: string | undefined;
  template?: string | undefined;
  prerelease?: string | undefined;
}

export interface NameMatch {
  /** The matched text: the whole name, or (for `matchAll`) the part of the text that matched. */
  name: string;
  /** The version as written, or as `template` built it; parsed later by the normalising step. */
  version: string;
  /** The source's `prerelease` regex matched the name. */
  prerelease: boolean;
  /** Named groups of `include` (`date`, `tag`, …); empty without `include`. */
  groups: Record<string, string | undefined>;
}

export interface NameMatcher {
  /** Reads one name (a tag, a JSON key); null when `include` does not match it or `exclude` does. */
  match(name: string): NameMatch | null;
  /** Finds every place in a longer text where `include` matches (an HTML paragraph). */
  matchAll(text: string): NameMatch[];
}

export function createNameMatcher(options: NameOptions): NameMatcher {
  const include = options.include ? new RegExp(options.include) : null;
  const exclude = options.exclude ? new RegExp(options.exclude) : null;
  const prerelease = options.prerelease ? new RegExp(options.prerelease) : null;

  function build(name: string, groups: Record<string, string | undefined>): NameMatch | null {
    if (exclude?.test(name)) return null;
    const version = options.template ? renderTemplate(options.template, groups) : (groups.version ?? name);
    if (version.trim().length === 0) return null;
    return { name, version, prerelease: prerelease?.test(name) ?? false, groups };
  }

  return {
    match(name) {
      if (!include) return build(name, {});
      const found = include.exec(name);
      return found ? build(name, { ...found.groups }) : null;
    },
    matchAll(text) {
      if (!include) return [];
      const global = new RegExp(include.source, include.flags.includes('g') ? include.flags : `${include.flags}g`);
      const matches: NameMatch[] = [];
      for (const found of text.matchAll(global)) {
        const match = build(found[0], { ...found.groups });
        if (match) matches.push(match);
      }
      return matches;
    },
  };
}

/** `{{major}}.{{minor}}` with include's named groups; a group that did not take part is empty. */
export function renderTemplate(template: string, groups: Record<string, string | undefined>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_, key: string) => groups[key] ?? '');
}
