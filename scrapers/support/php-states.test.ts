// The php-states kind against the recorded php.net states.php: every branch with its dates as
// days, 304 with the stored validators, and a clear error for each way the body can be wrong.
import { afterEach, describe, expect, it } from 'vitest';
import { createValidatorCache } from '../http/validator-cache.ts';
import { exactly, found, supportSourceOf, useWatchHarness } from '../../test/upstream/watch-harness.ts';
import { phpStates } from './php-states.ts';

const harness = useWatchHarness();
const source = () => supportSourceOf(harness().catalog, 'php', 'php-states');
const statesPath = '/www.php.net/releases/states.php';

let restore: (() => void) | null = null;
/** Upstream changes the document for one test. */
function rewrite(change: (states: Record<string, Record<string, Record<string, unknown>>>) => unknown): void {
  let original = '';
  harness().upstream.replaceWeb(statesPath, (body) => {
    original = body;
    return JSON.stringify(change(JSON.parse(body)));
  });
  restore = () => harness().upstream.replaceWeb(statesPath, () => original);
}
afterEach(() => {
  restore?.();
  restore = null;
});

describe('php-states', () => {
  it('reads every branch of every major, dates as the days written, no LTS', async () => {
    const result = found(await phpStates.scrape(source(), harness().context()));
    expect(result.dropped).toBe(0);
    // Majors come in JavaScript's order of integer keys (7 before 8), branches in upstream's.
    expect(result.series).toEqual([
      { series: '7.4', releasedAt: '2019-11-28', activeSupportEnd: '2021-11-28', securitySupportEnd: '2022-11-28', lts: null },
      { series: '8.6', releasedAt: null, activeSupportEnd: null, securitySupportEnd: null, lts: null },
      { series: '8.5', releasedAt: '2025-11-20', activeSupportEnd: '2027-12-31', securitySupportEnd: '2029-12-31', lts: null },
      { series: '8.4', releasedAt: '2024-11-21', activeSupportEnd: '2026-12-31', securitySupportEnd: '2028-12-31', lts: null },
      { series: '8.3', releasedAt: '2023-11-23', activeSupportEnd: '2025-12-31', securitySupportEnd: '2027-12-31', lts: null },
      { series: '8.2', releasedAt: '2022-12-08', activeSupportEnd: '2024-12-31', securitySupportEnd: '2026-12-31', lts: null },
      { series: '8.1', releasedAt: '2021-11-25', activeSupportEnd: '2023-11-25', securitySupportEnd: '2025-12-31', lts: null },
    ]);
  });

  it('keeps the day an offset date names, without moving it to UTC', async () => {
    rewrite((states) => ({ 8: { '8.4': { ...states['8']!['8.4'], security_support_end: '2028-12-31T00:00:00+02:00' } } }));
    const result = found(await phpStates.scrape(source(), harness().context()));
    expect(result.series).toEqual([{ series: '8.4', releasedAt: '2024-11-21', activeSupportEnd: '2026-12-31', securitySupportEnd: '2028-12-31', lts: null }]);
  });

  it('returns not-modified when the stored validators still hold', async () => {
    const validators = createValidatorCache();
    await phpStates.scrape(source(), harness().context({ validators }));
    const again = harness().context({ validators: createValidatorCache(validators.pending()) });
    expect(await phpStates.scrape(source(), again)).toEqual({ status: 'not-modified' });
    expect(harness().upstream.requests.map((r) => [r.conditional, r.status])).toEqual([[false, 200], [true, 304]]);
  });

  it('skips a branch key that is not a series', async () => {
    rewrite((states) => ({ ...states, 8: { ...states['8'], master: states['8']!['8.4'] } }));
    const result = found(await phpStates.scrape(source(), harness().context()));
    expect(result.dropped).toBe(1);
    expect(result.series.map((s) => s.series)).not.toContain('master');
  });

  it('names the field when a date is not ISO 8601', async () => {
    rewrite((states) => ({ ...states, 8: { ...states['8'], '8.4': { ...states['8']!['8.4'], security_support_end: '31 Dec 2028' } } }));
    await expect(phpStates.scrape(source(), harness().context())).rejects.toThrow(
      exactly(`${source().url}: unexpected shape at 8 → 8.4 → security_support_end: expected a date (YYYY-MM-DD) or an ISO 8601 date and time; has the format changed?`),
    );
  });

  it('names what is wrong when the document is not an object of majors', async () => {
    rewrite(() => [{ branch: '8.4' }]);
    await expect(phpStates.scrape(source(), harness().context())).rejects.toThrow(
      exactly(`${source().url}: unexpected shape at (document): expected an object of majors; has the format changed?`),
    );
  });

  it('fails on malformed JSON and on an empty document', async () => {
    harness().upstream.inject({ path: statesPath, fault: { kind: 'malformed-json' }, times: 1 });
    await expect(phpStates.scrape(source(), harness().context())).rejects.toThrow(/states\.php: malformed JSON \(/);
    harness().upstream.inject({ path: statesPath, fault: { kind: 'empty' }, times: 1 });
    await expect(phpStates.scrape(source(), harness().context())).rejects.toThrow(exactly(`${source().url}: lists no branches`));
  });
});
