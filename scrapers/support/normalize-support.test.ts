// Support series read in the app's scheme and cut to its series length, as its releases are.
import { describe, expect, it } from 'vitest';
import { normalizeSupport } from './normalize-support.ts';

const entry = (series: string, securitySupportEnd: string | null = null) => ({ series, releasedAt: null, activeSupportEnd: null, securitySupportEnd, lts: null });

describe('normalizeSupport', () => {
  it('spells each series as the app does, the first entry of a series deciding', () => {
    expect(normalizeSupport([entry('8.4', '2028-12-31'), entry('08.4', '2099-01-01'), entry('v8.3'), entry('11.4.2')], { scheme: 'semver', seriesParts: 2 })).toEqual({
      series: [entry('8.4', '2028-12-31'), entry('8.3'), entry('11.4')],
      unreadable: [],
    });
    expect(normalizeSupport([entry('13'), entry('12.5')], { scheme: 'debian', seriesParts: 1 }).series.map((s) => s.series)).toEqual(['13', '12']);
  });

  it('drops and names a series the scheme cannot read', () => {
    expect(normalizeSupport([entry('next'), entry('8.4')], { scheme: 'semver', seriesParts: 2 })).toEqual({ series: [entry('8.4')], unreadable: ['next'] });
  });
});
