// The bitsets' AND against a plain reading of clause 1, run by run: releases with hundreds of runs
// (many words per row), where apps are often or rarely missing and some series are rare.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ABSENT, compileMasks, ELSEWHERE, fillRows, firstRelevant, NONE_LEFT, passedAt, relevantPositions, type MaskSource } from './run-masks.ts';

interface Run {
  /** Per other app (1..3): its series id, or null when the run lacks it. */
  series: Array<number | null>;
  blamed: boolean[];
  blamesUnknown: boolean;
  passed: boolean;
}

// Release list: index 0 is the judged release (app 0); then for apps 1..3, one release per series 0..5.
const seriesCount = 6;
const releaseOf = (app: number, series: number) => 1 + (app - 1) * seriesCount + series;

function sourceOf(runs: Run[]): MaskSource {
  const componentStart: number[] = [0];
  const componentReleases: number[] = [];
  const componentBlamed: number[] = [];
  for (const run of runs) {
    componentReleases.push(0);
    componentBlamed.push(0);
    run.series.forEach((series, k) => {
      if (series === null) return;
      componentReleases.push(releaseOf(k + 1, series));
      componentBlamed.push(run.blamed[k] ? 1 : 0);
    });
    componentStart.push(componentReleases.length);
  }
  const releaseList = [{ appIndex: 0, seriesId: 0 }];
  for (let app = 1; app <= 3; app++) for (let s = 0; s < seriesCount; s++) releaseList.push({ appIndex: app, seriesId: s });
  return {
    store: {
      componentStart: Int32Array.from(componentStart),
      componentReleases: Int32Array.from(componentReleases),
      componentBlamed: Uint8Array.from(componentBlamed),
      blamesUnknown: Uint8Array.from(runs.map((r) => (r.blamesUnknown ? 1 : 0))),
      verdicts: Uint8Array.from(runs.map((r) => (r.passed ? 0 : 1))),
    },
    releaseList,
  };
}

/** Clause 1 for one run, read plainly: agrees on every app both have, blames only what the server runs. */
function relevant(run: Run, server: number[]): boolean {
  if (run.blamesUnknown) return false;
  return run.series.every((series, k) => {
    const at = server[k + 1]!;
    if (series === null) return true;
    if (at === ABSENT) return !run.blamed[k];
    return series === at;
  });
}

// One series is common, the others rare, so rows of a rare series are sparse; a common series
// other than 0 leaves the low series ids unnamed (a table that does not start at 0).
const seriesArb = (common: number) => fc.oneof({ weight: 12, arbitrary: fc.constant(common) }, { weight: 1, arbitrary: fc.integer({ min: common, max: seriesCount - 1 }) });
// `lacking`: one run in so many lacks a given app (rare: its "lacks or has series s" rows are sparse).
const runArb = (lacking: number, common: number) => fc.record({
  series: fc.tuple(...[1, 2, 3].map(() => fc.option(seriesArb(common), { nil: null, freq: lacking }))),
  blamed: fc.tuple(fc.boolean(), fc.boolean(), fc.boolean()),
  blamesUnknown: fc.integer({ min: 0, max: 19 }).map((n) => n === 0),
  passed: fc.boolean(),
});
// Up to 64 runs (one or two words: the rows are ANDed as they are found), up to 700 and up to
// 2,200 (as many runs as a release has in a registry of a million).
const runsArb = fc.tuple(fc.constantFrom(3, 8, 1000), fc.constantFrom(40, 64, 700, 2200), fc.constantFrom(0, 0, 3)).chain(([lacking, most, common]) => fc.array(runArb(lacking, common), { minLength: 0, maxLength: most, size: 'max' }));
const serverArb = fc.tuple(fc.constant(0), ...[1, 2, 3].map(() => fc.oneof(fc.constant(ABSENT), fc.constant(ELSEWHERE), fc.integer({ min: 0, max: seriesCount - 1 }))));

describe('the relevance bitsets', () => {
  it('find the same relevant runs as a plain scan, dense rows and sparse ones alike', () => {
    fc.assert(
      fc.property(runsArb, serverArb, fc.integer({ min: 1, max: 8 }), (runs, server, limit) => {
        const masks = compileMasks(sourceOf(runs), { appIndex: 0, runs: runs.map((_run, i) => i) });
        const rows = new Int32Array(8);
        const vector = Int32Array.from(server);
        const expected = runs.flatMap((run, position) => (relevant(run, server) ? [position] : []));
        expect(firstRelevant(masks, rows, fillRows(rows, masks, vector))).toBe(expected[0] ?? -1);
        expect(relevantPositions(masks, rows, fillRows(rows, masks, vector), limit)).toEqual(expected.slice(0, limit));
        // Stopping early (releases of up to 64 runs) only ever says what the full AND says.
        const stopped = fillRows(rows, masks, vector, true);
        if (stopped === NONE_LEFT) expect(expected).toEqual([]);
        else expect(firstRelevant(masks, rows, stopped)).toBe(expected[0] ?? -1);
        // A status reads the verdict from the masks: the same as the run's.
        expect(runs.map((_run, position) => passedAt(masks, position))).toEqual(runs.map((run) => run.passed));
      }),
      { numRuns: 300 },
    );
  });
});
