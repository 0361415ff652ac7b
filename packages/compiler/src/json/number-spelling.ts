import type { NumberLiteral } from '@wbrules/dsl';
import {
  isJsonNumber,
  floatFromText,
  type JsonInt,
  type JsonNumber,
  type NumberTextResult,
  numberFromText,
  percentToFraction,
} from './json-text.js';

/**
 * Numbers as the SDK receives them. Lowering works from each literal's
 * spelling, never from a JavaScript number, so `3` stays the int 3, `3.0`
 * the float 3.0, integers stay exact, and `1.1%` becomes exactly 0.011.
 */

/**
 * The value of a literal: an int for integer spellings (bounded by
 * ±(2^63−1)), a float otherwise, and always a float for a percentage, which
 * becomes its fraction by a decimal shift. Fails with `syntax` for a
 * malformed spelling (the lexer reported it) and `range` for an integer out
 * of bounds or a float that overflows.
 */
export function numberValue(literal: NumberLiteral): NumberTextResult {
  if (!literal.percent) return numberFromText(literal.raw);
  if (!isJsonNumber(literal.raw)) return { ok: false, error: 'syntax' };
  return floatFromText(percentToFraction(literal.raw));
}

/** -1, 0 or 1: the sign of the value the SDK would see (a float that underflows to zero is zero). */
export function signOf(value: JsonNumber): -1 | 0 | 1 {
  if (value.kind === 'int') return value.text.startsWith('-') ? -1 : value.text === '0' ? 0 : 1;
  return value.value > 0 ? 1 : value.value < 0 ? -1 : 0;
}

/** The magnitude of a value, keeping its int or float kind (`-3` → `3`, `-2.5` → `2.5`). */
export function magnitude(value: JsonNumber): JsonNumber {
  if (value.kind === 'int') return value.text.startsWith('-') ? { kind: 'int', text: value.text.slice(1) } : value;
  return { kind: 'float', value: Math.abs(value.value) };
}

/** A window size: a positive integer spelled without fraction, exponent or `%`; `undefined` otherwise. */
export function windowValue(literal: NumberLiteral): JsonInt | undefined {
  if (literal.percent || !literal.isInteger) return undefined;
  if (isSmallPositiveInteger(literal.raw)) return { kind: 'int', text: literal.raw };
  const value = numberFromText(literal.raw);
  if (!value.ok || value.value.kind !== 'int' || signOf(value.value) <= 0) return undefined;
  return value.value;
}

/** `[1-9][0-9]{0,14}`: the common window spelling, in range and canonical, checked without a regex. */
function isSmallPositiveInteger(raw: string): boolean {
  if (raw.length === 0 || raw.length > 15) return false;
  const first = raw.charCodeAt(0);
  if (first < 49 || first > 57) return false;
  for (let i = 1; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
