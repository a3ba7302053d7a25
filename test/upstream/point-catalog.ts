// Points a catalogue at the recorded upstream: https://www.php.net/releases/… becomes
// http://127.0.0.1:port/www.php.net/releases/… for every kind with a `url`; GitHub sources
// follow GITHUB_API_URL instead.
import type { Catalog } from '../../scrapers/catalog.ts';

export function pointCatalogAt(catalog: Catalog, baseUrl: string): Catalog {
  return {
    ...catalog,
    apps: catalog.apps.map((app) => ({
      ...app,
      sources: app.sources.map((source) => {
        if (!('url' in source)) return source;
        const url = new URL(source.url);
        return { ...source, url: `${baseUrl}/${url.hostname}${url.pathname}${url.search}` };
      }),
    })),
  };
}
