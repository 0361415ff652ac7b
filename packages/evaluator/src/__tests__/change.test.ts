import { describe, expect, test } from 'vitest';
import { evaluateRules, everyStep, firingSteps, run } from './harness.js';

// Steps a day apart: every step where the condition holds fires.
describe('change between the current window and the non-overlapping prior window', () => {
  test.each([
    // [rule, series, steps where it fires]
    // Without an aggregation: the latest value against the one before.
    ['"m" increases by 0.5', '1 1.5 1.75 2.5', [1, 3]],
    ['"m" decreases by 0.5', '2.5 2 2 1', [1, 3]],
    ['"m" changes by 0.5', '1 1.5 1 1.25', [1, 2]],
    // A change exactly equal to the amount fires (1.5 − 1 is exactly 0.5 in binary).
    ['"m" increases by 0.5', '1 1.5', [1]],
    ['"m" increases by 0.5', '1 1.4999', []],
    // Relative: (current − prior) / |prior|. 2 → 2.2 is 10.000000000000009% in doubles; 2.2 → 2.4 is 9.09%.
    ['"m" increases by 10%', '2 2.2 2.4 2.5', [1]],
    ['"m" increases by 25%', '4 5', [1]],
    ['"m" decreases by 25%', '4 3 2', [1, 2]],
    ['"m" changes by 50%', '4 2 3 6', [1, 2, 3]],
    // A negative prior: −4 → −2 is +50% of |−4| (an increase), never "−50%".
    ['"m" increases by 50%', '-4 -2', [1]],
    ['"m" decreases by 50%', '-4 -2', []],
    // A relative change from 0 never fires.
    ['"m" changes by 10%', '0 5 0 0', [2]],
    // Aggregated windows: current = the last 2, prior = the 2 before (not overlapping).
    ['"m" changes by 1 within 2', '1 1 1 1 3 3', [4, 5]],
    // within 2 vs 3: needs 5 values before anything fires; prior = values 0-2, current = values 3-4.
    ['"m" increases by 1 within 2 vs 3', '0 0 0 1 1 5', [4, 5]],
    ['"m" max increases by 1 within 2', '0 3 0 0 0 4', [5]],
    // min of [4, 5] against min of [5, 5]: a decrease of exactly 1 at step 3.
    ['"m" min decreases by 1 within 2', '5 5 4 5 3 3', [3, 4, 5]],
  ] as const)('%s over "%s" fires at %j', (condition, series, steps) => {
    expect(firingSteps(`on run metric ${condition} -> nothing`, { m: series }, everyStep)).toEqual(steps);
  });

  test('the windows are adjacent: every value is in exactly one of them', () => {
    // avg within 3: at step 5 current = 3 4 5 (avg 4), prior = 0 1 2 (avg 1): +3.
    const evaluation = evaluateRules('on run metric "m" increases by 3 within 3 -> nothing', [
      run('r', { m: '0+1x6' }),
    ]);
    expect(evaluation.firings).toMatchObject([
      {
        step: 5,
        detail: {
          kind: 'change',
          prior: [0, 1, 2],
          current: [3, 4, 5],
          priorValue: 1,
          currentValue: 4,
          change: 3,
          changeType: 'ABSOLUTE',
        },
      },
    ]);
  });

  test('a relative change is reported as a fraction', () => {
    const evaluation = evaluateRules('on run metric "loss" changes by 10% within 2 -> nothing', [
      run('r', { loss: '1 1 1.5 1.5' }),
    ]);
    expect(evaluation.firings).toMatchObject([
      {
        step: 3,
        detail: {
          priorValue: 1,
          currentValue: 1.5,
          change: 0.5,
          changeType: 'RELATIVE',
          direction: 'ANY',
          amount: 0.1,
        },
      },
    ]);
  });

  test('a relative change from 0 and a negative prior are recorded as resting on assumed points', () => {
    const zero = evaluateRules('on run metric "m" changes by 10% -> nothing', [run('r', { m: '0 5' })]);
    expect(zero.firings).toEqual([]);
    expect(zero.touches.map((t) => [t.point, t.step])).toEqual([['prior-zero', 1]]);
    // From 0 to 0 is no change under any reading: nothing rests on the assumption.
    expect(evaluateRules('on run metric "m" changes by 10% -> nothing', [run('r', { m: '0 0' })]).touches).toEqual([]);
    const negative = evaluateRules('on run metric "m" increases by 50% -> nothing', [run('r', { m: '-4 -2' })]);
    expect(negative.touches.map((t) => [t.point, t.step])).toEqual([['relative-magnitude', 1]]);
  });

  test('a prior window that is not yet full does not fire, and says so when it would have', () => {
    // within 1 vs 3: step 1 has current = [10], prior = [0] (of 3): +10 would fire.
    const evaluation = evaluateRules('on run metric "m" avg increases by 5 within 1 vs 3 -> nothing', [
      run('r', { m: '0 10 10 10 20' }),
    ]);
    expect(evaluation.firings.map((f) => (f.kind === 'metric' ? f.step : -1))).toEqual([4]);
    expect(evaluation.touches.map((t) => [t.point, t.step])).toEqual([['partial-window', 1]]);
  });
});
