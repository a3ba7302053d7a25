// Where things live on a typical Debian install: Debian's own packages first (/usr/share/…), then
// the usual hand-made install under /var/www, then every site in its own domain folder
// (`/var/www/example.com/`, as the suite's guide installs WordPress). Overridden by the config
// file and --path flags.
import type { CommandApp, FileApp } from './index.ts';

// Each folder under /var/www: a site named after its domain.
const sites = '/var/www/*';

export const defaultInstallDirs: Record<FileApp, string[]> = {
  nextcloud: ['/var/www/nextcloud', '/var/www/html/nextcloud', sites],
  wordpress: ['/usr/share/wordpress', '/var/www/wordpress', '/var/www/html/wordpress', sites],
  roundcube: ['/usr/share/roundcube', '/var/lib/roundcube', '/var/www/roundcube', sites],
  phpmyadmin: ['/usr/share/phpmyadmin', '/var/www/phpmyadmin', sites],
  postfixadmin: ['/usr/share/postfixadmin', '/var/www/postfixadmin', sites],
  phplist: ['/var/www/phplist', '/var/www/lists', '/usr/share/phplist', sites],
  dolibarr: ['/usr/share/dolibarr', '/var/www/dolibarr', sites],
  mybb: ['/var/www/mybb', sites],
  friendica: ['/var/www/friendica', sites],
  matomo: ['/var/www/matomo', '/usr/share/matomo', sites],
  debian: ['/etc'],
};

/** Command names looked up on PATH, tried in order (Debian 11's client is also `mysql`). */
export const defaultCommands: Record<CommandApp, string[]> = {
  asterisk: ['asterisk'],
  collabora: ['coolwsd'],
  php: ['php'],
  mariadb: ['mariadb', 'mysql'],
};
