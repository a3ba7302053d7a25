import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientConfigError, parseClientConfig, resolveCheckSettings } from './settings.ts';

describe('the client config file', () => {
  it('accepts a full config', () => {
    const config = parseClientConfig({
      server: 'https://vetted.example.org',
      timeoutSeconds: 20,
      paths: { nextcloud: '/srv/nextcloud', wordpress: ['/srv/blog', '/srv/www'] },
      commands: { php: '/usr/bin/php8.2' },
      skip: ['collabora'],
      installed: { roundpin: '1.2.0' },
    }, 'client.json');
    expect(config.paths?.wordpress).toEqual(['/srv/blog', '/srv/www']);
  });

  it.each([
    [{ paths: { nextclod: '/srv/nc' } }, 'invalid config file client.json: paths: unknown field "nextclod" (known: nextcloud,'],
    [{ paths: { nextcloud: 'srv/nc' } }, 'invalid config file client.json: paths.nextcloud: '],
    [{ server: 'ftp://x' }, 'invalid config file client.json: server: must be an http(s) URL'],
    [{ skip: ['roundpin'] }, 'invalid config file client.json: skip.0: '],
    [{ installed: { nextcloud: '' } }, 'invalid config file client.json: installed.nextcloud: must not be empty'],
    [{ timeoutSeconds: -1 }, 'invalid config file client.json: timeoutSeconds: '],
    [{ serveur: 'http://x' }, 'invalid config file client.json: unknown field "serveur" (known: server,'],
  ])('names the bad field in %j', (data, message) => {
    expect(() => parseClientConfig(data, 'client.json')).toThrow(ClientConfigError);
    expect(() => parseClientConfig(data, 'client.json')).toThrow(message);
  });
});

describe('resolving the settings', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'vetted-settings-'));
    await mkdir(path.join(root, 'etc/vetted'), { recursive: true });
    await writeFile(path.join(root, 'etc/vetted/client.json'), JSON.stringify({
      server: 'http://config.example:3000/',
      paths: { nextcloud: '/srv/nextcloud' },
      commands: { mariadb: 'mariadb11' },
      skip: ['collabora'],
      installed: { roundpin: '1.2.0', php: '8.1.0' },
    }));
    await writeFile(path.join(root, 'broken.json'), '{"server": ');
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('reads the default config under --root and layers flags over it', async () => {
    const settings = await resolveCheckSettings({ root, detect: true, installed: ['php=8.2.26'], path: ['wordpress=/srv/blog'] }, {});
    expect(settings.server).toBe('http://config.example:3000');
    expect(settings.given).toEqual({ roundpin: '1.2.0', php: '8.2.26' });
    expect(settings.detect?.installDirs.nextcloud).toEqual(['/srv/nextcloud']);
    expect(settings.detect?.installDirs.wordpress).toEqual(['/srv/blog']);
    expect(settings.detect?.commands.mariadb).toEqual(['mariadb11']);
    // Given by hand or skipped: not detected.
    expect(settings.detect?.apps).not.toContain('php');
    expect(settings.detect?.apps).not.toContain('collabora');
    expect(settings.detect?.apps).toContain('nextcloud');
  });

  it('takes the server from the flag, then VETTED_SERVER, then the config file', async () => {
    expect((await resolveCheckSettings({ root, server: 'http://flag:1' }, { VETTED_SERVER: 'http://env:2' })).server).toBe('http://flag:1');
    expect((await resolveCheckSettings({ root }, { VETTED_SERVER: 'http://env:2' })).server).toBe('http://env:2');
  });

  it('defaults to the local registry without any config', async () => {
    const settings = await resolveCheckSettings({ root: path.join(root, 'nothing-here') }, {});
    expect(settings.server).toBe('http://127.0.0.1:3000');
    expect(settings.timeoutMs).toBe(10_000);
  });

  it.each([
    [{ installed: ['nextcloud'] }, '--installed nextcloud: expected app=version'],
    [{ installed: ['Next Cloud=1'] }, '--installed Next Cloud=1: "Next Cloud" must be an app id'],
    [{ detect: true, path: ['asterisk=/opt'] }, '--path asterisk=/opt: no install path is read for "asterisk"'],
    [{ detect: true, path: ['nextcloud=relative/dir'] }, '--path nextcloud=relative/dir: the directory must be an absolute path'],
    [{ server: 'not a url' }, '--server must be a URL'],
    [{ config: '/nonexistent/client.json' }, 'cannot read config file /nonexistent/client.json: ENOENT'],
  ])('rejects %j with a clear message', async (options, message) => {
    await expect(resolveCheckSettings({ root, ...options }, {})).rejects.toThrow(message);
  });

  it('says when the config file is not JSON', async () => {
    await expect(resolveCheckSettings({ config: path.join(root, 'broken.json') }, {})).rejects.toThrow(/broken.json is not valid JSON/);
  });
});
