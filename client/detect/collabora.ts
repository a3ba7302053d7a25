// `coolwsd --version` prints the Collabora Online version with its git hash
// (`coolwsd 24.04.10.2 - 3c1b7f4`); only the four-part version is kept.
import type { CommandDetector } from './types.ts';

export const collabora: CommandDetector = {
  kind: 'command',
  app: 'collabora',
  args: ['--version'],
  extract: (output) => /\b(\d+\.\d+\.\d+(?:\.\d+)?(?:-\d+)?)\b/.exec(output)?.[1] ?? null,
};
