/**
 * The scanner tells words apart by their characters as numbers and shares
 * the text of names and strings it saw before: every keyword must still be
 * recognized, every other word must stay a name with its own text, and a
 * shared text must be the token's own.
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse } from '../index.js';
import { referenceTokenize } from '../reference-lexer.js';
import { scan } from '../scanner.js';
import { keywordNames } from '../tokens.js';

function shape(result: ReturnType<typeof scan>) {
  return {
    tokens: result.tokens.map((t) => [t.tokenType.name, t.image, t.startOffset]),
    comments: result.comments.map((t) => [t.image, t.startOffset]),
    errors: result.errors,
  };
}

/** Words near keywords: prefixes, extensions, one character changed, and lengths around 8 and 16. */
function nearWords(): string[] {
  const words: string[] = [];
  for (const k of keywordNames) {
    words.push(k, `${k}s`, `${k}-`, `${k}0`, `_${k}`, k.slice(1), k.slice(0, -1), k.toUpperCase());
    for (let p = 0; p < k.length; p++) words.push(`${k.slice(0, p)}${k[p] === 'a' ? 'b' : 'a'}${k.slice(p + 1)}`);
  }
  for (const n of [7, 8, 9, 15, 16, 17, 30])
    words.push('a'.repeat(n), `${'z'.repeat(n - 1)}-`, `A${'0'.repeat(n - 1)}`);
  words.push('description-', 'automationautomation', 'increasesdecreases', 'r', 'r_', 'r-1');
  return words;
}

describe('scanner words and shared texts', () => {
  it('types every word as Chevrotain’s lexer does', () => {
    const text = nearWords().join(' ');
    expect(shape(scan(text))).toEqual(shape(referenceTokenize(text)));
    for (const t of scan(text).tokens) expect(t.endOffset).toBe(t.startOffset + t.image.length - 1);
    // Twice, so names and strings come back from the scanner's tables.
    const twice = `${text}\n${text}`;
    expect(shape(scan(twice))).toEqual(shape(referenceTokenize(twice)));
  });

  it('agrees with Chevrotain’s lexer on repeated random words and strings', () => {
    const word = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_-]{0,20}$/);
    const str = fc.string({ maxLength: 12 }).map((s) => JSON.stringify(s));
    fc.assert(
      fc.property(fc.array(fc.oneof(word, str, fc.constantFrom(...keywordNames)), { maxLength: 30 }), (parts) => {
        const text = `${parts.join(' ')} ${parts.join('  ')}`;
        expect(shape(scan(text))).toEqual(shape(referenceTokenize(text)));
      }),
      { numRuns: 1500 },
    );
  });

  it('stops right after the last token, before the space after it', () => {
    for (let max = 1; max <= 6; max++) {
      const text = 'on run "x" state failed  -> nothing ';
      const r = scan(text, 0, max);
      const last = r.tokens.at(-1);
      expect(r.end).toBe((last?.startOffset ?? 0) + (last?.image.length ?? 0));
      // Scanning on from there gives what one scan gives.
      const rest = scan(text, r.end);
      expect([...r.tokens, ...rest.tokens].map((t) => [t.image, t.startOffset])).toEqual(
        scan(text).tokens.map((t) => [t.image, t.startOffset]),
      );
    }
  });

  it('parses the same in chunks when rules are longer than a chunk', () => {
    const rule = (n: number) =>
      `automation "r${n}"\non run metric "m" > 1 where ${Array.from({ length: n }, (_, k) => `run.name == "x${k}"`).join(' or ')} -> nothing\n`;
    const text = [3, 40, 2, 90, 1, 5, 60, 2].map(rule).join('\n# c\n') + 'on run metric "y" > 01 @ -> nothing\n';
    const whole = JSON.stringify(parse(text, { chunkTokens: 1e9 }));
    for (const size of [1, 3, 16, 50, 100, 300]) expect(JSON.stringify(parse(text, { chunkTokens: size }))).toBe(whole);
  });
});
