// Server-side HTML through eta with autoEscape on: `<%= %>` always escapes; the only raw output
// (`<%~ %>`) is the layout's body and partials, which are themselves rendered templates.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Response } from 'express';
import { Eta } from 'eta';
import { formatDate, formatDateTime, isoString } from './format.ts';

const templatesDir = fileURLToPath(new URL('./templates', import.meta.url));
export const staticDir = fileURLToPath(new URL('../static', import.meta.url));

const eta = new Eta({ views: templatesDir, autoEscape: true, cache: true });

function hashFiles(dir: string): string {
  const hash = createHash('sha256');
  for (const name of readdirSync(dir).sort()) hash.update(name).update(readFileSync(`${dir}/${name}`));
  return hash.digest('base64url').slice(0, 12);
}

/** Changes when a template or a static file does, so cached pages of an older build are not revalidated as current. */
export const buildId = `${hashFiles(templatesDir)}.${hashFiles(staticDir)}`;

/** The stylesheet's URL; the hash makes a changed file a new URL, so it can be cached long. */
export const stylesheetHref = `/static/style.css?v=${createHash('sha256').update(readFileSync(`${staticDir}/style.css`)).digest('base64url').slice(0, 10)}`;

/** Helpers every template may call as `it.h.…`. */
const helpers = { formatDate, formatDateTime, isoString };

export interface FeedLink {
  title: string;
  type: string;
  href: string;
}

export interface LayoutData {
  title: string;
  /** Feeds offered by the page, for `<link rel="alternate">`. */
  feeds: FeedLink[];
}

export function renderPage(template: string, data: LayoutData & Record<string, unknown>): string {
  return eta.render(template, { ...data, h: helpers, stylesheet: stylesheetHref });
}

// No script runs on these pages, ever: even text that escaped escaping could not execute.
const contentSecurityPolicy = "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** Headers every HTML answer carries. */
export function setHtmlHeaders(res: Response): void {
  res.type('html');
  res.set('Content-Security-Policy', contentSecurityPolicy);
  res.set('X-Content-Type-Options', 'nosniff');
  res.set('Referrer-Policy', 'strict-origin-when-cross-origin');
}

export const siteFeeds: FeedLink[] = [
  { title: 'Releases confirmed working (RSS)', type: 'application/rss+xml', href: '/feed.xml' },
  { title: 'Releases confirmed working (Atom)', type: 'application/atom+xml', href: '/feed.atom' },
  { title: 'Releases confirmed working (JSON Feed)', type: 'application/feed+json', href: '/feed.json' },
];
