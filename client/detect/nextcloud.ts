// Nextcloud writes its version to version.php at the top of the install: `$OC_VersionString =
// '28.0.4';` and the numeric `$OC_Version = array(28, 0, 4, 1);` (the 4th part is a build counter).
import { phpVariables } from './php-source.ts';
import type { FileDetector } from './types.ts';

export const nextcloud: FileDetector = {
  kind: 'file',
  app: 'nextcloud',
  files: ['version.php'],
  // Any PHP site may have a version.php; only Nextcloud has occ beside it.
  marker: 'occ',
  extract(text) {
    const versionString = phpVariables(text, 'OC_VersionString')[0];
    if (versionString) return versionString;
    const parts = /\$OC_Version\s*=\s*(?:array\s*\(|\[)\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)/.exec(text);
    return parts ? `${parts[1]}.${parts[2]}.${parts[3]}` : null;
  },
};
