import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { jsonEquals } from '../json/json-text.js';
import { type AutomationNormalForm, automationNormalForm } from '../decompile/normal-form.js';
import { diffNormalForms } from '../decompile/normal-form-diff.js';
import { vectorsDir } from './vectors.js';

// biome-ignore lint/suspicious/noExplicitAny: vector cases read from JSON
type Json = any;

const updateCases: Json[] = JSON.parse(readFileSync(join(vectorsDir(), 'update.json'), 'utf8')).cases;
const updateCase = (id: string): Json => updateCases.find((c) => c.id === id);

function form(value: unknown): AutomationNormalForm {
  const result = automationNormalForm(value);
  if (!result.ok) throw new Error(result.reasons.join('; '));
  return result.form;
}

function diff(before: unknown, after: unknown) {
  return diffNormalForms(form(before).meaning, form(after).meaning);
}

const runMetric = {
  description: 'orig',
  enabled: true,
  eventFilter:
    '{"run_filter":"{\\"$and\\":[{\\"display_name\\":{\\"$contains\\":\\"my-run\\"}}]}","run_metric_filter":{"threshold_filter":{"name":"loss","agg_op":null,"window_size":1,"cmp_op":"$gt","threshold":1}},"metric_filter":null}',
  name: 'metric-high',
  scopeID: 'UHJvamVjdDox',
  scopeType: 'PROJECT',
  triggeredActionConfig: { noOpActionInput: { noOp: true } },
  triggeredActionType: 'NO_OP',
  triggeringEventType: 'RUN_METRIC',
};

describe('saved automations and the inputs that made them have one normal form', () => {
  test('the update vectors: a saved automation differs from its update only in what the update changes', () => {
    const disable = updateCase('upd-disable-saved-run-metric');
    expect(diff(disable.saved_trigger, disable.expected)).toEqual([
      { path: 'description', before: '"orig description"', after: '"paused"' },
      { path: 'enabled', before: 'true', after: 'false' },
    ]);
    // A rename changes the identity, not the meaning; the wrapper and Python spacing are no difference.
    const rename = updateCase('upd-rename-saved-link');
    expect(form(rename.saved_trigger).name).toBe('link-prod');
    expect(diff(rename.saved_trigger, rename.expected)).toEqual([]);
    // A null message is the default "".
    const nullMessage = updateCase('upd-saved-notification-null-message');
    expect(diff(nullMessage.saved_trigger, nullMessage.expected)).toEqual([]);
  });

  test('a replaced event and action show as decoded fields, never as escaped JSON strings', () => {
    const replaced = updateCase('upd-replace-event-keeps-scope');
    expect(diff(replaced.saved_trigger, replaced.expected)).toEqual([
      {
        path: 'event.filter',
        before: '{"$or":[{"$and":[]}]}',
        after: '{"run_filter":{"$and":[]},"run_state_filter":{"states":["FAILED"]}}',
      },
      { path: 'event.type', before: '"LINK_MODEL"', after: '"RUN_STATE"' },
    ]);
    const action = updateCase('upd-replace-action-with-notification');
    expect(diff(action.saved_trigger, action.expected)).toEqual([
      { path: 'action.integration', before: '"SW50ZWdyYXRpb246Mg=="', after: '"SW50ZWdyYXRpb246MQ=="' },
      { path: 'action.message', after: '"A version was linked"' },
      { path: 'action.payload', before: '{"a":1,"who":"${event_author}"}' },
      { path: 'action.severity', after: '"INFO"' },
      { path: 'action.title', after: '"New link"' },
      { path: 'action.type', before: '"GENERIC_WEBHOOK"', after: '"NOTIFICATION"' },
    ]);
  });

  const same: [string, Record<string, unknown>][] = [
    [
      'run_filter saved as an object, keys in another order, Python spacing, metric_filter and agg_op left out',
      {
        ...runMetric,
        eventFilter:
          '{"run_metric_filter": {"threshold_filter": {"threshold": 1.0, "cmp_op": "$gt", "name": "loss"}}, "run_filter": {"$and": [{"display_name": {"$contains": "my-run"}}]}}',
      },
    ],
    ['no description is an empty one', { ...runMetric, description: undefined }],
  ];
  test.each(same)('%s', (_what, variant) => {
    expect(diff(variant.description === undefined ? { ...runMetric, description: '' } : runMetric, variant)).toEqual(
      [],
    );
  });

  test("LINK_ARTIFACT is LINK_MODEL, and a filter not in the SDK's normal form means the same", () => {
    const link = {
      ...runMetric,
      triggeringEventType: 'LINK_MODEL',
      eventFilter: '{"$or":[{"$and":[{"alias":{"$regex":"^prod-"}}]}]}',
    };
    expect(
      diff(link, { ...link, triggeringEventType: 'LINK_ARTIFACT', eventFilter: '{"alias": {"$regex": "^prod-"}}' }),
    ).toEqual([]);
    expect(
      diff(link, { ...link, eventFilter: '{"filter": "{\\"$and\\": [{\\"alias\\": {\\"$regex\\": \\"^prod-\\"}}]}"}' }),
    ).toEqual([]);
  });

  test('run states: CRASHED is FAILED, and order, case and repeats do not matter', () => {
    const variant = {
      ...runMetric,
      triggeringEventType: 'RUN_STATE',
      eventFilter:
        '{"run_filter":"{\\"$and\\":[{\\"display_name\\":{\\"$contains\\":\\"my-run\\"}}]}","run_state_filter":{"states":["running","CRASHED","FAILED","running"]}}',
    };
    const sorted = {
      ...variant,
      eventFilter:
        '{"run_filter":"{\\"$and\\":[{\\"display_name\\":{\\"$contains\\":\\"my-run\\"}}]}","run_state_filter":{"states":["FAILED","RUNNING"]}}',
    };
    expect(diff(variant, sorted)).toEqual([]);
  });

  test('defaults the server may fill in: window sizes, the prior window, the z-score window, the direction', () => {
    const change = (filter: string) => ({
      ...runMetric,
      triggeringEventType: 'RUN_METRIC_CHANGE',
      eventFilter: `{"run_filter":"{\\"$and\\":[]}","run_metric_filter":{"change_filter":${filter}},"metric_filter":null}`,
    });
    expect(
      diff(
        change(
          '{"name":"loss","agg_op":null,"current_window_size":1,"change_amount":2,"prior_window_size":1,"change_type":"ABSOLUTE","change_dir":"ANY"}',
        ),
        change('{"name":"loss","change_amount":2.0,"change_type":"ABSOLUTE"}'),
      ),
    ).toEqual([]);
    const zscore = (filter: string) => ({
      ...runMetric,
      triggeringEventType: 'RUN_METRIC_ZSCORE',
      eventFilter: `{"run_filter":"{\\"$and\\":[]}","run_metric_filter":{"zscore_filter":${filter}},"metric_filter":null}`,
    });
    expect(
      diff(
        zscore('{"name":"loss","window_size":30,"threshold":3.0,"change_dir":"ANY"}'),
        zscore('{"name":"loss","threshold":3}'),
      ),
    ).toEqual([]);
  });

  test('notification and webhook defaults: null title, message and severity; payload key order', () => {
    const slack = (config: Record<string, unknown>) => ({
      ...runMetric,
      triggeredActionType: 'NOTIFICATION',
      triggeredActionConfig: { notificationActionInput: { integrationID: 'SW50ZWdyYXRpb246MQ==', ...config } },
    });
    expect(diff(slack({ title: '', message: '', severity: 'INFO' }), slack({ title: null, message: null }))).toEqual(
      [],
    );
    const hook = (payload: string) => ({
      ...runMetric,
      triggeredActionType: 'GENERIC_WEBHOOK',
      triggeredActionConfig: {
        genericWebhookActionInput: { integrationID: 'SW50ZWdyYXRpb246Mg==', requestPayload: payload },
      },
    });
    expect(diff(hook('{"a":1,"b":[1,2]}'), hook('{"b": [1, 2], "a": 1.0}'))).toEqual([]);
    expect(diff(hook('{"a":1,"b":[1,2]}'), hook('{"a":1,"b":[2,1]}'))).toEqual([
      { path: 'action.payload.b[0]', before: '1', after: '2' },
      { path: 'action.payload.b[1]', before: '2', after: '1' },
    ]);
  });
});

describe('real differences are found, at their decoded place', () => {
  test('a threshold, a run filter condition, and a webhook payload that gained a key', () => {
    const changed = {
      ...runMetric,
      eventFilter: runMetric.eventFilter.replace('"threshold":1', '"threshold":1.5').replace('my-run', 'other'),
    };
    expect(diff(runMetric, changed)).toEqual([
      { path: 'event.filter.run_filter.$and[0].display_name.$contains', before: '"my-run"', after: '"other"' },
      { path: 'event.filter.run_metric_filter.threshold_filter.threshold', before: '1', after: '1.5' },
    ]);
    const more = {
      ...runMetric,
      eventFilter: runMetric.eventFilter.replace('}}]}', '}},{\\"display_name\\":{\\"$regex\\":\\"^x\\"}}]}'),
    };
    expect(diff(runMetric, more)).toEqual([
      {
        path: 'event.filter.run_filter.$and',
        before: '[{"display_name":{"$contains":"my-run"}}]',
        after: '[{"display_name":{"$contains":"my-run"}},{"display_name":{"$regex":"^x"}}]',
      },
    ]);
  });

  test('identity stays out of the meaning, and values that are not automations are refused', () => {
    const moved = form({ ...runMetric, scopeID: 'UHJvamVjdDoy', name: 'other' });
    expect([moved.name, moved.scopeID, moved.scopeType]).toEqual(['other', 'UHJvamVjdDoy', 'PROJECT']);
    expect(jsonEquals(moved.meaning, form(runMetric).meaning)).toBe(true);
    expect(automationNormalForm(42)).toEqual({ ok: false, reasons: ['the value is not an object'] });
    expect(automationNormalForm({ name: 'x' })).toEqual({
      ok: false,
      reasons: [
        'it has no "scopeType" string',
        'it has no "triggeringEventType" string',
        'it has no "eventFilter" string',
      ],
    });
  });
});
