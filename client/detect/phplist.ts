// phpList 3: `define('VERSION', '3.6.15');` in admin/init.php, next to a `…-dev` define used only
// for git checkouts. The install directory may be the `lists` folder or the tarball's top.
import { phpDefines } from './php-source.ts';
import type { FileDetector } from './types.ts';

export const phplist: FileDetector = {
  kind: 'file',
  app: 'phplist',
  files: ['admin/init.php', 'lists/admin/init.php', 'public_html/lists/admin/init.php'],
  extract(text) {
    const values = phpDefines(text, 'VERSION');
    return values.find((value) => !/dev/i.test(value)) ?? values[0] ?? null;
  },
};
