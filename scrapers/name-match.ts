// Which upstream names are releases, and what version each stands for: the `include`, `exclude`,
// `template` and `prerelease` options every source kind shares (see source-config.ts).

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

export interface NameOptions {
  include?: string | undefined;
  exclude?: string | undefined;
  template?: string | undefined;
  prerelease?: string | undefined;
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
