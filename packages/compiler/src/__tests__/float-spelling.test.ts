/**
 * Numbers in compiled payloads follow the SDK's float spelling (spec §2.6)
 * wherever a source can put one: metric thresholds, change amounts, z-score
 * thresholds and webhook payload values. Random doubles are written into
 * sources with their shortest spelling, compiled, and read back out of the
 * payload strings, then compared with an oracle written from the spec's
 * words (independently of the compiler's `spellFloat`).
 */

import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { compile } from '../compile.js';

/**
 * §2.6 from the shortest round-trip digits, read off JavaScript's own
 * `String(x)` (a different routine from the `toExponential()` the compiler
 * uses): positional with at least one fractional digit when the decimal
 * exponent is in [-5, 16), otherwise `d[.ddd]e±X`; zeros are `0.0`/`-0.0`.
 */
function oracle(x: number): string {
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  const [mantissa = '', exp = '0'] = String(Math.abs(x)).split('e');
  const [whole = '', fraction = ''] = mantissa.split('.');
  let digits = whole + fraction;
  let point = whole.length + Number(exp); // digits = 0.DIGITS × 10^point
  const leading = /^0*/.exec(digits)?.[0].length ?? 0;
  digits = digits.slice(leading).replace(/0+$/, '');
  point -= leading;
  const e = point - 1;
  if (e >= -5 && e < 16) {
    if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
    const intPart = digits.slice(0, point).padEnd(point, '0');
    const fracPart = digits.slice(point);
    return `${sign}${intPart}.${fracPart === '' ? '0' : fracPart}`;
  }
  const rest = digits.slice(1);
  return `${sign}${digits[0]}${rest === '' ? '' : `.${rest}`}e${e < 0 ? '-' : '+'}${Math.abs(e)}`;
}

/** The shortest source spelling of a double that the language reads as a float (never as an int). */
function floatSource(x: number): string {
  if (Object.is(x, -0)) return '-0.0';
  const s = String(x);
  return /[.e]/.test(s) ? s : `${s}.0`;
}

function magnitudeSource(x: number): string {
  return floatSource(Math.abs(x));
}

/** Compiles one batch of doubles; returns, per double, the spellings found in each payload position. */
function spellingsOf(
  xs: readonly number[],
): { threshold: string; amount?: string; zscore?: string; payload: string }[] {
  const lines = ['webhook w = "h"', 'in project "e/p"'];
  xs.forEach((x, i) => {
    lines.push(
      `automation "t${i}" on run metric "m" > ${floatSource(x)} -> webhook w {"v": ${floatSource(x)}, "l": [${floatSource(x)}]}`,
    );
    if (x !== 0) {
      lines.push(`automation "c${i}" on run metric "m" changes by ${magnitudeSource(x)} within 3 -> nothing`);
      lines.push(`automation "z${i}" on run metric "m" zscore over 7 < -${magnitudeSource(x)} -> nothing`);
    }
  });
  const result = compile([{ file: 'floats.wbrules', text: lines.join('\n') }]);
  expect(result.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
  const byName = new Map(result.automations.map((a) => [a.name, a.input]));
  const grab = (text: string | undefined, key: string) => {
    const m = new RegExp(`"${key}":([^,}\\]]+)`).exec(text ?? '');
    return m?.[1] as string;
  };
  return xs.map((x, i) => {
    const t = byName.get(`t${i}`);
    const config = t?.triggeredActionConfig as { genericWebhookActionInput: { requestPayload: string } } | undefined;
    const payload = config?.genericWebhookActionInput.requestPayload;
    expect(payload).toBe(`{"v":${grab(payload, 'v')},"l":[${grab(payload, 'v')}]}`);
    return {
      threshold: grab(t?.eventFilter, 'threshold'),
      payload: grab(payload, 'v'),
      ...(x === 0
        ? {}
        : {
            amount: grab(byName.get(`c${i}`)?.eventFilter, 'change_amount'),
            zscore: grab(byName.get(`z${i}`)?.eventFilter, 'threshold'),
          }),
    };
  });
}

describe('float spelling in compiled payloads (spec §2.6)', () => {
  test.each([
    [1, '1.0'],
    [100000, '100000.0'],
    [0.00001, '0.00001'],
    [123456789, '123456789.0'],
    [1e15, '1000000000000000.0'],
    [0.1 + 0.2, '0.30000000000000004'],
    [1e-7, '1e-7'],
    [1.5e-7, '1.5e-7'],
    [9.99e-6, '9.99e-6'],
    [1e16, '1e+16'],
    [1.2345678901234568e17, '1.2345678901234568e+17'],
    [1e-6, '1e-6'],
    [1e20, '1e+20'],
    [0, '0.0'],
    [-0, '-0.0'],
    [-2.5, '-2.5'],
    [Number.MAX_VALUE, '1.7976931348623157e+308'],
    [Number.MIN_VALUE, '5e-324'],
  ])('%d is spelled %s', (x, spelled) => {
    expect(oracle(x)).toBe(spelled);
    const [found] = spellingsOf([x]);
    expect(found?.threshold).toBe(spelled);
    expect(found?.payload).toBe(spelled);
    if (x !== 0) {
      expect(found?.amount).toBe(spelled.replace(/^-/, ''));
      expect(found?.zscore).toBe(spelled.replace(/^-/, ''));
    }
  });

  test('10,000 random doubles: thresholds, amounts, z-scores and payload numbers', () => {
    const batch = fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 100, maxLength: 100 });
    let checked = 0;
    fc.assert(
      fc.property(batch, (xs) => {
        const found = spellingsOf(xs);
        xs.forEach((x, i) => {
          const spelled = oracle(x);
          const f = found[i];
          expect(f?.threshold).toBe(spelled);
          expect(f?.payload).toBe(spelled);
          if (x !== 0) {
            expect(f?.amount).toBe(oracle(Math.abs(x)));
            expect(f?.zscore).toBe(oracle(Math.abs(x)));
          }
          expect(Number(spelled)).toBe(x);
          checked++;
        });
      }),
      { numRuns: 100 },
    );
    expect(checked).toBe(10_000);
  });
});
