// What a watch writes of upstream's support dates: new series and changed ones, never the rest.
import { describe, expect, it } from 'vitest';
import type { PolledSupport } from './watch-support-poll.ts';
import type { UpstreamSupport } from './watch-store.ts';
import { diffSupport } from './watch-support-diff.ts';

const statesUrl = 'https://www.php.net/releases/states.php';
const row = (series: string, securitySupportEnd: string | null, extra: Partial<UpstreamSupport> = {}): UpstreamSupport => (
  { series, releasedAt: null, activeSupportEnd: null, securitySupportEnd, lts: null, source: statesUrl, ...extra }
);
const polled = (series: UpstreamSupport[] | null): PolledSupport => ({
  result: { key: 'support:0:php-states', kind: 'php-states', status: series ? 'ok' : 'not-modified', error: null, releases: series?.length ?? 0, dropped: 0, requests: 1, nextAttemptAt: null },
  series,
  validators: new Map(),
});

describe('diffSupport', () => {
  it('keeps new series and series with a changed date, flag or source; drops unchanged ones', () => {
    const stored = new Map([
      ['8.4', row('8.4', '2028-12-31')],
      ['8.3', row('8.3', '2027-12-31')],
      ['8.2', row('8.2', '2026-12-31')],
      ['7.4', row('7.4', '2022-11-28')],
    ]);
    expect(diffSupport([polled([
      row('8.5', '2029-12-31'),
      row('8.4', '2028-12-31'),
      row('8.3', '2028-06-30'),
      row('8.2', '2026-12-31', { lts: true }),
    ])], stored)).toEqual([
      row('8.5', '2029-12-31'),
      row('8.3', '2028-06-30'),
      row('8.2', '2026-12-31', { lts: true }),
    ]);
  });

  it('lets the first source naming a series decide, and skips sources that did not answer', () => {
    const other = 'https://example.org/php.json';
    expect(diffSupport([polled(null), polled([row('8.4', '2028-12-31')]), polled([row('8.4', '2030-01-01', { source: other }), row('8.5', null, { source: other })])], new Map())).toEqual([
      row('8.4', '2028-12-31'),
      row('8.5', null, { source: other }),
    ]);
  });

  it('writes nothing when upstream states what is stored, or stopped listing a series', () => {
    const stored = new Map([['8.4', row('8.4', '2028-12-31')], ['7.4', row('7.4', '2022-11-28')]]);
    expect(diffSupport([polled([row('8.4', '2028-12-31')])], stored)).toEqual([]);
  });
});
