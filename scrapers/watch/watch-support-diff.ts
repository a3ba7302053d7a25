// Step 3, for support dates: the app's support sources merged (the first source in catalogue order
// naming a series decides it) and compared with the stored upstream rows. Only rows that are new
// or differ are written; a series upstream no longer lists is left as stored.
import type { PolledSupport } from './watch-support-poll.ts';
import type { UpstreamSupport } from './watch-store.ts';

const compared = ['releasedAt', 'activeSupportEnd', 'securitySupportEnd', 'lts', 'source'] as const;

export function diffSupport(polled: readonly PolledSupport[], stored: ReadonlyMap<string, UpstreamSupport>): UpstreamSupport[] {
  const merged = new Map<string, UpstreamSupport>();
  for (const { series } of polled) {
    for (const row of series ?? []) if (!merged.has(row.series)) merged.set(row.series, row);
  }
  return [...merged.values()].filter((row) => {
    const before = stored.get(row.series);
    return !before || compared.some((field) => before[field] !== row[field]);
  });
}
