// Points a catalogue at the recorded upstream: https://www.php.net/releases/… becomes
// http://127.0.0.1:port/www.php.net/releases/… for every kind with a `url`, release and support
// sources alike; GitHub sources follow GITHUB_API_URL instead.
import type { Catalog } from '../../scrapers/catalog.ts';

export function pointCatalogAt(catalog: Catalog, baseUrl: string): Catalog {
  const pointed = <S extends object>(source: S): S => {
    if (!('url' in source) || typeof source.url !== 'string') return source;
    const url = new URL(source.url);
    return { ...source, url: `${baseUrl}/${url.hostname}${url.pathname}${url.search}` };
  };
  return {
    ...catalog,
    apps: catalog.apps.map((app) => ({ ...app, sources: app.sources.map(pointed), supportSources: app.supportSources.map(pointed) })),
  };
}
