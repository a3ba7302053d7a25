// Step 3: what the polled sources of an app bring that is not stored yet. The sources' lists are
// merged (the first source naming a version decides, normalize.ts), versions not stored are new,
// and on stored ones only flags turning on and dates filling gaps count.
import { mergeSources, type NormalizedRelease } from '../normalize.ts';
import type { PolledSource } from './watch-poll.ts';
import type { KnownReleases, NewRelease, ReleaseAnnotation, StoredFlags } from './watch-store.ts';

export interface AppDiff {
  newReleases: NewRelease[];
  annotations: ReleaseAnnotation[];
}

export function diffApp(polled: readonly PolledSource[], known: KnownReleases): AppDiff {
  const lists = polled.flatMap((p) => (p.releases ? [p.releases] : []));
  const merged = mergeSources(lists, known.versions);
  const originOf = (version: string) =>
    polled.find((p) => p.releases && !p.releases.annotateOnly && p.releases.releases.some((r) => r.version === version))?.result.kind ?? 'watch';
  return {
    newReleases: merged.filter((release) => !known.versions.has(release.version)).map((release) => ({ ...release, origin: originOf(release.version) })),
    annotations: annotationsFor(known.versions, merged),
  };
}

/** The annotations a merged list brings to stored releases; flags only turn on, dates only fill gaps. */
export function annotationsFor(known: ReadonlyMap<string, StoredFlags>, merged: readonly NormalizedRelease[]): ReleaseAnnotation[] {
  const annotations: ReleaseAnnotation[] = [];
  for (const release of merged) {
    const stored = known.get(release.version);
    if (!stored) continue;
    const annotation: ReleaseAnnotation = { version: release.version };
    if (release.security && !stored.security) annotation.security = true;
    if (release.insecure && !stored.insecure) annotation.insecure = true;
    if (release.publishedAt && !stored.hasDate) annotation.publishedAt = release.publishedAt;
    if (Object.keys(annotation).length > 1) annotations.push(annotation);
  }
  return annotations;
}
