import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtInCatalogPath, CatalogError, loadCatalog } from '../scrapers/catalog.ts';

const contractIds = ['nextcloud', 'roundcube', 'wordpress', 'asterisk', 'postfixadmin', 'phplist', 'phpmyadmin', 'dolibarr', 'collabora', 'roundpin', 'mybb', 'friendica', 'matomo', 'security-probe', 'suite-panel', 'php', 'debian', 'mariadb'];

async function writeCatalog(data: unknown): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'vetted-catalog-'));
  const file = path.join(dir, 'catalog.json');
  await writeFile(file, typeof data === 'string' ? data : JSON.stringify(data));
  return file;
}

describe('the built-in catalogue', () => {
  it('lists every app of the contract with its series and policy', async () => {
    const catalog = await loadCatalog(builtInCatalogPath);
    expect(catalog.apps.map((app) => app.id).sort()).toEqual([...contractIds].sort());
    const byId = new Map(catalog.apps.map((app) => [app.id, app]));
    expect(byId.get('nextcloud')).toMatchObject({ series: 1, policy: { maxMajorStep: 1 }, kind: 'app' });
    for (const id of ['asterisk', 'debian']) expect(byId.get(id)!.series).toBe(1);
    for (const id of ['php', 'mariadb', 'roundcube', 'wordpress']) expect(byId.get(id)!.series).toBe(2);
    for (const id of ['php', 'debian', 'mariadb']) expect(byId.get(id)!.kind).toBe('platform');
    for (const id of ['roundpin', 'security-probe', 'suite-panel']) expect(byId.get(id)!.sources).toEqual([]);
  });
});

describe('loadCatalog', () => {
  it('names the bad entry and field', async () => {
    const file = await writeCatalog({ apps: [{ id: 'ok', name: 'OK', kind: 'app', homepage: 'https://example.org/' }, { id: 'broken', name: 'Broken', kind: 'application', homepage: 'https://example.org/' }] });
    await expect(loadCatalog(file)).rejects.toThrow(/app #2 \("broken"\) field kind/);
  });

  it('rejects a duplicate id', async () => {
    const app = { id: 'twice', name: 'Twice', kind: 'app', homepage: 'https://example.org/' };
    await expect(loadCatalog(await writeCatalog({ apps: [app, app] }))).rejects.toThrow(/duplicate app id "twice"/);
  });

  it('rejects unknown fields rather than ignoring a typo', async () => {
    const file = await writeCatalog({ apps: [{ id: 'x', name: 'X', kind: 'app', homepage: 'https://example.org/', serie: 1 }] });
    await expect(loadCatalog(file)).rejects.toThrow(/app #1 \("x"\).*serie/);
  });

  it('says when the file is missing or not JSON', async () => {
    await expect(loadCatalog('/nonexistent/catalog.json')).rejects.toThrow(CatalogError);
    await expect(loadCatalog(await writeCatalog('{ nope'))).rejects.toThrow(/not valid JSON/);
  });

  it('accepts a new app as data only, with defaults', async () => {
    const catalog = await loadCatalog(await writeCatalog({ apps: [{ id: 'gitea', name: 'Gitea', kind: 'app', homepage: 'https://about.gitea.com/' }] }));
    expect(catalog.apps[0]).toMatchObject({ series: 2, versioning: 'semver', policy: {}, sources: [] });
  });
});
