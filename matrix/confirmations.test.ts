import { describe, expect, it } from 'vitest';
import { confirmations } from './confirmations.ts';
import { day, testRegistry } from './test-registry.ts';

const registry = testRegistry({
  releases: { nextcloud: ['29.0.9', '30.0.2'], php: ['8.2.26', '8.3.14'] },
  runs: [
    [1, 'fail', 1, { nextcloud: '30.0.2', php: '8.2.26' }],
    [2, 'pass', 3, { nextcloud: '30.0.2', php: '8.3.14' }],
    [3, 'pass', 2, { nextcloud: '30.0.2', php: '8.2.26' }],
    [4, 'pass', 5, { nextcloud: '30.0.2', php: '8.2.26' }],
    [5, 'fail', 6, { nextcloud: '29.0.9' }],
  ],
});

describe('confirmations', () => {
  it('gives each release its earliest passing run, newest first', () => {
    expect(confirmations(registry)).toEqual([
      { appId: 'php', version: '8.3.14', prerelease: false, withdrawn: false, at: day(3), runId: 2, with: { nextcloud: '30.0.2' } },
      { appId: 'nextcloud', version: '30.0.2', prerelease: false, withdrawn: false, at: day(2), runId: 3, with: { php: '8.2.26' } },
      { appId: 'php', version: '8.2.26', prerelease: false, withdrawn: false, at: day(2), runId: 3, with: { nextcloud: '30.0.2' } },
    ]);
  });

  it('filters by app and limits', () => {
    expect(confirmations(registry, { appId: 'php', limit: 1 }).map((c) => c.version)).toEqual(['8.3.14']);
  });

  it('takes the lower id when two passing runs were tested at the same moment', () => {
    const tied = testRegistry({ releases: { php: ['8.3.14'] }, runs: [[7, 'pass', 1, { php: '8.3.14' }], [6, 'pass', 1, { php: '8.3.14' }]] });
    expect(confirmations(tied)[0]?.runId).toBe(6);
  });
});
