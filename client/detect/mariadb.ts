// `mariadb --version` names the server series it was built with: `mariadb  Ver 15.1 Distrib
// 10.11.6-MariaDB, for debian-linux-gnu …` (10.x) or `mariadb from 11.4.4-MariaDB, client 15.2 …`
// (11.x). The `Ver 15.1` is the client protocol, not the version.
import type { CommandDetector } from './types.ts';

export const mariadb: CommandDetector = {
  kind: 'command',
  app: 'mariadb',
  args: ['--version'],
  extract: (output) => /(\d+\.\d+\.\d+)-MariaDB/i.exec(output)?.[1] ?? null,
};
