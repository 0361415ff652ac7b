/**
 * The lexer checks number tokens with `isJsonNumber`, a loop standing in for
 * the `jsonNumber` regex (the language's definition of a number): the two
 * agree on every spelling, valid or not.
 */

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { isJsonNumber } from '../lexer.js';

/** The language's definition of a number, as a regex. */
const jsonNumber = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?$/;

const spellings = fc
  .array(fc.constantFrom('-', '+', '0', '1', '9', '.', 'e', 'E', 'x', ''), { maxLength: 12 })
  .map((parts) => parts.join(''));

describe('isJsonNumber', () => {
  test('agrees with the jsonNumber regex', () => {
    fc.assert(
      fc.property(spellings, (s) => {
        expect(isJsonNumber(s)).toBe(jsonNumber.test(s));
      }),
      { numRuns: 50_000 },
    );
  });

  test.each(['0', '-0', '12', '0.5', '-1.25e-7', '1E+2', '1e5'])('accepts %s', (s) => {
    expect(isJsonNumber(s)).toBe(true);
  });

  test.each(['', '-', '01', '1.', '.5', '1e', '1e+', '+1', '1.5.2', '0x1'])('rejects "%s"', (s) => {
    expect(isJsonNumber(s)).toBe(false);
  });
});
