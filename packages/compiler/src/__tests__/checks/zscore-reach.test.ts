import { describe, expect, test } from 'vitest';
import { zscoreReachCheck } from '../../checks/zscore-reach.js';
import { compile } from '../../compile.js';
import { checkTable, diagnosticsOf } from '../harness.js';

const p = 'in project "e/p"\n';

checkTable(zscoreReachCheck, {
  rejects: [
    {
      source: `${p}on run metric "m" zscore over [[5 > 3]] -> nothing`,
      code: 'WR3026',
      message: 'a z-score over a window of 5 values never goes beyond ±2, so "> 3" never fires',
      hint: 'A threshold of 3 needs a window of at least 10 values: write "zscore over 10 > 3", or lower the threshold.',
      fixed: `${p}on run metric "m" zscore over 10 > 3 -> nothing`,
    },
    {
      source: `${p}on run metric "m" zscore over [[4 >= 1.8]] -> nothing`,
      code: 'WR3026',
      message: 'a z-score over a window of 4 values never goes beyond ±1.73 (√3), so ">= 1.8" never fires',
      fixed: `${p}on run metric "m" zscore over 5 >= 1.8 -> nothing`,
    },
    {
      source: `${p}on run metric "m" zscore over [[10 < -3.5]] -> nothing`,
      code: 'WR3026',
      message: 'a z-score over a window of 10 values never goes beyond ±3, so "< -3.5" never fires',
      hint: 'write "zscore over 14 < -3.5"',
      fixed: `${p}on run metric "m" zscore over 14 < -3.5 -> nothing`,
    },
    {
      source: `${p}on run metric "m" abs zscore over [[2 > 1.0000001]] -> nothing`,
      code: 'WR3026',
      hint: 'write "abs zscore over 3 > 1.0000001"',
      fixed: `${p}on run metric "m" abs zscore over 3 > 1.0000001 -> nothing`,
    },
    {
      source: `${p}on run metric "m" zscore [[> 6]] -> nothing`,
      code: 'WR3026',
      message: 'a z-score over the default window of 30 values never goes beyond ±5.39 (√29), so "> 6" never fires',
      fixed: `${p}on run metric "m" zscore over 37 > 6 -> nothing`,
    },
    {
      source: `${p}on run metric "m" abs zscore over [[1 > 0.1]] -> nothing`,
      code: 'WR3026',
      message: 'a z-score over a window of 1 value never exists (one value has no deviation), so "> 0.1" never fires',
      fixed: `${p}on run metric "m" abs zscore over 2 > 0.1 -> nothing`,
    },
    {
      source: `${p}on run metric "m" zscore over [[30 > 1e300]] -> nothing`,
      code: 'WR3026',
      hint: 'Lower the threshold: no window W&B accepts can reach it.',
    },
  ],
  accepts: [
    // Exactly √(N−1) is reachable (one outlier among N−1 equal values) and thresholds are inclusive.
    `${p}on run metric "m" zscore over 10 > 3 -> nothing`,
    `${p}on run metric "m" zscore over 5 >= 2 -> nothing`,
    `${p}on run metric "m" zscore over 2 > 1 -> nothing`,
    `${p}on run metric "m" zscore over 4 > 1.7 -> nothing`,
    `${p}on run metric "m" abs zscore over 30 > 5.385 -> nothing`,
    `${p}on run metric "m" zscore over 17 <= -4 -> nothing`,
    `${p}on run metric "m" zscore > 3 -> nothing`,
    `${p}on run metric "m" abs zscore over 9223372036854775807 > 1e9 -> nothing`,
  ],
});

describe('check zscore-reach: the bound', () => {
  /** The z-score of the latest value of `xs` against their mean and population deviation. */
  const zscore = (xs: readonly number[]): number => {
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const deviation = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
    return ((xs.at(-1) as number) - mean) / deviation;
  };

  test.each([2, 3, 5, 10, 17, 30, 101])('one outlier among %i values reaches √(N−1), which the check allows', (n) => {
    const xs = [...Array(n - 1).fill(0), 1];
    expect(zscore(xs)).toBeCloseTo(Math.sqrt(n - 1), 12);
    const at = (threshold: string) =>
      diagnosticsOf(`${p}on run metric "m" zscore over ${n} > ${threshold} -> nothing`).filter(
        (d) => d.code === 'WR3026',
      ).length;
    expect(at(String(Math.sqrt(n - 1) - 1e-9))).toBe(0);
    expect(at(String(Math.sqrt(n - 1) + 1e-9))).toBe(1);
  });

  test('is a warning: the rule still compiles', () => {
    const source = `${p}automation "a" on run metric "m" zscore over 5 > 3 -> nothing`;
    const result = compile([{ file: 'test.wbrules', text: source }]);
    expect(result.diagnostics.map((d) => [d.code, d.severity])).toEqual([['WR3026', 'warning']]);
    expect(result.automations).toHaveLength(1);
  });
});
