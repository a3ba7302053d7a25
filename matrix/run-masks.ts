// Clause 1 of the rule as bitsets. The runs of one release, newest first, become rows of bits
// (bit p of a row stands for the release's p-th newest run):
//   - `usable`: runs that can be relevant at all (not a failure blaming an app the registry does not know);
//   - per other app B and series s the run names: runs that lack B or have it at s ("agree with a
//     server that runs B at s", clause 1b);
//   - per other app B: runs that lack B ("agree with a server running B at a series no run names");
//   - per app B some failure blames: runs that do not blame B ("count on a server without B", 1c).
// A server's relevant runs are the AND of one row per app, so the deciding run is the first set
// bit, found 32 runs per word operation; a word that turns 0 stops the ANDs early.
import type { Evidence } from './contract.ts';

/** What compiling needs of the registry (structural, so this module does not import the index). */
export interface MaskSource {
  store: {
    componentStart: Int32Array;
    componentReleases: Int32Array;
    componentBlamed: Uint8Array;
    blamesUnknown: Uint8Array;
  };
  releaseList: ReadonlyArray<{ appIndex: number; seriesId: number }>;
}


export interface ReleaseMasks {
  /** Runs of the release. */
  size: number;
  /** 32-bit words per row. */
  words: number;
  /** Rows of `words` words each; row 0 is `usable`. */
  bits: Uint32Array;
  /** Other apps the runs name or blame, by app index. */
  apps: Int32Array;
  /** Per entry of `apps`: the row of runs lacking the app, or -1 when every run has it. */
  lacking: Int32Array;
  /** Per entry of `apps`: the row of runs not blaming the app, or -1 when none blames it. */
  notBlaming: Int32Array;
  /** Per entry of `apps`: its series rows are seriesIds/seriesRows[seriesStart[k] .. seriesStart[k + 1]). */
  seriesStart: Int32Array;
  seriesIds: Int32Array;
  seriesRows: Int32Array;
  /**
   * Runs of this release as evidence, by position, made when first quoted: a run never changes,
   * and the same few runs are quoted to many servers. Dropped with the masks when a run is added.
   */
  evidence: Map<number, Evidence>;
}

/** At most this many runs of one release are kept as evidence (the few that are quoted again and again). */
export const quotedRuns = 256;

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
  let rowCount = 1;
  for (const appIndex of apps) rowCount += 2 + (bySeries.get(appIndex)?.size ?? 0);
  const bits = new Uint32Array(rowCount * words);
  let nextRow = 0;
  const newRow = (ones: boolean): number => {
    const row = nextRow++;
    if (ones) fillOnes(bits, row * words, size);
    return row;
  };
  const usable = newRow(true);
  for (const position of unusable) clearBit(bits, usable * words, position);

  const lacking = new Int32Array(apps.length).fill(-1);
  const notBlaming = new Int32Array(apps.length).fill(-1);
  const seriesStart = new Int32Array(apps.length + 1);
  const seriesIds: number[] = [];
  const seriesRows: number[] = [];
  for (const [k, appIndex] of apps.entries()) {
    seriesStart[k] = seriesIds.length;
    const series = bySeries.get(appIndex);
    if (series) {
      const lackRow = newRow(true);
      for (const positions of series.values()) for (const position of positions) clearBit(bits, lackRow * words, position);
      lacking[k] = lackRow;
      for (const [seriesId, positions] of [...series.entries()].sort((a, b) => a[0] - b[0])) {
        const row = newRow(false);
        bits.copyWithin(row * words, lackRow * words, (lackRow + 1) * words);
        for (const position of positions) setBit(bits, row * words, position);
        seriesIds.push(seriesId);
        seriesRows.push(row);
      }
    }
    const blamed = blaming.get(appIndex);
    if (blamed) {
      const row = newRow(true);
      for (const position of blamed) clearBit(bits, row * words, position);
      notBlaming[k] = row;
    }
  }
  seriesStart[apps.length] = seriesIds.length;
  return {
    size, words, bits: nextRow * words === bits.length ? bits : bits.slice(0, nextRow * words),
    apps: Int32Array.from(apps), lacking, notBlaming, seriesStart, seriesIds: Int32Array.from(seriesIds), seriesRows: Int32Array.from(seriesRows),
    evidence: new Map(),
  };
}

/**
 * Writes into `rows` the word offsets of the rows whose AND (with row 0, `usable`) is the server's
 * relevant runs (clause 1); returns how many, or -1 when no run can be relevant. `rows` must hold
 * at least masks.apps.length entries.
 */
export function fillRows(rows: Int32Array, masks: ReleaseMasks, server: SeriesVector): number {
  const { words, apps, seriesStart, seriesIds, seriesRows } = masks;
  let count = 0;
  for (let k = 0; k < apps.length; k++) {
    const series = server[apps[k]!]!;
    if (series === ABSENT) {
      const row = masks.notBlaming[k]!;
      if (row >= 0) rows[count++] = row * words;
      continue;
    }
    let row = masks.lacking[k]!;
    for (let i = seriesStart[k]!; i < seriesStart[k + 1]!; i++) {
      if (seriesIds[i] === series) {
        row = seriesRows[i]!;
        break;
      }
    }
    if (row < 0) return -1;
    rows[count++] = row * words;
  }
  return count;
}

/** Positions (newest first) of the relevant runs, at most `limit`; a word's AND stops at the first row that clears it. */
export function relevantPositions(masks: ReleaseMasks, rows: Int32Array, count: number, limit: number): number[] {
  const found: number[] = [];
  if (count < 0) return found;
  const { bits, words } = masks;
  for (let w = 0; w < words; w++) {
    let acc = bits[w]!;
    for (let r = 0; r < count && acc !== 0; r++) acc &= bits[rows[r]! + w]!;
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
  const { bits, words } = masks;
  for (let w = 0; w < words; w++) {
    let acc = bits[w]!;
    for (let r = 0; r < count && acc !== 0; r++) acc &= bits[rows[r]! + w]!;
    if (acc !== 0) return w * 32 + (31 - Math.clz32(acc & -acc));
  }
  return -1;
}

function fillOnes(bits: Uint32Array, offset: number, size: number): void {
  const full = size >>> 5;
  bits.fill(0xffffffff, offset, offset + full);
  const rest = size & 31;
  if (rest > 0) bits[offset + full] = (2 ** rest - 1) >>> 0;
}

function setBit(bits: Uint32Array, offset: number, position: number): void {
  bits[offset + (position >>> 5)]! |= 1 << (position & 31);
}

function clearBit(bits: Uint32Array, offset: number, position: number): void {
  bits[offset + (position >>> 5)]! &= ~(1 << (position & 31));
}
