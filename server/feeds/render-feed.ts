// RSS 2.0, Atom 1.0 and JSON Feed 1.1 of the same entries, written by the `feed` package.
import { Feed, type Item } from 'feed';
import { escapeHtml, stripControl } from '../pages/html.ts';
import type { FeedEntry } from './feed-entries.ts';
import { JsonFeed } from './json-feed.ts';

export type FeedFormat = 'rss' | 'atom' | 'json';

export const feedFormats: Record<FeedFormat, { extension: string; contentType: string; label: string }> = {
  rss: { extension: 'xml', contentType: 'application/rss+xml; charset=utf-8', label: 'RSS' },
  atom: { extension: 'atom', contentType: 'application/atom+xml; charset=utf-8', label: 'Atom' },
  json: { extension: 'json', contentType: 'application/feed+json; charset=utf-8', label: 'JSON Feed' },
};

export interface FeedMeta {
  title: string;
  description: string;
  /** Absolute URL of the page the feed belongs to. */
  pageUrl: string;
  /** Absolute URL of the same feed in each format, e.g. `https://x/apps/nextcloud/feed.xml?stack=bookworm`. */
  feedUrls: Record<FeedFormat, string>;
  /** vetted's version, for the generator element. */
  version: string;
  /** Used for `updated` when there are no entries yet. */
  fallbackUpdated: Date;
}

export function renderFeed(format: FeedFormat, meta: FeedMeta, entries: FeedEntry[]): string {
  const feed = new Feed({
    id: meta.feedUrls[format],
    title: meta.title,
    description: meta.description,
    link: meta.pageUrl,
    language: 'en',
    updated: entries[0]?.at ?? meta.fallbackUpdated,
    generator: `vetted ${meta.version}`,
    feedLinks: meta.feedUrls,
    // Atom requires an author for the feed when entries name none (RFC 4287, 4.1.1).
    author: { name: 'vetted', link: meta.pageUrl },
  });
  for (const entry of entries) feed.addItem(feedItem(format, entry));
  if (format === 'rss') return feed.rss2();
  if (format === 'atom') return feed.atom1();
  return jsonFeed11(feed.json1());
}

function feedItem(format: FeedFormat, entry: FeedEntry): Item {
  const title = stripControl(entry.title);
  return {
    // Atom declares its titles type="html"; RSS and JSON Feed titles are plain text.
    title: format === 'atom' ? escapeHtml(title) : title,
    id: entry.id,
    guid: entry.id,
    link: entry.link,
    date: entry.at,
    published: entry.at,
    description: escapeHtml(entry.summary),
    content: entry.contentHtml,
    // Only the app id goes into attributes: the feed package escapes nothing but `&` there.
    category: [{ name: entry.appId, term: entry.appId }],
  };
}

/**
 * The `feed` package writes JSON Feed 1.0; 1.1 adds `language` and `authors` and is otherwise the
 * same, so the document is lifted and checked against the 1.1 structure.
 */
function jsonFeed11(json1: string): string {
  const document = JSON.parse(json1) as Record<string, unknown>;
  const { author, ...rest } = document;
  const upgraded = {
    ...rest,
    version: 'https://jsonfeed.org/version/1.1',
    language: 'en',
    ...(author ? { authors: [author] } : {}),
    items: (document.items as Array<Record<string, unknown>>).map((item) => ({ ...item, summary: unescapeSummary(item.summary) })),
  };
  return JSON.stringify(JsonFeed.parse(upgraded), null, 2);
}

// JSON Feed's summary is plain text; the RSS/Atom description it comes from is escaped HTML.
function unescapeSummary(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  return value.replace(/&(lt|gt|quot|#39|amp);/g, (_, name: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[name]!);
}
