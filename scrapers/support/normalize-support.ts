// The normalising step of support sources: each series read in the app's scheme and cut to the
// app's series length (`8.4`, `11.4`, Debian's `13`), as the app's releases are, so the dates meet
// the releases they are about. A series that cannot be read is dropped and counted; the first
// entry naming a series decides it.
import { parseVersion, seriesOf, type VersionScheme } from '../../matrix/versions.ts';
import type { ScrapedSupport } from './support-kind.ts';

export interface NormalizedSupport {
  series: ScrapedSupport[];
  /** Series upstream wrote that the app's scheme cannot read. */
  unreadable: string[];
}

export function normalizeSupport(list: readonly ScrapedSupport[], app: { scheme: VersionScheme; seriesParts: number }): NormalizedSupport {
  const bySeries = new Map<string, ScrapedSupport>();
  const unreadable: string[] = [];
  for (const entry of list) {
    const parsed = parseVersion(entry.series, app.scheme);
    if (!parsed) {
      unreadable.push(entry.series);
      continue;
    }
    const series = seriesOf(parsed, app.seriesParts, app.scheme);
    if (!bySeries.has(series)) bySeries.set(series, { ...entry, series });
  }
  return { series: [...bySeries.values()], unreadable };
}
