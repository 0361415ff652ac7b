import { describe, expect, test } from 'vitest';
import { Evaluator } from '../evaluator.js';
import { runHistoryEvents } from '../run-history.js';
import { automations, brief, evaluateRules, run } from './harness.js';

describe('run states', () => {
  const rules = `automation "failed" on run state failed -> nothing
automation "done" on run state finished -> nothing
automation "started" on run state running -> nothing
automation "ended" on run state finished, crashed -> nothing`;

  test.each([
    // [states, firings]
    ['running@0 failed@7', ['started@r:0', 'failed@r:7', 'ended@r:7']],
    // crashed is failed to W&B.
    ['running@0 crashed@3', ['started@r:0', 'failed@r:3', 'ended@r:3']],
    ['running@0 finished@9', ['started@r:0', 'done@r:9', 'ended@r:9']],
    // killed never triggers anything.
    ['running@0 killed@4', ['started@r:0']],
    ['killed@4', []],
    // A state the run is already in is not a change; crashed after failed is the same state.
    ['running@0 running@2', ['started@r:0']],
    ['failed@1 crashed@2', ['failed@r:1', 'ended@r:1']],
  ] as const)('%s fires %j', (states, expected) => {
    expect(brief(evaluateRules(rules, [run('r', {}, { states })]))).toEqual(expected);
  });

  test('a state change after a killed run (resumed) fires again', () => {
    expect(
      brief(evaluateRules(rules, [run('r', {}, { states: 'running@0 killed@1 running@2', stepSeconds: 86_400 })])),
    ).toEqual(['started@r:0', 'started@r:2']);
  });

  test('the 24-hour limit holds a second state firing back, and says so (state-limit)', () => {
    const evaluation = evaluateRules('automation "any" on run state running, failed -> nothing', [
      run('r', {}, { states: 'running@0 failed@1 running@2' }),
    ]);
    expect(brief(evaluation)).toEqual(['any@r:0']);
    expect(evaluation.touches.map((t) => [t.point, t.step])).toEqual([['state-limit', 1]]);
  });

  test('run filters apply to state rules', () => {
    const evaluation = evaluateRules(
      'automation "prod" on run state failed where run.name matches "^prod-" -> nothing',
      [run('prod-1', {}, { states: 'failed@0' }), run('dev-1', {}, { states: 'failed@0' })],
    );
    expect(brief(evaluation)).toEqual(['prod@prod-1:0']);
  });

  test('a state change comes before the log at the same step, pushed one by one or as a history', () => {
    const rulesText = `automation "s" on run state running -> nothing
automation "m" on run metric "x" > 0 -> nothing`;
    const history = run('r', { x: '1' }, { states: 'running@0' });
    const evaluator = new Evaluator(automations(rulesText));
    for (const event of runHistoryEvents(history)) evaluator.push(event);
    expect(brief(evaluator.result())).toEqual(['s@r:0', 'm@r:0']);
    expect(brief(evaluateRules(rulesText, [history]))).toEqual(['s@r:0', 'm@r:0']);
  });
});
