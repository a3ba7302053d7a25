import { readFileSync } from 'node:fs';

/** vetted's own version, from package.json. */
export const vettedVersion: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export const vettedHomepage = 'https://github.com/vetted-registry/vetted';

/**
 * `vetted/<version> (+homepage; instance <PUBLIC_URL>)`: who is asking, as GitHub's REST rules and
 * polite crawling ask. The instance's own address, when configured, lets an upstream's admin tell
 * one registry from another and find who runs it.
 */
export function userAgentFor(publicUrl: string | null): string {
  return `vetted/${vettedVersion} (+${vettedHomepage}${publicUrl ? `; instance ${publicUrl}` : ''})`;
}
