// How the report names apps, and how much of a platform version it shows when saying what a
// release was (not) tested with. Apps missing here are shown by their id.

export const appNames: Record<string, string> = {
  nextcloud: 'Nextcloud',
  roundcube: 'Roundcube',
  wordpress: 'WordPress',
  asterisk: 'Asterisk',
  postfixadmin: 'Postfix Admin',
  phplist: 'phpList',
  phpmyadmin: 'phpMyAdmin',
  dolibarr: 'Dolibarr',
  collabora: 'Collabora Online',
  roundpin: 'Roundpin',
  mybb: 'MyBB',
  friendica: 'Friendica',
  matomo: 'Matomo',
  'security-probe': 'Security Probe',
  'suite-panel': 'Suite panel',
  php: 'PHP',
  debian: 'Debian',
  mariadb: 'MariaDB',
};

/** Platform pieces and the number of version parts their series has (as in the catalogue). */
export const platformSeries: Record<string, number> = { php: 2, debian: 1, mariadb: 2 };

export function appName(app: string): string {
  return appNames[app] ?? app;
}
