import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultCommands, defaultInstallDirs } from './debian-defaults.ts';
import { commandDetectors, detectableApps, fileDetectors, type DetectableApp } from './index.ts';
import { detectApp, detectFromCommand, detectFromFile, detectInstalled, type DetectSettings } from './run-detectors.ts';

const root = fileURLToPath(new URL('../../test/fixtures/server-root', import.meta.url));
const fakeBin = path.join(root, 'usr/bin');
const env = { PATH: `${fakeBin}:${process.env.PATH ?? ''}` };

function settings(overrides: Partial<DetectSettings> = {}): DetectSettings {
  return { root, installDirs: defaultInstallDirs, commands: defaultCommands, apps: detectableApps, env, timeoutMs: 5000, ...overrides };
}

const expected: Record<string, [version: string, source: string]> = {
  nextcloud: ['28.0.4', 'var/www/nextcloud/version.php'],
  wordpress: ['6.6.2', 'usr/share/wordpress/wp-includes/version.php'],
  roundcube: ['1.6.9', 'usr/share/roundcube/program/include/iniset.php'],
  phpmyadmin: ['5.2.1', 'usr/share/phpmyadmin/libraries/classes/Version.php'],
  postfixadmin: ['3.3.13', 'usr/share/postfixadmin/config.inc.php'],
  phplist: ['3.6.15', 'var/www/lists/admin/init.php'],
  dolibarr: ['20.0.2', 'usr/share/dolibarr/htdocs/filefunc.inc.php'],
  mybb: ['1.8.38', 'var/www/mybb/inc/class_core.php'],
  friendica: ['2024.08', 'var/www/friendica/VERSION'],
  matomo: ['5.1.2', 'var/www/matomo/core/Version.php'],
  debian: ['12.8', 'etc/debian_version'],
  asterisk: ['20.10.0', 'asterisk -V'],
  collabora: ['24.04.10.2', 'coolwsd --version'],
  php: ['8.2.26', "php -r 'echo PHP_VERSION;'"],
  mariadb: ['10.11.6', 'mariadb --version'],
};

describe('detection in the fake Debian server root', () => {
  it('has a fixture for every detector', () => {
    expect(Object.keys(expected).sort()).toEqual([...detectableApps].sort());
  });

  it.each(Object.entries(expected))('reads %s', async (app, [version, source]) => {
    const detections = await detectApp(app as DetectableApp, settings());
    const where = source.includes(' ') ? source : path.join(root, source);
    const site = source.includes(' ') ? null : `/${path.dirname(source)}`.replace(/\/(wp-includes|program\/include|libraries\/classes|htdocs|admin|inc|core)$/, '');
    expect(detections).toEqual([{ app, status: 'found', version, source: where, reason: null, site }]);
  });

  it('detects every app at once', async () => {
    const all = await detectInstalled(settings());
    expect(Object.fromEntries(all.map((d) => [d.app, d.version]))).toEqual(Object.fromEntries(Object.entries(expected).map(([app, [v]]) => [app, v])));
  });

  it('says where it looked when an app is not installed', async () => {
    const [detection] = await detectFromFile(fileDetectors.nextcloud, ['/srv/nowhere'], root);
    expect(detection!.status).toBe('not-found');
    expect(detection!.reason).toBe(`no version.php in ${path.join(root, 'srv/nowhere')}`);
  });

  it('says a command is not on PATH', async () => {
    const detection = await detectFromCommand(commandDetectors.asterisk, ['asterisk'], { env: { PATH: '/nonexistent' }, timeoutMs: 1000 });
    expect(detection).toMatchObject({ status: 'not-found', reason: 'asterisk not found on PATH' });
  });

  it('tries the next command name (mysql when there is no mariadb)', async () => {
    const detection = await detectFromCommand(commandDetectors.mariadb, ['no-such-mariadb', 'mariadb'], { env, timeoutMs: 5000 });
    expect(detection).toMatchObject({ status: 'found', version: '10.11.6', source: 'mariadb --version' });
  });
});

describe('version shapes seen in the wild', () => {
  it.each([
    ['nextcloud', "<?php\n$OC_Version = array(29,0,9,2);\n$OC_Edition = '';\n", '29.0.9'],
    ['nextcloud', "<?php\n// $OC_VersionString = '1.0.0';\n$OC_VersionString = '30.0.2';\n", '30.0.2'],
    ['phpmyadmin', "<?php\nfinal class Version\n{\n    public const VERSION = '6.0.0-dev' . VERSION_SUFFIX;\n}\n", '6.0.0-dev'],
    ['phpmyadmin', "<?php\n        $this->set('PMA_VERSION', '4.9.11');\n", '4.9.11'],
    ['phplist', "<?php\ndefine('VERSION', '3.6.16');\n", '3.6.16'],
    ['mybb', '<?php\nclass MyBB {\n\tvar $version = "1.8.20";\n}\n', '1.8.20'],
    ['roundcube', "<?php\ndefine(\"RCMAIL_VERSION\", '1.7-beta');\n", '1.7-beta'],
    ['friendica', '2024.03-1\n', '2024.03-1'],
  ] as const)('%s: reads %j', (app, text, version) => {
    expect(fileDetectors[app].extract(text)).toBe(version);
  });

  it.each([
    ['asterisk', 'Asterisk certified-20.7-cert3\n', '20.7-cert3'],
    ['asterisk', 'Asterisk certified/18.9-cert11\n', '18.9-cert11'],
    ['asterisk', 'Asterisk 20.6.0~dfsg+~cs6.13.40431414-2\n', '20.6.0'],
    ['php', '8.1.2-1ubuntu2.20', '8.1.2'],
    ['php', '8.4.0RC4', '8.4.0RC4'],
    ['mariadb', 'mariadb from 11.4.4-MariaDB, client 15.2 for debian-linux-gnu (x86_64) using  EditLine wrapper\n', '11.4.4'],
    ['mariadb', 'mariadb  Ver 15.1 Distrib 10.11.6-MariaDB-0+deb12u1, for debian-linux-gnu (x86_64) using  EditLine wrapper\n', '10.11.6'],
    ['mariadb', 'mysql  Ver 8.0.36 for Linux on x86_64 (MySQL Community Server - GPL)\n', null],
    ['collabora', 'coolwsd 24.04.10.2 - 3c1b7f4\n', '24.04.10.2'],
  ] as const)('%s: reads %j', (app, output, version) => {
    expect(commandDetectors[app].extract(output)).toBe(version);
  });

  it('reads nothing from Debian testing, which has no version number', () => {
    expect(fileDetectors.debian.extract('trixie/sid\n')).toBeNull();
  });
});

describe('when a version cannot be read', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'vetted-detect-'));
    await mkdir(path.join(dir, 'nc'), { recursive: true });
    await writeFile(path.join(dir, 'nc/version.php'), "<?php\n$vendor = 'nextcloud';\n");
    await mkdir(path.join(dir, 'etc'), { recursive: true });
    await writeFile(path.join(dir, 'etc/debian_version'), 'trixie/sid\n');
    await mkdir(path.join(dir, 'bin'));
    const script = async (name: string, body: string) => {
      await writeFile(path.join(dir, 'bin', name), `#!/bin/sh\n${body}\n`);
      await chmod(path.join(dir, 'bin', name), 0o755);
    };
    await script('slow-php', 'sleep 30');
    await script('broken-php', 'echo "PHP Warning: cannot load module" >&2; exit 255');
    await script('chatty-php', 'echo "hello"');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reports a version file without a version', async () => {
    const [detection] = await detectFromFile(fileDetectors.nextcloud, ['/nc'], dir);
    expect(detection).toMatchObject({ status: 'error', reason: `${path.join(dir, 'nc/version.php')} does not say which version it is` });
  });

  it('reports Debian testing as unreadable rather than guessing', async () => {
    const [detection] = await detectFromFile(fileDetectors.debian, ['/etc'], dir);
    expect(detection!.status).toBe('error');
  });

  it('gives up on a command that does not answer in time', async () => {
    const detection = await detectFromCommand(commandDetectors.php, [path.join(dir, 'bin/slow-php')], { env, timeoutMs: 300 });
    expect(detection.status).toBe('error');
    expect(detection.reason).toMatch(/gave no answer within 0.3 s$/);
  });

  it('reports a failing command with what it said', async () => {
    const detection = await detectFromCommand(commandDetectors.php, [path.join(dir, 'bin/broken-php')], { env, timeoutMs: 5000 });
    expect(detection.reason).toMatch(/failed with status 255: PHP Warning: cannot load module$/);
  });

  it('reports a command that prints no version', async () => {
    const detection = await detectFromCommand(commandDetectors.php, [path.join(dir, 'bin/chatty-php')], { env, timeoutMs: 5000 });
    expect(detection.reason).toMatch(/printed no version \("hello"\)$/);
  });
});

describe('sites in their own domain folders (/var/www/example.com/, as the suite\'s guide lays them out)', () => {
  let dir: string;
  const write = async (file: string, text: string) => {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), text);
  };
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'vetted-sites-'));
    await write('var/www/example.com/wp-includes/version.php', "<?php\n$wp_version = '6.6.2';\n");
    await write('var/www/example.com/wp-content/object-cache.php', '<?php\n');
    await write('var/www/blog.example.org/wp-includes/version.php', "<?php\n$wp_version = '6.5.5';\n");
    // A site's own version.php is no Nextcloud: only one with occ beside it is.
    await write('var/www/example.com/version.php', "<?php\n$OC_VersionString = '1.0.0';\n");
    await write('var/www/cloud.example.org/version.php', "<?php\n$OC_VersionString = '30.0.2';\n");
    await write('var/www/cloud.example.org/occ', '#!/usr/bin/env php\n');
    await write('var/www/static.example.net/index.html', '<p>hi</p>\n');
    await write('var/www/.hidden/wp-includes/version.php', "<?php\n$wp_version = '1.0';\n");
    const { symlink } = await import('node:fs/promises');
    await symlink(path.join(dir, 'var/www/example.com'), path.join(dir, 'var/www/www.example.com'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('finds every WordPress under /var/www/*/, each real folder once', async () => {
    const found = await detectApp('wordpress', settings({ root: dir }));
    expect(found.map((d) => [d.site, d.version])).toEqual([['/var/www/blog.example.org', '6.5.5'], ['/var/www/example.com', '6.6.2']]);
  });

  it('finds a Nextcloud in a domain folder only where occ stands beside version.php', async () => {
    const found = await detectApp('nextcloud', settings({ root: dir }));
    expect(found).toEqual([{ app: 'nextcloud', status: 'found', version: '30.0.2', source: path.join(dir, 'var/www/cloud.example.org/version.php'), reason: null, site: '/var/www/cloud.example.org' }]);
  });

  it('says where it looked when a wildcard finds nothing', async () => {
    const [none] = await detectApp('mybb', settings({ root: dir }));
    expect(none).toMatchObject({ status: 'not-found', reason: `no inc/class_core.php in ${path.join(dir, 'var/www/mybb')}` });
  });
});
