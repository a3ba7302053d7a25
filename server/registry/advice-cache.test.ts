import { describe, expect, it } from 'vitest';
import { computeAdvice } from '../../matrix/advice.ts';
import { testRegistry } from '../../matrix/test-registry.ts';
import { createAdviceCache } from './advice-cache.ts';

const registry = testRegistry({
  releases: { nextcloud: ['28.0.4', '29.0.9', '30.0.2'], php: ['8.2.18', '8.3.14'] },
  runs: [
    [1, 'pass', 3, { nextcloud: '29.0.9', php: '8.2.18' }],
    [2, 'fail', 4, { nextcloud: '30.0.2', php: '8.2.18' }],
  ],
});
const now = new Date('2026-11-25T10:00:00Z');
const bytes = (body: string | Buffer) => Buffer.from(body).toString('utf8');

describe('the advice cache', () => {
  it('answers the same bytes and ETag whether it computed the answer or kept it', () => {
    const cache = createAdviceCache({ clock: { now: () => now } });
    const installed = { nextcloud: '28.0.4', php: '8.2.18' };
    const answers = [1, 2, 3].map(() => cache.answer(registry, 1, installed, false));
    // Computed the first two times (an answer is kept from its second asking), then kept.
    expect(typeof answers[0]!.body).toBe('string');
    expect(Buffer.isBuffer(answers[2]!.body)).toBe(true);
    for (const answer of answers) {
      expect(answer.etag).toBe(answers[0]!.etag);
      expect(bytes(answer.body)).toBe(bytes(answers[0]!.body));
    }
    expect(JSON.parse(bytes(answers[2]!.body))).toEqual(JSON.parse(JSON.stringify(computeAdvice(registry, { installed, includePrereleases: false }, now))));
  });

  it('finds a kept answer whatever the spelling of the inventory', () => {
    const cache = createAdviceCache({ clock: { now: () => now } });
    cache.answer(registry, 1, { nextcloud: '28.0.4', php: '8.2.18' }, false);
    cache.answer(registry, 1, { nextcloud: '28.0.4', php: '8.2.18' }, false);
    const respelled = cache.answer(registry, 1, { php: '8.2.18-1+deb12u1', nextcloud: 'v28.0.4' }, false);
    expect(Buffer.isBuffer(respelled.body)).toBe(true);
  });

  it('does not answer from a kept answer once the registry or the day has changed', () => {
    let clock = now;
    const cache = createAdviceCache({ clock: { now: () => clock } });
    const installed = { nextcloud: '28.0.4' };
    cache.answer(registry, 1, installed, false);
    cache.answer(registry, 1, installed, false);
    expect(Buffer.isBuffer(cache.answer(registry, 1, installed, false).body)).toBe(true);
    expect(typeof cache.answer(registry, 2, installed, false).body).toBe('string');
    clock = new Date('2026-11-26T00:00:01Z');
    const nextDay = cache.answer(registry, 2, installed, false);
    expect(typeof nextDay.body).toBe('string');
    expect(JSON.parse(bytes(nextDay.body)).generatedAt).toBe('2026-11-26T00:00:01.000Z');
  });
});
