import { describe, expect, test } from 'vitest';
import { describeWhere, describeWhy, formatAgainst, formatNumber, formatValues } from '../describe-firing.js';
import { artifact, evaluateRules, everyStep, run } from './harness.js';

describe('firings in words', () => {
  test('numbers read as people write them, without hiding a difference that decided a comparison', () => {
    expect(
      [0.7899999999999999, 120, -0, 1e21, 1 / 3, Number.NaN, Number.NEGATIVE_INFINITY].map((x) => formatNumber(x)),
    ).toEqual(['0.79', '120', '0', '1e+21', '0.333333333333', 'NaN', '-inf']);
    expect(formatAgainst(0.7999999999999999, 0.8)).toBe('0.7999999999999999');
    expect(formatAgainst(0.79, 0.8)).toBe('0.79');
    expect(formatValues([1, 2, 3])).toBe('[1, 2, 3]');
    expect(formatValues(Array.from({ length: 30 }, (_, i) => i))).toBe(
      '[0, 1, 2, 3, 4, 5, …, 24, 25, 26, 27, 28, 29] (30 values)',
    );
  });

  test.each([
    [
      'on run metric "val/acc" avg over 5 < 0.8',
      'val/acc',
      '0.9 0.9 0.85 0.7 0.6',
      'avg of "val/acc" [0.9, 0.9, 0.85, 0.7, 0.6] = 0.79 < 0.8',
    ],
    ['on run metric "m" avg over 3 < 0.8', 'm', '0.8 0.7 0.9', 'avg of "m" [0.8, 0.7, 0.9] = 0.7999999999999999 < 0.8'],
    ['on run metric "loss" > 0.5', 'loss', '0.7', '"loss" = 0.7 > 0.5'],
    [
      'on run metric "m" increases by 0.5',
      'm',
      '1 1.5',
      '"m" went from 1 to 1.5, +0.5 (needs an increase of at least 0.5)',
    ],
    [
      'on run metric "m" max changes by 10% within 2',
      'm',
      '1 2 1 3',
      'max of "m" went from 2 [1, 2] to 3 [1, 3], +50% (needs a change of at least 10%)',
    ],
    ['on run metric "m" decreases by 25%', 'm', '4 3', '"m" went from 4 to 3, -25% (needs a decrease of at least 25%)'],
    [
      'on run metric "m" zscore over 2 >= 1',
      'm',
      '0 2',
      '"m" = 2 has z-score 1 >= 1 over [0, 2] (mean 1, deviation 1)',
    ],
    [
      'on run metric "m" abs zscore over 2 > 1',
      'm',
      '2 0',
      '"m" = 0 has z-score -1 beyond ±1 over [2, 0] (mean 1, deviation 1)',
    ],
  ])('%s', (rule, metric, series, words) => {
    const evaluation = evaluateRules(`${rule} -> nothing`, [run('prod-7', { [metric]: series })], [], {});
    const last = evaluation.firings[evaluation.firings.length - 1];
    if (last === undefined) throw new Error('expected a firing');
    expect(describeWhy(last)).toBe(words);
    expect(describeWhere(last)).toBe(`run "prod-7" at step ${series.split(' ').length - 1}`);
  });

  test('states and artifact events', () => {
    const states = evaluateRules('on run state failed -> nothing', [
      run('r', {}, { states: 'crashed@3', ...everyStep }),
    ]);
    expect(states.firings.map((f) => `${describeWhere(f)}: ${describeWhy(f)}`)).toEqual([
      'run "r" at step 3: the run changed to crashed',
    ]);
    const alias = evaluateRules(
      'on alias "staging" added in collection "acme/vision/w" -> nothing',
      [],
      [artifact({ event: 'alias_added', collection: 'acme/vision/w', alias: 'staging', version: 3, index: 1 })],
    );
    expect(alias.firings.map((f) => `${describeWhere(f)}: ${describeWhy(f)}`)).toEqual([
      'alias_added "staging" (artifact event 2) on acme/vision/w:v3: alias added matched',
    ]);
  });
});
