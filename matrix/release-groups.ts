// Releases as the app pages list them: grouped by series, newest first, with long stretches of
// quiet releases (nothing to say about them) folded away. A watch stores years of history that
// nobody tests; listed row by row it buried the few releases with a verdict (issue 12: 150 rows
// of "Not yet tested" were 38,000 px on a phone).

export interface ReleaseBlock<T> {
  /** `folded`: a stretch of at least `minFold` quiet releases, shown only on demand. */
  kind: 'shown' | 'folded';
  items: T[];
}

export interface SeriesGroup<T> {
  series: string;
  blocks: Array<ReleaseBlock<T>>;
}

export type ReleaseSection<T> =
  | { kind: 'series'; group: SeriesGroup<T> }
  /** Consecutive series in which every release is quiet, folded together. */
  | { kind: 'quiet-series'; groups: Array<{ series: string; items: T[] }> };

export interface GroupOptions<T> {
  seriesOf(item: T): string;
  /** Nothing to say about it (untested, never run): it may be folded away. */
  quiet(item: T): boolean;
  /** Fold stretches of at least this many quiet releases; shorter ones stay rows. */
  minFold: number;
}

/** Groups items (newest first) by series, folding long quiet stretches within a series and runs of wholly quiet series. */
export function groupReleases<T>(items: T[], options: GroupOptions<T>): Array<ReleaseSection<T>> {
  const sections: Array<ReleaseSection<T>> = [];
  for (const group of bySeries(items, options.seriesOf)) {
    const blocks = foldQuiet(group.items, options);
    const whollyQuiet = blocks.length === 1 && blocks[0]!.kind === 'folded';
    const last = sections.at(-1);
    if (whollyQuiet && last?.kind === 'quiet-series') last.groups.push(group);
    else if (whollyQuiet) sections.push({ kind: 'quiet-series', groups: [group] });
    else sections.push({ kind: 'series', group: { series: group.series, blocks } });
  }
  // A lone wholly quiet series reads better as a series of its own with its fold inside.
  return sections.map((section) => section.kind === 'quiet-series' && section.groups.length === 1
    ? { kind: 'series', group: { series: section.groups[0]!.series, blocks: [{ kind: 'folded', items: section.groups[0]!.items }] } }
    : section);
}

/** Consecutive items of the same series; a series that comes back later starts a new group. */
function bySeries<T>(items: T[], seriesOf: (item: T) => string): Array<{ series: string; items: T[] }> {
  const groups: Array<{ series: string; items: T[] }> = [];
  for (const item of items) {
    const series = seriesOf(item);
    const last = groups.at(-1);
    if (last?.series === series) last.items.push(item);
    else groups.push({ series, items: [item] });
  }
  return groups;
}

function foldQuiet<T>(items: T[], options: GroupOptions<T>): Array<ReleaseBlock<T>> {
  const blocks: Array<ReleaseBlock<T>> = [];
  let stretch: T[] = [];
  const shown = (item: T) => {
    const last = blocks.at(-1);
    if (last?.kind === 'shown') last.items.push(item);
    else blocks.push({ kind: 'shown', items: [item] });
  };
  const flush = () => {
    if (stretch.length >= options.minFold) blocks.push({ kind: 'folded', items: stretch });
    else for (const item of stretch) shown(item);
    stretch = [];
  };
  for (const item of items) {
    if (options.quiet(item)) {
      stretch.push(item);
      continue;
    }
    flush();
    shown(item);
  }
  flush();
  return blocks;
}
