// MyBB: `public $version = "1.8.38";` in the MyBB class of inc/class_core.php (next to `$version_code`).
import { phpVariables } from './php-source.ts';
import type { FileDetector } from './types.ts';

export const mybb: FileDetector = {
  kind: 'file',
  app: 'mybb',
  files: ['inc/class_core.php'],
  extract: (text) => phpVariables(text, 'version')[0] ?? null,
};
