import { describe, expect, test } from 'vitest';
import { decodeTrigger } from '../decode-trigger.js';
import { Evaluator } from '../evaluator.js';
import { automations } from './harness.js';

describe('decodeTrigger reads the payload the compiler sent', () => {
  test.each([
    [
      'on run metric "val/acc" avg over 5 < 0.8',
      { kind: 'threshold', metric: 'val/acc', aggregation: 'AVERAGE', window: 5, comparison: '$lt', threshold: 0.8 },
    ],
    [
      'on run metric "loss" > 1',
      { kind: 'threshold', metric: 'loss', aggregation: null, window: 1, comparison: '$gt', threshold: 1 },
    ],
    [
      'on run metric "loss" decreases by 2% within 5 vs 10',
      {
        kind: 'change',
        metric: 'loss',
        aggregation: 'AVERAGE',
        currentWindow: 5,
        priorWindow: 10,
        amount: 0.02,
        changeType: 'RELATIVE',
        direction: 'DECREASE',
      },
    ],
    [
      'on run metric "accuracy" increases by 0.5',
      {
        kind: 'change',
        metric: 'accuracy',
        aggregation: null,
        currentWindow: 1,
        priorWindow: 1,
        amount: 0.5,
        changeType: 'ABSOLUTE',
        direction: 'INCREASE',
      },
    ],
    [
      'on run metric "acc" zscore over 10 < -2.5',
      { kind: 'zscore', metric: 'acc', window: 10, threshold: 2.5, direction: 'DECREASE' },
    ],
    [
      'on run metric "lr" abs zscore >= 2',
      { kind: 'zscore', metric: 'lr', window: 30, threshold: 2, direction: 'ANY' },
    ],
  ])('%s', (event, condition) => {
    const [automation] = automations(`${event} -> nothing`);
    const decoded = decodeTrigger(
      automation?.input.triggeringEventType ?? 'RUN_METRIC',
      automation?.input.eventFilter ?? '',
    );
    expect(decoded).toMatchObject({ ok: true, trigger: { family: 'metric', condition } });
  });

  test('states are read as W&B stores them; crashed is FAILED', () => {
    const [automation] = automations('on run state failed, crashed, finished -> nothing');
    expect(decodeTrigger('RUN_STATE', automation?.input.eventFilter ?? '')).toMatchObject({
      ok: true,
      trigger: { family: 'state', states: ['FAILED', 'FINISHED'] },
    });
    expect(
      decodeTrigger(
        'RUN_STATE',
        '{"run_filter":"{\\"$and\\":[]}","run_state_filter":{"states":["crashed","Running"]}}',
      ),
    ).toMatchObject({
      ok: true,
      trigger: { states: ['FAILED', 'RUNNING'] },
    });
  });

  test('a saved run filter held as an object (spec §12.6) is read too', () => {
    const filter = '{"run_filter":{"$and":[{"display_name":{"$eq":"a"}}]},"run_state_filter":{"states":["FAILED"]}}';
    const decoded = decodeTrigger('RUN_STATE', filter);
    expect(decoded.ok && decoded.trigger.family === 'state' && decoded.trigger.runFilter).toMatchObject({
      kind: 'LogicalFilter',
      operator: '$and',
    });
  });

  test.each([
    ['RUN_METRIC', '{', 'eventFilter is not valid JSON'],
    [
      'RUN_METRIC',
      '{"run_filter":"{\\"$and\\":[]}","run_metric_filter":{},"metric_filter":null}',
      '"threshold_filter" is missing',
    ],
    [
      'RUN_METRIC',
      '{"run_filter":"{\\"$and\\":[]}","run_metric_filter":{"threshold_filter":{"name":"m","agg_op":null,"window_size":0,"cmp_op":"$gt","threshold":1}},"metric_filter":null}',
      '"window_size" is not a positive integer',
    ],
    [
      'RUN_METRIC',
      '{"run_filter":"{\\"$and\\":[]}","run_metric_filter":{"threshold_filter":{"name":"m","agg_op":null,"window_size":1,"cmp_op":"$eq","threshold":1}},"metric_filter":null}',
      '"cmp_op" is not one of "$gt", "$gte", "$lt", "$lte"',
    ],
    ['RUN_STATE', '{"run_filter":"[1]","run_state_filter":{"states":["KILLED"]}}', 'run_filter is not a filter'],
    ['ADD_ARTIFACT_ALIAS', '[]', 'eventFilter is not a filter'],
  ] as const)('%s %s cannot be evaluated: %s', (type, filter, message) => {
    const decoded = decodeTrigger(type, filter);
    expect(decoded.ok).toBe(false);
    expect(decoded.ok ? '' : decoded.message).toContain(message);
  });

  test('an automation that does not decode is a problem, not an exception; the others still run', () => {
    const [good] = automations('automation "good" on run metric "m" > 0 -> nothing');
    if (good === undefined) throw new Error('no automation');
    const bad = { ...good, name: 'bad', input: { ...good.input, eventFilter: '{"run_filter":"{}"}' } };
    const evaluator = new Evaluator([bad, good]);
    expect(evaluator.problems).toEqual([{ automation: 0, name: 'bad', message: '"run_metric_filter" is missing' }]);
    evaluator.push({ kind: 'log', run: { id: 'r', name: 'r' }, step: 0, time: 0, values: { m: 1 } });
    expect(evaluator.result().firings.map((f) => f.name)).toEqual(['good']);
  });
});
