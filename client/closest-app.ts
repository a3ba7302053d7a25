// "nextclod: unknown app; did you mean nextcloud?" — the known id fewest edits away.

/** The closest id, when it is near enough to be the one meant (a third of the name's length, at least 2 edits). */
export function closestApp(typed: string, known: string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const id of known) {
    const distance = editDistance(typed.toLowerCase(), id);
    if (distance < bestDistance) {
      best = id;
      bestDistance = distance;
    }
  }
  return best !== null && bestDistance <= Math.max(2, Math.floor(typed.length / 3)) ? best : null;
}

/** Levenshtein distance, one row at a time. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length]!;
}
