// `asterisk -V` prints `Asterisk 20.10.0`, `Asterisk certified-20.7-cert3` for certified builds, and
// Debian's package adds its revision (`Asterisk 20.6.0~dfsg+~cs6.13.40431414-2`), which is dropped.
import type { CommandDetector } from './types.ts';

export const asterisk: CommandDetector = {
  kind: 'command',
  app: 'asterisk',
  args: ['-V'],
  extract(output) {
    const match = /Asterisk\s+(?:certified[-/])?(\d+(?:\.\d+)+)(-cert\d+)?/i.exec(output);
    return match ? `${match[1]}${match[2] ?? ''}` : null;
  },
};
