import { describe, expect, it } from 'vitest';
import { groupReleases, type ReleaseSection } from './release-groups.ts';

// `30.0.3?` is quiet (untested, never run); `30.0.2` has something to say.
function group(versions: string[], minFold = 3): Array<ReleaseSection<string>> {
  return groupReleases(versions, {
    seriesOf: (v) => v.split('.')[0]!,
    quiet: (v) => v.endsWith('?'),
    minFold,
  });
}

function shape(sections: Array<ReleaseSection<string>>): string[] {
  return sections.map((section) => section.kind === 'series'
    ? `${section.group.series}: ${section.group.blocks.map((b) => (b.kind === 'folded' ? `[${b.items.join(' ')}]` : b.items.join(' '))).join(' | ')}`
    : `quiet ${section.groups.map((g) => `${g.series}(${g.items.length})`).join(' ')}`);
}

describe('groupReleases', () => {
  it('groups by series, newest first, keeping the order given', () => {
    expect(shape(group(['30.0.2', '30.0.1', '29.0.9']))).toEqual(['30: 30.0.2 30.0.1', '29: 29.0.9']);
  });

  it('folds a stretch of quiet releases as long as minFold', () => {
    expect(shape(group(['30.0.9', '30.0.8?', '30.0.7?', '30.0.6?', '30.0.5']))).toEqual(['30: 30.0.9 | [30.0.8? 30.0.7? 30.0.6?] | 30.0.5']);
  });

  it('shows a stretch one shorter than minFold row by row', () => {
    expect(shape(group(['30.0.9', '30.0.8?', '30.0.7?', '30.0.5']))).toEqual(['30: 30.0.9 30.0.8? 30.0.7? 30.0.5']);
  });

  it('never folds across series: each series folds its own stretch', () => {
    expect(shape(group(['30.0.2?', '30.0.1?', '29.0.9', '29.0.8?', '29.0.7?', '29.0.6?']))).toEqual(['30: 30.0.2? 30.0.1?', '29: 29.0.9 | [29.0.8? 29.0.7? 29.0.6?]']);
  });

  it('folds consecutive wholly quiet series together, and a lone one inside its own series', () => {
    const old = ['28.0.2?', '28.0.1?', '28.0.0?', '27.0.2?', '27.0.1?', '27.0.0?'];
    expect(shape(group(['29.0.9', ...old]))).toEqual(['29: 29.0.9', 'quiet 28(3) 27(3)']);
    expect(shape(group(['29.0.9', '28.0.2?', '28.0.1?', '28.0.0?', '27.0.0']))).toEqual(['29: 29.0.9', '28: [28.0.2? 28.0.1? 28.0.0?]', '27: 27.0.0']);
  });

  it('a wholly quiet series too short to fold stays rows and interrupts the quiet run', () => {
    expect(shape(group(['29.0.2?', '29.0.1?', '29.0.0?', '28.0.0?', '27.0.2?', '27.0.1?', '27.0.0?']))).toEqual([
      '29: [29.0.2? 29.0.1? 29.0.0?]',
      '28: 28.0.0?',
      '27: [27.0.2? 27.0.1? 27.0.0?]',
    ]);
  });

  it('returns nothing for no releases', () => {
    expect(group([])).toEqual([]);
  });
});
