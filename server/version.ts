import { readFileSync } from 'node:fs';

/** vetted's own version, from package.json. */
export const vettedVersion: string = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;

export const vettedHomepage = 'https://github.com/vetted-registry/vetted';
