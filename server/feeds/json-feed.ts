// The JSON Feed 1.1 structure (https://www.jsonfeed.org/version/1.1/), for the OpenAPI document
// and for checking what /feed.json sends. Declares the fields vetted writes plus the required ones.
import { z } from 'zod';

const Rfc3339 = z.iso.datetime({ offset: true });

export const JsonFeedAuthor = z.object({
  name: z.string().optional(),
  url: z.string().optional(),
  avatar: z.string().optional(),
}).refine((author) => author.name !== undefined || author.url !== undefined || author.avatar !== undefined, 'an author needs a name, url or avatar');

export const JsonFeedItem = z.object({
  id: z.string().min(1).describe('Stable: a tag URI naming the app and version'),
  url: z.url().optional(),
  title: z.string().optional(),
  content_html: z.string().optional(),
  content_text: z.string().optional(),
  summary: z.string().optional(),
  date_published: Rfc3339.optional().describe('When the release was first confirmed working'),
  date_modified: Rfc3339.optional(),
  tags: z.array(z.string()).optional(),
  authors: z.array(JsonFeedAuthor).optional(),
  language: z.string().optional(),
}).refine((item) => item.content_html !== undefined || item.content_text !== undefined, 'an item needs content_html or content_text');

export const JsonFeed = z.object({
  version: z.literal('https://jsonfeed.org/version/1.1'),
  title: z.string().min(1),
  home_page_url: z.url().optional(),
  feed_url: z.url().optional(),
  description: z.string().optional(),
  language: z.string().optional(),
  authors: z.array(JsonFeedAuthor).optional(),
  items: z.array(JsonFeedItem),
});
export type JsonFeed = z.infer<typeof JsonFeed>;
