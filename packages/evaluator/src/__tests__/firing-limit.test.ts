import { describe, expect, test } from 'vitest';
import { brief, evaluateRules, run } from './harness.js';

describe('an automation fires at most once per run in 24 hours of event time', () => {
  const rule = 'automation "hot" on run metric "t" > 0 -> nothing';

  test.each([
    // [seconds per step, steps where it fires over 10 satisfying steps]
    [1, [0]],
    [3_600, [0]],
    // 24 hours is 86,400 s: with 8-hour steps, steps 0, 3, 6, 9 are 24 h apart.
    [8 * 3_600, [0, 3, 6, 9]],
    // Exactly 24 hours later fires again.
    [86_400, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]],
    [86_399, [0, 2, 4, 6, 8]],
  ] as const)('with %i s per step it fires at %j', (seconds, steps) => {
    const evaluation = evaluateRules(rule, [run('r', { t: '1x10' }, { stepSeconds: seconds })]);
    expect(evaluation.firings.map((f) => (f.kind === 'metric' ? f.step : -1))).toEqual(steps);
  });

  test('the limit is per run: each run fires once', () => {
    const evaluation = evaluateRules(rule, [run('a', { t: '1 1 1' }), run('b', { t: '0 1 1' })]);
    expect(brief(evaluation)).toEqual(['hot@a:0', 'hot@b:1']);
  });

  test('the limit is per automation: two rules on the same metric each fire', () => {
    const evaluation = evaluateRules(`${rule}\nautomation "warm" on run metric "t" > -1 -> nothing`, [
      run('a', { t: '1 1' }),
    ]);
    expect(brief(evaluation)).toEqual(['hot@a:0', 'warm@a:0']);
  });

  test('a condition that stops holding and holds again within 24 hours stays quiet', () => {
    const evaluation = evaluateRules(rule, [run('r', { t: '1 0 0 1 1' }, { stepSeconds: 3_600 })]);
    expect(brief(evaluation)).toEqual(['hot@r:0']);
  });

  test('windows keep filling while the automation is held back', () => {
    // avg over 2 > 5: fires at step 1 (avg 10); held back for a day; at step 3 (24 h later) avg(0, 20) = 10.
    const evaluation = evaluateRules('automation "a" on run metric "t" avg over 2 > 5 -> nothing', [
      run('r', { t: '10 10 0 20' }, { stepSeconds: 43_200 }),
    ]);
    expect(
      evaluation.firings.map((f) =>
        f.kind === 'metric' ? [f.step, f.detail.kind === 'threshold' ? f.detail.window : []] : [],
      ),
    ).toEqual([
      [1, [10, 10]],
      [3, [0, 20]],
    ]);
  });

  test('a second firing after 24 hours rests on the refire assumption', () => {
    const evaluation = evaluateRules(rule, [run('r', { t: '1 1' }, { stepSeconds: 86_400 })]);
    expect(evaluation.firings.map((f) => f.assumed)).toEqual([[], ['refire']]);
    expect(evaluation.touches.map((t) => [t.point, t.step])).toEqual([['refire', 1]]);
  });

  test('firings of several runs come in time order', () => {
    const evaluation = evaluateRules(rule, [
      run('slow', { t: '0 0 1' }, { stepSeconds: 10 }),
      run('fast', { t: '0 1' }, { stepSeconds: 1 }),
    ]);
    expect(brief(evaluation)).toEqual(['hot@fast:1', 'hot@slow:2']);
  });
});
