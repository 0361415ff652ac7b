/**
 * The lexer looks only into the tokens `scan` lists in `checks`: every token
 * left out must be one the lexer has nothing to say about (not a number, not
 * a malformed kind, not a raw string, and not a string with an escape, a
 * control character or a surrogate inside its quotes).
 */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scan } from '../scanner.js';

const pieces = [
  ' ',
  '\n',
  '\r\n',
  '\t',
  '"x"',
  '"a\\nb"',
  '"\u0001"',
  '"\ud83d\ude00"',
  '"\ud800"',
  'r"\\d"',
  'r"',
  '"',
  "'x'",
  '\u201cx\u201d',
  '${x}',
  '1',
  '-0.5',
  '01',
  '1e',
  'on',
  'name',
  '->',
  '{',
  '}',
  ':',
  ',',
  '%',
  '#c',
  '\\',
];

const lexerKinds = new Set([
  'Number',
  'UnterminatedString',
  'UnterminatedRawString',
  'MisquotedString',
  'TemplateOutsideString',
  'RawString',
]);

function needsLook(type: string, image: string): boolean {
  if (lexerKinds.has(type)) return true;
  if (type !== 'String') return false;
  for (let i = 1; i < image.length - 1; i++) {
    const c = image.charCodeAt(i);
    if (c === 92 || c < 0x20 || (c >= 0xd800 && c <= 0xdfff)) return true;
  }
  return false;
}

describe('scan checks', () => {
  it('lists every token the lexer must look into, in order', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 30 }), (parts) => {
        const result = scan(parts.join(''));
        const listed = new Set(result.checks);
        expect([...result.checks]).toEqual([...listed].sort((a, b) => a - b));
        result.tokens.forEach((token, i) => {
          if (needsLook(token.tokenType.name, token.image)) expect(listed.has(i)).toBe(true);
        });
      }),
      { numRuns: 3000 },
    );
  });
});
