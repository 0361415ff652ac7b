import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { parseSeries } from '../series.js';

describe('the compact series notation', () => {
  test.each([
    ['1 0.9 0.8 _ 0.5', [1, 0.9, 0.8, null, 0.5]],
    ['  1,0.9 , _  ', [1, 0.9, null]],
    ['', []],
    // start, increment, count: rounded to the decimals written, so 0.5+0.1x4 ends exactly at 0.8.
    ['0.5+0.1x4', [0.5, 0.6, 0.7, 0.8]],
    ['0.5+0.1x10', [0.5, 0.6, 0.7, 0.8, 0.9, 1, 1.1, 1.2, 1.3, 1.4]],
    ['2-0.5x3', [2, 1.5, 1]],
    ['-1+1x3', [-1, 0, 1]],
    ['1e-3+1e-3x3', [0.001, 0.002, 0.003]],
    ['0.6x3', [0.6, 0.6, 0.6]],
    ['_x2 7', [null, null, 7]],
    ['1 0.5+0.25x3 _ 9', [1, 0.5, 0.75, 1, null, 9]],
    [
      'nan inf -inf +Infinity NaN',
      [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY, Number.NaN],
    ],
    ['.5 5. +3 1E2', [0.5, 5, 3, 100]],
  ] as const)('"%s"', (text, values) => {
    expect(parseSeries(text)).toEqual({ ok: true, values });
  });

  test.each([
    // [text, message, start, end]
    [
      '1 0.9x _',
      '"0.9x" is not a value: write a number, "_" (not logged), "AxN" (A, N times) or "A+BxN" (N values from A by B)',
      2,
      6,
    ],
    [
      '1 abc',
      '"abc" is not a value: write a number, "_" (not logged), "AxN" (A, N times) or "A+BxN" (N values from A by B)',
      2,
      5,
    ],
    ['0.5+0.1x0', '"0.5+0.1x0" repeats 0 times; leave it out, or write a count of at least 1', 0, 9],
    ['1 1x20000000', '"1x20000000" expands to more than 10000000 values', 2, 12],
    [
      '1 0.5++0.1x3',
      '"0.5++0.1x3" is not a value: write a number, "_" (not logged), "AxN" (A, N times) or "A+BxN" (N values from A by B)',
      2,
      12,
    ],
  ] as const)('"%s" is malformed', (text, message, start, end) => {
    expect(parseSeries(text)).toEqual({ ok: false, problem: { message, start, end } });
  });

  test('property: any list of doubles written out reads back the same', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.double(), fc.constant(null))), (values) => {
        const text = values
          .map((v) => (v === null ? '_' : Object.is(v, -0) ? '-0' : String(v).replace('Infinity', 'inf')))
          .join(' ');
        expect(parseSeries(text)).toEqual({ ok: true, values });
      }),
    );
  });
});
