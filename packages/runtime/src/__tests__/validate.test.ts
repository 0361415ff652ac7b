import { describe, expect, test } from 'vitest';
import { formatJsonPath, validate } from '../index.js';
import { payloadCases } from './vectors.js';

/** Problems as `code path: message` lines, the way a reader compares them. */
function problemsOf(input: unknown, kind?: 'create' | 'update'): string[] {
  return validate(input, kind === undefined ? {} : { kind }).problems.map(
    (p) => `${p.code} ${formatJsonPath(p.path)}: ${p.message}`,
  );
}

const noop = { noOpActionInput: { noOp: true } };
const runFilter = '{\\"$and\\":[]}';

/** A valid create payload, with fields replaced. */
function create(fields: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    enabled: true,
    eventFilter: `{"run_filter":"${runFilter}","run_metric_filter":{"threshold_filter":{"name":"loss","agg_op":null,"window_size":1,"cmp_op":"$gt","threshold":1}},"metric_filter":null}`,
    name: 'loss-high',
    scopeID: 'UHJvamVjdDox',
    scopeType: 'PROJECT',
    triggeredActionConfig: noop,
    triggeredActionType: 'NO_OP',
    triggeringEventType: 'RUN_METRIC',
    ...fields,
  };
}

/** A threshold event filter with one member of threshold_filter replaced. */
function threshold(members: string): string {
  return `{"run_filter":"${runFilter}","run_metric_filter":{"threshold_filter":{${members}}},"metric_filter":null}`;
}

describe('every golden vector payload validates', () => {
  const cases = payloadCases();
  test('there are create and update vectors', () => {
    expect(cases.filter((c) => c.operation === 'CreateAutomation').length).toBeGreaterThan(60);
    expect(cases.filter((c) => c.operation === 'UpdateAutomation').length).toBe(7);
    expect(cases.filter((c) => c.input.triggeredActionType === 'ARIA').length).toBe(5);
  });
  test.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const result = validate(c.input);
    expect(result.kind).toBe(c.operation === 'CreateAutomation' ? 'create' : 'update');
    expect(problemsOf(c.input)).toEqual([]);
    expect(result.ok).toBe(true);
  });
});

describe('the forms the SDK refuses are refused', () => {
  test.each<[string, Record<string, unknown>, string[]]>([
    [
      'CREATE_ARTIFACT on a PROJECT scope',
      create({ triggeringEventType: 'CREATE_ARTIFACT', eventFilter: '{"$or":[{"$and":[]}]}' }),
      [
        'WR5005 triggeringEventType: the event "CREATE_ARTIFACT" is not allowed on a "PROJECT" scope: it needs "ARTIFACT_COLLECTION"',
      ],
    ],
    [
      'a run event on a collection scope',
      create({ scopeType: 'ARTIFACT_COLLECTION' }),
      [
        'WR5005 triggeringEventType: the event "RUN_METRIC" is not allowed on a "ARTIFACT_COLLECTION" scope: it needs one of "PROJECT" or "ENTITY"',
      ],
    ],
    [
      '$eq as a threshold comparison',
      create({ eventFilter: threshold('"name":"loss","agg_op":null,"window_size":1,"cmp_op":"$eq","threshold":1') }),
      [
        'WR5003 eventFilter.run_metric_filter.threshold_filter.cmp_op: expected one of "$gt", "$gte", "$lt" or "$lte", found the string "$eq"',
      ],
    ],
    [
      'a window of 0',
      create({
        eventFilter: threshold('"name":"loss","agg_op":"AVERAGE","window_size":0,"cmp_op":"$gt","threshold":1'),
      }),
      [
        'WR5004 eventFilter.run_metric_filter.threshold_filter.window_size: expected a window size of at least 1, found 0',
      ],
    ],
    [
      'a float window',
      create({
        eventFilter: threshold('"name":"loss","agg_op":"AVERAGE","window_size":5.0,"cmp_op":"$gt","threshold":1'),
      }),
      [
        'WR5003 eventFilter.run_metric_filter.threshold_filter.window_size: expected an integer window size, found the float 5.0',
      ],
    ],
    [
      'a malformed eventFilter string',
      create({ eventFilter: '{"run_filter":' }),
      [
        'WR5002 eventFilter: expected a string holding JSON, but it does not parse: unexpected end of JSON text; expected a value (at character 15)',
      ],
    ],
    [
      'a malformed run_filter string inside the eventFilter',
      create({
        eventFilter: threshold('"name":"loss","cmp_op":"$gt","threshold":1').replace(runFilter, '{\\"$and\\":['),
      }),
      [
        'WR5002 eventFilter.run_filter: expected a string holding JSON, but it does not parse: unexpected end of JSON text; expected a value (at character 10)',
      ],
    ],
    [
      'an action type that does not match its config',
      create({ triggeredActionType: 'NOTIFICATION' }),
      [
        'WR5006 triggeredActionConfig.noOpActionInput: the action type "NOTIFICATION" takes "notificationActionInput", found "noOpActionInput"',
      ],
    ],
    [
      'two action inputs',
      create({ triggeredActionConfig: { ...noop, genericWebhookActionInput: { integrationID: 'x' } } }),
      [
        'WR5006 triggeredActionConfig: expected exactly one action input, found 2 ("noOpActionInput" and "genericWebhookActionInput")',
      ],
    ],
    [
      'a webhook payload that is an array',
      create({
        triggeredActionType: 'GENERIC_WEBHOOK',
        triggeredActionConfig: {
          genericWebhookActionInput: { integrationID: 'SW50ZWdyYXRpb246Mg==', requestPayload: '[1]' },
        },
      }),
      [
        'WR5003 triggeredActionConfig.genericWebhookActionInput.requestPayload: expected a JSON object as the webhook payload, found an array',
      ],
    ],
    [
      'a non-positive change amount and a change filter on a RUN_METRIC event',
      create({
        eventFilter: `{"run_filter":"${runFilter}","run_metric_filter":{"change_filter":{"name":"loss","agg_op":null,"current_window_size":1,"change_amount":0,"prior_window_size":1,"change_type":"RELATIVE","change_dir":"ANY"}},"metric_filter":null}`,
      }),
      [
        'WR5007 eventFilter.run_metric_filter.change_filter: expected "threshold_filter" for the event "RUN_METRIC", found "change_filter" (which belongs to "RUN_METRIC_CHANGE")',
        'WR5004 eventFilter.run_metric_filter.change_filter.change_amount: expected a number greater than 0, found the integer 0',
      ],
    ],
    [
      'a z-score threshold that is not positive, and a lower-case direction',
      create({
        triggeringEventType: 'RUN_METRIC_ZSCORE',
        eventFilter: `{"run_filter":"${runFilter}","run_metric_filter":{"zscore_filter":{"name":"loss","window_size":30,"threshold":-3.0,"change_dir":"any"}},"metric_filter":null}`,
      }),
      [
        'WR5004 eventFilter.run_metric_filter.zscore_filter.threshold: expected a number greater than 0, found the float -3.0',
        'WR5003 eventFilter.run_metric_filter.zscore_filter.change_dir: expected one of "INCREASE", "DECREASE" or "ANY", found the string "any" (W&B spells it "ANY")',
      ],
    ],
    [
      'a boolean threshold and an unknown key',
      create({ eventFilter: threshold('"name":"loss","cmp_op":"$gt","threshold":true,"window":3') }),
      [
        'WR5003 eventFilter.run_metric_filter.threshold_filter.window: unexpected key "window": a threshold_filter has only "name", "agg_op", "window_size", "cmp_op" and "threshold"',
        'WR5003 eventFilter.run_metric_filter.threshold_filter.threshold: expected a number, found true',
      ],
    ],
    [
      'a crashed state and a missing run filter',
      create({ triggeringEventType: 'RUN_STATE', eventFilter: '{"run_state_filter":{"states":["crashed","FAILED"]}}' }),
      [
        'WR5003 eventFilter: expected the key "run_filter" in the RUN_STATE event filter, which is missing',
        'WR5003 eventFilter.run_state_filter.states[0]: expected one of "FAILED", "FINISHED" or "RUNNING", found the string "crashed" (W&B counts a crashed run as "FAILED")',
      ],
    ],
    [
      'a mutation filter that is not wrapped',
      create({ triggeringEventType: 'LINK_MODEL', eventFilter: '{"$and":[{"alias":{"$eq":"prod"}}]}' }),
      [
        'WR5008 eventFilter: expected the wrapped form {"$or":[{"$and":[…]}]} the SDK sends for artifact events, found an object with the key "$and"',
      ],
    ],
    [
      'a filter leaf without an operator, a bad regex and a non-list $in',
      create({
        triggeringEventType: 'LINK_MODEL',
        eventFilter:
          '{"$or":[{"$and":[{"alias":"prod"},{"tag":{"$regex":"(?=x)"}},{"$not":{"alias":{"$in":"prod"}}}]}]}',
      }),
      [
        'WR5003 eventFilter.$or[0].$and[0].alias: expected an operator object such as {"$eq": …} for the field "alias", found the string "prod"',
        'WR5003 eventFilter.$or[0].$and[1].tag.$regex: expected a valid RE2 regular expression, but "(?=" starts a lookaround, which RE2 does not support',
        'WR5003 eventFilter.$or[0].$and[2].$not.alias.$in: expected an array of strings, numbers or booleans for "$in", found the string "prod"',
      ],
    ],
    [
      'the run filter given as an object instead of a string',
      create({
        eventFilter:
          '{"run_filter":{"$and":[]},"run_metric_filter":{"threshold_filter":{"name":"x","cmp_op":"$gt","threshold":1}}}',
      }),
      [
        'WR5003 eventFilter.run_filter: expected a string holding the run filter as JSON (the SDK encodes it twice), found an object',
      ],
    ],
    [
      'legacy event and action types',
      create({
        triggeringEventType: 'UPDATE_ARTIFACT_ALIAS',
        triggeredActionType: 'QUEUE_JOB',
        eventFilter: '{"$or":[{"$and":[]}]}',
      }),
      [
        'WR5006 triggeringEventType: "UPDATE_ARTIFACT_ALIAS" cannot be used for a new or edited automation: it is a legacy event W&B only keeps on saved automations',
        'WR5006 triggeredActionType: "QUEUE_JOB" actions are deprecated: W&B accepts only NOTIFICATION, GENERIC_WEBHOOK, NO_OP and ARIA',
        'WR5006 triggeredActionConfig.noOpActionInput: the action type "QUEUE_JOB" takes "queueJobActionInput", found "noOpActionInput"',
      ],
    ],
    [
      'an empty ARIA prompt',
      create({ triggeredActionType: 'ARIA', triggeredActionConfig: { ariaActionInput: { prompt: ' ' } } }),
      ['WR5004 triggeredActionConfig.ariaActionInput.prompt: expected a prompt, found an empty one'],
    ],
    [
      'an ARIA prompt over 4,000 code points',
      create({
        triggeredActionType: 'ARIA',
        triggeredActionConfig: { ariaActionInput: { prompt: '😀'.repeat(4001) } },
      }),
      [
        'WR5004 triggeredActionConfig.ariaActionInput.prompt: expected a prompt of at most 4,000 characters, found 4001',
      ],
    ],
    [
      "an ARIA action with another action's input",
      create({ triggeredActionType: 'ARIA', triggeredActionConfig: { noOpActionInput: { noOp: true } } }),
      [
        'WR5006 triggeredActionConfig.noOpActionInput: the action type "ARIA" takes "ariaActionInput", found "noOpActionInput"',
      ],
    ],
    [
      'a name over 255 code points',
      create({ name: '名'.repeat(256) }),
      ['WR5004 name: expected a name of at most 255 characters, found 256'],
    ],
  ])('%s', (_title, input, expected) => {
    expect(problemsOf(input)).toEqual(expected);
    expect(validate(input).ok).toBe(false);
  });
});

describe('GraphQL input coercion', () => {
  test('missing, unknown, mistyped and misspelled fields are located at the field', () => {
    const { name: _name, ...rest } = create();
    expect(
      problemsOf({ ...rest, nmae: 'x', enabled: 'yes', scopeType: 'PROJECTS', eventFilter: { run_filter: '' } }),
    ).toEqual([
      'WR5001 enabled: boolean cannot represent a non boolean value: "yes"',
      'WR5001 eventFilter: expected type "JSONString"; JSONString must be a string holding JSON, found an object',
      'WR5001 name: field "name" of required type "String!" was not provided',
      'WR5001 scopeType: value "PROJECTS" does not exist in "TriggerScopeType" enum; did you mean the enum value "PROJECT"?',
      'WR5001 nmae: field "nmae" is not defined by type "CreateFilterTriggerInput"; did you mean "name"?',
    ]);
  });

  test('a value that is not an object', () => {
    expect(problemsOf([create()])).toEqual([
      'WR5001 (the payload): expected a JSON object (a CreateFilterTriggerInput), found an array',
    ]);
  });

  test('an update is checked on the fields it has; its id is required', () => {
    expect(problemsOf({ id: 'VHJpZ2dlcjox', enabled: false })).toEqual([]);
    expect(problemsOf({ name: 'x' }, 'update')).toEqual([
      'WR5001 id: field "id" of required type "ID!" was not provided',
    ]);
    expect(
      problemsOf({ id: 'VHJpZ2dlcjox', eventFilter: '{"run_filter":"{}","run_state_filter":{"states":[]}}' }),
    ).toEqual([
      'WR5008 eventFilter.run_filter: expected the form {"$and":[…]} the SDK sends for run filters, found an empty object',
    ]);
  });
});
