// The registry of source kinds: one scraper per kind, all of the same shape.
import { scrapeGithubReleases } from './github-releases.ts';
import { scrapeGithubTags } from './github-tags.ts';
import { scrapeHtml } from './html.ts';
import { scrapeJson } from './json.ts';
import type { ScrapeContext, ScrapeResult } from './scrape-types.ts';
import type { Source, SourceKind } from './source-config.ts';

export const scrapers = {
  'github-releases': scrapeGithubReleases,
  'github-tags': scrapeGithubTags,
  html: scrapeHtml,
  json: scrapeJson,
} satisfies { [K in SourceKind]: (source: Extract<Source, { kind: K }>, ctx: ScrapeContext) => Promise<ScrapeResult> };

/** Runs the scraper of a source's kind. */
export function scrape(source: Source, ctx: ScrapeContext): Promise<ScrapeResult> {
  switch (source.kind) {
    case 'github-releases':
      return scrapers['github-releases'](source, ctx);
    case 'github-tags':
      return scrapers['github-tags'](source, ctx);
    case 'html':
      return scrapers.html(source, ctx);
    case 'json':
      return scrapers.json(source, ctx);
  }
}
