// Clause 1 of the rule as bitsets. The runs of one release, newest first, become rows of bits
// (bit p of a row stands for the release's p-th newest run):
//   - `usable`: runs that can be relevant at all (not a failure blaming an app the registry does not know);
//   - per other app B and series s the run names: runs that lack B or have it at s ("agree with a
//     server that runs B at s", clause 1b);
//   - per other app B: runs that lack B ("agree with a server running B at a series no run names");
//   - per app B some failure blames: runs that do not blame B ("count on a server without B", 1c).
// A server's relevant runs are the AND of one row per app, so the deciding run is the first set
// bit, found 32 runs per word operation; a word that turns 0 stops the ANDs early.
//
// A release's rows and the tables that pick them are one Int32Array, with no object around it: a
// check reads a hundred releases it has not read before, and each separate array or object would
// cost a cache miss of its own before the first word is read.

/** What compiling needs of the registry (structural, so this module does not import the index). */
export interface MaskSource {
  store: {
    componentStart: Int32Array;
    componentReleases: Int32Array;
    componentBlamed: Uint8Array;
    blamesUnknown: Uint8Array;
    /** 0 for a pass. */
    verdicts: Uint8Array;
  };
  releaseList: ReadonlyArray<{ appIndex: number; seriesId: number }>;
}


/**
 * One release's masks: header, tables, then rows (see the offsets below). Per entry k of the apps
 * the runs name or blame: its app index, the row of runs lacking it (-1 when every run has it), the
 * row of runs not blaming it (-1 when none blames it), and its series table: the row of a server
 * running the app at seriesId s is table[start + s - base] for base <= s < base + width, else the
 * lacking row. A table spans only the series the runs name (a few: a release is tested near its
 * own time), so a check's reads of one release stay within a few cache lines. The row of runs that
 * passed gives a status without reading the run.
 */
export type ReleaseMasks = Int32Array;

// Header fields.
const WORDS = 0;
const APPS = 1;
const BITS = 2;
/** 1 when every run is usable: row 0 is then left out of the AND. */
const ALL_USABLE = 3;
/** Offset of the row of runs that passed. */
const PASSED = 4;
const HEADER = 5;
// Per app entry k, at HEADER + k * ENTRY.
const ENTRY = 6;
const APP = 0;
const LACKING = 1;
const NOT_BLAMING = 2;
const TABLE = 3;
const WIDTH = 4;
const BASE = 5;

/** A server, as the masks read it: per app index, the seriesId it runs, ABSENT, or ELSEWHERE. */
export type SeriesVector = Int32Array;
/** The server does not run the app. */
export const ABSENT = -1;
/** The server runs the app at a series no release of the registry has. */
export const ELSEWHERE = -2;

export function compileMasks(registry: MaskSource, release: { appIndex: number; runs: number[] }): ReleaseMasks {
  const { store, releaseList } = registry;
  const size = release.runs.length;
  const words = Math.max(1, Math.ceil(size / 32));
  // Per other app: positions that have it, by series; positions that blame it.
  const bySeries = new Map<number, Map<number, number[]>>();
  const blaming = new Map<number, number[]>();
  const unusable: number[] = [];
  for (const [position, slot] of release.runs.entries()) {
    if (store.blamesUnknown[slot] === 1) unusable.push(position);
    for (let at = store.componentStart[slot]!; at < store.componentStart[slot + 1]!; at++) {
      const other = releaseList[store.componentReleases[at]!]!;
      if (other.appIndex === release.appIndex) continue;
      let series = bySeries.get(other.appIndex);
      if (!series) bySeries.set(other.appIndex, (series = new Map()));
      let positions = series.get(other.seriesId);
      if (!positions) series.set(other.seriesId, (positions = []));
      positions.push(position);
      if (store.componentBlamed[at] === 1) {
        let list = blaming.get(other.appIndex);
        if (!list) blaming.set(other.appIndex, (list = []));
        list.push(position);
      }
    }
  }
  const apps = [...new Set([...bySeries.keys(), ...blaming.keys()])].sort((a, b) => a - b);
  let rowCount = 2;
  let tableSize = 0;
  for (const appIndex of apps) {
    const series = bySeries.get(appIndex);
    if (series) {
      rowCount += 1 + series.size;
      tableSize += Math.max(...series.keys()) - Math.min(...series.keys()) + 1;
    }
    if (blaming.has(appIndex)) rowCount += 1;
  }
  const data = new Int32Array(HEADER + apps.length * ENTRY + tableSize + rowCount * words);
  let nextTable = HEADER + apps.length * ENTRY;
  const bitsStart = nextTable + tableSize;
  let nextRow = 0;
  const newRow = (ones: boolean): number => {
    const offset = bitsStart + nextRow++ * words;
    if (ones) fillOnes(data, offset, size);
    return offset;
  };
  const usable = newRow(true);
  for (const position of unusable) clearBit(data, usable, position);
  const passed = newRow(false);
  for (const [position, slot] of release.runs.entries()) if (store.verdicts[slot] === 0) setBit(data, passed, position);
  for (const [k, appIndex] of apps.entries()) {
    const entry = HEADER + k * ENTRY;
    data[entry + APP] = appIndex;
    data[entry + LACKING] = -1;
    data[entry + NOT_BLAMING] = -1;
    const series = bySeries.get(appIndex);
    if (series) {
      const lacking = newRow(true);
      for (const positions of series.values()) for (const position of positions) clearBit(data, lacking, position);
      data[entry + LACKING] = lacking;
      const base = Math.min(...series.keys());
      const width = Math.max(...series.keys()) - base + 1;
      data[entry + TABLE] = nextTable - base;
      data[entry + WIDTH] = width;
      data[entry + BASE] = base;
      data.fill(lacking, nextTable, nextTable + width);
      for (const [seriesId, positions] of series) {
        const row = newRow(false);
        data.copyWithin(row, lacking, lacking + words);
        for (const position of positions) setBit(data, row, position);
        data[nextTable + seriesId - base] = row;
      }
      nextTable += width;
    }
    const blamed = blaming.get(appIndex);
    if (blamed) {
      const row = newRow(true);
      for (const position of blamed) clearBit(data, row, position);
      data[entry + NOT_BLAMING] = row;
    }
  }
  data[WORDS] = words;
  data[APPS] = apps.length;
  data[BITS] = bitsStart;
  data[ALL_USABLE] = unusable.length === 0 ? 1 : 0;
  data[PASSED] = passed;
  return data;
}

/**
 * Writes into `rows` the offsets (in masks.data) of the rows whose AND is the server's relevant
 * runs (clause 1); returns how many (at least 1), or -1 when no run can be relevant. `rows` must
 * hold at least one entry more than the apps the registry has.
 */
export function fillRows(rows: Int32Array, data: ReleaseMasks, server: SeriesVector, stopWhenNone = false): number {
  const apps = data[APPS]!;
  const words = data[WORDS]!;
  // A release of one or two words (64 runs at most, most of them) is ANDed as its rows are found,
  // so a candidate no run is relevant to stops at the row that clears the last one.
  const track = stopWhenNone && words <= 2;
  let newest = -1;
  let older = words === 2 ? -1 : 0;
  let count = 0;
  // Row 0 (usable) only when some run blames an app the registry does not know.
  if (data[ALL_USABLE] === 0) rows[count++] = data[BITS]!;
  // The apps the server runs first: their rows clear every run at another series, while an absent
  // app's row clears only the failures that blame it, so an untested candidate stops sooner.
  for (let absent = 0; absent < 2; absent++) {
    for (let entry = HEADER; entry < HEADER + apps * ENTRY; entry += ENTRY) {
      const series = server[data[entry + APP]!]!;
      let row: number;
      if (series === ABSENT) {
        if (absent === 0) continue;
        row = data[entry + NOT_BLAMING]!;
        if (row < 0) continue;
      } else {
        if (absent === 1) continue;
        const base = data[entry + BASE]!;
        row = series >= base && series - base < data[entry + WIDTH]! ? data[data[entry + TABLE]! + series]! : data[entry + LACKING]!;
        if (row < 0) return -1;
      }
      rows[count++] = row;
      if (track) {
        newest &= data[row]!;
        if (words === 2) older &= data[row + 1]!;
        if ((newest | older) === 0) return NONE_LEFT;
      }
    }
  }
  if (count === 0) rows[count++] = data[BITS]!;
  return count;
}

/** fillRows with stopWhenNone: no run is relevant, and `rows` was left unfinished. */
export const NONE_LEFT = -3;

/** Positions (newest first) of the relevant runs, at most `limit`. */
export function relevantPositions(masks: ReleaseMasks, rows: Int32Array, count: number, limit: number): number[] {
  const found: number[] = [];
  if (count < 0) return found;
  const words = masks[WORDS]!;
  for (let w = 0; w < words; w++) {
    let acc = andWord(masks, rows, count, w);
    while (acc !== 0) {
      found.push(w * 32 + (31 - Math.clz32(acc & -acc)));
      if (found.length === limit) return found;
      acc &= acc - 1;
    }
  }
  return found;
}

/** The newest relevant run's position, or -1: the status needs nothing more. */
export function firstRelevant(masks: ReleaseMasks, rows: Int32Array, count: number): number {
  if (count < 0) return -1;
  const words = masks[WORDS]!;
  for (let w = 0; w < words; w++) {
    const acc = andWord(masks, rows, count, w);
    if (acc !== 0) return w * 32 + (31 - Math.clz32(acc & -acc));
  }
  return -1;
}

/** Word `w` of the rows' AND; stops at the first row that clears it. */
function andWord(data: Int32Array, rows: Int32Array, count: number, w: number): number {
  let acc = data[rows[0]! + w]!;
  for (let r = 1; r < count && acc !== 0; r++) acc &= data[rows[r]! + w]!;
  return acc;
}

/** The first word of a row (its 32 newest runs), by the offset fillRows gave. */
export function newestWord(masks: ReleaseMasks, row: number): number {
  return masks[row]!;
}

/** Whether the run at `position` (newest first) passed. */
export function passedAt(masks: ReleaseMasks, position: number): boolean {
  return (masks[masks[PASSED]! + (position >>> 5)]! & (1 << (position & 31))) !== 0;
}

function fillOnes(bits: Int32Array, offset: number, size: number): void {
  const full = size >>> 5;
  bits.fill(-1, offset, offset + full);
  const rest = size & 31;
  if (rest > 0) bits[offset + full] = (2 ** rest - 1) | 0;
}

function setBit(bits: Int32Array, offset: number, position: number): void {
  bits[offset + (position >>> 5)]! |= 1 << (position & 31);
}

function clearBit(bits: Int32Array, offset: number, position: number): void {
  bits[offset + (position >>> 5)]! &= ~(1 << (position & 31));
}
