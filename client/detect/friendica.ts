// Friendica: the VERSION file at the top of the install holds just the version (`2024.08`).
import type { FileDetector } from './types.ts';

export const friendica: FileDetector = {
  kind: 'file',
  app: 'friendica',
  files: ['VERSION'],
  // Many projects have a VERSION file; Friendica has its console beside it.
  marker: 'bin/console.php',
  extract: (text) => text.trim().split(/\s+/)[0] || null,
};
