import { describe, expect, test } from 'vitest';
import { compile } from '../compile.js';
import type { CompiledAutomation } from '../model/types.js';

const prelude = 'webhook ci = "hook"\nslack alerts = "#ml"\nin project "acme/vision"\n';

/** Compiles rules after a prelude that declares `ci` and `alerts`; fails on any error. */
function lower(rules: string): CompiledAutomation[] {
  const result = compile([{ file: 'f.wbrules', text: prelude + rules }]);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  expect(errors.map((d) => `${d.code} ${d.message}`)).toEqual([]);
  return [...result.automations];
}

function eventFilter(rule: string): string {
  return (lower(rule)[0] as CompiledAutomation).input.eventFilter;
}

/** The eventFilter of a run rule, with its run_filter decoded: what the metric part and run part look like. */
function runFilter(rule: string): string {
  return JSON.parse(eventFilter(rule)).run_filter;
}

function mutationFilter(where: string): string {
  return eventFilter(`on artifact linked where ${where} -> nothing`);
}

describe('mutation-event filters', () => {
  test.each([
    ['alias matches "prod-.*"', '{"$or":[{"$and":[{"alias":{"$regex":"prod-.*"}}]}]}'],
    ['alias == "prod" and tag == "v2"', '{"$or":[{"$and":[{"alias":{"$eq":"prod"}},{"tag":{"$eq":"v2"}}]}]}'],
    [
      'alias == "prod" or alias == "staging"',
      '{"$or":[{"$and":[{"$or":[{"alias":{"$eq":"prod"}},{"alias":{"$eq":"staging"}}]}]}]}',
    ],
    ['not (alias == "prod")', '{"$or":[{"$and":[{"$not":{"alias":{"$eq":"prod"}}}]}]}'],
    ['not alias == "prod"', '{"$or":[{"$and":[{"$not":{"alias":{"$eq":"prod"}}}]}]}'],
    ['alias != "prod"', '{"$or":[{"$and":[{"alias":{"$ne":"prod"}}]}]}'],
    ['alias not in ["a", "b"]', '{"$or":[{"$and":[{"alias":{"$nin":["a","b"]}}]}]}'],
    ['alias in ["a"]', '{"$or":[{"$and":[{"alias":{"$in":["a"]}}]}]}'],
    ['tag exists', '{"$or":[{"$and":[{"tag":{"$exists":true}}]}]}'],
    ['tag not exists', '{"$or":[{"$and":[{"tag":{"$exists":false}}]}]}'],
    ['tag contains "x"', '{"$or":[{"$and":[{"tag":{"$contains":"x"}}]}]}'],
    [
      'alias < "m" and alias <= "n" and alias > "a" and alias >= "b"',
      '{"$or":[{"$and":[{"alias":{"$lt":"m"}},{"alias":{"$lte":"n"}},{"alias":{"$gt":"a"}},{"alias":{"$gte":"b"}}]}]}',
    ],
    [
      'not (alias == "a" or alias == "b" or alias == "c")',
      '{"$or":[{"$and":[{"$nor":[{"alias":{"$eq":"a"}},{"alias":{"$eq":"b"}},{"alias":{"$eq":"c"}}]}]}]}',
    ],
    [
      'not (alias == "a" and tag == "b")',
      '{"$or":[{"$and":[{"$not":{"$and":[{"alias":{"$eq":"a"}},{"tag":{"$eq":"b"}}]}}]}]}',
    ],
    ['not not alias == "a"', '{"$or":[{"$and":[{"alias":{"$eq":"a"}}]}]}'],
    [
      'not (not (alias == "a" or tag == "b"))',
      '{"$or":[{"$and":[{"$or":[{"alias":{"$eq":"a"}},{"tag":{"$eq":"b"}}]}]}]}',
    ],
    ['((alias == "a"))', '{"$or":[{"$and":[{"alias":{"$eq":"a"}}]}]}'],
    [
      '(alias == "a" and tag == "b") and (alias == "c" and tag == "d")',
      '{"$or":[{"$and":[{"alias":{"$eq":"a"}},{"tag":{"$eq":"b"}},{"alias":{"$eq":"c"}},{"tag":{"$eq":"d"}}]}]}',
    ],
    ['alias == "é\\"\\\\/\\n"', '{"$or":[{"$and":[{"alias":{"$eq":"é\\"\\\\/\\n"}}]}]}'],
  ])('where %s', (where, expected) => {
    expect(mutationFilter(where)).toBe(expected);
  });

  test('no filter is still wrapped', () => {
    expect(eventFilter('on artifact unlinked -> nothing')).toBe('{"$or":[{"$and":[]}]}');
  });

  test('sugar: alias "prod" added means alias == "prod", before the where filter', () => {
    expect(eventFilter('on alias "prod" added -> nothing')).toBe('{"$or":[{"$and":[{"alias":{"$eq":"prod"}}]}]}');
    expect(eventFilter('on alias "prod" added where tag == "x" or tag == "y" -> nothing')).toBe(
      '{"$or":[{"$and":[{"alias":{"$eq":"prod"}},{"$or":[{"tag":{"$eq":"x"}},{"tag":{"$eq":"y"}}]}]}]}',
    );
    expect(eventFilter('on tag "x" removed where alias == "a" and alias == "b" -> nothing')).toBe(
      '{"$or":[{"$and":[{"tag":{"$eq":"x"}},{"alias":{"$eq":"a"}},{"alias":{"$eq":"b"}}]}]}',
    );
    expect(eventFilter('on collection tag "gold" added -> nothing')).toBe(
      '{"$or":[{"$and":[{"tag":{"$eq":"gold"}}]}]}',
    );
  });

  test.each([
    ['on artifact created in collection "a/b/c" -> nothing', 'CREATE_ARTIFACT'],
    ['on artifact linked -> nothing', 'LINK_MODEL'],
    ['on artifact unlinked -> nothing', 'UNLINK_ARTIFACT'],
    ['on alias added -> nothing', 'ADD_ARTIFACT_ALIAS'],
    ['on tag added -> nothing', 'ADD_ARTIFACT_TAG'],
    ['on tag removed -> nothing', 'REMOVE_ARTIFACT_TAG'],
    ['on collection tag added -> nothing', 'ADD_COLLECTION_TAG'],
    ['on collection tag removed -> nothing', 'REMOVE_COLLECTION_TAG'],
    ['on run metric "m" > 1 -> nothing', 'RUN_METRIC'],
    ['on run metric "m" changes by 1 -> nothing', 'RUN_METRIC_CHANGE'],
    ['on run metric "m" zscore > 1 -> nothing', 'RUN_METRIC_ZSCORE'],
    ['on run state running -> nothing', 'RUN_STATE'],
  ])('%s is %s', (rule, type) => {
    expect(lower(rule)[0]?.input.triggeringEventType).toBe(type);
  });
});

describe('run filters', () => {
  test.each([
    ['run.name == "a"', '{"$and":[{"display_name":{"$eq":"a"}}]}'],
    [
      'run.name == "c" and (run.name == "a" and run.name == "b")',
      '{"$and":[{"display_name":{"$eq":"c"}},{"display_name":{"$eq":"a"}},{"display_name":{"$eq":"b"}}]}',
    ],
    [
      'run.name == "a" or run.name == "b"',
      '{"$and":[{"$or":[{"display_name":{"$eq":"a"}},{"display_name":{"$eq":"b"}}]}]}',
    ],
    [
      'not (run.name == "a" or run.name == "b")',
      '{"$and":[{"$nor":[{"display_name":{"$eq":"a"}},{"display_name":{"$eq":"b"}}]}]}',
    ],
    ['not run.name contains "debug"', '{"$and":[{"$not":{"display_name":{"$contains":"debug"}}}]}'],
    ['run.name matches r"^exp-\\d+$"', '{"$and":[{"display_name":{"$regex":"^exp-\\\\d+$"}}]}'],
  ])('where %s', (where, expected) => {
    expect(runFilter(`on run state failed where ${where} -> nothing`)).toBe(expected);
  });

  test('run_filter is a JSON string inside the eventFilter string', () => {
    expect(eventFilter('on run state failed where run.name matches r"^exp-\\d+$" -> nothing')).toBe(
      '{"run_filter":"{\\"$and\\":[{\\"display_name\\":{\\"$regex\\":\\"^exp-\\\\\\\\d+$\\"}}]}","run_state_filter":{"states":["FAILED"]}}',
    );
  });
});

describe('run states', () => {
  test.each([
    ['running', '["RUNNING"]'],
    ['running, finished, failed', '["FAILED","FINISHED","RUNNING"]'],
    ['crashed, failed, failed', '["FAILED"]'],
    ['finished, crashed', '["FAILED","FINISHED"]'],
  ])('run state %s', (states, expected) => {
    expect(eventFilter(`on run state ${states} -> nothing`)).toBe(
      `{"run_filter":"{\\"$and\\":[]}","run_state_filter":{"states":${expected}}}`,
    );
  });
});

describe('metric conditions', () => {
  const metric = (filter: string) =>
    `{"run_filter":"{\\"$and\\":[]}","run_metric_filter":${filter},"metric_filter":null}`;
  test.each([
    ['"m" > 1', '{"threshold_filter":{"name":"m","agg_op":null,"window_size":1,"cmp_op":"$gt","threshold":1}}'],
    ['"m" >= 1.0', '{"threshold_filter":{"name":"m","agg_op":null,"window_size":1,"cmp_op":"$gte","threshold":1.0}}'],
    ['"m" < -0.25', '{"threshold_filter":{"name":"m","agg_op":null,"window_size":1,"cmp_op":"$lt","threshold":-0.25}}'],
    ['"m" <= 1e-7', '{"threshold_filter":{"name":"m","agg_op":null,"window_size":1,"cmp_op":"$lte","threshold":1e-7}}'],
    ['"m" > 1E2', '{"threshold_filter":{"name":"m","agg_op":null,"window_size":1,"cmp_op":"$gt","threshold":100.0}}'],
    ['"m" > -0', '{"threshold_filter":{"name":"m","agg_op":null,"window_size":1,"cmp_op":"$gt","threshold":0}}'],
    ['"m" > -0.0', '{"threshold_filter":{"name":"m","agg_op":null,"window_size":1,"cmp_op":"$gt","threshold":-0.0}}'],
    [
      '"m" > 9223372036854775807',
      '{"threshold_filter":{"name":"m","agg_op":null,"window_size":1,"cmp_op":"$gt","threshold":9223372036854775807}}',
    ],
    [
      '"m" avg over 5 > 0.5',
      '{"threshold_filter":{"name":"m","agg_op":"AVERAGE","window_size":5,"cmp_op":"$gt","threshold":0.5}}',
    ],
    [
      '"m" mean over 5 > 0.5',
      '{"threshold_filter":{"name":"m","agg_op":"AVERAGE","window_size":5,"cmp_op":"$gt","threshold":0.5}}',
    ],
    [
      '"m" min over 1 > 0.5',
      '{"threshold_filter":{"name":"m","agg_op":"MIN","window_size":1,"cmp_op":"$gt","threshold":0.5}}',
    ],
    [
      '"m" max over 3 > 85',
      '{"threshold_filter":{"name":"m","agg_op":"MAX","window_size":3,"cmp_op":"$gt","threshold":85}}',
    ],
    // change: within N always aggregates (AVERAGE unless a word is given); the prior window defaults to the current.
    [
      '"loss" changes by 10% within 5',
      '{"change_filter":{"name":"loss","agg_op":"AVERAGE","current_window_size":5,"change_amount":0.1,"prior_window_size":5,"change_type":"RELATIVE","change_dir":"ANY"}}',
    ],
    [
      '"m" changes by 1 within 1',
      '{"change_filter":{"name":"m","agg_op":"AVERAGE","current_window_size":1,"change_amount":1,"prior_window_size":1,"change_type":"ABSOLUTE","change_dir":"ANY"}}',
    ],
    [
      '"m" max increases by 1.1% within 3 vs 10',
      '{"change_filter":{"name":"m","agg_op":"MAX","current_window_size":3,"change_amount":0.011,"prior_window_size":10,"change_type":"RELATIVE","change_dir":"INCREASE"}}',
    ],
    [
      '"m" min decreases by 100% within 2',
      '{"change_filter":{"name":"m","agg_op":"MIN","current_window_size":2,"change_amount":1.0,"prior_window_size":2,"change_type":"RELATIVE","change_dir":"DECREASE"}}',
    ],
    [
      '"m" mean changes by 0.5 within 4',
      '{"change_filter":{"name":"m","agg_op":"AVERAGE","current_window_size":4,"change_amount":0.5,"prior_window_size":4,"change_type":"ABSOLUTE","change_dir":"ANY"}}',
    ],
    [
      '"m" increases by 50%',
      '{"change_filter":{"name":"m","agg_op":null,"current_window_size":1,"change_amount":0.5,"prior_window_size":1,"change_type":"RELATIVE","change_dir":"INCREASE"}}',
    ],
    [
      '"m" decreases by 2',
      '{"change_filter":{"name":"m","agg_op":null,"current_window_size":1,"change_amount":2,"prior_window_size":1,"change_type":"ABSOLUTE","change_dir":"DECREASE"}}',
    ],
    [
      '"m" changes by 1e2%',
      '{"change_filter":{"name":"m","agg_op":null,"current_window_size":1,"change_amount":1.0,"prior_window_size":1,"change_type":"RELATIVE","change_dir":"ANY"}}',
    ],
    [
      '"m" changes by 0.07%',
      '{"change_filter":{"name":"m","agg_op":null,"current_window_size":1,"change_amount":0.0007,"prior_window_size":1,"change_type":"RELATIVE","change_dir":"ANY"}}',
    ],
    // z-score: default window 30; the threshold is a magnitude that keeps its int/float kind.
    ['"m" zscore > 3', '{"zscore_filter":{"name":"m","window_size":30,"threshold":3,"change_dir":"INCREASE"}}'],
    [
      '"m" zscore over 10 >= 3.0',
      '{"zscore_filter":{"name":"m","window_size":10,"threshold":3.0,"change_dir":"INCREASE"}}',
    ],
    [
      '"m" zscore over 10 < -2.5',
      '{"zscore_filter":{"name":"m","window_size":10,"threshold":2.5,"change_dir":"DECREASE"}}',
    ],
    ['"m" zscore <= -3', '{"zscore_filter":{"name":"m","window_size":30,"threshold":3,"change_dir":"DECREASE"}}'],
    [
      '"m" abs zscore over 20 > 2.0',
      '{"zscore_filter":{"name":"m","window_size":20,"threshold":2.0,"change_dir":"ANY"}}',
    ],
    ['"m" abs zscore >= 4', '{"zscore_filter":{"name":"m","window_size":30,"threshold":4,"change_dir":"ANY"}}'],
    [
      '"损失/val.x \\"q\\" C:\\\\p"  > 0',
      '{"threshold_filter":{"name":"损失/val.x \\"q\\" C:\\\\p","agg_op":null,"window_size":1,"cmp_op":"$gt","threshold":0}}',
    ],
  ])('run metric %s', (condition, expected) => {
    expect(eventFilter(`on run metric ${condition} -> nothing`)).toBe(metric(expected));
  });

  test('a run filter sits in run_filter beside the metric filter', () => {
    expect(eventFilter('on run metric "m" > 1 where run.name contains "x" -> nothing')).toBe(
      '{"run_filter":"{\\"$and\\":[{\\"display_name\\":{\\"$contains\\":\\"x\\"}}]}","run_metric_filter":{"threshold_filter":{"name":"m","agg_op":null,"window_size":1,"cmp_op":"$gt","threshold":1}},"metric_filter":null}',
    );
  });
});

describe('actions', () => {
  test('slack: defaults are sent, keys in the SDK order', () => {
    const config = lower('on artifact linked -> slack alerts')[0]?.input.triggeredActionConfig;
    expect(JSON.stringify(config)).toBe('{"notificationActionInput":{"message":"","severity":"INFO","title":""}}');
    const full = lower('on artifact linked -> slack alerts severity error title "T" message "M"')[0]?.input;
    expect(JSON.stringify(full?.triggeredActionConfig)).toBe(
      '{"notificationActionInput":{"message":"M","severity":"ERROR","title":"T"}}',
    );
    expect(full?.triggeredActionType).toBe('NOTIFICATION');
    expect(
      JSON.stringify(lower('on artifact linked -> slack alerts severity warn')[0]?.input.triggeredActionConfig),
    ).toContain('"severity":"WARN"');
  });

  test('webhook: no payload omits requestPayload; a payload is re-spelled compactly in source order', () => {
    expect(JSON.stringify(lower('on artifact linked -> webhook ci')[0]?.input.triggeredActionConfig)).toBe(
      '{"genericWebhookActionInput":{}}',
    );
    const input = lower(`on artifact linked -> webhook ci {
      "b": 1.50, "10": "stays", "a": 1E2, "i": -7, "z": 0.0, "big": 1234567890123456789,
      "l": [true, false, null, {"k": "v"}, []], "o": {}, "s": "tab\\t\\u00e9 ✓ \\ud83d\\ude00", // comment
      "t": "\${event_type}"
    }`)[0]?.input;
    expect(input?.triggeredActionType).toBe('GENERIC_WEBHOOK');
    expect(JSON.stringify(input?.triggeredActionConfig)).toBe(
      JSON.stringify({
        genericWebhookActionInput: {
          requestPayload:
            '{"b":1.5,"10":"stays","a":100.0,"i":-7,"z":0.0,"big":1234567890123456789,"l":[true,false,null,{"k":"v"},[]],"o":{},"s":"tab\\té ✓ 😀","t":"${event_type}"}',
        },
      }),
    );
    expect(JSON.stringify(lower('on artifact linked -> webhook ci {}')[0]?.input.triggeredActionConfig)).toBe(
      '{"genericWebhookActionInput":{"requestPayload":"{}"}}',
    );
  });

  test('nothing', () => {
    const input = lower('on artifact linked -> nothing')[0]?.input;
    expect(input?.triggeredActionType).toBe('NO_OP');
    expect(input?.triggeredActionConfig).toEqual({ noOpActionInput: { noOp: true } });
  });
});

describe('the input object', () => {
  test('key order, enabled always, description only when written', () => {
    const [plain, described, disabled] = lower(
      'on artifact linked -> nothing\nautomation "d" description "" on artifact unlinked -> nothing\ndisabled description "x" automation "e" on tag added -> nothing',
    );
    expect(Object.keys(plain?.input ?? {})).toEqual([
      'enabled',
      'eventFilter',
      'name',
      'scopeType',
      'triggeredActionConfig',
      'triggeredActionType',
      'triggeringEventType',
    ]);
    expect(plain?.input.enabled).toBe(true);
    expect(Object.keys(described?.input ?? {})[0]).toBe('description');
    expect(described?.input.description).toBe('');
    expect(disabled?.input).toMatchObject({ description: 'x', enabled: false, name: 'e' });
  });

  test('scope types: registry is PROJECT, collection ARTIFACT_COLLECTION, team and org ENTITY', () => {
    const types = lower(
      [
        'on artifact linked in registry "o/m" -> nothing',
        'on artifact linked in collection "e/p/c" -> nothing',
        'on artifact linked in team "t" -> nothing',
        'on artifact linked in org "o" -> nothing',
        'on artifact linked -> nothing',
      ].join('\n'),
    ).map((a) => a.input.scopeType);
    expect(types).toEqual(['PROJECT', 'ARTIFACT_COLLECTION', 'ENTITY', 'ENTITY', 'PROJECT']);
  });

  test('provenance: file, 1-based line, span, scope and integration refs', () => {
    const [a] = lower('\n\n  on artifact linked -> webhook ci');
    expect(a).toMatchObject({
      name: 'artifact-linked-webhook-ci',
      derivedName: true,
      file: 'f.wbrules',
      line: 6,
      scope: { kind: 'project', path: 'acme/vision', type: 'PROJECT', entity: 'acme', span: { start: 52, end: 65 } },
      integration: { kind: 'webhook', name: 'hook', entity: 'acme', key: 'acme/hook', span: { start: 100, end: 102 } },
    });
    expect(a?.input).not.toHaveProperty('scopeID');
  });
});
