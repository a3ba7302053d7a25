// Where each page and feed of a stack lives: the default stack at the short addresses (`/`,
// `/apps/{app}`), every other one under `/stacks/{id}` (docs/api.md, Stacks).
import type { Stack } from '../../matrix/contract.ts';
import type { Registry } from '../../matrix/registry.ts';
import { defaultStack } from '../../matrix/stacks.ts';

export type FeedExtension = 'xml' | 'atom' | 'json';

export function isDefaultStack(registry: Registry, stack: Stack): boolean {
  return defaultStack(registry).id === stack.id;
}

/** The tested-versions page of a stack. */
export function stackHomePath(registry: Registry, stack: Stack): string {
  return isDefaultStack(registry, stack) ? '/' : `/stacks/${encodeURIComponent(stack.id)}`;
}

/** An app's page on a stack. */
export function appPagePath(registry: Registry, stack: Stack, appId: string): string {
  const app = `/apps/${encodeURIComponent(appId)}`;
  return isDefaultStack(registry, stack) ? app : `/stacks/${encodeURIComponent(stack.id)}${app}`;
}

/** A feed: of every stack when `stack` is null, of every app when `appId` is null. */
export function feedPath(stack: Stack | null, appId: string | null, extension: FeedExtension): string {
  if (appId !== null) {
    const path = `/apps/${encodeURIComponent(appId)}/feed.${extension}`;
    return stack ? `${path}?stack=${encodeURIComponent(stack.id)}` : path;
  }
  return stack ? `/stacks/${encodeURIComponent(stack.id)}/feed.${extension}` : `/feed.${extension}`;
}

export interface FeedLinks {
  rss: string;
  atom: string;
  json: string;
}

/** A feed in its three formats. */
export function feedLinks(stack: Stack | null, appId: string | null = null): FeedLinks {
  return { rss: feedPath(stack, appId, 'xml'), atom: feedPath(stack, appId, 'atom'), json: feedPath(stack, appId, 'json') };
}

/** The end-of-support calendar (iCalendar): of every app, or one; of every series, or those a stack runs. */
export function calendarPath(stack: Stack | null, appId: string | null): string {
  const path = appId === null ? '/support.ics' : `/apps/${encodeURIComponent(appId)}/support.ics`;
  return stack ? `${path}?stack=${encodeURIComponent(stack.id)}` : path;
}
