/** "Did you mean …?": the closest known word to a mistyped one, as git and ESLint suggest. */

/** Edit distance where swapping two neighbours counts as one edit (optimal string alignment). */
function distance(a: string, b: string): number {
  if (a === b) return 0;
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, (before[j - 2] ?? 0) + 1);
      cur.push(d);
    }
    before = prev;
    prev = cur;
  }
  return prev[b.length] ?? Math.max(a.length, b.length);
}

/**
 * The known word nearest to `word` when it is close enough to be a typo (at most a third of its
 * length in edits, at least one), or one that starts with it; undefined otherwise.
 */
export function closest(word: string, known: Iterable<string>): string | undefined {
  if (word.length > 200) return undefined;
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestScore = Infinity;
  for (const k of known) {
    const d = distance(w, k.toLowerCase());
    if (d < bestScore) {
      best = k;
      bestScore = d;
    }
  }
  if (best !== undefined && bestScore <= Math.max(1, Math.floor(word.length / 3))) return best;
  for (const k of known) if (w.length >= 3 && k.toLowerCase().startsWith(w)) return k;
  return undefined;
}

/** " (did you mean X?)" or "". */
export function didYouMean(word: string, known: Iterable<string>, format: (s: string) => string = s => s): string {
  const hit = closest(word, known);
  return hit === undefined ? '' : ` (did you mean ${format(hit)}?)`;
}
