/**
 * Lowering copies a number's text into the payload when `isSdkSpelling` says
 * it already is the SDK's spelling of its value, skipping the conversion to a
 * double and back. These properties hold that shortcut equal to the long way
 * (`numberFromText` then `stringifyNumber`) on every spelling it accepts, and
 * `spelledValue` equal to it on any spelling.
 */

import type { NumberLiteral } from '@wbrules/dsl';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { numberFromText, stringifyNumber } from '../json/json-text.js';
import { isSdkSpelling, numberValue, signOf, spelledValue } from '../json/number-spelling.js';

const digits = (min: number, max: number) =>
  fc.array(fc.constantFrom(...'0123456789'), { minLength: min, maxLength: max }).map((d) => d.join(''));

/** Number spellings near the shortcut's edges: leading and trailing zeros, 14 to 17 digits, tiny fractions, exponents. */
const spellings = fc
  .tuple(
    fc.constantFrom('', '-'),
    fc.oneof(fc.constant('0'), digits(1, 17), fc.constant('00')),
    fc.option(digits(0, 18), { nil: undefined }),
    fc.option(fc.tuple(fc.constantFrom('e', 'E'), fc.constantFrom('', '+', '-'), digits(0, 3)), { nil: undefined }),
  )
  .map(([sign, whole, fraction, exp]) => {
    let raw = sign + whole;
    if (fraction !== undefined) raw += `.${fraction}`;
    if (exp !== undefined) raw += exp.join('');
    return raw;
  });

function literal(raw: string, percent = false): NumberLiteral {
  return { kind: 'NumberLiteral', raw, isInteger: /^-?\d+$/.test(raw), percent, span: { start: 0, end: raw.length } };
}

describe('the number spelling shortcut', () => {
  test('a text it accepts is what the long way writes', () => {
    fc.assert(
      fc.property(spellings, (raw) => {
        if (!isSdkSpelling(raw)) return;
        const value = numberFromText(raw);
        expect(value.ok).toBe(true);
        if (value.ok) expect(stringifyNumber(value.value)).toBe(raw);
      }),
      { numRuns: 20_000 },
    );
  });

  test('spelledValue gives the long way’s text and sign, percentages included', () => {
    fc.assert(
      fc.property(spellings, fc.boolean(), (raw, percent) => {
        const value = numberValue(literal(raw, percent));
        const spelled = spelledValue(literal(raw, percent));
        if (!value.ok) expect(spelled).toBeUndefined();
        else expect(spelled).toEqual({ text: stringifyNumber(value.value), sign: signOf(value.value) });
      }),
      { numRuns: 20_000 },
    );
  });

  test.each([
    ['0.454', true],
    ['-2.28', true],
    ['488', true],
    ['0.00001', true],
    ['0.000001', false],
    ['1.0', false],
    ['-0', false],
    ['007', false],
    ['1.', false],
    ['1e5', false],
    ['123456789012345', true],
    ['1234567890123456', false],
    ['1.23456789012345', true],
    ['1.234567890123456', false],
    ['0.000123456789012345', true],
  ])('%s: %s', (raw, accepted) => {
    expect(isSdkSpelling(raw)).toBe(accepted);
  });
});
