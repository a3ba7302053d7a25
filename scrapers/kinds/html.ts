// Versions on an HTML page or a directory listing, read with cheerio.
//
// Options: url (required); selector (default `a`); attribute to read (default: the element's
// text); include, a regex searched in that value, every match one release, with optional named
// groups `version`, `date` (e.g. `July 11th, 2026`) and `tag` (default: the whole value is the
// name); exclude (default: none); template (default: the `version` group, else the match);
// prerelease (default: none).
import * as cheerio from 'cheerio';
import { z } from 'zod';
import { createNameMatcher, nameOptions, type NameMatch } from '../name-match.ts';
import { parseLooseDate } from '../normalize.ts';
import { defineSourceKind, ScrapeError, scrapedRelease, type ScrapedRelease } from '../source-kind.ts';

export const HtmlSource = z.strictObject({
  kind: z.literal('html'),
  url: z.url(),
  /** CSS selector of the elements holding versions. Default `a`. */
  selector: z.string().default('a'),
  /** Attribute to read, or the element's text when absent. */
  attribute: z.string().optional(),
  ...nameOptions,
});
export type HtmlSource = z.infer<typeof HtmlSource>;

export const html = defineSourceKind({
  options: HtmlSource,
  async scrape(source, ctx) {
    const response = await ctx.http.getConditional(source.url, { accept: 'text/html,application/xhtml+xml' });
    if (response.status === 'not-modified') return response;
    const $ = cheerio.load(response.body);
    const elements = $(source.selector);
    if (elements.length === 0) {
      throw new ScrapeError(`${source.url}: selector "${source.selector}" matches nothing; has the page changed?`);
    }
    const matcher = createNameMatcher(source);
    const releases: ScrapedRelease[] = [];
    for (const element of elements.toArray()) {
      const value = source.attribute ? $(element).attr(source.attribute) : $(element).text();
      if (!value) continue;
      const text = value.replace(/\s+/g, ' ').trim();
      const matches: NameMatch[] = source.include ? matcher.matchAll(text) : [matcher.match(text)].filter((m): m is NameMatch => m !== null);
      for (const match of matches) {
        releases.push(scrapedRelease(match.version, {
          tag: match.groups.tag ?? (match.name === text && source.attribute ? text : null),
          publishedAt: parseLooseDate(match.groups.date),
          prerelease: match.prerelease,
          url: source.attribute === 'href' ? resolveLink(source.url, value) : source.url,
        }));
      }
    }
    if (releases.length === 0) {
      throw new ScrapeError(`${source.url}: ${elements.length} elements match "${source.selector}" but none holds a version; has the page changed?`);
    }
    return { status: 'ok', releases, dropped: 0, annotateOnly: false, partial: false };
  },
});

function resolveLink(base: string, href: string): string | null {
  try {
    return new URL(href, base).toString();
  } catch {
    return null;
  }
}
