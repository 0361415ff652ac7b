/**
 * The compact notation test files write metric series in, after promtool's:
 *
 * ```text
 * "1 0.9 0.8 _ 0.5"   one value per step; `_` = not logged at that step
 * "0.5+0.1x10"        10 values from 0.5 by 0.1: 0.5 0.6 … 1.4
 * "2-0.5x3"           3 values from 2 down by 0.5: 2 1.5 1
 * "0.6x3"             0.6 three times
 * "_x4"               4 steps with nothing logged
 * "nan inf -inf"      non-finite values, as logged (the evaluator skips them)
 * ```
 *
 * Tokens are separated by spaces or commas. Expanded values are rounded to
 * the decimals their spelling shows, so `0.5+0.1x4` is exactly 0.5 0.6 0.7
 * 0.8 and a threshold of 0.8 means what it says.
 */

/** Where and why a series does not parse; offsets index the series text. */
export interface SeriesProblem {
  readonly message: string;
  readonly start: number;
  readonly end: number;
}

/** The values of a series: a number per step, `null` where nothing is logged. */
export type SeriesResult =
  | { readonly ok: true; readonly values: (number | null)[] }
  | { readonly ok: false; readonly problem: SeriesProblem };

/** The most values one token may expand to, so a typo cannot exhaust memory. */
export const maxExpansion = 10_000_000;

const NUMBER = String.raw`[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?`;
const UNSIGNED = String.raw`(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?`;
const PLAIN = new RegExp(`^${NUMBER}$`);
const EXPANDING = new RegExp(`^(${NUMBER})(?:([+-])(${UNSIGNED}))?x([0-9]+)$`);
const GAPS = /^_x([0-9]+)$/;

/** Parses a series written in the compact notation. */
export function parseSeries(text: string): SeriesResult {
  const values: (number | null)[] = [];
  const token = /[^\s,]+/g;
  for (let m = token.exec(text); m !== null; m = token.exec(text)) {
    const word = m[0];
    const start = m.index;
    const fail = (message: string): SeriesResult => ({
      ok: false,
      problem: { message, start, end: start + word.length },
    });
    if (word === '_') {
      values.push(null);
      continue;
    }
    const special = nonFinite(word);
    if (special !== undefined) {
      values.push(special);
      continue;
    }
    if (PLAIN.test(word)) {
      values.push(Number(word));
      continue;
    }
    const gaps = GAPS.exec(word);
    const expanding = gaps === null ? EXPANDING.exec(word) : null;
    const countText = gaps?.[1] ?? expanding?.[4];
    if (countText === undefined) {
      return fail(
        `"${word}" is not a value: write a number, "_" (not logged), "AxN" (A, N times) or "A+BxN" (N values from A by B)`,
      );
    }
    const count = Number(countText);
    if (count === 0) return fail(`"${word}" repeats 0 times; leave it out, or write a count of at least 1`);
    if (count > maxExpansion) return fail(`"${word}" expands to more than ${maxExpansion} values`);
    if (gaps !== null) {
      for (let i = 0; i < count; i++) values.push(null);
      continue;
    }
    const [, startText = '', sign, stepText] = expanding as RegExpExecArray;
    const first = Number(startText);
    const step = stepText === undefined ? 0 : (sign === '-' ? -1 : 1) * Number(stepText);
    const decimals = Math.max(decimalsOf(startText), stepText === undefined ? 0 : decimalsOf(stepText));
    for (let i = 0; i < count; i++) {
      const x = first + i * step;
      values.push(decimals <= 15 ? Number(x.toFixed(decimals)) : x);
    }
  }
  return { ok: true, values };
}

/** `nan`, `inf`, `+inf`, `-inf`, `infinity` in any case. */
function nonFinite(word: string): number | undefined {
  const lower = word.toLowerCase();
  if (lower === 'nan') return Number.NaN;
  if (lower === 'inf' || lower === '+inf' || lower === 'infinity' || lower === '+infinity')
    return Number.POSITIVE_INFINITY;
  if (lower === '-inf' || lower === '-infinity') return Number.NEGATIVE_INFINITY;
  return undefined;
}

/** How many decimals a number's spelling shows (`0.25` → 2, `1e-3` → 3, `5e2` → 0). */
function decimalsOf(spelling: string): number {
  const [mantissa = '', exponent] = spelling.toLowerCase().split('e');
  const dot = mantissa.indexOf('.');
  const fraction = dot < 0 ? 0 : mantissa.length - dot - 1;
  return Math.max(0, fraction - (exponent === undefined ? 0 : Number(exponent)));
}
