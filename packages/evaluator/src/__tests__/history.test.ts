import { LineIndex } from '@wbrules/dsl';
import { describe, expect, test } from 'vitest';
import { parseCsv } from '../csv.js';
import { evaluate } from '../evaluator.js';
import { parseHistory } from '../history.js';
import { automations } from './harness.js';

const options = { file: 'h', defaultRun: 'h' };

/** Each run as `{name, id, steps, times, metrics: {name: values}}`. */
function runsOf(text: string, extra: Partial<Parameters<typeof parseHistory>[1]> = {}) {
  const parsed = parseHistory(text, { ...options, ...extra });
  expect(parsed.diagnostics).toEqual([]);
  return parsed.runs.map((r) => ({
    id: r.run.id,
    name: r.run.name,
    steps: r.steps,
    times: r.times,
    metrics: Object.fromEntries([...r.metrics].map(([k, v]) => [k, [...(v as (number | null)[])]])),
  }));
}

describe('parseHistory: JSON Lines as run.history() writes it', () => {
  test('one run without a run column; W&B’s own columns are not metrics; non-numbers are skipped', () => {
    const text = [
      '{"_step": 0, "_runtime": 1.5, "_timestamp": 1714557600.25, "loss": 1.5, "acc": 0.5, "sample": {"_type": "image-file"}}',
      '{"_step": 1, "_runtime": 3.0, "_timestamp": 1714557601.75, "loss": NaN, "note": "text"}',
      '',
      '{"_step": 2, "_runtime": 4.5, "_timestamp": 1714557603.25, "loss": null, "acc": Infinity}',
    ].join('\n');
    const parsed = parseHistory(text, options);
    expect(parsed.format).toBe('jsonl');
    expect(parsed.timeSource).toBe('_timestamp');
    expect(runsOf(text)).toEqual([
      {
        id: 'h',
        name: 'h',
        steps: [0, 1, 2],
        times: [1714557600.25, 1714557601.75, 1714557603.25],
        metrics: { loss: [1.5, Number.NaN, null], acc: [0.5, null, Number.POSITIVE_INFINITY] },
      },
    ]);
  });

  test('several runs by run_id and run_name; rows of one step merge', () => {
    const text = [
      '{"run_id": "a1", "run_name": "prod-1", "_step": 0, "_runtime": 0, "loss": 1}',
      '{"run_id": "b2", "run_name": "prod-2", "_step": 0, "_runtime": 0, "loss": 2}',
      '{"run_id": "a1", "run_name": "prod-1", "_step": 0, "_runtime": 0, "acc": 0.5}',
      '{"run_id": "a1", "run_name": "prod-1", "_step": 5, "_runtime": 60, "loss": 0.5}',
    ].join('\n');
    expect(parseHistory(text, options).timeSource).toBe('_runtime');
    expect(runsOf(text)).toEqual([
      { id: 'a1', name: 'prod-1', steps: [0, 5], times: [0, 60], metrics: { loss: [1, 0.5], acc: [0.5, null] } },
      { id: 'b2', name: 'prod-2', steps: [0], times: [0], metrics: { loss: [2] } },
    ]);
  });

  test('without times, a step counts as a second', () => {
    const parsed = parseHistory('{"_step": 3, "name": "r", "x": 1}\n{"_step": 10, "name": "r", "x": 2}\n', options);
    expect(parsed.timeSource).toBe('step');
    expect(parsed.runs.map((r) => [r.run.name, r.times])).toEqual([['r', [3, 10]]]);
  });

  test('a named run column', () => {
    expect(
      runsOf('{"_step": 0, "who": "x", "m": 1}\n{"_step": 0, "who": "y", "m": 2}\n', { runColumn: 'who' }).map(
        (r) => r.name,
      ),
    ).toEqual(['x', 'y']);
  });
});

describe('parseHistory: CSV', () => {
  test('a run.history() CSV with a run column, quoted fields and empty cells', () => {
    const text = 'run,_step,_runtime,loss,"val/acc"\nprod-1,0,0,1.5,\n"prod-1",1,10,1.25,0.5\nprod-2,0,0,nan,"0.25"\n';
    expect(runsOf(text)).toEqual([
      {
        id: 'prod-1',
        name: 'prod-1',
        steps: [0, 1],
        times: [0, 10],
        metrics: { loss: [1.5, 1.25], 'val/acc': [null, 0.5] },
      },
      { id: 'prod-2', name: 'prod-2', steps: [0], times: [0], metrics: { loss: [Number.NaN], 'val/acc': [0.25] } },
    ]);
  });

  test('the App’s line-plot export: a Step column and one "RUN - METRIC" column per run (MIN/MAX skipped)', () => {
    const text = [
      'Step,prod-1 - loss,prod-1 - loss__MIN,prod-1 - loss__MAX,prod-2 - loss',
      '0,1.5,1.4,1.6,2',
      '1,,,,1.5',
      '2,1.25,1.2,1.3,',
    ].join('\r\n');
    expect(runsOf(text)).toEqual([
      { id: 'prod-1', name: 'prod-1', steps: [0, 2], times: [0, 2], metrics: { loss: [1.5, 1.25] } },
      { id: 'prod-2', name: 'prod-2', steps: [0, 1], times: [0, 1], metrics: { loss: [2, 1.5] } },
    ]);
  });

  test('parseCsv keeps field offsets and reads quotes, doubled quotes and line breaks in quotes', () => {
    expect(parseCsv('a,"b ""c""",d\n"x\ny",2\n')).toEqual({
      ok: true,
      rows: [
        [
          { text: 'a', offset: 0 },
          { text: 'b "c"', offset: 2 },
          { text: 'd', offset: 12 },
        ],
        [
          { text: 'x\ny', offset: 14 },
          { text: '2', offset: 20 },
        ],
      ],
    });
  });
});

describe('parseHistory: problems are located diagnostics', () => {
  test.each([
    [
      '{"_step": 0, "m": 1}\n{"_step": 1, "m": \n',
      ['WR6014 2:1 the line is not valid JSON: unexpected end of JSON input'],
    ],
    ['{"_step": 0}\n[1, 2]\n', ['WR6014 2:1 the line is not a JSON object (one object per logged step)']],
    ['{"m": 1}\n', ['WR6015 1:1 the history has no "_step" column (nor "Step"), so its rows cannot be placed']],
    [
      '{"_step": 2, "m": 1}\n{"_step": 1, "m": 1}\n',
      ['WR6016 2:1 step 1 of run "h" comes after step 2; rows of a run must be in step order'],
    ],
    ['_step,m\n0,"1\n', ['WR6014 2:3 a quoted field is not closed']],
    ['_step,m\n0,1,2\n', ['WR6014 2:5 the row has 3 fields but the header names 2']],
    ['_step,m\nx,1\n', ['WR6014 2:1 the row has no numeric "_step"']],
  ])('%j', (text, expected) => {
    const index = new LineIndex(text);
    const found = parseHistory(text, options).diagnostics.map((d) => {
      const at = index.locate(d.span.start);
      return `${d.code} ${at.line}:${at.column} ${d.message}`;
    });
    expect(found).toEqual(expected);
  });
});

describe('replaying a parsed history', () => {
  test('firings come in time order across runs, with the history’s steps', () => {
    const text = [
      '{"run_name": "a", "_step": 10, "_timestamp": 100, "loss": 5}',
      '{"run_name": "b", "_step": 0, "_timestamp": 50, "loss": 7}',
      '{"run_name": "a", "_step": 20, "_timestamp": 200, "loss": 9}',
    ].join('\n');
    const { runs } = parseHistory(text, options);
    const evaluation = evaluate(automations('automation "hot" on run metric "loss" > 6 -> nothing'), { runs });
    expect(evaluation.firings.map((f) => (f.kind === 'metric' ? [f.run.name, f.step, f.time] : []))).toEqual([
      ['b', 0, 50],
      ['a', 20, 200],
    ]);
  });
});
