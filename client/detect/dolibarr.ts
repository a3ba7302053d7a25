// Dolibarr: `define('DOL_VERSION', '20.0.2');` in htdocs/filefunc.inc.php (Debian's package puts
// the htdocs folder itself at /usr/share/dolibarr/htdocs).
import { phpDefines } from './php-source.ts';
import type { FileDetector } from './types.ts';

export const dolibarr: FileDetector = {
  kind: 'file',
  app: 'dolibarr',
  files: ['htdocs/filefunc.inc.php', 'filefunc.inc.php'],
  extract: (text) => phpDefines(text, 'DOL_VERSION')[0] ?? null,
};
