// Debian: /etc/debian_version holds the point release (`12.8`); testing and unstable hold a
// codename like `trixie/sid`, which is no version.
import type { FileDetector } from './types.ts';

export const debian: FileDetector = {
  kind: 'file',
  app: 'debian',
  files: ['debian_version'],
  extract(text) {
    const value = text.trim();
    return /^\d+(?:\.\d+)*$/.test(value) ? value : null;
  },
};
