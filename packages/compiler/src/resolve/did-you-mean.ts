/**
 * "Did you mean" suggestions for misspelled names (states, severities,
 * fields, integrations, template variables).
 *
 * A suggestion is a courtesy, so its cost is bounded whatever the input: a
 * check of a file with a 1 MB identifier, or with thousands of misspelled
 * names, must not spend its time here. Only distances up to 3 are ever
 * accepted, so a candidate whose length differs by more is skipped unread,
 * and the distance is computed in the diagonal band that can still hold an
 * answer, stopping as soon as none can.
 */

/** The largest distance ever accepted: the limit for a word of 9 characters or more. */
const maxDistance = 3;

/**
 * Words and candidates longer than this are not compared (W&B names stop at
 * 255 characters, and a typo of a longer word is not worth pointing out).
 */
export const maxSuggestionWordLength = 255;

/** Only the first candidates are considered, so one lookup costs at most this many comparisons. */
export const maxSuggestionCandidates = 1000;

/**
 * The candidate closest to `word`, or `undefined` when none is close enough
 * to be a plausible typo. A case-only difference always wins; otherwise the
 * optimal-string-alignment distance must be at most a third of the longer
 * word (at least 1, at most 3). Ties go to the earlier candidate, so the
 * answer is deterministic. Words longer than {@link maxSuggestionWordLength}
 * get no suggestion, and only the first {@link maxSuggestionCandidates}
 * candidates are considered.
 */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  if (word.length > maxSuggestionWordLength) return undefined;
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = maxDistance + 1;
  let considered = 0;
  for (const candidate of candidates) {
    if (++considered > maxSuggestionCandidates) break;
    if (candidate === word || candidate.length > maxSuggestionWordLength) continue;
    const candidateLower = candidate.toLowerCase();
    if (candidateLower === lower) return candidate;
    const limit = Math.min(maxDistance, Math.max(1, Math.floor(Math.max(word.length, candidate.length) / 3)));
    // Only a distance under the best so far can win: look no further than that.
    const bound = Math.min(limit, bestDistance - 1);
    if (bound < 1 || Math.abs(candidateLower.length - lower.length) > bound) continue;
    const distance = editDistance(lower, candidateLower, bound);
    if (distance <= bound) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** The rows {@link editDistance} works in for words no longer than a suggestion's. */
const scratch: readonly [Int32Array, Int32Array, Int32Array] = [
  new Int32Array(maxSuggestionWordLength + 1),
  new Int32Array(maxSuggestionWordLength + 1),
  new Int32Array(maxSuggestionWordLength + 1),
];

/**
 * Optimal string alignment distance: Levenshtein plus swaps of two
 * neighbours (`finsihed`). With `max`, the answer is exact up to `max` and
 * `max + 1` for anything further, and the work is the diagonal band of
 * width `2 * max + 1` (stopping at the first row with nothing within `max`)
 * instead of the whole table.
 */
export function editDistance(a: string, b: string, max: number = Math.max(a.length, b.length)): number {
  if (a === b) return 0;
  const far = max + 1;
  if (Math.abs(a.length - b.length) > max) return far;
  const n = b.length;
  // Three rolling rows (two back for swaps), reused from call to call for
  // short words. Each row is written over its band and the cell on either
  // side, which holds `far`; those are the only cells the next two rows read.
  const reuse = n <= maxSuggestionWordLength;
  let before = reuse ? scratch[0] : new Int32Array(n + 1);
  let previous = reuse ? scratch[1] : new Int32Array(n + 1);
  let current = reuse ? scratch[2] : new Int32Array(n + 1);
  for (let j = 0; j <= Math.min(n, max); j++) previous[j] = j;
  if (max < n) previous[max + 1] = far;
  for (let i = 1; i <= a.length; i++) {
    const lo = Math.max(1, i - max);
    const hi = Math.min(n, i + max);
    current[lo - 1] = lo === 1 ? Math.min(i, far) : far;
    let rowMin = current[lo - 1] as number;
    const ai = a.charCodeAt(i - 1);
    for (let j = lo; j <= hi; j++) {
      const bj = b.charCodeAt(j - 1);
      let v = Math.min(
        (previous[j] as number) + 1,
        (current[j - 1] as number) + 1,
        (previous[j - 1] as number) + (ai === bj ? 0 : 1),
      );
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj) {
        v = Math.min(v, (before[j - 2] as number) + 1);
      }
      if (v > far) v = far;
      current[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (hi < n) current[hi + 1] = far;
    // Rows never get better (every cell is at least one of the row above's
    // cells, or a swap no cheaper than the cell beside it), so stop here.
    if (rowMin > max) return far;
    const free = before;
    before = previous;
    previous = current;
    current = free;
  }
  return Math.min(previous[n] as number, far);
}
