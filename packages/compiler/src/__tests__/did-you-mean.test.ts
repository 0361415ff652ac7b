import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance, maxSuggestionCandidates, maxSuggestionWordLength } from '../resolve/did-you-mean.js';

/** The whole-table distance the bounded one replaced: the reference its answers must match. */
function fullDistance(a: string, b: string): number {
  const d: number[][] = [];
  for (let i = 0; i <= a.length; i++) d.push([i]);
  for (let j = 1; j <= b.length; j++) (d[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const row = d[i] as number[];
    const up = d[i - 1] as number[];
    for (let j = 1; j <= b.length; j++) {
      let v = Math.min(
        (up[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (up[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        v = Math.min(v, ((d[i - 2] as number[])[j - 2] as number) + 1);
      }
      row[j] = v;
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

/** The suggestion rule as first written: every candidate, the whole table. */
function referenceDidYouMean(word: string, candidates: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    if (candidate === word) continue;
    if (candidate.toLowerCase() === lower) return candidate;
    const limit = Math.min(3, Math.max(1, Math.floor(Math.max(word.length, candidate.length) / 3)));
    const distance = fullDistance(lower, candidate.toLowerCase());
    if (distance <= limit && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Short words over a small alphabet, so near misses (and swaps, and case-only differences) are common. */
const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'A', 'B', '_', 'İ'), maxLength: 14 });

describe('didYouMean', () => {
  it.each([
    ['finsihed', ['running', 'finished', 'failed'], 'finished'],
    ['FAILED', ['running', 'failed'], 'failed'],
    ['warn', ['info', 'warning', 'error'], undefined],
    ['eror', ['info', 'warning', 'error'], 'error'],
    ['artifact_versoin', ['artifact_version', 'artifact_version_string'], 'artifact_version'],
    ['ab', ['xy', 'ac'], 'ac'],
    ['abc', ['abd', 'abe'], 'abd'],
    ['ci', ['ci', 'cx'], 'cx'],
    ['zzzzzz', ['finished'], undefined],
  ] as const)('%s among %j: %s', (w, candidates, expected) => {
    expect(didYouMean(w, candidates)).toBe(expected);
  });

  it('answers as the whole-table rule does, within the caps', () => {
    fc.assert(
      fc.property(word, fc.array(word, { maxLength: 12 }), (w, candidates) => {
        expect(didYouMean(w, candidates)).toBe(referenceDidYouMean(w, candidates));
      }),
      { numRuns: 3000 },
    );
  });

  it(`still suggests for words of ${maxSuggestionWordLength} characters, and not past them`, () => {
    const long = 'a'.repeat(maxSuggestionWordLength);
    expect(didYouMean(`${long.slice(1)}b`, [long])).toBe(long);
    expect(didYouMean(`${long}b`, [`${long}c`])).toBeUndefined();
    expect(didYouMean('ab', [`${long}x`, 'ac'])).toBe('ac');
  });

  it(`considers only the first ${maxSuggestionCandidates} candidates`, () => {
    const filler = Array.from({ length: maxSuggestionCandidates - 1 }, (_, i) => `zz${i}zz`);
    expect(didYouMean('finsihed', [...filler, 'finished'])).toBe('finished');
    expect(didYouMean('finsihed', [...filler, 'x', 'finished'])).toBeUndefined();
  });

  it('returns at once for a 1 MB word and a 1 MB candidate (a full table would need 10^12 cells)', () => {
    const huge = 'a'.repeat(1_000_000);
    expect(didYouMean(`${huge.slice(1)}b`, [huge, 'a'])).toBeUndefined();
  });
});

describe('editDistance', () => {
  it('is the whole-table distance', () => {
    fc.assert(
      fc.property(word, word, (a, b) => {
        expect(editDistance(a, b)).toBe(fullDistance(a, b));
      }),
      { numRuns: 3000 },
    );
  });

  it('with a bound: exact up to it, one past it beyond', () => {
    fc.assert(
      fc.property(word, word, fc.nat(5), (a, b, max) => {
        expect(editDistance(a, b, max)).toBe(Math.min(fullDistance(a, b), max + 1));
      }),
      { numRuns: 3000 },
    );
  });

  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('finsihed', 'finished')).toBe(1);
    expect(editDistance('ab', 'ba', 0)).toBe(1);
  });

  it('bounded, works in the band only: two 200 KB words without a 4 * 10^10-cell table', () => {
    const a = 'ab'.repeat(100_000);
    expect(editDistance(a, `x${a.slice(1)}`, 3)).toBe(1);
    expect(editDistance(a, `${a.slice(4)}xxxx`, 3)).toBe(4);
    // Nothing within 3 after the first rows: it stops there.
    expect(editDistance(a, 'x'.repeat(a.length), 3)).toBe(4);
  });
});
