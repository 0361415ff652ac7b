import { describe, expect, test } from 'vitest';
import { evaluateRules, everyStep, firingSteps, run } from './harness.js';

describe('z-score of the latest value against the window (latest included, population deviation)', () => {
  test.each([
    // [rule, series, steps where it fires]
    // Window 4 over 0 0 0 4: mean 1, population deviation √3, z = 3/√3 = √3 ≈ 1.732.
    ['zscore over 4 > 1.7', '0 0 0 4', [3]],
    ['zscore over 4 > 1.8', '0 0 0 4', []],
    // Inclusive: z exactly at the threshold fires. 0 0 2: mean 2/3, deviation √(8/9), z = (4/3)/(2√2/3) = √2;
    // window 2 over 0 2: mean 1, deviation 1, z = 1 exactly.
    ['zscore over 2 >= 1', '0 2', [1]],
    ['zscore over 2 > 1', '0 2', [1]],
    ['zscore over 2 > 1.0000001', '0 2', []],
    ['zscore over 2 < -1', '2 0', [1]],
    ['abs zscore over 2 > 1', '2 0 2', [1, 2]],
    ['zscore over 2 > 1', '2 0', []],
    // A constant window has zero deviation and never fires, whatever the threshold.
    ['abs zscore over 3 > 0.5', '5 5 5 5 5', []],
    ['abs zscore over 3 > 0.5', '0.1 0.1 0.1 0.1', []],
    // A window that is not yet full never fires: with window 30 (the default) nothing fires before 30 values.
    ['zscore > 3', '0x20 100', []],
    ['zscore > 3', '0x29 100', [29]],
    // A window of 1 always has zero deviation.
    ['abs zscore over 1 > 0.1', '1 2 3', []],
  ] as const)('%s over "%s" fires at %j', (condition, series, steps) => {
    expect(firingSteps(`on run metric "m" ${condition} -> nothing`, { m: series }, everyStep)).toEqual(steps);
  });

  test('a firing carries the window, mean, deviation and z-score', () => {
    const evaluation = evaluateRules('on run metric "loss" zscore over 4 > 1.5 -> nothing', [
      run('r', { loss: '0 0 0 4' }),
    ]);
    const [firing] = evaluation.firings;
    expect(firing).toMatchObject({
      step: 3,
      detail: { kind: 'zscore', window: [0, 0, 0, 4], latest: 4, mean: 1, direction: 'INCREASE', threshold: 1.5 },
    });
    if (firing?.kind !== 'metric' || firing.detail.kind !== 'zscore') throw new Error('expected a z-score firing');
    expect(firing.detail.deviation).toBeCloseTo(Math.sqrt(3), 14);
    expect(firing.detail.zscore).toBeCloseTo(Math.sqrt(3), 14);
  });

  test('a z-score verdict always rests on the zscore-window assumption; a constant window on zero-deviation', () => {
    const evaluation = evaluateRules('on run metric "m" abs zscore over 3 > 1 -> nothing', [
      run('r', { m: '1 1 1 1' }),
    ]);
    expect(evaluation.touches.map((t) => [t.point, t.step])).toEqual([['zero-deviation', 2]]);
    const fired = evaluateRules('on run metric "m" zscore over 2 > 0.5 -> nothing', [run('r', { m: '0 2' })]);
    expect(fired.firings.map((f) => f.assumed)).toEqual([['zscore-window']]);
  });

  test('large values with a small spread are not lost to cancellation', () => {
    // 1e9 + small noise: a naive sum of squares would make the deviation 0 or garbage.
    const base = '1000000000 1000000000.5 999999999.5 1000000000 1000000000.5 999999999.5';
    expect(
      firingSteps('on run metric "m" abs zscore over 6 > 1.3 -> nothing', { m: `${base} 1000000002` }, everyStep),
    ).toEqual([6]);
    expect(
      firingSteps('on run metric "m" abs zscore over 6 > 2 -> nothing', { m: `${base} 1000000002` }, everyStep),
    ).toEqual([]);
  });
});
