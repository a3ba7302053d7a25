// The registry of detectors, one per app the client can find on a server by itself.
import { asterisk } from './asterisk.ts';
import { collabora } from './collabora.ts';
import { debian } from './debian.ts';
import { dolibarr } from './dolibarr.ts';
import { friendica } from './friendica.ts';
import { mariadb } from './mariadb.ts';
import { matomo } from './matomo.ts';
import { mybb } from './mybb.ts';
import { nextcloud } from './nextcloud.ts';
import { php } from './php.ts';
import { phplist } from './phplist.ts';
import { phpmyadmin } from './phpmyadmin.ts';
import { postfixadmin } from './postfixadmin.ts';
import { roundcube } from './roundcube.ts';
import { wordpress } from './wordpress.ts';
import type { CommandDetector, FileDetector } from './types.ts';

export type FileApp = 'nextcloud' | 'wordpress' | 'roundcube' | 'phpmyadmin' | 'postfixadmin' | 'phplist' | 'dolibarr' | 'mybb' | 'friendica' | 'matomo' | 'debian';
export type CommandApp = 'asterisk' | 'collabora' | 'php' | 'mariadb';
export type DetectableApp = FileApp | CommandApp;

export const fileDetectors = {
  nextcloud, wordpress, roundcube, phpmyadmin, postfixadmin, phplist, dolibarr, mybb, friendica, matomo, debian,
} satisfies Record<FileApp, FileDetector>;

export const commandDetectors = { asterisk, collabora, php, mariadb } satisfies Record<CommandApp, CommandDetector>;

export const fileApps = Object.keys(fileDetectors) as FileApp[];
export const commandApps = Object.keys(commandDetectors) as CommandApp[];
export const detectableApps: DetectableApp[] = [...fileApps, ...commandApps];
