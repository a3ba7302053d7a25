// Roundcube: `define('RCMAIL_VERSION', '1.6.9');` in program/include/iniset.php.
import { phpDefines } from './php-source.ts';
import type { FileDetector } from './types.ts';

export const roundcube: FileDetector = {
  kind: 'file',
  app: 'roundcube',
  files: ['program/include/iniset.php'],
  extract: (text) => phpDefines(text, 'RCMAIL_VERSION')[0] ?? null,
};
