// The mariadb-majors kind against the recorded MariaDB REST API root: every series with its end
// of life and LTS flag, entries without a series id skipped, 304, and clear errors.
import { afterEach, describe, expect, it } from 'vitest';
import { createValidatorCache } from '../http/validator-cache.ts';
import { exactly, found, supportSourceOf, useWatchHarness } from '../../test/upstream/watch-harness.ts';
import { mariadbMajors } from './mariadb-majors.ts';

const harness = useWatchHarness();
const source = () => supportSourceOf(harness().catalog, 'mariadb', 'mariadb-majors');
const majorsPath = '/downloads.mariadb.org/rest-api/mariadb/';

type Major = Record<string, unknown>;
let restore: (() => void) | null = null;
/** Upstream changes the list for one test. */
function rewrite(change: (majors: Major[]) => unknown): void {
  let original = '';
  harness().upstream.replaceWeb(majorsPath, (body) => {
    original = body;
    return JSON.stringify(change((JSON.parse(body) as { major_releases: Major[] }).major_releases));
  });
  restore = () => harness().upstream.replaceWeb(majorsPath, () => original);
}
afterEach(() => {
  restore?.();
  restore = null;
});

const dates = (series: string, securitySupportEnd: string | null, lts: boolean) => ({ series, releasedAt: null, activeSupportEnd: null, securitySupportEnd, lts });

describe('mariadb-majors', () => {
  it('reads every series: end of life as the end of security support, LTS from the support type', async () => {
    const result = found(await mariadbMajors.scrape(source(), harness().context()));
    expect(result.dropped).toBe(0);
    expect(result.series).toEqual([
      dates('12.3', null, true),
      dates('12.2', null, false),
      dates('12.1', '2026-02-12', false),
      dates('12.0', '2025-11-18', false),
      dates('11.8', '2030-06-04', true),
      dates('11.7', '2025-06-04', false),
      dates('11.4', '2029-05-29', true),
      dates('11.2', '2024-11-21', false),
      dates('10.11', '2028-02-16', true),
      dates('10.6', '2026-07-06', true),
      dates('10.5', '2025-06-24', true),
    ]);
  });

  it('returns not-modified when the stored validators still hold', async () => {
    const validators = createValidatorCache();
    await mariadbMajors.scrape(source(), harness().context({ validators }));
    const again = harness().context({ validators: createValidatorCache(validators.pending()) });
    expect(await mariadbMajors.scrape(source(), again)).toEqual({ status: 'not-modified' });
    expect(harness().upstream.requests.map((r) => [r.conditional, r.status])).toEqual([[false, 200], [true, 304]]);
  });

  it('skips entries whose id is not a series, and reads an empty or missing end date as none', async () => {
    rewrite((majors) => ({
      major_releases: [
        { ...majors[0], release_id: '12.3.1' },
        { ...majors[0], release_id: 12.4 },
        { release_name: 'no id' },
        { ...majors[4], release_eol_date: '' },
        { release_id: '11.4', release_support_type: 'Long Term Support' },
      ],
    }));
    const result = found(await mariadbMajors.scrape(source(), harness().context()));
    expect(result.dropped).toBe(3);
    expect(result.series).toEqual([dates('11.8', null, true), dates('11.4', null, true)]);
  });

  it('names the entry and field when an end date is not a date', async () => {
    rewrite((majors) => ({ major_releases: [majors[0], { ...majors[4], release_eol_date: 'June 2030' }] }));
    await expect(mariadbMajors.scrape(source(), harness().context())).rejects.toThrow(
      exactly(`${source().url}: unexpected shape at major_releases → 1 → release_eol_date: expected a date (YYYY-MM-DD), empty or null; has the format changed?`),
    );
  });

  it('names what is missing when the list moved', async () => {
    harness().upstream.inject({ path: exactly(majorsPath), fault: { kind: 'empty' } });
    await expect(mariadbMajors.scrape(source(), harness().context())).rejects.toThrow(
      exactly(`${source().url}: unexpected shape at major_releases: expected a list of major releases; has the format changed?`),
    );
  });

  it('fails when no entry names a series, and on malformed JSON', async () => {
    rewrite(() => ({ major_releases: [{ release_id: 'latest' }] }));
    await expect(mariadbMajors.scrape(source(), harness().context())).rejects.toThrow(exactly(`${source().url}: lists no series (1 entries without a series id)`));
    harness().upstream.inject({ path: exactly(majorsPath), fault: { kind: 'malformed-json' } });
    await expect(mariadbMajors.scrape(source(), harness().context())).rejects.toThrow(/rest-api\/mariadb\/: malformed JSON \(/);
  });
});
