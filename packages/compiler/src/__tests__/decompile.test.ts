import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile } from '../compile.js';
import { decodeJsonString } from '@wbrules/dsl';
import { stringLiteral } from '../decompile/ast.js';
import { decompile, decompileAll } from '../decompile/decompile.js';
import { percentSpelling } from '../decompile/event.js';
import { localIntegrationName } from '../decompile/names.js';
import { percentToFraction, spellFloat } from '../json/json-text.js';
import { roundTrip, vectorIds } from './decompile-harness.js';

// ---------------------------------------------------------------------------
// Harness: payloads written the way the SDK writes them, varied one field at a time.
// ---------------------------------------------------------------------------

const PROJECT = 'UHJvamVjdDox';
const COLLECTION = 'QXJ0aWZhY3RDb2xsZWN0aW9uOjE=';
const WEBHOOK = 'SW50ZWdyYXRpb246Mg==';
const SLACK = 'SW50ZWdyYXRpb246MQ==';

const noOp = { triggeredActionConfig: { noOpActionInput: { noOp: true } }, triggeredActionType: 'NO_OP' };

/** A RUN_METRIC input whose threshold filter (and run filter) are given as JSON text. */
function threshold(filter: string, runFilter = '{"$and":[]}', name = 'loss-high'): Record<string, unknown> {
  return {
    enabled: true,
    eventFilter: `{"run_filter":${JSON.stringify(runFilter)},"run_metric_filter":{"threshold_filter":${filter}},"metric_filter":null}`,
    name,
    scopeID: PROJECT,
    scopeType: 'PROJECT',
    ...noOp,
    triggeringEventType: 'RUN_METRIC',
  };
}
const loss = '{"name":"loss","agg_op":null,"window_size":1,"cmp_op":"$gt","threshold":1}';
const withRunFilter = (runFilter: string) => threshold(loss, runFilter);

function metric(eventType: string, key: string, filter: string): Record<string, unknown> {
  return {
    ...threshold(loss),
    eventFilter: `{"run_filter":"{\\"$and\\":[]}","run_metric_filter":{"${key}":${filter}},"metric_filter":null}`,
    triggeringEventType: eventType,
  };
}
const change = (filter: string) => metric('RUN_METRIC_CHANGE', 'change_filter', filter);
const zscore = (filter: string) => metric('RUN_METRIC_ZSCORE', 'zscore_filter', filter);
const states = (list: string) => ({
  ...threshold(loss),
  eventFilter: `{"run_filter":"{\\"$and\\":[]}","run_state_filter":{"states":${list}}}`,
  triggeringEventType: 'RUN_STATE',
});

/** An artifact-event input on the project collection whose `$and` terms are given as JSON text. */
function artifact(eventType: string, terms = '', name = 'link-prod'): Record<string, unknown> {
  return {
    enabled: true,
    eventFilter: `{"$or":[{"$and":[${terms}]}]}`,
    name,
    scopeID: COLLECTION,
    scopeType: 'ARTIFACT_COLLECTION',
    ...noOp,
    triggeringEventType: eventType,
  };
}

const webhook = (payload?: string) => ({
  triggeredActionConfig: {
    genericWebhookActionInput:
      payload === undefined ? { integrationID: WEBHOOK } : { integrationID: WEBHOOK, requestPayload: payload },
  },
  triggeredActionType: 'GENERIC_WEBHOOK',
});

/** A saved automation (`TriggerFields`) as a listing returns it. */
function saved(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    __typename: 'Trigger',
    id: 'VHJpZ2dlcjox',
    createdAt: '2025-01-01T00:00:00Z',
    updatedAt: null,
    name: 'link-prod',
    description: null,
    enabled: true,
    scope: { __typename: 'Project', id: PROJECT, name: 'my-project' },
    event: {
      __typename: 'FilterEventTriggeringCondition',
      eventType: 'LINK_MODEL',
      filter: '{"filter": {"$or": [{"$and": [{"alias": {"$regex": "^prod-.*"}}]}]}}',
    },
    action: { __typename: 'NoOpTriggeredAction', noOp: true },
    ...overrides,
  };
}

/** The rule's source alone (declarations, `in SCOPE`, rule), as `decompileAll` writes it. */
const source = (payload: unknown, options: Parameters<typeof decompile>[1] = { ids: vectorIds }) =>
  decompileAll([payload], options).text;
const ruleLines = (text: string) => text.slice(text.indexOf('\n\nautomation') + 2).trimEnd();

// ---------------------------------------------------------------------------

describe('canonical spellings', () => {
  it.each([
    ['a single value', threshold(loss), 'on run metric "loss" > 1'],
    [
      'a float keeps its float spelling',
      threshold('{"name":"loss","agg_op":null,"window_size":1,"cmp_op":"$lte","threshold":1.0}'),
      'on run metric "loss" <= 1.0',
    ],
    [
      'a tiny float in exponent form',
      threshold('{"name":"lr","agg_op":null,"window_size":1,"cmp_op":"$lt","threshold":1e-7}'),
      'on run metric "lr" < 1e-7',
    ],
    [
      'AVERAGE is avg',
      threshold('{"name":"acc","agg_op":"AVERAGE","window_size":5,"cmp_op":"$gte","threshold":0.9}'),
      'on run metric "acc" avg over 5 >= 0.9',
    ],
    [
      'within N alone means avg; vs M only when it differs',
      change(
        '{"name":"loss","agg_op":"AVERAGE","current_window_size":5,"change_amount":0.1,"prior_window_size":5,"change_type":"RELATIVE","change_dir":"ANY"}',
      ),
      'on run metric "loss" changes by 10% within 5',
    ],
    [
      'min and max need their word',
      change(
        '{"name":"loss","agg_op":"MAX","current_window_size":5,"change_amount":2,"prior_window_size":50,"change_type":"ABSOLUTE","change_dir":"DECREASE"}',
      ),
      'on run metric "loss" max decreases by 2 within 5 vs 50',
    ],
    [
      'no aggregation is no window clause',
      change(
        '{"name":"loss","agg_op":null,"current_window_size":1,"change_amount":0.011,"prior_window_size":1,"change_type":"RELATIVE","change_dir":"INCREASE"}',
      ),
      'on run metric "loss" increases by 1.1%',
    ],
    [
      'a relative amount whose double is not a short decimal keeps every digit',
      change(
        '{"name":"loss","agg_op":null,"current_window_size":1,"change_amount":0.011000000000000001,"prior_window_size":1,"change_type":"RELATIVE","change_dir":"ANY"}',
      ),
      'on run metric "loss" changes by 1.1000000000000001%',
    ],
    [
      'a z-score increase',
      zscore('{"name":"loss","window_size":30,"threshold":3,"change_dir":"INCREASE"}'),
      'on run metric "loss" zscore > 3',
    ],
    [
      'a z-score decrease is "< -t"',
      zscore('{"name":"acc","window_size":10,"threshold":2.5,"change_dir":"DECREASE"}'),
      'on run metric "acc" zscore over 10 < -2.5',
    ],
    [
      'any direction is abs',
      zscore('{"name":"loss","window_size":30,"threshold":3.0,"change_dir":"ANY"}'),
      'on run metric "loss" abs zscore > 3.0',
    ],
    ['states in the sorted order', states('["FAILED","FINISHED","RUNNING"]'), 'on run state failed, finished, running'],
    [
      'alias sugar when the filter starts with alias ==',
      artifact('ADD_ARTIFACT_ALIAS', '{"alias":{"$eq":"prod"}},{"tag":{"$eq":"v2"}}'),
      'on alias "prod" added\n  where tag == "v2"',
    ],
    [
      'no sugar when the alias test comes second',
      artifact('ADD_ARTIFACT_ALIAS', '{"tag":{"$eq":"v2"}},{"alias":{"$eq":"prod"}}'),
      'on alias added\n  where tag == "v2" and alias == "prod"',
    ],
    ['tag sugar', artifact('REMOVE_COLLECTION_TAG', '{"tag":{"$eq":"old"}}'), 'on collection tag "old" removed'],
    [
      'no sugar for other fields on tag events',
      artifact('ADD_ARTIFACT_TAG', '{"alias":{"$eq":"old"}}'),
      'on tag added\n  where alias == "old"',
    ],
    ['LINK_MODEL is artifact linked', artifact('LINK_MODEL'), 'on artifact linked'],
  ])('%s', (_, payload, expected) => {
    const text = source(payload);
    expect(ruleLines(text).split('\n').slice(1, -1).join('\n')).toBe(expected);
    expect(roundTrip(payload, vectorIds).automations.map((a) => a.input)).toStrictEqual([payload]);
  });

  it.each([
    [
      '$nor is not (a or b)',
      '{"$and":[{"$nor":[{"display_name":{"$eq":"a"}},{"display_name":{"$eq":"b"}}]}]}',
      'not (run.name == "a" or run.name == "b")',
    ],
    ['$not of a leaf', '{"$and":[{"$not":{"display_name":{"$exists":false}}}]}', 'not (run.name not exists)'],
    [
      '$not of an $and',
      '{"$and":[{"$not":{"$and":[{"display_name":{"$gt":"a"}},{"display_name":{"$lt":"b"}}]}}]}',
      'not (run.name > "a" and run.name < "b")',
    ],
    [
      'an $or inside the top-level $and is grouped',
      '{"$and":[{"$or":[{"display_name":{"$eq":"a"}},{"display_name":{"$eq":"b"}}]},{"display_name":{"$contains":"x"}}]}',
      '(run.name == "a" or run.name == "b") and run.name contains "x"',
    ],
    [
      'an $and inside an $or is grouped',
      '{"$and":[{"$or":[{"$and":[{"display_name":{"$ne":"a"}},{"display_name":{"$ne":"b"}}]},{"display_name":{"$in":["c"]}}]}]}',
      '(run.name != "a" and run.name != "b") or run.name in ["c"]',
    ],
    [
      'a regex with backslashes is a raw string',
      '{"$and":[{"display_name":{"$regex":"^exp-\\\\d+$"}}]}',
      'run.name matches r"^exp-\\d+$"',
    ],
    [
      'a regex with a quote stays a JSON string',
      '{"$and":[{"display_name":{"$regex":"\\\\\\"q"}}]}',
      'run.name matches "\\\\\\"q"',
    ],
  ])('%s', (_, runFilter, expected) => {
    const payload = withRunFilter(runFilter);
    expect(source(payload)).toContain(`  where ${expected}\n`);
    expect(roundTrip(payload, vectorIds).automations.map((a) => a.input)).toStrictEqual([payload]);
  });

  it('writes the header: name always, description, disabled', () => {
    const payload = { ...artifact('LINK_MODEL'), description: '', enabled: false };
    expect(ruleLines(source(payload))).toBe(
      'automation "link-prod"\ndescription ""\ndisabled\non artifact linked\n  -> nothing',
    );
  });

  it("leaves notification defaults out and keeps a webhook payload's key order and numbers", () => {
    const slack = {
      ...artifact('LINK_MODEL'),
      triggeredActionConfig: {
        notificationActionInput: { integrationID: SLACK, message: '', severity: 'WARN', title: 'T' },
      },
      triggeredActionType: 'NOTIFICATION',
    };
    expect(source(slack)).toContain('-> slack ml-alerts title "T" severity warn\n');
    const hook = { ...artifact('LINK_MODEL'), ...webhook('{"b":1,"10":[1.0,-0.0,1e+16,null,true],"a":{}}') };
    expect(source(hook)).toContain('-> webhook ci-hook { "b": 1, "10": [1.0, -0.0, 1e+16, null, true], "a": {} }\n');
    expect(roundTrip(hook, vectorIds).automations.map((a) => a.input)).toStrictEqual([hook]);
  });
});

describe('percentSpelling', () => {
  it.each([
    [0.1, '10'],
    [0.011, '1.1'],
    [1, '100'],
    [0.5, '50'],
    [1e-7, '0.00001'],
    [2.5e-300, '2.5e-298'],
    [1e22, '1e24'],
  ])('%s is %s percent', (fraction, percent) => {
    expect(percentSpelling(fraction)).toBe(percent);
  });

  it('finds, for every positive double, a percentage that lowers to exactly that double', () => {
    fc.assert(
      fc.property(fc.double({ min: Number.MIN_VALUE, noNaN: true, noDefaultInfinity: true }), (x) => {
        const p = percentSpelling(x);
        expect(p).toBeDefined();
        expect(spellFloat(Number(percentToFraction(p as string)))).toBe(spellFloat(x));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('inexpressible payloads', () => {
  const input = artifact('LINK_MODEL');
  it.each<[string, unknown, string, string]>([
    [
      'a string',
      'nope',
      'WR4001',
      'the automation cannot be written as a rule: the value is a string that is neither an automation input, a "wbrules compile" entry nor a saved automation',
    ],
    [
      'an object of neither shape',
      { name: 'x' },
      'WR4001',
      'the automation cannot be written as a rule: the value is an object that is neither an automation input, a "wbrules compile" entry nor a saved automation',
    ],
    [
      'the legacy UPDATE_ARTIFACT_ALIAS event',
      { ...input, triggeringEventType: 'UPDATE_ARTIFACT_ALIAS' },
      'WR4005',
      'automation "link-prod" cannot be written as a rule: the event type "UPDATE_ARTIFACT_ALIAS" has no .wbrules form (a legacy event W&B no longer creates; "on alias added" is its replacement)',
    ],
    [
      'a Weave event',
      { ...input, triggeringEventType: 'WEAVE_METRIC_THRESHOLD' },
      'WR4005',
      'automation "link-prod" cannot be written as a rule: the event type "WEAVE_METRIC_THRESHOLD" has no .wbrules form (a Weave event with no documented filter shape)',
    ],
    [
      'a queue-job action',
      {
        ...input,
        triggeredActionConfig: { queueJobActionInput: { queueID: 'UXVldWU6MQ==', template: '{}' } },
        triggeredActionType: 'QUEUE_JOB',
      },
      'WR4006',
      'automation "link-prod" cannot be written as a rule: the action type "QUEUE_JOB" has no .wbrules form (a deprecated Launch job that W&B no longer creates)',
    ],
    [
      'a push notification',
      {
        ...input,
        triggeredActionConfig: { pushNotificationActionInput: { userID: 'VXNlcjox' } },
        triggeredActionType: 'PUSH_NOTIFICATION',
      },
      'WR4006',
      'automation "link-prod" cannot be written as a rule: the action type "PUSH_NOTIFICATION" has no .wbrules form (a push notification, which the SDK cannot create)',
    ],
    [
      'a saved queue-job action',
      saved({
        action: { __typename: 'QueueJobTriggeredAction', queue: { id: 'UXVldWU6MQ==', name: 'q' }, template: '{}' },
      }),
      'WR4006',
      'automation "link-prod" cannot be written as a rule: the action type "QUEUE_JOB" has no .wbrules form (a deprecated Launch job that W&B no longer creates)',
    ],
    [
      'a run filter field other than display_name',
      withRunFilter('{"$and":[{"username":{"$eq":"alice"}}]}'),
      'WR4007',
      'automation "loss-high" cannot be written as a rule: the run filter field "username" has no .wbrules spelling',
    ],
    [
      'an artifact filter field other than alias and tag',
      artifact('LINK_MODEL', '{"version":{"$eq":"v1"}}'),
      'WR4007',
      'automation "link-prod" cannot be written as a rule: the artifact filter field "version" has no .wbrules spelling',
    ],
    [
      '$size',
      withRunFilter('{"$and":[{"display_name":{"$size":3}}]}'),
      'WR4007',
      'automation "loss-high" cannot be written as a rule: the filter operator "$size" (on "display_name") has no .wbrules spelling',
    ],
    [
      '$all',
      withRunFilter('{"$and":[{"display_name":{"$all":["a"]}}]}'),
      'WR4007',
      'automation "loss-high" cannot be written as a rule: the filter operator "$all" (on "display_name") has no .wbrules spelling',
    ],
    [
      'a number operand',
      withRunFilter('{"$and":[{"display_name":{"$eq":1}}]}'),
      'WR4007',
      'automation "loss-high" cannot be written as a rule: the filter tests "display_name" with "$eq" 1, but .wbrules filter operands are strings',
    ],
    [
      'a list with a non-string',
      artifact('LINK_MODEL', '{"alias":{"$in":["a",true]}}'),
      'WR4007',
      'automation "link-prod" cannot be written as a rule: the filter tests "alias" with "$in" ["a",true], but .wbrules filter operands are lists of strings',
    ],
    [
      'an empty list',
      artifact('LINK_MODEL', '{"alias":{"$nin":[]}}'),
      'WR4007',
      'automation "link-prod" cannot be written as a rule: the filter tests "alias" with "$nin" against an empty list, which .wbrules cannot express ("in []" is an error)',
    ],
    [
      'two operators on one field',
      withRunFilter('{"$and":[{"display_name":{"$gt":"a","$lt":"m"}}]}'),
      'WR4007',
      'automation "loss-high" cannot be written as a rule: the condition {"$gt":"a","$lt":"m"} on "display_name" has 2 operators; a .wbrules comparison has exactly one',
    ],
    [
      'an empty term',
      artifact('ADD_ARTIFACT_ALIAS', '{}'),
      'WR4007',
      'automation "link-prod" cannot be written as a rule: the filter holds an empty condition {}, which .wbrules cannot express',
    ],
    [
      'a $regex with no field',
      withRunFilter('{"$and":[{"$not":{"$regex":"a"}}]}'),
      'WR4007',
      'automation "loss-high" cannot be written as a rule: the filter {"$not":{"$regex":"a"}} has no .wbrules spelling',
    ],
    [
      'a shorthand the SDK would expand',
      artifact('LINK_MODEL', '{"alias":"prod"}'),
      'WR4008',
      'automation "link-prod" cannot be written as a rule: the eventFilter {"$or":[{"$and":[{"alias":"prod"}]}]} is not in the normalized form the SDK sends',
    ],
    [
      'a filter the SDK would simplify',
      withRunFilter('{"$and":[{"$or":[{"display_name":{"$eq":"a"}}]}]}'),
      'WR4008',
      'automation "loss-high" cannot be written as a rule: the run_filter {"$and":[{"$or":[{"display_name":{"$eq":"a"}}]}]} is not in the normalized form the SDK sends',
    ],
    [
      'an unknown input field',
      { ...input, priority: 1 },
      'WR4003',
      'automation "link-prod" cannot be written as a rule: the input has the field "priority", which .wbrules cannot express',
    ],
    [
      'an unknown field in a threshold filter',
      threshold('{"name":"loss","agg_op":null,"window_size":1,"cmp_op":"$gt","threshold":1,"unit":"s"}'),
      'WR4003',
      'automation "loss-high" cannot be written as a rule: the threshold_filter has the field "unit", which .wbrules cannot express',
    ],
    [
      'an unknown field in a saved automation',
      saved({ owner: 'alice' }),
      'WR4003',
      'automation "link-prod" cannot be written as a rule: the saved automation has the field "owner", which .wbrules cannot express',
    ],
    [
      'a malformed eventFilter',
      { ...input, eventFilter: '{"$or":[' },
      'WR4004',
      'automation "link-prod" cannot be written as a rule: the eventFilter is not valid JSON (unexpected end of JSON text; expected a value at offset 8)',
    ],
    [
      'a malformed requestPayload',
      { ...input, ...webhook('{"a":}') },
      'WR4004',
      'automation "link-prod" cannot be written as a rule: the requestPayload is not valid JSON (unexpected character "}"; expected a value at offset 5)',
    ],
    [
      'a lone surrogate',
      withRunFilter('{"$and":[{"display_name":{"$eq":"\\ud800"}}]}'),
      'WR4004',
      'automation "loss-high" cannot be written as a rule: the run_filter is not valid JSON (string contains a lone surrogate, which cannot be sent at offset 32)',
    ],
    [
      'an eventFilter with spaces',
      { ...input, eventFilter: '{"$or": [{"$and": []}]}' },
      'WR4009',
      'automation "link-prod" cannot be written as a rule: the eventFilter is not spelled the way the SDK spells it, so no rule reproduces it byte for byte',
    ],
    [
      'a float spelled 1.50',
      threshold('{"name":"loss","agg_op":null,"window_size":1,"cmp_op":"$gt","threshold":1.50}'),
      'WR4009',
      'automation "loss-high" cannot be written as a rule: the eventFilter is not spelled the way the SDK spells it, so no rule reproduces it byte for byte',
    ],
    [
      'threshold keys in another order',
      threshold('{"agg_op":null,"name":"loss","window_size":1,"cmp_op":"$gt","threshold":1}'),
      'WR4009',
      'automation "loss-high" cannot be written as a rule: the fields of the threshold_filter are not in the order the SDK writes them ("name", "agg_op", "window_size", "cmp_op" and "threshold")',
    ],
    [
      'unsorted states',
      states('["RUNNING","FAILED"]'),
      'WR4009',
      'automation "loss-high" cannot be written as a rule: the states "RUNNING" and "FAILED" are not de-duplicated and sorted the way the SDK sends them',
    ],
    [
      'no states',
      states('[]'),
      'WR4010',
      'automation "loss-high" cannot be written as a rule: its run_state_filter has no states, and "on run state" needs at least one',
    ],
    [
      'a state the SDK never sends',
      states('["CRASHED"]'),
      'WR4010',
      'automation "loss-high" cannot be written as a rule: "states" is "CRASHED", which .wbrules cannot express',
    ],
    [
      'a relative change amount that is an int',
      change(
        '{"name":"loss","agg_op":null,"current_window_size":1,"change_amount":1,"prior_window_size":1,"change_type":"RELATIVE","change_dir":"ANY"}',
      ),
      'WR4010',
      'automation "loss-high" cannot be written as a rule: its relative "change_amount" is 1, which no percentage lowers to',
    ],
    [
      'a negative change amount',
      change(
        '{"name":"loss","agg_op":null,"current_window_size":1,"change_amount":-2,"prior_window_size":1,"change_type":"ABSOLUTE","change_dir":"ANY"}',
      ),
      'WR4010',
      'automation "loss-high" cannot be written as a rule: its "change_amount" is -2, but .wbrules change amounts are greater than zero (the direction is a word)',
    ],
    [
      'change windows without an aggregation',
      change(
        '{"name":"loss","agg_op":null,"current_window_size":5,"change_amount":2,"prior_window_size":5,"change_type":"ABSOLUTE","change_dir":"ANY"}',
      ),
      'WR4010',
      'automation "loss-high" cannot be written as a rule: its change_filter has window sizes 5 and 5 without an aggregation; "within N" always sets one, and without it both windows are 1',
    ],
    [
      'a threshold window without an aggregation',
      threshold('{"name":"loss","agg_op":null,"window_size":5,"cmp_op":"$gt","threshold":1}'),
      'WR4010',
      'automation "loss-high" cannot be written as a rule: its threshold_filter has "window_size" 5 without an aggregation; a single-value condition always sends 1',
    ],
    [
      'a float window',
      threshold('{"name":"loss","agg_op":"MAX","window_size":5.0,"cmp_op":"$gt","threshold":1}'),
      'WR4010',
      'automation "loss-high" cannot be written as a rule: "window_size" is 5.0, but .wbrules window sizes are positive integers',
    ],
    [
      'a zero window',
      threshold('{"name":"loss","agg_op":"MAX","window_size":0,"cmp_op":"$gt","threshold":1}'),
      'WR4010',
      'automation "loss-high" cannot be written as a rule: "window_size" is 0, but .wbrules window sizes are positive integers',
    ],
    [
      '$eq as a threshold comparison',
      threshold('{"name":"loss","agg_op":null,"window_size":1,"cmp_op":"$eq","threshold":1}'),
      'WR4010',
      'automation "loss-high" cannot be written as a rule: "cmp_op" is "$eq", which .wbrules cannot express',
    ],
    [
      'an integer beyond int64',
      threshold('{"name":"loss","agg_op":null,"window_size":1,"cmp_op":"$gt","threshold":9223372036854775808}'),
      'WR4010',
      'automation "loss-high" cannot be written as a rule: "threshold" is the integer 9223372036854775808, beyond the ±(2^63−1) that .wbrules integers allow',
    ],
    [
      'an update input without enabled',
      (({ enabled: _, ...rest }) => ({ ...rest, id: 'VHJpZ2dlcjox' }))(input),
      'WR4002',
      'automation "link-prod" cannot be written as a rule: it has no "enabled"',
    ],
    [
      'a saved automation without a scope',
      saved({ scope: undefined }),
      'WR4002',
      'automation "link-prod" cannot be written as a rule: the saved automation has no "scope"',
    ],
    [
      'a boolean threshold',
      threshold('{"name":"loss","agg_op":null,"window_size":1,"cmp_op":"$gt","threshold":true}'),
      'WR4002',
      'automation "loss-high" cannot be written as a rule: "threshold" is true, not a number',
    ],
    [
      'a zero z-score threshold',
      zscore('{"name":"loss","window_size":30,"threshold":0,"change_dir":"ANY"}'),
      'WR4010',
      'automation "loss-high" cannot be written as a rule: its z-score "threshold" is 0, but the SDK stores z-score thresholds as magnitudes greater than zero',
    ],
    [
      'a legacy metric_filter',
      {
        ...threshold(loss),
        eventFilter: threshold(loss)
          .eventFilter.toString()
          .replace('"metric_filter":null', '"metric_filter":{"name":"loss"}'),
      },
      'WR4010',
      'automation "loss-high" cannot be written as a rule: the legacy "metric_filter" of its eventFilter is {"name":"loss"}; .wbrules always sends null',
    ],
    [
      'a sub-filter that does not fit the event type',
      { ...threshold(loss), triggeringEventType: 'RUN_METRIC_ZSCORE' },
      'WR4002',
      'automation "loss-high" cannot be written as a rule: its run_metric_filter holds "threshold_filter", but the event type "RUN_METRIC_ZSCORE" needs "zscore_filter"',
    ],
    [
      'run_filter as an object in an input',
      {
        ...threshold(loss),
        eventFilter:
          '{"run_filter":{"$and":[]},"run_metric_filter":{"threshold_filter":' + loss + '},"metric_filter":null}',
      },
      'WR4002',
      'automation "loss-high" cannot be written as a rule: "run_filter" is an object, not a string',
    ],
    [
      'noOp false',
      { ...input, triggeredActionConfig: { noOpActionInput: { noOp: false } } },
      'WR4010',
      'automation "link-prod" cannot be written as a rule: its "noOp" flag is false; "-> nothing" always sends true',
    ],
    [
      'an unknown severity',
      {
        ...input,
        triggeredActionConfig: {
          notificationActionInput: { integrationID: SLACK, message: '', severity: 'CRITICAL', title: '' },
        },
        triggeredActionType: 'NOTIFICATION',
      },
      'WR4010',
      'automation "link-prod" cannot be written as a rule: its notification severity is "CRITICAL", which .wbrules cannot express',
    ],
    [
      'a notification without its defaults',
      {
        ...input,
        triggeredActionConfig: { notificationActionInput: { integrationID: SLACK, severity: 'INFO' } },
        triggeredActionType: 'NOTIFICATION',
      },
      'WR4002',
      'automation "link-prod" cannot be written as a rule: its "notificationActionInput" has no string "message" and "title" (the SDK always sends title, message and severity)',
    ],
    [
      'a payload that is an array',
      { ...input, ...webhook('[1]') },
      'WR4010',
      'automation "link-prod" cannot be written as a rule: its "requestPayload" is an array, but a webhook payload is a JSON object',
    ],
    [
      'a config that does not match the action type',
      { ...input, triggeredActionType: 'GENERIC_WEBHOOK' },
      'WR4002',
      'automation "link-prod" cannot be written as a rule: its "triggeredActionConfig" must hold exactly "genericWebhookActionInput" for the action type "GENERIC_WEBHOOK", found "noOpActionInput"',
    ],
    [
      'artifact created on a project',
      { ...artifact('CREATE_ARTIFACT'), scopeID: PROJECT, scopeType: 'PROJECT' },
      'WR4010',
      'automation "link-prod" cannot be written as a rule: the event "CREATE_ARTIFACT" is not allowed on a project scope',
    ],
    [
      'a run event on a collection',
      { ...threshold(loss), scopeID: COLLECTION, scopeType: 'ARTIFACT_COLLECTION' },
      'WR4010',
      'automation "loss-high" cannot be written as a rule: the event "RUN_METRIC" is not allowed on a collection scope',
    ],
    [
      'a regex RE2 does not accept (the checker says so)',
      artifact('LINK_MODEL', '{"alias":{"$regex":"(?<=v)1"}}'),
      'WR4015',
      'automation "link-prod" cannot be written as a rule: the rule written for it would be rejected (WR3018: this pattern is not a valid RE2 regular expression: "(?<=" starts a lookaround, which RE2 does not support)',
    ],
    [
      'an empty automation name (the checker says so)',
      artifact('LINK_MODEL', '', ''),
      'WR4015',
      'automation "" cannot be written as a rule: the rule written for it would be rejected (WR3024: an automation name cannot be empty)',
    ],
    [
      'a saved artifact filter without its wrapper',
      saved({
        event: {
          __typename: 'FilterEventTriggeringCondition',
          eventType: 'LINK_MODEL',
          filter: '{"$or": [{"$and": []}]}',
        },
      }),
      'WR4002',
      'automation "link-prod" cannot be written as a rule: the saved artifact-event filter is not wrapped as {"filter": ...} (found "$or")',
    ],
    [
      'a saved personal scope',
      saved({ scope: { __typename: 'Entity', id: 'RW50aXR5OjM=', name: 'alice', entityType: 'user' } }),
      'WR4010',
      'automation "link-prod" cannot be written as a rule: its scope is the personal entity "alice", and W&B automations cannot be scoped to a user',
    ],
  ])('%s', (_, payload, code, message) => {
    const result = decompile(payload, { ids: vectorIds });
    expect(result.rule).toBeUndefined();
    expect(result.scope).toBeUndefined();
    expect(result.integrations).toEqual([]);
    expect(result.diagnostics.map((d) => ({ code: d.code, severity: d.severity, message: d.message }))).toContainEqual({
      code,
      severity: 'error',
      message,
    });
    expect(decompileAll([payload], { ids: vectorIds }).text).not.toContain('automation');
  });

  it('reports every problem of a payload, not just the first', () => {
    const payload = {
      ...threshold(loss),
      triggeringEventType: 'WEAVE_METRIC_THRESHOLD',
      triggeredActionType: 'QUEUE_JOB',
    };
    expect(decompile(payload, { ids: vectorIds }).diagnostics.map((d) => d.code)).toEqual(['WR4005', 'WR4006']);
  });
});

describe('names for IDs', () => {
  it('names what it cannot name, and writes the rule commented out with a visible placeholder', () => {
    const payload = threshold(loss);
    const result = decompile(payload, { ids: {} });
    expect(result.rule).toBeDefined();
    expect(result.diagnostics.map((d) => [d.code, d.message])).toEqual([
      [
        'WR4011',
        'automation "loss-high": cannot name the project or registry of scope ID "UHJvamVjdDox"; pass --ids ids.json (written by "wbrules resolve") or decompile "wbrules compile" output, which carries the names',
      ],
    ]);
    const text = source(payload, {});
    expect(text).toBe(
      [
        '# Commented out until the names marked "<...>" are filled in:',
        '# - automation "loss-high": cannot name the project or registry of scope ID "UHJvamVjdDox"',
        '#',
        '# in project "<no name for scope ID UHJvamVjdDox>"',
        '#',
        '# automation "loss-high"',
        '# on run metric "loss" > 1',
        '#   -> nothing',
        '',
      ].join('\n'),
    );
    // What is left as source compiles: nothing in it fails later.
    expect(compile([{ file: 'x.wbrules', text }]).diagnostics).toEqual([]);
    // Uncommented, the placeholder does not compile until it is filled in.
    const uncommented = text.replace(/^# ?/gm, '').replace(/^Commented out.*\n- .*\n/, '');
    expect(compile([{ file: 'x.wbrules', text: uncommented }]).diagnostics.map((d) => d.code)).toContain('WR3003');
  });

  it('says which names a payload compiled without an ID map lacks', () => {
    const { scopeID: _, ...payload } = {
      ...artifact('LINK_MODEL'),
      triggeredActionConfig: { genericWebhookActionInput: {} },
      triggeredActionType: 'GENERIC_WEBHOOK',
    };
    const result = decompileAll([payload]);
    expect(result.diagnostics.map((d) => d.message)).toEqual([
      'automation "link-prod": cannot name the collection: the payload has no "scopeID"; decompile the "wbrules compile" output it came from, which carries the names',
      'automation "link-prod": cannot name the webhook integration: the action has no "integrationID"; decompile the "wbrules compile" output it came from, which carries the names',
    ]);
    expect(result.diagnostics.map((d) => d.hints)).toEqual([
      ['The rule is written commented out, with a "<...>" placeholder where the name goes.'],
      ['The rule is written commented out, with a "<...>" placeholder where the name goes.'],
    ]);
    expect(result.text).toBe(
      [
        '# Commented out until the names marked "<...>" are filled in:',
        '# - automation "link-prod": cannot name the collection: the payload has no "scopeID"',
        '# - automation "link-prod": cannot name the webhook integration: the action has no "integrationID"',
        '#',
        '# webhook hook = "<no webhook ID>"',
        '#',
        '# in collection "<no scope ID>"',
        '#',
        '# automation "link-prod"',
        '# on artifact linked',
        '#   -> webhook hook',
        '',
      ].join('\n'),
    );
    expect(result.document.items).toEqual([]);
  });

  it('writes the rules it can name, then the others commented out, each declaration once', () => {
    const orphan = {
      ...artifact('LINK_MODEL', '', 'orphan'),
      triggeredActionConfig: {
        notificationActionInput: { integrationID: 'U2xhY2s6OQ==', message: '', severity: 'INFO', title: '' },
      },
      triggeredActionType: 'NOTIFICATION',
    };
    const lost = { ...threshold(loss, '{"$and":[]}', 'lost'), ...webhook(), scopeID: 'UHJvamVjdDo5' };
    const result = decompileAll([orphan, lost, { ...threshold(loss), ...webhook() }], { ids: vectorIds });
    expect(result.diagnostics.map((d) => d.code)).toEqual(['WR4012', 'WR4011']);
    expect(result.text).toBe(
      [
        'webhook ci-hook = "ci-hook"',
        '',
        'in project "my-team/my-project"',
        '',
        'automation "loss-high"',
        'on run metric "loss" > 1',
        '  -> webhook ci-hook',
        '',
        '# Commented out until the names marked "<...>" are filled in:',
        '# - automation "lost": cannot name the project or registry of scope ID "UHJvamVjdDo5"',
        '# - automation "orphan": cannot name the Slack integration of ID "U2xhY2s6OQ=="',
        '#',
        // The scope is unknown, so the entity of its integration is written out.
        '# webhook ci-hook-2 = "my-team/ci-hook"',
        '# slack channel = "<no name for Slack integration ID U2xhY2s6OQ==>"',
        '#',
        '# in project "<no name for scope ID UHJvamVjdDo5>"',
        '#',
        '# automation "lost"',
        '# on run metric "loss" > 1',
        '#   -> webhook ci-hook-2',
        '#',
        '# in collection "my-team/my-project/my-dataset"',
        '#',
        '# automation "orphan"',
        '# on artifact linked',
        '#   -> slack channel',
        '',
      ].join('\n'),
    );
    expect(compile([{ file: 'x.wbrules', text: result.text }], { ids: vectorIds }).diagnostics).toEqual([]);
  });

  it('names a saved scope from the response and the entity and organization options', () => {
    const scope = (node: Record<string, unknown>, options: Parameters<typeof decompile>[1]) => {
      const result = decompile(saved({ scope: node }), options);
      return [
        `${result.scope?.scopeKind} ${result.scope?.path.raw}`,
        ...result.diagnostics.map((d) => `${d.code} ${d.message}`),
      ];
    };
    const project = { __typename: 'Project', id: 'UHJvamVjdDo5', name: 'vision' };
    expect(scope(project, { entity: 'acme' })).toEqual(['project "acme/vision"']);
    expect(scope(project, {})).toEqual([
      'project "<unknown entity>/vision"',
      'WR4013 automation "link-prod": the response names the project "vision" but not its entity; pass the entity the automations were listed from with --entity ENTITY',
    ]);
    const registry = { __typename: 'Project', id: 'UHJvamVjdDo4', name: 'wandb-registry-models' };
    expect(scope(registry, { organization: 'acme-org' })).toEqual(['registry "acme-org/models"']);
    expect(scope(registry, { entity: 'acme' })).toEqual([
      'registry "<unknown organization>/models"',
      'WR4013 automation "link-prod": the response names the registry "models" but not its organization; pass the organization with --org ORG',
    ]);
    const collection = { __typename: 'ArtifactPortfolio', id: 'QXJ0aWZhY3RDb2xsZWN0aW9uOjk=', name: 'weights' };
    expect(scope(collection, { entity: 'acme' })).toEqual([
      'collection "acme/<unknown project>/weights"',
      'WR4013 automation "link-prod": the response names the collection "weights" but not the project that holds it; pass --ids ids.json with the collection\'s path and ID under "collections" ("wbrules resolve" writes it for rules that name the collection)',
    ]);
    expect(
      scope(collection, {
        scopes: { 'QXJ0aWZhY3RDb2xsZWN0aW9uOjk=': { kind: 'collection', path: 'acme/vision/weights' } },
      }),
    ).toEqual(['collection "acme/vision/weights"']);
    expect(scope({ __typename: 'Entity', id: 'RW50aXR5OjE=', name: 'acme', entityType: 'team' }, {})).toEqual([
      'team "acme"',
    ]);
    expect(
      scope(
        { __typename: 'Entity', id: 'RW50aXR5OjI=', name: 'acme-org-entity', entityType: 'organization' },
        { organization: 'acme-org' },
      ),
    ).toEqual(['org "acme-org"']);
    expect(
      scope({ __typename: 'Entity', id: 'RW50aXR5OjI=', name: 'acme-org-entity', entityType: 'organization' }, {}),
    ).toEqual([
      'org "<unknown organization>"',
      'WR4013 automation "link-prod": the response names the organization entity "acme-org-entity" but not the organization; pass the organization with --org ORG',
    ]);
    expect(scope({ __typename: 'Entity', id: 'RW50aXR5OjE=', name: 'acme' }, {})).toEqual([
      'team "<team or org acme>"',
      'WR4013 automation "link-prod": the response names the entity "acme" without saying whether it is a team or an organization; pass --ids ids.json with the entity under "teams" or "orgs", or a response that includes "entityType"',
    ]);
  });

  it('names a saved integration from the response, and says so when a Slack channel lacks its "#"', () => {
    const slack = (channelName: string) =>
      decompileAll(
        [
          saved({
            action: {
              __typename: 'NotificationTriggeredAction',
              integration: { __typename: 'SlackIntegration', id: SLACK, teamName: 'w', channelName },
              title: null,
              message: null,
              severity: null,
            },
          }),
        ],
        { entity: 'acme' },
      );
    expect(slack('#ml-alerts').text).toBe(
      'slack ml-alerts = "#ml-alerts"\n\nin project "acme/my-project"\n\nautomation "link-prod"\non artifact linked\n  where alias matches "^prod-.*"\n  -> slack ml-alerts\n',
    );
    const bare = slack('ml-alerts');
    expect(bare.diagnostics.map((d) => [d.code, d.severity, d.message])).toEqual([
      [
        'WR4018',
        'warning',
        'automation "link-prod": the Slack channel "ml-alerts" has no "#"; the declaration names it "#ml-alerts"',
      ],
    ]);
    expect(bare.text).toContain('slack ml-alerts = "#ml-alerts"\n');
  });

  it("prefers the ID map to the response, and writes the entity when the integration lives outside the scope's entity", () => {
    const hook = saved({
      scope: { __typename: 'Project', id: 'UHJvamVjdDoy', name: 'wandb-registry-models' },
      action: {
        __typename: 'GenericWebhookTriggeredAction',
        integration: {
          __typename: 'GenericWebhookIntegration',
          id: WEBHOOK,
          name: 'old-name',
          urlEndpoint: 'https://x',
        },
        requestPayload: null,
      },
    });
    expect(decompileAll([hook], { ids: vectorIds }).text).toContain(
      'webhook ci-hook = "my-team/ci-hook"\n\nin registry "my-org/models"\n',
    );
  });

  it('reports names that do not fit the payload', () => {
    const result = decompile(artifact('LINK_MODEL'), {
      scopes: { [COLLECTION]: { kind: 'project', path: 'acme/vision' } },
    });
    expect(result.diagnostics.map((d) => [d.code, d.message])).toEqual([
      [
        'WR4017',
        'automation "link-prod": the names given for scope ID "QXJ0aWZhY3RDb2xsZWN0aW9uOjE=" say project "acme/vision", but the payload\'s scope type is "ARTIFACT_COLLECTION"',
      ],
    ]);
    const kind = decompile(
      { ...artifact('LINK_MODEL'), ...webhook() },
      { ids: { ...vectorIds, webhooks: {}, slack: { 'my-team/#x': WEBHOOK } } },
    );
    expect(kind.diagnostics.map((d) => d.code)).toEqual(['WR4017']);
  });

  it('refuses a webhook name that a declaration would read as ENTITY/NAME', () => {
    const result = decompile(
      { ...artifact('LINK_MODEL'), ...webhook() },
      { ids: vectorIds, integrations: { [WEBHOOK]: { kind: 'webhook', name: 'a/b' } } },
    );
    expect(result.rule).toBeUndefined();
    expect(result.diagnostics.map((d) => [d.code, d.message])).toEqual([
      [
        'WR4010',
        'automation "link-prod" cannot be written as a rule: its webhook integration "a/b" cannot be named in a declaration',
      ],
    ]);
  });

  it('takes explicit reverse entries over the ID map', () => {
    const result = decompile(threshold(loss), {
      ids: vectorIds,
      scopes: { [PROJECT]: { kind: 'project', path: 'other/vision' } },
    });
    expect(result.scope?.path.value).toBe('other/vision');
  });
});

describe('decompileAll', () => {
  const payloads = [
    { ...artifact('LINK_MODEL', '', 'b-rule'), ...webhook() },
    { ...threshold(loss, '{"$and":[]}', 'z-rule'), ...webhook('{}') },
    { ...artifact('UNLINK_ARTIFACT', '', 'a-rule'), scopeID: 'UHJvamVjdDoy', scopeType: 'PROJECT', ...webhook() },
    { ...threshold(loss, '{"$and":[]}', 'a-rule') },
  ];

  it('declares each integration once at the top and writes one "in" per scope, sorted', () => {
    const all = decompileAll(payloads, { ids: vectorIds });
    expect(all.diagnostics).toEqual([]);
    expect(all.text).toBe(
      [
        'webhook ci-hook = "my-team/ci-hook"',
        '',
        'in project "my-team/my-project"',
        '',
        'automation "a-rule"',
        'on run metric "loss" > 1',
        '  -> nothing',
        '',
        'automation "z-rule"',
        'on run metric "loss" > 1',
        '  -> webhook ci-hook {}',
        '',
        'in registry "my-org/models"',
        '',
        'automation "a-rule"',
        'on artifact unlinked',
        '  -> webhook ci-hook',
        '',
        'in collection "my-team/my-project/my-dataset"',
        '',
        'automation "b-rule"',
        'on artifact linked',
        '  -> webhook ci-hook',
        '',
      ].join('\n'),
    );
    expect(all.results.map((r) => r.name)).toEqual(['b-rule', 'z-rule', 'a-rule', 'a-rule']);
    expect(all.document.items.map((i) => i.kind)).toEqual([
      'IntegrationDecl',
      'ScopeDefault',
      'Rule',
      'Rule',
      'ScopeDefault',
      'Rule',
      'ScopeDefault',
      'Rule',
    ]);
  });

  it('gives distinct integrations distinct local names', () => {
    const taken = new Set<string>();
    expect(
      ['github-dispatch', 'github dispatch', 'alias', '2fa', '名前', '', 'github-dispatch'].map((n) =>
        localIntegrationName('webhook', n, taken),
      ),
    ).toEqual(['github-dispatch', 'github-dispatch-2', 'alias_', '_2fa', 'hook', 'hook-2', 'github-dispatch-3']);
    expect(localIntegrationName('slack', '#ml-alerts', new Set())).toBe('ml-alerts');
    const all = decompileAll(
      [
        { ...artifact('LINK_MODEL', '', 'one'), ...webhook() },
        {
          ...artifact('LINK_MODEL', '', 'two'),
          triggeredActionConfig: { genericWebhookActionInput: { integrationID: 'V2ViaG9vazo5' } },
          triggeredActionType: 'GENERIC_WEBHOOK',
        },
      ],
      { ids: { ...vectorIds, webhooks: { 'my-team/ci-hook': WEBHOOK, 'other/ci-hook': 'V2ViaG9vazo5' } } },
    );
    expect(all.text.split('\n').slice(0, 2)).toEqual([
      'webhook ci-hook = "ci-hook"',
      'webhook ci-hook-2 = "other/ci-hook"',
    ]);
    expect(all.text).toContain('automation "two"\non artifact linked\n  -> webhook ci-hook-2\n');
  });

  it('reports two automations with one name in one scope', () => {
    const all = decompileAll([artifact('LINK_MODEL'), artifact('UNLINK_ARTIFACT')], { ids: vectorIds });
    expect(all.diagnostics.map((d) => [d.code, d.message])).toEqual([
      [
        'WR4016',
        'two automations are named "link-prod" in collection "my-team/my-project/my-dataset"; both are written, and the file will not compile until one is renamed',
      ],
    ]);
    expect(all.text.match(/automation "link-prod"/g)).toHaveLength(2);
  });

  it('skips what cannot be written and keeps the rest', () => {
    const all = decompileAll(
      [{ ...artifact('LINK_MODEL'), triggeringEventType: 'UPDATE_ARTIFACT_ALIAS' }, threshold(loss)],
      { ids: vectorIds },
    );
    expect(all.diagnostics.map((d) => d.code)).toEqual(['WR4005']);
    expect(all.results.map((r) => r.rule === undefined)).toEqual([true, false]);
    expect(all.text).toBe(
      'in project "my-team/my-project"\n\nautomation "loss-high"\non run metric "loss" > 1\n  -> nothing\n',
    );
  });
});

describe('diagnostic spans in the written file', () => {
  it('point at the rule, and for a commented-out rule at its line in the list of missing names', () => {
    const orphan = {
      ...artifact('LINK_MODEL', '', 'orphan'),
      triggeredActionConfig: { genericWebhookActionInput: { integrationID: 'V2ViaG9vazo5' } },
      triggeredActionType: 'GENERIC_WEBHOOK',
    };
    const lost = { ...threshold(loss), scopeID: 'UHJvamVjdDo5' };
    const twin = artifact('LINK_MODEL', '', 'twin');
    const all = decompileAll([orphan, lost, twin, artifact('UNLINK_ARTIFACT', '', 'twin'), 'junk'], {
      ids: vectorIds,
    });
    const at = (code: string) =>
      all.diagnostics.filter((d) => d.code === code).map((d) => all.text.slice(d.span.start, d.span.end));
    expect(at('WR4012')).toEqual(['# - automation "orphan": cannot name the webhook integration of ID "V2ViaG9vazo5"']);
    expect(at('WR4011')).toEqual([
      '# - automation "loss-high": cannot name the project or registry of scope ID "UHJvamVjdDo5"',
    ]);
    expect(at('WR4016')).toEqual(['automation "twin"\non artifact unlinked\n  -> nothing']);
    expect(all.diagnostics.find((d) => d.code === 'WR4001')?.span).toEqual({ start: 0, end: 0 });
    // The single-payload API has no text to point into.
    expect(decompile(lost, { ids: vectorIds }).diagnostics.map((d) => d.span)).toEqual([{ start: 0, end: 0 }]);
  });
});

describe('saved automations in every shape the spec allows', () => {
  const expectRule = (value: unknown, rule: string, options: Parameters<typeof decompile>[1] = { ids: vectorIds }) => {
    const all = decompileAll([value], options);
    expect(all.diagnostics).toEqual([]);
    expect(ruleLines(all.text)).toBe(rule);
  };

  it('reads the inner artifact filter as an object or as a JSON string', () => {
    const rule = 'automation "link-prod"\non artifact linked\n  where alias matches "^prod-.*"\n  -> nothing';
    expectRule(saved(), rule);
    expectRule(
      saved({
        event: {
          __typename: 'FilterEventTriggeringCondition',
          eventType: 'LINK_MODEL',
          filter: JSON.stringify({ filter: '{"$or":[{"$and":[{"alias":{"$regex":"^prod-.*"}}]}]}' }),
        },
      }),
      rule,
    );
  });

  it('reads run_filter as a string or an object, without metric_filter, and sorts saved states', () => {
    const event = (filter: string, eventType = 'RUN_METRIC') =>
      saved({ name: 'm', event: { __typename: 'FilterEventTriggeringCondition', eventType, filter } });
    const metric = 'automation "m"\non run metric "loss" avg over 5 > 0\n  where run.name contains "x"\n  -> nothing';
    const sub =
      '"run_metric_filter": {"threshold_filter": {"name": "loss", "agg_op": "AVERAGE", "window_size": 5, "cmp_op": "$gt", "threshold": 0}}';
    expectRule(
      event(`{"run_filter": "{\\"$and\\": [{\\"display_name\\": {\\"$contains\\": \\"x\\"}}]}", ${sub}}`),
      metric,
    );
    expectRule(
      event(`{"run_filter": {"$and": [{"display_name": {"$contains": "x"}}]}, ${sub}, "metric_filter": null}`),
      metric,
    );
    expectRule(
      event(
        '{"run_filter": "{\\"$and\\": []}", "run_state_filter": {"states": ["RUNNING", "FAILED", "RUNNING"]}}',
        'RUN_STATE',
      ),
      'automation "m"\non run state failed, running\n  -> nothing',
    );
  });

  it('re-serializes a saved webhook payload compactly, the last of duplicate keys winning, as the SDK does', () => {
    const hook = saved({
      action: {
        __typename: 'GenericWebhookTriggeredAction',
        integration: {
          __typename: 'GenericWebhookIntegration',
          id: WEBHOOK,
          name: 'ci-hook',
          urlEndpoint: 'https://x',
        },
        requestPayload: '{"a": 1, "b": 2.50, "a": 3}',
      },
    });
    const rt = roundTrip(hook, vectorIds);
    expect(rt.text).toContain('-> webhook ci-hook { "a": 3, "b": 2.5 }\n');
    expect(rt.automations[0]?.input.triggeredActionConfig).toEqual({
      genericWebhookActionInput: { integrationID: WEBHOOK, requestPayload: '{"a":3,"b":2.5}' },
    });
  });

  it('does not accept a wrapper around the automation', () => {
    const result = decompile({ result: { trigger: saved() } });
    expect(result.diagnostics.map((d) => d.code)).toEqual(['WR4001']);
    expect(result.diagnostics[0]?.hints).toEqual([
      'Pass a CreateFilterTriggerInput / UpdateFilterTriggerInput (the "input" of the GraphQL variables), an entry of "wbrules compile" output, or a saved automation (a "trigger" node of a listing or mutation response).',
    ]);
  });
});

describe('placeholders and failures', () => {
  it('reports no placeholder for a payload that gives no rule', () => {
    const result = decompile(
      { ...threshold(loss), scopeID: 'UHJvamVjdDo5', triggeringEventType: 'WEAVE_METRIC_THRESHOLD' },
      { ids: vectorIds },
    );
    expect(result.diagnostics.map((d) => d.code)).toEqual(['WR4005']);
  });
});

describe('"wbrules compile" entries', () => {
  /** An entry as `wbrules compile` prints it, compiled without an ID map (no IDs in the input). */
  const entry = (overrides: Record<string, unknown> = {}) => {
    const { scopeID: _, ...input } = { ...threshold(loss), ...webhook() };
    const config = { genericWebhookActionInput: {} };
    return {
      name: 'loss-high',
      file: 'rules.wbrules',
      line: 3,
      scope: { kind: 'project', path: 'acme/vision', type: 'PROJECT', entity: 'acme' },
      integration: { kind: 'webhook', name: 'pagerduty', entity: 'ops-team', key: 'ops-team/pagerduty' },
      input: { ...input, triggeredActionConfig: config },
      ...overrides,
    };
  };

  it('takes the scope and the integration from the entry, with no ID map', () => {
    const all = decompileAll([entry()]);
    expect(all.diagnostics).toEqual([]);
    expect(all.text).toBe(
      'webhook pagerduty = "ops-team/pagerduty"\n\nin project "acme/vision"\n\nautomation "loss-high"\non run metric "loss" > 1\n  -> webhook pagerduty\n',
    );
  });

  it("prefers the entry's names to an ID map's", () => {
    const withId = entry({ input: { ...threshold(loss) } });
    expect(decompile(withId, { ids: vectorIds }).scope?.path.value).toBe('acme/vision');
  });

  it.each([
    [
      'a scope of another type',
      entry({ scope: { kind: 'collection', path: 'acme/vision/weights' } }),
      'WR4017',
      'automation "loss-high": the compile entry\'s scope is collection "acme/vision/weights", but the payload\'s scope type is "PROJECT"',
    ],
    [
      'an integration of another kind',
      entry({ integration: { kind: 'slack', name: '#ops', entity: 'acme' } }),
      'WR4017',
      'automation "loss-high": the compile entry\'s integration is slack "#ops", but the action needs a webhook integration',
    ],
    [
      'a scope that is not an object',
      entry({ scope: 'acme/vision' }),
      'WR4002',
      'automation "loss-high" cannot be written as a rule: the compile entry\'s "scope" is a string, not an object with a scope "kind" and a "path"',
    ],
    [
      'an integration without a name',
      entry({ integration: { kind: 'webhook' } }),
      'WR4002',
      'automation "loss-high" cannot be written as a rule: the compile entry\'s "integration" is an object, not an object with a "kind" (webhook or slack) and a "name"',
    ],
    [
      'a field compile does not write',
      entry({ extra: 1 }),
      'WR4003',
      'automation "loss-high" cannot be written as a rule: the compile entry has the field "extra", which .wbrules cannot express',
    ],
  ])('reports %s', (_, value, code, message) => {
    expect(decompile(value).diagnostics.map((d) => [d.code, d.message])).toEqual([[code, message]]);
  });
});

describe('decompiled strings never carry raw control characters', () => {
  it('escapes DEL and the C1 controls that JSON.stringify leaves raw, and reads back to the same value', () => {
    const value = 'a\u007fb\u0085c\u009bd';
    const literal = stringLiteral(value);
    expect(literal.raw).toBe('"a\\u007fb\\u0085c\\u009bd"');
    expect(decodeJsonString(literal.raw).value).toBe(value);
    // A regex that would read better raw is still escaped when it holds one.
    expect(stringLiteral('^x\\d\u0085', { preferRaw: true }).style).toBe('json');
  });
});
