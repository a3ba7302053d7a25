// Matomo: `const VERSION = '5.2.0';` in core/Version.php.
import { phpConstants } from './php-source.ts';
import type { FileDetector } from './types.ts';

export const matomo: FileDetector = {
  kind: 'file',
  app: 'matomo',
  files: ['core/Version.php'],
  // core/Version.php is a common name; Matomo has its console script at the top.
  marker: 'console',
  extract: (text) => phpConstants(text, 'VERSION')[0] ?? null,
};
