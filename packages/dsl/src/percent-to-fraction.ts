/**
 * Percentages as plain numbers, in decimal text: what `10%` means where a
 * number is stored as a fraction (a change amount), and the spelling a hint
 * offers where a `%` is not allowed.
 */

/**
 * `raw` percent as a fraction, shifted two places in decimal rather than
 * divided in floating point (`1.1 / 100` is `0.011000000000000001`, but the
 * DSL promises `0.011`). `raw` must be a JSON number spelling (the lexer
 * reports any other; here it throws a RangeError). The result is a float
 * spelling (always with `.` or an exponent) whose `Number()` is the correctly
 * rounded double: `"10"` → `"0.1"`, `"1.1"` → `"0.011"`, `"100"` → `"1.0"`,
 * `"1e2"` → `"1.0"`; the compiler's `floatFromText` reads it.
 */
export function percentToFraction(raw: string): string {
  const match = /^(-?)(0|[1-9][0-9]*)(?:\.([0-9]+))?(?:[eE]([+-]?[0-9]+))?$/.exec(raw);
  if (match === null) throw new RangeError(`percentToFraction: "${raw}" is not a JSON number`);
  const [, sign = '', whole = '', fraction = '', expText = '0'] = match;
  // value = 0.<digits> × 10^point, with the decimal point then moved two places left.
  let digits = whole + fraction;
  let point = whole.length + Number(expText) - 2;
  const leading = /^0*/.exec(digits)?.[0].length ?? 0;
  digits = digits.slice(leading).replace(/0+$/, '');
  point -= leading;
  if (digits === '') return `${sign}0.0`;
  // Plain positional text when it stays short; scientific otherwise, so that
  // `1e300%` does not become three hundred digits. Both parse to the same double.
  if (point > 40 || point < -40) return `${sign}0.${digits}e${point}`;
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  const intPart = digits.slice(0, point).padEnd(point, '0');
  const fracPart = digits.slice(point);
  return `${sign}${intPart}.${fracPart === '' ? '0' : fracPart}`;
}
