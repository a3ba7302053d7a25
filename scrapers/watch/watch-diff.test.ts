// What a watch may change on releases it stored earlier: flags only turn on, dates only fill gaps.
import { describe, expect, it } from 'vitest';
import type { NormalizedRelease } from '../normalize.ts';
import { annotationsFor } from './watch-diff.ts';
import type { StoredFlags } from './watch-store.ts';

const stored = (flags: Partial<StoredFlags> = {}): StoredFlags => ({ security: false, insecure: false, hasDate: false, ...flags });
const seen = (version: string, extra: Partial<NormalizedRelease> = {}): NormalizedRelease => (
  { version, tag: null, publishedAt: null, prerelease: false, url: null, security: false, insecure: false, ...extra }
);
const may = new Date('2026-05-10T00:00:00Z');

describe('annotationsFor', () => {
  it('turns a flag on and fills a missing date, only where the stored row lacks them', () => {
    const known = new Map([
      ['7.0.3', stored()],
      ['7.0.2', stored({ insecure: true, hasDate: true })],
      ['8.3.14', stored({ security: false, hasDate: false })],
    ]);
    expect(annotationsFor(known, [
      seen('7.0.3', { insecure: true }),
      seen('7.0.2', { insecure: true, publishedAt: may }),
      seen('8.3.14', { security: true, publishedAt: may }),
      seen('9.9.9', { insecure: true }),
    ])).toEqual([
      { version: '7.0.3', insecure: true },
      { version: '8.3.14', security: true, publishedAt: may },
    ]);
  });

  it('never turns a flag off: upstream dropping it changes nothing', () => {
    const known = new Map([['7.0.2', stored({ insecure: true, security: true, hasDate: true })]]);
    expect(annotationsFor(known, [seen('7.0.2')])).toEqual([]);
  });
});
