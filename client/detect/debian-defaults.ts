// Where things live on a typical Debian install: Debian's own packages first (/usr/share/…), then
// the usual hand-made install under /var/www. Overridden by the config file and --path flags.
import type { CommandApp, FileApp } from './index.ts';

export const defaultInstallDirs: Record<FileApp, string[]> = {
  nextcloud: ['/var/www/nextcloud', '/var/www/html/nextcloud'],
  wordpress: ['/usr/share/wordpress', '/var/www/wordpress', '/var/www/html/wordpress'],
  roundcube: ['/usr/share/roundcube', '/var/lib/roundcube', '/var/www/roundcube'],
  phpmyadmin: ['/usr/share/phpmyadmin', '/var/www/phpmyadmin'],
  postfixadmin: ['/usr/share/postfixadmin', '/var/www/postfixadmin'],
  phplist: ['/var/www/phplist', '/var/www/lists', '/usr/share/phplist'],
  dolibarr: ['/usr/share/dolibarr', '/var/www/dolibarr'],
  mybb: ['/var/www/mybb'],
  friendica: ['/var/www/friendica'],
  matomo: ['/var/www/matomo', '/usr/share/matomo'],
  debian: ['/etc'],
};

/** Command names looked up on PATH, tried in order (Debian 11's client is also `mysql`). */
export const defaultCommands: Record<CommandApp, string[]> = {
  asterisk: ['asterisk'],
  collabora: ['coolwsd'],
  php: ['php'],
  mariadb: ['mariadb', 'mysql'],
};
