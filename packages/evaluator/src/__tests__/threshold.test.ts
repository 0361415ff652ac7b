import { describe, expect, test } from 'vitest';
import { evaluateRules, everyStep, firingSteps, run } from './harness.js';

// Steps are a day apart (`everyStep`), so the 24-hour limit lets a rule fire
// at every step where its condition holds: the tables read as "where does
// the condition hold".
describe('threshold on the aggregate of the most recent window of logged values', () => {
  test.each([
    // [rule, series, steps where it fires]
    ['"m" > 0.5', '0.1 0.6 0.5 0.7', [1, 3]],
    ['"m" >= 0.5', '0.1 0.6 0.5 0.7', [1, 2, 3]],
    ['"m" < 0.5', '0.1 0.6 0.5 0.7', [0]],
    ['"m" <= 0.5', '0.1 0.6 0.5 0.7', [0, 2]],
    // Integer thresholds compare numerically with float values.
    ['"m" >= 3', '2.9 3 3.0 3.1', [1, 2, 3]],
    ['"m" > -1', '-2 -1 -0.5', [2]],
    // avg over 3: window exactly full at step 2, never before.
    ['"m" avg over 3 < 0.8', '0.7 0.7 0.7 1.5 1.5', [2]],
    ['"m" avg over 3 < 0.8', '0.1 0.1', []],
    // The window is exactly full at step 4: avg of 0.9 0.9 0.85 0.7 0.6 is 0.79 (the example).
    ['"m" avg over 5 < 0.8', '0.9 0.9 0.85 0.7 0.6 0.6 0.6', [4, 5, 6]],
    // An average exactly at the threshold (values exact in binary): avg of 0.75 0.5 1 is 0.75.
    ['"m" avg over 3 < 0.75', '0.75 0.5 1', []],
    ['"m" avg over 3 <= 0.75', '0.75 0.5 1', [2]],
    // Decimal fractions are binary doubles: 0.8 + 0.7 + 0.9 is 2.4 in doubles, and 2.4 / 3 is just under 0.8.
    ['"m" avg over 3 < 0.8', '0.8 0.7 0.9', [2]],
    // A constant window never drifts off its value: 0.1 three times averages exactly 0.1.
    ['"m" avg over 3 > 0.1', '0.1 0.1 0.1 0.1', []],
    ['"m" mean over 3 >= 0.1', '0.1 0.1 0.1', [2]],
    ['"m" min over 3 < 0', '1 -1 1 1 1 1', [2, 3]],
    ['"m" max over 2 > 85', '80 90 80 80', [1, 2]],
    ['"m" max over 3 <= 1', '2 1 1 1 0', [3, 4]],
  ] as const)('%s over "%s" fires at %j', (rule, series, steps) => {
    expect(firingSteps(`on run metric ${rule} -> nothing`, { m: series }, everyStep)).toEqual(steps);
  });

  test('windows count logged values, not steps: "_" steps are skipped', () => {
    // Logged values: 0.7 (step 0), 0.7 (step 2), 0.7 (step 5): the window of 3 is full at step 5.
    expect(firingSteps('on run metric "m" avg over 3 < 0.8 -> nothing', { m: '0.7 _ 0.7 _ _ 0.7' }, everyStep)).toEqual(
      [5],
    );
  });

  test('non-finite values are skipped as if not logged', () => {
    expect(firingSteps('on run metric "m" > 0.5 -> nothing', { m: 'nan 0.6 inf -inf 0.7' }, everyStep)).toEqual([1, 4]);
    expect(firingSteps('on run metric "m" avg over 2 > 0.5 -> nothing', { m: '0.6 nan 0.6' }, everyStep)).toEqual([2]);
  });

  test('a single-value rule sends window_size 1 and reads the latest value only', () => {
    expect(firingSteps('on run metric "m" < 0 -> nothing', { m: '1 -1 1' }, everyStep)).toEqual([1]);
  });

  test('a rule reads only its own metric', () => {
    expect(
      firingSteps('on run metric "val/acc" < 0.5 -> nothing', { 'val/acc': '0.9 0.4', loss: '0 0 0 0' }, everyStep),
    ).toEqual([1]);
    expect(firingSteps('on run metric "val/acc" < 0.5 -> nothing', { 'val-acc': '0.1' }, everyStep)).toEqual([]);
  });

  test('a firing carries the window contents and the aggregate that made it fire', () => {
    const evaluation = evaluateRules('on run metric "val/acc" avg over 5 < 0.8 -> nothing', [
      run('prod-7', { 'val/acc': '0.9 0.9 0.85 0.7 0.6 0.6 0.6' }),
    ]);
    expect(evaluation.firings).toHaveLength(1);
    const [firing] = evaluation.firings;
    expect(firing).toMatchObject({
      kind: 'metric',
      name: 'val-acc-avg-over-5-lt-0.8-nothing',
      eventType: 'RUN_METRIC',
      step: 4,
      time: 4,
      metric: 'val/acc',
      detail: {
        kind: 'threshold',
        aggregation: 'AVERAGE',
        window: [0.9, 0.9, 0.85, 0.7, 0.6],
        comparison: '$lt',
        threshold: 0.8,
      },
    });
    expect(firing?.kind === 'metric' && firing.detail.kind === 'threshold' && firing.detail.value).toBeCloseTo(
      0.79,
      12,
    );
  });

  test('a window that is not yet full but would have fired is recorded as resting on partial-window', () => {
    const evaluation = evaluateRules('on run metric "m" avg over 3 < 0.5 -> nothing', [
      run('r', { m: '0.1 0.9 0.9 0.9' }),
    ]);
    expect(evaluation.firings).toEqual([]);
    expect(evaluation.touches).toEqual([
      { automation: 0, point: 'partial-window', run: expect.objectContaining({ name: 'r' }), step: 0, time: 0 },
    ]);
  });

  test('non-finite values are recorded as resting on non-finite', () => {
    const evaluation = evaluateRules('on run metric "m" > 0.5 -> nothing', [run('r', { m: '0.1 nan 0.2' })]);
    expect(evaluation.touches.map((t) => [t.point, t.step])).toEqual([['non-finite', 1]]);
  });
});
