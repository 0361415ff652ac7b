import type { NumberLiteral } from '@wbrules/dsl';
import {
  isJsonNumber,
  floatFromText,
  type JsonInt,
  type JsonNumber,
  type NumberTextResult,
  numberFromText,
  percentToFraction,
  stringifyNumber,
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
  // Several checks and the lowering read the same literal one after another: the last one read is kept.
  if (literal === lastLiteral && lastValue !== undefined) return lastValue;
  const value = !literal.percent
    ? numberFromText(literal.raw)
    : isJsonNumber(literal.raw)
      ? floatFromText(percentToFraction(literal.raw))
      : ({ ok: false, error: 'syntax' } as const);
  lastLiteral = literal;
  lastValue = value;
  return value;
}

let lastLiteral: NumberLiteral | undefined;
let lastValue: NumberTextResult | undefined;

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

/** A number literal's value as the SDK spells it, with its sign. */
export interface SpelledNumber {
  readonly text: string;
  readonly sign: -1 | 0 | 1;
}

/**
 * `stringifyNumber` and `signOf` of a literal's value (`undefined` when
 * {@link numberValue} fails), reading the literal's own text when it already
 * is the SDK's spelling (most thresholds): converting to a double and
 * printing it back is the costly part of lowering a number.
 */
export function spelledValue(literal: NumberLiteral): SpelledNumber | undefined {
  const raw = literal.raw;
  if (!literal.percent && isSdkSpelling(raw)) {
    return { text: raw, sign: raw.charCodeAt(0) === 45 ? -1 : raw === '0' ? 0 : 1 };
  }
  const value = numberValue(literal);
  return value.ok ? { text: stringifyNumber(value.value), sign: signOf(value.value) } : undefined;
}

/**
 * Whether a number's text is already what the SDK writes for its value: an
 * integer of up to 15 characters other than `-0` (kept as written, see
 * `integerFromText`), or a decimal fraction without exponent or trailing
 * zero, of at most 15 significant digits and a magnitude of at least 1e-5.
 * Such a decimal is the shortest text that reads back as its double (15
 * significant digits always round-trip, so no two such texts read as the
 * same double), which is what `spellFloat` writes, positionally in that range.
 */
export function isSdkSpelling(raw: string): boolean {
  const n = raw.length;
  const negative = raw.charCodeAt(0) === 45;
  let i = negative ? 1 : 0;
  const first = raw.charCodeAt(i);
  if (first === 48) {
    i++;
  } else if (first >= 49 && first <= 57) {
    i++;
    while (i < n && isDigitCode(raw.charCodeAt(i))) i++;
  } else {
    return false;
  }
  if (i === n) return n <= 15 && raw !== '-0';
  if (raw.charCodeAt(i) !== 46) return false;
  const point = i;
  i++;
  while (i < n && isDigitCode(raw.charCodeAt(i))) i++;
  if (i !== n || i === point + 1 || raw.charCodeAt(n - 1) === 48) return false;
  // Significant digits run from the first non-zero digit to the end, the point aside.
  let s = negative ? 1 : 0;
  while (raw.charCodeAt(s) === 48 || raw.charCodeAt(s) === 46) s++;
  if (n - s - (s < point ? 1 : 0) > 15) return false;
  // `0.0000d…` is the smallest written positionally: below 1e-5 `spellFloat` writes an exponent.
  return first !== 48 || s - point - 1 <= 4;
}

function isDigitCode(c: number): boolean {
  return c >= 48 && c <= 57;
}
