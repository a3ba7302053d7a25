// WordPress: `$wp_version = '6.7.1';` in wp-includes/version.php.
import { phpVariables } from './php-source.ts';
import type { FileDetector } from './types.ts';

export const wordpress: FileDetector = {
  kind: 'file',
  app: 'wordpress',
  files: ['wp-includes/version.php'],
  extract: (text) => phpVariables(text, 'wp_version')[0] ?? null,
};
