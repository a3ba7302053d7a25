// phpMyAdmin: `public const VERSION = '5.2.1' . VERSION_SUFFIX;` in the Version class, which moved
// from libraries/classes/ (5.x) to src/ (6.x); 4.x set `PMA_VERSION` in libraries/Config.php.
import { phpConstants } from './php-source.ts';
import type { FileDetector } from './types.ts';

export const phpmyadmin: FileDetector = {
  kind: 'file',
  app: 'phpmyadmin',
  files: ['src/Version.php', 'libraries/classes/Version.php', 'libraries/Config.php'],
  // src/Version.php is a common name; phpMyAdmin ships its sample config beside it.
  marker: 'config.sample.inc.php',
  extract(text) {
    const constant = phpConstants(text, 'VERSION')[0];
    if (constant) return constant;
    return /['"]PMA_VERSION['"]\s*,\s*['"]([^'"]+)['"]/.exec(text)?.[1] ?? null;
  },
};
