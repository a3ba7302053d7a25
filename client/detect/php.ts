// `php -r 'echo PHP_VERSION;'` prints `8.2.26`; distribution builds may append their revision
// (`8.1.2-1ubuntu2.14`), which is dropped.
import type { CommandDetector } from './types.ts';

export const php: CommandDetector = {
  kind: 'command',
  app: 'php',
  args: ['-r', 'echo PHP_VERSION;'],
  extract: (output) => /^\s*(\d+\.\d+\.\d+(?:(?:alpha|beta|RC)\d+)?)/i.exec(output)?.[1] ?? null,
};
