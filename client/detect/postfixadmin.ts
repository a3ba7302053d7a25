// Postfix Admin: `$CONF['version'] = '3.3.13';` near the end of config.inc.php (marked "do not change").
import { phpArrayEntries } from './php-source.ts';
import type { FileDetector } from './types.ts';

export const postfixadmin: FileDetector = {
  kind: 'file',
  app: 'postfixadmin',
  files: ['config.inc.php'],
  // Local overrides come after the default, so the last assignment is the one PHP keeps.
  extract: (text) => phpArrayEntries(text, 'CONF', 'version').at(-1) ?? null,
};
